# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""Activation functions: ReLU and softmax.

Book chapters: docs/03-activations.md (forward), docs/05-backprop-layers.md (ReLU
backward) and docs/06-backprop-loss.md (softmax backward).
"""

import numpy as np

from nnfs_lit.checks import as_batch, as_gradient


class ReLU:
    """max(0, z), element by element; the gradient passes only where z > 0."""

    output = None

    def forward(self, inputs):
        self.inputs = as_batch("ReLU inputs", inputs)  # (n_samples, n_neurons)
        self.output = np.maximum(0, self.inputs)  # (n_samples, n_neurons)
        return self.output

    def backward(self, dvalues):
        shape = None if self.output is None else self.output.shape
        dvalues = as_gradient("ReLU dvalues", dvalues, shape)  # (n_samples, n_neurons)
        self.dinputs = dvalues * (self.inputs > 0)  # (n_samples, n_neurons)
        return self.dinputs


class Softmax:
    """Row-wise softmax, shifted by each row's maximum so exp() cannot overflow."""

    output = None

    def forward(self, inputs):
        self.inputs = as_batch("Softmax inputs", inputs)  # (n_samples, n_classes)
        shifted = self.inputs - self.inputs.max(axis=1, keepdims=True)  # (n_samples, n_classes)
        exponentials = np.exp(shifted)  # (n_samples, n_classes), each in (0, 1]
        self.output = exponentials / exponentials.sum(axis=1, keepdims=True)
        return self.output

    def backward(self, dvalues):
        """dL/dz = J dL/dp per row, with J = diag(p) - p p^T, i.e. p * (dL/dp - p . dL/dp)."""
        shape = None if self.output is None else self.output.shape
        dvalues = as_gradient("Softmax dvalues", dvalues, shape)  # (n_samples, n_classes)
        p = self.output  # (n_samples, n_classes)
        self.dinputs = p * (dvalues - np.sum(dvalues * p, axis=1, keepdims=True))
        return self.dinputs
