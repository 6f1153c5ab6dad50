"""mkdocs hook: the search index shows math without its TeX delimiters
(tools/search_index.py).

- on_post_build: after the search plugin has written search/search_index.json (a
  plugin's event runs before a hook's of the same priority) and before hook_publish
  publishes the build, rewrites it with readable math.
"""

from pathlib import Path

import search_index


def on_post_build(config):
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():  # the search plugin is on
        search_index.rewrite(index)
