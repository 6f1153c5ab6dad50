# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""nnfs-lit: Neural Networks from Scratch, as a package tangled from the book in docs/.

Book chapter: docs/09-command-line.md. Each module names the chapter it comes from.
"""

from nnfs_lit.activations import ReLU, Softmax
from nnfs_lit.data import spiral_data
from nnfs_lit.layers import Dense
from nnfs_lit.losses import CategoricalCrossEntropy, SoftmaxCrossEntropy
from nnfs_lit.metrics import accuracy
from nnfs_lit.optimizers import SGD
from nnfs_lit.train import SpiralNetwork, TrainingConfig, run_training, train

__version__ = "0.1.0"

__all__ = [
    "CategoricalCrossEntropy",
    "Dense",
    "ReLU",
    "SGD",
    "Softmax",
    "SoftmaxCrossEntropy",
    "SpiralNetwork",
    "TrainingConfig",
    "accuracy",
    "run_training",
    "spiral_data",
    "train",
]
