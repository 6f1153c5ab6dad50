# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/tangling.md, "Two layers"
"""The package's two layers, read from its code, and the picture of them."""

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
              "live")  # the rest: the network


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
    """The package's modules in two layers, with an arrow for every import."""
    imports = package_imports()
    book = set(BOOK_LAYER)
    network = set(imports) - book
    rows = import_rows(imports, network)
    top = max(rows.values()) + 1.6  # the book's band starts above the network's
    rows.update({module: top + row for module, row
                 in import_rows(imports, book).items()})
    places = {}
    for row in sorted(set(rows.values())):
        members = sorted(m for m in rows if rows[m] == row)
        for i, module in enumerate(members):
            places[module] = ((i + 0.5) / len(members), row)
    fig = Figure(figsize=(7.2, 6.4), layout="constrained")
    ax = fig.subplots()
    text, faint = rcParams["text.color"], rcParams["grid.color"]
    colors = class_colors()
    for module, found in imports.items():
        for other in found:
            (x0, y0), (x1, y1) = places[module], places[other]
            ax.annotate("", xy=(x1, y1 + 0.22), xytext=(x0, y0 - 0.22),
                        arrowprops={"arrowstyle": "-|>", "linewidth": 0.6,
                                    "alpha": 0.45, "shrinkA": 0, "shrinkB": 0,
                                    "color": colors[0] if module in book
                                    else text})
    for module, (x, y) in places.items():
        color = colors[0] if module in book else text
        ax.add_patch(FancyBboxPatch((x - 0.075, y - 0.22), 0.15, 0.44,
                                    boxstyle="round,pad=0.01", facecolor="none",
                                    edgecolor=color, linewidth=1))
        ax.text(x, y, module, ha="center", va="center", fontsize=7.5, color=color)
    ax.axhline(top - 0.8, color=faint, linestyle="--", linewidth=1)
    ax.text(0, top - 0.6, "the book's machinery", color=colors[0], fontsize=10)
    ax.text(0, top - 1.1, "the network", color=text, fontsize=10, va="top")
    ax.set(xlim=(-0.02, 1.02), ylim=(-0.6, max(rows.values()) + 0.6))
    ax.axis("off")
    return fig
