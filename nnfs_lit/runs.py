# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/12-out-of-sample.md, "A run measured three ways"
"""Part II's runs: a model trained on one set and measured on the others."""

import functools
from dataclasses import dataclass, field, replace

import numpy as np

from nnfs_lit import checks
from nnfs_lit.data import SpiralSets, spiral_sets
from nnfs_lit.initializers import dense_stack
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.model import Model
from nnfs_lit.optimizers import SGD, Adam
from nnfs_lit.training import History


@dataclass
class ModelRun:
    """A Model trained on sets.train, and what it measured."""

    config: object  # the run's settings: a dataclass, n_classes among its fields
    sets: SpiralSets
    network: Model
    history: History  # training and validation, every epoch
    extra: dict = field(default_factory=dict)  # more numbers to record, by name

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

    def figures(self, make_figure=None):
        """Its pictures by name, as chapter 8 draws a run: curves and boundary."""
        from nnfs_lit.plots import Figure, spiral_figures

        return spiral_figures(self, make_figure or Figure)

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
        return {**scores, **self.extra}


# docs/12-out-of-sample.md, "The textbook recipe, measured on new points", block 1
@dataclass(frozen=True)
class ModelConfig:
    """A Part II run: the network, its training, and the data it learns from."""

    hidden: tuple = (64,)  # the widths of the hidden layers
    init: str = "he"  # the first weights' scale: "seed", "glorot" or "he"
    optimizer: str = "adam"  # or "sgd"
    learning_rate: float = 0.01
    decay: float = 0.0
    epochs: int = 2000
    batch_size: int = None  # None: full batch
    samples_per_class: int = 100
    n_classes: int = 3
    seed: int = 0  # the first weights and every random draw of training
    data_seed: int = 0  # the three sets

    def __post_init__(self):
        """Name a bad setting when the config is made, not deep inside a run."""
        checks.seed("seed", self.seed)
        checks.seed("data_seed", self.data_seed)
        checks.widths("hidden", self.hidden)
        checks.one_of("optimizer", self.optimizer, ("adam", "sgd"))

    # docs/13-regularization.md, "Both in a Part II run"
    def layers(self, rng):
        """The network's layers, Dense, ReLU, ..., Dense, first weights from `rng`,
        with the penalty on every Dense and a Dropout after every hidden ReLU."""
        from nnfs_lit.layers import Dropout  # this chapter's layer

        sizes = [2, *self.hidden, self.n_classes]
        layers = dense_stack(sizes, rng=rng, init=self.init,
                             weight_regularizer_l2=self.l2)  # Dense, ReLU, ..., Dense
        if self.dropout:  # a Dropout after every hidden ReLU, from the last one back
            for relu in reversed(range(1, len(layers) - 1, 2)):
                layers.insert(relu + 1, Dropout(self.dropout, rng=rng))
        return layers

    # docs/13-regularization.md, "Both in a Part II run"
    l2: float = 0.0  # the L2 penalty on every Dense layer's weights
    dropout: float = 0.0  # the rate of a Dropout after every hidden ReLU


def build_model(config, rng):
    """The Model that `config` describes, its first weights drawn from `rng`."""
    optimizers = {"adam": Adam, "sgd": SGD}
    optimizer = optimizers[config.optimizer](config.learning_rate, decay=config.decay)
    return Model(*config.layers(rng), loss=SoftmaxCrossEntropy(), optimizer=optimizer)


def train_model(config=ModelConfig(), watch=None, engine=None):
    """Build config's model, train it on spiral_sets(seed=config.data_seed)'s training
    set, validating every epoch; its ModelRun. watch(model, epochs), if given, returns
    a callback for fit: the build's replays use it (Appendix D). engine goes to fit."""
    sets = spiral_sets(seed=config.data_seed, n_classes=config.n_classes,
                       samples_per_class=config.samples_per_class)
    rng = np.random.default_rng(config.seed)
    model = build_model(config, rng)
    callback = watch(model, config.epochs) if watch is not None else None
    history = model.fit(*sets.train, epochs=config.epochs,
                        batch_size=config.batch_size, rng=rng,
                        validation_data=sets.validation, callback=callback,
                        engine=engine)
    return ModelRun(config, sets, model, history)


def over_seeds(config, seeds=(0, 1, 2), watch=None, train=train_model, engine=None):
    """Train `config` from each weight seed; the first seed's run, with every seed's
    validation and test accuracy, and their medians, among its scores. `watch` sees
    the first seed's run only, the one the pages picture; `train` trains one config
    (chapter 18 passes the digits' own), with `engine`."""
    runs = []
    for seed in seeds:
        watched = {"watch": watch} if watch is not None and seed == seeds[0] else {}
        runs.append(train(replace(config, seed=seed), engine=engine, **watched))
    for name in ("validation_accuracy", "test_accuracy"):
        values = [run.scores[name] for run in runs]
        runs[0].extra[f"median_{name}"] = float(np.median(values))
        for seed, value in zip(seeds, values, strict=True):
            runs[0].extra[f"{name}_seed{seed}"] = value
    return runs[0]


TEXTBOOK = ModelConfig(hidden=(64,), init="seed", learning_rate=0.05, decay=5e-7,
                       epochs=10000)


# docs/16-solving-the-spiral.md, "Three contenders", block 1
SEED_RECIPE = ModelConfig(hidden=(3,), init="seed", optimizer="sgd",
                          learning_rate=0.01, epochs=53000)


# docs/16-solving-the-spiral.md, "The search", block 1
CANDIDATES = tuple(ModelConfig(hidden=hidden, l2=l2)
                   for hidden in [(64, 64), (64, 64, 64)]
                   for l2 in (0.0, 1e-4, 1e-3, 2e-3))


@functools.cache  # the build and the command line ask more than once
def choose_on_validation(candidates=CANDIDATES, engine=None):
    """The candidate whose trained model has the lowest validation loss.

    Returns (chosen config, {config: {"loss": ..., "accuracy": ...}}), measured on
    the validation set; a tie goes to the first. The test set plays no part.
    """
    validation = {}
    for config in candidates:
        scores = train_model(config, engine=engine).scores
        validation[config] = {"loss": scores["validation_loss"],
                              "accuracy": scores["validation_accuracy"]}
    return min(validation, key=lambda c: validation[c]["loss"]), validation


# docs/16-solving-the-spiral.md, "The final model"
def train_final(config, watch=None, engine=None):
    """Train `config` on the training and validation sets together: the final model,
    once validation has chosen it; its ModelRun. Only its training and test scores
    mean anything: it has learned from the validation points."""
    sets = spiral_sets(seed=config.data_seed, n_classes=config.n_classes,
                       samples_per_class=config.samples_per_class)
    X = np.concatenate([sets.train[0], sets.validation[0]])  # (n_train + n_val, 2)
    y = np.concatenate([sets.train[1], sets.validation[1]])  # (n_train + n_val,)
    rng = np.random.default_rng(config.seed)
    model = build_model(config, rng)
    callback = watch(model, config.epochs) if watch is not None else None
    history = model.fit(X, y, epochs=config.epochs, batch_size=config.batch_size,
                        rng=rng, callback=callback, engine=engine)
    joined = SpiralSets(train=(X, y), validation=sets.validation, test=sets.test)
    return ModelRun(config, joined, model, history)
