"""What the pages quote besides the experiments, each made by a plain function that
runs without mkdocs: the latest run of the speed benchmark (chapter 17's tables) and
the message every bad input gets (the Appendix's Reliability page). tools/results.py
puts both in the manifest; neither is typed by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class FactError(Exception):
    """A fact a page would quote cannot be made: the book must not be built."""


def benchmark_results(path: Path = ROOT / "benchmarks" / "results.json") -> dict:
    """The latest run of benchmarks/speed.py, as it recorded it: chapter 17 shows it.

    A missing or unreadable file is a FactError, not an empty table.
    """
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
        for field in ("date", "machine", "repeats", "epochs", "seed_run", "memory"):
            results[field]  # noqa: B018 - a KeyError names the missing field
    except (OSError, ValueError, KeyError) as error:
        raise FactError(f"{path}: not a benchmark result ({error!r}); run "
                           "python benchmarks/speed.py to make it") from error
    return results


def bad_input_messages(cases_file: Path = ROOT / "tools" / "bad_inputs.py") -> list[dict]:
    """Make every call of the bad-input matrix (tools/bad_inputs.py) and record what
    it raised: the Appendix's Reliability page shows these, never typed by hand.

    A case that raises nothing, another exception or a message its regex rejects is a
    FactError: the book will not publish a promise its code does not keep.
    """
    import importlib.util
    import re
    import tempfile

    temporary = re.compile(re.escape(tempfile.gettempdir()) + r"/nnfs-lit-[^/\s]+/")
    spec = importlib.util.spec_from_file_location("bad_inputs", cases_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = []
    for case in module.CASES:
        try:
            case.call()
        except Exception as error:  # noqa: BLE001 - which one is what is checked
            message = without_folders(temporary.sub("", str(error)))
            if not (isinstance(error, case.error) and re.search(case.message, message)):
                raise FactError(f"bad input {case.id!r}: expected "
                                   f"{case.error.__name__} matching {case.message!r}, "
                                   f"got {type(error).__name__}: {message}") from error
            rows.append({"id": case.id, "what": case.what,
                         "error": type(error).__name__, "message": message})
        else:
            raise FactError(f"bad input {case.id!r} ({case.what}) raised nothing")
    return rows


def without_folders(message: str) -> str:
    """`message` without the folders of the machine that built the book: where the
    book lives and where the package it runs lives (an installed copy), each path then
    relative to it, and the user's home, shown as ~."""
    import sys

    folders = {ROOT, ROOT.resolve()}
    package = sys.modules.get("nnfs_lit")
    if package is not None and getattr(package, "__file__", None):
        folders |= {Path(package.__file__).parent.parent,
                    Path(package.__file__).resolve().parent.parent}
    for folder in sorted(map(str, folders), key=len, reverse=True):  # deepest first
        message = message.replace(folder + os.sep, "")
    return message.replace(str(Path.home()) + os.sep, "~" + os.sep)
