# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/experiments.md, "Replays: a run, frame by frame"
"""Replays: a training run's decision boundary at about 60 moments, for the page."""

import base64
import copy
import zlib

import numpy as np

from nnfs_lit import checks

MOMENTS = 60  # moments after the first weights: at 8 a second, a 7.5-second replay
RESOLUTION = 150  # grid cells on each side: 22500 a frame, one byte each
CURVE_POINTS = 400  # at most this many epochs of the curves go to the page


def moments(epochs, count=MOMENTS):
    """The epochs after which a replay shows the boundary: 0, before any training, and
    `count` more up to `epochs`, closer together at the start, where it changes fast.

    The i-th is epochs * (i / count)**2, rounded; in a short run, repeats are dropped.
    """
    epochs = checks.positive_int("epochs", epochs)
    count = checks.positive_int("count", count)
    share = np.arange(count + 1) / count  # (count + 1,), from 0 to 1
    return np.unique(np.round(epochs * share**2).astype(int))  # (<= count + 1,)


def parameters(network):
    """A copy of the weights and biases of every layer of `network` that has them."""
    return [(layer.weights.copy(), layer.biases.copy())
            for layer in network.layers if hasattr(layer, "weights")]


class Recorder:
    """Watches one training run and makes its replay.

    Give recorder.watch to a run (run_training or train_model take it as `watch`);
    it is called with the network before training and returns the training loop's
    callback, which copies the parameters after the epochs that moments() names.
    Model.fit and fast_train call it after each epoch's update. After training,
    replay(run) draws every copy's boundary.
    """

    def __init__(self, count=MOMENTS, resolution=RESOLUTION):
        self.count = checks.positive_int("count", count)
        self.resolution = checks.positive_int("resolution", resolution)
        self.network = None
        self.snapshots = {}  # epochs trained -> the parameters after them

    def watch(self, network, epochs):
        """Watch `network`, about to train for `epochs` epochs; the callback."""
        if self.network is not None:
            raise RuntimeError("a Recorder watches one run; make another for the next")
        self.network = network
        wanted = set(moments(epochs, self.count).tolist())
        self.snapshots = {0: parameters(network)}  # the first weights

        def callback(epoch, loss, accuracy):  # after epoch `epoch`, counted from 0
            if epoch + 1 in wanted:
                self.snapshots[epoch + 1] = parameters(network)

        return callback

    def replay(self, run):
        """The replay of the run this recorder watched: a dict, ready for JSON."""
        from nnfs_lit.plots import plane_grid

        if self.network is None:
            raise RuntimeError("replay() before watch(): this recorder saw no run")
        grid, extent = plane_grid(run.X, self.resolution)  # (resolution**2, 2)
        looking_glass = copy.deepcopy(self.network)  # the trained one stays as it is
        with_weights = [layer for layer in looking_glass.layers
                        if hasattr(layer, "weights")]
        frames = []
        for epoch in sorted(self.snapshots):
            for layer, (weights, biases) in zip(with_weights, self.snapshots[epoch],
                                                strict=True):
                layer.weights, layer.biases = weights, biases
            probabilities = looking_glass.predict_proba(grid)  # (resolution**2, k)
            frames.append(probabilities.argmax(axis=1).astype(np.uint8))
        classes = np.stack(frames)  # (n_moments, resolution**2)
        changes = classes.copy()
        changes[1:] ^= classes[:-1]  # 0 wherever a cell kept its class
        packed = zlib.compress(changes.tobytes(), 9)
        return {
            "format": 1,
            "resolution": self.resolution,
            "extent": [round(float(edge), 4) for edge in extent],
            "n_classes": int(probabilities.shape[1]),
            "moments": sorted(self.snapshots),
            "classes": base64.b64encode(packed).decode("ascii"),
            "points": np.round(run.X, 3).tolist(),  # (n_samples, 2)
            "labels": np.asarray(run.y).tolist(),  # (n_samples,)
            "curves": curves(run.history, run.scores),
        }


def curves(history, scores=None, points=CURVE_POINTS):
    """The loss and accuracy curves of `history` (and the validation ones, if any) at
    no more than `points` evenly spread epochs: losses to 6 significant digits (a
    seed run's slide is in the third decimal), accuracies to 4.

    A history's epoch e is measured before that epoch's update. If `scores` measure
    the trained model (a Part II run's train_loss, train_accuracy, ...), they are the
    curves' last point, one epoch on: the model that the last frame shows.
    """
    n_epochs = len(history.loss)
    at = np.unique(np.linspace(0, n_epochs - 1, points).round().astype(int))
    trained = scores is not None and "train_loss" in scores
    kept = {"epoch": at.tolist() + ([n_epochs] if trained else [])}
    for name, score in [("loss", "train_loss"), ("accuracy", "train_accuracy"),
                        ("val_loss", "validation_loss"),
                        ("val_accuracy", "validation_accuracy")]:
        curve = getattr(history, name, None)
        if curve is not None:
            values = np.asarray(curve)[at].tolist()
            if trained:
                values.append(scores[score])
            digits = 6 if name.endswith("loss") else 4
            kept[name] = [float(f"{value:.{digits}g}") for value in values]
    return kept


def replay_classes(replay):
    """The class of every grid cell at every moment of a replay: the page's decoding,
    in NumPy. Shape (n_moments, resolution, resolution), bottom row first."""
    side = replay["resolution"]
    changes = np.frombuffer(zlib.decompress(base64.b64decode(replay["classes"])),
                            dtype=np.uint8).reshape(-1, side * side)
    classes = np.bitwise_xor.accumulate(changes, axis=0)  # undo the differences
    return classes.reshape(-1, side, side)  # (n_moments, resolution, resolution)


def moments_figure(replay, panels=5):
    """A row of `panels` moments of a replay, evenly spread over its frames: the
    picture the page shows without its script, and in print."""
    from matplotlib import rcParams
    from matplotlib.colors import to_rgb
    from matplotlib.figure import Figure

    from nnfs_lit.plots import class_colors

    classes = replay_classes(replay)  # (n_moments, resolution, resolution)
    shown = np.unique(np.linspace(0, len(classes) - 1, panels).round().astype(int))
    colors = np.array([to_rgb(c) for c in class_colors()[: replay["n_classes"]]])
    points = np.array(replay["points"])  # (n_samples, 2)
    labels = np.array(replay["labels"])  # (n_samples,)
    fig = Figure(figsize=(7.2, 1.8), layout="constrained")
    for ax, frame in zip(fig.subplots(1, len(shown)), shown, strict=True):
        background = np.array(to_rgb(ax.get_facecolor()))  # (3,)
        image = 0.5 * colors[classes[frame]] + 0.5 * background  # (side, side, 3)
        ax.imshow(image, origin="lower", extent=replay["extent"],
                  interpolation="nearest")
        ax.scatter(points[:, 0], points[:, 1], c=colors[labels], s=4,
                   edgecolors=rcParams["text.color"], linewidths=0.2)
        ax.set(xticks=[], yticks=[], aspect="equal")
        ax.set_title(f"epoch {replay['moments'][frame]}", fontsize=10)
    return fig
