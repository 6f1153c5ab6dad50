# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/08-visualizing.md, "How the pictures are drawn", block 1
"""Pictures of a training run: loss and accuracy curves, and the decision boundary."""

from pathlib import Path

import numpy as np
from matplotlib import rcParams
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from nnfs_lit import checks
from nnfs_lit.files import written_whole


def class_colors():
    """The colours of classes 0, 1, 2, ...: the colour cycle of the current matplotlib
    style (its default is the tab10 palette), so that a dark theme can brighten them."""
    return rcParams["axes.prop_cycle"].by_key()["color"]


def plot_loss(ax, loss, n_classes=None):
    """Draw the loss of every epoch on the Axes `ax`, with log(n_classes) if given."""
    ax.plot(np.arange(len(loss)), loss, color=class_colors()[0], linewidth=1.5,
            label="training")
    if n_classes is not None:  # labelled at its right end, below, where the loss is low
        ax.axhline(np.log(n_classes), color="grey", linestyle="--", linewidth=1)
        ax.annotate(f"uniform guess, log {n_classes}", xy=(1, np.log(n_classes)),
                    xycoords=("axes fraction", "data"), ha="right", va="top",
                    color="grey")
    ax.set(xlabel="epoch", ylabel="categorical cross-entropy")
    zoomed = ax.get_ylim()[0] > 0  # the axis does not start at 0: say so
    ax.set_title("Loss (axis zoomed)" if zoomed else "Loss")
    ax.grid(alpha=0.3)


def plot_accuracy(ax, accuracy, n_classes=None):
    """Draw the accuracy of every epoch on `ax`, and chance (1/n_classes) if given."""
    epochs = np.arange(len(accuracy))
    ax.plot(epochs, accuracy, color=class_colors()[2], linewidth=1.5, label="training")
    if n_classes is not None:  # labelled at its right end, below the line
        ax.axhline(1 / n_classes, color="grey", linestyle="--", linewidth=1)
        ax.annotate("chance", xy=(1, 1 / n_classes), xycoords=("axes fraction", "data"),
                    ha="right", va="top", color="grey")
    ax.set(title="Accuracy", xlabel="epoch", ylabel="share classified right",
           ylim=(0, 1))
    ax.grid(alpha=0.3)


def training_figure(history, n_classes=None, fig=None):
    """A Figure with the loss curve (left) and the accuracy curve (right).

    Draws on `fig` if given (say, one from pyplot, to show it in a window). A history
    with validation curves (Part II's) gets them too, dashed, and a legend per panel.
    """
    fig = fig if fig is not None else Figure(figsize=(7.2, 3.2), layout="constrained")
    loss_ax, accuracy_ax = fig.subplots(1, 2)
    plot_loss(loss_ax, history.loss, n_classes)
    plot_accuracy(accuracy_ax, history.accuracy, n_classes)
    if getattr(history, "val_loss", None) is not None:
        validation = [(loss_ax, history.val_loss), (accuracy_ax, history.val_accuracy)]
        for ax, curve in validation:
            ax.plot(curve, color=class_colors()[1], linestyle="--", linewidth=1.5,
                    label="validation")
        loss_ax.legend(loc="center right")  # below the uniform-guess line
        accuracy_ax.legend(loc="center right")  # between chance and the curves
    return fig


def plane_grid(X, resolution):
    """The points of a resolution x resolution grid over X's plane, with a margin.

    Returns the grid (resolution**2, 2), row by row from the bottom left, and its
    extent (left, right, bottom, top), as imshow wants it.
    """
    margin = 0.1 * np.ptp(X, axis=0) + 1e-3  # (2,)
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs = np.linspace(low[0], high[0], resolution)  # (resolution,)
    ys = np.linspace(low[1], high[1], resolution)  # (resolution,)
    grid_x, grid_y = np.meshgrid(xs, ys)  # (resolution, resolution) each
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])  # (resolution**2, 2)
    return grid, (low[0], high[0], low[1], high[1])


def plot_decision_boundary(ax, predict_proba, X, y, resolution=300):
    """Colour the plane by predicted class (fainter where less sure); X on top."""
    resolution = checks.positive_int("resolution", resolution)
    X = checks.as_batch("X", X, 2)  # (n_samples, 2)
    n_classes = int(np.max(y)) + 1
    y = checks.as_labels("y", y, X.shape[0], n_classes)  # (n_samples,)
    grid, extent = plane_grid(X, resolution)  # (resolution**2, 2)
    probabilities = predict_proba(grid)  # (resolution**2, n_grid_classes)
    palette = class_colors()
    if probabilities.shape[1] > len(palette):
        raise ValueError(f"can colour at most {len(palette)} classes")
    colors = np.array([to_rgb(c) for c in palette[: probabilities.shape[1]]])
    background = np.array(to_rgb(ax.get_facecolor()))  # (3,): white, or a dark page
    predicted = probabilities.argmax(axis=1)  # (resolution**2,)
    confidence = probabilities.max(axis=1, keepdims=True)  # (resolution**2, 1)
    strength = 0.25 + 0.45 * confidence  # fully sure -> 70% colour, 30% background
    image = colors[predicted] * strength + background * (1 - strength)
    ax.imshow(image.reshape(resolution, resolution, 3), origin="lower", extent=extent,
              interpolation="bilinear")
    ax.scatter(X[:, 0], X[:, 1], c=colors[np.minimum(y, len(colors) - 1)], s=18,
               edgecolors=rcParams["text.color"], linewidths=0.6)  # the theme's ink
    ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal")


def decision_boundary_figure(predict_proba, X, y, title="Decision boundary",
                             resolution=300, fig=None):
    """A Figure with the decision boundary of `predict_proba` over the data (X, y)."""
    fig = fig if fig is not None else Figure(figsize=(5, 5), layout="constrained")
    ax = fig.subplots()
    plot_decision_boundary(ax, predict_proba, X, y, resolution)
    ax.set_title(title)
    return fig


def save_figure(fig, path, dpi=None):
    """Write `fig` as a PNG at `path` atomically: a temporary file, then a rename.

    `dpi` defaults to matplotlib's savefig.dpi setting.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(path) as file:  # Appendix G: never half a file
        fig.savefig(file, format="png", dpi=dpi)
    return path


def run_figures(run, make_figure=Figure):
    """The pictures of a run, by name, as the run draws them: run.figures().

    The command line, the book's build and its pages all draw a run through here.
    `make_figure(figsize=..., layout=...)` makes each empty figure: a plain Figure by
    default, or pyplot.figure to show them in windows.
    """
    return run.figures(make_figure)


def spiral_figures(run, make_figure=Figure):
    """The pictures of a run on the plane: its curves and its decision boundary."""
    curves = make_figure(figsize=(7.2, 3.2), layout="constrained")
    training_figure(run.history, run.config.n_classes, fig=curves)
    boundary = make_figure(figsize=(5, 5), layout="constrained")
    title = f"Decision boundary, accuracy {run.final_accuracy:.1%}"
    decision_boundary_figure(run.network.predict_proba, run.X, run.y, title,
                             fig=boundary)
    return {"training_progress": curves, "decision_boundary": boundary}


# docs/18-digits.md, "The data: 1797 small digits", block 2
def plot_digits(axes, images, titles=(), full_ink=16):
    """Show each image (a square's pixels, 0..full_ink: 64 for 8x8) as a square
    on one of `axes`, ink on paper in the theme's colours; a title under each,
    if given."""
    from matplotlib.colors import LinearSegmentedColormap

    ink = LinearSegmentedColormap.from_list(
        "ink", [axes[0].get_facecolor(), rcParams["text.color"]])
    for ax, image, title in zip(axes, images, [*titles] or [""] * len(images),
                                strict=True):
        side = round(np.sqrt(np.size(image)))  # 8 for 64 pixels
        ax.imshow(np.reshape(image, (side, side)), cmap=ink, vmin=0, vmax=full_ink)
        ax.set(xticks=[], yticks=[])
        ax.set_xlabel(title, fontsize=9)
        for spine in ax.spines.values():
            spine.set_color(rcParams["grid.color"])


# docs/18-digits.md, "What the batch size changes, measured", block 3
def digits_figures(run, make_figure=None):
    """The pictures of a DigitsRun named in run.drawn, by name."""
    from nnfs_lit.metrics import confusion_matrix

    make_figure = make_figure or Figure
    X_test, y_test = run.sets.test  # (n_test, 64), (n_test,)
    probabilities = run.network.predict_proba(X_test)  # (n_test, 10)
    draw = {
        "training_progress": lambda fig: training_figure(run.history, 10, fig=fig),
        "confusion_matrix": lambda fig: confusion_figure(
            confusion_matrix(y_test, probabilities.argmax(axis=1), 10), fig=fig),
        "misclassified": lambda fig: misclassified_figure(
            X_test, y_test, probabilities, fig=fig),
        "batch_sizes": lambda fig: batch_size_figure(run.compared, fig=fig),
    }
    sizes = {"training_progress": (7.2, 3.2), "confusion_matrix": (5.4, 4.8),
             "misclassified": (7.2, 3.0), "batch_sizes": (7.2, 3.2)}
    figures = {}
    for name in run.drawn:
        figures[name] = make_figure(figsize=sizes[name], layout="constrained")
        draw[name](figures[name])
    return figures


def batch_size_figure(runs, fig):
    """Validation loss per epoch (left) and per second (right), one line per
    batch size; `runs` maps a batch size (None: full) to its DigitsRun."""
    by_epoch, by_time = fig.subplots(1, 2, sharey=True)
    for (size, run), color in zip(runs.items(), class_colors(), strict=False):
        label = f"batch {size}" if size else f"full batch, {len(run.y)}"
        loss = run.history.val_loss  # (epochs,), each measured before its epoch
        by_epoch.plot(np.arange(len(loss)), loss, color=color, label=label)
        seconds = np.concatenate([[0.0], run.elapsed[:-1]])  # (epochs,)
        by_time.plot(seconds, loss, color=color, label=label)
    by_epoch.set(xlabel="epochs trained", ylabel="validation loss", yscale="log",
                 title="Per epoch", xlim=(0, 50))
    by_time.set(xlabel="seconds of training", title="Per second")
    for ax in (by_epoch, by_time):
        ax.grid(alpha=0.3)
    by_time.legend()
    return fig


# docs/18-digits.md, "What it gets wrong", block 2
def confusion_figure(counts, fig):
    """The confusion matrix `counts` as a grid of shaded cells with their counts;
    true class down the side, predicted class along the top."""
    from matplotlib.colors import LinearSegmentedColormap

    ax = fig.subplots()
    ink = LinearSegmentedColormap.from_list(
        "counts", [ax.get_facecolor(), class_colors()[0]])
    ax.imshow(np.sqrt(counts), cmap=ink)  # square root: the few errors show
    strong = np.sqrt(counts) > 0.5 * np.sqrt(counts.max())  # the deep-coloured
    for (i, j), count in np.ndenumerate(counts):  # cells get the page's colour
        if count:
            color = ax.get_facecolor() if strong[i, j] else rcParams["text.color"]
            ax.text(j, i, str(count), ha="center", va="center", fontsize=9,
                    color=color, fontweight="bold" if i != j else "normal")
    n_classes = len(counts)
    ax.set(xticks=range(n_classes), yticks=range(n_classes),
           xlabel="predicted digit", ylabel="true digit",
           title=f"{np.trace(counts)} of {counts.sum()} right")
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    return fig


def misclassified_figure(X, y, probabilities, fig, at_most=24):
    """The images of X the probabilities get wrong (at most `at_most`), each
    captioned with its prediction, the probability given to it, and the truth."""
    predicted = probabilities.argmax(axis=1)  # (n_samples,)
    wrong = np.flatnonzero(predicted != y)[:at_most]  # (n_wrong,)
    n_columns = min(12, max(8, len(wrong)))  # images at most 7.2 / 8 inches wide
    n_rows = max(1, -(-len(wrong) // n_columns))
    fig.set_size_inches(7.2, 0.4 + n_rows * (7.2 / n_columns + 0.45))
    axes = fig.subplots(n_rows, n_columns, squeeze=False).ravel()
    titles = [f"{predicted[i]} ({probabilities[i, predicted[i]]:.0%})\nis {y[i]}"
              for i in wrong]
    plot_digits(axes[:len(wrong)], X[wrong], titles, full_ink=1)  # X in [0, 1]
    for ax in axes[len(wrong):]:
        ax.set_axis_off()
    fig.suptitle(f"{len(wrong)} misclassified: predicted (probability), true")
    return fig


# docs/23-mnist.md, "What the first layer looks for", block 1
def filters_figure(weights, fig):
    """The filters of a convolution's `weights` (out, 1, kh, kw) side by side, in a
    colour map that is symmetric about zero."""
    axes = fig.subplots(1, len(weights))
    limit = np.max(np.abs(weights))
    for index, (ax, kernel) in enumerate(zip(axes, weights[:, 0], strict=True)):
        ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set(xticks=[], yticks=[], title=f"filter {index}")
    fig.suptitle("first-layer filters: red positive, blue negative", fontsize=10)
    return fig


# docs/24-mnist1d.md, "What the first layer looks for"
def signal_filters_figure(weights, fig):
    """The filters of a Conv1D's `weights` (out, 1, 1, k), each drawn as a line of
    its k weights, over a common vertical scale."""
    kernels = weights[:, 0, 0]  # (out, k)
    n_rows = 2 if len(kernels) > 8 else 1
    axes = fig.subplots(n_rows, -(-len(kernels) // n_rows), sharey=True, squeeze=False)
    for ax in axes.flat[len(kernels):]:
        ax.set_axis_off()  # no filter there
    for index, (ax, kernel) in enumerate(zip(axes.flat, kernels, strict=False)):
        ax.axhline(0, color="0.6", linewidth=0.8)
        ax.plot(kernel, marker="o", markersize=3, color=class_colors()[0])
        ax.set(xticks=[], yticks=[], title=f"filter {index}")
        ax.title.set_fontsize(8)
    fig.suptitle("first-layer filters: weight by position", fontsize=10)
    return fig
