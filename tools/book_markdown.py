"""One reader of the book's Markdown, shared by every tool that reads a chapter.

- `nav_chapters(root)`: the pages of mkdocs.yml's nav, in reading order; the book's
  one definition of "the chapters". `numbered_chapters(root)` keeps those whose file
  name starts with their number (01-spiral-data.md): the chapters proper.
- `fences(lines)`: every fenced code block of a page, with its indentation (a block
  inside an admonition is indented), its info string, language and title, and its
  lines dedented. A fence closes at a line of the same character, at least as long
  (CommonMark's rule), so a block that shows another block's fences is read as one.

The tangler (tools/tangle.py) reads the package's blocks with it, the notebook maker
(tools/chapter_notebooks.py) the chapters' cells, and the runnable-copy hook
(tools/pycon_copy.py) the examples it wraps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
TITLE = re.compile(r"""\btitle=(?P<q>["'])(?P<title>.*?)(?P=q)""")
NUMBERED = re.compile(r"^\d\d-[\w-]+\.md$")  # 01-spiral-data.md: a chapter proper


class BookError(Exception):
    """The book cannot be read: no nav, a page it names is missing, an unclosed fence."""


@dataclass(frozen=True)
class Fence:
    indent: str  # the opening fence's indentation (inside an admonition: 4 spaces)
    info: str  # what follows the opening backticks: 'python title="nnfs_lit/x.py"'
    body: tuple  # the lines between the fences, dedented by `indent`, without "\n"
    start: int  # the 0-based index of the opening fence's line
    end: int  # the 0-based index of the closing fence's line
    closed: bool = True  # False: the page ends before the fence closes (end = last line)

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info.split() else ""

    @property
    def title(self) -> str | None:
        match = TITLE.search(self.info)
        return match["title"] if match else None

    @property
    def code(self) -> str:
        """The body as text, every line ending with a newline."""
        return "".join(line + "\n" for line in self.body)


def fences(lines: list[str]):
    """Yield a Fence for every fenced block of a page's lines (without line ends)."""
    i = 0
    while i < len(lines):
        opening = FENCE_OPEN.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        j = i + 1
        while j < len(lines):
            closing = lines[j].strip()
            if len(closing) >= len(fence) and set(closing) == {fence[0]}:
                break
            j += 1
        closed = j < len(lines)
        body = tuple(line[len(indent):] if line.startswith(indent) else line
                     for line in lines[i + 1:j])
        yield Fence(indent, opening["info"].strip(), body, i, j if closed else j - 1,
                    closed)
        i = j + 1


def nav_chapters(root: Path) -> list[Path]:
    """The Markdown files of mkdocs.yml's nav, in reading order."""
    config_path = root / "mkdocs.yml"
    if not config_path.is_file():
        raise BookError(f"{config_path}: not found")
    config = load_yaml(config_path)
    docs_dir = root / config.get("docs_dir", "docs")
    if "nav" not in config:
        raise BookError(f"{config_path}: has no 'nav'; the tools need the chapter order")
    chapters = []
    for entry in _flatten_nav(config["nav"]):
        if entry.endswith(".md") and "://" not in entry:
            path = docs_dir / entry
            if not path.is_file():
                raise BookError(f"{config_path}: nav names {entry}, which is not in {docs_dir}")
            chapters.append(path)
    return chapters


def numbered_chapters(root: Path) -> list[Path]:
    """The chapters proper, in reading order: the nav's pages named 01-....md."""
    return [path for path in nav_chapters(root) if NUMBERED.match(path.name)]


def load_yaml(path: Path) -> dict:
    import yaml

    class _Loader(yaml.SafeLoader):
        """SafeLoader that reads mkdocs' !!python/name and !ENV tags as plain strings."""

    def _as_text(loader, suffix, node):
        return str(getattr(node, "value", ""))

    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", _as_text)
    _Loader.add_multi_constructor("!", _as_text)
    with path.open(encoding="utf-8") as f:
        return yaml.load(f, Loader=_Loader) or {}


def _flatten_nav(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for item in nav for page in _flatten_nav(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _flatten_nav(value)]
    return []
