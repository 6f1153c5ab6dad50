# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/tangling.md, "Three layers"
"""The package's three layers, read from its code, and the picture of them."""

import ast
from pathlib import Path

from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

# The picture reads every module, so its cache key must hold them all: these
# imports put the ones nothing else here imports into it (all but __main__,
# which would start the command line).
import nnfs_lit.book_experiments  # noqa: F401
import nnfs_lit.cli  # noqa: F401
import nnfs_lit.pictures  # noqa: F401
import nnfs_lit.speed  # noqa: F401
from nnfs_lit.experiments import picture
from nnfs_lit.plots import class_colors

BOOK_LAYER = ("experiments", "book_experiments", "pictures", "replay", "speed",
              "web", "floats", "cli", "__main__", "layout",
              "live")
# Part III's engine; the rest: the network
ENGINE_LAYER = ("autograd", "tensor", "engine_layers")


def package_imports():
    """{module: the package's modules it imports, anywhere in its code}."""
    folder = Path(__file__).parent
    modules = {path.stem for path in folder.glob("*.py")}
    imports = {}
    for module in modules:
        tree = ast.parse((folder / f"{module}.py").read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[1] for alias in node.names
                             if alias.name.startswith("nnfs_lit."))
            elif isinstance(node, ast.ImportFrom) and node.module == "nnfs_lit":
                found.update(alias.name if alias.name in modules else "__init__"
                             for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and \
                    node.module.startswith("nnfs_lit."):
                found.add(node.module.split(".")[1])
        imports[module] = found - {module}
    return imports


def import_rows(imports, layer):
    """{module: row}: 0 for a module that imports nothing in `layer`, else one
    more than the highest row among those it imports there."""
    rows = {}

    def row(module):
        if module not in rows:
            below = [row(other) for other in imports[module] if other in layer]
            rows[module] = 1 + max(below, default=-1)
        return rows[module]

    for module in layer:
        row(module)
    return rows


@picture("layers")
def layers_picture():
    """The package's modules in three layers, with an arrow for every import."""
    imports = package_imports()
    book, engine = set(BOOK_LAYER), set(ENGINE_LAYER)
    text, faint = rcParams["text.color"], rcParams["grid.color"]
    colors = class_colors()
    bands = [("the network", set(imports) - book - engine, text),  # bottom to top
             ("Part III's autograd engine", engine, colors[2]),
             ("the book's machinery", book, colors[0])]
    rows, color, lines, bottom = {}, {}, [], 0.0
    for name, members, ink in bands:
        band = import_rows(imports, members)
        rows.update({module: bottom + row for module, row in band.items()})
        color.update(dict.fromkeys(members, ink))
        lines.append((bottom - 0.8, name, ink))  # the line below the band
        bottom += max(band.values()) + 1.6  # the next band starts above this one
    places = {}
    for row in sorted(set(rows.values())):
        members = sorted(m for m in rows if rows[m] == row)
        for i, module in enumerate(members):
            places[module] = ((i + 0.5) / len(members), row)
    fig = Figure(figsize=(7.2, 7.0), layout="constrained")
    ax = fig.subplots()
    for module, found in imports.items():
        for other in found:
            (x0, y0), (x1, y1) = places[module], places[other]
            ax.annotate("", xy=(x1, y1 + 0.22), xytext=(x0, y0 - 0.22),
                        arrowprops={"arrowstyle": "-|>", "linewidth": 0.6,
                                    "alpha": 0.45, "shrinkA": 0, "shrinkB": 0,
                                    "color": color[module]})
    for module, (x, y) in places.items():
        ax.add_patch(FancyBboxPatch((x - 0.08, y - 0.22), 0.16, 0.44,
                                    boxstyle="round,pad=0.01", facecolor="none",
                                    edgecolor=color[module], linewidth=1))
        ax.text(x, y, module, ha="center", va="center", fontsize=9,
                color=color[module])
    for y, name, ink in lines:  # each band's name just above the line below it
        if y > 0:
            ax.axhline(y, color=faint, linestyle="--", linewidth=1)
        ax.text(0, y + 0.2, name, color=ink, fontsize=12)
    ax.set(xlim=(-0.02, 1.02), ylim=(-1.0, max(rows.values()) + 0.6))
    ax.axis("off")
    return fig
