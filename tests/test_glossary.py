"""The glossary: includes/glossary.md defines terms that every page shows as tooltips,
once per page at a term's first use in running text (tools/glossary_marks.py, run by
tools/hook_glossary.py), and Appendix H lists the same definitions for reading in one
place."""

import re
from pathlib import Path

import glossary_marks
import markdown
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "includes" / "glossary.md"
NOTATION = ROOT / "docs" / "appendix" / "notation.md"
# the book's prose: every page, and CONTRIBUTING.md, which Appendix F includes
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "CONTRIBUTING.md"]
ENTRY = re.compile(r"^\*\[(?P<term>[^\]]+)\]: *(?P<definition>.*)$", re.MULTILINE)
FENCE = re.compile(r"^\s*(```|~~~)")


def entries(text):
    """[(term, definition), ...] of a glossary file's text, in its order."""
    return [(m["term"], m["definition"].strip()) for m in ENTRY.finditer(text)]


def glossary():
    return dict(entries(GLOSSARY.read_text(encoding="utf-8")))


def prose(text):
    """A page's text without what the marks leave alone: code blocks, inline code,
    math, HTML comments, images' alt text and links' targets."""
    lines, inside = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            inside = not inside
        elif not inside:
            lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.DOTALL)
    text = re.sub(r"\$[^$]+\$", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    return re.sub(r"\]\([^)]*\)", "] ", text)


def appears(term, text):
    """Whether `term` is used in `text`: exact case, whole words, as marked."""
    return re.search(rf"\b{re.escape(term)}\b", text) is not None


def notation_glossary():
    """{form: definition} of the table under Appendix H's '## Glossary', where one
    row names every form of a term ('epoch, epochs')."""
    text = NOTATION.read_text(encoding="utf-8").split("\n## Glossary\n", 1)[1]
    listed = {}
    for row in re.findall(r"^\|(.*)\|$", text, re.MULTILINE)[2:]:  # after the header
        terms, definition, _chapter = (cell.strip() for cell in row.split("|"))
        for form in terms.split(", "):
            assert form not in listed, f"Appendix H lists {form!r} twice"
            listed[form] = definition
    return listed


def test_glossary_file_holds_only_entries():
    # anything else, even an HTML comment, would be copied into every page
    text = GLOSSARY.read_text(encoding="utf-8")
    assert ENTRY.sub("", text).strip() == "", "a line that is not `*[term]: definition`"


def test_the_glossary_has_between_25_and_60_entries_and_no_term_twice():
    terms = [term for term, _ in entries(GLOSSARY.read_text(encoding="utf-8"))]
    assert 25 <= len(terms) <= 60  # short enough to read in one sitting
    assert len(terms) == len(set(terms)), [t for t in terms if terms.count(t) > 1]


@pytest.mark.parametrize("term, definition", sorted(glossary().items()))
def test_every_definition_is_one_plain_sentence(term, definition):
    assert definition, f"{term}: empty definition"
    assert definition[0].isupper() and definition.endswith("."), definition
    # a full stop followed by a capital would start a second sentence
    assert not re.search(r"[.!?]\s+[A-Z]", definition[:-1]), definition
    # the definition becomes an HTML title: Markdown would show as typed
    assert not re.search(r"[`*\[\]<>]", definition), definition


def test_prose_leaves_out_code_math_comments_and_alt_text():
    page = ("A batch of text.\n\n```python\nepoch = 1\n```\n\nThe `momentum` and "
            "$\\eta$ for the learning rate.\n<!-- dropout -->\n![an plateau](a.png)\n")
    text = prose(page)
    assert appears("batch", text) and appears("learning rate", text)
    for hidden in ("epoch", "momentum", "eta", "dropout", "plateau"):
        assert not appears(hidden, text), hidden
    assert not appears("epoch", "five epochs")  # whole words, as the marks match


@pytest.mark.parametrize("term", sorted(glossary()))
def test_every_term_appears_in_the_prose_of_some_page(term):
    pages = [page for page in PAGES if page != NOTATION
             and appears(term, prose(page.read_text(encoding="utf-8")))]
    assert pages, f"{term!r} is in no page's prose: no page would ever show it"


def test_appendix_g_lists_exactly_the_glossary():
    defined, listed = glossary(), notation_glossary()
    assert sorted(listed) == sorted(defined)
    different = {form: (listed[form], defined[form]) for form in defined
                 if listed[form] != defined[form]}
    assert different == {}


def nav_labels():
    """{page path under docs/: its label in the nav}, the chapter number or the
    appendix letter that starts its title ('5. Backpropagation...' -> '5',
    'A. Friendly errors' -> 'A')."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=_MkdocsTagsAsText)
    labels, sections = {}, list(config["nav"])
    while sections:
        item = sections.pop()
        if isinstance(item, dict):
            for title, target in item.items():
                if isinstance(target, list):
                    sections.extend(target)
                elif match := re.match(r"([0-9]+|[A-Z])\. ", title):
                    labels[target] = match[1]
    return labels


def test_nav_labels_read_chapters_and_appendices():
    labels = nav_labels()
    assert labels["05-backprop-layers.md"] == "5"
    assert labels["appendix/friendly-errors.md"] == "A"
    assert labels["appendix/contributing.md"] == "F"
    assert "index.md" not in labels


def test_appendix_h_labels_every_link_by_the_nav_of_the_page_it_links():
    # a link such as [F](contributing.md) in a Chapter column names its page by
    # the chapter number or appendix letter the nav gives it
    labels = nav_labels()
    text = NOTATION.read_text(encoding="utf-8")
    links = re.findall(r"\[([0-9]+|[A-Z])\]\(([^)#]+\.md)\)", text)
    assert len(links) > 100  # the symbol tables and the glossary
    wrong = []
    for label, target in links:
        page = (Path("appendix") / target).as_posix()
        page = re.sub(r"^appendix/\.\./", "", page)
        if labels.get(page) != label:
            wrong.append(f"[{label}]({target}): the nav calls it {labels.get(page)}")
    assert wrong == []


def test_the_site_marks_the_glossary_by_its_hook_not_by_abbr_on_every_use():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=_MkdocsTagsAsText)
    extensions = {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        extensions[name] = options
    assert "abbr" not in extensions  # it would mark every use, headings included
    assert "auto_append" not in extensions["pymdownx.snippets"]
    assert "tools/hook_glossary.py" in config["hooks"]
    assert "includes" in config["watch"]  # serve rebuilds when the glossary changes
    assert "content.tooltips" in config["theme"]["features"]
    assert glossary_marks.load(GLOSSARY) == entries(GLOSSARY.read_text(encoding="utf-8"))


class _MkdocsTagsAsText(yaml.SafeLoader):
    """SafeLoader that reads mkdocs' !ENV and !relative tags as plain text."""


_MkdocsTagsAsText.add_multi_constructor(
    "!", lambda loader, suffix, node: str(getattr(node, "value", "")))


def render(page):
    """HTML of `page` with the book's Markdown extensions, its terms marked as the
    build marks them."""
    md = markdown.Markdown(extensions=[
        "admonition", "attr_list", "toc", "pymdownx.details",
        "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.superfences",
        "pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": {"generic": True}})
    return glossary_marks.mark_first_uses(md.convert(page), glossary_marks.load(GLOSSARY))


def test_a_term_is_marked_once_at_its_first_use_in_running_text():
    html = render("## ReLU: the rectified linear unit\n\n"
                  '??? question "Exercise 1: ReLU"\n\n'
                  "    Try `ReLU` on $\\operatorname{ReLU}(z)$.\n\n"
                  "$$\n\\operatorname{ReLU}(z) = \\max(0, z)\n$$\n\n"
                  "See [ReLU](#x). The ReLU keeps positive values; a ReLU again.\n\n"
                  "```python\nrelu = ReLU()  # ReLU\n```\n\n"
                  "![A plot of ReLU of z, flat then rising](relu.png)\n")
    title = glossary()["ReLU"]
    marked = f'<abbr title="{title}">ReLU</abbr>'
    assert html.count("<abbr") == 1  # once, in the sentence
    assert f"The {marked} keeps positive values; a ReLU again." in html
    assert '<h2 id="relu-the-rectified-linear-unit">ReLU: the rectified' in html
    assert "<summary>Exercise 1: ReLU</summary>" in html and '<a href="#x">ReLU</a>' in html
    assert "<code>ReLU</code>" in html and "\\operatorname{ReLU}(z)" in html
    assert 'alt="A plot of ReLU of z, flat then rising"' in html


def test_the_forms_of_a_term_share_one_mark_and_a_longer_term_wins():
    html = render("Five epochs, then one epoch. A dense layer is a layer.\n")
    assert html.count("<abbr") == 2
    assert f'Five <abbr title="{glossary()["epochs"]}">epochs</abbr>, then one epoch.' in html
    assert f'A <abbr title="{glossary()["dense layer"]}">dense layer</abbr>' in html


@pytest.mark.slow
def test_the_built_site_marks_each_term_at_most_once_a_page_and_only_in_running_text(
        built_book):
    site = built_book.root / "site"
    html = (site / "03-activations" / "index.html").read_text(encoding="utf-8")
    title = glossary()["ReLU"]
    assert f'<abbr title="{title}">ReLU</abbr>' in html
    assert 'id="relu-the-rectified-linear-unit"' in html  # anchors unchanged
    assert "<abbr" not in re.search(r"<title>.*?</title>", html, re.DOTALL)[0]
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        titles = re.findall(r'<abbr title="([^"]*)"', html)
        if path.parent.name != "print":  # the printed book: once in each chapter
            assert len(titles) == len(set(titles)), f"{path}: a term marked twice"
        unmarked = re.compile(r"<(h[1-6]|summary|code|pre)\b.*?</\1>|"
                              r'<(?:span|div) class="arithmatex">.*?</(?:span|div)>',
                              re.DOTALL)
        for element in unmarked.finditer(html):
            assert "<abbr" not in element[0], f"{path}: {element[0][:80]}"
    notation = (built_book.root / "site" / "appendix" / "notation" / "index.html")
    assert "One letter, two meanings" in notation.read_text(encoding="utf-8")
