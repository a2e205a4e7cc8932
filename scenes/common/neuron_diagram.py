"""NeuronDiagram: the textbook neuron (inputs, weights, a sum, an activation, the output)."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import DOWN, RIGHT, UP, Arrow, Circle, VGroup

from .theme import INK, PANEL, FORWARD, POSITIVE, NEGATIVE, text, markup, num


class NeuronDiagram(VGroup):
    """The textbook neuron: x1, x2 and a constant 1 enter with weights w1, w2 and b, a sum node,
    an activation node, the output y. Weights (from the engine's neuron) label the arrows."""

    def __init__(self, weights: Sequence[float], bias: float, inputs: Sequence[float],
                 activation: str = "\u03c3", radius: float = 0.5):
        super().__init__()
        names = [f"x<sub>{i + 1}</sub>" for i in range(len(inputs))] + ["1"]
        values = [*inputs, 1.0]
        ys = np.linspace(1.6, -1.6, len(names))
        self.inputs = VGroup(*[Circle(radius, stroke_color=INK, stroke_width=3, fill_color=PANEL, fill_opacity=1)
                               .move_to([-4.2, y, 0]) for y in ys])
        self.input_labels = VGroup(*[VGroup(markup(n, 26), text(num(v, 2), 22, FORWARD)).arrange(DOWN, buff=0.06)
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
        self.steps = VGroup(text("1. multiply", 26, FORWARD).move_to([-2.2, bottom, 0], aligned_edge=UP),
                            text("2. add", 26, FORWARD).move_to([self.sum_node.get_x(), bottom, 0], aligned_edge=UP),
                            text("3. squash", 26, FORWARD).move_to([self.activation_node.get_x(), bottom, 0], aligned_edge=UP))
        self.add(self.arrows, self.inputs, self.input_labels, self.sum_node, sigma, self.activation_node, act,
                 self.output, self.weight_labels, self.steps)
