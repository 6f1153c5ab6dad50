"""Chapter 21's proof: every hand-written backward pass of Parts I and II against the
autograd engine, and a proof that fails on each slip a hand-written backward can make.

The mutations, each a subtly wrong `backward` (or penalty gradient) patched into the
book's class, which `engine_vs_book` must catch:

- Dense: dweights without the transpose (dvalues.T @ inputs), dinputs without the
  transpose (dvalues @ weights), dbiases as a mean over the samples instead of a sum;
- the penalties: the L2 gradient without its 2, the L1 gradient with the wrong sign,
  the biases' L1 strength used for the weights;
- ReLU: the mask not applied; the mask of the wrong sign (inputs < 0);
- Sigmoid: p (1 + p) for p (1 - p); the incoming gradient dropped;
- Linear: the wrong sign;
- Softmax: the row sum taken over the samples (axis 0); the Jacobian's off-diagonal
  part dropped (p * dvalues);
- Dropout: the mask not applied; the mask without its 1 / (1 - rate) scale;
- CategoricalCrossEntropy: no / n_samples; the wrong sign;
- SoftmaxCrossEntropy: no / n_samples; p + 1 at the true class instead of p - 1;
- BinaryCrossEntropy: / n_samples only (not / n_outputs); the wrong sign;
- MeanSquaredError: no 2; / n_samples only;
- MeanAbsoluteError: the wrong sign; / n_outputs only.
"""

import numpy as np
import pytest

from nnfs_lit.activations import Linear, ReLU, Sigmoid, Softmax
from nnfs_lit.data import spiral_sets
from nnfs_lit.engine_layers import AutogradNetwork, engine_vs_book
from nnfs_lit.layers import Dense, Dropout
from nnfs_lit.losses import (
    BinaryCrossEntropy,
    CategoricalCrossEntropy,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCrossEntropy,
)
from nnfs_lit.runs import CANDIDATES, ModelConfig, build_model

BAR = 1e-12  # the chapter's: twelve digits at least


@pytest.mark.parametrize("seed", range(20))
def test_every_hand_written_backward_matches_the_engine(seed):
    differences = engine_vs_book(np.random.default_rng(seed))
    assert len(differences) == 12
    assert {name: d for name, d in differences.items() if not d < BAR} == {}


def _dense_dweights_untransposed(self, dvalues):
    self.dweights = dvalues.T @ self.inputs  # (n_neurons, n_inputs): square here
    self.dbiases = dvalues.sum(axis=0, keepdims=True)
    self.dinputs = dvalues @ self.weights.T
    return self.dinputs


def _dense_dinputs_untransposed(self, dvalues):
    self.dweights = self.inputs.T @ dvalues
    self.dbiases = dvalues.sum(axis=0, keepdims=True)
    self.dinputs = dvalues @ self.weights
    return self.dinputs


def _dense_dbiases_mean(self, dvalues):
    self.dweights = self.inputs.T @ dvalues
    self.dbiases = dvalues.mean(axis=0, keepdims=True)
    self.dinputs = dvalues @ self.weights.T
    return self.dinputs


def _penalty(w1_sign=1.0, l2_factor=2.0, w1_from_bias=False):
    def regularization_backward(self):
        w1 = self.bias_regularizer_l1 if w1_from_bias else self.weight_regularizer_l1
        self.dweights += w1_sign * w1 * np.sign(self.weights)
        self.dweights += l2_factor * self.weight_regularizer_l2 * self.weights
        self.dbiases += self.bias_regularizer_l1 * np.sign(self.biases)
        self.dbiases += 2 * self.bias_regularizer_l2 * self.biases
    return regularization_backward


def _setting(name, compute):
    def backward(self, dvalues=None):
        self.dinputs = compute(self, dvalues)
        return self.dinputs
    backward.__name__ = name
    return backward


def _softmax_axis0(self, d):
    p = self.output
    return p * (d - np.sum(d * p, axis=0, keepdims=True))


def _sce(plus=False, divide=True):
    def compute(self, _):
        n = len(self.output)
        dinputs = self.output.copy()
        dinputs[np.arange(n), self.labels] += 1 if plus else -1
        return dinputs / n if divide else dinputs
    return compute


def _cce(sign=1.0, divide=True):
    def compute(self, _):
        n, k = self.clipped.shape
        dinputs = -sign * np.eye(k)[self.labels] / self.clipped
        return dinputs / n if divide else dinputs
    return compute


def _bce(sign=1.0, by_outputs=True):
    def compute(self, _):
        n, k = self.clipped.shape
        p, y = self.clipped, self.targets
        return -sign * (y / p - (1 - y) / (1 - p)) / (n * k if by_outputs else n)
    return compute


MUTATIONS = {  # (class, method, wrong version, the row of the proof it must fail)
    "Dense: dweights without the transpose":
        (Dense, "backward", _dense_dweights_untransposed, "Dense"),
    "Dense: dinputs without the transpose":
        (Dense, "backward", _dense_dinputs_untransposed, "Dense"),
    "Dense: dbiases a mean, not a sum": (Dense, "backward", _dense_dbiases_mean, "Dense"),
    "penalty: L2 gradient without its 2": (Dense, "regularization_backward",
                                           _penalty(l2_factor=1.0), "penalties"),
    "penalty: L1 gradient of the wrong sign": (Dense, "regularization_backward",
                                               _penalty(w1_sign=-1.0), "penalties"),
    "penalty: the biases' L1 strength on the weights": (
        Dense, "regularization_backward", _penalty(w1_from_bias=True), "penalties"),
    "ReLU: mask not applied": (ReLU, "backward", _setting("b", lambda s, d: d.copy()),
                               "ReLU"),
    "ReLU: mask of the wrong sign": (
        ReLU, "backward", _setting("b", lambda s, d: d * (s.inputs < 0)), "ReLU"),
    "Sigmoid: p (1 + p)": (
        Sigmoid, "backward", _setting("b", lambda s, d: d * s.output * (1 + s.output)),
        "Sigmoid"),
    "Sigmoid: incoming gradient dropped": (
        Sigmoid, "backward", _setting("b", lambda s, d: s.output * (1 - s.output)),
        "Sigmoid"),
    "Linear: wrong sign": (Linear, "backward", _setting("b", lambda s, d: -d), "Linear"),
    "Softmax: row sum over the samples": (Softmax, "backward",
                                          _setting("b", _softmax_axis0), "Softmax"),
    "Softmax: off-diagonal Jacobian dropped": (
        Softmax, "backward", _setting("b", lambda s, d: s.output * d), "Softmax"),
    "Dropout: mask not applied": (Dropout, "backward",
                                  _setting("b", lambda s, d: d.copy()), "Dropout"),
    "Dropout: mask without its scale": (
        Dropout, "backward", _setting("b", lambda s, d: d * (s.mask > 0)), "Dropout"),
    "CategoricalCrossEntropy: no / n_samples": (
        CategoricalCrossEntropy, "backward", _setting("b", _cce(divide=False)),
        "CategoricalCrossEntropy"),
    "CategoricalCrossEntropy: wrong sign": (
        CategoricalCrossEntropy, "backward", _setting("b", _cce(sign=-1.0)),
        "CategoricalCrossEntropy"),
    "SoftmaxCrossEntropy: no / n_samples": (
        SoftmaxCrossEntropy, "backward", _setting("b", _sce(divide=False)),
        "SoftmaxCrossEntropy"),
    "SoftmaxCrossEntropy: p + 1 at the true class": (
        SoftmaxCrossEntropy, "backward", _setting("b", _sce(plus=True)),
        "SoftmaxCrossEntropy"),
    "BinaryCrossEntropy: / n_samples only": (
        BinaryCrossEntropy, "backward", _setting("b", _bce(by_outputs=False)),
        "BinaryCrossEntropy"),
    "BinaryCrossEntropy: wrong sign": (
        BinaryCrossEntropy, "backward", _setting("b", _bce(sign=-1.0)),
        "BinaryCrossEntropy"),
    "MeanSquaredError: no 2": (
        MeanSquaredError, "backward",
        _setting("b", lambda s, d: s.residuals / s.residuals.size), "MeanSquaredError"),
    "MeanSquaredError: / n_samples only": (
        MeanSquaredError, "backward",
        _setting("b", lambda s, d: 2 * s.residuals / len(s.residuals)),
        "MeanSquaredError"),
    "MeanAbsoluteError: wrong sign": (
        MeanAbsoluteError, "backward",
        _setting("b", lambda s, d: -np.sign(s.residuals) / s.residuals.size),
        "MeanAbsoluteError"),
    "MeanAbsoluteError: / n_outputs only": (
        MeanAbsoluteError, "backward",
        _setting("b", lambda s, d: np.sign(s.residuals) / s.residuals.shape[1]),
        "MeanAbsoluteError"),
}


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_the_proof_fails_on_a_wrong_backward(mutation, monkeypatch):
    cls, method, wrong, row = MUTATIONS[mutation]
    monkeypatch.setattr(cls, method, wrong)
    differences = engine_vs_book(np.random.default_rng(0))
    failed = [name for name, d in differences.items() if not d < BAR]
    assert failed, f"{mutation}: the proof passed"
    assert all(row in name for name in failed), failed  # and only its own row


def test_the_mutations_cover_every_row_of_the_proof():
    rows = engine_vs_book(np.random.default_rng(0))
    covered = {name for name in rows
               for *_, row in MUTATIONS.values() if row in name}
    assert covered == set(rows)


def _both_ways(config, epochs):
    """config's model trained for `epochs` by Model.fit and through the engine,
    from the same first weights and generator: the two Histories."""
    sets = spiral_sets(seed=config.data_seed, samples_per_class=config.samples_per_class)
    histories = []
    for engine in (None, AutogradNetwork):
        rng = np.random.default_rng(config.seed)
        model = build_model(config, rng)
        if engine is not None:
            assert engine.applies(model, sets.train[0])
        histories.append(model.fit(*sets.train, epochs=epochs, rng=rng,
                                   batch_size=config.batch_size,
                                   validation_data=sets.validation, engine=engine))
    return histories


# Chapter 16's search chose this one (the build's `best` experiment says which, and
# tests/test_site.py checks that the build's choice is still this one).
CHOSEN = ModelConfig(hidden=(64, 64, 64), l2=0.001)


def test_chapter_16s_chosen_network_trains_the_same_through_the_engine():
    """100 epochs through the engine give Model.fit's losses to 1e-9, training and
    validation, and the same accuracies."""
    assert CHOSEN in CANDIDATES
    book, engine = _both_ways(CHOSEN, epochs=100)
    assert np.max(np.abs(book.loss - engine.loss)) < 1e-9
    assert np.max(np.abs(book.val_loss - engine.val_loss)) < 1e-9
    assert np.array_equal(book.accuracy, engine.accuracy)
    assert np.array_equal(book.val_accuracy, engine.val_accuracy)


def test_dropout_and_mini_batches_take_the_same_random_numbers():
    config = ModelConfig(hidden=(32, 32), l2=1e-3, dropout=0.2, batch_size=64)
    book, engine = _both_ways(config, epochs=30)
    assert np.max(np.abs(book.loss - engine.loss)) < 1e-9
    assert np.array_equal(book.accuracy, engine.accuracy)
