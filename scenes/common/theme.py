"""The lesson's look: colours, fonts, number formatting, and fitting a mobject in the frame.

Colours: class A cyan, class B rose, decision line orange, misclassified outline amber.
Text is Pango (`Text`, `MarkupText`): no LaTeX is needed.
"""

from __future__ import annotations

import re

from manim import MarkupText, Text


BG = "#0e1117"
INK = "#e6edf3"  # text
MUTED = "#8b949e"  # secondary text, axes
PANEL = "#1c2230"  # node and panel fill
CLASS_A = "#22d3ee"  # cyan: class A (label 0)
CLASS_B = "#fb7185"  # rose: class B (label 1)
BOUNDARY = "#f97316"  # orange: the decision line
MISCLASSIFIED = "#fbbf24"  # amber: outline of a misclassified point
FORWARD = "#86efac"  # mint: values (forward pass)
GRADIENT = "#c4b5fd"  # violet: gradients (backward pass)
POSITIVE = "#60a5fa"  # blue: a positive weight
NEGATIVE = "#e879f9"  # fuchsia: a negative weight
BALL = "#fde047"  # yellow: the ball rolling down the loss surface
TRAIL = "#fef9c3"  # pale yellow: the path the ball took
SURFACE_COLORS = ("#1e3a8a", "#0f766e", "#6d28d9")  # low, middle, high loss
LR_COLORS = ("#93c5fd", "#86efac", "#fca5a5")  # too small, right, too large
HIDDEN_COLORS = ("#a78bfa", "#4ade80", "#d6b88a", "#818cf8")  # hidden neurons: violet, green, tan, indigo: far from cyan, rose, orange, amber and the white of text

FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"

FRAME_X, FRAME_Y = 7.1, 4.0  # half the frame (manim's default 14.2 x 8 units)


def light(mob):
    """Drop each glyph's parsed SVG path (svgelements), kept by manim only to build the glyph's points.

    Every FadeIn, FadeOut and Transform deep-copies its mobject, and copying those parsed paths
    was most of the copy: about half of a text-heavy scene's render time. The points stay."""
    from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

    for m in mob.get_family():
        if isinstance(m, VMobjectFromSVGPath):
            m.path_obj = None
    return mob


def text(s: str, size: float = 26, color: str = INK, **kw) -> Text:
    """Plain text in the lesson's font."""
    return light(Text(s, font=FONT, font_size=size, color=color, **kw))


def mono(s: str, size: float = 22, color: str = INK, **kw) -> Text:
    """Numbers in a fixed-width font, so a changing read-out does not jitter."""
    return light(Text(s, font=MONO, font_size=size, color=color, **kw))


def markup(s: str, size: float = 26, color: str = INK, **kw) -> MarkupText:
    """Pango markup, e.g. 'w<sub>1</sub>' for subscripts."""
    return light(MarkupText(s, font=FONT, font_size=size, color=color, **kw))


def num(x: float, digits: int = 3) -> str:
    """A number as the screen shows it (a true minus sign, fixed digits)."""
    s = f"{x:.{digits}f}"
    if s.startswith("-") and float(s) == 0.0:
        s = s[1:]  # no "-0.000"
    return s.replace("-", "\u2212")


def term(x: float, digits: int = 2) -> str:
    """A number inside a formula: negatives in parentheses, e.g. (−0.33)."""
    s = num(x, digits)
    return f"({s})" if s.startswith("\u2212") else s


def pretty(label: str) -> str:
    """Markup for a label: trailing digits become a subscript ('w1' -> w<sub>1</sub>)."""
    m = re.fullmatch(r"([A-Za-z]+)(\d+)", label)
    return f"{m.group(1)}<sub>{m.group(2)}</sub>" if m else label.replace("&", "&amp;").replace("<", "&lt;")


def fit_in_frame(mob, margin: float = 0.25):
    """Shrink `mob` (never enlarge) so it lies inside the frame with `margin` to spare."""
    max_w, max_h = 2 * (FRAME_X - margin), 2 * (FRAME_Y - margin)
    if mob.width > max_w:
        mob.scale_to_fit_width(max_w)
    if mob.height > max_h:
        mob.scale_to_fit_height(max_h)
    return mob
