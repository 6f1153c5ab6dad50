# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/04-loss-accuracy.md:151
"""Accuracy: how often the most probable class is the true one."""

import numpy as np

from nnfs_lit import checks


def accuracy(y_pred, y_true):
    """Share of rows of y_pred (n_samples, n_classes) whose argmax is the true class."""
    y_pred = checks.as_batch("accuracy y_pred", y_pred)  # (n_samples, n_classes)
    labels = checks.as_labels("accuracy", y_true, *y_pred.shape)  # (n_samples,)
    predictions = np.argmax(y_pred, axis=1)  # (n_samples,)
    return float(np.mean(predictions == labels))


# docs/09-model.md:58
class CategoricalAccuracy:
    """A classifier's accuracy: how often the most probable class is the true one."""

    def predictions(self, probabilities):
        """The predicted class of each row of probabilities (n_samples, n_classes)."""
        return probabilities.argmax(axis=1)  # (n_samples,)

    def __call__(self, probabilities, y_true):
        """The share of samples whose predicted class is y_true (sparse or one-hot)."""
        return accuracy(probabilities, y_true)
