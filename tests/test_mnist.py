"""Chapter 23: the MNIST sample, its split, the preparation of drawn digits, early
stopping, and the page's copy of the network."""

import hashlib
import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnfs_lit.mnist import (
    MNIST_CNN,
    MNIST_FILE,
    MNIST_SHA256,
    MnistConfig,
    area_weights,
    build_mnist_model,
    fit_and_centre,
    load_mnist,
    mnist_sets,
    train_mnist,
)
from nnfs_lit.web import model_json, web_model


def test_the_shipped_file_is_the_one_the_book_was_measured_on():
    assert hashlib.sha256(MNIST_FILE.read_bytes()).hexdigest() == MNIST_SHA256
    X, y = load_mnist()
    assert X.shape == (5000, 784) and X.dtype == np.float64
    assert np.bincount(y).tolist() == [500] * 10
    assert X.min() == 0 and X.max() == 255


def test_a_damaged_copy_is_refused_and_a_missing_one_named(tmp_path):
    copy = tmp_path / "mnist5k.csv.gz"
    damaged = bytearray(MNIST_FILE.read_bytes())
    damaged[5000] ^= 0xFF
    copy.write_bytes(bytes(damaged))
    with pytest.raises(ValueError, match="load_mnist: .* is not the book's file "
                                         "mnist5k.csv.gz: expected SHA-256"):
        load_mnist(copy)
    with pytest.raises(FileNotFoundError, match="load_mnist: there is no file"):
        load_mnist(tmp_path / "gone.csv.gz")


def test_loading_gives_fresh_arrays_each_time():
    X, y = load_mnist()
    X[0, 0], y[0] = 99.0, 9
    X2, y2 = load_mnist()
    assert X2[0, 0] == 0.0 and y2[0] == 0


def test_the_split_is_stratified_scaled_and_disjoint():
    sets = mnist_sets(seed=0)
    parts = (sets.train, sets.validation, sets.test)
    assert [len(y) for _, y in parts] == [3500, 750, 750]
    for X, y in parts:
        assert X.min() == 0.0 and X.max() == 1.0
        assert len(set(np.bincount(y).tolist())) == 1  # the same count of each digit
    rows = [hashlib.sha256(x.tobytes()).digest() for X, _ in parts for x in X]
    assert len(set(rows)) == 5000
    assert not np.array_equal(mnist_sets(seed=1).test[1], sets.test[1]) or \
        not np.array_equal(mnist_sets(seed=1).test[0], sets.test[0])


@pytest.mark.parametrize("n_in, n_out", [(5, 13), (13, 5), (8, 20), (20, 20), (1, 20),
                                         (27, 20)])
def test_area_weights_share_each_cell_and_keep_the_ink(n_in, n_out):
    weights = area_weights(n_in, n_out)
    assert weights.shape == (n_out, n_in) and (weights >= 0).all()
    assert np.allclose(weights.sum(axis=1), 1.0)  # each out-cell: an average
    assert np.allclose(weights.sum(axis=0), n_out / n_in)  # each in-cell spread whole


@st.composite
def drawings(draw):
    """A random blob of ink inside the 28x28 grid, and how far it can move."""
    height, width = draw(st.integers(1, 24)), draw(st.integers(1, 24))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    blob = rng.random((height, width)) * (rng.random((height, width)) < 0.6)
    blob[0, rng.integers(width)] = blob[-1, rng.integers(width)] = 1.0  # the box's
    blob[rng.integers(height), 0] = blob[rng.integers(height), -1] = 1.0  # edges inked
    top, left = draw(st.integers(0, 28 - height)), draw(st.integers(0, 28 - width))
    return blob, top, left


def placed(blob, top, left):
    ink = np.zeros((28, 28))
    ink[top:top + blob.shape[0], left:left + blob.shape[1]] = blob
    return ink


@settings(max_examples=150, deadline=None)
@given(drawings())
def test_the_preparation_fits_a_20_box_and_centres_the_mass(drawing):
    blob, top, left = drawing
    ready = fit_and_centre(placed(blob, top, left))
    assert ready.shape == (28, 28) and ready.min() >= 0 and ready.max() <= 1 + 1e-12
    mass = ready.sum()
    centre = [ready.sum(axis=k) @ np.arange(28) / mass for k in (1, 0)]
    inside = ready[1:-1, 1:-1].sum() == pytest.approx(mass)  # nothing cut off
    if inside:
        assert all(abs(c - 13.5) <= 0.5 + 1e-9 for c in centre), centre
        rows = np.flatnonzero(ready.max(axis=1))
        columns = np.flatnonzero(ready.max(axis=0))
        longest = max(rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1)
        assert longest == 20


@settings(max_examples=100, deadline=None)
@given(drawings(), st.data())
def test_where_the_digit_is_drawn_does_not_matter(drawing, data):
    blob, top, left = drawing
    other_top = data.draw(st.integers(0, 28 - blob.shape[0]))
    other_left = data.draw(st.integers(0, 28 - blob.shape[1]))
    assert np.array_equal(fit_and_centre(placed(blob, top, left)),
                          fit_and_centre(placed(blob, other_top, other_left)))


def test_a_blank_drawing_stays_blank_and_bad_ink_is_named():
    assert (fit_and_centre(np.zeros((28, 28))) == 0).all()
    with pytest.raises(ValueError, match=r"ink must be 28x28 values in \[0, 1\], got "
                                         r"shape \(8, 8\)"):
        fit_and_centre(np.zeros((8, 8)))
    with pytest.raises(ValueError, match=r"ink must be 28x28 values in \[0, 1\]"):
        fit_and_centre(np.full((28, 28), 2.0))
    with pytest.raises(ValueError, match="ink must be finite"):
        fit_and_centre(np.full((28, 28), np.nan))
    with pytest.raises(ValueError, match=r"ink must be 2-D \(height, width\)"):
        fit_and_centre(np.zeros(784))


def test_real_digits_keep_their_size():
    """MNIST's digits were prepared this way: their box is already 20 pixels."""
    X, _ = mnist_sets(seed=0).test
    for x in X[:50]:
        ready = fit_and_centre(x.reshape(28, 28))
        assert ready.sum() == pytest.approx(x.sum())  # the same ink, moved
        assert np.array_equal(np.sort(ready.ravel()), np.sort(x))


def test_a_config_names_what_is_wrong():
    with pytest.raises(ValueError, match="kind must be one of"):
        MnistConfig(kind="rnn")
    with pytest.raises(ValueError, match="kernels must give one size per convolution"):
        MnistConfig(filters=(8, 16), kernels=(5,))


def small_run(epochs=3, **changes):
    """The chapter's CNN, trained for a few epochs on a slice of the training set."""
    return train_mnist(replace(MNIST_CNN, epochs=epochs, **changes))


def test_early_stopping_keeps_the_best_validation_epochs_weights(monkeypatch):
    import nnfs_lit.mnist as mnist

    sets = mnist.mnist_sets(seed=0)
    small = type(sets)(train=(sets.train[0][:300], sets.train[1][:300]),
                      validation=(sets.validation[0][:200], sets.validation[1][:200]),
                      test=sets.test)
    monkeypatch.setattr(mnist, "mnist_sets", lambda seed: small)
    run = mnist.train_mnist(replace(MNIST_CNN, epochs=4, hidden=(16,)))
    after = [*run.history.val_accuracy[1:], None]
    best = run.scores["best_epoch"]
    assert 1 <= best <= 4
    kept = run.scores["validation_accuracy"]
    assert all(kept >= value for value in after[:-1])  # none after it was better...
    assert all(kept > value for value in after[:best - 1])  # ...nor as good before


def numpy_forward(exported, images):
    """The page's forward pass, written again from the JSON alone, with loops over
    the filters as the page's script has them (no im2col)."""
    values = np.asarray(images, dtype=float)  # (n, 784)
    for layer in exported["layers"]:
        kind = layer["kind"]
        if kind == "reshape":
            values = values.reshape(len(values), *layer["shape"])
        elif kind == "conv2d":
            weights, biases = np.array(layer["weights"]), np.array(layer["biases"])
            assert layer["stride"] == [1, 1] and layer["padding"] == [0, 0]
            o, c, kh, kw = weights.shape
            oh, ow = values.shape[2] - kh + 1, values.shape[3] - kw + 1
            out = np.zeros((len(values), o, oh, ow))
            for k in range(kh):
                for m in range(kw):
                    patch = values[:, :, k:k + oh, m:m + ow]  # (n, c, oh, ow)
                    out += np.einsum("ncij,oc->noij", patch, weights[:, :, k, m])
            values = out + biases[None, :, None, None]
        elif kind == "maxpool2d":
            n, c, h, w = values.shape
            values = values[:, :, :h // 2 * 2, :w // 2 * 2].reshape(
                n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))
        elif kind == "flatten":
            values = values.reshape(len(values), -1)
        elif kind == "dense":
            values = values @ np.array(layer["weights"]) + np.array(layer["biases"])
        else:
            assert kind == "relu"
            values = np.maximum(0, values)
    exps = np.exp(values - values.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


def test_the_exported_network_gives_the_packages_probabilities():
    run = small_run(epochs=1)
    X_test, y_test = run.sets.test
    exported = json.loads(json.dumps(web_model(run.network, X_test, y_test)))
    assert [layer["kind"] for layer in exported["layers"]] == [
        "reshape", "conv2d", "relu", "maxpool2d", "conv2d", "relu", "maxpool2d",
        "flatten", "dense", "relu", "dense"]  # no RandomShift, no Dropout
    assert exported["side"] == 28 and exported["box"] == 20
    assert [e["digit"] for e in exported["examples"]] == list(range(10))
    expected = run.network.predict_proba(X_test[:60])
    assert np.abs(numpy_forward(exported, X_test[:60]) - expected).max() < 1e-12
    three = exported["examples"][3]["pixels"]
    assert three == np.rint(X_test[np.flatnonzero(y_test == 3)[0]] * 255).astype(
        int).tolist()


def test_the_export_refuses_a_layer_the_page_cannot_run():
    from nnfs_lit import Model, Sigmoid

    model = build_mnist_model(MnistConfig(kind="dense", shift=0, hidden=(4,)),
                              np.random.default_rng(0))
    model = Model(*model.layers[:-1], Sigmoid(), model.layers[-1])
    with pytest.raises(TypeError, match="the page cannot run a Sigmoid layer"):
        web_model(model, np.zeros((10, 784)), np.arange(10))


def test_only_the_mnist_experiment_publishes_its_model():
    from nnfs_lit import book_experiments  # noqa: F401  (registers the experiments)
    from nnfs_lit.experiments import EXPERIMENTS

    publishing = [name for name, e in EXPERIMENTS.items() if e.site_files is not None]
    assert publishing == ["mnist"] and EXPERIMENTS["mnist"].site_files is model_json


def test_an_mnist_run_draws_its_figures_and_its_filters():
    from nnfs_lit.plots import run_figures

    run = small_run(epochs=1)
    figures = run_figures(run)
    assert list(figures) == ["training_progress", "confusion_matrix", "misclassified",
                             "filters"]
    assert len(figures["filters"].axes) == 8
    dense = train_mnist(replace(MNIST_CNN, kind="dense", hidden=(8,), epochs=1))
    assert "filters" not in run_figures(dense)


@pytest.mark.slow  # trains the small CNN once: about 20 s
def test_command_line_mnist_reports_the_cnns_test_accuracy(tmp_path):
    done = subprocess.run([sys.executable, "-m", "nnfs_lit", "--model", "mnist",
                           "--json"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    numbers = json.loads(line)
    assert numbers["model"] == "mnist" and numbers["epochs"] == MNIST_CNN.epochs
    assert numbers["test_accuracy"] >= 0.97  # seed 0's small CNN, on 750 test digits
    assert 1 <= numbers["best_epoch"] <= MNIST_CNN.epochs
    assert 0 < numbers["seconds"] < 120
