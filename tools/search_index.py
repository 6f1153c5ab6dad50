"""The search index shows math as a reader can read it in a preview: without its TeX
delimiters and backslashes.

The page keeps its math as TeX between `\\( \\)` and `\\[ \\]` for KaTeX to draw in the
browser (docs/assets/book.js), and the search plugin indexes the page's text as it is,
so a search preview would show `\\(\\beta_1\\)`. `readable_math` turns that into
`beta_1` in the index's titles and texts, leaving code (`<pre>`, `<code>`) as it is;
`rewrite` does it to a written search_index.json.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import sys
from pathlib import Path

_CODE_OR_MATH = re.compile(
    r"(?P<code><(?P<tag>pre|code)\b.*?</(?P=tag)>)"
    r"|\\\((?P<inline>[^<]+?)\\\)"  # math never holds a tag: its < is &lt;
    r"|\\\[(?P<display>[^<]+?)\\\]"
    r"|\$\$(?P<dollars>[^<$]+?)\$\$"
    r"|\$(?P<dollar>[^\s$<](?:[^$<\n]*?[^\s$<\\])?)\$",
    re.DOTALL,
)
_STYLE = re.compile(r"\\(?:mathbf|mathrm|mathit|mathcal|boldsymbol|text|textrm|operatorname)"
                    r"\s*\{([^{}]*)\}")
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{\w+\*?\}")
_ALIGN = re.compile(r"&amp;|&")  # an alignment point, escaped in the index's HTML
_SIZE = re.compile(r"\\(?:left|right|[bB]igg?[lr]?)\b\s*")
_SPACE = re.compile(r"\\(?:[,;:! ]|quad\b|qquad\b|\\)")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
_ESCAPED = re.compile(r"\\([{}%$&_#|])")


def tex_as_text(tex: str) -> str:
    """TeX as plain text: `\\beta_1` is `beta_1`, `\\mathbf{x}_i` is `x_i`."""
    text = _ENVIRONMENT.sub(" ", tex)
    text = _ALIGN.sub(" ", text)
    text = _STYLE.sub(r"\1", text)
    text = _SIZE.sub("", text)
    text = _SPACE.sub(" ", text)
    text = _COMMAND.sub(r"\1", text)
    text = _ESCAPED.sub(r"\1", text)
    return " ".join(text.split())


def readable_math(text: str) -> str:
    """`text` of the index with each piece of math as plain text (tex_as_text), without
    its delimiters; code is left as it is."""

    def replace(match):
        if match["code"] is not None:
            return match[0]
        tex = next(group for group in match.group("inline", "display", "dollars", "dollar")
                   if group is not None)
        return tex_as_text(tex)

    return _CODE_OR_MATH.sub(replace, text)


def rewrite(path: Path) -> None:
    """Rewrite the search index at `path` (Material's search_index.json) with readable
    math in every entry's title and text."""
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        for field in ("title", "text"):
            if field in entry:
                entry[field] = readable_math(entry[field])
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


# Indexing each page once per `mkdocs serve` session

_MARK = "_nnfs_lit_remembers"  # on the wrapped method, so that it is wrapped once


def remember_entries(search_index_class) -> None:
    """Make the search plugin index a page again only when it changed.

    Material's search plugin parses every page's HTML on every build, about 0.9 s of a
    warm build here; under `mkdocs serve` a prose edit changes one page. So
    `search_index_class.add_entry_from_context(page)` is wrapped: a page whose address,
    HTML and metadata are those it had at an earlier build of this process gets the
    entries it got then. The memory lives on the plugin's module, which a serve
    session imports once (mkdocs loads the hooks afresh at every rebuild), and holds
    one page's entries per address."""
    original = search_index_class.add_entry_from_context
    if getattr(original, _MARK, False):
        return
    module = sys.modules[search_index_class.__module__]
    remembered = module.__dict__.setdefault("_nnfs_lit_entries", {})

    def add_entry_from_context(self, page):
        key = hashlib.sha256("\0".join(
            [page.url, page.content or "", json.dumps(page.meta, sort_keys=True,
                                                      default=str)]).encode()).hexdigest()
        known = remembered.get(page.url)
        if known is not None and known[0] == key:
            self.entries.extend(copy.deepcopy(known[1]))
            return
        before = len(self.entries)
        original(self, page)
        remembered[page.url] = (key, copy.deepcopy(self.entries[before:]))

    setattr(add_entry_from_context, _MARK, True)
    search_index_class.add_entry_from_context = add_entry_from_context
