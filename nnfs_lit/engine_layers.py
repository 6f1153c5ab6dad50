# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/21-engine-vs-book.md, "The book's layers, from the engine's operations", block 1
"""The book's layers and losses rebuilt from the engine's operations (chapter 20's
Tensor), with no backward pass written by hand, to prove the hand-written ones."""

import numpy as np

from nnfs_lit.activations import Linear, ReLU, Sigmoid, Softmax
from nnfs_lit.layers import Dense, Dropout
from nnfs_lit.losses import (
    CLIP,
    BinaryCrossEntropy,
    CategoricalCrossEntropy,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCrossEntropy,
)
from nnfs_lit.metrics import CategoricalAccuracy
from nnfs_lit.tensor import Tensor, cross_entropy


def dense(inputs, weights, biases):
    """Chapter 2's Z = X W + b: (n_samples, n_inputs) @ (n_inputs, n_neurons)."""
    return inputs @ weights + biases  # (n_samples, n_neurons)


def penalty(weights, biases, layer):
    """Chapter 13's l1 sum|w| + l2 sum w^2, for weights and for biases, with the
    strengths of the Dense `layer`."""
    total = Tensor(0.0)
    for parameter, kind in ((weights, "weight"), (biases, "bias")):
        l1 = getattr(layer, f"{kind}_regularizer_l1")
        l2 = getattr(layer, f"{kind}_regularizer_l2")
        if l1 > 0:
            total = total + l1 * parameter.abs().sum()
        if l2 > 0:
            total = total + l2 * (parameter ** 2).sum()
    return total


# docs/21-engine-vs-book.md, "The book's layers, from the engine's operations", block 2
def relu(inputs):
    return inputs.relu()


def sigmoid(inputs):
    return inputs.sigmoid()


def linear(inputs):
    return inputs  # the identity: its gradient passes through unchanged


def softmax(inputs):
    """Chapter 3's softmax along each row, shifted by the row's largest score."""
    shifted = inputs - inputs.max(axis=1, keepdims=True)  # (n_samples, n_classes)
    exponentials = shifted.exp()
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def dropout(inputs, mask):
    """Chapter 13's inverted dropout, with a mask of 0 and 1 / (1 - rate)."""
    return inputs * mask  # (n_samples, n_units)


def dropout_mask(layer, shape, training):
    """The mask a Dropout `layer` would draw in its forward pass: the same calls to
    its own generator, so the same numbers; all ones outside training."""
    if not training:
        return np.ones(shape)
    keep = 1.0 - layer.rate
    return (layer.rng.random(shape) < keep) / keep  # (n_samples, n_units)


# docs/21-engine-vs-book.md, "The book's layers, from the engine's operations", block 3
def categorical_cross_entropy(probabilities, labels):
    """The mean of -log p[true class], p clipped to [1e-7, 1 - 1e-7]."""
    clipped = probabilities.clip(CLIP, 1 - CLIP)  # (n_samples, n_classes)
    return -clipped[np.arange(len(labels)), labels].log().mean()


def softmax_cross_entropy(scores, labels):
    """Softmax then cross-entropy, from the scores: chapter 20's cross_entropy."""
    return cross_entropy(scores, labels)


def binary_cross_entropy(probabilities, targets):
    """The mean of -(y log p + (1 - y) log(1 - p)) over outputs and samples."""
    p = probabilities.clip(CLIP, 1 - CLIP)  # (n_samples, n_outputs)
    return -(targets * p.log() + (1 - targets) * (1 - p).log()).mean()


def mean_squared_error(predictions, targets):
    return ((predictions - targets) ** 2).mean()


def mean_absolute_error(predictions, targets):
    return (predictions - targets).abs().mean()


# docs/21-engine-vs-book.md, "The proof", block 1
def through_engine(forward, *arrays, constants=(), upstream=None):
    """forward(*leaves, *constants) on Tensors holding `arrays`, then backward(): the
    output (or the loss) and each leaf's gradient. A layer's output Y is reduced to
    sum(Y * upstream), whose gradient with respect to Y is `upstream`."""
    leaves = [Tensor(array) for array in arrays]
    output = forward(*leaves, *constants)
    result = output if upstream is None else (output * upstream).sum()
    result.backward()
    return output.data, [leaf.grad for leaf in leaves]


def biggest_difference(book, engine):
    """The largest |a - b| over the arrays (or numbers) a of `book` and b of
    `engine`, taken in pairs."""
    return max(float(np.max(np.abs(np.subtract(a, b))))
               for a, b in zip(book, engine, strict=True))


def engine_vs_book(rng, n_samples=6, width=4):
    """{name: the largest |engine - book|} for each layer and loss of Parts I and II,
    on random inputs from `rng`: outputs and loss values, and every gradient its
    hand-written backward computes."""
    X = rng.standard_normal((n_samples, width))  # (n_samples, width)
    G = rng.standard_normal((n_samples, width))  # dL/d(output), from "above"
    differences = {}

    layer = Dense(width, width, rng=rng)  # square: a missing .T breaks no shape
    layer.weights = rng.standard_normal((width, width))
    layer.biases = rng.standard_normal((1, width))
    output = layer.forward(X)
    layer.backward(G)
    engine, grads = through_engine(dense, X, layer.weights, layer.biases, upstream=G)
    differences["Dense"] = biggest_difference(
        [output, layer.dinputs, layer.dweights, layer.dbiases], [engine, *grads])

    penalized = Dense(width, width, rng=rng, weight_regularizer_l1=0.3,
                      weight_regularizer_l2=0.2, bias_regularizer_l1=0.1,
                      bias_regularizer_l2=0.4)
    penalized.weights, penalized.biases = layer.weights, layer.biases
    penalized.dweights = np.zeros_like(layer.weights)  # the penalty's share alone
    penalized.dbiases = np.zeros_like(layer.biases)
    penalized.regularization_backward()
    engine, grads = through_engine(penalty, layer.weights, layer.biases,
                                   constants=(penalized,))
    differences["Dense, L1 and L2 penalties"] = biggest_difference(
        [penalized.regularization_loss(), penalized.dweights, penalized.dbiases],
        [engine, *grads])

    for book, rebuilt in [(ReLU(), relu), (Sigmoid(), sigmoid), (Linear(), linear),
                          (Softmax(), softmax)]:
        output = book.forward(X)
        book.backward(G)
        engine, (dinputs,) = through_engine(rebuilt, X, upstream=G)
        differences[type(book).__name__] = biggest_difference(
            [output, book.dinputs], [engine, dinputs])

    book = Dropout(0.3, rng=rng)
    book.training = True  # draws a mask; the engine multiplies by the same one
    output = book.forward(X)
    book.backward(G)
    engine, (dinputs,) = through_engine(dropout, X, constants=(book.mask,),
                                        upstream=G)
    differences["Dropout"] = biggest_difference([output, book.dinputs],
                                                [engine, dinputs])

    labels = rng.integers(0, width, n_samples)  # (n_samples,)
    probabilities = Softmax().forward(X)  # (n_samples, width), rows sum to 1
    targets = rng.random((n_samples, width))  # (n_samples, width), in [0, 1)
    for book, rebuilt, predictions, truth in [
            (CategoricalCrossEntropy(), categorical_cross_entropy, probabilities,
             labels),
            (SoftmaxCrossEntropy(), softmax_cross_entropy, X, labels),
            (BinaryCrossEntropy(), binary_cross_entropy, Sigmoid().forward(X),
             targets),
            (MeanSquaredError(), mean_squared_error, X, targets),
            (MeanAbsoluteError(), mean_absolute_error, X, targets)]:
        loss = book.forward(predictions, truth)
        book.backward()
        engine, (dinputs,) = through_engine(rebuilt, predictions, constants=(truth,))
        differences[type(book).__name__] = biggest_difference(
            [loss, book.dinputs], [engine, dinputs])
    return differences


# docs/21-engine-vs-book.md, "Training through the engine", block 1
ACTIVATIONS = {ReLU: relu, Sigmoid: sigmoid, Linear: linear, Softmax: softmax}
LOSSES = {SoftmaxCrossEntropy: softmax_cross_entropy,
          CategoricalCrossEntropy: categorical_cross_entropy,
          BinaryCrossEntropy: binary_cross_entropy,
          MeanSquaredError: mean_squared_error, MeanAbsoluteError: mean_absolute_error}


class AutogradNetwork:
    """An engine for Model.fit (as chapter 17's FastNetwork is): each step runs the
    model's layers and loss as Tensors, lets backward() find every gradient, stores
    them in each Dense layer's dweights and dbiases, and calls the model's optimizer."""

    @staticmethod
    def applies(model, X):
        """True if every layer and the loss is one this module rebuilds, for a
        classifier measured by its accuracy."""
        return (all(type(layer) in (Dense, Dropout, *ACTIVATIONS)
                    for layer in model.layers)
                and type(model.loss) in (SoftmaxCrossEntropy, CategoricalCrossEntropy)
                and type(model.accuracy) is CategoricalAccuracy)

    def __init__(self, layers, loss, optimizer):
        self.layers, self.loss, self.optimizer = list(layers), loss, optimizer
        self.dense = [layer for layer in self.layers if type(layer) is Dense]

    def checked(self, X, y):
        return X, y  # Model.fit checked them; the loss checks the labels

    def forward(self, X, y, training=False):
        """The loss (a Tensor holding one number) of the batch (X, y), its penalties
        included, the data loss alone, the class probabilities, and each Dense
        layer's (weights, biases) leaves."""
        leaves = {layer: (Tensor(layer.weights), Tensor(layer.biases))
                  for layer in self.dense}  # the layers' own arrays, not copies
        outputs = Tensor(X)  # (n_samples, n_inputs)
        for layer in self.layers:
            if type(layer) is Dense:
                outputs = dense(outputs, *leaves[layer])
            elif type(layer) is Dropout:
                outputs = dropout(outputs, dropout_mask(layer, outputs.shape, training))
            else:
                outputs = ACTIVATIONS[type(layer)](outputs)
        data_loss = LOSSES[type(self.loss)](outputs, y)
        loss = data_loss
        for layer in self.dense:
            loss = loss + penalty(*leaves[layer], layer)
        probabilities = outputs.data
        if type(self.loss) is SoftmaxCrossEntropy:  # the loss holds the softmax
            probabilities = Softmax().forward(outputs.data)  # (n_samples, n_classes)
        return loss, float(data_loss.data), probabilities, leaves

    def step(self, epoch, X, y):
        """One training step: the data loss and accuracy before the update."""
        loss, data_loss, probabilities, leaves = self.forward(X, y, training=True)
        loss.backward()
        for layer, (weights, biases) in leaves.items():
            layer.dweights, layer.dbiases = weights.grad, biases.grad
        self.optimizer.step(self.dense)
        return data_loss, CategoricalAccuracy()(probabilities, y)

    def evaluate(self, X, y):
        _, data_loss, probabilities, _ = self.forward(X, y)
        return data_loss, CategoricalAccuracy()(probabilities, y)


# docs/22-convolutions.md, "Against the engine", block 2
def window_indices(kernel, stride, out):
    """(out, kernel) indices along one axis: entry [i, k] is stride * i + k."""
    return stride * np.arange(out)[:, None] + np.arange(kernel)[None, :]


def conv2d(inputs, weights, biases, stride=(1, 1), padding=(0, 0)):
    """Conv2D's forward pass from the engine's operations: inputs (n, c, h, w),
    weights (o, c, kh, kw), biases (o,) -> (n, o, oh, ow)."""
    o, c, kh, kw = weights.shape
    (sh, sw), (ph, pw) = stride, padding
    padded = inputs.pad(((0, 0), (0, 0), (ph, ph), (pw, pw)))
    n, _, hp, wp = padded.shape
    oh, ow = (hp - kh) // sh + 1, (wp - kw) // sw + 1
    rows = window_indices(kh, sh, oh)[:, None, :, None]  # (oh, 1, kh, 1)
    cols = window_indices(kw, sw, ow)[None, :, None, :]  # (1, ow, 1, kw)
    windows = padded[:, :, rows, cols]  # (n, c, oh, ow, kh, kw)
    columns = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, c * kh * kw)
    out = columns @ weights.reshape(o, c * kh * kw).transpose(1, 0) + biases
    return out.reshape(n, oh, ow, o).transpose(0, 3, 1, 2)  # (n, o, oh, ow)


def max_pool2d(inputs, size=(2, 2)):
    """MaxPool2D's forward pass: the largest entry of each block, by chapter 20's
    max (which splits a tie's gradient, where MaxPool2D gives it to one)."""
    n, c, h, w = inputs.shape
    bh, bw = size
    oh, ow = h // bh, w // bw
    blocks = inputs[:, :, :oh * bh, :ow * bw].reshape(n, c, oh, bh, ow, bw)
    return blocks.transpose(0, 1, 2, 4, 3, 5).reshape(n, c, oh, ow, bh * bw).max(axis=4)
