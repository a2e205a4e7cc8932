"""ValueGraph: any Value graph as records [name | value | gradient], laid out by graphviz
(or a layered rule of our own); forward_pass()/backward_pass() fill the engine's numbers in."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Animation, AnimationGroup, Arrow, Line, RoundedRectangle, ShowPassingFlash, Succession, Text, VGroup

from autograd_mini.engine.value import Value, topological_order

from .narration import outline_samples
from .theme import FORWARD, GRADIENT, MUTED, PANEL, markup, mono, num, pretty, term


_OP_SYMBOLS = {
    "+": "+",
    "-": "\u2212",
    "*": "\u00d7",
    "/": "\u00f7",
    "neg": "\u2212(\u00b7)",
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


LABEL_PAD = 0.08  # an edge's derivative keeps this far from every box, name, label and line
WIDEST = "\u22120.000"  # the widest number a cell shows: every cell's font fits it


def _boxes_meet(a, b, pad: float = LABEL_PAD) -> bool:
    """Whether the bounding boxes of two mobjects come closer than `pad` (strokes have width)."""
    (ax0, ay0), (ax1, ay1) = a.get_corner(DOWN + LEFT)[:2], a.get_corner(UP + RIGHT)[:2]
    (bx0, by0), (bx1, by1) = b.get_corner(DOWN + LEFT)[:2], b.get_corner(UP + RIGHT)[:2]
    return min(ax1, bx1) - max(ax0, bx0) > -pad and min(ay1, by1) - max(ay0, by0) > -pad


def shown(x: float, digits: int = 3) -> float:
    """The number a reader sees for x: x rounded as `num` writes it."""
    return float(num(x, digits).replace("\u2212", "-"))


def checking_digits(products: Sequence[tuple[float, float]], result: float, digits: int = 3) -> int:
    """The fewest decimals (at least `digits`) to show the factors with, so that the shown factors,
    multiplied and summed, round to the shown result.

    A reader who checks 0.195 \u00d7 (\u22123.779) must not find an arithmetic error: the exact
    product of the engine's numbers may round differently from the product of their roundings,
    and one more decimal of the factors settles it (0.1946 \u00d7 (\u22123.7786) = \u22120.735)."""
    for shown_digits in range(digits, digits + 4):
        total = sum(shown(a, shown_digits) * shown(b, shown_digits) for a, b in products)
        if num(total, digits) == num(result, digits):
            return shown_digits
    return digits + 4


def formula(s: str) -> str:
    """A formula that a caption never breaks across lines (its spaces made non-breaking)."""
    return s.replace(" ", "\u00a0")


def op_symbol(op: str) -> str:
    if op in _OP_SYMBOLS:
        return _OP_SYMBOLS[op]
    if op.startswith("**"):
        return "x^" + op[2:]
    return op


def layout_value_graph(order: Sequence[Value], rankdir: str = "LR", method: str = "auto",
                       node_size: tuple[float, float] = (1.7, 0.5), ranksep: float = 0.55) -> dict[int, np.ndarray]:
    """Positions (in manim units, centred on the origin) of each node of a Value graph.

    `method="graphviz"` asks graphviz's `dot` (rank by dependency, fewest crossings);
    `"layers"` is a deterministic rule of our own: a node's column is the longest path from
    the inputs to it, nodes in a column keep topological order. `"auto"` tries graphviz first.
    Keys are indices into `order`.
    """
    if method in ("auto", "graphviz"):
        try:
            return _layout_graphviz(order, rankdir, node_size, ranksep)
        except Exception:  # graphviz missing or failing: fall back to our own rule
            if method == "graphviz":
                raise
    return _layout_layers(order, node_size, ranksep)


def _layout_graphviz(order, rankdir, node_size, ranksep=0.55):
    index = {id(v): i for i, v in enumerate(order)}
    w, h = node_size
    lines = [
        "digraph G {",
        f"  rankdir={rankdir}; nodesep=0.45; ranksep={ranksep:.3f}; ordering=in;",
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


def _layout_layers(order, node_size, ranksep=0.9):
    index = {id(v): i for i, v in enumerate(order)}
    column = {}
    for i, v in enumerate(order):  # inputs come first in topological order
        column[i] = 1 + max((column[index[id(c)]] for c in inputs_of(v)), default=-1)
    w, h = node_size
    pts = {}
    for col in sorted(set(column.values())):
        members = [i for i in range(len(order)) if column[i] == col]
        for k, i in enumerate(members):
            pts[i] = np.array([col * (w + max(ranksep, 0.9)), -(k - (len(members) - 1) / 2) * (h + 0.28), 0.0])
    return _centre(pts)


def _centre(pts):
    arr = np.array(list(pts.values()))
    mid = (arr.min(axis=0) + arr.max(axis=0)) / 2
    return {k: p - mid for k, p in pts.items()}


class ValueNode(VGroup):
    """One Value as a record: a box of two cells, value and gradient, its name and op above it.

    The cells sit side by side [ value | gradient ], or with `stacked` the value over the
    gradient (a narrower box, for a long graph). Every cell's number has one font size, the
    largest at which the widest number (WIDEST) fits its cell."""

    def __init__(self, name: str, op: str = "", size: tuple[float, float] = (1.7, 0.5), stacked: bool = False):
        super().__init__()
        w, h = size
        self.box = RoundedRectangle(width=w, height=h, corner_radius=0.1, stroke_color=MUTED,
                                    stroke_width=2, fill_color=PANEL, fill_opacity=1)
        if stacked:
            self.sep = Line(LEFT * w / 2, RIGHT * w / 2, stroke_color=MUTED, stroke_width=1.5)
            self.data_center, self.grad_center = UP * h / 4, DOWN * h / 4
            self.cell_w, cell_h = w, h / 2
        else:
            self.sep = Line(UP * h / 2, DOWN * h / 2, stroke_color=MUTED, stroke_width=1.5)
            self.data_center, self.grad_center = LEFT * w / 4, RIGHT * w / 4
            self.cell_w, cell_h = w / 2, h
        self.name = markup(f"{name}  <span foreground='{MUTED}'>{op}</span>" if op else name, 22)
        if self.name.width > w:
            self.name.scale_to_fit_width(w)
        self.name.next_to(self.box, UP, buff=0.06)
        self.w0 = w
        self.faded: list = []  # read-outs faded out by a crossfade, not yet dropped
        probe = mono(WIDEST, 22)  # one size for every cell: the widest number fills 88% of a cell
        self.font_size = 22 * min(0.88 * self.cell_w / probe.width, 0.75 * cell_h / probe.height, 1.0)
        self.data_text = self._cell("\u00b7", MUTED, self.data_center)
        self.grad_text = self._cell("\u00b7", MUTED, self.grad_center)
        # The outline is what lights up; the filled box never goes into an animation, since
        # manim redraws an animation's mobjects on top and a filled box would hide the text.
        self.outline = self.box.copy().set_fill(opacity=0)
        self.add(self.box, self.sep, self.outline, self.name, self.data_text, self.grad_text)

    def _cell(self, s: str, color: str, center, scale: float = 1.0) -> Text:
        t = mono(s, self.font_size, color).scale(scale)
        if t.width > 0.92 * self.cell_w * scale:  # only a number wider than WIDEST shrinks
            t.scale_to_fit_width(0.92 * self.cell_w * scale)
        return t.move_to(center)

    def cell_text(self, s: str, color: str, which: str) -> Text:
        """A new read-out for the value or gradient cell, wherever the node now is."""
        center = self.data_center if which == "data" else self.grad_center
        scale = self.box.width / self.w0  # the node may have been scaled since it was built
        return self._cell(s, color, self.box.get_center() + center * scale, scale)

    def crossfade(self, which: str, s: str, color: str) -> Animation:
        """The cell's number fades out as the new one fades in (no glyph-by-glyph morph)."""
        old = self.data_text if which == "data" else self.grad_text
        new = self.cell_text(s, color, which)
        if hasattr(old, "diagram_id"):  # a part of its graph, like the number it replaces
            for m in new.get_family():
                m.diagram_id = old.diagram_id
        # the old number fades in place (it stays on screen until it has been read), and leaves
        # the node at the next crossfade, when its fade has long been played
        self.remove(*self.faded)
        self.faded = [old]
        # in the node from now on (it moves with it), but unseen until its fade: play() may first
        # hold the frame for the old number's reading time, and a FadeIn would show it during that
        self.add(new.set_opacity(0))
        if which == "data":
            self.data_text = new
        else:
            self.grad_text = new
        return AnimationGroup(old.animate.set_opacity(0), new.animate.set_opacity(1))


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
                 max_width: float = 13.0, max_height: float = 5.0, stacked: bool = False,
                 label_size: float = 15, ranksep: float = 0.55):
        super().__init__()
        self.label_size = label_size
        if rankdir == "LR":  # every gap between columns has room for a derivative and its padding
            ranksep = max(ranksep, mono(WIDEST[:-1], label_size).width + 2 * LABEL_PAD + 0.12)
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
        self.positions = layout_value_graph(self.order, rankdir, layout, node_size, ranksep)
        self.nodes: list[ValueNode] = []
        for i, v in enumerate(self.order):
            node = ValueNode(pretty(self.labels[i]), op_symbol(op_of(v)) if op_of(v) else "", node_size, stacked)
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
                                           max_tip_length_to_length_ratio=0.4, tip_length=0.16)  # short edges too
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
        anims.append(node.crossfade("data", num(v.data), FORWARD))
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

    def local_label(self, child: Value, parent: Value, size: float | None = None) -> Text:
        """The local derivative d parent / d child written on their edge (the engine's number).

        It goes to the first spot along the edge (middle first, above it, then below, then
        a step sideways) whose box,
        padded by LABEL_PAD, meets no node, name, label or line; a smaller size is tried before
        giving up, and with no clear spot at all it raises: a colliding label is never drawn
        (the graph's column gaps are sized for a label, so a spot is always found in LR)."""
        local = dict((id(p), lg) for p, lg in self.chain_rule_terms(child))[id(parent)]
        edge = self.edges[(self.index[id(child)], self.index[id(parent)])]
        scale = self.nodes[0].box.width / self.nodes[0].w0
        taken = [n.box for n in self.nodes] + [n.name for n in self.nodes] + list(self.edge_labels)
        line = np.concatenate([outline_samples(f) for m in self.edges.values() for f in m.get_family() if f.has_points()])
        spots = [(w, l, dx) for dx in (0.0, 0.2, -0.2, 0.35, -0.35) for l in (0.22, -0.22, 0.32, -0.32, 0.45, -0.45)
                 for w in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)]  # a steep edge needs a step sideways too
        for shrink in (1.0, 0.9, 0.8):
            label = mono(num(local, 2), (size or self.label_size) * shrink, GRADIENT).scale(scale)
            for where, lift, dx in spots:
                label.move_to(edge.point_from_proportion(where)).shift((UP * lift + RIGHT * dx) * scale)
                (x0, y0), (x1, y1) = label.get_corner(DOWN + LEFT)[:2], label.get_corner(UP + RIGHT)[:2]
                p = LABEL_PAD
                crossed = np.any((line[:, 0] > x0 - p) & (line[:, 0] < x1 + p) & (line[:, 1] > y0 - p) & (line[:, 1] < y1 + p))
                if not crossed and not any(_boxes_meet(label, other) for other in taken):
                    label.local = local
                    label.diagram_id = self.diagram_id  # a label of this graph, wherever manim files it
                    self.edge_labels.add(label)
                    return label
        raise ValueError(f"no clear spot for d{self.name_of(parent)}/d{self.name_of(child)} on its edge: "
                         "widen the graph (node_size, ranksep, max_width)")

    def fill_grad(self, v: Value) -> Animation:
        """Write v.grad into its node, flashing the edges it came back along."""
        i = self.index[id(v)]
        node = self.nodes[i]
        self.shown_grad[self.names[i]] = v.grad
        self.backward_order.append(self.names[i])
        terms = self.chain_rule_terms(v)
        anims = [self._flash(self.edges[(i, self.index[id(p)])], GRADIENT, reverse=True) for p, _ in terms]
        anims.append(node.crossfade("grad", num(v.grad), GRADIENT))
        anims.append(node.outline.animate.set_stroke(GRADIENT))
        return AnimationGroup(*anims)

    def var(self, v: Value) -> str:
        """v's name inside a formula: '(log y)' when the name has a space, so '\u2202L/\u2202(log y)' reads right."""
        n = pretty(self.name_of(v))
        return f"({n})" if " " in n else n

    def backward_text(self, v: Value) -> str:
        """The chain rule for v with the engine's numbers, as one unbreakable formula:
        '\u2202L/\u2202z = \u2202y/\u2202z \u00b7 \u2202L/\u2202y = 0.1946 \u00d7 (\u22123.7786) = \u22120.735' (the factors with
        as many decimals as it takes for their product to check)."""
        terms = self.chain_rule_terms(v)
        r, n = self.var(self.root), self.var(v)
        if v is self.root:
            return formula(f"\u2202{r}/\u2202{r} = 1")
        parts = " + ".join(f"\u2202{self.var(p)}/\u2202{n} \u00b7 \u2202{r}/\u2202{self.var(p)}" for p, _ in terms)
        d = checking_digits([(local, p.grad) for p, local in terms], v.grad)
        nums = " + ".join(f"{term(local, d)} \u00d7 {term(p.grad, d)}" for p, local in terms)
        return formula(f"\u2202{r}/\u2202{n} = {parts} = {nums} = {num(v.grad)}")

    def backward_layers(self) -> list[list[Value]]:
        """The graph's Values by distance from the root (the longest path back): the root first.

        A Value's gradient is complete once every op that used it has passed its gradient back,
        so b, added into z, goes with s (one step from z), not with the leaves."""
        dist = {id(self.root): 0}
        for v in reversed(self.order):  # users before what they used
            for c in inputs_of(v):
                dist[id(c)] = max(dist.get(id(c), 0), dist[id(v)] + 1)
        steps = sorted(set(dist.values()))
        return [[v for v in self.order if dist[id(v)] == d] for d in steps]

    def backward_pass(self, step_time: float = 1.4) -> Animation:
        """Fill every gradient, output first (reverse topological order): the chain rule.

        Call `root.backward()` first; the gradients are read from the Values.
        """
        if self.root.grad == 0.0 and all(v.grad == 0.0 for v in self.order):
            raise RuntimeError("backward_pass() shows the gradients backward() computed: "
                               "call root.backward() first.")
        return Succession(*[AnimationGroup(self.fill_grad(v), run_time=step_time) for v in reversed(self.order)])
