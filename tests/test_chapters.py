"""Every chapter in the nav is doctested, and every tangled module names its chapter."""

import re
from pathlib import Path

import pytest
import tangle

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = [p for p in tangle.nav_chapters(ROOT) if p.name != "index.md"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_has_a_doctest(chapter):
    text = chapter.read_text(encoding="utf-8")
    assert re.search(r"^```pycon\n>>> ", text, re.MULTILINE), f"{chapter.name} has no doctest"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_doctest_blocks_end_with_a_blank_line_before_the_fence(chapter):
    # Without it, doctest reads the closing fence as expected output (DESIGN.md, section 3).
    text = chapter.read_text(encoding="utf-8")
    for block in re.findall(r"^```pycon\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        assert block.endswith("\n\n"), f"{chapter.name}: pycon block lacks a blank last line"


def test_every_module_names_the_chapter_it_comes_from():
    for target in tangle.tangle(ROOT):
        text = (ROOT / target).read_text(encoding="utf-8")
        named = re.findall(r"docs/[\w-]+\.md", text.split('"""')[1])
        assert named, f"{target}: docstring names no chapter"
        for chapter in named:
            assert (ROOT / chapter).is_file(), f"{target} names missing {chapter}"
