# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/02-dense-layer.md:120
"""The dense (fully connected) layer."""

import numpy as np

from nnfs_lit import checks


class Dense:
    """A fully connected layer: output = inputs @ weights + biases."""

    output = None  # set by forward()

    def __init__(self, n_inputs, n_neurons, *, rng, weight_scale=0.01):
        self.n_inputs = checks.positive_int("n_inputs", n_inputs)
        self.n_neurons = checks.positive_int("n_neurons", n_neurons)
        rng = checks.as_rng(rng)
        # (n_inputs, n_neurons), small so that no neuron starts out dominating
        self.weights = weight_scale * rng.standard_normal((n_inputs, n_neurons))
        self.biases = np.zeros((1, n_neurons))  # (1, n_neurons)

    def forward(self, inputs):
        """Z = X W + b for a batch X of shape (n_samples, n_inputs)."""
        inputs = checks.as_batch("Dense inputs", inputs, self.n_inputs)
        self.inputs = inputs  # (n_samples, n_inputs), kept for backward()
        self.output = inputs @ self.weights + self.biases  # (n_samples, n_neurons)
        return self.output

    # docs/05-backprop-layers.md:135
    def backward(self, dvalues):
        """dvalues is dL/dZ (n_samples, n_neurons); store dL/dW, dL/db; return dL/dX."""
        dvalues = checks.as_gradient("Dense dvalues", dvalues, self.output)
        self.dweights = self.inputs.T @ dvalues  # (n_inputs, n_neurons)
        self.dbiases = dvalues.sum(axis=0, keepdims=True)  # (1, n_neurons)
        self.dinputs = dvalues @ self.weights.T  # (n_samples, n_inputs)
        return self.dinputs
