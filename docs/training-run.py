# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The seed run, trained by this build
#
# This page is a notebook, and it was executed when this site was built. The run below
# is the seed project's, number for number: a 3-class spiral of 300 points, the network
# $2 \to \text{Dense}(3) \to \text{ReLU} \to \text{Dense}(3) \to \text{Softmax}$, plain
# full-batch gradient descent at learning rate $0.01$ for $53000$ epochs, all drawn from
# `np.random.RandomState(0)`. Nothing on this page was typed in by hand: every figure and
# every number below is the output of the code above it.
#
# The training itself is cached by content ([chapter 10](../10-reproducible-runs/)): the
# first build trains, later builds reuse the result until a tangled line of the book or
# the configuration changes. Use the download links above to run it yourself.

# %%
import base64
import io
import os
from pathlib import Path

import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown

from nnfs_lit.plots import decision_boundary_figure, plot_accuracy, plot_loss
from nnfs_lit.runs import cached_run, run_metrics
from nnfs_lit.train import TrainingConfig

config = TrainingConfig()  # the seed project's run
cache_dir = Path(os.environ.get("NNFS_LIT_CACHE_DIR", ".cache/runs"))
run = cached_run(config, cache_dir)
metrics = run_metrics(config, cache_dir)


def show(fig, alt):
    """Show `fig` as a PNG with a text alternative, for readers who cannot see it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return HTML(f'<img class="run-figure" alt="{alt}" src="data:image/png;base64,{data}">')


config

# %% tags=["hide-input"]
def metric(name, text):
    """A number from this run, marked so the site's tests can check it against the run."""
    return f'<span class="run-metric" data-metric="{name}">{text}</span>'


Markdown(
    f"After {metric('epochs', config.epochs)} epochs the network's loss is "
    f"**{metric('final_loss', f'{run.final_loss:.4f}')}** and its accuracy "
    f"**{metric('final_accuracy', f'{run.final_accuracy:.4f}')}**: it classifies "
    f"{metric('n_correct', round(run.final_accuracy * len(run.y)))} of the "
    f"{len(run.y)} training points right, where guessing would get about 100. "
    f"These are the seed project's printed numbers, reproduced exactly."
)

# %% [markdown]
# ## The loss
#
# The loss starts at $\log 3 \approx 1.0986$, the loss of a uniform guess over three
# classes, and stays there for thousands of epochs: tiny initial weights make a flat
# saddle that plain gradient descent at this learning rate leaves only slowly
# ([chapter 7](../07-training/#why-it-stalls) explains why). Then it slides down and
# settles far above zero.

# %%
fig, ax = plt.subplots(figsize=(8, 3.6), layout="constrained")
plot_loss(ax, run.history.loss, n_classes=config.n_classes)
show(fig, f"Loss per epoch over {config.epochs} epochs: flat at log 3 for thousands of "
          f"epochs, then a slide down to {run.final_loss:.4f}")

# %% [markdown]
# ## The accuracy
#
# The share of training points whose most probable class is the right one, measured on
# each epoch's forward pass before its update, as the seed project did. The dashed line
# is chance, $\frac13$.

# %%
fig, ax = plt.subplots(figsize=(8, 3.6), layout="constrained")
plot_accuracy(ax, run.history.accuracy, n_classes=config.n_classes)
show(fig, f"Accuracy per epoch over {config.epochs} epochs, near chance at first and "
          f"{run.final_accuracy:.4f} at the end")

# %% [markdown]
# ## The decision boundary
#
# Every point of the plane, coloured by the class the trained network gives it (paler
# where it is less sure), with the 300 training points on top. Three ReLU neurons fold
# the plane along three lines; three folds cannot follow three interleaved arms.

# %%
fig = plt.figure(figsize=(5.5, 5.5), layout="constrained")
decision_boundary_figure(run.network.predict_proba, run.X, run.y,
                         title=f"Decision boundary, accuracy {run.final_accuracy:.1%}", fig=fig)
show(fig, "Decision boundary of the trained seed network: the plane split into three "
          "coloured regions by nearly straight lines, over three interleaved spiral arms")

# %% [markdown]
# ## Sample predictions
#
# The first five training points all belong to class 0. Here is what the network's last
# forward pass made of them, printed the way the seed project printed it.

# %%
print("True labels:", run.y[:5])
print("Predictions:", run.probabilities[:5].argmax(axis=1))
for i in range(5):
    print(f"Sample {i}:", run.probabilities[i])

# %% [markdown]
# ## Run it yourself
#
# From a clone of the repository, `python3 tools/dev.py serve` rebuilds this page
# whenever a chapter changes; `python -m nnfs_lit` runs the same training in a terminal
# and saves the same figures as PNG files.
