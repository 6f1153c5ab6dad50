"""mkdocs hook: re-tangle nnfs_lit/ from the chapters before anything else is built.

List it first in mkdocs.yml: the results and the notebook pages import the package.
"""

import io
import logging
from pathlib import Path

import tangle
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.tangle")


def on_pre_build(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        for target in tangle.write(root, out=io.StringIO()):
            log.info("tangled %s", target)
    except tangle.TangleError as error:
        raise PluginError(f"tangle: {error}") from error
