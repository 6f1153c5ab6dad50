"""Fixtures shared by the tests; the tools in tools/ are importable by name."""

import socket
import sys
from pathlib import Path

import pytest
from books import copy_book

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))


@pytest.fixture(scope="session")
def built_book(tmp_path_factory):
    """A cold strict build of a copy of the book: it trains every experiment."""
    book = copy_book(tmp_path_factory.mktemp("book") / "project")
    with socket.socket() as probe:  # a free port for the browser tests' server
        probe.bind(("127.0.0.1", 0))
        book.port = probe.getsockname()[1]
    done = book.build()
    assert done.returncode == 0, done.stderr[-5000:]
    book.cold_log = done.stderr
    return book
