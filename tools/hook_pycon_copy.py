"""mkdocs hook: pycon examples copy as runnable code, shown without doctest directives
(a kernel-sensitive one with a note under it); console blocks copy their commands
without prompts or output.

The logic is tools/pycon_copy.py.
"""

import posixpath

import pycon_copy


def on_page_markdown(markdown, page, config, files):
    here = posixpath.dirname(page.file.src_uri)
    floats_page = posixpath.relpath("appendix/floats.md", here or ".")
    return pycon_copy.wrap_blocks(markdown, floats_page)


def on_page_content(html, page, config, files):
    return pycon_copy.wrap_console_blocks(html)
