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

from autograd_mini import data, optim
from autograd_mini.engine.value import Value
from autograd_mini.scalar import Neuron
from common import (BOUNDARY, CLASS_A, CLASS_B, FORWARD, GRADIENT, INK, MUTED, LessonScene, NeuronDiagram,
                    ValueGraph, fit_in_frame, markup, num, term, text)
from common.value_graph import checking_digits, formula

SEED = 0  # the neuron's initial weights
POINT = None  # which point of the 40-point set is fed in (None: the first of class B)
LEARNING_RATE = 0.1  # the nudge's step size: w <- w - lr * dL/dw


def nudged(w: Value, lr: float = LEARNING_RATE) -> float:
    """w after one engine SGD step on its gradient (on a copy: the scene's w stays as it is)."""
    copy = Value(w.data)
    copy.grad = w.grad
    optim.SGD([copy], lr=lr).step()
    return copy.data


def build_neuron(seed: int = SEED, point: int = POINT, weights: tuple[float, float, float] | None = None) -> dict:
    """The engine's neuron on one point, one op per step: returns its Values by name.
    `weights` (w1, w2, b) replace the seeded ones, e.g. the weights after the nudge."""
    X, Y = data.make_separable()
    if point is None:
        point = int(np.flatnonzero(Y == 1)[0])
    neuron = Neuron(2, activation="sigmoid", seed=seed)
    w1, w2 = neuron.w
    b = neuron.b
    if weights is not None:
        w1.data, w2.data, b.data = weights
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
        """The neuron as textbooks draw it, with the engine's weights and inputs."""
        v = self.v
        self.formula = markup("y = \u03c3(w<sub>1</sub>\u00b7x<sub>1</sub> + w<sub>2</sub>\u00b7x<sub>2</sub> + b)", 32)
        self.formula.to_edge(UP, buff=0.45)
        self.picture = NeuronDiagram([v["w1"].data, v["w2"].data], v["b"].data, [v["x1"].data, v["x2"].data])
        self.picture.next_to(self.formula, DOWN, buff=0.35)
        fit_in_frame(self.picture, 0.6)
        self.play(FadeIn(self.formula), FadeIn(self.picture), run_time=0.8)
        self.say("The textbook neuron: x<sub>1</sub>, x<sub>2</sub> and a constant 1, weighted by "
                 "w<sub>1</sub>, w<sub>2</sub> and the bias b, go into a sum, then the activation: y.",
                 numbers={"w1": v["w1"].data, "w2": v["w2"].data, "b": v["b"].data})
        self.read()

    def engine_graph(self) -> None:
        """The same neuron as the engine's graph of Values, one box per number."""
        # stacked cells keep the boxes narrow, so the seven columns leave room for the derivatives
        self.graph = ValueGraph(self.v["L"], node_size=(1.0, 0.66), max_width=13.4, max_height=4.9, stacked=True,
                                label_size=18)
        self.graph.next_to(self.formula, DOWN, buff=0.3)
        legend = markup(f"<span foreground='{MUTED}'>each box: its name above,  </span><span foreground='{FORWARD}'>value</span>"
                        f"<span foreground='{MUTED}'> over </span><span foreground='{GRADIENT}'>gradient \u2202L/\u2202\u00b7</span>",
                        20).next_to(self.graph, DOWN, buff=0.15)
        self.legend = legend
        self.play(FadeOut(self.picture, run_time=0.6),  # the picture crossfades into the graph
                  LaggedStart(*[FadeIn(n, shift=0.1 * UP) for n in self.graph.nodes], lag_ratio=0.08),
                  LaggedStart(*[GrowArrow(e) for e in self.graph.edges.values()], lag_ratio=0.05),
                  FadeIn(legend), run_time=1.4)
        self.say("The same neuron as the engine computes it: one box per number, one arrow per input. "
                 "On the right, L: the loss on this point.")
        inputs = [self.v[k] for k in ("x1", "w1", "x2", "w2", "b")]
        self.play(*[self.graph.fill_value(u) for u in inputs], run_time=1.0)
        self.read()

    def _step(self, values, caption: str, numbers: dict) -> None:
        self.say(caption, numbers=numbers, color=FORWARD)
        self.play(*[self.graph.fill_value(u) for u in values], run_time=1.0)
        self.read()

    def multiply(self) -> None:
        """Step 1: each input times its weight."""
        v = self.v
        products = []
        for k in ("1", "2"):  # the factors with the boxes' 3 decimals, or more where the product needs them
            w, x, p = v["w" + k], v["x" + k], v["p" + k]
            d = checking_digits([(w.data, x.data)], p.data)
            products.append(formula(f"p<sub>{k}</sub> = w<sub>{k}</sub>\u00b7x<sub>{k}</sub> = {term(w.data, d)}\u00b7"
                                    f"{term(x.data, d)} = {num(p.data)}"))
        self._step([v["p1"], v["p2"]], "Step 1, multiply:   " + ",   ".join(products),
                   {"p1": v["p1"].data, "p2": v["p2"].data})

    def add_step(self) -> None:
        """Step 2: add the products, then the bias."""
        v = self.v
        self.say(f"Step 2, add: s = p<sub>1</sub> + p<sub>2</sub> = {num(v['s'].data)}; then the bias: z = s + b = {num(v['z'].data)}.",
                 numbers={"s": v["s"].data, "z": v["z"].data}, color=FORWARD)
        for u in (v["s"], v["z"]):  # first the sum, then the bias added to it
            self.play(self.graph.fill_value(u), run_time=1.0)
        self.read()

    def squash(self) -> None:
        """σ drawn as a curve with z → y marked; ReLU beside it."""
        v = self.v
        z, y = v["z"].data, v["y"].data
        keep = [m for m in self.mobjects if m is not self._caption]
        zs = np.linspace(-6, 6, 97)
        sig_axes = Axes(x_range=[-6, 6, 2], y_range=[0, 1, 0.5], x_length=4.6, y_length=2.4, tips=False,
                        axis_config={"color": MUTED, "stroke_width": 1.5})
        # the curve's heights are the engine's sigmoid at each z
        curve = sig_axes.plot_line_graph(zs, [Value(float(t)).sigmoid().data for t in zs], add_vertex_dots=False,
                                         line_color=FORWARD, stroke_width=4)
        dot = Dot(sig_axes.c2p(z, y), color=BOUNDARY, radius=0.08)
        guides = VGroup(Line(sig_axes.c2p(z, 0), sig_axes.c2p(z, y), stroke_color=BOUNDARY, stroke_width=2),
                        Line(sig_axes.c2p(z, y), sig_axes.c2p(-6, y), stroke_color=BOUNDARY, stroke_width=2))
        zl = markup(f"z = {num(z, 2)}", 20, BOUNDARY).next_to(sig_axes.c2p(z, 0), DOWN, buff=0.12)
        # y's label sits inside the plot, above its guide, where σ is still near 0
        yl = markup(f"y = {num(y, 2)}", 20, BOUNDARY).next_to(sig_axes.c2p(-6, y), UP + RIGHT, buff=0.08)
        sig_title = text("\u03c3(z): squashes into (0, 1)", 22, INK).next_to(sig_axes, UP, buff=0.15)
        relu_axes = Axes(x_range=[-6, 6, 2], y_range=[0, 6, 2], x_length=3.6, y_length=2.4, tips=False,
                         axis_config={"color": MUTED, "stroke_width": 1.5})
        relu = relu_axes.plot_line_graph(zs, [Value(float(t)).relu().data for t in zs], add_vertex_dots=False,
                                         line_color=GRADIENT, stroke_width=4)
        relu_title = text("ReLU(z): keeps positives", 22, INK).next_to(relu_axes, UP, buff=0.15)
        left = VGroup(sig_axes, curve, guides, dot, zl, yl, sig_title, self.y_ticks(sig_axes))
        right = VGroup(relu_axes, relu, relu_title, self.y_ticks(relu_axes))
        panel = VGroup(left, right).arrange(RIGHT, buff=1.2).move_to(DOWN * 0.2)
        right.align_to(left, UP)  # then both x-axes on one line: the plots share a baseline
        right.shift(UP * (sig_axes.get_bottom()[1] - relu_axes.get_bottom()[1]))
        self.say(f"Step 3, squash: y = \u03c3(z) = \u03c3({num(z, 2)}) = {num(y)}, the neuron's probability "
                 f"of class B. ReLU would keep positives and zero the rest.", numbers={"z": z, "y": y}, color=FORWARD)
        self.play(*[FadeOut(m) for m in keep], FadeIn(panel), run_time=0.8)  # one picture gives way to the other
        self.read()
        self.play(FadeOut(panel), *[FadeIn(m) for m in keep], run_time=0.6)  # back to the graph
        self.play(self.graph.fill_value(v["y"]), run_time=0.8)

    @staticmethod
    def y_ticks(axes: Axes) -> VGroup:
        """The y-axis scale: a number left of each tick, read from the axes' own range."""
        lo, hi, step = axes.y_range[:3]
        return VGroup(*[text(f"{t:g}", 18, MUTED).next_to(axes.c2p(axes.x_range[0], t), LEFT, buff=0.12)
                        for t in np.arange(lo, hi + step / 2, step)])

    def loss(self) -> None:
        """The point's label, the neuron's verdict, and the loss L = −log P(label)."""
        v = self.v
        label, y = v["label"], v["y"].data
        name, colour = ("B", CLASS_B) if label == 1 else ("A", CLASS_A)
        said = "B" if y > 0.5 else "A"
        verdict = "right" if said == name else "wrong"
        pending = [u for u, key in zip(self.graph.order, self.graph.names) if key not in self.graph.shown_data]
        self.say(f"The point (x<sub>1</sub>, x<sub>2</sub>) = ({num(v['x1'].data)}, {num(v['x2'].data)}) is "
                 f"<span foreground='{colour}'>class {name}</span>; the neuron's P(B) = {num(y)} calls it {said}: "
                 f"{verdict}. Its loss L = \u2212log P({name}) = {num(v['L'].data)}.",
                 numbers={"label": label, "y": y, "L": v["L"].data, "right": verdict == "right",
                          "x1": v["x1"].data, "x2": v["x2"].data})
        self.play(*[self.graph.fill_value(u) for u in pending], run_time=1.0)
        self.read()

    def backward(self) -> None:
        """L.backward(), then the gradients written in by distance from L, each with its chain rule."""
        v = self.v
        v["L"].backward()  # the engine computes every gradient; the scene only writes them in
        self.locals = VGroup()
        steps = self.graph.backward_layers()
        self.first_backward_step(steps[0] + steps[1])  # dL/dL = 1 goes with the first real step
        chunks: list[list[list]] = []  # two chain rules to a caption: one step of two, or two steps of one
        for layer in steps[2:]:
            if len(layer) == 1 and chunks and len(chunks[-1]) == 1 and len(chunks[-1][0]) == 1:
                chunks[-1].append(layer)
            else:
                chunks += [[layer[k:k + 2]] for k in range(0, len(layer), 2)]
        for chunk in chunks:
            self.backward_step(chunk, "\n".join(self.graph.backward_text(u) for layer in chunk for u in layer))

    def first_backward_step(self, layer: list) -> None:
        """L = −log y: its local derivative starts the chain, no product yet."""
        root = self.v["L"]
        (child, local), = [(u, dict((id(p), lg) for p, lg in self.graph.chain_rule_terms(u))[id(root)])
                           for u in layer if u is not root]
        r, c = self.graph.var(root), self.graph.var(child)
        caption = ("Backward starts at " + formula(f"\u2202{r}/\u2202{r} = 1") + ". "
                   + formula(f"{r} = \u2212{pretty_var(c)}") + ", so "
                   + formula(f"\u2202{r}/\u2202{c} = {num(local, 0)}") + "; the edges show local derivatives.")
        self.backward_step([layer], caption)

    def backward_step(self, layers: list[list], caption: str) -> None:
        """Under their chain rules, write these gradients in, one distance from L after another,
        each with its edges' local derivatives."""
        self.say(caption, numbers={self.graph.name_of(u): u.grad for layer in layers for u in layer}, color=GRADIENT)
        for layer in layers:
            anims = []
            for u in layer:
                anims.append(self.graph.fill_grad(u))
                for parent, _ in self.graph.chain_rule_terms(u):
                    label = self.graph.local_label(u, parent)
                    self.locals.add(label)
                    anims.append(FadeIn(label))
            self.play(*anims, run_time=1.0)
        self.read()

    def nudge(self) -> None:
        """One step of training: w1, w2 and b move against their gradients (engine SGD, stated lr)."""
        v = self.v
        parts, anims, new = [], [], {}
        for k in ("w1", "w2", "b"):
            w, g = v[k], v[k].grad
            new[k] = nudged(w)
            # w - lr·grad, written with enough decimals of w and grad that it checks
            d = checking_digits([(w.data, 1.0), (g, -LEARNING_RATE)], new[k])
            parts.append(formula(f"{pretty_name(k)}: {num(w.data, d)} \u2212 {LEARNING_RATE:g}\u00b7({num(g, d)}) "
                                 f"= {num(new[k])}"))
            node = self.graph.node_of(w)
            anims += [node.crossfade("data", num(new[k]), BOUNDARY), node.outline.animate.set_stroke(BOUNDARY, width=4)]
        # a fresh forward pass of the same point through the engine, with the nudged weights
        loss_before, loss_after = v["L"].data, build_neuron(weights=(new["w1"], new["w2"], new["b"]))["L"].data
        self.say(f"Training nudges each weight against its gradient (learning rate {LEARNING_RATE:g}): "
                 + formula(f"w \u2190 w \u2212 {LEARNING_RATE:g}\u00b7\u2202L/\u2202w") + ".\n" + ";   ".join(parts[:2]) + ";\n"
                 + parts[2] + ".   Forward again with them: " + formula(f"L = {num(loss_before)} \u2192 {num(loss_after)}") + ".",
                 numbers={**{k: v[k].grad for k in ("w1", "w2", "b")}, "lr": LEARNING_RATE,
                          **{f"new {k}": x for k, x in new.items()}, "L": loss_before, "L after": loss_after},
                 payoff=True)
        params = {id(self.graph.node_of(v[k])) for k in ("x1", "x2", "w1", "w2", "b")}
        stale = [node for node in self.graph.nodes if id(node) not in params] + list(self.locals)
        stale_legend = markup(f"<span foreground='{MUTED}'>dimmed: the forward and backward pass before the nudge</span>",
                              20).move_to(self.legend)
        self.play(*anims, *(m.animate.fade(0.6) for m in stale), FadeOut(self.legend), run_time=1.0)
        self.play(FadeIn(stale_legend), run_time=0.4)  # one legend at a time
        self.legend = stale_legend
        self.read()


def pretty_name(k: str) -> str:
    """A parameter's name as markup (w1 -> w<sub>1</sub>)."""
    return {"w1": "w<sub>1</sub>", "w2": "w<sub>2</sub>", "b": "b"}[k]


def pretty_var(name: str) -> str:
    """'(log y)' -> 'log y': after a minus sign the name reads without its parentheses."""
    return name[1:-1] if name.startswith("(") and name.endswith(")") else name
