# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""The spiral dataset: three interleaved arms, one per class.

Book chapter: docs/01-spiral-data.md.
"""

import numpy as np

from nnfs_lit.checks import check_rng, positive_int


def spiral_data(samples_per_class=100, n_classes=3, *, rng):
    """Return X (n_classes * samples_per_class, 2) and y (n_classes * samples_per_class,).

    `rng` is a numpy.random.Generator or a numpy.random.RandomState; the angle noise is
    drawn from it, one class after the other.
    """
    samples_per_class = positive_int("samples_per_class", samples_per_class)
    n_classes = positive_int("n_classes", n_classes)
    rng = check_rng(rng)

    n_samples = samples_per_class * n_classes
    X = np.zeros((n_samples, 2))  # (n_samples, 2)
    y = np.zeros(n_samples, dtype=np.int64)  # (n_samples,)
    for class_number in range(n_classes):
        rows = slice(samples_per_class * class_number, samples_per_class * (class_number + 1))
        radius = np.linspace(0.0, 1.0, samples_per_class)  # (samples_per_class,)
        angle = (
            np.linspace(class_number * 4, (class_number + 1) * 4, samples_per_class)
            + rng.standard_normal(samples_per_class) * 0.2
        )  # (samples_per_class,)
        X[rows] = np.column_stack([radius * np.sin(angle * 2.5), radius * np.cos(angle * 2.5)])
        y[rows] = class_number
    return X, y
