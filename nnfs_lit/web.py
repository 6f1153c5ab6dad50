# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/23-mnist.md, "Draw a digit", block 2
"""The page's copy of a trained network for 28x28 digits: its layers and examples
as JSON, for the drawing pad's JavaScript. Part of how the book is made, not of the
network."""

import json

import numpy as np

from nnfs_lit.activations import ReLU
from nnfs_lit.conv import Conv2D, Flatten, MaxPool2D, RandomShift, Reshape
from nnfs_lit.layers import Dense, Dropout
from nnfs_lit.mnist import BOX, FULL_INK, N_PIXELS, SIDE


def web_layer(layer):
    """One layer as a dict for JSON, or None for one that is the identity when
    reading (it acts only while training)."""
    if type(layer) in (RandomShift, Dropout):
        return None
    if type(layer) is Dense:
        return {"kind": "dense",
                "weights": layer.weights.tolist(),  # (n_inputs, n_neurons)
                "biases": layer.biases[0].tolist()}  # (n_neurons,)
    if type(layer) is Conv2D:
        return {"kind": "conv2d", "weights": layer.weights.tolist(),  # (o, c, kh, kw)
                "biases": layer.biases.tolist(), "stride": list(layer.stride),
                "padding": list(layer.padding)}
    if type(layer) is MaxPool2D:
        return {"kind": "maxpool2d", "size": list(layer.size)}
    if type(layer) is Reshape:
        return {"kind": "reshape", "shape": list(layer.shape)}
    if type(layer) in (ReLU, Flatten):
        return {"kind": type(layer).__name__.lower()}
    raise TypeError(f"web_model: the page cannot run a {type(layer).__name__} layer")


def web_model(model, X_examples, y_examples):
    """A trained Model as a dict for JSON: its layers, the digits' size and the
    preparation's box, and the first example of each digit (pixels 0..255)."""
    layers = [made for made in map(web_layer, model.layers) if made is not None]
    firsts = [int(np.flatnonzero(y_examples == digit)[0]) for digit in range(10)]
    examples = [{"digit": int(y_examples[i]),
                 "pixels": np.rint(X_examples[i] * FULL_INK).astype(int).tolist()}
                for i in firsts]
    return {"side": SIDE, "box": BOX, "n_pixels": N_PIXELS, "full_ink": FULL_INK,
            "layers": layers, "examples": examples}


def model_json(run):
    """{"model.json": its text}: a run's model and its test set's examples."""
    return {"model.json": json.dumps(web_model(run.network, *run.sets.test))}
