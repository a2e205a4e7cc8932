"""The lesson's colours, in one place, for plots, graphs, the playground and the videos.

Plain hex strings only (no matplotlib import), so that manim scenes can use them too.
"""

from __future__ import annotations

from typing import Any

# The four colours the lesson names (../shared/COURSE.md, "Colours used by the lesson").
CLASS_A = "#06b6d4"  # cyan: label 0
CLASS_B = "#f43f5e"  # rose: label 1
BOUNDARY = "#ea580c"  # orange: the decision line, where the probability is 0.5
MISCLASSIFIED = "#f59e0b"  # amber: outline of a point the model gets wrong

# Supporting colours.
INK = "#1f2937"  # text and axes
MUTED = "#6b7280"  # secondary text
BACKGROUND = "#ffffff"
SHADE_MIDDLE = "#ffffff"  # probability 0.5 in the shading, between cyan (0) and rose (1)
SURFACE_CMAP = "viridis"  # the loss bowl: low loss dark, high loss bright
PATH_COLOURS = ("#7c3aed", "#16a34a", "#dc2626")  # descent paths: violet, green, red

# Computation graphs (graphviz fill colours).
GRAPH_PARAMETER = "#fde7c8"  # a learned number: weight or bias
GRAPH_INPUT = "#e5e7eb"  # data fed in: x1, x2, targets, constants
GRAPH_OUTPUT = "#bbf7d0"  # the value the graph computes (backward starts here)
GRAPH_INTERMEDIATE = "#f8fafc"  # everything in between
GRAPH_OP = "#ffffff"  # an operation (+, *, sigmoid...)
GRAPH_EDGE = "#475569"

CLASS_COLOURS = (CLASS_A, CLASS_B)
CLASS_NAMES = ("class A", "class B")


def probability_cmap() -> Any:
    """A matplotlib colormap from class A cyan (p=0) through white (p=0.5) to class B rose (p=1)."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("autograd_mini_probability", [CLASS_A, SHADE_MIDDLE, CLASS_B])
