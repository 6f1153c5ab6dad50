"""Chapter 22's layers: convolution, pooling and reshaping, proved three ways.

- by finite differences, over random shapes, strides and paddings;
- against the autograd engine's conv2d and max_pool2d, built from the engine's own
  operations (indexing, whose backward is np.add.at, where Conv2D's is a loop of +=);
- against PyTorch, on cases recorded by tests/data/make_torch_conv_cases.py.

And the proofs fail on each slip a convolution's backward pass is prone to (the list
in MUTATIONS), and bad inputs are named.
"""

from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnfs_lit.conv import Conv1D, Conv2D, Flatten, MaxPool1D, MaxPool2D, Reshape
from nnfs_lit.engine_layers import conv2d, max_pool2d
from nnfs_lit.gradcheck import numerical_gradient
from nnfs_lit.tensor import Tensor

TORCH_CASES = Path(__file__).resolve().parent / "data" / "torch_conv_cases.npz"
ENGINE_BAR = 1e-12  # the same sums in another order: the last few bits at most
FINITE_BAR = 1e-7  # a central difference with eps = 1e-6, on values of size ~1


@st.composite
def conv_cases(draw, one_d=False):
    """(layer, inputs) for a random Conv2D (or Conv1D) that fits its inputs."""
    kh = 1 if one_d else draw(st.integers(1, 4))
    kw = draw(st.integers(1, 4))
    sh = 1 if one_d else draw(st.integers(1, 3))
    sw = draw(st.integers(1, 3))
    ph = 0 if one_d else draw(st.integers(0, 2))
    pw = draw(st.integers(0, 2))
    h = 1 if one_d else draw(st.integers(max(1, kh - 2 * ph), 8))
    w = draw(st.integers(max(1, kw - 2 * pw), 8))
    n, c, o = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if one_d:
        layer = Conv1D(c, o, kw, rng=rng, stride=sw, padding=pw)
        inputs = rng.standard_normal((n, c, w))
    else:
        layer = Conv2D(c, o, (kh, kw), rng=rng, stride=(sh, sw), padding=(ph, pw))
        inputs = rng.standard_normal((n, c, h, w))
    layer.biases[:] = rng.standard_normal(o)
    return layer, inputs, rng


def finite_difference_errors(layer, inputs, rng):
    """{name: largest |analytic - numerical|} for dinputs, and dweights and dbiases
    if the layer has them, with the loss sum(output * G) for a random G."""
    G = rng.standard_normal(layer.forward(inputs).shape)
    analytic = {"dinputs": layer.backward(G).copy()}
    arrays = {"dinputs": inputs}
    if hasattr(layer, "weights"):
        analytic |= {"dweights": layer.dweights.copy(), "dbiases": layer.dbiases.copy()}
        arrays |= {"dweights": layer.weights, "dbiases": layer.biases}

    def loss():
        return float(np.sum(layer.forward(inputs) * G))

    return {name: float(np.max(np.abs(analytic[name] - numerical_gradient(loss, x))))
            for name, x in arrays.items()}


@settings(max_examples=60, deadline=None)
@given(conv_cases())
def test_conv2d_gradients_match_finite_differences(case):
    layer, inputs, rng = case
    errors = finite_difference_errors(layer, inputs, rng)
    assert max(errors.values()) < FINITE_BAR, errors


@settings(max_examples=30, deadline=None)
@given(conv_cases(one_d=True))
def test_conv1d_gradients_match_finite_differences(case):
    layer, inputs, rng = case
    errors = finite_difference_errors(layer, inputs, rng)
    assert max(errors.values()) < FINITE_BAR, errors


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 9), st.integers(1, 9),
       st.integers(1, 3), st.integers(0, 2**32 - 1))
def test_max_pooling_gradients_match_finite_differences(n, c, h, w, size, seed):
    rng = np.random.default_rng(seed)
    h, w = max(h, size), max(w, size)
    for pool, shape in ((MaxPool2D(size), (n, c, h, w)), (MaxPool1D(size), (n, c, w))):
        errors = finite_difference_errors(pool, rng.standard_normal(shape), rng)
        assert max(errors.values()) < FINITE_BAR, (pool, errors)


def engine_differences(conv, pool, inputs, rng):
    """The largest differences between the book's layers (conv, then pool if given)
    and the engine's conv2d and max_pool2d: output, dinputs, dweights, dbiases."""
    one_d = inputs.ndim == 3
    out = conv.forward(inputs)
    if pool is not None:
        out = pool.forward(out)
    G = rng.standard_normal(out.shape)
    dinputs = conv.backward(G if pool is None else pool.backward(G))
    x = Tensor(inputs[:, :, None, :] if one_d else inputs)
    w, b = Tensor(conv.weights), Tensor(conv.biases)
    engine_out = conv2d(x, w, b, conv.stride, conv.padding)
    if pool is not None:
        engine_out = max_pool2d(engine_out, pool.size)
    engine_value = engine_out.data[:, :, 0, :] if one_d else engine_out.data
    (engine_out * (G[:, :, None, :] if one_d else G)).sum().backward()
    engine_dx = x.grad[:, :, 0, :] if one_d else x.grad
    pairs = {"output": (out, engine_value), "dinputs": (dinputs, engine_dx),
             "dweights": (conv.dweights, w.grad), "dbiases": (conv.dbiases, b.grad)}
    return {name: float(np.max(np.abs(a - e))) for name, (a, e) in pairs.items()}


@settings(max_examples=80, deadline=None)
@given(conv_cases(), st.booleans())
def test_conv2d_and_pooling_match_the_engine(case, pooled):
    layer, inputs, rng = case
    out_h, out_w = layer.forward(inputs).shape[2:]
    pool = MaxPool2D(2) if pooled and min(out_h, out_w) >= 2 else None
    differences = engine_differences(layer, pool, inputs, rng)
    assert max(differences.values()) < ENGINE_BAR, differences


@settings(max_examples=40, deadline=None)
@given(conv_cases(one_d=True), st.booleans())
def test_conv1d_and_pooling_match_the_engine(case, pooled):
    layer, inputs, rng = case
    pool = MaxPool1D(2) if pooled and layer.forward(inputs).shape[2] >= 2 else None
    differences = engine_differences(layer, pool, inputs, rng)
    assert max(differences.values()) < ENGINE_BAR, differences


def torch_cases():
    arrays = np.load(TORCH_CASES)
    names = sorted({key.split("/")[0] for key in arrays.files if "/" in key})
    return {name: {key.split("/")[1]: arrays[key] for key in arrays.files
                   if key.startswith(name + "/")} for name in names}


TORCH_LAYERS = {  # the recorded case -> the book's layer that must match it
    "conv2d_plain": lambda w: Conv2D(3, 4, (3, 2), rng=np.random.default_rng(0)),
    "conv2d_stride_pad": lambda w: Conv2D(2, 5, 3, rng=np.random.default_rng(0),
                                          stride=2, padding=1),
    "conv2d_uneven": lambda w: Conv2D(1, 3, (5, 2), rng=np.random.default_rng(0),
                                      stride=(3, 1), padding=(2, 0)),
    "conv1d_stride_pad": lambda w: Conv1D(2, 6, 5, rng=np.random.default_rng(0),
                                          stride=2, padding=2),
    "maxpool2d": lambda w: MaxPool2D(2),
    "maxpool1d": lambda w: MaxPool1D(2),
}


def test_the_torch_cases_cover_every_layer():
    assert set(torch_cases()) == set(TORCH_LAYERS)
    assert str(np.load(TORCH_CASES)["torch_version"]).startswith("2.13.0")


@pytest.mark.parametrize("name", sorted(TORCH_LAYERS))
def test_the_layers_match_pytorch(name):
    case = torch_cases()[name]
    layer = TORCH_LAYERS[name](case.get("w"))
    if "w" in case:  # PyTorch's Conv1d weights lack the axis of height 1
        layer.weights[...] = case["w"].reshape(layer.weights.shape)
        layer.biases[...] = case["b"]
    out = layer.forward(case["x"])
    dx = layer.backward(case["g"])
    assert out.shape == case["out"].shape
    assert np.max(np.abs(out - case["out"])) < 1e-12
    assert np.max(np.abs(dx - case["dx"])) < 1e-12
    if "w" in case:
        assert np.max(np.abs(layer.dweights.reshape(case["dw"].shape) - case["dw"])) < 1e-12
        assert np.max(np.abs(layer.dbiases - case["db"])) < 1e-12


# The slips, each a subtly wrong Conv2D or MaxPool2D backward patched into the class.
def _conv_backward(*, stride_in_col2im=True, flip=False, crop=True, bias_mean=False):
    """Conv2D.backward with one of its steps wrong."""
    def backward(self, dvalues):
        n, c, h, w = self.inputs.shape
        (ph, pw), (sh, sw) = self.padding, self.stride
        kh, kw = self.kernel_size
        oh, ow = dvalues.shape[2:]
        if not stride_in_col2im:
            sh = sw = 1
        rows = dvalues.transpose(0, 2, 3, 1).reshape(n * oh * ow, self.out_channels)
        weights = self.weights[:, :, ::-1, ::-1] if flip else self.weights
        filters = weights.reshape(self.out_channels, c * kh * kw)
        self.dweights = (rows.T @ self.columns).reshape(self.weights.shape)
        self.dbiases = rows.mean(axis=0) if bias_mean else rows.sum(axis=0)
        dwindows = (rows @ filters).reshape(n, oh, ow, c, kh, kw)
        dpadded = np.zeros((n, h + 2 * ph + kh * oh, w + 2 * pw + kw * ow, c))
        for k in range(kh):
            for m in range(kw):
                dpadded[:, k:k + sh * oh:sh, m:m + sw * ow:sw] += dwindows[..., k, m]
        inside = (dpadded[:, ph:ph + h, pw:pw + w] if crop else dpadded[:, :h, :w])
        self.dinputs = inside.transpose(0, 3, 1, 2)
        return self.dinputs
    return backward


def _pool_to_every_cell(self, dvalues):
    """MaxPool2D.backward sending each block's gradient to all of its cells."""
    bh, bw = self.size
    spread = np.repeat(np.repeat(dvalues, bh, axis=2), bw, axis=3)
    self.dinputs = np.zeros(self.input_shape)
    self.dinputs[:, :, :spread.shape[2], :spread.shape[3]] = spread
    return self.dinputs


MUTATIONS = {
    "Conv2D: col2im ignores the stride": (Conv2D, _conv_backward(stride_in_col2im=False)),
    "Conv2D: the filter flipped": (Conv2D, _conv_backward(flip=True)),
    "Conv2D: the padding not cut off": (Conv2D, _conv_backward(crop=False)),
    "Conv2D: dbiases a mean": (Conv2D, _conv_backward(bias_mean=True)),
    "MaxPool2D: the gradient to every cell": (MaxPool2D, _pool_to_every_cell),
}


def test_the_unmutated_slip_template_is_the_books_backward():
    rng = np.random.default_rng(5)
    layer = Conv2D(2, 3, 3, rng=rng, stride=2, padding=1)
    X = rng.standard_normal((2, 2, 9, 8))
    G = rng.standard_normal(layer.forward(X).shape)
    book = layer.backward(G).copy()
    assert np.array_equal(_conv_backward()(layer, G), book)


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_the_proofs_fail_on_a_wrong_backward(mutation):
    cls, wrong = MUTATIONS[mutation]
    rng = np.random.default_rng(7)
    with mock.patch.object(cls, "backward", wrong):
        layer = Conv2D(2, 3, 3, rng=rng, stride=2, padding=1)
        layer.biases[:] = rng.standard_normal(3)
        inputs = rng.standard_normal((3, 2, 9, 8))
        engine = engine_differences(layer, MaxPool2D(2), inputs, rng)
        finite = finite_difference_errors(layer, inputs, rng)
        finite_pool = finite_difference_errors(MaxPool2D(2),
                                               rng.standard_normal((2, 2, 6, 6)), rng)
    assert max(engine.values()) > 1e-3, engine
    assert max(finite.values()) > 1e-3 or max(finite_pool.values()) > 1e-3, finite


def test_reshape_and_flatten_move_values_and_gradients_back():
    rng = np.random.default_rng(0)
    rows = rng.standard_normal((3, 12))
    images = Reshape((3, 2, 2)).forward(rows)
    assert images.shape == (3, 3, 2, 2) and np.array_equal(images.reshape(3, 12), rows)
    flatten = Flatten()
    assert np.array_equal(flatten.forward(images), rows)
    G = rng.standard_normal((3, 12))
    assert np.array_equal(flatten.backward(G), G.reshape(3, 3, 2, 2))


@pytest.mark.parametrize("make, call, error, message", [
    (lambda: Conv2D(3, 4, 3, rng=np.random.default_rng(0)),
     lambda layer: layer.forward(np.ones((2, 1, 8, 8))), ValueError,
     r"Conv2D inputs must have 3 channels \(axis 1\), got shape \(2, 1, 8, 8\)"),
    (lambda: Conv2D(1, 4, 5, rng=np.random.default_rng(0)),
     lambda layer: layer.forward(np.ones((2, 1, 3, 8))), ValueError,
     r"Conv2D inputs of 3x8 pixels, padded to 3x8, are smaller than the 5x5 kernel"),
    (lambda: Conv2D(1, 4, 3, rng=np.random.default_rng(0)),
     lambda layer: layer.forward(np.ones((2, 64))), ValueError,
     r"Conv2D inputs must be 4-D \(n_samples, n_channels, height, width\), got "
     r"shape \(2, 64\)"),
    (lambda: Conv2D(1, 4, 3, rng=np.random.default_rng(0)),
     lambda layer: layer.forward(np.full((1, 1, 4, 4), np.nan)), ValueError,
     r"Conv2D inputs must be finite"),
    (lambda: Conv2D(1, 4, 3, rng=np.random.default_rng(0)),
     lambda layer: layer.backward(np.ones((1, 4, 2, 2))), RuntimeError,
     r"call forward\(\) before backward\(\)"),
    (lambda: None, lambda _: Conv2D(1, 4, 0, rng=np.random.default_rng(0)), ValueError,
     r"kernel_size must be an integer >= 1 or a pair of them, got 0"),
    (lambda: None, lambda _: Conv2D(1, 4, (3, 2, 1), rng=np.random.default_rng(0)),
     ValueError, r"kernel_size must be an integer >= 1 or a pair of them"),
    (lambda: None, lambda _: Conv2D(1, 4, 3, padding=-1, rng=np.random.default_rng(0)),
     ValueError, r"padding must be an integer >= 0"),
    (lambda: None, lambda _: Conv1D(1, 4, 3, stride=0, rng=np.random.default_rng(0)),
     ValueError, r"stride must be a positive integer, got 0"),
    (lambda: Conv1D(2, 4, 3, rng=np.random.default_rng(0)),
     lambda layer: layer.forward(np.ones((2, 2, 8, 8))), ValueError,
     r"Conv1D inputs must be 3-D \(n_samples, n_channels, length\)"),
    (MaxPool2D, lambda pool: pool.forward(np.ones((1, 1, 1, 5))), ValueError,
     r"MaxPool2D inputs of 1x5 pixels are smaller than a 2x2 block"),
    (lambda: Reshape((1, 28, 28)), lambda layer: layer.forward(np.ones((2, 64))),
     ValueError, r"Reshape to \(1, 28, 28\) needs 784 values per sample, got inputs "
     r"of shape \(2, 64\)"),
    (Flatten, lambda layer: layer.forward(np.ones(5)), ValueError,
     r"Flatten inputs must hold samples along its first axis, got shape \(5,\)"),
])
def test_bad_inputs_are_named(make, call, error, message):
    layer = make()
    with pytest.raises(error, match=message):
        call(layer)


def test_a_gradient_of_the_wrong_shape_is_named():
    layer = Conv2D(1, 2, 3, rng=np.random.default_rng(0))
    layer.forward(np.ones((2, 1, 5, 5)))
    with pytest.raises(ValueError, match=r"Conv2D dvalues must have the forward "
                                         r"output's shape \(2, 2, 3, 3\), got"):
        layer.backward(np.ones((2, 3, 3, 2)))
