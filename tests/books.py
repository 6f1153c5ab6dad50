"""Copies of this project in temporary directories, for tests that build the book."""

import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Book:
    """A copy of this project in a temporary directory, with its own caches."""

    root: Path
    port: int = 0  # where the browser tests serve the site (instant navigation needs it)

    @property
    def cache(self):
        return self.root / ".cache"

    @property
    def results(self):
        return self.cache / "experiments"

    @property
    def site_url(self):
        return f"http://127.0.0.1:{self.port}/"

    def build(self, site_dir=None, timeout=600):
        """`mkdocs build --strict` into `site_dir` (default: <root>/site)."""
        site_dir = site_dir or self.root / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": self.site_url}
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
            cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout,
        )

    def result_entries(self):
        """The names of the experiments' cache entries, e.g. ['seed-3c43...', ...]."""
        if not self.results.is_dir():
            return []
        return sorted(p.name for p in self.results.iterdir() if p.is_dir())


def copy_book(destination, cache_from=None):
    """Copy what a build reads (config, chapters, tools, package, the bad-input matrix)
    and, optionally, the caches of another copy: the experiments' results and the
    executed notebooks."""
    ignore = shutil.ignore_patterns("__pycache__")
    destination.mkdir(parents=True)
    # the Contributing page includes CONTRIBUTING.md; every page marks the terms of
    # includes/glossary.md; the Reliability page shows the messages of the bad-input
    # matrix in tools/bad_inputs.py (copied with tools/); chapter 17 shows the latest
    # benchmark run, benchmarks/results.json; the notebooks install the package's
    # wheel, which pyproject.toml describes; the theme's header comes from overrides/
    (destination / "benchmarks").mkdir()
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "benchmarks/results.json",
                 "pyproject.toml"):
        shutil.copy(ROOT / name, destination / name)
    for folder in ("docs", "includes", "overrides", "tools", "nnfs_lit"):
        shutil.copytree(ROOT / folder, destination / folder, ignore=ignore)
    if cache_from is not None and cache_from.is_dir():
        shutil.copytree(cache_from, destination / ".cache")
    return Book(destination)


def shared_book(shared):
    """The run's built book in the directory `shared` that every pytest-xdist worker
    sees: built by whoever gets here first, read by the others.

    xdist's documented recipe: a file lock around the build. The first process to take
    the lock builds a copy of the book (a cold strict build: it trains every experiment)
    and records where, on which port its site belongs and how the build went; whoever
    takes the lock next reads that record. Returns the Book and the build's log, or
    raises AssertionError with the log's end if the build failed.
    """
    state = shared / "built-book.json"
    with open(shared / "built-book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or dies
        if not state.exists():
            book = copy_book(shared / "built-book" / "project")
            with socket.socket() as probe:  # a free port for the browser tests' server
                probe.bind(("127.0.0.1", 0))
                book.port = probe.getsockname()[1]
            done = book.build()
            record = {"root": str(book.root), "port": book.port,
                      "returncode": done.returncode, "log": done.stderr}
            partial = state.with_suffix(".partial")
            partial.write_text(json.dumps(record))
            partial.replace(state)  # whole, or not there
    made = json.loads(state.read_text())
    assert made["returncode"] == 0, made["log"][-5000:]
    book = Book(Path(made["root"]), port=made["port"])
    book.cold_log = made["log"]
    return book
