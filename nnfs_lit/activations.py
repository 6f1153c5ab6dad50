# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/03-activations.md, "ReLU: the rectified linear unit"
"""Activation functions: ReLU and softmax."""

import numpy as np

from nnfs_lit import checks


class ReLU:
    """max(0, z), element by element."""

    output = None  # set by forward()

    def forward(self, inputs):
        self.inputs = checks.as_samples("ReLU inputs", inputs)  # (n_samples, n_neurons)
        self.output = np.maximum(0, self.inputs)  # (n_samples, n_neurons)
        return self.output

    # docs/05-backprop-layers.md, "ReLU's backward pass"
    def backward(self, dvalues):
        """dL/dz = dL/da where the input z was positive, and 0 elsewhere."""
        dvalues = checks.as_gradient("ReLU dvalues", dvalues, self.output, layout=None)
        self.dinputs = dvalues * (self.inputs > 0)  # (n_samples, n_neurons)
        return self.dinputs


# docs/03-activations.md, "Why subtract the maximum", block 1
class Softmax:
    """Row-wise softmax, shifted by each row's maximum so exp() cannot overflow."""

    output = None  # set by forward()

    def forward(self, inputs):
        inputs = checks.as_batch("Softmax inputs", inputs)  # (n_samples, n_classes)
        with np.errstate(under="ignore", over="ignore"):  # exp(-huge) is 0, rightly
            shifted = inputs - inputs.max(axis=1, keepdims=True)  # each row's max is 0
            exponentials = np.exp(shifted)  # (n_samples, n_classes), each in [0, 1]
            self.output = exponentials / exponentials.sum(axis=1, keepdims=True)
        return self.output

    # docs/06-backprop-loss.md, "Softmax's backward pass"
    def backward(self, dvalues):
        """dL/dz = J dL/dp per row, J = diag(p) - p p^T: that is p * (d - p . d)."""
        dvalues = checks.as_gradient("Softmax dvalues", dvalues, self.output)
        p = self.output  # (n_samples, n_classes)
        self.dinputs = p * (dvalues - np.sum(dvalues * p, axis=1, keepdims=True))
        return self.dinputs


# docs/14-outputs.md, "Yes or no: the sigmoid"
class Sigmoid:
    """1 / (1 + exp(-z)), element by element: a probability for a yes/no output."""

    output = None  # set by forward()

    def forward(self, inputs):
        inputs = checks.as_batch("Sigmoid inputs", inputs)  # (n_samples, n_outputs)
        with np.errstate(under="ignore"):  # exp(-1000) is 0 to every digit: fine
            small = np.exp(-np.abs(inputs))  # exp(-|z|), in [0, 1]: cannot overflow
            self.output = np.where(inputs >= 0, 1 / (1 + small), small / (1 + small))
        return self.output  # (n_samples, n_outputs), each in [0, 1]

    def backward(self, dvalues):
        """dL/dz = dL/dp * p (1 - p): the sigmoid's slope, from its own output."""
        dvalues = checks.as_gradient("Sigmoid dvalues", dvalues, self.output)
        p = self.output  # (n_samples, n_outputs)
        self.dinputs = dvalues * p * (1 - p)  # (n_samples, n_outputs)
        return self.dinputs


# docs/14-outputs.md, "How much: a linear output"
class Linear:
    """The identity, a = z: a regression's output, named so that the stack reads."""

    output = None  # set by forward()

    def forward(self, inputs):
        self.output = checks.as_batch("Linear inputs", inputs)  # (n_samples, n_outputs)
        return self.output

    def backward(self, dvalues):
        """dL/dz = dL/da: the identity hands the gradient on unchanged."""
        dvalues = checks.as_gradient("Linear dvalues", dvalues, self.output)
        self.dinputs = dvalues.copy()  # (n_samples, n_outputs)
        return self.dinputs
