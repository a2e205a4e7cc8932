"""Readout: 'label value' whose value can change every frame, cheaply (fixed-width glyphs)."""

from __future__ import annotations


import numpy as np
from manim import RIGHT, Animation, Text, Transform, VGroup, VMobject

from .theme import INK, MUTED, MONO, markup


class _Glyphs:
    """Fixed-width digits for read-outs that change every frame.

    Building a Text costs tens of milliseconds (Pango, then SVG parsing); each character here
    is rendered once per font size and its outline reused. A read-out is a VGroup of glyph
    slots whose outlines are rewritten in place, so an updater can change it cheaply and
    manim keeps drawing the same objects. A glyph keeps its offset from the centre of a '0'
    in the same cell, so all of them sit on one baseline."""

    _advance: dict[float, float] = {}
    _cache: dict[tuple[float, str], tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def advance(cls, size: float) -> float:
        if size not in cls._advance:
            pair = Text("00", font=MONO, font_size=size)
            cls._advance[size] = pair[1].get_center()[0] - pair[0].get_center()[0]
        return cls._advance[size]

    @classmethod
    def outline(cls, ch: str, size: float) -> tuple[np.ndarray, np.ndarray]:
        """(points centred on the origin, offset from a '0' in the same cell) of one character."""
        key = (size, ch)
        if key not in cls._cache:
            pair = Text("0" + ch, font=MONO, font_size=size)
            glyph = pair[1]
            offset = glyph.get_center() - (pair[0].get_center() + cls.advance(size) * RIGHT)
            cls._cache[key] = (glyph.points - glyph.get_center(), offset)
        return cls._cache[key]

    @classmethod
    def write(cls, group: VGroup, s: str, size: float, color: str, zero_center: np.ndarray) -> VGroup:
        """Write `s` into `group`'s slots; the first cell's '0' would be centred at `zero_center`."""
        while len(group.submobjects) < len(s):
            group.add(VMobject(stroke_width=0, fill_opacity=1.0))
        for k, slot in enumerate(group.submobjects):
            ch = s[k] if k < len(s) else " "
            if ch == " ":
                slot.clear_points()
                continue
            pts, offset = cls.outline(ch, size)
            slot.points = pts + (zero_center + k * cls.advance(size) * RIGHT + offset)
            slot.set_fill(color, opacity=1.0)
        return group

    @classmethod
    def number(cls, s: str, size: float, color: str, zero_center: np.ndarray, slots: int = 10) -> VGroup:
        """A read-out with room for `slots` characters from the start: a value that grows later
        reuses slots manim already draws (a slot added mid-animation would not be drawn)."""
        group = VGroup(*[VMobject(stroke_width=0, fill_opacity=1.0) for _ in range(slots)])
        return cls.write(group, s, size, color, zero_center)




class Readout(VGroup):
    """'label  value': the label muted, the value in fixed-width digits on the same baseline.
    `show(s)` returns an Animation, `set(s)` changes the value at once (cheap: for updaters)."""

    def __init__(self, label: str, value: str = "", color: str = INK, size: float = 24):
        super().__init__()
        self.size, self.color = size, color
        # A '0' after the label, in the digits' font, marks where the value starts and its baseline.
        self.label = markup(f"<span foreground='{MUTED}'>{label}</span>  <span font_family='{MONO}'>0</span>", size)
        zero = self.label.submobjects[-1]
        self.label.remove(zero)
        self.anchor = VMobject(stroke_opacity=0, fill_opacity=0).set_points(np.array([zero.get_center()] * 4))
        self.value = _Glyphs.number(value, size, color, self.anchor.get_center())
        self.add(self.label, self.anchor, self.value)

    def _scaled(self, s: str, color: str | None) -> VGroup:
        return _Glyphs.number(s, self.size, color or self.color, self.anchor.get_center())

    def show(self, s: str, color: str | None = None) -> Animation:
        return Transform(self.value, self._scaled(s, color))

    def set(self, s: str, color: str | None = None) -> None:
        _Glyphs.write(self.value, s, self.size, color or self.color, self.anchor.get_center())


def redraw(mob) -> None:
    """A no-op updater: a mobject carrying it is redrawn every frame (manim otherwise bakes a
    mobject that no animation touches into the frame's static background, and a read-out
    changed by another mobject's updater would not show its new value)."""


def keep_redrawn(*mobs) -> None:
    """Redraw `mobs` every frame until `stop_redrawing(*mobs)`."""
    for m in mobs:
        m.add_updater(redraw)


def stop_redrawing(*mobs) -> None:
    for m in mobs:
        m.remove_updater(redraw)
