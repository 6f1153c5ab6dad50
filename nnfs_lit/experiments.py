# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/experiments.md:47
"""Experiments: the named training runs the book shows, cached by what made them."""

import ast
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

PACKAGE_DIR = Path(__file__).resolve().parent
EXPERIMENTS = {}  # name -> Experiment, in the order the book defines them


@dataclass(frozen=True)
class Experiment:
    """A named training run: train() returns its TrainingRun."""

    name: str
    title: str
    train: object  # a function of no arguments


def experiment(name, title):
    """Register the decorated function, which returns a TrainingRun, as `name`."""

    def register(train):
        if name in EXPERIMENTS:
            raise ValueError(f"experiment {name!r} is defined twice")
        EXPERIMENTS[name] = Experiment(name, title, train)
        return train

    return register


def code_fingerprint(package_dir=PACKAGE_DIR, experiment=None):
    """SHA-256 of the package's code, without its comments and docstrings.

    Given an experiment's name, the other experiments' functions are left out too.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(package_dir).glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))  # comments are not in it
        for node in ast.walk(tree):
            if _docstring(node) is not None:
                node.body = node.body[1:] or [ast.Pass()]
        if experiment is not None:
            tree.body = [node for node in tree.body
                         if _experiment_name(node) in (None, experiment)]
        digest.update(f"{path.name}\0{ast.dump(tree)}\0".encode())
    return digest.hexdigest()


def _docstring(node):
    scopes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    if isinstance(node, scopes) and node.body:
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            return first.value.value if isinstance(first.value.value, str) else None
    return None


def _experiment_name(node):
    """The name in `@experiment("name", ...)` above a function, or None."""
    for decorator in getattr(node, "decorator_list", []):
        if isinstance(decorator, ast.Call) and decorator.args:
            function = decorator.func
            called = getattr(function, "id", getattr(function, "attr", None))
            if called == "experiment" and isinstance(decorator.args[0], ast.Constant):
                return decorator.args[0].value
    return None


def versions():
    """What a result depends on besides the code: Python, NumPy, matplotlib."""
    return {
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "numpy": np.__version__,
        "matplotlib": metadata.version("matplotlib"),
    }


def experiment_key(name):
    """A 20-hex-digit name for the result of experiment `name`: code, name, versions."""
    if name not in EXPERIMENTS:
        known = ", ".join(EXPERIMENTS)
        raise ValueError(f"unknown experiment {name!r}; known: {known}")
    made_of = {"code": code_fingerprint(experiment=name), "experiment": name,
               **versions()}
    return hashlib.sha256(json.dumps(made_of, sort_keys=True).encode()).hexdigest()[:20]


def default_cache_dir():
    """$NNFS_LIT_CACHE if set (the book's build sets it), else .cache/experiments."""
    return Path(os.environ.get("NNFS_LIT_CACHE", ".cache/experiments"))


@dataclass(frozen=True)
class Result:
    """What an experiment produced, as stored in its cache entry."""

    name: str
    title: str
    key: str
    metrics: dict  # the numbers pages quote: final_loss, final_accuracy, epochs, ...
    figures: list  # the names of its figures, from plots.run_figures
    directory: Path  # result.json, arrays.npz and one PNG per figure
    trained_now: bool = False

    def figure(self, name):
        """The PNG file of the figure `name` (see plots.run_figures)."""
        return self.directory / f"{name}.png"

    def arrays(self):
        """X, y, the last forward pass's probabilities, loss and accuracy per epoch."""
        with np.load(self.directory / "arrays.npz") as arrays:
            return dict(arrays)


def cache_entry(name, cache_dir=None):
    """The directory that holds, or will hold, the result of experiment `name`."""
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    return cache_dir / f"{name}-{experiment_key(name)}"


def run_experiment(name, cache_dir=None):
    """The Result of experiment `name`: from the cache, or trained and then stored."""
    entry = cache_entry(name, cache_dir)
    key = entry.name.rsplit("-", 1)[1]
    trained_now = not (entry / "result.json").is_file()
    if trained_now:
        started = time.perf_counter()
        run = EXPERIMENTS[name].train()
        seconds = time.perf_counter() - started
        _store(entry, lambda directory: _save(run, directory, name, key, seconds))
    saved = json.loads((entry / "result.json").read_text(encoding="utf-8"))
    return Result(name, saved["title"], key, saved["metrics"], saved["figures"], entry,
                  trained_now)


def _save(run, directory, name, key, seconds):
    from nnfs_lit.plots import run_figures, save_figure

    figures = run_figures(run)
    for figure_name, fig in figures.items():
        save_figure(fig, directory / f"{figure_name}.png")
    np.savez(directory / "arrays.npz", X=run.X, y=run.y,
             probabilities=run.probabilities,
             loss=run.history.loss, accuracy=run.history.accuracy)
    predictions = run.probabilities.argmax(axis=1)  # (n_samples,)
    metrics = {
        **asdict(run.config),
        "n_samples": len(run.y),
        "final_loss": run.final_loss,
        "final_accuracy": run.final_accuracy,
        "n_correct": int(np.sum(predictions == run.y)),
        "train_seconds": seconds,
    }
    saved = {"name": name, "title": EXPERIMENTS[name].title, "key": key,
             "versions": versions(), "metrics": metrics, "figures": list(figures)}
    text = json.dumps(saved, indent=2) + "\n"
    (directory / "result.json").write_text(text, encoding="utf-8")


def _store(entry, write):
    """Run write(directory) in a temporary directory, then rename it to `entry`."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=entry.parent, prefix=f".{entry.name}."))
    try:
        write(staging)
        os.chmod(staging, 0o755)  # mkdtemp makes directories private
        os.rename(staging, entry)  # atomic: the entry appears whole or not at all
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not (entry / "result.json").is_file():  # not a race lost to an equal result
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
