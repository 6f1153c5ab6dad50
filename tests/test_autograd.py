"""Chapter 19's scalar engine against finite differences, on random expression
graphs in which values are shared between operations at random."""

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nnfs_lit.autograd import Value, topological_order, zero_grad

# Each operation: its name, how many operands, and what it does to Values (the
# same code computes plain floats, since a float has none of .tanh/.exp/.relu).
UNARY = {
    "tanh": lambda a: a.tanh() if isinstance(a, Value) else math.tanh(a),
    "exp_tanh": lambda a: a.tanh().exp() if isinstance(a, Value)
    else math.exp(math.tanh(a)),
    "square": lambda a: a ** 2,
    "neg": lambda a: -a,
    "relu": lambda a: a.relu() if isinstance(a, Value) else max(0.0, a),
    "log_1_plus_square": lambda a: (1 + a ** 2).log() if isinstance(a, Value)
    else math.log(1 + a ** 2),
}
BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/ (1 + b^2)": lambda a, b: a / (1 + b ** 2),
    "3 - a": lambda a, b: 3 - a + 0 * b,
}

leaves_strategy = st.lists(st.floats(-2, 2, allow_nan=False), min_size=1, max_size=4)


@st.composite
def graphs(draw):
    """(leaf values, steps): each step applies an operation to earlier nodes, chosen
    at random, so a node is often used more than once."""
    leaves = draw(leaves_strategy)
    steps = []
    for n in range(len(leaves), len(leaves) + draw(st.integers(1, 12))):
        if draw(st.booleans()):
            steps.append((draw(st.sampled_from(sorted(UNARY))),
                          draw(st.integers(0, n - 1))))
        else:
            steps.append((draw(st.sampled_from(sorted(BINARY))),
                          draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))))
    return leaves, steps


def evaluate(leaves, steps):
    """Every node's value, leaves first; with Values, a graph is recorded."""
    nodes = list(leaves)
    for name, *operands in steps:
        op = UNARY.get(name) or BINARY[name]
        nodes.append(op(*(nodes[i] for i in operands)))
    return nodes


def result(nodes):
    """The graph's output: the sum of its last two nodes (so it has two roots' worth
    of paths), an extra shared use of the first leaf included."""
    return nodes[-1] + nodes[-2] * nodes[0]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(graphs())
def test_gradients_match_finite_differences(graph):
    leaves, steps = graph
    plain = evaluate(leaves, steps)
    assume(all(abs(v) < 1e3 for v in plain))
    # relu's kink has no derivative: keep its inputs away from it
    for (name, *operands) in steps:
        if name == "relu":
            assume(abs(plain[operands[0]]) > 1e-3)
    values = [Value(v) for v in leaves]
    out = result(evaluate(values, steps))
    out.backward()
    assert out.data == pytest.approx(result(plain), rel=1e-12, abs=1e-12)
    h = 1e-6
    for i, leaf in enumerate(values):
        up, down = list(leaves), list(leaves)
        up[i] += h
        down[i] -= h
        numeric = (result(evaluate(up, steps)) - result(evaluate(down, steps))) / (2 * h)
        assert leaf.grad == pytest.approx(numeric, rel=1e-5, abs=1e-5), (i, steps)


@settings(max_examples=100, deadline=None)
@given(graphs())
def test_a_second_backward_doubles_the_leaves_and_keeps_the_rest(graph):
    leaves, steps = graph
    assume(all(abs(v) < 1e3 for v in evaluate(leaves, steps)))
    values = [Value(v) for v in leaves]
    nodes = evaluate(values, steps)
    out = result(nodes)
    out.backward()
    once = [node.grad for node in topological_order(out)]
    out.backward()
    twice = [node.grad for node in topological_order(out)]
    for node, first, second in zip(topological_order(out), once, twice, strict=True):
        expected = 2 * first if not node.parents else first
        assert second == pytest.approx(expected, rel=1e-9, abs=1e-15)
    zero_grad(values)
    assert all(v.grad == 0.0 for v in values)


def test_topological_order_puts_every_value_after_its_parents_once():
    x = Value(1.0)
    a, b = x * 2, x + 3
    y = (a * b + a).tanh() + x
    order = topological_order(y)
    assert len(order) == len({id(node) for node in order})
    place = {id(node): i for i, node in enumerate(order)}
    assert all(place[id(p)] < place[id(node)] for node in order for p in node.parents)
    assert order[-1] is y


def test_a_graph_deeper_than_pythons_recursion_limit():
    x = Value(0.5)
    y = x
    for _ in range(20000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0
