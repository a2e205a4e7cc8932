"""DataPlane: 2D axes with the two classes, a decision boundary and probability shading
(both traced by contourpy), amber rings around mistakes; the model's probability grid."""

from __future__ import annotations

from typing import Iterable

import numpy as np
from manim import Circle, Dot, RoundedRectangle, Transform, VGroup, VMobject, Axes

from .theme import BG, MUTED, CLASS_A, CLASS_B, BOUNDARY, MISCLASSIFIED


class DataPlane(VGroup):
    """A 2D plane of data: class A cyan, class B rose, the orange boundary, amber mistakes."""

    def __init__(self, x_range: tuple[float, float], y_range: tuple[float, float], *,
                 width: float = 6.0, height: float = 6.0, dot_radius: float = 0.06):
        super().__init__()
        self.x_range, self.y_range = x_range, y_range
        self.axes = Axes(x_range=[x_range[0], x_range[1], 1], y_range=[y_range[0], y_range[1], 1],
                         x_length=width, y_length=height, tips=False,
                         axis_config={"color": MUTED, "stroke_width": 1.5, "include_ticks": False})
        self.frame_box = RoundedRectangle(width=width, height=height, corner_radius=0.05,
                                          stroke_color=MUTED, stroke_width=1.5).move_to(self.axes)
        self.dot_radius = dot_radius
        self.add(self.frame_box, self.axes)

    def data_dots(self, X: np.ndarray, y: np.ndarray) -> VGroup:
        dots = VGroup(*[Dot(self.axes.c2p(*x), radius=self.dot_radius,
                            color=CLASS_B if label else CLASS_A, stroke_color=BG, stroke_width=1)
                        for x, label in zip(X, y)])
        return dots.set_z_index(2)

    def boundary(self, lines: Iterable[np.ndarray], color: str = BOUNDARY, width: float = 5) -> VMobject:
        """Polylines in data coordinates (e.g. from `contour_lines`) as one mobject, a path per line."""
        return self.trace(VMobject(stroke_color=color, stroke_width=width, fill_opacity=0), lines)

    def trace(self, mob: VMobject, lines: Iterable[np.ndarray]) -> VMobject:
        """Redraw `mob` in place as the polylines `lines` (the same object every frame: manim keeps
        drawing what it listed at the start of an animation, so a new object would leave ghosts)."""
        mob.clear_points()
        for pts in lines:
            if len(pts) < 2:
                continue
            screen = self.to_screen(np.asarray(pts))
            mob.start_new_path(screen[0])
            mob.add_points_as_corners(screen[1:])
        return mob

    def centre(self):
        return ((self.x_range[0] + self.x_range[1]) / 2, (self.y_range[0] + self.y_range[1]) / 2)

    def to_screen(self, pts: np.ndarray) -> np.ndarray:
        """Data coordinates (N, 2) -> screen points (N, 3); the axes are linear, so one affine map."""
        o = self.axes.c2p(0, 0)
        ex, ey = self.axes.c2p(1, 0) - o, self.axes.c2p(0, 1) - o
        pts = np.asarray(pts, dtype=float)
        return o + pts[:, :1] * ex + pts[:, 1:2] * ey

    def shading(self, xs: np.ndarray, ys: np.ndarray, probs: np.ndarray, opacity: float = 0.5,
                low: str = CLASS_A, high: str = CLASS_B, bands: int = 5) -> VGroup:
        """P(class B) over the plane as filled bands (contourpy's filled contours of the grid
        `probs[r, c]` at (xs[c], ys[r])): cyan where class A is likely, rose for B, fading to the
        background at 0.5. It lies under everything else on the plane (z_index -1)."""
        half = np.linspace(0.0, 0.5, bands + 1)
        levels = np.concatenate([half, 0.5 + half[1:]])
        group = VGroup()
        for lo, hi in zip(levels[:-1], levels[1:]):
            mid = (lo + hi) / 2
            strength = abs(mid - 0.5) * 2
            band = VMobject(fill_color=high if mid > 0.5 else low, fill_opacity=opacity * strength ** 0.9,
                            stroke_width=0)
            band.levels = (lo if lo > 0 else -1.0, hi if hi < 1 else 2.0)
            group.add(band)
        return self.reshade(group, xs, ys, probs).set_z_index(-1)

    def reshade(self, group: VGroup, xs: np.ndarray, ys: np.ndarray, probs: np.ndarray | None) -> VGroup:
        """Redraw the bands of `shading()` in place from a new grid (None: no shading)."""
        import contourpy

        gen = None if probs is None else contourpy.contour_generator(xs, ys, probs,
                                                                     fill_type=contourpy.FillType.OuterOffset)
        for band in group:
            band.clear_points()
            if gen is None:
                continue
            polygons, offsets = gen.filled(*band.levels)
            for pts, offs in zip(polygons, offsets):
                for start, end in zip(offs[:-1], offs[1:]):
                    ring = self.to_screen(pts[start:end])
                    if len(ring) < 3:
                        continue
                    band.start_new_path(ring[0])
                    band.add_points_as_corners(ring[1:])
        return group

    def rings(self, X: np.ndarray) -> VGroup:
        """One amber ring per point, all hidden: `mark` shows those around mistakes."""
        return VGroup(*[Circle(self.dot_radius * 1.9, stroke_color=MISCLASSIFIED, stroke_width=3, stroke_opacity=0)
                        .move_to(self.axes.c2p(*x)) for x in X]).set_z_index(3)

    def mark(self, rings: VGroup, y: np.ndarray, pred: np.ndarray) -> VGroup:
        """Show the ring of each point whose predicted class is wrong, hide the others (in place)."""
        for ring, t, p in zip(rings, y, pred):
            ring.set_stroke(opacity=1.0 if int(t) != int(p) else 0.0)
        return rings

    def mistakes(self, X: np.ndarray, y: np.ndarray, pred: np.ndarray) -> VGroup:
        """Amber rings around the points whose predicted class is wrong."""
        return VGroup(*[Circle(self.dot_radius * 1.9, stroke_color=MISCLASSIFIED, stroke_width=3).move_to(
            self.axes.c2p(*x)) for x, t, p in zip(X, y, pred) if int(t) != int(p)]).set_z_index(3)


def probability_grid(model, x_range: tuple[float, float], y_range: tuple[float, float], n: int = 120):
    """(xs, ys, P) with P[r, c] = the model's P(class 1) at (xs[c], ys[r]): `predict_proba` on a grid."""
    from autograd_mini.train import predict_proba

    xs = np.linspace(x_range[0], x_range[1], n)
    ys = np.linspace(y_range[0], y_range[1], n)
    gx, gy = np.meshgrid(xs, ys)
    P = predict_proba(model, np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    return xs, ys, P


def contour_lines(xs: np.ndarray, ys: np.ndarray, z: np.ndarray, level: float = 0.5) -> list[np.ndarray]:
    """The `level` contour of z[row=y, col=x] as polylines (arrays of (x, y)), traced by contourpy."""
    import contourpy

    gen = contourpy.contour_generator(xs, ys, z, line_type=contourpy.LineType.Separate)
    return [np.asarray(line) for line in gen.lines(level)]
