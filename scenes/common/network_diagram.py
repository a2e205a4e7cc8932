"""NetworkDiagram: circles for neurons, one line per weight (colour = sign, width = size)."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import LEFT, RIGHT, UP, Animation, AnimationGroup, Circle, FadeIn, Line, ShowPassingFlash, Succession, Transform, VGroup

from .theme import BG, INK, PANEL, FORWARD, POSITIVE, NEGATIVE, mono, markup, num


class NetworkDiagram(VGroup):
    """Circles for neurons, one line per weight (colour = sign, width = size).

    `weights[k]` is the (n_out, n_in) matrix between layer k and k+1, read from a model.
    """

    def __init__(self, sizes: Sequence[int], weights: Sequence[np.ndarray] | None = None,
                 labels: Sequence[Sequence[str]] | None = None, width: float = 7.0,
                 height: float = 4.5, radius: float = 0.42):
        super().__init__()
        self.sizes = list(sizes)
        xs = np.linspace(-width / 2, width / 2, len(sizes))
        self.layers: list[VGroup] = []
        for k, n in enumerate(sizes):
            ys = np.linspace(height / 2, -height / 2, n) * (n - 1) / max(max(sizes) - 1, 1) if n > 1 else [0.0]
            col = VGroup(*[Circle(radius, stroke_color=INK, stroke_width=3, fill_color=PANEL,
                                  fill_opacity=1).move_to([xs[k], y, 0]) for y in ys])
            self.layers.append(col)
        self.edges: list[list[list[Line]]] = []  # edges[k][j][i]: layer k neuron i -> layer k+1 neuron j
        edge_group = VGroup()
        for k in range(len(sizes) - 1):
            W = None if weights is None else np.asarray(weights[k])
            scale = 1.0 if W is None else max(np.abs(W).max(), 1e-9)
            rows = []
            for j, dst in enumerate(self.layers[k + 1]):
                row = []
                for i, src in enumerate(self.layers[k]):
                    w = 1.0 if W is None else float(W[j, i])
                    line = Line(src.get_center(), dst.get_center(), buff=radius,
                                stroke_color=POSITIVE if w >= 0 else NEGATIVE,
                                stroke_width=1.0 + 6.0 * abs(w) / scale, stroke_opacity=0.85)
                    row.append(line)
                    edge_group.add(line)
                rows.append(row)
            self.edges.append(rows)
        self.edge_group = edge_group
        self.add(edge_group, *self.layers)
        self.labels = VGroup()
        if labels:
            for k, names in enumerate(labels):
                for i, name in enumerate(names or []):
                    if not name:
                        continue
                    lab = markup(name, 26)
                    side = LEFT if k == 0 else RIGHT
                    if 0 < k < len(sizes) - 1:
                        lab.next_to(self.layers[k][i], UP, buff=0.1)
                    else:
                        lab.next_to(self.layers[k][i], side, buff=0.15)
                    self.labels.add(lab)
            self.add(self.labels)
        self.readouts = VGroup()
        self.add(self.readouts)

    def set_weights(self, weights: Sequence[np.ndarray], scale: float | None = None) -> None:
        """Restyle every edge from a model's weights: colour = sign, width = size (relative to `scale`)."""
        scale = scale or max(max(float(np.abs(W).max()) for W in weights), 1e-9)
        for k, W in enumerate(weights):
            for j, row in enumerate(self.edges[k]):
                for i, line in enumerate(row):
                    w = float(np.asarray(W)[j, i])
                    line.set_stroke(POSITIVE if w >= 0 else NEGATIVE, width=1.0 + 7.0 * min(abs(w) / scale, 1.0))

    def backward_flash(self, color: str) -> list:
        """Flashes running back along every edge, output to inputs (gradients flowing back)."""
        return [ShowPassingFlash(Line(e.get_end(), e.get_start()).set_stroke(color, width=6), time_width=0.5)
                for rows in self.edges for row in rows for e in row]

    def neuron(self, layer: int, i: int) -> Circle:
        return self.layers[layer][i]

    def flow(self, activations: Sequence[Sequence[float]], layer_time: float = 0.8,
             ranges: Sequence[tuple[float, float]] | None = None) -> Animation:
        """Activations moving through the network: pulses along the edges, then each neuron
        lights up by its value (read from a forward pass) and shows the number.
        `ranges[k]` is the (low, high) of layer k's values (default -1 to 1)."""
        steps = []
        for k, acts in enumerate(activations):
            lo, hi = ranges[k] if ranges else (-1.0, 1.0)
            group = []
            if k > 0:
                group += [ShowPassingFlash(e.copy().set_stroke(FORWARD, width=6), time_width=0.5)
                          for row in self.edges[k - 1] for e in row]
            fills = []
            for i, a in enumerate(acts):
                c = self.layers[k][i]
                level = float(np.clip((a - lo) / (hi - lo), 0, 1))
                fills.append(c.animate.set_fill(FORWARD, opacity=0.15 + 0.75 * level))
                r = mono(num(a, 2), 20, INK if level < 0.6 else BG).move_to(c)
                if r.width > 1.7 * c.width / 2:
                    r.scale_to_fit_width(0.85 * c.width)
                old = [m for m in self.readouts if getattr(m, "slot", None) == (k, i)]
                r.slot = (k, i)
                if old:
                    group.append(Transform(old[0], r))
                else:
                    self.readouts.add(r)
                    group.append(FadeIn(r))
            if k > 0:
                steps.append(AnimationGroup(*group[:-len(acts)], run_time=layer_time * 0.6))
                steps.append(AnimationGroup(*fills, *group[-len(acts):], run_time=layer_time * 0.4))
            else:
                steps.append(AnimationGroup(*fills, *group, run_time=layer_time * 0.5))
        return Succession(*steps)
