"""mkdocs hook: one build of a checkout at a time (tools/build_lock.py).

Taken at the first on_config of a build, so that everything a build writes (package,
caches, published site) is written by one build at a time. `mkdocs build` holds it
until the process exits: a strict build whose warnings abort it after on_post_build
still discards its staging directory in on_build_error, and must do so before another
build starts writing there. `mkdocs serve` releases it after each rebuild, and
`mkdocs build` too when its build fails.
"""

import logging
from pathlib import Path

import build_lock
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.lock")
_held = []  # this hook's own state: the lock, while a build runs
_command = []  # "build" or "serve"


def on_startup(command, dirty):
    _command[:] = [command]


@event_priority(100)  # before any other plugin's or hook's
def on_config(config):
    if not _held:
        root = Path(config.config_file_path).resolve().parent
        _held.append(build_lock.acquire(root, log=log.info))
    return config


def _release():
    while _held:
        build_lock.release(_held.pop())


@event_priority(-100)  # after every other, publishing included
def on_post_build(config):
    if _command != ["build"]:  # the build command's lock goes with its process
        _release()


@event_priority(-100)
def on_build_error(error):
    _release()
