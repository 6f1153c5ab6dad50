"""tools/dev.py: the README's commands, as a contributor runs them."""

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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
def test_stopping_dev_py_serve_by_its_pid_stops_the_server(stop):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "tools/dev.py", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while not answers(url):
            assert server.poll() is None, server.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.5)
        server.send_signal(stop)  # to dev.py's own PID, as `kill PID` does
        server.wait(timeout=30)
        assert not answers(url)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_dev_py_without_a_command_shows_its_usage():
    done = subprocess.run([sys.executable, "tools/dev.py"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 2
    for command in ("serve", "test", "build", "run", "lock"):
        assert f"python3 tools/dev.py {command}" in done.stderr
