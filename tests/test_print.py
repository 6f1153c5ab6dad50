"""The printable edition: print/index.html (tools/print_book.py) and its PDF (make_pdf.py)."""

import re
import shutil
from pathlib import Path

import print_book
import pytest

ROOT = Path(__file__).resolve().parent.parent


def nav_urls():
    """Every page of mkdocs.yml's nav, in order, as its URL (`` for the home page)."""
    nav = ROOT.joinpath("mkdocs.yml").read_text().split("\nnav:\n")[1].split("\n\n")[0]
    sources = re.findall(r":\s+(\S+\.(?:md|py))\s*$", nav, flags=re.MULTILINE)
    return ["" if source == "index.md" else source.rsplit(".", 1)[0] + "/"
            for source in sources]


def test_relative_links_are_rewritten_to_work_from_the_print_page():
    pages = {"", "02-dense-layer/", "appendix/notation/"}
    content = ('<img src="../../assets/pictures/a.png#only-light">'
               '<a href="../../02-dense-layer/#shapes">2</a><a href="#local">here</a>'
               '<a href="https://example.org/">out</a><a href="../../notebooks/x.ipynb">nb</a>')
    out = print_book.relocate(content, "appendix/notation/", pages)
    assert 'src="../assets/pictures/a.png#only-light"' in out
    assert 'href="#p-02-dense-layer"' in out
    assert 'href="#local"' in out and 'href="https://example.org/"' in out
    assert 'href="../notebooks/x.ipynb"' in out
    chapter = print_book.relocate('<a href="../appendix/notation/">G</a>', "02-x/", pages)
    assert chapter == '<a href="#p-appendix-notation">G</a>'
    home = print_book.relocate('<img src="assets/pictures/journey.png">', "", pages)
    assert home == '<img src="../assets/pictures/journey.png">'


def test_print_shows_light_figures_only_and_opens_every_fold():
    content = ('<img alt="a" src="p.png#only-light"><img alt="a" src="p-dark.png#only-dark">'
               '<details class="question"><summary>Q</summary>'
               '<details open class="success"><summary>S</summary></details></details>')
    out = print_book.for_print(content, "01-x/", set())
    assert "only-dark" not in out and "p.png#only-light" in out
    assert out.count("<details open") == 2 and "open open" not in out


def test_the_print_page_holds_every_chapter_in_order_each_on_a_new_page():
    chapters = [("Home", "", "<h1>Home</h1><p>hi</p>"), ("1. One", "01-one/", "<p>x</p>")]
    page = print_book.print_page("Book", chapters, ["assets/stylesheets/main.css"])
    assert page.index('id="p-home"') < page.index('id="p-01-one"')
    assert "<h1>1. One</h1>" in page and page.count("<h1>Home</h1>") == 1
    assert 'href="../assets/stylesheets/main.css"' in page
    assert ".print-chapter { break-before: page; }" in page
    assert "../assets/katex/katex.min.js" in page and "renderMathInElement" in page
    assert "canonical" not in page  # no address given, none made up
    addressed = print_book.print_page("Book", chapters, [], "http://127.0.0.1:8000/")
    assert '<link rel="canonical" href="http://127.0.0.1:8000/print/">' in addressed


# The built book, printed in Debian's Chromium (slow: the shared build trains).

needs_chromium = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists() or shutil.which("chromium") is None,
    reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def printed(built_book, tmp_path_factory):
    """The built site's print page as text, and its PDF as bytes."""
    import make_pdf

    site = built_book.root / "site"
    out = make_pdf.make_pdf(site, tmp_path_factory.mktemp("pdf") / "book.pdf")
    return (site / "print" / "index.html").read_text(), out.read_bytes()


@pytest.mark.slow
@needs_chromium
def test_the_print_page_has_every_page_of_the_nav_in_order(printed):
    html, _ = printed
    ids = re.findall(r'<section class="print-chapter" id="([^"]+)"', html)
    assert ids == [print_book.chapter_id(url) for url in nav_urls()]
    assert len(ids) >= 27
    assert html.count("<img") >= 20  # the figures, light only
    assert "#only-dark" not in html
    assert html.count('<div class="highlight">') >= 100  # the code
    assert html.count('class="arithmatex"') >= 300  # the math, rendered on load
    assert "<details" in html and not re.search(r"<details(?![^>]*\bopen)", html)


@pytest.mark.slow
@needs_chromium
def test_the_pdf_has_every_chapter_its_figures_and_its_math(printed):
    html, pdf = printed
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    # 223 A4 pages in November 2026: without Part II, or with the folds closed, far fewer.
    assert 180 <= pages <= 400, pages
    figures = set(re.findall(r'<img[^>]*\bsrc="([^"#]+)', html))
    assert len(re.findall(rb"/Subtype\s*/Image", pdf)) >= len(figures) >= 20
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", pdf))
    assert {b"KaTeX_Main-Regular", b"KaTeX_Math-Italic"} <= fonts, fonts  # math typeset
    assert b"DejaVuSansMono" in b" ".join(fonts)  # code


@pytest.mark.slow
@needs_chromium
def test_the_math_is_rendered_by_the_sites_own_katex(built_book):
    import make_pdf

    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    site = built_book.root / "site"
    server, host = make_pdf.serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=make_pdf.CHROMIUM,
                                                 args=make_pdf.FLAGS)
            page = browser.new_page()
            requests = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(host + "print/", wait_until="load")
            page.wait_for_function("document.documentElement.dataset.mathRendered")
            found = page.evaluate("""() => ({
                katex: document.querySelectorAll('.arithmatex .katex').length,
                raw: [...document.querySelectorAll('.arithmatex')]
                    .filter(span => !span.querySelector('.katex')).length,
                broken: [...document.querySelectorAll('img')]
                    .filter(img => !img.naturalWidth).map(img => img.src)})""")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert found["katex"] >= 300 and found["raw"] == 0, found
    assert found["broken"] == []
    assert all(url.startswith(host) for url in requests)
