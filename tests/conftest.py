"""Fixtures shared by the tests; the tools in tools/ are importable by name."""

import fcntl
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from books import shared_book

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

    Made once per test run and shared by every pytest-xdist worker (books.shared_book).
    The build starts in the background as the run begins (start_the_book_early), and
    the tests that read it run last, so the build trains while the other tests run.
    Tests that build again do it on a copy (copy_book(..., cache_from=built_book.cache)),
    never on this one, which the other workers read while they run.
    """
    return shared_book(shared_directory(tmp_path_factory, worker_id))


def reads_the_built_book(item):
    return "built_book" in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)  # after pytest-randomly has shuffled them
def pytest_collection_modifyitems(config, items):
    """The chapters' doctests go first: each runs a whole page's examples, seconds
    of training, and a run whose last minutes hold one of them waits for it on a
    single core. The tests that read the built book go last, so that the book, built
    in the background from the start, is ready when they come. Otherwise the order
    they had stays. Every xdist worker collects the same order, so it holds across
    workers."""
    def place(item):
        if reads_the_built_book(item):
            return 2
        return 0 if item.path.suffix == ".md" else 1

    items.sort(key=place)  # stable: within each group, the order they had


@pytest.fixture(scope="session", autouse=True)
def start_the_book_early(request, tmp_path_factory, worker_id):
    """If any selected test reads the built book, start building it now, in the
    background (tests/build_shared_book.py), once for the whole run: a cold build trains
    every experiment (about 90 s on two cores), and the tests that read it wait only
    for what is left. A run without such tests (the fast loop) builds nothing."""
    if not any(reads_the_built_book(item) for item in request.session.items):
        return
    shared = shared_directory(tmp_path_factory, worker_id)
    try:
        os.close(os.open(shared / "built-book.started", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return  # another worker started it
    run = os.getppid() if worker_id != "master" else os.getpid()  # the run's process
    subprocess.Popen([sys.executable, str(Path(__file__).parent / "build_shared_book.py"),
                      str(shared), str(run)], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
