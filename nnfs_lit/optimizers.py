# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/07-training.md:35
"""Optimizers: how a layer's parameters move, given their gradients."""

from nnfs_lit import checks


class SGD:
    """Plain gradient descent: parameter -= learning_rate * gradient."""

    def __init__(self, learning_rate=1.0):
        self.learning_rate = checks.positive_number("learning_rate", learning_rate)

    def update_params(self, layer):
        """Step layer.weights and layer.biases against layer.dweights, layer.dbiases."""
        layer.weights -= self.learning_rate * layer.dweights
        layer.biases -= self.learning_rate * layer.dbiases
