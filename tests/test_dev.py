"""tools/dev.py: the README's commands, as a contributor runs them."""

import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from books import copy_book

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.slow  # serving builds the book
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_dev_py_serve_by_its_pid_stops_the_server(stop, built_book, tmp_path):
    # It serves a copy of the book with the shared build's caches: a warm build, as a
    # contributor's second `serve` is (the first trains, as the shared build did).
    book = copy_book(tmp_path / "project", cache_from=built_book.cache)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tempfile.TemporaryFile()
    # Started as from a terminal. A shell without job control starts background commands
    # with SIGINT ignored, and every program inherits that (CI may run us that way).
    server = subprocess.Popen([sys.executable, "tools/dev.py", "serve", "-a", f"127.0.0.1:{port}",
                               "-f", str(book.root / "mkdocs.yml")],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))

    def output():
        log.seek(0)
        return log.read().decode(errors="replace")[-3000:]

    try:
        deadline = time.monotonic() + 300  # a warm build: ~10 s alone, more on a busy machine
        while not answers(url):
            assert server.poll() is None, output()
            assert time.monotonic() < deadline, "the server never answered\n" + output()
            time.sleep(0.5)
        server.send_signal(stop)  # to dev.py's own PID, as `kill PID` does
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 60 s after {stop.name}:\n{output()}")
        assert not answers(url)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_dev_py_without_a_command_shows_its_usage():
    done = subprocess.run([sys.executable, "tools/dev.py"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 2
    for command in ("serve", "test", "build", "run", "bench", "pdf", "lock"):
        assert f"python3 tools/dev.py {command}" in done.stderr


@pytest.mark.slow  # runs pytest in a new process
def test_a_hung_test_fails_in_bounded_time_and_says_where(tmp_path):
    (tmp_path / "test_hangs.py").write_text("import time\n\n\ndef test_hangs():\n"
                                            "    time.sleep(60)\n")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-n", "0", "--timeout", "2", str(tmp_path / "test_hangs.py")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert time.monotonic() - started < 30
    assert "Timeout" in done.stdout and "time.sleep(60)" in done.stdout


def test_every_test_has_a_time_limit(pytestconfig):
    assert float(pytestconfig.getini("timeout")) == 600
