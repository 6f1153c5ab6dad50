"""Fixtures shared by the tests; the tools in tools/ are importable by name."""

import fcntl
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from books import Book, copy_book

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))


def shared_directory(tmp_path_factory, worker_id):
    """The directory every worker of this run shares (its own lies below it)."""
    here = tmp_path_factory.getbasetemp()
    return here if worker_id == "master" else here.parent


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="session")
def site_url(built_book, tmp_path_factory, worker_id):
    """The built book's site, served where it was built for, by one server for the
    whole run (tests/serve_site.py): browser tests in any worker share it. (xdist's
    --dist loadgroup would keep them in one worker instead, but with pytest 9.2 it
    no longer groups anything.)"""
    url = built_book.site_url
    shared = shared_directory(tmp_path_factory, worker_id)
    with open(shared / "site-server.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not answers(url):
            run = os.getppid() if worker_id != "master" else os.getpid()  # the run's
            subprocess.Popen([sys.executable, str(Path(__file__).parent / "serve_site.py"),
                              str(built_book.root / "site"), str(built_book.port),
                              str(run)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            deadline = time.monotonic() + 30
            while not answers(url):
                assert time.monotonic() < deadline, f"the site server never answered {url}"
                time.sleep(0.1)
    return url


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, worker_id):
    """A cold strict build of a copy of the book: it trains every experiment.

    Made once per test run and shared by every pytest-xdist worker (xdist's documented
    recipe: a file lock in the directory all workers share). The first worker to get
    here builds it; the others wait for the lock, then read what it recorded. Tests
    that build again do it on a copy (copy_book(..., cache_from=built_book.cache)),
    never on this one, which the other workers read while they run.
    """
    shared = shared_directory(tmp_path_factory, worker_id)
    state = shared / "built-book.json"
    with open(shared / "built-book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or dies
        if not state.exists():
            book = copy_book(shared / "built-book" / "project")
            with socket.socket() as probe:  # a free port for the browser tests' server
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            book.port = port
            done = book.build()
            state.write_text(json.dumps({"root": str(book.root), "port": port,
                                         "returncode": done.returncode,
                                         "log": done.stderr}))
    made = json.loads(state.read_text())
    assert made["returncode"] == 0, made["log"][-5000:]
    book = Book(Path(made["root"]), port=made["port"])
    book.cold_log = made["log"]
    return book
