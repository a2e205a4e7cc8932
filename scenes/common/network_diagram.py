"""NetworkDiagram: circles for neurons, one line per weight (colour = sign, width = size)."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import LEFT, RIGHT, UP, Animation, AnimationGroup, Circle, FadeIn, Line, ShowPassingFlash, Succession, VGroup

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

    def clear(self) -> Animation:
        """Every read-out fades out and every neuron goes dark again (before the next input flows)."""
        self._drop_faded()
        fades = []
        for m in self.readouts:
            m.slot = None  # faded: dropped from the diagram before the next flow
            fades.append(m.animate.set_opacity(0))
        return AnimationGroup(*fades, *[c.animate.set_fill(PANEL, opacity=1) for layer in self.layers for c in layer])

    def _drop_faded(self) -> None:
        """Forget the read-outs that have faded out (kept until their fade had been played)."""
        self.readouts.remove(*[m for m in self.readouts if getattr(m, "slot", None) is None])

    def flow(self, activations: Sequence[Sequence[float]], layer_time: float = 0.8,
             ranges: Sequence[tuple[float, float]] | None = None) -> Animation:
        """Activations moving through the network: pulses along the edges, then each neuron
        lights up by its value (read from a forward pass) and shows the number; a number
        already there crossfades into the new one (never a glyph-by-glyph morph).
        `ranges[k]` is the (low, high) of layer k's values (default -1 to 1)."""
        self._drop_faded()
        steps = []
        for k, acts in enumerate(activations):
            lo, hi = ranges[k] if ranges else (-1.0, 1.0)
            pulses = [] if k == 0 else [ShowPassingFlash(e.copy().set_stroke(FORWARD, width=6), time_width=0.5)
                                        for row in self.edges[k - 1] for e in row]
            fills, numbers = [], []
            for i, a in enumerate(acts):
                c = self.layers[k][i]
                level = float(np.clip((a - lo) / (hi - lo), 0, 1))
                fills.append(c.animate.set_fill(FORWARD, opacity=0.15 + 0.75 * level))
                r = mono(num(a, 2), 20, INK if level < 0.6 else BG).move_to(c)
                if r.width > 0.75 * c.width:  # room to spare inside the circle
                    r.scale_to_fit_width(0.75 * c.width)
                r.slot = (k, i)
                for old in [m for m in self.readouts if getattr(m, "slot", None) == (k, i)]:
                    old.slot = None  # crossfades out as the new number fades in
                    numbers.append(old.animate.set_opacity(0))
                self.readouts.add(r)
                numbers.append(FadeIn(r))
            if pulses:
                steps.append(AnimationGroup(*pulses, run_time=layer_time * 0.6))
                steps.append(AnimationGroup(*fills, *numbers, run_time=layer_time * 0.4))
            else:
                steps.append(AnimationGroup(*fills, *numbers, run_time=layer_time * 0.5))
        return Succession(*steps)
