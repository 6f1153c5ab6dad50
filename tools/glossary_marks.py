"""The glossary's tooltips: each term marked once per page, where the page first uses it.

includes/glossary.md defines the terms, one `*[term]: definition` line each (the
syntax of Markdown's abbr extension, kept so that the file reads as it always has).
Marking every occurrence, as abbr does, underlines a term dozens of times a page
(headings included); a reader needs the definition where the term first appears. So
the build marks, in each page's HTML, the first use of each definition, in any of
its forms ("epoch" or "epochs"), in running text: not in a heading, an exercise's
title, a link, code or math. Runs without mkdocs: `mark_first_uses(html, entries)`.
"""

import html as html_lib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "includes" / "glossary.md"
ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]: *(?P<definition>.*)$", re.MULTILINE)
TAG = re.compile(r"(<[^>]+>)")
# elements whose text is never marked: headings and exercise titles (marks there are
# clutter), links (a tooltip inside a link fights it), code, math, and abbr itself
SKIPPED = {"h1", "h2", "h3", "h4", "h5", "h6", "summary", "a", "code", "pre", "kbd",
           "script", "style", "abbr", "title", "button", "svg", "textarea"}
MATH_CLASS = re.compile(r"""class=["'][^"']*\barithmatex\b""")
NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")


def load(path=GLOSSARY):
    """[(term, definition), ...] of the glossary file, in its order."""
    text = Path(path).read_text(encoding="utf-8")
    return [(m["term"], m["definition"].strip()) for m in ENTRY.finditer(text)]


def _pattern(terms):
    """One regex for whole-word, exact-case uses of any of `terms`, longest first, so
    that "dense layer" wins over "layer"."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")


def mark_first_uses(page_html, entries):
    """`page_html` with the first running-text use of each definition wrapped in
    <abbr title="definition">; every other use left as plain text."""
    definition_of = dict(entries)
    if not definition_of:
        return page_html
    pattern, marked = _pattern(definition_of), set()
    skipping = []  # a stack: for each open element, whether its text is skipped
    pieces = TAG.split(page_html)
    for index, piece in enumerate(pieces):
        if piece.startswith("<"):
            name = NAME.match(piece)
            if name is None or piece.startswith("<!"):
                continue  # a comment or a doctype
            tag = name[1].lower()
            if piece.startswith("</"):
                if skipping:
                    skipping.pop()
            elif not piece.endswith("/>") and tag not in {"br", "img", "hr", "input",
                                                         "meta", "link", "source",
                                                         "wbr"}:
                skipped = tag in SKIPPED or MATH_CLASS.search(piece)  # math: any tag
                skipping.append(bool(skipped))
            continue
        if any(skipping) or len(marked) == len(set(definition_of.values())):
            continue

        def mark(match):
            definition = definition_of[match[1]]
            if definition in marked:
                return match[0]
            marked.add(definition)
            return f'<abbr title="{html_lib.escape(definition)}">{match[0]}</abbr>'

        pieces[index] = pattern.sub(mark, piece)
    return "".join(pieces)
