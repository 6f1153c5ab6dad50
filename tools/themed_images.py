"""Show every figure the build made in the reader's theme, at the size it was drawn.

A page shows a figure like any image, `![what it shows](assets/pictures/spiral.png)`.
The build drew it twice (spiral.png for the light theme, spiral-dark.png for the dark
one) with DENSITY PNG pixels per page pixel. Each such <img> becomes two: the light
one, marked `#only-light`, and the dark one, marked `#only-dark` (mkdocs-material shows
the one that matches the palette), both with the width and height of the drawing on
the page and a data-density attribute that the browser tests read. On a screen
narrower than the drawing, docs/assets/book.css scales it down to the text's width and
docs/assets/book.js shows it at its drawn size when it is tapped.
"""

from __future__ import annotations

import re

_IMG = re.compile(r'<img\b(?P<attrs>[^>]*?)\s*/?>')
_SRC = re.compile(r'\ssrc="(?P<src>[^"#]*?(?P<key>assets/(?:experiments|pictures)/[^"#]+))'
                  r'\.png"')
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


class FigureError(Exception):
    """An image names a figure the build did not make."""


def sizes(manifest: dict) -> dict:
    """{"assets/pictures/spiral": (width, height)} for every figure of a manifest."""
    found = {}
    for name, experiment in manifest["experiments"].items():
        for figure, drawn in experiment["figures"].items():
            found[f"assets/experiments/{name}/{figure}"] = (drawn["width"], drawn["height"])
    for name, drawn in manifest["pictures"].items():
        found[f"assets/pictures/{name}"] = (drawn["width"], drawn["height"])
    return found


def themed(html: str, figures: dict, density: int, where: str) -> str:
    """Replace each <img> of a build's figure in `html` by its two themed versions."""

    def replace(match):
        source = _SRC.search(match["attrs"])
        if source is None:
            return match[0]
        if source["key"] not in figures:
            raise FigureError(f"{where}: {source['key']}.png is not a figure the build "
                              "made; see docs/appendix/experiments.md")
        width, height = figures[source["key"]]
        attrs = _SIZE.sub("", match["attrs"][: source.start()] + match["attrs"][source.end():])
        size = (f' width="{width // density}" height="{height // density}" '
                f'data-density="{density}"')
        src = source["src"]
        return (f'<img{attrs} src="{src}.png#only-light"{size}>'
                f'<img{attrs} src="{src}-dark.png#only-dark"{size}>')

    return _IMG.sub(replace, html)
