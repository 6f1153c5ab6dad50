# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/01-spiral-data.md, "The code"
"""The spiral dataset: three interleaved arms, one per class."""

from dataclasses import dataclass

import numpy as np

from nnfs_lit import checks


def spiral_data(samples_per_class=100, n_classes=3, *, rng):
    """Return X, shape (n_samples, 2), and y, shape (n_samples,), of a spiral.

    n_samples is n_classes * samples_per_class. `rng` is a numpy.random.Generator or a
    numpy.random.RandomState; the angle noise is drawn from it, one class at a time.
    """
    samples_per_class = checks.positive_int("samples_per_class", samples_per_class)
    n_classes = checks.positive_int("n_classes", n_classes)
    rng = checks.as_rng(rng)

    n_samples = samples_per_class * n_classes
    X = np.zeros((n_samples, 2))  # (n_samples, 2)
    y = np.zeros(n_samples, dtype=np.int64)  # (n_samples,)
    for c in range(n_classes):
        rows = slice(c * samples_per_class, (c + 1) * samples_per_class)
        radius = np.linspace(0.0, 1.0, samples_per_class)  # (samples_per_class,)
        noise = rng.standard_normal(samples_per_class) * 0.2  # (samples_per_class,)
        angle = np.linspace(4 * c, 4 * (c + 1), samples_per_class) + noise
        X[rows, 0] = radius * np.sin(2.5 * angle)
        X[rows, 1] = radius * np.cos(2.5 * angle)
        y[rows] = c
    return X, y


# docs/12-out-of-sample.md, "Three sets, three generators"
@dataclass(frozen=True)
class SpiralSets:
    """Training, validation and test sets, each a pair (X, y)."""

    train: tuple  # X (n_train, 2), y (n_train,)
    validation: tuple  # X (n_validation, 2), y (n_validation,)
    test: tuple  # X (n_test, 2), y (n_test,)


def spiral_sets(*, seed, samples_per_class=100, n_classes=3,
                test_samples_per_class=1000):
    """Three spirals from three independent random streams of one seed.

    The validation set is as large as the training set; the test set has
    test_samples_per_class points per class, enough to measure an accuracy to
    about 1%.
    """
    test_samples_per_class = checks.positive_int("test_samples_per_class",
                                                 test_samples_per_class)
    seed = checks.seed("seed", seed)
    streams = np.random.SeedSequence(seed).spawn(3)  # independent by construction
    train, validation, test = [np.random.default_rng(s) for s in streams]
    return SpiralSets(
        train=spiral_data(samples_per_class, n_classes, rng=train),
        validation=spiral_data(samples_per_class, n_classes, rng=validation),
        test=spiral_data(test_samples_per_class, n_classes, rng=test),
    )


# docs/14-outputs.md, "A score for yes/no, and a two-arm spiral", block 2
def binary_spiral_data(samples_per_class=100, *, rng):
    """A two-arm spiral as a yes/no problem: X (n_samples, 2) and y (n_samples, 1),
    y = 1 on the second arm. n_samples is 2 * samples_per_class."""
    X, labels = spiral_data(samples_per_class, 2, rng=rng)  # labels (n_samples,)
    return X, labels.reshape(-1, 1)  # one target per sample and output


# docs/14-outputs.md, "How close is close enough?", block 2
def sine_data(n_samples=1000, *, noise=0.0, rng=None):
    """X (n_samples, 1) evenly spaced in [0, 1), and y = sin(2 pi X) (n_samples, 1).

    noise > 0 adds Gaussian noise of that standard deviation to y, drawn from `rng`.
    """
    n_samples = checks.positive_int("n_samples", n_samples)
    noise = checks.non_negative("noise", noise)
    X = (np.arange(n_samples) / n_samples).reshape(-1, 1)  # (n_samples, 1)
    y = np.sin(2 * np.pi * X)  # (n_samples, 1)
    if noise:
        if rng is None:
            raise TypeError("sine_data: noise needs rng to draw it from, "
                            "e.g. rng=np.random.default_rng(0)")
        y = y + noise * checks.as_rng(rng).standard_normal(y.shape)  # (n_samples, 1)
    return X, y


# docs/16-solving-the-spiral.md, "The limit: how well can anyone do?"
def spiral_posterior(X, n_classes=3):
    """The exact probability of each class for points X, under spiral_data's formula.

    A point of class c at radius r has an angle that is normal with mean 10 (c + r)
    and standard deviation 2.5 * 0.2, known up to whole turns.
    """
    X = checks.as_batch("X", X, 2)  # (n_points, 2)
    n_classes = checks.positive_int("n_classes", n_classes)
    radius = np.hypot(X[:, 0], X[:, 1])  # (n_points,)
    theta = np.arctan2(X[:, 0], X[:, 1])  # (n_points,): x1 = r sin, x2 = r cos
    mean = 10.0 * (np.arange(n_classes) + radius[:, None])  # (n_points, n_classes)
    most_turns = int(np.ceil(10 * n_classes / (2 * np.pi))) + 1  # means reach 10 n
    turns = 2 * np.pi * np.arange(-1, most_turns + 1)  # (n_turns,)
    # (n_points, n_classes, n_turns): the angle's distance from each class's mean
    gap = theta[:, None, None] + turns - mean[:, :, None]
    likelihood = np.exp(-0.5 * (gap / 0.5) ** 2).sum(axis=2)  # (n_points, n_classes)
    return likelihood / likelihood.sum(axis=1, keepdims=True)
