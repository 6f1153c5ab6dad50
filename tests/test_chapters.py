"""The chapters: every one is doctested, and no code on a page goes unchecked."""

import re
from pathlib import Path

import pycon_copy
import pytest
import tangle

ROOT = Path(__file__).resolve().parent.parent
OVERVIEWS = {"index.md", "part-2.md"}  # pages that introduce, with no code of their own
CHAPTERS = [p for p in tangle.nav_chapters(ROOT) if p.name not in OVERVIEWS]
ALL_PAGES = sorted((ROOT / "docs").rglob("*.md"))
MAX_COLUMNS = 88  # what fits beside both sidebars at 1280 px (CONTRIBUTING.md)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_has_a_doctest(chapter):
    text = chapter.read_text(encoding="utf-8")
    assert re.search(r"^```pycon\n>>> ", text, re.MULTILINE), f"{chapter.name} has no doctest"


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.name)
def test_doctest_blocks_end_with_a_blank_line_before_the_fence(page):
    # Without it, doctest reads the closing fence as expected output (CONTRIBUTING.md).
    text = page.read_text(encoding="utf-8")
    for block in re.findall(r"^```pycon\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        assert block.endswith("\n\n"), f"{page.name}: pycon block lacks a blank last line"


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.name)
def test_every_python_block_is_tangled_into_the_package(page):
    # An untitled ```python block would be code that nothing runs or checks.
    for info, _code, line in tangle.fenced_blocks(page, ROOT):
        language = info.split()[0] if info.split() else ""
        if language in ("python", "py"):
            assert 'title="nnfs_lit/' in info, f"{page.name}:{line}: untitled python block"


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.name)
def test_code_lines_fit_the_page(page):
    too_wide = []
    for info, code, line in tangle.fenced_blocks(page, ROOT):
        if info.startswith("pycon"):
            code = pycon_copy.without_directives(code)  # directives are not shown
        too_wide += [f"{page.name}:{line + i + 1}" for i, text in
                     enumerate(code.splitlines()) if len(text) > MAX_COLUMNS]
    assert too_wide == []
