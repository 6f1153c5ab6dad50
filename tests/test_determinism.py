"""Determinism: the same seed gives bit-identical weights, metrics and figure
files, in two separate processes (with different hash seeds), and an experiment run
into two separate caches stores the same arrays and the same PNG bytes."""

import hashlib
import json
import os
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent

TRAIN_AND_DRAW = textwrap.dedent("""
    import json, sys
    from dataclasses import replace
    from pathlib import Path
    from nnfs_lit import ModelConfig, train_model
    from nnfs_lit.experiments import save_in_themes
    from nnfs_lit.plots import run_figures

    out = Path(sys.argv[1])
    config = ModelConfig(hidden=(16,), epochs=50)

    def weight_bytes(run):
        return b"".join(layer.weights.tobytes() + layer.biases.tobytes()
                        for layer in run.network.trainable_layers)

    run = train_model(config)
    (out / "weights.bin").write_bytes(weight_bytes(run))
    history = {name: getattr(run.history, name).tolist()
               for name in ("loss", "accuracy", "val_loss", "val_accuracy")}
    metrics = {"history": history, "scores": run.scores}
    (out / "metrics.json").write_text(json.dumps(metrics, sort_keys=True))
    save_in_themes(lambda: run_figures(run), out / "figures")
    # two controls: the same seed again in this process, and another seed
    (out / "weights-again.bin").write_bytes(weight_bytes(train_model(config)))
    (out / "weights-seed1.bin").write_bytes(weight_bytes(train_model(replace(config, seed=1))))
""")

RUN_EXPERIMENT = textwrap.dedent("""
    import sys
    from nnfs_lit import ModelConfig, train_model
    from nnfs_lit.experiments import experiment, run_experiment

    experiment("determinism", "8 hidden neurons, 30 epochs")(
        lambda: train_model(ModelConfig(hidden=(8,), epochs=30)))
    result = run_experiment("determinism", sys.argv[1])
    assert result.trained_now, "a fresh cache directory should not hold the result"
""")


def run_twice(script, tmp_path):
    """Run `script` in two processes at once, each with its own directory (its argv[1])
    and its own PYTHONHASHSEED; the two directories."""
    processes, directories = [], []
    for hash_seed in ("1", "2"):
        directory = tmp_path / f"run{hash_seed}"
        directory.mkdir()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": hash_seed,
               "MPLBACKEND": "Agg"}
        processes.append(subprocess.Popen(
            [sys.executable, "-c", script, str(directory)], cwd=directory, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        directories.append(directory)
    for process in processes:
        stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stdout + stderr
    return directories


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def png_metadata(path):
    """The PNG's chunk types other than image data, and the keywords of its text."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    types, keywords, at = [], [], 8
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at:at + 4]), data[at + 4:at + 8]
        if kind != b"IDAT":
            types.append(kind.decode("ascii"))
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            keywords.append(data[at + 8:at + 8 + length].split(b"\0")[0].decode("latin-1"))
        at += 12 + length
    return types, keywords


@pytest.mark.slow  # trains in two processes
def test_same_seed_gives_identical_weights_metrics_and_figures_in_two_processes(tmp_path):
    first, second = run_twice(TRAIN_AND_DRAW, tmp_path)
    for name in ("weights.bin", "metrics.json"):
        assert sha256(first / name) == sha256(second / name), name
    figures = sorted(path.name for path in (first / "figures").iterdir())
    assert figures == ["decision_boundary-dark.png", "decision_boundary.png",
                       "training_progress-dark.png", "training_progress.png"]
    assert sorted(path.name for path in (second / "figures").iterdir()) == figures
    for name in figures:
        assert sha256(first / "figures" / name) == sha256(second / "figures" / name), name
    # the controls: a rerun in one process agrees, another seed does not
    weights = (first / "weights.bin").read_bytes()
    assert (first / "weights-again.bin").read_bytes() == weights
    assert (first / "weights-seed1.bin").read_bytes() != weights


def test_figures_carry_no_timestamp_or_other_varying_metadata(tmp_path):
    # matplotlib writes only Software (its own version) as text; no tIME chunk, no
    # creation date: the same pixels are the same bytes whatever the day.
    figure = tmp_path / "figure.png"
    from matplotlib.figure import Figure

    from nnfs_lit.plots import save_figure

    fig = Figure(figsize=(2, 2))
    fig.subplots().plot([0, 1], [1, 0])
    save_figure(fig, figure)
    types, keywords = png_metadata(figure)
    assert set(types) <= {"IHDR", "pHYs", "tEXt", "IEND"}, types
    assert keywords == ["Software"], keywords


@pytest.mark.slow  # trains in two processes
def test_an_experiment_run_into_two_caches_stores_the_same_arrays_and_pngs(tmp_path):
    first, second = run_twice(RUN_EXPERIMENT, tmp_path)
    [entry1], [entry2] = list(first.iterdir()), list(second.iterdir())
    assert entry1.name == entry2.name  # the same cache key in both processes
    for name in ("arrays.npz", "model.npz"):
        with np.load(entry1 / name) as one, np.load(entry2 / name) as two:
            assert sorted(one.files) == sorted(two.files)
            for key in one.files:  # dtype, shape and every bit of each array
                a, b = one[key], two[key]
                assert (a.dtype, a.shape, a.tobytes()) == (b.dtype, b.shape, b.tobytes()), (
                    f"{name}: {key}")
        assert sha256(entry1 / name) == sha256(entry2 / name), name  # the files too
    pngs = sorted(path.name for path in entry1.glob("*.png"))
    assert len(pngs) == 4 and pngs == sorted(path.name for path in entry2.glob("*.png"))
    for name in pngs:
        assert sha256(entry1 / name) == sha256(entry2 / name), name
    metrics = [json.loads((entry / "result.json").read_text())["metrics"]
               for entry in (entry1, entry2)]
    for measured in metrics:
        del measured["train_seconds"]  # a wall-clock time: the one number that varies
    assert metrics[0] == metrics[1]
