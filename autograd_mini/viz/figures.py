"""Write figures to files: one helper for every picture, and the pair the `train` command writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._optional import pyplot

__all__ = ["save_figure", "write_training_figures"]


def save_figure(fig: Any, path: "str | Path", *, dpi: int = 110, close: bool = True) -> Path:
    """Save `fig` to `path` (format from the suffix: .png, .svg, .pdf), making folders; returns the path."""
    plt = pyplot("save_figure")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi, bbox_inches="tight", facecolor="white")
    if close:
        plt.close(fig)
    return path


def write_training_figures(
    model: Any, X: Any, y: Any, history: Any, out_dir: "str | Path", *, prefix: str = "", title: str | None = None,
    dpi: int = 110,
) -> list[Path]:
    """The decision boundary and the loss/accuracy curves of a trained model, as two PNGs in `out_dir`.

    Returns [boundary.png, history.png] (names start with `prefix`). Used by `autograd-mini train`.
    """
    from .boundary import plot_decision_boundary
    from .history import plot_history

    out_dir = Path(out_dir)
    fig, _ = plot_decision_boundary(model, X, y, title=title)
    boundary = save_figure(fig, out_dir / f"{prefix}boundary.png", dpi=dpi)
    fig, _ = plot_history(history, title=title)
    curves = save_figure(fig, out_dir / f"{prefix}history.png", dpi=dpi)
    return [boundary, curves]
