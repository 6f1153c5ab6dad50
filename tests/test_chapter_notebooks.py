"""Each numbered chapter as a notebook (tools/chapter_notebooks.py): what the conversion
keeps and drops, that every chapter's notebook runs top to bottom in a fresh kernel, and
that the site publishes them all, their zip, and a link on each chapter's page."""

import io
import json
import zipfile
from pathlib import Path

import chapter_notebooks
import nbformat
import package_wheel
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = chapter_notebooks.chapter_names(ROOT / "docs")

SAMPLE = '''# 3. A chapter

!!! abstract "What you will learn"

    - one thing, see [chapter 2](02-dense-layer.md) and [the appendix](appendix/x.md).

Prose with a number: {{ experiments.seed.final_loss:.4f }}.

![A picture of the spiral, its three arms](assets/pictures/spiral.png)

```python title="nnfs_lit/layers.py"
class Dense:
    pass
```

```pycon
>>> x = 1 + 1
>>> x  # doctest: +ELLIPSIS
2
>>> y = 3
>>> int("a")
Traceback (most recent call last):
    ...
ValueError: invalid literal

```

??? question "Exercise 3.1: a question"

    Say something.

    ??? success "Solution"

        Because:

        ```pycon
        >>> print("solved")
        solved

        ```
'''


def cells(markdown, manifest=None):
    notebook = chapter_notebooks.chapter_notebook(markdown, manifest)
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def code_cells(markdown):
    return [source for kind, source in cells(markdown) if kind == "code"]


def markdown_text(markdown, manifest=None):
    return "\n".join(source for kind, source in cells(markdown, manifest)
                     if kind == "markdown")


def test_prose_becomes_markdown_and_admonitions_become_bold_titles():
    text = markdown_text(SAMPLE)
    assert text.startswith("# 3. A chapter\n\n**What you will learn**\n\n- one thing")
    assert "!!!" not in text and "???" not in text
    assert "**Exercise 3.1: a question**\n\nSay something." in text
    # unindented: four spaces would make Markdown code
    assert "\n- one thing" in text and "\nSay something" in text and "\nBecause" in text


def test_each_pycon_example_with_output_is_a_code_cell_without_prompts_or_output():
    code = code_cells(SAMPLE)[2:]  # after the package's own code
    assert code[0] == "x = 1 + 1\nx"  # the directive dropped, the cell ends at an output
    assert ">>>" not in "".join(code) and "doctest" not in "".join(code)
    assert all("\n2" not in cell for cell in code)


def test_an_expected_exception_is_wrapped_so_that_run_all_goes_on():
    assert code_cells(SAMPLE)[3] == ('y = 3\ntry:\n    int("a")\nexcept ValueError as error:\n'
                                     '    print(f"ValueError: {error}")')


def test_a_solution_is_a_titled_markdown_cell_then_its_code():
    kinds = cells(SAMPLE)
    assert kinds[-2] == ("markdown", "**Solution**\n\nBecause:")
    assert kinds[-1] == ("code", 'print("solved")')


def test_a_block_of_the_network_is_a_cell_that_runs_into_the_package():
    code = code_cells(SAMPLE)
    assert code[0].endswith("%load_ext nnfs_lit.live")  # once, before the first
    assert code[1] == "%%nnfs_lit nnfs_lit/layers.py\nclass Dense:\n    pass"
    assert "`nnfs_lit/layers.py`, the package's own code: edit this cell" in (
        markdown_text(SAMPLE))
    twice = SAMPLE.replace("```pycon", '```python title="nnfs_lit/model.py"\nx = 1\n'
                                       '```\n\n```pycon', 1)
    assert sum("%load_ext" in cell for cell in code_cells(twice)) == 1


def test_a_block_of_the_books_machinery_is_shown_as_markdown_code_not_run():
    machinery = SAMPLE.replace("nnfs_lit/layers.py", "nnfs_lit/pictures.py")
    assert "pictures" in chapter_notebooks.book_layer()
    text = markdown_text(machinery)
    assert "`nnfs_lit/pictures.py` (in the package" in text
    assert "```python\nclass Dense:\n    pass\n```" in text
    assert all("class Dense" not in cell for cell in code_cells(machinery))


def test_figures_become_alt_text_and_links_to_chapters_become_links_to_notebooks():
    text = markdown_text(SAMPLE)
    assert "*[Figure: A picture of the spiral, its three arms]*" in text
    assert "assets/" not in text
    assert "[chapter 2](02-dense-layer.ipynb)" in text
    assert "the appendix" in text and "appendix/x.md" not in text


def test_placeholders_take_the_builds_values_or_a_neutral_phrase():
    manifest = {"experiments": {"seed": {"metrics": {"final_loss": 1.08261}}}}
    assert "Prose with a number: 1.0826." in markdown_text(SAMPLE, manifest)
    assert "<span" not in markdown_text(SAMPLE, manifest)
    assert f"Prose with a number: {chapter_notebooks.NO_MANIFEST}." in markdown_text(SAMPLE)


def test_the_download_line_goes_under_the_title():
    page = chapter_notebooks.with_download_line("# 3. A\n\nText", "03-a.md")
    lines = page.split("\n")
    assert lines[0] == "# 3. A" and lines[1] == lines[3] == "" and lines[4] == "Text"
    assert "(notebooks/03-a.ipynb)" in lines[2] and "(notebooks/nnfs-lit-notebooks.zip)" in lines[2]
    assert f"[the package](notebooks/{package_wheel.wheel_name()})" in lines[2]


def test_with_an_install_address_the_first_code_cell_installs_the_wheel_from_it():
    url = "https://example.org/book/notebooks/nnfs_lit-0.1.0-py3-none-any.whl"
    notebook = chapter_notebooks.chapter_notebook(SAMPLE, source="docs/03-a.md",
                                                  install_url=url)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].source.endswith(f"\n%pip install --quiet {url}")
    assert code[0].metadata["tags"] == ["install"]
    assert "runs in Colab or any Jupyter" in notebook.cells[0].source
    plain = chapter_notebooks.chapter_notebook(SAMPLE, source="docs/03-a.md")
    assert not any("%pip" in cell.source for cell in plain.cells)


def test_write_all_writes_a_notebook_per_numbered_chapter_and_their_zip(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("01-one.md", "02-two.md", "index.md", "part-2.md", "03-not-in-nav.md"):
        (docs / name).write_text(f"# {name}\n\n```pycon\n>>> 1\n1\n\n```\n")
    # the chapters are the nav's numbered pages, in its order
    (tmp_path / "mkdocs.yml").write_text(
        "nav:\n  - index.md\n  - 01-one.md\n  - Part II: [part-2.md, 02-two.md]\n")
    # and the package, which the wheel holds
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "nnfs_lit" / "datasets").mkdir(parents=True)
    (tmp_path / "nnfs_lit" / "__init__.py").write_text('"""A package."""\n')
    written = chapter_notebooks.write_all(docs, tmp_path / "out")
    wheel = package_wheel.wheel_name(tmp_path)
    assert [p.name for p in written] == ["01-one.ipynb", "02-two.ipynb",
                                         chapter_notebooks.ZIP_NAME, wheel]
    for path in written[:2]:
        nbformat.validate(nbformat.read(path, as_version=4))
        assert "%pip" not in path.read_text()  # no site address: nothing to install from
    archive = zipfile.ZipFile(io.BytesIO(written[2].read_bytes()))
    assert sorted(archive.namelist()) == ["nnfs-lit-notebooks/01-one.ipynb",
                                          "nnfs-lit-notebooks/02-two.ipynb"]
    assert "nnfs_lit/__init__.py" in zipfile.ZipFile(written[3]).namelist()
    again = chapter_notebooks.write_all(docs, tmp_path / "again")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
    online = chapter_notebooks.write_all(docs, tmp_path / "online", None,
                                         "https://example.org/book/")
    assert f"%pip install --quiet https://example.org/book/notebooks/{wheel}" in (
        online[0].read_text())
    local = chapter_notebooks.write_all(docs, tmp_path / "local", None,
                                        "http://127.0.0.1:8000/")
    assert "%pip" not in local[0].read_text()  # Colab could not reach this address


def test_only_an_address_another_machine_reaches_is_public():
    assert chapter_notebooks.is_public("https://someone.github.io/nnfs-lit/")
    for local in ("http://127.0.0.1:8000/", "http://localhost:8000/", "", None):
        assert not chapter_notebooks.is_public(local)


def test_the_cells_of_a_slow_example_are_tagged_slow():
    notebook = chapter_notebooks.chapter_notebook(
        "# x\n\n```pycon\n>>> run = 1  # doctest: +SLOW\n>>> run\n1\n\n```\n")
    tags = [cell.metadata.get("tags", []) for cell in notebook.cells
            if cell.cell_type == "code"]
    assert tags == [["slow"], []]


def test_every_chapter_has_cells_of_both_kinds():
    assert CHAPTERS[:3] == ["01-spiral-data.md", "02-dense-layer.md",
                            "03-activations.md"]
    assert [c[:2] for c in CHAPTERS] == [f"{n:02d}" for n in range(1, len(CHAPTERS) + 1)]
    assert len(CHAPTERS) >= 20  # Parts I, II and III
    for chapter in CHAPTERS:
        notebook = chapter_notebooks.chapter_notebook((ROOT / "docs" / chapter).read_text())
        nbformat.validate(notebook)
        kinds = {cell.cell_type for cell in notebook.cells}
        assert kinds == {"markdown", "code"}, chapter


def run(notebook, cwd, monkeypatch):
    """Run every cell in a fresh kernel of this interpreter, importing this checkout's
    nnfs_lit; raises CellExecutionError at the first cell that fails."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    NotebookClient(notebook, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return notebook


def test_a_failing_cell_fails_the_run(tmp_path, monkeypatch):
    notebook = chapter_notebooks.chapter_notebook("# x\n\n```pycon\n>>> 1 / 0\n0\n\n```\n")
    with pytest.raises(CellExecutionError):
        run(notebook, tmp_path, monkeypatch)


@pytest.mark.slow  # a kernel per chapter, and its examples run once more
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_notebook_runs_top_to_bottom_in_a_fresh_kernel(chapter, tmp_path,
                                                                      monkeypatch):
    """Every cell but those of the long runs (examples marked +SLOW, tagged "slow" in
    the notebook): the chapter's doctests run those in the full suite, and the fast
    loop proves that no later example needs them."""
    notebook = chapter_notebooks.chapter_notebook((ROOT / "docs" / chapter).read_text())
    notebook.cells = [cell for cell in notebook.cells
                      if "slow" not in cell.metadata.get("tags", [])]
    run(notebook, tmp_path, monkeypatch)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)
    assert not [output for cell in code for output in cell.outputs
                if output.output_type == "error"]
    assert any(cell.outputs for cell in code)


@pytest.mark.slow  # builds the site
def test_the_site_publishes_every_chapters_notebook_their_zip_and_a_link(built_book):
    site = built_book.root / "site"
    published = {}
    for chapter in CHAPTERS:
        name = chapter_notebooks.notebook_name(chapter)
        text = (site / "notebooks" / name).read_text(encoding="utf-8")
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
        assert any(cell.cell_type == "code" for cell in notebook.cells)
        assert chapter_notebooks.NO_MANIFEST not in text  # the build's numbers are in
        published[f"nnfs-lit-notebooks/{name}"] = text
        page = (site / chapter.removesuffix(".md") / "index.html").read_text(
            encoding="utf-8")
        assert f'href="../notebooks/{name}"' in page, chapter
        assert 'href="../notebooks/nnfs-lit-notebooks.zip"' in page, chapter
    wheel = package_wheel.wheel_name()
    assert (site / "notebooks" / wheel).is_file()  # linked under every chapter's title
    assert not chapter_notebooks.is_public(built_book.site_url)  # a local build's
    assert not any("%pip" in text for text in published.values())  # nothing to reach
    archive = zipfile.ZipFile(site / "notebooks" / chapter_notebooks.ZIP_NAME)
    assert {n: archive.read(n).decode() for n in archive.namelist()} == published
    manifest = json.loads((built_book.results / "manifest.json").read_text())
    accuracy = manifest["experiments"]["seed"]["metrics"]["final_accuracy"]
    assert f"{accuracy:.1%}" in published["nnfs-lit-notebooks/07-training.ipynb"]


@pytest.mark.slow  # a kernel
def test_an_edited_block_changes_the_package_for_every_later_cell(tmp_path, monkeypatch):
    """What a reader does in a chapter's notebook: edit the package's own code in its
    %%nnfs_lit cell, run it, and the examples after it (and objects made before it)
    use the edit."""
    chapter = ("# 3. A chapter\n\n```pycon\n>>> import numpy as np\n>>> from nnfs_lit "
               "import ReLU\n>>> relu = ReLU()\n\n```\n\n"
               '```python title="nnfs_lit/activations.py"\nclass ReLU:\n    ...\n\n'
               "    def forward(self, inputs):\n        self.output = np.abs(inputs)\n"
               "        return self.output\n```\n\n"
               "```pycon\n>>> relu.forward(np.array([[-1.0, 2.0]])).tolist()\n"
               "[[0.0, 2.0]]\n\n```\n")
    notebook = run(chapter_notebooks.chapter_notebook(chapter), tmp_path, monkeypatch)
    shown = notebook.cells[-1].outputs[0]["data"]["text/plain"]
    assert shown == "[[1.0, 2.0]]"  # the edit's abs, not the book's max(0, x)
