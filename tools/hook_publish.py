"""mkdocs hook: `mkdocs build` publishes the whole site or nothing (tools/publish.py).

`mkdocs serve` builds into its own temporary directory and is left alone.
"""

import logging
from pathlib import Path

import publish
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.publish")
_build = {}  # this hook's own state: the command, the directories, the warnings


class _WarningCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def on_startup(command, dirty):
    _build["command"] = command


def on_config(config):
    if _build.get("command") == "build":
        site = Path(config.site_dir).resolve()
        _build["site"], _build["staging"] = site, publish.staging_dir(site)
        config.site_dir = str(_build["staging"])
        _build["warnings"] = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(_build["warnings"])
    return config


@event_priority(-50)  # late: after every plugin and hook has written its files
def on_post_build(config):
    if "staging" not in _build:
        return
    warnings = _build.pop("warnings")
    logging.getLogger("mkdocs").removeHandler(warnings)
    if config.strict and warnings.count:
        return  # mkdocs aborts next, and on_build_error discards the staging directory
    publish.publish(_build.pop("staging"), _build["site"])
    log.info("published the build to %s", _build["site"])


def on_build_error(error):
    if "warnings" in _build:
        logging.getLogger("mkdocs").removeHandler(_build.pop("warnings"))
    if "staging" in _build:
        publish.discard(_build.pop("staging"))
