"""ValueGraph: any Value graph as records [name | value | gradient], laid out by graphviz
(or a layered rule of our own); forward_pass()/backward_pass() fill the engine's numbers in."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Animation, AnimationGroup, Arrow, Line, RoundedRectangle, ShowPassingFlash, Succession, Text, Transform, VGroup

from autograd_mini.engine.value import Value, topological_order

from .narration import outline_samples
from .theme import FORWARD, GRADIENT, MUTED, PANEL, markup, mono, num, pretty


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


def inputs_of(v: Value) -> tuple:
    """The Values an op received, in order (`Value.children`, micrograd's `_prev`)."""
    return v.children


def op_of(v: Value) -> str:
    """The name of the op that made v ('' for an input): `Value.op`, micrograd's `_op`."""
    return v.op if v.children else ""


def local_derivatives(v: Value) -> tuple:
    """d v / d input for each input of v, as the engine stored them (`Value.local_grads`)."""
    return v.local_grads


def _boxes_meet(a, b, pad: float = 0.02) -> bool:
    """Whether the bounding boxes of two mobjects overlap (by more than `pad`)."""
    (ax0, ay0), (ax1, ay1) = a.get_corner(DOWN + LEFT)[:2], a.get_corner(UP + RIGHT)[:2]
    (bx0, by0), (bx1, by1) = b.get_corner(DOWN + LEFT)[:2], b.get_corner(UP + RIGHT)[:2]
    return min(ax1, bx1) - max(ax0, bx0) > pad and min(ay1, by1) - max(ay0, by0) > pad


def op_symbol(op: str) -> str:
    if op in _OP_SYMBOLS:
        return _OP_SYMBOLS[op]
    if op.startswith("**"):
        return "x^" + op[2:]
    return op


def layout_value_graph(order: Sequence[Value], rankdir: str = "LR", method: str = "auto",
                       node_size: tuple[float, float] = (1.7, 0.5)) -> dict[int, np.ndarray]:
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
        f"  rankdir={rankdir}; nodesep=0.45; ranksep=0.55; ordering=in;",
        f"  node [shape=box, fixedsize=true, width={w:.3f}, height={h + 0.3:.3f}];",  # room for the name above
    ]
    lines += [f"  n{i};" for i in range(len(order))]
    for v in order:
        for child in inputs_of(v):
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
        column[i] = 1 + max((column[index[id(c)]] for c in inputs_of(v)), default=-1)
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
    """One Value as a record: a box of two cells [ value | gradient ], its name and op above it."""

    def __init__(self, name: str, op: str = "", size: tuple[float, float] = (1.7, 0.5)):
        super().__init__()
        w, h = size
        self.box = RoundedRectangle(width=w, height=h, corner_radius=0.1, stroke_color=MUTED,
                                    stroke_width=2, fill_color=PANEL, fill_opacity=1)
        self.sep = Line(UP * h / 2, DOWN * h / 2, stroke_color=MUTED, stroke_width=1.5)
        self.name = markup(f"{name}   <span foreground='{MUTED}'>{op}</span>" if op else name, 22)
        if self.name.width > w:
            self.name.scale_to_fit_width(w)
        self.name.next_to(self.box, UP, buff=0.06)
        self.data_center = LEFT * w / 4
        self.grad_center = RIGHT * w / 4
        self.cell_w = w / 2
        self.w0 = w
        self.data_text = self._cell("\u00b7", MUTED, self.data_center)
        self.grad_text = self._cell("\u00b7", MUTED, self.grad_center)
        # The outline is what lights up; the filled box never goes into an animation, since
        # manim redraws an animation's mobjects on top and a filled box would hide the text.
        self.outline = self.box.copy().set_fill(opacity=0)
        self.add(self.box, self.sep, self.outline, self.name, self.data_text, self.grad_text)

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
    chain rule of each step in `backward_text(v)`. What was shown is kept in `shown_data` and
    `shown_grad` (name -> number) so a test can compare it with the engine.
    """

    def __init__(self, root: Value, *, names: dict | None = None, layout: str = "auto",
                 rankdir: str = "LR", node_size: tuple[float, float] = (1.7, 0.5),
                 max_width: float = 13.0, max_height: float = 5.0):
        super().__init__()
        self.root = root
        self.order = topological_order(root)
        self.index = {id(v): i for i, v in enumerate(self.order)}
        names = names or {}
        self.labels: list[str] = []  # what each node shows (labels may repeat, e.g. w1 in two neurons)
        for i, v in enumerate(self.order):
            self.labels.append(names.get(id(v)) or v.label or (f"v{i}" if inputs_of(v) else num(v.data, 2)))
        self.names: list[str] = []  # unique keys: a repeated label gets #2, #3, ...
        seen: dict[str, int] = {}
        for label in self.labels:
            seen[label] = seen.get(label, 0) + 1
            self.names.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
        self.positions = layout_value_graph(self.order, rankdir, layout, node_size)
        self.nodes: list[ValueNode] = []
        for i, v in enumerate(self.order):
            node = ValueNode(pretty(self.labels[i]), op_symbol(op_of(v)) if op_of(v) else "", node_size)
            node.shift(self.positions[i] - node.box.get_center())
            self.nodes.append(node)
        self.edges: dict[tuple[int, int], Arrow] = {}
        for v in self.order:
            p = self.index[id(v)]
            kids = list(dict.fromkeys(inputs_of(v)))
            for k, child in enumerate(kids):
                c = self.index[id(child)]
                a, b = self.nodes[c].box, self.nodes[p].box
                # each input arrives at its own point of the node's edge: no arrowheads piled up
                spread = (k - (len(kids) - 1) / 2) / max(len(kids), 1) * 0.8
                start = a.get_right() if rankdir == "LR" else a.get_bottom()
                end = (b.get_left() + UP * spread * b.height) if rankdir == "LR" else (b.get_top() + RIGHT * spread * b.width)
                self.edges[(c, p)] = Arrow(start, end, buff=0.04, stroke_width=2.5, color=MUTED,
                                           max_tip_length_to_length_ratio=0.08, tip_length=0.16)
        self.add(*self.edges.values(), *self.nodes)
        if self.width > max_width:
            self.scale_to_fit_width(max_width)
        if self.height > max_height:
            self.scale_to_fit_height(max_height)
        self.edge_labels = VGroup()  # the local derivatives written on the edges (local_label)
        self.add(self.edge_labels)
        self.diagram_id = id(self)
        for m in self.get_family():  # manim may dissolve the group; its parts still know whose they are
            m.diagram_id = self.diagram_id
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
            depth.append(1 + max((depth[self.index[id(c)]] for c in inputs_of(v)), default=-1))
        return depth

    def _flash(self, edge: Arrow, color: str, reverse: bool = False) -> Animation:
        path = Line(edge.get_end(), edge.get_start()) if reverse else Line(edge.get_start(), edge.get_end())
        path.set_stroke(color, width=7)
        return ShowPassingFlash(path, time_width=0.6)

    # ---------------------------------------------------------------- forward
    def fill_value(self, v: Value) -> Animation:
        """Write v.data into its node (and flash the arrows that brought its inputs)."""
        i = self.index[id(v)]
        node = self.nodes[i]
        self.shown_data[self.names[i]] = v.data
        self.forward_order.append(self.names[i])
        anims = [self._flash(self.edges[(self.index[id(c)], i)], FORWARD) for c in dict.fromkeys(inputs_of(v))]
        anims.append(Transform(node.data_text, node.cell_text(num(v.data), FORWARD, "data")))
        anims.append(node.outline.animate.set_stroke(FORWARD))
        return AnimationGroup(*anims)

    def layers(self) -> list[list[Value]]:
        """The graph's Values by depth: inputs first, the root last (the forward order)."""
        depth = self._depths()
        return [[v for v, dv in zip(self.order, depth) if dv == d] for d in sorted(set(depth))]

    def forward_pass(self, step_time: float = 0.9) -> Animation:
        """Fill every node's value, inputs first (topological order), one depth at a time."""
        return Succession(*[AnimationGroup(*[self.fill_value(v) for v in layer], run_time=step_time)
                            for layer in self.layers()])

    def forward_text(self, v: Value) -> str:
        """'z = +(p1, p2) = 0.53': how v was computed, with the engine's number."""
        args = ", ".join(pretty(self.name_of(c)) for c in inputs_of(v))
        return f"{pretty(self.name_of(v))} = {op_symbol(op_of(v))}({args}) = {num(v.data)}"

    # ---------------------------------------------------------------- backward
    def chain_rule_terms(self, v: Value) -> list[tuple[Value, float]]:
        """(parent, local derivative d parent / d v) for each op that used v: engine numbers."""
        terms = []
        for parent in self.order:
            pairs = [(c, lg) for c, lg in zip(inputs_of(parent), local_derivatives(parent)) if c is v]
            if pairs:
                terms.append((parent, sum(lg for _, lg in pairs)))
        return terms

    def local_label(self, child: Value, parent: Value, size: float = 15) -> Text:
        """The local derivative d parent / d child written on their edge (the engine's number)."""
        local = dict((id(p), lg) for p, lg in self.chain_rule_terms(child))[id(parent)]
        edge = self.edges[(self.index[id(child)], self.index[id(parent)])]
        scale = self.nodes[0].box.width / self.nodes[0].w0
        label = mono(num(local, 2), size, GRADIENT)
        label.scale(scale)
        # the first spot along the edge (middle first, just above it) whose box stays clear of
        # every node and every label already written: a short edge has little room
        taken = [n.box for n in self.nodes] + [n.name for n in self.nodes] + list(self.edge_labels)
        line = np.concatenate([outline_samples(m) for m in self.edges.values() if m.has_points()])
        for where, lift in [(w, l) for l in (0.2, -0.2, 0.3, -0.3, 0.42, -0.42) for w in (0.5, 0.4, 0.6, 0.3, 0.7)]:
            label.move_to(edge.point_from_proportion(where)).shift(UP * lift * scale)
            (x0, y0), (x1, y1) = label.get_corner(DOWN + LEFT)[:2], label.get_corner(UP + RIGHT)[:2]
            crossed = np.any((line[:, 0] > x0) & (line[:, 0] < x1) & (line[:, 1] > y0) & (line[:, 1] < y1))
            if not crossed and not any(_boxes_meet(label, other) for other in taken):
                break
        label.local = local
        label.diagram_id = self.diagram_id  # a label of this graph, wherever manim files it
        self.edge_labels.add(label)
        return label

    def fill_grad(self, v: Value) -> Animation:
        """Write v.grad into its node, flashing the edges it came back along."""
        i = self.index[id(v)]
        node = self.nodes[i]
        self.shown_grad[self.names[i]] = v.grad
        self.backward_order.append(self.names[i])
        terms = self.chain_rule_terms(v)
        anims = [self._flash(self.edges[(i, self.index[id(p)])], GRADIENT, reverse=True) for p, _ in terms]
        anims.append(Transform(node.grad_text, node.cell_text(num(v.grad), GRADIENT, "grad")))
        anims.append(node.outline.animate.set_stroke(GRADIENT))
        return AnimationGroup(*anims)

    def backward_text(self, v: Value) -> str:
        """The chain rule for v with the engine's numbers: 'dL/dz = dy/dz · dL/dy = 0.25 × 1.2 = 0.30'."""
        terms = self.chain_rule_terms(v)
        r, n = pretty(self.name_of(self.root)), pretty(self.name_of(v))
        if v is self.root:
            return f"\u2202{r}/\u2202{r} = 1"
        parts = " + ".join(f"\u2202{pretty(self.name_of(p))}/\u2202{n} \u00b7 \u2202{r}/\u2202{pretty(self.name_of(p))}"
                           for p, _ in terms)
        nums = " + ".join(f"{num(local)} \u00d7 {num(p.grad)}" for p, local in terms)
        return f"\u2202{r}/\u2202{n} = {parts} = {nums} = {num(v.grad)}"

    def backward_pass(self, step_time: float = 1.4) -> Animation:
        """Fill every gradient, output first (reverse topological order): the chain rule.

        Call `root.backward()` first; the gradients are read from the Values.
        """
        if self.root.grad == 0.0 and all(v.grad == 0.0 for v in self.order):
            raise RuntimeError("backward_pass() shows the gradients backward() computed: "
                               "call root.backward() first.")
        return Succession(*[AnimationGroup(self.fill_grad(v), run_time=step_time) for v in reversed(self.order)])
