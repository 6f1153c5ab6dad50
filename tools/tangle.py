"""Tangle the book into the package: docs/*.md -> nnfs_lit/.

A fenced Python block whose title names a file in the package belongs to it:

    ```python title="nnfs_lit/layers.py"
    class Dense:
        ...
    ```

The chapters are read in mkdocs.yml nav order, and the blocks for each target are
joined in that order (two blank lines between them) under one fixed header line.
Each block is preceded by a generated credit naming the fence it came from, which is
where to edit it: `# docs/<chapter>.md, "<heading>"`, the heading of the section it
is in, with `, block <n>` after it where that section holds more than one block for
the package. A credit does not move when prose above it changes.

A class can grow across chapters. A *continuation block* is a block holding only

    class Dense:
        ...  # anything: what the reader has already seen

        def backward(self, dvalues):
            ...

It adds its members (everything after the `...` line) to the end of the class that
an earlier block of the same file defines. A member the class already has is
*replaced* where it stands, under the later block's credit: that is how a later
chapter grows a method an earlier one wrote (chapter 13 gives chapter 2's
`Dense.__init__` its penalties), as Python itself lets a later `def` of a name win.
Defining a top-level name twice in one file is an error, and so is continuing a
class that no earlier block defines.

Same chapters, same bytes.

    python tools/tangle.py           write nnfs_lit/ (only files whose bytes changed)
    python tools/tangle.py --check   exit 1 with a diff if nnfs_lit/ differs from the book
"""

from __future__ import annotations

import argparse
import ast
import difflib
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from book_markdown import FENCE_OPEN, TITLE, BookError, fences, nav_chapters

PACKAGE = "nnfs_lit"
# The package's data, shipped as it is (chapter 18's digits): not code, so no chapter
# makes it. Only data files: a .py file here is code, and the book must make it.
DATA = f"{PACKAGE}/datasets"
HEADER = (
    "# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.\n"
)
CREDIT = re.compile(r'^(?P<indent>[ \t]*)# (?P<chapter>docs/\S+\.md)'
                    r'(?:, "(?P<section>[^"\n]*)")?(?:, block (?P<number>\d+))?$')
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$")



class TangleError(BookError):
    """The book cannot be tangled (bad nav, unclosed fence, bad target, bad block)."""


@dataclass(frozen=True)
class Block:
    target: str  # e.g. "nnfs_lit/layers.py"
    code: str  # the block's lines, without the fences, ending with a newline
    source: str  # chapter path relative to the root, e.g. "docs/02-dense-layer.md"
    line: int  # 1-based line of the opening fence
    section: str = ""  # the heading above the fence ("" before the first one)
    number: int = 0  # its place among the section's blocks, if it has more than one

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def credit(self, indent: str = "") -> str:
        section = f', "{self.section}"' if self.section else ""
        number = f", block {self.number}" if self.number else ""
        return f"{indent}# {self.source}{section}{number}\n"


def fenced_blocks(chapter: Path, root: Path):
    """Yield (info string, code, 1-based fence line) for every fenced block of `chapter`."""
    source = chapter.relative_to(root).as_posix()
    lines = chapter.read_text(encoding="utf-8").splitlines()
    for fence in fences(lines):
        if not fence.closed:
            raise TangleError(f"{source}:{fence.start + 1}: code fence "
                              f"{FENCE_OPEN.match(lines[fence.start])['fence']} is never closed")
        yield fence.info, fence.code, fence.start + 1


def section_headings(chapter: Path, fence_lines) -> dict[int, str]:
    """{fence line: the text of the last heading above it, outside code blocks}."""
    lines = chapter.read_text(encoding="utf-8").splitlines()
    fences = sorted(fence_lines)
    inside = set()  # the lines of fenced blocks, where a "#" is a comment
    for _, code, line in fenced_blocks(chapter, chapter.parent):
        inside.update(range(line, line + code.count("\n") + 2))
    headings, heading = {}, ""
    for number, text in enumerate(lines, start=1):
        match = _HEADING.match(text)
        if match and number not in inside:
            heading = match["text"].replace('"', "'")
        if fences and number == fences[0]:
            headings[fences.pop(0)] = heading
    return headings


def read_blocks(chapter: Path, root: Path) -> list[Block]:
    """Every fenced block of `chapter` whose title is a file in the package, each with
    the heading of its section, and its number there if the section holds several."""
    blocks = _titled_blocks(chapter, root)
    headings = section_headings(chapter, [block.line for block in blocks])
    per_section = {}
    for block in blocks:
        per_section.setdefault(headings[block.line], []).append(block)
    numbered = {}
    for section, members in per_section.items():
        for number, block in enumerate(members, start=1):
            numbered[block.line] = (section, number if len(members) > 1 else 0)
    return [Block(block.target, block.code, block.source, block.line,
                  *numbered[block.line]) for block in blocks]


def _titled_blocks(chapter: Path, root: Path) -> list[Block]:
    source = chapter.relative_to(root).as_posix()
    blocks = []
    for info, code, line in fenced_blocks(chapter, root):
        title = TITLE.search(info)
        if not title or not title["title"].startswith(PACKAGE + "/"):
            continue
        target = title["title"]
        where = f"{source}:{line}"
        _check_target(target, where)
        language = info.split()[0] if info.split() else ""
        if language not in ("python", "py"):
            raise TangleError(f"{where}: block titled {target} must be python, not {language!r}")
        if not code.strip():
            raise TangleError(f"{where}: block titled {target} is empty")
        blocks.append(Block(target, code.strip("\n") + "\n", source, line))
    return blocks


def _check_target(target: str, where: str) -> None:
    parts = target.split("/")
    if ".." in parts or "" in parts or not target.endswith(".py"):
        raise TangleError(f"{where}: bad target {target!r}: want nnfs_lit/<name>.py")


def _parse(block: Block) -> ast.Module:
    try:
        return ast.parse(block.code)
    except SyntaxError as error:
        raise TangleError(
            f"{block.source}:{block.line + (error.lineno or 0)}: "
            f"block titled {block.target} is not valid Python: {error.msg}"
        ) from None


def _continued_class(tree: ast.Module) -> ast.ClassDef | None:
    """The class a continuation block extends, or None if the block is not one."""
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.ClassDef):
        return None
    body = tree.body[0].body
    first = body[0]
    is_ellipsis = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and first.value.value is Ellipsis
    )
    return tree.body[0] if is_ellipsis and len(body) > 1 else None


def _top_level_names(tree: ast.Module) -> list[str]:
    defined = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return [node.name for node in tree.body if isinstance(node, defined)]


class _Module:
    """One target file being assembled: chunks of lines, and where each class ends."""

    def __init__(self, target: str):
        self.target = target
        self.chunks: list[list[str]] = []
        # (chunk index, line index after which to insert) -> continuation lines, in order
        self.inserts: dict[tuple[int, int], list[str]] = {}
        self.classes: dict[str, tuple[int, int]] = {}  # class name -> its insertion point
        self.members: dict[str, set[str]] = {}  # class name -> the names of its members
        self.defined: dict[str, str] = {}  # top-level name -> where it was defined
        # (class name, member name, credit and lines): applied in order, by text()
        self.replacements: list[tuple[str, str, list[str]]] = []

    def add(self, block: Block) -> None:
        tree = _parse(block)
        continued = _continued_class(tree)
        if continued is not None:
            self._continue(block, continued)
            return
        for name in _top_level_names(tree):
            if name in self.defined:
                raise TangleError(
                    f"{block.where}: {name} is already defined in {self.target} by "
                    f"{self.defined[name]}; to add to a class, write a continuation block "
                    f"(`class {name}:` then `...`)"
                )
            self.defined[name] = block.where
        index = len(self.chunks)
        self.chunks.append([block.credit()] + block.code.splitlines(keepends=True))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                self.classes[node.name] = (index, node.end_lineno)  # line 0 is the credit
                self.members[node.name] = set(_member_names(node))

    def _continue(self, block: Block, node: ast.ClassDef) -> None:
        if node.name not in self.classes:
            raise TangleError(
                f"{block.where}: continues class {node.name}, but no earlier block of "
                f"{self.target} defines it"
            )
        if node.bases or node.keywords or node.decorator_list:
            raise TangleError(
                f"{block.where}: a continuation of {node.name} is written "
                f"`class {node.name}:` with no bases or decorators"
            )
        lines = block.code.splitlines(keepends=True)
        added = []  # the members the class does not have yet, in the block's order
        for member, segment in _member_segments(node, lines):
            if member in self.members[node.name]:
                segment = _strip_blank_ends(segment)
                indent = re.match(r"[ \t]*", segment[0])[0]
                self.replacements.append(
                    (node.name, member, [block.credit(indent), *segment]))
            else:
                added.extend(segment)
                if member:
                    self.members[node.name].add(member)
        added = _strip_blank_ends(added)
        if added:
            indent = re.match(r"[ \t]*", added[0])[0]
            self.inserts.setdefault(self.classes[node.name], []).extend(
                ["\n", block.credit(indent), *added]
            )

    def text(self) -> str:
        chunks = []
        for index, chunk in enumerate(self.chunks):
            lines = []
            for number, line in enumerate(chunk):
                lines.append(line)
                lines.extend(self.inserts.get((index, number), []))
            chunks.append("".join(lines))
        text = HEADER + "\n" + "\n\n".join(chunks)
        for class_name, member, replacement in self.replacements:
            text = _replace_member(text, class_name, member, replacement)
        return text


def _member_names(node: ast.ClassDef) -> list[str]:
    defined = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return [member.name for member in node.body if isinstance(member, defined)]


def _first_line(node: ast.AST) -> int:
    """The 1-based first line of a statement, its decorators included."""
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(decorator.lineno for decorator in decorators)])


def _member_segments(node: ast.ClassDef, lines: list[str]):
    """Yield (name, lines) for each member after a continuation block's `...`: the
    name of a def or class ("" for anything else), with the comments above it."""
    members = node.body[1:]
    start = node.body[0].end_lineno  # the line after `...` (0-based index)
    for position, member in enumerate(members):
        last = position == len(members) - 1
        end = len(lines) if last else member.end_lineno
        name = member.name if isinstance(
            member, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else ""
        yield name, lines[start:end]
        start = end


def _strip_blank_ends(lines: list[str]) -> list[str]:
    lines = list(lines)
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _comments_above(lines: list[str], index: int) -> int:
    """The index of the first of the comment lines (credits excepted) that end just
    above lines[index], or index itself if there are none."""
    while index > 0 and lines[index - 1].lstrip().startswith("#") and not CREDIT.match(
            lines[index - 1].rstrip("\n")):
        index -= 1
    return index


def _replace_member(text: str, class_name: str, member: str, replacement: list[str]) -> str:
    """`text` with class_name.member's lines (its decorators, the comments and the
    credit right above it) replaced by `replacement`. The members after it in the same
    credited stretch get that stretch's credit again, so every credit stays true."""
    lines = text.splitlines(keepends=True)
    tree = ast.parse(text)
    owner = next(node for node in tree.body
                 if isinstance(node, ast.ClassDef) and node.name == class_name)
    body = owner.body
    position = next(i for i, node in enumerate(body) if getattr(node, "name", None) == member)
    start = _comments_above(lines, _first_line(body[position]) - 1)
    end = body[position].end_lineno
    if start > 0 and CREDIT.match(lines[start - 1].rstrip("\n")):
        start -= 1  # the member opened a continuation: its credit goes with it
    resume = []
    if position + 1 < len(body):
        after = _comments_above(lines, _first_line(body[position + 1]) - 1)
        if not CREDIT.match(lines[after - 1].rstrip("\n")):
            credit = next(CREDIT.match(line.rstrip("\n")) for line in reversed(lines[:start])
                          if CREDIT.match(line.rstrip("\n")))
            indent = re.match(r"[ \t]*", replacement[0])[0]
            resume = [(after, indent + credit.group(0).lstrip() + "\n")]
    for index, line in resume:  # after the member, so its indices still hold
        lines.insert(index, line)
    lines[start:end] = replacement
    return "".join(lines)


def tangle(root: Path) -> dict[str, str]:
    """Map each target path (relative to root) to the text the book gives it."""
    modules: dict[str, _Module] = {}
    try:
        chapters = nav_chapters(root)
    except BookError as error:
        raise TangleError(str(error)) from None
    for chapter in chapters:
        for block in read_blocks(chapter, root):
            modules.setdefault(block.target, _Module(block.target)).add(block)
    return {target: module.text() for target, module in sorted(modules.items())}


def package_files(root: Path) -> set[str]:
    """Files now in the package directory, except caches and the data in DATA."""
    package = root / PACKAGE
    if not package.is_dir():
        return set()
    return {
        path.relative_to(root).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not _is_data(path, root)
    }


def _is_data(path: Path, root: Path) -> bool:
    """True for a data file the package ships: under DATA, and not Python."""
    return path.is_relative_to(root / DATA) and path.suffix != ".py"


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
    """nnfs_lit.files.written_whole, written again: the tangler makes the package, so it
    cannot import it (the package may not exist yet, or be broken)."""
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
