"""One build of a checkout at a time: a lock held for the whole build.

Two builds of one checkout at once (two terminals, `mkdocs serve` and `mkdocs build`,
two test runs) share everything a build writes: the tangled package, the results
cache, mkdocs-jupyter's cache (which it writes in place, not atomically), the staging
directory beside the site and the two renames that publish it. Measured before this
lock (tests/test_build_integrity.py): the second build's start deleted the staging
directory the first was writing into, and the site was lost or mixed. Rather than make
each of those steps safe on its own, a build waits for the other to finish; it then
finds the other's results in the cache, so waiting costs little.

The lock is flock(2) on .cache/build.lock: the kernel releases it when its holder
exits, however it exits (even by SIGKILL), so a killed build never blocks the next.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX (Windows): builds are not serialized
    fcntl = None


def lock_path(root: Path) -> Path:
    return Path(root) / ".cache" / "build.lock"


def acquire(root: Path, log=print) -> int | None:
    """Wait until no other build of the checkout at `root` runs, then hold the lock.
    Returns what release() needs."""
    if fcntl is None:
        return None
    path = lock_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log(f"another build of {root} is running: waiting for it to finish")
        started = time.perf_counter()
        fcntl.flock(fd, fcntl.LOCK_EX)
        log(f"waited {time.perf_counter() - started:.1f} s for the other build")
    except BaseException:
        os.close(fd)
        raise
    return fd


def release(fd: int | None) -> None:
    """Let the next build run."""
    if fd is not None:
        os.close(fd)  # closing the descriptor releases the flock
