"""mkdocs hook: the notebook pages that mkdocs-jupyter executes (tools/notebook_page.py).

- on_config: the kernel imports this project's nnfs_lit and finds its results, and
  runs over local sockets (no "Kernel is running over TCP" warning);
- on_pre_build: key mkdocs-jupyter's cache by the experiments' results (its own key is
  only the notebook's text). Listed after hook_experiments, whose manifest it reads;
- on_files, on_page_content, on_post_page: the .ipynb download and its links, and no
  CDN loaders.
"""

import json
import os
import shutil
from pathlib import Path

import notebook_page
import results
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

_notebooks = []  # this hook's own state: the notebook pages (docs/*.py) of the build


def on_config(config):
    if "mkdocs-jupyter" not in config.plugins:
        raise PluginError("the mkdocs-jupyter plugin must be enabled: it runs the notebooks")
    root = Path(config.config_file_path).resolve().parent
    paths = [str(root), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    os.environ["NNFS_LIT_CACHE"] = str(results.cache_dir(root))
    os.environ["JUPYTER_CONFIG_PATH"] = str(notebook_page.JUPYTER_CONFIG)
    return config


def on_pre_build(config):
    root = Path(config.config_file_path).resolve().parent
    manifest = json.loads((results.cache_dir(root) / "manifest.json").read_text())
    jupyter_cache = root / ".cache" / "mkdocs-jupyter"
    config.plugins["mkdocs-jupyter"].config["cache_dir"] = str(
        jupyter_cache / manifest["digest"])
    if jupyter_cache.is_dir():
        for old in jupyter_cache.iterdir():
            if old.name != manifest["digest"]:
                shutil.rmtree(old, ignore_errors=True)


def on_files(files, config):
    _notebooks[:] = [f.src_uri for f in files
                     if f.src_uri.endswith(".py") and "/" not in f.src_uri]
    for notebook in _notebooks:
        ipynb = notebook_page.as_ipynb(Path(config.docs_dir) / notebook)
        files.append(File.generated(config, notebook_page.ipynb_name(notebook),
                                    content=ipynb))
    return files


def on_page_content(html, page, config, files):
    if page.file.src_uri not in _notebooks:
        return html
    return notebook_page.with_download_links(html, page.file.src_uri)


def on_post_page(output, page, config):
    if page.file.src_uri not in _notebooks:
        return output
    return notebook_page.without_cdn_loaders(output)
