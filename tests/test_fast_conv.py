"""Chapter 23's engine: the same numbers as Model.fit's plain steps, bit for bit, for
networks of chapter 22's layers; and the comparison fails when the engine slips."""

from unittest import mock

import numpy as np
import pytest

from nnfs_lit import fast_conv
from nnfs_lit.activations import ReLU
from nnfs_lit.conv import Conv1D, Conv2D, Flatten, MaxPool2D, RandomShift, Reshape
from nnfs_lit.fast_conv import ConvNetwork
from nnfs_lit.layers import Dense, Dropout
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.mnist import MnistConfig, build_mnist_model
from nnfs_lit.model import Model
from nnfs_lit.optimizers import SGD, Adam


def small_images(seed=0, n=96, side=12, channels=1, n_classes=4):
    """Rows of side x side images whose class is where a blob of ink sits."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n)
    X = rng.random((n, channels, side, side)) * 0.3
    for sample, label in enumerate(y):
        top, left = divmod(int(label), 2)
        X[sample, :, top * 6:top * 6 + 5, left * 6:left * 6 + 5] += 0.7
    return X.reshape(n, -1), y


def conv_model(rng, *, channels=1, side=12, stride=1, padding=0, shift=0,
               dropout=0.0, optimizer=None, n_classes=4):
    layers = [Reshape((channels, side, side))]
    if shift:
        layers.append(RandomShift(shift, rng=rng))
    first = Conv2D(channels, 3, 3, rng=rng, stride=stride, padding=padding)
    after_first = (side + 2 * padding - 3) // stride + 1
    layers += [first, ReLU(), MaxPool2D(2), Conv2D(3, 5, 2, rng=rng), ReLU(),
               Flatten()]
    side = after_first // 2 - 1
    layers.append(Dense(5 * side * side, 8, rng=rng, weight_scale=0.3))
    layers.append(ReLU())
    if dropout:
        layers.append(Dropout(dropout, rng=rng))
    layers.append(Dense(8, n_classes, rng=rng, weight_scale=0.3))
    return Model(*layers, loss=SoftmaxCrossEntropy(),
                 optimizer=optimizer or Adam(0.01))


CASES = {
    "plain": {},
    "stride and padding": {"stride": 2, "padding": 1},
    "three channels": {"channels": 3},
    "moved digits": {"shift": 2},
    "dropout": {"dropout": 0.3},
    "everything": {"channels": 2, "stride": 2, "padding": 2, "shift": 1, "dropout": 0.2},
    "sgd with momentum": {"optimizer": SGD(0.1, momentum=0.9)},
}


def both_ways(options, epochs=4, batch_size=16):
    """(History, parameters) trained by the plain steps and by the engine, from the
    same seed: the same first weights, batches, moves and dropout masks."""
    channels = options.get("channels", 1)
    X, y = small_images(channels=channels)
    X_val, y_val = small_images(seed=1, n=40, channels=channels)
    results = []
    for engine in (None, ConvNetwork):
        rng = np.random.default_rng(11)
        made = dict(options)
        if "optimizer" in made:  # a fresh optimizer of the same settings
            made["optimizer"] = type(made["optimizer"])(**vars_of(made["optimizer"]))
        model = conv_model(rng, **made)
        if engine is not None:
            assert engine.applies(model, X)
        history = model.fit(X, y, epochs=epochs, batch_size=batch_size, rng=rng,
                            validation_data=(X_val, y_val), engine=engine)
        parameters = [array.copy() for layer in model.trainable_layers
                      for array in (layer.weights, layer.biases)]
        results.append((history, parameters, model))
    return results


def vars_of(optimizer):
    return {"learning_rate": optimizer.learning_rate, "momentum": optimizer.momentum}


@pytest.mark.parametrize("case", CASES)
def test_the_engine_trains_the_same_numbers_bit_for_bit(case):
    (plain, plain_parameters, _), (fast, fast_parameters, _) = both_ways(CASES[case])
    for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
        assert getattr(plain, name).tobytes() == getattr(fast, name).tobytes(), name
    assert len(plain_parameters) == len(fast_parameters) == 8
    for a, b in zip(plain_parameters, fast_parameters, strict=True):
        assert a.tobytes() == b.tobytes()


def test_the_chapters_network_trains_the_same_through_the_engine():
    from nnfs_lit.mnist import mnist_sets

    X, y = mnist_sets(seed=0).train
    X, y = X[:256], y[:256]
    parameters = []
    for engine in (None, ConvNetwork):
        rng = np.random.default_rng(0)
        model = build_mnist_model(MnistConfig(), rng)
        model.fit(X, y, epochs=2, batch_size=64, rng=rng, engine=engine)
        parameters.append(b"".join(array.tobytes() for layer in model.trainable_layers
                                   for array in (layer.weights, layer.biases)))
    assert parameters[0] == parameters[1]


def test_a_dense_network_on_moved_digits_trains_the_same_through_the_engine():
    from nnfs_lit.mnist import mnist_sets

    X, y = mnist_sets(seed=0).train
    X, y = X[:256], y[:256]
    parameters = []
    config = MnistConfig(kind="dense", hidden=(32, 16), shift=2)
    for engine in (None, ConvNetwork):
        rng = np.random.default_rng(0)
        model = build_mnist_model(config, rng)
        assert engine is None or engine.applies(model, X)
        model.fit(X, y, epochs=2, batch_size=64, rng=rng, engine=engine)
        parameters.append(b"".join(array.tobytes() for layer in model.trainable_layers
                                   for array in (layer.weights, layer.biases)))
    assert parameters[0] == parameters[1]


def test_a_slip_in_the_engine_is_caught():
    """A col2im that writes the gradient upside down (rows counted from the bottom),
    in the second convolution, whose input gradient is read: the comparison above
    must see it. (The first convolution's input gradient is never computed.)"""
    def upside_down(layer, dvalues, input_gradient):
        dinputs = original(layer, dvalues, input_gradient)
        return None if dinputs is None else dinputs[:, ::-1]

    original = fast_conv.conv_backward
    with mock.patch.dict(fast_conv.BACKWARD, {Conv2D: upside_down}):
        (plain, _, _), (fast, _, _) = both_ways(CASES["plain"])
    assert np.max(np.abs(plain.loss - fast.loss)) > 1e-6


@pytest.mark.parametrize("layers, applies", [
    (lambda rng: [Reshape((1, 12, 12)), Conv2D(1, 2, 3, rng=rng), Flatten(),
                  Dense(200, 4, rng=rng)], True),
    (lambda rng: [Dense(144, 4, rng=rng)], False),  # no images: chapter 17's
    (lambda rng: [Reshape((1, 12, 12)), Flatten(), Dense(144, 4, rng=rng)], True),
    (lambda rng: [Reshape((1, 12, 12)), Conv2D(1, 2, 3, rng=rng), Dense(200, 4,
                                                                        rng=rng)],
     False),  # no Flatten
    (lambda rng: [Reshape((1, 144)), Conv1D(1, 2, 3, rng=rng), Flatten(),
                  Dense(284, 4, rng=rng)], False),  # 1-D layers: not this engine's
    (lambda rng: [Reshape((1, 12, 12)), Conv2D(1, 2, 3, rng=rng), Flatten(),
                  Dense(200, 4, rng=rng), ReLU()], False),  # must end in Dense
])
def test_the_engine_says_which_models_it_computes_exactly(layers, applies):
    rng = np.random.default_rng(0)
    model = Model(*layers(rng), loss=SoftmaxCrossEntropy(), optimizer=Adam(0.01))
    X = np.zeros((2, 144))
    assert ConvNetwork.applies(model, X) is applies
    assert ConvNetwork.applies(model, X.astype(np.float32)) is False


def test_a_model_the_engine_does_not_compute_trains_the_plain_way():
    rng = np.random.default_rng(0)
    model = Model(Reshape((1, 144)), Conv1D(1, 2, 3, rng=rng), Flatten(),
                  Dense(284, 4, rng=rng), loss=SoftmaxCrossEntropy(),
                  optimizer=Adam(0.01))
    X, y = small_images()
    history = model.fit(X, y, epochs=2, engine=ConvNetwork)
    assert np.isfinite(history.loss).all()
