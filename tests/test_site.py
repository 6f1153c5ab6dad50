"""The site build: it trains the seed run, embeds what it produced, and caches by content."""

import base64
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
from conftest import copy_book

PNG = b"\x89PNG\r\n\x1a\n"


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


def page(book, name):
    return (book.root / "site" / name / "index.html").read_text(encoding="utf-8")


def run_metrics(book):
    (entry,) = book.run_entries()
    return json.loads((book.runs / entry / "metrics.json").read_text())


def test_cold_build_trains_the_seed_run_once(built_book):
    assert "trained in this build" in built_book.cold_log
    assert len(built_book.run_entries()) == 1
    metrics = run_metrics(built_book)
    assert metrics["config"]["epochs"] == 53000
    assert round(metrics["final_loss"], 4) == 1.0826
    assert round(metrics["final_accuracy"], 4) == 0.4333


def test_training_page_shows_three_figures_from_the_build(built_book):
    html = page(built_book, "training-run")
    images = [attrs for attrs in img_tags(html) if "run-figure" in attrs.get("class", "")]
    assert len(images) == 3
    for attrs in images:
        assert len(attrs["alt"]) > 40  # a real description, not nbconvert's placeholder
        header, _, encoded = attrs["src"].partition(",")
        assert header == "data:image/png;base64"
        data = base64.b64decode(encoded)
        assert data.startswith(PNG) and len(data) > 15_000
    for title in ("The loss", "The accuracy", "The decision boundary"):
        assert title in html


def test_numbers_in_the_training_page_prose_are_the_runs(built_book):
    html = page(built_book, "training-run")
    metrics = run_metrics(built_book)
    quoted = dict(re.findall(r'data-metric="(\w+)">([^<]+)<', html))
    assert quoted == {
        "epochs": str(metrics["config"]["epochs"]),
        "final_loss": f"{metrics['final_loss']:.4f}",
        "final_accuracy": f"{metrics['final_accuracy']:.4f}",
        "n_correct": str(round(metrics["final_accuracy"] * 300)),
    }
    (entry,) = built_book.run_entries()
    with np.load(built_book.runs / entry / "run.npz") as arrays:
        assert f"Sample 0: {arrays['probabilities'][0]}" in html
    assert "Traceback" not in html
    assert not re.search(r'<div[^>]*data-mime-type="application/vnd.jupyter.stderr"', html)


def test_landing_page_shows_the_runs_boundary_and_numbers(built_book):
    html = page(built_book, ".")
    metrics = run_metrics(built_book)
    quoted = dict(re.findall(r'data-metric="(\w+)">([^<]+)<', html))
    assert quoted["final_loss"] == f"{metrics['final_loss']:.4f}"
    assert quoted["final_accuracy_percent"] == f"{metrics['final_accuracy']:.1%}"
    assert 'src="assets/run/decision_boundary.png"' in html
    figure = built_book.root / "site/assets/run/decision_boundary.png"
    assert figure.read_bytes().startswith(PNG) and figure.stat().st_size > 20_000
    assert "{{" not in html


def test_visualizing_chapter_shows_the_builds_two_figures(built_book):
    html = page(built_book, "08-visualizing")
    for name in ("training_progress.png", "decision_boundary.png"):
        assert f'src="../assets/run/{name}"' in html
        figure = built_book.root / "site/assets/run" / name
        assert figure.read_bytes().startswith(PNG) and figure.stat().st_size > 20_000
    metrics = run_metrics(built_book)
    assert f'data-metric="final_loss">{metrics["final_loss"]:.4f}<' in html


def test_notebook_downloads_and_no_cdn_loaders(built_book):
    site = built_book.root / "site"
    assert (site / "training-run/training-run.py").read_text().startswith("# ---")
    notebook = json.loads((site / "training-run.ipynb").read_text())
    assert notebook["nbformat"] == 4 and len(notebook["cells"]) > 5
    html = page(built_book, "training-run")
    assert 'href="training-run.py" download' in html
    for page_html in site.rglob("*.html"):
        text = page_html.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="(https?:)?//', text.replace(
            'href="https://', "").replace('href="http://', "")), page_html


def test_pycon_blocks_carry_their_runnable_code(built_book):
    html = page(built_book, "01-spiral-data")
    copies = re.findall(r'class="pycon-copy" data-copy="([^"]*)"', html)
    assert len(copies) == 4
    assert all(">>>" not in copy for copy in copies)


def test_warm_rebuild_does_not_retrain(built_book):
    before = {p: p.stat().st_mtime_ns for p in built_book.runs.rglob("*")}
    done = built_book.build()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "loaded from the cache" in done.stderr and "trained in this build" not in done.stderr
    assert "Cache hit" in done.stderr  # mkdocs-jupyter did not execute the notebook again
    assert {p: p.stat().st_mtime_ns for p in built_book.runs.rglob("*.npz")} == {
        p: t for p, t in before.items() if p.suffix == ".npz"}


def test_changing_tangled_code_retrains_and_reexecutes(built_book, tmp_path):
    book = copy_book(tmp_path / "project", runs_from=built_book.runs)
    chapter = book.root / "docs/01-spiral-data.md"
    text = chapter.read_text()
    chapter.write_text(text.replace("    n_samples = samples_per_class * n_classes\n",
                                    "    n_samples = samples_per_class * n_classes  # edited\n"))
    done = book.build()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "tangled nnfs_lit/data.py" in done.stderr
    assert "trained in this build" in done.stderr
    assert "Cache miss" in done.stderr  # the notebook ran again
    assert "# edited" in (book.root / "nnfs_lit/data.py").read_text()
    assert len(book.run_entries()) == 2


def test_changing_only_prose_does_not_retrain(built_book, tmp_path):
    book = copy_book(tmp_path / "project", runs_from=built_book.runs)
    chapter = book.root / "docs/03-activations.md"
    chapter.write_text(chapter.read_text().replace("useless against a spiral",
                                                   "hopeless against a spiral"))
    done = book.build()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "loaded from the cache" in done.stderr
    assert "hopeless against a spiral" in page(book, "03-activations")


def _a_good_site_exists(site):
    site.mkdir()
    (site / "index.html").write_text("the last good site")


def test_failing_notebook_fails_the_build_and_publishes_nothing(built_book, tmp_path):
    book = copy_book(tmp_path / "project", runs_from=built_book.runs)
    notebook = book.root / "docs/training-run.py"
    notebook.write_text(notebook.read_text().replace(
        "run = cached_run(config, cache_dir)",
        "run = cached_run(config, cache_dir)\nraise RuntimeError('deliberately broken notebook')"))
    site = tmp_path / "site"
    _a_good_site_exists(site)
    done = book.build(site)
    assert done.returncode != 0
    assert "deliberately broken notebook" in done.stderr
    assert (site / "index.html").read_text() == "the last good site"
    assert not list(tmp_path.glob(".site.*"))
    jupyter_cache = book.root / ".cache/mkdocs-jupyter"
    assert not list(jupyter_cache.rglob("*.json"))


def test_failing_training_fails_the_build_and_caches_nothing(built_book, tmp_path):
    book = copy_book(tmp_path / "project", runs_from=built_book.runs)
    chapter = book.root / "docs/07-training.md"
    chapter.write_text(chapter.read_text().replace(
        "        network.backward(y)\n",
        "        if epoch == 100:\n"
        "            raise FloatingPointError('deliberately broken training')\n"
        "        network.backward(y)\n"))
    entries = book.run_entries()
    site = tmp_path / "site"
    _a_good_site_exists(site)
    done = book.build(site)
    assert done.returncode != 0
    assert "deliberately broken training" in done.stderr
    assert book.run_entries() == entries  # no new entry, no temporary directory left
    assert (site / "index.html").read_text() == "the last good site"


def test_strict_warning_fails_the_build_and_keeps_the_last_good_site(built_book, tmp_path):
    book = copy_book(tmp_path / "project", runs_from=built_book.runs)
    chapter = book.root / "docs/02-dense-layer.md"
    chapter.write_text(chapter.read_text() + "\nSee [nowhere](no-such-page.md).\n")
    site = tmp_path / "site"
    _a_good_site_exists(site)
    done = book.build(site)
    assert done.returncode != 0
    assert "no-such-page.md" in done.stderr
    assert (site / "index.html").read_text() == "the last good site"
    assert not list(tmp_path.glob(".site.*"))


def test_unknown_placeholder_fails_the_build(built_book, tmp_path):
    book = copy_book(tmp_path / "project", runs_from=built_book.runs)
    index = book.root / "docs/index.md"
    index.write_text(index.read_text() + "\nAccuracy: {{ run.final_acuracy }}\n")
    done = book.build(tmp_path / "site")
    assert done.returncode != 0
    assert "unknown placeholder {{ run.final_acuracy }}" in done.stderr


def test_runnable_copy_strips_prompts_and_wraps_expected_errors():
    import mkdocs_hooks

    pycon = (">>> x = 1  # doctest: +SKIP\n>>> for i in range(2):\n...     x += i\n"
             ">>> x\n2\n>>> int('a')\nTraceback (most recent call last):\n    ...\n"
             "ValueError: invalid literal\n")
    assert mkdocs_hooks.runnable_copy(pycon) == (
        "x = 1\nfor i in range(2):\n    x += i\n\nx\n"
        'try:\n    int(\'a\')\nexcept ValueError as error:\n    print(f"ValueError: {error}")\n')


def test_the_package_in_the_repository_is_the_one_the_build_tangles():
    root = Path(__file__).resolve().parent.parent
    import tangle

    assert all((root / t).read_text() == text for t, text in tangle.tangle(root).items())


def test_every_quoted_number_is_filled_from_the_run(built_book):
    metrics = run_metrics(built_book)
    for page_html in (built_book.root / "site").rglob("*.html"):
        assert "{{ run." not in page_html.read_text(encoding="utf-8"), page_html
    chapter = page(built_book, "07-training")
    assert f'data-metric="train_seconds">{metrics["train_seconds"]:.1f}<' in chapter
    assert f'data-metric="final_accuracy_percent">{metrics["final_accuracy"]:.1%}<' in chapter
