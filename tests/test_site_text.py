"""What the built site says in words and gives away in its files: commands a reader can
paste, prose without Python's brackets, a search index without TeX delimiters, and no
folder of the machine that built it. The tools' functions are tested here quickly; the
tests marked slow read the built book (conftest.py's built_book)."""

import gzip
import html
import json
import re
import zipfile
from pathlib import Path

import placeholders
import pycon_copy
import pytest
import search_index

CONSOLE_HTML = (
    '<p>Run:</p>\n<div class="highlight"><pre><span></span><code>'
    '<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>'
    '<span class="gp">$ </span>python<span class="w"> </span>-<span class="w"> </span>'
    '&lt;&lt;<span class="s1">\'EOF\'</span><span class="w"> </span>|<span class="w"> '
    '</span>head\n'
    '<a id="__codelineno-0-2" name="__codelineno-0-2" href="#__codelineno-0-2"></a>'
    '<span class="go">print(&quot;$ 1&quot;)</span>\n'
    '<a id="__codelineno-0-3" name="__codelineno-0-3" href="#__codelineno-0-3"></a>'
    '<span class="go">EOF</span>\n'
    '<a id="__codelineno-0-4" name="__codelineno-0-4" href="#__codelineno-0-4"></a>'
    '<span class="go">$ 1</span>\n'
    '<a id="__codelineno-0-5" name="__codelineno-0-5" href="#__codelineno-0-5"></a>'
    '<span class="gp">$ </span>ls<span class="w"> </span><span class="c1"># and</span>\n'
    '</code></pre></div>\n')


def test_a_console_session_copies_its_commands_without_prompts_or_output():
    session = ("$ python3 tools/dev.py test   # every test\n"
               "===== 12 passed =====\n"
               "$ python - <<'EOF' | head -25\n"
               "import cProfile\n"
               "$ not a prompt: the here-document's text\n"
               "EOF\n"
               "  1000 function calls\n"
               "$ echo one \\\n"
               "  two\n"
               "one two\n")
    assert pycon_copy.runnable_commands(session) == (
        "python3 tools/dev.py test   # every test\n"
        "python - <<'EOF' | head -25\n"
        "import cProfile\n"
        "$ not a prompt: the here-document's text\n"
        "EOF\n"
        "echo one \\\n"
        "  two\n")


def test_a_console_block_of_the_html_carries_its_commands_as_data_copy():
    wrapped = pycon_copy.wrap_console_blocks(CONSOLE_HTML)
    copy = re.search(r'<div class="highlight console-copy" data-copy="([^"]*)">', wrapped)
    assert copy, wrapped
    assert html.unescape(copy[1]) == "python - <<'EOF' | head\nprint(\"$ 1\")\nEOF\nls # and\n"
    assert wrapped.replace(copy[0], '<div class="highlight">') == CONSOLE_HTML
    pycon = CONSOLE_HTML.replace('"gp">$ ', '"gp">&gt;&gt;&gt; ')  # not a shell's session
    assert pycon_copy.wrap_console_blocks(pycon) == pycon
    assert pycon_copy.wrap_console_blocks(wrapped) == wrapped  # once


def test_the_search_index_shows_math_without_delimiters_and_code_as_written():
    text = (r"<p>Adam's \(\beta_1\) and \(\mathbf{x}_i\), then</p> \[ v \leftarrow \mu\,v \]"
            r" <p>or $$a^2$$ and $b$, but $5 and $6 stay.</p> <pre><code>$ ls \(x\)"
            r"</code></pre> <p><code>$x_1$</code></p>")
    assert search_index.readable_math(text) == (
        "<p>Adam's β₁ and xᵢ, then</p> v ← μ v"
        " <p>or a² and b, but $5 and $6 stay.</p> <pre><code>$ ls \\(x\\)"
        r"</code></pre> <p><code>$x_1$</code></p>")


@pytest.mark.parametrize("tex, text", [
    # symbols for the commands, as the page draws them
    (r"m \leftarrow \beta_1 m + (1 - \beta_1) g", "m ← β₁ m + (1 - β₁) g"),
    (r"\frac{\partial p_k}{\partial z_j} = p_k(\delta_{kj} - p_j)",
     "∂pₖ/∂zⱼ = pₖ(δₖⱼ - pⱼ)"),
    (r"x \cdot w + b \approx \sum_{ij} Z_{ij} G_{ij}", "x · w + b ≈ Σᵢⱼ Zᵢⱼ Gᵢⱼ"),
    (r"\varepsilon \sim \mathcal N(0, 0.2^2)", "ε ∼ N(0, 0.2²)"),
    (r"\theta \leftarrow \theta - \eta \frac{\hat m}{\sqrt{\hat v} + \epsilon}",
     "θ ← θ - η m\u0302/(√v\u0302 + ε)"),  # m̂, v̂: a combining circumflex
    # a fraction of more than one term keeps its brackets
    (r"\sigma(z) = \frac{1}{1 + e^{-z}}", "σ(z) = 1/(1 + e⁻ᶻ)"),
    (r"\frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}", "e^zₖ/(Σⱼ₌₁^K e^zⱼ)"),
    # styles dropped, their argument kept; an accent on one letter kept; no braces
    (r"\operatorname{diag}(\mathbf p) - \mathbf p \mathbf p^{\top}", "diag(p) - p pᵀ"),
    (r"L_i = -\log \hat{\mathbf y}_{i, c_i}", "Lᵢ = -log y\u0302_(i, cᵢ)"),
    (r"\sum (y - \bar y)^2 \text{ and } \hat{xy}", "Σ (y - y\u0304)² and xy"),
    (r"n_{\text{in}} \times 10^{-7}", "nᵢₙ × 10⁻⁷"),
    (r"\{0, \dots, K-1\} \quad \text{and}\ \max_k", "{0, …, K-1} and maxₖ"),
    (r"\frac{\partial L}{\partial W} &= X^{\top} \frac{\partial L}{\partial Z}, \\\\",
     "∂L/∂W = Xᵀ ∂L/∂Z,"),
])
def test_search_previews_read_tex_as_the_page_draws_it(tex, text):
    assert search_index.tex_as_text(tex) == text
    assert "\\" not in search_index.readable_math(rf"<p>\({tex}\)</p>")


def test_the_search_plugin_indexes_a_page_again_only_when_it_changed():
    """Material's own SearchIndex, wrapped: a page unchanged since an earlier build of
    the process (a serve session) gets the same entries without being parsed again."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex

    search_index.remember_entries(SearchIndex)
    search_index.remember_entries(SearchIndex)  # a second build's hook: wrapped once
    parsed = []
    original = SearchIndex.create_entry_for_section

    def counting(self, section, toc, url, page):
        parsed.append(url)
        return original(self, section, toc, url, page)

    SearchIndex.create_entry_for_section = counting
    try:
        page = SimpleNamespace(url="chapter/", meta={}, toc=[], title="A chapter",
                               content='<h2 id="a">A title</h2><p>Some text.</p>')
        builds, parses = [], []
        for content in (page.content, page.content, page.content.replace("Some", "New")):
            index = SearchIndex()
            page.content = content
            index.add_entry_from_context(page)
            builds.append([entry["text"] for entry in index.entries])
            parses.append(len(parsed))
    finally:
        SearchIndex.create_entry_for_section = original
    assert builds[0] == builds[1] and "<p>Some text.</p>" in builds[0]
    assert "<p>New text.</p>" in builds[2] and "<p>Some text.</p>" not in builds[2]
    first = parses[0]
    assert first > 0 and parses == [first, first, 2 * first]  # the second parsed nothing


def test_the_search_index_file_is_rewritten_in_every_title_and_text(tmp_path):
    index = tmp_path / "search_index.json"
    index.write_text('{"config": {"lang": ["en"]}, "docs": [{"location": "a/", '
                     r'"title": "The \\(\\sigma\\)", "text": "<p>\\(\\sigma(z)\\)</p>"}]}')
    search_index.rewrite(index)
    assert json.loads(index.read_text()) == {"config": {"lang": ["en"]}, "docs": [
        {"location": "a/", "title": "The σ", "text": "<p>σ(z)</p>"}]}


@pytest.mark.parametrize("widths, words", [
    ([64, 64, 64], "three hidden layers of 64"), ([128], "one hidden layer of 128"),
    ([64, 32], "hidden layers of 64 and 32"), ((128, 64, 32), "hidden layers of 128, 64 and 32"),
    ([], "no hidden layer")])
def test_hidden_widths_are_said_in_words(widths, words):
    experiments = {"best": {"metrics": {"hidden": widths}}}
    filled = placeholders.fill("It has {{ experiments.best.hidden:layers }}.", experiments,
                               "page.md")
    assert re.sub(r"<[^>]+>", "", filled) == f"It has {words}."


def test_a_list_quoted_without_words_is_an_error_that_says_how():
    experiments = {"best": {"metrics": {"hidden": [64, 64], "l2": 0.001}}}
    with pytest.raises(placeholders.PlaceholderError) as error:
        placeholders.fill("widths {{ experiments.best.hidden }}", experiments, "page.md")
    assert str(error.value) == (
        "page.md: {{ experiments.best.hidden }} is a list, which the page would show as "
        "Python's [64, 64]; say it in words, e.g. {{ experiments.best.hidden:layers }} "
        "for a network's hidden widths")
    with pytest.raises(placeholders.PlaceholderError, match="l2 is 0.001"):
        placeholders.fill("{{ experiments.best.l2:layers }}", experiments, "page.md")


# -- the built site ---------------------------------------------------------------------

CODE = re.compile(r"<(pre|code|script|style)\b.*?</\1>"
                  r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>', re.DOTALL)
MATH = re.compile(r'<(span|div) class="arithmatex">.*?</\1>', re.DOTALL)
PYTHON_LIST = re.compile(r"\[\s*(?:-?\d[\d.e+-]*|'[^'\n]*'|\"[^\"\n]*\")"
                         r"(?:\s*,\s*(?:-?\d[\d.e+-]*|'[^'\n]*'|\"[^\"\n]*\"))*\s*,?\s*\]")


def prose(text):
    """What a reader reads as text in HTML: no code, no math, no tags."""
    return html.unescape(re.sub(r"<[^>]+>", " ", MATH.sub(" ", CODE.sub(" ", text))))


def pages_prose(site):
    """(file, its prose) for every page of the site and every notebook's Markdown."""
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site), prose(path.read_text(encoding="utf-8"))
    for path in sorted(site.rglob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(cell["source"]) for cell in cells
                         if cell["cell_type"] == "markdown")
        text = re.sub(r"^(```|~~~).*?^\1", " ", text, flags=re.MULTILINE | re.DOTALL)
        text = re.sub(r"\[([^\]]*)\]\([^)\s]*\)", r"\1", text)  # [2](02-dense-layer.ipynb)
        yield path.relative_to(site), re.sub(r"`[^`\n]+`|\$\$?[^$]+\$\$?", " ", text)


@pytest.mark.slow
def test_the_prose_shows_no_python_list(built_book):
    lists = [f"{name}: ...{text[max(0, m.start() - 50):m.end() + 10]}..."
             for name, text in pages_prose(built_book.root / "site")
             for m in PYTHON_LIST.finditer(text)]
    assert lists == []


@pytest.mark.slow
def test_the_search_index_shows_math_without_tex_delimiters(built_book):
    index = json.loads((built_book.root / "site/search/search_index.json").read_text())
    delimiters = [(entry["location"], match[0])
                  for entry in index["docs"] for field in ("title", "text")
                  for match in re.finditer(r".{0,30}(?:\\[()[\]]|\$).{0,30}",
                                           CODE.sub(" ", entry[field]))]
    assert delimiters == []
    adam = next(entry["text"] for entry in index["docs"] if "β₁" in entry["text"])
    assert "(1 - β₁) g" in adam  # chapter 10's \((1 - \beta_1) g\), still there
    backslashes = [(entry["location"], match[0])
                   for entry in index["docs"] for field in ("title", "text")
                   for match in re.finditer(r".{0,30}\\[A-Za-z]+.{0,30}",
                                            CODE.sub(" ", entry[field]))]
    assert backslashes == []  # no TeX command left as text


def folders_of_the_build(book):
    """The folders a site must not name: where it was built and the user's home."""
    folders = {str(book.root), str(book.root.resolve()), str(Path.home())}
    return re.compile(b"|".join(re.escape(folder.encode()) + rb"(?![\w.-])"
                                for folder in sorted(folders, key=len, reverse=True)))


def every_file(site):
    """(name, bytes) of every file of the site, and of each member of its archives."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name, data = str(path.relative_to(site)), path.read_bytes()
        yield name, data
        if path.suffix == ".gz":
            yield name + " (unpacked)", gzip.decompress(data)
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    yield f"{name}: {member}", archive.read(member)


@pytest.mark.slow
def test_no_file_of_the_site_names_a_folder_of_the_machine_that_built_it(built_book):
    site = built_book.root / "site"
    folders = folders_of_the_build(built_book)
    named = [f"{name}: ...{data[max(0, m.start() - 60):m.end() + 30].decode(errors='replace')}"
             for name, data in every_file(site) for m in folders.finditer(data)]
    assert named == []


def test_a_bad_inputs_message_shows_no_folder_of_the_machine(tmp_path, monkeypatch):
    import page_facts

    import nnfs_lit

    installed = tmp_path / "site-packages"  # as if the package were installed there
    monkeypatch.setattr(nnfs_lit, "__file__", str(installed / "nnfs_lit/__init__.py"))
    cases = tmp_path / "bad_inputs.py"
    cases.write_text(
        "from pathlib import Path\n"
        "from types import SimpleNamespace as Case\n"
        "def fail():\n"
        f"    raise ValueError(f'{installed}/nnfs_lit/datasets/digits.csv.gz, '\n"
        f"                     f'{page_facts.ROOT}/docs and {{Path.home()}}/.cache')\n"
        "CASES = [Case(id='where', what='a message with folders', call=fail,\n"
        "              error=ValueError, message='.')]\n")
    (row,) = page_facts.bad_input_messages(cases)
    assert row["message"] == "nnfs_lit/datasets/digits.csv.gz, docs and ~/.cache"
