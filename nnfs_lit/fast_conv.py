# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/23-mnist.md, "Making it fast (optional)", block 1
"""Chapter 23's engine: Model.fit's steps for networks of chapter 22's layers, with
the images kept channels last. The same numbers, bit for bit, sooner."""

import functools
import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nnfs_lit import checks
from nnfs_lit.activations import ReLU
from nnfs_lit.conv import Conv2D, Flatten, MaxPool2D, RandomShift, Reshape
from nnfs_lit.layers import Dense, Dropout
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.metrics import CategoricalAccuracy, accuracy


class ConvNetwork:
    """Reshape, RandomShift, Conv2D, ReLU, MaxPool2D, Flatten, Dense and Dropout
    layers with softmax cross-entropy, trained with images channels last."""

    def __init__(self, layers, loss, optimizer):
        self.layers, self.loss, self.optimizer = list(layers), loss, optimizer
        self.trainable = [layer for layer in self.layers if hasattr(layer, "weights")]
        first = self.layers.index(self.trainable[0])
        self.needed = self.layers[first + 1:]  # the layers whose dinputs are read
        self.n_classes = self.trainable[-1].n_neurons

    @staticmethod
    def applies(model, X):
        """True if every part of `model` is one this class computes exactly: rows
        made images by a Reshape, image layers, a Flatten, then dense layers."""
        kinds = [type(layer) for layer in model.layers]
        if Flatten not in kinds:
            return False
        cut = kinds.index(Flatten)
        images, rows = kinds[1:cut], kinds[cut + 1:]
        return (kinds[0] is Reshape
                and set(images) <= {RandomShift, Conv2D, ReLU, MaxPool2D}
                and set(rows) <= {Dense, ReLU, Dropout} and rows[-1:] == [Dense]
                and type(model.loss) is SoftmaxCrossEntropy
                and type(model.accuracy) is CategoricalAccuracy
                and hasattr(model.optimizer, "step") and X.dtype == np.float64)

    def checked(self, X, y):
        """(X, labels) checked once, as the loss would check the labels."""
        labels = checks.as_labels("CategoricalCrossEntropy", y, len(X), self.n_classes)
        return X, labels

    def step(self, epoch, X, labels):
        """Model._finite_step, the fast way: the loss and accuracy before the
        update, and an error if the numbers blow up."""
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            loss, accuracy_ = self.forward(X, labels, training=True)
            self.backward()
            self.optimizer.step(self.trainable)
        if not math.isfinite(loss):
            raise checks.diverged(epoch, self.optimizer, f"the loss is {loss}")
        for layer in self.trainable:
            if not all(np.isfinite(array).all() for array in (layer.weights,
                                                               layer.biases)):
                raise checks.diverged(epoch, self.optimizer, f"a {type(layer).__name__}"
                                      " layer's parameters are NaN or infinite")
        return loss, accuracy_

    def evaluate(self, X, labels):
        """(loss, accuracy) on checked (X, labels), as Model.evaluate computes them."""
        return self.forward(X, labels, training=False)

    def forward(self, X, labels, training):
        """Every layer's forward pass, images channels last; the loss and accuracy."""
        outputs = X  # (n, 784): rows, until a Reshape
        for layer in self.layers:
            outputs = FORWARD[type(layer)](layer, outputs, training)
        loss = self.loss.forward(outputs, labels)
        return loss, accuracy(self.loss.output, labels)

    def backward(self):
        """Every needed layer's backward pass, from the loss back to the first layer
        with parameters, whose own input gradient is not computed."""
        dvalues = self.loss.backward()  # (n, n_classes)
        for layer in reversed(self.needed):
            dvalues = BACKWARD[type(layer)](layer, dvalues, True)
            if hasattr(layer, "regularization_backward"):  # as Model.backward does
                layer.regularization_backward()
        first = self.trainable[0]
        BACKWARD[type(first)](first, dvalues, False)  # its parameters' gradients only
        if hasattr(first, "regularization_backward"):
            first.regularization_backward()


# docs/23-mnist.md, "Making it fast (optional)", block 2
def conv_forward(layer, images, training):
    """Conv2D.forward on images (n, h, w, c): the same im2col rows, no transposes."""
    (ph, pw), (kh, kw), (sh, sw) = layer.padding, layer.kernel_size, layer.stride
    padded = np.pad(images, ((0, 0), (ph, ph), (pw, pw), (0, 0)))
    windows = sliding_window_view(padded, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]
    n, oh, ow, c = windows.shape[:4]  # (n, oh, ow, c, kh, kw)
    layer.input_shape = images.shape
    layer.columns = windows.reshape(n * oh * ow, c * kh * kw)  # chapter 22's rows
    filters = layer.weights.reshape(layer.out_channels, c * kh * kw)
    rows = layer.columns @ filters.T + layer.biases  # (n*oh*ow, out_channels)
    return rows.reshape(n, oh, ow, layer.out_channels)  # channels last, no copy


def conv_backward(layer, dvalues, input_gradient):
    """Conv2D.backward for a gradient (n, oh, ow, o); col2im only if asked."""
    n, h, w, c = layer.input_shape
    (ph, pw), (kh, kw), (sh, sw) = layer.padding, layer.kernel_size, layer.stride
    oh, ow = dvalues.shape[1:3]
    rows = np.ascontiguousarray(dvalues).reshape(n * oh * ow, layer.out_channels)
    layer.dweights = (rows.T @ layer.columns).reshape(layer.weights.shape)
    layer.dbiases = rows.sum(axis=0)
    if not input_gradient:
        return None
    dwindows = (rows @ layer.weights.reshape(layer.out_channels, c * kh * kw)).reshape(
        n, oh, ow, c, kh, kw)
    dpadded = np.zeros((n, h + 2 * ph, w + 2 * pw, c))
    for k in range(kh):
        for m in range(kw):
            dpadded[:, k:k + sh * oh:sh, m:m + sw * ow:sw] += dwindows[..., k, m]
    return dpadded[:, ph:ph + h, pw:pw + w]  # (n, h, w, c)


# docs/23-mnist.md, "Making it fast (optional)", block 3
def pool_forward(layer, images, training):
    """MaxPool2D.forward on images (n, h, w, c)."""
    n, h, w, c = images.shape
    bh, bw = layer.size
    oh, ow = h // bh, w // bw
    layer.input_shape = images.shape
    layer.blocks = images[:, :oh * bh, :ow * bw].reshape(n, oh, bh, ow, bw, c)
    cells = [layer.blocks[:, :, a, :, b] for a in range(bh) for b in range(bw)]
    layer.output = functools.reduce(np.maximum, cells)  # (n, oh, ow, c): the largest
    return layer.output


def pool_backward(layer, dvalues, input_gradient):
    """Each block's gradient to the first of its cells that holds the maximum."""
    n, oh, bh, ow, bw, c = layer.blocks.shape
    dblocks = np.zeros(layer.blocks.shape)
    taken = np.zeros(layer.output.shape, dtype=bool)  # (n, oh, ow, c)
    for a in range(bh):
        for b in range(bw):  # the cells in argmax's order: row by row
            wins = (layer.blocks[:, :, a, :, b] == layer.output) & ~taken
            dblocks[:, :, a, :, b] = np.where(wins, dvalues, 0.0)
            taken |= wins
    dinputs = np.zeros(layer.input_shape)
    dinputs[:, :oh * bh, :ow * bw] = dblocks.reshape(n, oh * bh, ow * bw, c)
    return dinputs


# docs/23-mnist.md, "Making it fast (optional)", block 4
def reshape_forward(layer, rows, training):
    """Rows -> images (n, h, w, c), the channels-last view of layer.forward's."""
    return layer.forward(rows).transpose(0, 2, 3, 1)


def shift_forward(layer, images, training):
    """RandomShift.forward, on the channels-first view of the images."""
    layer.training = training
    return layer.forward(images.transpose(0, 3, 1, 2)).transpose(0, 2, 3, 1)


def flatten_forward(layer, images, training):
    """Images (n, h, w, c) -> rows in chapter 22's order, channel by channel."""
    layer.input_shape = images.shape
    return images.transpose(0, 3, 1, 2).reshape(len(images), -1)  # (n, c*h*w)


def flatten_backward(layer, dvalues, input_gradient):
    n, h, w, c = layer.input_shape
    return dvalues.reshape(n, c, h, w).transpose(0, 2, 3, 1)  # (n, h, w, c)


def own_forward(layer, inputs, training):
    """The layer's own forward pass (Dense, Dropout, ReLU: any shape is theirs)."""
    if hasattr(layer, "training"):  # a Dropout
        layer.training = training
    return layer.forward(inputs)


def own_backward(layer, dvalues, input_gradient):
    return layer.backward(dvalues)


FORWARD = {Reshape: reshape_forward, RandomShift: shift_forward, Conv2D: conv_forward,
           ReLU: own_forward, MaxPool2D: pool_forward, Flatten: flatten_forward,
           Dense: own_forward, Dropout: own_forward}
BACKWARD = {Conv2D: conv_backward, ReLU: own_backward, MaxPool2D: pool_backward,
            Flatten: flatten_backward, Dense: own_backward, Dropout: own_backward}
