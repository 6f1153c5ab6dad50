"""mkdocs hook: the printable edition, the whole book on one page (tools/print_book.py).

- on_files: publishes a placeholder `print/index.html`, so that links to it validate;
- on_nav: remembers the order of the pages;
- on_page_content (last of all): keeps each page's finished article HTML;
- on_post_build (before hook_publish's): writes the print page over the placeholder in
  the site directory, the staging directory during `mkdocs build`, so it is published
  with the rest of the site. The PDF is `python3 tools/dev.py pdf` (tools/make_pdf.py).
"""

from pathlib import Path

import print_book
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

_book = {"order": [], "pages": {}}  # this hook's own state


def on_files(files, config):
    files.append(File.generated(config, f"{print_book.FOLDER}/index.html",
                                content="<!doctype html><title>printable edition</title>"))
    return files


def on_nav(nav, config, files):
    _book["order"] = [page.file.src_uri for page in nav.pages]
    _book["pages"] = {}
    return nav


@event_priority(-50)  # after every other hook's changes to the article
def on_page_content(html, page, config, files):
    _book["pages"][page.file.src_uri] = (page.title, page.url, html)
    return html


@event_priority(50)  # before hook_publish moves the staging directory into place
def on_post_build(config):
    site_dir = Path(config.site_dir)
    chapters = [_book["pages"][uri] for uri in _book["order"] if uri in _book["pages"]]
    css = print_book.stylesheets(site_dir, config.extra_css)
    out = site_dir / print_book.FOLDER / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    page = print_book.print_page(config.site_name, chapters, css, config.site_url or "")
    out.write_text(page, encoding="utf-8")
