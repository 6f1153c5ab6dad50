"""Chapter 23's drawing pad in a real browser: the page's preparation of the ink and
its forward pass are the package's."""

import numpy as np
import pytest
from test_browser import (  # noqa: F401 - shared fixtures
    browser,
    next_page_instantly,
    page,
    visit,
)

# They need the built site, whose build trains (site_url, in conftest.py, serves it).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]  # a hung browser fails in time

PAD = "23-mnist/"
SIDE = 28  # the pad's grid, cells a side


def ready(tab):
    """Wait until the pad has loaded its network; True if it did.

    After an instant navigation, Material's document$ may fire a moment after the new
    page's URL and requests have settled; until then nnfsDigits.ready still speaks
    for the page before. The built pad's class says the new page's has started."""
    tab.wait_for_selector(".digits-pad.digits-pad--ready")
    return tab.evaluate("() => window.nnfsDigits.ready.then(() => true)")


def drawn_ink(tab):
    """The ink of the drawing grid's cells, as the page shows them: (28, 28)."""
    return np.array(tab.evaluate("""() => [...document.querySelectorAll(
        '.digits-pad__drawing .digits-pad__cell')].map(cell => parseFloat(
        cell.style.getPropertyValue('--ink')))""")).reshape(SIDE, SIDE)


def bars(tab):
    """The ten bars' widths, as the page shows them (percent of the track)."""
    return tab.evaluate("""() => [...document.querySelectorAll('.digits-pad__fill')]
        .map(fill => parseFloat(fill.style.width))""")


def outside(tab, url_of_site):
    """The requests `tab` made to any other host."""
    return [url for url in tab.requests
            if not url.startswith(url_of_site) and not url.startswith("data:")]


def test_the_pads_preparation_and_probabilities_are_the_packages(page, site_url, built_book):  # noqa: F811, E501
    import nnfs_lit.book_experiments  # noqa: F401  registers the mnist experiment
    from nnfs_lit.experiments import run_experiment
    from nnfs_lit.mnist import fit_and_centre, mnist_sets

    result = run_experiment("mnist", cache_dir=built_book.results)
    assert not result.trained_now  # the model this build trained and published
    model = result.model()
    X_test, y_test = mnist_sets(seed=0).test
    inks = X_test[:40]  # (40, 784): 40 test digits as the grid would hold them
    prepared = np.array([fit_and_centre(ink.reshape(SIDE, SIDE)).ravel() for ink in inks])
    expected = model.predict_proba(prepared)  # (40, 10)
    visit(page, site_url + PAD, idle=True)
    assert ready(page)
    shown_prepared = np.array(page.evaluate(
        "(inks) => inks.map(ink => window.nnfsDigits.prepare(ink))", inks.tolist()))
    assert np.abs(shown_prepared - prepared).max() < 1e-9
    shown = np.array(page.evaluate(
        "(inks) => inks.map(ink => window.nnfsDigits.predict(ink))", inks.tolist()))
    assert shown.shape == (40, 10)
    assert np.abs(shown - expected).max() < 1e-6
    assert (shown.argmax(axis=1) == expected.argmax(axis=1)).all()
    assert (expected.argmax(axis=1) == y_test[:40]).mean() > 0.9  # and it reads them
    assert outside(page, site_url) == [] and page.errors == []


def draw(tab, points, steps=4):
    """Drag the mouse through `points`, in cells of the 28x28 grid, in `steps` mouse
    events from each point to the next."""
    box = tab.locator(".digits-pad__drawing").bounding_box()

    def at(x, y):
        return box["x"] + x * box["width"] / SIDE, box["y"] + y * box["height"] / SIDE

    tab.mouse.move(*at(*points[0]))
    tab.mouse.down()
    for point in points[1:]:
        tab.mouse.move(*at(*point), steps=steps)
    tab.mouse.up()
    tab.wait_for_timeout(200)  # the pad redraws on the next animation frame


SEVEN = [(8, 6), (20, 6), (13, 22)]  # a bar, then a diagonal down to the left
SMALL_ONE_IN_A_CORNER = [(4, 2), (4, 9)]


def test_drawn_strokes_are_prepared_and_read_as_the_package_would(page, site_url, built_book):  # noqa: F811, E501
    import nnfs_lit.book_experiments  # noqa: F401
    from nnfs_lit.experiments import run_experiment
    from nnfs_lit.mnist import fit_and_centre

    model = run_experiment("mnist", cache_dir=built_book.results).model()
    visit(page, site_url + PAD, idle=True)
    assert ready(page)
    page.locator(".digits-pad__drawing").scroll_into_view_if_needed()
    for stroke in (SEVEN, SMALL_ONE_IN_A_CORNER):
        page.locator(".digits-pad__clear").click()
        draw(page, stroke)
        ink = np.array(page.evaluate("() => window.nnfsDigits.ink()")).reshape(SIDE, SIDE)
        assert np.abs(drawn_ink(page) - ink).max() < 1e-3  # the grid shows the ink
        prepared = fit_and_centre(ink)
        seen = np.array(page.evaluate("""() => [...document.querySelectorAll(
            '.digits-pad__seen .digits-pad__cell')].map(cell => parseFloat(
            cell.style.getPropertyValue('--ink')))""")).reshape(SIDE, SIDE)
        assert np.abs(seen - prepared).max() < 1e-3  # shown beside it, as rounded
        expected = model.predict_proba(prepared.reshape(1, -1))[0]
        assert np.abs(np.array(bars(page)) - 100 * expected).max() < 0.01
    assert outside(page, site_url) == [] and page.errors == []


# Ten digits as a hand might draw them: strokes through points of a unit box (x to
# the right, y down), drawn at any size and place on the grid.
RING = [(0.5 + 0.45 * np.cos(t), 0.5 + 0.5 * np.sin(t))
        for t in np.linspace(-np.pi / 2, 3 * np.pi / 2, 21)]
TEMPLATES = {
    0: [RING],
    1: [[(0.3, 0.15), (0.55, 0.0), (0.55, 1.0)]],
    2: [[(0.1, 0.25), (0.25, 0.05), (0.5, 0.0), (0.8, 0.1), (0.85, 0.3), (0.7, 0.5),
         (0.1, 1.0), (0.95, 1.0)]],
    3: [[(0.15, 0.1), (0.5, 0.0), (0.8, 0.15), (0.75, 0.35), (0.45, 0.48), (0.8, 0.6),
         (0.85, 0.85), (0.5, 1.0), (0.15, 0.9)]],
    4: [[(0.6, 0.0), (0.1, 0.65), (0.95, 0.65)], [(0.7, 0.3), (0.7, 1.0)]],
    5: [[(0.85, 0.0), (0.25, 0.0), (0.2, 0.45), (0.6, 0.4), (0.85, 0.6), (0.8, 0.85),
         (0.5, 1.0), (0.15, 0.9)]],
    6: [[(0.7, 0.0), (0.35, 0.3), (0.15, 0.65), (0.3, 0.95), (0.6, 1.0), (0.8, 0.8),
         (0.7, 0.55), (0.4, 0.5), (0.2, 0.65)]],
    7: [[(0.1, 0.0), (0.9, 0.0), (0.4, 1.0)]],
    8: [[(0.5, 0.5), (0.8, 0.25), (0.5, 0.0), (0.2, 0.25), (0.5, 0.5), (0.85, 0.75),
         (0.5, 1.0), (0.15, 0.75), (0.5, 0.5)]],
    9: [[(0.8, 0.25), (0.5, 0.0), (0.2, 0.2), (0.3, 0.45), (0.8, 0.35), (0.8, 0.25),
         (0.75, 1.0)]],
}


def read_templates(tab, size, top, left):
    """How many of the ten templates the pad reads right, each drawn `size` cells
    tall (and 0.7 of that wide) with its box's corner at (top, left)."""
    box = tab.locator(".digits-pad__drawing").bounding_box()

    def at(x, y):  # a point of the template -> the screen
        return (box["x"] + (left + 0.15 * size + 0.7 * size * x) * box["width"] / SIDE,
                box["y"] + (top + size * y) * box["height"] / SIDE)

    right = 0
    for digit, strokes in TEMPLATES.items():
        tab.locator(".digits-pad__clear").click()
        for stroke in strokes:  # one mouse event per point: the pad inks the path
            tab.mouse.move(*at(*stroke[0]))  # between them, however many there are
            tab.mouse.down()
            for point in stroke[1:]:
                tab.mouse.move(*at(*point))
            tab.mouse.up()
        tab.wait_for_timeout(100)  # the pad redraws on the next animation frame
        right += tab.evaluate(
            "() => document.querySelector('.digits-pad').dataset.prediction") == str(digit)
    return right


def test_a_digit_drawn_small_is_read_as_well_as_one_drawn_large(page, site_url):  # noqa: F811
    """The pen's width follows the drawing's size: with a fixed brush, the ten drawn
    9 cells tall came out as blobs once scaled to 20 pixels, and about half were
    misread."""
    visit(page, site_url + PAD)
    assert ready(page)
    page.locator(".digits-pad__drawing").scroll_into_view_if_needed()
    assert read_templates(page, 22, 3, 3) >= 9  # large, in the middle
    assert read_templates(page, 9, 2, 16) >= 9  # small, in the top right corner
    assert page.errors == []


def test_drawing_with_the_mouse_changes_the_bars_and_clear_resets_them(page, site_url):  # noqa: F811
    visit(page, site_url + PAD, idle=True)
    assert ready(page)
    page.locator(".digits-pad__drawing").scroll_into_view_if_needed()
    blank = bars(page)
    assert blank == [0.0] * 10  # no ink, nothing to read: no bars, no guess
    assert "Draw a digit" in page.locator(".digits-pad__answer").inner_text()
    assert page.locator(".digits-pad__row.is-top").count() == 0
    draw(page, [(14, 3), (14, 25)])  # a one: a stroke straight down the middle
    one = bars(page)
    assert one != blank and abs(sum(one) - 100) < 0.1
    inked = (drawn_ink(page) > 0.5).sum()
    assert 22 <= inked <= 110  # a stroke about two cells wide, 22 cells long
    answer = page.locator(".digits-pad__answer").inner_text()
    assert answer.startswith(("The network reads a ", "The network reads an 8 "))
    draw(page, SEVEN)
    assert bars(page) != one
    page.locator(".digits-pad__clear").click()
    page.wait_for_timeout(100)
    assert bars(page) == blank
    assert (drawn_ink(page) == 0).all()
    assert outside(page, site_url) == [] and page.errors == []


def test_the_ink_depends_on_the_path_not_on_the_drawing_speed(page, site_url):  # noqa: F811
    visit(page, site_url + PAD)
    assert ready(page)
    page.locator(".digits-pad__drawing").scroll_into_view_if_needed()
    eight = [(14, 3), (20, 8), (14, 13), (8, 19), (14, 25), (20, 19), (14, 13),
             (8, 8), (14, 3)]
    inks = []
    for steps in (2, 60):  # a quick stroke, then the same one drawn slowly
        page.locator(".digits-pad__clear").click()
        draw(page, eight, steps=steps)
        inks.append(drawn_ink(page))
    assert inks[0].max() > 0.5
    assert np.abs(inks[0] - inks[1]).max() < 0.01
    answer = page.locator(".digits-pad__answer").inner_text()
    assert answer.startswith(("The network reads a ", "The network reads an 8 "))
    assert page.errors == []


def test_the_keyboard_draws_on_the_grid(page, site_url):  # noqa: F811
    visit(page, site_url + PAD)
    assert ready(page)
    blank = bars(page)
    grid = page.locator(".digits-pad__drawing")
    grid.focus()
    scrolled = page.evaluate("() => window.scrollY")
    for _ in range(9):
        page.keyboard.press("ArrowUp")  # from row 13 to row 4, column 13
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    for _ in range(18):  # a one: Shift and the down arrow ink every cell it passes
        page.keyboard.press("Shift+ArrowDown")
    page.wait_for_timeout(200)
    ink = drawn_ink(page)
    assert (ink[4:23, 14] > 0.9).all()  # the column it drew, full
    assert (ink[:, :10] < 0.05).all() and (ink[:, 19:] < 0.05).all()  # nothing far off
    assert bars(page) != blank
    cursor = page.evaluate("""() => [...document.querySelectorAll(
        '.digits-pad__drawing .digits-pad__cell')].findIndex(
        cell => cell.classList.contains('is-cursor'))""")
    assert cursor == 22 * SIDE + 14  # row 22, column 14
    assert page.evaluate("() => window.scrollY") == scrolled  # the arrows did not scroll
    seen = page.evaluate("""() => [...document.querySelectorAll(
        '.digits-pad__seen .digits-pad__cell')].map(cell => parseFloat(
        cell.style.getPropertyValue('--ink')))""")
    assert max(seen) > 0.5  # the prepared one, shown beside it
    assert page.errors == []


def test_a_test_digit_button_loads_it_and_the_network_reads_it(page, site_url):  # noqa: F811
    visit(page, site_url + PAD)
    assert ready(page)
    read_right = 0
    for digit in range(10):
        page.locator(".digits-pad__example", has_text=str(digit)).click()
        page.wait_for_timeout(100)
        shown = bars(page)
        read_right += shown.index(max(shown)) == digit
        top = page.locator(".digits-pad__row.is-top .digits-pad__digit").inner_text()
        assert top == str(shown.index(max(shown)))
    assert read_right >= 9  # the first test digit of each class, prepared
    assert page.errors == []


def test_the_pad_starts_after_instant_navigation(page, site_url):  # noqa: F811
    visit(page, site_url + "22-convolutions/")
    assert next_page_instantly(page, "**/23-mnist/")
    assert ready(page)
    assert page.locator(".digits-pad__drawing .digits-pad__cell").count() == SIDE * SIDE
    assert page.locator(".digits-pad__seen .digits-pad__cell").count() == SIDE * SIDE
    assert page.errors == []


def test_without_javascript_the_pad_says_so_and_links_the_model(browser, site_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + PAD)
    fallback = tab.locator(".digits-pad__fallback")
    assert "needs JavaScript" in fallback.inner_text()
    href = tab.locator("a.digits-pad__model").get_attribute("href")
    assert href == "../assets/experiments/mnist/model.json"
    response = tab.request.get(site_url + "assets/experiments/mnist/model.json")
    assert response.ok and response.json()["side"] == SIDE
    context.close()
