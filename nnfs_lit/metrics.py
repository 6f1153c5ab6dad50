# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""Accuracy: how often the most probable class is the true one.

Book chapter: docs/04-loss-accuracy.md.
"""

import numpy as np

from nnfs_lit.checks import as_batch, as_class_indices


def accuracy(y_pred, y_true):
    """Share of rows of y_pred (n_samples, n_classes) whose argmax is the true class."""
    y_pred = as_batch("accuracy y_pred", y_pred)  # (n_samples, n_classes)
    n_samples, n_classes = y_pred.shape
    labels = as_class_indices("accuracy", y_true, n_samples, n_classes)  # (n_samples,)
    predictions = np.argmax(y_pred, axis=1)  # (n_samples,)
    return float(np.mean(predictions == labels))
