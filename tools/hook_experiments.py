"""mkdocs hook: every experiment's results on the pages (tools/results.py, placeholders.py).

- on_pre_build: compute or load every experiment in a fresh interpreter;
- on_files: publish each experiment's figures as assets/experiments/<name>/<figure>.png;
- on_page_markdown: fill the {{ experiments.NAME.METRIC }} placeholders.
"""

import logging
from pathlib import Path

import placeholders
import results
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.experiments")
_manifest = {}  # this hook's own state: the manifest of the current build


def on_pre_build(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        manifest = results.build_in_subprocess(root, log=log.info)
    except results.ResultsError as error:
        raise PluginError(f"the experiments failed:\n{error}") from error
    _manifest.clear()
    _manifest.update(manifest)


def on_files(files, config):
    for name, experiment in _manifest["experiments"].items():
        for figure, path in experiment["figures"].items():
            uri = f"assets/experiments/{name}/{figure}.png"
            files.append(File.generated(config, uri, abs_src_path=path))
    return files


def on_page_markdown(markdown, page, config, files):
    try:
        return placeholders.fill(markdown, _manifest["experiments"], page.file.src_uri)
    except placeholders.PlaceholderError as error:
        raise PluginError(str(error)) from error
