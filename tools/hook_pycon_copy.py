"""mkdocs hook: pycon examples copy as runnable code, shown without doctest directives.

The logic is tools/pycon_copy.py.
"""

import pycon_copy


def on_page_markdown(markdown, page, config, files):
    return pycon_copy.wrap_blocks(markdown)
