# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/01-spiral-data.md, "1. The spiral dataset", block 1
"""The pictures that build the book's intuition, each drawn by the book's build."""

import functools

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


# docs/01-spiral-data.md, "1. The spiral dataset", block 2
@picture("straight-lines")
def straight_lines_picture():
    """The best linear classifier of the spiral: its regions, its accuracy."""
    from nnfs_lit.layers import Dense
    from nnfs_lit.losses import SoftmaxCrossEntropy
    from nnfs_lit.model import Model
    from nnfs_lit.optimizers import Adam
    from nnfs_lit.plots import plot_decision_boundary

    X, y = spiral_data(samples_per_class=100, n_classes=3,
                       rng=np.random.default_rng(0))
    linear = Model(Dense(2, 3, rng=np.random.default_rng(1)),  # scores = X W + b
                   loss=SoftmaxCrossEntropy(), optimizer=Adam(0.05))
    history = linear.fit(X, y, epochs=1000)
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.subplots()
    plot_decision_boundary(ax, linear.predict_proba, X, y)
    ax.set(title=f"Straight lines: {history.accuracy[-1]:.0%} of the points right",
           xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    return fig


# docs/02-dense-layer.md, "A batch of samples"
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


# docs/03-activations.md, "Why subtract the maximum", block 2
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


# docs/04-loss-accuracy.md, "Why clip"
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


# docs/05-backprop-layers.md, "One neuron, by hand"
def neuron_by_hand():
    """Chapter 5's neuron, x = (1, -2), w = (0.5, -0.25), b = 0.5, target 0.5,
    after one forward and one backward pass: its Dense, its ReLU and dL/da."""
    from nnfs_lit.activations import ReLU
    from nnfs_lit.layers import Dense

    neuron = Dense(2, 1, rng=np.random.default_rng(0))
    neuron.weights = np.array([[0.5], [-0.25]])  # w1, w2: (2, 1)
    neuron.biases = np.array([[0.5]])  # b: (1, 1)
    relu, target = ReLU(), 0.5
    a = relu.forward(neuron.forward(np.array([[1.0, -2.0]])))  # (1, 1)
    dL_da = 2 * (a - target)  # the squared error's slope, (1, 1)
    neuron.backward(relu.backward(dL_da))
    return neuron, relu, target, dL_da


@picture("neuron-circuit")
def neuron_circuit_picture():
    """One neuron as a circuit: values above the wires, gradients below."""
    from matplotlib import rcParams
    from matplotlib.patches import Circle, FancyBboxPatch

    neuron, relu, target, dL_da = neuron_by_hand()
    (x1, x2), (w1, w2) = neuron.inputs[0], neuron.weights[:, 0]
    b, z, a = neuron.biases[0, 0], neuron.output[0, 0], relu.output[0, 0]
    dz = relu.dinputs[0, 0]  # what the sum hands to each of its terms
    (dx1, dx2), (dw1, dw2) = neuron.dinputs[0], neuron.dweights[:, 0]
    value, gradient = class_colors()[0], class_colors()[3]
    ink = rcParams["text.color"]
    fig = Figure(figsize=(7.6, 3.8), layout="constrained")
    ax = fig.subplots()
    ax.set(xlim=(-0.1, 13.9), ylim=(0.9, 7.2), aspect="equal")
    ax.axis("off")
    times1, times2, plus = (3.6, 5.6), (3.6, 2.8), (6.4, 4.2)  # the round nodes
    relu_box, loss_box = (9.0, 4.2, 0.6), (11.7, 4.2, 0.85)  # centre, half width
    for centre, symbol in [(times1, "×"), (times2, "×"), (plus, "+")]:
        ax.add_patch(Circle(centre, 0.42, facecolor="none", edgecolor=ink))
        ax.text(*centre, symbol, ha="center", va="center", fontsize=14)
    for x, y, half, label in [(*relu_box, "ReLU"), (*loss_box, "$(a - t)^2$")]:
        ax.add_patch(FancyBboxPatch((x - half, y - 0.35), 2 * half, 0.7,
                                    boxstyle="round,pad=0.05", facecolor="none",
                                    edgecolor=ink))
        ax.text(x, y, label, ha="center", va="center", fontsize=11)

    def rim(centre, other):
        """The point of a round node's rim that faces `other`."""
        direction = np.subtract(other, centre)
        return tuple(centre + 0.42 * direction / np.hypot(*direction))

    def wire(start, end, name, forward, backward, at=0.5):
        """An arrow, its value written above it and its gradient below, at `at`
        of its length, both along the wire."""
        ax.annotate("", xy=end, xytext=start,
                    arrowprops={"arrowstyle": "->", "color": ink,
                                "shrinkA": 0, "shrinkB": 0})
        (x0, y0), (x1_, y1_) = start, end
        length = np.hypot(x1_ - x0, y1_ - y0)
        normal = np.array([y0 - y1_, x1_ - x0]) / length  # up, across the wire
        here = np.array([x0 + at * (x1_ - x0), y0 + at * (y1_ - y0)])
        angle = np.degrees(np.arctan2(y1_ - y0, x1_ - x0))
        shown = f"{name} = {forward:g}" if name else f"{forward:g}"
        for offset, text, color in [(0.24, shown, value), (-0.24, backward, gradient)]:
            if text is not None:  # the target is given, not learned: no gradient
                ax.text(*(here + offset * normal), text if isinstance(text, str)
                        else f"{text:g}", ha="center", va="center",
                        rotation=angle, rotation_mode="anchor", fontsize=10,
                        color=color)

    wire((0.0, 6.6), rim(times1, (0.0, 6.6)), "$x_1$", x1, dx1, at=0.4)
    wire((0.0, 4.7), rim(times1, (0.0, 4.7)), "$w_1$", w1, dw1, at=0.4)
    wire((0.0, 3.6), rim(times2, (0.0, 3.6)), "$x_2$", x2, dx2, at=0.4)
    wire((0.0, 1.8), rim(times2, (0.0, 1.8)), "$w_2$", w2, dw2, at=0.4)
    wire((6.4, 1.8), rim(plus, (6.4, 1.8)), "$b$", b, neuron.dbiases[0, 0])
    wire(rim(times1, plus), rim(plus, times1), "", x1 * w1, dz)
    wire(rim(times2, plus), rim(plus, times2), "", x2 * w2, dz)
    wire(rim(plus, (9, 4.2)), (relu_box[0] - relu_box[2] - 0.05, 4.2), "$z$", z, dz)
    wire((relu_box[0] + relu_box[2] + 0.05, 4.2),
         (loss_box[0] - loss_box[2] - 0.05, 4.2), "$a$", a, dL_da[0, 0])
    wire((loss_box[0] + loss_box[2] + 0.05, 4.2), (13.8, 4.2), "$L$",
         (a - target) ** 2, 1.0)
    wire((loss_box[0], 2.2), (loss_box[0], 3.8), "$t$", target, None)
    ax.text(0.0, 1.0, "value above each wire (left of an upright one), "
            "dL/d(wire) below", fontsize=9, color=ink)
    return fig


# docs/05-backprop-layers.md, "The backward pass, layer by layer"
@picture("graph")
def graph_picture():
    """The seed network's computational graph, with the shapes of a real pass."""
    from matplotlib import rcParams
    from matplotlib.patches import FancyBboxPatch

    from nnfs_lit.training import SpiralNetwork

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


# docs/06-backprop-loss.md, "Check it"
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


# docs/07-training.md, "Why it stalls", block 2
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


# docs/08-visualizing.md, "The seed network, pictured"
@picture("journey")
def journey_picture():
    """The seed run's decision boundary beside the best network so far."""
    from nnfs_lit.experiments import run_experiment
    from nnfs_lit.plots import plot_decision_boundary
    from nnfs_lit.training import SpiralNetwork

    fig = Figure(figsize=(7.2, 4.0), layout="constrained")
    panels = [("seed", "The seed run"), ("wide", "Part I's best, 64 neurons")]
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


# docs/09-model.md, "A starting scale for the weights", block 2
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


# docs/10-optimizers.md, "Five optimizers, one network", block 1
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


def race_run(label, seed=0, epochs=RACE_EPOCHS, engine=None):
    """The History of the race's 2-64-3 network trained by optimizer `label`."""
    from nnfs_lit.initializers import dense_stack
    from nnfs_lit.losses import SoftmaxCrossEntropy
    from nnfs_lit.model import Model

    rng = np.random.default_rng(seed)  # the same data and first weights for all
    X, y = spiral_data(rng=rng)
    model = Model(*dense_stack([2, 64, 3], rng=rng, init="he"),
                  loss=SoftmaxCrossEntropy(), optimizer=race_optimizers()[label])
    return model.fit(X, y, epochs=epochs, engine=engine)


@functools.cache  # the build draws each picture twice: light, then dark
def optimizer_race(epochs=RACE_EPOCHS, seed=0, engine=None):
    """The History of each optimizer's run, by label."""
    return {label: race_run(label, seed, epochs, engine)
            for label in race_optimizers()}


@picture("optimizers")
def optimizers_picture(engine=None):
    """Five optimizers' loss curves for one network from one start."""
    fig = Figure(figsize=(7.2, 4.0), layout="constrained")
    ax = fig.subplots()
    histories = optimizer_race(engine=engine)
    ends = {label: np.log10(h.loss[-1]) for label, h in histories.items()}
    label_at, previous = {}, -np.inf  # labels at least 0.2 decades apart
    for label in sorted(ends, key=ends.get):
        label_at[label] = previous = max(ends[label], previous + 0.2)
    for (label, history), color in zip(histories.items(), class_colors(),
                                       strict=False):
        ax.plot(history.loss, color=color, linewidth=1.3)
        ax.annotate(f"{label}\nloss {history.loss[-1]:.3f}, "
                    f"accuracy {history.accuracy[-1]:.1%}",
                    xy=(RACE_EPOCHS * 1.02, 10 ** label_at[label]),
                    va="center", color=color, fontsize=10, linespacing=1.1)
    ax.set(yscale="log", xlabel="epoch", ylabel="categorical cross-entropy",
           xlim=(0, RACE_EPOCHS * 1.5), xticks=np.arange(0, RACE_EPOCHS + 1, 500))
    ax.grid(alpha=0.3, which="both")
    return fig


# docs/10-optimizers.md, "Five optimizers, one network", block 2
def race_run_in(environment, label="SGD, momentum 0.9", seed=0):
    """The loss per epoch of race_run(label, seed), trained in a new Python
    process that runs in `environment`."""
    import json
    import subprocess
    import sys

    code = ("import json; from nnfs_lit.pictures import race_run; "
            f"print(json.dumps(race_run({label!r}, {seed}).loss.tolist()))")
    done = subprocess.run([sys.executable, "-c", code], env=environment,
                          capture_output=True, text=True, check=True)
    return np.array(json.loads(done.stdout))  # (epochs,): float64, exactly


@picture("kernels")
def kernels_picture():
    """Where one run's losses part under two sets of float kernels."""
    from nnfs_lit import floats

    pinned, _ = floats.environment()
    runs = {"the book's float environment": race_run_in(pinned)}
    other = floats.elsewhere()  # None where this machine has no other
    if other is not None:
        runs["another processor's kernels"] = race_run_in(other)
    fig = Figure(figsize=(7.2, 5.0), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True)
    for (label, loss), style in zip(runs.items(), ("-", "--"), strict=False):
        top.plot(loss, style, linewidth=1.3, label=label)
    top.set(yscale="log", ylabel="loss")
    top.legend(loc="upper right")
    bottom.set(yscale="log", ylim=(1e-17, 10), xlabel="epoch",
               ylabel="relative difference")
    if len(runs) == 2:
        first, second = runs.values()
        gap = np.abs(first - second) / first  # (epochs,)
        bottom.plot(np.maximum(gap, 1e-17), color="C3", linewidth=1)
        printed = np.round(first, 3) != np.round(second, 3)  # 3 decimals
        bottom.axhline(5e-4, color="gray", linestyle=":")
        bottom.annotate("the last printed digit", (0, 2e-3), va="bottom",
                        color="gray")
        if printed.any():
            parted = int(np.argmax(printed))
            for ax in (top, bottom):
                ax.axvline(parted, color="gray", linewidth=1)
            bottom.annotate(f" printed losses part at epoch {parted}",
                            (parted, 1e-9), color="gray")
    else:
        bottom.annotate("no second kernel on this machine", (0, 1e-9))
    bottom.grid(alpha=0.3)
    return fig


# docs/11-why-it-stalls.md, "The flat start", block 1
def seed_network(weight_scale, *, rng, learning_rate=1.0):
    """The seed's 2-3-3 network, weights weight_scale * N(0, 1), trained by SGD."""
    from nnfs_lit.activations import ReLU
    from nnfs_lit.layers import Dense
    from nnfs_lit.losses import SoftmaxCrossEntropy
    from nnfs_lit.model import Model
    from nnfs_lit.optimizers import SGD

    return Model(Dense(2, 3, rng=rng, weight_scale=weight_scale), ReLU(),
                 Dense(3, 3, rng=rng, weight_scale=weight_scale),
                 loss=SoftmaxCrossEntropy(), optimizer=SGD(learning_rate))


# docs/11-why-it-stalls.md, "The flat start", block 3
PLATEAU_SCALES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


@functools.cache  # the build draws each picture twice: light, then dark
def plateau_runs(learning_rate, scales, epochs, seeds=(1, 2, 3)):
    """{(scale, seed): loss history} of the seed's network from each start."""
    X, y = spiral_data(rng=np.random.RandomState(0))  # the seed's points
    runs = {}
    for scale in scales:
        for seed in seeds:
            model = seed_network(scale, rng=np.random.default_rng(seed),
                                 learning_rate=learning_rate)
            runs[scale, seed] = model.fit(X, y, epochs=epochs).loss  # (epochs,)
    return runs


@picture("plateau")
def plateau_picture():
    """The flat start: its loss curves, and its length against the scale."""
    from nnfs_lit.experiments import run_experiment
    from nnfs_lit.training import plateau_length

    fig = Figure(figsize=(7.2, 3.4), layout="constrained")
    curves, lengths = fig.subplots(1, 2)
    fast = plateau_runs(1.0, PLATEAU_SCALES, epochs=600)
    for scale, color in zip((0.001, 0.01, 0.1, 1.0), class_colors(),
                            strict=False):
        curves.plot(fast[scale, 1][:400], color=color, label=f"scale {scale}")
    curves.set(xlabel="epoch", ylabel="loss", title="learning rate 1")
    curves.legend(fontsize="small")
    slow = plateau_runs(0.1, (0.01, 0.1), epochs=2500)
    for (runs, rate), marker in zip([(fast, 1.0), (slow, 0.1)], "os", strict=True):
        points = [(scale, plateau_length(loss) * rate)
                  for (scale, _), loss in runs.items()
                  if plateau_length(loss) is not None]
        lengths.scatter(*zip(*points, strict=True), marker=marker, alpha=0.7,
                        label=f"learning rate {rate}")
    seed = run_experiment("seed")
    lengths.scatter([0.01], [seed.metrics["plateau_epochs"] * 0.01], marker="*",
                    s=200, label="the seed run, 0.01", zorder=3)
    lengths.set(xscale="log", xlabel="starting scale of the weights",
                ylabel="plateau (epochs) x learning rate")
    lengths.legend(fontsize="small")
    lengths.grid(alpha=0.3)
    return fig


# docs/11-why-it-stalls.md, "Too few neurons", block 1
WIDTHS = (1, 2, 3, 4, 8, 16, 32, 64, 128)
WIDTH_EPOCHS = 1000


@functools.cache  # the build draws each picture twice: light, then dark
def width_run(n_hidden, seed, epochs=WIDTH_EPOCHS, engine=None):
    """A 2-n_hidden-3 network with He's scale, trained by Adam on the seed's points.

    Returns the trained Model and its History.
    """
    from nnfs_lit.initializers import dense_stack
    from nnfs_lit.losses import SoftmaxCrossEntropy
    from nnfs_lit.model import Model
    from nnfs_lit.optimizers import Adam

    X, y = spiral_data(rng=np.random.RandomState(0))  # the seed's points
    model = Model(*dense_stack([2, n_hidden, 3], rng=np.random.default_rng(seed)),
                  loss=SoftmaxCrossEntropy(), optimizer=Adam(learning_rate=0.02))
    return model, model.fit(X, y, epochs=epochs, engine=engine)


# docs/11-why-it-stalls.md, "Too few neurons", block 2
@picture("widths")
def widths_picture(engine=None):
    """Training accuracy against hidden width, three seeds per width."""
    fig = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = fig.subplots()
    accuracies = np.array([[width_run(n, seed, engine=engine)[1].accuracy[-1]
                            for seed in range(3)]
                           for n in WIDTHS])  # (n_widths, 3 seeds)
    for seed in range(3):
        ax.scatter(WIDTHS, accuracies[:, seed], color=class_colors()[0], alpha=0.6)
    ax.plot(WIDTHS, np.median(accuracies, axis=1), color=class_colors()[0])
    ax.axhline(1 / 3, color=class_colors()[3], linestyle=":", label="guessing, 1/3")
    ax.set(xscale="log", xticks=WIDTHS, xticklabels=[str(n) for n in WIDTHS],
           xlabel="hidden neurons", ylabel="training accuracy", ylim=(0, 1))
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    return fig


# docs/11-why-it-stalls.md, "Too few neurons", block 3
def draw_folds(ax, dense, limit=1.5):
    """The line w1 x1 + w2 x2 + b = 0 of each neuron of a Dense layer."""
    from matplotlib import rcParams

    ends = np.array([-limit, limit])
    for w, b in zip(dense.weights.T, dense.biases[0], strict=True):
        if abs(w[1]) > abs(w[0]):  # solve for x2, or else for x1
            ax.plot(ends, -(w[0] * ends + b) / w[1], color=rcParams["text.color"],
                    linewidth=0.6, alpha=0.7)
        else:
            ax.plot(-(w[1] * ends + b) / w[0], ends, color=rcParams["text.color"],
                    linewidth=0.6, alpha=0.7)


@picture("folds_adam")
def folds_adam_picture():
    """Decision boundaries and fold lines of 3 and 64 neurons trained by Adam."""
    from nnfs_lit.plots import plot_decision_boundary

    X, y = spiral_data(rng=np.random.RandomState(0))
    fig = Figure(figsize=(7.2, 4.0), layout="constrained")
    for ax, n_hidden in zip(fig.subplots(1, 2), (3, 64), strict=True):
        model, history = width_run(n_hidden, seed=0)
        plot_decision_boundary(ax, model.predict_proba, X, y, resolution=150)
        draw_folds(ax, model.trainable_layers[0])
        ax.set(xlim=(-1.1, 1.1), ylim=(-1.1, 1.1), xticks=[], yticks=[],
               xlabel="", ylabel="",
               title=f"{n_hidden} neurons: {history.accuracy[-1]:.1%}")
    return fig


# docs/13-regularization.md, "One network, three ways"
REGULARIZATION_EPOCHS = 1000
_regularization_runs = {}  # (epochs, engine) -> runs: both themes share one training


def regularized_layers(kind, rng):
    """The 2-64-64-3 He network of the comparison: plain, with L2, or dropout."""
    from nnfs_lit.activations import ReLU
    from nnfs_lit.initializers import dense_stack
    from nnfs_lit.layers import Dropout

    penalties = {"weight_regularizer_l2": 5e-4, "bias_regularizer_l2": 5e-4}
    layers = dense_stack([2, 64, 64, 3], rng=rng, init="he",
                         **(penalties if kind == "L2" else {}))
    if kind != "dropout":
        return layers
    with_dropout = []
    for layer in layers:
        with_dropout.append(layer)
        if isinstance(layer, ReLU):
            with_dropout.append(Dropout(0.1, rng=rng))
    return with_dropout


def regularization_data():
    """A training spiral and an independent validation spiral, 100 points a class."""
    X, y = spiral_data(100, 3, rng=np.random.default_rng(1))
    X_val, y_val = spiral_data(100, 3, rng=np.random.default_rng(2))
    return X, y, X_val, y_val


def regularization_runs(epochs=REGULARIZATION_EPOCHS, engine=None):
    """{kind: (model, history)} for no regularization, L2 and dropout, each trained
    from the same first weights by Adam on the training spiral."""
    from nnfs_lit.losses import SoftmaxCrossEntropy
    from nnfs_lit.model import Model
    from nnfs_lit.optimizers import Adam

    if (epochs, engine) not in _regularization_runs:
        X, y, X_val, y_val = regularization_data()
        runs = {}
        for kind in ("none", "L2", "dropout"):
            rng = np.random.default_rng(3)  # the same first weights for all three
            model = Model(*regularized_layers(kind, rng),
                          loss=SoftmaxCrossEntropy(),
                          optimizer=Adam(learning_rate=0.02))
            history = model.fit(X, y, epochs=epochs,
                                validation_data=(X_val, y_val), engine=engine)
            runs[kind] = (model, history)
        _regularization_runs[epochs, engine] = runs
    return _regularization_runs[epochs, engine]


@picture("regularization")
def regularization_picture(engine=None):
    """What each network learned, and its validation loss and accuracy per epoch."""
    from nnfs_lit.plots import plot_decision_boundary

    X, y, X_val, y_val = regularization_data()
    runs = regularization_runs(engine=engine)
    titles = {"none": "no regularization", "L2": "L2, 5e-4",
              "dropout": "dropout, 0.1"}
    fig = Figure(figsize=(7.2, 5.6), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1.1, 1])
    for ax, (kind, (model, _)) in zip(top.subplots(1, 3), runs.items(),
                                      strict=True):
        plot_decision_boundary(ax, model.predict_proba, X, y, resolution=150)
        train_accuracy = model.evaluate(X, y)[1]
        val_accuracy = model.evaluate(X_val, y_val)[1]
        ax.set_title(f"{titles[kind]}\ntrain {train_accuracy:.1%}, "
                     f"validation {val_accuracy:.1%}", fontsize=10)
        ax.set(xlabel=None, ylabel=None, xticks=[], yticks=[])
    loss_ax, accuracy_ax = bottom.subplots(1, 2)
    for (kind, (_, history)), color in zip(runs.items(), class_colors(),
                                           strict=False):
        loss_ax.plot(history.val_loss, color=color, label=titles[kind])
        accuracy_ax.plot(history.val_accuracy, color=color, label=titles[kind])
    loss_ax.set(xlabel="epoch", ylabel="validation loss", ylim=(0, None))
    accuracy_ax.set(xlabel="epoch", ylabel="validation accuracy",
                    ylim=(0.3, 1.0))
    accuracy_ax.legend(loc="lower right", fontsize=9)
    for ax in (loss_ax, accuracy_ax):
        ax.grid(alpha=0.3)
    return fig


# docs/14-outputs.md, "A yes/no network"
BINARY_EPOCHS = 1000


def binary_spiral_model(epochs=BINARY_EPOCHS, seed=0):
    """(model, X, y): a 2-64-1 sigmoid network trained by Adam on the two arms."""
    from nnfs_lit.activations import Sigmoid
    from nnfs_lit.data import binary_spiral_data
    from nnfs_lit.initializers import dense_stack
    from nnfs_lit.losses import BinaryCrossEntropy
    from nnfs_lit.metrics import BinaryAccuracy
    from nnfs_lit.model import Model
    from nnfs_lit.optimizers import Adam

    rng = np.random.default_rng(seed)
    X, y = binary_spiral_data(100, rng=rng)  # (200, 2), (200, 1)
    model = Model(*dense_stack([2, 64, 1], rng=rng), Sigmoid(),
                  loss=BinaryCrossEntropy(), optimizer=Adam(learning_rate=0.02),
                  accuracy=BinaryAccuracy())
    model.fit(X, y, epochs=epochs)
    return model, X, y


@picture("binary-spiral")
def binary_spiral_picture():
    """Where a sigmoid network says yes, and how sure it is, over the two arms."""
    from matplotlib.patches import Patch

    from nnfs_lit.plots import plot_decision_boundary

    model, X, y = binary_spiral_model()

    def no_and_yes(points):
        p = model.predict_proba(points)  # (n_points, 1): the probability of yes
        return np.hstack([1 - p, p])  # (n_points, 2), one column per class

    fig = Figure(figsize=(5, 5.4), layout="constrained")
    ax = fig.subplots()
    plot_decision_boundary(ax, no_and_yes, X, y.ravel())
    _, accuracy = model.evaluate(X, y)
    ax.set_title(f"Sigmoid output, training accuracy {accuracy:.1%}")
    answers = ["no (arm 0, $p < 0.5$)", "yes (arm 1, $p > 0.5$)"]
    fig.legend(handles=[Patch(color=color, label=answer) for color, answer
                        in zip(class_colors(), answers, strict=False)],
               loc="outside lower center", ncols=2)
    return fig


# docs/14-outputs.md, "A network that predicts a number"
REGRESSION_EPOCHS = 500
REGRESSION_BATCH = 50  # four steps an epoch, in an order shuffled by the seed


def sine_with_outliers(n_samples=200, seed=0):
    """(X, y, outliers): sine_data with noise 0.1, and every third point with
    0.55 < x < 0.75 raised by 1.5; `outliers` (n_samples,) marks those points."""
    from nnfs_lit.data import sine_data

    X, y = sine_data(n_samples, noise=0.1, rng=np.random.default_rng(seed))
    in_range = (X[:, 0] > 0.55) & (X[:, 0] < 0.75)  # (n_samples,)
    outliers = in_range & (np.arange(n_samples) % 3 == 0)  # (n_samples,)
    return X, y + 1.5 * outliers[:, None], outliers  # y (n_samples, 1)


def regression_fits(epochs=REGRESSION_EPOCHS, seed=1):
    """A 1-64-64-1 network trained by Adam with each loss, by label: its Model.
    Both start from the same weights and see the batches in the same order."""
    from nnfs_lit.activations import Linear
    from nnfs_lit.initializers import dense_stack
    from nnfs_lit.losses import MeanAbsoluteError, MeanSquaredError
    from nnfs_lit.metrics import RegressionAccuracy
    from nnfs_lit.model import Model
    from nnfs_lit.optimizers import Adam

    X, y, _ = sine_with_outliers()
    models = {}
    for label, loss in [("mean squared error", MeanSquaredError()),
                        ("mean absolute error", MeanAbsoluteError())]:
        rng = np.random.default_rng(seed)  # the same first weights for both
        models[label] = Model(*dense_stack([1, 64, 64, 1], rng=rng), Linear(),
                              loss=loss, optimizer=Adam(learning_rate=0.005),
                              accuracy=RegressionAccuracy())
        models[label].fit(X, y, epochs=epochs, batch_size=REGRESSION_BATCH,
                          rng=np.random.default_rng(seed + 1))
    return models


@picture("regression")
def regression_picture():
    """Two losses fit one noisy sine with a cluster of outliers."""
    X, y, outliers = sine_with_outliers()
    colors = class_colors()
    fig = Figure(figsize=(6.8, 3.8), layout="constrained")
    ax = fig.subplots()
    ax.scatter(X[~outliers, 0], y[~outliers, 0], s=10, color="grey", alpha=0.6,
               label="data: $\\sin(2\\pi x)$ + noise")
    ax.scatter(X[outliers, 0], y[outliers, 0], s=22, marker="x", color=colors[3],
               label="outliers")
    grid = np.linspace(0, 1, 400).reshape(-1, 1)  # (400, 1)
    ax.plot(grid, np.sin(2 * np.pi * grid), color="grey", linestyle="--",
            linewidth=1, label="the sine itself")
    for (label, model), color in zip(regression_fits().items(), colors,
                                     strict=False):
        ax.plot(grid, model.predict(grid), color=color, linewidth=2.2,
                label=f"fitted with the {label}")
    ax.set(xlabel="$x$", ylabel="$y$")
    ax.legend(loc="lower left", fontsize="small")
    ax.grid(alpha=0.3)
    return fig


# docs/15-saving.md, "What goes in the file"
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
    # one column, the text above the arrays: narrow enough that a phone shows the
    # text at a readable size
    fig = Figure(figsize=(5.0, 7.6), layout="constrained")
    grid = fig.add_gridspec(5, 1, height_ratios=[11, 2, 1, 6, 1])
    listing = fig.add_subplot(grid[0])
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
                 fontsize=10, color=rcParams["text.color"],
                 transform=listing.transAxes)
    parameters = [name for name in arrays if name.startswith("layer")]
    largest = max(np.abs(arrays[name]).max() for name in parameters)
    for row, name in enumerate(parameters):
        ax = fig.add_subplot(grid[row + 1])
        ax.imshow(arrays[name], cmap="coolwarm", vmin=-largest, vmax=largest,
                  aspect="auto", interpolation="nearest")
        ax.set_title(f"{name} {arrays[name].shape}", fontsize=10,
                     family="monospace")
        ax.set(xticks=[], yticks=[])
    return fig


# docs/16-solving-the-spiral.md, "The search", block 2
@picture("search")
def search_picture():
    """Each candidate's validation loss and accuracy, the chosen one highlighted."""
    from nnfs_lit.experiments import run_experiment
    from nnfs_lit.runs import CANDIDATES

    metrics = run_experiment("best").metrics
    names = [f"{len(c.hidden)} x 64, L2 {c.l2:g}" for c in CANDIDATES]
    chosen = [c.hidden == tuple(metrics["hidden"]) and c.l2 == metrics["l2"]
              for c in CANDIDATES]
    fig = Figure(figsize=(7.2, 3.6), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    for ax, score in zip(axes, ("loss", "accuracy"), strict=True):
        values = [metrics[f"search_{i}_{score}"] for i in range(len(CANDIDATES))]
        colors = ["C1" if pick else "C0" for pick in chosen]
        ax.barh(names, values, color=colors)
        for y, value in enumerate(values):
            ax.annotate(f" {value:.3f}", (value, y), va="center", fontsize=11)
        ax.set(xlabel=f"validation {score}", xlim=(0, max(values) * 1.25))
        ax.grid(alpha=0.3, axis="x")
    axes[0].invert_yaxis()  # the first candidate on top (the axes share it)
    return fig


# docs/16-solving-the-spiral.md, "The results", block 2
def draw_on_test_points(axes, panels, bayes_accuracy, with_accuracy=True):
    """On each of `axes`, one of `panels`: {title: an experiment's result, whose
    model it draws, or None for the Bayes classifier}. Each draws its decision
    boundary over 300 of the test points, and its accuracy on all of them in the
    title."""
    from nnfs_lit.data import spiral_posterior, spiral_sets
    from nnfs_lit.plots import plot_decision_boundary

    X_test, y_test = spiral_sets(seed=0).test  # every run's test set
    shown = np.random.default_rng(0).choice(len(X_test), 300, replace=False)
    for ax, (title, result) in zip(axes, panels.items(), strict=True):
        if result is None:
            predict_proba, accuracy = spiral_posterior, bayes_accuracy
        else:
            predict_proba = result.model().predict_proba
            accuracy = result.metrics["test_accuracy"]
        plot_decision_boundary(ax, predict_proba, X_test[shown], y_test[shown],
                               resolution=150)
        ax.set(xticks=[], yticks=[], xlabel="", ylabel="",
               title=f"{title}: {accuracy:.1%}" if with_accuracy else title)


@picture("contenders")
def contenders_picture():
    """The decision boundaries of (a), (b), (c) and the Bayes classifier."""
    from nnfs_lit.experiments import run_experiment

    best = run_experiment("best")
    fig = Figure(figsize=(7.2, 7.6), layout="constrained")
    draw_on_test_points(fig.subplots(2, 2).ravel(),
                        {"(a) the seed network": run_experiment("seed_recipe"),
                         "(b) the textbook recipe": run_experiment("textbook"),
                         "(c) chosen on validation": best,
                         "Bayes classifier": None},
                        best.metrics["bayes_test_accuracy"])
    return fig


# docs/16-solving-the-spiral.md, "The results", block 3
@picture("standing")
def standing_picture():
    """The front page's: the seed network, the chosen model and the Bayes limit."""
    from nnfs_lit.experiments import run_experiment

    best = run_experiment("best")
    fig = Figure(figsize=(7.2, 2.9), layout="constrained")
    draw_on_test_points(fig.subplots(1, 3),
                        {"The seed network": run_experiment("seed_recipe"),
                         "Chosen on validation": best,
                         "The limit (Bayes)": None},
                        best.metrics["bayes_test_accuracy"], with_accuracy=False)
    return fig


# docs/17-making-it-fast.md, "Against a textbook implementation and PyTorch", block 2
@picture("speed")
def speed_picture():
    """Per epoch, plain against fast; per change, its operations before and after."""
    from nnfs_lit.experiments import run_experiment

    metrics = run_experiment("speed").metrics
    fig = Figure(figsize=(7.2, 4.2), layout="constrained")
    epochs, changes = fig.subplots(1, 2)
    plain_color, fast_color = "#9e9e9e", class_colors()[0]
    workloads = {"seed net,\n300 points": "seed_300",
                 "2-64-3 Adam,\n300 points": "textbook_300",
                 "2-64-3 Adam,\n3000 points": "textbook_3000"}
    pairs = {"plain epoch,\nchecks off": ("plain_textbook_300_us",
                                           "unchecked_textbook_300_us"),
             "Adam step": ("adam_step_before_us", "adam_step_after_us"),
             "dense layer,\n300 points": ("dense_layer_before_us",
                                          "dense_layer_after_us"),
             "dense layer,\n3000 points": ("dense_layer_3000_before_us",
                                           "dense_layer_3000_after_us"),
             "row max": ("row_max_before_us", "row_max_after_us"),
             "ReLU": ("relu_before_us", "relu_after_us")}
    per_epoch = {label: (metrics[f"plain_{where}_us"], metrics[f"fast_{where}_us"])
                 for label, where in workloads.items()}
    per_change = {label: (metrics[before], metrics[after])
                  for label, (before, after) in pairs.items()}
    panels = [(epochs, per_epoch, "microseconds per epoch", ("plain", "fast"),
               "upper right"),
              (changes, per_change, "microseconds", ("before", "after"), "lower right")]
    for ax, bars, xlabel, names, corner in panels:
        rows = np.arange(len(bars))  # (n_bars,)
        for shift, name, color, which in ((-0.2, names[0], plain_color, 0),
                                          (0.2, names[1], fast_color, 1)):
            widths = [pair[which] for pair in bars.values()]
            ax.barh(rows + shift, widths, height=0.38, color=color, label=name)
            for row, (before, after) in zip(rows + shift, bars.values(), strict=True):
                width = (before, after)[which]
                text = f"{width:.0f}" if width >= 10 else f"{width:.1f}"
                if which == 1:  # the gain, since bar lengths on a log axis are not
                    text += f"  ({before / after:.1f}× faster)"
                ax.annotate(text, (width, row), xytext=(3, 0), fontsize=9,
                            textcoords="offset points", va="center")
        ax.set(yticks=rows, yticklabels=list(bars), xscale="log", xlabel=xlabel)
        ax.set_xlim(right=ax.get_xlim()[1] * 12)  # room for the numbers
        ax.invert_yaxis()
        ax.legend(loc=corner, fontsize=9)
    return fig


# docs/18-digits.md, "The data: 1797 small digits", block 3
@picture("digits")
def digits_picture():
    """Twelve examples of each digit, one row per class, as one image."""
    from matplotlib import rcParams
    from matplotlib.colors import LinearSegmentedColormap

    from nnfs_lit.digits import load_digits

    X, y = load_digits()
    size = 9  # an image's 8 pixels and a gap
    mosaic = np.full((10 * size - 1, 12 * size - 1), np.nan)  # gaps are NaN
    for digit in range(10):
        for column, row in enumerate(np.flatnonzero(y == digit)[:12]):
            top, left = digit * size, column * size
            mosaic[top:top + 8, left:left + 8] = X[row].reshape(8, 8)
    fig = Figure(figsize=(7.2, 6.2), layout="constrained")
    ax = fig.subplots()
    paper = ax.get_facecolor()
    ink = LinearSegmentedColormap.from_list("ink", [paper, rcParams["text.color"]])
    ink.set_bad(paper)  # the gaps between the images
    ax.imshow(mosaic, cmap=ink, vmin=0, vmax=16)
    ax.set(xticks=[], yticks=np.arange(10) * size + 3.5, yticklabels=range(10))
    ax.tick_params(left=False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return fig


# docs/19-autograd.md, "backward(): the whole sweep", block 3
def graph_places(order):
    """{id(value): (column, row)} for drawing a Value graph left to right."""
    column = {}
    for node in order:  # parents first, so their columns are known
        column[id(node)] = 1 + max((column[id(p)] for p in node.parents),
                                   default=-1)
    for node in order:  # a leaf moves right, next to the first value it feeds
        children = [column[id(c)] for c in order if any(p is node for p in c.parents)]
        if not node.parents and children:
            column[id(node)] = min(children) - 1
    row, leaves = {}, 0
    for node in order:
        if node.parents:
            row[id(node)] = sum(row[id(p)] for p in node.parents) / len(node.parents)
        else:
            row[id(node)], leaves = leaves, leaves + 1
    return {key: (column[key], row[key]) for key in column}


def draw_graph(ax, root, fontsize=8.5):
    """Draw root's graph on ax: a box per Value with its value and gradient, an
    arrow per wire, and the value's place in the topological order."""
    from matplotlib import rcParams
    from matplotlib.patches import FancyBboxPatch

    from nnfs_lit.autograd import topological_order

    order = topological_order(root)
    places = graph_places(order)
    ink, gradient = rcParams["text.color"], class_colors()[3]
    for node in order:
        x1, y1 = places[id(node)]
        for parent in node.parents:
            x0, y0 = places[id(parent)]
            ax.annotate("", xy=(x1 - 0.36, -y1), xytext=(x0 + 0.36, -y0),
                        arrowprops={"arrowstyle": "-|>", "color": ink,
                                    "linewidth": 0.8, "shrinkA": 0, "shrinkB": 0})
    for number, node in enumerate(order, start=1):
        x, y = places[id(node)]
        ax.add_patch(FancyBboxPatch((x - 0.36, -y - 0.36), 0.72, 0.72,
                                    boxstyle="round,pad=0.02", facecolor="none",
                                    edgecolor=ink, linewidth=1))
        name = node.label or node.op or "leaf"  # a number Python made a leaf of
        ax.text(x, -y + 0.2, name, ha="center", va="center", fontsize=fontsize,
                weight="bold")
        ax.text(x, -y, f"{node.data:g}", ha="center", va="center",
                fontsize=fontsize)
        ax.text(x, -y - 0.2, f"{node.grad:g}", ha="center", va="center",
                fontsize=fontsize, color=gradient)
        ax.text(x + 0.33, -y + 0.33, str(number), ha="right", va="top",
                fontsize=fontsize - 2.5, alpha=0.7)
    columns = [x for x, _ in places.values()]
    rows = [y for _, y in places.values()]
    ax.set(xlim=(min(columns) - 0.5, max(columns) + 0.5),
           ylim=(-max(rows) - 0.5, -min(rows) + 0.5), aspect="equal")
    ax.axis("off")


def neuron_graph():
    """Chapter 5's neuron as Values, after backward(): its loss L."""
    from nnfs_lit.autograd import Value

    x1, w1 = Value(1.0, label="x1"), Value(0.5, label="w1")
    x2, w2 = Value(-2.0, label="x2"), Value(-0.25, label="w2")
    b, t = Value(0.5, label="b"), Value(0.5, label="t")
    z = w1 * x1 + w2 * x2 + b
    z.label = "z"
    a = z.relu()
    a.label = "a"
    L = (a - t) ** 2
    L.label = "L"
    L.backward()
    return L


@picture("autograd-neuron")
def autograd_neuron_picture():
    """Chapter 5's neuron as the graph its Values recorded."""
    fig = Figure(figsize=(6.4, 4.0), layout="constrained")
    ax = fig.subplots()
    draw_graph(ax, neuron_graph())
    return fig


# docs/19-autograd.md, "Shared values: gradients add up"
@picture("autograd-diamond")
def autograd_diamond_picture():
    """A value used twice: the diamond x -> (u, v) -> y, after backward()."""
    from nnfs_lit.autograd import Value

    x = Value(3.0, label="x")
    u, v = x * 2, x + 1
    u.label, v.label = "u", "v"
    y = u * v
    y.label = "y"
    y.backward()
    fig = Figure(figsize=(5.2, 3.0), layout="constrained")
    draw_graph(fig.subplots(), y, fontsize=9)
    return fig


# docs/20-tensor-autograd.md, "Broadcasting, backwards", block 1
def draw_cells(ax, values, left, top, color, fade=1.0):
    """A 2-D array as a grid of boxes holding its numbers, top-left at (left, top):
    each box 1 wide and 0.6 high, tinted with `color`."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    for (i, j), value in np.ndenumerate(values):
        ax.add_patch(Rectangle((left + j, top - 0.6 * (i + 1)), 1, 0.6,
                               facecolor=to_rgba(color, 0.16 * fade),
                               edgecolor=to_rgba(color, fade), linewidth=1))
        ax.text(left + j + 0.5, top - 0.6 * i - 0.3, f"{value:g}", ha="center",
                va="center", fontsize=9.5, alpha=0.35 + 0.65 * fade)


@picture("broadcast-backward")
def broadcast_backward_picture():
    """A (1, 3) bias broadcast to (4, 3) forwards; its gradient summed back."""
    from matplotlib import rcParams

    from nnfs_lit.tensor import Tensor

    b = Tensor([[0.5, -1.0, 2.0]])  # (1, 3)
    XW = Tensor(np.zeros((4, 3)))  # stands for X W: (4, 3)
    G = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, 1.0],
                  [2.0, -1.0, 0.5], [-1.0, 3.0, 1.0]])  # dL/dZ: (4, 3)
    Z = XW + b  # b copied to every row
    (Z * G).sum().backward()  # a loss whose gradient with respect to Z is G
    ink = rcParams["text.color"]
    bias, gradient = class_colors()[0], class_colors()[3]
    arrow = {"arrowstyle": "-|>", "color": ink, "linewidth": 0.9}
    fig = Figure(figsize=(7.2, 3.5), layout="constrained")
    ax = fig.subplots()
    panels = {0.0: "forward: copy b to every row",
              4.6: "backward: sum every column"}
    for left, title in panels.items():
        ax.text(left + 1.5, 0.75, title, ha="center", fontsize=10, weight="bold")
    # forward: the bias, and its four copies added to X W
    draw_cells(ax, b.data, 0.0, 0.0, bias)
    ax.text(3.1, -0.3, "b  (1, 3)", va="center", fontsize=9.5)
    rows = np.broadcast_to(b.data, Z.shape)  # the copies NumPy never makes
    draw_cells(ax, rows[:1], 0.0, -1.5, bias)
    draw_cells(ax, rows[1:], 0.0, -2.1, bias, fade=0.55)
    ax.text(1.5, -4.15, "b broadcast to (4, 3), added to X W", ha="center",
            fontsize=9.5)
    # backward: G, and its columns' sums, the bias's gradient
    draw_cells(ax, b.grad, 4.6, 0.0, gradient)
    ax.text(7.7, -0.3, "b.grad  (1, 3)", va="center", fontsize=9.5)
    draw_cells(ax, Z.grad, 4.6, -1.5, gradient)
    ax.text(6.1, -4.15, "G = dL/dZ  (4, 3)", ha="center", fontsize=9.5)
    for j in range(3):
        ax.annotate("", xy=(j + 0.5, -1.45), xytext=(j + 0.5, -0.65),
                    arrowprops=arrow)
        ax.annotate("", xy=(4.6 + j + 0.5, -0.65), xytext=(4.6 + j + 0.5, -1.45),
                    arrowprops=arrow)
        ax.text(4.6 + j + 0.62, -1.05, "Σ", va="center", fontsize=10)
    ax.text(0.62 + 3 - 0.5, -1.05, "copy", va="center", fontsize=9)
    ax.set(xlim=(-0.1, 9.3), ylim=(-4.4, 1.05), aspect="equal")
    ax.axis("off")
    return fig


# docs/21-engine-vs-book.md, "The proof", block 2
def slipped(compute):
    """A backward pass that stores and returns dinputs = compute(self, dvalues)."""
    def backward(self, dvalues=None):
        self.dinputs = compute(self, dvalues)
        return self.dinputs
    return backward


def dense_without_transpose(self, dvalues):
    self.dweights = self.inputs.T @ dvalues
    self.dbiases = dvalues.sum(axis=0, keepdims=True)
    self.dinputs = dvalues @ self.weights  # should be self.weights.T
    return self.dinputs


def penalty_without_its_2(self):
    self.dweights += self.weight_regularizer_l1 * np.sign(self.weights)
    self.dweights += self.weight_regularizer_l2 * self.weights  # 2 * l2 * w
    self.dbiases += self.bias_regularizer_l1 * np.sign(self.biases)
    self.dbiases += self.bias_regularizer_l2 * self.biases


def slips():
    """{row of the proof: (class, method, a subtly wrong version of it)}."""
    from nnfs_lit import activations, layers, losses

    def n_out(s):
        return s.residuals.shape[1]  # divides by the outputs, not by all entries

    return {
        "Dense": (layers.Dense, "backward", dense_without_transpose),
        "Dense, L1 and L2 penalties": (layers.Dense, "regularization_backward",
                                       penalty_without_its_2),
        "ReLU": (activations.ReLU, "backward", slipped(lambda s, d: d.copy())),
        "Sigmoid": (activations.Sigmoid, "backward",
                    slipped(lambda s, d: d * s.output * (1 + s.output))),
        "Linear": (activations.Linear, "backward", slipped(lambda s, d: -d)),
        "Softmax": (activations.Softmax, "backward", slipped(
            lambda s, d: s.output * (d - (d * s.output).sum(axis=0)))),
        "Dropout": (layers.Dropout, "backward",
                    slipped(lambda s, d: d * (s.mask > 0))),
        "CategoricalCrossEntropy": (losses.CategoricalCrossEntropy, "backward",
                                    slipped(lambda s, d: -np.eye(
                                        s.clipped.shape[1])[s.labels] / s.clipped)),
        "SoftmaxCrossEntropy": (losses.SoftmaxCrossEntropy, "backward", slipped(
            lambda s, d: s.output - np.eye(s.output.shape[1])[s.labels])),
        "BinaryCrossEntropy": (losses.BinaryCrossEntropy, "backward", slipped(
            lambda s, d: -(s.targets / s.clipped - (1 - s.targets)
                           / (1 - s.clipped)) / len(s.clipped))),
        "MeanSquaredError": (losses.MeanSquaredError, "backward", slipped(
            lambda s, d: s.residuals / s.residuals.size)),
        "MeanAbsoluteError": (losses.MeanAbsoluteError, "backward", slipped(
            lambda s, d: np.sign(s.residuals) / n_out(s))),
    }


@functools.cache  # drawn twice, light and dark, from one computation
def proof_over_seeds(seeds=tuple(range(20))):
    """engine_vs_book for each seed, and each row's difference with its slip."""
    from unittest import mock

    from nnfs_lit.engine_layers import engine_vs_book

    runs = [engine_vs_book(np.random.default_rng(seed)) for seed in seeds]
    slipped_runs = {}
    for name, (cls, method, wrong) in slips().items():
        with mock.patch.object(cls, method, wrong):
            slipped_runs[name] = [engine_vs_book(np.random.default_rng(seed))[name]
                                  for seed in seeds]
    return runs, slipped_runs


@picture("engine-vs-book")
def engine_vs_book_picture():
    """engine_vs_book over twenty seeds, and with a slip in each row."""
    runs, slipped_runs = proof_over_seeds()
    seeds, names = range(len(runs)), list(runs[0])
    exact = 1e-18  # where a difference of zero is drawn
    fig = Figure(figsize=(7.2, 4.8), layout="constrained")
    ax = fig.subplots()
    ax.axvline(1e-12, color=class_colors()[2], linewidth=1.5,
               label="the bar: $10^{-12}$")
    jitter = np.random.default_rng(0).uniform(-0.2, 0.2, len(seeds))
    for row, name in enumerate(names):
        found = np.array([max(run[name], exact) for run in runs])
        ax.scatter(found, row + jitter, s=14, color=class_colors()[0], zorder=3,
                   label="the book's backward" if row == 0 else None)
        ax.scatter(slipped_runs[name], row + jitter, s=18, marker="x",
                   color=class_colors()[3], zorder=3,
                   label="with a slip in it" if row == 0 else None)
    ax.set_xscale("log")
    ax.set(xlim=(exact / 3, 1e3), ylim=(len(names) - 0.5, -0.5),
           yticks=range(len(names)), yticklabels=names,
           xlabel="largest |engine - hand-written backward|, 20 seeds each")
    ax.set_xticks([exact, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3, 1],
                  ["exact", "$10^{-15}$", "$10^{-12}$", "$10^{-9}$", "$10^{-6}$",
                   "$10^{-3}$", "1"])
    ax.legend(loc="center", bbox_to_anchor=(0.51, 0.5), fontsize=10)
    ax.grid(alpha=0.3, axis="x")
    return fig


# docs/21-engine-vs-book.md, "Training through the engine", block 2
@functools.cache  # drawn twice, light and dark, from one training
def losses_both_ways(config, epochs=100):
    """config's training losses per epoch, by Model.fit and through the engine,
    from the same first weights and generator."""
    from nnfs_lit.data import spiral_sets
    from nnfs_lit.engine_layers import AutogradNetwork
    from nnfs_lit.runs import build_model

    sets = spiral_sets(seed=config.data_seed)
    losses = []
    for engine in (None, AutogradNetwork):
        rng = np.random.default_rng(config.seed)
        model = build_model(config, rng)
        losses.append(model.fit(*sets.train, epochs=epochs, rng=rng,
                                engine=engine).loss)
    return tuple(losses)


@picture("engine-spiral")
def engine_spiral_picture():
    """The configuration chapter 16's search chose, trained both ways."""
    from nnfs_lit.experiments import run_experiment
    from nnfs_lit.runs import CANDIDATES

    metrics = run_experiment("best").metrics
    chosen = next(c for c in CANDIDATES if c.hidden == tuple(metrics["hidden"])
                  and c.l2 == metrics["l2"])
    book, engine = losses_both_ways(chosen)
    epochs = np.arange(len(book))
    fig = Figure(figsize=(7.2, 4.8), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    top.plot(epochs, book, linewidth=4, alpha=0.5, label="Model.fit")
    top.plot(epochs, engine, linewidth=1.5, label="through the engine")
    top.set(ylabel="training loss")
    top.legend()
    exact = 1e-18  # where a difference of zero is drawn
    bottom.semilogy(epochs, np.maximum(np.abs(book - engine), exact), ".",
                    color=class_colors()[0], markersize=4)
    bottom.axhline(1e-9, color=class_colors()[3], linewidth=1.5)
    bottom.annotate("the bar: $10^{-9}$", (epochs[-1], 1e-9), ha="right",
                    va="bottom", fontsize=10)
    bottom.set(xlabel="epoch", ylabel="|difference|", ylim=(exact / 3, 1e-6))
    bottom.set_yticks([exact, 1e-15, 1e-12, 1e-9],
                      ["exact", "$10^{-15}$", "$10^{-12}$", "$10^{-9}$"])
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    return fig


# docs/22-convolutions.md, "The backward pass, derived", block 1
def window_counts(size=6, kernel=3):
    """How many kernel x kernel windows read each pixel of a size x size image:
    Conv2D's input gradient for a filter of ones and an output gradient of ones."""
    from nnfs_lit.conv import Conv2D

    layer = Conv2D(1, 1, kernel, rng=np.random.default_rng(0))
    layer.weights[:] = 1.0
    out = layer.forward(np.zeros((1, 1, size, size)))
    return layer.backward(np.ones_like(out))[0, 0]  # (size, size)


def draw_grid(ax, size, title):
    """An empty size x size grid of pixels on `ax`, row 0 at the top."""
    ax.set(xlim=(-0.1, size + 0.1), ylim=(size + 0.1, -0.1), aspect="equal",
           title=title)
    ax.set_xticks(range(size + 1), [])
    ax.set_yticks(range(size + 1), [])
    ax.tick_params(length=0)
    ax.grid(alpha=0.5)
    ax.set_axisbelow(True)


@picture("conv-backward")
def conv_backward_picture():
    """Windows and outputs, how many windows read each pixel, and col2im's +=."""
    from matplotlib.patches import Rectangle

    size, kernel = 6, 3
    out = size - kernel + 1
    colors = class_colors()
    fig = Figure(figsize=(10.5, 3.9), layout="constrained")
    forward, counts, scatter = fig.subplots(1, 3)
    forward.set(xlim=(-0.1, size + out + 1.1), ylim=(size + 1.2, -0.1),
                aspect="equal", title="forward: a window per output")
    forward.axis("off")
    for left, top, cells, label in ((0, 0, size, "input 6x6"),
                                    (size + 1, 1, out, "output 4x4")):
        for row, col in np.ndindex(cells, cells):
            forward.add_patch(Rectangle((left + col, top + row), 1, 1, fill=False,
                                        edgecolor="grey", linewidth=0.8))
        forward.text(left + cells / 2, top + cells + 0.3, label, ha="center",
                     va="top")
    for (top, left), color in (((0, 0), colors[0]), ((3, 3), colors[1])):
        forward.add_patch(Rectangle((left, top), kernel, kernel, fill=False,
                                    edgecolor=color, linewidth=3))
        cell = (size + 1 + left, 1 + top)  # the output this window makes
        forward.add_patch(Rectangle(cell, 1, 1, color=color))
        forward.annotate("", (cell[0], cell[1] + 0.5),
                         (left + kernel, top + kernel / 2),
                         arrowprops=dict(arrowstyle="->", color=color, linewidth=1.5))
    draw_grid(counts, size, "windows that read each pixel")
    n_windows = window_counts(size, kernel)
    counts.imshow(n_windows, extent=(0, size, size, 0), cmap="Blues", vmin=0,
                  vmax=1.6 * n_windows.max(), alpha=0.9)
    for (row, col), count in np.ndenumerate(n_windows):
        counts.text(col + 0.5, row + 0.5, f"{count:.0f}", ha="center",
                    va="center", fontsize=12, color="black")  # on pale blue
    draw_grid(scatter, size, "backward: one += per (k, l)")
    for (k, m), color in (((0, 0), colors[0]), ((2, 1), colors[1])):
        scatter.add_patch(Rectangle((m, k), out, out, color=color, alpha=0.35))
        scatter.add_patch(Rectangle((m, k), out, out, fill=False, edgecolor=color,
                                    linewidth=2.5))
        scatter.text(m + 0.15, k + 0.3, f"(k, l) = ({k}, {m})", color=color,
                     fontsize=10, va="center", fontweight="bold")
    return fig


# docs/23-mnist.md, "The data: a sample of MNIST", block 2
@picture("mnist")
def mnist_picture():
    """The first twelve training digits of each class of the MNIST sample."""
    from nnfs_lit.mnist import mnist_sets
    from nnfs_lit.plots import plot_digits

    X, y = mnist_sets(seed=0).train
    fig = Figure(figsize=(7.2, 6.4), layout="constrained")
    axes = fig.subplots(10, 12)
    for digit in range(10):
        rows = np.flatnonzero(y == digit)[:12]
        plot_digits(axes[digit], X[rows], full_ink=1)
    return fig


# docs/24-mnist1d.md, "The data: MNIST-1D", block 2
@picture("mnist1d-templates")
def mnist1d_templates_picture():
    """The ten templates of MNIST-1D, one small line plot each."""
    from nnfs_lit.mnist1d import templates

    fig = Figure(figsize=(7.2, 2.6), layout="constrained")
    axes = fig.subplots(2, 5, sharex=True, sharey=True)
    for digit, (ax, template) in enumerate(zip(axes.flat, templates(),
                                               strict=True)):
        ax.axhline(0, color="0.6", linewidth=0.8)
        ax.plot(template, marker="o", markersize=3, color=class_colors()[0])
        ax.set(title=f"digit {digit}", xticks=[], yticks=[])
    return fig


# docs/24-mnist1d.md, "Try it"
@picture("mnist1d-examples")
def mnist1d_examples_picture():
    """The first four training signals of each digit of MNIST-1D."""
    from nnfs_lit.mnist1d import mnist1d_data

    (X, y), _ = mnist1d_data()
    fig = Figure(figsize=(7.2, 3.6), layout="constrained")
    axes = fig.subplots(4, 10, sharex=True, sharey=True)
    color = class_colors()[0]  # one colour: each column is one digit, titled
    for digit in range(10):
        rows = np.flatnonzero(y == digit)[:4]
        for ax, signal in zip(axes[:, digit], X[rows], strict=True):
            ax.plot(signal, linewidth=1, color=color)
            ax.set(xticks=[], yticks=[])
        axes[0, digit].set_title(f"{digit}")
    return fig


# docs/24-mnist1d.md, "A signal that moves"
MOVES = (0, 10, 20)  # not 8 or 16: the 3's two humps are 8 places apart


def moved_signals(shifts=MOVES, start=2):
    """The digit 3's template, resampled to 16 points, on a flat line of 40,
    starting at `start` + each of `shifts`: (len(shifts), 40)."""
    from nnfs_lit.mnist1d import LENGTH, resample, templates

    hump = resample(templates()[3], 16)  # (16,)
    signals = np.zeros((len(shifts), LENGTH))
    for row, shift in enumerate(shifts):
        signals[row, start + shift:start + shift + 16] = hump
    return signals


@picture("mnist1d-shifted")
def mnist1d_shifted_picture():
    """A moved signal through a dense layer and through a convolution."""
    from nnfs_lit.conv import Conv1D
    from nnfs_lit.layers import Dense

    signals = moved_signals()  # (3, 40)
    rng = np.random.default_rng(1)
    dense = Dense(40, 16, rng=rng, weight_scale=0.5)
    conv = Conv1D(1, 1, 5, padding=2, rng=rng)
    outputs = dense.forward(signals)  # (3, 16)
    maps = conv.forward(signals[:, None, :])[:, 0]  # (3, 40)
    fig = Figure(figsize=(7.2, 4.0), layout="constrained")
    axes = fig.subplots(3, 3, sharex="col", sharey="col")
    color, other = class_colors()[0], class_colors()[1]
    for row, shift in enumerate(MOVES):
        left, middle, right = axes[row]
        left.plot(signals[row], color=color)
        left.set_ylabel(f"moved {shift}")
        middle.bar(np.arange(16), outputs[row], color=other)
        right.plot(maps[row], color=color)
        for ax in axes[row]:
            ax.axhline(0, color="0.6", linewidth=0.8)
            ax.set(yticks=[])
    for ax, title in zip(axes[0], ("the signal", "a dense layer's 16 outputs",
                                   "a convolution's feature map"), strict=True):
        ax.set_title(title, fontsize=10)
    for ax, label in zip(axes[2], ("position", "neuron", "position"),
                         strict=True):
        ax.set_xlabel(label)
    return fig
