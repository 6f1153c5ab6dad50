"""The tangled package, the tools and the tests are lint-clean, so the chapters' code is."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ruff(*args):
    return subprocess.run([sys.executable, "-m", "ruff", "check", *args],
                          cwd=ROOT, capture_output=True, text=True)


def test_ruff_check_passes_on_the_tools_and_tests():
    done = ruff("tools", "tests", "benchmarks", "conftest.py", "docs/training-run.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_check_passes_on_the_package_with_the_books_88_columns():
    # The package is what the chapters show; its lines must fit the page (CONTRIBUTING.md).
    done = ruff("--line-length", "88", "nnfs_lit")
    assert done.returncode == 0, done.stdout + done.stderr
