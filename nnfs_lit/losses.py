# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""Losses: categorical cross-entropy, and softmax fused with it.

Book chapters: docs/04-loss-accuracy.md (forward) and docs/06-backprop-loss.md (backward).
"""

import numpy as np

from nnfs_lit.activations import Softmax
from nnfs_lit.checks import as_batch, as_class_indices, as_gradient

CLIP = 1e-7  # predictions are clipped to [CLIP, 1 - CLIP] so log() stays finite


class CategoricalCrossEntropy:
    """Mean of -log(p[true class]) over the batch, with p clipped to [1e-7, 1 - 1e-7]."""

    def forward(self, y_pred, y_true):
        y_pred = as_batch("CategoricalCrossEntropy y_pred", y_pred)  # (n_samples, n_classes)
        n_samples, n_classes = y_pred.shape
        labels = as_class_indices("CategoricalCrossEntropy", y_true, n_samples, n_classes)
        clipped = np.clip(y_pred, CLIP, 1 - CLIP)
        correct_confidences = clipped[np.arange(n_samples), labels]  # (n_samples,)
        self.sample_losses = -np.log(correct_confidences)  # (n_samples,)
        return float(np.mean(self.sample_losses))

    def backward(self, dvalues, y_true):
        """dL/dp = -onehot / p / n_samples, where `dvalues` are the predictions p."""
        dvalues = as_batch("CategoricalCrossEntropy dvalues", dvalues)  # (n_samples, n_classes)
        n_samples, n_classes = dvalues.shape
        labels = as_class_indices("CategoricalCrossEntropy", y_true, n_samples, n_classes)
        one_hot = np.eye(n_classes)[labels]  # (n_samples, n_classes)
        self.dinputs = -one_hot / np.clip(dvalues, CLIP, 1 - CLIP) / n_samples
        return self.dinputs


class SoftmaxCrossEntropy:
    """Softmax followed by categorical cross-entropy, with the fused gradient (p - y) / n."""

    def __init__(self):
        self.activation = Softmax()
        self.loss = CategoricalCrossEntropy()
        self.output = None

    def forward(self, inputs, y_true):
        """Return the mean loss; the probabilities are kept in `self.output`."""
        self.output = self.activation.forward(inputs)  # (n_samples, n_classes)
        return self.loss.forward(self.output, y_true)

    def backward(self, dvalues, y_true):
        """dL/dz = (p - onehot) / n_samples, where `dvalues` is `self.output`, the p's."""
        shape = None if self.output is None else self.output.shape
        dvalues = as_gradient("SoftmaxCrossEntropy dvalues", dvalues, shape)
        n_samples, n_classes = dvalues.shape
        labels = as_class_indices("SoftmaxCrossEntropy", y_true, n_samples, n_classes)
        self.dinputs = dvalues.copy()  # (n_samples, n_classes)
        self.dinputs[np.arange(n_samples), labels] -= 1
        self.dinputs /= n_samples
        return self.dinputs
