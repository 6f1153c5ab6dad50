# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/18-digits.md, "Draw a digit"
"""The page's copy of a trained digits network: its layers and examples as JSON,
for the drawing pad's JavaScript. Part of how the book is made, not of the network."""

import json

import numpy as np

from nnfs_lit.activations import ReLU
from nnfs_lit.digits import MAX_INK, N_DIGITS
from nnfs_lit.layers import Dense


def web_model(model, X_examples, y_examples):
    """A Model of Dense and ReLU layers as a dict for JSON: its layers, the scale
    of its inputs, and the first example of each digit (pixels 0..16)."""
    layers = []
    for layer in model.layers:
        if type(layer) is Dense:
            layers.append({"kind": "dense",
                           "weights": layer.weights.tolist(),  # (n_inputs, n_neurons)
                           "biases": layer.biases[0].tolist()})  # (n_neurons,)
        elif type(layer) is ReLU:
            layers.append({"kind": "relu"})
        else:
            raise TypeError("web_model: the page runs Dense and ReLU layers only, "
                            f"got {type(layer).__name__}")
    firsts = [int(np.flatnonzero(y_examples == digit)[0]) for digit in range(N_DIGITS)]
    examples = [{"digit": int(y_examples[i]),
                 "pixels": np.rint(X_examples[i] * MAX_INK).astype(int).tolist()}
                for i in firsts]
    return {"input_scale": MAX_INK, "layers": layers, "examples": examples}


def model_json(run):
    """{"model.json": its text}: a digits run's model and its test set's examples."""
    return {"model.json": json.dumps(web_model(run.network, *run.sets.test))}
