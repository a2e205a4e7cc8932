"""Shared pieces of the lesson's videos: one colour theme and the reusable mobjects.

Every number a scene shows comes from autograd_mini: these mobjects only *draw* what the
engine computed (a Value graph and its `.data`/`.grad`, a loss grid, a model's predictions).

    ValueGraph      any Value graph, laid out by graphviz (or a layered rule of our own);
                    forward_pass()/backward_pass() return manim Animations that fill in the
                    values in topological order, then the gradients in reverse
    NetworkDiagram  the neuron diagram: circles and weighted edges of a small network;
                    flow() animates activations through it
    Slider          a labelled track with a knob and a read-out
    LossSurface     a 3D surface from a grid of losses; a ball on it is never hidden
    DataPlane       2D axes with the two classes, a decision boundary and probability
                    shading (both traced by contourpy), amber rings around mistakes
    Readout         'label value' whose value can change every frame, cheaply
    PlaneScene      replays fit's History snapshots on a DataPlane (training_frames)

Colours: class A cyan, class B rose, decision line orange, misclassified outline amber.
Text is Pango (`Text`, `MarkupText`): no LaTeX is needed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Iterable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    OUT,
    RIGHT,
    UP,
    DEGREES,
    Animation,
    AnimationGroup,
    Arrow,
    Circle,
    Dot,
    FadeIn,
    FadeOut,
    Line,
    MarkupText,
    RoundedRectangle,
    Scene,
    ShowPassingFlash,
    Succession,
    Surface,
    Text,
    Transform,
    VGroup,
    VMobject,
    Axes,
)

from autograd_mini.engine.value import Value, topological_order

# ------------------------------------------------------------------------------ theme
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
HIDDEN_COLORS = ("#a78bfa", "#34d399", "#f472b6", "#facc15")  # one per hidden neuron

FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"

FRAME_X, FRAME_Y = 7.1, 4.0  # half the frame (manim's default 14.2 x 8 units)


def text(s: str, size: float = 26, color: str = INK, **kw) -> Text:
    """Plain text in the lesson's font."""
    return Text(s, font=FONT, font_size=size, color=color, **kw)


def mono(s: str, size: float = 22, color: str = INK, **kw) -> Text:
    """Numbers in a fixed-width font, so a changing read-out does not jitter."""
    return Text(s, font=MONO, font_size=size, color=color, **kw)


def markup(s: str, size: float = 26, color: str = INK, **kw) -> MarkupText:
    """Pango markup, e.g. 'w<sub>1</sub>' for subscripts."""
    return MarkupText(s, font=FONT, font_size=size, color=color, **kw)


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


class LessonScene(Scene):
    """A 2D scene in the lesson's theme."""

    def setup(self) -> None:
        self.camera.background_color = BG

    def beat_title(self, title: str, subtitle: str = "") -> VGroup:
        """The heading of a beat, at the top of the frame."""
        head = VGroup(text(title, 34, weight="BOLD"))
        if subtitle:
            head.add(text(subtitle, 22, MUTED))
        head.arrange(DOWN, buff=0.12).to_edge(UP, buff=0.25)
        return fit_in_frame(head)


# ============================================================================ ValueGraph
_OP_SYMBOLS = {
    "+": "+",
    "-": "\u2212",
    "*": "\u00d7",
    "/": "\u00f7",
    "neg": "\u2212x",
    "exp": "exp",
    "log": "log",
    "tanh": "tanh",
    "sigmoid": "\u03c3",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "abs": "|x|",
    "sum": "\u03a3",
    "\u03a3w\u00b7x+b": "\u03a3 w\u00b7x + b",
    "bce_logits": "BCE",
}


def op_symbol(op: str) -> str:
    if op in _OP_SYMBOLS:
        return _OP_SYMBOLS[op]
    if op.startswith("**"):
        return "x^" + op[2:]
    return op


def layout_value_graph(order: Sequence[Value], rankdir: str = "LR", method: str = "auto",
                       node_size: tuple[float, float] = (3.0, 0.62)) -> dict[int, np.ndarray]:
    """Positions (in manim units, centred on the origin) of each node of a Value graph.

    `method="graphviz"` asks graphviz's `dot` (rank by dependency, fewest crossings);
    `"layers"` is a deterministic rule of our own: a node's column is the longest path from
    the inputs to it, nodes in a column keep topological order. `"auto"` tries graphviz first.
    Keys are indices into `order`.
    """
    if method in ("auto", "graphviz"):
        try:
            return _layout_graphviz(order, rankdir, node_size)
        except Exception:  # graphviz missing or failing: fall back to our own rule
            if method == "graphviz":
                raise
    return _layout_layers(order, node_size)


def _layout_graphviz(order, rankdir, node_size):
    index = {id(v): i for i, v in enumerate(order)}
    w, h = node_size
    lines = [
        "digraph G {",
        f"  rankdir={rankdir}; nodesep=0.28; ranksep=0.9; ordering=in;",
        f"  node [shape=box, fixedsize=true, width={w:.3f}, height={h:.3f}];",
    ]
    lines += [f"  n{i};" for i in range(len(order))]
    for v in order:
        for child in v._prev:
            lines.append(f"  n{index[id(child)]} -> n{index[id(v)]};")
    lines.append("}")
    src = "\n".join(lines)
    try:
        import graphviz  # the viz extra

        raw = graphviz.Source(src).pipe(format="json")
    except ImportError:
        dot = shutil.which("dot")
        if dot is None:
            raise RuntimeError("graphviz is not installed")
        raw = subprocess.run([dot, "-Tjson"], input=src.encode(), capture_output=True, check=True).stdout
    objects = json.loads(raw)["objects"]
    pts = {}
    for obj in objects:
        name = obj.get("name", "")
        if name.startswith("n") and "pos" in obj:
            x, y = (float(t) for t in obj["pos"].split(","))
            pts[int(name[1:])] = np.array([x / 72.0, y / 72.0, 0.0])  # points -> inches = units
    return _centre(pts)


def _layout_layers(order, node_size):
    index = {id(v): i for i, v in enumerate(order)}
    column = {}
    for i, v in enumerate(order):  # inputs come first in topological order
        column[i] = 1 + max((column[index[id(c)]] for c in v._prev), default=-1)
    w, h = node_size
    pts = {}
    for col in sorted(set(column.values())):
        members = [i for i in range(len(order)) if column[i] == col]
        for k, i in enumerate(members):
            pts[i] = np.array([col * (w + 0.9), -(k - (len(members) - 1) / 2) * (h + 0.28), 0.0])
    return _centre(pts)


def _centre(pts):
    arr = np.array(list(pts.values()))
    mid = (arr.min(axis=0) + arr.max(axis=0)) / 2
    return {k: p - mid for k, p in pts.items()}


class ValueNode(VGroup):
    """One Value as a record: [ name | value | gradient ], the op written above it."""

    def __init__(self, name: str, op: str = "", size: tuple[float, float] = (3.0, 0.62)):
        super().__init__()
        w, h = size
        self.box = RoundedRectangle(width=w, height=h, corner_radius=0.12, stroke_color=MUTED,
                                    stroke_width=2, fill_color=PANEL, fill_opacity=1)
        name_w = 0.26 * w
        self.sep1 = Line(UP * h / 2, DOWN * h / 2, stroke_color=MUTED, stroke_width=1.5).shift(
            LEFT * w / 2 + RIGHT * name_w)
        self.sep2 = Line(UP * h / 2, DOWN * h / 2, stroke_color=MUTED, stroke_width=1.5).shift(
            LEFT * w / 2 + RIGHT * (name_w + (w - name_w) / 2))
        self.name = markup(name, 26)
        if self.name.height > 0.8 * h:
            self.name.scale_to_fit_height(0.8 * h)
        if self.name.width > 0.9 * name_w:
            self.name.scale_to_fit_width(0.9 * name_w)
        self.name.move_to(LEFT * w / 2 + RIGHT * name_w / 2)
        self.data_center = LEFT * w / 2 + RIGHT * (name_w + (w - name_w) / 4)
        self.grad_center = LEFT * w / 2 + RIGHT * (name_w + 3 * (w - name_w) / 4)
        self.cell_w = (w - name_w) / 2
        self.w0 = w
        self.data_text = self._cell("\u00b7", MUTED, self.data_center)
        self.grad_text = self._cell("\u00b7", MUTED, self.grad_center)
        # The outline is what lights up; the filled box never goes into an animation, since
        # manim redraws an animation's mobjects on top and a filled box would hide the text.
        self.outline = self.box.copy().set_fill(opacity=0)
        self.add(self.box, self.sep1, self.sep2, self.outline, self.name, self.data_text, self.grad_text)
        if op:
            self.op_text = text(op, 18, MUTED).next_to(self.box, UP, buff=0.06)
            self.add(self.op_text)

    def _cell(self, s: str, color: str, center) -> Text:
        t = mono(s, 22, color)
        if t.width > 0.9 * self.cell_w:
            t.scale_to_fit_width(0.9 * self.cell_w)
        return t.move_to(center)

    def cell_text(self, s: str, color: str, which: str) -> Text:
        """A new read-out for the value or gradient cell, wherever the node now is."""
        center = self.data_center if which == "data" else self.grad_center
        scale = self.box.width / self.w0  # the node may have been scaled since it was built
        t = mono(s, 22, color).scale(scale)
        if t.width > 0.9 * self.cell_w * scale:
            t.scale_to_fit_width(0.9 * self.cell_w * scale)
        return t.move_to(self.box.get_center() + center * scale)


class ValueGraph(VGroup):
    """A mobject of any Value graph: one record per Value, an arrow per input.

    Build it from the root after the forward computation (the numbers are read from the
    Values, nothing is computed here). `forward_pass()` fills in `.data` in topological order;
    call `root.backward()`, then `backward_pass()` fills in `.grad` in reverse order, with the
    chain rule of each step written in `caption`. What was shown is kept in `shown_data` and
    `shown_grad` (name -> number) so a test can compare it with the engine.
    """

    def __init__(self, root: Value, *, names: dict | None = None, layout: str = "auto",
                 rankdir: str = "LR", node_size: tuple[float, float] = (3.0, 0.62),
                 max_width: float = 13.0, max_height: float = 5.0):
        super().__init__()
        self.root = root
        self.order = topological_order(root)
        self.index = {id(v): i for i, v in enumerate(self.order)}
        names = names or {}
        self.labels: list[str] = []  # what each node shows (labels may repeat, e.g. w1 in two neurons)
        for i, v in enumerate(self.order):
            self.labels.append(names.get(id(v)) or v.label or (f"v{i}" if v._prev else num(v.data, 2)))
        self.names: list[str] = []  # unique keys: a repeated label gets #2, #3, ...
        seen: dict[str, int] = {}
        for label in self.labels:
            seen[label] = seen.get(label, 0) + 1
            self.names.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
        self.positions = layout_value_graph(self.order, rankdir, layout, node_size)
        self.nodes: list[ValueNode] = []
        for i, v in enumerate(self.order):
            node = ValueNode(pretty(self.labels[i]), op_symbol(v._op) if v._prev else "", node_size)
            node.shift(self.positions[i] - node.box.get_center())
            self.nodes.append(node)
        self.edges: dict[tuple[int, int], Arrow] = {}
        for v in self.order:
            p = self.index[id(v)]
            for child in v._prev:
                c = self.index[id(child)]
                if (c, p) in self.edges:
                    continue
                a, b = self.nodes[c].box, self.nodes[p].box
                start = a.get_right() if rankdir == "LR" else a.get_bottom()
                end = b.get_left() if rankdir == "LR" else b.get_top()
                self.edges[(c, p)] = Arrow(start, end, buff=0.04, stroke_width=2.5, color=MUTED,
                                           max_tip_length_to_length_ratio=0.08, tip_length=0.16)
        self.add(*self.edges.values(), *self.nodes)
        if self.width > max_width:
            self.scale_to_fit_width(max_width)
        if self.height > max_height:
            self.scale_to_fit_height(max_height)
        self.caption = text("caption", 24).set_opacity(0).next_to(self, DOWN, buff=0.35)
        self.shown_data: dict[str, float] = {}  # name -> the value written in its node
        self.shown_grad: dict[str, float] = {}  # name -> the gradient written in its node
        self.forward_order: list[str] = []  # names in the order their values were filled
        self.backward_order: list[str] = []  # names in the order their gradients were filled

    # ---------------------------------------------------------------- helpers
    def node_of(self, v: Value) -> ValueNode:
        return self.nodes[self.index[id(v)]]

    def name_of(self, v: Value) -> str:
        """The label a node shows (for captions)."""
        return self.labels[self.index[id(v)]]

    def _depths(self) -> list[int]:
        depth = []
        for v in self.order:
            depth.append(1 + max((depth[self.index[id(c)]] for c in v._prev), default=-1))
        return depth

    def _flash(self, edge: Arrow, color: str, reverse: bool = False) -> Animation:
        path = Line(edge.get_end(), edge.get_start()) if reverse else Line(edge.get_start(), edge.get_end())
        path.set_stroke(color, width=7)
        return ShowPassingFlash(path, time_width=0.6)

    def set_caption(self, s: str, color: str = INK) -> Animation:
        new = markup(s, 24, color)
        if new.width > 2 * FRAME_X - 0.6:
            new.scale_to_fit_width(2 * FRAME_X - 0.6)
        new.move_to(self.caption)
        return Transform(self.caption, new)

    # ---------------------------------------------------------------- forward
    def fill_value(self, v: Value) -> Animation:
        """Write v.data into its node (and flash the arrows that brought its inputs)."""
        i = self.index[id(v)]
        node = self.nodes[i]
        self.shown_data[self.names[i]] = v.data
        self.forward_order.append(self.names[i])
        anims = [self._flash(self.edges[(self.index[id(c)], i)], FORWARD) for c in dict.fromkeys(v._prev)]
        anims.append(Transform(node.data_text, node.cell_text(num(v.data), FORWARD, "data")))
        anims.append(node.outline.animate.set_stroke(FORWARD))
        return AnimationGroup(*anims)

    def forward_pass(self, step_time: float = 0.9, captions: bool = True) -> Animation:
        """Fill every node's value, inputs first (topological order), one depth at a time."""
        depth = self._depths()
        steps = []
        for d in sorted(set(depth)):
            layer = [v for v, dv in zip(self.order, depth) if dv == d]
            group = [self.fill_value(v) for v in layer]
            if captions:
                if d == 0:
                    group.append(self.set_caption("forward: the inputs and parameters", FORWARD))
                else:
                    group.append(self.set_caption(
                        "forward: " + ",  ".join(self._forward_text(v) for v in layer), FORWARD))
            steps.append(AnimationGroup(*group, run_time=step_time))
        return Succession(*steps)

    def _forward_text(self, v: Value) -> str:
        args = ", ".join(pretty(self.name_of(c)) for c in v._prev)
        return f"{pretty(self.name_of(v))} = {op_symbol(v._op)}({args}) = {num(v.data)}"

    # ---------------------------------------------------------------- backward
    def chain_rule_terms(self, v: Value) -> list[tuple[Value, float]]:
        """(parent, local derivative d parent / d v) for each op that used v: engine numbers."""
        terms = []
        for parent in self.order:
            local = sum(lg for c, lg in zip(parent._prev, parent._local_grads) if c is v)
            if any(c is v for c in parent._prev):
                terms.append((parent, local))
        return terms

    def fill_grad(self, v: Value, caption: bool = True) -> Animation:
        i = self.index[id(v)]
        node = self.nodes[i]
        self.shown_grad[self.names[i]] = v.grad
        self.backward_order.append(self.names[i])
        terms = self.chain_rule_terms(v)
        anims = [self._flash(self.edges[(i, self.index[id(p)])], GRADIENT, reverse=True) for p, _ in terms]
        anims.append(Transform(node.grad_text, node.cell_text(num(v.grad), GRADIENT, "grad")))
        anims.append(node.outline.animate.set_stroke(GRADIENT))
        if caption:
            anims.append(self.set_caption(self._backward_text(v, terms), GRADIENT))
        return AnimationGroup(*anims)

    def _backward_text(self, v: Value, terms) -> str:
        r, n = pretty(self.name_of(self.root)), pretty(self.name_of(v))
        if v is self.root:
            return f"backward: \u2202{r}/\u2202{r} = 1"
        parts = " + ".join(f"\u2202{pretty(self.name_of(p))}/\u2202{n} \u00b7 \u2202{r}/\u2202{pretty(self.name_of(p))}"
                           for p, _ in terms)
        nums = " + ".join(f"{num(local)} \u00d7 {num(p.grad)}" for p, local in terms)
        return f"\u2202{r}/\u2202{n} = {parts} = {nums} = {num(v.grad)}"

    def backward_pass(self, step_time: float = 1.4, captions: bool = True) -> Animation:
        """Fill every gradient, output first (reverse topological order): the chain rule.

        Call `root.backward()` first; the gradients are read from the Values.
        """
        if self.root.grad == 0.0 and all(v.grad == 0.0 for v in self.order):
            raise RuntimeError("backward_pass() shows the gradients backward() computed: "
                               "call root.backward() first.")
        steps = [AnimationGroup(self.fill_grad(v, captions), run_time=step_time) for v in reversed(self.order)]
        return Succession(*steps)


# ======================================================================= NetworkDiagram
class NeuronDiagram(VGroup):
    """The textbook neuron: x1, x2 and a constant 1 enter with weights w1, w2 and b, a sum node,
    an activation node, the output y. Weights (from the engine's neuron) label the arrows."""

    def __init__(self, weights: Sequence[float], bias: float, inputs: Sequence[float],
                 activation: str = "\u03c3", radius: float = 0.42):
        super().__init__()
        names = [f"x<sub>{i + 1}</sub>" for i in range(len(inputs))] + ["1"]
        values = [*inputs, 1.0]
        ys = np.linspace(1.6, -1.6, len(names))
        self.inputs = VGroup(*[Circle(radius, stroke_color=INK, stroke_width=3, fill_color=PANEL, fill_opacity=1)
                               .move_to([-4.2, y, 0]) for y in ys])
        self.input_labels = VGroup(*[VGroup(markup(n, 26), text(num(v, 2), 18, FORWARD)).arrange(DOWN, buff=0.06)
                                     .move_to(c) for n, c, v in zip(names, self.inputs, values)])
        self.sum_node = Circle(radius * 1.2, stroke_color=INK, stroke_width=3, fill_color=PANEL, fill_opacity=1)
        self.sum_node.move_to([0.0, 0, 0])
        self.activation_node = self.sum_node.copy().move_to([2.6, 0, 0])
        sigma = text("\u03a3", 34).move_to(self.sum_node)
        act = text(activation, 34).move_to(self.activation_node)
        self.output = markup("y", 34).move_to([4.6, 0, 0])
        self.arrows = VGroup()
        weight_names = [f"w<sub>{i + 1}</sub>" for i in range(len(weights))] + ["b"]
        self.weight_labels = VGroup()
        for circle, name, w in zip(self.inputs, weight_names, [*weights, bias]):
            arrow = Arrow(circle.get_center(), self.sum_node.get_center(), buff=radius * 1.2,
                          stroke_color=POSITIVE if w >= 0 else NEGATIVE, stroke_width=4, tip_length=0.2)
            label = markup(f"{name} = {num(w, 2)}", 22, POSITIVE if w >= 0 else NEGATIVE)
            above = circle.get_y() >= self.sum_node.get_y() - 1e-9  # keep the label off its own arrow
            label.next_to(circle, RIGHT, buff=0.2).shift(0.38 * (UP if above else DOWN))
            self.arrows.add(arrow)
            self.weight_labels.add(label)
        self.arrows.add(Arrow(self.sum_node.get_right(), self.activation_node.get_left(), buff=0.05,
                              stroke_color=INK, stroke_width=3, tip_length=0.2),
                        Arrow(self.activation_node.get_right(), self.output.get_left(), buff=0.1,
                              stroke_color=INK, stroke_width=3, tip_length=0.2))
        bottom = self.inputs[-1].get_bottom()[1] - 0.75
        self.steps = VGroup(text("1. multiply", 20, MUTED).move_to([-2.2, bottom, 0]),
                            text("2. add", 20, MUTED).move_to([self.sum_node.get_x(), bottom, 0]),
                            text("3. squash", 20, MUTED).move_to([self.activation_node.get_x(), bottom, 0]))
        self.add(self.arrows, self.inputs, self.input_labels, self.sum_node, sigma, self.activation_node, act,
                 self.output, self.weight_labels, self.steps)


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
    def number(cls, s: str, size: float, color: str, zero_center: np.ndarray) -> VGroup:
        return cls.write(VGroup(), s, size, color, zero_center)


# =============================================================================== Slider
class Slider(VGroup):
    """A labelled slider: a track from lo to hi, a knob, and the value written beside it."""

    def __init__(self, label: str, lo: float, hi: float, value: float = 0.0, length: float = 3.0,
                 color: str = INK, digits: int = 2, size: float = 22):
        super().__init__()
        self.lo, self.hi, self.digits, self.color, self.size = lo, hi, digits, color, size
        self.label = markup(label, 24, color)
        self.track = Line(LEFT * length / 2, RIGHT * length / 2, stroke_color=MUTED, stroke_width=4)
        self.track.next_to(self.label, RIGHT, buff=0.25)
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


# =========================================================================== LossSurface
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
        if labels:
            self.labels.add(self._edge_label(markup(pretty(labels[0]), 30, MUTED), (self._uc, v0)),
                            self._edge_label(markup(pretty(labels[1]), 30, MUTED), (u1, self._vc)))
            self.add(self.labels)
        self.scale(min(width / self.width, height / self.height))

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

    def _edge_label(self, label, uv) -> Text:
        u, v = uv
        edge = self.point(u, v, self.loss_at(u, v))
        centre = self.point(self._uc, self._vc, self.loss_at(self._uc, self._vc))
        direction = edge - centre
        direction[2] = 0
        direction /= max(np.linalg.norm(direction), 1e-9)
        return label.move_to(edge + 0.45 * direction)

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


# ============================================================================= DataPlane
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

    def boundary(self, lines: Iterable[np.ndarray], color: str = BOUNDARY, width: float = 5) -> VGroup:
        """Polylines in data coordinates (e.g. from `contour_lines`) drawn on the plane."""
        group = VGroup()
        for pts in lines:
            if len(pts) < 2:
                continue
            m = VMobject(stroke_color=color, stroke_width=width)
            m.set_points_as_corners([self.axes.c2p(px, py) for px, py in pts])
            group.add(m)
        if len(group) == 0:  # keep a valid (invisible) mobject for Transform
            group.add(VMobject().set_points_as_corners([self.axes.c2p(*self.centre())] * 2).set_stroke(opacity=0))
        return group

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
        import contourpy

        gen = contourpy.contour_generator(xs, ys, probs, fill_type=contourpy.FillType.OuterOffset)
        half = np.linspace(0.0, 0.5, bands + 1)
        levels = np.concatenate([half, 0.5 + half[1:]])
        group = VGroup()
        for lo, hi in zip(levels[:-1], levels[1:]):
            mid = (lo + hi) / 2
            strength = abs(mid - 0.5) * 2
            band = VMobject(fill_color=high if mid > 0.5 else low, fill_opacity=opacity * strength ** 0.9,
                            stroke_width=0)
            polygons, offsets = gen.filled(lo if lo > 0 else -1.0, hi if hi < 1 else 2.0)
            for pts, offs in zip(polygons, offsets):
                for start, end in zip(offs[:-1], offs[1:]):
                    ring = self.to_screen(pts[start:end])
                    if len(ring) < 3:
                        continue
                    band.start_new_path(ring[0])
                    band.add_points_as_corners(ring[1:])
            if band.has_points():
                group.add(band)
        return group.set_z_index(-1)

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


# ===================================================================== replaying training
def training_frames(model, history, epochs: Sequence[int], X: np.ndarray, y: np.ndarray,
                    x_range: tuple[float, float], y_range: tuple[float, float], n: int = 120) -> list[dict]:
    """What a plane shows at each snapshot epoch of `fit`'s History, all from the engine:
    the model's probability grid, its 0.5 contour (contourpy), its predictions, and the loss
    and accuracy `fit` measured with those parameters (full-batch training: `loss[e]` is
    measured with the parameters after e epochs; after the last epoch, `final_loss`).
    The model is left with its final parameters."""
    from autograd_mini.train import get_state, predict_proba, set_state

    final = get_state(model)
    frames = []
    try:
        for e in epochs:
            set_state(model, history.params_at(e))
            xs, ys, P = probability_grid(model, x_range, y_range, n)
            last = e >= history.epochs
            frames.append({
                "epoch": e,
                "xs": xs, "ys": ys, "probs": P,
                "lines": contour_lines(xs, ys, P, 0.5),
                "pred": (predict_proba(model, X) >= 0.5).astype(float),
                "loss": history.final_loss if last else history.loss[e],
                "accuracy": history.final_accuracy if last else history.accuracy[e],
            })
    finally:
        set_state(model, final)
    return frames


class PlaneScene(LessonScene):
    """A scene that replays training on a DataPlane: boundary, shading and read-outs per snapshot."""

    def training_panel(self, title: str, subtitle: str, position) -> VGroup:
        """A title, a subtitle and the epoch / loss / accuracy read-outs (kept in `self.readouts`)."""
        self.readouts = {
            "epoch": Readout("epoch", "0", INK, 28),
            "loss": Readout("loss", "", FORWARD, 28),
            "accuracy": Readout("accuracy", "", INK, 28),
        }
        panel = VGroup(text(title, 28, INK, weight="BOLD"), text(subtitle, 22, MUTED, line_spacing=0.8),
                       *self.readouts.values()).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        return panel.move_to(position)

    def next_model(self, panel: VGroup) -> None:
        """Clear the last model's boundary, shading, mistakes and verdict; show `panel` in place of its own."""
        self.play(FadeOut(self.wrong), FadeOut(self.verdict), FadeOut(self.boundary), FadeOut(self.panel),
                  run_time=0.4)
        self.play(FadeIn(panel), run_time=0.4)
        self.remove(self.shading)
        self.boundary = self.shading = None
        self.panel = panel

    def replay(self, plane: DataPlane, frames: list[dict], readouts: dict, step_time: float = 0.35,
               shade: bool = True, log: list | None = None) -> None:
        """Step through `frames` (from `training_frames`): the orange boundary morphs from one
        snapshot to the next, the shading and the read-outs (epoch, loss, accuracy) follow.
        Leaves `self.boundary` and `self.shading` on screen."""
        for k, f in enumerate(frames):
            new_boundary = plane.boundary(f["lines"]).set_z_index(1)
            readouts["epoch"].set(str(f["epoch"]))
            readouts["loss"].set(num(f["loss"]))
            readouts["accuracy"].set(f"{100 * f['accuracy']:.1f}%")
            if shade:
                new_shading = plane.shading(f["xs"], f["ys"], f["probs"])
                if getattr(self, "shading", None) is not None:
                    self.remove(self.shading)
                self.shading = new_shading
                self.add(new_shading)  # static: drawn under the points (z_index -1)
            if getattr(self, "boundary", None) is None:
                self.boundary = new_boundary
                self.play(FadeIn(new_boundary), run_time=step_time)
            else:
                self.play(Transform(self.boundary, new_boundary), run_time=step_time)
            if log is not None:
                log.append(f)
