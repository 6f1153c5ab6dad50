# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/experiments.md, "The code", block 1
"""Experiments and pictures: what the book shows, made by its build and cached."""

import ast
import functools
import hashlib
import inspect
import json
import os
import shutil
import sys
import tempfile
import textwrap
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

PACKAGE_DIR = Path(__file__).resolve().parent
EXPERIMENTS = {}  # name -> Experiment, in the order the book defines them
PICTURES = {}  # name -> a function of no arguments that returns a matplotlib Figure


@runtime_checkable
class Run(Protocol):
    """What an experiment returns, as chapter 7's TrainingRun and chapter 12's
    ModelRun do: the build stores these, draws them and records their numbers."""

    config: object  # the run's settings, a dataclass: recorded field by field
    network: object  # the trained network: its layers' weights are stored
    history: object  # loss and accuracy, every epoch

    @property
    def X(self): ...  # (n_samples, n_features), the points it trained on

    @property
    def y(self): ...  # (n_samples,)

    @property
    def final_loss(self): ...

    @property
    def final_accuracy(self): ...

    @property
    def probabilities(self): ...  # (n_samples, n_classes) on X

    @property
    def scores(self): ...  # {name: number} it measured beyond its history, maybe {}

    def figures(self, make_figure=None): ...  # {name: Figure}: its pictures


@dataclass(frozen=True)
class Experiment:
    """A named training run: train() returns its Run."""

    name: str
    title: str
    train: object  # a function of no arguments, or of `engine` and `watch` (below)
    replay: bool = False  # record the run as it learns, for the page's replay
    site_files: object = None  # run -> {file name: text} to publish beside its figures


def redefined(old, new):
    """Whether `new` is `old` defined again by its own module run once more, as
    importlib.reload or a notebook's %autoreload does: the same module, the same name.
    Then it takes the old one's place; any other function of the same name is a
    mistake."""
    return (old.__module__, old.__qualname__) == (new.__module__, new.__qualname__)


def experiment(name, title, *, replay=False, site_files=None):
    """Register the decorated function, which returns a Run, as `name`.

    replay=True: the function takes `watch` and hands it to the training (see
    run_training and train_model), and the build records the run's replay. If the
    function takes `engine`, the build gives it chapter 17's FastNetwork to train with:
    the same bits as the chapters' own code, sooner. site_files(run), if given,
    returns files for the site by name, published beside the run's figures.
    """

    def register(train):
        if name in EXPERIMENTS and not redefined(EXPERIMENTS[name].train, train):
            raise ValueError(f"experiment {name!r} is defined twice")
        EXPERIMENTS[name] = Experiment(name, title, train, replay, site_files)
        return train

    return register


def picture(name):
    """Register the decorated function, which draws a matplotlib Figure, as `name`."""

    def register(draw):
        if name in PICTURES and not redefined(PICTURES[name], draw):
            raise ValueError(f"picture {name!r} is defined twice")
        PICTURES[name] = draw
        return draw

    return register


# docs/appendix/experiments.md, "The code", block 2
def code_fingerprint(package_dir=PACKAGE_DIR, made_by=None):
    """SHA-256 of the code a result depends on, without comments and docstrings.

    made_by=None: every module of the package. For made_by=("experiment", name): the
    modules that the experiment's own module imports, directly or through others (the
    only code it can run), less the other experiments' functions and the pictures'.
    For ("picture", name): the same from the picture's module, less the other
    pictures'; if its own function reads results (calls run_experiment), the
    experiments' modules and functions are kept too.
    """
    modules, imports = {}, {}
    for path in sorted(Path(package_dir).glob("*.py")):
        stat = path.stat()
        modules[path.stem] = _statements(str(path), stat.st_mtime_ns, stat.st_size)
        imports[path.stem] = _imports(str(path), stat.st_mtime_ns, stat.st_size)
    reads = any(reads for statements in modules.values()
                for registered, _, reads in statements if registered == made_by)
    homes = [stem for stem, statements in modules.items()  # where made_by is defined
             if any(registered == made_by for registered, _, _ in statements)]
    if reads:  # and where the experiments it reads are
        homes += [stem for stem, statements in modules.items()
                  if any(registered and registered[0] == "experiment"
                         for registered, _, _ in statements)]
    wanted = set(modules) if made_by is None or not homes else set().union(
        *(_reach(home, imports) for home in homes))
    digest = hashlib.sha256()
    for stem, statements in modules.items():
        if stem in wanted:
            kept = [dump for registered, dump, _ in statements
                    if made_by is None or _kept(registered, made_by, reads)]
            digest.update(f"{stem}.py\0{chr(10).join(kept)}\0".encode())
    return digest.hexdigest()


def _reach(home, imports):
    """The module `home` and every module it imports, directly or through others."""
    seen, todo = set(), [home]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(imports.get(module, ()))
    return seen


@functools.lru_cache(maxsize=256)
def _imports(path, mtime_ns, size):
    """The package's modules that a module imports anywhere, a function's own imports
    included. Importing any of them runs the package's __init__ first, so it is
    always among them: `from nnfs_lit import Dense` reaches every module it imports."""
    package = __name__.partition(".")[0]  # "nnfs_lit"
    found = set()
    for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:  # relative: from . import x, from .x import y
                module = ".".join(filter(None, [package, module]))
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == package:
                found.add("__init__")
                if len(parts) > 1 and (Path(path).parent / f"{parts[1]}.py").is_file():
                    found.add(parts[1])
    return frozenset(found)


@functools.lru_cache(maxsize=256)
def _statements(path, mtime_ns, size):
    """(registration, text, reads) of each top-level statement of a module, docstrings
    removed; `reads` is whether it calls run_experiment, that is, reads a result.

    Parsed once per version of the file (its time and size are part of the cache key):
    the build asks for a key for every experiment and picture.
    """
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))  # comments are not in it
    for node in ast.walk(tree):
        if _docstring(node) is not None:
            node.body = node.body[1:] or [ast.Pass()]
    return [(_registration(node), ast.dump(node), _reads_results(node))
            for node in tree.body]


def _reads_results(node):
    return any(isinstance(inner, ast.Name) and inner.id == "run_experiment"
               for inner in ast.walk(node))


def _docstring(node):
    scopes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    if isinstance(node, scopes) and node.body:
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            return first.value.value if isinstance(first.value.value, str) else None
    return None


def _registration(node):
    """("experiment" or "picture", name) for a function registered by a decorator."""
    for decorator in getattr(node, "decorator_list", []):
        if isinstance(decorator, ast.Call) and decorator.args:
            function = decorator.func
            called = getattr(function, "id", getattr(function, "attr", None))
            first = decorator.args[0]
            if called in ("experiment", "picture") and isinstance(first, ast.Constant):
                return called, first.value
    return None


def _kept(registered, made_by, reads):
    if registered is None or registered == made_by:
        return True
    return made_by[0] == "picture" and registered[0] == "experiment" and reads


def versions():
    """What a result depends on besides the code: Python, NumPy, matplotlib, and the
    float kernels NumPy runs on (Appendix B)."""
    from nnfs_lit.floats import in_effect

    kernels = in_effect()
    return {
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "numpy": np.__version__,
        "matplotlib": metadata.version("matplotlib"),
        "floats": f"{kernels['blas']}, {kernels['simd']}, {kernels['threads']} thread",
    }


def cache_entry(kind, name, cache_dir=None):
    """The directory that holds, or will hold, what experiment or picture `name` makes.

    `kind` is "experiment" or "picture"; cache_dir defaults to $NNFS_LIT_CACHE (the
    book's build sets it), else .cache/experiments.
    """
    registry = EXPERIMENTS if kind == "experiment" else PICTURES
    if name not in registry:
        home = "book_experiments" if kind == "experiment" else "pictures"
        hint = "" if f"nnfs_lit.{home}" in sys.modules else (
            f"; the book's own register when nnfs_lit.{home} is imported")
        raise ValueError(f"unknown {kind} {name!r}; "
                         f"known: {', '.join(registry) or 'none'}{hint}")
    made_of = {"code": code_fingerprint(made_by=(kind, name)), "name": name,
               **versions()}
    key = hashlib.sha256(json.dumps(made_of, sort_keys=True).encode()).hexdigest()
    if cache_dir is None:
        cache_dir = os.environ.get("NNFS_LIT_CACHE", ".cache/experiments")
    return Path(cache_dir) / f"{kind}-{name}-{key[:20]}"


# docs/appendix/experiments.md, "The code", block 3
DENSITY = 2  # PNG pixels per pixel of page: sharp on high-density screens
PAGE_STYLE = {"font.size": 12, "figure.dpi": 100, "savefig.dpi": 100 * DENSITY}
DARK_PAGE, INK, RULE = "#1e2129", "#d5d7e0", "#5b5f6d"  # the dark pages' colours
BRIGHT = ["#4ea1dc", "#ffa24a", "#4cc44c", "#ff6b6b", "#b48be0", "#d09c8c"]
THEMES = {
    "light": {},  # matplotlib's own black on white, like the book's light pages
    "dark": {  # light ink on the dark pages' background, and brighter class colours
        "figure.facecolor": DARK_PAGE, "axes.facecolor": DARK_PAGE,
        "savefig.facecolor": DARK_PAGE, "legend.facecolor": DARK_PAGE,
        "text.color": INK, "axes.labelcolor": INK, "axes.edgecolor": INK,
        "xtick.color": INK, "ytick.color": INK, "grid.color": RULE,
        "legend.edgecolor": RULE, "axes.prop_cycle": f"cycler('color', {BRIGHT})",
    },
}


def save_in_themes(draw, directory):
    """Call draw() once in each theme's style and save every Figure it returns.

    draw() returns {name: Figure}; each is saved as name.png (light theme) and
    name-dark.png (dark theme) in `directory`. Returns the names.
    """
    import matplotlib

    from nnfs_lit.plots import save_figure

    for theme, style in THEMES.items():
        with matplotlib.rc_context({**PAGE_STYLE, **style}):
            figures = draw()
            for name, figure in figures.items():
                suffix = "" if theme == "light" else f"-{theme}"
                save_figure(figure, Path(directory) / f"{name}{suffix}.png")
    return list(figures)


# docs/appendix/experiments.md, "The code", block 4
@dataclass(frozen=True)
class Result:
    """What an experiment produced, as stored in its cache entry."""

    name: str
    title: str
    key: str
    metrics: dict  # the numbers pages quote: final_loss, final_accuracy, epochs, ...
    figures: list  # the names of its figures, from plots.run_figures
    directory: Path  # result.json, arrays.npz, two PNGs per figure (and model.npz,
    #                  and site/: files for the site, a replay.json among them)
    trained_now: bool = False

    def figure(self, name, theme="light"):
        """The PNG file of the figure `name` (see plots.run_figures) in `theme`."""
        suffix = "" if theme == "light" else f"-{theme}"
        return self.directory / f"{name}{suffix}.png"

    def model(self):
        """The trained Model of a Part II experiment, loaded from its model.npz."""
        from nnfs_lit.saving import load_model

        return load_model(self.directory / "model.npz")

    def arrays(self):
        """X, y, the last probabilities, the loss and accuracy per epoch, and the
        trained parameters: weights1 and biases1 of the first layer that has
        parameters, weights2 and biases2 of the second, and so on."""
        with np.load(self.directory / "arrays.npz") as arrays:
            return dict(arrays)


def run_experiment(name, cache_dir=None):
    """The Result of experiment `name`: from the cache, or trained and then stored."""
    if _drawing:  # a picture reads results, but its key says it does not
        raise RuntimeError(
            f"picture {_drawing[0]!r} reads experiment {name!r} through another "
            "function: call run_experiment in the picture's own function, so that "
            "its cache key holds the experiments' code")
    entry = cache_entry("experiment", name, cache_dir)
    trained_now = not (entry / "result.json").is_file()
    if trained_now:
        recorder, train = None, EXPERIMENTS[name].train
        options = engine_for(train)
        if EXPERIMENTS[name].replay:  # watched as it learns: see "Replays" below
            from nnfs_lit.replay import Recorder

            recorder = Recorder()
            options["watch"] = recorder.watch
        started = time.perf_counter()
        run = train(**options)
        seconds = time.perf_counter() - started
        _store(entry, lambda directory: _save(run, directory, name, seconds, recorder))
    saved = json.loads((entry / "result.json").read_text(encoding="utf-8"))
    key = entry.name.rsplit("-", 1)[1]
    return Result(name, saved["title"], key, saved["metrics"], saved["figures"], entry,
                  trained_now)


def draw_picture(name, cache_dir=None):
    """The directory holding name.png and name-dark.png: from the cache, or drawn."""
    entry = cache_entry("picture", name, cache_dir)
    if not (entry / f"{name}-dark.png").is_file():
        source = textwrap.dedent(inspect.getsource(PICTURES[name]))
        _drawing[:] = [] if _reads_results(ast.parse(source)) else [name]
        try:
            options = engine_for(PICTURES[name])
            _store(entry, lambda directory: save_in_themes(
                lambda: {name: PICTURES[name](**options)}, directory))
        finally:
            _drawing.clear()
    return entry


_drawing = []  # a picture being drawn whose key leaves the experiments out


def engine_for(function):
    """{"engine": chapter 17's FastNetwork} if `function` takes an engine, else {}:
    the build trains with it, the same bits as the chapters' own code, sooner."""
    if "engine" not in inspect.signature(function).parameters:
        return {}
    from nnfs_lit.fast import FastNetwork

    return {"engine": FastNetwork}


def _save(run, directory, name, seconds, recorder=None):
    from nnfs_lit.model import Model
    from nnfs_lit.plots import run_figures
    from nnfs_lit.saving import LAYERS, save_model
    from nnfs_lit.training import plateau_length

    if not isinstance(run, Run):
        raise TypeError(f"experiment {name!r} returned a {type(run).__name__}, not a "
                        "Run: it needs config, network, history, X, y, final_loss, "
                        "final_accuracy, probabilities, scores and figures()")
    figures = save_in_themes(lambda: run_figures(run), directory)
    # files for the site, beside the figures: chapter 23's model.json, a replay
    publish = EXPERIMENTS[name].site_files
    site_files = dict(publish(run)) if publish is not None else {}
    replayed = {}
    if recorder is not None:  # the replay, and a row of its moments for print
        from nnfs_lit.replay import moments_figure

        replay = recorder.replay(run)
        site_files["replay.json"] = json.dumps(replay, separators=(",", ":"))
        replayed["replay_bytes"] = len(site_files["replay.json"].encode())
        figures += save_in_themes(
            lambda: {"learning_moments": moments_figure(replay)}, directory)
    parameters = {}  # weights1, biases1, weights2, ...: every layer that has them
    with_weights = [layer for layer in run.network.layers if hasattr(layer, "weights")]
    for number, layer in enumerate(with_weights, start=1):
        parameters[f"weights{number}"] = layer.weights
        parameters[f"biases{number}"] = layer.biases
    np.savez(directory / "arrays.npz", X=run.X, y=run.y,
             probabilities=run.probabilities,
             loss=run.history.loss, accuracy=run.history.accuracy, **parameters)
    savable = isinstance(run.network, Model) and all(  # chapter 15 knows its layers
        type(layer).__name__ in LAYERS for layer in run.network.layers)
    if savable:  # Part II's: the trained model itself
        save_model(run.network, directory / "model.npz")
    for file_name, text in site_files.items():
        (directory / "site").mkdir(exist_ok=True)
        (directory / "site" / file_name).write_text(text, encoding="utf-8")
    predictions = run.probabilities.argmax(axis=1)  # (n_samples,)
    metrics = {
        **asdict(run.config),
        "n_samples": len(run.y),
        "first_loss": float(run.history.loss[0]),
        "final_loss": run.final_loss,
        "final_accuracy": run.final_accuracy,
        "best_loss": float(run.history.loss.min()),
        "best_loss_epoch": int(run.history.loss.argmin()),
        "plateau_epochs": plateau_length(run.history.loss),
        "n_correct": int(np.sum(predictions == run.y)),
        "train_seconds": seconds,
        **replayed,  # the size of its replay, for an experiment that has one
        **run.scores,  # a run's own measures: validation, test, ...
    }
    saved = {"name": name, "title": EXPERIMENTS[name].title, "versions": versions(),
             "metrics": metrics, "figures": figures}
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
        if not entry.is_dir():  # not a race lost to an equal result
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
