# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/18-digits.md, "The data: 1797 small digits", block 1
"""Chapter 18: handwritten digits, a stratified split, and mini-batches."""

import functools
import gzip
import hashlib
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nnfs_lit import checks
from nnfs_lit.initializers import dense_stack
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.model import Model
from nnfs_lit.optimizers import Adam
from nnfs_lit.runs import ModelRun

DIGITS_FILE = Path(__file__).resolve().parent / "datasets" / "digits.csv.gz"
DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
N_PIXELS, N_DIGITS, MAX_INK = 64, 10, 16  # 8x8 images, digits 0-9, ink 0..16


def load_digits(path=DIGITS_FILE):
    """The digits: X (1797, 64), pixels 0..16 as floats, and y (1797,), digits 0..9.

    Reads `path` (by default the copy in the package) only if its SHA-256 is
    DIGITS_SHA256, the bytes every number of chapter 18 was measured on.
    """
    table = read_checked_table(path, DIGITS_SHA256, "load_digits", DIGITS_FILE)
    return table[:, :N_PIXELS].astype(np.float64), table[:, N_PIXELS]  # (1797, 65)


def read_checked_table(path, sha256, loader, shipped):
    """The whole numbers of the gzipped CSV file `path`, one row per line, read
    only if the file's SHA-256 is `sha256`; `loader` names the function that asks,
    and `shipped` the copy in the package, in the errors."""
    path = Path(path)
    try:
        packed = path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{loader}: there is no file {path}; the data ships with the "
            f"package as {shipped}: reinstall nnfs-lit") from None
    got = hashlib.sha256(packed).hexdigest()
    if got != sha256:
        raise ValueError(
            f"{loader}: {path} is not the book's file {Path(shipped).name}: expected "
            f"SHA-256 {sha256}, got {got}")
    return np.loadtxt(io.BytesIO(gzip.decompress(packed)), delimiter=",",
                      dtype=np.int64)  # (n_samples, n_pixels + 1): pixels, the digit


# docs/18-digits.md, "A stratified split", block 1
def stratified_split(y, fractions=(0.6, 0.2, 0.2), *, rng):
    """Indices of len(fractions) disjoint parts of the samples whose labels are y,
    each with every class in the same proportion: each class's samples, shuffled
    by `rng`, cut at the rounded cumulative fractions. Each part's are sorted."""
    labels = np.asarray(y)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise TypeError("stratified_split: y must be a 1-D array of integer labels, "
                        f"got shape {labels.shape} and dtype {labels.dtype}")
    fractions = [checks.positive_number("fractions", f) for f in fractions]
    if len(fractions) < 2 or abs(sum(fractions) - 1) > 1e-9:
        raise ValueError("stratified_split: fractions must be two or more positive "
                         f"numbers that add up to 1, got {fractions}")
    rng = checks.as_rng(rng)
    cuts = np.cumsum(fractions)[:-1]  # (n_parts - 1,)
    parts = [[] for _ in fractions]
    for label in np.unique(labels):
        rows = rng.permutation(np.flatnonzero(labels == label))  # (n_c,), shuffled
        bounds = np.round(cuts * len(rows)).astype(int)  # (n_parts - 1,)
        for part, chunk in zip(parts, np.split(rows, bounds), strict=True):
            part.append(chunk)
    return tuple(np.sort(np.concatenate(part)) for part in parts)


# docs/18-digits.md, "A stratified split", block 2
@dataclass(frozen=True)
class DigitsSets:
    """Training, validation and test sets of the digits, each a pair (X, y)."""

    train: tuple  # X (n_train, 64), pixels / 16, in [0, 1]; y (n_train,)
    validation: tuple  # X (n_validation, 64), y (n_validation,)
    test: tuple  # X (n_test, 64), y (n_test,)


def digits_sets(*, seed=0, fractions=(0.6, 0.2, 0.2)):
    """The digits, scaled by 1/16, split by stratified_split(rng=seed) into three."""
    X, y = load_digits()
    return split_sets(X / MAX_INK, y, seed=seed, fractions=fractions)  # X in [0, 1]


def split_sets(X, y, *, seed, fractions):
    """(X, y) cut into training, validation and test sets by stratified_split."""
    rng = np.random.default_rng(checks.seed("seed", seed))
    parts = stratified_split(y, fractions, rng=rng)
    return DigitsSets(*[(X[rows], y[rows]) for rows in parts])


# docs/18-digits.md, "What the batch size changes, measured", block 1
@dataclass(frozen=True)
class DigitsConfig:
    """A digits run: the network, its training, and the split it learns from."""

    hidden: tuple = (64,)  # the widths of the hidden layers; () is no hidden layer
    learning_rate: float = 0.001  # Adam's
    epochs: int = 50
    batch_size: int = 32  # None: full batch
    n_classes: int = N_DIGITS
    seed: int = 0  # the first weights and the batches' order
    data_seed: int = 0  # the split

    def __post_init__(self):
        """Name a bad setting when the config is made, not deep inside a run."""
        checks.seed("seed", self.seed)
        checks.seed("data_seed", self.data_seed)
        checks.widths("hidden", self.hidden)


def build_digits_model(config, rng):
    """64 inputs, config.hidden ReLU layers with He's start, 10 outputs; Adam."""
    layers = dense_stack([N_PIXELS, *config.hidden, config.n_classes], rng=rng)
    optimizer = Adam(checks.positive_number("learning_rate", config.learning_rate))
    return Model(*layers, loss=SoftmaxCrossEntropy(), optimizer=optimizer)


@dataclass
class DigitsRun(ModelRun):
    """A ModelRun on the digits, which draws its own pictures: 64 inputs have no
    decision boundary to draw."""

    elapsed: np.ndarray = None  # (epochs,) seconds of training at each epoch's end
    drawn: tuple = ("training_progress", "confusion_matrix", "misclassified")
    compared: dict = field(default_factory=dict)  # batch size -> its DigitsRun

    def figures(self, make_figure=None):
        """Its pictures by name, for plots.run_figures: those named in `drawn`."""
        from nnfs_lit.plots import digits_figures

        return digits_figures(self, make_figure)


def train_digits(config=DigitsConfig(), engine=None):
    """Build config's model and train it on digits_sets(seed=config.data_seed)'s
    training set with mini-batches, validating every epoch; its DigitsRun. engine goes
    to fit."""
    sets = digits_sets(seed=config.data_seed)
    rng = np.random.default_rng(config.seed)
    model = build_digits_model(config, rng)
    started, elapsed = time.perf_counter(), []
    history = model.fit(*sets.train, epochs=config.epochs,
                        batch_size=config.batch_size, rng=rng,
                        validation_data=sets.validation, engine=engine,
                        callback=lambda *_: elapsed.append(time.perf_counter()
                                                           - started))
    return DigitsRun(config, sets, model, history, elapsed=np.array(elapsed))


BATCH_SIZES = (8, 32, 128, None)  # None: the full batch
FULL_BATCH_EPOCHS = 500  # ten times the others': time to reach their loss


# docs/18-digits.md, "The network, chosen on validation", block 1
DIGITS_CANDIDATES = tuple(DigitsConfig(hidden=hidden, learning_rate=rate)
                          for hidden in [(64,), (128,), (64, 64)]
                          for rate in (0.001, 0.003))
BASELINE_CANDIDATES = tuple(DigitsConfig(hidden=(), learning_rate=rate)
                            for rate in (0.001, 0.003, 0.01, 0.03, 0.1))


@functools.cache  # the build asks more than once
def choose_digits_model(candidates=DIGITS_CANDIDATES, engine=None):
    """(the candidate with the best validation accuracy, {candidate: accuracy});
    a tie goes to the first. The test set plays no part."""
    validation = {config: train_digits(config, engine).scores["validation_accuracy"]
                  for config in candidates}
    return max(validation, key=validation.get), validation
