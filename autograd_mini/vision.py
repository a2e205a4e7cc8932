"""The next lesson's two models for 8x8 images: a small convolutional network and an MLP on raw pixels.

Both are plain `nn.Sequential` stacks trained by the one training loop, `fit`, with mini-batches and
cross-entropy; `count_weights` says how many numbers each one learns.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import nn
from .nn.conv import Conv2d, MaxPool2d
from .train import History, fit

__all__ = ["small_cnn", "pixel_mlp", "count_weights", "train_image_classifier", "CNN_RECIPE"]

# How the lesson trains both models: Adam, mini-batches of 32, a fixed seed.
CNN_RECIPE = dict(optimizer="adam", lr=0.003, epochs=12, batch_size=32)


def small_cnn(classes: int = 10, channels: tuple[int, int] = (16, 32), size: int = 8, seed: int = 0) -> nn.Sequential:
    """Two 3x3 convolutions, each followed by ReLU and 2x2 max pooling, then one linear layer to `classes`."""
    first, second = channels
    pooled = size // 4  # each pooling halves the side: 8 -> 4 -> 2
    return nn.Sequential(
        Conv2d(1, first, 3, padding=1, seed=seed), nn.ReLU(), MaxPool2d(2),
        Conv2d(first, second, 3, padding=1, seed=seed + 1), nn.ReLU(), MaxPool2d(2),
        nn.Flatten(), nn.Linear(second * pooled * pooled, classes, seed=seed + 2),
    )


def pixel_mlp(hidden: int, classes: int = 10, size: int = 8, seed: int = 0) -> nn.Sequential:
    """Flatten the size x size pixels and feed them to one hidden ReLU layer of `hidden` neurons."""
    return nn.Sequential(nn.Flatten(), nn.Linear(size * size, hidden, seed=seed), nn.ReLU(),
                         nn.Linear(hidden, classes, seed=seed + 1))


def count_weights(model: Any) -> int:
    """How many numbers the model learns (weights and biases)."""
    return int(sum(np.asarray(p._data).size for p in model.parameters()))


def train_image_classifier(model: Any, X: np.ndarray, y: np.ndarray, seed: int = 0, **settings: Any) -> History:
    """`fit` with the lesson's recipe (CNN_RECIPE), any of whose settings can be overridden."""
    return fit(model, X, y, loss="cross_entropy", seed=seed, progress=False, **{**CNN_RECIPE, **settings})
