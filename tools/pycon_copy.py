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

A `console` block copies the commands a reader types, ready to paste into a shell:
without their `$ ` prompts and without the output lines. It is wrapped in the finished
HTML, not in the Markdown, so that a block a page includes from another file (the
Contributing page's, from CONTRIBUTING.md) copies the same way.
"""

from __future__ import annotations

import doctest
import re
from html import escape, unescape

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


PROMPT = "$ "
_HERE_DOCUMENT = re.compile(r"<<(?P<dash>-?)\s*(?P<quote>['\"]?)(?P<word>[A-Za-z_]\w*)(?P=quote)")


def runnable_commands(session: str) -> str:
    """The commands of a console session as a reader pastes them into a shell: each
    `$ ` line without its prompt, with the lines that belong to it (after a trailing
    backslash, and a here-document's lines up to its end marker); the other lines, its
    output, are left out."""
    return _commands([(line.startswith(PROMPT), line) for line in session.splitlines()])


def _commands(lines: list[tuple[bool, str]]) -> str:
    """runnable_commands of a session split into lines, each (starts with a prompt, text)."""
    commands, lines = [], iter(lines)
    for prompted, line in lines:
        if not prompted:
            continue  # output
        command = [line.removeprefix(PROMPT)]
        while command[-1].endswith("\\"):
            command.append(next(lines, (False, ""))[1])
        for document in _HERE_DOCUMENT.finditer("\n".join(command)):
            for _, body in lines:
                command.append(body)
                ending = body.lstrip("\t") if document["dash"] else body
                if ending == document["word"]:
                    break
        commands += command
    return "".join(command + "\n" for command in commands)


_HIGHLIGHT = re.compile(r'<div class="highlight"(?P<attrs>[^>]*)>(?P<block>.*?</pre>)',
                        re.DOTALL)
_LINE_ANCHOR = re.compile(r'<a id="__codelineno-[^"]*"[^>]*></a>')
_PROMPT_SPAN = f'<span class="gp">{escape(PROMPT)}</span>'
_TAG = re.compile(r"<[^>]+>")


def wrap_console_blocks(html: str) -> str:
    """Give each highlighted console session of a page's HTML (a block with a line that
    starts with a `$ ` prompt, as Pygments marks it) a data-copy attribute holding its
    runnable commands."""

    def replace(match):
        code = match["block"].partition("<code>")[2].rpartition("</code>")[0]
        lines = [_LINE_ANCHOR.sub("", line) for line in code.split("\n")]
        lines = [(line.startswith(_PROMPT_SPAN), unescape(_TAG.sub("", line)))
                 for line in lines]
        if "data-copy=" in match["attrs"] or not any(prompted for prompted, _ in lines):
            return match[0]
        copy = escape(_commands(lines), quote=True).replace("\n", "&#10;")
        return (f'<div class="highlight console-copy" data-copy="{copy}"{match["attrs"]}>'
                f'{match["block"]}')

    return _HIGHLIGHT.sub(replace, html)
