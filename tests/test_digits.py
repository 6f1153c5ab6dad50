"""Chapter 18's digits: the shipped file, its checks, the split and the page's model."""

import gzip
import hashlib
import shutil
import tomllib
from pathlib import Path

import numpy as np
import pytest

from nnfs_lit import (
    DIGITS_FILE,
    DIGITS_SHA256,
    DigitsConfig,
    confusion_matrix,
    digits_sets,
    load_digits,
    stratified_split,
    train_digits,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_file_is_the_one_the_book_was_measured_on():
    assert DIGITS_FILE == ROOT / "nnfs_lit" / "datasets" / "digits.csv.gz"
    assert hashlib.sha256(DIGITS_FILE.read_bytes()).hexdigest() == DIGITS_SHA256
    X, y = load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert set(np.unique(X)) <= set(range(17)) and sorted(set(y)) == list(range(10))


def test_the_package_ships_the_data_with_its_provenance_and_license():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "nnfs_lit.datasets" in setuptools["packages"]
    assert {"digits.csv.gz", "README.md"} <= set(
        setuptools["package-data"]["nnfs_lit.datasets"])
    note = (DIGITS_FILE.parent / "README.md").read_text(encoding="utf-8")
    for fact in ("CC BY 4.0", "Alpaydin", "Kaynak", "10.24432/C50P49", DIGITS_SHA256):
        assert fact in note
    chapter = (ROOT / "docs" / "18-digits.md").read_text(encoding="utf-8")
    for fact in ("CC BY 4.0", "Alpaydin", "Kaynak", "10.24432/C50P49"):
        assert fact in chapter


def test_a_missing_file_is_a_clear_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere" / "digits.csv.gz"
    with pytest.raises(FileNotFoundError, match="load_digits: there is no file") as caught:
        load_digits(path=missing)
    assert str(missing) in str(caught.value) and "reinstall" in str(caught.value)


def test_a_corrupted_copy_is_refused_naming_the_file_and_both_digests(tmp_path):
    copy = tmp_path / "digits.csv.gz"
    shutil.copy(DIGITS_FILE, copy)
    assert load_digits(path=copy)[0].shape == (1797, 64)  # an intact copy loads
    damaged = bytearray(copy.read_bytes())
    damaged[1000] ^= 0xFF  # one flipped byte
    copy.write_bytes(bytes(damaged))
    got = hashlib.sha256(bytes(damaged)).hexdigest()
    with pytest.raises(ValueError) as caught:
        load_digits(path=copy)
    message = str(caught.value)
    assert str(copy) in message and "not the book's file digits.csv.gz" in message
    assert f"expected SHA-256 {DIGITS_SHA256}, got {got}" in message


def test_a_well_formed_file_with_other_digits_is_refused_too(tmp_path):
    # The check is on the bytes, not on the shape: edited values are caught as well.
    rows = gzip.decompress(DIGITS_FILE.read_bytes()).decode().splitlines()
    rows[0] = rows[0][:-1] + "9"  # the first digit's label, 0 -> 9
    copy = tmp_path / "digits.csv.gz"
    copy.write_bytes(gzip.compress(("\n".join(rows) + "\n").encode()))
    with pytest.raises(ValueError, match="expected SHA-256"):
        load_digits(path=copy)


def test_stratified_split_keeps_every_class_within_one_sample_of_its_share():
    y = np.repeat(np.arange(3), [50, 30, 20])  # (100,), unbalanced on purpose
    parts = stratified_split(y, (0.5, 0.3, 0.2), rng=np.random.default_rng(4))
    assert sorted(np.concatenate(parts).tolist()) == list(range(100))
    for part, fraction in zip(parts, (0.5, 0.3, 0.2), strict=True):
        expected = fraction * np.bincount(y)
        assert np.abs(np.bincount(y[part], minlength=3) - expected).max() <= 0.5
        assert (np.diff(part) > 0).all()  # sorted, no repeats


def test_stratified_split_depends_on_its_rng_only():
    y = load_digits()[1]
    first = stratified_split(y, rng=np.random.default_rng(0))
    again = stratified_split(y, rng=np.random.default_rng(0))
    other = stratified_split(y, rng=np.random.default_rng(1))
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[2], other[2])


@pytest.mark.parametrize("y, fractions, rng, error, message", [
    (np.zeros(4), (0.5, 0.5), np.random.default_rng(0), TypeError, "integer labels"),
    (np.zeros((2, 2), int), (0.5, 0.5), np.random.default_rng(0), TypeError, "1-D"),
    (np.zeros(4, int), (0.5, 0.6), np.random.default_rng(0), ValueError, "add up to 1"),
    (np.zeros(4, int), (1.0,), np.random.default_rng(0), ValueError, "two or more"),
    (np.zeros(4, int), (0.5, -0.5, 1.0), np.random.default_rng(0), ValueError,
     "fractions"),
    (np.zeros(4, int), (0.5, 0.5), 0, TypeError, "rng must be a NumPy random generator"),
])
def test_stratified_split_names_what_is_wrong(y, fractions, rng, error, message):
    with pytest.raises(error, match=message):
        stratified_split(y, fractions, rng=rng)


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    counts = confusion_matrix(np.array([2, 2, 0]), np.array([2, 1, 0]), 3)
    assert counts.tolist() == [[1, 0, 0], [0, 0, 0], [0, 1, 1]]
    with pytest.raises(ValueError, match=r"class labels must be in \[0, 2\], got 3"):
        confusion_matrix(np.array([0, 3]), np.array([0, 1]), 3)


def test_the_sets_are_scaled_stratified_and_disjoint():
    sets = digits_sets(seed=0)
    sizes = [len(X) for X, _ in (sets.train, sets.validation, sets.test)]
    assert sizes == [1078, 360, 359]
    for X, _ in (sets.train, sets.validation, sets.test):
        assert X.shape[1] == 64 and X.min() == 0.0 and X.max() == 1.0
    rows = {tuple(x) for X, _ in (sets.train, sets.validation, sets.test) for x in X}
    assert len(rows) > 1700  # (a few digits are drawn identically in the data itself)


def test_a_digits_run_draws_its_own_figures():
    from nnfs_lit.plots import run_figures

    run = train_digits(DigitsConfig(hidden=(8,), epochs=2))
    figures = run_figures(run)
    assert list(figures) == ["training_progress", "confusion_matrix", "misclassified"]
