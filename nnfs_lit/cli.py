# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

"""`python -m nnfs_lit`: train the seed network, print its story, save its pictures.

Book chapter: docs/09-command-line.md.
"""

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from nnfs_lit.train import TrainingConfig, run_training

DEFAULTS = TrainingConfig()


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line: 'nnfs-lit: error: ...', exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}")
    return value


def _non_negative_int(text):
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0, got {text!r}")
    return value


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}")
    return value


def build_parser():
    parser = _Parser(
        prog="nnfs-lit",
        description="Train the seed network (2 -> Dense -> ReLU -> Dense(3) -> Softmax) on "
        "a 3-class spiral with full-batch gradient descent, print the training story and "
        "save its pictures. With no options this is the seed project's exact run.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--epochs", type=_positive_int, default=DEFAULTS.epochs,
                        help="number of full-batch training epochs")
    parser.add_argument("--learning-rate", type=_positive_float,
                        default=DEFAULTS.learning_rate, help="gradient descent step size")
    parser.add_argument("--hidden", type=_positive_int, default=DEFAULTS.n_hidden,
                        help="neurons in the hidden layer")
    parser.add_argument("--seed", type=_non_negative_int, default=DEFAULTS.seed,
                        help="seed of the RandomState that draws the data, then the weights")
    parser.add_argument("--log-every", type=_positive_int, default=1000,
                        help="print the loss and accuracy every this many epochs")
    parser.add_argument("--out", type=Path, default=Path("figures"),
                        help="directory for training_progress.png and decision_boundary.png")
    parser.add_argument("--show", action="store_true",
                        help="also open the figures in windows (needs a display)")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    config = TrainingConfig(epochs=args.epochs, learning_rate=args.learning_rate,
                            n_hidden=args.hidden, seed=args.seed)
    n_samples = config.samples_per_class * config.n_classes

    print("nnfs-lit: a neural network from scratch, trained on a spiral\n")
    print("1. Dataset")
    print(f"   {config.n_classes}-class spiral, {config.samples_per_class} samples per class: "
          f"X ({n_samples}, 2), y ({n_samples},)")
    print("2. Architecture")
    print(f"   Input(2) -> Dense({config.n_hidden}) -> ReLU -> Dense({config.n_classes})"
          " -> Softmax -> CategoricalCrossEntropy")
    n_parameters = (2 + 1) * config.n_hidden + (config.n_hidden + 1) * config.n_classes
    print(f"   {n_parameters} parameters, weights ~ 0.01 * N(0, 1), biases 0")
    print("3. Training")
    print(f"   full-batch gradient descent, learning rate {config.learning_rate}, "
          f"{config.epochs} epochs, seed {config.seed}")

    progress = tqdm(total=config.epochs, unit="epoch", leave=False,
                    disable=not sys.stderr.isatty(), mininterval=0.2)

    def log(epoch, loss, accuracy):
        if epoch % args.log_every == 0:
            progress.write(f"Epoch {epoch:5d} | Loss: {loss:.4f} | Accuracy: {accuracy:.4f}",
                           file=sys.stdout)
        progress.update()

    started = time.perf_counter()
    with progress:
        run = run_training(config, callback=log)
    seconds = time.perf_counter() - started

    print(f"   trained in {seconds:.1f} s")
    print("4. Results")
    print(f"Final Loss: {run.final_loss:.4f}")
    print(f"Final Accuracy: {run.final_accuracy:.4f}")
    print("5. Sample predictions")
    probabilities = run.probabilities  # (n_samples, n_classes), from the last forward pass
    print(f"True labels: {run.y[:5]}")
    print(f"Predictions: {probabilities[:5].argmax(axis=1)}")
    for i in range(min(5, n_samples)):
        print(f"Sample {i}: {np.array2string(probabilities[i], precision=8)}")

    print("6. Plots")
    for path in save_pictures(run, args.out, show=args.show):
        print(f"   {path}")
    return 0


def save_pictures(run, out, show=False):
    """Save the training curves and the decision boundary of `run` as PNGs in `out`."""
    from nnfs_lit.plots import decision_boundary_figure, save_figure, training_figure

    pyplot = None
    if show:
        import matplotlib.pyplot as pyplot
    title = f"Decision boundary, accuracy {run.final_accuracy:.1%}"
    figures = {
        "training_progress.png": training_figure(
            run.history, run.config.n_classes,
            fig=pyplot.figure(figsize=(10, 4), layout="constrained") if pyplot else None),
        "decision_boundary.png": decision_boundary_figure(
            run.network.predict_proba, run.X, run.y, title=title,
            fig=pyplot.figure(figsize=(5.5, 5.5), layout="constrained") if pyplot else None),
    }
    paths = [save_figure(fig, Path(out) / name) for name, fig in figures.items()]
    if pyplot:
        pyplot.show()
    return paths
