"""Part 4 — why depth wins: XOR. No line can do it; a 2-3-1 network can.

Render: manim -ql scenes/xor.py XorDepth

The four points are the XOR truth table (`data.logic_gate("xor")`). "The best any line does"
is measured: the engine's `accuracy` of a neuron set to each of a fan of lines. A single
neuron and an MLP with three tanh hidden neurons are trained by `fit`; the planes show the
engine's `predict_proba` at History snapshots, the network's edges are its weights at those
snapshots, and each hidden neuron's line is where its input (the model's first layer) is 0.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, DashedVMobject, FadeIn, FadeOut, LaggedStart, VGroup, VMobject

from autograd_mini import data, nn
from autograd_mini.engine.tensor import Tensor, no_grad
from autograd_mini.landscape import set_flat_parameters
from autograd_mini.nn import functional as F
from autograd_mini.train import accuracy, fit, set_state
from common import (CLASS_A, CLASS_B, GRADIENT, HIDDEN_COLORS, MUTED, DataPlane, NetworkDiagram, PlaneScene,
                    Readout, contour_lines, keep_redrawn, num, stop_redrawing, text, training_frames)
from common.training import glide_position

SEED = 0
RANGE = (-0.5, 1.5)
NEURON = dict(optimizer="sgd", lr=0.5, epochs=200)
NEURON_EPOCHS = [0, 2, 5, 10, 20, 40, 80, 140, 200]
HIDDEN = 3
MLP_TRAINING = dict(optimizer="adam", lr=0.05, epochs=240)
MLP_EPOCHS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 100, 120, 150, 180, 240]
GRID = 60
PULSE_PERIOD = 1.2  # seconds for a gradient pulse to run back from the output to the inputs
FLAT = 0.02  # a model whose P stays within 0.5 ± FLAT everywhere on the plane says nothing


def xor_data():
    return data.logic_gate("xor")


def best_line(X, y, angles: int = 72, offsets: int = 41) -> tuple[float, int]:
    """The best accuracy any straight line reaches on (X, y), and how many lines were tried:
    the engine's `accuracy` of a neuron whose weights point at each angle, for each offset."""
    model = nn.Linear(2, 1, seed=SEED)
    best, tried = 0.0, 0
    for theta in np.linspace(0, 2 * np.pi, angles, endpoint=False):
        for c in np.linspace(-2.0, 2.0, offsets):
            set_flat_parameters(model, [np.cos(theta), np.sin(theta), c])
            best = max(best, accuracy(model, X, y))
            tried += 1
    return best, tried


def train_neuron(X, y):
    model = nn.Linear(2, 1, seed=SEED)
    return model, fit(model, X, y, snapshot_epochs=NEURON_EPOCHS, progress=False, **NEURON)


def train_mlp(X, y):
    model = nn.MLP(2, [HIDDEN, 1], activation="tanh", seed=SEED)
    return model, fit(model, X, y, snapshot_epochs=MLP_EPOCHS, progress=False, **MLP_TRAINING)


def hidden_lines(model, n: int = GRID) -> list[list[np.ndarray]]:
    """Each hidden neuron's line: where its input, computed by the model's first layer, is 0."""
    xs = ys = np.linspace(RANGE[0], RANGE[1], n)
    gx, gy = np.meshgrid(xs, ys)
    with no_grad():
        pre = model.layers[0](Tensor(np.column_stack([gx.ravel(), gy.ravel()]))).data
    return [contour_lines(xs, ys, pre[:, j].reshape(n, n), 0.0) for j in range(pre.shape[1])]


def layer_weights(model) -> list[np.ndarray]:
    return [lin.weight.data.copy() for lin in model.linears]


def weight_gradients(model, X: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    """dL/dW of each layer at the model's parameters: the engine's backward() of fit's loss."""
    model.zero_grad()
    loss = F.binary_cross_entropy_with_logits(model(Tensor(X)), Tensor(y.reshape(-1, 1).astype(float)))
    loss.backward()
    return [np.array(lin.weight.grad.data) for lin in model.linears]


def lerp(a: list[np.ndarray], b: list[np.ndarray], frac: float) -> list[np.ndarray]:
    """Each array a fraction `frac` of the way from `a` to `b` (between two snapshots)."""
    return [(1 - frac) * x + frac * z for x, z in zip(a, b)]


class XorDepth(PlaneScene):
    """XOR: one neuron's best is 3 of 4 and training flattens it; three hidden neurons solve it."""

    PART = 4
    TITLE = "Why depth wins"
    TAKEAWAY = "One neuron draws one line; a hidden layer\ndraws several and bends the boundary,\nas XOR needs."
    NEXT = "Part 5, the proof on two moons"

    def construct(self) -> None:
        self.compute()
        self.title_card()
        self.show_points()
        self.no_line_can()
        self.single_neuron()
        self.grow_network()
        self.train_network()
        self.closing()
        self.end_card()

    # ------------------------------------------------------------- the numbers
    def compute(self) -> None:
        self.X, self.y = xor_data()
        self.best, self.lines_tried = best_line(self.X, self.y)
        self.neuron, self.neuron_history = train_neuron(self.X, self.y)
        self.mlp_model, self.mlp_history = train_mlp(self.X, self.y)
        self.neuron_frames = training_frames(self.neuron, self.neuron_history, NEURON_EPOCHS, self.X, self.y,
                                             RANGE, RANGE, GRID)
        self.mlp_frames = training_frames(self.mlp_model, self.mlp_history, MLP_EPOCHS, self.X, self.y,
                                          RANGE, RANGE, GRID)
        self.snapshots = []  # per MLP snapshot: the layers' weights and the hidden lines
        probe = nn.MLP(2, [HIDDEN, 1], activation="tanh", seed=SEED)
        for e in MLP_EPOCHS:
            set_state(probe, self.mlp_history.params_at(e))
            self.snapshots.append({"weights": layer_weights(probe), "lines": hidden_lines(probe),
                                   "grads": weight_gradients(probe, self.X, self.y)})
        self.hidden_lines = self.snapshots[-1]["lines"]
        # the largest trained weight: an edge this size is drawn widest, in every frame
        self.edge_scale = max(float(np.abs(W).max()) for W in self.snapshots[-1]["weights"])
        self.output_weights = (self.mlp_model.linears[1].weight.data[0].copy(),
                               float(self.mlp_model.linears[1].bias.data[0]))
        self.shown: list[dict] = []

    # ------------------------------------------------------------------ beats
    def show_points(self) -> None:
        self.plane = DataPlane(RANGE, RANGE, width=4.8, height=4.8, dot_radius=0.16)
        self.plane.move_to(LEFT * 3.8 + UP * 0.25)
        self.dots = self.plane.data_dots(self.X, self.y)
        # each corner's label sits diagonally outside it, clear of the axes through 0 and of the rings
        self.corner_labels = VGroup(*[text(f"({a:g}, {b:g})", 18, MUTED).next_to(
            self.plane.axes.c2p(a, b), (RIGHT if a > 0.5 else LEFT) + (UP if b > 0.5 else DOWN), buff=0.2)
            for a, b in self.X])
        self.play(FadeIn(self.plane), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(d, scale=0.5) for d in self.dots], lag_ratio=0.2), FadeIn(self.corner_labels),
                  run_time=0.8)
        self.say(f"XOR: <span foreground='{CLASS_B}'>class B</span> where exactly one input is 1, "
                 f"<span foreground='{CLASS_A}'>class A</span> where both are 0 or both are 1.")
        self.read()

    def no_line_can(self) -> None:
        right = int(round(self.best * len(self.y)))
        self.say(f"No straight line puts both B points on one side and both A points on the other. Measured "
                 f"over {self.lines_tried} lines, the best gets {right} of {len(self.y)} right.",
                 numbers={"best": right, "lines": self.lines_tried}, payoff=True)
        self.read()

    def make_panel(self, title: str, subtitle: str, frame: dict) -> VGroup:
        return self.training_panel(title, subtitle, RIGHT * 3.3 + UP * 0.6, frame)

    def single_neuron(self) -> None:
        f0 = self.neuron_frames[0]
        self.say(f"One neuron, trained by gradient descent for {NEURON['epochs']} epochs. "
                 f"It starts at {100 * f0['accuracy']:.1f}% right.", numbers={"start": f0["accuracy"]})
        self.panel = self.make_panel("one neuron", "one straight line", f0)
        self.play(FadeIn(self.panel), FadeOut(self.corner_labels), run_time=0.4)  # lines will cross the plane
        self.show_start(self.plane, self.neuron_frames)
        self.replay(self.plane, self.neuron_frames, step_time=0.6, log=self.shown)
        last = self.neuron_frames[-1]
        lo, hi = float(last["probs"].min()), float(last["probs"].max())
        self.wrong = self.plane.mistakes(self.X, self.y, last["pred"])
        flat = max(abs(lo - 0.5), abs(hi - 0.5)) < FLAT
        self.flat = flat
        if flat:
            words = (f"Training flattens it: P stays between {num(lo)} and {num(hi)} everywhere, so P \u2248 0.5 and "
                     f"the dashed line means nothing. It ends at {100 * last['accuracy']:.1f}% right, "
                     f"but with P that close to 0.5 the number is noise, not a rule.")
        else:
            words = (f"Training ends at {100 * last['accuracy']:.1f}% right, with P between {num(lo)} and {num(hi)}: "
                     f"no line does better than the best one's {round(self.best * len(self.y))} of {len(self.y)}.")
        self.say(words, numbers={"low": lo, "high": hi, "end": last["accuracy"]}, payoff=True)
        if flat:  # a line that means nothing is drawn as such: grey and dashed
            ghost = DashedVMobject(self.boundary.copy().set_stroke(MUTED, width=3), num_dashes=40)
            self.play(FadeOut(self.boundary), FadeOut(self.shading), FadeIn(ghost), FadeIn(self.wrong), run_time=0.6)
            self.boundary, self.shading = ghost, None
        else:
            self.play(FadeIn(self.wrong), run_time=0.4)
        self.read()

    def grow_network(self) -> None:
        self.say("That neuron, drawn as a network: two inputs, one output.")
        self.clear_model(self.wrong, self.panel)
        self.small = NetworkDiagram([2, 1], [self.neuron.weight.data], labels=[["x<sub>1</sub>", "x<sub>2</sub>"], ["y"]],
                                    width=3.6, height=2.2, radius=0.3).move_to(RIGHT * 3.3 + UP * 1.5)
        self.play(FadeIn(self.small), run_time=0.6)
        self.read()
        w0 = self.snapshots[0]["weights"]
        self.net = NetworkDiagram([2, HIDDEN, 1], w0, labels=[["x<sub>1</sub>", "x<sub>2</sub>"],
                                                              [f"h<sub>{j + 1}</sub>" for j in range(HIDDEN)], ["y"]],
                                  width=4.6, height=2.4, radius=0.28).move_to(RIGHT * 3.3 + UP * 1.4)
        self.net.set_weights(w0, scale=self.edge_scale)  # the widths training will use, from the first frame
        for j, circle in enumerate(self.net.layers[1]):
            circle.set_stroke(HIDDEN_COLORS[j], width=4)
        self.lines = VGroup()
        self.draw_hidden(0)
        self.say(f"Now grow it: a hidden layer of {HIDDEN} tanh neurons between the inputs and the output, a 2-3-1 "
                 f"network. Each hidden neuron draws its own line, in its colour.")
        self.play(FadeOut(self.small), run_time=0.4)  # one diagram at a time: no doubled x and y
        self.play(FadeIn(self.net), FadeIn(self.lines), run_time=0.6)
        self.read()

    def train_network(self) -> None:
        self.readouts = {"epoch": Readout("epoch", "0", MUTED, 22), "loss": Readout("loss", "", MUTED, 22),
                         "accuracy": Readout("accuracy", "", MUTED, 22)}
        self.fill_readouts(self.mlp_frames[0])
        row = VGroup(*self.readouts.values()).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        v = self.snapshots[0]["weights"][1][0]
        self.cards = [Readout(f"<span foreground='{HIDDEN_COLORS[j]}'>h{j + 1}: weight in y</span>", f"{v[j]:+.2f}",
                              HIDDEN_COLORS[j], 22) for j in range(HIDDEN)]
        cards = VGroup(*self.cards).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        info = VGroup(row, cards).arrange(RIGHT, buff=0.6, aligned_edge=UP).next_to(self.net, DOWN, buff=0.35)
        self.panel = info
        self.say("Training, replayed from fit's snapshots. Edges: blue for a positive weight, pink for a negative "
                 "one, thicker where larger. Pale violet pulses: the gradients \u2202L/\u2202w flowing back along them.")
        self.play(FadeIn(info), run_time=0.6)
        self.pulses = self.gradient_pulses()
        self.add(self.pulses)
        keep_redrawn(*self.cards, self.net, self.lines, self.pulses)
        self.replay(self.plane, self.mlp_frames, step_time=0.9, log=self.shown, on_step=self.on_step,
                    on_frame=self.on_frame)
        stop_redrawing(*self.cards, self.net, self.lines, self.pulses)
        self.remove(self.pulses)
        self.wrong = self.plane.mistakes(self.X, self.y, self.mlp_frames[-1]["pred"])
        self.add(self.wrong)
        self.read()

    def draw_hidden(self, k: int) -> None:
        """Hidden neuron j's line in its colour (its card, in the same colour, names it), in place."""
        if not len(self.lines):
            self.lines.add(*[self.plane.boundary([], color=HIDDEN_COLORS[j], width=3).set_z_index(1.5)
                             for j in range(HIDDEN)])
        for mob, lines in zip(self.lines, self.snapshots[k]["lines"]):
            self.plane.trace(mob, lines)

    def on_step(self, k: int) -> None:
        snap = self.snapshots[k]
        for j, card in enumerate(self.cards):
            card.set(f"{snap['weights'][1][0][j]:+.2f}")
        self.draw_hidden(k)

    def gradient_pulses(self) -> VGroup:
        """One short violet segment per edge; `on_frame` runs them backward along it."""
        pulses = VGroup()
        for k, rows in enumerate(self.net.edges):
            for j, row in enumerate(rows):
                for i, edge in enumerate(row):
                    pulse = VMobject(stroke_color=GRADIENT, stroke_width=0, stroke_opacity=0.95)
                    pulse.set_points_as_corners([edge.get_end(), edge.get_end() + 0.01 * RIGHT])
                    pulse.edge = (k, j, i)
                    pulses.add(pulse)
        self.flow_log: list[tuple] = []  # every frame: (time, snapshot position, pulse phase, mean edge width)
        self.grad_scale = max(float(np.abs(G).max()) for snap in self.snapshots for G in snap["grads"])
        return pulses.set_z_index(4)

    def on_frame(self, s: float) -> None:
        """Every frame: the edges' widths from the weights between two snapshots (they thicken
        smoothly), and each gradient pulse where it is on its way back: the output's edges in
        the first half of every PULSE_PERIOD, the inputs' edges in the second."""
        last = len(self.snapshots) - 1
        k, frac = glide_position(s, last)  # the same glide as the boundary's
        nxt = self.snapshots[min(k + 1, last)]
        weights = lerp(self.snapshots[k]["weights"], nxt["weights"], frac)
        grads = lerp(self.snapshots[k]["grads"], nxt["grads"], frac)
        self.net.set_weights(weights, scale=self.edge_scale)
        phase = (self.renderer.time % PULSE_PERIOD) / PULSE_PERIOD
        widths = [e.get_stroke_width() for rows in self.net.edges for row in rows for e in row]
        self.flow_log.append((self.renderer.time, s, phase, float(np.mean(widths))))
        for pulse in self.pulses:
            layer, j, i = pulse.edge
            edge = self.net.edges[layer][j][i]
            u = 2 * phase if layer == len(self.net.edges) - 1 else 2 * phase - 1  # 0..1 on its half
            start, end = edge.get_end(), edge.get_start()  # backward: from the neuron the edge feeds
            head, tail = np.clip(u, 0, 1), np.clip(u - 0.35, 0, 1)
            pulse.set_points_as_corners([start + tail * (end - start), start + max(head, tail + 0.01) * (end - start)])
            g = abs(float(grads[layer][j, i])) / max(self.grad_scale, 1e-12)
            on = 0.0 <= u <= 1.35
            pulse.set_stroke(width=(1.5 + 9.0 * g) if on else 0.0)

    def closing(self) -> None:
        last = self.mlp_frames[-1]
        v, c = self.output_weights
        self.say(f"The hidden lines, weighted and added by the output, fence in class B: "
                 f"{100 * last['accuracy']:.1f}% right, loss {last['loss']:.3f}.",
                 numbers={"accuracy": last["accuracy"], "loss": last["loss"]}, payoff=True)
        self.read()
