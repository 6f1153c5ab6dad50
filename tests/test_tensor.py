"""Chapter 20's Tensor engine against finite differences, on examples no one thinks to
write: Hypothesis draws operands of every shape that broadcasts against (n, m), random
chains of operations on shared tensors, indices picked several times and maxima with
ties, and checks that a second backward() doubles the leaves' gradients and leaves the
others as they were.

The values come from a generator seeded by Hypothesis, so they are spread out and
never sit on a kink (ReLU's or |u|'s 0, a clip bound, a tie between different leaves)
where finite differences and the engine's conventions part ways; Hypothesis chooses,
and shrinks, the shapes, the operations and their order. The examples are
derandomized and there is no example database: a failure in CI is a failure
everywhere.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnfs_lit.gradcheck import numerical_gradient
from nnfs_lit.tensor import Tensor, cross_entropy, log_softmax, unbroadcast

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True, database=None)

sizes = st.integers(1, 4)
seeds = st.integers(0, 2**32 - 1)


def broadcast_shapes(n, m):
    """Every shape that broadcasts against (n, m) in the ways a network uses."""
    return st.sampled_from([(n, m), (1, m), (m,), (n, 1), ()])


def gradient_gaps(build, arrays):
    """For sum(R * build(*leaves)) with fixed random weights R: the largest gap, per
    input array, between the engine's gradient and the central differences', and the
    limit that rounding in the differences allows."""
    shape = build(*[Tensor(a) for a in arrays]).shape
    weights = np.random.default_rng(12345).normal(size=shape)

    def f():  # reads the arrays, which numerical_gradient nudges in place
        return float((build(*[Tensor(a) for a in arrays]) * weights).sum().data)

    leaves = [Tensor(a) for a in arrays]
    (build(*leaves) * weights).sum().backward()
    scale = 1.0 + abs(f())
    for leaf, array in zip(leaves, arrays, strict=True):
        numerical = numerical_gradient(f, array)
        gap = float(np.max(np.abs(leaf.grad - numerical), initial=0.0))
        limit = 1e-6 * (scale + float(np.max(np.abs(numerical), initial=0.0)))
        yield gap, limit


def assert_gradients_match(build, arrays):
    for index, (gap, limit) in enumerate(gradient_gaps(build, arrays)):
        assert gap <= limit, f"input {index}: gradient off by {gap:.3g} (limit {limit:.3g})"


# Broadcasting: every pair of shapes, every arithmetic operation, both sides

BINARY = {
    "+": lambda u, v: u + v,
    "-": lambda u, v: u - v,
    "*": lambda u, v: u * v,
    "/": lambda u, v: u / v,
}


@PROPERTY
@given(n=sizes, m=sizes, data=st.data(), op=st.sampled_from(sorted(BINARY)),
       seed=seeds)
def test_arithmetic_gradients_match_finite_differences_under_broadcasting(
        n, m, data, op, seed):
    shapes = [data.draw(broadcast_shapes(n, m)) for _ in range(2)]
    rng = np.random.default_rng(seed)
    left = rng.uniform(-2.0, 2.0, shapes[0])
    right = rng.uniform(0.5, 2.0, shapes[1]) * rng.choice([-1.0, 1.0], shapes[1])
    forward = BINARY[op](Tensor(left), Tensor(right))
    assert np.array_equal(forward.data, BINARY[op](left, right))
    assert_gradients_match(BINARY[op], [np.asarray(left), np.asarray(right)])


@PROPERTY
@given(n=sizes, m=sizes, data=st.data(), op=st.sampled_from(sorted(BINARY)),
       seed=seeds)
def test_a_plain_array_on_either_side_is_a_constant(n, m, data, op, seed):
    shape, constant_shape = data.draw(broadcast_shapes(n, m)), (n, m)
    rng = np.random.default_rng(seed)
    x = np.asarray(rng.uniform(0.5, 2.0, shape))
    constant = rng.uniform(0.5, 2.0, constant_shape)
    assert np.array_equal(BINARY[op](constant, Tensor(x)).data, BINARY[op](constant, x))
    assert np.array_equal(BINARY[op](Tensor(x), constant).data, BINARY[op](x, constant))
    assert_gradients_match(lambda t: BINARY[op](constant, t), [x])
    assert_gradients_match(lambda t: BINARY[op](t, constant), [x])


@PROPERTY
@given(n=sizes, m=sizes, data=st.data(), seed=seeds)
def test_unbroadcast_is_the_sum_over_the_broadcast_copies(n, m, data, seed):
    shape = data.draw(broadcast_shapes(n, m))
    gradient = np.random.default_rng(seed).normal(size=(n, m))
    summed = unbroadcast(gradient, shape)
    assert np.shape(summed) == shape
    # sum(G * broadcast(v)) is linear in v: its gradient is exactly unbroadcast(G)
    probe = np.random.default_rng(seed + 1).normal(size=shape)
    assert np.isclose(float(np.sum(gradient * np.broadcast_to(probe, (n, m)))),
                      float(np.sum(summed * probe)))


# Every operation alone: NumPy's forward value, and a gradient that matches

SINGLE = {  # name: (the engine's operation, what NumPy computes for it)
    "exp": (lambda t: t.exp(), np.exp),
    "log": (lambda t: t.abs().log(), lambda a: np.log(np.abs(a))),
    "relu": (lambda t: t.relu(), lambda a: np.maximum(a, 0.0)),
    "sigmoid": (lambda t: t.sigmoid(), lambda a: 1 / (1 + np.exp(-a))),
    "abs": (lambda t: t.abs(), np.abs),
    "clip": (lambda t: t.clip(-1.0, 1.0), lambda a: np.clip(a, -1.0, 1.0)),
    "neg": (lambda t: -t, np.negative),
    "cube": (lambda t: t ** 3, lambda a: a ** 3),
    "2 - t": (lambda t: 2 - t, lambda a: 2 - a),
    "2 / t": (lambda t: 2 / t, lambda a: 2 / a),
    "sum": (lambda t: t.sum(), np.sum),
    "sum(axis=0)": (lambda t: t.sum(axis=0), lambda a: a.sum(axis=0)),
    "mean": (lambda t: t.mean(), np.mean),
    "mean(axis=1, keepdims)": (lambda t: t.mean(axis=1, keepdims=True),
                               lambda a: a.mean(axis=1, keepdims=True)),
    "mean(axis=(0, 1))": (lambda t: t.mean(axis=(0, 1)),
                          lambda a: a.mean(axis=(0, 1))),
    "max": (lambda t: t.max(), np.max),
    "max(axis=0)": (lambda t: t.max(axis=0), lambda a: a.max(axis=0)),
    "max(axis=-1, keepdims)": (lambda t: t.max(axis=-1, keepdims=True),
                               lambda a: a.max(axis=-1, keepdims=True)),
    "log_softmax": (log_softmax, lambda a: a - np.log(np.exp(a).sum(
        axis=-1, keepdims=True))),
}


@pytest.mark.parametrize("op", sorted(SINGLE))
@settings(PROPERTY, max_examples=10)
@given(n=sizes, m=sizes, seed=seeds)
def test_every_operation_computes_numpys_value_and_its_gradient(op, n, m, seed):
    engine, numpy = SINGLE[op]
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.2, 2.0, (n, m)) * rng.choice([-1.0, 1.0], (n, m))
    assert engine(Tensor(x)).shape == np.shape(numpy(x))
    assert np.allclose(engine(Tensor(x)).data, numpy(x), rtol=1e-12, atol=1e-12)
    assert_gradients_match(engine, [x])


# Random compositions on shared tensors

UNARY = {
    "exp": lambda t: t.clip(-3.0, 3.0).exp(),
    "log": lambda t: (t * t + 1.0).log(),
    "relu": lambda t: t.relu(),
    "sigmoid": lambda t: t.sigmoid(),
    "abs": lambda t: t.abs(),
    "neg": lambda t: -t,
    "square": lambda t: t ** 2,
    "sum(0)": lambda t: t.sum(axis=0) if t.data.ndim == 2 else t.sum(),
    "sum(-1)": lambda t: t.sum(axis=-1, keepdims=True) if t.data.ndim else t,
    "mean(0)": lambda t: t.mean(axis=0, keepdims=True) if t.data.ndim else t,
    "max(-1)": lambda t: t.max(axis=-1, keepdims=True) if t.data.ndim else t,
    "max": lambda t: t.max(),
    "log_softmax": lambda t: log_softmax(t) if t.data.ndim == 2 else t,
}
MIXED = {
    **BINARY,
    "/": lambda u, v: u / (v * v + 1.0),  # a denominator never near 0
}


@st.composite
def programs(draw):
    """(leaf arrays, steps, index arrays): a random computation on shared tensors.
    Every value it makes has a shape that broadcasts against (n, m), so any two of
    them can be combined; a step reads any earlier value, so values are shared."""
    n, m = draw(sizes), draw(sizes)
    rng = np.random.default_rng(draw(seeds))
    leaves = [np.asarray(rng.uniform(-2.0, 2.0, draw(broadcast_shapes(n, m))))
              for _ in range(draw(st.integers(1, 3)))]
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        count = len(leaves) + len(steps)
        kind = draw(st.sampled_from(["unary", "binary", "pick"]))
        if kind == "unary":
            steps.append((kind, draw(st.sampled_from(sorted(UNARY))),
                          draw(st.integers(0, count - 1))))
        elif kind == "binary":
            steps.append((kind, draw(st.sampled_from(sorted(MIXED))),
                          draw(st.integers(0, count - 1)),
                          draw(st.integers(0, count - 1))))
        else:  # entries of the last axis picked again, repeats allowed: shape kept
            steps.append((kind, draw(st.integers(0, count - 1)),
                          draw(st.lists(st.integers(0, 2 ** 16), min_size=m,
                                        max_size=m))))
    return leaves, steps


def run(steps, leaves):
    """Every value of the program, leaves first; the last one is its result."""
    values = list(leaves)
    for step in steps:
        if step[0] == "unary":
            values.append(UNARY[step[1]](values[step[2]]))
        elif step[0] == "binary":
            values.append(MIXED[step[1]](values[step[2]], values[step[3]]))
        else:
            value = values[step[1]]
            if value.data.ndim == 0:
                values.append(value)
                continue
            last = value.shape[-1]
            index = np.array([i % last for i in step[2]][:last])
            values.append(value[..., index])
    return values


@settings(PROPERTY, max_examples=150)
@given(program=programs())
def test_random_compositions_match_finite_differences(program):
    leaves, steps = program
    assert_gradients_match(lambda *ts: run(steps, ts)[-1], leaves)


@settings(PROPERTY, max_examples=150)
@given(program=programs())
def test_a_second_backward_doubles_the_leaves_and_repeats_the_rest(program):
    leaves, steps = program
    values = run(steps, [Tensor(a) for a in leaves])
    loss = (values[-1] * values[-1]).sum()
    loss.backward()
    first = [np.copy(v.grad) for v in values]
    loss.backward()
    for index, (value, before) in enumerate(zip(values, first, strict=True)):
        if value.parents:  # made by an operation: this sweep's gradient, the same
            assert np.array_equal(value.grad, before), f"value {index}"
        else:  # a leaf adds up: twice, to rounding (its shares arrive one by one)
            assert np.allclose(value.grad, 2 * before, rtol=1e-12, atol=1e-300), \
                f"leaf {index}"


# Indices picked several times; maxima with ties

@PROPERTY
@given(n=sizes, m=sizes, seed=seeds, data=st.data())
def test_repeated_indices_add_up_their_gradients(n, m, seed, data):
    x = np.random.default_rng(seed).uniform(-2.0, 2.0, (n, m))
    picks = st.lists(st.integers(0, n * m - 1), min_size=1, max_size=3 * n * m)
    flat = np.array(data.draw(picks))
    rows, columns = flat // m, flat % m
    assert_gradients_match(lambda t: t[rows, columns], [x])
    assert_gradients_match(lambda t: t[rows], [x])
    leaf = Tensor(x)
    leaf[rows, columns].sum().backward()  # every pick adds 1
    counts = np.bincount(flat, minlength=n * m).reshape(n, m)
    assert np.array_equal(leaf.grad, counts)


@PROPERTY
@given(n=sizes, m=st.integers(2, 5), seed=seeds, data=st.data())
def test_a_tie_of_two_matches_finite_differences(n, m, seed, data):
    x = np.random.default_rng(seed).uniform(-2.0, 2.0, (n, m))
    for row in range(n):  # two copies of a row's largest entry, in different places
        first, second = data.draw(st.lists(st.integers(0, m - 1), min_size=2,
                                           max_size=2, unique=True))
        x[row, first] = x[row, second] = x[row].max() + 0.5
    assert_gradients_match(lambda t: t.max(axis=1), [x])


@PROPERTY
@given(n=sizes, m=st.integers(1, 5), ties=st.integers(1, 5))
def test_tied_maxima_share_the_gradient_evenly(n, m, ties):
    ties = min(ties, m)
    x = np.zeros((n, m))
    x[:, :ties] = 1.0
    leaf = Tensor(x)
    leaf.max(axis=1).sum().backward()
    assert np.array_equal(leaf.grad[:, :ties], np.full((n, ties), 1.0 / ties))
    assert np.array_equal(leaf.grad[:, ties:], np.zeros((n, m - ties)))


# The operations of a network, on shapes of a network

@PROPERTY
@given(n=sizes, k=sizes, m=sizes, seed=seeds)
def test_a_dense_layer_and_cross_entropy_match_finite_differences(n, k, m, seed):
    rng = np.random.default_rng(seed)
    X, W, b = rng.normal(size=(n, k)), rng.normal(size=(k, m)), rng.normal(size=(1, m))
    labels = rng.integers(0, m, n)
    assert_gradients_match(lambda x, w, c: cross_entropy(x @ w + c, labels), [X, W, b])
    assert_gradients_match(lambda x, w: (x @ w).sigmoid().mean(axis=0), [X, W])


def test_the_checks_here_fail_for_a_wrong_operation():
    """The comparison is not vacuous: a product that forgets a factor fails it."""
    def halved(u, v):
        return Tensor(u.data * v.data, (u, v),
                      (lambda g: unbroadcast(g * v.data, u.shape) / 2,
                       lambda g: unbroadcast(g * u.data, v.shape)), "*?")
    rng = np.random.default_rng(0)
    with pytest.raises(AssertionError, match="input 0"):
        assert_gradients_match(halved, [rng.normal(size=(3, 2)), rng.normal(size=(2,))])
