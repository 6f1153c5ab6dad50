"""The site build: it trains every experiment once, shows what they produced, caches by
content, and publishes all or nothing. Each test builds a copy of the book."""

import base64
import json
import re
from html.parser import HTMLParser

import pytest
from books import copy_book

pytestmark = pytest.mark.slow  # the cold build trains every experiment

PNG = b"\x89PNG\r\n\x1a\n"
# The book's experiments, in the order the build registers them (tools/results.py
# imports the package's modules in alphabetical order).
EXPERIMENTS = ["seed", "narrow", "wide", "textbook", "seed_recipe", "best",
               "digits_batches", "digits", "digits_baseline", "mnist", "mnist_dense",
               "mnist1d", "mnist1d_dense", "speed"]
LOADED = re.compile(r"experiment \w+ \(\w+\): loaded from the cache")


class _ImgCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))


def img_tags(html):
    collector = _ImgCollector()
    collector.feed(html)
    return collector.images


def page(book, name, site=None):
    site = site or book.root / "site"
    return (site / name / "index.html").read_text(encoding="utf-8")


def manifest(book):
    return json.loads((book.results / "manifest.json").read_text())["experiments"]


def quoted(html):
    """{(experiment, metric): text} of every number a page quotes from an experiment."""
    return {(name, metric): text for name, metric, text in re.findall(
        r'data-experiment="(\w+)" data-metric="(\w+)">([^<]+)<', html)}


def outside_code(html):
    return re.sub(r"<code[^>]*>.*?</code>", "", html, flags=re.DOTALL)


def experiment_entries(book):
    return [e.rsplit("-", 1)[0] for e in book.result_entries() if e.startswith("experiment-")]


def test_cold_build_trains_every_experiment_and_draws_every_picture_once(built_book):
    log = built_book.cold_log
    for name in EXPERIMENTS:
        assert re.search(rf"experiment {name} \(\w+\): trained and stored", log), name
    for name in ("spiral", "dense-layer", "activations", "cross-entropy", "graph",
                 "neuron-circuit", "straight-lines", "fused-gradient", "folds",
                 "journey"):
        assert re.search(rf"picture {name} \(\w+\): drawn and stored", log), name
    assert experiment_entries(built_book) == sorted(f"experiment-{n}" for n in EXPERIMENTS)
    seed = manifest(built_book)["seed"]["metrics"]
    assert seed["epochs"] == 53000
    assert round(seed["final_loss"], 4) == 1.0826
    assert round(seed["final_accuracy"], 4) == 0.4333


def test_the_claims_of_the_prose_hold_in_the_builds_results(built_book):
    """What the chapters say of their runs, checked on the runs the build made: each
    rests on three seeds (or on the build's own numbers), not on one run's digits."""
    results = manifest(built_book)
    best, textbook = results["best"]["metrics"], results["textbook"]["metrics"]
    # chapter 16: the search's choice, and Part II's target for the final model;
    # chapter 21's example and tests/test_engine_vs_book.py train this choice
    assert (tuple(best["hidden"]), best["l2"]) == ((64, 64, 64), 0.001)
    assert best["final_median_test_accuracy"] >= 0.88
    assert best["final_median_test_accuracy"] > best["median_test_accuracy"]
    assert best["median_test_accuracy"] > textbook["median_test_accuracy"]
    assert best["bayes_test_accuracy"] > best["large_test_accuracy"] > 0.88
    # chapter 12: the textbook recipe overfits, on every seed's training set
    assert textbook["train_accuracy"] > textbook["test_accuracy_seed0"] + 0.05
    # chapter 16: the seed network cannot fit; its training and test accuracies agree
    seed = results["seed_recipe"]["metrics"]
    assert abs(seed["train_accuracy"] - seed["test_accuracy"]) < 0.05
    assert seed["median_test_accuracy"] < 0.6
    # chapter 18: the network beats the linear baseline, median of three seeds
    digits = results["digits"]["metrics"]
    assert digits["median_test_accuracy"] > results["digits_baseline"]["metrics"][
        "median_test_accuracy"]
    # chapter 23: the small CNN reads real 28x28 digits at 97% or more, median of
    # three seeds, ahead of the best dense network; chapter 24: on MNIST-1D the 1-D
    # CNN is far ahead of the dense network
    mnist, mnist_dense = (results[n]["metrics"] for n in ("mnist", "mnist_dense"))
    assert mnist["median_test_accuracy"] >= 0.97
    lead = mnist["median_test_accuracy"] - mnist_dense["median_test_accuracy"]
    assert lead > 2 * (0.97 * 0.03 / 750) ** 0.5  # more than two standard errors
    mnist1d, mnist1d_dense = (results[n]["metrics"] for n in ("mnist1d", "mnist1d_dense"))
    assert mnist1d["median_test_accuracy"] >= 0.9
    assert mnist1d["median_test_accuracy"] > mnist1d_dense["median_test_accuracy"] + 0.1


def test_a_normal_build_logs_no_warning(built_book):
    assert "WARNING" not in built_book.cold_log
    assert "without encryption" not in built_book.cold_log  # the kernel runs over IPC


SHOWN = {
    "": ["pictures/journey", "pictures/standing"],
    "01-spiral-data": ["pictures/spiral"],
    "02-dense-layer": ["pictures/dense-layer"],
    "03-activations": ["pictures/activations"],
    "04-loss-accuracy": ["pictures/cross-entropy"],
    "05-backprop-layers": ["pictures/graph"],
    "06-backprop-loss": ["pictures/fused-gradient"],
    "07-training": ["pictures/folds"],
    "08-visualizing": ["experiments/seed/training_progress",
                       "experiments/seed/decision_boundary",
                       "experiments/seed/learning_moments"],
    "12-out-of-sample": ["experiments/textbook/learning_moments"],
    "16-solving-the-spiral": ["experiments/best/learning_moments",
                              "experiments/seed_recipe/learning_moments"],
    "18-digits": ["pictures/digits", "experiments/digits_batches/batch_sizes",
                  "experiments/digits/training_progress",
                  "experiments/digits/confusion_matrix", "experiments/digits/misclassified"],
    "21-engine-vs-book": ["pictures/engine-vs-book", "pictures/engine-spiral"],
    "22-convolutions": ["pictures/conv-backward"],
    "23-mnist": ["pictures/mnist", "experiments/mnist/training_progress",
                 "experiments/mnist/confusion_matrix", "experiments/mnist/misclassified",
                 "experiments/mnist/filters"],
    "24-mnist1d": ["pictures/mnist1d-templates", "pictures/mnist1d-examples",
                   "pictures/mnist1d-shifted", "experiments/mnist1d/training_progress",
                   "experiments/mnist1d/confusion_matrix", "experiments/mnist1d/filters",
                   "experiments/mnist1d_dense/training_progress"],
}


def drawn_files(book, figure):
    """The light and dark files the build drew for `figure`, and its size."""
    made = json.loads((book.results / "manifest.json").read_text())
    kind, *rest = figure.split("/")
    if kind == "pictures":
        return made["pictures"][rest[0]]
    return made["experiments"][rest[0]]["figures"][rest[1]]


@pytest.mark.parametrize("name", SHOWN, ids=lambda name: name or "index")
def test_each_page_shows_its_figures_in_both_themes_at_their_drawn_size(built_book, name):
    site = built_book.root / "site"
    images = img_tags(page(built_book, name))
    for figure in SHOWN[name]:
        drawn = drawn_files(built_book, figure)
        for theme, suffix in (("light", ""), ("dark", "-dark")):
            (img,) = [i for i in images
                      if i["src"].endswith(f"assets/{figure}{suffix}.png#only-{theme}")]
            assert len(img["alt"]) >= 60
            assert (img["width"], img["height"], img["data-density"]) == (
                str(drawn["width"] // 2), str(drawn["height"] // 2), "2")
            published = (site / "assets" / f"{figure}{suffix}.png").read_bytes()
            assert published == open(drawn[theme], "rb").read()
            assert published.startswith(PNG)
        light = open(drawn["light"], "rb").read()
        assert light != open(drawn["dark"], "rb").read()  # two themes, two drawings


REPLAYED = {"seed": "08-visualizing", "textbook": "12-out-of-sample",
            "best": "16-solving-the-spiral", "seed_recipe": "16-solving-the-spiral"}


def test_each_replay_is_published_beside_its_picture_under_100_kb(built_book):
    from nnfs_lit.replay import replay_classes

    site = built_book.root / "site"
    experiments = manifest(built_book)
    replayed = [name for name, e in experiments.items() if "replay.json" in e["site_files"]]
    assert sorted(replayed) == sorted(REPLAYED)
    for name, page_name in REPLAYED.items():
        published = site / "assets" / "experiments" / name / "replay.json"
        data = published.read_bytes()
        assert data == open(experiments[name]["site_files"]["replay.json"], "rb").read()
        assert len(data) <= 100_000, (name, len(data))
        assert experiments[name]["metrics"]["replay_bytes"] == len(data)
        replay = json.loads(data)
        classes = replay_classes(replay)
        assert classes.shape == (61, 150, 150) and classes.max() < replay["n_classes"]
        assert replay["moments"][-1] == experiments[name]["metrics"]["epochs"]
        figures = re.findall(r'<figure class="[^"]*\breplay\b[^"]*">(.*?)</figure>',
                             page(built_book, page_name), flags=re.DOTALL)
        assert any(f"assets/experiments/{name}/learning_moments.png" in figure
                   for figure in figures), (name, page_name)


def test_quoted_numbers_are_the_experiments(built_book):
    experiments = manifest(built_book)
    seed, wide = experiments["seed"]["metrics"], experiments["wide"]["metrics"]
    index = quoted(page(built_book, ""))
    assert index[("seed", "final_loss")] == f"{seed['final_loss']:.4f}"
    assert index[("seed", "epochs")] == "53000"
    assert index[("wide", "final_accuracy")] == f"{wide['final_accuracy']:.1%}"
    training = quoted(page(built_book, "07-training"))
    assert training[("seed", "train_seconds")] == f"{seed['train_seconds']:.1f}"
    assert training[("narrow", "best_loss_epoch")] == str(
        experiments["narrow"]["metrics"]["best_loss_epoch"])
    for html_file in (built_book.root / "site").rglob("*.html"):
        assert "{{" not in outside_code(html_file.read_text(encoding="utf-8")), html_file


def test_results_page_shows_the_seed_runs_numbers_and_confidence(built_book):
    html = page(built_book, "training-run")
    seed = manifest(built_book)["seed"]
    images = [attrs for attrs in img_tags(html) if "run-figure" in attrs.get("class", "")]
    assert [img["src"].rsplit("#", 1)[1] for img in images] == ["only-light", "only-dark"]
    for img in images:
        assert len(img["alt"]) > 60  # a real description, not nbconvert's placeholder
        header, _, encoded = img["src"].partition(",")
        assert header == "data:image/png;base64"
        data = base64.b64decode(encoded.rsplit("#", 1)[0])
        assert data.startswith(PNG)
        width = int.from_bytes(data[16:20], "big")
        assert (width // 2, img["data-density"]) == (int(img["width"]), "2")
    numbers = dict(re.findall(r'data-metric="(\w+)">([^<]+)<', html))
    metrics = seed["metrics"]
    assert {name: numbers[name] for name in ("n_samples", "n_hidden", "learning_rate",
                                             "epochs", "final_loss", "n_correct")} == {
        "n_samples": "300", "n_hidden": "3", "learning_rate": "0.01", "epochs": "53000",
        "final_loss": f"{metrics['final_loss']:.4f}", "n_correct": str(metrics["n_correct"]),
    }
    assert 0.3333 < float(numbers["max_confidence"]) < 1
    assert "Sample 0: [0.31497345 0.35855036 0.32647619]" in html
    assert "Traceback" not in html
    assert not re.search(r'<div[^>]*data-mime-type="application/vnd.jupyter.stderr"', html)


def test_notebook_downloads_and_no_cdn_loaders(built_book):
    site = built_book.root / "site"
    assert (site / "training-run/training-run.py").read_text().startswith("# ---")
    notebook = json.loads((site / "training-run.ipynb").read_text())
    assert notebook["nbformat"] == 4 and len(notebook["cells"]) > 5
    assert 'href="training-run.py" download' in page(built_book, "training-run")
    for html_file in site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text.replace(
            'href="https://', "").replace('href="http://', "")), html_file


def test_pycon_blocks_carry_runnable_code_and_show_no_doctest_directives(built_book):
    html = page(built_book, "01-spiral-data")
    copies = re.findall(r'class="pycon-copy" data-copy="([^"]*)"', html)
    assert len(copies) == 7  # four examples and three exercise solutions
    assert all(">>>" not in copy for copy in copies)
    training = page(built_book, "07-training")
    assert "run_training()" in training
    assert "doctest" not in outside_code(training) and "+SLOW" not in training


def test_warm_rebuild_does_not_retrain(built_book, tmp_path):
    book = copy_book(tmp_path / "project", cache_from=built_book.cache)  # its caches
    before = {p: p.stat().st_mtime_ns for p in book.results.rglob("*.npz")}
    done = book.build()
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(LOADED.findall(done.stderr)) == len(EXPERIMENTS)
    assert "trained and stored" not in done.stderr
    assert "Cache hit" in done.stderr  # mkdocs-jupyter did not execute the notebook again
    assert {p: p.stat().st_mtime_ns for p in book.results.rglob("*.npz")} == before


def edited_copy(built_book, tmp_path, chapter, old, new):
    book = copy_book(tmp_path / "project", cache_from=built_book.cache)
    path = book.root / chapter
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return book


def test_editing_prose_a_comment_and_a_docstring_retangles_but_retrains_nothing(built_book,
                                                                                 tmp_path):
    book = edited_copy(built_book, tmp_path, "docs/01-spiral-data.md",
                       "    n_samples = samples_per_class * n_classes\n",
                       "    n_samples = samples_per_class * n_classes  # a comment, edited\n")
    edits = [("docs/01-spiral-data.md",
              '"""The spiral dataset: three interleaved arms, one per class."""',
              '"""The spiral dataset: three arms that wind around each other."""'),
             ("docs/03-activations.md", "useless against a spiral",
              "hopeless against a spiral")]
    for chapter, old, new in edits:
        path = book.root / chapter
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new, 1))
    done = book.build()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "tangled nnfs_lit/data.py" in done.stderr
    data = (book.root / "nnfs_lit/data.py").read_text()
    assert "# a comment, edited" in data and "wind around each other" in data
    assert len(LOADED.findall(done.stderr)) == len(EXPERIMENTS)
    assert "trained and stored" not in done.stderr and "drawn and stored" not in done.stderr
    assert "Cache hit" in done.stderr  # nor was the notebook executed again
    assert "hopeless against a spiral" in page(book, "03-activations")


def test_a_code_edit_retrains_and_reexecutes(built_book, tmp_path):
    """A small experiment's code, edited in its chapter: the build tangles it, trains
    that experiment again, and runs the notebook again. (An edit to code every
    experiment runs changes every key: test_tools proves it without the minute of
    training it would take to retrain them all here.)"""
    book = edited_copy(built_book, tmp_path, "docs/07-training.md",
                       "TrainingConfig(epochs=10000, learning_rate=1.0), engine",
                       "TrainingConfig(learning_rate=1.0, epochs=10000), engine")
    done = book.build()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "tangled nnfs_lit/book_experiments.py" in done.stderr
    assert re.search(r"experiment narrow \(\w+\): trained and stored", done.stderr)
    assert done.stderr.count("trained and stored") == 1
    assert len(LOADED.findall(done.stderr)) == len(EXPERIMENTS) - 1
    assert "Cache miss" in done.stderr  # the notebook ran again
    assert len(experiment_entries(book)) == len(EXPERIMENTS) + 1


def test_a_new_experiment_shows_on_its_page_with_no_edit_to_the_build(built_book, tmp_path):
    block = ('\n```python title="nnfs_lit/book_experiments.py"\n'
             '@experiment("tiny", "8 hidden neurons, 300 epochs")\n'
             "def tiny_run():\n"
             "    return run_training(TrainingConfig(epochs=300, learning_rate=1.0, "
             "n_hidden=8))\n```\n\n"
             "Tiny reached {{ experiments.tiny.final_accuracy:.2% }}.\n\n"
             "![The tiny run's boundary](assets/experiments/tiny/decision_boundary.png)\n")
    book = copy_book(tmp_path / "project", cache_from=built_book.cache)
    chapter = book.root / "docs/07-training.md"
    chapter.write_text(chapter.read_text() + block)
    done = book.build()
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(r"experiment tiny \(\w+\): trained and stored", done.stderr)
    assert done.stderr.count("trained and stored") == 1  # the others' keys did not change
    tiny = manifest(book)["tiny"]["metrics"]
    html = page(book, "07-training")
    assert quoted(html)[("tiny", "final_accuracy")] == f"{tiny['final_accuracy']:.2%}"
    for suffix, theme in (("", "light"), ("-dark", "dark")):
        figure = f"assets/experiments/tiny/decision_boundary{suffix}.png"
        assert f'src="../{figure}#only-{theme}"' in html
        assert (book.root / "site" / figure).is_file()


def _a_good_site_exists(site):
    site.mkdir()
    (site / "index.html").write_text("the last good site")


def test_failing_notebook_fails_the_build_and_publishes_nothing(built_book, tmp_path):
    book = edited_copy(built_book, tmp_path, "docs/training-run.py",
                       'seed = run_experiment("seed")',
                       "raise RuntimeError('deliberately broken notebook')")
    executed = sorted((book.cache / "mkdocs-jupyter").rglob("*.json"))
    site = tmp_path / "site"
    _a_good_site_exists(site)
    done = book.build(site)
    assert done.returncode != 0
    assert "deliberately broken notebook" in done.stderr
    assert (site / "index.html").read_text() == "the last good site"
    assert not list(tmp_path.glob(".site.*"))
    assert sorted((book.cache / "mkdocs-jupyter").rglob("*.json")) == executed


def test_failing_training_fails_the_build_and_caches_nothing(built_book, tmp_path):
    # Every experiment checks its labels with checks.as_labels, on the plain path (in its
    # loss) and on chapter 17's fast path (once per fit): all of them fail, and at once.
    book = edited_copy(built_book, tmp_path, "docs/appendix/friendly-errors.md",
                       "    labels = np.asarray(y_true)\n",
                       "    raise RuntimeError('deliberately broken training')\n"
                       "    labels = np.asarray(y_true)\n")
    entries = book.result_entries()
    site = tmp_path / "site"
    _a_good_site_exists(site)
    done = book.build(site)
    assert done.returncode != 0
    assert "deliberately broken training" in done.stderr
    assert book.result_entries() == entries  # no new entry, no temporary directory left
    assert not [p for p in book.results.iterdir() if p.name.startswith(".")]
    assert (site / "index.html").read_text() == "the last good site"


def test_strict_warning_fails_the_build_and_keeps_the_last_good_site(built_book, tmp_path):
    book = edited_copy(built_book, tmp_path, "docs/02-dense-layer.md", "## Try it",
                       "See [nowhere](no-such-page.md).\n\n## Try it")
    site = tmp_path / "site"
    _a_good_site_exists(site)
    done = book.build(site)
    assert done.returncode != 0
    assert "no-such-page.md" in done.stderr
    assert (site / "index.html").read_text() == "the last good site"
    assert not list(tmp_path.glob(".site.*"))


def test_an_unknown_placeholder_fails_the_build(built_book, tmp_path):
    # Every kind of bad placeholder is tested in test_tools.py; this is the build's side.
    book = edited_copy(built_book, tmp_path, "docs/index.md", "## How to read it",
                       "Accuracy: {{ experiments.seed.final_acuracy }}\n\n## How to read it")
    done = book.build(tmp_path / "site")
    assert done.returncode != 0
    assert "index.md: {{ experiments.seed.final_acuracy }}: experiment seed has no " \
           "'final_acuracy'" in done.stderr


def test_the_reliability_page_lists_every_bad_input_the_tests_try(built_book):
    html = page(built_book, "appendix/reliability")
    rows = re.findall(r"<tr>", html.split('class="reliability"', 1)[1])
    assert len(rows) >= 33  # a header and every case of tools/bad_inputs.py
    assert "Dense inputs must have 2 features per sample, got shape (4, 3)" in html
    assert "{{" not in outside_code(html)
