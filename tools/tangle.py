"""Tangle the book into the package: docs/*.md -> nnfs_lit/.

A fenced Python block whose title names a file in the package belongs to it:

    ```python title="nnfs_lit/layers.py"
    class Dense:
        ...
    ```

The chapters are read in mkdocs.yml nav order, and the blocks for each target are
joined in that order (two blank lines between them) under one fixed header line.
Same chapters, same bytes.

    python tools/tangle.py           write nnfs_lit/ (only files whose bytes changed)
    python tools/tangle.py --check   exit 1 with a diff if nnfs_lit/ differs from the book
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "nnfs_lit"
HEADER = "# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.\n"

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_TITLE = re.compile(r"""\btitle=(?P<q>["'])(?P<title>.*?)(?P=q)""")


class TangleError(Exception):
    """The book cannot be tangled (bad nav, unclosed fence, bad target)."""


@dataclass(frozen=True)
class Block:
    target: str  # e.g. "nnfs_lit/layers.py"
    code: str  # the block's lines, without the fences, ending with a newline
    source: str  # chapter path relative to the root, for messages
    line: int  # 1-based line of the opening fence


def nav_chapters(root: Path) -> list[Path]:
    """The Markdown files of mkdocs.yml's nav, in reading order."""
    config_path = root / "mkdocs.yml"
    if not config_path.is_file():
        raise TangleError(f"{config_path}: not found")
    config = _load_yaml(config_path)
    docs_dir = root / config.get("docs_dir", "docs")
    if "nav" not in config:
        raise TangleError(f"{config_path}: has no 'nav'; the tangler needs the chapter order")
    chapters = []
    for entry in _flatten_nav(config["nav"]):
        if entry.endswith(".md") and "://" not in entry:
            path = docs_dir / entry
            if not path.is_file():
                raise TangleError(f"{config_path}: nav names {entry}, which is not in {docs_dir}")
            chapters.append(path)
    return chapters


def _load_yaml(path: Path) -> dict:
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


def read_blocks(chapter: Path, root: Path) -> list[Block]:
    """Every fenced block of `chapter` whose title is a file in the package."""
    source = chapter.relative_to(root).as_posix()
    lines = chapter.read_text(encoding="utf-8").splitlines(keepends=True)
    blocks = []
    i = 0
    while i < len(lines):
        opening = _FENCE_OPEN.match(lines[i].rstrip("\r\n"))
        if not opening:
            i += 1
            continue
        indent, fence, info = opening["indent"], opening["fence"], opening["info"]
        start = i
        body = []
        i += 1
        while i < len(lines):
            closing = lines[i].strip()
            if len(closing) >= len(fence) and set(closing) == {fence[0]}:
                break
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i])
            i += 1
        else:
            raise TangleError(f"{source}:{start + 1}: code fence {fence} is never closed")
        i += 1
        title = _TITLE.search(info)
        if not title or not title["title"].startswith(PACKAGE + "/"):
            continue
        target = title["title"]
        _check_target(target, f"{source}:{start + 1}")
        language = info.split()[0] if info.split() else ""
        if language not in ("python", "py"):
            raise TangleError(
                f"{source}:{start + 1}: block titled {target} must be python, not {language!r}"
            )
        code = "".join(line.rstrip("\r\n") + "\n" for line in body)
        if not code.strip():
            raise TangleError(f"{source}:{start + 1}: block titled {target} is empty")
        blocks.append(Block(target, code, source, start + 1))
    return blocks


def _check_target(target: str, where: str) -> None:
    parts = target.split("/")
    if ".." in parts or "" in parts or not target.endswith(".py"):
        raise TangleError(f"{where}: bad target {target!r}: want nnfs_lit/<name>.py")


def tangle(root: Path) -> dict[str, str]:
    """Map each target path (relative to root) to the bytes the book gives it."""
    by_target: dict[str, list[str]] = {}
    for chapter in nav_chapters(root):
        for block in read_blocks(chapter, root):
            by_target.setdefault(block.target, []).append(block.code.strip("\n") + "\n")
    return {
        target: HEADER + "\n" + "\n\n".join(codes) for target, codes in sorted(by_target.items())
    }


def package_files(root: Path) -> set[str]:
    """Files now in the package directory, except caches."""
    package = root / PACKAGE
    if not package.is_dir():
        return set()
    return {
        path.relative_to(root).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def check(root: Path, out=sys.stdout) -> int:
    """Print a unified diff of nnfs_lit/ against the book; 0 if none, 1 otherwise."""
    expected = tangle(root)
    drift = False
    for target, text in expected.items():
        path = root / target
        actual = path.read_text(encoding="utf-8") if path.is_file() else ""
        if actual != text:
            drift = True
            out.writelines(
                difflib.unified_diff(
                    actual.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"{target} (on disk)",
                    tofile=f"{target} (tangled from the book)",
                )
            )
    for orphan in sorted(package_files(root) - expected.keys()):
        drift = True
        out.write(f"{orphan}: no chapter produces this file\n")
    if drift:
        out.write("nnfs_lit/ differs from the book: run `python tools/tangle.py`\n")
        return 1
    return 0


def write(root: Path, out=sys.stdout) -> list[str]:
    """Write the tangled files whose bytes changed; remove generated files no chapter makes.

    Returns the targets that were written or removed. A file in nnfs_lit/ that lacks the
    header was not made by the tangler: it is left alone and reported as an error.
    """
    expected = tangle(root)
    changed = []
    for target, text in expected.items():
        path = root / target
        if path.is_file() and path.read_bytes() == text.encode("utf-8"):
            continue
        _write_atomic(path, text.encode("utf-8"))
        changed.append(target)
    strangers = []
    for orphan in sorted(package_files(root) - expected.keys()):
        path = root / orphan
        if path.suffix == ".py" and path.read_text(encoding="utf-8").startswith(HEADER):
            path.unlink()
            changed.append(orphan)
        else:
            strangers.append(orphan)
    if strangers:
        raise TangleError(
            "not made by the tangler, remove or move it out of nnfs_lit/: " + ", ".join(strangers)
        )
    for target in changed:
        out.write(f"tangled {target}\n")
    return changed


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; sources are not
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="compare only; exit 1 on any difference"
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="project directory holding mkdocs.yml (default: this repository)",
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            return check(args.root)
        write(args.root)
        return 0
    except TangleError as error:
        print(f"tangle: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
