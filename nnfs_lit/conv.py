# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/22-convolutions.md, "Images, channels and im2col", block 1
"""Convolution, pooling and reshaping: the layers that read images and signals."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from nnfs_lit import checks
from nnfs_lit.initializers import he

IMAGES = ("n_samples", "n_channels", "height", "width")  # the axes of an image batch


def output_size(size, kernel, stride=1, padding=0):
    """How many places a kernel fits along an axis of `size` entries, padded with
    `padding` zeros at each end and moved `stride` entries at a time."""
    return (size + 2 * padding - kernel) // stride + 1


def windows_of(padded, kernel_size, stride):
    """Every kernel-sized window of the images `padded` (n, c, height, width), `stride`
    apart: a view (no copy) of shape (n, c, out_height, out_width, kh, kw)."""
    (kh, kw), (sh, sw) = kernel_size, stride
    windows = sliding_window_view(padded, (kh, kw), axis=(2, 3))  # every place
    return windows[:, :, ::sh, ::sw]  # every stride-th place along each axis


# docs/22-convolutions.md, "Images, channels and im2col", block 2
class Conv2D:
    """out_channels filters of shape (in_channels, kh, kw), each slid over images
    (n_samples, in_channels, height, width), `stride` apart, after padding each
    side with `padding` zeros: Z = b + sum over each window of W * window."""

    output = None  # set by forward()

    def __init__(self, in_channels, out_channels, kernel_size, *, rng, stride=1,
                 padding=0, weight_scale=None):
        self.in_channels = checks.positive_int("in_channels", in_channels)
        self.out_channels = checks.positive_int("out_channels", out_channels)
        self.kernel_size = checks.int_pair("kernel_size", kernel_size, least=1)
        self.stride = checks.int_pair("stride", stride, least=1)
        self.padding = checks.int_pair("padding", padding, least=0)
        kh, kw = self.kernel_size
        fan_in = in_channels * kh * kw  # what each output sums over
        scale = he(fan_in) if weight_scale is None else checks.positive_number(
            "weight_scale", weight_scale)
        rng = checks.as_rng(rng)
        shape = (out_channels, in_channels, kh, kw)  # PyTorch's order
        self.weights = scale * rng.standard_normal(shape)
        self.biases = np.zeros(out_channels)  # (out_channels,): one per filter

    def forward(self, inputs):
        """Z (n, out_channels, out_height, out_width) for images X (n, c, h, w)."""
        inputs = checks.as_images("Conv2D inputs", inputs, self.in_channels,
                                  self.kernel_size, self.padding)
        self.inputs = inputs  # (n, c, h, w), kept for backward()
        (ph, pw), (kh, kw) = self.padding, self.kernel_size
        padded = np.pad(inputs, ((0, 0), (0, 0), (ph, ph), (pw, pw)))  # zeros around
        windows = windows_of(padded, self.kernel_size, self.stride)
        n, c, oh, ow = windows.shape[:4]  # (n, c, oh, ow, kh, kw)
        # im2col: one row per (sample, place), one column per (channel, k, l)
        self.columns = windows.transpose(0, 2, 3, 1, 4, 5).reshape(
            n * oh * ow, c * kh * kw)  # the one copy: (n*oh*ow, c*kh*kw)
        filters = self.weights.reshape(self.out_channels, c * kh * kw)  # one per row
        rows = self.columns @ filters.T + self.biases  # (n*oh*ow, out_channels)
        self.output = rows.reshape(n, oh, ow, self.out_channels).transpose(0, 3, 1, 2)
        return self.output  # (n, out_channels, oh, ow)

    # docs/22-convolutions.md, "The backward pass, derived", block 2
    def backward(self, dvalues):
        """G = dL/dZ (n, out_channels, oh, ow): store dL/dW and dL/db; return dL/dX."""
        dvalues = checks.as_gradient("Conv2D dvalues", dvalues, self.output, IMAGES)
        n, c, h, w = self.inputs.shape
        (ph, pw), (sh, sw) = self.padding, self.stride
        kh, kw = self.kernel_size
        oh, ow = dvalues.shape[2:]
        rows = dvalues.transpose(0, 2, 3, 1).reshape(n * oh * ow, self.out_channels)
        filters = self.weights.reshape(self.out_channels, c * kh * kw)
        self.dweights = (rows.T @ self.columns).reshape(self.weights.shape)  # G^T C
        self.dbiases = rows.sum(axis=0)  # (out_channels,)
        dcolumns = rows @ filters  # G F: (n*oh*ow, c*kh*kw), a gradient per window
        dwindows = dcolumns.reshape(n, oh, ow, c, kh, kw)  # one per window entry
        # col2im: add each window's gradient back onto the pixels it was copied from,
        # in a gradient laid out (n, h, w, c) like the rows of dcolumns
        dpadded = np.zeros((n, h + 2 * ph, w + 2 * pw, c))
        for k in range(kh):  # (k, m): a place in the filter, the text's (k, l)
            for m in range(kw):  # the (k, m) entry of every window, in one += each
                dpadded[:, k:k + sh * oh:sh, m:m + sw * ow:sw] += dwindows[..., k, m]
        inside = dpadded[:, ph:ph + h, pw:pw + w]  # the padding cut off
        self.dinputs = inside.transpose(0, 3, 1, 2)  # (n, c, h, w), as the inputs
        return self.dinputs


# docs/22-convolutions.md, "Max pooling"
class MaxPool2D:
    """The largest value of each size x size block of every channel: images
    (n, c, h, w) -> (n, c, h // size, w // size)."""

    output = None  # set by forward()

    def __init__(self, size=2):
        self.size = checks.int_pair("size", size, least=1)

    def forward(self, inputs):
        inputs = checks.finite("MaxPool2D inputs",
                               checks.as_array("MaxPool2D inputs", inputs, IMAGES))
        n, c, h, w = inputs.shape
        (bh, bw) = self.size
        oh, ow = h // bh, w // bw
        if oh == 0 or ow == 0:
            raise ValueError(f"MaxPool2D inputs of {h}x{w} pixels are smaller than a "
                             f"{bh}x{bw} block")
        self.input_shape = inputs.shape
        blocks = inputs[:, :, :oh * bh, :ow * bw].reshape(n, c, oh, bh, ow, bw)
        blocks = blocks.transpose(0, 1, 2, 4, 3, 5).reshape(n, c, oh, ow, bh * bw)
        self.winner = blocks.argmax(axis=-1)  # (n, c, oh, ow): which cell is largest
        winners = np.take_along_axis(blocks, self.winner[..., None], axis=-1)
        self.output = winners[..., 0]  # (n, c, oh, ow)
        return self.output

    def backward(self, dvalues):
        """Each block's gradient goes to its largest cell; the others get 0."""
        dvalues = checks.as_gradient("MaxPool2D dvalues", dvalues, self.output, IMAGES)
        n, c, h, w = self.input_shape
        (bh, bw), (oh, ow) = self.size, dvalues.shape[2:]
        dblocks = np.zeros((n, c, oh, ow, bh * bw))
        np.put_along_axis(dblocks, self.winner[..., None], dvalues[..., None], axis=-1)
        dblocks = dblocks.reshape(n, c, oh, ow, bh, bw).transpose(0, 1, 2, 4, 3, 5)
        self.dinputs = np.zeros(self.input_shape)  # left-over rows and columns: 0
        self.dinputs[:, :, :oh * bh, :ow * bw] = dblocks.reshape(n, c, oh * bh, ow * bw)
        return self.dinputs  # (n, c, h, w)


# docs/22-convolutions.md, "From images back to rows"
class Reshape:
    """Each sample's values rearranged to `shape`: (n, ...) -> (n, *shape). With
    shape=(1, 28, 28), rows of 784 pixels become one-channel 28x28 images."""

    output = None  # set by forward()

    def __init__(self, shape):
        self.shape = tuple(checks.positive_int("shape", size) for size in shape)

    def forward(self, inputs):
        inputs = checks.as_samples(f"{type(self).__name__} inputs", inputs)
        per_sample = inputs[0].size
        if self.shape is not None and per_sample != np.prod(self.shape):
            raise ValueError(f"Reshape to {self.shape} needs {np.prod(self.shape)} "
                             f"values per sample, got inputs of shape {inputs.shape}")
        self.input_shape = inputs.shape
        shape = (per_sample,) if self.shape is None else self.shape  # None: flat
        self.output = inputs.reshape(len(inputs), *shape)  # a view: no copy
        return self.output

    def backward(self, dvalues):
        name = type(self).__name__
        dvalues = checks.as_samples(f"{name} dvalues", dvalues)
        checks.require_forward(f"{name} backward", self.output)
        if dvalues.shape != self.output.shape:
            raise ValueError(f"{name} dvalues must have the forward output's shape "
                             f"{self.output.shape}, got {dvalues.shape}")
        self.dinputs = dvalues.reshape(self.input_shape)  # the same values, back
        return self.dinputs


class Flatten(Reshape):
    """Images (n, c, h, w), or signals (n, c, length), as rows (n, c * h * w)."""

    def __init__(self):
        self.shape = None  # each sample's values in one row, however many


# docs/22-convolutions.md, "Signals: the same layers, one pixel high"
SIGNALS = ("n_samples", "n_channels", "length")  # the axes of a batch of signals


class Conv1D(Conv2D):
    """out_channels filters of shape (in_channels, kernel_size) slid along signals
    (n, in_channels, length): Conv2D on images one pixel high."""

    def __init__(self, in_channels, out_channels, kernel_size, *, rng, stride=1,
                 padding=0, weight_scale=None):
        super().__init__(in_channels, out_channels,
                         (1, checks.positive_int("kernel_size", kernel_size)),
                         rng=rng, stride=(1, checks.positive_int("stride", stride)),
                         padding=(0, checks.non_negative_int("padding", padding)),
                         weight_scale=weight_scale)

    def forward(self, inputs):
        signals = checks.as_array("Conv1D inputs", inputs, SIGNALS)
        images = signals[:, :, None, :]  # (n, c, 1, length)
        return super().forward(images)[:, :, 0, :]  # (n, out_channels, out_length)

    def backward(self, dvalues):
        checks.require_forward("Conv1D backward", self.output)
        dvalues = checks.as_array("Conv1D dvalues", dvalues, SIGNALS)
        return super().backward(dvalues[:, :, None, :])[:, :, 0, :]  # (n, c, length)


class MaxPool1D(MaxPool2D):
    """The largest value of each block of `size` entries: (n, c, length) ->
    (n, c, length // size)."""

    def __init__(self, size=2):
        super().__init__((1, checks.positive_int("size", size)))

    def forward(self, inputs):
        signals = checks.as_array("MaxPool1D inputs", inputs, SIGNALS)
        return super().forward(signals[:, :, None, :])[:, :, 0, :]  # (n, c, out_length)

    def backward(self, dvalues):
        checks.require_forward("MaxPool1D backward", self.output)
        dvalues = checks.as_array("MaxPool1D dvalues", dvalues, SIGNALS)
        return super().backward(dvalues[:, :, None, :])[:, :, 0, :]  # (n, c, length)


# docs/23-mnist.md, "Moved digits are the same digits"
class RandomShift:
    """While training, each image moved by a random whole number of pixels, up to
    max_shift along each axis, the pixels it uncovers set to 0 (data augmentation);
    otherwise the identity."""

    output = None  # set by forward()
    training = False  # Model.forward sets it: True only in train_step

    def __init__(self, max_shift, *, rng):
        self.max_shift = checks.positive_int("max_shift", max_shift)
        self.rng = checks.as_rng(rng)

    def forward(self, inputs):
        inputs = checks.finite("RandomShift inputs",
                               checks.as_array("RandomShift inputs", inputs, IMAGES))
        n, c, h, w = inputs.shape
        s = self.max_shift
        if not self.training:
            self.shifts = np.zeros((n, 2), dtype=int)  # inference: nothing moves
            self.output = inputs
            return self.output
        self.shifts = self.rng.integers(-s, s + 1, size=(n, 2))  # (n, 2): down, right
        padded = np.pad(inputs, ((0, 0), (0, 0), (s, s), (s, s)))  # blank around
        windows = sliding_window_view(padded, (h, w), axis=(2, 3))  # every h x w place
        # the window that starts s - shift pixels in shows the image moved by shift
        down, right = s - self.shifts[:, 0], s - self.shifts[:, 1]  # (n,) each
        self.output = windows[np.arange(n), :, down, right]  # (n, c, h, w): a copy
        return self.output

    def backward(self, dvalues):
        """Each image's gradient moved back by its shift; the uncovered pixels, which
        were blank whatever the input, pass nothing back."""
        dvalues = checks.as_gradient("RandomShift dvalues", dvalues, self.output,
                                     IMAGES)
        n, c, h, w = dvalues.shape
        s = self.max_shift
        dpadded = np.zeros((n, c, h + 2 * s, w + 2 * s))
        for sample, (down, right) in enumerate(s - self.shifts):
            dpadded[sample, :, down:down + h, right:right + w] = dvalues[sample]
        self.dinputs = dpadded[:, :, s:s + h, s:s + w]  # (n, c, h, w)
        return self.dinputs
