# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/command-line.md, "The code", block 1
"""`python -m nnfs_lit`: train the seed network, print its story, save its pictures."""

import argparse
import io
import json
import math
import os
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
from tqdm import tqdm

from nnfs_lit import checks, floats
from nnfs_lit.fast import FastNetwork
from nnfs_lit.training import TrainingConfig, run_training

DEFAULTS = TrainingConfig()
MODELS = ("seed", "textbook", "best", "digits",  # --model: chapter 16's, chapter 18's
          "mnist", "mnist-dense",  # chapter 23's: a CNN and a dense network
          "mnist1d")  # and chapter 24's 1-D CNN on MNIST-1D
PICTURES = ("training_progress", "decision_boundary")  # plots.run_figures's names


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, 'nnfs-lit: error: ...', exit 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message}\n")


# The largest values the options take: beyond them a run cannot be allocated (the
# history's arrays, the hidden layer's weights) or NumPy refuses the seed.
MAX_EPOCHS = 10_000_000  # two float64 arrays of this length: 160 MB
MAX_HIDDEN = 100_000  # a (2, 100000) and a (100000, 3) weight matrix, and their steps
MAX_SEED = checks.MAX_SEED  # the largest seed a RandomState takes


def _whole_number(smallest, wanted, largest=None):
    """An option type: a whole number from `smallest` to `largest` (None: no limit);
    `wanted` says the lower bound in words, for the message."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            value = smallest - 1
        if value < smallest:
            raise argparse.ArgumentTypeError(f"must be {wanted}, got {text!r}")
        if largest is not None and value > largest:
            raise argparse.ArgumentTypeError(f"must be at most {largest}, got {text!r}")
        return value

    return parse


_positive_int = _whole_number(1, "a positive integer")


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
        epilog="It runs under the book's float environment where the CPU allows "
        "(Appendix B), so it prints the book's numbers; NNFS_LIT_FLOATS=native keeps "
        "this machine's own kernels, and the last digits of long runs may differ.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add = parser.add_argument
    add("--epochs", type=_whole_number(1, "a positive integer", MAX_EPOCHS),
        default=DEFAULTS.epochs,
        help="number of full-batch training epochs")
    add("--learning-rate", type=_positive_float, default=DEFAULTS.learning_rate,
        help="gradient descent step size")
    add("--hidden", type=_whole_number(1, "a positive integer", MAX_HIDDEN),
        default=DEFAULTS.n_hidden,
        help="neurons in the hidden layer")
    add("--seed", type=_whole_number(0, "a whole number >= 0", MAX_SEED),
        default=DEFAULTS.seed,
        help="seed of the RandomState that draws the data, then the weights")
    add("--log-every", type=_positive_int, default=1000,
        help="print the loss and accuracy every this many epochs")
    add("--out", type=Path, default=Path("figures"),
        help="directory for training_progress.png and decision_boundary.png")
    add("--show", action="store_true",
        help="also open the figures in windows (needs a display)")
    add("--model", choices=MODELS,
        help="instead of the seed run, train a recipe of chapter 16 on chapter 12's "
        "training set and measure it on the validation and test sets ('best' runs "
        "the search on validation first), or chapter 18's network on the "
        "handwritten digits ('digits', also chosen on validation first), or "
        "chapter 23's convolutional network ('mnist') or dense network "
        "('mnist-dense', chosen on validation first) on 28x28 digits, or "
        "chapter 24's 1-D convolutional network on MNIST-1D ('mnist1d'); --seed "
        "picks its first weights")
    add("--json", action="store_true",
        help="print only one line of JSON with the run's numbers, and save no "
        "figures (with --model; the seed recipe if none is given)")
    add("--plain", action="store_true",
        help="train with the chapters' own code instead of chapter 17's engine: "
        "the same numbers, slower, and your edits to the layers run")
    return parser


def command():
    """The installed command, `nnfs-lit`: main() under the book's float environment."""
    floats.rerun_pinned(["-m", "nnfs_lit", *sys.argv[1:]])  # returns once pinned
    return main()


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.model or args.json:
        return run_model(parser, args)
    _require_writable(parser, args.out)  # fail now, not after minutes of training
    painter = None if args.show else start_painter()  # matplotlib loads meanwhile
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
        run = run_training(config, callback=log, engine=engine_of(args))
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
    for path in save_pictures(run, args.out, show=args.show, painter=painter):
        print(f"   {path}")
    return 0


def _require_writable(parser, out):
    """Make the directory `out`, and stop with exit code 2 if it cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out).close()
    except OSError as error:
        parser.error(f"argument --out: cannot write to {out}: {error.strerror}")


def run_model(parser, args):
    """--model NAME: train a named recipe of chapter 16, measure it on three sets."""
    from dataclasses import replace

    from nnfs_lit.runs import train_model

    seed_only = [option for option, given, default in [
        ("--epochs", args.epochs, DEFAULTS.epochs),
        ("--learning-rate", args.learning_rate, DEFAULTS.learning_rate),
        ("--hidden", args.hidden, DEFAULTS.n_hidden)] if given != default]
    if seed_only:
        parser.error(f"argument --model: {', '.join(seed_only)} "
                     f"{'is' if len(seed_only) == 1 else 'are'} for the seed run only")
    if not args.json:
        _require_writable(parser, args.out)
    name = args.model or "seed"
    started = time.perf_counter()
    chosen = model_config(name, engine_of(args))
    config = replace(chosen, seed=args.seed)
    if name == "digits":
        from nnfs_lit.digits import train_digits

        run = train_digits(config, engine_of(args))
    elif name == "mnist1d":
        from nnfs_lit.mnist1d import train_mnist1d

        run = train_mnist1d(config, engine_of(args))
    elif name.startswith("mnist"):
        from nnfs_lit.mnist import train_mnist

        run = train_mnist(config, engine_of(args))
    elif name == "best":  # chapter 16's final model, on training + validation
        from nnfs_lit.runs import choose_on_validation, train_final

        run = train_final(config, engine=engine_of(args))
    else:
        run = train_model(config, engine=engine_of(args))
    seconds = time.perf_counter() - started
    scores = run.scores
    if name == "best":  # it learned from the validation points: the search's score
        search = choose_on_validation(engine=engine_of(args))[1]  # cached: not again
        scores["validation_accuracy"] = search[chosen]["accuracy"]
    numbers = {"model": name, "train_accuracy": scores["train_accuracy"],
               "validation_accuracy": scores["validation_accuracy"],
               "test_accuracy": scores["test_accuracy"], "final_loss": run.final_loss,
               "epochs": config.epochs, "seconds": round(seconds, 2),
               "floats": floats.in_effect()}
    if "best_epoch" in scores:  # chapter 23's: the epoch chosen on validation
        numbers["best_epoch"] = scores["best_epoch"]
    if args.json:
        print(json.dumps(numbers))
        return 0
    if name == "digits":
        print("nnfs-lit: chapter 18's network on the handwritten digits, measured "
              "on held-out digits\n")
        print(f"   hidden layers {config.hidden}, he start, adam at "
              f"{config.learning_rate}, batches of {config.batch_size}, "
              f"{config.epochs} epochs, seed {config.seed}")
    elif name == "mnist1d":
        print("nnfs-lit: chapter 24's convolutional network on MNIST-1D, measured "
              "on held-out signals\n")
        print(f"   convolutions of {config.channels} filters ({config.kernel_size} "
              f"wide, strides {config.strides}), adam at {config.learning_rate}, "
              f"batches of {config.batch_size}, the best of {config.epochs} epochs "
              f"on validation (epoch {scores['best_epoch']}), seed {config.seed}")
    elif name.startswith("mnist"):
        print(f"nnfs-lit: chapter 23's {config.kind} network on 28x28 handwritten "
              "digits, measured on held-out digits\n")
        convolutions = (f"convolutions of {config.filters} filters "
                        f"({config.kernels} pixels wide), " if config.kind == "cnn"
                        else "")
        print(f"   {convolutions}hidden layers {config.hidden}, dropout "
              f"{config.dropout}, moves of up to {config.shift} pixels, adam at "
              f"{config.learning_rate}, batches of {config.batch_size}, the best of "
              f"{config.epochs} epochs on validation (epoch "
              f"{scores['best_epoch']}), seed {config.seed}")
    else:
        print(f"nnfs-lit: the {name!r} recipe of chapter 16, measured on held-out "
              "data\n")
        print(f"   hidden layers {config.hidden}, {config.init} start, "
              f"{config.optimizer} at {config.learning_rate} (decay {config.decay}), "
              f"L2 {config.l2}, dropout {config.dropout}, {config.epochs} epochs, "
              f"seed {config.seed}")
    print(f"   trained in {seconds:.1f} s")
    unit = ("signals" if name == "mnist1d"
            else "digits" if name.startswith(("digits", "mnist")) else "points")
    for part, (X, _) in [("train", run.sets.train), ("validation", run.sets.validation),
                         ("test", run.sets.test)]:
        print(f"{part + ' accuracy:':21s}{scores[part + '_accuracy']:.4f} "
              f"({len(X)} {unit})")
    if name == "best":
        print("   (validation: the chosen model's in the search; the final model "
              "then learned from those points too)")
    for path in save_pictures(run, args.out, show=args.show):
        print(f"   {path}")
    return 0


def engine_of(args):
    """What trains: chapter 17's engine, or with --plain the chapters' own code."""
    return None if args.plain else FastNetwork


def model_config(name, engine=FastNetwork):
    """The config of a recipe of chapter 16, 18, 23 or 24, by name (see MODELS);
    a search on validation trains with `engine`."""
    from nnfs_lit.runs import SEED_RECIPE, TEXTBOOK, choose_on_validation

    if name == "best":
        return choose_on_validation(engine=engine)[0]  # trains every candidate first
    if name == "digits":
        from nnfs_lit.digits import choose_digits_model

        return choose_digits_model(engine=engine)[0]  # chapter 18's search
    if name == "mnist1d":
        from nnfs_lit.mnist1d import MNIST1D_CNN

        return MNIST1D_CNN  # its epoch is chosen on validation as it trains
    if name.startswith("mnist"):
        from nnfs_lit.mnist import MNIST_CNN, choose_mnist_model

        if name == "mnist-dense":
            return choose_mnist_model(engine=engine)[0]  # chapter 23's search
        return MNIST_CNN  # its epoch is chosen on validation as it trains
    return {"seed": SEED_RECIPE, "textbook": TEXTBOOK}[name]


def save_pictures(run, out, show=False, painter=None):
    """Save the pictures of `run` (plots.run_figures: for the digits, their learning
    curves, confusion matrix and misclassified test digits) as PNG files in `out`;
    in the `painter` process (see start_painter) if there is one."""
    if painter is not None:
        with painter:  # and then its processes end
            try:
                drawn = [painter.submit(save_picture, run, out, name)
                         for name in PICTURES]
                return [picture.result() for picture in drawn]
            except BrokenProcessPool:  # a painter died: draw them here instead
                pass
    from matplotlib.figure import Figure  # imported here: it takes 0.4 s

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


def save_picture(run, out, name):
    """Draw the picture `name` of `run` and save it in `out`: a painter's job."""
    from nnfs_lit.plots import run_figures, save_figure

    figure = run_figures(run)[name]
    return save_figure(figure, Path(out) / f"{name}.png", dpi=150)


def start_painter():
    """Processes that import matplotlib now, while this one trains, to draw the
    pictures afterwards, one each: on two cores they come about 0.5 s sooner.
    None where processes cannot be started."""
    try:
        painter = ProcessPoolExecutor(len(PICTURES), initializer=_load_matplotlib)
        for _ in PICTURES:
            painter.submit(int)  # start the processes now, not at the first picture
    except (OSError, RuntimeError, NotImplementedError):
        return None
    return painter


def _load_matplotlib():
    """Import matplotlib and draw a small figure, which loads its fonts too."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process
    if hasattr(os, "nice"):
        os.nice(10)  # the training comes first: a painter takes what CPU is left
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1))
    figure.subplots().set_title("warm-up")
    figure.savefig(io.BytesIO(), format="png")
