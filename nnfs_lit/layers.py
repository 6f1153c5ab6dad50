# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/02-dense-layer.md, "The dense layer"
"""The dense (fully connected) layer."""

import numpy as np

from nnfs_lit import checks


class Dense:
    """A fully connected layer: output = inputs @ weights + biases."""

    output = None  # set by forward()

    # docs/13-regularization.md, "A penalty on large parameters", block 1
    def __init__(self, n_inputs, n_neurons, *, rng, weight_scale=0.01,
                 weight_regularizer_l1=0.0, weight_regularizer_l2=0.0,
                 bias_regularizer_l1=0.0, bias_regularizer_l2=0.0):
        self.n_inputs = checks.positive_int("n_inputs", n_inputs)
        self.n_neurons = checks.positive_int("n_neurons", n_neurons)
        rng = checks.as_rng(rng)
        weight_scale = checks.positive_number("weight_scale", weight_scale)
        # (n_inputs, n_neurons), small so that no neuron starts out dominating
        self.weights = weight_scale * rng.standard_normal((n_inputs, n_neurons))
        self.biases = np.zeros((1, n_neurons))  # (1, n_neurons)
        # the penalties on large parameters, each lambda >= 0; 0 switches its term off
        self.weight_regularizer_l1 = checks.non_negative(
            "weight_regularizer_l1", weight_regularizer_l1)
        self.weight_regularizer_l2 = checks.non_negative(
            "weight_regularizer_l2", weight_regularizer_l2)
        self.bias_regularizer_l1 = checks.non_negative(
            "bias_regularizer_l1", bias_regularizer_l1)
        self.bias_regularizer_l2 = checks.non_negative(
            "bias_regularizer_l2", bias_regularizer_l2)

    # docs/02-dense-layer.md, "The dense layer"
    def forward(self, inputs):
        """Z = X W + b for a batch X of shape (n_samples, n_inputs)."""
        inputs = checks.as_batch("Dense inputs", inputs, self.n_inputs)
        self.inputs = inputs  # (n_samples, n_inputs), kept for backward()
        self.output = inputs @ self.weights + self.biases  # (n_samples, n_neurons)
        return self.output

    # docs/05-backprop-layers.md, "The dense layer's backward pass"
    def backward(self, dvalues):
        """dvalues is dL/dZ (n_samples, n_neurons); store dL/dW, dL/db; return dL/dX."""
        dvalues = checks.as_gradient("Dense dvalues", dvalues, self.output)
        self.dweights = self.inputs.T @ dvalues  # (n_inputs, n_neurons)
        self.dbiases = dvalues.sum(axis=0, keepdims=True)  # (1, n_neurons)
        self.dinputs = dvalues @ self.weights.T  # (n_samples, n_inputs)
        return self.dinputs

    # docs/13-regularization.md, "A penalty on large parameters", block 2
    def regularization_loss(self):
        """The layer's penalty: l1 sum|w| + l2 sum w^2, for weights and for biases."""
        penalty = 0.0
        if self.weight_regularizer_l1 > 0:
            penalty += self.weight_regularizer_l1 * np.sum(np.abs(self.weights))
        if self.weight_regularizer_l2 > 0:
            penalty += self.weight_regularizer_l2 * np.sum(self.weights ** 2)
        if self.bias_regularizer_l1 > 0:
            penalty += self.bias_regularizer_l1 * np.sum(np.abs(self.biases))
        if self.bias_regularizer_l2 > 0:
            penalty += self.bias_regularizer_l2 * np.sum(self.biases ** 2)
        return float(penalty)

    def regularization_backward(self):
        """Add the penalty's gradient to dweights and dbiases, once after backward():
        l1 sign(w) + 2 l2 w."""
        if getattr(self, "dweights", None) is None:
            raise RuntimeError("Dense regularization_backward: call backward() first")
        if self.weight_regularizer_l1 > 0:
            self.dweights += self.weight_regularizer_l1 * np.sign(self.weights)
        if self.weight_regularizer_l2 > 0:
            self.dweights += 2 * self.weight_regularizer_l2 * self.weights
        if self.bias_regularizer_l1 > 0:
            self.dbiases += self.bias_regularizer_l1 * np.sign(self.biases)
        if self.bias_regularizer_l2 > 0:
            self.dbiases += 2 * self.bias_regularizer_l2 * self.biases


# docs/13-regularization.md, "Dropout", block 1
class Dropout:
    """Inverted dropout: while training, each unit is zeroed with probability `rate`
    and the kept ones are scaled by 1 / (1 - rate); otherwise it is the identity."""

    output = None  # set by forward()
    training = False  # Model.forward sets it: True only in train_step

    def __init__(self, rate, *, rng):
        self.rate = checks.fraction("rate", rate)
        self.rng = checks.as_rng(rng)

    def forward(self, inputs):
        """inputs * mask: a fresh random mask in training, all ones otherwise."""
        inputs = checks.as_batch("Dropout inputs", inputs)  # (n_samples, n_units)
        keep = 1.0 - self.rate
        if self.training:
            kept = self.rng.random(inputs.shape) < keep  # (n_samples, n_units), bool
            self.mask = kept / keep  # 0 or 1 / (1 - rate)
        else:
            self.mask = np.ones_like(inputs)  # inference: the identity
        self.output = inputs * self.mask  # (n_samples, n_units)
        return self.output

    def backward(self, dvalues):
        """dL/dinputs = dL/doutput * mask, with the mask of the last forward pass."""
        dvalues = checks.as_gradient("Dropout dvalues", dvalues, self.output)
        self.dinputs = dvalues * self.mask  # (n_samples, n_units)
        return self.dinputs
