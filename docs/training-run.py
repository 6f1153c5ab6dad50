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
# named `seed` ([chapter 7](../07-training/) defines it). Nothing on this page was typed
# in by hand: every figure and every number below is the output of the code above it.
# Use the download links above to run it yourself: from a clone of the repository it
# loads the build's result, anywhere else it trains the run first.

# %% tags=["hide-input"]
import base64

from IPython.display import HTML, Markdown

from nnfs_lit.experiments import run_experiment


def show(result, figure, alt):
    """The PNG of `figure` from `result`, with a text alternative for screen readers."""
    data = base64.b64encode(result.figure(figure).read_bytes()).decode("ascii")
    return HTML(f'<img class="run-figure" alt="{alt}" src="data:image/png;base64,{data}">')


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
# ## The loss and the accuracy
#
# The loss starts at $\log 3 \approx 1.0986$, the loss of a uniform guess over three
# classes, and stays there for thousands of epochs: tiny initial weights make a flat
# saddle that plain gradient descent at this learning rate leaves only slowly
# ([chapter 7](../07-training/#why-it-stalls) explains why). Then it slides down and
# settles far above zero. The accuracy, the share of training points whose most
# probable class is the right one, is measured on each epoch's forward pass before its
# update, as the seed project did; the dashed line is chance, $\frac13$.

# %%
show(seed, "training_progress", "Loss and accuracy per epoch of the seed run: the loss "
     "flat at log 3 for thousands of epochs, then a slow slide; the accuracy a little "
     "above chance")

# %% [markdown]
# ## The decision boundary
#
# Every point of the plane, coloured by the class the trained network gives it (paler
# where it is less sure), with the training points on top. Three ReLU neurons fold the
# plane along three lines; three folds cannot follow three interleaved arms.

# %%
show(seed, "decision_boundary", "Decision boundary of the trained seed network: the "
     "plane split into three coloured regions by nearly straight lines, over three "
     "interleaved spiral arms")

# %% [markdown]
# ## Sample predictions
#
# The first five training points all belong to class 0. Here is what the network's last
# forward pass made of them, printed the way the seed project printed it.

# %%
arrays = seed.arrays()
print("True labels:", arrays["y"][:5])
print("Predictions:", arrays["probabilities"][:5].argmax(axis=1))
for i in range(5):
    print(f"Sample {i}:", arrays["probabilities"][i])

# %% [markdown]
# ## Run it yourself
#
# From a clone of the repository, `python3 tools/dev.py serve` rebuilds this page
# whenever a chapter changes, and `python3 tools/dev.py run` runs the same training in
# a terminal and saves the same figures as PNG files
# ([Appendix B](../appendix/command-line/)).
