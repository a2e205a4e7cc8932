"""LossSurface: a 3D surface from a grid of the engine's losses; a ball on it is never hidden."""

from __future__ import annotations


import numpy as np
from manim import DOWN, LEFT, ORIGIN, OUT, RIGHT, UP, DEGREES, Dot, Surface, Text, VGroup, VMobject

from .theme import BG, INK, MUTED, BALL, SURFACE_COLORS, markup, num, pretty


class LossSurface(VGroup):
    """The loss over two parameters as a 3D surface, turned so that we look at it from above.

    `w1s`, `w2s` are the grid's axes and `losses[i, j]` the engine's loss at (w1s[i], w2s[j]);
    every vertex of the mesh is one of those numbers (between vertices manim's Surface draws
    the bilinear interpolation of the grid). `point(w1, w2, loss)` is where a parameter pair
    and its loss are on screen, so a ball can sit exactly on the engine's path.

    The camera never moves in the lesson, so the surface is turned once, its faces are sorted
    back to front and shaded once: a plain 2D scene draws it fast, and anything added after
    it (the ball, its trail) is drawn on top, never hidden behind the surface.
    """

    def __init__(self, w1s: np.ndarray, w2s: np.ndarray, losses: np.ndarray, *, width: float = 7.0,
                 height: float = 5.2, z_max: float | None = None, theta: float = -50, phi: float = 62,
                 labels: tuple[str, str] | None = ("w1", "w2"), opacity: float = 1.0, z_length: float = 3.2):
        super().__init__()
        self.w1s, self.w2s, self.losses = (np.asarray(a, dtype=float) for a in (w1s, w2s, losses))
        if self.losses.shape != (len(self.w1s), len(self.w2s)):
            raise ValueError(f"losses must have shape (len(w1s), len(w2s)) = {(len(self.w1s), len(self.w2s))}, "
                             f"not {self.losses.shape}.")
        self.z_max = float(z_max if z_max is not None else self.losses.max())
        u0, u1, v0, v1 = self.w1s[0], self.w1s[-1], self.w2s[0], self.w2s[-1]
        self._uc, self._vc = (u0 + u1) / 2, (v0 + v1) / 2
        self._s = np.array([5.0 / (u1 - u0), 5.0 / (v1 - v0), z_length / max(self.z_max, 1e-12)])
        # Four points that travel with every rotation, scaling and shift of the group: the images of
        # the model-space origin and unit vectors, from which point() maps any (w1, w2, loss).
        self.anchor = VMobject(stroke_opacity=0, fill_opacity=0)
        self.anchor.set_points(np.array([ORIGIN, RIGHT, UP, OUT], dtype=float))
        self.surface = Surface(
            lambda u, v: self._model_point(u, v, self.loss_at(u, v)),
            u_range=[float(u0), float(u1)], v_range=[float(v0), float(v1)],
            resolution=(len(self.w1s) - 1, len(self.w2s) - 1), fill_opacity=opacity,
            checkerboard_colors=False, stroke_color=BG, stroke_width=0.5, stroke_opacity=0.5,
        )
        self.add(self.surface, self.anchor)
        self.rotate(theta * DEGREES, axis=OUT, about_point=ORIGIN)
        self.rotate(-phi * DEGREES, axis=RIGHT, about_point=ORIGIN)
        self._paint_faces()
        self.labels = VGroup()
        self.scale(min(width / self.width, height / self.height))
        # the axis names keep their size and sit outside the surface: it shrinks until both fit the box
        for _ in range(4 if labels else 0):
            self.remove(self.labels)
            self.labels = VGroup(self._edge_label(self._axis_name(labels[0], u0, u1), (self._uc, v0)),
                                 self._edge_label(self._axis_name(labels[1], v0, v1), (u1, self._vc)))
            self.add(self.labels)
            if self.width <= width + 1e-3 and self.height <= height + 1e-3:
                break
            body = VGroup(self.surface, self.anchor)  # what the names add to each side stays about the same
            shrink = min((width - (self.width - body.width)) / body.width,
                         (height - (self.height - body.height)) / body.height)
            body.scale(max(shrink, 0.3), about_point=body.get_center())

    @staticmethod
    def _axis_name(name: str, lo: float, hi: float) -> VGroup:
        """An axis's name over the range it spans, two short lines."""
        return VGroup(markup(pretty(name), 26, INK), markup(f"{num(lo, 1)} to {num(hi, 1)}", 22, MUTED)).arrange(
            DOWN, buff=0.06)

    def _model_point(self, u: float, v: float, z: float) -> np.ndarray:
        return np.array([(u - self._uc) * self._s[0], (v - self._vc) * self._s[1], z * self._s[2]])

    def loss_at(self, u: float, v: float) -> float:
        """Bilinear interpolation of the grid (exact at its vertices), capped at z_max."""
        i = int(np.clip(np.searchsorted(self.w1s, u) - 1, 0, len(self.w1s) - 2))
        j = int(np.clip(np.searchsorted(self.w2s, v) - 1, 0, len(self.w2s) - 2))
        tu = (u - self.w1s[i]) / (self.w1s[i + 1] - self.w1s[i])
        tv = (v - self.w2s[j]) / (self.w2s[j + 1] - self.w2s[j])
        L = self.losses
        z = (L[i, j] * (1 - tu) * (1 - tv) + L[i + 1, j] * tu * (1 - tv)
             + L[i, j + 1] * (1 - tu) * tv + L[i + 1, j + 1] * tu * tv)
        return float(min(z, self.z_max))

    def point(self, w1: float, w2: float, loss: float) -> np.ndarray:
        """Screen position of (w1, w2, loss); the loss is capped at the top of the plot."""
        o, ex, ey, ez = self.anchor.points[:4]
        m = self._model_point(w1, w2, min(loss, self.z_max))
        return o + m[0] * (ex - o) + m[1] * (ey - o) + m[2] * (ez - o)

    def _paint_faces(self) -> None:
        """Colour each face by its height (the engine's losses at its corners), shade it by
        its slope towards a light, and sort the faces so the nearest is drawn last."""
        from manim import ManimColor, interpolate_color

        lo, hi = float(self.losses.min()), self.z_max
        c0, c1, c2 = (ManimColor(c) for c in SURFACE_COLORS)
        light = np.array([-0.4, 0.6, 1.0])
        light /= np.linalg.norm(light)
        faces = list(self.surface.submobjects)
        depth = []
        for face in faces:
            i, j = face.u_index, face.v_index
            z = float(np.mean(np.minimum(self.losses[i:i + 2, j:j + 2], hi)))
            t = float(np.clip((z - lo) / max(hi - lo, 1e-12), 0, 1)) ** 0.6
            color = interpolate_color(c0, c1, t / 0.5) if t < 0.5 else interpolate_color(c1, c2, (t - 0.5) / 0.5)
            corners = np.asarray(face.get_anchors())
            normal = np.cross(corners[1] - corners[0], corners[-2] - corners[0])
            normal /= max(np.linalg.norm(normal), 1e-12)
            if normal[2] < 0:
                normal = -normal  # the side facing the viewer
            bright = 0.6 + 0.5 * max(0.0, float(normal @ light))
            face.set_fill(interpolate_color(ManimColor(BG), color, min(bright, 1.0)))
            face.shade_in_3d = False
            depth.append(float(np.mean(corners[:, 2])))
        order = np.argsort(depth, kind="stable")  # far (small z) first
        self.surface.submobjects = [faces[k] for k in order]

    def contours(self, levels: int = 7, color: str = INK, opacity: float = 0.35) -> VGroup:
        """Add contour lines on the surface, where the loss is constant, at `levels` heights from
        just above the lowest grid loss to z_max (contourpy on the engine's grid); return them."""
        import contourpy

        lo, hi = float(self.losses.min()), self.z_max
        # spaced in the square root of the height: the bowl's floor gets as many rings as its walls
        heights = lo + (hi - lo) * np.linspace(0.0, 1.0, levels + 2)[1:-1] ** 2
        gen = contourpy.contour_generator(self.w1s, self.w2s, np.minimum(self.losses.T, hi),
                                          line_type=contourpy.LineType.Separate)
        rings = VGroup()
        for h in heights:
            for line in gen.lines(h):
                if len(line) < 2:
                    continue
                ring = VMobject(stroke_color=color, stroke_width=1.5, stroke_opacity=opacity)
                ring.set_points_as_corners([self.point(u, v, h) for u, v in line])
                rings.add(ring)
        rings.heights = heights
        self.remove(self.labels)
        self.add(rings, self.labels)  # part of the surface, under its axis names
        return rings

    def _edge_label(self, label, uv, clearance: float = 0.15) -> VGroup:
        """Put `label` by the middle of an edge, outside the surface: it is moved from the edge
        outwards (along the way from the centre, or any of eight directions that does not point
        inwards) until no drawn part of the surface, as projected on screen, comes within
        `clearance` of its box; the shortest such move wins."""
        from .narration import outline_samples

        u, v = uv
        edge = self.point(u, v, self.loss_at(u, v))[:2]
        centre = self.point(self._uc, self._vc, self.loss_at(self._uc, self._vc))[:2]
        out = (edge - centre) / max(np.linalg.norm(edge - centre), 1e-9)
        drawn = np.concatenate([outline_samples(face) for face in self.surface.submobjects])[:, :2]
        half = np.array([label.width / 2 + clearance, label.height / 2 + clearance])
        best = None
        for a in np.arange(8) * np.pi / 4:
            for d in (out, np.array([np.cos(a), np.sin(a)])):
                if d @ out < 0.2:
                    continue  # that way lies the surface
                for k in range(200):  # 0.05 units at a time
                    at = edge + 0.05 * k * d
                    if not np.any(np.all(np.abs(drawn - at) < half, axis=1)):
                        break
                if best is None or k < best[0]:
                    best = (k, at)
        return label.move_to([*best[1], 0.0])

    def make_ball(self, radius: float = 0.13, color: str = BALL) -> VGroup:
        """A ball: a disc with a highlight, drawn on top of the surface."""
        ball = VGroup(
            Dot(radius=radius, color=color, stroke_color=BG, stroke_width=2),
            Dot(radius=radius * 0.35, color="#fffbe6").shift(UP * radius * 0.35 + LEFT * radius * 0.3),
        )
        ball.radius = radius
        return ball

    def ball_position(self, w1: float, w2: float, loss: float, radius: float) -> np.ndarray:
        """Where the ball's centre goes: the surface point, lifted by the radius on screen."""
        return self.point(w1, w2, loss) + UP * radius * 0.9


def curtain(mob, buff: float = 0.15):
    """A background-coloured rectangle over `mob`: fading it out reveals `mob` (which then
    stays static and costs nothing per frame), fading it in hides it."""
    from manim import Rectangle

    return Rectangle(width=mob.width + 2 * buff, height=mob.height + 2 * buff, stroke_width=0,
                     fill_color=BG, fill_opacity=1).move_to(mob)


def ball_at(surface: LossSurface, path, t: float, radius: float) -> np.ndarray:
    """Where a ball is at step t of a descent path: at whole steps exactly on the engine's path
    (its weights and its loss); between step k and k+1 on the straight line joining the two."""
    last = len(path.points) - 1
    k = int(np.clip(np.floor(t), 0, last))
    frac = min(t - k, 1.0) if k < last else 0.0
    a = surface.ball_position(*path.points[k][:2], path.losses[k], radius)
    if frac == 0.0:
        return a
    b = surface.ball_position(*path.points[k + 1][:2], path.losses[k + 1], radius)
    return a + frac * (b - a)


def lerp_path(points: np.ndarray, t: float) -> np.ndarray:
    """The point a fraction of the way between whole steps k and k+1 of `points` (step t)."""
    last = len(points) - 1
    k = int(np.clip(np.floor(t), 0, last))
    frac = min(t - k, 1.0) if k < last else 0.0
    return points[k] if frac == 0.0 else (1 - frac) * points[k] + frac * points[k + 1]


def paced(steps: np.ndarray, share: float = 0.5):
    """A rate function for a tracker going 0 -> len(steps) whole steps: a `share` of the time is
    split by how far each step goes, the rest evenly, so big first steps are seen and small late
    ones still tick by. `steps`: the length of each step."""
    d = np.asarray(steps, dtype=float)
    weights = share * d / max(d.sum(), 1e-12) + (1 - share) / len(d)
    ends = np.concatenate([[0.0], np.cumsum(weights)])  # when each step starts and ends, 0 to 1
    ends /= ends[-1]  # exactly 1 at the end: the last step is reached, not 0.9999999 of it

    def rate(alpha: float) -> float:
        if alpha >= 1.0:
            return 1.0
        k = int(np.clip(np.searchsorted(ends, alpha, side="right") - 1, 0, len(d) - 1))
        return (k + min((alpha - ends[k]) / max(weights[k], 1e-12), 1.0)) / len(d)

    return rate
