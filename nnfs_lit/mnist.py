# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/23-mnist.md, "The data: a sample of MNIST", block 1
"""Chapter 23: real handwriting, a 5,000-digit sample of MNIST, read by a dense
network and by a small convolutional one."""

import functools
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from nnfs_lit import checks
from nnfs_lit.activations import ReLU
from nnfs_lit.conv import Conv2D, Flatten, MaxPool2D, RandomShift, Reshape
from nnfs_lit.digits import DigitsRun, read_checked_table, split_sets
from nnfs_lit.fast_conv import ConvNetwork
from nnfs_lit.initializers import dense_stack
from nnfs_lit.layers import Dropout
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.model import Model
from nnfs_lit.optimizers import Adam

MNIST_FILE = Path(__file__).resolve().parent / "datasets" / "mnist5k.csv.gz"
MNIST_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
SIDE, FULL_INK = 28, 255  # 28x28 images, ink 0..255
N_PIXELS = SIDE * SIDE


@functools.cache  # one read per process: 5,000 lines of text take a second
def mnist_table(path=MNIST_FILE):
    """The checked file as whole numbers: (5000, 785), 784 pixels then the digit."""
    table = read_checked_table(path, MNIST_SHA256, "load_mnist", MNIST_FILE)
    table.flags.writeable = False  # shared by every caller: nobody may change it
    return table


def load_mnist(path=MNIST_FILE):
    """The sample: X (5000, 784), pixels 0..255 as floats, and y (5000,), digits."""
    table = mnist_table(Path(path))
    return table[:, :N_PIXELS].astype(np.float64), table[:, N_PIXELS].copy()


def mnist_sets(*, seed=0, fractions=(0.7, 0.15, 0.15)):
    """The sample, scaled to [0, 1], split 70/15/15 by chapter 18's stratified_split."""
    X, y = load_mnist()
    return split_sets(X / FULL_INK, y, seed=seed, fractions=fractions)


# docs/23-mnist.md, "Two networks, the same recipe"
@dataclass(frozen=True)
class MnistConfig:
    """A network for the MNIST sample, its training, and the split it learns from."""

    kind: str = "cnn"  # "cnn": convolutions first; "dense": dense layers only
    filters: tuple = (8, 16)  # a CNN's convolutions: the filters of each
    kernels: tuple = (5, 3)  # and their sizes, 5x5 then 3x3
    hidden: tuple = (64,)  # the dense layers' widths, before the 10 outputs
    dropout: float = 0.3  # the rate of the dropout before the output layer; 0: none
    shift: int = 2  # training digits moved by up to this many pixels; 0: never
    learning_rate: float = 0.002  # Adam's
    epochs: int = 15
    batch_size: int = 32
    n_classes: int = 10
    seed: int = 0  # the first weights, the batches' order, the moves, the dropout
    data_seed: int = 0  # the split

    def __post_init__(self):
        checks.one_of("kind", self.kind, ("cnn", "dense"))
        checks.seed("seed", self.seed)
        checks.seed("data_seed", self.data_seed)
        checks.widths("hidden", self.hidden)
        checks.widths("filters", self.filters)
        if len(self.kernels) != len(self.filters):
            raise ValueError(f"kernels must give one size per convolution: "
                             f"{len(self.filters)}, got {self.kernels}")


def build_mnist_model(config, rng):
    """Rows of 784 pixels -> [moves] -> [convolution, ReLU, pooling] per filter
    count -> dense ReLU layers -> [dropout] -> 10 outputs; Adam."""
    layers, channels, side = [], 1, SIDE
    if config.kind == "cnn" or config.shift:
        layers.append(Reshape((1, SIDE, SIDE)))  # rows of pixels -> images
    if config.shift:
        layers.append(RandomShift(config.shift, rng=rng))
    if config.kind == "cnn":
        for filters, kernel in zip(config.filters, config.kernels, strict=True):
            layers += [Conv2D(channels, filters, kernel, rng=rng), ReLU(),
                       MaxPool2D(2)]
            channels, side = filters, (side - kernel + 1) // 2  # valid, then halved
    if len(layers) > 0:
        layers.append(Flatten())  # images -> rows, for the dense layers
    dense = dense_stack([channels * side * side, *config.hidden, config.n_classes],
                        rng=rng)
    if config.dropout and config.hidden:  # between the last hidden layer and outputs
        dense.insert(-1, Dropout(config.dropout, rng=rng))
    optimizer = Adam(checks.positive_number("learning_rate", config.learning_rate))
    return Model(*layers, *dense, loss=SoftmaxCrossEntropy(), optimizer=optimizer)


# docs/23-mnist.md, "Stopping at the best epoch"
def train_mnist(config=MnistConfig(), engine=None):
    """Build config's model, train it on mnist_sets(seed=config.data_seed), and keep
    the parameters of the epoch with the best validation accuracy; its DigitsRun,
    with that epoch among its scores."""
    sets = mnist_sets(seed=config.data_seed)
    rng = np.random.default_rng(config.seed)
    model = build_mnist_model(config, rng)
    history, elapsed, best_epoch = fit_best_epoch(model, sets, config, rng,
                                                  engine_for(config, engine))
    return MnistRun(config, sets, model, history, elapsed=elapsed,
                    extra={"best_epoch": best_epoch})


def fit_best_epoch(model, sets, config, rng, engine=None):
    """Train `model` on sets.train for config.epochs epochs of config.batch_size,
    then put back the parameters of the epoch with the best accuracy on
    sets.validation; (history, seconds at each epoch's end, that epoch from 1)."""
    parameters = [array for layer in model.trainable_layers
                  for array in (layer.weights, layer.biases)]
    kept, elapsed, started = [], [], time.perf_counter()

    def keep(epoch, loss, accuracy):  # after every epoch
        kept.append([array.copy() for array in parameters])
        elapsed.append(time.perf_counter() - started)

    history = model.fit(*sets.train, epochs=config.epochs,
                        batch_size=config.batch_size, rng=rng,
                        validation_data=sets.validation, engine=engine,
                        callback=keep)
    # val_accuracy[e] was measured before epoch e: after e epochs of training
    after = [*history.val_accuracy[1:], model.evaluate(*sets.validation)[1]]
    best = int(np.argmax(after))  # the first of the best
    for array, copy in zip(parameters, kept[best], strict=True):
        array[...] = copy
    return history, np.array(elapsed), best + 1


# docs/23-mnist.md, "The contenders, chosen on validation", block 1
MNIST_CNN = MnistConfig()  # the convolutional network: 15 epochs on moved digits
DENSE_CANDIDATES = tuple(MnistConfig(kind="dense", hidden=(256, 128), shift=shift,
                                     learning_rate=0.001)
                         for shift in (0, 2))


@functools.cache  # the build asks more than once
def choose_mnist_model(candidates=DENSE_CANDIDATES, engine=None):
    """(the candidate with the best validation accuracy at its best epoch,
    {candidate: accuracy}); a tie goes to the first. The test set plays no part."""
    validation = {config: train_mnist(config, engine).scores["validation_accuracy"]
                  for config in candidates}
    return max(validation, key=validation.get), validation


@dataclass
class MnistRun(DigitsRun):
    """A DigitsRun on 28x28 digits, which can also draw its first layer's filters."""

    drawn: tuple = ("training_progress", "confusion_matrix", "misclassified",
                    "filters")
    filters_size = (7.2, 1.5)  # inches: one row of small grids

    def draw_filters(self, weights, fig):
        """The filters of the first convolution, each a grid of its weights."""
        from nnfs_lit.plots import filters_figure

        return filters_figure(weights, fig)

    def figures(self, make_figure=None):
        """Chapter 18's pictures, and the filters of the first convolution."""
        from matplotlib.figure import Figure

        from nnfs_lit.plots import digits_figures

        figures = digits_figures(replace(self, drawn=tuple(
            name for name in self.drawn if name != "filters")), make_figure)
        convolutions = [layer for layer in self.network.layers
                        if isinstance(layer, Conv2D)]  # Conv1D is one too
        if "filters" in self.drawn and convolutions:
            fig = (make_figure or Figure)(figsize=self.filters_size,
                                          layout="constrained")
            figures["filters"] = self.draw_filters(convolutions[0].weights, fig)
        return figures


# docs/23-mnist.md, "Draw a digit", block 1
BOX = 20  # MNIST's digits fit a 20x20 box, centred by mass in 28x28


def area_weights(n_in, n_out):
    """(n_out, n_in): how much of each of n_in cells lies under each of n_out cells
    of the same total length, as a share of the out-cell: each row sums to 1. A
    resampling that keeps the amount of ink, shrinking or growing."""
    edges_in = np.arange(n_in + 1)  # cell j spans [j, j + 1)
    edges_out = np.arange(n_out + 1) * n_in / n_out  # cell i spans n_in / n_out
    low = np.maximum(edges_out[:-1, None], edges_in[None, :-1])  # (n_out, n_in)
    high = np.minimum(edges_out[1:, None], edges_in[None, 1:])
    return np.clip(high - low, 0, None) * n_out / n_in


def fit_and_centre(ink):
    """MNIST's preparation of a drawn digit: ink (28, 28), 0..1 -> (28, 28), 0..1.

    The box around the ink, scaled to fit BOX x BOX keeping its shape, is placed in
    the middle of 28x28, then moved by whole pixels so that its centre of mass is
    as near the image's centre as it can be. No ink: a blank image.
    """
    ink = checks.finite("ink", checks.as_array("ink", ink, ("height", "width")))
    if ink.shape != (SIDE, SIDE) or ink.min() < 0 or ink.max() > 1:
        raise ValueError(f"ink must be {SIDE}x{SIDE} values in [0, 1], got shape "
                         f"{ink.shape} from {ink.min()} to {ink.max()}")
    rows, columns = np.flatnonzero(ink.max(axis=1)), np.flatnonzero(ink.max(axis=0))
    if len(rows) == 0:
        return np.zeros((SIDE, SIDE))
    box = ink[rows[0]:rows[-1] + 1, columns[0]:columns[-1] + 1]  # (h, w)
    scale = BOX / max(box.shape)  # the longer side becomes BOX pixels
    height, width = (max(1, int(np.floor(n * scale + 0.5))) for n in box.shape)
    fitted = area_weights(box.shape[0], height) @ box @ area_weights(
        box.shape[1], width).T  # (height, width): the same ink, resampled
    placed = np.zeros((SIDE, SIDE))
    top, left = (SIDE - height) // 2, (SIDE - width) // 2
    placed[top:top + height, left:left + width] = fitted
    # the centre of mass, in pixel indices; 13.5 is the middle of 0..27
    mass = placed.sum()
    centre_row = placed.sum(axis=1) @ np.arange(SIDE) / mass
    centre_column = placed.sum(axis=0) @ np.arange(SIDE) / mass
    down = int(np.floor(SIDE / 2 - centre_row + 1e-9))  # round(13.5 - centre)
    right = int(np.floor(SIDE / 2 - centre_column + 1e-9))
    centred = np.zeros((SIDE, SIDE))  # what moves off the image is lost
    centred[max(0, down):SIDE + min(0, down), max(0, right):SIDE + min(0, right)] = \
        placed[max(0, -down):SIDE - max(0, down), max(0, -right):SIDE - max(0, right)]
    return centred


# docs/23-mnist.md, "Making it fast (optional)", block 5
def engine_for(config, engine):
    """The engine that trains config's network when an engine is asked for:
    ConvNetwork for one that makes its rows images (convolutions or moved digits),
    the one asked for otherwise (None: the plain steps)."""
    images = config.kind == "cnn" or config.shift  # rows made images first
    return ConvNetwork if engine is not None and images else engine
