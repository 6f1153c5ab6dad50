# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/command-line.md, "The code", block 2
"""Entry point of `python -m nnfs_lit`; the command itself is nnfs_lit/cli.py."""

import importlib.util
import sys

NEEDS = ["numpy", "matplotlib", "tqdm"]  # what the command imports, from pyproject.toml

if __name__ == "__main__":
    missing = [name for name in NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        sys.exit(
            f"nnfs-lit: this Python ({sys.executable}) lacks {', '.join(missing)}.\n"
            "From a clone of the repository, run the command in the project's "
            "environment:\n    python3 tools/dev.py run [options]\n"
            "or install the package first: python -m pip install -e ."
        )
    from nnfs_lit.cli import command

    sys.exit(command())
