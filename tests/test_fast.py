"""Chapter 17's fast path gives the plain path's numbers bit for bit.

Every comparison is of bytes (`tobytes`), so a different rounding anywhere, or even a
zero of the other sign, fails it. The cases cover every optimizer, one and two hidden
layers, a hidden layer of width 1, mini-batches with a short last batch, validation,
all four penalties, 10 classes (where the softmax sums rows another way), float32,
one-hot labels, and training continued across the two paths.
"""


import numpy as np
import pytest

import nnfs_lit.training
from nnfs_lit import (
    SGD,
    AdaGrad,
    Adam,
    BinaryCrossEntropy,
    Dense,
    Dropout,
    GradientDescent,
    Model,
    ReLU,
    RMSProp,
    Sigmoid,
    SoftmaxCrossEntropy,
    spiral_data,
)
from nnfs_lit.fast import FastNetwork, fast_train
from nnfs_lit.training import SpiralNetwork, TrainingConfig, run_training, train

OPTIMIZERS = {
    "gradient-descent": lambda: GradientDescent(0.5),
    "sgd-decay": lambda: SGD(0.5, decay=1e-3),
    "momentum": lambda: SGD(0.3, decay=1e-3, momentum=0.9),
    "adagrad": lambda: AdaGrad(0.3, decay=1e-4),
    "rmsprop": lambda: RMSProp(0.01, decay=1e-4),
    "adam": lambda: Adam(0.02, decay=5e-7),
}

CASES = {  # name: (hidden widths, n_classes, penalties, dtype, fit keywords)
    "one-hidden": ((16,), 3, False, np.float64, {}),
    "two-hidden": ((16, 8), 3, False, np.float64, {}),
    "width-1": ((1,), 3, False, np.float64, {}),
    "no-hidden": ((), 3, False, np.float64, {}),
    "mini-batches": ((16,), 3, False, np.float64, {"batch_size": 64}),
    "validation": ((16,), 3, False, np.float64, {"validation": True}),
    "penalties": ((16, 8), 3, True, np.float64, {}),
    "ten-classes": ((16,), 10, False, np.float64, {}),
    "one-hot": ((16,), 3, False, np.float64, {"one_hot": True}),
    "float32": ((16,), 3, False, np.float32, {}),
}


def make_model(optimizer, hidden, n_classes, penalties=False, dtype=np.float64, seed=1):
    rng = np.random.default_rng(seed)
    penalty = dict(weight_regularizer_l1=1e-4, weight_regularizer_l2=5e-4,
                   bias_regularizer_l1=1e-4, bias_regularizer_l2=5e-4) if penalties else {}
    layers, width = [], 2
    for n_neurons in hidden:
        layers += [Dense(width, n_neurons, rng=rng, weight_scale=0.5, **penalty), ReLU()]
        width = n_neurons
    layers.append(Dense(width, n_classes, rng=rng, weight_scale=0.5, **penalty))
    for layer in layers[::2]:
        layer.weights = layer.weights.astype(dtype)
        layer.biases = layer.biases.astype(dtype)
    return Model(*layers, loss=SoftmaxCrossEntropy(), optimizer=OPTIMIZERS[optimizer]())


def data(n_classes, dtype=np.float64, one_hot=False, seed=0, samples=50):
    X, y = spiral_data(samples, n_classes, rng=np.random.default_rng(seed))
    if one_hot:
        y = np.eye(n_classes, dtype=np.int64)[y]
    return X.astype(dtype), y


def fit(model, fast, n_classes, dtype, options, epochs=60):
    X, y = data(n_classes, dtype, options.get("one_hot", False))
    kwargs = {}
    if options.get("validation"):
        kwargs["validation_data"] = data(n_classes, dtype, seed=7)
    if "batch_size" in options:  # 150 samples: batches of 64, 64 and 22
        kwargs.update(batch_size=options["batch_size"], rng=np.random.default_rng(3))
    return model.fit(X, y, epochs=epochs, engine=FastNetwork if fast else None, **kwargs)


def same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def assert_same_state(plain, fast):
    """Every parameter, gradient and running array of the optimizer, bit for bit."""
    assert plain.optimizer.__dict__.get("iterations") == \
        fast.optimizer.__dict__.get("iterations")
    for mine, theirs in zip(plain.trainable_layers, fast.trainable_layers, strict=True):
        for name in ("weights", "biases", "dweights", "dbiases"):
            assert same_bits(getattr(mine, name), getattr(theirs, name)), name
        running = getattr(plain.optimizer, "state", {}).get(mine, {})
        assert running.keys() == getattr(fast.optimizer, "state", {}).get(theirs, {}).keys()
        for key, array in running.items():
            assert same_bits(array, fast.optimizer.state[theirs][key]), key
    assert same_bits(plain.loss.output, fast.loss.output)


def assert_same_history(plain, fast):
    for field in ("loss", "accuracy", "val_loss", "val_accuracy"):
        mine, theirs = getattr(plain, field), getattr(fast, field)
        assert (mine is None) == (theirs is None), field
        if mine is not None:
            assert same_bits(mine, theirs), field


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_fast_fit_gives_the_plain_fits_bits(optimizer, case):
    hidden, n_classes, penalties, dtype, options = CASES[case]
    models = [make_model(optimizer, hidden, n_classes, penalties, dtype) for _ in "ab"]
    X, _ = data(n_classes, dtype)
    assert FastNetwork.applies(models[1], X)
    plain = fit(models[0], False, n_classes, dtype, options)
    fast = fit(models[1], True, n_classes, dtype, options)
    assert_same_history(plain, fast)
    assert_same_state(*models)
    assert plain.loss[-1] < plain.loss[0]  # it trained: the comparison is not vacuous


@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
@pytest.mark.parametrize("order", [(True, False), (False, True), (True, True)])
def test_training_goes_on_across_the_two_paths(optimizer, order):
    """fit, then fit again: the optimizer's running arrays carry over either way."""
    reference, mixed = (make_model(optimizer, (16,), 3) for _ in "ab")
    for fast in order:
        expected = fit(reference, False, 3, np.float64, {}, epochs=30)
        got = fit(mixed, fast, 3, np.float64, {}, epochs=30)
        assert_same_history(expected, got)
    assert_same_state(reference, mixed)


def test_fast_train_gives_chapter_7s_train_bits():
    runs = []
    for loop in (train, fast_train):
        rng = np.random.RandomState(0)
        X, y = spiral_data(100, 3, rng=rng)
        network = SpiralNetwork(2, 3, 3, rng=rng)
        seen = []
        history = loop(network, X, y, epochs=2000, optimizer=GradientDescent(0.5),
                       callback=lambda *numbers, seen=seen: seen.append(numbers))
        runs.append((history, network, seen))
    (plain, network, seen), (fast, fast_network, fast_seen) = runs
    assert_same_history(plain, fast)
    assert seen == fast_seen and len(seen) == 2000
    assert same_bits(network.output, fast_network.output)
    for name in ("dense1", "dense2"):
        for array in ("weights", "biases"):
            assert same_bits(getattr(getattr(network, name), array),
                             getattr(getattr(fast_network, name), array))


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_every_entry_point_takes_the_same_optimizer_steps(optimizer):
    """Chapter 7's train, its fast twin, and Model.fit on either path: the same losses
    and weights for every optimizer, with decay. A loop that skipped the optimizer's
    step bookkeeping (its counter: Adam's bias correction, every decay) would part
    from the others after the first epoch."""
    runs = {}
    for name in ("train", "fast_train", "fit", "fast fit"):
        rng = np.random.RandomState(0)
        X, y = spiral_data(100, 3, rng=rng)
        network = SpiralNetwork(2, 8, 3, rng=rng)
        if name in ("train", "fast_train"):
            loop = train if name == "train" else fast_train
            history = loop(network, X, y, epochs=300, optimizer=OPTIMIZERS[optimizer]())
        else:
            model = Model(network.dense1, ReLU(), network.dense2,
                          loss=SoftmaxCrossEntropy(), optimizer=OPTIMIZERS[optimizer]())
            history = model.fit(X, y, epochs=300,
                                engine=FastNetwork if name == "fast fit" else None)
        runs[name] = (history.loss.tobytes(), network.dense1.weights.tobytes(),
                      network.dense2.weights.tobytes())
    assert len(set(runs.values())) == 1, [name for name in runs if runs[name] != runs["fit"]]
    if optimizer != "gradient-descent":  # its count moved: the decay applied
        stepped = OPTIMIZERS[optimizer]()
        rng = np.random.RandomState(0)
        X, y = spiral_data(100, 3, rng=rng)
        train(SpiralNetwork(2, 8, 3, rng=rng), X, y, epochs=3, optimizer=stepped)
        assert stepped.iterations == 3


def test_run_training_is_the_same_run_either_way():
    config = TrainingConfig(epochs=3000)
    plain, fast = run_training(config), run_training(config, engine=FastNetwork)
    assert_same_history(plain.history, fast.history)
    assert same_bits(plain.probabilities, fast.probabilities)
    assert plain.final_loss < plain.history.loss[0]


def test_fit_runs_the_chapters_steps_unless_given_the_engine(monkeypatch):
    """By default fit calls the plain train_step (an edit to it runs); given
    engine=FastNetwork, where the engine applies, it never does. run_training alike."""
    def no_plain_steps(self, *args, **kwargs):
        raise AssertionError("the plain steps ran")

    monkeypatch.setattr(Model, "train_step", no_plain_steps)
    X, y = data(3)
    with pytest.raises(AssertionError, match="the plain steps ran"):
        make_model("adam", (16,), 3).fit(X, y, epochs=5)
    make_model("adam", (16,), 3).fit(X, y, epochs=5, engine=FastNetwork)
    monkeypatch.setattr(nnfs_lit.training, "train", no_plain_steps)
    with pytest.raises(AssertionError, match="the plain steps ran"):
        run_training(TrainingConfig(epochs=5))
    run_training(TrainingConfig(epochs=5), engine=FastNetwork)


class MyDense(Dense):
    pass


def test_the_fast_path_applies_only_to_parts_it_computes_exactly():
    rng = np.random.default_rng(0)
    X, _ = data(3)
    assert FastNetwork.applies(make_model("sgd-decay", (16,), 3), X)
    others = {
        "dropout": Model(Dense(2, 8, rng=rng), ReLU(), Dropout(0.1, rng=rng),
                         Dense(8, 3, rng=rng), loss=SoftmaxCrossEntropy(),
                         optimizer=Adam()),
        "sigmoid output": Model(Dense(2, 8, rng=rng), ReLU(), Dense(8, 1, rng=rng),
                                Sigmoid(), loss=BinaryCrossEntropy(), optimizer=Adam()),
        "a subclass of Dense": Model(MyDense(2, 3, rng=rng), loss=SoftmaxCrossEntropy(),
                                     optimizer=Adam()),
        "ReLU first": Model(ReLU(), Dense(2, 3, rng=rng), loss=SoftmaxCrossEntropy(),
                            optimizer=Adam()),
    }
    for name, model in others.items():
        assert not FastNetwork.applies(model, X), name
    model = make_model("adam", (16,), 3)
    assert not FastNetwork.applies(model, X.astype(np.float32)), "mixed float types"


def test_a_diverging_fast_fit_stops_at_the_plain_ones_epoch():
    """Weights near 1e306 overflow in the second epoch's forward pass. The plain step's
    input check stops it there, naming the layer that saw the infinity; the fast step,
    which checks its inputs once, not inside, stops at the same epoch as diverged."""
    X, y = data(3)
    stops = {}
    for fast in (False, True):
        model = make_model("gradient-descent", (16,), 3)
        model.optimizer = GradientDescent(1e306)
        epochs_done = []
        with pytest.raises((ValueError, FloatingPointError)) as raised:
            model.fit(X, y, epochs=10, engine=FastNetwork if fast else None,
                      callback=lambda epoch, *_, done=epochs_done: done.append(epoch))
        stops[fast] = len(epochs_done), raised.value
    assert stops[False][0] == stops[True][0] == 1
    assert str(stops[False][1]) == "Softmax inputs must be finite, got NaN or infinity"
    assert str(stops[True][1]) == ("Model.fit: training diverged at epoch 1: the loss is "
                                   "nan; try a smaller learning rate than 1e+306")


def test_infinite_parameters_stop_both_paths_with_one_message():
    X, y = data(3)
    messages = set()
    for fast in (False, True):
        model = make_model("gradient-descent", (16,), 3)
        model.layers[0].weights[0, 0] = 1e308
        model.optimizer = GradientDescent(1e308)
        with pytest.raises(FloatingPointError) as raised:
            model.fit(X, y, epochs=10, engine=FastNetwork if fast else None)
        messages.add(str(raised.value))
    assert messages == {"Model.fit: training diverged at epoch 0: a Dense layer's "
                        "parameters are NaN or infinite; try a smaller learning rate "
                        "than 1e+308"}


@pytest.mark.parametrize("fast", [False, True])
def test_bad_labels_give_the_same_message_on_both_paths(fast):
    X, y = data(3)
    with pytest.raises(ValueError, match=r"^CategoricalCrossEntropy: class labels must "
                       r"be in \[0, 2\], got 3$"):
        make_model("adam", (16,), 3).fit(X, np.where(y == 2, 3, y), epochs=1,
                                          engine=FastNetwork if fast else None)
    with pytest.raises(ValueError, match=r"^Dense inputs must have 2 features per "
                       r"sample, got shape \(150, 3\)$"):
        make_model("adam", (16,), 3).fit(np.ones((150, 3)), y, epochs=1,
                                          engine=FastNetwork if fast else None)


def test_the_build_gives_its_experiments_the_engine(tmp_path):
    """run_experiment hands engine=FastNetwork to an experiment that takes `engine`;
    every experiment of the book that trains takes it (the speed study times both
    paths itself)."""
    import importlib
    import inspect
    import pkgutil

    import nnfs_lit
    from nnfs_lit.experiments import EXPERIMENTS, experiment, run_experiment

    for module in pkgutil.iter_modules(nnfs_lit.__path__):  # as the build registers
        if module.name != "__main__":
            importlib.import_module(f"nnfs_lit.{module.name}")
    given = []

    @experiment("engine-probe", "3 epochs of the seed run, recording its engine")
    def probe(engine=None):
        given.append(engine)
        return run_training(TrainingConfig(epochs=3), engine=engine)

    try:
        run_experiment("engine-probe", tmp_path)
    finally:
        del EXPERIMENTS["engine-probe"]
    assert given == [FastNetwork]
    ours = {name for name, entry in EXPERIMENTS.items()
            if entry.train.__module__.startswith("nnfs_lit.")}
    without = {name for name in ours
               if "engine" not in inspect.signature(EXPERIMENTS[name].train).parameters}
    assert len(ours) >= 10 and without == {"speed"}


def test_the_build_draws_its_training_pictures_with_the_engine(tmp_path):
    """draw_picture hands engine=FastNetwork to a picture that takes `engine`, as the
    three pictures that train longest do; the lessons' helpers they share train
    plainly when a reader calls them."""
    import inspect

    from matplotlib.figure import Figure

    import nnfs_lit.pictures
    from nnfs_lit.experiments import PICTURES, draw_picture, picture

    given = []

    @picture("engine-probe")
    def probe(engine=None):
        given.append(engine)
        return Figure(figsize=(1, 1))

    try:
        draw_picture("engine-probe", tmp_path)
    finally:
        del PICTURES["engine-probe"]
    assert given == [FastNetwork, FastNetwork]  # drawn in both themes
    for name in ("optimizers", "widths", "regularization"):
        assert "engine" in inspect.signature(PICTURES[name]).parameters, name
    assert inspect.signature(nnfs_lit.pictures.race_run).parameters["engine"].default is None
