"""What a reader sees and copies of a `pycon` example block.

- The copy button copies runnable Python: no prompts, no output, and an example that
  expects an exception wrapped in try/except that prints it, as the doctest shows it.
  Material's copy button copies the nearest `data-copy` attribute when there is one,
  so each pycon block is wrapped in a <div data-copy="...">.
- Doctest directives (`# doctest: +ELLIPSIS`, `+SLOW`) are for the test runner, not
  the reader: they are removed from the page and from the copy.
"""

from __future__ import annotations

import doctest
import re
from html import escape

PYCON_FENCE = re.compile(r"^```pycon\n(?P<body>.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
DIRECTIVE = re.compile(r"[ \t]*#\s*doctest:.*$", re.MULTILINE)


def runnable_copy(pycon: str) -> str:
    """The Python of a pycon block's examples, ready to paste into a file or a REPL."""
    lines = []
    for example in doctest.DocTestParser().get_examples(without_directives(pycon)):
        source = example.source.rstrip("\n")
        if example.exc_msg is not None:
            error = example.exc_msg.split(":")[0].strip()
            body = "\n".join("    " + line for line in source.splitlines())
            source = (f"try:\n{body}\nexcept {error} as error:\n"
                      f'    print(f"{error}: {{error}}")')
        lines.append(source + ("\n" if "\n" in source else ""))
    return "\n".join(lines).rstrip("\n") + "\n"


def without_directives(pycon: str) -> str:
    """The block as the reader sees it: the same, minus the doctest directives."""
    return "\n".join(
        DIRECTIVE.sub("", line) if line.startswith((">>> ", "... ")) else line
        for line in pycon.split("\n")
    )


def wrap_blocks(markdown: str) -> str:
    """Wrap each pycon block in a div whose data-copy is its runnable code."""

    def wrap(match):
        body = match["body"]
        copy = escape(runnable_copy(body), quote=True)
        return (f'<div class="pycon-copy" data-copy="{copy}" markdown>\n\n'
                f"```pycon\n{without_directives(body)}```\n\n</div>")

    return PYCON_FENCE.sub(wrap, markdown)
