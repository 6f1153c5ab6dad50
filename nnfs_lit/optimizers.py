# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/07-training.md, "Gradient descent"
"""Optimizers: how a layer's parameters move, given their gradients."""

import numpy as np  # for the optimizers of chapter 10, which keep arrays of their own

from nnfs_lit import checks


class GradientDescent:
    """Plain gradient descent: parameter -= learning_rate * gradient."""

    def __init__(self, learning_rate=1.0):
        self.learning_rate = checks.positive_number("learning_rate", learning_rate)

    def update_params(self, layer):
        """Step layer.weights and layer.biases against layer.dweights, layer.dbiases."""
        layer.weights -= self.learning_rate * layer.dweights
        layer.biases -= self.learning_rate * layer.dbiases

    def step(self, layers):
        """One update of every layer in `layers`, from its stored gradients."""
        for layer in layers:
            self.update_params(layer)


# docs/10-optimizers.md, "One protocol"
class Optimizer:
    """What every optimizer shares: a decaying learning rate and a step counter.

    step(layers) is the protocol: pre_update_params(), update_params(layer) for
    each layer, post_update_params(). A subclass writes update(), the rule for one
    parameter array and its gradient.
    """

    def __init__(self, learning_rate, decay=0.0):
        self.learning_rate = checks.positive_number("learning_rate", learning_rate)
        self.decay = checks.non_negative("decay", decay)
        self.current_learning_rate = self.learning_rate
        self.iterations = 0  # steps taken so far: t in the formulas
        self.state = {}  # layer -> {(parameter name, kind): running array}

    def pre_update_params(self):
        """eta_t = eta / (1 + decay * t): smaller steps as training goes on."""
        self.current_learning_rate = self.learning_rate / (
            1 + self.decay * self.iterations)

    def update_params(self, layer):
        """Move layer.weights and layer.biases against layer.dweights, .dbiases."""
        self.update(layer, "weights", layer.weights, layer.dweights)
        self.update(layer, "biases", layer.biases, layer.dbiases)

    def post_update_params(self):
        self.iterations += 1

    def step(self, layers):
        """One update of every layer in `layers`, from its stored gradients."""
        self.pre_update_params()
        for layer in layers:
            self.update_params(layer)
        self.post_update_params()

    def running(self, layer, name, kind):
        """The running array `kind` (e.g. "velocity") kept for layer.<name>: zeros,
        shaped like the parameter, until the first update writes to it."""
        arrays = self.state.setdefault(layer, {})
        if (name, kind) not in arrays:
            arrays[(name, kind)] = np.zeros_like(getattr(layer, name))
        return arrays[(name, kind)]


# docs/10-optimizers.md, "SGD with momentum"
class SGD(Optimizer):
    """Gradient descent, with learning-rate decay and momentum if asked for."""

    def __init__(self, learning_rate=1.0, decay=0.0, momentum=0.0):
        super().__init__(learning_rate, decay)
        self.momentum = checks.fraction("momentum", momentum)

    def update(self, layer, name, parameter, gradient):
        eta = self.current_learning_rate
        if not self.momentum:
            parameter -= eta * gradient  # theta <- theta - eta g
            return
        velocity = self.running(layer, name, "velocity")
        velocity *= self.momentum
        velocity -= eta * gradient  # v <- mu v - eta g
        parameter += velocity  # theta <- theta + v


# docs/10-optimizers.md, "AdaGrad: a step size per parameter"
class AdaGrad(Optimizer):
    """A step per parameter: eta / sqrt(the sum of its squared past gradients)."""

    def __init__(self, learning_rate=1.0, decay=0.0, epsilon=1e-7):
        super().__init__(learning_rate, decay)
        self.epsilon = checks.positive_number("epsilon", epsilon)

    def update(self, layer, name, parameter, gradient):
        cache = self.running(layer, name, "cache")
        cache += gradient ** 2  # G <- G + g^2
        parameter -= self.current_learning_rate * gradient / (
            np.sqrt(cache) + self.epsilon)


# docs/10-optimizers.md, "RMSProp: a cache that forgets"
class RMSProp(Optimizer):
    """AdaGrad with a cache that forgets: a moving average of squared gradients."""

    def __init__(self, learning_rate=0.001, decay=0.0, epsilon=1e-7, rho=0.9):
        super().__init__(learning_rate, decay)
        self.epsilon = checks.positive_number("epsilon", epsilon)
        self.rho = checks.fraction("rho", rho)

    def update(self, layer, name, parameter, gradient):
        cache = self.running(layer, name, "cache")
        cache *= self.rho
        cache += (1 - self.rho) * gradient ** 2  # G <- rho G + (1 - rho) g^2
        parameter -= self.current_learning_rate * gradient / (
            np.sqrt(cache) + self.epsilon)


# docs/10-optimizers.md, "Adam: momentum and RMSProp, corrected"
class Adam(Optimizer):
    """Momentum and RMSProp together, each corrected for starting at zero."""

    def __init__(self, learning_rate=0.001, decay=0.0, epsilon=1e-7, beta_1=0.9,
                 beta_2=0.999):
        super().__init__(learning_rate, decay)
        self.epsilon = checks.positive_number("epsilon", epsilon)
        self.beta_1 = checks.fraction("beta_1", beta_1)
        self.beta_2 = checks.fraction("beta_2", beta_2)

    def update(self, layer, name, parameter, gradient):
        m = self.running(layer, name, "m")
        v = self.running(layer, name, "v")
        m *= self.beta_1
        m += (1 - self.beta_1) * gradient  # m <- beta1 m + (1 - beta1) g
        v *= self.beta_2
        v += (1 - self.beta_2) * gradient ** 2  # v <- beta2 v + (1 - beta2) g^2
        t = self.iterations + 1  # steps count from 1 in the bias correction
        m_hat = m / (1 - self.beta_1 ** t)
        v_hat = v / (1 - self.beta_2 ** t)
        eta = self.current_learning_rate
        parameter -= eta * m_hat / (np.sqrt(v_hat) + self.epsilon)
