"""The build's parts, tested without mkdocs: placeholders, pycon copies, publishing,
the experiments' results and their cache."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import build_lock
import page_facts
import placeholders
import publish
import pycon_copy
import pytest
import results

ROOT = Path(__file__).resolve().parent.parent
EXPERIMENTS = {"seed": {"metrics": {"epochs": 53000, "final_loss": 1.0825576909733965,
                                    "final_accuracy": 0.43333333333333335}}}


def test_placeholders_are_filled_with_formatted_numbers_in_marked_spans():
    text = ("After {{ experiments.seed.epochs }} epochs: {{experiments.seed.final_loss:.4f}}"
            ", {{ experiments.seed.final_accuracy:.1% }}.")
    assert placeholders.fill(text, EXPERIMENTS, "page.md") == (
        'After <span class="experiment-metric" data-experiment="seed" data-metric="epochs">'
        '53000</span> epochs: <span class="experiment-metric" data-experiment="seed" '
        'data-metric="final_loss">1.0826</span>, <span class="experiment-metric" '
        'data-experiment="seed" data-metric="final_accuracy">43.3%</span>.')


def test_placeholders_inside_code_are_shown_as_written():
    text = ("Write `{{ experiments.seed.epochs }}` or:\n\n```text\n"
            "{{ experiments.seed.final_loss:.4f }}\n```\n")
    assert placeholders.fill(text, EXPERIMENTS, "page.md") == text


@pytest.mark.parametrize("placeholder, message", [
    ("{{ experiments.seed.loss }}", "page.md: {{ experiments.seed.loss }}: experiment seed "
                                    "has no 'loss'; it has: epochs, final_loss, final_accuracy"),
    ("{{ experiments.sede.epochs }}", "page.md: {{ experiments.sede.epochs }} names no "
                                      "experiment; known: seed"),
    ("{{ experiments.seed.epochs:.1z }}", "page.md: {{ experiments.seed.epochs:.1z }}: "),
    ("{{ run.epochs }}", "page.md: unknown placeholder {{ run.epochs }}"),
])
def test_a_bad_placeholder_is_an_error_that_names_the_page(placeholder, message):
    with pytest.raises(placeholders.PlaceholderError) as error:
        placeholders.fill(f"text {placeholder} text", EXPERIMENTS, "page.md")
    assert str(error.value).startswith(message)


def test_runnable_copy_strips_prompts_and_directives_and_wraps_expected_errors():
    pycon = (">>> x = 1  # doctest: +SKIP\n>>> for i in range(2):  # doctest: +SLOW\n"
             "...     x += i\n>>> x\n2\n>>> int('a')\nTraceback (most recent call last):\n"
             "    ...\nValueError: invalid literal\n")
    assert pycon_copy.runnable_copy(pycon) == (
        "x = 1\nfor i in range(2):\n    x += i\n\nx\n"
        'try:\n    int(\'a\')\nexcept ValueError as error:\n    print(f"ValueError: {error}")\n')


def test_pycon_blocks_are_wrapped_and_shown_without_directives():
    markdown = "Text.\n\n```pycon\n>>> run = train()  # doctest: +SLOW\n>>> run\n1\n\n```\n"
    wrapped = pycon_copy.wrap_blocks(markdown)
    assert '<div class="pycon-copy" data-copy="run = train()&#10;run&#10;" markdown>' in wrapped
    assert "```pycon\n>>> run = train()\n>>> run\n1\n\n```" in wrapped
    assert "doctest" not in wrapped


def test_publish_replaces_the_site_and_discard_leaves_it(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    staging = publish.staging_dir(site)
    staging.mkdir()
    (staging / "index.html").write_text("new")
    publish.publish(staging, site)
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    failed = publish.staging_dir(site)
    failed.mkdir()
    (failed / "index.html").write_text("half")
    publish.discard(failed)
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_prune_keeps_the_most_recent_entries_of_each_experiment(tmp_path):
    now = time.time()
    for age, name in enumerate(["seed-aaa", "seed-bbb", "seed-ccc", "seed-ddd", "wide-eee",
                                ".seed-fff.staging"]):
        (tmp_path / name).mkdir()
        os.utime(tmp_path / name, (now - 1000 * age, now - 1000 * age))
    (tmp_path / ".wide-ggg.fresh").mkdir()  # a build in progress: not stale yet
    (tmp_path / "manifest.json").write_text("{}")
    assert results.prune(tmp_path, keep=3) == [".seed-fff.staging", "seed-ddd"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".wide-ggg.fresh", "manifest.json", "seed-aaa", "seed-bbb", "seed-ccc", "wide-eee"]


@pytest.mark.slow  # trains an experiment
def test_results_tool_builds_a_named_experiment_and_writes_the_manifest(tmp_path):
    cache, manifest = tmp_path / "cache", tmp_path / "manifest.json"
    command = [sys.executable, "tools/results.py", "--cache", str(cache),
               "--manifest", str(manifest), "--only", "narrow"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "experiment narrow" in done.stdout and "trained and stored" in done.stdout
    written = json.loads(manifest.read_text())
    narrow = written["experiments"]["narrow"]
    assert list(written["experiments"]) == ["narrow"]
    assert narrow["metrics"]["epochs"] == 10000 and narrow["metrics"]["n_hidden"] == 3
    assert written["pictures"] == {}  # --only makes no pictures
    for figure in ("training_progress", "decision_boundary"):
        drawn = narrow["figures"][figure]
        light, dark = Path(drawn["light"]).read_bytes(), Path(drawn["dark"]).read_bytes()
        assert light.startswith(b"\x89PNG") and dark.startswith(b"\x89PNG") and light != dark
        assert results.png_size(drawn["light"]) == (drawn["width"], drawn["height"])
    assert narrow["figures"]["decision_boundary"]["width"] == 1000  # 5 inches, 2 x 100 px
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "loaded from the cache" in again.stdout
    assert json.loads(manifest.read_text())["digest"] == written["digest"]


def test_results_tool_names_an_unknown_experiment(tmp_path):
    done = subprocess.run([sys.executable, "tools/results.py", "--cache", str(tmp_path),
                           "--only", "sede"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == ("results: unknown experiment(s) sede; "
                           "known: seed, narrow, wide, textbook, seed_recipe, best, "
                           "digits_batches, digits, digits_baseline, mnist, mnist_dense, "
                           "mnist1d, mnist1d_dense, speed\n")
    assert not (tmp_path / "manifest.json").exists()


def test_the_cache_key_ignores_comments_and_docstrings_but_not_code(tmp_path):
    import shutil

    from nnfs_lit.experiments import PACKAGE_DIR, code_fingerprint

    copy = tmp_path / "nnfs_lit"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(copy)
    module = copy / "optimizers.py"
    source = module.read_text()
    module.write_text(source.replace('"""Plain gradient descent', "# new\n"
                                     '    """Plainly, gradient descent'))
    assert code_fingerprint(copy) == before
    module.write_text(source.replace("layer.weights -= ", "layer.weights += "))
    assert code_fingerprint(copy) != before


def test_a_code_edit_outside_the_registered_functions_changes_every_experiments_key(
        tmp_path):
    """So a build after it trains every experiment again; an edit to one experiment's
    function changes its key alone. (test_site proves the retraining itself on one
    small experiment, at a fraction of the cost of all of them.)"""
    import importlib
    import pkgutil
    import shutil

    import nnfs_lit
    from nnfs_lit.experiments import EXPERIMENTS, PACKAGE_DIR, code_fingerprint

    for module in pkgutil.iter_modules(nnfs_lit.__path__):  # as the build registers
        if module.name != "__main__":
            importlib.import_module(f"nnfs_lit.{module.name}")
    copy = tmp_path / "nnfs_lit"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))

    def keys():
        return {name: code_fingerprint(copy, ("experiment", name)) for name in EXPERIMENTS}

    def edit(module, old, new):
        source = (copy / module).read_text()
        assert old in source
        (copy / module).write_text(source.replace(old, new, 1))

    before = keys()
    edit("data.py", "n_samples = samples_per_class * n_classes",
         "n_samples = n_classes * samples_per_class")
    after = keys()
    assert len(EXPERIMENTS) >= 10
    assert [name for name in EXPERIMENTS if after[name] == before[name]] == []
    edit("book_experiments.py", "TrainingConfig(epochs=10000, learning_rate=1.0), engine",
         "TrainingConfig(learning_rate=1.0, epochs=10000), engine")  # narrow's code
    assert [name for name, key in keys().items() if key != after[name]] == ["narrow"]


def test_a_pictures_key_holds_the_experiments_only_if_it_reads_a_result(tmp_path):
    import shutil

    from nnfs_lit.experiments import PACKAGE_DIR, code_fingerprint

    copy = tmp_path / "nnfs_lit"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    pictures = ("spiral", "kernels", "search", "contenders")  # the last two read results
    before = {name: code_fingerprint(copy, ("picture", name)) for name in pictures}
    source = (copy / "book_experiments.py").read_text()
    (copy / "book_experiments.py").write_text(source.replace(  # narrow's function
        "TrainingConfig(epochs=10000, learning_rate=1.0), engine",
        "TrainingConfig(learning_rate=1.0, epochs=10000), engine"))
    changed = [name for name in pictures
               if code_fingerprint(copy, ("picture", name)) != before[name]]
    assert changed == ["search", "contenders"]


def test_a_picture_that_reads_a_result_through_another_function_is_refused(tmp_path):
    from nnfs_lit.experiments import PICTURES, draw_picture, run_experiment

    def through_a_helper():
        return run_experiment("narrow")

    PICTURES["hidden-reader"] = lambda: through_a_helper()
    try:
        with pytest.raises(RuntimeError, match=r"picture 'hidden-reader' reads "
                                               r"experiment 'narrow' through another"):
            draw_picture("hidden-reader", tmp_path)
    finally:
        del PICTURES["hidden-reader"]
    assert not list(tmp_path.glob("experiment-*"))  # nothing was trained


def test_pycon_blocks_inside_an_exercise_keep_their_indentation():
    markdown = ('??? success "Solution"\n\n    ```pycon\n    >>> 1 + 1  # doctest: +SLOW\n'
                "    2\n\n    ```\n")
    wrapped = pycon_copy.wrap_blocks(markdown)
    assert wrapped == ('??? success "Solution"\n\n'
                       '    <div class="pycon-copy" data-copy="1 + 1&#10;" markdown>\n\n'
                       "    ```pycon\n    >>> 1 + 1\n    2\n\n    ```\n\n    </div>\n")


MANIFEST = {"density": 2,
            "experiments": {"seed": {"figures": {"decision_boundary": {"width": 1000,
                                                                       "height": 1000}}}},
            "pictures": {"spiral": {"width": 1040, "height": 880}}}


def test_a_figure_becomes_its_light_and_dark_versions_at_their_drawn_size():
    import themed_images

    figures = themed_images.sizes(MANIFEST)
    html = ('<p><img alt="The spiral" src="../assets/pictures/spiral.png" width="99" /></p>'
            '<img src="other.png" alt="left alone">')
    assert themed_images.themed(html, figures, 2, "page.md") == (
        '<p><img alt="The spiral" src="../assets/pictures/spiral.png#only-light" '
        'width="520" height="440" data-density="2">'
        '<img alt="The spiral" src="../assets/pictures/spiral-dark.png#only-dark" '
        'width="520" height="440" data-density="2"></p><img src="other.png" alt="left alone">')


def test_an_image_of_a_figure_the_build_did_not_make_is_an_error():
    import themed_images

    with pytest.raises(themed_images.FigureError, match="page.md: assets/pictures/spiarl.png"):
        themed_images.themed('<img src="assets/pictures/spiarl.png">',
                             themed_images.sizes(MANIFEST), 2, "page.md")


def test_the_repository_placeholder_links_the_repository_when_it_is_known():
    text = "From a clone of {{ repository }}: `{{ repository }}`"
    assert placeholders.fill(text, {}, "page.md", "https://example.org/book") == (
        "From a clone of [the book's repository](https://example.org/book): "
        "`{{ repository }}`")
    assert placeholders.fill(text, {}, "page.md") == (
        "From a clone of the book's repository: `{{ repository }}`")


LOCKER = """
import sys, time
sys.path.insert(0, sys.argv[1])
import build_lock
build_lock.acquire(sys.argv[2], log=lambda line: print(line, flush=True))
print("holding", flush=True)
time.sleep(float(sys.argv[3]))
"""


def test_the_build_lock_makes_a_second_build_wait_and_dies_with_its_holder(tmp_path):
    def locker(hold):
        return subprocess.Popen([sys.executable, "-c", LOCKER, str(ROOT / "tools"),
                                 str(tmp_path), str(hold)], stdout=subprocess.PIPE, text=True)

    first = locker(60)
    assert first.stdout.readline() == "holding\n"
    second = locker(0)
    assert second.stdout.readline().startswith(f"another build of {tmp_path} is running")
    time.sleep(0.3)
    assert second.poll() is None  # still waiting
    first.send_signal(signal.SIGKILL)  # a killed holder cannot block the next build
    first.wait()
    assert second.stdout.readline().startswith("waited ")
    assert second.stdout.readline() == "holding\n"
    second.wait(timeout=30)
    fd = build_lock.acquire(tmp_path, log=lambda line: pytest.fail(line))  # free again
    build_lock.release(fd)
    assert build_lock.lock_path(tmp_path).is_file()


def test_the_reliability_table_shows_each_bad_input_and_its_message():
    rows = page_facts.bad_input_messages()  # tools/bad_inputs.py, as the build runs it
    table = placeholders.reliability_table(rows).splitlines()
    assert len(table) == 2 + len(rows) >= 32
    assert any("must have 2 features per sample, got shape (4, 3)" in line for line in table)
    import tempfile  # a hostile file's message names it, without this machine's folders

    assert any(row["message"].startswith("model.npz") for row in rows)
    assert not any(tempfile.gettempdir() in row["message"] or str(ROOT) in row["message"]
                   for row in rows)
    assert any("as nnfs_lit/datasets/digits.csv.gz" in row["message"] for row in rows)
    filled = placeholders.fill("{{ reliability }}", {}, "page.md", reliability=rows)
    assert filled.splitlines() == table


def test_a_bad_input_that_raises_nothing_stops_the_build(tmp_path):

    cases = tmp_path / "bad_inputs.py"
    cases.write_text(
        "from types import SimpleNamespace as Case\n"
        "CASES = [Case(id='quiet', what='a call that succeeds', call=lambda: 1,\n"
        "              error=ValueError, message='.')]\n")
    with pytest.raises(page_facts.FactError, match="'quiet' .*raised nothing"):
        page_facts.bad_input_messages(cases)
    cases.write_text(
        "from types import SimpleNamespace as Case\n"
        "CASES = [Case(id='other', what='the wrong error', call=lambda: 1 / 0,\n"
        "              error=ValueError, message='.')]\n")
    with pytest.raises(page_facts.FactError, match="expected ValueError.*ZeroDivisionError"):
        page_facts.bad_input_messages(cases)


def fake_benchmark():
    """A benchmark result of the shape benchmarks/speed.py writes, with odd numbers."""
    us = {"reference": 237.4, "nnfs_lit": 98.6, "torch eager": 461.2}
    ratios = {"reference": 1.0, "nnfs_lit": 0.4155, "torch eager": 1.9433}
    return {
        "date": "2026-11-26", "repeats": 7,
        "machine": {"cores": 2, "python": "3.11.7", "numpy": "2.4.6", "torch": "2.13.0"},
        "epochs": [{"network": "2-64-3 Adam", "samples": 300, "us_per_epoch": us,
                    "ratio_to_reference": ratios}],
        "seed_run": {"seconds": {"seed-style script": 7.523, "python -m nnfs_lit": 3.611},
                     "ratio": 0.4822},
        "memory": {"samples": 3000, "epochs": 50, "arrays_bytes": 6_520_000,
                   "peak_bytes": {"nnfs_lit": 5_330_000},
                   "ratio": {"nnfs_lit": 0.8175}},
    }


def test_the_benchmark_placeholder_shows_the_recorded_run():
    page = placeholders.fill("Before.\n\n{{ benchmark }}\n\nAfter.", {}, "17.md",
                             benchmark=fake_benchmark())
    assert "| network | points | textbook | nnfs_lit | PyTorch |" in page
    assert "| 2-64-3 Adam | 300 | 237 | 99 (0.42×) | 461 (1.94×) |" in page
    assert "| `seed-style script` | 7.52 s |" in page
    assert "| ratio, repeat by repeat | 0.48× |" in page
    assert "| nnfs_lit | 5.33 MB | 0.82× |" in page
    assert "Measured on 2026-11-26: 2 cores" in page and "PyTorch 2.13.0" in page
    assert "median of 7 interleaved repeats" in page


def test_the_benchmark_placeholder_shows_what_the_float_environment_costs():
    recorded = fake_benchmark()
    recorded["floats"] = {
        "kernels": {"pinned": {"blas": "openblas Haswell", "simd": "X86_V3"},
                    "own kernels": {"blas": "openblas SkylakeX", "simd": "X86_V4"}},
        "epochs": [{"network": "2-64-3 Adam", "samples": 3000,
                    "us_per_epoch": {"pinned": 812.4, "own kernels": 770.1},
                    "ratio": 1.0549}],
        "seed_run_seconds": {"pinned": 3.912, "own kernels": 3.801},
        "seed_run_ratio": 1.0292}
    page = placeholders.fill("{{ benchmark }}", {}, "17.md", benchmark=recorded)
    assert "own kernels (openblas SkylakeX, NumPy X86_V4) | pinned |" in page
    assert "| 2-64-3 Adam, 3000 points, µs per epoch | 812 | 770 | 1.05× |" in page
    assert "| whole seed run, s | 3.91 | 3.80 | 1.03× |" in page
    recorded["floats"] = {"skipped": "this CPU or NumPy lacks x86-64-v3"}
    page = placeholders.fill("{{ benchmark }}", {}, "17.md", benchmark=recorded)
    assert "was not measured: this CPU or NumPy lacks x86-64-v3." in page


def test_the_conv_benchmark_placeholder_shows_the_convolutions_costs():
    recorded = fake_benchmark()
    parts = {"im2col copy": 812.4, "forward product": 301.9, "col2im loop": 1500.2}
    recorded["conv"] = {
        "date": "2026-12-06", "repeats": 5, "samples": 3500,
        "seconds_per_epoch": {"plain": 4.213, "ConvNetwork": 2.345}, "ratio": 1.797,
        "parts": {"batch": 32, "layers": {
            "first": {"us": parts, "share": {"im2col copy": 0.311,
                                             "forward product": 0.115,
                                             "col2im loop": 0.574}},
            "second": {"us": parts, "share": {"im2col copy": 0.3, "forward product": 0.2,
                                              "col2im loop": 0.5}}}}}
    page = placeholders.fill("{{ conv_benchmark }}", {}, "23.md", benchmark=recorded)
    assert "| seconds | 4.21 | 2.35 | 1.80× |" in page
    assert "| `Conv2D`, one step on 32 digits, µs (share) | first | second |" in page
    assert "| im2col copy | 812 (31%) | 812 (30%) |" in page
    assert "| col2im loop | 1,500 (57%) | 1,500 (50%) |" in page
    assert "Measured on 2026-12-06" in page and "median of 5 interleaved" in page
    del recorded["conv"]
    with pytest.raises(placeholders.PlaceholderError, match=r"bench --only conv"):
        placeholders.fill("{{ conv_benchmark }}", {}, "23.md", benchmark=recorded)


def test_the_engine_benchmark_placeholder_shows_the_autograd_engines_costs():
    recorded = fake_benchmark()
    recorded["engine"] = {
        "date": "2026-12-06", "repeats": 7,
        "epochs": [{"network": "2-64-3 Adam", "samples": 3000,
                    "us_per_epoch": {"plain": 2262.4, "FastNetwork": 1056.2,
                                     "autograd": 4123.9},
                    "autograd_to": {"plain": 1.8227, "FastNetwork": 3.9044},
                    "fresh_pages_per_epoch": {"plain": 281.2, "FastNetwork": 8.1,
                                              "autograd": 3691.5}}],
        "steps": [{"samples": 300, "nodes": 25,
                   "us_per_step": {"forward": 401.2, "backward": 702.6},
                   "profile": [{"function": "tensor.py:40(backward)",
                                "calls_per_step": 1.0, "share": 0.2349}]},
                  {"samples": 3000, "nodes": 25,
                   "us_per_step": {"forward": 2401.2, "backward": 9702.6},
                   "profile": [{"function": "numeric.py:97(zeros_like)",
                                "calls_per_step": 43.0, "share": 0.3151}]}]}
    page = placeholders.fill("{{ engine_benchmark }}", {}, "21.md", benchmark=recorded)
    assert ("| 2-64-3 Adam | 3,000 | 2,262 µs | 1,056 µs | 4,124 µs | 1.82× | 3.90× |"
            in page)
    assert "| 2-64-3 Adam | 3,000 | 281 | 8 | 3,692 |" in page
    assert "| one autograd step, µs | 300 points | 3,000 points |" in page
    assert "| tensors in its graph | 25 | 25 |" in page
    assert "| backward | 703 | 9,703 |" in page
    assert "| `tensor.py:40(backward)` | 1 | 23% |" in page
    assert "| `numeric.py:97(zeros_like)` | 43 | 32% |" in page
    assert "Measured on 2026-12-06" in page and "median of 7 interleaved" in page
    del recorded["engine"]
    with pytest.raises(placeholders.PlaceholderError, match=r"bench --only engine"):
        placeholders.fill("{{ engine_benchmark }}", {}, "21.md", benchmark=recorded)


def test_a_missing_benchmark_result_stops_the_build_with_the_command_to_run(tmp_path):
    with pytest.raises(page_facts.FactError, match=r"run python benchmarks/speed.py"):
        page_facts.benchmark_results(tmp_path / "results.json")
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"date": "2026-11-26"}))
    with pytest.raises(page_facts.FactError, match=r"not a benchmark result.*machine"):
        page_facts.benchmark_results(broken)


def test_the_recorded_benchmark_meets_the_targets_it_recorded():
    """benchmarks/results.json is the run the book shows: it must be whole, and the
    targets it recorded must be met (re-run the benchmark when they
    are not, on an idle machine)."""
    recorded = page_facts.benchmark_results()
    assert recorded["targets"] and all(target["met"] for target in recorded["targets"])
    assert len(recorded["epochs"]) == 4 and recorded["repeats"] >= 5


RELOAD = """
import importlib
import nnfs_lit
importlib.import_module("nnfs_lit.book_experiments")  # they register when imported
importlib.import_module("nnfs_lit.pictures")
from nnfs_lit.experiments import EXPERIMENTS, PICTURES, experiment, picture
experiments, pictures = list(EXPERIMENTS), list(PICTURES)
importlib.reload(nnfs_lit)
# what a notebook's %autoreload does
book = importlib.reload(importlib.import_module("nnfs_lit.book_experiments"))
importlib.reload(importlib.import_module("nnfs_lit.pictures"))
assert list(EXPERIMENTS) == experiments and list(PICTURES) == pictures
assert EXPERIMENTS["seed"].train is book.seed_run  # the new definition took its place
for register in (experiment("seed", "another seed run"), picture("spiral")):
    try:
        register(lambda: None)  # another function under a name that is taken
    except ValueError as error:
        print(error)
"""


def test_reloading_a_lesson_module_registers_it_again_and_a_second_name_is_refused():
    done = subprocess.run([sys.executable, "-c", RELOAD], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["experiment 'seed' is defined twice",
                                        "picture 'spiral' is defined twice"]


def test_an_experiments_key_holds_only_the_modules_it_can_run(tmp_path):
    """The command line and the pictures are imported by no experiment: an edit to a
    message of the command line, or to a helper of the pictures, retrains nothing (and
    the message redraws only the picture of the package's layout, which reads every
    module). An edit to a layer changes every experiment's key."""
    import importlib
    import pkgutil
    import shutil

    import nnfs_lit
    from nnfs_lit.experiments import EXPERIMENTS, PACKAGE_DIR, PICTURES, code_fingerprint

    for module in pkgutil.iter_modules(nnfs_lit.__path__):  # as the build registers
        if module.name != "__main__":
            importlib.import_module(f"nnfs_lit.{module.name}")
    copy = tmp_path / "nnfs_lit"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))

    # The package's own: a doctest run earlier in this process may have registered
    # more, whose code is outside the package, so their keys cover every module.
    ours = {"experiment": [name for name, entry in EXPERIMENTS.items()
                           if entry.train.__module__.startswith("nnfs_lit.")],
            "picture": [name for name, draw in PICTURES.items()
                        if draw.__module__.startswith("nnfs_lit.")]}
    assert len(ours["experiment"]) >= 10 and len(ours["picture"]) >= 10

    def keys(kind):
        return {name: code_fingerprint(copy, (kind, name)) for name in ours[kind]}

    def edit(module, old, new):
        source = (copy / module).read_text()
        assert old in source
        (copy / module).write_text(source.replace(old, new, 1))

    experiments, pictures = keys("experiment"), keys("picture")
    edit("cli.py", 'f"must be at most {largest}, got', 'f"should be at most {largest}, got')
    assert keys("experiment") == experiments
    redrawn = [name for name, key in keys("picture").items() if key != pictures[name]]
    assert redrawn == ["layers"]  # Appendix E's picture of the package reads every module
    pictures = keys("picture")
    edit("pictures.py", "RACE_EPOCHS = 2000", "RACE_EPOCHS = 2001")
    assert keys("experiment") == experiments
    assert keys("picture") != pictures
    edit("layers.py", "self.output = inputs @ self.weights + self.biases",
         "self.output = self.biases + inputs @ self.weights")
    assert [name for name, key in keys("experiment").items()
            if key == experiments[name]] == []


def test_the_build_never_reads_the_tests():
    """tools/ (the build and its hooks) imports no module of tests/ and names no path
    under it: a build needs the book and the package, never the test suite."""
    import ast

    test_modules = {path.stem for path in (ROOT / "tests").glob("*.py")}
    for path in sorted((ROOT / "tools").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {(node.module or "").split(".")[0]}
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings):
                assert node.value != "tests" and not node.value.startswith("tests/"), (
                    f"{path.name}:{node.lineno} names {node.value!r}")
                continue
            else:
                continue
            assert not names & test_modules, f"{path.name}:{node.lineno} imports {names}"


def test_one_reader_finds_every_fence_and_reads_a_shown_fence_as_text():
    import book_markdown

    page = ["# A", "```python title=\"nnfs_lit/x.py\"", "X = 1", "```", "",
            "???+ success \"Solution\"", "", "    ```pycon", "    >>> 1", "    1",
            "    ```", "", "````markdown", "```pycon", ">>> shown, not run", "```",
            "````", "~~~", "never closed"]
    found = list(book_markdown.fences(page))
    assert [(f.language, f.title, f.indent, f.start, f.end, f.closed) for f in found] == [
        ("python", "nnfs_lit/x.py", "", 1, 3, True),
        ("pycon", None, "    ", 7, 10, True),
        ("markdown", None, "", 12, 16, True),  # the pycon inside it is its text
        ("", None, "", 17, 18, False)]
    assert found[1].body == (">>> 1", "1")
    assert found[2].body == ("```pycon", ">>> shown, not run", "```")
    shown = "````markdown\n```pycon\n>>> 1\n1\n```\n````"
    assert pycon_copy.wrap_blocks(shown) == shown  # a block shown in a block: not run


def test_the_chapters_are_the_navs_numbered_pages_in_its_order():
    import book_markdown
    import tangle

    chapters = book_markdown.numbered_chapters(ROOT)
    assert [p.name for p in chapters] == [
        p.name for p in tangle.nav_chapters(ROOT) if p.name[:2].isdigit()]
    assert [p.name[:2] for p in chapters] == [
        f"{n:02d}" for n in range(1, len(chapters) + 1)]
    assert len(chapters) >= 20  # Parts I, II and III


def test_the_readme_names_the_hooks_of_mkdocs_yml_in_their_order():
    import re

    import book_markdown

    hooks = [Path(hook).stem.removeprefix("hook_").replace("_", " ")
             for hook in book_markdown.load_yaml(ROOT / "mkdocs.yml")["hooks"]]
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = re.search(r"The build is (\w+) small hooks \(.*?in the order they run: "
                     r"(.*?)\)", readme)
    numbers = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
               "ten"]
    assert said and numbers.index(said[1]) + 1 == len(hooks)
    assert [name.strip() for name in said[2].split(",")] == hooks


def test_an_experiment_that_returns_no_run_is_refused_by_name_and_stores_nothing(tmp_path):
    from dataclasses import dataclass

    from nnfs_lit.experiments import EXPERIMENTS, Run, experiment, run_experiment
    from nnfs_lit.training import TrainingConfig, run_training

    @dataclass
    class Bare:  # a run without its measures
        config: object
        network: object
        history: object

    run = run_training(TrainingConfig(epochs=3))
    assert isinstance(run, Run)
    assert not isinstance(Bare(run.config, run.network, run.history), Run)

    @experiment("no-run", "returns something that is not a Run")
    def no_run():
        return Bare(run.config, run.network, run.history)

    try:
        with pytest.raises(TypeError, match="experiment 'no-run' returned a Bare, not a "
                                            "Run: it needs config"):
            run_experiment("no-run", tmp_path)
    finally:
        del EXPERIMENTS["no-run"]
    assert not any(tmp_path.rglob("result.json"))


def test_a_build_reuses_the_last_results_only_while_nothing_they_read_has_changed(tmp_path):
    """A prose edit under `mkdocs serve` skips the results' interpreter; an edit to the
    package, a tool, the benchmark, a float setting, or a lost figure does not."""
    root = tmp_path
    (root / "nnfs_lit").mkdir()
    (root / "nnfs_lit" / "layers.py").write_text("x = 1\n")
    (root / "tools").mkdir()
    (root / "tools" / "results.py").write_text("y = 2\n")
    cache = results.cache_dir(root)
    cache.mkdir(parents=True)
    figure = cache / "spiral.png"
    figure.write_bytes(b"png")
    manifest = {"experiments": {}, "pictures": {"spiral": {"light": str(figure),
                                                           "dark": str(figure)}}}
    (cache / "manifest.json").write_text(json.dumps(manifest))
    assert results.unchanged_manifest(root) is None  # never stamped
    (cache / "manifest.stamp").write_text(results.inputs_stamp(root) + "\n")
    assert results.unchanged_manifest(root) == manifest
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("prose\n")  # the experiments never read it
    assert results.unchanged_manifest(root) == manifest
    for edit in (lambda: (root / "nnfs_lit" / "layers.py").write_text("x = 2\n"),
                 lambda: (root / "tools" / "results.py").write_text("y = 3\n"),
                 lambda: os.environ.__setitem__("OPENBLAS_CORETYPE", "Sandybridge"),
                 lambda: figure.unlink()):
        before = os.environ.get("OPENBLAS_CORETYPE")
        edit()
        assert results.unchanged_manifest(root) is None
        if before is not None:
            os.environ["OPENBLAS_CORETYPE"] = before
        else:
            os.environ.pop("OPENBLAS_CORETYPE", None)
        (cache / "manifest.stamp").write_text(results.inputs_stamp(root) + "\n")


def test_an_edit_made_while_the_results_run_is_not_stamped_as_done(tmp_path, monkeypatch):
    """The stamp holds the inputs as the run found them: a chapter saved while the
    results were being made leaves the next build to run them again."""
    root = tmp_path
    (root / "nnfs_lit").mkdir()
    module = root / "nnfs_lit" / "layers.py"
    module.write_text("x = 1\n")
    cache = results.cache_dir(root)

    def run_while_the_reader_edits(*args, **kwargs):
        module.write_text("x = 2\n")  # saved during the run
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "manifest.json").write_text(json.dumps({"experiments": {},
                                                          "pictures": {}}))
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(results.subprocess, "run", run_while_the_reader_edits)
    results.build_in_subprocess(root, log=lambda line: None)
    assert results.unchanged_manifest(root) is None
