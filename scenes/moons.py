"""Part 5 — the proof: one neuron against an MLP on two moons; the boundary bends.

Render: manim -ql scenes/moons.py MoonsBoundary

Both models are trained by `fit` on `data.make_moons()`. At each History snapshot the scene
loads those parameters, asks `predict_proba` for the model's probability on a grid, and
traces its 0.5 contour with contourpy: the orange line is where the model is undecided.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, FadeIn, LaggedStart, VGroup

from autograd_mini import data, nn
from autograd_mini.train import fit
from common import (BOUNDARY, CLASS_A, CLASS_B, FORWARD, MISCLASSIFIED, DataPlane, PlaneScene,
                    markup, text, training_frames)

SEED = 0
X_RANGE, Y_RANGE = (-1.6, 2.6), (-1.2, 1.6)
NEURON = dict(optimizer="sgd", lr=0.5, epochs=150)
NEURON_EPOCHS = [0, 1, 2, 4, 8, 15, 30, 60, 100, 150]
HIDDEN = 16
MLP_TRAINING = dict(optimizer="adam", lr=0.05, epochs=300)
MLP_EPOCHS = [0, 4, 8, 12, 16, 20, 25, 30, 35, 40, 50, 60, 70, 80, 100, 120, 150, 180, 220, 260, 300]
GRID = 100  # predictions on a GRID x GRID lattice


def settings(training: dict) -> str:
    """How a model was trained, as the panel writes it: 'fit, Adam, lr 0.05'."""
    name = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW"}.get(training["optimizer"], training["optimizer"])
    return f"fit, {name}, lr {training['lr']:g}"


def moons_data():
    return data.make_moons(seed=SEED)


def train_neuron(X, y):
    model = nn.Linear(2, 1, seed=SEED)
    return model, fit(model, X, y, snapshot_epochs=NEURON_EPOCHS, seed=SEED, progress=False, **NEURON)


def train_mlp(X, y):
    model = nn.MLP(2, [HIDDEN, 1], activation="tanh", seed=SEED)
    return model, fit(model, X, y, snapshot_epochs=MLP_EPOCHS, seed=SEED, progress=False, **MLP_TRAINING)


class MoonsBoundary(PlaneScene):
    """A single neuron's straight boundary fails on the moons; an MLP's bends around them."""

    def construct(self) -> None:
        self.compute()
        self.show_moons()
        self.single_neuron()
        self.switch_to_mlp()
        self.mlp()
        self.closing()

    # ------------------------------------------------------------- the numbers
    def compute(self) -> None:
        self.X, self.y = moons_data()
        self.neuron, self.neuron_history = train_neuron(self.X, self.y)
        self.mlp_model, self.mlp_history = train_mlp(self.X, self.y)
        self.neuron_frames = training_frames(self.neuron, self.neuron_history, NEURON_EPOCHS, self.X, self.y,
                                             X_RANGE, Y_RANGE, GRID)
        self.mlp_frames = training_frames(self.mlp_model, self.mlp_history, MLP_EPOCHS, self.X, self.y,
                                          X_RANGE, Y_RANGE, GRID)
        self.shown: list[dict] = []  # every frame the scene put on screen, in order

    # ------------------------------------------------------------------ beats
    def show_moons(self) -> None:
        self.head = self.beat_title("Two moons: one neuron against a hidden layer")
        self.plane = DataPlane(X_RANGE, Y_RANGE, width=8.1, height=5.4).move_to(LEFT * 2.4 + DOWN * 0.45)
        self.dots = self.plane.data_dots(self.X, self.y)
        legend = markup(f"<span foreground='{CLASS_A}'>\u25cf class A</span>    "
                        f"<span foreground='{CLASS_B}'>\u25cf class B</span>    "
                        f"<span foreground='{BOUNDARY}'>\u2014 boundary (P = 0.5)</span>    "
                        f"<span foreground='{MISCLASSIFIED}'>\u25cb wrong</span>", 20)
        legend.next_to(self.plane, DOWN, buff=0.15)
        self.legend = legend
        self.play(FadeIn(self.head), FadeIn(self.plane), run_time=0.6)
        self.play(LaggedStart(*[FadeIn(d) for d in self.dots], lag_ratio=0.004), FadeIn(legend), run_time=1.0)

    def make_panel(self, title: str, subtitle: str) -> VGroup:
        return self.training_panel(title, subtitle, RIGHT * 4.6 + UP * 0.6)

    def single_neuron(self) -> None:
        self.panel = self.make_panel("one neuron", f"a straight line\n({settings(NEURON)})")
        self.play(FadeIn(self.panel), run_time=0.5)
        self.replay(self.plane, self.neuron_frames, self.readouts, step_time=0.4, log=self.shown)
        self.wrong = self.plane.mistakes(self.X, self.y, self.neuron_frames[-1]["pred"])
        wrong = int(sum(self.neuron_frames[-1]["pred"] != self.y))
        verdict = text(f"a line cannot follow\nthe moons: {wrong} of {len(self.y)}\npoints stay wrong",
                       24, MISCLASSIFIED, line_spacing=0.8)
        verdict.next_to(self.panel, DOWN, buff=0.5, aligned_edge=LEFT)
        self.verdict = verdict
        self.play(FadeIn(self.wrong), FadeIn(verdict), run_time=0.6)
        self.wait(1.0)

    def switch_to_mlp(self) -> None:
        panel = self.make_panel("one hidden layer", f"{HIDDEN} tanh neurons\n({settings(MLP_TRAINING)})")
        self.next_model(panel)

    def mlp(self) -> None:
        self.replay(self.plane, self.mlp_frames, self.readouts, step_time=0.3, log=self.shown)
        self.wrong = self.plane.mistakes(self.X, self.y, self.mlp_frames[-1]["pred"])
        self.play(FadeIn(self.wrong), run_time=0.4)

    def closing(self) -> None:
        verdict = text("the boundary bends\naround the moons", 26, FORWARD, line_spacing=0.8)
        verdict.next_to(self.panel, DOWN, buff=0.5, aligned_edge=LEFT)
        self.play(FadeIn(verdict), run_time=0.6)
        self.wait(1.5)
