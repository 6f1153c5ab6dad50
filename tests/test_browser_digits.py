"""Chapter 18's drawing pad in a real browser: the page's forward pass is the package's."""

import numpy as np
import pytest
from test_browser import (  # noqa: F401 - shared fixtures
    browser,
    next_page_instantly,
    page,
    visit,
)

# They need the built site, whose build trains (site_url, in conftest.py, serves it).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]  # a hung browser fails in time

PAD = "18-digits/"


def ready(tab):
    """Wait until the pad has loaded its network; True if it did.

    After an instant navigation, Material's document$ may fire a moment after the new
    page's URL and requests have settled; until then nnfsDigits.ready still speaks
    for the page before. The built pad's class says the new page's has started."""
    tab.wait_for_selector(".digits-pad.digits-pad--ready")
    return tab.evaluate("() => window.nnfsDigits.ready.then(() => true)")


def bars(tab):
    """The ten bars' widths, as the page shows them (percent of the track)."""
    return tab.evaluate("""() => [...document.querySelectorAll('.digits-pad__fill')]
        .map(fill => parseFloat(fill.style.width))""")


def outside(tab, url_of_site):
    """The requests `tab` made to any other host."""
    return [url for url in tab.requests
            if not url.startswith(url_of_site) and not url.startswith("data:")]


def test_the_pads_probabilities_are_the_packages_to_1e_6(page, site_url, built_book):  # noqa: F811
    import nnfs_lit.book_experiments  # noqa: F401  registers the digits experiment
    from nnfs_lit.digits import digits_sets
    from nnfs_lit.experiments import run_experiment

    result = run_experiment("digits", cache_dir=built_book.results)
    assert not result.trained_now  # the model this build trained and published
    model = result.model()
    X_test, _ = digits_sets(seed=0).test
    pixels = np.rint(X_test[:40] * 16)  # (40, 64): 40 test digits as the grid holds them
    expected = model.predict_proba(pixels / 16)  # (40, 10)
    visit(page, site_url + PAD, idle=True)
    assert ready(page)
    shown = np.array(page.evaluate(
        "(images) => images.map(pixels => window.nnfsDigits.predict(pixels))",
        pixels.tolist()))
    assert shown.shape == (40, 10)
    assert np.abs(shown - expected).max() < 1e-6
    assert (shown.argmax(axis=1) == expected.argmax(axis=1)).all()
    assert outside(page, site_url) == [] and page.errors == []


def draw(tab, points, steps=4):
    """Drag the mouse through `points`, in cells of the 8x8 grid, in `steps` mouse
    events from each point to the next."""
    box = tab.locator(".digits-pad__grid").bounding_box()

    def at(x, y):
        return box["x"] + x * box["width"] / 8, box["y"] + y * box["height"] / 8

    tab.mouse.move(*at(*points[0]))
    tab.mouse.down()
    for point in points[1:]:
        tab.mouse.move(*at(*point), steps=steps)
    tab.mouse.up()
    tab.wait_for_timeout(200)  # the pad redraws on the next animation frame


def test_drawing_with_the_mouse_changes_the_bars_and_clear_resets_them(page, site_url):  # noqa: F811
    visit(page, site_url + PAD, idle=True)
    assert ready(page)
    page.locator(".digits-pad__grid").scroll_into_view_if_needed()
    blank = bars(page)
    assert len(blank) == 10 and abs(sum(blank) - 100) < 0.1
    assert "Draw a digit" in page.locator(".digits-pad__answer").inner_text()
    draw(page, [(4, 0.8), (4, 7.2)])  # a one: a stroke straight down the middle
    one = bars(page)
    assert one != blank and abs(sum(one) - 100) < 0.1
    inked = page.evaluate("""() => [...document.querySelectorAll('.digits-pad__cell')]
        .filter(cell => parseFloat(cell.style.getPropertyValue('--ink')) > 0.5).length""")
    assert 8 <= inked <= 32  # a stroke about two cells wide, eight cells long
    answer = page.locator(".digits-pad__answer").inner_text()
    assert answer.startswith(("The network reads a ", "The network reads an 8 "))
    draw(page, [(1.5, 1), (6.5, 1), (3, 7)])  # then a bar and a diagonal over it
    assert bars(page) != one
    page.locator(".digits-pad__clear").click()
    page.wait_for_timeout(100)
    assert bars(page) == blank
    assert outside(page, site_url) == [] and page.errors == []


def test_the_ink_depends_on_the_path_not_on_the_drawing_speed(page, site_url):  # noqa: F811
    visit(page, site_url + PAD)
    assert ready(page)
    page.locator(".digits-pad__grid").scroll_into_view_if_needed()
    eight = [(4, 1), (5.8, 2.2), (4, 3.8), (2.2, 5.5), (4, 7), (5.8, 5.5), (4, 3.8),
             (2.2, 2.2), (4, 1)]
    inks = []
    for steps in (2, 60):  # a quick stroke, then the same one drawn slowly
        page.locator(".digits-pad__clear").click()
        draw(page, eight, steps=steps)
        inks.append(np.array(page.evaluate("""() => [...document.querySelectorAll(
            '.digits-pad__cell')].map(cell => parseFloat(cell.style.getPropertyValue(
            '--ink')))""")))
    assert inks[0].max() > 0.5
    assert np.abs(inks[0] - inks[1]).max() < 0.01
    answer = page.locator(".digits-pad__answer").inner_text()
    assert answer.startswith(("The network reads a ", "The network reads an 8 "))
    assert page.errors == []


def test_the_keyboard_draws_on_the_grid(page, site_url):  # noqa: F811
    visit(page, site_url + PAD)
    assert ready(page)
    blank = bars(page)
    grid = page.locator(".digits-pad__grid")
    grid.focus()
    scrolled = page.evaluate("() => window.scrollY")
    for _ in range(3):
        page.keyboard.press("ArrowUp")  # from row 3 to the top row, column 3
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    for _ in range(7):  # a one: Shift and the down arrow ink every cell it passes
        page.keyboard.press("Shift+ArrowDown")
    page.wait_for_timeout(200)
    ink = np.array(page.evaluate("""() => [...document.querySelectorAll(
        '.digits-pad__cell')].map(cell => parseFloat(cell.style.getPropertyValue(
        '--ink')))""")).reshape(8, 8)
    assert (ink[:, 4] > 0.9).all()  # the column it drew, full
    assert (ink[:, :3] < 0.05).all() and (ink[:, 6:] < 0.05).all()  # and nothing far off
    assert bars(page) != blank
    cursor = page.evaluate("""() => [...document.querySelectorAll('.digits-pad__cell')]
        .findIndex(cell => cell.classList.contains('is-cursor'))""")
    assert cursor == 7 * 8 + 4  # bottom row, column 4
    assert page.evaluate("() => window.scrollY") == scrolled  # the arrows did not scroll
    assert page.errors == []


def test_a_test_digit_button_loads_it_and_the_network_reads_it(page, site_url):  # noqa: F811
    visit(page, site_url + PAD)
    assert ready(page)
    for digit in (0, 3, 7):
        page.locator(".digits-pad__example", has_text=str(digit)).click()
        page.wait_for_timeout(100)
        shown = bars(page)
        assert shown.index(max(shown)) == digit
        assert page.locator(".digits-pad__row.is-top .digits-pad__digit").inner_text() == str(
            digit)
    page.locator(".digits-pad__example", has_text="8").click()
    page.wait_for_timeout(100)
    assert page.locator(".digits-pad__answer").inner_text().startswith(
        "The network reads an 8 (")


def test_the_pad_starts_after_instant_navigation(page, site_url):  # noqa: F811
    visit(page, site_url + "17-making-it-fast/")
    assert next_page_instantly(page, "**/18-digits/")
    assert ready(page)
    assert page.locator(".digits-pad__cell").count() == 64
    assert page.errors == []


def test_without_javascript_the_pad_says_so_and_links_the_model(browser, site_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + PAD)
    fallback = tab.locator(".digits-pad__fallback")
    assert "needs JavaScript" in fallback.inner_text()
    href = tab.locator("a.digits-pad__model").get_attribute("href")
    assert href == "../assets/experiments/digits/model.json"
    response = tab.request.get(site_url + "assets/experiments/digits/model.json")
    assert response.ok and response.json()["input_scale"] == 16
    context.close()
