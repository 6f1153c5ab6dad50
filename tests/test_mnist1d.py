"""Chapter 24's MNIST-1D: the book's generator against the mnist1d package, the
split, the networks, bad inputs named, and the command line's convolutional network."""

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nnfs_lit import floats
from nnfs_lit.mnist1d import (
    LENGTH,
    MNIST1D_CNN,
    MNIST1D_DENSE,
    Mnist1DConfig,
    build_mnist1d_model,
    distort,
    fingerprint,
    gaussian_kernel,
    make_mnist1d,
    mnist1d_data,
    mnist1d_sets,
    resample,
    smooth,
    templates,
)

# the package's own output for its default arguments, recorded by the script beside it
PACKAGE_SHA256 = (Path(__file__).resolve().parent / "data" / "mnist1d_sha256.txt"
                  ).read_text().strip()


def test_the_books_generator_makes_the_packages_data_set_bit_for_bit():
    if not floats.in_effect()["pinned"]:
        pytest.skip("the recorded bits were made under the book's float environment")
    (X, y), (X_test, y_test) = make_mnist1d()
    assert fingerprint(X, y, X_test, y_test) == PACKAGE_SHA256
    assert (X.dtype, y.dtype) == (np.float64, np.int64)  # the bytes the hash reads


def test_the_fingerprint_changes_with_a_single_bit():
    (X, y), (X_test, y_test) = mnist1d_data()
    nudged = X.copy()
    nudged[1234, 5] = np.nextafter(nudged[1234, 5], np.inf)  # one bit of one value
    assert fingerprint(nudged, y, X_test, y_test) != fingerprint(X, y, X_test, y_test)
    assert fingerprint(X, y) != fingerprint(y, X)  # the order is part of it


def test_shapes_class_balance_and_standardisation():
    (X, y), (X_test, y_test) = make_mnist1d()
    assert X.shape == (4000, LENGTH) and X_test.shape == (1000, LENGTH)
    counts = np.bincount(np.concatenate([y, y_test]))
    assert counts.tolist() == [500] * 10  # 500 made of each digit, then shuffled
    everything = np.concatenate([X, X_test])
    assert abs(everything.mean()) < 1e-12 and abs(everything.std() - 1) < 1e-12
    assert not np.array_equal(y[:10], np.sort(y[:10]))  # shuffled, not digit by digit


def test_other_sizes_and_seeds_make_other_data_sets():
    (X, y), (X_test, y_test) = make_mnist1d(200, seed=1, train_fraction=0.5)
    assert X.shape == (100, LENGTH) and X_test.shape == (100, LENGTH)
    assert np.bincount(np.concatenate([y, y_test])).tolist() == [20] * 10
    (X2, _), _ = make_mnist1d(200, seed=2, train_fraction=0.5)
    assert not np.allclose(X, X2)


def test_the_shared_data_set_is_read_only_and_made_once():
    (X, y), (X_test, y_test) = mnist1d_data()
    assert mnist1d_data()[0][0] is X
    for array in (X, y, X_test, y_test):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0


def test_templates_start_and_end_at_zero():
    prepared = templates()
    assert prepared.shape == (10, 12)
    assert np.all(prepared[:, 0] == 0) and np.all(prepared[:, -1] == 0)


def test_smooth_is_np_convolve_on_the_mirrored_signal():
    kernel = gaussian_kernel(2.0)
    assert len(kernel) == 17 and abs(kernel.sum() - 1) < 1e-15
    assert np.array_equal(kernel, kernel[::-1])
    signal = np.random.default_rng(3).standard_normal(72)
    padded = np.pad(signal, 8, mode="symmetric")
    assert np.allclose(smooth(signal, kernel), np.convolve(padded, kernel, "valid"),
                       rtol=0, atol=1e-15)
    assert np.allclose(smooth(np.ones(30), kernel), 1.0)  # an average keeps a constant


def test_resample_keeps_the_ends_and_a_straight_line():
    line = np.linspace(-1, 3, 12)
    assert np.allclose(resample(line, 40), np.linspace(-1, 3, 40))
    assert resample(line, 72)[[0, -1]].tolist() == [-1.0, 3.0]


def test_distort_draws_six_numbers_per_example_in_the_packages_order():
    rng = np.random.RandomState(0)
    signal = distort(templates()[3], rng)
    assert signal.shape == (LENGTH,)
    after = rng.get_state()
    rng = np.random.RandomState(0)
    rng.rand(), rng.rand(), rng.randint(48), rng.randn(72), rng.randn(72), rng.rand()
    state = rng.get_state()
    assert np.array_equal(state[1], after[1]) and state[2:] == after[2:]


def test_the_split_is_stratified_and_the_test_set_is_the_official_one():
    sets = mnist1d_sets(seed=0)
    (X, y), (X_test, y_test) = mnist1d_data()
    assert [len(part[1]) for part in (sets.train, sets.validation)] == [3400, 600]
    assert sets.test[0] is X_test and sets.test[1] is y_test
    assert np.bincount(sets.validation[1]).tolist() == [
        round(0.15 * n) for n in np.bincount(y)]
    rows = np.concatenate([sets.train[0], sets.validation[0]])
    assert len(np.unique(rows, axis=0)) == 4000  # disjoint, and all of them
    other = mnist1d_sets(seed=1)
    assert not np.array_equal(other.validation[1], sets.validation[1])


def test_the_networks_have_the_pages_layers_and_parameters():
    rng = np.random.default_rng(0)
    cnn = build_mnist1d_model(MNIST1D_CNN, rng)
    dense = build_mnist1d_model(MNIST1D_DENSE, rng)
    count = lambda model: sum(layer.weights.size + layer.biases.size  # noqa: E731
                              for layer in model.trainable_layers)
    assert (count(cnn), count(dense)) == (4298, 15210)
    assert cnn.forward(np.zeros((3, LENGTH))).shape == (3, 10)


@pytest.mark.parametrize("call, message", [
    (lambda: make_mnist1d(5), "n_samples must be at least 10"),
    (lambda: make_mnist1d(0), "n_samples"),
    (lambda: make_mnist1d(100.5), "n_samples"),
    (lambda: make_mnist1d(100, seed=-1), "seed must be a whole number"),
    (lambda: make_mnist1d(100, train_fraction=1.5), "train_fraction must be in"),
    (lambda: make_mnist1d(100, scales=0.1), "unexpected keyword argument 'scales'"),
    (lambda: mnist1d_sets(seed="0"), "seed must be a whole number"),
    (lambda: mnist1d_sets(validation_fraction=1.0), "validation_fraction must be in"),
    (lambda: mnist1d_sets(validation_fraction=0.0), "fractions"),
    (lambda: Mnist1DConfig(kind="rnn"), "kind"),
    (lambda: Mnist1DConfig(channels=(16, 16), strides=(1, 2, 2)),
     "strides must give one stride per convolution"),
    (lambda: Mnist1DConfig(channels=16), "channels must be a tuple"),
    (lambda: Mnist1DConfig(kernel_size=0), "kernel_size"),
    (lambda: Mnist1DConfig(seed=1.5), "seed must be a whole number"),
])
def test_bad_inputs_are_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_a_short_run_keeps_its_best_epoch():
    from nnfs_lit.mnist1d import train_mnist1d

    run = train_mnist1d(replace(MNIST1D_CNN, channels=(4, 4, 4), epochs=3))
    best, kept = run.scores["best_epoch"], run.scores["validation_accuracy"]
    assert 1 <= best <= 3
    measured = run.history.val_accuracy[1:]  # after epochs 1 and 2
    assert kept >= max(measured)
    if best < 3:
        assert kept == measured[best - 1]


@pytest.mark.slow  # trains the convolutional network once: about 10 s
def test_command_line_mnist1d_reports_the_cnns_test_accuracy(tmp_path):
    done = subprocess.run([sys.executable, "-m", "nnfs_lit", "--model", "mnist1d",
                           "--json"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    numbers = json.loads(line)
    assert numbers["model"] == "mnist1d" and numbers["epochs"] == 60
    assert numbers["test_accuracy"] >= 0.9  # seed 0's convolutional network
    assert 1 <= numbers["best_epoch"] <= 60
    assert 0 < numbers["seconds"] < 120
