"""The decision boundary a model draws: where its probability of class B crosses 0.5 (two classes),
or where the most probable of K classes changes (K regions, one colour each).

The model is asked for its probabilities on a grid over the plane (`train.predict_proba`);
matplotlib's contour (contourpy underneath) traces the boundary. Nothing here knows how the
model computes: it works for scalar models, tensor models and any function of points.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..engine.tensor import Tensor, no_grad
from ..train import predict_class, predict_proba
from . import theme
from ._optional import pyplot
from .layout import below_axes

__all__ = ["plot_decision_boundary", "model_probabilities", "confusion_matrix", "class_colours", "OUTPUT_KINDS"]

OUTPUT_KINDS = ("logit", "probability", "auto")

# Two classes keep the lesson's cyan and rose; more classes continue with colours far from the
# orange boundary and the amber rings.
K_CLASS_COLOURS = (theme.CLASS_A, theme.CLASS_B, "#7c3aed", "#16a34a", "#2563eb", "#475569", "#db2777", "#78350f")


def class_colours(k: int) -> list[str]:
    """One distinct colour per class: the lesson's two first, then a fixed palette, then matplotlib's tab20."""
    if k <= len(K_CLASS_COLOURS):
        return list(K_CLASS_COLOURS[:k])
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    extra = colormaps["tab20"]
    return list(K_CLASS_COLOURS) + [to_hex(extra(i % 20)) for i in range(k - len(K_CLASS_COLOURS))]


def confusion_matrix(true: np.ndarray, predicted: np.ndarray, k: int) -> np.ndarray:
    """counts[i, j] = how many points of class i the model put in class j (the diagonal is right)."""
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (np.asarray(true, dtype=np.int64), np.asarray(predicted, dtype=np.int64)), 1)
    return counts


def _is_model(model: Any) -> bool:
    return callable(getattr(model, "parameters", None))


def _is_scalar_model(model: Any) -> bool:
    params = model.parameters() if _is_model(model) else []
    return bool(params) and not isinstance(getattr(params[0], "data", None), np.ndarray)


def model_probabilities(model: Any, X: np.ndarray, output: str | None = None,
                        transform: "Callable[[np.ndarray], np.ndarray] | None" = None) -> np.ndarray:
    """P(class B) at each point of X (N, 2) for two classes, or (N, K) class probabilities for K outputs.

    model: an autograd_mini model, or a function of an (N, 2) array returning one number per point
    (or K per point). transform: applied to the points before the model sees them (e.g.
    `CsvData.standardize`, so X stays in the file's units). output says what the model returns::

      'logit'       scores; the probability is sigmoid(z) (softmax over K), computed by the engine;
      'probability' already probabilities;
      'auto' / None for an autograd_mini model, what `train.predict_proba` infers (logits unless
                    the model ends in a sigmoid/softmax); for a plain function, 'probability'
                    when every value lies in [0, 1] (and K values sum to 1), else 'logit'.
    """
    if output is not None and output not in OUTPUT_KINDS:
        raise ValueError(f"output must be one of {', '.join(OUTPUT_KINDS)} (or None), not {output!r}.")
    X = np.asarray(X, dtype=np.float64)
    inputs = X if transform is None else np.asarray(transform(X), dtype=np.float64)
    if _is_model(model):
        return predict_proba(model, inputs, None if output in (None, "auto") else output)
    if not callable(model):
        raise TypeError(
            f"expected an autograd_mini model or a function mapping an (N, 2) array to probabilities "
            f"or logits, not {type(model).__name__}."
        )
    raw = model(inputs)
    raw = np.asarray(raw._data if isinstance(raw, Tensor) else raw, dtype=np.float64)
    many = raw.ndim == 2 and raw.shape[1] > 1
    raw = raw if many else raw.reshape(-1)
    if len(raw) != len(X) or (not many and raw.shape != (len(X),)):
        raise ValueError(f"the function returned {raw.size} numbers for {len(X)} points; it must return one per point "
                         f"(or one per class for each point).")
    kind = output
    if kind in (None, "auto"):
        in_range = np.all((raw >= 0.0) & (raw <= 1.0)) and (not many or np.allclose(raw.sum(axis=1), 1.0))
        kind = "probability" if in_range else "logit"
    if kind == "probability":
        return raw
    with no_grad():  # the engine's (stable) sigmoid or softmax
        return Tensor(raw).softmax(dim=-1)._data if many else Tensor(raw).sigmoid()._data


def plot_decision_boundary(
    model: "Any | Callable[[np.ndarray], np.ndarray]",
    X: np.ndarray,
    y: np.ndarray,
    ax: Any = None,
    *,
    shade: bool = True,
    output: str | None = None,
    resolution: int | None = None,
    padding: float = 0.5,
    title: str | None = None,
    legend: bool = True,
    transform: "Callable[[np.ndarray], np.ndarray] | None" = None,
    class_names: "list[str] | None" = None,
    confusion: "bool | Any | None" = None,
) -> tuple[Any, Any]:
    """Points in their class colours, the model's boundary, its mistakes ringed in amber.

    Two classes (one output, or two): the lesson's picture, class A cyan and class B rose, the
    p = 0.5 boundary in orange. K classes (K outputs): K regions, each in its class's colour (paler
    where the model is less sure), boundaries in dark ink, and a confusion matrix beside the plot.
    model: an autograd_mini model (scalar or tensor) or a function of an (N, 2) array; see
    `model_probabilities` for `output` and `transform` (points in your units -> the model's).
    resolution: grid points per side (default 200; 50 for the slower scalar engine).
    confusion: None draws the matrix for K > 2 when this call makes the figure; True always
    (a new figure), False never, or an Axes to draw it into.
    Returns (fig, ax). The drawn artists carry gids: 'boundary', 'shading', 'class-a', 'class-b'
    (two classes) or 'class-0', 'class-1', ... (K classes), 'misclassified', 'confusion'.
    """
    plt = pyplot("plot_decision_boundary")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(
            f"plot_decision_boundary draws 2-D points: X must have shape (N, 2) and y shape (N,); "
            f"got {tuple(X.shape)} and {tuple(y.shape)}."
        )
    if resolution is None:
        resolution = 50 if _is_scalar_model(model) else 200

    # The model's probabilities on a grid covering the points.
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    xs, ys = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    grid = model_probabilities(model, np.column_stack([gx.ravel(), gy.ravel()]), output, transform)
    k = grid.shape[1] if grid.ndim == 2 else 2
    k = max(k, int(y.max()) + 1 if len(y) else 2)
    if confusion is None:
        confusion = ax is None and k > 2
    if ax is None:
        fig, ax, cm_ax = _new_figure(plt, confusion, k)
    else:
        fig = ax.figure
        cm_ax = confusion if confusion not in (True, False) else (None if not confusion else _side_axes(fig, ax))
    if grid.ndim == 2 and grid.shape[1] == 2:  # two outputs, two classes: the lesson's picture of P(class B)
        grid = grid[:, 1]
    predicted = _predicted_classes(model, X, output, transform)
    if grid.ndim == 1:
        _draw_two_classes(ax, grid.reshape(gx.shape), xs, ys, lo, hi, shade)
    else:
        _draw_k_regions(ax, grid.reshape(*gx.shape, -1), xs, ys, lo, hi, shade)
    names = list(class_names) if class_names is not None else (list(theme.CLASS_NAMES) if k == 2 else
                                                              [f"class {i}" for i in range(k)])
    _draw_points(ax, X, y, predicted, k, names)

    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title)
    if legend:
        _legend(ax, k)
    if cm_ax is not None:
        _draw_confusion(cm_ax, confusion_matrix((y > 0.5) if k == 2 else y, predicted, k), names)
    return fig, ax


def _predicted_classes(model: Any, X: np.ndarray, output: str | None, transform: Any) -> np.ndarray:
    """Each point's class by the rule `train.accuracy` uses (argmax for K, threshold for one output)."""
    inputs = X if transform is None else np.asarray(transform(X), dtype=np.float64)
    if _is_model(model):
        return predict_class(model, inputs, None if output in (None, "auto") else output)
    p = model_probabilities(model, X, output, transform)
    return np.argmax(p, axis=1) if p.ndim == 2 else (p > 0.5).astype(np.int64)


def _new_figure(plt: Any, confusion: bool, k: int) -> tuple[Any, Any, Any]:
    if not confusion:
        fig, ax = plt.subplots(figsize=(6.0, 5.0))
        return fig, ax, None
    size = 0.32 * k + 1.6
    fig, (ax, cm_ax) = plt.subplots(1, 2, figsize=(6.4 + size, 5.6), constrained_layout=True,
                                    gridspec_kw={"width_ratios": [6.0, size]})
    return fig, ax, cm_ax


def _side_axes(fig: Any, ax: Any) -> Any:
    from mpl_toolkits.axes_grid1 import make_axes_locatable

    return make_axes_locatable(ax).append_axes("right", size="45%", pad=0.9)


def _draw_two_classes(ax: Any, grid_p: np.ndarray, xs, ys, lo, hi, shade: bool) -> None:
    if shade:
        image = ax.imshow(
            grid_p, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), cmap=theme.probability_cmap(),
            vmin=0.0, vmax=1.0, alpha=0.45, interpolation="bilinear", aspect="auto", zorder=0,
        )
        image.set_gid("shading")
    if grid_p.min() < 0.5 < grid_p.max():  # a 0.5 level exists on this grid
        boundary = ax.contour(xs, ys, grid_p, levels=[0.5], colors=[theme.BOUNDARY], linewidths=2.5, zorder=2)
        boundary.set_gid("boundary")


def _draw_k_regions(ax: Any, grid_p: np.ndarray, xs, ys, lo, hi, shade: bool) -> None:
    """Each grid point in the colour of its most probable class; boundaries where that class changes."""
    from matplotlib.colors import to_rgb

    k = grid_p.shape[-1]
    region = np.argmax(grid_p, axis=-1)
    if shade:
        colours = np.array([to_rgb(c) for c in class_colours(k)])
        # paler where the model is unsure: alpha from 0.12 (p = 1/K) to 0.5 (p = 1)
        sure = (grid_p.max(axis=-1) - 1.0 / k) / (1.0 - 1.0 / k)
        rgba = np.concatenate([colours[region], (0.12 + 0.38 * sure)[..., None]], axis=-1)
        image = ax.imshow(rgba, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), interpolation="nearest",
                          aspect="auto", zorder=0)
        image.set_gid("shading")
    # Region c ends where p_c equals the largest other probability: the zero level of their difference.
    lines = []
    for c in range(k):
        others = np.delete(grid_p, c, axis=-1).max(axis=-1)
        margin = grid_p[..., c] - others
        if margin.min() < 0 < margin.max():
            lines.append(ax.contour(xs, ys, margin, levels=[0.0], colors=[theme.INK], linewidths=1.4, zorder=2))
    for contour in lines:
        contour.set_gid("boundary")


def _draw_points(ax: Any, X: np.ndarray, y: np.ndarray, predicted: np.ndarray, k: int, names: list[str]) -> None:
    """Every point in its true class's colour, then an amber ring around each one the model gets wrong."""
    true = (y > 0.5).astype(np.int64) if k == 2 else y.astype(np.int64)
    colours = class_colours(k)
    for label in range(k):
        points = X[true == label]
        collection = ax.scatter(points[:, 0], points[:, 1], s=30, color=colours[label], edgecolors="white",
                                linewidths=0.6, zorder=3, label=names[label])
        collection.set_gid(f"class-{'ab'[label]}" if k == 2 else f"class-{label}")
    wrong = predicted != true
    outlines = ax.scatter(X[wrong, 0], X[wrong, 1], s=95, facecolors="none", edgecolors=theme.MISCLASSIFIED,
                          linewidths=2.0, zorder=4, label=f"misclassified ({int(wrong.sum())})")
    outlines.set_gid("misclassified")


def _legend(ax: Any, k: int) -> None:
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    # One row of entries on a wide figure; on a narrow panel (a picture in a wrapping row) two
    # columns, so the legend is no wider than the picture and the layout need not squeeze the data.
    narrow = ax.figure.get_figwidth() < 5.0
    below = below_axes(ax)
    if k == 2:  # the lesson's picture, with its orange boundary
        handles.insert(2, Line2D([], [], color=theme.BOUNDARY, lw=2.5))
        labels.insert(2, "boundary (p = 0.5)")
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below,
                  ncol=min(2 if narrow else 4, len(labels)),
                  fontsize=8, frameon=False, columnspacing=1.2, handletextpad=0.4)  # below the data: covers no point
        return
    handles.insert(k, Line2D([], [], color=theme.INK, lw=1.4))
    labels.insert(k, "boundary")
    # Below the plot, outside the data, in one row while it fits.
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below,
              ncol=min(3 if narrow else 6, len(labels)),
              fontsize=8, frameon=False, columnspacing=1.2, handletextpad=0.4)


def _draw_confusion(ax: Any, counts: np.ndarray, names: list[str]) -> None:
    """The confusion matrix: rows are the true classes, columns the predicted ones; right answers on the diagonal."""
    k = len(counts)
    image = ax.imshow(counts, cmap="Greys", vmin=0, vmax=max(1, counts.max()) * 3.0, zorder=0)  # light: text stays legible
    image.set_gid("confusion")
    for i in range(k):
        for j in range(k):
            ax.text(j, i, str(counts[i, j]), ha="center", va="center", fontsize=9,
                    color=theme.INK if i == j else (theme.MISCLASSIFIED if counts[i, j] else theme.MUTED),
                    fontweight="bold" if i == j else "normal")
    ticks = range(k)
    short = [name.replace("class ", "") for name in names]
    ax.set_xticks(ticks, short, fontsize=8)
    ax.set_yticks(ticks, short, fontsize=8)
    for tick, colour in zip(ax.get_yticklabels(), class_colours(k)):
        tick.set_color(colour)
    for tick, colour in zip(ax.get_xticklabels(), class_colours(k)):
        tick.set_color(colour)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    right = int(np.trace(counts))
    ax.set_title(f"confusion matrix\n{right} of {int(counts.sum())} right", fontsize=9)
