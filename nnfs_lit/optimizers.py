# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""Optimizers: how a layer's parameters move, given their gradients.

Book chapter: docs/07-training.md.
"""

import math


class SGD:
    """Plain gradient descent: parameter -= learning_rate * gradient."""

    def __init__(self, learning_rate=1.0):
        if not (isinstance(learning_rate, (int, float)) and math.isfinite(learning_rate)):
            raise ValueError(f"learning_rate must be a finite number, got {learning_rate!r}")
        if learning_rate <= 0:
            raise ValueError(f"learning_rate must be positive, got {learning_rate!r}")
        self.learning_rate = float(learning_rate)

    def update_params(self, layer):
        """Step `layer.weights` and `layer.biases` against `layer.dweights`, `layer.dbiases`."""
        layer.weights -= self.learning_rate * layer.dweights
        layer.biases -= self.learning_rate * layer.dbiases
