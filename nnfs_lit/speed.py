# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/17-making-it-fast.md, "Against a textbook implementation and PyTorch", block 1
"""Chapter 17's measurements: the plain and the fast steps, timed side by side."""

import statistics
import time
import timeit
from contextlib import contextmanager
from dataclasses import replace
from functools import partial

import numpy as np

from nnfs_lit import checks
from nnfs_lit.activations import ReLU
from nnfs_lit.data import spiral_data
from nnfs_lit.experiments import experiment
from nnfs_lit.fast import FastNetwork
from nnfs_lit.layers import Dense
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.model import Model
from nnfs_lit.optimizers import Adam, GradientDescent
from nnfs_lit.training import TrainingConfig, run_training

NETWORKS = {  # name: a model of the seed's data, built from a generator
    "seed": lambda rng: Model(Dense(2, 3, rng=rng), ReLU(), Dense(3, 3, rng=rng),
                              loss=SoftmaxCrossEntropy(),
                              optimizer=GradientDescent(0.01)),
    "textbook": lambda rng: Model(Dense(2, 64, rng=rng), ReLU(), Dense(64, 3, rng=rng),
                                  loss=SoftmaxCrossEntropy(), optimizer=Adam(0.05)),
}


def epoch_microseconds(network, n_samples, epochs, *, fast=True, dtype=np.float64):
    """Microseconds per epoch of Model.fit on a spiral of n_samples points."""
    X, y = spiral_data(n_samples // 3, 3, rng=np.random.default_rng(0))
    model = NETWORKS[network](np.random.default_rng(1))
    for layer in model.trainable_layers:
        layer.weights = layer.weights.astype(dtype)
        layer.biases = layer.biases.astype(dtype)
    started = time.perf_counter()
    model.fit(X.astype(dtype), y, epochs=epochs,
              engine=FastNetwork if fast else None)
    return (time.perf_counter() - started) / epochs * 1e6


def side_by_side(contenders, repeats=5):
    """{name: median microseconds}: each repeat runs every contender once, in turn."""
    times = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, measure in contenders.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


@contextmanager
def checks_turned_off():
    """The input checks of nnfs_lit.checks, replaced by ones that let everything
    through: only to measure what the checks cost, never to train for real."""
    let_through = {
        "as_batch": lambda name, values, n_features=None: values,
        "as_gradient": lambda name, dvalues, output, layout=None: dvalues,
        "as_labels": lambda name, y_true, n_samples, n_classes: y_true,
    }
    kept = {name: getattr(checks, name) for name in let_through}
    for name, function in let_through.items():
        setattr(checks, name, function)
    try:
        yield
    finally:
        for name, function in kept.items():
            setattr(checks, name, function)


def without_checks(network, n_samples, epochs):
    with checks_turned_off():
        return epoch_microseconds(network, n_samples, epochs, fast=False)


def microseconds(function, number=300, repeats=5):
    """The median over `repeats` of the mean time of `number` calls, in us."""
    runs = timeit.repeat(function, number=number, repeat=repeats)
    return statistics.median(runs) / number * 1e6


def operation_pairs():
    """{change: (us before, us after)} for the operations each change replaces."""
    rng = np.random.default_rng(0)
    scores = rng.standard_normal((300, 3))  # (n_samples, n_classes)
    row_max = np.empty(300)
    z = rng.standard_normal((300, 64))  # (n_samples, n_neurons)
    out, zeros = np.empty_like(z), np.zeros_like(z)
    X, W = rng.standard_normal((300, 2)), rng.standard_normal((2, 64))
    b = np.zeros((1, 64))  # (1, n_neurons)

    def max_by_column():
        np.maximum(scores[:, 0], scores[:, 1], out=row_max)
        np.maximum(row_max, scores[:, 2], out=row_max)

    def dense_in_place():
        np.matmul(X, W, out=out)
        np.add(out, b, out=out)

    X_large = rng.standard_normal((3000, 2))  # a ten times larger batch
    out_large = np.empty((3000, 64))

    def large_dense_in_place():
        np.matmul(X_large, W, out=out_large)
        np.add(out_large, b, out=out_large)

    plain, flat = (NETWORKS["textbook"](np.random.default_rng(1)) for _ in "ab")
    network = FastNetwork(flat.layers, flat.loss, flat.optimizer)
    for layer in plain.trainable_layers + flat.trainable_layers:
        layer.dweights = np.full(layer.weights.shape, 1e-3)
        layer.dbiases = np.full(layer.biases.shape, 1e-3)
    return {
        "row max": (microseconds(lambda: scores.max(axis=1, keepdims=True)),
                    microseconds(max_by_column)),
        "ReLU": (microseconds(lambda: np.maximum(0, z)),
                 microseconds(lambda: np.maximum(zeros, z, out=out))),
        "dense layer": (microseconds(lambda: X @ W + b), microseconds(dense_in_place)),
        "dense layer 3000": (microseconds(lambda: X_large @ W + b, number=30),
                             microseconds(large_dense_in_place, number=30)),
        "Adam step": (
            microseconds(lambda: plain.optimizer.step(plain.trainable_layers)),
            microseconds(network.update)),
    }


@experiment("speed", "The plain and the fast steps, timed side by side by the build")
def speed_run():
    """The seed run's first 2000 epochs, and the build's timings as its scores."""
    scores = {}
    for network, n_samples, epochs in (("seed", 300, 1000), ("textbook", 300, 400),
                                       ("textbook", 3000, 40)):
        where = f"{network}_{n_samples}"
        workload = (network, n_samples, epochs)
        contenders = {f"plain_{where}_us": partial(epoch_microseconds, *workload,
                                                   fast=False),
                      f"fast_{where}_us": partial(epoch_microseconds, *workload)}
        if network == "textbook":
            contenders[f"unchecked_{where}_us"] = partial(without_checks, *workload)
            contenders[f"float32_{where}_us"] = partial(epoch_microseconds, *workload,
                                                        dtype=np.float32)
        scores.update(side_by_side(contenders))
    for change, (before, after) in operation_pairs().items():
        name = change.replace(" ", "_").lower()
        scores[f"{name}_before_us"], scores[f"{name}_after_us"] = before, after
    return replace(run_training(TrainingConfig(epochs=2000)), extra=scores)
