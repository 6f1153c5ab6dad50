# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/24-mnist1d.md, "The data: MNIST-1D", block 1
"""Chapter 24: MNIST-1D, ten digits drawn as signals of 40 numbers, made again in
NumPy from the templates and the steps of Sam Greydanus's mnist1d package
(Apache-2.0); a dense and a one-dimensional convolutional network read them."""

import functools
import hashlib
from dataclasses import dataclass

import numpy as np

from nnfs_lit import checks
from nnfs_lit.activations import ReLU
from nnfs_lit.conv import Conv1D, Flatten, Reshape, output_size
from nnfs_lit.digits import DigitsSets, stratified_split
from nnfs_lit.initializers import dense_stack
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.mnist import MnistRun, fit_best_epoch
from nnfs_lit.model import Model
from nnfs_lit.optimizers import Adam

# mnist1d's ten templates, one row per digit, 12 points each (Greydanus, 2020)
TEMPLATES = np.array([
    [5, 6, 6.5, 6.75, 7, 7, 7, 7, 6.75, 6.5, 6, 5],  # 0
    [5, 3, 3, 3.4, 3.8, 4.2, 4.6, 5, 5.4, 5.8, 5, 5],  # 1
    [5, 6, 6.5, 6.5, 6, 5.25, 4.75, 4, 3.5, 3.5, 4, 5],  # 2
    [5, 6, 6.5, 6.5, 6, 5, 5, 6, 6.5, 6.5, 6, 5],  # 3
    [5, 4.4, 3.8, 3.2, 2.6, 2.6, 5, 5, 5, 5, 5, 5],  # 4
    [5, 3, 3, 3, 3, 5, 6, 6.5, 6.5, 6, 4.5, 5],  # 5
    [5, 4, 3.5, 3.25, 3, 3, 3, 3, 3.25, 3.5, 4, 5],  # 6
    [5, 7, 7, 6.6, 6.2, 5.8, 5.4, 5, 4.6, 4.2, 5, 5],  # 7
    [5, 4, 3.5, 3.5, 4, 5, 5, 4, 3.5, 3.5, 4, 5],  # 8
    [5, 4, 3.5, 3.5, 4, 5, 5, 5, 5, 4.7, 4.3, 5],  # 9
])  # (10, 12)
N_CLASSES, LENGTH = 10, 40  # ten digits; every signal has 40 values


def templates():
    """TEMPLATES as mnist1d prepares them: each row standardised, moved to start
    at 0, and divided by 6. (10, 12)"""
    x = TEMPLATES - TEMPLATES.mean(axis=1, keepdims=True)
    x /= x.std(axis=1, keepdims=True)  # each row: mean 0, standard deviation 1
    x -= x[:, :1]  # each row starts at 0, and so ends at 0: its first value is its last
    return x / 6.0


# docs/24-mnist1d.md, "From a template to an example", block 1
def resample(signal, n_points):
    """The piecewise-linear curve through `signal`'s values, equally spaced on
    [0, 1], read at n_points equally spaced places: a stretch or a squeeze."""
    old = np.linspace(0, 1, len(signal))
    return np.interp(np.linspace(0, 1, n_points), old, signal)  # (n_points,)


def gaussian_kernel(sigma=2.0, truncate=4.0):
    """A bell curve of standard deviation sigma, cut at truncate * sigma on each
    side (17 weights for sigma 2), scaled to add up to 1."""
    radius = int(truncate * sigma + 0.5)
    offsets = np.arange(-radius, radius + 1)  # (2 * radius + 1,)
    weights = np.exp(-0.5 / sigma**2 * offsets**2)
    return weights / weights.sum()


def smooth(signal, kernel):
    """`signal` convolved with the symmetric `kernel`, mirrored at its ends:
    np.convolve(np.pad(signal, r, mode="symmetric"), kernel, "valid"), with the
    products added in the order of SciPy's gaussian_filter, outermost pair first."""
    radius = len(kernel) // 2
    padded = np.pad(signal, radius, mode="symmetric")  # (n + 2 * radius,)
    n = len(signal)
    out = padded[radius:radius + n] * kernel[radius]  # the centre weight
    for j in range(radius, 0, -1):  # then the neighbours j to the left and right
        out = out + (padded[radius + j:radius + j + n]
                     + padded[radius - j:radius - j + n]) * kernel[radius + j]
    return out  # (n,)


# docs/24-mnist1d.md, "From a template to an example", block 2
def distort(template, rng, *, padding=(36, 60), scale=0.4, max_shift=48,
            correlated_noise=0.25, iid_noise=0.02, shear=0.75, length=LENGTH):
    """One example made from `template` (12,): a signal (length,), drawn with the
    legacy RandomState `rng` in mnist1d's order."""
    least, most = padding
    n_points = len(template) + most  # 72: the length while it is distorted
    # 1. the template, then 36 to 60 zeros; 1e-8 keeps the template's own zeros apart
    n_zeros = least + int(rng.rand() * (most - least + 1))
    signal = np.concatenate([template + 1e-8, np.zeros(n_zeros)])  # (12 + n_zeros,)
    # 2. stretched to 72 points: the fewer the zeros, the wider the digit
    signal = resample(signal, n_points)  # (72,)
    # 3. taller or flatter, by a factor from 0.8 to 1.2
    signal = signal * (1 + scale * (rng.rand() - 0.5))
    # 4. moved right by 0 to 47 places, the end coming round at the start
    signal = np.roll(signal, rng.randint(max_shift))
    # 5. smooth noise where there is no digit (where the signal is exactly 0)
    background = smooth(correlated_noise * rng.randn(n_points), gaussian_kernel(2.0))
    signal = np.where(signal != 0, signal, background)
    # 6. a little independent noise everywhere
    signal = signal + iid_noise * rng.randn(n_points)
    # 7. sheared: a line of random slope added
    slope = shear * (rng.rand() - 0.5)
    signal = signal - slope * np.linspace(-0.5, 0.5, n_points)
    # 8. read at 40 equally spaced places
    return resample(signal, length)  # (length,)


# docs/24-mnist1d.md, "From a template to an example", block 3
def make_mnist1d(n_samples=5000, *, seed=42, train_fraction=0.8, **distortions):
    """mnist1d's data set: n_samples // 10 examples of each digit, shuffled,
    standardised together and cut into ((X, y), (X_test, y_test)), X (n, 40);
    `distortions` go to distort()."""
    n_samples = checks.positive_int("n_samples", n_samples)
    if n_samples < N_CLASSES:
        raise ValueError(f"make_mnist1d: n_samples must be at least {N_CLASSES}, one "
                         f"example of each digit, got {n_samples}")
    rng = np.random.RandomState(checks.seed("seed", seed))  # mnist1d's generator
    train_fraction = checks.fraction("train_fraction", train_fraction)
    per_class = n_samples // N_CLASSES
    X = np.stack([distort(template, rng, **distortions) for template in templates()
                  for _ in range(per_class)])  # (10 * per_class, 40): digit by digit
    y = np.repeat(np.arange(N_CLASSES), per_class)  # (10 * per_class,)
    order = rng.permutation(len(y))
    X, y = X[order], y[order]
    X = (X - X.mean()) / X.std()  # all values together: mean 0, deviation 1
    cut = int(len(y) * train_fraction)
    return (X[:cut], y[:cut]), (X[cut:], y[cut:])


def fingerprint(*arrays):
    """The SHA-256 of the arrays' bytes, one after the other: a check that two
    makers of a data set made the same bits."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


# docs/24-mnist1d.md, "Training, validation and test sets"
@functools.cache  # made once per process: it takes about a second
def mnist1d_data():
    """make_mnist1d() with mnist1d's defaults: ((X, y), (X_test, y_test)), read-only."""
    (X, y), (X_test, y_test) = make_mnist1d()
    for array in (X, y, X_test, y_test):
        array.flags.writeable = False  # shared by every caller: nobody may change it
    return (X, y), (X_test, y_test)


def mnist1d_sets(*, seed=0, validation_fraction=0.15):
    """The 4,000 training signals split by stratified_split into training and
    validation sets, each digit in the same proportion; the 1,000 test signals."""
    (X, y), test = mnist1d_data()
    fraction = checks.fraction("validation_fraction", validation_fraction)
    rng = np.random.default_rng(checks.seed("seed", seed))
    train, validation = stratified_split(y, (1 - fraction, fraction), rng=rng)
    return DigitsSets((X[train], y[train]), (X[validation], y[validation]), test)


# docs/24-mnist1d.md, "Two networks"
@dataclass(frozen=True)
class Mnist1DConfig:
    """A network for MNIST-1D, its training, and the split it learns from."""

    kind: str = "cnn"  # "cnn": convolutions first; "dense": dense layers only
    channels: tuple = (16, 16, 16)  # a CNN's convolutions: the filters of each
    strides: tuple = (1, 2, 2)  # and how far each moves its filters
    kernel_size: int = 5  # every filter's width
    hidden: tuple = ()  # the dense layers' widths, before the 10 outputs
    learning_rate: float = 0.01  # Adam's
    epochs: int = 60
    batch_size: int = 100
    n_classes: int = N_CLASSES
    seed: int = 0  # the first weights and the batches' order
    data_seed: int = 0  # the validation split

    def __post_init__(self):
        checks.one_of("kind", self.kind, ("cnn", "dense"))
        checks.seed("seed", self.seed)
        checks.seed("data_seed", self.data_seed)
        checks.widths("hidden", self.hidden)
        checks.widths("channels", self.channels)
        checks.positive_int("kernel_size", self.kernel_size)
        if len(self.strides) != len(self.channels):
            raise ValueError(f"strides must give one stride per convolution: "
                             f"{len(self.channels)}, got {self.strides}")


def build_mnist1d_model(config, rng):
    """Rows of 40 values -> [convolution and ReLU, per entry of channels] ->
    dense ReLU layers -> 10 outputs; Adam."""
    layers, channels, length = [], 1, LENGTH
    if config.kind == "cnn":
        layers.append(Reshape((1, LENGTH)))  # rows -> one-channel signals
        kernel = config.kernel_size
        padding = kernel // 2  # with a stride of 1, as many positions out as in
        for filters, stride in zip(config.channels, config.strides, strict=True):
            layers += [Conv1D(channels, filters, kernel, stride=stride,
                              padding=padding, rng=rng), ReLU()]
            channels = filters
            length = output_size(length, kernel, stride, padding)
        layers.append(Flatten())  # (n, channels, length) -> (n, channels * length)
    dense = dense_stack([channels * length, *config.hidden, config.n_classes],
                        rng=rng)
    optimizer = Adam(checks.positive_number("learning_rate", config.learning_rate))
    return Model(*layers, *dense, loss=SoftmaxCrossEntropy(), optimizer=optimizer)


MNIST1D_CNN = Mnist1DConfig()  # the convolutional network
MNIST1D_DENSE = Mnist1DConfig(kind="dense", hidden=(100, 100))  # the dense one


# docs/24-mnist1d.md, "Training, and stopping at the best epoch", block 1
def train_mnist1d(config=MNIST1D_CNN, engine=None):
    """Build config's model, train it on mnist1d_sets(seed=config.data_seed) and
    keep its best epoch on validation (chapter 23's fit_best_epoch)."""
    sets = mnist1d_sets(seed=config.data_seed)
    rng = np.random.default_rng(config.seed)
    model = build_mnist1d_model(config, rng)
    history, elapsed, best_epoch = fit_best_epoch(model, sets, config, rng, engine)
    return Mnist1DRun(config, sets, model, history, elapsed=elapsed,
                      extra={"best_epoch": best_epoch})


@dataclass
class Mnist1DRun(MnistRun):
    """Chapter 23's MnistRun on signals: its learning curves, its confusion matrix,
    and the filters of its first convolution, each drawn as a line."""

    drawn: tuple = ("training_progress", "confusion_matrix", "filters")
    filters_size = (7.2, 2.4)  # inches: two rows of small line plots

    def draw_filters(self, weights, fig):
        from nnfs_lit.plots import signal_filters_figure

        return signal_filters_figure(weights, fig)
