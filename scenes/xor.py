"""Part 4 — why depth wins: XOR. One line cannot do it; three hidden neurons can.

Render: manim -ql scenes/xor.py XorDepth

The four points are the XOR truth table (`data.logic_gate("xor")`). A single neuron and an
MLP with three tanh hidden neurons are trained by `fit`; boundaries are the 0.5 contours of
`predict_proba` at History snapshots. Each hidden neuron's picture is its own activation,
computed by the model's first layer, and its line is where that neuron's input is 0.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, LaggedStart, VGroup

from autograd_mini import data, nn
from autograd_mini.engine.tensor import Tensor, no_grad
from autograd_mini.train import fit
from common import (FORWARD, HIDDEN_COLORS, INK, MISCLASSIFIED, MUTED, DataPlane, PlaneScene,
                    contour_lines, markup, num, term, text, training_frames)

SEED = 0
RANGE = (-0.5, 1.5)
NEURON = dict(optimizer="sgd", lr=0.5, epochs=200)
NEURON_EPOCHS = [0, 2, 5, 10, 20, 40, 80, 140, 200]
HIDDEN = 3
MLP_TRAINING = dict(optimizer="adam", lr=0.05, epochs=240)
MLP_EPOCHS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 100, 120, 150, 180, 240]
GRID = 80


def xor_data():
    return data.logic_gate("xor")


def train_neuron(X, y):
    model = nn.Linear(2, 1, seed=SEED)
    return model, fit(model, X, y, snapshot_epochs=NEURON_EPOCHS, progress=False, **NEURON)


def train_mlp(X, y):
    model = nn.MLP(2, [HIDDEN, 1], activation="tanh", seed=SEED)
    return model, fit(model, X, y, snapshot_epochs=MLP_EPOCHS, progress=False, **MLP_TRAINING)


def hidden_grids(model, n: int = GRID):
    """(xs, ys, pre, act): each hidden neuron's input (pre[j]) and tanh output (act[j]) on a grid,
    computed by the model's own first Linear layer and activation."""
    xs = ys = np.linspace(RANGE[0], RANGE[1], n)
    gx, gy = np.meshgrid(xs, ys)
    with no_grad():
        pre = model.layers[0](Tensor(np.column_stack([gx.ravel(), gy.ravel()])))
        act = model.layers[1](pre)
    shape = (HIDDEN, n, n)
    return xs, ys, pre.data.T.reshape(shape), act.data.T.reshape(shape)


class XorDepth(PlaneScene):
    """XOR: a single neuron stays at or below 75%; a hidden layer of three separates it."""

    def construct(self) -> None:
        self.compute()
        self.show_points()
        self.single_neuron()
        self.hidden_layer()
        self.what_each_neuron_does()
        self.closing()

    # ------------------------------------------------------------- the numbers
    def compute(self) -> None:
        self.X, self.y = xor_data()
        self.neuron, self.neuron_history = train_neuron(self.X, self.y)
        self.mlp_model, self.mlp_history = train_mlp(self.X, self.y)
        self.neuron_frames = training_frames(self.neuron, self.neuron_history, NEURON_EPOCHS, self.X, self.y,
                                             RANGE, RANGE, GRID)
        self.mlp_frames = training_frames(self.mlp_model, self.mlp_history, MLP_EPOCHS, self.X, self.y,
                                          RANGE, RANGE, GRID)
        self.hidden = hidden_grids(self.mlp_model)
        self.shown: list[dict] = []

    # ------------------------------------------------------------------ beats
    def show_points(self) -> None:
        self.head = self.beat_title("Why depth wins: XOR", "class B where exactly one input is 1")
        self.plane = DataPlane(RANGE, RANGE, width=4.9, height=4.9, dot_radius=0.17)
        self.plane.move_to(LEFT * 3.4 + DOWN * 0.55)
        self.dots = self.plane.data_dots(self.X, self.y)
        corner_labels = VGroup(*[text(f"({a:g}, {b:g})", 18, MUTED).next_to(self.plane.axes.c2p(a, b), DOWN, buff=0.22)
                                 for a, b in self.X])
        self.corner_labels = corner_labels
        self.play(FadeIn(self.head), FadeIn(self.plane), run_time=0.6)
        self.play(LaggedStart(*[FadeIn(d, scale=0.5) for d in self.dots], lag_ratio=0.2), FadeIn(corner_labels),
                  run_time=0.8)

    def make_panel(self, title: str, subtitle: str) -> VGroup:
        return self.training_panel(title, subtitle, RIGHT * 2.6 + UP * 0.5)

    def single_neuron(self) -> None:
        self.panel = self.make_panel("one neuron", "one straight line")
        self.play(FadeIn(self.panel), run_time=0.4)
        self.replay(self.plane, self.neuron_frames, self.readouts, step_time=0.45, log=self.shown)
        last = self.neuron_frames[-1]
        self.wrong = self.plane.mistakes(self.X, self.y, last["pred"])
        p = self.neuron_frames[-1]["probs"]
        verdict = text(f"stuck at or below 75%: no line puts\n"
                       f"both rose points on one side and\n"
                       f"both cyan points on the other.\n"
                       f"P stays between {num(p.min())} and {num(p.max())}.",
                       22, MISCLASSIFIED, line_spacing=0.85)
        verdict.next_to(self.panel, DOWN, buff=0.45, aligned_edge=LEFT)
        self.verdict = verdict
        self.play(FadeIn(self.wrong), FadeIn(verdict), run_time=0.6)
        self.wait(1.5)

    def hidden_layer(self) -> None:
        panel = self.make_panel("one hidden layer", f"{HIDDEN} tanh neurons, then one output")
        self.next_model(panel)
        self.replay(self.plane, self.mlp_frames, self.readouts, step_time=0.3, log=self.shown)
        self.wrong = self.plane.mistakes(self.X, self.y, self.mlp_frames[-1]["pred"])
        self.add(self.wrong)
        self.wait(0.8)

    def what_each_neuron_does(self) -> None:
        """One small plane per hidden neuron: its activation, its line, its weight in the output."""
        xs, ys, pre, act = self.hidden
        out_layer = self.mlp_model.linears[1]
        v = out_layer.weight.data[0]
        c = float(out_layer.bias.data[0])
        self.output_weights = (v.copy(), c)
        self.hidden_lines = []
        cards = VGroup()
        for j in range(HIDDEN):
            small = DataPlane(RANGE, RANGE, width=1.55, height=1.55, dot_radius=0.07)
            shade = small.shading(xs, ys, (act[j] + 1) / 2, opacity=0.75, low="#1e293b", high=HIDDEN_COLORS[j])
            lines = contour_lines(xs, ys, pre[j], 0.0)
            self.hidden_lines.append(lines)
            line = small.boundary(lines, color=HIDDEN_COLORS[j], width=4)
            dots = small.data_dots(self.X, self.y)
            label = markup(f"h<sub>{j + 1}</sub>   weight in output {num(v[j], 2)}", 22, HIDDEN_COLORS[j])
            card = VGroup(small, shade, line, dots)
            label.next_to(small, RIGHT, buff=0.3)
            cards.add(VGroup(card, label))
        cards.arrange(DOWN, buff=0.22, aligned_edge=LEFT).move_to(RIGHT * 3.3 + DOWN * 0.75)
        title = text("what each hidden neuron sees", 26, INK, weight="BOLD").next_to(cards, UP, buff=0.2)
        title.align_to(cards, LEFT)
        big_lines = VGroup(*[self.plane.boundary(self.hidden_lines[j], color=HIDDEN_COLORS[j], width=3)
                             .set_z_index(0) for j in range(HIDDEN)])  # under the boundary
        self.play(FadeOut(self.panel), FadeOut(self.head), run_time=0.4)
        self.play(FadeIn(title), LaggedStart(*[FadeIn(cd) for cd in cards], lag_ratio=0.4),
                  FadeIn(big_lines), run_time=1.8)
        terms = " + ".join(f"{term(v[j])}\u00b7h<sub>{j + 1}</sub>" for j in range(HIDDEN))
        sign = "+" if c >= 0 else "\u2212"
        formula = markup(f"output = \u03c3({terms} {sign} {num(abs(c), 2)})", 24)
        formula.to_edge(UP, buff=0.25)
        self.formula = formula
        self.play(FadeIn(formula), run_time=0.6)
        self.cards, self.big_lines = cards, big_lines

    def closing(self) -> None:
        note = text("the hidden lines, weighted, fence in class B", 20, FORWARD)
        note.next_to(self.plane, DOWN, buff=0.15).align_to(self.plane, LEFT)
        self.play(FadeIn(note), run_time=0.5)
        self.wait(1.5)
