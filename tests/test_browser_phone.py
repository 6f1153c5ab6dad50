"""The built site as a reader meets it on a phone, and what its pages copy and draw:
Debian's Chromium, driven by Playwright, offline (tests/test_browser.py holds the rest)."""

import re
from pathlib import Path

import pytest
from book_markdown import load_yaml
from test_browser import browser  # noqa: F401 - Chromium, shared (or skipped)

ROOT = Path(__file__).resolve().parent.parent
PHONE = {"width": 390, "height": 844}


def nav_pages(nav):
    """The address of every page of mkdocs.yml's nav, relative to the site, in order."""
    if isinstance(nav, list):
        return [page for item in nav for page in nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in nav_pages(value)]
    page = nav.rsplit(".", 1)[0]
    return ["" if page == "index" else page + "/"]


PAGES = nav_pages(load_yaml(ROOT / "mkdocs.yml")["nav"])
WITH_FIGURES = ["", "16-solving-the-spiral/", "18-digits/", "training-run/"]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]  # they need the built site


@pytest.fixture
def phone(browser, request):
    """A page on a phone's screen, in the light scheme or the one a test names."""
    scheme = getattr(request, "param", "light")
    context = browser.new_context(viewport=PHONE, color_scheme=scheme, has_touch=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def visit(page, url):
    """Open `url` and wait for its load event (its images included) and its math."""
    page.goto(url, wait_until="load")
    page.wait_for_function("""() => [...document.querySelectorAll('.arithmatex')]
        .every(el => el.querySelector('.katex'))""", timeout=10_000)


FIGURES = """() => {
    const article = document.querySelector('article');
    const content = article.clientWidth;
    return [...article.querySelectorAll('img')]
        .filter(img => img.offsetParent && !img.closest('figure.replay-live'))
        .map(img => {
            const box = img.getBoundingClientRect();
            let scrolls = null;  // a frame between the image and the page that scrolls
            for (let frame = img.parentElement; frame !== article; frame = frame.parentElement)
                if (frame.scrollWidth > frame.clientWidth + 1
                    && getComputedStyle(frame).overflowX !== 'visible')
                    scrolls = frame.tagName.toLowerCase() + '.' + frame.className;
            return {src: img.getAttribute('src').slice(-48), content, scrolls,
                    shown: box.width, left: box.left, right: box.right,
                    drawn: img.naturalWidth / Number(img.dataset.density || 1),
                    zoomable: img.classList.contains('figure-zoomable')};
        });
}"""


def shown_at_full_size(page):
    """The figure the zoomed view shows: its shown and drawn widths, or None."""
    return page.evaluate("""() => {
        const view = document.querySelector('dialog.figure-zoom[open]');
        const img = view && view.querySelector('img');
        return img && {src: img.getAttribute('src').slice(-48),
                       shown: img.getBoundingClientRect().width, frame: view.clientWidth,
                       scrolls: view.scrollWidth > view.clientWidth};
    }""")


@pytest.mark.parametrize("path", PAGES)
def test_on_a_phone_every_figure_fits_the_text_and_a_tap_shows_it_full_size(
        phone, site_url, path):
    visit(phone, site_url + path)
    phone.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    figures = phone.evaluate(FIGURES)
    if path in WITH_FIGURES:
        assert figures, "this page shows no figure"
    for figure in figures:
        assert figure["shown"] <= figure["content"] + 0.5, figure  # scaled down, whole
        assert figure["left"] >= 0 and figure["right"] <= PHONE["width"], figure
        assert figure["scrolls"] is None, figure  # in no box that scrolls sideways
        assert figure["zoomable"] == (figure["shown"] < figure["drawn"] - 1), figure
    for index, figure in enumerate(figures):
        if not figure["zoomable"]:
            continue
        image = phone.locator("article img.figure-zoomable:visible").nth(
            sum(f["zoomable"] for f in figures[:index]))
        image.scroll_into_view_if_needed()
        image.tap()
        full = shown_at_full_size(phone)
        assert full is not None, figure
        assert abs(full["shown"] - figure["drawn"]) <= 1, (figure, full)
        assert full["scrolls"] == (full["shown"] > full["frame"]), full  # to see it all
        phone.keyboard.press("Escape")
        assert shown_at_full_size(phone) is None
    cues = phone.evaluate("""() => [...document.querySelectorAll('article figure')]
        .filter(f => f.querySelector('img.figure-zoomable') && f.querySelector('figcaption'))
        .map(f => getComputedStyle(f.querySelector('figcaption'), '::after').content)""")
    assert all("Tap the picture" in cue for cue in cues), cues  # the caption says so
    assert phone.errors == []


@pytest.mark.parametrize("phone", ["dark"], indirect=True)
@pytest.mark.parametrize("path", WITH_FIGURES)
def test_on_a_phone_in_dark_mode_the_dark_figures_fit_and_open_full_size(phone, site_url,
                                                                        path):
    visit(phone, site_url + path)
    figures = phone.evaluate(FIGURES)
    assert figures
    for figure in figures:
        assert figure["shown"] <= figure["content"] + 0.5, figure
        assert figure["scrolls"] is None, figure
        assert not figure["src"].endswith("#only-light"), figure
    phone.locator("article img.figure-zoomable:visible").first.tap()
    assert shown_at_full_size(phone)["src"].endswith("#only-dark")


DISPLAYS = """() => [...document.querySelectorAll('article .katex-display')].map(el => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return {tex: (el.querySelector('annotation') || {}).textContent?.trim().slice(0, 60),
            wide: el.scrollWidth, frame: el.clientWidth, left: box.left, right: box.right,
            scrolls: ['auto', 'scroll'].includes(style.overflowX),
            shadows: (style.backgroundImage.match(/radial-gradient/g) || []).length};
})"""


def cut_off(display):
    """Why a display equation leaves the reader unaware of a part of it, or None."""
    if display["left"] < -0.5 or display["right"] > PHONE["width"] + 0.5:
        return "it reaches past the screen"
    if display["wide"] > display["frame"] + 1 and not (display["scrolls"]
                                                       and display["shadows"] == 2):
        return "it is wider than its box, which does not scroll with a shadow as a cue"
    return None


def test_on_a_phone_no_display_equation_is_cut_off_without_a_cue(phone, site_url):
    # at 390 px each display fits the screen, or scrolls sideways with a shadow on the
    # side where more of it lies (docs/assets/book.css)
    problems, seen = [], 0
    for path in PAGES:
        visit(phone, site_url + path)
        phone.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        for display in phone.evaluate(DISPLAYS):
            seen += 1
            if reason := cut_off(display):
                problems.append((path, display["tex"], reason))
    assert seen > 40  # the book shows about fifty
    assert problems == []
    assert phone.errors == []


def test_on_a_narrower_phone_a_wide_display_scrolls_and_shows_a_cue(phone, site_url):
    phone.set_viewport_size({"width": 300, "height": 700})
    visit(phone, site_url + "14-outputs/")
    displays = phone.evaluate(DISPLAYS)
    wide = [display for display in displays if display["wide"] > display["frame"] + 1]
    assert wide, "no display of chapter 14 is wider than a 300 px screen"
    for display in wide:
        assert display["scrolls"] and display["shadows"] == 2, display


WITH_CONSOLE = ["", "16-solving-the-spiral/", "17-making-it-fast/", "18-digits/",
                "appendix/command-line/", "appendix/floats/", "appendix/contributing/"]
SESSIONS = """() => [...document.querySelectorAll('article div.highlight')]
    .filter(block => [...block.querySelectorAll('code > span.gp')]
                     .some(prompt => prompt.textContent === '$ '))
    .map((block, index) => {
        block.dataset.session = index;  // for the test to find it again
        return block.querySelector('code').innerText;
    })"""


@pytest.fixture
def desk(browser, site_url):
    """A page at 1280 px that may read and write the clipboard."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"],
                              origin=site_url.rstrip("/"))
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_console_blocks_copy_their_commands_without_prompts_or_output(desk, site_url, path):
    visit(desk, site_url + path)
    desk.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    sessions = desk.evaluate(SESSIONS)
    if path in WITH_CONSOLE:
        assert sessions, "this page shows no console block"
    for index, session in enumerate(sessions):
        button = desk.locator(f"[data-session='{index}'] button.md-code__button"
                              "[data-md-type=copy]")
        button.scroll_into_view_if_needed()
        button.click()
        desk.wait_for_timeout(100)
        copied = desk.evaluate("navigator.clipboard.readText()").split("\n")
        shown = [line.removeprefix("$ ") for line in session.split("\n")]
        assert not [line for line in copied if line.startswith("$ ")], (session, copied)
        assert all(line in shown for line in copied), (session, copied)  # nothing new
        commands = [line[2:] for line in session.split("\n") if line.startswith("$ ")]
        assert all(command in copied for command in commands), (session, copied)


RECORD_LABELS = """(() => {
    window.labelFonts = [];  // the font of every text the page draws on a canvas
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        window.labelFonts.push([String(text), this.font]);
        return fillText.call(this, text, ...rest);
    };
})()"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", ["08-visualizing/", "16-solving-the-spiral/"])
def test_the_replay_draws_no_label_under_13_px(browser, site_url, width, path):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.add_init_script(RECORD_LABELS)
    visit(page, site_url + path)
    page.wait_for_function("() => document.querySelector('figure.replay[data-replay=ready]')")
    page.locator("figure.replay").first.scroll_into_view_if_needed()
    page.locator("input.replay-slider").first.fill("30")  # a moment mid-way, redrawn
    labels = page.evaluate("() => window.labelFonts")
    context.close()
    assert {"accuracy", "chance", "0"} <= {text for text, _ in labels}
    sizes = {text: float(re.search(r"([\d.]+)px", font)[1]) for text, font in labels}
    assert {text: size for text, size in sizes.items() if size < 13} == {}
