# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/04-loss-accuracy.md, "Accuracy"
"""Accuracy: how often the most probable class is the true one."""

import numpy as np

from nnfs_lit import checks


def accuracy(y_pred, y_true):
    """Share of rows of y_pred (n_samples, n_classes) whose argmax is the true class."""
    y_pred = checks.as_batch("accuracy y_pred", y_pred)  # (n_samples, n_classes)
    labels = checks.as_labels("accuracy", y_true, *y_pred.shape)  # (n_samples,)
    predictions = np.argmax(y_pred, axis=1)  # (n_samples,)
    return float(np.mean(predictions == labels))


# docs/09-model.md, "A stack of layers", block 2
class CategoricalAccuracy:
    """A classifier's accuracy: how often the most probable class is the true one."""

    def predictions(self, probabilities):
        """The predicted class of each row of probabilities (n_samples, n_classes)."""
        return probabilities.argmax(axis=1)  # (n_samples,)

    def __call__(self, probabilities, y_true):
        """The share of samples whose predicted class is y_true (sparse or one-hot)."""
        return accuracy(probabilities, y_true)


# docs/14-outputs.md, "A score for yes/no, and a two-arm spiral", block 1
class BinaryAccuracy:
    """How often a sigmoid output, thresholded, matches its 0/1 target."""

    def __init__(self, threshold=0.5):
        self.threshold = checks.fraction("threshold", threshold)

    def predictions(self, probabilities):
        """1 where a probability (n_samples, n_outputs) is over the threshold."""
        return (probabilities > self.threshold).astype(np.int64)  # 0 or 1 each

    def __call__(self, probabilities, y_true):
        """The share of outputs whose prediction equals its target, 0 or 1."""
        probabilities = checks.as_batch("BinaryAccuracy probabilities", probabilities)
        targets = checks.as_targets("BinaryAccuracy", y_true, probabilities.shape)
        if not np.isin(targets, (0, 1)).all():
            raise ValueError("BinaryAccuracy: targets must be 0 or 1")
        return float(np.mean(self.predictions(probabilities) == targets))


# docs/14-outputs.md, "How close is close enough?", block 1
class RegressionAccuracy:
    """The share of predictions within `precision` of their targets: a rough score.

    precision=None sets it, at the first call, to std(targets) / 250 (the NNFS book's
    rule) from the targets of that call.
    """

    def __init__(self, precision=None):
        self.precision = (None if precision is None
                          else checks.positive_number("precision", precision))

    def predictions(self, outputs):
        """A regression's predictions are its outputs (n_samples, n_outputs)."""
        return outputs

    def __call__(self, outputs, y_true):
        """The share of outputs within the precision of their target."""
        outputs = checks.as_batch("RegressionAccuracy outputs", outputs)
        targets = checks.as_targets("RegressionAccuracy", y_true, outputs.shape)
        if self.precision is None:
            spread = float(np.std(targets))
            if spread == 0:
                raise ValueError("RegressionAccuracy: the targets are all equal, so "
                                 "std(targets) / 250 is 0; pass precision=")
            self.precision = spread / 250
        return float(np.mean(np.abs(outputs - targets) < self.precision))


def r_squared(outputs, y_true):
    """1 - (sum of squared errors) / (sum of squared deviations of y from its mean)."""
    outputs = checks.as_batch("r_squared outputs", outputs)  # (n_samples, n_outputs)
    targets = checks.as_targets("r_squared", y_true, outputs.shape)
    spread = np.sum((targets - targets.mean(axis=0)) ** 2)
    if spread == 0:
        raise ValueError("r_squared: the targets are all equal, R^2 is undefined")
    return float(1 - np.sum((outputs - targets) ** 2) / spread)


# docs/18-digits.md, "What it gets wrong", block 1
def confusion_matrix(y_true, y_predicted, n_classes):
    """Counts (n_classes, n_classes): row i, column j is how many samples of class
    i were predicted as class j. The diagonal holds the right answers."""
    n_classes = checks.positive_int("n_classes", n_classes)
    y_true = checks.as_labels("confusion_matrix y_true", y_true, len(y_true),
                              n_classes)  # (n_samples,)
    y_predicted = checks.as_labels("confusion_matrix y_predicted", y_predicted,
                                   len(y_true), n_classes)  # (n_samples,)
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_predicted), 1)  # one count per sample
    return counts
