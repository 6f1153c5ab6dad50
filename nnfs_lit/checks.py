# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/friendly-errors.md, "The code"
"""Input checks shared by the whole package: bad input fails early, clearly named."""

import math

import numpy as np


def positive_int(name, value):
    """`value` as an int if it is a whole number >= 1; else a ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def finite_number(name, value):
    """`value` as a float if it is a finite real number; else a ValueError naming it."""
    is_real = isinstance(value, (int, float, np.integer, np.floating))
    if isinstance(value, bool) or not is_real or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def positive_number(name, value):
    """`value` as a float if it is a finite number > 0; else a ValueError naming it."""
    if finite_number(name, value) <= 0:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return float(value)


def non_negative(name, value):
    """`value` as a float if it is a finite number >= 0; else a ValueError naming it."""
    if finite_number(name, value) < 0:
        raise ValueError(f"{name} must be 0 or more, got {value!r}")
    return float(value)


def fraction(name, value):
    """`value` as a float if it is in [0, 1); else a ValueError naming it."""
    value = non_negative(name, value)
    if value >= 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


MAX_SEED = 2**32 - 1  # the largest seed NumPy's legacy RandomState takes


def seed(name, value):
    """`value` as an int if it is a whole number from 0 to MAX_SEED; else a ValueError
    naming it. Every seed of the package has the legacy RandomState's range."""
    is_whole = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not is_whole or not 0 <= value <= MAX_SEED:
        raise ValueError(f"{name} must be a whole number from 0 to 2**32 - 1, "
                         f"got {value!r}")
    return int(value)


def widths(name, values):
    """`values` as a tuple of layer widths, each a whole number >= 1 (an empty tuple
    is no hidden layer); else a ValueError naming it. A bare number is refused:
    hidden=64 means hidden=(64,), and the message says so."""
    if not isinstance(values, (tuple, list)):
        raise ValueError(f"{name} must be a tuple of layer widths, e.g. (64,) or "
                         f"(64, 64), got {values!r}")
    return tuple(positive_int(f"{name}[{i}]", width) for i, width in enumerate(values))


def one_of(name, value, choices):
    """`value` if it is one of `choices`; else a ValueError listing them."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def function_or_none(name, value, signature):
    """`value` if it is None or can be called; else a TypeError with its signature."""
    if value is not None and not callable(value):
        raise TypeError(f"{name} must be None or a function {name}{signature}, "
                        f"got {type(value).__name__}")
    return value


def engine_or_none(engine):
    """`engine` if it is None or has an engine's applies(); else a TypeError."""
    if engine is not None and not callable(getattr(engine, "applies", None)):
        raise TypeError("engine must be None or an engine such as chapter 17's "
                        f"FastNetwork, got {type(engine).__name__} {engine!r}")
    return engine


def as_rng(rng):
    """`rng` if it is a NumPy random generator; else a TypeError saying what to pass."""
    if not isinstance(rng, (np.random.Generator, np.random.RandomState)):
        raise TypeError(
            "rng must be a NumPy random generator, e.g. np.random.default_rng(0); "
            f"got {type(rng).__name__}"
        )
    return rng


def as_array(name, values, layout):
    """`values` as a float array with one axis per name in `layout`, such as
    ("n_samples", "n_features"), holding at least one sample, or a clear error."""
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.dtype.kind != "f":
        array = array.astype(np.float64)
    if array.ndim != len(layout):
        raise ValueError(f"{name} must be {len(layout)}-D ({', '.join(layout)}), "
                         f"got shape {array.shape}")
    if array.shape[0] == 0:  # a mean over no samples is NaN, with two warnings
        raise ValueError(
            f"{name} must hold at least one sample, got shape {array.shape}"
        )
    return array


def as_batch(name, values, n_features=None):
    """`values` as a 2-D float array (n_samples, n_features), or a clear error."""
    array = as_array(name, values, ("n_samples", "n_features"))
    if n_features is not None and array.shape[1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} features per sample, "
            f"got shape {array.shape}"
        )
    return finite(name, array)


def as_samples(name, values):
    """`values` as a float array of one or more samples along its first axis, each
    of any shape (a row, an image, a signal), or a clear error."""
    array = np.asarray(values)
    if array.ndim < 2:
        raise ValueError(f"{name} must hold samples along its first axis, got "
                         f"shape {array.shape}")
    return finite(name, as_array(name, array, ("n_samples",) * array.ndim))


def as_images(name, values, n_channels, kernel_size, padding):
    """Images (n_samples, n_channels, height, width) as a float array, or a clear
    error: the wrong axes, channels, NaN, or images smaller than the padded kernel."""
    array = finite(name, as_array(name, values, ("n_samples", "n_channels", "height",
                                                 "width")))
    if array.shape[1] != n_channels:
        raise ValueError(f"{name} must have {n_channels} channels (axis 1), got "
                         f"shape {array.shape}")
    padded = tuple(size + 2 * pad for size, pad in zip(array.shape[2:], padding,
                                                             strict=True))
    if padded[0] < kernel_size[0] or padded[1] < kernel_size[1]:
        raise ValueError(f"{name} of {array.shape[2]}x{array.shape[3]} pixels, padded "
                         f"to {padded[0]}x{padded[1]}, are smaller than the "
                         f"{kernel_size[0]}x{kernel_size[1]} kernel")
    return array


def int_pair(name, value, least):
    """An int >= least, or a pair of them (along the height, along the width), as a
    pair: kernel_size=5 is (5, 5)."""
    pair = (value, value) if isinstance(value, (int, np.integer)) else value
    try:
        pair = tuple(pair)
    except TypeError:
        pair = ()
    if len(pair) != 2 or not all(isinstance(v, (int, np.integer))
                                 and not isinstance(v, bool) and v >= least
                                 for v in pair):
        raise ValueError(f"{name} must be an integer >= {least} or a pair of them, "
                         f"got {value!r}")
    return tuple(int(v) for v in pair)


def non_negative_int(name, value):
    """`value` if it is an int >= 0, else a clear error."""
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) \
            or value < 0:
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    return int(value)


def finite(name, array):
    """`array` if it holds no NaN and no infinity, else a ValueError naming it."""
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite, got NaN or infinity")
    return array


def require_forward(name, kept):
    """Raise a RuntimeError unless forward() has run; `kept` is what it keeps."""
    if kept is None:
        raise RuntimeError(f"{name}: call forward() before backward()")


def as_gradient(name, dvalues, output, layout=("n_samples", "n_features")):
    """`dvalues` as a float array shaped like `output`, the forward pass's output,
    whose axes `layout` names (None: samples of any shape, as a ReLU takes)."""
    require_forward(name, output)
    if layout is None:
        array = as_samples(name, dvalues)
    else:
        array = finite(name, as_array(name, dvalues, layout))
    if array.shape != output.shape:
        raise ValueError(
            f"{name} must have the forward output's shape {output.shape}, "
            f"got {array.shape}"
        )
    return array


def as_labels(name, y_true, n_samples, n_classes):
    """Class labels as integers (n_samples,), from sparse labels or one-hot rows."""
    labels = np.asarray(y_true)
    if labels.ndim == 2:
        if labels.shape != (n_samples, n_classes):
            raise ValueError(
                f"{name}: one-hot labels must have shape {(n_samples, n_classes)}, "
                f"got {labels.shape}"
            )
        if not (np.isin(labels, (0, 1)).all() and (labels.sum(axis=1) == 1).all()):
            raise ValueError(f"{name}: one-hot rows must hold one 1, zeros elsewhere")
        return labels.argmax(axis=1)
    if labels.ndim != 1 or labels.shape[0] != n_samples:
        raise ValueError(
            f"{name}: labels must have shape ({n_samples},) or "
            f"{(n_samples, n_classes)}, got {labels.shape}"
        )
    if labels.dtype.kind not in "iu":
        raise TypeError(
            f"{name}: class labels must be integers, got dtype {labels.dtype}"
        )
    if n_samples and (labels.min() < 0 or labels.max() >= n_classes):
        wrong = labels.min() if labels.min() < 0 else labels.max()
        raise ValueError(
            f"{name}: class labels must be in [0, {n_classes - 1}], got {wrong}"
        )
    return labels


def same_samples(name, values, n_samples):
    """`values` as an array with one row per sample: n_samples of them, or an error."""
    array = np.asarray(values)
    if array.ndim == 0 or len(array) != n_samples:
        raise ValueError(
            f"{name} must have one row per sample ({n_samples}), "
            f"got shape {array.shape}"
        )
    return array


def finite_loss(name, loss, hint):
    """`loss` if it is a finite number; else a FloatingPointError saying what to do."""
    if not math.isfinite(loss):
        raise FloatingPointError(f"{name}: the loss is {loss}, beyond float64; {hint}")
    return loss


def diverged(epoch, optimizer, what):
    """The FloatingPointError that stops a run whose numbers left the floats."""
    rate = getattr(optimizer, "learning_rate", None)
    now = "" if rate is None else f" than {rate:g}"
    return FloatingPointError(f"Model.fit: training diverged at epoch {epoch}: {what}; "
                              f"try a smaller learning rate{now}")


def as_targets(name, y_true, shape):
    """Targets as a float array of the outputs' `shape` (n_samples, n_outputs).

    A flat vector of n_samples targets becomes a column when there is one output.
    """
    targets = np.asarray(y_true)
    if targets.dtype.kind not in "biuf":
        raise TypeError(
            f"{name}: targets must be real numbers, got dtype {targets.dtype}")
    targets = targets.astype(np.float64, copy=False)  # float, as the outputs are
    if targets.ndim == 1 and shape[1:] == (1,) and len(targets) == shape[0]:
        targets = targets.reshape(-1, 1)  # (n_samples, 1): one column, not broadcast
    if targets.shape != tuple(shape):
        raise ValueError(
            f"{name}: targets must have the outputs' shape {tuple(shape)}, "
            f"got {targets.shape}"
        )
    if not np.isfinite(targets).all():
        raise ValueError(f"{name}: targets must be finite, got NaN or infinity")
    return targets
