# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/17-making-it-fast.md, "The code"
"""The fast path of training: the same arithmetic, checked once, on arrays made once."""

import math

import numpy as np

from nnfs_lit import checks
from nnfs_lit.activations import ReLU
from nnfs_lit.layers import Dense
from nnfs_lit.losses import CLIP, SoftmaxCrossEntropy
from nnfs_lit.metrics import CategoricalAccuracy
from nnfs_lit.optimizers import SGD, AdaGrad, Adam, GradientDescent, RMSProp
from nnfs_lit.training import History

OPTIMIZERS = (GradientDescent, SGD, AdaGrad, RMSProp, Adam)  # element-wise rules


# docs/17-making-it-fast.md, "Change 1: one flat array of parameters"
class FlatParameters:
    """Every Dense layer's weights and biases as views into one flat array.

    layer.weights is still a (n_inputs, n_neurons) array, but its numbers live in
    `values`, so one NumPy call can update all of them; the gradients likewise.
    """

    NAMES = ("weights", "biases")

    def __init__(self, layers):
        arrays = [getattr(layer, name) for layer in layers for name in self.NAMES]
        flat = np.concatenate([array.ravel() for array in arrays])
        self.values = flat  # (n_parameters,)
        self.gradients = np.zeros_like(flat)  # (n_parameters,)
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


# docs/17-making-it-fast.md, "Change 2: arrays made once"
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
        self.outputs, self.doutputs = [], [None] * len(layers)
        for layer, width in zip(layers, widths, strict=True):  # a new array per Dense
            is_dense = type(layer) is Dense
            self.outputs.append(np.empty((n, width), dtype) if is_dense
                                else self.outputs[-1])
        for i in reversed(range(len(layers))):  # dL/d(output of layer i), in place
            after_relu = i + 1 < len(layers) and type(layers[i + 1]) is ReLU
            self.doutputs[i] = (self.doutputs[i + 1] if after_relu  # ReLU's own
                                else np.empty((n, widths[i]), dtype))
        # one array of zeros and one mask serve every layer, as views of the right
        # shape: the zeros are only read, and each mask is used at once
        zeros = np.zeros(n * max(widths), dtype)  # ReLU's 0, as a whole array
        positive = np.empty(n * max(widths), bool)  # ReLU's mask z > 0
        self.zeros = [zeros[:n * w].reshape(n, w) for w in widths]  # (n, width) each
        self.positive = [positive[:n * w].reshape(n, w) for w in widths]
        self.probabilities = np.empty((n, n_classes), dtype)  # softmax output p
        self.row = np.empty(n, dtype)  # one number per row: first the max, then the sum
        self.column = self.row[:, None]  # the same numbers as a (n_samples, 1) view
        self.offsets = np.arange(n) * n_classes  # where each row starts in p.ravel()
        self.index = np.empty(n, np.intp)  # where each row's true class is
        self.labels = None  # the labels `index` was computed for
        self.true_p = np.empty(n, dtype)  # p of the true class, (n_samples,)
        self.losses = np.empty(n, dtype)  # -log p of the true class, clipped
        self.predicted = np.empty(n, np.intp)  # argmax of each row
        self.hits = np.empty(n, bool)  # predicted == true class


# docs/17-making-it-fast.md, "Change 3: inputs checked once"
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
        self.state_shared = False  # do the layers see the flat running arrays yet?
        self._adopt_optimizer_state()

    @staticmethod
    def applies(model, X):
        """True if every part of `model` is one this class computes exactly."""
        kinds = [type(layer) for layer in model.layers]
        parameters = [getattr(layer, name) for layer in model.layers
                      if type(layer) is Dense for name in FlatParameters.NAMES]
        return (kinds[:1] == [Dense] and kinds[-1:] == [Dense]  # first and last
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

    def arrays_for(self, n_samples):
        """The BatchArrays of batches of n_samples rows, made on first use."""
        if n_samples not in self.batches:
            self.batches[n_samples] = BatchArrays(self.layers, n_samples, self.dtype)
        return self.batches[n_samples]

    # docs/17-making-it-fast.md, "Change 4: the forward pass, around two slow paths"
    def forward(self, X, labels):
        """The batch's loss and accuracy, as Model.train_step measures them."""
        arrays = self.arrays_for(len(X))
        inputs = X  # (n_samples, n_inputs)
        for layer, out, zeros in zip(self.layers, arrays.outputs, arrays.zeros,
                                     strict=True):
            if type(layer) is Dense:
                np.matmul(inputs, layer.weights, out=out)  # Z = X W
                np.add(out, layer.biases, out=out)  # Z + b
            else:  # ReLU: max(0, z) in place, its 0 given as an array (change 4)
                np.maximum(zeros, out, out=out)
            inputs = out
        scores, p = inputs, arrays.probabilities  # (n_samples, n_classes) each
        row, n_classes = arrays.row, p.shape[1]  # row: (n_samples,)
        np.maximum(scores[:, 0], scores[:, 1], out=row)  # each row's max, by column
        for c in range(2, n_classes):
            np.maximum(row, scores[:, c], out=row)
        np.subtract(scores, arrays.column, out=p)  # z - max z, each row
        np.exp(p, out=p)
        if n_classes < 8:  # NumPy adds fewer than 8 numbers from left to right
            np.add(p[:, 0], p[:, 1], out=row)
            for c in range(2, n_classes):
                np.add(row, p[:, c], out=row)
        else:  # and 8 or more in blocks: let it
            np.add.reduce(p, axis=1, out=row)
        np.divide(p, arrays.column, out=p)  # softmax: each row sums to 1
        if labels is not arrays.labels:  # the same labels every epoch of full batches
            np.add(arrays.offsets, labels, out=arrays.index)
            arrays.labels = labels
        true_p, losses = arrays.true_p, arrays.losses  # (n_samples,) each
        p.take(arrays.index, out=true_p)  # p[i, y_i], with no new array
        np.maximum(true_p, CLIP, out=losses)  # clipped to [CLIP, 1 - CLIP]
        np.minimum(losses, 1 - CLIP, out=losses)
        np.log(losses, out=losses)  # log p[i, y_i]
        loss = float(-np.add.reduce(losses) / len(X))  # the mean of -log p[i, y_i]
        p.argmax(axis=1, out=arrays.predicted)
        np.equal(arrays.predicted, labels, out=arrays.hits)
        accuracy = np.count_nonzero(arrays.hits) / len(X)
        self.loss.output, self.loss.labels = p, labels  # as the plain loss keeps them
        return loss, accuracy

    # docs/17-making-it-fast.md, "Change 5: no work that nobody reads"
    def backward(self, X):
        """Every Dense layer's dweights and dbiases, into the flat gradients."""
        arrays = self.arrays_for(len(X))
        dvalues = arrays.doutputs[-1]  # dL/dZ of the last layer: (p - onehot) / n
        np.copyto(dvalues, arrays.probabilities)
        np.subtract(arrays.true_p, 1, out=arrays.true_p)  # forward is done with it
        dvalues.put(arrays.index, arrays.true_p)  # p - 1 at each row's true class
        np.divide(dvalues, len(X), out=dvalues)
        for i in reversed(range(len(self.layers))):
            layer = self.layers[i]
            if type(layer) is Dense:
                inputs = X if i == 0 else arrays.outputs[i - 1]  # (n_samples, n_in)
                np.matmul(inputs.T, dvalues, out=layer.dweights)  # X^T dZ
                np.add.reduce(dvalues, axis=0, keepdims=True, out=layer.dbiases)
                if layer in self.penalized:  # chapter 13's penalties, in place
                    layer.regularization_backward()
                if i > 0:  # the first layer's dinputs is never read: change 5
                    dinputs = arrays.doutputs[i - 1]  # (n_samples, n_inputs)
                    np.matmul(dvalues, layer.weights.T, out=dinputs)  # dZ W^T
                    dvalues = dinputs
            else:  # ReLU: the gradient passes where the output is positive
                positive = arrays.positive[i]
                np.greater(arrays.outputs[i], 0, out=positive)
                np.multiply(dvalues, positive, out=dvalues)

    # docs/17-making-it-fast.md, "A step, and the optimizer's memory", block 1
    def update(self):
        """One step of the optimizer's own rule, on all the parameters at once."""
        optimizer, flat = self.optimizer, self.parameters
        if type(optimizer) is GradientDescent:  # its update_params, on one array
            flat.values -= optimizer.learning_rate * flat.gradients
            return
        optimizer.pre_update_params()  # flat stands in for a layer, as state's key
        optimizer.update(flat, "values", flat.values, flat.gradients)
        optimizer.post_update_params()
        if not self.state_shared:  # the optimizer made its running arrays just now
            self._share_optimizer_state()
            self.state_shared = True

    def step(self, epoch, X, labels):
        """Model._finite_step, the fast way: forward, backward, update; the loss
        and accuracy before the update, and an error if the numbers blow up."""
        values = self.parameters.values
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            loss, accuracy = self.forward(X, labels)  # inf, NaN: checked below
            self.backward(X)
            self.update()
            total = np.add.reduce(values)  # finite only if every value is finite
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


# docs/17-making-it-fast.md, "A step, and the optimizer's memory", block 2
def fast_train(network, X, y, *, epochs, optimizer, callback=None):
    """Chapter 7's train() on the fast path: the same History, bit for bit.

    One difference: where train() would go on with NaN, it stops with Model.fit's
    FloatingPointError.
    """
    epochs = checks.positive_int("epochs", epochs)
    layers = [network.dense1, network.activation1, network.dense2]
    fast_network = FastNetwork(layers, network.loss, optimizer)
    X, labels = fast_network.checked(X, y)
    history = History(loss=np.empty(epochs), accuracy=np.empty(epochs))
    for epoch in range(epochs):
        history.loss[epoch], history.accuracy[epoch] = fast_network.step(epoch, X,
                                                                         labels)
        if callback is not None:
            callback(epoch, history.loss[epoch], history.accuracy[epoch])
    network.output = network.loss.output.copy()  # the last forward pass's p
    return history


FastNetwork.train = staticmethod(fast_train)  # the loop run_training's engine runs
