"""What a reader sees and copies of a `pycon` example block.

- The copy button copies runnable Python: no prompts, no output, and an example that
  expects an exception wrapped in try/except that prints it, as the doctest shows it.
  Material's copy button copies the nearest `data-copy` attribute when there is one,
  so each pycon block is wrapped in a <div data-copy="...">.
- Doctest directives (`# doctest: +ELLIPSIS`, `+SLOW`) are for the test runner, not
  the reader: they are removed from the page and from the copy. One of them concerns
  the reader too: a block with a `+KERNEL` example prints numbers whose last digits
  depend on the machine's float kernels, and the page says so under it, with a link
  to the appendix that explains why (`floats_page`).
"""

from __future__ import annotations

import doctest
import re
from html import escape

from book_markdown import fences

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
    """The block as the reader sees it: the same, minus the doctest directives, and
    with doctest's <BLANKLINE> marker shown as the blank line it stands for."""
    return "\n".join(
        DIRECTIVE.sub("", line) if line.startswith((">>> ", "... "))
        else "" if line.strip() == "<BLANKLINE>" else line
        for line in pycon.split("\n")
    )


KERNEL_NOTE = ("≈ Printed in the book's float environment: on another machine the "
               "last digits may differ ([why]({link}#where-the-pin-cannot-hold)).")


def wrap_blocks(markdown: str, floats_page: str = "appendix/floats.md") -> str:
    """Wrap each pycon block in a div whose data-copy is its runnable code. A block
    indented inside an admonition (an exercise's solution) keeps its indentation. A
    block with a +KERNEL example gets a note under it that links to `floats_page`
    (relative to the page). A pycon block shown inside another block is left alone."""
    lines = markdown.split("\n")
    for fence in reversed(list(fences(lines))):  # from the end: the indices hold
        if fence.info != "pycon" or not fence.closed:
            continue
        body = "".join(line + "\n" for line in fence.body)
        # one line, so that the div stays inside an indented admonition
        copy = escape(runnable_copy(body), quote=True).replace("\n", "&#10;")
        shown = without_directives(body)
        wrapped = [f'<div class="pycon-copy" data-copy="{copy}" markdown>', "",
                   "```pycon", *shown.rstrip("\n").split("\n"), "", "```", "", "</div>"]
        if re.search(r"#\s*doctest:.*\+KERNEL\b", body):
            note = KERNEL_NOTE.format(link=floats_page)
            wrapped += ["", f'<p class="kernel-note" markdown>{note}</p>']
        lines[fence.start:fence.end + 1] = "\n".join(
            fence.indent + line if line else "" for line in wrapped).split("\n")
    return "\n".join(lines)
