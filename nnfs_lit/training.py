# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/07-training.md, "The network and the loop"
"""The seed network, its training loop, and the seed project's run."""

from dataclasses import dataclass, field

import numpy as np

from nnfs_lit import checks
from nnfs_lit.activations import ReLU, Softmax
from nnfs_lit.data import spiral_data
from nnfs_lit.layers import Dense
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.optimizers import GradientDescent


class SpiralNetwork:
    """Input -> Dense(n_hidden) -> ReLU -> Dense(n_classes) -> softmax + loss."""

    def __init__(self, n_inputs=2, n_hidden=3, n_classes=3, *, rng):
        self.dense1 = Dense(n_inputs, n_hidden, rng=rng)
        self.activation1 = ReLU()
        self.dense2 = Dense(n_hidden, n_classes, rng=rng)
        self.loss = SoftmaxCrossEntropy()
        self.layers = [self.dense1, self.dense2]  # the layers with parameters
        self.output = None

    def forward(self, X, y):
        """The mean loss on (X, y); the probabilities are kept in self.output."""
        z1 = self.dense1.forward(X)  # (n_samples, n_hidden)
        hidden = self.activation1.forward(z1)  # (n_samples, n_hidden)
        scores = self.dense2.forward(hidden)  # (n_samples, n_classes)
        loss = self.loss.forward(scores, y)
        self.output = self.loss.output  # (n_samples, n_classes)
        return loss

    def backward(self):
        """Fill every layer's gradients, from the loss back to the first layer."""
        dscores = self.loss.backward()  # (n_samples, n_classes)
        dhidden = self.activation1.backward(self.dense2.backward(dscores))
        self.dense1.backward(dhidden)  # (n_samples, n_hidden) in, (n_samples, 2) out

    def predict_proba(self, X):
        """Class probabilities (n_samples, n_classes) for any points X.

        Runs the layers' forward passes, so call it after training, not between a
        training step's forward and backward.
        """
        z1 = self.dense1.forward(X)  # (n_samples, n_hidden)
        hidden = self.activation1.forward(z1)  # (n_samples, n_hidden)
        return Softmax().forward(self.dense2.forward(hidden))  # (n_samples, n_classes)


@dataclass
class History:
    """Loss and accuracy of every epoch, measured before that epoch's update."""

    loss: np.ndarray  # (epochs,)
    accuracy: np.ndarray  # (epochs,)

    # docs/09-model.md, "A stack of layers", block 1
    val_loss: np.ndarray = None  # (epochs,), when fit() is given validation data
    val_accuracy: np.ndarray = None  # (epochs,)


def train(network, X, y, *, epochs, optimizer, callback=None):
    """Full-batch training for `epochs` epochs; returns the History.

    `callback(epoch, loss, accuracy)`, if given, is called after every forward pass.
    """
    epochs = checks.positive_int("epochs", epochs)
    history = History(loss=np.empty(epochs), accuracy=np.empty(epochs))
    for epoch in range(epochs):
        loss = network.forward(X, y)  # the layers check X, the loss checks y
        predictions = network.output.argmax(axis=1)  # (n_samples,)
        history.loss[epoch] = loss
        history.accuracy[epoch] = np.mean(predictions == network.loss.labels)
        if callback is not None:
            callback(epoch, loss, history.accuracy[epoch])
        network.backward()
        optimizer.step(network.layers)  # every layer with parameters
    return history


# docs/07-training.md, "The seed run", block 1
@dataclass(frozen=True)
class TrainingConfig:
    """One training run. The defaults are the seed project's run, number for number."""

    samples_per_class: int = 100
    n_classes: int = 3
    n_hidden: int = 3
    epochs: int = 53000
    learning_rate: float = 0.01
    seed: int = 0

    def __post_init__(self):  # a bad seed is named now, not by NumPy mid-run
        checks.seed("seed", self.seed)


@dataclass
class TrainingRun:
    """What a run produced: its data, the trained network and its history."""

    config: TrainingConfig
    X: np.ndarray  # (n_samples, 2)
    y: np.ndarray  # (n_samples,)
    network: SpiralNetwork
    history: History
    extra: dict = field(default_factory=dict)  # more numbers to record, by name

    @property
    def final_loss(self):
        return float(self.history.loss[-1])

    @property
    def final_accuracy(self):
        return float(self.history.accuracy[-1])

    @property
    def probabilities(self):
        """The last epoch's forward-pass probabilities (n_samples, n_classes)."""
        return self.network.output

    @property
    def scores(self):
        """What the run measured beyond its history: only its `extra` numbers, since
        it has no points but those it trained on."""
        return dict(self.extra)

    # docs/08-visualizing.md, "How the pictures are drawn", block 2
    def figures(self, make_figure=None):
        """Its pictures by name: the training curves and the decision boundary."""
        from nnfs_lit.plots import Figure, spiral_figures

        return spiral_figures(self, make_figure or Figure)


def run_training(config=TrainingConfig(), callback=None, *, engine=None, watch=None):
    """Make the spiral, build the network and train it, all from `config.seed`.

    One legacy RandomState drives both the data and the weights, in the seed project's
    order (data first), so the defaults reproduce its `np.random.seed(0)` run exactly.
    engine=None trains with train() above. Another engine trains with its own loop,
    engine.train, which must give the same numbers bit for bit (chapter 17 writes
    one). watch(network, epochs), if given, returns the callback: a callback that
    looks at the network itself, which does not exist before this function makes it.
    """
    rng = np.random.RandomState(config.seed)
    X, y = spiral_data(config.samples_per_class, config.n_classes, rng=rng)
    network = SpiralNetwork(2, config.n_hidden, config.n_classes, rng=rng)
    optimizer = GradientDescent(config.learning_rate)
    if watch is not None:  # a callback that needs the network it watches
        callback = watch(network, config.epochs)
    loop = train if engine is None else engine.train
    history = loop(network, X, y, epochs=config.epochs, optimizer=optimizer,
                   callback=callback)
    return TrainingRun(config, X, y, network, history)


# docs/11-why-it-stalls.md, "The flat start", block 2
def plateau_length(loss, margin=0.01):
    """The first epoch whose loss is `margin` below the first epoch's loss.

    The epochs before it are the plateau; None if the loss never gets there.
    """
    below = np.flatnonzero(np.asarray(loss) < loss[0] - margin)  # (n_epochs_below,)
    return int(below[0]) if len(below) else None
