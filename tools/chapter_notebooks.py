"""Each numbered chapter as a Jupyter notebook, and a zip of them all.

    python tools/chapter_notebooks.py [OUT_DIR]   # default: .cache/notebooks

A chapter's notebook holds its prose as Markdown cells and its examples as code cells:

- a `pycon` block becomes one code cell: its code without prompts, output or doctest
  directives (tools/pycon_copy.runnable_copy, the code the copy button copies), so an
  example that expects an exception runs inside try/except and "Run all" goes on;
  the outputs are filled when the reader runs it;
- a tangled block of the network's modules (```` ```python title="nnfs_lit/..." ````)
  becomes a code cell that starts with `%%nnfs_lit nnfs_lit/FILE.py` (nnfs_lit/live.py,
  loaded by a cell before the first): run, it updates the installed package in place,
  so a reader can edit the chapter's code and see every later example use it; a block
  of the book's own machinery (nnfs_lit/layout.py's BOOK_LAYER) is shown as Markdown;
- an admonition (`!!! abstract "..."`, `??? question "..."`, an exercise's nested
  `??? success "Solution"`) becomes a bold title line and its text, unindented; the
  pycon blocks of a solution become code cells like any other;
- a figure becomes its alt text (the notebook makes no request anywhere), a link to
  another chapter a link to its notebook, any other link to the site its text;
- `{{ experiments.NAME.METRIC }}` is filled from the build's manifest when there is one
  (tools/placeholders.py), and says "(a number from the book's build)" otherwise.

The cells run top to bottom in a fresh kernel, as the chapter's doctests run in order in
one namespace. Nothing here executes them: tests/test_chapter_notebooks.py does.
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import package_wheel
import placeholders
import pycon_copy
import results
from book_markdown import NUMBERED, fences, numbered_chapters

ZIP_NAME = "nnfs-lit-notebooks.zip"
NO_MANIFEST = "(a number from the book's build)"

_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)\s+(?P<kind>[\w-]+)'
                         r'(?:\s+"(?P<title>[^"]*)")?\s*$')
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)]*\)(?:\{[^}]*\})?")
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)")
_HTML_LINE = re.compile(r"^\s*</?(?:figure|div)\b[^>]*>\s*$")
_FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>")
_METRIC_SPAN = re.compile(r'<span class="experiment-metric"[^>]*>(.*?)</span>')
_HEADING = re.compile(r"^#{1,6} ")
_MODULE = re.compile(r"^nnfs_lit/(?P<name>\w+)\.py$")
LOAD_LIVE = ("# cells that start with %%nnfs_lit hold the package's own code: edit one "
             "and run it,\n# and the package uses your version from then on\n"
             "%load_ext nnfs_lit.live")


def book_layer() -> set[str]:
    """The modules of the book's machinery: nnfs_lit/layout.py's BOOK_LAYER, read from
    its syntax tree (the build does not import the package)."""
    layout = Path(__file__).resolve().parent.parent / "nnfs_lit" / "layout.py"
    for node in ast.walk(ast.parse(layout.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == \
                "BOOK_LAYER":
            return set(ast.literal_eval(node.value))
    raise ValueError(f"{layout} defines no BOOK_LAYER")


def is_live(title: str | None, machinery: set[str]) -> bool:
    """Whether a tangled block with this title becomes a %%nnfs_lit code cell."""
    module = _MODULE.match(title or "")
    return module is not None and module["name"] not in machinery | {"__init__"}


def chapter_names(docs_dir: Path) -> list[str]:
    """The numbered chapters of the nav, in reading order: ['01-spiral-data.md', ...]
    (`docs_dir` is the docs folder beside mkdocs.yml)."""
    return [path.name for path in numbered_chapters(Path(docs_dir).parent)]


def notebook_name(chapter: str) -> str:
    """01-spiral-data.md -> 01-spiral-data.ipynb"""
    return chapter.removesuffix(".md") + ".ipynb"


def fill_placeholders(markdown: str, manifest: dict | None, where: str = "") -> str:
    """The page's {{ ... }} filled as plain text: the build's values with a manifest,
    a neutral phrase without one. Placeholders inside code stay as they are."""
    if manifest is not None:
        filled = placeholders.fill(markdown, manifest["experiments"], where,
                                   reliability=manifest.get("reliability"),
                                   benchmark=manifest.get("benchmark"))
        return _METRIC_SPAN.sub(r"\1", filled)

    def neutral(match):
        return match[0] if match["placeholder"] is None else NO_MANIFEST

    return placeholders._CODE_OR_PLACEHOLDER.sub(neutral, markdown)


def _prose(line: str) -> str | None:
    """A line of prose as a notebook shows it, or None to drop it."""
    if _HTML_LINE.match(line):
        return None
    line = _FIGCAPTION.sub(r"*\1*", line)
    line = _IMAGE.sub(lambda m: f"*[Figure: {m['alt']}]*", line)

    def link(match):
        url = match["url"]
        if re.match(r"^[a-z]+:", url) or url.startswith("#"):
            return match[0]
        page = url.split("#")[0]
        if NUMBERED.match(page):
            return f"[{match['text']}]({notebook_name(page)})"
        return match["text"]

    return _LINK.sub(link, line)


def _dedent(line: str, amount: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, amount):]


def chapter_notebook(markdown: str, manifest: dict | None = None, source: str = "",
                     install_url: str | None = None):
    """The notebook of one chapter's Markdown (see the module's docstring), as an
    nbformat.NotebookNode."""
    import nbformat  # here, not at the top: importing it costs a warm build 0.1 s

    return nbformat.from_dict(notebook_dict(markdown, manifest, source, install_url))


def install_cell(install_url: str) -> dict:
    """The first code cell of a published notebook: pip installs the package's wheel
    from the book's site, so that the notebook runs in Colab or any fresh Jupyter.
    Tagged "install": the tests run the notebooks where the package is installed."""
    cell = _cell("code", "# The book's package, nnfs_lit, and what it needs (NumPy, "
                         f"matplotlib)\n%pip install --quiet {install_url}")
    cell["metadata"]["tags"] = ["install"]
    return cell


def notebook_dict(markdown: str, manifest: dict | None = None, source: str = "",
                  install_url: str | None = None) -> dict:
    """The notebook of one chapter's Markdown, as the plain dict of its JSON. With an
    `install_url` (the package's wheel on the book's site), its first code cell
    installs the package from there."""
    markdown = fill_placeholders(markdown, manifest, source)
    cells = []
    prose: list[str] = []

    def flush():
        text = "\n".join(prose).strip("\n")
        if text:
            cells.append(_cell("markdown", text))
        prose.clear()

    if source and install_url:
        prose += [f"*This notebook is generated from `{source}` of nnfs-lit, Neural "
                  "Networks from Scratch in NumPy. It runs in Colab or any Jupyter with "
                  "Python 3.11 or later: the first code cell installs the book's "
                  "package, `nnfs_lit`, from the book's site. The package's own code "
                  "is shown as Markdown, since the package already holds it.*", ""]
        flush()
        cells.append(install_cell(install_url))
    elif source:
        prose += [f"*This notebook is generated from `{source}` of nnfs-lit, Neural "
                  "Networks from Scratch in NumPy. Its code imports the package "
                  "`nnfs_lit`: run it where the package is installed, such as a clone "
                  "of the book's repository (its `.venv`), or `pip install` the wheel "
                  "linked under the chapter's title first. (The published site's "
                  "notebooks install it in their first cell.)*", ""]
    admonitions: list[int] = []  # the indentation of each open admonition's header
    lines = markdown.split("\n")
    fenced = {fence.start: fence for fence in fences(lines)}
    machinery, loaded = book_layer(), False
    i = 0
    while i < len(lines):
        line = lines[i]
        indent = len(line) - len(line.lstrip(" "))
        if line.strip():
            while admonitions and indent <= admonitions[-1]:
                admonitions.pop()
        depth = 4 * len(admonitions)
        fence = fenced.get(i)
        if fence:
            body = list(fence.body)
            if fence.info == "pycon":
                flush()
                for example in examples("\n".join(body)):
                    code = pycon_copy.runnable_copy(example)
                    cells.append(_cell("code", code.rstrip("\n")))
                    if is_slow(example):
                        cells[-1]["metadata"]["tags"] = ["slow"]  # a long run
            elif is_live(fence.title, machinery):
                prose += [f"`{fence.title}`, the package's own code: edit this cell and "
                          "run it to change the package.", ""]
                flush()
                if not loaded:
                    cells.append(_cell("code", LOAD_LIVE))
                    loaded = True
                cells.append(_cell("code", "\n".join([f"%%nnfs_lit {fence.title}",
                                                       *body])))
            else:
                if fence.title:
                    prose += [f"`{fence.title}` (in the package; the code cells import it):",
                              ""]
                prose += [f"```{fence.language}", *body, "```"]
            i = fence.end + 1
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            title = admonition["title"] or admonition["kind"].capitalize()
            if admonition["kind"] == "success":
                flush()  # a solution starts a cell of its own, before its code
            prose.append(f"**{title}**")
            admonitions.append(indent)
            i += 1
            continue
        shown = _prose(_dedent(line, depth))
        if shown is not None:
            if _HEADING.match(shown):
                flush()
            prose.append(shown)
        i += 1
    flush()
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"  # deterministic: same chapter, same bytes
    return {
        "nbformat": 4, "nbformat_minor": 5, "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"},
                     "language_info": {"name": "python"}},
    }


def _cell(kind: str, source: str) -> dict:
    """A cell, built as a plain dict: nbformat's new_*_cell validate each one against
    the schema, which cost most of the build time of the notebooks."""
    cell = {"cell_type": kind, "id": "", "metadata": {}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def examples(pycon: str) -> list[str]:
    """A pycon block cut after each output, so that each cell shows one result (a
    notebook shows only a cell's last value): '>>> a\n1\n>>> b\n2' gives two. It is
    also cut where a long run (a statement marked +SLOW) begins or ends, so that the
    long run has cells of its own, which a quick check can leave out."""
    statements: list[list[str]] = []  # each: its >>> line, its ... lines, its output
    for line in pycon.strip("\n").split("\n"):
        if line.startswith(">>>") or not statements:
            statements.append([])
        statements[-1].append(line)
    pieces: list[list[str]] = []
    after_output, slow = False, False
    for statement in statements:
        output = any(not line.startswith((">>>", "...")) and line.strip()
                     for line in statement)
        code = "\n".join(line for line in statement if line.startswith((">>>", "...")))
        if not pieces or after_output or is_slow(code) != slow:
            pieces.append([])
        pieces[-1] += statement
        after_output, slow = output, is_slow(code)
    return ["\n".join(piece) + "\n" for piece in pieces]


def is_slow(example: str) -> bool:
    """Whether an example holds a statement marked as a long run (+SLOW)."""
    return re.search(r"#\s*doctest:.*\+SLOW\b", example) is not None


def with_download_line(markdown: str, chapter: str, folder: str = "notebooks") -> str:
    """The chapter with a line under its title (its first `# ` line) that links to its
    notebook, to the zip of all and to the package's wheel, as relative links mkdocs
    resolves."""
    line = (f"[Download this chapter as a notebook]({folder}/{notebook_name(chapter)})"
            f"{{ .notebook-download download }} (to run in Jupyter or Colab) · "
            f"[all chapters (zip)]({folder}/{ZIP_NAME}){{ download }} · "
            f"[the package]({folder}/{package_wheel.wheel_name()}){{ download }} "
            "(a wheel, for `pip install`)")
    lines = markdown.split("\n")
    title = next((i for i, text in enumerate(lines) if text.startswith("# ")), -1)
    rest = lines[title + 1:]
    if rest and rest[0].strip():
        rest = ["", *rest]
    return "\n".join([*lines[:title + 1], "", line, *rest])


def notebooks(docs_dir: Path, manifest: dict | None = None,
              install_url: str | None = None) -> dict[str, str]:
    """{'01-spiral-data.ipynb': its JSON, ...} for every numbered chapter."""
    made = {}
    for chapter in chapter_names(docs_dir):
        text = (Path(docs_dir) / chapter).read_text(encoding="utf-8")
        notebook = notebook_dict(text, manifest, f"docs/{chapter}", install_url)
        made[notebook_name(chapter)] = json.dumps(notebook, indent=1,
                                                  ensure_ascii=False) + "\n"
    return made


def zipped(made: dict[str, str]) -> bytes:
    """A zip of the notebooks, the same bytes for the same notebooks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(made.items()):
            info = zipfile.ZipInfo(f"nnfs-lit-notebooks/{name}", (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text)
    return buffer.getvalue()


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def is_public(site_url: str | None) -> bool:
    """Whether the site's address reaches it from another machine: not a local build's
    127.0.0.1 or localhost, from which a notebook in Colab could install nothing."""
    host = urlsplit(site_url or "").hostname or ""
    return host not in ("", "localhost", "127.0.0.1", "0.0.0.0", "::1")


def write_all(docs_dir: Path, out_dir: Path, manifest: dict | None = None,
              site_url: str | None = None) -> list[Path]:
    """Write every chapter's notebook, the zip and the package's wheel into `out_dir`
    (a file is rewritten only when its bytes change; notebooks of chapters gone are
    removed). With a public `site_url`, the notebooks install the wheel from
    SITE_URL/notebooks/. Returns the paths written, the zip and the wheel last."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel_name, wheel = package_wheel.build_wheel(Path(docs_dir).parent)
    install_url = (f"{site_url.rstrip('/')}/notebooks/{wheel_name}"
                   if is_public(site_url) else None)
    made = notebooks(docs_dir, manifest, install_url)
    for stale in out_dir.glob("*.ipynb"):
        if stale.name not in made:
            stale.unlink()
    paths = []
    for name, text in made.items():
        _write_if_changed(out_dir / name, text.encode("utf-8"))
        paths.append(out_dir / name)
    _write_if_changed(out_dir / ZIP_NAME, zipped(made))
    for stale in out_dir.glob("*.whl"):
        if stale.name != wheel_name:
            stale.unlink()
    _write_if_changed(out_dir / wheel_name, wheel)
    return [*paths, out_dir / ZIP_NAME, out_dir / wheel_name]


def main(argv: list[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    out_dir = Path(argv[0]) if argv else root / ".cache" / "notebooks"
    manifest_file = results.cache_dir(root) / "manifest.json"
    manifest = json.loads(manifest_file.read_text()) if manifest_file.is_file() else None
    for path in write_all(root / "docs", out_dir, manifest):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
