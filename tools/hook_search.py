"""mkdocs hook: the search index shows math without its TeX delimiters, and a page is
indexed again only when it changed (tools/search_index.py).

- on_config: wraps the search plugin's indexing of a page, so that under `mkdocs serve`
  an unchanged page reuses its entries of the last build;
- on_post_build: after the search plugin has written search/search_index.json (a
  plugin's event runs before a hook's of the same priority) and before hook_publish
  publishes the build, rewrites it with readable math.
"""

from pathlib import Path

import search_index


def on_config(config):
    from material.plugins.search.plugin import SearchIndex

    search_index.remember_entries(SearchIndex)
    return config


def on_post_build(config):
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():  # the search plugin is on
        search_index.rewrite(index)
