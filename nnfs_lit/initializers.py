# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/09-model.md, "A starting scale for the weights", block 1
"""How large a layer's first random weights are: weight_scale for Dense."""

import math

from nnfs_lit import checks
from nnfs_lit.activations import ReLU
from nnfs_lit.layers import Dense

SEED_SCALE = 0.01  # the seed project's, and chapter 2's default


def glorot(n_inputs, n_neurons):
    """Glorot (Xavier) scale sqrt(2 / (n_in + n_out)): for tanh-like activations."""
    n_inputs = checks.positive_int("n_inputs", n_inputs)
    n_neurons = checks.positive_int("n_neurons", n_neurons)
    return math.sqrt(2 / (n_inputs + n_neurons))


def he(n_inputs):
    """He scale sqrt(2 / n_in): keeps a signal's size through ReLU layers."""
    return math.sqrt(2 / checks.positive_int("n_inputs", n_inputs))


INITIALIZATIONS = {
    "seed": lambda n_inputs, n_neurons: SEED_SCALE,
    "glorot": glorot,
    "he": lambda n_inputs, n_neurons: he(n_inputs),
}


def dense_stack(sizes, *, rng, init="he", **dense_options):
    """Layers Dense, ReLU, Dense, ReLU, ..., Dense through the widths in `sizes`.

    dense_stack([2, 64, 64, 3], rng=rng) is 2 inputs, two hidden layers of 64 ReLU
    neurons and 3 outputs. `init` names the weight scale ("seed", "glorot" or "he");
    dense_options go to every Dense layer.
    """
    if init not in INITIALIZATIONS:
        raise ValueError(f"init must be one of {sorted(INITIALIZATIONS)}, got {init!r}")
    sizes = [checks.positive_int("sizes", size) for size in sizes]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs an input and an output width, got {sizes}")
    scale = INITIALIZATIONS[init]
    layers = []
    for n_inputs, n_neurons in zip(sizes[:-1], sizes[1:], strict=True):
        if layers:
            layers.append(ReLU())
        layers.append(Dense(n_inputs, n_neurons, rng=rng,
                            weight_scale=scale(n_inputs, n_neurons), **dense_options))
    return layers
