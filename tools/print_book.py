"""The printable edition: every page of the book, in nav order, on one HTML page.

`tools/hook_print.py` collects each page's rendered article (figures, math, code) and
calls `print_page`, which the build publishes as `print/index.html`. `tools/make_pdf.py`
prints that page to a PDF with headless Chromium. Everything it loads comes from the
site itself: Material's stylesheets, `assets/book.css` and the site's own KaTeX.
"""

import html
import re
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

FOLDER = "print"
_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
_DARK_IMAGE = re.compile(r'<img\b[^>]*#only-dark"[^>]*>')
_DETAILS = re.compile(r"<details(?![^>]*\bopen\b)")


def chapter_id(url):
    """The anchor of a page's chapter on the print page: `02-dense-layer/` -> `p-02-dense-layer`."""
    return "p-" + (url.strip("/").replace("/", "-") or "home")


def relocate(content, url, page_urls):
    """A page's HTML, its relative links rewritten to work from `print/`.

    `url` is the page's own URL (`02-dense-layer/`, `` for the home page); a link to a
    page of the book becomes a link to its chapter on the print page; a link to a file
    (a figure, a notebook) points to it from `print/`.
    """
    base = "/" + url

    def rewrite(match):
        attribute, value = match.groups()
        value = html.unescape(value)
        if not value or value.startswith(("#", "/", "data:", "mailto:")) \
                or urlsplit(value).scheme:
            return match.group(0)
        target = urlsplit(urljoin(base, value))
        path = target.path.lstrip("/")
        if attribute == "href" and path in page_urls:
            return f'href="#{chapter_id(path)}"'
        fragment = f"#{target.fragment}" if target.fragment else ""
        return f'{attribute}="{html.escape("../" + path + fragment)}"'

    return _URL_ATTRIBUTE.sub(rewrite, content)


def for_print(content, url, page_urls):
    """A page's article as printed: links relocated, light figures only, folds open."""
    content = _DARK_IMAGE.sub("", content)
    content = _DETAILS.sub("<details open", content)
    return relocate(content, url, page_urls)


PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm; }
html { font-size: 112.5%; }
body { margin: 0 auto; max-width: 50rem; padding: 0 1rem; background: #fff; }
.print-chapter { break-before: page; }
.print-toc { break-after: page; }
.md-typeset .headerlink, .md-clipboard, .print-hide { display: none !important; }
.md-typeset pre > code { white-space: pre-wrap; word-break: break-all; }
.md-typeset figure, .md-typeset img { break-inside: avoid; }
.md-typeset h1, .md-typeset h2, .md-typeset h3 { break-after: avoid; }
.md-typeset details > summary::after { display: none; }
"""

MATH_JS = """
renderMathInElement(document.body, {
  delimiters: [
    { left: "$$", right: "$$", display: true },
    { left: "\\\\[", right: "\\\\]", display: true },
    { left: "$", right: "$", display: false },
    { left: "\\\\(", right: "\\\\)", display: false },
  ],
  throwOnError: false,
});
document.documentElement.dataset.mathRendered = "true";
"""


def print_page(site_name, chapters, stylesheets, site_url=""):
    """The whole print page.

    `chapters`: (title, url, article HTML) in nav order; `stylesheets`: URLs relative
    to the site's root (Material's, KaTeX's, the book's); `site_url`, if given, makes
    its canonical address, as every page of the site has one.
    """
    page_urls = {url for _, url, _ in chapters}
    canonical = (f'<link rel="canonical" href="{html.escape(site_url)}{FOLDER}/">\n'
                 if site_url else "")
    links = "\n".join(f'<link rel="stylesheet" href="../{href}">' for href in stylesheets)
    toc = "\n".join(f'<li><a href="#{chapter_id(url)}">{html.escape(title)}</a></li>'
                    for title, url, _ in chapters)
    body = "\n".join(
        f'<section class="print-chapter" id="{chapter_id(url)}" '
        f'data-title="{html.escape(title)}">\n'
        + ("" if "<h1" in content else f"<h1>{html.escape(title)}</h1>\n")
        + f"{for_print(content, url, page_urls)}\n"
        f"</section>"
        for title, url, content in chapters)
    return f"""<!doctype html>
<html lang="en" dir="ltr" data-md-color-scheme="default">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(site_name)}: printable edition</title>
{canonical}{links}
<style>{PRINT_CSS}</style>
</head>
<body data-md-color-scheme="default" data-md-color-primary="indigo"
      data-md-color-accent="deep-orange">
<article class="md-content__inner md-typeset">
<nav class="print-toc">
<h1>{html.escape(site_name)}</h1>
<p>The printable edition: the whole book on one page. Print it, or save it as a PDF
(<code>python3 tools/dev.py pdf</code>).</p>
<h2>Contents</h2>
<ol>
{toc}
</ol>
</nav>
{body}
</article>
<script src="../assets/katex/katex.min.js"></script>
<script src="../assets/katex/contrib/auto-render.min.js"></script>
<script>{MATH_JS}</script>
</body>
</html>
"""


def stylesheets(site_dir, extra_css):
    """Material's stylesheets in the built site, then the site's own (mkdocs.yml)."""
    material = sorted(str(PurePosixPath(*path.relative_to(site_dir).parts))
                      for path in (site_dir / "assets" / "stylesheets").glob("*.min.css"))
    material.sort(key=lambda path: not PurePosixPath(path).name.startswith("main."))
    return material + [str(css) for css in extra_css]
