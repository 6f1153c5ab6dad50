# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""Entry point of `python -m nnfs_lit`; the command itself is nnfs_lit/cli.py.

Book chapter: docs/09-command-line.md.
"""

import sys

from nnfs_lit.cli import main

if __name__ == "__main__":
    sys.exit(main())
