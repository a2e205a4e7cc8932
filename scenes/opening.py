"""Opening — a small network: two inputs, one hidden layer, one output, activations flowing.

Render: manim -ql scenes/opening.py Opening

The network is a scalar `MLP(2, [3, 1])` that `fit` trained on the XOR truth table; its
weights set the edges, and every activation shown is a Value of its forward pass.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, FadeOut, LaggedStart, VGroup, Write

from autograd_mini import data
from autograd_mini.scalar import MLP
from autograd_mini.train import fit
from common import FORWARD, INK, MUTED, LessonScene, NetworkDiagram, markup, num, text

SEED = 0
EPOCHS = 200
LEARNING_RATE = 0.1
INPUTS = ((0.0, 1.0), (1.0, 1.0))  # which rows of the truth table flow through


def trained_network() -> tuple[MLP, object]:
    """The opening's network and its History: 2 inputs, 3 tanh neurons, 1 output, trained on XOR."""
    X, y = data.logic_gate("xor")
    model = MLP(2, [3, 1], activation="tanh", seed=SEED)
    history = fit(model, X, y, optimizer="adam", lr=LEARNING_RATE, epochs=EPOCHS, progress=False)
    return model, history


def forward_values(model: MLP, x: tuple[float, float]) -> list[list[float]]:
    """[inputs, hidden activations, output probability]: the engine's forward pass, layer by layer."""
    hidden = model.layers[0](list(x))
    logit = model.layers[1](hidden)[0]
    return [list(x), [h.data for h in hidden], [logit.sigmoid().data]]


def layer_weights(model: MLP) -> list[np.ndarray]:
    """Each layer's (n_out, n_in) weight matrix, read from the model's parameters."""
    return [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in model.layers]


class Opening(LessonScene):
    """Neural network basics: what the lesson promises, on a real (tiny) trained network."""

    def construct(self) -> None:
        self.model, self.history = trained_network()
        self.flows: list[list[list[float]]] = []
        self.title_card()
        self.show_network()
        for x in INPUTS:
            self.flow(x)
        self.promise()

    def title_card(self) -> None:
        self.head = self.beat_title("Neural network basics", "two inputs, one hidden layer, one output")
        self.play(FadeIn(self.head, shift=0.2 * DOWN), run_time=0.8)

    def show_network(self) -> None:
        self.net = NetworkDiagram(
            [2, 3, 1], layer_weights(self.model),
            labels=[["x<sub>1</sub>", "x<sub>2</sub>"], ["h<sub>1</sub>", "h<sub>2</sub>", "h<sub>3</sub>"], ["y"]],
            width=6.0, height=4.0,
        ).shift(DOWN * 0.3 + LEFT * 2.6)
        legend = markup(f"edges: the trained weights  (<span foreground='#60a5fa'>positive</span>, "
                        f"<span foreground='#e879f9'>negative</span>, thicker = larger)", 20, MUTED)
        legend.to_edge(DOWN, buff=0.25)
        self.legend = legend
        self.play(LaggedStart(*[FadeIn(layer) for layer in self.net.layers], lag_ratio=0.3),
                  Create(self.net.edge_group), FadeIn(self.net.labels), FadeIn(legend), run_time=1.6)

    def flow(self, x: tuple[float, float]) -> None:
        values = forward_values(self.model, x)
        self.flows.append(values)
        caption = markup(f"(x<sub>1</sub>, x<sub>2</sub>) = ({x[0]:g}, {x[1]:g})  \u2192  "
                         f"y = <span foreground='{FORWARD}'>{num(values[-1][0], 2)}</span>", 28)
        caption.move_to(RIGHT * 4.0 + UP * 0.3)
        explain = text("P(x\u2081 XOR x\u2082 = 1)", 22, MUTED).next_to(caption, DOWN, buff=0.2)
        old = getattr(self, "caption", None)
        if old:
            self.play(FadeOut(VGroup(*old)), run_time=0.3)
        self.play(self.net.flow(values, layer_time=1.0, ranges=[(0, 1), (-1, 1), (0, 1)]))
        self.play(FadeIn(caption), FadeIn(explain), run_time=0.6)
        self.caption = (caption, explain)
        self.wait(0.6)

    def promise(self) -> None:
        items = VGroup(
            text("In this lesson you will:", 28, INK, weight="BOLD"),
            text("1   tune a neuron by hand", 26),
            text("2   watch gradient descent run", 26),
            text("3   train a real multi-layer network", 26),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        items.move_to(RIGHT * 3.7 + DOWN * 0.3)
        self.play(FadeOut(VGroup(*self.caption)), self.net.animate.scale(0.85).shift(LEFT * 0.5),
                  FadeOut(self.legend), run_time=0.8)
        self.play(LaggedStart(*[Write(i) for i in items], lag_ratio=0.35), run_time=2.0)
        self.wait(1.2)
