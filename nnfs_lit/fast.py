# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/17-making-it-fast.md:103
"""The fast path of training: the same arithmetic, checked once, on arrays made once."""

import math

import numpy as np

from nnfs_lit import checks
from nnfs_lit.activations import ReLU
from nnfs_lit.layers import Dense
from nnfs_lit.losses import CLIP, SoftmaxCrossEntropy
from nnfs_lit.metrics import CategoricalAccuracy
from nnfs_lit.optimizers import SGD, AdaGrad, Adam, GradientDescent, RMSProp
from nnfs_lit.train import History

OPTIMIZERS = (GradientDescent, SGD, AdaGrad, RMSProp, Adam)  # element-wise rules


# docs/17-making-it-fast.md:132
class FlatParameters:
    """Every Dense layer's weights and biases as views into one flat array.

    layer.weights is still a (n_inputs, n_neurons) array, but its numbers live in
    `values`, so one NumPy call can update all of them; the gradients likewise.
    """

    NAMES = ("weights", "biases")

    def __init__(self, layers):
        arrays = [getattr(layer, name) for layer in layers for name in self.NAMES]
        self.values = np.concatenate([array.ravel() for array in arrays])  # (n_par,)
        self.gradients = np.zeros_like(self.values)  # (n_parameters,)
        self.parts = []  # (layer, name, slice of the flat array, shape)
        start = 0
        for layer in layers:
            for name in self.NAMES:
                shape = getattr(layer, name).shape
                part = slice(start, start + math.prod(shape))
                setattr(layer, name, self.values[part].reshape(shape))  # a view
                setattr(layer, "d" + name, self.gradients[part].reshape(shape))
                self.parts.append((layer, name, part, shape))
                start = part.stop


# docs/17-making-it-fast.md:171
class BatchArrays:
    """Every array one training step on a batch of n_samples rows needs, made once.

    ReLU works in place, so its output is the array of the layer before it, and so is
    the gradient it hands back.
    """

    def __init__(self, layers, n_samples, dtype):
        widths, width = [], layers[0].n_inputs
        for layer in layers:
            width = layer.n_neurons if type(layer) is Dense else width
            widths.append(width)  # the width of each layer's output
        n, n_classes = n_samples, widths[-1]
        self.outputs, self.gradients = [], [None] * len(layers)
        for layer, width in zip(layers, widths, strict=True):  # a new array per Dense
            is_dense = type(layer) is Dense
            self.outputs.append(np.empty((n, width), dtype) if is_dense
                                else self.outputs[-1])
        for i in reversed(range(len(layers))):  # backward: ReLU hands on in place
            after_relu = i + 1 < len(layers) and type(layers[i + 1]) is ReLU
            self.gradients[i] = (self.gradients[i + 1] if after_relu
                                 else np.empty((n, widths[i]), dtype))
        zeros = np.zeros(n * max(widths), dtype)  # ReLU's 0, as a whole array
        positive = np.empty(n * max(widths), bool)  # ReLU's mask z > 0
        self.zeros = [zeros[:n * w].reshape(n, w) for w in widths]  # views, per layer
        self.positive = [positive[:n * w].reshape(n, w) for w in widths]
        self.probabilities = np.empty((n, n_classes), dtype)  # softmax output p
        self.row = np.empty(n, dtype)  # one number per row: the max, then the sum
        self.column = self.row[:, None]  # the same numbers as a (n_samples, 1) view
        self.offsets = np.arange(n) * n_classes  # where each row starts in p.ravel()
        self.index = np.empty(n, np.intp)  # where each row's true class is
        self.labels = None  # the labels `index` was computed for
        self.true_p = np.empty(n, dtype)  # p of the true class, (n_samples,)
        self.losses = np.empty(n, dtype)  # -log p of the true class, clipped
        self.predicted = np.empty(n, np.intp)  # argmax of each row
        self.hits = np.empty(n, bool)  # predicted == true class


# docs/17-making-it-fast.md:225
class FastNetwork:
    """Dense and ReLU layers with softmax cross-entropy, trained the fast way.

    Its step does the arithmetic of Model.train_step, operation for operation, so
    the numbers are the same to the last bit; what changes is where they are kept.
    """

    def __init__(self, layers, loss, optimizer):
        self.layers, self.loss, self.optimizer = list(layers), loss, optimizer
        self.dense = [layer for layer in self.layers if type(layer) is Dense]
        self.penalized = [layer for layer in self.dense if any(
            getattr(layer, f"{kind}_regularizer_{norm}") > 0
            for kind in ("weight", "bias") for norm in ("l1", "l2"))]
        self.parameters = FlatParameters(self.dense)
        self.dtype = self.parameters.values.dtype
        self.n_classes = self.dense[-1].n_neurons
        self.batches = {}  # n_samples -> BatchArrays for batches of that size
        self.shared = False  # are the optimizer's running arrays flat yet?
        self._adopt_optimizer_state()

    @staticmethod
    def applies(model, X):
        """True if every part of `model` is one this class computes exactly."""
        kinds = [type(layer) for layer in model.layers]
        parameters = [getattr(layer, name) for layer in model.layers
                      if type(layer) is Dense for name in FlatParameters.NAMES]
        return (kinds[:1] == [Dense] and kinds[-1:] == [Dense]
                and set(kinds) <= {Dense, ReLU}
                and type(model.loss) is SoftmaxCrossEntropy
                and type(model.accuracy) is CategoricalAccuracy
                and type(model.optimizer) in OPTIMIZERS
                and X.dtype in (np.float32, np.float64)
                and all(array.dtype == X.dtype for array in parameters))

    def checked(self, X, y):
        """(X, labels) checked once, with the messages the plain step would give."""
        X = checks.as_batch("Dense inputs", X, self.dense[0].n_inputs)
        labels = checks.as_labels("CategoricalCrossEntropy", y, len(X), self.n_classes)
        return X, labels.astype(np.intp, copy=False)  # (n_samples,)

    def arrays(self, n_samples):
        if n_samples not in self.batches:
            self.batches[n_samples] = BatchArrays(self.layers, n_samples, self.dtype)
        return self.batches[n_samples]

    # docs/17-making-it-fast.md:297
    def forward(self, X, labels):
        """The batch's loss and accuracy, as Model.train_step measures them."""
        a = self.arrays(len(X))
        inputs = X  # (n_samples, n_inputs)
        for layer, out, zeros in zip(self.layers, a.outputs, a.zeros, strict=True):
            if type(layer) is Dense:
                np.matmul(inputs, layer.weights, out=out)  # Z = X W
                np.add(out, layer.biases, out=out)  # Z + b
            else:  # ReLU: max(0, z) in place, 0 given as an array (the fast loop)
                np.maximum(zeros, out, out=out)
            inputs = out
        scores, p = inputs, a.probabilities  # (n_samples, n_classes) each
        n_classes = p.shape[1]
        np.maximum(scores[:, 0], scores[:, 1], out=a.row)  # each row's max, column
        for c in range(2, n_classes):  # by column: change 4
            np.maximum(a.row, scores[:, c], out=a.row)
        np.subtract(scores, a.column, out=p)
        np.exp(p, out=p)
        if n_classes < 8:  # NumPy adds fewer than 8 numbers left to right
            np.add(p[:, 0], p[:, 1], out=a.row)
            for c in range(2, n_classes):
                np.add(a.row, p[:, c], out=a.row)
        else:  # and more in blocks of 8: let it
            np.add.reduce(p, axis=1, out=a.row)
        np.divide(p, a.column, out=p)  # softmax: each row sums to 1
        if labels is not a.labels:  # the same labels every epoch of full batches
            np.add(a.offsets, labels, out=a.index)
            a.labels = labels
        p.take(a.index, out=a.true_p)  # p[i, y_i], (n_samples,)
        np.maximum(a.true_p, CLIP, out=a.losses)  # clipped to [CLIP, 1 - CLIP]
        np.minimum(a.losses, 1 - CLIP, out=a.losses)
        np.log(a.losses, out=a.losses)  # log p[i, y_i]
        loss = float(-np.add.reduce(a.losses) / len(X))  # the mean of -log p, exactly
        p.argmax(axis=1, out=a.predicted)
        np.equal(a.predicted, labels, out=a.hits)
        accuracy = np.count_nonzero(a.hits) / len(X)
        self.loss.output, self.loss.labels = p, labels  # as the plain loss keeps them
        return loss, accuracy

    # docs/17-making-it-fast.md:353
    def backward(self, X):
        """Every Dense layer's dweights and dbiases, into the flat gradients."""
        a = self.arrays(len(X))
        dvalues = a.gradients[-1]  # dL/dZ of the last layer: (p - onehot) / n
        np.copyto(dvalues, a.probabilities)
        np.subtract(a.true_p, 1, out=a.true_p)
        dvalues.put(a.index, a.true_p)  # p - 1 at each row's true class
        np.divide(dvalues, len(X), out=dvalues)
        for i in reversed(range(len(self.layers))):
            layer = self.layers[i]
            if type(layer) is Dense:
                inputs = X if i == 0 else a.outputs[i - 1]  # (n_samples, n_inputs)
                np.matmul(inputs.T, dvalues, out=layer.dweights)  # X^T dZ
                np.add.reduce(dvalues, axis=0, keepdims=True, out=layer.dbiases)
                if layer in self.penalized:  # chapter 13's penalties, in place
                    layer.regularization_backward()
                if i > 0:  # the first layer's dinputs is never used: skipped
                    np.matmul(dvalues, layer.weights.T, out=a.gradients[i - 1])
                    dvalues = a.gradients[i - 1]  # dZ W^T, (n_samples, n_inputs)
            else:  # ReLU: the gradient passes where the output is positive
                positive = a.positive[i]
                np.greater(a.outputs[i], 0, out=positive)
                np.multiply(dvalues, positive, out=dvalues)

    # docs/17-making-it-fast.md:398
    def update(self):
        """One step of the optimizer's own rule, on all the parameters at once."""
        optimizer, flat = self.optimizer, self.parameters
        if type(optimizer) is GradientDescent:  # its update_params, on one array
            flat.values -= optimizer.learning_rate * flat.gradients
            return
        optimizer.pre_update_params()
        optimizer.update(flat, "values", flat.values, flat.gradients)
        optimizer.post_update_params()
        if not self.shared:  # the optimizer made its running arrays just now
            self._share_optimizer_state()
            self.shared = True

    def step(self, epoch, X, labels):
        """Model._finite_step, the fast way: forward, backward, update; the loss
        and accuracy before the update, and an error if the numbers blow up."""
        values = self.parameters.values
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            loss, accuracy = self.forward(X, labels)  # inf, NaN: checked below
            self.backward(X)
            self.update()
            total = np.add.reduce(values)  # finite if every value is (or it overflows)
        if not math.isfinite(loss):
            raise checks.diverged(epoch, self.optimizer, f"the loss is {loss}")
        if not (math.isfinite(total) or np.isfinite(values).all()):
            raise checks.diverged(epoch, self.optimizer, "a Dense layer's parameters "
                                  "are NaN or infinite")
        return loss, accuracy

    def evaluate(self, X, labels):
        """(loss, accuracy) on checked (X, labels), as Model.evaluate computes them."""
        return self.forward(X, labels)

    def _adopt_optimizer_state(self):
        """Move the optimizer's running arrays (momentum, caches) into flat arrays,
        so that training goes on from where an earlier fit left it."""
        state = getattr(self.optimizer, "state", None)
        if state is None:  # GradientDescent keeps nothing between steps
            return
        for key in [key for key in state if isinstance(key, FlatParameters)]:
            del state[key]  # an earlier fast fit's: its layers hold views of it
        kinds = {kind for layer in self.dense for (_, kind) in state.get(layer, {})}
        flat = {}
        for kind in sorted(kinds):
            array = np.zeros_like(self.parameters.values)
            for layer, name, part, _ in self.parameters.parts:
                running = state.get(layer, {}).get((name, kind))
                if running is not None:
                    array[part] = running.ravel()
            flat[("values", kind)] = array
        state[self.parameters] = flat
        self._share_optimizer_state()

    def _share_optimizer_state(self):
        """Give optimizer.state[layer] views of the flat running arrays, so that a
        plain step, or a save, sees the same numbers."""
        state = self.optimizer.state
        for (_, kind), array in state.get(self.parameters, {}).items():
            for layer, name, part, shape in self.parameters.parts:
                state.setdefault(layer, {})[(name, kind)] = array[part].reshape(shape)


# docs/17-making-it-fast.md:469
def fast_train(network, X, y, *, epochs, optimizer, callback=None):
    """Chapter 7's train() on the fast path: the same History, bit for bit.

    One difference: where train() would go on with NaN, it stops with Model.fit's
    FloatingPointError.
    """
    epochs = checks.positive_int("epochs", epochs)
    layers = [network.dense1, network.activation1, network.dense2]
    fast = FastNetwork(layers, network.loss, optimizer)
    X, labels = fast.checked(X, y)
    history = History(loss=np.empty(epochs), accuracy=np.empty(epochs))
    for epoch in range(epochs):
        history.loss[epoch], history.accuracy[epoch] = fast.step(epoch, X, labels)
        if callback is not None:
            callback(epoch, history.loss[epoch], history.accuracy[epoch])
    network.output = network.loss.output.copy()  # the last forward pass's p
    return history
