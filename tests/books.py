"""Copies of this project in temporary directories, for tests that build the book."""

import os
import shutil
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
    # the Contributing page includes CONTRIBUTING.md; every page appends the glossary,
    # includes/glossary.md; the Reliability page shows the messages of the bad-input
    # matrix in tests/bad_inputs.py; chapter 17 shows the latest benchmark run,
    # benchmarks/results.json
    (destination / "tests").mkdir()
    (destination / "benchmarks").mkdir()
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "tests/bad_inputs.py",
                 "benchmarks/results.json"):
        shutil.copy(ROOT / name, destination / name)
    for folder in ("docs", "includes", "tools", "nnfs_lit"):
        shutil.copytree(ROOT / folder, destination / folder, ignore=ignore)
    if cache_from is not None and cache_from.is_dir():
        shutil.copytree(cache_from, destination / ".cache")
    return Book(destination)
