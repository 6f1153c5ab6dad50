"""The package in three layers: the network; above it the autograd engine of Part
III, checked against the network; and above both, how the book is made.

Nothing imports a layer above its own, and no two modules import each
other, directly or round a longer circle, counting the imports inside functions too
(which run later, but are imports all the same: a function-level import only hides a
circle until the wrong module is loaded first)."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "nnfs_lit"

# How the book is made: its experiments and pictures, their registry and cache, the
# replays, the speed study, the float environment, the command line.
BOOK = {"experiments", "book_experiments", "pictures", "replay", "speed", "web",
        "floats", "cli", "__main__", "layout", "live"}
# Part III's autograd engine: above the network, which it is checked against.
ENGINE = {"autograd", "tensor", "engine_layers"}
# What a learner uses: the network, its training, saving, plots and data.
NETWORK = {"__init__", "activations", "checks", "conv", "data", "digits", "fast", "files",
           "gradcheck",
           "fast_conv", "initializers", "layers", "losses", "metrics", "mnist", "mnist1d",
           "model",
           "optimizers",
           "plots", "runs", "saving", "training"}


def imported(path):
    """The package's modules that the module at `path` imports, anywhere in it."""
    modules = {module.stem for module in PACKAGE.glob("*.py")}
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "nnfs_lit":
                    found.add(parts[1] if len(parts) > 1 else "__init__")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            parts = node.module.split(".")
            if parts[0] != "nnfs_lit":
                continue
            if len(parts) > 1:
                found.add(parts[1])
            else:  # from nnfs_lit import x: the module x, or a name of __init__
                found.update(alias.name if alias.name in modules else "__init__"
                             for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path.name}: a relative import; the book writes "
                                 "them absolute")
    found.discard(path.stem)
    return found


def import_graph():
    return {path.stem: imported(path) for path in PACKAGE.glob("*.py")}


def circles(graph):
    """Every module that lies on a circle of imports, with the circle found."""
    found, state = [], {}  # state: 1 on the current path, 2 done

    def visit(module, path):
        state[module] = 1
        for other in sorted(graph.get(module, ())):
            if state.get(other) == 1:
                found.append(path[path.index(other):] + [other])
            elif other not in state:
                visit(other, [*path, other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return found


def test_every_module_is_in_one_layer():
    modules = set(import_graph())
    assert BOOK.isdisjoint(NETWORK) and ENGINE.isdisjoint(BOOK | NETWORK)
    assert modules - BOOK - ENGINE - NETWORK == set(), \
        "a new module: say which layer it is in"
    assert (BOOK | ENGINE | NETWORK) - modules == set(), "a module named here is gone"


def test_the_network_never_imports_the_books_layer():
    graph = import_graph()
    upward = sorted((module, other) for module in NETWORK for other in graph[module]
                    if other in BOOK)
    assert upward == []


def test_the_engine_sits_between_the_network_and_the_book():
    """The engine may import the network; the network never imports the engine, and
    the engine never imports the book's layer."""
    graph = import_graph()
    upward = sorted((module, other) for module in NETWORK for other in graph[module]
                    if other in ENGINE)
    upward += sorted((module, other) for module in ENGINE for other in graph[module]
                     if other in BOOK)
    assert upward == []


def test_the_layer_check_finds_an_import_back(tmp_path):
    module = tmp_path / "layers.py"
    module.write_text("from nnfs_lit.autograd import Value\n")
    assert imported(module) & ENGINE == {"autograd"}


def test_no_modules_import_each_other_in_a_circle():
    assert circles(import_graph()) == []


def test_the_circle_finder_finds_circles():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        ["a", "b", "c", "a"]]
    assert circles({"model": {"saving"}, "saving": {"model"}}) == [
        ["model", "saving", "model"]]
    assert circles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_function_level_imports_count(tmp_path):
    module = tmp_path / "model.py"
    module.write_text("import numpy\n\ndef save(self):\n"
                      "    from nnfs_lit.saving import save_model\n"
                      "    from nnfs_lit import Dense, checks\n")
    assert imported(module) == {"saving", "__init__", "checks"}


IMPORT_AND_RELOAD = """
import importlib
import sys

import nnfs_lit

book = sorted(name for name in sys.modules if name.split(".")[-1] in {book!r})
assert book == [], f"import nnfs_lit loaded the book's layer: {{book}}"
importlib.reload(nnfs_lit)
from nnfs_lit.experiments import EXPERIMENTS, PICTURES
assert EXPERIMENTS == {{}} and PICTURES == {{}}, "importing the package registered some"
import nnfs_lit.book_experiments
import nnfs_lit.pictures
names = list(EXPERIMENTS), list(PICTURES)
for module in (nnfs_lit.book_experiments, nnfs_lit.pictures, nnfs_lit.training,
               nnfs_lit.runs, nnfs_lit.model):
    importlib.reload(module)
assert (list(EXPERIMENTS), list(PICTURES)) == names and "seed" in EXPERIMENTS
print("ok")
"""


def test_importing_the_network_registers_nothing_and_every_module_reloads():
    code = IMPORT_AND_RELOAD.format(book=BOOK - {"__main__"})
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr


def test_the_books_picture_of_the_layers_reads_the_same_graph():
    """Appendix E's picture draws the layers from its own reading of the code: the
    same modules in each layer, the same imports, every arrow pointing down a row."""
    from nnfs_lit.layout import BOOK_LAYER, ENGINE_LAYER, import_rows, package_imports

    graph = import_graph()
    assert set(BOOK_LAYER) == BOOK and set(ENGINE_LAYER) == ENGINE
    assert package_imports() == graph
    for layer in (BOOK, ENGINE, NETWORK):
        rows = import_rows(graph, layer)
        assert all(rows[module] > rows[other] for module in layer
                   for other in graph[module] if other in layer)


def test_no_name_the_package_exports_is_also_one_of_its_modules():
    """`nnfs_lit.train` is chapter 7's function; were a module called train too,
    importing it would hide one behind the other."""
    import nnfs_lit

    modules = {path.stem for path in PACKAGE.glob("*.py")}
    assert set(nnfs_lit.__all__) & modules == set()


# No forward references: a chapter's network code uses only what the book has shown.

def _blocks_in_reading_order():
    import tangle

    root = PACKAGE.parent
    for place, chapter in enumerate(tangle.nav_chapters(root)):
        for block in tangle.read_blocks(chapter, root):
            yield place, chapter, block


def _definitions(tree):
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def forward_imports(blocks):
    """(where, what, the chapter that defines it) for every import, in a block of a
    network module of a chapter, of a name that only a later chapter defines. The
    appendices are the book's reference: a chapter may use what they define (the
    friendly errors' checks, the float environment) wherever they come in the nav."""
    blocks = list(blocks)
    first = {}  # (module, name or None for the module itself) -> reading place
    for place, chapter, block in blocks:
        module = block.target[:-3].replace("/", ".")
        first.setdefault((module, None), (place, chapter))
        for name in _definitions(ast.parse(block.code)):
            first.setdefault((module, name), (place, chapter))
    found = []
    for place, chapter, block in blocks:
        if chapter.parent.name == "appendix" or Path(block.target).stem in BOOK:
            continue
        for node in ast.walk(ast.parse(block.code)):
            if not (isinstance(node, ast.ImportFrom) and node.level == 0
                    and (node.module or "").startswith("nnfs_lit")):
                continue
            for alias in node.names:
                key = ((f"{node.module}.{alias.name}", None)
                       if (f"{node.module}.{alias.name}", None) in first
                       else (node.module, alias.name))
                if key not in first:
                    continue  # made by no block: the import test of the package fails it
                later, defining = first[key]
                if later > place and defining.parent.name != "appendix":
                    found.append((block.where, f"{node.module}.{alias.name}",
                                  defining.name))
    return found


def test_no_chapter_imports_what_a_later_chapter_defines():
    assert forward_imports(_blocks_in_reading_order()) == []


def test_the_forward_import_finder_finds_one(tmp_path):
    """A chapter-12 block that imports chapter 13's Dropout is found, as it was before
    chapter 13's ModelConfig.layers took over the dropout."""
    import tangle

    early, late = tmp_path / "12-a.md", tmp_path / "13-b.md"
    early.write_text('# A\n```python title="nnfs_lit/runs.py"\n'
                     "from nnfs_lit.layers import Dropout\n```\n")
    late.write_text('# B\n```python title="nnfs_lit/layers.py"\nclass Dropout:\n'
                    "    pass\n```\n")
    blocks = [(place, chapter, block) for place, chapter in enumerate((early, late))
              for block in tangle.read_blocks(chapter, tmp_path)]
    assert forward_imports(blocks) == [
        ("12-a.md:2", "nnfs_lit.layers.Dropout", "13-b.md")]
