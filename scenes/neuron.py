"""Part 1 — the neuron is three steps: multiply, add, squash; then the chain rule backwards.

Render: manim -ql scenes/neuron.py NeuronForwardBackward

The diagram is the engine's own graph of y = sigmoid(w1*x1 + w2*x2 + b): a scalar
`Neuron(2, "sigmoid")` applied to the first point of the 40-point set. The layout comes
from graphviz, the values from the forward pass, the gradients from `y.backward()`.
"""

from __future__ import annotations

from manim import DOWN, UP, FadeIn, FadeOut, GrowArrow, LaggedStart, Write

from autograd_mini import data
from autograd_mini.engine.value import Value
from autograd_mini.scalar import Neuron
from common import (FORWARD, GRADIENT, INK, MUTED, LessonScene, NeuronDiagram, ValueGraph, fit_in_frame, markup, num,
                    term, text)

SEED = 0  # the neuron's initial weights
POINT = 0  # which point of the 40-point set is fed in


def build_neuron(seed: int = SEED, point: int = POINT) -> tuple[Neuron, Value]:
    """The engine's neuron on one data point: returns (neuron, y) with y's graph labelled."""
    X, _ = data.make_separable()
    neuron = Neuron(2, activation="sigmoid", seed=seed)
    x1, x2 = Value(float(X[point, 0]), label="x1"), Value(float(X[point, 1]), label="x2")
    y = neuron([x1, x2])
    y.label = "y"
    y._prev[0].label = "z"  # the weighted sum, before the activation
    return neuron, y


class NeuronForwardBackward(LessonScene):
    """The neuron's graph: values fill in forwards, gradients fill in backwards."""

    def construct(self) -> None:
        self.neuron, self.y = build_neuron()
        self.intro()
        self.textbook_picture()
        self.show_graph()
        self.forward()
        self.backward()
        self.takeaway()

    # ------------------------------------------------------------------ beats
    def intro(self) -> None:
        self.head = self.beat_title("The neuron is three steps", "multiply by weights, add a bias, squash")
        self.formula = markup(
            "y = \u03c3(w<sub>1</sub>\u00b7x<sub>1</sub> + w<sub>2</sub>\u00b7x<sub>2</sub> + b)", 34
        ).next_to(self.head, DOWN, buff=0.25)
        self.play(FadeIn(self.head), Write(self.formula), run_time=1.2)

    def textbook_picture(self) -> None:
        """The neuron as it is usually drawn; its numbers are the engine neuron's own."""
        n, z = self.neuron, self.y._prev[0]
        inputs = [c.data for c in z._prev[2:4]]
        picture = NeuronDiagram([w.data for w in n.w], n.b.data, inputs).scale(0.9)
        picture.next_to(self.formula, DOWN, buff=0.4)
        fit_in_frame(picture)
        self.play(FadeIn(picture), run_time=0.8)
        self.wait(1.2)
        self.play(FadeOut(picture), run_time=0.5)

    def show_graph(self) -> None:
        self.graph = ValueGraph(self.y, max_width=12.5, max_height=4.3)
        self.graph.next_to(self.formula, DOWN, buff=0.35)
        self.graph.caption.next_to(self.graph, DOWN, buff=0.3)
        legend = markup(
            f"<span foreground='{MUTED}'>each box:  name  |  </span><span foreground='{FORWARD}'>value</span>"
            f"<span foreground='{MUTED}'>  |  </span><span foreground='{GRADIENT}'>gradient \u2202y/\u2202\u00b7</span>",
            20,
        ).to_edge(DOWN, buff=0.2)
        self.legend = legend
        self.play(
            LaggedStart(*[FadeIn(n, shift=0.1 * UP) for n in self.graph.nodes], lag_ratio=0.12),
            LaggedStart(*[GrowArrow(e) for e in self.graph.edges.values()], lag_ratio=0.1),
            FadeIn(legend),
            run_time=1.6,
        )
        self.add(self.graph.caption)

    def forward(self) -> None:
        self.play(self.graph.forward_pass(step_time=1.0))
        n = self.neuron
        w1, w2, b = (p.data for p in n.parameters())
        z, y = self.y._prev[0], self.y
        x1, x2 = (c.data for c in z._prev[2:4])
        filled = markup(
            f"y = \u03c3({term(w1)}\u00b7{term(x1)} + {term(w2)}\u00b7{term(x2)} + {term(b)})"
            f" = \u03c3({num(z.data)}) = <span foreground='{FORWARD}'>{num(y.data)}</span>",
            30,
        ).move_to(self.formula)
        fit_in_frame(filled)
        self.play(FadeOut(self.formula, shift=0.2 * UP), FadeIn(filled, shift=0.2 * UP), run_time=0.8)
        self.formula = filled
        self.wait(0.6)

    def backward(self) -> None:
        self.y.backward()  # the engine computes every gradient; the scene only shows them
        self.play(self.graph.backward_pass(step_time=1.3))
        self.wait(0.6)

    def takeaway(self) -> None:
        note = text(
            "A gradient says how much y moves when that number is nudged.\n"
            "Training nudges w\u2081, w\u2082 and b against their gradients.",
            24, INK, line_spacing=0.9,
        ).next_to(self.graph, DOWN, buff=0.3)
        fit_in_frame(note)
        self.play(FadeOut(self.graph.caption), FadeOut(self.legend), FadeIn(note), run_time=0.8)
        self.wait(1.2)
