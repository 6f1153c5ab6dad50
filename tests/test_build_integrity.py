"""The build under faults: two builds of one checkout at once, a build killed while it
trains, and no Python traceback on any published page. Each build works on a copy of
the book with the caches of the session's cold build (the `built_book` fixture)."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import results
from books import copy_book

pytestmark = pytest.mark.slow  # each test builds the book

TRACEBACK = "Traceback (most recent call last)"


def start_build(book, site_url, site_dir=None):
    """`mkdocs build --strict` of `book` in the background, in its own process group."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
         str(site_dir or book.root / "site")],
        cwd=book.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)


def forget(book, name):
    """Remove experiment `name`'s cache entries: the next build trains it again."""
    for entry in book.results.glob(f"experiment-{name}-*"):
        shutil.rmtree(entry)


def check_cache_is_whole(book):
    """Every cache entry complete, no staging directory left, a manifest that names
    only whole entries, and mkdocs-jupyter's cache readable."""
    assert not [p.name for p in book.results.iterdir() if p.name.startswith(".")]
    for entry in book.results.iterdir():
        if entry.name.startswith("experiment-"):
            result = json.loads((entry / "result.json").read_text())
            assert all((entry / f"{figure}-dark.png").is_file() for figure in result["figures"])
        elif entry.name.startswith("picture-"):
            name = entry.name.split("-", 1)[1].rsplit("-", 1)[0]
            assert (entry / f"{name}.png").is_file() and (entry / f"{name}-dark.png").is_file()
    made = json.loads((book.results / "manifest.json").read_text())
    for name, experiment in made["experiments"].items():
        assert (book.results / f"experiment-{name}-{experiment['key']}" / "result.json"
                ).is_file()
        for figure in experiment["figures"].values():
            assert Path(figure["light"]).is_file() and Path(figure["dark"]).is_file()
    for name, picture in made["pictures"].items():
        assert Path(picture["light"]).is_file() and Path(picture["dark"]).is_file(), name
    for cached in (book.cache / "mkdocs-jupyter").rglob("*.json"):
        json.loads(cached.read_text())  # not cut short or interleaved


def pages(site):
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))


def test_two_builds_at_once_publish_one_whole_site_and_a_whole_cache(built_book, tmp_path):
    book = copy_book(tmp_path / "project", cache_from=built_book.cache)
    forget(book, "narrow")  # both builds want to train it, and store it
    shutil.rmtree(book.cache / "mkdocs-jupyter")  # and to run the notebook, and cache it
    # Two builds that differ in every page (its canonical address), started at once.
    builds = {port: start_build(book, f"http://127.0.0.1:{port}/") for port in (1111, 2222)}
    logs = {port: build.communicate(timeout=600) for port, build in builds.items()}
    for port, build in builds.items():
        assert build.returncode == 0, logs[port][1][-3000:]
    # One of them trained the experiment; the other waited, then found it in the cache.
    trained = [port for port, (_, err) in logs.items()
               if re.search(r"experiment narrow \(\w+\): trained and stored", err)]
    assert len(trained) == 1, trained
    assert sum("waiting for it to finish" in err for _, err in logs.values()) == 1

    site = book.root / "site"
    assert pages(site) == pages(built_book.root / "site")  # every page, nothing else
    canonical = [re.findall(r'<link rel="canonical" href="http://127\.0\.0\.1:(\d+)/',
                            (site / page).read_text()) for page in pages(site)]
    assert len(set(map(tuple, canonical)) - {()}) == 1, canonical  # all from one build
    assert canonical.count([]) == 1  # only 404.html has no address
    assert sorted(p.name for p in book.root.iterdir() if p.name.startswith(".site")) == []
    check_cache_is_whole(book)
    assert len(list(book.results.glob("experiment-narrow-*"))) == 1


def descendants(pid):
    """The ids of every process below `pid`."""
    children = {}
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(status.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def training_workers(build):
    """The processes of `build` that train (the pool's workers of tools/results.py)."""
    workers = []
    for pid in descendants(build.pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.endswith(b"tools/results.py") for part in cmdline):
            workers.append(pid)
    return workers


def kill_group(build):
    os.killpg(build.pid, signal.SIGKILL)
    build.communicate(timeout=60)
    assert build.returncode == -signal.SIGKILL


def test_a_build_killed_while_it_trains_or_stores_leaves_no_partial_cache_entry(built_book,
                                                                               tmp_path):
    book = copy_book(tmp_path / "project", cache_from=built_book.cache)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site")
    entries = book.result_entries()
    forget(book, "narrow")  # a few seconds of training to kill

    # 1. Killed in the middle of training: SIGKILL to the whole process group (mkdocs,
    #    tools/results.py), 0.3 s after the training started.
    build = start_build(book, "http://127.0.0.1:1/", site)
    deadline = time.monotonic() + 120
    while not training_workers(build) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert training_workers(build), "the build never started to train"
    time.sleep(0.3)
    kill_group(build)
    assert not list(book.results.glob("experiment-narrow-*"))
    assert not [p.name for p in book.results.iterdir() if p.name.startswith(".")]

    # 2. Killed while it stores the result: the moment its staging directory appears.
    build = start_build(book, "http://127.0.0.1:2/", site)
    deadline = time.monotonic() + 300
    staging = []
    while not staging and build.poll() is None and time.monotonic() < deadline:
        staging = list(book.results.glob(".experiment-narrow-*"))
        time.sleep(0.001)
    assert staging, "the build stored its result before it could be killed"
    kill_group(build)
    # No entry without its result.json: at most a staging directory, whose dot-name
    # keeps every reader away and which prune() removes once it is stale.
    assert not list(book.results.glob("experiment-narrow-*"))
    left = [p.name for p in book.results.iterdir() if p.name.startswith(".")]
    assert left and all(name.startswith(".experiment-narrow-") for name in left), left
    assert (site / "index.html").read_text() == "the last good site"
    assert results.prune(book.results) == []  # not stale yet: it could be a live build's
    old = time.time() - results.STALE_STAGING_SECONDS - 1
    for name in left:
        os.utime(book.results / name, (old, old))
    assert results.prune(book.results) == sorted(left)

    # The next build trains it again, and finds the rest where it was.
    done = book.build(site)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stderr.count("trained and stored") == 1
    assert book.result_entries() == entries
    check_cache_is_whole(book)


class _Text(HTMLParser):
    """The text of a page outside its pycon blocks (<div class="pycon-copy">), where a
    doctest shows the exception it expects."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # how deep inside a pycon block, in <div>s
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "div" and (self.depth or "pycon-copy" in (dict(attrs).get("class") or "")):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def tracebacks(html):
    """How many Python tracebacks a page shows outside its pycon blocks."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts).count(TRACEBACK)


def test_the_traceback_scan_allows_pycon_blocks_only():
    pycon = ('<div class="pycon-copy" data-copy="f()"><div class="highlight"><pre><code>'
             '<span class="gp">&gt;&gt;&gt; </span>f()\n'
             f'<span class="gt">{TRACEBACK}:</span>\nValueError: x</code></pre></div></div>')
    assert tracebacks(f"<p>Before</p>{pycon}<p>after</p>") == 0
    notebook_output = ('<div class="jp-OutputArea-output" data-mime-type='
                       '"application/vnd.jupyter.stderr"><pre>'
                       f'{TRACEBACK}:\n  File "x.py"\nValueError</pre></div>')
    assert tracebacks(pycon + notebook_output) == 1
    assert tracebacks(f"<p>It printed {TRACEBACK}: and stopped.</p>") == 1
    assert tracebacks(f'<div class="highlight"><pre>{TRACEBACK}:</pre></div>') == 1


def test_no_published_page_shows_a_traceback(built_book):
    site = built_book.root / "site"
    shown = {page: tracebacks((site / page).read_text(encoding="utf-8"))
             for page in pages(site)}
    assert len(shown) > 20
    assert {page: n for page, n in shown.items() if n} == {}
    # The pycon blocks that expect an exception are there, and were skipped.
    assert TRACEBACK in (site / "appendix/friendly-errors/index.html").read_text()
