"""Pictures of an image classifier: the images with their labels, the learned filters, the feature maps.

Every number drawn here was computed by the engine: predictions come from `train.predict_class`,
filters are a Conv2d layer's weights, feature maps are the outputs of the model's own layers.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from . import theme
from ._optional import pyplot
from .boundary import _draw_confusion, confusion_matrix

__all__ = ["plot_image_grid", "plot_filters", "plot_feature_maps", "plot_confusion_matrix", "layer_outputs"]


def _images_2d(images: Any) -> np.ndarray:
    """(N, H, W) grey images from (N, 1, H, W), (N, H, W) or a Tensor of either."""
    array = np.asarray(getattr(images, "data", images), dtype=float)
    if array.ndim == 4 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 3:
        raise ValueError(f"expected grey images of shape (N, 1, H, W) or (N, H, W), got shape {tuple(array.shape)}.")
    return array


def _names(class_names: Sequence[str] | None, k: int) -> list[str]:
    return list(class_names) if class_names is not None else [str(i) for i in range(k)]


def plot_image_grid(images: Any, labels: Any, predicted: Any = None, class_names: Sequence[str] | None = None,
                    columns: int = 10, count: int = 30, title: str | None = None) -> Any:
    """A grid of images, each titled with its true label (and the prediction); mistakes framed in amber."""
    plt = pyplot("plot_image_grid")
    pictures, labels = _images_2d(images), np.asarray(labels, dtype=np.int64)
    count = min(count, len(pictures))
    k = int(max(labels.max(), -1 if predicted is None else np.max(predicted))) + 1
    names = _names(class_names, k)
    rows = -(-count // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(1.05 * columns, 1.25 * rows + (0.4 if title else 0)), squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if index >= count:
            ax.axis("off")
            continue
        ax.imshow(pictures[index], cmap="gray_r", vmin=0, vmax=1)
        truth = names[labels[index]]
        if predicted is None:
            ax.set_title(truth, fontsize=8, color=theme.INK)
            continue
        guess = names[int(predicted[index])]
        wrong = guess != truth
        ax.set_title(f"{truth} → {guess}" if wrong else truth, fontsize=8,
                     color=theme.MISCLASSIFIED if wrong else theme.INK, fontweight="bold" if wrong else "normal")
        for spine in ax.spines.values():
            spine.set_edgecolor(theme.MISCLASSIFIED if wrong else theme.MUTED)
            spine.set_linewidth(3 if wrong else 0.5)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def _weights(layer_or_weight: Any) -> np.ndarray:
    weight = getattr(layer_or_weight, "weight", layer_or_weight)
    array = np.asarray(getattr(weight, "data", weight), dtype=float)
    if array.ndim != 4:
        raise ValueError(f"plot_filters needs a Conv2d layer or a weight of shape (out, in, kh, kw), got {tuple(array.shape)}.")
    return array


def plot_filters(layer_or_weight: Any, title: str = "learned filters", columns: int = 8) -> Any:
    """Each filter of a Conv2d layer as a small picture: red weights add, blue weights subtract.

    One row per input channel; a single-channel layer (grey images) wraps its filters into rows of `columns`."""
    plt = pyplot("plot_filters")
    weights = _weights(layer_or_weight)
    out_channels, in_channels = weights.shape[:2]
    if in_channels == 1:  # one picture per filter, wrapped
        pictures = [(f"filter {o + 1}", weights[o, 0]) for o in range(out_channels)]
        width = min(columns, out_channels)
    else:  # filter o's slice for input channel c
        pictures = [(f"filter {o + 1}" if c == 0 else "", weights[o, c]) for c in range(in_channels)
                    for o in range(out_channels)]
        width = out_channels
    rows = -(-len(pictures) // width)
    limit = float(np.abs(weights).max()) or 1.0  # one colour scale for all, centred on 0
    fig, axes = plt.subplots(rows, width, figsize=(1.0 * width + 0.8, 1.05 * rows + 0.6), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, (name, picture) in zip(axes.flat, pictures):
        ax.axis("on")
        image = ax.imshow(picture, cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(name, fontsize=8)
    fig.suptitle(title, fontsize=10)
    fig.colorbar(image, ax=axes, shrink=0.8, label="weight")
    return fig


def layer_outputs(model: Any, image: Any) -> list[tuple[str, np.ndarray]]:
    """(layer name, output) after each layer of a Sequential model, for one image of shape (1, H, W)."""
    from ..engine.grad_mode import no_grad
    from ..engine.tensor import Tensor

    x = Tensor(np.asarray(getattr(image, "data", image), dtype=float)[None])
    outputs = []
    with no_grad():
        for name, layer in model.named_children():
            x = layer(x)
            outputs.append((f"{name}: {type(layer).__name__}", np.asarray(x._data)[0]))
    return outputs


def plot_feature_maps(model: Any, image: Any, channels: int = 8,
                      title: str = "one digit after each layer (each map on its own colour scale)") -> Any:
    """The image, then the feature maps it produces after each image-shaped layer of a Sequential model."""
    plt = pyplot("plot_feature_maps")
    maps = [(name, out) for name, out in layer_outputs(model, image) if out.ndim == 3]
    picture = _images_2d(np.asarray(getattr(image, "data", image))[None])[0]
    width = min(channels, max(out.shape[0] for _, out in maps)) if maps else 1
    fig, axes = plt.subplots(len(maps) + 1, width, figsize=(1.1 * width + 1.2, 1.2 * (len(maps) + 1)), squeeze=False)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.axis("off")
    axes[0, 0].axis("on")
    axes[0, 0].imshow(picture, cmap="gray_r")
    axes[0, 0].set_title("input", fontsize=8)
    for row, (name, out) in enumerate(maps, start=1):
        for channel in range(min(width, out.shape[0])):
            ax = axes[row, channel]
            ax.axis("on")
            ax.imshow(out[channel], cmap="magma")
            ax.set_title(f"{name}\nmap 1" if channel == 0 else f"map {channel + 1}", fontsize=7, loc="left")
    shown = min(width, max(out.shape[0] for _, out in maps)) if maps else 0
    total = max(out.shape[0] for _, out in maps) if maps else 0
    fig.suptitle(title + (f"; the first {shown} of {total} maps" if shown < total else ""), fontsize=10)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(true: Any, predicted: Any, class_names: Sequence[str] | None = None, ax: Any = None) -> Any:
    """Rows: the true classes; columns: what the model said; right answers on the diagonal."""
    plt = pyplot("plot_confusion_matrix")
    true, predicted = np.asarray(true, dtype=np.int64), np.asarray(predicted, dtype=np.int64)
    k = int(max(true.max(), predicted.max())) + 1
    if ax is None:
        _, ax = plt.subplots(figsize=(0.45 * k + 2.2, 0.45 * k + 2.0))
    _draw_confusion(ax, confusion_matrix(true, predicted, k), [f"class {name}" for name in _names(class_names, k)])
    return ax.figure
