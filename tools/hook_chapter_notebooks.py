"""mkdocs hook: each numbered chapter as a notebook to download (tools/chapter_notebooks.py).

- on_files: write the chapters' notebooks, their zip and the package's wheel into
  .cache/notebooks/ (only the files whose bytes changed; never into docs/, which
  `mkdocs serve` watches) and publish them as notebooks/NN-name.ipynb,
  notebooks/nnfs-lit-notebooks.zip and notebooks/nnfs_lit-VERSION-py3-none-any.whl,
  which a published site's notebooks install in their first cell. Listed after
  hook_experiments, whose manifest fills the numbers in their prose. Nothing is run;
  tests/test_chapter_notebooks.py runs them;
- on_page_markdown: a line under each chapter's title that links to both downloads.
"""

import json
from pathlib import Path

import chapter_notebooks
import results
from mkdocs.structure.files import File

FOLDER = "notebooks"
_chapters = set()  # this hook's own state: the chapters of the build that have a notebook


def on_files(files, config):
    root = Path(config.config_file_path).resolve().parent
    manifest_file = results.cache_dir(root) / "manifest.json"
    manifest = json.loads(manifest_file.read_text()) if manifest_file.is_file() else None
    written = chapter_notebooks.write_all(Path(config.docs_dir),
                                          root / ".cache" / "notebooks", manifest,
                                          config.site_url)
    for path in written:
        files.append(File.generated(config, f"{FOLDER}/{path.name}", abs_src_path=path))
    _chapters.clear()
    _chapters.update(chapter_notebooks.chapter_names(Path(config.docs_dir)))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri not in _chapters:
        return markdown
    return chapter_notebooks.with_download_line(markdown, page.file.src_uri, FOLDER)
