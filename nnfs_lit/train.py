# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""The seed network and its training loop.

Book chapter: docs/07-training.md.
"""

from dataclasses import dataclass

import numpy as np

from nnfs_lit.activations import ReLU, Softmax
from nnfs_lit.checks import as_batch, as_class_indices, positive_int
from nnfs_lit.data import spiral_data
from nnfs_lit.layers import Dense
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.metrics import accuracy
from nnfs_lit.optimizers import SGD


class SpiralNetwork:
    """Input(n_inputs) -> Dense(n_hidden) -> ReLU -> Dense(n_classes) -> softmax + cross-entropy."""

    def __init__(self, n_inputs=2, n_hidden=3, n_classes=3, *, rng):
        self.dense1 = Dense(n_inputs, n_hidden, rng=rng)
        self.activation1 = ReLU()
        self.dense2 = Dense(n_hidden, n_classes, rng=rng)
        self.loss_activation = SoftmaxCrossEntropy()
        self.layers = [self.dense1, self.dense2]  # the layers with parameters
        self.output = None

    def forward(self, X, y):
        """Return the mean loss on (X, y); the probabilities are kept in `self.output`."""
        hidden = self.activation1.forward(self.dense1.forward(X))  # (n_samples, n_hidden)
        scores = self.dense2.forward(hidden)  # (n_samples, n_classes)
        loss = self.loss_activation.forward(scores, y)
        self.output = self.loss_activation.output  # (n_samples, n_classes)
        return loss

    def backward(self, y):
        """Fill every layer's gradients, from the loss back to the first layer."""
        dscores = self.loss_activation.backward(self.output, y)  # (n_samples, n_classes)
        dhidden = self.dense2.backward(dscores)  # (n_samples, n_hidden)
        self.dense1.backward(self.activation1.backward(dhidden))

    def predict_proba(self, X):
        """Class probabilities (n_samples, n_classes) for any points X (n_samples, n_inputs).

        Runs the layers' forward passes, so call it after training, not between a
        training step's forward and backward.
        """
        hidden = self.activation1.forward(self.dense1.forward(X))  # (n_samples, n_hidden)
        return Softmax().forward(self.dense2.forward(hidden))  # (n_samples, n_classes)


@dataclass
class History:
    """Loss and accuracy of every epoch, measured before that epoch's update."""

    loss: np.ndarray  # (epochs,)
    accuracy: np.ndarray  # (epochs,)


def train(network, X, y, *, epochs, optimizer, callback=None):
    """Full-batch training for `epochs` epochs; returns the History.

    `callback(epoch, loss, accuracy)`, if given, is called after every forward pass.
    """
    epochs = positive_int("epochs", epochs)
    X = as_batch("X", X, network.dense1.n_inputs)  # (n_samples, n_inputs)
    y = as_class_indices("y", y, X.shape[0], network.dense2.n_neurons)  # (n_samples,)
    history = History(loss=np.empty(epochs), accuracy=np.empty(epochs))
    for epoch in range(epochs):
        loss = network.forward(X, y)
        history.loss[epoch] = loss
        history.accuracy[epoch] = accuracy(network.output, y)
        if callback is not None:
            callback(epoch, loss, history.accuracy[epoch])
        network.backward(y)
        for layer in network.layers:
            optimizer.update_params(layer)
    return history


@dataclass(frozen=True)
class TrainingConfig:
    """One training run. The defaults are the seed project's run, number for number."""

    samples_per_class: int = 100
    n_classes: int = 3
    n_hidden: int = 3
    epochs: int = 53000
    learning_rate: float = 0.01
    seed: int = 0


@dataclass
class TrainingRun:
    """What a run produced: its data, the trained network and its history."""

    config: TrainingConfig
    X: np.ndarray  # (n_samples, 2)
    y: np.ndarray  # (n_samples,)
    network: SpiralNetwork
    history: History

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


def run_training(config=TrainingConfig(), callback=None):
    """Make the spiral, build the network and train it, all from `config.seed`.

    One legacy RandomState drives both the data and the weights, in the seed project's
    order (data first), so the defaults reproduce its `np.random.seed(0)` run exactly.
    """
    rng = np.random.RandomState(config.seed)
    X, y = spiral_data(config.samples_per_class, config.n_classes, rng=rng)
    network = SpiralNetwork(2, config.n_hidden, config.n_classes, rng=rng)
    history = train(network, X, y, epochs=config.epochs,
                    optimizer=SGD(config.learning_rate), callback=callback)
    return TrainingRun(config, X, y, network, history)
