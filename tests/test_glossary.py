"""The glossary: includes/glossary.md defines terms that every page shows as tooltips
(Markdown's abbr extension, the file appended to every page by pymdownx.snippets), and
Appendix H lists the same definitions for reading in one place."""

import re
from pathlib import Path

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
    """A page's text without what abbr leaves alone: code blocks, inline code, math,
    HTML comments, images' alt text and links' targets."""
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
    """Whether abbr would mark `term` in `text`: exact case, whole words."""
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


def test_the_glossary_has_between_25_and_50_entries_and_no_term_twice():
    terms = [term for term, _ in entries(GLOSSARY.read_text(encoding="utf-8"))]
    assert 25 <= len(terms) <= 50
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
    assert not appears("epoch", "five epochs")  # whole words, as abbr matches


@pytest.mark.parametrize("term", sorted(glossary()))
def test_every_term_appears_in_the_prose_of_some_page(term):
    pages = [page for page in PAGES if page != NOTATION
             and appears(term, prose(page.read_text(encoding="utf-8")))]
    assert pages, f"{term!r} is in no page's prose: abbr would never show it"


def test_appendix_g_lists_exactly_the_glossary():
    defined, listed = glossary(), notation_glossary()
    assert sorted(listed) == sorted(defined)
    different = {form: (listed[form], defined[form]) for form in defined
                 if listed[form] != defined[form]}
    assert different == {}


def test_the_site_appends_the_glossary_to_every_page():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=_MkdocsTagsAsText)
    extensions = {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        extensions[name] = options
    assert "abbr" in extensions
    assert extensions["pymdownx.snippets"]["auto_append"] == ["includes/glossary.md"]
    assert "content.tooltips" in config["theme"]["features"]


class _MkdocsTagsAsText(yaml.SafeLoader):
    """SafeLoader that reads mkdocs' !ENV and !relative tags as plain text."""


_MkdocsTagsAsText.add_multi_constructor(
    "!", lambda loader, suffix, node: str(getattr(node, "value", "")))


def render(page):
    """HTML of `page` followed by the glossary, with the book's Markdown extensions."""
    md = markdown.Markdown(extensions=[
        "abbr", "admonition", "attr_list", "toc", "pymdownx.details",
        "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.superfences",
        "pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex": {"generic": True}})
    return md.convert(page + "\n\n" + GLOSSARY.read_text(encoding="utf-8"))


def test_a_term_is_marked_in_prose_headings_and_titles_but_never_in_code_or_math():
    html = render("## ReLU: the rectified linear unit\n\n"
                  "The ReLU keeps positive values, see [ReLU](#x).\n\n"
                  '??? question "Exercise 1: ReLU"\n\n'
                  "    Try `ReLU` on $\\operatorname{ReLU}(z)$.\n\n"
                  "```python\nrelu = ReLU()  # ReLU\n```\n\n"
                  "![A plot of ReLU of z, flat then rising](relu.png)\n")
    title = glossary()["ReLU"]
    marked = f'<abbr title="{title}">ReLU</abbr>'
    assert f'<h2 id="relu-the-rectified-linear-unit">{marked}: the rectified' in html
    assert f"The {marked} keeps" in html and f'<a href="#x">{marked}</a>' in html
    assert f"<summary>Exercise 1: {marked}</summary>" in html
    assert "<code>ReLU</code>" in html and "\\operatorname{ReLU}(z)" in html
    assert 'alt="A plot of ReLU of z, flat then rising"' in html
    for block in re.findall(r"<code.*?</code>", html, re.DOTALL):
        assert "<abbr" not in block
    assert html.count("<abbr") == 4  # heading, sentence, link, exercise title


@pytest.mark.slow
def test_the_built_site_shows_terms_as_abbr_outside_code(built_book):
    html = (built_book.root / "site" / "03-activations" / "index.html").read_text(
        encoding="utf-8")
    title = glossary()["ReLU"]
    assert f'<abbr title="{title}">ReLU</abbr>' in html
    assert 'id="relu-the-rectified-linear-unit"' in html  # anchors unchanged
    for code in re.findall(r"<code.*?</code>", html, re.DOTALL):
        assert "<abbr" not in code
    for math in re.findall(r'<span class="arithmatex">.*?</span>', html, re.DOTALL):
        assert "<abbr" not in math
    assert "<abbr" not in re.search(r"<title>.*?</title>", html, re.DOTALL)[0]
    notation = (built_book.root / "site" / "appendix" / "notation" / "index.html")
    assert "One letter, two meanings" in notation.read_text(encoding="utf-8")
