"""Small image datasets for the next lesson (filters and pooling), made or loaded without a network.

Images come as float arrays of shape (N, 1, 8, 8) with values in [0, 1] (one grey channel, PyTorch's
(N, C, H, W) layout), labels as int64 class numbers 0..K-1.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["ImageSplit", "make_strokes", "load_digits", "STROKE_CLASSES"]

STROKE_CLASSES = ("horizontal", "vertical", "diagonal")


class ImageSplit(NamedTuple):
    """A fixed train/test split: unpacks as X_train, y_train, X_test, y_test."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def _check_count(n: object, who: str) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 3 <= n <= 1_000_000:
        raise ValueError(f"{who}: n must be a whole number of images between 3 and 1,000,000, not {n!r}.")
    return int(n)


def make_strokes(n: int = 300, noise: float = 0.15, size: int = 8, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n noisy size x size images of one stroke each: 0 horizontal, 1 vertical, 2 diagonal (either way).

    Each stroke is 4 to `size` pixels long at a random place; Gaussian noise of std `noise` is added
    and the pixels clipped to [0, 1]. Deterministic from `seed`; numpy alone."""
    n = _check_count(n, "make_strokes")
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not 0 <= noise <= 1:
        raise ValueError(f"make_strokes: noise must be a number between 0 and 1, not {noise!r}.")
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 4 <= size <= 64:
        raise ValueError(f"make_strokes: size must be a whole number of pixels between 4 and 64, not {size!r}.")
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3  # balanced classes, then shuffled
    rng.shuffle(labels)
    images = np.zeros((n, size, size))
    lengths = rng.integers(4, size + 1, size=n)
    starts = rng.integers(0, size - lengths + 1)
    lines = rng.integers(0, size, size=n)
    flips = rng.integers(0, 2, size=n).astype(bool)
    steps = np.arange(size)
    for kind in range(3):
        rows = np.flatnonzero(labels == kind)
        on = steps[None, :] < lengths[rows, None]  # which of the stroke's pixels exist
        along = (starts[rows, None] + steps[None, :])[on]  # each pixel's position along its stroke
        which = np.broadcast_to(rows[:, None], on.shape)[on]  # the image each pixel belongs to
        line = lines[which]
        if kind == 0:  # horizontal: a fixed row, columns along the stroke
            r, c = line, along
        elif kind == 1:  # vertical: a fixed column, rows along the stroke
            r, c = along, line
        else:  # diagonal: row and column move together, on one diagonal or the other
            r, c = along, np.where(flips[which], size - 1 - along, along)
        images[which, r, c] = 1.0
    images = np.clip(images + rng.normal(0.0, noise, size=images.shape), 0.0, 1.0)
    return images[:, None], labels.astype(np.int64)


def load_digits(test_fraction: float = 0.25, seed: int = 0) -> ImageSplit:
    """scikit-learn's bundled 8x8 handwritten digits (1797 images, 10 classes), split once, stratified.

    Pixels are scaled from 0..16 to [0, 1]. The same seed always gives the same split. Needs
    scikit-learn (in the `tutorials` extra); the data ship with it, so nothing is downloaded."""
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float)) or not 0 < test_fraction < 1:
        raise ValueError(f"load_digits: test_fraction must be between 0 and 1, not {test_fraction!r}.")
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError:
        raise ImportError("load_digits needs scikit-learn: pip install 'autograd_mini[tutorials]'.") from None
    digits = sklearn_digits()
    images, labels = digits.images / 16.0, digits.target.astype(np.int64)
    rng = np.random.default_rng(seed)
    test = np.zeros(len(labels), dtype=bool)
    for digit in range(10):  # the same fraction of every digit goes to the test set
        members = rng.permutation(np.flatnonzero(labels == digit))
        test[members[: round(test_fraction * len(members))]] = True
    train_order, test_order = rng.permutation(np.flatnonzero(~test)), rng.permutation(np.flatnonzero(test))
    return ImageSplit(images[train_order, None], labels[train_order], images[test_order, None], labels[test_order])
