# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""Input checks shared by every layer, so bad input fails early with a clear message.

Book chapter: docs/02-dense-layer.md.
"""

import numpy as np


def positive_int(name, value):
    """Return `value` if it is a whole number >= 1, else raise a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_rng(rng):
    """Return `rng` if it is a NumPy random generator, else raise a TypeError that says so."""
    if not isinstance(rng, (np.random.Generator, np.random.RandomState)):
        raise TypeError(
            "rng must be a numpy.random.Generator or RandomState, "
            f"e.g. np.random.default_rng(0); got {type(rng).__name__}"
        )
    return rng


def as_batch(name, values, n_features=None):
    """Return `values` as a 2-D float array (n_samples, n_features), or raise a clear error."""
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.dtype.kind != "f":
        array = array.astype(np.float64)
    if array.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_samples, n_features), got shape {array.shape}")
    if n_features is not None and array.shape[1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} features per sample, got shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return array


def as_gradient(name, dvalues, shape):
    """Return `dvalues` as a float array of exactly `shape` (the forward output's shape)."""
    if shape is None:
        raise RuntimeError(f"{name}: call forward() before backward()")
    array = as_batch(name, dvalues)
    if array.shape != shape:
        raise ValueError(f"{name} must have the forward output's shape {shape}, got {array.shape}")
    return array


def as_class_indices(name, y_true, n_samples, n_classes):
    """Return class labels as integers (n_samples,), from sparse labels or one-hot rows."""
    labels = np.asarray(y_true)
    if labels.ndim == 2:
        if labels.shape != (n_samples, n_classes):
            raise ValueError(
                f"{name}: one-hot labels must have shape {(n_samples, n_classes)}, "
                f"got {labels.shape}"
            )
        if not (np.isin(labels, (0, 1)).all() and (labels.sum(axis=1) == 1).all()):
            raise ValueError(f"{name}: one-hot rows must hold a single 1 and zeros elsewhere")
        return labels.argmax(axis=1)
    if labels.ndim != 1 or labels.shape[0] != n_samples:
        raise ValueError(
            f"{name}: labels must have shape ({n_samples},) or {(n_samples, n_classes)}, "
            f"got {labels.shape}"
        )
    if labels.dtype.kind not in "iu":
        raise TypeError(f"{name}: class labels must be integers, got dtype {labels.dtype}")
    if n_samples and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"{name}: class labels must be in [0, {n_classes - 1}], "
            f"got values from {labels.min()} to {labels.max()}"
        )
    return labels
