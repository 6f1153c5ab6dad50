# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/12-out-of-sample.md:110
"""Part II's runs: a model trained on one set and measured on the others."""

from dataclasses import dataclass

import numpy as np

from nnfs_lit.data import SpiralSets, spiral_sets
from nnfs_lit.experiments import experiment
from nnfs_lit.initializers import dense_stack
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.model import Model
from nnfs_lit.optimizers import Adam
from nnfs_lit.train import History


@dataclass
class ModelRun:
    """A Model trained on sets.train, and what it measured."""

    config: object  # the run's settings: a dataclass, n_classes among its fields
    sets: SpiralSets
    network: Model
    history: History  # training and validation, every epoch

    @property
    def X(self):
        return self.sets.train[0]  # (n_train, 2)

    @property
    def y(self):
        return self.sets.train[1]  # (n_train,)

    @property
    def final_loss(self):
        return float(self.history.loss[-1])

    @property
    def final_accuracy(self):
        return float(self.history.accuracy[-1])

    @property
    def probabilities(self):
        """The trained model's class probabilities for the training points."""
        return self.network.predict_proba(self.X)  # (n_train, n_classes)

    @property
    def scores(self):
        """Loss and accuracy of the trained model on each of the three sets."""
        scores = {}
        for name, (X, y) in [("train", self.sets.train),
                             ("validation", self.sets.validation),
                             ("test", self.sets.test)]:
            loss, accuracy = self.network.evaluate(X, y)
            scores[f"{name}_loss"] = float(loss)
            scores[f"{name}_accuracy"] = float(accuracy)
        return scores


# docs/12-out-of-sample.md:179
@dataclass(frozen=True)
class TextbookConfig:
    """The NNFS book's spiral recipe: 2-64-3, weights 0.01 N(0,1), Adam, no penalty."""

    n_hidden: int = 64
    learning_rate: float = 0.05
    decay: float = 5e-7
    epochs: int = 10000
    samples_per_class: int = 100
    n_classes: int = 3
    seed: int = 0  # the first weights
    data_seed: int = 0  # the three sets


def textbook_run(config=TextbookConfig()):
    """Train the textbook recipe on spiral_sets(seed=config.data_seed)."""
    sets = spiral_sets(seed=config.data_seed, n_classes=config.n_classes,
                       samples_per_class=config.samples_per_class)
    sizes = [2, config.n_hidden, config.n_classes]
    model = Model(*dense_stack(sizes, rng=np.random.default_rng(config.seed),
                               init="seed"),
                  loss=SoftmaxCrossEntropy(),
                  optimizer=Adam(config.learning_rate, decay=config.decay))
    history = model.fit(*sets.train, epochs=config.epochs,
                        validation_data=sets.validation)
    return ModelRun(config, sets, model, history)


@experiment("textbook", "The NNFS book's recipe: 2-64-3, Adam, 10000 epochs")
def textbook_experiment():
    return textbook_run()
