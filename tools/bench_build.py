"""Benchmark the book's build: cold, warm, after a prose, comment or code edit.

    python tools/bench_build.py [--repeat N]

Works on a copy of the project in a temporary directory (its own empty caches), so the
cold build really trains. Each figure is the wall-clock time of one build:

- `mkdocs build` figures are whole commands (interpreter start-up included), what a
  contributor or CI waits for;
- "serve rebuild" figures are builds run in one long-lived process with mkdocs' own
  `build()`, which is what `mkdocs serve` does after each edit.

The cold build trains every experiment; a comment-only edit of a tangled block
re-tangles but retrains nothing (the cache key ignores comments and docstrings); so does
an edit to the command line, which no experiment imports; an edit to one picture's
function redraws that picture alone; a code edit in the network (the spiral data)
retrains every experiment. Targets on 2 cores: cold <= 60 s, warm <= 5 s,
prose-edit rebuild <= 3 s.
This is a script that prints figures, not a test: shared machines are noisy.
"""

import argparse
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROSE_CHAPTER = "docs/03-activations.md"
CODE_CHAPTER = "docs/01-spiral-data.md"
CLI_CHAPTER = "docs/appendix/command-line.md"


def copy_project(destination):
    ignore = shutil.ignore_patterns("__pycache__")
    destination.mkdir(parents=True)
    # the Contributing page includes CONTRIBUTING.md; every page marks the terms of
    # includes/glossary.md; the Reliability page shows the messages of the bad-input
    # matrix in tools/bad_inputs.py (copied with tools/); the notebooks install the
    # package's wheel, which pyproject.toml describes
    (destination / "benchmarks").mkdir()  # chapter 17 shows the latest benchmark run
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "benchmarks/results.json",
                 "pyproject.toml"):
        shutil.copy(ROOT / name, destination / name)
    for folder in ("docs", "includes", "overrides", "tools", "nnfs_lit"):
        shutil.copytree(ROOT / folder, destination / folder, ignore=ignore)


def cli_build(project):
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                          cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    return seconds


def edit(project, chapter, old, new):
    path = project / chapter
    text = path.read_text()
    assert old in text, f"{chapter}: {old!r} not found"
    path.write_text(text.replace(old, new, 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each warm measurement")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        copy_project(project)
        rows.append(("cold `mkdocs build` (empty cache, trains every experiment)",
                     [cli_build(project)]))
        rows.append(("warm `mkdocs build` (nothing changed)",
                     [cli_build(project) for _ in range(args.repeat)]))
        prose = []
        for i in range(args.repeat):
            edit(project, PROSE_CHAPTER, "useless against a spiral",
                 f"useless against a spiral{' (really)' * (i + 1)}")
            prose.append(cli_build(project))
            edit(project, PROSE_CHAPTER, f"useless against a spiral{' (really)' * (i + 1)}",
                 "useless against a spiral")
        rows.append(("`mkdocs build` after a prose edit", prose))

        # What `mkdocs serve` does on each change: build() again in the same process.
        os.chdir(project)
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        logging.getLogger("mkdocs").setLevel(logging.WARNING)

        def serve_rebuild():
            config = load_config(str(project / "mkdocs.yml"),
                                 site_dir=str(Path(tmp) / "serve-site"))
            config.plugins.on_startup(command="serve", dirty=False)
            started = time.perf_counter()
            build(config, serve_url="http://127.0.0.1:8000/")
            return time.perf_counter() - started

        serve_rebuild()  # first in-process build: imports, caches
        rows.append(("serve rebuild, nothing changed",
                     [serve_rebuild() for _ in range(args.repeat)]))
        prose = []
        for i in range(args.repeat):
            edit(project, PROSE_CHAPTER, "useless against a spiral", f"useless ({i}) against")
            prose.append(serve_rebuild())
            edit(project, PROSE_CHAPTER, f"useless ({i}) against", "useless against a spiral")
        rows.append(("serve rebuild after a prose edit", prose))
        comment = []
        for i in range(args.repeat):
            edit(project, CODE_CHAPTER, "    n_samples = samples_per_class * n_classes\n",
                 f"    n_samples = samples_per_class * n_classes  # edit {i}\n")
            comment.append(serve_rebuild())
            edit(project, CODE_CHAPTER, f"  # edit {i}\n", "\n")
        rows.append(("serve rebuild after a comment edit in a tangled block", comment))
        message = []
        for i in range(args.repeat):  # the command line: no experiment imports it
            edit(project, CLI_CHAPTER, 'f"must be at most {largest}, got',
                 f'f"must be at most {{largest}} ({i}), got')
            message.append(serve_rebuild())
            edit(project, CLI_CHAPTER, f'f"must be at most {{largest}} ({i}), got',
                 'f"must be at most {largest}, got')
        rows.append(("serve rebuild after a message edit in the command line", message))
        drawn = []
        for i in range(args.repeat):  # one picture's function: that picture alone
            edit(project, CODE_CHAPTER, "linewidth=1, alpha=0.6)",
                 f"linewidth=1, alpha={0.5 + i / 100})")
            drawn.append(serve_rebuild())
            edit(project, CODE_CHAPTER, f"linewidth=1, alpha={0.5 + i / 100})",
                 "linewidth=1, alpha=0.6)")
        rows.append(("serve rebuild after a code edit in one picture (redraws it)", drawn))
        edit(project, CODE_CHAPTER, "    n_samples = samples_per_class * n_classes\n",
             "    n_samples = n_classes * samples_per_class\n")
        rows.append(("serve rebuild after a code edit (retrains every experiment)",
                     [serve_rebuild()]))
        os.chdir(ROOT)

    print(f"nnfs-lit build benchmark, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        runs = ", ".join(f"{s:.2f}" for s in seconds)
        print(f"{name:<{width}}  median {statistics.median(seconds):6.2f} s   ({runs})")


if __name__ == "__main__":
    main()
