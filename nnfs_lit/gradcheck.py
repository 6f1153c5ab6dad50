# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/05-backprop-layers.md, "Checking gradients by finite differences"
"""Finite-difference gradient checks for every backward pass in the book."""

import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """df/dx by central differences: (f(x + eps e_i) - f(x - eps e_i)) / (2 eps).

    `f` takes no arguments and reads `x`, a float64 array that is nudged in place one
    entry at a time and restored afterwards.
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(f"x must be a float64 NumPy array, got {type(x).__name__}")
    gradient = np.zeros_like(x)  # same shape as x
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        f_plus = f()
        x[index] = original - eps
        f_minus = f()
        x[index] = original
        gradient[index] = (f_plus - f_minus) / (2 * eps)
    return gradient


def max_abs_difference(analytic, numerical):
    """The largest |analytic - numerical| over all entries."""
    return float(np.max(np.abs(np.asarray(analytic) - np.asarray(numerical))))
