# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""The dense (fully connected) layer.

Book chapters: docs/02-dense-layer.md (forward) and docs/05-backprop-layers.md (backward).
"""

import numpy as np

from nnfs_lit.checks import as_batch, as_gradient, check_rng, positive_int


class Dense:
    """A fully connected layer: output = inputs @ weights + biases."""

    def __init__(self, n_inputs, n_neurons, *, rng, weight_scale=0.01):
        self.n_inputs = positive_int("n_inputs", n_inputs)
        self.n_neurons = positive_int("n_neurons", n_neurons)
        check_rng(rng)
        # (n_inputs, n_neurons): small random weights, so no neuron starts out dominating
        self.weights = weight_scale * rng.standard_normal((n_inputs, n_neurons))
        self.biases = np.zeros((1, n_neurons))  # (1, n_neurons)
        self.output = None

    def forward(self, inputs):
        self.inputs = as_batch("Dense inputs", inputs, self.n_inputs)  # (n_samples, n_inputs)
        self.output = self.inputs @ self.weights + self.biases  # (n_samples, n_neurons)
        return self.output

    def backward(self, dvalues):
        """Store dL/dweights and dL/dbiases; return dL/dinputs. `dvalues` is dL/doutput."""
        shape = None if self.output is None else self.output.shape
        dvalues = as_gradient("Dense dvalues", dvalues, shape)  # (n_samples, n_neurons)
        self.dweights = self.inputs.T @ dvalues  # (n_inputs, n_neurons)
        self.dbiases = dvalues.sum(axis=0, keepdims=True)  # (1, n_neurons)
        self.dinputs = dvalues @ self.weights.T  # (n_samples, n_inputs)
        return self.dinputs
