# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/tangling.md, "Editing a chapter in its notebook"
"""A chapter's code, edited in its notebook, run into the package (`%%nnfs_lit`)."""

import importlib
import types

KEPT = {"__dict__", "__weakref__", "__module__", "__qualname__", "__firstlineno__",
        "__static_attributes__"}  # what a class keeps of its own when it is updated


def run_into(target, source):
    """Run `source`, a chapter's block for `target` ("nnfs_lit/layers.py"), inside that
    module, updating in place each class and function it defines again, so that
    everything that refers to them sees the new code. Not followed: instances keep the
    attributes their __init__ gave them, and a name the block removes stays."""
    module = importlib.import_module(target.removesuffix(".py").replace("/", "."))
    before = dict(vars(module))
    exec(compile(source, target, "exec"), vars(module))
    for name, old in before.items():
        new = getattr(module, name)
        if isinstance(old, type) and isinstance(new, type) and new is not old:
            _update_class(old, new)
            setattr(module, name, old)
        elif all(isinstance(f, types.FunctionType) for f in (old, new)):
            _update_function(old, new)
            setattr(module, name, old)
    return module


def _update_class(old, new):
    """Give `old` every member `new` defines, pointing their `super()` at `old`."""
    for name, member in vars(new).items():
        if name in KEPT or (name == "__doc__" and member is None):
            continue
        if name == "__annotations__" and not hasattr(new, "__dataclass_fields__"):
            continue  # a continuation block's fields: the dataclass already has them
        function = getattr(member, "__func__", member)  # a classmethod's function
        if isinstance(function, types.FunctionType) and function.__closure__:
            cells = dict(zip(function.__code__.co_freevars, function.__closure__,
                             strict=True))
            if "__class__" in cells:  # what a zero-argument super() looks up
                cells["__class__"].cell_contents = old
        setattr(old, name, member)


def _update_function(old, new):
    """Give `old` the code, defaults and docstring of `new`."""
    old.__code__, old.__defaults__ = new.__code__, new.__defaults__
    old.__kwdefaults__, old.__doc__ = new.__kwdefaults__, new.__doc__


def load_ipython_extension(ipython):
    """`%load_ext nnfs_lit.live`: the cell magic `%%nnfs_lit nnfs_lit/FILE.py`."""

    def nnfs_lit(line, cell):
        run_into(line.strip(), cell)

    ipython.register_magic_function(nnfs_lit, "cell", "nnfs_lit")
