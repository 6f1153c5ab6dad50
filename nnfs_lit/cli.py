# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/command-line.md:32
"""`python -m nnfs_lit`: train the seed network, print its story, save its pictures."""

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from nnfs_lit.train import TrainingConfig, run_training

DEFAULTS = TrainingConfig()


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, 'nnfs-lit: error: ...', exit 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
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
        description="Train the seed network (2 -> Dense -> ReLU -> Dense(3) -> "
        "Softmax) on a 3-class spiral with full-batch gradient descent, print the "
        "training story and save its pictures. With no options this is the seed "
        "project's exact run.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add = parser.add_argument
    add("--epochs", type=_positive_int, default=DEFAULTS.epochs,
        help="number of full-batch training epochs")
    add("--learning-rate", type=_positive_float, default=DEFAULTS.learning_rate,
        help="gradient descent step size")
    add("--hidden", type=_positive_int, default=DEFAULTS.n_hidden,
        help="neurons in the hidden layer")
    add("--seed", type=_non_negative_int, default=DEFAULTS.seed,
        help="seed of the RandomState that draws the data, then the weights")
    add("--log-every", type=_positive_int, default=1000,
        help="print the loss and accuracy every this many epochs")
    add("--out", type=Path, default=Path("figures"),
        help="directory for training_progress.png and decision_boundary.png")
    add("--show", action="store_true",
        help="also open the figures in windows (needs a display)")
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:  # fail now, not after minutes of training
        args.out.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=args.out).close()
    except OSError as error:
        parser.error(f"argument --out: cannot write to {args.out}: {error.strerror}")
    config = TrainingConfig(epochs=args.epochs, learning_rate=args.learning_rate,
                            n_hidden=args.hidden, seed=args.seed)
    n_samples = config.samples_per_class * config.n_classes

    print("nnfs-lit: a neural network from scratch, trained on a spiral\n")
    print("1. Dataset")
    print(f"   {config.n_classes}-class spiral, {config.samples_per_class} samples per "
          f"class: X ({n_samples}, 2), y ({n_samples},)")
    print("2. Architecture")
    print(f"   Input(2) -> Dense({config.n_hidden}) -> ReLU -> "
          f"Dense({config.n_classes}) -> Softmax -> CategoricalCrossEntropy")
    n_parameters = (2 + 1) * config.n_hidden + (config.n_hidden + 1) * config.n_classes
    print(f"   {n_parameters} parameters, weights ~ 0.01 * N(0, 1), biases 0")
    print("3. Training")
    print(f"   full-batch gradient descent, learning rate {config.learning_rate}, "
          f"{config.epochs} epochs, seed {config.seed}")

    progress = tqdm(total=config.epochs, unit="epoch", leave=False,
                    disable=not sys.stderr.isatty(), mininterval=0.2)

    def log(epoch, loss, accuracy):
        if epoch % args.log_every == 0:
            progress.write(f"Epoch {epoch:5d} | Loss: {loss:.4f} | "
                           f"Accuracy: {accuracy:.4f}", file=sys.stdout)
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
    probabilities = run.probabilities  # (n_samples, n_classes), the last forward pass
    print(f"True labels: {run.y[:5]}")
    print(f"Predictions: {probabilities[:5].argmax(axis=1)}")
    for i in range(min(5, n_samples)):
        print(f"Sample {i}: {np.array2string(probabilities[i], precision=8)}")

    print("6. Plots")
    for path in save_pictures(run, args.out, show=args.show):
        print(f"   {path}")
    return 0


def save_pictures(run, out, show=False):
    """Save the pictures of `run` (plots.run_figures) as PNG files in `out`."""
    from matplotlib.figure import Figure

    from nnfs_lit.plots import run_figures, save_figure

    make_figure = Figure
    if show:
        import matplotlib.pyplot as pyplot

        make_figure = pyplot.figure
    figures = run_figures(run, make_figure)
    paths = [save_figure(figure, Path(out) / f"{name}.png", dpi=150)
             for name, figure in figures.items()]
    if show:
        pyplot.show()
    return paths
