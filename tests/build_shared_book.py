"""Build the test run's shared book in the background, while the run goes on.

    python tests/build_shared_book.py SHARED_DIR PARENT_PID

Started by tests/conftest.py as a run begins (if any of its tests reads the built
book); it takes the build's lock first, so the tests that need the book wait for it
there. If the run's main process ends first (Ctrl-C), the build is stopped and
nothing is recorded, so no later reader mistakes a half-made book for a built one.
"""

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from books import shared_book  # noqa: E402
from serve_site import alive  # noqa: E402


def stop_with(parent):
    while alive(parent):
        time.sleep(0.5)
    os.killpg(0, 9)  # this process and the build it started (its own session)


def main(shared, parent):
    threading.Thread(target=stop_with, args=(int(parent),), daemon=True).start()
    try:
        shared_book(Path(shared))
    except AssertionError:  # a failed build: its record says so to every reader
        pass


if __name__ == "__main__":
    main(*sys.argv[1:])
