"""Part 1 — the neuron is three steps: multiply, add, squash; then a loss, and the chain rule back.

Render: manim -ql scenes/neuron.py NeuronForwardBackward

The numbers are the engine's: a scalar `Neuron(2, "sigmoid")` (its weights `neuron.w`, bias
`neuron.b`) on the first of the 40 points. The scene builds the neuron's computation out of
the engine's own Value ops, one op per box so the three steps show apart (two products, two
sums, the sigmoid), then the loss of the point's label, L = −log P(label). `L.backward()`
computes every gradient; the scene writes them in, in reverse, with each local derivative on
its edge. Nothing here differentiates anything.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, Dot, FadeIn, FadeOut, GrowArrow, LaggedStart, Line, VGroup

from autograd_mini import data
from autograd_mini.engine.value import Value
from autograd_mini.scalar import Neuron
from common import (BOUNDARY, CLASS_A, CLASS_B, FORWARD, GRADIENT, INK, MUTED, LessonScene, NeuronDiagram,
                    ValueGraph, fit_in_frame, markup, num, term, text)

SEED = 0  # the neuron's initial weights
POINT = None  # which point of the 40-point set is fed in (None: the first of class B)


def build_neuron(seed: int = SEED, point: int = POINT) -> dict:
    """The engine's neuron on one point, one op per step: returns its Values by name."""
    X, Y = data.make_separable()
    if point is None:
        point = int(np.flatnonzero(Y == 1)[0])
    neuron = Neuron(2, activation="sigmoid", seed=seed)
    w1, w2 = neuron.w
    b = neuron.b
    x1, x2 = Value(float(X[point, 0]), label="x1"), Value(float(X[point, 1]), label="x2")
    p1 = w1 * x1
    p1.label = "p1"
    p2 = w2 * x2
    p2.label = "p2"
    s = p1 + p2
    s.label = "s"
    z = s + b
    z.label = "z"
    y = z.sigmoid()
    y.label = "y"
    label = int(Y[point])
    q = y if label == 1 else 1 - y  # the probability the neuron gives the point's own class
    if label == 0:
        q.label = "1\u2212y"
    log_q = q.log()
    log_q.label = "log y" if label == 1 else "log(1−y)"
    L = -log_q
    L.label = "L"
    return {"neuron": neuron, "x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b, "p1": p1, "p2": p2, "s": s,
            "z": z, "y": y, "q": q, "L": L, "label": label, "same_neuron": neuron([x1, x2]).data}


class NeuronForwardBackward(LessonScene):
    """The textbook neuron becomes the engine's graph: forward in three steps, a loss, backward."""

    PART = 1
    TITLE = "The neuron is three steps"
    TAKEAWAY = ("A neuron multiplies, adds and squashes; the loss says how wrong it is,\n"
                "and backward() says which way to nudge each weight.")
    NEXT = "Part 2, build a neuron by hand"

    def construct(self) -> None:
        self.v = build_neuron()
        self.title_card()
        self.textbook_picture()
        self.engine_graph()
        self.multiply()
        self.add_step()
        self.squash()
        self.loss()
        self.backward()
        self.nudge()
        self.end_card()

    # ------------------------------------------------------------------ beats
    def textbook_picture(self) -> None:
        v = self.v
        self.formula = markup("y = \u03c3(w<sub>1</sub>\u00b7x<sub>1</sub> + w<sub>2</sub>\u00b7x<sub>2</sub> + b)", 32)
        self.formula.to_edge(UP, buff=0.45)
        self.picture = NeuronDiagram([v["w1"].data, v["w2"].data], v["b"].data, [v["x1"].data, v["x2"].data]).scale(0.85)
        self.picture.next_to(self.formula, DOWN, buff=0.35)
        fit_in_frame(self.picture, 0.6)
        self.play(FadeIn(self.formula), FadeIn(self.picture), run_time=0.8)
        self.say("The textbook neuron: x<sub>1</sub>, x<sub>2</sub> and a constant 1 come in with weights "
                 "w<sub>1</sub>, w<sub>2</sub> and the bias b; a sum node, then the activation, then y.",
                 numbers={"w1": v["w1"].data, "w2": v["w2"].data, "b": v["b"].data})
        self.read()

    def engine_graph(self) -> None:
        self.graph = ValueGraph(self.v["L"], node_size=(1.6, 0.46), max_width=13.4, max_height=4.6)
        self.graph.next_to(self.formula, DOWN, buff=0.3)
        legend = markup(f"<span foreground='{MUTED}'>each box:  name  |  </span><span foreground='{FORWARD}'>value</span>"
                        f"<span foreground='{MUTED}'>  |  </span><span foreground='{GRADIENT}'>gradient \u2202L/\u2202\u00b7</span>",
                        20).next_to(self.graph, DOWN, buff=0.15)
        self.legend = legend
        self.play(FadeOut(self.picture), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(n, shift=0.1 * UP) for n in self.graph.nodes], lag_ratio=0.08),
                  LaggedStart(*[GrowArrow(e) for e in self.graph.edges.values()], lag_ratio=0.05),
                  FadeIn(legend), run_time=1.6)
        self.say("The same neuron as the engine computes it: one box per number, one arrow per input. "
                 "On the right, the loss L of this point.")
        inputs = [self.v[k] for k in ("x1", "w1", "x2", "w2", "b")]
        self.play(*[self.graph.fill_value(u) for u in inputs], run_time=1.0)
        self.read()

    def _step(self, values, caption: str, numbers: dict) -> None:
        self.say(caption, numbers=numbers, color=FORWARD)
        self.play(*[self.graph.fill_value(u) for u in values], run_time=1.0)
        self.read()

    def multiply(self) -> None:
        v = self.v
        self._step([v["p1"], v["p2"]],
                   f"Step 1, multiply: p<sub>1</sub> = w<sub>1</sub>\u00b7x<sub>1</sub> = {term(v['w1'].data)}\u00b7"
                   f"{term(v['x1'].data)} = {num(v['p1'].data)},   p<sub>2</sub> = w<sub>2</sub>\u00b7x<sub>2</sub> = "
                   f"{num(v['p2'].data)}",
                   {"p1": v["p1"].data, "p2": v["p2"].data})

    def add_step(self) -> None:
        v = self.v
        self._step([v["s"]], f"Step 2, add the products: s = p<sub>1</sub> + p<sub>2</sub> = {num(v['s'].data)}",
                   {"s": v["s"].data})
        self._step([v["z"]], f"... and the bias: z = s + b = {num(v['z'].data)}. The bias moves the line off the origin.",
                   {"z": v["z"].data})

    def squash(self) -> None:
        """σ drawn as a curve with z → y marked; ReLU beside it."""
        v = self.v
        z, y = v["z"].data, v["y"].data
        keep = [m for m in self.mobjects if m is not self._caption]
        panel = VGroup()
        sig_axes = Axes(x_range=[-6, 6, 2], y_range=[0, 1, 0.5], x_length=4.6, y_length=2.4, tips=False,
                        axis_config={"color": MUTED, "stroke_width": 1.5})
        # the curve's heights are the engine's sigmoid at each z
        zs = np.linspace(-6, 6, 97)
        curve = sig_axes.plot_line_graph(zs, [Value(float(t)).sigmoid().data for t in zs], add_vertex_dots=False,
                                         line_color=FORWARD, stroke_width=4)
        dot = Dot(sig_axes.c2p(z, y), color=BOUNDARY, radius=0.08)
        guides = VGroup(Line(sig_axes.c2p(z, 0), sig_axes.c2p(z, y), stroke_color=BOUNDARY, stroke_width=2),
                        Line(sig_axes.c2p(z, y), sig_axes.c2p(-6, y), stroke_color=BOUNDARY, stroke_width=2))
        zl = markup(f"z = {num(z, 2)}", 20, BOUNDARY).next_to(sig_axes.c2p(z, 0), DOWN, buff=0.12)
        yl = markup(f"y = {num(y, 2)}", 20, BOUNDARY).next_to(sig_axes.c2p(-6, y), LEFT, buff=0.1)
        sig_title = text("\u03c3(z): squashes into (0, 1)", 22, INK).next_to(sig_axes, UP, buff=0.15)
        relu_axes = Axes(x_range=[-6, 6, 2], y_range=[0, 6, 2], x_length=3.6, y_length=2.4, tips=False,
                         axis_config={"color": MUTED, "stroke_width": 1.5})
        relu = relu_axes.plot_line_graph(zs, [Value(float(t)).relu().data for t in zs], add_vertex_dots=False,
                                         line_color=GRADIENT, stroke_width=4)
        relu_title = text("ReLU(z): keeps positives", 22, INK).next_to(relu_axes, UP, buff=0.15)
        left = VGroup(sig_axes, curve, guides, dot, zl, yl, sig_title)
        right = VGroup(relu_axes, relu, relu_title)
        panel.add(left, right)
        panel.arrange(RIGHT, buff=1.2).move_to(DOWN * 0.2)
        left.shift(RIGHT * 0.4)
        self.play(*[FadeOut(m) for m in keep], run_time=0.5)
        self.say(f"Step 3, squash: y = \u03c3(z) = \u03c3({num(z, 2)}) = {num(y)}, the neuron's probability "
                 f"of class B. ReLU would keep positives and zero the rest.", numbers={"z": z, "y": y})
        self.play(FadeIn(panel), run_time=0.8)
        self.read()
        self.play(FadeOut(panel), run_time=0.5)
        self.play(*[FadeIn(m) for m in keep], run_time=0.5)
        self.play(self.graph.fill_value(v["y"]), run_time=0.8)

    def loss(self) -> None:
        v = self.v
        label, y = v["label"], v["y"].data
        name, colour = ("B", CLASS_B) if label == 1 else ("A", CLASS_A)
        said = "B" if y > 0.5 else "A"
        verdict = "right" if said == name else "wrong"
        pending = [u for u, key in zip(self.graph.order, self.graph.names) if key not in self.graph.shown_data]
        self.say(f"This point is <span foreground='{colour}'>class {name}</span>; the neuron says P(B) = {num(y)}, "
                 f"so it calls it class {said}: {verdict}. Its loss L = \u2212log P({name}) = {num(v['L'].data)}.",
                 numbers={"label": label, "y": y, "L": v["L"].data, "right": verdict == "right"})
        self.play(*[self.graph.fill_value(u) for u in pending], run_time=1.0)
        self.read()

    def backward(self) -> None:
        v = self.v
        v["L"].backward()  # the engine computes every gradient; the scene only writes them in
        self.locals = VGroup()
        layers = list(reversed(self.graph.layers()))
        layers = [layers[0] + layers[1]] + layers[2:]  # dL/dL = 1 goes with the first real step
        for layer in layers:
            anims, lines = [], []
            for u in layer:
                anims.append(self.graph.fill_grad(u))
                for parent, _ in self.graph.chain_rule_terms(u):
                    label = self.graph.local_label(u, parent)
                    self.locals.add(label)
                    anims.append(FadeIn(label))
                if u is not v["L"]:
                    lines.append(self.graph.backward_text(u))
            caption = "Backward, the chain rule: " + ";   ".join(lines[:2])
            if v["L"] in layer:
                caption = "Backward from \u2202L/\u2202L = 1; each edge gets its local derivative.   " + lines[0]
            self.say(caption, numbers={self.graph.name_of(u): u.grad for u in layer}, color=GRADIENT)
            self.play(*anims, run_time=1.0)
            self.read()

    def nudge(self) -> None:
        v = self.v
        parts = []
        for k in ("w1", "w2", "b"):
            g = v[k].grad
            way = "down" if g > 0 else "up"
            parts.append(f"{pretty_name(k)}: \u2202L/\u2202{pretty_name(k)} = {num(g)}, so {way}")
        self.say("Training nudges each weight against its gradient, so the loss falls:   " + ";   ".join(parts) + ".",
                 numbers={k: v[k].grad for k in ("w1", "w2", "b")}, payoff=True)
        self.read()


def pretty_name(k: str) -> str:
    return {"w1": "w<sub>1</sub>", "w2": "w<sub>2</sub>", "b": "b"}[k]
