# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""Training runs cached by content: the code, the configuration and the NumPy version.

Book chapter: docs/10-reproducible-runs.md.
"""

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from nnfs_lit.train import History, SpiralNetwork, TrainingConfig, TrainingRun, run_training

PACKAGE_DIR = Path(__file__).resolve().parent


def run_key(config):
    """A 24-hex-digit name for the result of `config` run by this exact package and NumPy."""
    digest = hashlib.sha256()
    for source in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    digest.update(json.dumps(asdict(config), sort_keys=True).encode())
    digest.update(f"numpy=={np.__version__}".encode())
    return digest.hexdigest()[:24]


def cached_run(config, cache_dir=".cache/runs", callback=None):
    """Return the TrainingRun of `config`: loaded from `cache_dir` if there, else trained."""
    entry = Path(cache_dir) / run_key(config)
    if (entry / "metrics.json").is_file():
        return load_run(entry)
    started = time.perf_counter()
    run = run_training(config, callback)
    seconds = time.perf_counter() - started
    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=entry.parent, prefix=f".{entry.name}."))
    try:
        save_run(run, staging, seconds)
        os.rename(staging, entry)  # atomic: the entry appears whole or not at all
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not (entry / "metrics.json").is_file():  # not a race lost to an equal result
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return run


def save_run(run, directory, seconds=None):
    """Write `run` as arrays (run.npz) and a readable summary (metrics.json)."""
    directory = Path(directory)
    np.savez(
        directory / "run.npz",
        X=run.X, y=run.y, probabilities=run.probabilities,
        loss=run.history.loss, accuracy=run.history.accuracy,
        **{f"{name}_{part}": getattr(layer, part)
           for name, layer in (("dense1", run.network.dense1), ("dense2", run.network.dense2))
           for part in ("weights", "biases")},
    )
    metrics = {
        "key": run_key(run.config),
        "config": asdict(run.config),
        "numpy": np.__version__,
        "final_loss": run.final_loss,
        "final_accuracy": run.final_accuracy,
        "train_seconds": seconds,
    }
    (directory / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")


def load_run(directory):
    """Rebuild the TrainingRun saved in `directory` by save_run."""
    directory = Path(directory)
    metrics = json.loads((directory / "metrics.json").read_text())
    config = TrainingConfig(**metrics["config"])
    with np.load(directory / "run.npz") as arrays:
        network = SpiralNetwork(2, config.n_hidden, config.n_classes,
                                rng=np.random.default_rng(0))  # weights replaced below
        for name in ("dense1", "dense2"):
            layer = getattr(network, name)
            layer.weights = arrays[f"{name}_weights"]
            layer.biases = arrays[f"{name}_biases"]
        network.output = arrays["probabilities"]
        history = History(loss=arrays["loss"], accuracy=arrays["accuracy"])
        return TrainingRun(config, arrays["X"], arrays["y"], network, history)


def run_metrics(config, cache_dir=".cache/runs"):
    """The metrics.json of the cached run of `config` (train it first if needed)."""
    cached_run(config, cache_dir)
    return json.loads((Path(cache_dir) / run_key(config) / "metrics.json").read_text())
