"""Training curves: the loss and the accuracy of every epoch, from `fit`'s History."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import theme
from ._optional import pyplot

__all__ = ["plot_history"]


def plot_history(history: Any, ax: Any = None, *, title: str | None = None, label: str | None = None) -> tuple[Any, tuple[Any, Any]]:
    """Loss (left) and accuracy (right) per epoch; returns (fig, (loss_ax, accuracy_ax)).

    ax: None makes a new figure with two panels; one Axes puts the loss on it and the accuracy
    on a twin axis at its right; a pair of Axes gets one curve each.
    label: a legend name, to draw several histories into the same axes.
    """
    plt = pyplot("plot_history")
    loss = np.asarray(getattr(history, "loss", []), dtype=np.float64)
    acc = np.asarray(getattr(history, "accuracy", []), dtype=np.float64)
    if loss.size == 0:
        raise ValueError("plot_history: this History has no epochs yet; train with fit(...) first.")
    epochs = np.arange(1, len(loss) + 1)  # loss[i] was measured during epoch i + 1

    twin = False  # True when loss and accuracy share one panel
    if ax is None:
        fig, (loss_ax, acc_ax) = plt.subplots(1, 2, figsize=(9.0, 3.4), constrained_layout=True)
    elif isinstance(ax, (tuple, list, np.ndarray)):
        loss_ax, acc_ax = ax
        fig = loss_ax.figure
    else:
        loss_ax, fig, twin = ax, ax.figure, True
        acc_ax = ax.twinx()

    # A labelled run takes the next colour of the axes' cycle, so overlaid runs stay apart.
    loss_colour = theme.BOUNDARY if label is None else None
    acc_colour = theme.CLASS_A if label is None else None
    loss_ax.plot(epochs, loss, color=loss_colour, lw=2, label=label or "loss")
    loss_ax.set_xlabel("epoch")
    loss_ax.set_ylabel("loss", color=theme.BOUNDARY if twin else theme.INK)
    if loss.min() > 0 and loss.max() / loss.min() > 50:
        loss_ax.set_yscale("log")  # a loss that falls by orders of magnitude reads better on a log axis
    if not twin:
        loss_ax.set_title("loss (lower is better)")
        loss_ax.grid(alpha=0.3)
    if acc.size:
        acc_ax.plot(epochs[: len(acc)], acc, color=acc_colour, lw=2, label=label or "accuracy")
        acc_ax.set_ylim(-0.02, 1.02)
        acc_ax.set_ylabel("accuracy", color=theme.CLASS_A if twin else theme.INK)
        if not twin:
            acc_ax.set_xlabel("epoch")
            acc_ax.set_title("accuracy (higher is better)")
            acc_ax.grid(alpha=0.3)
    from matplotlib.ticker import MaxNLocator

    for axis in {loss_ax, acc_ax}:
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
    if label:
        loss_ax.legend(fontsize=8)
        if not twin:
            acc_ax.legend(fontsize=8)
    if title:
        fig.suptitle(title)
    return fig, (loss_ax, acc_ax)
