"""Kernel-sensitive examples: the doctest option `+KERNEL` (Appendix B of the book).

Most examples print what no float kernel changes (shapes, counts, short sums, the seed
run), and they must match the page exactly on any machine. An example marked
`# doctest: +KERNEL` prints numbers that depend on the kernels NumPy runs on, typically
after many epochs of a wide network. Under the book's float environment (the pin,
nnfs_lit/floats.py) it too must match exactly. Off the pin (a CPU without AVX2, an
aarch64 machine, NNFS_LIT_FLOATS=native), each number with a decimal point may differ
from the page's by TOLERANCE (relative, for numbers above 1); whole numbers and every
other character must still match. Chaotic numbers, which no tolerance would hold, are
not printed at all: such an example prints what is stable.
"""

from __future__ import annotations

import doctest
import re

KERNEL = doctest.register_optionflag("KERNEL")
TOLERANCE = 0.05
MARK = "+KERNEL"
_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def close_enough(want: str, got: str, tolerance: float = TOLERANCE) -> bool:
    """Whether `got` reads as `want`, but for numbers with a decimal point or an
    exponent, which may differ by `tolerance` (times the number, above 1). Runs of
    white space count as one space, since a wider number shifts its columns."""
    wanted, gotten = _NUMBER.split(want), _NUMBER.split(got)
    if [" ".join(t.split()) for t in wanted] != [" ".join(t.split()) for t in gotten]:
        return False
    for w, g in zip(_NUMBER.findall(want), _NUMBER.findall(got), strict=True):
        if not any(c in w for c in ".eE"):  # a whole number: a count, an epoch, a shape
            if w != g:
                return False
        elif abs(float(g) - float(w)) > tolerance * max(1.0, abs(float(w))):
            return False
    return True


class Tolerant(doctest.OutputChecker):
    """An output checker that lets a +KERNEL example's numbers differ, by TOLERANCE.

    It wraps the checker the runner had (doctestplus's, with its own options): every
    example it accepts is accepted, and a +KERNEL example also when close_enough.
    Used only off the pin; under it, every example is compared exactly.
    """

    def __init__(self, checker: doctest.OutputChecker):
        self.checker = checker

    def check_output(self, want, got, optionflags):
        if self.checker.check_output(want, got, optionflags):
            return True
        return bool(optionflags & KERNEL) and close_enough(want, got)

    def output_difference(self, example, got, optionflags):
        difference = self.checker.output_difference(example, got, optionflags)
        if optionflags & KERNEL:
            difference += (f"(+KERNEL, off the float pin: numbers may differ by "
                           f"{TOLERANCE}, everything else must match)\n")
        return difference


def tolerate(runner: doctest.DocTestRunner) -> doctest.DocTestRunner:
    """Give `runner` the tolerant checker (once), for a run off the pin."""
    if not isinstance(runner._checker, Tolerant):
        runner._checker = Tolerant(runner._checker)
    return runner
