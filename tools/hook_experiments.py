"""mkdocs hook: the experiments and pictures on the pages (tools/results.py,
placeholders.py, themed_images.py).

- on_pre_build: make or load every experiment and picture in a fresh interpreter;
- on_files: publish each figure, light and dark, as
  assets/experiments/<name>/<figure>[-dark].png and assets/pictures/<name>[-dark].png,
  and the files an experiment made for the site as assets/experiments/<name>/<file>;
- on_page_markdown: fill the {{ experiments.NAME.METRIC }} placeholders, the
  Reliability page's {{ reliability }} table and chapter 17's {{ benchmark }} tables;
- on_page_content: show each figure in the reader's theme, at its drawn size.
"""

import logging
from pathlib import Path

import placeholders
import results
import themed_images
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
    published = {}
    for name, experiment in _manifest["experiments"].items():
        for figure, drawn in experiment["figures"].items():
            published[f"assets/experiments/{name}/{figure}"] = drawn
    for name, drawn in _manifest["pictures"].items():
        published[f"assets/pictures/{name}"] = drawn
    for uri, drawn in published.items():
        for theme, suffix in (("light", ""), ("dark", "-dark")):
            files.append(File.generated(config, f"{uri}{suffix}.png",
                                        abs_src_path=drawn[theme]))
    for name, experiment in _manifest["experiments"].items():  # a model as JSON, a replay
        for file_name, path in experiment.get("site_files", {}).items():
            files.append(File.generated(config, f"assets/experiments/{name}/{file_name}",
                                        abs_src_path=path))
    return files


def on_page_markdown(markdown, page, config, files):
    try:
        return placeholders.fill(markdown, _manifest["experiments"], page.file.src_uri,
                                 repository=config.extra.get("repository") or "",
                                 reliability=_manifest.get("reliability"),
                                 benchmark=_manifest.get("benchmark"))
    except placeholders.PlaceholderError as error:
        raise PluginError(str(error)) from error


def on_page_content(html, page, config, files):
    figures = themed_images.sizes(_manifest)
    try:
        return themed_images.themed(html, figures, _manifest["density"], page.file.src_uri)
    except themed_images.FigureError as error:
        raise PluginError(str(error)) from error
