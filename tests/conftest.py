import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))


@dataclass
class Book:
    """A copy of this project in a temporary directory, with its own caches."""

    root: Path

    @property
    def runs(self):
        return self.root / ".cache" / "runs"

    port: int = 0  # where the browser tests serve the site (instant navigation needs it)

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

    def run_entries(self):
        return sorted(p.name for p in self.runs.iterdir()) if self.runs.is_dir() else []


def copy_book(destination, runs_from=None):
    """Copy what a build reads (config, chapters, tools, package) and, optionally, a run cache."""
    ignore = shutil.ignore_patterns("__pycache__")
    destination.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    for folder in ("docs", "tools", "nnfs_lit"):
        shutil.copytree(ROOT / folder, destination / folder, ignore=ignore)
    if runs_from is not None and runs_from.is_dir():
        shutil.copytree(runs_from, destination / ".cache" / "runs")
    return Book(destination)


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """A cold strict build of a copy of the book: it trains the seed run (about 15 s)."""
    book = copy_book(tmp_path_factory.mktemp("book") / "project")
    with socket.socket() as probe:  # a free port for the browser tests' server
        probe.bind(("127.0.0.1", 0))
        book.port = probe.getsockname()[1]
    done = book.build()
    assert done.returncode == 0, done.stderr[-5000:]
    book.cold_log = done.stderr
    return book
