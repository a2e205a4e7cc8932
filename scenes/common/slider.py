"""Slider: a labelled track with a knob and a read-out."""

from __future__ import annotations


import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Animation, AnimationGroup, Dot, Line, Transform, VGroup, VMobject

from .theme import INK, MUTED, markup, num
from .readout import _Glyphs


class Slider(VGroup):
    """A labelled slider: a track from lo to hi, a knob, and the value written beside it."""

    def __init__(self, label: str, lo: float, hi: float, value: float = 0.0, length: float = 3.0,
                 color: str = INK, digits: int = 2, size: float = 22, label_width: float | None = None):
        """`label_width`: the room kept for the label, so sliders stacked with the same one line up."""
        super().__init__()
        self.lo, self.hi, self.digits, self.color, self.size = lo, hi, digits, color, size
        self.label = markup(label, 24, color)
        self.track = Line(LEFT * length / 2, RIGHT * length / 2, stroke_color=MUTED, stroke_width=4)
        room = self.label.width if label_width is None else max(label_width, self.label.width)
        self.track.next_to(self.label.get_left() + RIGHT * room, RIGHT, buff=0.25)
        self.zero = Line(UP * 0.1, DOWN * 0.1, stroke_color=MUTED, stroke_width=2)
        self.zero.move_to(self.point_of(0.0) if lo < 0 < hi else self.track.get_start())
        self.knob = Dot(self.point_of(value), radius=0.11, color=color)
        advance = _Glyphs.advance(size)
        self.anchor = VMobject(stroke_opacity=0, fill_opacity=0).set_points(
            np.array([self.track.get_right() + RIGHT * (0.3 + advance / 2)] * 4))
        self.readout = _Glyphs.number(num(value, digits), size, color, self.anchor.get_center())
        self.value = value
        self.add(self.label, self.track, self.zero, self.knob, self.anchor, self.readout)

    def point_of(self, v: float) -> np.ndarray:
        t = (np.clip(v, self.lo, self.hi) - self.lo) / (self.hi - self.lo)
        return self.track.point_from_proportion(float(t))

    def set_value(self, v: float) -> Animation:
        """Animate the knob and the read-out to `v`."""
        self.value = v
        new = _Glyphs.number(num(v, self.digits), self.size, self.color, self.anchor.get_center())
        return AnimationGroup(self.knob.animate.move_to(self.point_of(v)), Transform(self.readout, new))

    def jump_to(self, v: float) -> None:
        """Set `v` at once (for updaters)."""
        self.value = v
        self.knob.move_to(self.point_of(v))
        _Glyphs.write(self.readout, num(v, self.digits), self.size, self.color, self.anchor.get_center())
