"""The built site in a real browser: Debian's Chromium, driven by Playwright, offline."""

import json
import os
import shutil
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = ["", "01-spiral-data/", "02-dense-layer/", "03-activations/", "04-loss-accuracy/",
         "05-backprop-layers/", "06-backprop-loss/", "07-training/", "08-visualizing/",
         "training-run/", "part-2/", "appendix/friendly-errors/", "appendix/command-line/",
         "appendix/experiments/", "appendix/tangling/", "appendix/contributing/",
         "17-making-it-fast/", "18-digits/", "appendix/notation/"]
WITH_MATH = PAGES[1:9] + ["appendix/friendly-errors/", "appendix/notation/", "18-digits/"]
WITH_FIGURES = PAGES[:10] + ["18-digits/"]  # the front page, Part I, the results page

# They need the built site, whose build trains (site_url, in conftest.py, serves it).
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]  # a hung browser fails in time

if not CHROMIUM.exists() or shutil.which("chromium") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: install Debian's chromium "
                           "(.ci/run does)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); "
                "the browser tests run under .ci/run", allow_module_level=True)

sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records every request and every console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(
        message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


MATH_RENDERED = """() => [...document.querySelectorAll('.arithmatex')]
    .every(el => el.querySelector('.katex'))"""


def visit(page, url, idle=False, script=True):
    """Open `url`; wait for its load event (its images included) and its math.

    A test that checks which requests a page made passes idle=True: then it also
    waits until the network has been quiet for half a second, so that a late request
    is seen too. That wait costs about half a second a visit (measured: 19 pages in
    24 s with it, 13.5 s without), so the other tests do not make it."""
    page.goto(url, wait_until="load")
    if script:  # (a page without script renders no math)
        page.wait_for_function(MATH_RENDERED, timeout=10_000)  # no math: at once
    if idle:
        page.wait_for_load_state("networkidle")


def code_that_scrolls_sideways(page):
    """The longest line of every visible code block wider than its frame."""
    return page.evaluate("""() => [...document.querySelectorAll('article pre > code')]
        .filter(code => code.offsetParent && code.scrollWidth > code.clientWidth + 1)
        .map(code => code.innerText.split('\\n').reduce((a, l) => l.length > a.length ? l : a))""")


def shown_figures(page):
    """Every visible figure the build made: where it points, its shown and drawn widths.

    A replay's picture is left out once its player has taken its place (it is then
    kept only for screen readers; the replay tests check it in print)."""
    return page.evaluate("""() => [...document.querySelectorAll('img[data-density]')]
        .filter(img => img.offsetParent && !img.closest('figure.replay-live'))
        .map(img => ({src: img.getAttribute('src').slice(-40), shown: img.clientWidth,
                      drawn: img.naturalWidth / Number(img.dataset.density)}))""")


@pytest.mark.parametrize("path", PAGES)
def test_page_at_1280_px_loads_offline_with_math_code_that_fits_and_full_size_figures(
        page, site_url, path):
    visit(page, site_url + path, idle=True)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    assert code_that_scrolls_sideways(page) == []  # exercises opened, as a reader would
    figures = shown_figures(page)
    for figure in figures:
        assert figure["shown"] >= 0.8 * figure["drawn"], figure
        assert figure["src"].endswith("#only-light"), figure
    if path in WITH_FIGURES:
        assert figures, "this page shows no figure made by the build"
    broken = page.evaluate("""() => [...document.images]
        .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src.slice(0, 80))""")
    assert broken == []
    math = page.evaluate("""() => ({
        arithmatex: document.querySelectorAll('.arithmatex').length,
        unrendered: [...document.querySelectorAll('.arithmatex')]
                    .filter(el => !el.querySelector('.katex')).length,
        katex: document.querySelectorAll('.katex').length,
        text: document.querySelector('article').innerText})""")
    assert math["unrendered"] == 0
    assert "$$" not in math["text"] and "\\(" not in math["text"] and "\\[" not in math["text"]
    if path in WITH_MATH:
        assert math["katex"] > 0
    outside = [url for url in page.requests
               if not url.startswith(site_url) and not url.startswith("data:")]
    assert outside == []
    assert page.errors == []


def test_front_page_shows_the_builds_journey(page, site_url):
    visit(page, site_url)
    width = page.evaluate("""() => document.querySelector(
        'img[src$="assets/pictures/journey.png#only-light"]').naturalWidth""")
    assert width > 1000


def test_training_page_shows_two_figures(page, site_url):
    visit(page, site_url + "training-run/")
    widths = page.evaluate(
        "() => [...document.querySelectorAll('img.run-figure')].map(img => img.naturalWidth)")
    assert len(widths) == 2 and min(widths) > 400


def test_the_results_notebook_stands_where_a_chapter_stands_and_cuts_no_line(page,
                                                                               site_url):
    """The notebook page's title, prose and code start at a chapter's left edge, and
    its code blocks are a chapter's width: no line of code is cut or scrolls at
    1280 px (mkdocs-jupyter's own padding made them narrower)."""
    def layout(path):
        visit(page, site_url + path)
        return page.evaluate("""() => {
            const left = e => Math.round(e.getBoundingClientRect().left);
            const code = [...document.querySelectorAll('article pre')];
            return {title: left(document.querySelector('article h1')),
                    prose: left(document.querySelector('article p')),
                    width: Math.max(...code.map(pre => pre.clientWidth)),
                    cut: code.filter(pre => pre.scrollWidth > pre.clientWidth + 1)
                             .map(pre => pre.innerText.slice(0, 60))}}""")

    chapter, notebook = layout("07-training/"), layout("training-run/")
    assert (notebook["title"], notebook["prose"]) == (chapter["title"], chapter["prose"])
    assert notebook["width"] == chapter["width"]
    assert notebook["cut"] == []


def test_every_code_block_has_a_copy_button(page, site_url):
    visit(page, site_url + "05-backprop-layers/")
    counts = page.evaluate("""() => ({
        blocks: document.querySelectorAll('div.highlight pre > code').length,
        buttons: document.querySelectorAll('button.md-code__button[data-md-type=copy]').length})""")
    assert counts["blocks"] >= 5 and counts["buttons"] == counts["blocks"]


def copy_from(page, selector):
    """Click the copy button of each block matching `selector`; return what each copied.
    Exercises are opened first, as a reader would to copy a solution."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    copied = []
    for button in page.locator(f"{selector} button.md-code__button[data-md-type=copy]").all():
        button.scroll_into_view_if_needed()
        button.click()
        page.wait_for_timeout(100)
        copied.append(page.evaluate("navigator.clipboard.readText()"))
    return copied


@pytest.mark.parametrize("path", ["01-spiral-data/", "05-backprop-layers/", "06-backprop-loss/"])
def test_pycon_blocks_copy_as_code_that_runs(page, site_url, path, tmp_path):
    visit(page, site_url + path)
    copied = copy_from(page, ".pycon-copy")
    assert copied and all(text.strip() for text in copied)
    script = "\n".join(copied) + "\n"
    assert ">>>" not in script and "\n..." not in script
    (tmp_path / "copied.py").write_text(script)
    done = subprocess.run([sys.executable, "copied.py"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, f"{script}\n---\n{done.stderr}"


def test_tangled_blocks_copy_exactly_their_code(page, site_url):
    visit(page, site_url + "07-training/")
    title = 'span.filename:text-is("nnfs_lit/optimizers.py")'
    (copied,) = copy_from(page, f"div.highlight:has(> {title})")
    root = Path(__file__).resolve().parent.parent
    module = (root / "nnfs_lit/optimizers.py").read_text()
    assert copied.startswith('"""Optimizers') and copied.strip() in module


def test_palette_toggle_switches_light_and_dark(page, site_url):
    visit(page, site_url + "03-activations/")
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate(scheme) == "slate"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate(scheme) == "default"


def next_page_instantly(page, url_pattern):
    """Follow the footer's "next" link to the page matching `url_pattern`; True if
    instant navigation switched the page without a full reload."""
    page.evaluate("() => { window.stillTheSameDocument = true; }")
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(url_pattern)
    page.wait_for_load_state("networkidle")
    return page.evaluate("() => window.stillTheSameDocument") is True


def test_instant_navigation_renders_math_on_the_next_page(page, site_url):
    visit(page, site_url + "03-activations/")
    assert next_page_instantly(page, "**/04-loss-accuracy/")
    assert page.evaluate("() => document.querySelectorAll('article .katex').length") > 0
    assert page.errors == []


def test_search_finds_chapters_offline(page, site_url):
    visit(page, site_url, idle=True)
    page.locator("input.md-search__input").click()
    page.keyboard.type("softmax")
    page.wait_for_selector(".md-search-result__item")
    titles = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')]
        .map(item => item.innerText)""")
    assert any("softmax" in title.lower() for title in titles)
    outside = [url for url in page.requests if not url.startswith(site_url)
               and not url.startswith(("data:", "blob:"))]
    assert outside == []


PART_ONE = PAGES[1:9]


@pytest.fixture
def reader(browser, site_url, request):
    """A page in a given viewport and colour scheme: (width, "light" or "dark")."""
    width, scheme = request.param
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  color_scheme=scheme)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("reader", [(1280, "dark")], indirect=True)
@pytest.mark.parametrize("path", WITH_FIGURES)
def test_in_dark_mode_every_figure_is_its_dark_version_at_full_size(reader, site_url, path):
    visit(reader, site_url + path)
    assert reader.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
    figures = shown_figures(reader)
    assert figures
    for figure in figures:
        assert figure["shown"] >= 0.8 * figure["drawn"], figure
        assert figure["src"].endswith("#only-dark"), figure


@pytest.mark.parametrize("reader", [(1280, "light")], indirect=True)
@pytest.mark.parametrize("path", PART_ONE)
def test_every_part_one_page_has_two_exercises_whose_solutions_hold_a_doctest(reader,
                                                                              site_url, path):
    visit(reader, site_url + path)
    exercises = reader.evaluate("""() => [...document.querySelectorAll('details.question')]
        .map(exercise => ({
            title: exercise.querySelector('summary').innerText,
            doctests: [...exercise.querySelectorAll('details.success .pycon-copy')].length}))""")
    assert len(exercises) >= 2
    for exercise in exercises:
        assert exercise["title"].startswith("Exercise ")
        assert exercise["doctests"] >= 1, exercise


@pytest.mark.parametrize("reader", [(390, "light")], indirect=True)
@pytest.mark.parametrize("path", ["05-backprop-layers/", "07-training/"])
def test_on_a_phone_the_copy_button_sits_above_the_code(reader, site_url, path):
    visit(reader, site_url + path)
    overlaps = reader.evaluate("""() => [...document.querySelectorAll('article pre')]
        .filter(pre => pre.offsetParent)
        .map(pre => {
            const button = pre.querySelector('button.md-code__button');
            const code = pre.querySelector('code');
            if (!button || !code) return null;
            const top = code.getBoundingClientRect().top
                + parseFloat(getComputedStyle(code).paddingTop);
            return button.getBoundingClientRect().bottom > top + 1 ? code.innerText.slice(0, 40)
                                                                   : null;
        }).filter(Boolean)""")
    assert overlaps == []


@pytest.mark.parametrize("reader", [(390, "light")], indirect=True)
@pytest.mark.parametrize("path", PART_ONE)
def test_on_a_phone_every_display_equation_fits_the_screen(reader, site_url, path):
    visit(reader, site_url + path)
    too_wide = reader.evaluate("""() => [...document.querySelectorAll('.katex-display')]
        .filter(k => k.scrollWidth > k.clientWidth + 1).map(k => k.innerText.slice(0, 60))""")
    assert too_wide == []


def test_hovering_a_glossary_term_shows_its_definition(page, site_url):
    visit(page, site_url + "03-activations/")
    term = page.locator("article p abbr", has_text="neuron").first
    definition = term.get_attribute("title")
    assert definition.startswith("A unit that multiplies")  # includes/glossary.md
    term.scroll_into_view_if_needed()
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")  # Material's content.tooltips
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().strip() == definition


def wait_for_replays(page, count):
    page.wait_for_function("n => document.querySelectorAll("
                           "'figure.replay[data-replay=ready]').length === n", arg=count)


def replay_canvas(page, index=0):
    return page.evaluate("i => document.querySelectorAll('canvas.replay-canvas')[i]"
                         ".toDataURL()", index)


def replay_moment(page):
    return int(page.locator("figure.replay").first.get_attribute("data-moment"))


def test_the_replay_plays_and_follows_its_slider_offline(page, site_url, built_book):
    seed = json.loads((built_book.results / "manifest.json").read_text())[
        "experiments"]["seed"]["metrics"]
    visit(page, site_url + "08-visualizing/")
    wait_for_replays(page, 1)
    figure = page.locator("figure.replay")
    figure.scroll_into_view_if_needed()
    picture = page.locator("figure.replay img").first.bounding_box()  # the player took
    assert picture["width"] <= 1 and picture["height"] <= 1  # its place; alt text stays
    assert page.locator("canvas.replay-canvas").is_visible()
    readout = page.locator(".replay-readout")
    assert readout.inner_text() == (f"epoch 53000 of 53000 · loss {seed['final_loss']:.4f}"
                                    f" · accuracy {seed['final_accuracy']:.1%}")
    trained = replay_canvas(page)
    slider = page.locator("input.replay-slider")
    slider.fill("0")
    assert readout.inner_text().startswith("epoch 0 of 53000 · loss 1.0986")
    first = replay_canvas(page)
    assert first != trained
    slider.press("ArrowRight")
    assert replay_moment(page) == 1 and replay_canvas(page) not in (first, trained)
    button = page.locator("button.replay-play")
    button.click()
    assert button.inner_text().endswith("Pause")
    page.wait_for_function("() => Number(document.querySelector('figure.replay')"
                           ".dataset.moment) >= 6")
    button.click()
    assert button.inner_text().endswith("Play")
    stopped = replay_moment(page)
    page.wait_for_timeout(400)  # three frames' time at 8 a second
    assert replay_moment(page) == stopped
    assert slider.input_value() == str(stopped)
    assert any(url.endswith("assets/experiments/seed/replay.json") for url in page.requests)
    outside = [url for url in page.requests if not url.startswith(site_url)
               and not url.startswith(("data:", "blob:"))]
    assert outside == []
    assert page.errors == []


def test_the_replay_redraws_in_the_dark_palette(page, site_url):
    visit(page, site_url + "16-solving-the-spiral/")
    wait_for_replays(page, 2)
    page.locator("figure.replay").first.scroll_into_view_if_needed()
    corner = """i => { const c = document.querySelectorAll('canvas.replay-canvas')[i];
        const scale = c.width / c.clientWidth;  // the page colour, below the boundary's
        const side = Math.min(Math.round(c.clientWidth * 0.46), 340);  // right edge
        if (c.clientWidth < 680) throw new Error("not the wide layout");
        return [...c.getContext('2d').getImageData(Math.round((side + 8) * scale),
                                                   c.height - 2, 1, 1).data]; }"""
    light = [replay_canvas(page, i) for i in (0, 1)]
    assert page.evaluate(corner, 0) == [255, 255, 255, 255]
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert page.evaluate(corner, 0) == [0x1E, 0x21, 0x29, 255]  # the dark page's colour
    assert [replay_canvas(page, i) for i in (0, 1)] != light
    assert page.errors == []


def test_the_replay_starts_after_instant_navigation(page, site_url):
    visit(page, site_url + "07-training/")
    assert next_page_instantly(page, "**/08-visualizing/")
    wait_for_replays(page, 1)
    page.locator("button.replay-play").click()
    page.locator("a.md-footer__link--next").click()  # leave while it plays
    page.wait_for_url("**/training-run/")
    page.wait_for_timeout(300)
    assert page.errors == []


@pytest.mark.parametrize("reader", [(390, "light")], indirect=True)
def test_on_a_phone_the_replay_fits_the_screen(reader, site_url):
    visit(reader, site_url + "12-out-of-sample/")
    wait_for_replays(reader, 1)
    reader.locator("figure.replay").scroll_into_view_if_needed()
    box = reader.locator("canvas.replay-canvas").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["height"] > box["width"]  # stacked: the boundary above the curves


def test_without_script_and_in_print_the_replay_is_its_picture(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  java_script_enabled=False)
    still = context.new_page()
    visit(still, site_url + "08-visualizing/", script=False)
    picture = still.locator("figure.replay img[src$='#only-light']")
    assert picture.is_visible() and still.locator("canvas.replay-canvas").count() == 0
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    live = context.new_page()
    visit(live, site_url + "08-visualizing/")
    wait_for_replays(live, 1)
    assert live.locator("figure.replay img[src$='#only-light']").bounding_box()["width"] <= 1
    live.emulate_media(media="print")
    assert live.locator("figure.replay img[src$='#only-light']").is_visible()
    assert live.locator(".replay-player").is_hidden()
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    dark = context.new_page()  # paper is light: print the light figures from a dark screen
    visit(dark, site_url + "08-visualizing/")
    dark.emulate_media(media="print")
    assert dark.locator("img[src$='seed/decision_boundary.png#only-light']").is_visible()
    assert dark.locator("img[src$='seed/decision_boundary-dark.png#only-dark']").is_hidden()
    context.close()


def test_the_header_link_and_the_last_replay_frame(page, site_url, built_book):
    """After instant navigation, which keeps the header, the notation link still leads
    to the notation page; chapter 16's replay ends on its table's numbers (both are
    tests/test_reader_path.py's subjects, seen in the browser)."""
    from test_reader_path import page as built_page
    from test_reader_path import quoted

    shown = quoted(built_page(built_book, "16-solving-the-spiral"))
    visit(page, site_url)
    page.locator("article a[href$='appendix/command-line/']").first.click()
    page.wait_for_url("**/appendix/command-line/")
    link = page.locator("header a.book-notation-link")
    assert link.evaluate("a => a.href") == site_url + "appendix/notation/"
    link.click()
    page.wait_for_function("() => document.querySelector('article h1')"
                           ".textContent.startsWith('H. Notation')")
    visit(page, site_url + "16-solving-the-spiral/")
    page.wait_for_function("() => document.querySelectorAll("
                           "'figure.replay[data-replay=ready]').length === 2")
    readout = page.locator(".replay-readout").first.inner_text()
    epochs = json.loads((built_book.results / "manifest.json").read_text())[
        "experiments"]["best"]["metrics"]["epochs"]
    assert readout.startswith(f"epoch {epochs} of {epochs} · ")
    (train,), (validation,) = (shown["best", "train_accuracy"],
                               shown["best", "validation_accuracy"])
    assert readout.endswith(f"accuracy {train} (validation {validation})")
