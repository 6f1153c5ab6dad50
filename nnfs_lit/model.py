# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/09-model.md, "A stack of layers", block 3
"""A model: any stack of layers, a loss, an optimizer and an accuracy, and one loop."""

import math

import numpy as np

from nnfs_lit import checks
from nnfs_lit.activations import Softmax
from nnfs_lit.losses import SoftmaxCrossEntropy
from nnfs_lit.metrics import CategoricalAccuracy
from nnfs_lit.training import History


class Model:
    """Layers applied in order, then a loss; trained by an optimizer."""

    def __init__(self, *layers, loss=None, optimizer=None, accuracy=None):
        self.layers = []
        for layer in layers:
            self.add(layer)
        self.loss = loss
        self.optimizer = optimizer
        self.accuracy = CategoricalAccuracy() if accuracy is None else accuracy

    def add(self, layer):
        """Append a layer: anything with forward() and backward(). Returns the model.

        A layer with n_inputs must take as many as the last layer with n_neurons
        gives (the layers between, such as ReLU, keep the width)."""
        if isinstance(layer, type):  # Dense, where Dense(2, 3, rng=rng) was meant
            raise TypeError(f"a layer must be an instance, got the class "
                            f"{layer.__name__}: write {layer.__name__}(...)")
        if not (hasattr(layer, "forward") and hasattr(layer, "backward")):
            raise TypeError(
                f"a layer needs forward() and backward(), got {type(layer).__name__}"
            )
        giver = next((index for index in reversed(range(len(self.layers)))
                      if hasattr(self.layers[index], "n_neurons")), None)
        takes = getattr(layer, "n_inputs", None)
        if giver is not None and takes is not None:
            gives = self.layers[giver].n_neurons
            if gives != takes:
                raise ValueError(f"layer {len(self.layers)} ({type(layer).__name__}) "
                                 f"takes {takes} inputs, but layer {giver} "
                                 f"({type(self.layers[giver]).__name__}) gives {gives}")
        self.layers.append(layer)
        return self

    @property
    def trainable_layers(self):
        """The layers with parameters (weights and biases), in order."""
        return [layer for layer in self.layers if hasattr(layer, "weights")]

    # docs/13-regularization.md, "Dropout", block 2
    def forward(self, X, *, training=False):
        """The last layer's output for the batch X; training=True puts the layers that
        act differently while training (dropout) in that mode."""
        outputs = X  # (n_samples, n_inputs)
        for layer in self.layers:
            if hasattr(layer, "training"):  # a Dropout
                layer.training = training
            outputs = layer.forward(outputs)
        return outputs  # (n_samples, n_outputs)

    # docs/13-regularization.md, "A penalty on large parameters", block 3
    def backward(self):
        """Fill every layer's gradients, from the loss back to the first layer,
        each layer's penalty included."""
        dvalues = self.loss.backward()  # (n_samples, n_outputs)
        for layer in reversed(self.layers):
            dvalues = layer.backward(dvalues)
            if hasattr(layer, "regularization_backward"):  # a Dense, with penalties
                layer.regularization_backward()

    # docs/09-model.md, "A stack of layers", block 3
    def _output(self, outputs):
        """What the outputs mean: class probabilities if the loss holds the softmax."""
        if isinstance(self.loss, SoftmaxCrossEntropy):
            return self.loss.output  # the softmax the loss's forward just computed
        return outputs

    # docs/13-regularization.md, "Dropout", block 2
    def train_step(self, X, y):
        """Forward in training mode, backward and one optimizer step on (X, y); its
        loss and accuracy, both measured before the step."""
        outputs = self.forward(X, training=True)
        loss = self.loss.forward(outputs, y)
        accuracy = self.accuracy(self._output(outputs), y)
        self.backward()
        self.optimizer.step(self.trainable_layers)
        return loss, accuracy

    # docs/09-model.md, "A stack of layers", block 3
    def fit(self, X, y, *, epochs, batch_size=None, validation_data=None,
            log_every=None, rng=None, callback=None, engine=None):
        """Train on (X, y) for `epochs` epochs; returns the History.

        batch_size=None takes one step per epoch on all of X (full batch); a smaller
        batch_size takes a step per batch, in an order `rng` shuffles every epoch.
        validation_data=(X_val, y_val) is measured at the start of every epoch.
        log_every=k prints a line every k epochs; callback(epoch, loss, accuracy) is
        called after every epoch. A loss or a parameter that stops being finite stops
        training with a FloatingPointError that names the epoch. engine=None takes
        the steps written below. An engine (chapter 17's FastNetwork) takes them
        instead where engine.applies(model, X): the same numbers, bit for bit.
        """
        self._require_complete()
        epochs = checks.positive_int("epochs", epochs)
        X = checks.as_batch("X", X)  # (n_samples, n_inputs)
        n_samples = len(X)
        y = checks.same_samples("y", y, n_samples)  # before shuffling X and y together
        if log_every is not None:
            log_every = checks.positive_int("log_every", log_every)
        checks.function_or_none("callback", callback, "(epoch, loss, accuracy)")
        checks.engine_or_none(engine)
        batch_size = n_samples if batch_size is None else checks.positive_int(
            "batch_size", batch_size)
        if batch_size < n_samples:  # mini-batches are shuffled: by what generator?
            if rng is None:
                raise TypeError("fit: mini-batches need rng to shuffle them, "
                                "e.g. rng=np.random.default_rng(0)")
            rng = checks.as_rng(rng)
        validating = validation_data is not None
        if validating and (not isinstance(validation_data, (tuple, list))
                           or len(validation_data) != 2):
            raise TypeError("validation_data must be a pair (X_val, y_val), "
                            f"got {type(validation_data).__name__}")
        if validating:  # checked here, so that a mistake in it is named as its own
            X_val = checks.as_batch("validation_data X_val", validation_data[0],
                                    X.shape[1])
            validation_data = (X_val, checks.same_samples(
                "validation_data y_val", validation_data[1], len(X_val)))
        step, measure = self._finite_step, self.evaluate  # the steps written below
        if engine is not None and engine.applies(self, X):  # same numbers, sooner
            network = engine(self.layers, self.loss, self.optimizer)
            step, measure = network.step, network.evaluate
            X, y = network.checked(X, y)  # the labels checked once, not every step
            if validating:
                validation_data = _validation(network.checked, validation_data)
        history = History(loss=np.empty(epochs), accuracy=np.empty(epochs),
                          val_loss=np.empty(epochs) if validating else None,
                          val_accuracy=np.empty(epochs) if validating else None)
        for epoch in range(epochs):
            if validating:
                history.val_loss[epoch], history.val_accuracy[epoch] = _validation(
                    measure, validation_data)
            if batch_size < n_samples:
                loss, accuracy = _shuffled_batches(step, epoch, X, y, batch_size, rng)
            else:  # full batch: one step on all of X
                loss, accuracy = step(epoch, X, y)
            history.loss[epoch], history.accuracy[epoch] = loss, accuracy
            if log_every and (epoch % log_every == 0 or epoch == epochs - 1):
                print(_log_line(epoch, history))
            if callback is not None:
                callback(epoch, history.loss[epoch], history.accuracy[epoch])
        return history

    def _finite_step(self, epoch, X, y):
        """train_step, stopped with a FloatingPointError if the numbers blow up."""
        try:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                loss, accuracy = self.train_step(X, y)  # inf, NaN: checked below
        except FloatingPointError as error:  # a loss beyond float64 (chapter 14)
            raise checks.diverged(epoch, self.optimizer,
                                  "the loss is beyond float64") from error
        if not math.isfinite(loss):
            raise checks.diverged(epoch, self.optimizer, f"the loss is {loss}")
        for layer in self.trainable_layers:
            parameters = (layer.weights, layer.biases)
            if not all(np.isfinite(array).all() for array in parameters):
                raise checks.diverged(epoch, self.optimizer,
                                      f"a {type(layer).__name__} layer's parameters "
                                      "are NaN or infinite")
        return loss, accuracy

    def evaluate(self, X, y):
        """(loss, accuracy) on (X, y), in inference mode; it changes nothing."""
        self._require_complete(("layers", "loss"))  # no optimizer needed
        outputs = self.forward(X)
        loss = self.loss.forward(outputs, y)
        return loss, self.accuracy(self._output(outputs), y)

    def predict_proba(self, X):
        """The model's outputs for X: class probabilities, for a classifier."""
        self._require_complete(("layers",))  # no layers would hand X back unchanged
        outputs = self.forward(X)
        if isinstance(self.loss, SoftmaxCrossEntropy):
            return Softmax().forward(outputs)  # (n_samples, n_classes)
        return outputs

    def predict(self, X):
        """A prediction per sample of X: its most probable class, for a classifier."""
        return self.accuracy.predictions(self.predict_proba(X))

    def _require_complete(self, parts=("layers", "loss", "optimizer")):
        """Refuse to run a model that lacks a part, or whose parts are of the wrong
        kind, saying what was given and what is expected."""
        missing = [name for name in parts if not getattr(self, name)]
        if missing:
            parts = " and ".join(missing)
            raise RuntimeError(f"Model: set its {parts} before using it")
        for name, needs, example in (
                ("loss", "backward", "a loss such as SoftmaxCrossEntropy()"),
                ("optimizer", "step", "an optimizer such as Adam(0.01)")):
            part = getattr(self, name)
            if name in parts and (isinstance(part, type) or not hasattr(part, needs)):
                given = (f"the class {part.__name__}" if isinstance(part, type)
                         else f"{type(part).__name__} {part!r}")
                raise TypeError(f"Model: its {name} must be {example}, got {given}")
        if ("loss" in parts and isinstance(self.loss, SoftmaxCrossEntropy)
                and isinstance(self.layers[-1], Softmax)):
            raise ValueError("Model: the last layer is a Softmax, and "
                             "SoftmaxCrossEntropy applies the softmax itself: remove "
                             "the Softmax layer, or softmax runs twice")

    # docs/13-regularization.md, "A penalty on large parameters", block 3
    def regularization_loss(self):
        """The sum of the trainable layers' penalties, the part of the objective
        that the parameters' sizes add to the data loss."""
        return float(sum(layer.regularization_loss() for layer in self.trainable_layers
                         if hasattr(layer, "regularization_loss")))


def _validation(function, validation_data):
    """function(X_val, y_val), with a bad input's error saying it is the validation
    set's (its labels are checked by the loss, when it is first measured)."""
    try:
        return function(*validation_data)
    except (TypeError, ValueError) as error:
        raise type(error)(f"validation_data: {error}") from error


def _shuffled_batches(step, epoch, X, y, batch_size, rng):
    """One epoch of steps on shuffled mini-batches; the loss and accuracy of the
    epoch are the means over its batches, each weighted by its size."""
    order = rng.permutation(len(X))  # (n_samples,), a new order every epoch
    losses, accuracies, weights = [], [], []
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]  # the last batch can be short
        loss, accuracy = step(epoch, X[rows], y[rows])
        losses.append(loss)
        accuracies.append(accuracy)
        weights.append(len(rows) / batch_size)
    return np.average(losses, weights=weights), np.average(accuracies, weights=weights)


def _log_line(epoch, history):
    line = (f"epoch {epoch:5d}: loss {history.loss[epoch]:.4f}, "
            f"accuracy {history.accuracy[epoch]:.3f}")
    if history.val_loss is not None:
        line += (f", val_loss {history.val_loss[epoch]:.4f}, "
                 f"val_accuracy {history.val_accuracy[epoch]:.3f}")
    return line
