"""The tangler: the book and nnfs_lit/ never differ, and the tool says so when they do."""

import io
import shutil
import textwrap
from pathlib import Path

import pytest
import tangle

ROOT = Path(__file__).resolve().parent.parent


def make_book(tmp_path, chapters, nav=None):
    """A tiny project: mkdocs.yml with `nav` (default: chapters in given order) and docs/."""
    (tmp_path / "docs").mkdir()
    for name, text in chapters.items():
        (tmp_path / "docs" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    nav = nav if nav is not None else list(chapters)
    lines = ["site_name: test", "nav:"] + [f"  - {name}" for name in nav]
    (tmp_path / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


FENCE = "```"
ONE = f"""\
# One
{FENCE}python title="nnfs_lit/mod.py"
A = 1
{FENCE}

{FENCE}python
not_tangled = True
{FENCE}
"""
TWO = f"""\
# Two
{FENCE}python title="nnfs_lit/mod.py"
B = 2
{FENCE}
"""


def test_the_repository_package_matches_its_book():
    out = io.StringIO()
    assert tangle.check(ROOT, out) == 0, out.getvalue()


def test_blocks_are_joined_in_nav_order_each_under_its_credit(tmp_path):
    book = make_book(tmp_path, {"b.md": ONE, "a.md": TWO}, nav=["b.md", "a.md"])
    assert tangle.tangle(book)["nnfs_lit/mod.py"] == (
        tangle.HEADER + '\n# docs/b.md, "One"\nA = 1\n\n\n# docs/a.md, "Two"\nB = 2\n')
    (book / "mkdocs.yml").write_text("nav:\n  - a.md\n  - b.md\n", encoding="utf-8")
    assert tangle.tangle(book)["nnfs_lit/mod.py"] == (
        tangle.HEADER + '\n# docs/a.md, "Two"\nB = 2\n\n\n# docs/b.md, "One"\nA = 1\n')


def test_untitled_blocks_are_not_tangled(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE})
    assert "not_tangled" not in tangle.tangle(book)["nnfs_lit/mod.py"]


def test_nested_nav_sections_are_followed(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE, "two.md": TWO})
    (book / "mkdocs.yml").write_text(
        "nav:\n  - Part: \n    - Two: two.md\n  - One: one.md\n  - Site: https://example.org\n",
        encoding="utf-8",
    )
    assert tangle.tangle(book)["nnfs_lit/mod.py"].endswith(
        'B = 2\n\n\n# docs/one.md, "One"\nA = 1\n')


def test_write_then_check_is_clean_and_deterministic(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE, "two.md": TWO})
    assert tangle.write(book, io.StringIO()) == ["nnfs_lit/mod.py"]
    first = (book / "nnfs_lit/mod.py").read_bytes()
    assert tangle.write(book, io.StringIO()) == []  # nothing changed, nothing written
    assert (book / "nnfs_lit/mod.py").read_bytes() == first
    assert tangle.check(book, io.StringIO()) == 0
    assert first.endswith(b"\n") and not first.endswith(b"\n\n")


def test_check_fails_with_a_diff_when_module_edited_by_hand(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE})
    tangle.write(book, io.StringIO())
    module = book / "nnfs_lit/mod.py"
    module.write_text(module.read_text().replace("A = 1", "A = 42"))
    out = io.StringIO()
    assert tangle.check(book, out) == 1
    assert "-A = 42" in out.getvalue() and "+A = 1" in out.getvalue()


def test_check_fails_when_chapter_edited_without_retangling(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE})
    tangle.write(book, io.StringIO())
    chapter = book / "docs/one.md"
    chapter.write_text(chapter.read_text().replace("A = 1", "A = 2"))
    out = io.StringIO()
    assert tangle.check(book, out) == 1
    assert "+A = 2" in out.getvalue()


def test_check_fails_on_an_orphan_file_no_chapter_produces(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE})
    tangle.write(book, io.StringIO())
    (book / "nnfs_lit/extra.py").write_text("X = 1\n")
    out = io.StringIO()
    assert tangle.check(book, out) == 1
    assert "nnfs_lit/extra.py: no chapter produces this file" in out.getvalue()


def test_check_fails_when_a_tangled_file_is_missing(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE})
    assert tangle.check(book, io.StringIO()) == 1


def test_write_removes_generated_orphans_but_refuses_hand_made_files(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE, "two.md": TWO.replace("mod.py", "other.py")})
    tangle.write(book, io.StringIO())
    (book / "mkdocs.yml").write_text("nav:\n  - one.md\n", encoding="utf-8")
    assert "nnfs_lit/other.py" in tangle.write(book, io.StringIO())
    assert not (book / "nnfs_lit/other.py").exists()
    (book / "nnfs_lit/hand.py").write_text("X = 1\n")
    with pytest.raises(tangle.TangleError, match="nnfs_lit/hand.py"):
        tangle.write(book, io.StringIO())
    assert (book / "nnfs_lit/hand.py").exists()


def test_unclosed_fence_is_an_error_with_its_line(tmp_path):
    book = make_book(tmp_path, {"one.md": "text\n\n```python title=\"nnfs_lit/m.py\"\nA = 1\n"})
    with pytest.raises(tangle.TangleError, match=r"one.md:3: code fence ``` is never closed"):
        tangle.tangle(book)


def test_target_outside_the_package_is_rejected(tmp_path):
    book = make_book(tmp_path, {"one.md": '```python title="nnfs_lit/../evil.py"\nA = 1\n```\n'})
    with pytest.raises(tangle.TangleError, match="bad target"):
        tangle.tangle(book)


def test_nav_naming_a_missing_chapter_is_an_error(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE}, nav=["one.md", "missing.md"])
    with pytest.raises(tangle.TangleError, match="missing.md"):
        tangle.tangle(book)


def test_blocks_inside_admonitions_are_dedented(tmp_path):
    text = (
        '!!! note\n\n    ```python title="nnfs_lit/m.py"\n'
        "    def f():\n        return 1\n    ```\n"
    )
    book = make_book(tmp_path, {"one.md": text})
    assert tangle.tangle(book)["nnfs_lit/m.py"].endswith(
        "\n# docs/one.md\ndef f():\n    return 1\n")


def test_command_line_check_exits_1_on_drift_in_a_copy_of_this_repository(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copytree(ROOT / "nnfs_lit", copy / "nnfs_lit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    assert tangle.main(["--check", "--root", str(copy)]) == 0
    chapter = copy / "docs/05-backprop-layers.md"
    chapter.write_text(chapter.read_text().replace(
        "self.dbiases = dvalues.sum(axis=0, keepdims=True)",
        "self.dbiases = dvalues.sum(axis=1, keepdims=True)"))
    assert tangle.main(["--check", "--root", str(copy)]) == 1


GROWING = {
    "first.md": '''\
# First
```python title="nnfs_lit/m.py"
class Layer:
    """A layer."""

    def forward(self):
        return 1


def helper():
    return 2
```
''',
    "second.md": '''\
# Second

Text.

```python title="nnfs_lit/m.py"
class Layer:
    ...  # forward, from the first chapter

    def backward(self):
        return 3
```
''',
    "third.md": '''\
```python title="nnfs_lit/m.py"
class Layer:
    ...

    def update(self):
        return 4
```
''',
}


def test_continuation_blocks_add_members_to_the_class_in_nav_order(tmp_path):
    book = make_book(tmp_path, GROWING)
    text = tangle.tangle(book)["nnfs_lit/m.py"]
    assert text == tangle.HEADER + textwrap.dedent('''
        # docs/first.md, "First"
        class Layer:
            """A layer."""

            def forward(self):
                return 1

            # docs/second.md, "Second"
            def backward(self):
                return 3

            # docs/third.md
            def update(self):
                return 4


        def helper():
            return 2
        ''')
    namespace = {}
    exec(compile(text, "m.py", "exec"), namespace)
    layer = namespace["Layer"]()
    assert (layer.forward(), layer.backward(), layer.update()) == (1, 3, 4)


REPLACING = '''\
# Fourth

```python title="nnfs_lit/m.py"
class Layer:
    ...  # forward grows: this chapter's version replaces the first chapter's

    # a comment that goes with it
    def forward(self, scale=1):
        return 10 * scale

    def backward(self):
        return 30

    def reset(self):
        return 5
```
'''


def test_a_member_the_class_already_has_is_replaced_where_it_stands(tmp_path):
    """A later chapter grows a method: its version takes the old one's place, under
    its own credit; the members after it keep a credit that is still true, and
    members it does not have yet are added at the end, as before."""
    book = make_book(tmp_path, {**GROWING, "fourth.md": REPLACING})
    text = tangle.tangle(book)["nnfs_lit/m.py"]
    assert text == tangle.HEADER + textwrap.dedent('''
        # docs/first.md, "First"
        class Layer:
            """A layer."""

            # docs/fourth.md, "Fourth"
            # a comment that goes with it
            def forward(self, scale=1):
                return 10 * scale

            # docs/fourth.md, "Fourth"
            def backward(self):
                return 30

            # docs/third.md
            def update(self):
                return 4

            # docs/fourth.md, "Fourth"
            def reset(self):
                return 5


        def helper():
            return 2
        ''')
    namespace = {}
    exec(compile(text, "m.py", "exec"), namespace)
    layer = namespace["Layer"]()
    assert (layer.forward(2), layer.backward(), layer.update(), layer.reset()) == (
        20, 30, 4, 5)
    assert text.count("def forward") == text.count("def backward") == 1


def test_continuing_a_class_no_earlier_block_defines_is_an_error(tmp_path):
    book = make_book(tmp_path, {"second.md": GROWING["second.md"]})
    with pytest.raises(tangle.TangleError,
                       match=r"second.md:5: continues class Layer, but no earlier block"):
        tangle.tangle(book)


def test_continuation_before_the_definition_in_nav_order_is_an_error(tmp_path):
    book = make_book(tmp_path, GROWING, nav=["second.md", "first.md", "third.md"])
    with pytest.raises(tangle.TangleError, match="continues class Layer"):
        tangle.tangle(book)


def test_defining_a_name_twice_in_one_file_is_an_error(tmp_path):
    again = GROWING["second.md"].replace("    ...  # forward, from the first chapter\n", "")
    book = make_book(tmp_path, {"first.md": GROWING["first.md"], "second.md": again})
    with pytest.raises(tangle.TangleError, match=(
            r"second.md:5: Layer is already defined in nnfs_lit/m.py by docs/first.md:2")):
        tangle.tangle(book)


def test_a_block_that_is_not_python_is_an_error_with_its_line(tmp_path):
    book = make_book(tmp_path, {"one.md": f'text\n\n{FENCE}python title="nnfs_lit/m.py"\n'
                                          f"def f(:\n    pass\n{FENCE}\n"})
    with pytest.raises(tangle.TangleError, match=r"one.md:4: block titled nnfs_lit/m.py is "
                                                 r"not valid Python"):
        tangle.tangle(book)


def test_every_credit_in_the_package_points_at_a_fence_titled_with_that_file():
    """Each credit names a chapter, a section and a block number that lead to one
    fence, titled with the file the credit is in."""
    seen = set()
    blocks = {}  # (chapter, section, number) -> target
    for chapter in tangle.nav_chapters(ROOT):
        for block in tangle.read_blocks(chapter, ROOT):
            blocks[block.source, block.section, block.number] = block.target
    for target in tangle.tangle(ROOT):
        for line in (ROOT / target).read_text(encoding="utf-8").splitlines():
            match = tangle.CREDIT.match(line)
            if not match:
                continue
            key = (match["chapter"], match["section"] or "", int(match["number"] or 0))
            seen.add(key)
            assert blocks.get(key) == target, f"{target}: {line}"
    assert len(seen) == len(blocks) > 20  # every block is credited, some twice: a
    # class's members after one a later chapter replaced get their credit again


CREDITED = f"""\
# Title

## The layer

Prose.

{FENCE}python title="nnfs_lit/m.py"
# a comment, not a heading
A = 1
{FENCE}

{FENCE}python title="nnfs_lit/n.py"
B = 2
{FENCE}

## The loss

{FENCE}python title="nnfs_lit/m.py"
C = 3
{FENCE}
"""


def test_credits_name_the_section_and_do_not_move_when_prose_above_them_does(tmp_path):
    book = make_book(tmp_path, {"one.md": CREDITED})
    first = tangle.tangle(book)
    assert first["nnfs_lit/m.py"] == tangle.HEADER + (
        '\n# docs/one.md, "The layer", block 1\n# a comment, not a heading\nA = 1\n'
        '\n\n# docs/one.md, "The loss"\nC = 3\n')
    assert first["nnfs_lit/n.py"].startswith(
        tangle.HEADER + '\n# docs/one.md, "The layer", block 2\n')
    chapter = book / "docs/one.md"
    chapter.write_text(chapter.read_text().replace("Prose.", "Prose,\n\nand more prose."))
    assert tangle.tangle(book) == first


def test_no_module_carries_hand_typed_chapter_credits():
    for path in (ROOT / "nnfs_lit").glob("*.py"):
        assert "Book chapter" not in path.read_text(encoding="utf-8"), path


def test_data_files_under_datasets_are_shipped_untangled_but_code_there_is_not(tmp_path):
    book = make_book(tmp_path, {"one.md": ONE})
    tangle.write(book, io.StringIO())
    (book / "nnfs_lit/datasets").mkdir()
    (book / "nnfs_lit/datasets/digits.csv.gz").write_bytes(b"\x1f\x8b data")
    assert tangle.check(book, io.StringIO()) == 0
    assert tangle.write(book, io.StringIO()) == []
    assert (book / "nnfs_lit/datasets/digits.csv.gz").exists()
    (book / "nnfs_lit/notes.txt").write_text("data outside datasets/\n")
    (book / "nnfs_lit/datasets/loader.py").write_text("X = 1\n")
    out = io.StringIO()
    assert tangle.check(book, out) == 1
    assert "nnfs_lit/notes.txt: no chapter produces this file" in out.getvalue()
    assert "nnfs_lit/datasets/loader.py: no chapter produces this file" in out.getvalue()
