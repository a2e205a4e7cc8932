"""Opening — a small network: two inputs, one hidden layer, one output, activations flowing.

Render: manim -ql scenes/opening.py Opening

The network is a scalar `MLP(2, [3, 1])` that `fit` trained on the XOR truth table; its
weights set the edges. The hidden activations are what calling the model's first layer
returns, and the output is `predict_proba` of the model: the scene applies no function itself.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, LaggedStart, VGroup

from autograd_mini import data
from autograd_mini.engine.value import Value
from autograd_mini.scalar import MLP
from autograd_mini.train import fit, predict_proba
from common import FORWARD, FRAME_X, INK, MUTED, TEXT_MARGIN, LessonScene, NetworkDiagram, num, text

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
    """[inputs, hidden activations, output probability], each from the engine: the model's first
    layer called on x, and `predict_proba` of the whole model."""
    hidden = model.layers[0]([Value(float(v)) for v in x])
    return [list(x), [h.data for h in hidden], [float(predict_proba(model, np.array([x]))[0])]]


def layer_weights(model: MLP) -> list[np.ndarray]:
    """Each layer's (n_out, n_in) weight matrix, read from the model's parameters."""
    return [np.array([[w.data for w in n.w] for n in layer.neurons]) for layer in model.layers]


class Opening(LessonScene):
    """Neural network basics: what the lesson promises, on a real (tiny) trained network."""

    PART = 0
    TITLE = "Neural network basics"
    TAKEAWAY = "A network is neurons in layers; every number in it can be learned."
    NEXT = "Part 1, the neuron is three steps"

    def construct(self) -> None:
        self.model, self.history = trained_network()
        self.flows: list[list[list[float]]] = []
        self.title_card()
        self.show_network()
        for x in INPUTS:
            self.feed(x)
            self.name_output()
        self.promise()
        self.end_card()

    def show_network(self) -> None:
        """The trained network, centred, its weights on the edges."""
        self.net = NetworkDiagram(
            [2, 3, 1], layer_weights(self.model),
            labels=[["x<sub>1</sub>", "x<sub>2</sub>"], ["h<sub>1</sub>", "h<sub>2</sub>", "h<sub>3</sub>"], ["y"]],
            width=6.0, height=4.0,
        ).shift(UP * 0.2)  # centred: promise() moves it aside for the list
        self.play(LaggedStart(*[FadeIn(layer) for layer in self.net.layers], lag_ratio=0.3),
                  Create(self.net.edge_group), FadeIn(self.net.labels), run_time=1.6)
        self.say("A small network: two inputs x<sub>1</sub>, x<sub>2</sub>, one hidden layer of three neurons, one "
                 "output y. The edges are its trained weights: <span foreground='#60a5fa'>blue positive</span>, "
                 "<span foreground='#e879f9'>pink negative</span>, thicker is larger.")
        self.read()

    def feed(self, x: tuple[float, float]) -> None:
        """Say what goes in, clear the last input's numbers, then run the forward flow."""
        values = forward_values(self.model, x)
        self.flows.append(values)
        if self.net.readouts:  # the last input's numbers go first: the caption never names the new input beside them
            self.play(self.net.clear(), run_time=0.5)
        self.say(f"Feed in (x<sub>1</sub>, x<sub>2</sub>) = ({x[0]:g}, {x[1]:g}): each layer computes its "
                 f"numbers from the layer before.")
        self.play(self.net.flow(values, layer_time=1.4, ranges=[(0, 1), (-1, 1), (0, 1)]))

    def name_output(self) -> None:
        """Only now, with y on screen, the caption names it."""
        values = self.flows[-1]
        self.say(f"Out comes y = <span foreground='{FORWARD}'>{num(values[-1][0], 2)}</span>: the network's "
                 f"probability that exactly one input is 1.", numbers={"y": values[-1][0], "hidden": values[1]})
        self.read()

    def promise(self) -> None:
        """The lesson's parts, by their real numbers, beside the network."""
        parts = [("Part 1", "the neuron is three steps"), ("Part 2", "build a neuron by hand"),
                 ("Part 3", "gradient descent: roll downhill"), ("Parts 4\u20135", "train a real multi-layer network"),
                 ("Part 6", "what you built, and what comes next")]
        rows = VGroup()
        for number, what in parts:
            rows.add(VGroup(text(number, 22, MUTED), text(what, 24)))
        column = max(r[0].width for r in rows) + 0.4  # the descriptions line up in one column
        for r in rows:
            r[1].next_to(r[0].get_left() + RIGHT * column, RIGHT, buff=0).align_to(r[0], DOWN)
        items = VGroup(text("The lesson, part by part:", 26, INK, weight="BOLD"), *rows)
        items.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self.say("Where we are going: "
                 + "; ".join(f"{what} ({number})" for number, what in parts) + ".", payoff=True)
        self.play(self.net.animate.scale(0.7).to_edge(LEFT, buff=TEXT_MARGIN + 0.2), run_time=0.8)
        right_edge = FRAME_X - TEXT_MARGIN - 0.3  # well inside the frame
        room = right_edge - (self.net.get_right()[0] + 0.6)  # between the network and the edge
        if items.width > room:
            items.scale_to_fit_width(room)
        items.next_to(self.net, RIGHT, buff=0.6)
        self.play(LaggedStart(*[FadeIn(i, shift=0.1 * RIGHT) for i in items], lag_ratio=0.4), run_time=1.6)
        self.read()
