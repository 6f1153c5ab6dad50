"""mkdocs hooks: the build re-tangles the package, trains the seed run and shows its results.

Events, in build order:
- on_startup: remember whether this is `mkdocs build` or `mkdocs serve`.
- on_config: for `mkdocs build`, build into a staging directory that replaces site/ only
  when the build succeeded (a failed build never leaves a half-written site).
- on_pre_build: re-tangle nnfs_lit/ from the chapters; train or load the seed run in a
  fresh interpreter (so an edited package is imported anew); key mkdocs-jupyter's cache
  by the run, since its own key is only the notebook's text.
- on_files: add the seed run's two PNGs (assets/run/) and the notebook's .ipynb download.
- on_page_markdown: fill {{ run.NAME }} placeholders with the run's numbers.
- on_page_content / on_post_page: the notebook download links; strip nbconvert's MathJax
  and Mermaid loaders (they would fetch scripts from a CDN; KaTeX renders the math here).
- on_post_build / on_build_error: publish or discard the staging directory.

Run as a script, it is the fresh-interpreter half of on_pre_build:
    python tools/mkdocs_hooks.py CACHE_DIR   prints the seed run's metrics as JSON
"""

import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
NOTEBOOK = "training-run.py"
FIGURES = ["decision_boundary.png", "training_progress.png"]  # served from assets/run/
KEEP_RUNS = 8  # cache entries kept, most recent first

log = logging.getLogger("mkdocs.hooks.nnfs_lit")
_state = {"command": "build"}


class _WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def on_startup(command, dirty):
    _state["command"] = command


def on_config(config):
    from mkdocs.exceptions import PluginError

    root = Path(config.config_file_path).resolve().parent
    _state["root"] = root
    _state["cache"] = root / ".cache"
    os.environ["NNFS_LIT_CACHE_DIR"] = str(root / ".cache" / "runs")
    # The notebook kernel and the training subprocess import nnfs_lit from this project.
    paths = [str(root)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    if "mkdocs-jupyter" not in config.plugins:
        raise PluginError("the mkdocs-jupyter plugin must be enabled: it runs the training page")
    if _state["command"] == "build":
        site = Path(config.site_dir).resolve()
        _state["site"] = site
        _state["staging"] = site.parent / f".{site.name}.staging"
        shutil.rmtree(_state["staging"], ignore_errors=True)
        config.site_dir = str(_state["staging"])
    return config


def on_pre_build(config):
    from mkdocs.exceptions import PluginError

    sys.path.insert(0, str(TOOLS))
    try:
        import tangle
    finally:
        sys.path.remove(str(TOOLS))
    root = _state["root"]
    try:
        for target in tangle.write(root, out=io.StringIO()):
            log.info("tangled %s", target)
    except tangle.TangleError as error:
        raise PluginError(f"tangle: {error}") from error

    _state["warnings"] = _WarningCounter()
    logging.getLogger("mkdocs").addHandler(_state["warnings"])

    runs = _state["cache"] / "runs"
    done = subprocess.run([sys.executable, __file__, str(runs)], capture_output=True,
                          text=True, cwd=root)
    if done.returncode != 0:
        raise PluginError("the seed run failed:\n" + done.stderr[-3000:])
    metrics = json.loads(done.stdout)
    _state["metrics"] = metrics
    entry = runs / metrics["key"]
    _state["entry"] = entry
    log.info("seed run %s: %s", metrics["key"],
             "trained in this build" if metrics["trained_now"] else "loaded from the cache")
    _prune(runs, keep=entry)

    jupyter_cache = _state["cache"] / "mkdocs-jupyter"
    config.plugins["mkdocs-jupyter"].config["cache_dir"] = str(jupyter_cache / metrics["key"])
    if jupyter_cache.is_dir():
        for old in jupyter_cache.iterdir():
            if old.name != metrics["key"]:
                shutil.rmtree(old, ignore_errors=True)


def _prune(runs, keep):
    """Keep the `KEEP_RUNS` most recently used run entries; drop older ones and leftovers."""
    os.utime(keep)
    entries = sorted((p for p in runs.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_RUNS:]:
        shutil.rmtree(old, ignore_errors=True)


def on_files(files, config):
    from mkdocs.structure.files import File

    for name in FIGURES:
        files.append(File.generated(config, f"assets/run/{name}",
                                    abs_src_path=str(_state["entry"] / name)))
    import jupytext

    notebook = jupytext.read(Path(config.docs_dir) / NOTEBOOK)
    ipynb = NOTEBOOK.removesuffix(".py") + ".ipynb"
    files.append(File.generated(config, ipynb, content=jupytext.writes(notebook, "ipynb")))
    return files


def run_values():
    """The numbers the prose may quote, by name, as they are printed."""
    metrics = _state["metrics"]
    return {
        "epochs": f"{metrics['config']['epochs']}",
        "learning_rate": f"{metrics['config']['learning_rate']}",
        "n_hidden": f"{metrics['config']['n_hidden']}",
        "final_loss": f"{metrics['final_loss']:.4f}",
        "final_accuracy": f"{metrics['final_accuracy']:.4f}",
        "final_accuracy_percent": f"{metrics['final_accuracy']:.1%}",
        "train_seconds": f"{metrics['train_seconds']:.1f}",
        "key": metrics["key"],
    }


_PLACEHOLDER = re.compile(r"\{\{\s*run\.(\w+)\s*\}\}")
_PYCON_FENCE = re.compile(r"^```pycon\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_DIRECTIVE = re.compile(r"[ \t]*#\s*doctest:.*$", re.MULTILINE)


def runnable_copy(pycon):
    """The Python a reader should get from a pycon block's copy button: no prompts, no
    output, and each example whose expected output is an exception wrapped so that the
    script prints the exception and goes on, as the doctest does."""
    import doctest

    lines = []
    for example in doctest.DocTestParser().get_examples(pycon):
        source = _DIRECTIVE.sub("", example.source).rstrip("\n")
        if example.exc_msg is not None:
            error = example.exc_msg.split(":")[0].strip()
            body = "\n".join("    " + line for line in source.splitlines())
            source = (f"try:\n{body}\nexcept {error} as error:\n"
                      f'    print(f"{error}: {{error}}")')
        lines.append(source + ("\n" if "\n" in source else ""))
    return "\n".join(lines).rstrip("\n") + "\n"


def _with_copy_text(markdown):
    """Wrap each pycon block in a div whose data-copy is its runnable code (Material's copy
    button copies the nearest data-copy instead of the block's visible text)."""

    def wrap(match):
        text = escape(runnable_copy(match["body"]), quote=True)
        return f'<div class="pycon-copy" data-copy="{text}" markdown>\n\n{match[0]}\n\n</div>'

    return _PYCON_FENCE.sub(wrap, markdown)


def on_page_markdown(markdown, page, config, files):
    from mkdocs.exceptions import PluginError

    markdown = _with_copy_text(markdown)
    values = run_values()

    def fill(match):
        name = match[1]
        if name not in values:
            raise PluginError(f"{page.file.src_uri}: unknown placeholder {{{{ run.{name} }}}}; "
                              f"known: {', '.join(sorted(values))}")
        return f'<span class="run-metric" data-metric="{name}">{values[name]}</span>'

    return _PLACEHOLDER.sub(fill, markdown)


def on_page_content(html, page, config, files):
    if page.file.src_uri != NOTEBOOK:
        return html
    ipynb = NOTEBOOK.removesuffix(".py") + ".ipynb"
    links = (f'<p class="nb-download">Download this notebook: '
             f'<a href="{NOTEBOOK}" download>{NOTEBOOK}</a> (jupytext percent script) or '
             f'<a href="../{ipynb}" download>{ipynb}</a> (Jupyter).</p>')
    head, h1, rest = html.partition("</h1>")
    return head + h1 + links + rest if h1 else links + html


_CDN_LOADERS = [
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL),
    re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", '
               r'async \(\) => \{\s*const diagrams = .*?</script>', re.DOTALL),
]


def on_post_page(output, page, config):
    if page.file.src_uri != NOTEBOOK:
        return output
    for loader in _CDN_LOADERS:
        output = loader.sub("", output)
    return output


def on_post_build(config):
    counter = _state.pop("warnings", None)
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
    if "staging" not in _state:
        return
    if config.strict and counter is not None and counter.count:
        return  # mkdocs aborts next; on_build_error discards the staging directory
    site, staging = _state["site"], _state["staging"]
    old = site.parent / f".{site.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        os.rename(site, old)
    os.rename(staging, site)
    shutil.rmtree(old, ignore_errors=True)
    log.info("published the build to %s", site)


def on_build_error(error):
    counter = _state.pop("warnings", None)
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
    if "staging" in _state:
        shutil.rmtree(_state["staging"], ignore_errors=True)


def _prepare_seed_run(cache_dir):
    """Train or load the seed run; render its decision boundary; print its metrics as JSON."""
    from nnfs_lit.plots import decision_boundary_figure, save_figure, training_figure
    from nnfs_lit.runs import cached_run, run_key, run_metrics
    from nnfs_lit.train import TrainingConfig

    config = TrainingConfig()
    entry = Path(cache_dir) / run_key(config)
    trained_now = not (entry / "metrics.json").is_file()
    run = cached_run(config, cache_dir)
    title = f"Decision boundary, accuracy {run.final_accuracy:.1%}"
    figures = {
        "decision_boundary.png": lambda: decision_boundary_figure(
            run.network.predict_proba, run.X, run.y, title=title),
        "training_progress.png": lambda: training_figure(run.history, config.n_classes),
    }
    for name in FIGURES:
        if not (entry / name).is_file():
            save_figure(figures[name](), entry / name)
    metrics = run_metrics(config, cache_dir)
    print(json.dumps({**metrics, "trained_now": trained_now}))


if __name__ == "__main__":
    _prepare_seed_run(sys.argv[1])
