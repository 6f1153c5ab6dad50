"""Properties that hold for every input, checked by Hypothesis on random shapes and values:
softmax rows sum to 1 and ignore a constant added to a row; every layer's and loss's
gradient matches finite differences; losses are non-negative and accuracies in [0, 1];
save_model/load_model round-trip exactly.

The examples are derandomized (the same ones on every run and every machine) and there
is no example database, so a failure in CI is a failure on any checkout.
"""

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnfs_lit import (
    Adam,
    BinaryAccuracy,
    BinaryCrossEntropy,
    CategoricalAccuracy,
    CategoricalCrossEntropy,
    Dense,
    Dropout,
    Linear,
    MeanAbsoluteError,
    MeanSquaredError,
    Model,
    RegressionAccuracy,
    ReLU,
    Sigmoid,
    Softmax,
    SoftmaxCrossEntropy,
    load_model,
    max_abs_difference,
    numerical_gradient,
    save_model,
)

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None)

sizes = st.integers(1, 6)  # samples, features, classes: small, so checks stay fast


def matrices(shape, low=-5.0, high=5.0):
    """float64 arrays of `shape` with entries in [low, high]."""
    return hnp.arrays(np.float64, shape, elements=st.floats(low, high))


def away_from_zero(shape, low=0.01, high=5.0):
    """float64 arrays of `shape` whose entries have |x| in [low, high], either sign."""
    magnitude = st.floats(low, high)
    return hnp.arrays(np.float64, shape,
                      elements=st.tuples(magnitude, st.booleans()).map(
                          lambda pair: pair[0] if pair[1] else -pair[0]))


def labels(n_samples, n_classes):
    return hnp.arrays(np.int64, (n_samples,), elements=st.integers(0, n_classes - 1))


def assert_gradient(analytic, f, x):
    """`analytic` is df/dx, to within what central differences can resolve."""
    numerical = numerical_gradient(f, x)
    limit = 1e-6 * (1.0 + abs(f()))  # rounding in f(x +- eps) grows with |f|
    difference = max_abs_difference(analytic, numerical)
    assert difference <= limit, f"gradient off by {difference:.3g} (limit {limit:.3g})"


# Softmax


@st.composite
def logits_and_shifts(draw):
    n_samples, n_classes = draw(sizes), draw(sizes)
    logits = draw(matrices((n_samples, n_classes), -1e3, 1e3))  # large magnitudes too
    shifts = draw(matrices((n_samples, 1), -1e3, 1e3))  # one constant per row
    return logits, shifts


@PROPERTY
@given(logits_and_shifts())
def test_softmax_rows_sum_to_one_and_ignore_a_constant_per_row(case):
    logits, shifts = case
    probabilities = Softmax().forward(logits)  # (n_samples, n_classes)
    assert np.all(np.isfinite(probabilities)) and np.all(probabilities >= 0)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    shifted = Softmax().forward(logits + shifts)
    np.testing.assert_allclose(shifted, probabilities, rtol=0, atol=1e-9)


# Gradients of the layers: f = sum(layer(X) * G), so df/dX = layer.backward(G)


@st.composite
def dense_cases(draw, regularized):
    n_samples, n_inputs, n_neurons = draw(sizes), draw(sizes), draw(sizes)
    strengths = st.floats(0.01, 1.0) if regularized else st.just(0.0)
    layer = Dense(n_inputs, n_neurons, rng=np.random.default_rng(0),
                  weight_regularizer_l1=draw(strengths),
                  weight_regularizer_l2=draw(strengths),
                  bias_regularizer_l1=draw(strengths),
                  bias_regularizer_l2=draw(strengths))
    # |w|, |b| >= 0.01: the L1 penalty's kink at 0 is out of reach of eps = 1e-6
    layer.weights = draw(away_from_zero((n_inputs, n_neurons), high=2.0))
    layer.biases = draw(away_from_zero((1, n_neurons), high=2.0))
    X = draw(matrices((n_samples, n_inputs)))
    G = draw(matrices((n_samples, n_neurons), -1.0, 1.0))  # dL/doutput
    return layer, X, G


def check_dense(layer, X, G):
    def objective():
        return float(np.sum(layer.forward(X) * G)) + layer.regularization_loss()

    objective()
    dinputs = layer.backward(G)
    layer.regularization_backward()
    assert_gradient(dinputs, objective, X)
    assert_gradient(layer.dweights, objective, layer.weights)
    assert_gradient(layer.dbiases, objective, layer.biases)


@PROPERTY
@given(dense_cases(regularized=False))
def test_dense_gradients_match_finite_differences(case):
    check_dense(*case)


@PROPERTY
@given(dense_cases(regularized=True))
def test_dense_gradients_with_l1_and_l2_penalties_match_finite_differences(case):
    check_dense(*case)


ACTIVATIONS = {"ReLU": ReLU, "Sigmoid": Sigmoid, "Linear": Linear, "Softmax": Softmax}


@st.composite
def activation_cases(draw, kind):
    n_samples, n_units = draw(sizes), draw(sizes)
    if kind == "ReLU":
        X = draw(away_from_zero((n_samples, n_units)))  # its kink at 0 is left out
    else:
        X = draw(matrices((n_samples, n_units)))
    G = draw(matrices((n_samples, n_units), -1.0, 1.0))
    return ACTIVATIONS[kind](), X, G


@pytest.mark.parametrize("kind", ACTIVATIONS)
@PROPERTY
@given(data=st.data())
def test_activation_gradients_match_finite_differences(kind, data):
    layer, X, G = data.draw(activation_cases(kind))

    def objective():
        return float(np.sum(layer.forward(X) * G))

    objective()
    assert_gradient(layer.backward(G), objective, X)


@PROPERTY
@given(st.tuples(sizes, sizes).flatmap(lambda shape: st.tuples(
    matrices(shape), matrices(shape, -1.0, 1.0))),
    st.floats(0.0, 0.9), st.integers(0, 2**32 - 1))
def test_dropout_gradient_with_a_fixed_mask_matches_finite_differences(arrays, rate, seed):
    X, G = arrays
    dropout = Dropout(rate, rng=np.random.default_rng(seed))
    dropout.training = True

    def objective():  # as in chapter 13: the same generator state, so the same mask
        dropout.rng = np.random.default_rng(seed)
        return float(np.sum(dropout.forward(X) * G))

    objective()
    assert_gradient(dropout.backward(G), objective, X)


# Gradients of the losses, with respect to their predictions


LOSSES = {loss.__name__: loss for loss in (SoftmaxCrossEntropy, CategoricalCrossEntropy,
                                           BinaryCrossEntropy, MeanSquaredError,
                                           MeanAbsoluteError)}


@st.composite
def loss_cases(draw, kind):
    """(loss, predictions, targets), each in the range where the loss is smooth."""
    n_samples, n_columns = draw(sizes), draw(st.integers(2, 6))
    shape = (n_samples, n_columns)
    if kind == "SoftmaxCrossEntropy":  # logits in [-5, 5]: p stays inside the clip
        return SoftmaxCrossEntropy(), draw(matrices(shape)), draw(
            labels(n_samples, n_columns))
    if kind == "CategoricalCrossEntropy":  # p away from the clip at 1e-7 and 1 - 1e-7
        return CategoricalCrossEntropy(), draw(matrices(shape, 0.05, 0.95)), draw(
            labels(n_samples, n_columns))
    if kind == "BinaryCrossEntropy":
        return BinaryCrossEntropy(), draw(matrices(shape, 0.05, 0.95)), draw(
            matrices(shape, 0.0, 1.0))
    predictions = draw(matrices(shape))
    if kind == "MeanSquaredError":
        return MeanSquaredError(), predictions, draw(matrices(shape))
    # residuals |p - y| >= 0.01: the kink of |r| at 0 is out of reach of eps = 1e-6
    return MeanAbsoluteError(), predictions, predictions - draw(away_from_zero(shape))


@pytest.mark.parametrize("kind", LOSSES)
@PROPERTY
@given(data=st.data())
def test_loss_gradients_match_finite_differences(kind, data):
    loss, predictions, targets = data.draw(loss_cases(kind))

    def objective():
        return loss.forward(predictions, targets)

    objective()
    assert_gradient(loss.backward(), objective, predictions)


# Ranges: losses are non-negative, accuracies are shares


@st.composite
def any_loss_cases(draw, kind):
    """(loss, predictions, targets) over their whole domain, extremes included."""
    n_samples, n_columns = draw(sizes), draw(sizes)
    shape = (n_samples, n_columns)
    if kind == "SoftmaxCrossEntropy":
        return SoftmaxCrossEntropy(), draw(matrices(shape, -1e4, 1e4)), draw(
            labels(n_samples, n_columns))
    if kind == "CategoricalCrossEntropy":  # probabilities of exactly 0 and 1 too
        return CategoricalCrossEntropy(), draw(matrices(shape, 0.0, 1.0)), draw(
            labels(n_samples, n_columns))
    if kind == "BinaryCrossEntropy":
        return BinaryCrossEntropy(), draw(matrices(shape, 0.0, 1.0)), draw(
            matrices(shape, 0.0, 1.0))
    loss = MeanSquaredError() if kind == "MeanSquaredError" else MeanAbsoluteError()
    return loss, draw(matrices(shape, -1e3, 1e3)), draw(matrices(shape, -1e3, 1e3))


@pytest.mark.parametrize("kind", LOSSES)
@PROPERTY
@given(data=st.data())
def test_losses_are_finite_and_non_negative(kind, data):
    loss, predictions, targets = data.draw(any_loss_cases(kind))
    value = loss.forward(predictions, targets)
    assert np.isfinite(value) and value >= 0, f"{type(loss).__name__} gave {value}"


@st.composite
def categorical_accuracy_cases(draw):
    n_samples, n_classes = draw(sizes), draw(sizes)
    probabilities = draw(matrices((n_samples, n_classes), 0.0, 1.0))
    sparse = draw(labels(n_samples, n_classes))
    one_hot = draw(st.booleans())
    return probabilities, np.eye(n_classes, dtype=np.int64)[sparse] if one_hot else sparse


@PROPERTY
@given(categorical_accuracy_cases())
def test_categorical_accuracy_is_a_share(case):
    probabilities, y_true = case
    value = CategoricalAccuracy()(probabilities, y_true)
    assert 0.0 <= value <= 1.0
    assert value * len(probabilities) == np.sum(probabilities.argmax(axis=1) == (
        y_true.argmax(axis=1) if y_true.ndim == 2 else y_true))


@PROPERTY
@given(st.tuples(sizes, sizes).flatmap(lambda shape: st.tuples(
    matrices(shape, 0.0, 1.0), hnp.arrays(np.int64, shape, elements=st.integers(0, 1)))),
    st.floats(0.0, 0.99))
def test_binary_accuracy_is_a_share(arrays, threshold):
    probabilities, targets = arrays
    value = BinaryAccuracy(threshold)(probabilities, targets)
    assert 0.0 <= value <= 1.0


# Saving and loading


@st.composite
def models(draw):
    """A Model of a random small architecture, with random parameters and settings."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    width = n_inputs = draw(sizes)
    layers = []
    for _ in range(draw(st.integers(1, 3))):
        n_neurons = draw(sizes)
        penalties = {name: draw(st.sampled_from([0.0, 1e-4, 0.5]))
                     for name in ("weight_regularizer_l1", "weight_regularizer_l2",
                                  "bias_regularizer_l1", "bias_regularizer_l2")}
        dense = Dense(width, n_neurons, rng=rng, weight_scale=draw(st.floats(0.01, 3.0)),
                      **penalties)
        dense.biases = rng.normal(size=dense.biases.shape)  # not just zeros
        layers.append(dense)
        layers.append(draw(st.sampled_from([ReLU, Sigmoid, Linear, Softmax]))())
        if draw(st.booleans()):
            layers.append(Dropout(draw(st.floats(0.0, 0.9)), rng=rng))
        width = n_neurons
    loss = draw(st.sampled_from([SoftmaxCrossEntropy, CategoricalCrossEntropy,
                                 BinaryCrossEntropy, MeanSquaredError,
                                 MeanAbsoluteError]))()
    accuracy = draw(st.one_of(
        st.builds(CategoricalAccuracy),
        st.builds(BinaryAccuracy, st.floats(0.0, 0.99)),
        st.builds(RegressionAccuracy, st.one_of(st.none(), st.floats(1e-6, 10.0)))))
    return Model(*layers, loss=loss, accuracy=accuracy), n_inputs


SETTINGS = ("n_inputs", "n_neurons", "weight_regularizer_l1", "weight_regularizer_l2",
            "bias_regularizer_l1", "bias_regularizer_l2", "rate", "threshold", "precision")


def described(part):
    """The class of a layer, loss or accuracy, its settings and its parameters' bytes."""
    settings_ = {name: getattr(part, name) for name in SETTINGS if hasattr(part, name)}
    parameters = {name: (getattr(part, name).dtype.str, getattr(part, name).shape,
                         getattr(part, name).tobytes())
                  for name in ("weights", "biases") if hasattr(part, name)}
    return type(part), settings_, parameters


@PROPERTY
@given(models(), st.integers(0, 2**32 - 1))
def test_save_and_load_round_trip_exactly(drawn, seed):
    model, n_inputs = drawn
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "model.npz"
        save_model(model, path)
        loaded = load_model(path)
    assert [described(layer) for layer in loaded.layers] == [
        described(layer) for layer in model.layers]
    assert described(loaded.loss) == described(model.loss)
    assert described(loaded.accuracy) == described(model.accuracy)
    X = np.random.default_rng(seed).normal(size=(4, n_inputs))  # (4, n_inputs)
    assert loaded.forward(X).tobytes() == model.forward(X).tobytes()  # bit for bit


# Assembling a model


@st.composite
def stacks(draw):
    """Layers as a tired user might stack them: Dense layers whose input width is
    usually the last one's output width, sometimes not, with activations and dropout
    between; and the index of the first Dense that does not chain (None: they all do)."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    layers, width, first_break, last_dense = [], None, None, None
    for _ in range(draw(st.integers(1, 4))):
        takes = draw(sizes) if width is None or draw(st.integers(0, 3)) == 0 else width
        if width is not None and takes != width and first_break is None:
            first_break = (len(layers), takes, last_dense, width)
        last_dense, width = len(layers), draw(sizes)
        layers.append(Dense(takes, width, rng=rng))
        for _ in range(draw(st.integers(0, 2))):
            layers.append(draw(st.sampled_from(
                [ReLU(), Sigmoid(), Linear(), Dropout(0.25, rng=rng)])))
    return layers, first_break


@PROPERTY
@given(stacks(), st.integers(0, 2**32 - 1))
def test_a_model_is_refused_at_the_first_layer_that_does_not_chain_or_it_trains(
        drawn, seed):
    layers, first_break = drawn
    if first_break is not None:
        taker, takes, giver, gives = first_break
        with pytest.raises(ValueError) as refused:
            Model(*layers, loss=SoftmaxCrossEntropy())
        assert str(refused.value) == (
            f"layer {taker} (Dense) takes {takes} inputs, but layer {giver} (Dense) "
            f"gives {gives}")
        return
    model = Model(*layers, loss=SoftmaxCrossEntropy(), optimizer=Adam())
    rng = np.random.default_rng(seed)
    n_inputs, n_classes = layers[0].n_inputs, model.trainable_layers[-1].n_neurons
    X = rng.normal(size=(5, n_inputs))  # (5, n_inputs)
    y = rng.integers(0, n_classes, size=5)  # (5,)
    history = model.fit(X, y, epochs=2)
    assert np.isfinite(history.loss).all()
    probabilities = model.predict_proba(X)  # (5, n_classes)
    assert probabilities.shape == (5, n_classes)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
