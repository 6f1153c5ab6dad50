# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/07-training.md, "The seed run", block 2
"""The book's experiments: the runs its pages show, which its build trains
(Appendix D). Each chapter adds its own. Nothing in the network imports this module."""

from nnfs_lit.experiments import experiment
from nnfs_lit.training import TrainingConfig, run_training


@experiment("seed", "The seed project's run: 3 hidden neurons, 53000 epochs",
            replay=True)
def seed_run(watch=None, engine=None):
    return run_training(TrainingConfig(), watch=watch, engine=engine)


# docs/07-training.md, "Why it stalls", block 1
@experiment("narrow", "3 hidden neurons, learning rate 1.0, 10000 epochs")
def narrow_run(engine=None):
    return run_training(TrainingConfig(epochs=10000, learning_rate=1.0), engine=engine)


@experiment("wide", "64 hidden neurons, learning rate 1.0, 10000 epochs")
def wide_run(engine=None):
    return run_training(TrainingConfig(epochs=10000, learning_rate=1.0, n_hidden=64),
                        engine=engine)


# docs/12-out-of-sample.md, "The textbook recipe, measured on new points", block 2
from nnfs_lit.runs import TEXTBOOK, over_seeds  # this chapter's


@experiment("textbook", "The NNFS book's recipe: 2-64-3, Adam, 10000 epochs, 3 seeds",
            replay=True)
def textbook_experiment(watch=None, engine=None):
    return over_seeds(TEXTBOOK, watch=watch, engine=engine)


# docs/16-solving-the-spiral.md, "Three contenders", block 2
from nnfs_lit.runs import SEED_RECIPE  # this chapter's


@experiment("seed_recipe", "The seed network on the held-out sets, 3 seeds",
            replay=True)
def seed_recipe_experiment(watch=None, engine=None):
    return over_seeds(SEED_RECIPE, watch=watch, engine=engine)


# docs/16-solving-the-spiral.md, "The results", block 1
from dataclasses import replace

import numpy as np

from nnfs_lit.data import spiral_posterior
from nnfs_lit.runs import CANDIDATES, choose_on_validation, train_final, train_model


@experiment("best", "The model chosen on validation: 3 seeds, the final model, and "
            "1000 per class", replay=True)
def best_experiment(watch=None, engine=None):
    chosen, validation = choose_on_validation(engine=engine)
    run = over_seeds(chosen, watch=watch, engine=engine)
    finals = [train_final(replace(chosen, seed=seed), engine=engine).scores
              for seed in (0, 1, 2)]
    large = train_model(replace(chosen, samples_per_class=1000), engine=engine)
    X_test, y_test = run.sets.test  # the same test points for all of them
    bayes = spiral_posterior(X_test).argmax(axis=1)  # (n_test,)
    run.extra.update(
        final_train_accuracy=finals[0]["train_accuracy"],
        final_median_test_accuracy=float(np.median(
            [scores["test_accuracy"] for scores in finals])),
        large_train_accuracy=large.scores["train_accuracy"],
        large_test_accuracy=large.scores["test_accuracy"],
        bayes_test_accuracy=float(np.mean(bayes == y_test)),
    )
    for seed, scores in enumerate(finals):
        run.extra[f"final_test_accuracy_seed{seed}"] = scores["test_accuracy"]
    for i, config in enumerate(CANDIDATES):  # the search, for its picture
        run.extra[f"search_{i}_loss"] = validation[config]["loss"]
        run.extra[f"search_{i}_accuracy"] = validation[config]["accuracy"]
    return run


# docs/18-digits.md, "What the batch size changes, measured", block 2
from nnfs_lit.digits import (  # this chapter's
    BATCH_SIZES,
    FULL_BATCH_EPOCHS,
    DigitsConfig,
    train_digits,
)


@experiment("digits_batches", "The digits network with batches of 8, 32, 128, all")
def digits_batches_experiment(engine=None):
    runs = {}
    for size in BATCH_SIZES:
        epochs = DigitsConfig().epochs if size else FULL_BATCH_EPOCHS
        runs[size] = train_digits(DigitsConfig(batch_size=size, epochs=epochs),
                                  engine=engine)
    run = replace(runs[32], compared=runs, drawn=("batch_sizes",))
    for size, other in runs.items():
        name = f"batch_{size or 'full'}"
        run.extra[f"{name}_validation_accuracy"] = other.scores["validation_accuracy"]
        run.extra[f"{name}_validation_loss"] = other.scores["validation_loss"]
        run.extra[f"{name}_seconds"] = float(other.elapsed[-1])
        run.extra[f"{name}_steps"] = other.network.optimizer.iterations
    epochs = DigitsConfig().epochs  # the full batch's validation loss at that epoch:
    full = runs[None].history  # measured before epoch `epochs`, so after `epochs`
    run.extra["batch_full_validation_loss_early"] = float(full.val_loss[epochs])
    run.extra["batch_full_validation_accuracy_early"] = float(full.val_accuracy[epochs])
    return run


# docs/18-digits.md, "The network, chosen on validation", block 2
from nnfs_lit.digits import BASELINE_CANDIDATES, choose_digits_model


@experiment("digits", "The digits network chosen on validation, 3 seeds")
def digits_experiment(engine=None):
    chosen, _ = choose_digits_model(engine=engine)
    return over_seeds(chosen, train=train_digits, engine=engine)


@experiment("digits_baseline", "Softmax regression on the digits (64-10), 3 seeds")
def digits_baseline_experiment(engine=None):
    chosen, _ = choose_digits_model(BASELINE_CANDIDATES, engine)
    return replace(over_seeds(chosen, train=train_digits, engine=engine), drawn=())


# docs/23-mnist.md, "The contenders, chosen on validation", block 2
from nnfs_lit.mnist import (  # this chapter's
    DENSE_CANDIDATES,
    MNIST_CNN,
    choose_mnist_model,
    train_mnist,
)
from nnfs_lit.web import model_json


@experiment("mnist", "The small CNN on the MNIST sample, its epoch chosen on "
            "validation, 3 seeds", site_files=model_json)  # for the drawing pad
def mnist_experiment(engine=None):
    return over_seeds(MNIST_CNN, train=train_mnist, engine=engine)


@experiment("mnist_dense", "The dense network on the MNIST sample, chosen on "
            "validation, 3 seeds")
def mnist_dense_experiment(engine=None):
    chosen, validation = choose_mnist_model(DENSE_CANDIDATES, engine)
    run = over_seeds(chosen, train=train_mnist, engine=engine)
    for config, accuracy in validation.items():  # the search, for the page
        run.extra[f"search_shift{config.shift}_validation_accuracy"] = accuracy
    return replace(run, drawn=())  # the page shows its numbers only


# docs/24-mnist1d.md, "Training, and stopping at the best epoch", block 2
from nnfs_lit.mnist1d import MNIST1D_CNN, MNIST1D_DENSE, train_mnist1d  # this chapter's


@experiment("mnist1d", "The 1-D CNN on MNIST-1D, its epoch chosen on validation, "
            "3 seeds")
def mnist1d_experiment(engine=None):
    return over_seeds(MNIST1D_CNN, train=train_mnist1d, engine=engine)


@experiment("mnist1d_dense", "The dense network on MNIST-1D, its epoch chosen on "
            "validation, 3 seeds")
def mnist1d_dense_experiment(engine=None):
    run = over_seeds(MNIST1D_DENSE, train=train_mnist1d, engine=engine)
    return replace(run, drawn=("training_progress",))
