# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/20-tensor-autograd.md, "From a slope to a function of the gradient"
"""Autograd for arrays: a Tensor is chapter 19's Value with a NumPy array inside, and
each operation hands back, instead of a slope, a function of the incoming gradient."""

from numbers import Real

import numpy as np

from nnfs_lit.autograd import topological_order


class Tensor:
    """A float64 array in a computation, and the gradient of a scalar result with
    respect to it (an array of the same shape).

    A Tensor made by an operation keeps its `parents` and, for each, a function in
    `backward_fns` that turns the gradient arriving at this tensor into that parent's
    share: the product of the gradient with the operation's Jacobian, computed without
    ever building the Jacobian. A Tensor made from an array is a *leaf*.
    """

    __array_ufunc__ = None  # array * tensor calls Tensor.__rmul__, not NumPy's loop

    def __init__(self, data, parents=(), backward_fns=(), op=""):
        if isinstance(data, Tensor):
            raise TypeError("Tensor(Tensor(...)): data is already a Tensor")
        self.data = np.asarray(data, dtype=np.float64)  # no copy if already float64
        self.grad = np.zeros_like(self.data)  # d result / d self: self's shape
        self.parents = tuple(parents)  # (Tensor, ...): what this was made from
        self.backward_fns = tuple(backward_fns)  # one per parent: gradient -> share
        self.op = op  # how it was made: "+", "@", "sum"...; "" for a leaf

    @property
    def shape(self):
        return self.data.shape

    def __repr__(self):
        return f"Tensor(shape={self.shape}, op={self.op or 'leaf'!r})"

    def backward(self):
        """Add d self / d leaf to every leaf's .grad; set it on every other Tensor
        made along the way. self must hold one number, such as a loss."""
        if self.data.size != 1:
            raise ValueError(f"backward() needs a single number, got shape "
                             f"{self.shape}: reduce it first (.sum())")
        order = topological_order(self)  # every tensor after its parents
        for node in order:
            if node.parents:  # made by an operation: its gradient is this sweep's
                node.grad = np.zeros_like(node.data)
        self.grad = self.grad + 1.0  # d self / d self
        for node in reversed(order):  # every tensor after all of its children
            for parent, share in zip(node.parents, node.backward_fns, strict=True):
                gradient = share(node.grad)  # J^T G: the chain rule, along one wire
                if gradient.shape != parent.shape:
                    raise RuntimeError(f"backward of {node.op!r}: a gradient of shape "
                                       f"{gradient.shape} for an input of shape "
                                       f"{parent.shape}")
                parent.grad = parent.grad + gradient  # a new array, not +=: below

    # docs/20-tensor-autograd.md, "Arithmetic, element by element"
    def __add__(self, other):
        other = as_tensor(other)
        return Tensor(self.data + other.data, (self, other),
                      (lambda g: unbroadcast(g, self.shape),  # d(u + v)/du = 1
                       lambda g: unbroadcast(g, other.shape)), "+")

    def __sub__(self, other):
        other = as_tensor(other)
        return Tensor(self.data - other.data, (self, other),
                      (lambda g: unbroadcast(g, self.shape),
                       lambda g: unbroadcast(-g, other.shape)), "-")

    def __mul__(self, other):
        other = as_tensor(other)
        return Tensor(self.data * other.data, (self, other),
                      (lambda g: unbroadcast(g * other.data, self.shape),
                       lambda g: unbroadcast(g * self.data, other.shape)), "*")

    def __truediv__(self, other):
        other = as_tensor(other)
        return Tensor(self.data / other.data, (self, other),
                      (lambda g: unbroadcast(g / other.data, self.shape),
                       lambda g: unbroadcast(-g * self.data / other.data**2,
                                             other.shape)), "/")

    def __neg__(self):
        return Tensor(-self.data, (self,), (lambda g: -g,), "neg")

    def __pow__(self, exponent):
        """self ** exponent, element by element, for a plain number exponent."""
        if isinstance(exponent, Tensor) or not isinstance(exponent, Real):
            raise TypeError("a Tensor's exponent must be a plain number, got "
                            f"{type(exponent).__name__}")
        return Tensor(self.data ** exponent, (self,),
                      (lambda g: g * exponent * self.data ** (exponent - 1),),
                      f"**{exponent:g}")

    def __radd__(self, other):  # other + self
        return self + other

    def __rsub__(self, other):  # other - self
        return as_tensor(other) - self

    def __rmul__(self, other):  # other * self
        return self * other

    def __rtruediv__(self, other):  # other / self
        return as_tensor(other) / self

    # docs/20-tensor-autograd.md, "Matrix products"
    def __matmul__(self, other):
        """(n, k) @ (k, m) -> (n, m): chapter 5's dX = G W^T and dW = X^T G."""
        other = as_tensor(other)
        if self.data.ndim != 2 or other.data.ndim != 2 or \
                self.shape[1] != other.shape[0]:
            raise ValueError(f"matmul needs (n, k) @ (k, m), got {self.shape} @ "
                             f"{other.shape}")
        return Tensor(self.data @ other.data, (self, other),  # (n, m)
                      (lambda g: g @ other.data.T,  # (n, m) @ (m, k) -> (n, k)
                       lambda g: self.data.T @ g),  # (k, n) @ (n, m) -> (k, m)
                      "@")

    # docs/20-tensor-autograd.md, "Sums, means and maxima"
    def sum(self, axis=None, keepdims=False):
        """The sum over `axis` (every axis if None): each summed entry gets the whole
        gradient of the sum, copied back along that axis."""
        def share(g):
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)  # the summed axes back, with length 1
            return np.broadcast_to(g, self.shape).copy()  # (self.shape)
        return Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), (share,),
                      "sum")

    def mean(self, axis=None, keepdims=False):
        """The sum divided by the number of entries summed into each result."""
        total = self.sum(axis=axis, keepdims=keepdims)
        return total / (self.data.size // total.data.size)

    def max(self, axis=None, keepdims=False):
        """The largest entry over `axis`; its gradient goes to the entries that are the
        largest (split evenly between ties)."""
        top = self.data.max(axis=axis, keepdims=True)  # reduced axes kept, length 1
        winners = (self.data == top).astype(np.float64)  # (self.shape): 1 where top
        winners /= winners.sum(axis=axis, keepdims=True)  # ties share
        def share(g):
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            return g * winners  # broadcast along the reduced axes
        if keepdims:
            out = top
        else:
            out = top.reshape(()) if axis is None else np.squeeze(top, axis=axis)
        return Tensor(out, (self,), (share,), "max")

    # docs/20-tensor-autograd.md, "Picking entries"
    def __getitem__(self, index):
        """Entries picked by NumPy indexing; each picked entry gets its gradient back,
        added up when an entry is picked twice."""
        def share(g):
            full = np.zeros_like(self.data)  # (self.shape): 0 where nothing was picked
            np.add.at(full, index, g)  # += that adds up repeated indices
            return full
        return Tensor(self.data[index], (self,), (share,), "[]")

    # docs/20-tensor-autograd.md, "Element-wise functions"
    def exp(self):
        e = np.exp(self.data)
        return Tensor(e, (self,), (lambda g: g * e,), "exp")  # d e^u = e^u

    def log(self):
        if np.any(self.data <= 0):
            raise ValueError("log needs positive numbers; this Tensor's smallest "
                             f"entry is {self.data.min():g}")
        return Tensor(np.log(self.data), (self,), (lambda g: g / self.data,), "log")

    def relu(self):
        positive = self.data > 0  # d max(0, u)/du: 1 where u > 0, else 0
        return Tensor(np.maximum(self.data, 0.0), (self,),
                      (lambda g: g * positive,), "relu")

    def sigmoid(self):
        s = 1 / (1 + np.exp(-self.data))
        return Tensor(s, (self,), (lambda g: g * s * (1 - s),), "sigmoid")

    def abs(self):
        return Tensor(np.abs(self.data), (self,), (lambda g: g * np.sign(self.data),),
                      "abs")

    def clip(self, low, high):
        """Entries clipped to [low, high]; the gradient passes where they are inside."""
        inside = (self.data >= low) & (self.data <= high)
        return Tensor(np.clip(self.data, low, high), (self,),
                      (lambda g: g * inside,), "clip")

    # docs/22-convolutions.md, "Against the engine", block 1
    def reshape(self, *shape):
        """The same entries in another shape; the gradient is reshaped back."""
        return Tensor(self.data.reshape(*shape), (self,),
                      (lambda g: g.reshape(self.shape),), "reshape")

    def transpose(self, *axes):
        """The axes in the order `axes`; the gradient goes back by the inverse order."""
        back = np.argsort(axes)  # the permutation that undoes `axes`
        return Tensor(self.data.transpose(*axes), (self,),
                      (lambda g: g.transpose(*back),), "transpose")

    def pad(self, widths):
        """Zeros around the entries, np.pad's `widths`; the gradient of the inside."""
        inside = tuple(slice(before, before + size)
                       for (before, _), size in zip(widths, self.shape, strict=True))
        return Tensor(np.pad(self.data, widths), (self,),
                      (lambda g: g[inside],), "pad")


def as_tensor(x):
    """x itself if it is a Tensor, else a new leaf holding x as a float64 array."""
    return x if isinstance(x, Tensor) else Tensor(x)


# docs/20-tensor-autograd.md, "Broadcasting, backwards", block 2
def unbroadcast(gradient, shape):
    """Sum `gradient` down to `shape`. Broadcasting copied an operand along some axes;
    each copy received its own share of the gradient, and the operand gets their sum."""
    while gradient.ndim > len(shape):  # axes that broadcasting added in front
        gradient = gradient.sum(axis=0)
    for axis, size in enumerate(shape):  # axes of length 1 that it stretched
        if size == 1 and gradient.shape[axis] != 1:
            gradient = gradient.sum(axis=axis, keepdims=True)
    return gradient  # (shape)


# docs/20-tensor-autograd.md, "Softmax and cross-entropy, from the operations"
def log_softmax(scores):
    """log softmax along the last axis, for (n_samples, n_classes) scores: chapter 3's
    shift by the row's largest score keeps exp() from overflowing."""
    largest = scores.data.max(axis=-1, keepdims=True)  # (n_samples, 1), a constant
    shifted = scores - largest
    return shifted - shifted.exp().sum(axis=-1, keepdims=True).log()


def cross_entropy(scores, labels):
    """The mean of -log p(true class) over the samples, from raw scores."""
    labels = np.asarray(labels)  # (n_samples,): each sample's class
    log_p = log_softmax(scores)  # (n_samples, n_classes)
    return -log_p[np.arange(len(labels)), labels].mean()
