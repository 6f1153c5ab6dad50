"""The reader's path through the built book: the front page says where the book stands
with the numbers its chapters show, commands say where they run, a replay ends at the
model its table describes, Part II marks its optional chapters, and every page's
header links the notation page."""

import html
import json
import re

import placeholders
import pytest
from books import copy_book

from nnfs_lit.fast import FastNetwork
from nnfs_lit.replay import Recorder
from nnfs_lit.runs import ModelConfig, train_model

STALE = ["so far", "Best so far", "will take it close", "From a clone of the book's"]
OPTIONAL = {"15-saving": "16-solving-the-spiral", "17-making-it-fast": "18-digits"}


def page(book, name):
    return (book.root / "site" / name / "index.html").read_text(encoding="utf-8")


def quoted(page_html):
    """{(experiment, metric): {text, ...}} of every number a page quotes from an
    experiment (a page may quote one number in two formats)."""
    found = {}
    for name, metric, text in re.findall(
            r'data-experiment="(\w+)" data-metric="(\w+)">([^<]+)<', page_html):
        found.setdefault((name, metric), set()).add(text)
    return found


def article_text(page_html):
    """The words of a page's article: no tags, no header, navigation or footer."""
    article = page_html[page_html.index("<article"):page_html.index("</article>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", article)))


# Without the build


def test_the_clone_sentence_links_and_clones_the_repository_when_its_address_is_known():
    text = "You need Python. {{ clone }} `{{ clone }}`"
    url = "https://example.org/book.git"
    assert placeholders.fill(text, {}, "page.md", url) == (
        f"You need Python. In a clone of [the book's repository]({url}) "
        f"(`git clone {url}`), from its top folder: `{{{{ clone }}}}`")
    without = placeholders.fill(text, {}, "page.md")
    assert without == ("You need Python. In a clone of the book's repository, from its top "
                       "folder (the one that holds `mkdocs.yml`): `{{ clone }}`")


def test_a_replays_curves_end_at_the_trained_model_as_its_scores_measure_it():
    config = ModelConfig(hidden=(16,), epochs=60)
    recorder = Recorder(count=12, resolution=40)
    run = train_model(config, watch=recorder.watch, engine=FastNetwork)
    curves = recorder.replay(run)["curves"]
    scores = run.scores
    assert curves["epoch"][-1] == config.epochs == recorder.replay(run)["moments"][-1]
    assert curves["epoch"][-2] == config.epochs - 1  # the history's last, before its update
    for name, score, digits in [("loss", "train_loss", 6), ("accuracy", "train_accuracy", 4),
                                ("val_loss", "validation_loss", 6),
                                ("val_accuracy", "validation_accuracy", 4)]:
        assert curves[name][-1] == float(f"{scores[score]:.{digits}g}"), name
        history = getattr(run.history, name)
        assert curves[name][-2] == float(f"{history[-1]:.{digits}g}"), name
        assert len(curves[name]) == len(curves["epoch"])
    # the point is the trained model's: one more update moved it
    assert (curves["loss"][-1], curves["val_loss"][-1]) != (
        curves["loss"][-2], curves["val_loss"][-2])


# On the built book


@pytest.mark.slow
def test_the_front_page_quotes_where_the_book_stands_as_chapters_16_and_18_do(built_book):
    home = quoted(page(built_book, ""))
    spiral = quoted(page(built_book, "16-solving-the-spiral"))
    digits = quoted(page(built_book, "18-digits"))
    for key in [("best", "median_test_accuracy"), ("best", "bayes_test_accuracy"),
                ("seed_recipe", "median_test_accuracy")]:
        assert home[key] <= spiral[key], key
    for key in [("digits", "median_test_accuracy"),
                ("digits_baseline", "median_test_accuracy")]:
        assert home[key] <= digits[key], key
    results = json.loads((built_book.results / "manifest.json").read_text())["experiments"]
    best = results["best"]["metrics"]
    assert home["best", "median_test_accuracy"] == {f"{best['median_test_accuracy']:.1%}"}
    assert home["best", "bayes_test_accuracy"] == {f"{best['bayes_test_accuracy']:.1%}"}
    text = article_text(page(built_book, ""))
    where = text.index("Where the book stands")
    for key in [("best", "median_test_accuracy"), ("digits", "median_test_accuracy")]:
        (number,) = home[key]
        assert text.index(number, where) > where


@pytest.mark.slow
def test_the_front_page_shows_the_standing_picture_and_no_stale_claim(built_book):
    home = page(built_book, "")
    for suffix, theme in (("", "light"), ("-dark", "dark")):
        assert f'assets/pictures/standing{suffix}.png#only-{theme}"' in home
    text = article_text(home)
    for phrase in STALE:
        assert phrase not in text, phrase


@pytest.mark.slow
def test_commands_say_where_they_run_when_no_repository_address_is_known(built_book):
    for name in ("", "appendix/command-line"):
        text = article_text(page(built_book, name))
        assert ("In a clone of the book's repository, from its top folder (the one that "
                "holds mkdocs.yml ):") in text, name
        assert "git clone" not in text, name
        assert "From a clone of the book's repository:" not in text, name


@pytest.mark.slow
def test_commands_link_and_clone_the_repository_when_its_address_is_known(
        built_book, tmp_path, monkeypatch):
    url = "https://example.org/nnfs-lit"
    book = copy_book(tmp_path / "project", cache_from=built_book.cache)
    monkeypatch.setenv("REPO_URL", url)
    done = book.build()
    assert done.returncode == 0, done.stderr[-3000:]
    for name in ("", "appendix/command-line"):
        built = page(book, name)
        assert (f'In a clone of <a href="{url}">the book\'s repository</a> '
                f"(<code>git clone {url}</code>), from its top folder:") in built, name


@pytest.mark.slow
@pytest.mark.parametrize("experiment, chapter", [
    ("best", "16-solving-the-spiral"), ("seed_recipe", "16-solving-the-spiral"),
    ("textbook", "12-out-of-sample")])
def test_a_replays_last_frame_has_the_numbers_of_its_chapters_table(
        built_book, experiment, chapter):
    replay = json.loads((built_book.root / "site" / "assets" / "experiments" / experiment
                         / "replay.json").read_text())
    curves = replay["curves"]
    assert curves["epoch"][-1] == replay["moments"][-1]  # the last frame's own point
    shown = quoted(page(built_book, chapter))
    for curve, metric in [("accuracy", "train_accuracy"),
                          ("val_accuracy", "validation_accuracy")]:
        if (experiment, metric) in shown:
            assert {f"{100 * curves[curve][-1]:.1f}%"} == shown[experiment, metric], metric
    assert (experiment, "train_accuracy") in shown or experiment == "textbook"


@pytest.mark.slow
def test_the_optional_chapters_say_so_on_their_pages_in_the_nav_and_in_the_overview(
        built_book):
    for chapter, next_chapter in OPTIONAL.items():
        built = page(built_book, chapter)
        start = built.index("<article")
        marker = built.index('class="admonition info optional-chapter"', start)
        assert marker < built.index('class="admonition abstract"', start)  # at the top
        box = built[marker:built.index("</div>", marker)]
        assert "Optional: engineering" in box and f"../{next_chapter}/" in box
        number = chapter[:2]
        assert re.search(rf"{number}\. [^<]+\(optional\)", built), chapter  # the nav
    overview = article_text(page(built_book, "part-2"))
    for title in ("15. Saving and loading", "17. Making it fast"):
        assert f"{title} , optional" in overview or f"{title}, optional" in overview
    assert "What you may skip" in overview
    for advertised in ("SHA-256", "pickle", "atomic"):
        assert advertised not in overview, advertised


@pytest.mark.slow
def test_every_pages_header_links_the_notation_page(built_book):
    site = built_book.root / "site"
    pages = sorted(p for p in site.rglob("index.html")
                   if p.parent.name not in ("print",) and "assets" not in p.parts)
    assert len(pages) > 25
    notation = site / "appendix" / "notation" / "index.html"
    for built in pages:
        header = built.read_text(encoding="utf-8")
        header = header[header.index("<header"):header.index("</header>")]
        (href,) = re.findall(r'<a href="([^"]*)" class="[^"]*book-notation-link', header)
        assert (built.parent / href / "index.html").resolve() == notation, built
