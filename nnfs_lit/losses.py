# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/04-loss-accuracy.md, "Two ways to write labels"
"""Losses: categorical cross-entropy, and softmax fused with it."""

import numpy as np

from nnfs_lit import checks
from nnfs_lit.activations import Softmax  # fused with the loss in chapter 6

CLIP = 1e-7  # predictions are clipped to [CLIP, 1 - CLIP] so that log() stays finite


class CategoricalCrossEntropy:
    """Mean of -log(p[true class]) over the batch, p clipped to [1e-7, 1 - 1e-7]."""

    labels = None  # set by forward()

    def forward(self, y_pred, y_true):
        """The mean loss of predictions (n_samples, n_classes) for labels y_true."""
        y_pred = checks.as_batch("CategoricalCrossEntropy y_pred", y_pred)
        labels = checks.as_labels("CategoricalCrossEntropy", y_true, *y_pred.shape)
        clipped = np.clip(y_pred, CLIP, 1 - CLIP)  # (n_samples, n_classes)
        correct_confidences = clipped[np.arange(len(labels)), labels]  # (n_samples,)
        self.sample_losses = -np.log(correct_confidences)  # (n_samples,)
        self.clipped, self.labels = clipped, labels  # kept for backward()
        return float(np.mean(self.sample_losses))

    # docs/06-backprop-loss.md, "Cross-entropy's backward pass"
    def backward(self):
        """dL/dp = -onehot / p / n_samples, for the last forward()'s predictions p."""
        checks.require_forward("CategoricalCrossEntropy", self.labels)
        n_samples, n_classes = self.clipped.shape
        one_hot = np.eye(n_classes)[self.labels]  # (n_samples, n_classes)
        self.dinputs = -one_hot / self.clipped / n_samples  # (n_samples, n_classes)
        return self.dinputs


# docs/06-backprop-loss.md, "Softmax and cross-entropy together"
class SoftmaxCrossEntropy:
    """Softmax then categorical cross-entropy, with the fused gradient (p - y) / n."""

    output = None  # set by forward()

    def __init__(self):
        self.activation = Softmax()
        self.loss = CategoricalCrossEntropy()

    def forward(self, inputs, y_true):
        """The mean loss of scores `inputs`; the probabilities are kept in output."""
        self.output = self.activation.forward(inputs)  # (n_samples, n_classes)
        loss = self.loss.forward(self.output, y_true)
        self.labels = self.loss.labels  # (n_samples,), checked by the loss
        return loss

    def backward(self):
        """dL/dz = (p - onehot) / n_samples: predicted minus true, over n."""
        checks.require_forward("SoftmaxCrossEntropy", self.output)
        n_samples = len(self.output)
        self.dinputs = self.output.copy()  # (n_samples, n_classes)
        self.dinputs[np.arange(n_samples), self.labels] -= 1
        self.dinputs /= n_samples
        return self.dinputs


# docs/14-outputs.md, "Binary cross-entropy"
class BinaryCrossEntropy:
    """-(y log p + (1 - y) log(1 - p)), averaged over outputs and samples.

    For sigmoid outputs p (n_samples, n_outputs), clipped to [1e-7, 1 - 1e-7], and
    targets y in [0, 1] of the same shape.
    """

    targets = None  # set by forward()

    def forward(self, y_pred, y_true):
        """The mean loss of probabilities y_pred (n_samples, n_outputs) for y_true."""
        y_pred = checks.as_batch("BinaryCrossEntropy y_pred", y_pred)
        if y_pred.size and (y_pred.min() < 0 or y_pred.max() > 1):
            wrong = y_pred.min() if y_pred.min() < 0 else y_pred.max()
            raise ValueError("BinaryCrossEntropy y_pred must be in [0, 1] "
                             f"(a Sigmoid's output), got {wrong:.4g}")
        targets = checks.as_targets("BinaryCrossEntropy", y_true, y_pred.shape)
        if targets.size and (targets.min() < 0 or targets.max() > 1):
            wrong = targets.min() if targets.min() < 0 else targets.max()
            raise ValueError(
                f"BinaryCrossEntropy: targets must be in [0, 1], got {wrong}")
        clipped = np.clip(y_pred, CLIP, 1 - CLIP)  # (n_samples, n_outputs)
        losses = -(targets * np.log(clipped) + (1 - targets) * np.log(1 - clipped))
        self.sample_losses = losses.mean(axis=1)  # (n_samples,)
        self.clipped, self.targets = clipped, targets  # kept for backward()
        return float(np.mean(self.sample_losses))

    def backward(self):
        """dL/dp = -(y / p - (1 - y) / (1 - p)) / (n_samples * n_outputs)."""
        checks.require_forward("BinaryCrossEntropy", self.targets)
        n_samples, n_outputs = self.clipped.shape
        p, y = self.clipped, self.targets  # (n_samples, n_outputs) each
        self.dinputs = -(y / p - (1 - y) / (1 - p)) / (n_samples * n_outputs)
        return self.dinputs


# docs/14-outputs.md, "Mean squared and mean absolute error"
class MeanSquaredError:
    """Mean of (prediction - target)^2 over outputs and samples: the L2 loss."""

    residuals = None  # set by forward()

    def forward(self, y_pred, y_true):
        """The mean loss of predictions y_pred (n_samples, n_outputs) for y_true."""
        y_pred = checks.as_batch("MeanSquaredError y_pred", y_pred)
        targets = checks.as_targets("MeanSquaredError", y_true, y_pred.shape)
        with np.errstate(over="ignore"):  # inf is refused below, with its reason
            residuals = y_pred - targets  # (n_samples, n_outputs)
            sample_losses = np.mean(residuals ** 2, axis=1)  # (n_samples,)
            loss = float(np.mean(sample_losses))
        checks.finite_loss("MeanSquaredError", loss, _too_large(residuals))
        self.residuals, self.sample_losses = residuals, sample_losses  # for backward
        return loss

    def backward(self):
        """dL/dp = 2 (p - y) / (n_samples * n_outputs)."""
        checks.require_forward("MeanSquaredError", self.residuals)
        n_samples, n_outputs = self.residuals.shape
        self.dinputs = 2 * self.residuals / (n_samples * n_outputs)
        return self.dinputs


class MeanAbsoluteError:
    """Mean of |prediction - target| over outputs and samples: the L1 loss."""

    residuals = None  # set by forward()

    def forward(self, y_pred, y_true):
        """The mean loss of predictions y_pred (n_samples, n_outputs) for y_true."""
        y_pred = checks.as_batch("MeanAbsoluteError y_pred", y_pred)
        targets = checks.as_targets("MeanAbsoluteError", y_true, y_pred.shape)
        with np.errstate(over="ignore"):  # inf is refused below, with its reason
            residuals = y_pred - targets  # (n_samples, n_outputs)
            sample_losses = np.mean(np.abs(residuals), axis=1)  # (n_samples,)
            loss = float(np.mean(sample_losses))
        checks.finite_loss("MeanAbsoluteError", loss, _too_large(residuals))
        self.residuals, self.sample_losses = residuals, sample_losses  # for backward
        return loss

    def backward(self):
        """dL/dp = sign(p - y) / (n_samples * n_outputs); 0 where p == y."""
        checks.require_forward("MeanAbsoluteError", self.residuals)
        n_samples, n_outputs = self.residuals.shape
        self.dinputs = np.sign(self.residuals) / (n_samples * n_outputs)
        return self.dinputs


def _too_large(residuals):
    """What to tell a user whose errors left float64's range."""
    with np.errstate(over="ignore"):
        largest = float(np.max(np.abs(residuals)))
    return (f"the largest |y_pred - y_true| is {largest:.3g}; scale the targets down "
            "(e.g. to mean 0 and standard deviation 1)")
