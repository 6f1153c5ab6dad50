"""The seed project's run, written the way a beginner's script following the NNFS book
writes it: one file, the textbook classes, a global random seed, lists that grow every
epoch, print-outs, then two figures saved with pyplot.

    python benchmarks/seed_style.py [--out DIRECTORY] [--epochs N]

It is what `benchmarks/speed.py` measures `python -m nnfs_lit` against, and it must
print the same numbers as the seed run (the benchmark checks that it does). Nothing in
the package uses it.
"""

import argparse
import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference import (  # noqa: E402
    ActivationReLU,
    ActivationSoftmaxLossCategoricalCrossentropy,
    LayerDense,
    OptimizerSGD,
)


def spiral_data(points, classes):
    X = np.zeros((points * classes, 2))
    y = np.zeros(points * classes, dtype="uint8")
    for class_number in range(classes):
        ix = range(points * class_number, points * (class_number + 1))
        r = np.linspace(0.0, 1, points)
        t = (np.linspace(class_number * 4, (class_number + 1) * 4, points)
             + np.random.randn(points) * 0.2)  # noqa: NPY002 (the seed's own way)
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = class_number
    return X, y


class SeededDense(LayerDense):
    """The NNFS book's Dense: weights from the global np.random state."""

    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)  # noqa: NPY002
        self.biases = np.zeros((1, n_neurons))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("figures"))
    parser.add_argument("--epochs", type=int, default=53000)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    np.random.seed(0)  # noqa: NPY002 (the seed project's global seed)
    X, y = spiral_data(100, 3)

    dense1 = SeededDense(2, 3)
    activation1 = ActivationReLU()
    dense2 = SeededDense(3, 3)
    loss_activation = ActivationSoftmaxLossCategoricalCrossentropy()
    optimizer = OptimizerSGD(learning_rate=0.01)

    losses = []
    accuracies = []
    for epoch in range(args.epochs):
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        loss = loss_activation.forward(dense2.output, y)
        predictions = np.argmax(loss_activation.output, axis=1)
        accuracy = np.mean(predictions == y)
        losses.append(loss)
        accuracies.append(accuracy)
        if epoch % 1000 == 0:
            print(f"Epoch {epoch:5d} | Loss: {loss:.4f} | Accuracy: {accuracy:.4f}")

        loss_activation.backward(loss_activation.output, y)
        dense2.backward(loss_activation.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()

    print(f"Final Loss: {losses[-1]:.4f}")
    print(f"Final Accuracy: {accuracies[-1]:.4f}")
    print(f"True labels: {y[:5]}")
    print(f"Predictions: {np.argmax(loss_activation.output[:5], axis=1)}")
    for i in range(5):
        print(f"Sample {i}: {np.array2string(loss_activation.output[i], precision=8)}")

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4))
    ax1.plot(losses)
    ax1.set_xlabel("Epoch")
    ax1.set_ylabel("Loss")
    ax1.set_title("Training loss")
    ax2.plot(accuracies)
    ax2.set_xlabel("Epoch")
    ax2.set_ylabel("Accuracy")
    ax2.set_title("Training accuracy")
    fig.savefig(args.out / "training_progress.png", dpi=150)
    plt.close(fig)

    x_min, x_max = X[:, 0].min() - 0.1, X[:, 0].max() + 0.1
    y_min, y_max = X[:, 1].min() - 0.1, X[:, 1].max() + 0.1
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 300), np.linspace(y_min, y_max, 300))
    grid = np.c_[xx.ravel(), yy.ravel()]
    dense1.forward(grid)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    Z = np.argmax(dense2.output, axis=1).reshape(xx.shape)
    fig, ax = plt.subplots(figsize=(6, 6))
    ax.contourf(xx, yy, Z, alpha=0.4, cmap="brg")
    ax.scatter(X[:, 0], X[:, 1], c=y, s=15, cmap="brg", edgecolors="k")
    ax.set_title("Decision boundary")
    fig.savefig(args.out / "decision_boundary.png", dpi=150)
    plt.close(fig)


if __name__ == "__main__":
    main()
