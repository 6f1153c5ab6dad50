# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/01-spiral-data.md:35
"""The pictures that build the book's intuition, each drawn by the book's build."""

import numpy as np
from matplotlib.figure import Figure

from nnfs_lit.data import spiral_data
from nnfs_lit.experiments import picture
from nnfs_lit.plots import class_colors


@picture("spiral")
def spiral_picture():
    """The spiral of chapter 1: 100 points per class, each arm's curve behind them."""
    X, y = spiral_data(samples_per_class=100, n_classes=3,
                       rng=np.random.default_rng(0))
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.subplots()
    r = np.linspace(0, 1, 200)  # the arms without noise, as thin curves
    for c in range(3):
        t = 4 * c + 4 * r
        ax.plot(r * np.sin(2.5 * t), r * np.cos(2.5 * t), color=class_colors()[c],
                linewidth=1, alpha=0.6)
        ax.scatter(X[y == c, 0], X[y == c, 1], s=14, color=class_colors()[c],
                   label=f"class {c}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0)
    return fig


# docs/02-dense-layer.md:66
@picture("dense-layer")
def dense_layer_picture():
    """Two inputs, three neurons, their weights, and the shapes of a real batch."""
    from matplotlib import rcParams
    from matplotlib.patches import Circle

    from nnfs_lit.layers import Dense

    X, _ = spiral_data(rng=np.random.default_rng(0))  # (300, 2)
    layer = Dense(2, 3, rng=np.random.default_rng(1))
    Z = layer.forward(X)  # (300, 3)
    ink, paper = rcParams["text.color"], rcParams["axes.facecolor"]
    fig = Figure(figsize=(7, 3.4), layout="constrained")
    ax = fig.subplots()
    ax.set(xlim=(-0.45, 5.2), ylim=(-0.45, 1.45), aspect="equal")
    ax.axis("off")
    inputs = [1.0, 0.0]  # heights of x1, x2
    neurons = [1.2, 0.5, -0.2]  # heights of the three neurons
    for i, y_in in enumerate(inputs):
        for j, y_out in enumerate(neurons):
            ax.plot([0, 1.8], [y_in, y_out], color=ink, linewidth=0.8, zorder=1)
            ax.text(0.45, y_in + (y_out - y_in) / 4, f"$w_{{{i + 1}{j + 1}}}$",
                    ha="center", va="center", fontsize=11,
                    bbox={"facecolor": paper, "edgecolor": "none", "pad": 0.5})
    for i, y_in in enumerate(inputs):
        ax.add_patch(Circle((0, y_in), 0.2, facecolor=paper, edgecolor=ink, zorder=2))
        ax.text(0, y_in, f"$x_{i + 1}$", ha="center", va="center")
    for j, y_out in enumerate(neurons):
        ax.add_patch(Circle((1.8, y_out), 0.24, facecolor=class_colors()[j],
                            edgecolor=ink, zorder=2))
        ax.text(1.8, y_out, "$\\Sigma$", ha="center", va="center", color="white",
                zorder=3)
        ax.annotate(f"$z_{j + 1}$", xy=(2.05, y_out), xytext=(2.7, y_out),
                    va="center", arrowprops={"arrowstyle": "<-", "color": ink})
        ax.text(1.8, y_out - 0.38, f"$+\\,b_{j + 1}$", ha="center", fontsize=12)
    shapes = (f"X: {X.shape}\n    one row per sample\n"
              f"W: {layer.weights.shape}\n    one column per neuron\n"
              f"b: {layer.biases.shape}\n"
              f"Z = X W + b: {Z.shape}")
    ax.text(3.2, 0.5, shapes, va="center", family="monospace", fontsize=12)
    return fig


# docs/03-activations.md:103
@picture("activations")
def activations_picture():
    """ReLU over a range of inputs, and softmax turning three scores into shares."""
    from nnfs_lit.activations import ReLU, Softmax

    z = np.linspace(-3, 3, 121)  # (121,)
    relu = ReLU().forward(z.reshape(1, -1))[0]  # (121,)
    scores = np.array([1.0, 2.0, 3.0])  # (3,)
    probabilities = Softmax().forward(scores.reshape(1, -1))[0]  # (3,)
    fig = Figure(figsize=(7, 2.7), layout="constrained")
    relu_ax, scores_ax, softmax_ax = fig.subplots(1, 3, width_ratios=[1.4, 1, 1])
    relu_ax.plot(z, relu, color=class_colors()[0], linewidth=2)
    relu_ax.set(title="ReLU(z) = max(0, z)", xlabel="z", ylim=(-0.3, 3.1))
    relu_ax.grid(alpha=0.3)
    classes = ["0", "1", "2"]
    scores_ax.bar(classes, scores, color=class_colors()[:3])
    scores_ax.set(title="scores z", xlabel="class", ylim=(0, 3.4))
    softmax_ax.bar(classes, probabilities, color=class_colors()[:3])
    for x, p in enumerate(probabilities):
        softmax_ax.text(x, p + 0.02, f"{p:.2f}", ha="center", va="bottom")
    softmax_ax.set(title="softmax(z)", xlabel="class", ylim=(0, 0.85))
    return fig


# docs/04-loss-accuracy.md:53
@picture("cross-entropy")
def cross_entropy_picture():
    """-log p against p, and the clipped loss the package computes."""
    from matplotlib import rcParams

    from nnfs_lit.losses import CLIP, CategoricalCrossEntropy

    p = np.logspace(-10, 0, 201)  # (201,), the true class's probability
    loss = CategoricalCrossEntropy()
    clipped = [loss.forward([[q, 1 - q]], [0]) for q in p]  # one sample each
    fig = Figure(figsize=(6.4, 3.4), layout="constrained")
    ax = fig.subplots()
    ax.plot(p, -np.log(p), color="grey", linestyle="--", label="$-\\log p$")
    ax.plot(p, clipped, color=class_colors()[0], linewidth=2, label="clipped loss")
    ax.axvline(CLIP, color=class_colors()[3], linewidth=1, linestyle=":")
    ax.text(CLIP * 1.6, 20, "clip at $10^{-7}$", color=class_colors()[3])
    guess = loss.forward([[1 / 3, 1 / 3, 1 / 3]], [0])
    ax.plot([1 / 3], [guess], "o", color=class_colors()[1])
    ax.annotate(f"uniform guess: p = 1/3, loss {guess:.4f}", xy=(1 / 3, guess),
                xytext=(1e-10, 5), ha="left",
                arrowprops={"arrowstyle": "->", "color": rcParams["text.color"]})
    ax.set(xscale="log", xlabel="probability p of the true class",
           ylabel="loss of the sample")
    ax.legend(loc="upper right")
    ax.grid(alpha=0.3)
    return fig


# docs/05-backprop-layers.md:55
@picture("graph")
def graph_picture():
    """The seed network's computational graph, with the shapes of a real pass."""
    from matplotlib import rcParams
    from matplotlib.patches import FancyBboxPatch

    from nnfs_lit.train import SpiralNetwork

    X, y = spiral_data(rng=np.random.default_rng(0))  # (300, 2)
    net = SpiralNetwork(rng=np.random.default_rng(1))
    net.forward(X, y)
    net.backward()
    forward = [("X", X.shape), ("$Z_1$", net.dense1.output.shape),
               ("$A_1$", net.activation1.output.shape),
               ("$Z_2$", net.dense2.output.shape), ("L", "(a number)")]
    backward = [("dL/dX", net.dense1.dinputs.shape),
                ("dL/d$Z_1$", net.activation1.dinputs.shape),
                ("dL/d$A_1$", net.dense2.dinputs.shape),
                ("dL/d$Z_2$", net.loss.dinputs.shape)]
    boxes = ["Dense 1", "ReLU", "Dense 2", "softmax +\ncross-entropy"]
    centres, half_widths = [1.8, 4.05, 6.3, 9.0], [0.6, 0.45, 0.6, 1.0]
    ink = rcParams["text.color"]
    fig = Figure(figsize=(7.2, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.set(xlim=(-0.2, 11.4), ylim=(-1.65, 1.1))
    ax.axis("off")
    for x, w, label in zip(centres, half_widths, boxes, strict=True):
        ax.add_patch(FancyBboxPatch((x - w, -0.35), 2 * w, 0.7, facecolor="none",
                                    edgecolor=ink, boxstyle="round,pad=0.04"))
        ax.text(x, 0, label, ha="center", va="center", fontsize=11)
    # arrow i runs from the right edge of box i - 1 to the left edge of box i
    edges = list(zip(centres, half_widths, strict=True))
    lefts = [-0.1] + [c + w + 0.1 for c, w in edges]
    rights = [c - w - 0.1 for c, w in edges] + [11.3]
    for i, (name, shape) in enumerate(forward):  # forward: left to right, on top
        ax.annotate("", xy=(rights[i], 0.2), xytext=(lefts[i], 0.2),
                    arrowprops={"arrowstyle": "->", "color": class_colors()[0]})
        ax.text((lefts[i] + rights[i]) / 2, 0.35, f"{name}\n{shape}",
                ha="center", va="bottom", fontsize=11, color=class_colors()[0])
    for i, (name, shape) in enumerate(backward):  # backward: right to left, below
        ax.annotate("", xy=(lefts[i], -0.2), xytext=(rights[i], -0.2),
                    arrowprops={"arrowstyle": "->", "color": class_colors()[3]})
        ax.text((lefts[i] + rights[i]) / 2, -0.35, f"{name}\n{shape}",
                ha="center", va="top", fontsize=11, color=class_colors()[3])
    for x, layer, n in [(centres[0], net.dense1, 1), (centres[2], net.dense2, 2)]:
        ax.annotate(f"d$W_{n}$ {layer.dweights.shape}\nd$b_{n}$ {layer.dbiases.shape}",
                    xy=(x, -0.4), xytext=(x, -1.0), ha="center", va="top",
                    fontsize=11, color=class_colors()[3],
                    arrowprops={"arrowstyle": "<-", "color": class_colors()[3]})
    return fig


# docs/06-backprop-loss.md:257
@picture("fused-gradient")
def fused_gradient_picture():
    """The gradient on the true class, fused and chained, as a mistake grows."""
    from nnfs_lit.activations import Softmax
    from nnfs_lit.losses import CLIP, CategoricalCrossEntropy, SoftmaxCrossEntropy

    gaps = np.linspace(0, 40, 401)  # another class's score minus the true one's
    fused, chained = [], []
    fused_loss, softmax = SoftmaxCrossEntropy(), Softmax()
    loss = CategoricalCrossEntropy()
    for gap in gaps:
        scores = [[0.0, gap, 0.0]]  # true class 0
        fused_loss.forward(scores, [0])
        fused.append(fused_loss.backward()[0, 0])
        loss.forward(softmax.forward(scores), [0])
        chained.append(softmax.backward(loss.backward())[0, 0])
    clip_gap = np.log(1 / CLIP - 2)  # where p of the true class reaches the clip
    fig = Figure(figsize=(6.8, 3.6), layout="constrained")
    ax = fig.subplots()
    ax.plot(gaps, fused, color=class_colors()[0], linewidth=2.5, label="fused: p - 1")
    ax.plot(gaps, chained, color=class_colors()[1], linewidth=2, linestyle="--",
            label="chained: softmax, then cross-entropy")
    ax.axvline(clip_gap, color=class_colors()[3], linewidth=1, linestyle=":")
    ax.text(clip_gap - 0.6, -0.45, "p reaches\nthe clip", ha="right",
            color=class_colors()[3])
    ax.set(xlabel="score of another class minus the true class's",
           ylabel="gradient on the true class", ylim=(-1.1, 0.1))
    fig.legend(loc="outside lower center", ncols=2)
    ax.grid(alpha=0.3)
    return fig


# docs/07-training.md:346
@picture("folds")
def folds_picture():
    """Each hidden neuron's fold line, for the seed and the wide networks."""
    from matplotlib import rcParams

    from nnfs_lit.experiments import run_experiment

    fig = Figure(figsize=(7.2, 4.0), layout="constrained")
    for ax, name in zip(fig.subplots(1, 2), ["seed", "wide"], strict=True):
        result = run_experiment(name)
        arrays = result.arrays()
        X, y = arrays["X"], arrays["y"]  # (300, 2), (300,)
        ax.scatter(X[:, 0], X[:, 1], c=[class_colors()[c] for c in y], s=8)
        ends = np.array([-1.5, 1.5])
        for w, b in zip(arrays["weights1"].T, arrays["biases1"][0], strict=True):
            if abs(w[1]) > abs(w[0]):  # the line w[0] x1 + w[1] x2 + b = 0
                ax.plot(ends, -(w[0] * ends + b) / w[1], color=rcParams["text.color"],
                        linewidth=0.8)
            else:
                ax.plot(-(w[1] * ends + b) / w[0], ends, color=rcParams["text.color"],
                        linewidth=0.8)
        n_hidden = arrays["weights1"].shape[1]
        accuracy = result.metrics["final_accuracy"]
        ax.set(xlim=(-1.1, 1.1), ylim=(-1.1, 1.1), aspect="equal", xticks=[],
               yticks=[], title=f"{n_hidden} hidden neurons: {accuracy:.1%}")
    return fig


# docs/08-visualizing.md:261
@picture("journey")
def journey_picture():
    """The seed run's decision boundary beside the best network so far."""
    from nnfs_lit.experiments import run_experiment
    from nnfs_lit.plots import plot_decision_boundary
    from nnfs_lit.train import SpiralNetwork

    fig = Figure(figsize=(7.2, 4.0), layout="constrained")
    panels = [("seed", "The seed run"), ("wide", "Best so far")]
    for ax, (name, label) in zip(fig.subplots(1, 2), panels, strict=True):
        result = run_experiment(name)
        arrays = result.arrays()
        n_hidden = arrays["weights1"].shape[1]
        network = SpiralNetwork(2, n_hidden, 3, rng=np.random.default_rng(0))
        for layer, n in [(network.dense1, 1), (network.dense2, 2)]:
            layer.weights = arrays[f"weights{n}"]  # the trained ones
            layer.biases = arrays[f"biases{n}"]
        plot_decision_boundary(ax, network.predict_proba, arrays["X"], arrays["y"],
                               resolution=200)
        accuracy = result.metrics["final_accuracy"]
        ax.set(title=f"{label}: {accuracy:.1%}", xticks=[], yticks=[], xlabel="",
               ylabel="")
    return fig


# docs/09-model.md:396
def activation_sizes(init, n_layers=10, width=64, seed=0):
    """The RMS activation after each ReLU of a deep stack, at its first forward."""
    from nnfs_lit.activations import ReLU
    from nnfs_lit.initializers import dense_stack

    rng = np.random.default_rng(seed)
    X, _ = spiral_data(rng=rng)
    layers = dense_stack([2] + [width] * n_layers + [3], rng=rng, init=init)
    sizes, signal = [], X
    for layer in layers:
        signal = layer.forward(signal)
        if isinstance(layer, ReLU):
            sizes.append(float(np.sqrt(np.mean(signal ** 2))))
    return sizes


@picture("init_scales")
def init_scales_picture():
    """How the starting scale of the weights grows or shrinks a deep signal."""
    fig = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = fig.subplots()
    names = {"seed": "seed, 0.01", "glorot": "Glorot", "he": "He"}
    for (init, label), color in zip(names.items(), class_colors(), strict=False):
        sizes = activation_sizes(init)
        layers = np.arange(1, len(sizes) + 1)
        ax.plot(layers, sizes, marker="o", color=color)
        ax.annotate(label, xy=(layers[-1], sizes[-1]), xytext=(6, 0),
                    textcoords="offset points", va="center", color=color)
    ax.set(yscale="log", xlabel="layer", ylabel="RMS activation",
           xticks=np.arange(1, 11), xlim=(0.5, 12))
    ax.grid(alpha=0.3)
    return fig


# docs/10-optimizers.md:392
RACE_EPOCHS = 2000


def race_optimizers():
    """The five optimizers of the race, by label, with the NNFS book's rates."""
    from nnfs_lit.optimizers import SGD, AdaGrad, Adam, RMSProp

    return {
        "SGD": SGD(learning_rate=1.0),
        "SGD, momentum 0.9": SGD(learning_rate=1.0, momentum=0.9),
        "AdaGrad": AdaGrad(learning_rate=1.0),
        "RMSProp": RMSProp(learning_rate=0.02),
        "Adam": Adam(learning_rate=0.05),
    }


def optimizer_race(epochs=RACE_EPOCHS, seed=0):
    """The History of a 2-64-3 network trained by each optimizer, by label."""
    from nnfs_lit.initializers import dense_stack
    from nnfs_lit.losses import SoftmaxCrossEntropy
    from nnfs_lit.model import Model

    histories = {}
    for label, optimizer in race_optimizers().items():
        rng = np.random.default_rng(seed)  # the same data and first weights
        X, y = spiral_data(rng=rng)
        model = Model(*dense_stack([2, 64, 3], rng=rng, init="he"),
                      loss=SoftmaxCrossEntropy(), optimizer=optimizer)
        histories[label] = model.fit(X, y, epochs=epochs)
    return histories


@picture("optimizers")
def optimizers_picture():
    """Five optimizers' loss curves for one network from one start."""
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    ax = fig.subplots()
    histories = optimizer_race()
    ends = {label: np.log10(h.loss[-1]) for label, h in histories.items()}
    label_at, previous = {}, -np.inf  # labels at least 0.12 decades apart
    for label in sorted(ends, key=ends.get):
        label_at[label] = previous = max(ends[label], previous + 0.12)
    for (label, history), color in zip(histories.items(), class_colors(),
                                       strict=False):
        ax.plot(history.loss, color=color, linewidth=1.3)
        ax.annotate(label, xy=(RACE_EPOCHS * 1.02, 10 ** label_at[label]),
                    va="center", color=color)
    ax.set(yscale="log", xlabel="epoch", ylabel="categorical cross-entropy",
           xlim=(0, RACE_EPOCHS * 1.3), xticks=np.arange(0, RACE_EPOCHS + 1, 500))
    ax.grid(alpha=0.3, which="both")
    return fig


# docs/15-saving.md:82
def saved_model_contents(seed=0):
    """A small trained model saved to a temporary file, read back: the archive's
    (member, size in bytes) list, the file's size and its arrays by name."""
    import tempfile
    import zipfile
    from pathlib import Path

    from nnfs_lit.initializers import dense_stack
    from nnfs_lit.losses import SoftmaxCrossEntropy
    from nnfs_lit.model import Model
    from nnfs_lit.optimizers import Adam
    from nnfs_lit.saving import save_model

    rng = np.random.default_rng(seed)
    X, y = spiral_data(rng=rng)
    model = Model(*dense_stack([2, 16, 3], rng=rng), loss=SoftmaxCrossEntropy(),
                  optimizer=Adam(learning_rate=0.05))
    model.fit(X, y, epochs=300)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "spiral.npz"
        save_model(model, path)
        with zipfile.ZipFile(path) as archive:
            members = [(info.filename, info.file_size)
                       for info in archive.infolist()]
        with np.load(path, allow_pickle=False) as saved:
            arrays = dict(saved)
        return members, path.stat().st_size, arrays


@picture("saved-model")
def saved_model_picture():
    """What a saved model file holds: named arrays, and JSON text."""
    import textwrap

    from matplotlib import rcParams

    members, size, arrays = saved_model_contents()
    fig = Figure(figsize=(7.6, 4.6), layout="constrained")
    grid = fig.add_gridspec(4, 2, width_ratios=[1.3, 1], height_ratios=[2, 1, 6, 1])
    listing = fig.add_subplot(grid[:, 0])
    listing.axis("off")
    lines = [f"spiral.npz: a zip archive of {size} bytes", ""]
    for name, n_bytes in members:
        array = arrays[name.removesuffix(".npy")]
        lines.append(f"{name:19s}{str(array.dtype):8s}"
                     f"{str(array.shape):8s}{n_bytes:5d} B")
    lines += ["", f"format_version: {int(arrays['format_version'])}", "",
              "architecture:",
              *textwrap.wrap(str(arrays["architecture"]), 46), "",
              "the parameters, one cell per number:", "blue < 0 < red"]
    listing.text(0, 1, "\n".join(lines), va="top", family="monospace",
                 fontsize=8, color=rcParams["text.color"],
                 transform=listing.transAxes)
    parameters = [name for name in arrays if name.startswith("layer")]
    largest = max(np.abs(arrays[name]).max() for name in parameters)
    for row, name in enumerate(parameters):
        ax = fig.add_subplot(grid[row, 1])
        ax.imshow(arrays[name], cmap="coolwarm", vmin=-largest, vmax=largest,
                  aspect="auto", interpolation="nearest")
        ax.set_title(f"{name} {arrays[name].shape}", fontsize=9,
                     family="monospace")
        ax.set(xticks=[], yticks=[])
    return fig
