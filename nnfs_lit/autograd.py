# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/19-autograd.md, "A number that remembers how it was made"
"""Autograd for single numbers: a Value remembers how it was made, so the gradient
of a result with respect to every Value it depends on can be found automatically."""

import math
from numbers import Real


class Value:
    """One number in a computation, and the gradient of a result with respect to it.

    A Value made by an operation keeps its `parents`, the Values it was computed from,
    and `local_grads`, the slope of this value with respect to each of them
    (d self / d parent), computed when it was made. A Value made from a plain number
    is a *leaf*: it has no parents.
    """

    def __init__(self, data, parents=(), local_grads=(), op="", label=""):
        if isinstance(data, Value) or not isinstance(data, Real):
            raise TypeError("a Value holds one plain number, got "
                            f"{type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0  # d result / d self, filled in by backward()
        self.parents = tuple(parents)  # (Value, ...): what this value was made from
        self.local_grads = tuple(local_grads)  # (float, ...): d self / d parent
        self.op = op  # how it was made: "+", "*", "relu"...; "" for a leaf
        self.label = label  # a name for pictures, such as "w1"

    def __repr__(self):
        return f"Value(data={self.data:g}, grad={self.grad:g})"

    def __add__(self, other):
        other = as_value(other)
        # d(u + v)/du = 1, d(u + v)/dv = 1
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = as_value(other)
        # d(u v)/du = v, d(u v)/dv = u
        return Value(self.data * other.data, (self, other), (other.data, self.data),
                     "*")

    # docs/19-autograd.md, "backward(): the whole sweep", block 1
    def backward(self):
        """Add d self / d leaf to the .grad of every leaf that self depends on, and
        set d self / d value on every Value made along the way."""
        order = topological_order(self)  # every value after its parents; self last
        for node in order:
            if node.parents:  # made by an operation: its gradient is this sweep's
                node.grad = 0.0
        self.grad += 1.0  # d self / d self
        for node in reversed(order):  # every value after all of its children
            for parent, local in zip(node.parents, node.local_grads, strict=True):
                parent.grad += local * node.grad  # the chain rule, along one wire

    # docs/19-autograd.md, "backward(): the whole sweep", block 2
    def __sub__(self, other):
        other = as_value(other)
        # d(u - v)/du = 1, d(u - v)/dv = -1
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __pow__(self, exponent):
        """self ** exponent, for a plain number exponent."""
        if isinstance(exponent, Value) or not isinstance(exponent, Real):
            raise TypeError("a Value's exponent must be a plain number, got "
                            f"{type(exponent).__name__}")
        slope = exponent * self.data ** (exponent - 1)  # d(u^n)/du = n u^(n-1)
        return Value(self.data ** exponent, (self,), (slope,), f"**{exponent:g}")

    def relu(self):
        slope = 1.0 if self.data > 0 else 0.0  # d max(0, u)/du: 1 where u > 0
        return Value(max(0.0, self.data), (self,), (slope,), "relu")

    # docs/19-autograd.md, "The other operations"
    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,), "neg")  # d(-u)/du = -1

    def __truediv__(self, other):
        other = as_value(other)
        if other.data == 0:
            raise ZeroDivisionError(f"{self!r} / {other!r}: division by zero")
        # d(u / v)/du = 1 / v, d(u / v)/dv = -u / v^2
        return Value(self.data / other.data, (self, other),
                     (1 / other.data, -self.data / other.data**2), "/")

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,), "exp")  # d(e^u)/du = e^u

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log of {self!r}: the logarithm needs a positive number")
        return Value(math.log(self.data), (self,), (1 / self.data,), "log")  # 1/u

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1 - t * t,), "tanh")  # d tanh(u)/du = 1 - tanh^2

    def __radd__(self, other):  # other + self
        return self + other

    def __rmul__(self, other):  # other * self
        return self * other

    def __rsub__(self, other):  # other - self
        return as_value(other) - self

    def __rtruediv__(self, other):  # other / self
        return as_value(other) / self


def as_value(x):
    """x itself if it is a Value, else a new leaf Value holding the number x."""
    if isinstance(x, Value):
        return x
    if not isinstance(x, Real):
        raise TypeError(f"cannot combine a Value with {type(x).__name__}: a Value "
                        "holds one number")
    return Value(x)


# docs/19-autograd.md, "In which order? Reverse topological order"
def topological_order(root):
    """Every Value that `root` was computed from, and root itself, each after all of
    its parents: a depth-first search, with a stack instead of recursion so that a
    graph thousands of operations deep works too."""
    order, seen = [], set()
    stack = [(root, False)]  # (value, whether its parents are already in order)
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)  # after every parent, since they were pushed above it
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))  # comes back once its parents are done
            stack.extend((parent, False) for parent in node.parents)
    return order


# docs/19-autograd.md, "A second backward()"
def zero_grad(values):
    """Forget the gradients of the last backward() on these Values, usually the
    parameters, before the next one: a leaf's gradient adds up across sweeps."""
    for value in values:
        value.grad = 0.0
