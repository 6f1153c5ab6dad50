# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/tangling.md, "The front door"
"""nnfs-lit: Neural Networks from Scratch, a package tangled from the book in docs/."""

from nnfs_lit.activations import Linear, ReLU, Sigmoid, Softmax
from nnfs_lit.data import (
    SpiralSets,
    binary_spiral_data,
    sine_data,
    spiral_data,
    spiral_posterior,
    spiral_sets,
)
from nnfs_lit.digits import (
    BASELINE_CANDIDATES,
    BATCH_SIZES,
    DIGITS_CANDIDATES,
    DIGITS_FILE,
    DIGITS_SHA256,
    DigitsConfig,
    DigitsRun,
    DigitsSets,
    build_digits_model,
    choose_digits_model,
    digits_sets,
    load_digits,
    stratified_split,
    train_digits,
)
from nnfs_lit.fast import FastNetwork, fast_train
from nnfs_lit.gradcheck import max_abs_difference, numerical_gradient
from nnfs_lit.initializers import SEED_SCALE, dense_stack, glorot, he
from nnfs_lit.layers import Dense, Dropout
from nnfs_lit.losses import (
    BinaryCrossEntropy,
    CategoricalCrossEntropy,
    MeanAbsoluteError,
    MeanSquaredError,
    SoftmaxCrossEntropy,
)
from nnfs_lit.metrics import (
    BinaryAccuracy,
    CategoricalAccuracy,
    RegressionAccuracy,
    accuracy,
    confusion_matrix,
    r_squared,
)
from nnfs_lit.model import Model
from nnfs_lit.optimizers import SGD, AdaGrad, Adam, GradientDescent, Optimizer, RMSProp
from nnfs_lit.runs import (
    CANDIDATES,
    SEED_RECIPE,
    TEXTBOOK,
    ModelConfig,
    ModelRun,
    build_model,
    choose_on_validation,
    over_seeds,
    train_model,
)
from nnfs_lit.saving import load_model, load_parameters, save_model, save_parameters
from nnfs_lit.training import (
    History,
    SpiralNetwork,
    TrainingConfig,
    TrainingRun,
    plateau_length,
    run_training,
    train,
)

__version__ = "0.1.0"

__all__ = [
    "AdaGrad",
    "Adam",
    "BASELINE_CANDIDATES",
    "BATCH_SIZES",
    "BinaryAccuracy",
    "BinaryCrossEntropy",
    "CANDIDATES",
    "CategoricalAccuracy",
    "CategoricalCrossEntropy",
    "DIGITS_CANDIDATES",
    "DIGITS_FILE",
    "DIGITS_SHA256",
    "Dense",
    "DigitsConfig",
    "DigitsRun",
    "DigitsSets",
    "Dropout",
    "FastNetwork",
    "GradientDescent",
    "History",
    "Linear",
    "MeanAbsoluteError",
    "MeanSquaredError",
    "Model",
    "ModelConfig",
    "ModelRun",
    "Optimizer",
    "RMSProp",
    "ReLU",
    "RegressionAccuracy",
    "SEED_RECIPE",
    "SEED_SCALE",
    "SGD",
    "Sigmoid",
    "Softmax",
    "SoftmaxCrossEntropy",
    "SpiralNetwork",
    "SpiralSets",
    "TEXTBOOK",
    "TrainingConfig",
    "TrainingRun",
    "accuracy",
    "binary_spiral_data",
    "build_digits_model",
    "build_model",
    "choose_digits_model",
    "choose_on_validation",
    "confusion_matrix",
    "dense_stack",
    "digits_sets",
    "fast_train",
    "glorot",
    "he",
    "load_digits",
    "load_model",
    "load_parameters",
    "max_abs_difference",
    "numerical_gradient",
    "over_seeds",
    "plateau_length",
    "r_squared",
    "run_training",
    "save_model",
    "save_parameters",
    "sine_data",
    "spiral_data",
    "spiral_posterior",
    "spiral_sets",
    "stratified_split",
    "train",
    "train_digits",
    "train_model",
]
