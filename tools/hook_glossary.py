"""mkdocs hook: each glossary term gets its tooltip once per page, at its first use in
running text (not in headings, titles, links, code or math).

The logic is tools/glossary_marks.py; the terms are includes/glossary.md, which
mkdocs.yml watches, so that `serve` rebuilds when it changes.
"""

import glossary_marks

entries = []


def on_pre_build(config):
    entries[:] = glossary_marks.load()  # once per build, so an edit shows on a rebuild


def on_page_content(html, page, config, files):
    return glossary_marks.mark_first_uses(html, entries)
