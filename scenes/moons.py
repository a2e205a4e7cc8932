"""Part 5 — the proof: one neuron against an MLP on two moons (or your own data); the boundary bends.

Render: manim -ql scenes/moons.py MoonsBoundary
   or:  autograd-mini render moons --dataset circles --hidden 8

Both models are trained by `fit`. At each History snapshot the scene loads those parameters
and asks `predict_proba` for the model's probability on a grid; between snapshots it shows
the grid in between, and the orange 0.5 contour and the shading are traced from that one
grid every frame (contourpy), so they move together. Every caption's number is measured.

Your own data or model, from Python (a scene file of your own, rendered with manim):

    from moons import MoonsBoundary
    class Mine(MoonsBoundary):
        DATASET = "spirals"                  # a name data.load knows, or
        DATA = (X, y)                        # your own points and 0/1 labels
        MODEL = (model, history)             # a trained model and its fit(...) History,
                                             # with snapshot_epochs (replaces the MLP)

    e.g. model = nn.MLP(2, [8, 8, 1], activation="relu", seed=0)
         history = fit(model, X, y, epochs=200, snapshot_epochs=[0, 10, 25, 50, 100, 200])
    and `manim -ql mine.py Mine` (put scenes/ on PYTHONPATH, or copy the file there). The captions
    name your model and data and quote the numbers measured on them.

The command line sets DATASET and HIDDEN through the environment variables
AUTOGRAD_MINI_DATASET and AUTOGRAD_MINI_HIDDEN.
"""

from __future__ import annotations

import os

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, LaggedStart

from autograd_mini import data, nn
from autograd_mini.train import fit
from common import (BOUNDARY, CLASS_A, CLASS_B, MISCLASSIFIED, DataPlane, PlaneScene, markup, training_frames)

SEED = 0
NEURON = dict(optimizer="sgd", lr=0.5, epochs=150)
NEURON_EPOCHS = [0, 1, 2, 4, 8, 15, 30, 60, 100, 150]
MLP_TRAINING = dict(optimizer="adam", lr=0.05, epochs=300)
MLP_EPOCHS = [0, 1, 2, 3, 4, 8, 12, 16, 20, 25, 30, 35, 40, 50, 60, 70, 80, 100, 120, 150, 180, 220, 260, 300]
GRID = 80  # predictions on a GRID x GRID lattice


def settings(training: dict) -> str:
    """How a model was trained, as the panel writes it: 'fit, Adam, lr 0.05'."""
    name = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW"}.get(training["optimizer"], training["optimizer"])
    return f"fit, {name}, lr {training['lr']:g}"


def moons_data(name: str = "moons"):
    return data.load(name, seed=SEED) if name != "separable" else data.load(name)


def train_neuron(X, y):
    model = nn.Linear(2, 1, seed=SEED)
    return model, fit(model, X, y, snapshot_epochs=NEURON_EPOCHS, seed=SEED, progress=False, **NEURON)


def train_mlp(X, y, hidden: int = 16):
    model = nn.MLP(2, [hidden, 1], activation="tanh", seed=SEED)
    return model, fit(model, X, y, snapshot_epochs=MLP_EPOCHS, seed=SEED, progress=False, **MLP_TRAINING)


def describe(model) -> str:
    """A model as the captions name it: '2-8-8-1 network (tanh)' for an MLP, else its class and size."""
    linears = getattr(model, "linears", None)
    if linears:
        sizes = [linears[0].weight.data.shape[1]] + [lin.weight.data.shape[0] for lin in linears]
        act = getattr(model, "activation", None)
        return "-".join(map(str, sizes)) + " network" + (f" ({act})" if isinstance(act, str) else "")
    count = sum(p.data.size for p in model.parameters())
    return f"{type(model).__name__} with {count} parameters"


def plane_ranges(X: np.ndarray, pad: float = 0.4) -> tuple[tuple[float, float], tuple[float, float]]:
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


class MoonsBoundary(PlaneScene):
    """A single neuron's straight boundary fails on the moons; an MLP's bends around them."""

    PART = 5
    TITLE = "The proof: one neuron against a hidden layer"
    NEXT = "Part 6, what you built and what comes next"
    DATASET = os.environ.get("AUTOGRAD_MINI_DATASET", "moons")
    HIDDEN = int(os.environ.get("AUTOGRAD_MINI_HIDDEN", "16"))
    DATA = None  # (X, y) of your own, instead of DATASET
    MODEL = None  # (model, history) of your own, instead of the MLP

    @property
    def the_data(self) -> str:
        """How the captions name the data: 'the moons', or 'your data'."""
        return "your data" if self.DATA is not None else f"the {self.DATASET}"

    @property
    def TAKEAWAY(self) -> str:  # noqa: N802 (a card's text, like the other parts' constants)
        return f"A line cannot follow {self.the_data};\na hidden layer bends the boundary around them."

    def construct(self) -> None:
        self.compute()
        self.title_card()
        self.show_data()
        self.single_neuron()
        self.switch_to_mlp()
        self.mlp()
        self.end_card()

    # ------------------------------------------------------------- the numbers
    def compute(self) -> None:
        self.X, self.y = self.DATA if self.DATA is not None else moons_data(self.DATASET)
        if self.DATA is not None and self.DATASET == "moons":
            self.DATASET = "your data"
        self.x_range, self.y_range = plane_ranges(self.X)
        self.neuron, self.neuron_history = train_neuron(self.X, self.y)
        if self.MODEL is not None:
            self.mlp_model, self.mlp_history = self.MODEL
            self.mlp_epochs = sorted(self.mlp_history.snapshots)
            if len(self.mlp_epochs) < 2:
                raise ValueError("MODEL's History needs parameter snapshots to replay: train it with "
                                 "fit(..., snapshot_epochs=[0, 10, 20, ...]) or snapshot_every=10.")
            self.mlp_name = describe(self.mlp_model)
        else:
            self.mlp_model, self.mlp_history = train_mlp(self.X, self.y, self.HIDDEN)
            self.mlp_epochs = MLP_EPOCHS
            self.mlp_name = f"{self.HIDDEN} tanh neurons"
        self.neuron_frames = training_frames(self.neuron, self.neuron_history, NEURON_EPOCHS, self.X, self.y,
                                             self.x_range, self.y_range, GRID)
        self.mlp_frames = training_frames(self.mlp_model, self.mlp_history, self.mlp_epochs, self.X, self.y,
                                          self.x_range, self.y_range, GRID)
        self.shown: list[dict] = []  # every snapshot the scene put on screen, in order

    # ------------------------------------------------------------------ beats
    def show_data(self) -> None:
        self.plane = DataPlane(self.x_range, self.y_range, width=8.0, height=5.0).move_to(LEFT * 2.45 + UP * 0.3)
        self.dots = self.plane.data_dots(self.X, self.y)
        legend = markup(f"<span foreground='{CLASS_A}'>\u25cf class A</span>    "
                        f"<span foreground='{CLASS_B}'>\u25cf class B</span>    "
                        f"<span foreground='{BOUNDARY}'>\u2014 boundary (P = 0.5)</span>    "
                        f"<span foreground='{MISCLASSIFIED}'>\u25cb wrong</span>", 18)
        legend.next_to(self.plane, DOWN, buff=0.12)
        self.legend = legend
        self.play(FadeIn(self.plane), run_time=0.5)
        self.play(LaggedStart(*[FadeIn(d) for d in self.dots], lag_ratio=0.004), FadeIn(legend), run_time=1.0)
        n_b = int(np.sum(self.y == 1))
        self.say(f"{len(self.y)} points of {self.the_data}: {len(self.y) - n_b} in class A, {n_b} in class B. "
                 f"First one neuron, then a hidden layer, both trained by fit.",
                 numbers={"points": len(self.y), "class B": n_b})
        self.read()

    def make_panel(self, title: str, subtitle: str, frame: dict):
        return self.training_panel(title, subtitle, RIGHT * 4.75 + UP * 0.8, frame)

    def single_neuron(self) -> None:
        self.say(f"One neuron first. Gradient descent turns and slides its line, epoch by epoch, "
                 f"for {NEURON['epochs']} epochs.", numbers={"epochs": NEURON["epochs"]})
        self.panel = self.make_panel("one neuron", f"a straight line\n({settings(NEURON)})", self.neuron_frames[0])
        self.play(FadeIn(self.panel), run_time=0.5)
        self.show_start(self.plane, self.neuron_frames)
        self.replay(self.plane, self.neuron_frames, step_time=0.6, log=self.shown)
        last = self.neuron_frames[-1]
        self.wrong = self.plane.mistakes(self.X, self.y, last["pred"])
        wrong = int(np.sum(last["pred"] != self.y))
        self.play(FadeIn(self.wrong), run_time=0.4)
        self.say(f"A line cannot follow {self.the_data}: after {NEURON['epochs']} epochs {wrong} of "
                 f"{len(self.y)} points stay wrong (amber), accuracy {100 * last['accuracy']:.1f}%.",
                 numbers={"wrong": wrong, "accuracy": last["accuracy"]}, payoff=True)
        self.read()

    def switch_to_mlp(self) -> None:
        """A clean switch: its caption first, then the old line, shading, rings and panel leave
        together, and the new panel arrives with its read-outs already filled."""
        if self.MODEL is None:
            name, detail = "one hidden layer", f"{self.mlp_name}\n({settings(MLP_TRAINING)})"
            words, numbers = (f"Now a network with one hidden layer of {self.mlp_name}. From its random start, "
                              f"watch the boundary bend as it trains."), {"hidden": self.HIDDEN}
        else:
            name, detail = "your model", f"{self.mlp_name}\n(its fit History)"
            first = self.mlp_epochs[0]
            words = (f"Now your model, a {self.mlp_name}, replayed from its History: {len(self.mlp_epochs)} "
                     f"snapshots, epochs {first} to {self.mlp_epochs[-1]}.")
            numbers = {"snapshots": len(self.mlp_epochs), "first": first, "last": self.mlp_epochs[-1]}
        self.say(words, numbers=numbers)  # read while it trains: the replay follows at once
        self.clear_model(self.wrong, self.panel)
        self.panel = self.make_panel(name, detail, self.mlp_frames[0])
        self.play(FadeIn(self.panel), run_time=0.5)
        self.show_start(self.plane, self.mlp_frames)  # its first boundary beside its first read-outs

    def mlp(self) -> None:
        self.replay(self.plane, self.mlp_frames, step_time=0.45, log=self.shown)
        last = self.mlp_frames[-1]
        self.wrong = self.plane.mistakes(self.X, self.y, last["pred"])
        wrong = int(np.sum(last["pred"] != self.y))
        self.play(FadeIn(self.wrong), run_time=0.4)
        first = self.neuron_frames[-1]
        self.say(f"The boundary bends around {self.the_data}: {wrong} of {len(self.y)} wrong, accuracy "
                 f"{100 * last['accuracy']:.1f}% against the line's {100 * first['accuracy']:.1f}%.",
                 numbers={"wrong": wrong, "accuracy": last["accuracy"], "line": first["accuracy"]}, payoff=True)
        self.read()

