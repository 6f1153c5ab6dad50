# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/04-loss-accuracy.md:93
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

    # docs/06-backprop-loss.md:40
    def backward(self):
        """dL/dp = -onehot / p / n_samples, for the last forward()'s predictions p."""
        checks.require_forward("CategoricalCrossEntropy", self.labels)
        n_samples, n_classes = self.clipped.shape
        one_hot = np.eye(n_classes)[self.labels]  # (n_samples, n_classes)
        self.dinputs = -one_hot / self.clipped / n_samples  # (n_samples, n_classes)
        return self.dinputs


# docs/06-backprop-loss.md:125
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
