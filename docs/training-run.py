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
# This page is a notebook, and it was executed when this site was built. The run is the
# seed project's, number for number, and the book's build trained it as the experiment
# named `seed` ([chapter 7](../07-training/) defines it; [chapter 8](../08-visualizing/)
# shows its training curves and decision boundary). Nothing on this page was typed in
# by hand: every figure and every number below is the output of the code above it.
# Use the download links above to run it yourself: from a clone of the repository it
# loads the build's result, anywhere else it trains the run first.

# %%
import base64
import io

import matplotlib
import numpy as np
from IPython.display import HTML, Markdown
from matplotlib.figure import Figure

import nnfs_lit.book_experiments  # noqa: F401  registers the book's experiments
from nnfs_lit.experiments import DENSITY, PAGE_STYLE, THEMES, run_experiment
from nnfs_lit.plots import class_colors

# %% [markdown]
# The next cell, hidden on this page but part of the downloads, defines two helpers:
# `show`, which draws a figure in the book's light and dark themes, and `metric`, which
# marks a number so that the site's tests can check it. To run the cells yourself, use
# the downloaded notebook rather than cells copied from this page.

# %% tags=["hide-input"]
def show(draw, alt):
    """Draw a figure in each of the book's themes; the page shows the matching one."""
    images = []
    for theme, style in THEMES.items():
        with matplotlib.rc_context({**PAGE_STYLE, **style}):
            figure = draw()
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png")
        width, height = (figure.get_size_inches() * PAGE_STYLE["figure.dpi"]).astype(int)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        images.append(f'<img class="run-figure" alt="{alt}" width="{width}" '
                      f'height="{height}" data-density="{DENSITY}" '
                      f'src="data:image/png;base64,{data}#only-{theme}">')
    return HTML("".join(images))


def metric(name, value):
    """A number from the run, marked so the site's tests can check it against the run."""
    return f'<span class="run-metric" data-metric="{name}">{value}</span>'


# %%
seed = run_experiment("seed")  # the build's result, or a new run if there is none
numbers = seed.metrics
{name: numbers[name] for name in ("n_samples", "n_hidden", "learning_rate", "epochs")}

# %% tags=["hide-input"]
quoted = {name: metric(name, value) for name, value in numbers.items()}
quoted["final_loss"] = metric("final_loss", f"{numbers['final_loss']:.4f}")
quoted["final_accuracy"] = metric("final_accuracy", f"{numbers['final_accuracy']:.4f}")
Markdown(
    f"A spiral of {quoted['n_samples']} points in three classes, a network with "
    f"{quoted['n_hidden']} hidden neurons, full-batch gradient descent at learning rate "
    f"{quoted['learning_rate']} for {quoted['epochs']} epochs. At the end the network's "
    f"loss is **{quoted['final_loss']}** and its accuracy **{quoted['final_accuracy']}**:"
    f" it classifies {quoted['n_correct']} of the {numbers['n_samples']} training points "
    "right, where guessing would get about a third. These are the seed project's "
    "printed numbers, reproduced exactly."
)

# %% [markdown]
# ## How sure is it?
#
# For each training point, the network's last forward pass gave a probability to each
# class; its prediction is the most probable one. How probable? If the network had
# learned the spiral, most points would sit near 1, and a blind guess among three
# classes would give each a third.

# %%
arrays = seed.arrays()
probabilities, y = arrays["probabilities"], arrays["y"]  # (300, 3), (300,)
confidence = probabilities.max(axis=1)  # (300,): the predicted class's probability
right = probabilities.argmax(axis=1) == y  # (300,)


def confidence_figure():
    figure = Figure(figsize=(6.4, 3.2), layout="constrained")
    ax = figure.subplots()
    bins = np.linspace(1 / 3, confidence.max(), 25)
    ax.hist([confidence[right], confidence[~right]], bins=bins, stacked=True,
            color=[class_colors()[2], class_colors()[3]],
            label=["classified right", "classified wrong"])
    ax.set(xlabel="probability of the predicted class", ylabel="training points")
    ax.legend()
    return figure


show(confidence_figure, "A histogram of the probability the seed network gives its "
     f"predicted class, for each of the {len(y)} training points, split into points "
     f"classified right and wrong: all lie between one third and {confidence.max():.2f}")

# %% tags=["hide-input"]
Markdown(
    f"The most confident of the {len(y)} predictions gives its class "
    f"{metric('max_confidence', f'{confidence.max():.2f}')}, and half of them give it "
    f"less than {metric('median_confidence', f'{np.median(confidence):.3f}')}: the "
    "seed network is barely surer than a blind guess, right or wrong."
)

# %% [markdown]
# ## Sample predictions
#
# The first five training points all belong to class 0. Here is what the network's last
# forward pass made of them, printed the way the seed project printed it.

# %%
print("True labels:", y[:5])
print("Predictions:", probabilities[:5].argmax(axis=1))
for i in range(5):
    print(f"Sample {i}:", probabilities[i])

# %% [markdown]
# ## Run it yourself
#
# From a clone of the repository, `python3 tools/dev.py serve` rebuilds this page
# whenever a chapter changes, and `python3 tools/dev.py run` runs the same training in
# a terminal and saves its figures as PNG files
# ([Appendix C](../appendix/command-line/)).
