"""The loss bowl: a loss surface in 3D and as a contour map, with the path gradient descent took.

The numbers come from `autograd_mini.landscape` (the engine's loss on a grid, and `fit`'s
parameter snapshots); this file only draws them.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..landscape import DescentPath, LossSurface
from . import theme
from ._optional import pyplot
from .layout import below_axes

__all__ = ["plot_loss_surface", "plot_learning_rates", "loss_surface_panels", "learning_rate_panels"]


def _as_paths(paths: Any) -> list[tuple[str | None, Any]]:
    """Normalise one path, a list of paths, or {label: path} into [(label, path)]."""
    if paths is None:
        return []
    if isinstance(paths, Mapping):
        return list(paths.items())
    if isinstance(paths, DescentPath) or (isinstance(paths, np.ndarray) and paths.ndim == 2):
        return [(None, paths)]
    return [(None, p) for p in paths]


def _path_xyz(path: Any, surface: LossSurface) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    if isinstance(path, DescentPath):
        return path.points[:, 0], path.points[:, 1], path.losses
    points = np.asarray(path, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] not in (2, 3):
        raise ValueError(f"a path is a DescentPath or an array of (p1, p2) or (p1, p2, loss) rows, not shape {tuple(points.shape)}.")
    return points[:, 0], points[:, 1], (points[:, 2] if points.shape[1] == 3 else None)


def _label(label: str | None, path: Any) -> str | None:
    if label is None and isinstance(path, DescentPath):
        return f"lr = {path.learning_rate:g}"
    return label


def _is_3d(ax: Any) -> bool:
    return getattr(ax, "name", "") == "3d"


def plot_loss_surface(
    surface: LossSurface,
    paths: Any = None,
    ax: Any = None,
    *,
    title: str | None = None,
    levels: int = 18,
    colours: Sequence[str] | None = None,
) -> tuple[Any, Any]:
    """The loss over two parameters as a 3D surface and a contour map, with descent paths on both.

    paths: a DescentPath (from landscape.descent_path), an array of (p1, p2) rows, a list of
    them, or {label: path}. ax: None makes a figure with both views and returns
    (fig, (ax3d, ax2d)); a 3D Axes draws only the surface, a 2D Axes only the contour map,
    a pair (ax3d, ax2d) both. Points of a path outside the grid are clipped from view.
    """
    plt = pyplot("plot_loss_surface")
    if ax is None:
        fig = plt.figure(figsize=(10.0, 4.4), constrained_layout=True)
        ax3d = fig.add_subplot(1, 2, 1, projection="3d")
        ax2d = fig.add_subplot(1, 2, 2)
        returned: Any = (ax3d, ax2d)
    elif isinstance(ax, (tuple, list)):
        ax3d, ax2d = ax
        fig, returned = ax3d.figure, tuple(ax)
    else:
        ax3d, ax2d = (ax, None) if _is_3d(ax) else (None, ax)
        fig, returned = ax.figure, ax
    colours = list(colours or theme.PATH_COLOURS)
    P1, P2 = np.meshgrid(surface.p1, surface.p2)
    L = surface.loss
    (x0, x1), (y0, y1) = (surface.p1.min(), surface.p1.max()), (surface.p2.min(), surface.p2.max())
    named = _as_paths(paths)

    if ax3d is not None:
        ax3d.plot_surface(P1, P2, L, cmap=theme.SURFACE_CMAP, alpha=0.78, linewidth=0, antialiased=True, zorder=1)
        ax3d.contour(P1, P2, L, levels=levels, cmap=theme.SURFACE_CMAP, offset=L.min(), linewidths=0.6, alpha=0.6)
        for k, (label, path) in enumerate(named):
            px, py, pz = _path_xyz(path, surface)
            if pz is None:
                continue  # a 3D path needs the loss at each point (a DescentPath has it)
            inside = (px >= x0) & (px <= x1) & (py >= y0) & (py <= y1)
            colour = colours[k % len(colours)]
            # Masked (outside the grid) points become gaps, so the line never leaves the box.
            ax3d.plot(np.where(inside, px, np.nan), np.where(inside, py, np.nan), np.where(inside, pz, np.nan),
                      color=colour, lw=2.2, marker="o", ms=2.5, zorder=10, label=_label(label, path))
            if inside[0]:
                ax3d.scatter([px[0]], [py[0]], [pz[0]], color=colour, s=40, edgecolors="white", zorder=11)
        ax3d.set_xlim(x0, x1)
        ax3d.set_ylim(y0, y1)
        ax3d.set_zlim(L.min(), L.max())
        ax3d.set_xlabel(surface.names[0], labelpad=2)
        ax3d.set_ylabel(surface.names[1], labelpad=2)
        ax3d.set_zlabel("loss", labelpad=2)
        ax3d.tick_params(labelsize=7, pad=0)
        ax3d.view_init(elev=32, azim=-58)

    if ax2d is not None:
        filled = ax2d.contourf(P1, P2, L, levels=levels, cmap=theme.SURFACE_CMAP, alpha=0.9)
        ax2d.contour(P1, P2, L, levels=levels, colors="white", linewidths=0.4, alpha=0.6)
        ax2d.figure.colorbar(filled, ax=ax2d, shrink=0.85, label="loss")  # its own figure, when the views are apart
        m1, m2, _ = surface.minimum
        ax2d.plot([m1], [m2], marker="x", color="white", ms=9, mew=2.5, label="lowest point on the grid")
        for k, (label, path) in enumerate(named):
            px, py, _ = _path_xyz(path, surface)
            colour = colours[k % len(colours)]
            ax2d.plot(px, py, color=colour, lw=1.8, marker="o", ms=3, label=_label(label, path))
            ax2d.plot([px[0]], [py[0]], marker="o", ms=8, color=colour, mec="white", mew=1.5)  # start
            ax2d.plot([px[-1]], [py[-1]], marker="*", ms=13, color=colour, mec="white", mew=1.0)  # end
        ax2d.set_xlim(x0, x1)  # a path that overshoots the grid is cut at its edge
        ax2d.set_ylim(y0, y1)
        ax2d.set_xlabel(surface.names[0])
        ax2d.set_ylabel(surface.names[1])
        legend = ax2d.legend(loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below_axes(ax2d), ncol=2,
                             fontsize=7, frameon=False)  # below the map: it covers no path
        for handle in legend.legend_handles:
            if handle.get_label() == "lowest point on the grid":
                handle.set_color(theme.INK)  # the map's white cross, in ink on the white page
    if title:
        fig.suptitle(title)
    return fig, returned


def _heading(path: Any, name: str) -> str:
    """'lr = 0.25: about right' for a DescentPath, else the name alone."""
    lr = path.learning_rate if isinstance(path, DescentPath) else None
    return f"lr = {lr:g}" + (f": {name}" if name else "") if lr is not None else name


def _learning_rate_column(surface: LossSurface, path: Any, name: str, colour: str, ax3d: Any, ax2d: Any) -> None:
    """One learning rate's run: the bowl in 3D above, the contour map below, its path on both."""
    heading = _heading(path, name)
    plot_loss_surface(surface, {heading: path}, ax=(ax3d, ax2d), colours=[colour])
    ax3d.set_title(heading, fontsize=12, color=colour, fontweight="bold")
    if isinstance(path, DescentPath):
        ax2d.set_title(f"after {len(path.points) - 1} epochs: loss {path.losses[-1]:.3f}", fontsize=9)


def plot_learning_rates(
    surface: LossSurface,
    paths: Sequence[DescentPath],
    labels: Sequence[str] = ("too small", "about right", "too large"),
    *,
    title: str | None = None,
) -> tuple[Any, np.ndarray]:
    """One column per learning rate: the 3D bowl on top, the contour map below, the path on both.

    Returns (fig, axes) with axes of shape (2, len(paths)). For a notebook page, where the columns
    should wrap on a narrow screen, learning_rate_panels draws each column as its own figure.
    """
    plt = pyplot("plot_learning_rates")
    n = len(paths)
    fig = plt.figure(figsize=(4.2 * n, 7.6), constrained_layout=True)
    axes = np.empty((2, n), dtype=object)
    for k, path in enumerate(paths):
        axes[0, k] = fig.add_subplot(2, n, k + 1, projection="3d")
        axes[1, k] = fig.add_subplot(2, n, n + k + 1)
        _learning_rate_column(surface, path, labels[k] if k < len(labels) else "",
                              theme.PATH_COLOURS[k % len(theme.PATH_COLOURS)], axes[0, k], axes[1, k])
    if title:
        fig.suptitle(title, fontsize=13)
    return fig, axes


def learning_rate_panels(
    surface: LossSurface,
    paths: Sequence[DescentPath],
    labels: Sequence[str] = ("too small", "about right", "too large"),
    *,
    size: tuple[float, float] = (3.6, 6.6),
) -> list[Any]:
    """plot_learning_rates with each learning rate in its own figure (size inches), for viz.layout.show_row."""
    plt = pyplot("learning_rate_panels")
    figures = []
    for k, path in enumerate(paths):
        fig = plt.figure(figsize=size, constrained_layout=True)
        ax3d, ax2d = fig.add_subplot(2, 1, 1, projection="3d"), fig.add_subplot(2, 1, 2)
        _learning_rate_column(surface, path, labels[k] if k < len(labels) else "",
                              theme.PATH_COLOURS[k % len(theme.PATH_COLOURS)], ax3d, ax2d)
        figures.append(fig)
    return figures


def loss_surface_panels(
    surface: LossSurface, paths: Any = None, *, size: tuple[float, float] = (4.6, 4.0), **options: Any,
) -> list[Any]:
    """plot_loss_surface's two views as two figures (the bowl in 3D, the map from above), for show_row."""
    plt = pyplot("loss_surface_panels")
    fig3d, fig2d = (plt.figure(figsize=size, constrained_layout=True) for _ in range(2))
    ax3d, ax2d = fig3d.add_subplot(projection="3d"), fig2d.add_subplot()
    plot_loss_surface(surface, paths, ax=(ax3d, ax2d), **options)
    ax3d.set_title("the loss as a height", fontsize=10)
    ax2d.set_title("seen from above: contour lines", fontsize=10)
    return [fig3d, fig2d]
