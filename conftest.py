"""Two doctest options for the chapters in docs/, kept at the root so that they apply
however pytest is called; CONTRIBUTING.md explains the doctest rules.

- `+SLOW`: an example that trains a long run (the seed run's 53000 epochs) runs with
  the full suite and is skipped by `-m "not slow"`, like a test marked slow.
- `+KERNEL`: an example whose numbers depend on the float kernels NumPy runs on
  (tools/kernel_examples.py). Under the book's float environment, the pin that
  tools/dev.py applies, it is compared exactly like every example; off the pin, its
  numbers within a stated tolerance. The report's header says which.
"""

import doctest
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "tools"))

import kernel_examples  # noqa: E402  (registers +KERNEL before any doctest is parsed)

from nnfs_lit import floats  # noqa: E402

SLOW = doctest.register_optionflag("SLOW")


def pytest_configure(config):
    kernels = floats.in_effect()
    asked = os.environ.get(floats.SWITCH)
    if asked == "pinned" and not kernels["pinned"]:
        pytest.exit(f"{floats.SWITCH}=pinned, but NumPy runs on {kernels}: the float "
                    "environment did not take (see Appendix B)", returncode=3)
    # the processes the tests start (the command line, builds) compute as this one does
    os.environ.setdefault(floats.SWITCH, "pinned" if kernels["pinned"] else "native")


def pytest_report_header(config):
    kernels = floats.in_effect()
    where = (f"{kernels['blas']}, NumPy {kernels['simd']}, "
             f"{kernels['threads']} BLAS thread(s)")
    if kernels["pinned"]:
        return f"floats: pinned ({where}): every example is compared exactly"
    return (f"floats: NOT pinned ({where}): examples marked +KERNEL are compared "
            f"within {kernel_examples.TOLERANCE} (Appendix B)")


def _slow_tests_selected(config):
    expression = config.getoption("markexpr")
    if not expression:
        return True
    from _pytest.mark.expression import Expression

    return Expression.compile(expression).evaluate(lambda name, **kwargs: name == "slow")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    slow = _slow_tests_selected(config)
    pinned = floats.in_effect()["pinned"]
    for item in items:
        examples = getattr(getattr(item, "dtest", None), "examples", [])
        if not pinned and any(e.options.get(kernel_examples.KERNEL) for e in examples):
            kernel_examples.tolerate(item.runner)
        if not slow:
            for example in examples:
                if example.options.get(SLOW):
                    example.options[doctest.SKIP] = True
