"""The chapters: every one is doctested, and no code on a page goes unchecked."""

import re
from pathlib import Path

import kernel_examples
import pycon_copy
import pytest
import tangle

from nnfs_lit import floats

ROOT = Path(__file__).resolve().parent.parent
# pages that introduce or include, with no code of their own
OVERVIEWS = {"index.md", "part-2.md", "part-3.md", "contributing.md"}
CHAPTERS = [p for p in tangle.nav_chapters(ROOT) if p.name not in OVERVIEWS]
ALL_PAGES = sorted((ROOT / "docs").rglob("*.md"))
SHOWN_CODE = [*ALL_PAGES, ROOT / "CONTRIBUTING.md"]  # Appendix F includes it
MAX_COLUMNS = 88  # what fits beside both sidebars at 1280 px (CONTRIBUTING.md)
MAX_COLUMNS_IN_EXERCISES = 84  # an exercise's solution sits inside two admonitions


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
def test_no_line_of_a_folded_paragraph_falls_out_of_its_fold(page):
    """An unindented line right after an indented one (outside code) would leave its
    admonition: Python-Markdown has no lazy continuation there, so the word lands on
    the page outside the fold, as a paragraph of its own."""
    lines, inside = page.read_text(encoding="utf-8").split("\n"), False
    for number, (before, line) in enumerate(zip(lines, lines[1:], strict=False), 2):
        if before.lstrip().startswith(("```", "~~~")):
            inside = not inside
        if inside or not before.strip() or not line.strip():
            continue
        if before.startswith("    ") and not line.startswith((" ", "\t", "<", "|")):
            raise AssertionError(f"{page.name}:{number}: {line!r} falls out of its fold")


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.name)
def test_every_python_block_is_tangled_into_the_package(page):
    # An untitled ```python block would be code that nothing runs or checks.
    for info, _code, line in tangle.fenced_blocks(page, ROOT):
        language = info.split()[0] if info.split() else ""
        if language in ("python", "py"):
            assert 'title="nnfs_lit/' in info, f"{page.name}:{line}: untitled python block"


@pytest.mark.parametrize("page", SHOWN_CODE, ids=lambda p: p.name)
def test_code_lines_fit_the_page(page):
    too_wide = []
    lines = page.read_text(encoding="utf-8").splitlines()
    for info, code, line in tangle.fenced_blocks(page, ROOT):
        if info.startswith("pycon"):
            code = pycon_copy.without_directives(code)  # directives are not shown
        nested = lines[line - 1].startswith(" " * 8)
        limit = MAX_COLUMNS_IN_EXERCISES if nested else MAX_COLUMNS
        too_wide += [f"{page.name}:{line + i + 1}" for i, text in
                     enumerate(code.splitlines()) if len(text) > limit]
    assert too_wide == []


NUMBERED = [p for p in CHAPTERS if re.match(r"\d\d-", p.name)]  # Parts I and II
FIGURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>assets/(?:pictures|experiments)/[^)]+\.png)\)")


@pytest.mark.parametrize("chapter", NUMBERED, ids=lambda p: p.name)
def test_every_numbered_chapter_has_goals_a_try_it_and_key_points(chapter):
    text = chapter.read_text(encoding="utf-8")
    assert '!!! abstract "What you will learn"' in text.split("\n## ")[0]
    assert "\n## Try it\n" in text
    assert text.rstrip().split("\n## ")[-1].startswith("Key points\n")


@pytest.mark.parametrize("chapter", NUMBERED, ids=lambda p: p.name)
def test_every_numbered_chapter_shows_a_figure_with_real_alt_text(chapter):
    figures = FIGURE.findall(chapter.read_text(encoding="utf-8"))
    assert figures, f"{chapter.name} shows no figure made by the build"
    for alt, src in figures:
        assert len(alt) >= 60, f"{chapter.name}: {src} has too short an alt text: {alt!r}"


@pytest.mark.parametrize("chapter", NUMBERED, ids=lambda p: p.name)
def test_every_numbered_chapter_has_two_exercises_with_doctested_solutions(chapter):
    text = chapter.read_text(encoding="utf-8")
    number = int(chapter.name[:2])
    exercises = re.split(r'^\?\?\? question "Exercise ', text, flags=re.MULTILINE)[1:]
    assert len(exercises) >= 2, f"{chapter.name} has {len(exercises)} exercises"
    for index, exercise in enumerate(exercises, start=1):
        assert exercise.startswith(f"{number}.{index}:"), exercise[:30]
        question, _, solution = exercise.partition('    ??? success "Solution"')
        assert solution, f"{chapter.name}: exercise {number}.{index} has no solution"
        assert "        ```pycon\n        >>> " in solution.split("\n## ")[0], (
            f"{chapter.name}: exercise {number}.{index}'s solution holds no doctest")


def test_no_figure_appears_on_two_pages_or_twice_on_one():
    shown = [src for page in ALL_PAGES  # inline code may show the syntax, not a figure
             for _, src in FIGURE.findall(re.sub(r"`[^`\n]*`", "", page.read_text()))]
    assert len(shown) == len(set(shown)), sorted(s for s in shown if shown.count(s) > 1)


def solutions(chapter):
    """(name, doctest text) of every exercise solution in `chapter`, dedented."""
    text = chapter.read_text(encoding="utf-8")
    found = []
    for exercise in re.split(r'^\?\?\? question "Exercise ', text, flags=re.MULTILINE)[1:]:
        name = exercise.split(":", 1)[0]
        solution = exercise.partition('    ??? success "Solution"')[2].split("\n## ")[0]
        blocks = re.findall(r"^ {8}```pycon\n(.*?)^ {8}```", solution, re.MULTILINE | re.DOTALL)
        found.append((name, "".join(line[8:] + "\n" for block in blocks
                                    for line in block.splitlines())))
    return found


@pytest.mark.slow  # the exercises once more, each on its own (the fast loop runs them too)
@pytest.mark.parametrize("chapter", NUMBERED, ids=lambda p: p.name)
def test_every_solution_runs_on_its_own_as_a_reader_would_paste_it(chapter):
    import doctest

    for name, text in solutions(chapter):
        test = doctest.DocTestParser().get_doctest(text, {}, f"{chapter.name} {name}",
                                                   str(chapter), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        if not floats.in_effect()["pinned"]:  # as the chapter's own doctests are
            kernel_examples.tolerate(runner)
        result = runner.run(test, out=lambda message: None)
        assert result.attempted and not result.failed, f"exercise {name} fails on its own"
