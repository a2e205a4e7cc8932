"""The Part 2 playground for the browser: one neuron on the scalar engine `Value`, no numpy.

The website runs this module in Pyodide (Python compiled to WebAssembly) beside
`engine/value.py` as it is; the page's JavaScript only draws what `state()` returns and
forwards slider moves and clicks. It computes the same numbers as the notebook's
`viz.playground.NeuronPlayground` (a test checks them to 1e-9), but every loss and gradient
here comes from `Value` and its `backward()`, one scalar at a time::

    z_i    = w1*x1_i + w2*x2_i + b                      (the neuron before its sigmoid)
    loss_i = -log(probability of the right class)       (binary cross-entropy)
           = -log(sigmoid(z_i))  if y_i = 1,   -log(sigmoid(-z_i))  if y_i = 0
    BCE    = mean of loss_i                             (the read-out's loss)
    train  = BCE + (0.01 / 2)·(w1² + w2² + b²)          (landscape.BOWL_WEIGHT_DECAY's L2 term)

`sigmoid(-z)` is 1 - sigmoid(z) computed without the subtraction, so a point far on the wrong
side still has a finite loss. A training step is plain gradient descent on `train`:
w <- w - learning_rate · d(train)/dw, then each number is kept in the sliders' reach.
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterator, Sequence

from .engine.value import Value

__all__ = [
    "LivePlayground",
    "SLIDER_RANGE",
    "WEIGHT_DECAY",
    "LEARNING_RATE",
    "MAX_STEPS",
    "SETTLE",
    "SHADING_STOPS",
    "decision_line",
    "formula",
]

SLIDER_RANGE = (-6.0, 6.0)  # what the sliders for w1, w2 and b can reach (as viz/playground.py)
WEIGHT_DECAY = 0.01  # landscape.BOWL_WEIGHT_DECAY: the L2 term gives the loss a bottom
LEARNING_RATE = 0.5  # NeuronPlayground's default
MAX_STEPS = 300  # "Train this for me" stops after this many steps at the latest
SETTLE = 1e-3  # ...or once every point is right and a step lowers the loss by less than this
SHADING_STOPS = 32  # the probability shading's colour stops across the picture
PADDING = 0.5  # room around the points in the picture (NeuronPlayground.limits' default)


def _clip(value: float) -> float:
    low, high = SLIDER_RANGE
    return min(max(value, low), high)


def decision_line(
    w1: float, w2: float, b: float, xlim: tuple[float, float], ylim: tuple[float, float]
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The two ends of the line w1*x1 + w2*x2 + b = 0 inside the box, or None if it misses it."""
    if w1 == 0.0 and w2 == 0.0:
        return None  # z = b everywhere: no line, every point gets the same probability
    (x0, x1), (y0, y1) = xlim, ylim
    ends: list[tuple[float, float]] = []
    if w2 != 0.0:  # crossings with the left and right edges: x2 = -(w1*x1 + b) / w2
        for x in (x0, x1):
            yy = -(w1 * x + b) / w2
            if y0 <= yy <= y1:
                ends.append((x, yy))
    if w1 != 0.0:  # crossings with the bottom and top edges: x1 = -(w2*x2 + b) / w1
        for yy in (y0, y1):
            x = -(w2 * yy + b) / w1
            if x0 <= x <= x1:
                ends.append((x, yy))
    ends = sorted(set(ends))
    if len(ends) < 2:
        return None
    return ends[0], ends[-1]


def formula(w1: float, w2: float, b: float, digits: int = 2) -> str:
    """The neuron with these numbers, e.g. 'y = σ(1.20·x1 − 0.50·x2 + 0.30)'."""

    def signed(v: float, first: bool = False) -> str:
        text = f"{abs(v):.{digits}f}"
        if first:
            return f"−{text}" if v < 0 else text
        return f" − {text}" if v < 0 else f" + {text}"

    return f"y = σ({signed(w1, True)}·x1{signed(w2)}·x2{signed(b)})"


class LivePlayground:
    """One sigmoid neuron y = sigmoid(w1*x1 + w2*x2 + b) on the lesson's points, on `Value`."""

    def __init__(
        self,
        X: Sequence[Sequence[float]],
        y: Sequence[float],
        *,
        w1: float = 0.0,
        w2: float = 0.0,
        b: float = 0.0,
        learning_rate: float = LEARNING_RATE,
    ) -> None:
        self.X = [(float(point[0]), float(point[1])) for point in X]
        self.y = [float(label) for label in y]
        if not self.X or len(self.X) != len(self.y) or any(label not in (0.0, 1.0) for label in self.y):
            raise ValueError(
                f"LivePlayground needs as many labels (0 or 1) as points; got {len(self.X)} points "
                f"and labels {sorted(set(self.y))[:4]} for {len(self.y)}."
            )
        self.learning_rate = float(learning_rate)
        self.w1, self.w2, self.b = 0.0, 0.0, 0.0
        self.step = 0  # training steps since the last Reset (as NeuronPlayground.step)
        self.run_steps = 0  # steps of the current "Train this for me"
        self._previous_loss: float | None = None  # the loss before the last training step
        self.set(w1, w2, b)

    @classmethod
    def from_json(cls, text: str) -> "LivePlayground":
        """A playground from the page's embedded JSON {"X": [[x1, x2], ...], "y": [0, 1, ...]}."""
        try:
            points = json.loads(text)
            return cls(points["X"], points["y"], learning_rate=points.get("learning_rate", LEARNING_RATE))
        except (KeyError, TypeError, IndexError, json.JSONDecodeError) as error:
            raise ValueError(f"LivePlayground.from_json: not the page's points ({error!r}).") from None

    # ---------------------------------------------------------------- the sliders
    def set(self, w1: float | None = None, w2: float | None = None, b: float | None = None) -> dict[str, Any]:
        """Move one or more sliders (training stops counting from here); returns the new state."""
        for value, name in ((w1, "w1"), (w2, "w2"), (b, "b")):
            if value is not None and not math.isfinite(float(value)):
                raise ValueError(f"{name} must be a finite number, not {value!r}.")
        if w1 is not None:
            self.w1 = float(w1)
        if w2 is not None:
            self.w2 = float(w2)
        if b is not None:
            self.b = float(b)
        self._previous_loss = None
        return self.state()

    def reset(self) -> dict[str, Any]:
        """Back to the start: w1 = w2 = b = 0, step 0."""
        self.step = 0
        self.run_steps = 0
        return self.set(0.0, 0.0, 0.0)

    # ------------------------------------------------------------ the engine's numbers
    def _parameters(self) -> tuple[Value, Value, Value]:
        return Value(self.w1, label="w1"), Value(self.w2, label="w2"), Value(self.b, label="b")

    def _cross_entropy(self, w1: Value, w2: Value, b: Value) -> Value:
        """Mean binary cross-entropy of the points, as one graph of Values."""
        losses = []
        for (x1, x2), label in zip(self.X, self.y):
            z = Value.weighted_sum((w1, w2), (x1, x2), b)  # w1*x1 + w2*x2 + b
            # -log(probability of the right class): sigmoid(z) for class B, sigmoid(-z) for A
            right_class = z.sigmoid() if label == 1.0 else (-z).sigmoid()
            losses.append(-right_class.log())
        return Value.sum(losses) / len(losses)

    def probabilities(self, points: Sequence[Sequence[float]] | None = None) -> list[float]:
        """sigmoid(z) at each point (the training points by default): the probability of class B."""
        w1, w2, b = self._parameters()
        points = self.X if points is None else points
        return [Value.weighted_sum((w1, w2), (float(p[0]), float(p[1])), b).sigmoid().data for p in points]

    def predictions(self) -> list[int]:
        """1 (class B) where the probability is at least 0.5, else 0 (NeuronPlayground's rule)."""
        return [1 if p >= 0.5 else 0 for p in self.probabilities()]

    def misclassified(self) -> list[bool]:
        """For each point, whether the neuron gets it wrong (drawn with an amber ring)."""
        return [prediction != label for prediction, label in zip(self.predictions(), self.y)]

    @property
    def loss(self) -> float:
        """Mean binary cross-entropy of the points (without the L2 term), from the engine."""
        return self._cross_entropy(*self._parameters()).data

    @property
    def accuracy(self) -> float:
        """Fraction of the points on the right side of the line."""
        wrong = self.misclassified()
        return (len(wrong) - sum(wrong)) / len(wrong)

    # --------------------------------------------------------------------- training
    def train_step(self, shading: bool = False) -> dict[str, Any]:
        """One step of gradient descent on BCE + (0.01/2)·(w1² + w2² + b²); returns the new state."""
        if self._previous_loss is None:
            self._previous_loss = self.loss
        w1, w2, b = self._parameters()
        objective = self._cross_entropy(w1, w2, b) + (WEIGHT_DECAY / 2) * (w1 * w1 + w2 * w2 + b * b)
        objective.backward()  # the engine fills in d(objective)/dw1, /dw2, /db
        # w <- w - learning_rate * gradient, kept in the sliders' reach
        self.w1 = _clip(w1.data - self.learning_rate * w1.grad)
        self.w2 = _clip(w2.data - self.learning_rate * w2.grad)
        self.b = _clip(b.data - self.learning_rate * b.grad)
        self.step += 1
        self.run_steps += 1
        state = self.state(shading)
        state["done"] = self.step_settled(self._previous_loss, state) or self.run_steps >= MAX_STEPS
        self._previous_loss = state["loss"]
        return state

    @staticmethod
    def step_settled(previous_loss: float, state: dict[str, Any]) -> bool:
        """NeuronPlayground.train_steps' stop rule: every point right and a loss drop under SETTLE."""
        return state["errors"] == 0 and previous_loss - state["loss"] < SETTLE

    def start_training(self) -> dict[str, Any]:
        """'Train this for me' pressed: count steps from 0 again, from wherever the sliders are."""
        self.run_steps = 0
        self._previous_loss = self.loss
        return self.state()

    def train_steps(self) -> Iterator[dict[str, Any]]:
        """The states of one 'Train this for me', step by step (the page asks for one per frame)."""
        self.start_training()
        while True:
            state = self.train_step()
            yield state
            if state["done"]:
                return

    # ----------------------------------------------------------------- what is drawn
    def limits(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """(xlim, ylim) around the points, with PADDING (as NeuronPlayground.limits)."""
        xs, ys = [p[0] for p in self.X], [p[1] for p in self.X]
        return (min(xs) - PADDING, max(xs) + PADDING), (min(ys) - PADDING, max(ys) + PADDING)

    def decision_line(self) -> list[list[float]] | None:
        """The two ends of w1*x1 + w2*x2 + b = 0 inside the picture, or None if it misses it."""
        ends = decision_line(self.w1, self.w2, self.b, *self.limits())
        return None if ends is None else [list(ends[0]), list(ends[1])]

    def shading(self) -> dict[str, Any]:
        """The probability shading as a linear gradient: from point A to point B, with stops (t, p).

        z = w1*x1 + w2*x2 + b changes only along the normal (w1, w2), so the shading is a band
        pattern across the line. A and B are where z takes its lowest and highest value in the
        picture, on the normal through its centre; stop k sits at t = k/SHADING_STOPS of the way,
        where z = z_A + t (z_B - z_A), with the engine's probability sigmoid(z) there.
        """
        (x0, x1), (y0, y1) = self.limits()
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        z_centre = self.w1 * centre[0] + self.w2 * centre[1] + self.b
        corners = [self.w1 * x + self.w2 * yy + self.b for x in (x0, x1) for yy in (y0, y1)]
        z_low, z_high = min(corners), max(corners)
        norm2 = self.w1 * self.w1 + self.w2 * self.w2
        if norm2 == 0.0:  # no line: the same probability sigmoid(b) everywhere
            return {"from": list(centre), "to": list(centre), "stops": [[0.0, Value(self.b).sigmoid().data]]}

        def along_normal(z: float) -> list[float]:  # the point of the normal where the neuron says z
            step = (z - z_centre) / norm2
            return [centre[0] + step * self.w1, centre[1] + step * self.w2]

        stops = []
        for k in range(SHADING_STOPS + 1):
            t = k / SHADING_STOPS
            stops.append([t, Value(z_low + t * (z_high - z_low)).sigmoid().data])
        return {"from": along_normal(z_low), "to": along_normal(z_high), "stops": stops}

    def formula(self, digits: int = 2) -> str:
        """The neuron with its current numbers, e.g. 'y = σ(1.20·x1 − 0.50·x2 + 0.30)'."""
        return formula(self.w1, self.w2, self.b, digits)

    def state(self, shading: bool = False) -> dict[str, Any]:
        """Everything the page draws and reads out, as plain numbers (JSON-ready)."""
        wrong = self.misclassified()
        loss = self.loss
        state: dict[str, Any] = {
            "step": self.step,
            "run_steps": self.run_steps,
            "w1": self.w1, "w2": self.w2, "b": self.b,
            "loss": loss,
            "accuracy": (len(wrong) - sum(wrong)) / len(wrong),
            "errors": sum(wrong),
            "misclassified": wrong,
            "line": self.decision_line(),
            "formula": self.formula(),
            "done": False,
        }
        if shading:
            state["shading"] = self.shading()
        return state

    def dispatch(self, event_json: str) -> str:
        """The page's one entry point: an event as JSON in, the state to draw as JSON out.

        Events: {"do": "set", "w1": ...} (any of w1, w2, b), {"do": "reset"}, {"do": "start"}
        ("Train this for me" pressed), {"do": "step"} (one training step), {"do": "state"};
        with "shading": true the state carries the probability shading.
        """
        event = json.loads(event_json)
        action, shading = event.get("do"), bool(event.get("shading"))
        if action == "set":
            self.set(event.get("w1"), event.get("w2"), event.get("b"))
        elif action == "reset":
            self.reset()
        elif action == "start":
            self.start_training()
        elif action == "step":
            return json.dumps(self.train_step(shading))
        elif action != "state":
            raise ValueError(f"LivePlayground.dispatch: unknown event {action!r}; use set, reset, start, step or state.")
        return json.dumps(self.state(shading))

    def points_json(self) -> str:
        """The points, labels and picture limits for the page to draw once."""
        (x0, x1), (y0, y1) = self.limits()
        return json.dumps({"X": [list(p) for p in self.X], "y": self.y, "xlim": [x0, x1], "ylim": [y0, y1]})
