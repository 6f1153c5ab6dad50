"""Make every experiment and picture of the book, then write the manifest.

    python tools/results.py [--cache DIR] [--manifest FILE] [--only NAME ...]

For each experiment registered in nnfs_lit (docs/appendix/experiments.md), in the
order the book defines them, `run_experiment` loads the cached result or trains and
stores it; then each picture is loaded or drawn (`draw_picture`). Old cache entries
are pruned and the manifest is written atomically: a JSON file with each result's key,
numbers and figure files (light and dark, with their sizes), which is all that the
book's pages need. One line per experiment or picture goes to standard output.
`--only` makes just those experiments, and no pictures. What the pages quote besides
(the benchmark's tables, the bad inputs' messages) comes from tools/page_facts.py.

The book's build runs this file in a fresh interpreter (`build_in_subprocess`), so
that the package it imports is the one just tangled, even under `mkdocs serve`.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import page_facts

ROOT = Path(__file__).resolve().parent.parent
KEEP_PER_EXPERIMENT = 3  # cache entries kept per experiment, most recently used first
STALE_STAGING_SECONDS = 600  # a staging directory this old was left by a killed build
# One BLAS thread per process: the build already trains one experiment per core, and a
# multi-threaded matrix product competing with it for 2 cores was measured up to 12x
# slower (a 200x64 @ 64x64 product under load).
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                   "MKL_NUM_THREADS": "1"}


class ResultsError(Exception):
    """The experiments could not be built (a failed run, an unknown name)."""


def cache_dir(root: Path) -> Path:
    """Where a project keeps its experiments' results."""
    return root / ".cache" / "experiments"


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels, from a PNG file's header."""
    header = Path(path).read_bytes()[:24]
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def _figure(light: Path) -> dict:
    """The manifest entry of one figure: its light and dark files and its size."""
    dark = light.with_name(light.stem + "-dark.png")
    width, height = png_size(light)
    return {"light": str(light), "dark": str(dark), "width": width, "height": height}


def build(cache: Path, names: list[str] | None = None, log=print) -> dict:
    """Make every experiment and picture (only the experiments `names`, if given);
    return the manifest.

    The experiments that need training are trained in parallel, one process per core:
    they are independent, and each one's numbers do not depend on the others. The
    pictures come next, since a picture may show an experiment's result, and are drawn
    in parallel in the same way.
    """
    import nnfs_lit
    from nnfs_lit.experiments import (
        DENSITY,
        EXPERIMENTS,
        PICTURES,
        cache_entry,
        draw_picture,
        run_experiment,
    )

    for module in pkgutil.iter_modules(nnfs_lit.__path__):  # each registers its own
        if module.name != "__main__":
            importlib.import_module(f"nnfs_lit.{module.name}")

    unknown = sorted(set(names or []) - set(EXPERIMENTS))
    if unknown:
        raise ResultsError(f"unknown experiment(s) {', '.join(unknown)}; "
                           f"known: {', '.join(EXPERIMENTS)}")
    os.environ["NNFS_LIT_CACHE"] = str(cache)  # where pictures find the experiments
    to_make = names or list(EXPERIMENTS)
    to_train = [name for name in to_make
                if not (cache_entry("experiment", name, cache) / "result.json").is_file()]
    trained = {}
    if len(to_train) > 1:
        started = time.perf_counter()
        workers = min(len(to_train), os.cpu_count() or 1)
        to_train.sort(key=lambda name: _expected_seconds(cache, name), reverse=True)
        with ProcessPoolExecutor(workers) as pool:
            futures = {name: pool.submit(run_experiment, name, cache) for name in to_train}
            try:
                trained = {name: future.result() for name, future in futures.items()}
            except BaseException:  # one failed: start no other, the build has failed
                for future in futures.values():
                    future.cancel()
                raise
        log(f"trained {len(to_train)} experiments in {time.perf_counter() - started:.1f} s "
            f"on {workers} processes")
    experiments = {}
    for name in to_make:
        started = time.perf_counter()
        result = trained.get(name) or run_experiment(name, cache)
        seconds = result.metrics["train_seconds"] if name in trained else (
            time.perf_counter() - started)
        how = "trained and stored" if result.trained_now else "loaded from the cache"
        log(f"experiment {name} ({result.key}): {how} in {seconds:.1f} s")
        os.utime(result.directory)  # most recently used, for prune()
        experiments[name] = {
            "title": result.title,
            "key": result.key,
            "trained_now": result.trained_now,
            "metrics": result.metrics,
            "figures": {figure: _figure(result.figure(figure)) for figure in result.figures},
            # what the run made for the site itself (chapter 18's model.json), by name
            "site_files": {path.name: str(path)
                           for path in sorted((result.directory / "site").glob("*"))},
        }
    to_draw = [] if names else [name for name in PICTURES
                                if not cache_entry("picture", name, cache).is_dir()]
    if len(to_draw) > 1:  # like the experiments: independent, one process per core
        started = time.perf_counter()
        workers = min(len(to_draw), os.cpu_count() or 1)
        with ProcessPoolExecutor(workers) as pool:
            for future in [pool.submit(draw_picture, name, cache) for name in to_draw]:
                future.result()
        log(f"drew {len(to_draw)} pictures in {time.perf_counter() - started:.1f} s "
            f"on {workers} processes")
    pictures = {}
    for name in ([] if names else PICTURES):
        started = time.perf_counter()
        drawn_before = name not in to_draw
        entry = draw_picture(name, cache)
        how = "loaded from the cache" if drawn_before else "drawn and stored"
        log(f"picture {name} ({entry.name.rsplit('-', 1)[1]}): {how} in "
            f"{time.perf_counter() - started:.1f} s")
        os.utime(entry)
        pictures[name] = {"key": entry.name.rsplit("-", 1)[1], **_figure(entry / f"{name}.png")}
    reliability = [] if names else page_facts.bad_input_messages()
    benchmark = None if names else page_facts.benchmark_results()
    keys = {name: e["key"] for name, e in {**experiments, **pictures}.items()}
    digest = hashlib.sha256(json.dumps(keys, sort_keys=True).encode()).hexdigest()[:20]
    return {"digest": digest, "density": DENSITY, "experiments": experiments,
            "pictures": pictures, "reliability": reliability, "benchmark": benchmark}


def _expected_seconds(cache: Path, name: str) -> tuple[float, int]:
    """How long experiment `name` is expected to train, to start the longest first.

    Its last training time, from an older cache entry, if one is left; otherwise
    infinity, with the book's order reversed as tie-break: the later chapters'
    experiments are the larger ones.
    """
    from nnfs_lit.experiments import EXPERIMENTS

    times = []
    for result in cache.glob(f"experiment-{name}-*/result.json"):
        try:
            times.append(json.loads(result.read_text(encoding="utf-8"))["metrics"]
                         ["train_seconds"])
        except (OSError, ValueError, KeyError):
            continue
    return (max(times) if times else float("inf"), list(EXPERIMENTS).index(name))


def prune(cache: Path, keep: int = KEEP_PER_EXPERIMENT) -> list[str]:
    """Remove all but the `keep` most recently used entries of each experiment, and
    staging directories that a killed build left behind. Returns what was removed."""
    if not cache.is_dir():
        return []
    removed = []
    by_name: dict[str, list[Path]] = {}
    for path in cache.iterdir():
        if not path.is_dir():
            continue
        if path.name.startswith("."):
            if time.time() - path.stat().st_mtime > STALE_STAGING_SECONDS:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
            continue
        by_name.setdefault(path.name.rsplit("-", 1)[0], []).append(path)
    for entries in by_name.values():
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old.name)
    return sorted(removed)


def write_json_atomic(path: Path, data: dict) -> None:
    """`data` as JSON at `path`, written whole (the package's one writer, Appendix G)."""
    from nnfs_lit.files import written_whole

    path.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


def inputs_stamp(root: Path) -> str:
    """A hash of everything the experiments and pictures can read: the package (its
    code and data), the build's tools, the benchmark's results, where the project is
    (the manifest holds its paths), and the Python, NumPy and matplotlib versions and
    float settings they run under."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    files = [*sorted((root / "nnfs_lit").rglob("*")), *sorted((root / "tools").glob("*.py")),
             root / "benchmarks" / "results.json"]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes())
    settings = [str(root.resolve()), sys.version, version("numpy"), version("matplotlib"),
                *(f"{k}={os.environ.get(k)}" for k in sorted(
                    {"OPENBLAS_CORETYPE", "NPY_ENABLE_CPU_FEATURES", *SINGLE_THREADED}))]
    digest.update("\0".join(settings).encode())
    return digest.hexdigest()


def unchanged_manifest(root: Path) -> dict | None:
    """The last manifest, if nothing it was made from has changed since (its stamp
    matches) and every file it names is still there; else None."""
    cache = cache_dir(root)
    manifest, stamp = cache / "manifest.json", cache / "manifest.stamp"
    if not (manifest.is_file() and stamp.is_file()):
        return None
    if stamp.read_text(encoding="utf-8").strip() != inputs_stamp(root):
        return None
    made = json.loads(manifest.read_text(encoding="utf-8"))
    named = [path for entry in [*made["experiments"].values(), *made["pictures"].values()]
             for path in _paths(entry)]
    return made if all(Path(path).is_file() for path in named) else None


def _paths(entry) -> list[str]:
    """Every file path in a manifest entry (its figures' and its site files')."""
    if isinstance(entry, dict):
        return [path for value in entry.values() for path in _paths(value)]
    if isinstance(entry, str) and entry.endswith((".png", ".json", ".npz")):
        return [entry]
    return []


def build_in_subprocess(root: Path, log=print) -> dict:
    """Run this file for the project at `root` in a fresh interpreter; return the
    manifest it wrote. Raises ResultsError with the child's error output on failure.
    When nothing the results are made from has changed since the last run (a prose
    edit under `mkdocs serve`), return the last manifest without a new interpreter,
    which would only load every result from the cache again."""
    unchanged = unchanged_manifest(root)
    if unchanged is not None:
        log("results: nothing the experiments read has changed; the last results stand")
        return unchanged
    # Stamped with the inputs as they were when the run started: an edit made while
    # it runs is not in its results, so the next build must run again.
    stamp = inputs_stamp(root)
    cache = cache_dir(root)
    manifest = cache / "manifest.json"
    paths = [str(root), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)),
           **SINGLE_THREADED, **{k: os.environ[k] for k in SINGLE_THREADED
                                 if k in os.environ}}  # the user's setting wins
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--cache", str(cache),
         "--manifest", str(manifest)],
        cwd=root, env=env, capture_output=True, text=True,
    )
    for line in done.stdout.splitlines():
        log(line)
    if done.returncode != 0:
        raise ResultsError(done.stderr.strip()[-3000:] or f"exit code {done.returncode}")
    made = json.loads(manifest.read_text(encoding="utf-8"))
    (cache / "manifest.stamp").write_text(stamp + "\n", encoding="utf-8")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=cache_dir(ROOT),
                        help="cache directory (default: .cache/experiments)")
    parser.add_argument("--manifest", type=Path,
                        help="where to write the manifest (default: CACHE/manifest.json)")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="make only these experiments, and no pictures")
    args = parser.parse_args(argv)
    try:
        manifest = build(args.cache, args.only)
    except (ResultsError, page_facts.FactError) as error:
        print(f"results: {error}", file=sys.stderr)
        return 2
    for name in prune(args.cache):
        print(f"pruned {name}")
    write_json_atomic(args.manifest or args.cache / "manifest.json", manifest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
