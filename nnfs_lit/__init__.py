# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/tangling.md:64
"""nnfs-lit: Neural Networks from Scratch, a package tangled from the book in docs/."""

from nnfs_lit.activations import ReLU, Softmax
from nnfs_lit.data import spiral_data
from nnfs_lit.experiments import experiment, run_experiment
from nnfs_lit.gradcheck import max_abs_difference, numerical_gradient
from nnfs_lit.initializers import SEED_SCALE, dense_stack, glorot, he
from nnfs_lit.layers import Dense
from nnfs_lit.losses import CategoricalCrossEntropy, SoftmaxCrossEntropy
from nnfs_lit.metrics import CategoricalAccuracy, accuracy
from nnfs_lit.model import Model
from nnfs_lit.optimizers import SGD, AdaGrad, Adam, GradientDescent, Optimizer, RMSProp
from nnfs_lit.saving import load_model, load_parameters, save_model, save_parameters
from nnfs_lit.train import (
    History,
    SpiralNetwork,
    TrainingConfig,
    TrainingRun,
    run_training,
    train,
)

__version__ = "0.1.0"

__all__ = [
    "AdaGrad",
    "Adam",
    "CategoricalAccuracy",
    "CategoricalCrossEntropy",
    "Dense",
    "GradientDescent",
    "History",
    "Model",
    "Optimizer",
    "RMSProp",
    "ReLU",
    "SEED_SCALE",
    "SGD",
    "Softmax",
    "SoftmaxCrossEntropy",
    "SpiralNetwork",
    "TrainingConfig",
    "TrainingRun",
    "accuracy",
    "dense_stack",
    "experiment",
    "glorot",
    "he",
    "load_model",
    "load_parameters",
    "max_abs_difference",
    "numerical_gradient",
    "run_experiment",
    "run_training",
    "save_model",
    "save_parameters",
    "spiral_data",
    "train",
]
