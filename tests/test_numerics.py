"""Numerics at the extremes: every case runs with NumPy's floating-point warnings
turned into errors (np.errstate(all="raise")) and Python's warnings too."""

import math
import re
import warnings

import numpy as np
import pytest

from nnfs_lit import (
    SGD,
    BinaryCrossEntropy,
    CategoricalCrossEntropy,
    Dense,
    GradientDescent,
    MeanAbsoluteError,
    MeanSquaredError,
    Model,
    RegressionAccuracy,
    ReLU,
    Sigmoid,
    Softmax,
    SoftmaxCrossEntropy,
    spiral_data,
)
from nnfs_lit.losses import CLIP

CAP = -math.log(CLIP)  # the largest loss a clipped sample can have


def strict(function):
    """function() with every floating-point problem an error."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        return function()


LOGITS = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, -1e4], [-1e4, -1e4, -1e4],
                   [1e4, 1e4, -1e4]])


def softmax_extremes():
    p = Softmax().forward(LOGITS)
    assert np.isfinite(p).all()
    np.testing.assert_array_equal(p[:2], [[1, 0, 0], [0, 1, 0]])
    np.testing.assert_allclose(p[2:], [[1 / 3] * 3, [0.5, 0.5, 0]])
    np.testing.assert_allclose(p.sum(axis=1), 1)


def softmax_backward_extremes():
    softmax = Softmax()
    softmax.forward(LOGITS)
    assert np.isfinite(softmax.backward(np.ones_like(LOGITS))).all()


def fused_loss_extremes():
    loss = SoftmaxCrossEntropy()
    value = loss.forward(LOGITS, [0, 0, 1, 2])  # right, wrong, even, wrong
    expected = np.mean([-math.log(1 - CLIP), CAP, math.log(3), CAP])
    assert math.isclose(value, expected, rel_tol=1e-12)
    gradient = loss.backward()
    np.testing.assert_allclose(gradient, (loss.output - np.eye(3)[[0, 0, 1, 2]]) / 4)
    assert np.isfinite(gradient).all()


def cross_entropy_of_zero_and_one():
    loss = CategoricalCrossEntropy()
    certain = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    value = loss.forward(certain, [0, 1, 2])
    np.testing.assert_allclose(loss.sample_losses, [-math.log(1 - CLIP), CAP,
                                                    -math.log(1 - CLIP)])
    assert math.isclose(value, np.mean(loss.sample_losses))
    gradient = loss.backward()
    assert np.isfinite(gradient).all()
    assert gradient[1, 1] == pytest.approx(-1 / CLIP / 3)


def sigmoid_extremes():
    sigmoid = Sigmoid()
    p = sigmoid.forward([[-1e3, 0.0, 1e3]])
    assert p.tolist() == [[0.0, 0.5, 1.0]]
    assert np.isfinite(sigmoid.backward(np.ones((1, 3)))).all()


def binary_cross_entropy_extremes():
    sigmoid, loss = Sigmoid(), BinaryCrossEntropy()
    p = sigmoid.forward([[-1e3], [1e3], [-1e3], [1e3]])
    value = loss.forward(p, [[1], [0], [0], [1]])  # wrong, wrong, right, right
    assert math.isclose(value, (2 * CAP - 2 * math.log(1 - CLIP)) / 4, rel_tol=1e-9)
    assert np.isfinite(sigmoid.backward(loss.backward())).all()


def mean_absolute_error_of_huge_values():
    loss = MeanAbsoluteError()
    assert loss.forward([[1e200], [0.0]], [[-1e200], [0.0]]) == 1e200
    assert loss.backward().ravel().tolist() == [0.5, 0.0]


def expect_overflow(loss, y_pred, y_true):
    def run():
        with pytest.raises(FloatingPointError, match=re.escape(
                f"{type(loss).__name__}: the loss is inf, beyond float64")) as raised:
            loss.forward(y_pred, y_true)
        assert "scale the targets down" in str(raised.value)
        assert loss.residuals is None  # nothing half-kept for backward()
    return run


def regression(learning_rate):
    rng = np.random.default_rng(0)
    return Model(Dense(2, 16, rng=rng, weight_scale=0.5), ReLU(), Dense(16, 1, rng=rng),
                 loss=MeanSquaredError(), optimizer=SGD(learning_rate=learning_rate),
                 accuracy=RegressionAccuracy())


def spiral_and_target():
    X, _ = spiral_data(rng=np.random.default_rng(0))
    return X, X.sum(axis=1)


def divergence_stops_with_the_epoch():
    X, target = spiral_and_target()
    epochs_seen = []
    with pytest.raises(FloatingPointError, match=r"^Model\.fit: training diverged at "
                       r"epoch (\d+): the loss is beyond float64; try a smaller "
                       r"learning rate than 1e\+06$") as raised:
        regression(1e6).fit(X, target, epochs=200,
                            callback=lambda epoch, loss, acc: epochs_seen.append(epoch))
    epoch = int(re.search(r"epoch (\d+)", str(raised.value)).group(1))
    assert epoch == len(epochs_seen) > 0  # the first epoch that did not finish
    assert isinstance(raised.value.__cause__, FloatingPointError)


class NaNLoss(MeanSquaredError):
    def forward(self, y_pred, y_true):
        super().forward(y_pred, y_true)
        return float("nan")


def a_nan_loss_stops_at_once():
    X, target = spiral_and_target()
    model = regression(0.1)
    model.loss = NaNLoss()
    with pytest.raises(FloatingPointError, match=r"diverged at epoch 0: the loss is nan"
                       r"; try a smaller learning rate than 0\.1"):
        model.fit(X, target, epochs=5)


class Exploding(GradientDescent):
    def update_params(self, layer):
        layer.weights[0, 0] = np.inf


def infinite_parameters_stop_at_once():
    X, target = spiral_and_target()
    model = regression(0.1)
    model.optimizer = Exploding(learning_rate=0.5)
    with pytest.raises(FloatingPointError, match=r"diverged at epoch 0: a Dense layer's "
                       r"parameters are NaN or infinite; try a smaller learning rate "
                       r"than 0\.5"):
        model.fit(X, target, epochs=5)


CASES = {
    "softmax-logits-1e4": softmax_extremes,
    "softmax-backward-logits-1e4": softmax_backward_extremes,
    "softmax-cross-entropy-logits-1e4": fused_loss_extremes,
    "cross-entropy-probabilities-0-and-1": cross_entropy_of_zero_and_one,
    "sigmoid-1e3": sigmoid_extremes,
    "binary-cross-entropy-sigmoid-1e3": binary_cross_entropy_extremes,
    "mae-1e200-is-computed": mean_absolute_error_of_huge_values,
    "mse-1e200-is-refused": expect_overflow(MeanSquaredError(), [[1e200]], [[-1e200]]),
    "mse-1e155-is-refused": expect_overflow(MeanSquaredError(), [[2e154]], [[-2e154]]),
    "mae-1e308-is-refused": expect_overflow(MeanAbsoluteError(), [[1e308]], [[-1e308]]),
    "fit-diverging-regression": divergence_stops_with_the_epoch,
    "fit-nan-loss": a_nan_loss_stops_at_once,
    "fit-infinite-parameters": infinite_parameters_stop_at_once,
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_numerics_at_the_extremes(case):
    strict(case)


def test_a_sane_run_is_not_stopped():
    X, target = spiral_and_target()
    history = strict(lambda: regression(0.1).fit(X, target, epochs=50))
    assert history.loss[-1] < history.loss[0]
