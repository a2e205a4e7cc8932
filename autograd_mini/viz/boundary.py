"""The decision boundary a model draws: where its probability of class B crosses 0.5.

The model is asked for its probability on a grid over the plane (`train.predict_proba`);
matplotlib's contour (contourpy underneath) traces the 0.5 level. Nothing here knows how the
model computes: it works for scalar models, tensor models and any function of points.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..engine.tensor import Tensor, no_grad
from ..train import predict_proba
from . import theme
from ._optional import pyplot

__all__ = ["plot_decision_boundary", "model_probabilities", "OUTPUT_KINDS"]

OUTPUT_KINDS = ("logit", "probability", "auto")


def _is_model(model: Any) -> bool:
    return callable(getattr(model, "parameters", None))


def _is_scalar_model(model: Any) -> bool:
    params = model.parameters() if _is_model(model) else []
    return bool(params) and not isinstance(getattr(params[0], "data", None), np.ndarray)


def model_probabilities(model: Any, X: np.ndarray, output: str | None = None) -> np.ndarray:
    """P(class B) at each point of X (N, 2), from a model or from a function of an (N, 2) array.

    output says what the model or function returns:
      'logit'       a score z; the probability is sigmoid(z) (computed by the engine);
      'probability' already a number in [0, 1];
      'auto' / None for an autograd_mini model, what `train.predict_proba` infers (a logit
                    unless the model ends in a sigmoid); for a plain function, 'probability'
                    when every value lies in [0, 1], else 'logit'. Say it explicitly when a
                    function's logits might all fall inside [0, 1].
    """
    if output is not None and output not in OUTPUT_KINDS:
        raise ValueError(f"output must be one of {', '.join(OUTPUT_KINDS)} (or None), not {output!r}.")
    X = np.asarray(X, dtype=np.float64)
    if _is_model(model):
        return predict_proba(model, X, None if output in (None, "auto") else output)
    if not callable(model):
        raise TypeError(
            f"expected an autograd_mini model or a function mapping an (N, 2) array to probabilities "
            f"or logits, not {type(model).__name__}."
        )
    raw = model(X)
    raw = np.asarray(raw.data if isinstance(raw, Tensor) else raw, dtype=np.float64).reshape(-1)
    if raw.shape != (len(X),):
        raise ValueError(f"the function returned {raw.size} numbers for {len(X)} points; it must return one per point.")
    kind = output
    if kind in (None, "auto"):
        kind = "probability" if np.all((raw >= 0.0) & (raw <= 1.0)) else "logit"
    if kind == "probability":
        return raw
    with no_grad():
        return Tensor(raw).sigmoid().data  # the engine's (stable) sigmoid


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
) -> tuple[Any, Any]:
    """Points in the lesson's colours, the model's 0.5 boundary in orange, its mistakes ringed in amber.

    model: an autograd_mini model (scalar or tensor) or a function of an (N, 2) array; see
    `model_probabilities` for `output`. shade: colour the plane by the probability.
    resolution: grid points per side (default 200; 50 for the slower scalar engine).
    Returns (fig, ax). The drawn artists carry gids: 'boundary', 'shading', 'class-a',
    'class-b', 'misclassified'.
    """
    plt = pyplot("plot_decision_boundary")
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(
            f"plot_decision_boundary draws 2-D points: X must have shape (N, 2) and y shape (N,); "
            f"got {X.shape} and {y.shape}."
        )
    if resolution is None:
        resolution = 50 if _is_scalar_model(model) else 200
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.0, 5.0))
    else:
        fig = ax.figure

    # The model's probability on a grid covering the points.
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    xs, ys = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    grid_p = model_probabilities(model, np.column_stack([gx.ravel(), gy.ravel()]), output).reshape(gx.shape)

    if shade:
        image = ax.imshow(
            grid_p, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), cmap=theme.probability_cmap(),
            vmin=0.0, vmax=1.0, alpha=0.45, interpolation="bilinear", aspect="auto", zorder=0,
        )
        image.set_gid("shading")
    boundary = None
    if grid_p.min() < 0.5 < grid_p.max():  # a 0.5 level exists on this grid
        boundary = ax.contour(xs, ys, grid_p, levels=[0.5], colors=[theme.BOUNDARY], linewidths=2.5, zorder=2)
        boundary.set_gid("boundary")

    # The points, then an amber ring around each one the model gets wrong.
    predicted = model_probabilities(model, X, output) >= 0.5  # the rule of train.accuracy
    wrong = predicted != (y > 0.5)
    for label, colour, name in ((0, theme.CLASS_A, "class A"), (1, theme.CLASS_B, "class B")):
        points = X[(y > 0.5) == bool(label)]
        collection = ax.scatter(points[:, 0], points[:, 1], s=30, color=colour, edgecolors="white",
                                linewidths=0.6, zorder=3, label=name)
        collection.set_gid(f"class-{'ab'[label]}")
    outlines = ax.scatter(X[wrong, 0], X[wrong, 1], s=95, facecolors="none", edgecolors=theme.MISCLASSIFIED,
                          linewidths=2.0, zorder=4, label=f"misclassified ({int(wrong.sum())})")
    outlines.set_gid("misclassified")

    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title)
    if legend:
        from matplotlib.lines import Line2D

        handles, labels = ax.get_legend_handles_labels()
        handles.insert(2, Line2D([], [], color=theme.BOUNDARY, lw=2.5))
        labels.insert(2, "boundary (p = 0.5)")
        ax.legend(handles, labels, loc="best", fontsize=8, framealpha=0.9)
    return fig, ax
