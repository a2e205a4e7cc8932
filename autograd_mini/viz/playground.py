"""The neuron playground of Part 2, without any drawing: state, numbers and one training step.

A `NeuronPlayground` holds one neuron, y = sigmoid(w1*x1 + w2*x2 + b), and the lesson's 40
points. Front ends (matplotlib widgets, ipywidgets) only read its numbers and call its methods:
every probability, loss and gradient below comes from the tensor engine (nn.Linear, the
engine's loss, backward() and optim.SGD), never from a formula written here.

What training minimises: the mean binary cross-entropy plus the lesson's small L2 term,
(0.01 / 2)·(w1² + w2² + b²) (landscape.BOWL_WEIGHT_DECAY, SGD's weight_decay). On separable
points the cross-entropy alone has no bottom (it keeps falling as the weights grow); the L2
term gives it one. The read-out's `loss` is the cross-entropy alone, the number the learner
compares by hand.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterator

import numpy as np

from .. import data as datasets
from .. import live_playground
from ..engine.tensor import Tensor, no_grad
from ..nn import Linear
from ..nn import functional as F
from ..landscape import BOWL_WEIGHT_DECAY
from ..optim import SGD
from ..train import predict_logits, predict_proba

__all__ = ["NeuronPlayground", "PlaygroundState"]

SLIDER_RANGE = (-6.0, 6.0)  # what the sliders for w1, w2 and b can reach


@dataclass(frozen=True)
class PlaygroundState:
    """One moment of the playground: the three numbers and how good they are."""

    step: int
    w1: float
    w2: float
    b: float
    loss: float
    accuracy: float
    errors: int


class NeuronPlayground:
    """One sigmoid neuron on two-class points: set w1, w2, b by hand, or let gradient descent do it."""

    def __init__(
        self,
        X: np.ndarray | None = None,
        y: np.ndarray | None = None,
        *,
        w1: float = 0.0,
        w2: float = 0.0,
        b: float = 0.0,
        learning_rate: float = 0.5,
    ) -> None:
        if X is None or y is None:
            X, y = datasets.make_separable()  # the lesson's 40 points
        self.X = np.asarray(X, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        if self.y.ndim == 2 and self.y.shape[1] == 1:  # a column of labels (n, 1): the same n labels
            self.y = self.y[:, 0]
        if self.X.ndim != 2 or self.X.shape[1] != 2 or self.y.shape != (len(self.X),):
            raise ValueError(
                f"NeuronPlayground needs points X of shape (n, 2) and labels y of shape (n,) or (n, 1); "
                f"got {tuple(self.X.shape)} and {tuple(self.y.shape)}."
            )
        self.learning_rate = float(learning_rate)
        self.neuron = Linear(2, 1)  # weight (1, 2) = [[w1, w2]], bias (1,) = [b]
        self.neuron.weight.label, self.neuron.bias.label = "w", "b"
        self.step = 0
        self.set(w1, w2, b)

    # ----------------------------------------------------------------- the three numbers
    @property
    def w1(self) -> float:
        """The neuron's weight on the first feature (x1)."""
        return float(self.neuron.weight.data[0, 0])

    @property
    def w2(self) -> float:
        """The neuron's weight on the second feature (x2)."""
        return float(self.neuron.weight.data[0, 1])

    @property
    def b(self) -> float:
        """The neuron's bias, where the boundary sits when both weights are fixed."""
        return float(self.neuron.bias.data[0])

    def set(self, w1: float | None = None, w2: float | None = None, b: float | None = None) -> PlaygroundState:
        """Move one or more sliders; returns the new state."""
        for value, name in ((w1, "w1"), (w2, "w2"), (b, "b")):
            if value is not None and not np.isfinite(float(value)):
                raise ValueError(f"{name} must be a finite number, not {value!r}.")
        if w1 is not None:
            self.neuron.weight.data[0, 0] = float(w1)
        if w2 is not None:
            self.neuron.weight.data[0, 1] = float(w2)
        if b is not None:
            self.neuron.bias.data[0] = float(b)
        return self.state()

    def reset(self) -> PlaygroundState:
        """Back to the start: w1 = w2 = b = 0."""
        self.step = 0
        return self.set(0.0, 0.0, 0.0)

    # ------------------------------------------------------------ what the neuron says
    def logits(self, points: np.ndarray | None = None) -> np.ndarray:
        """z = w1*x1 + w2*x2 + b at each point (the training points by default)."""
        return predict_logits(self.neuron, self.X if points is None else points)

    def probabilities(self, points: np.ndarray | None = None) -> np.ndarray:
        """sigmoid(z): the neuron's probability of class B at each point."""
        return predict_proba(self.neuron, self.X if points is None else points)

    def predictions(self) -> np.ndarray:
        """Predicted labels of the training points: 1 (class B) where the probability is at least 0.5.

        The same rule as `autograd_mini.train.accuracy`, so the two always agree.
        """
        return (self.probabilities() >= 0.5).astype(np.float64)

    def misclassified(self) -> np.ndarray:
        """Boolean mask of the training points the neuron gets wrong (drawn with an amber outline)."""
        return self.predictions() != self.y

    @property
    def accuracy(self) -> float:
        """Fraction of the training points on the right side of the line."""
        return float(np.mean(~self.misclassified()))

    @property
    def loss(self) -> float:
        """Mean binary cross-entropy of the training points, from the engine's loss."""
        with no_grad():
            return self._loss().item()

    def _loss(self) -> Tensor:
        return F.binary_cross_entropy_with_logits(self.neuron(Tensor(self.X)), self.y.reshape(-1, 1))

    def state(self) -> PlaygroundState:
        """The current numbers as a PlaygroundState."""
        return PlaygroundState(
            step=self.step, w1=self.w1, w2=self.w2, b=self.b,
            loss=self.loss, accuracy=self.accuracy, errors=int(self.misclassified().sum()),
        )

    def formula(self, digits: int = 2) -> str:
        """The neuron with its current numbers, e.g. 'y = σ(1.20·x1 − 0.50·x2 + 0.30)'."""
        return live_playground.formula(self.w1, self.w2, self.b, digits)

    # --------------------------------------------------------------------- geometry
    def decision_line(
        self, xlim: tuple[float, float], ylim: tuple[float, float]
    ) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """The two ends of the line w1*x1 + w2*x2 + b = 0 inside the box, or None if it misses it."""
        return live_playground.decision_line(self.w1, self.w2, self.b, xlim, ylim)

    def limits(self, padding: float = 0.5) -> tuple[tuple[float, float], tuple[float, float]]:
        """(xlim, ylim) around the points, with some padding."""
        lo, hi = self.X.min(axis=0) - padding, self.X.max(axis=0) + padding
        return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))

    def probability_grid(
        self, xlim: tuple[float, float], ylim: tuple[float, float], resolution: int = 120
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """xs, ys and the neuron's probability on the grid (shape (len(ys), len(xs))) for shading."""
        xs = np.linspace(*xlim, resolution)
        ys = np.linspace(*ylim, resolution)
        gx, gy = np.meshgrid(xs, ys)
        p = self.probabilities(np.column_stack([gx.ravel(), gy.ravel()]))
        return xs, ys, p.reshape(gx.shape)

    # --------------------------------------------------------------------- training
    def train_step(self, learning_rate: float | None = None) -> PlaygroundState:
        """One step of gradient descent on BCE + `(0.01/2)·|w, b|²`, from the current w1, w2, b."""
        lr = self.learning_rate if learning_rate is None else float(learning_rate)
        optimizer = SGD(self.neuron.parameters(), lr=lr, weight_decay=BOWL_WEIGHT_DECAY)
        optimizer.zero_grad()
        self._loss().backward()  # the engine fills in dloss/dw and dloss/db
        optimizer.step()  # w <- w - lr * dloss/dw
        # Keep the sliders in reach (hand-set weights may start anywhere).
        np.clip(self.neuron.weight.data, *SLIDER_RANGE, out=self.neuron.weight.data)
        np.clip(self.neuron.bias.data, *SLIDER_RANGE, out=self.neuron.bias.data)
        self.step += 1
        return self.state()

    def train_steps(
        self, learning_rate: float | None = None, max_steps: int = 300, settle: float = 1e-3
    ) -> Iterator[PlaygroundState]:
        """Gradient descent one step at a time, yielding each state so a front end can animate it.

        Starts from the current sliders and stops once every point is classified right and a
        step lowers the loss by less than `settle` (the line has settled), or after `max_steps`.
        """
        previous = self.loss
        for _ in range(max_steps):
            state = self.train_step(learning_rate)
            yield state
            if state.errors == 0 and previous - state.loss < settle:
                return
            previous = state.loss

    def train(self, learning_rate: float | None = None, max_steps: int = 300) -> PlaygroundState:
        """Run `train_steps` to the end; returns the final state."""
        state = self.state()
        for state in self.train_steps(learning_rate, max_steps):
            pass
        return state

    # ------------------------------------------------------------------------- JSON
    def to_json(self) -> str:
        """The playground (numbers, learning rate, points) as a JSON string."""
        return json.dumps(
            {
                **{k: v for k, v in asdict(self.state()).items() if k in ("step", "w1", "w2", "b")},
                "learning_rate": self.learning_rate,
                "X": self.X.tolist(),
                "y": self.y.tolist(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> "NeuronPlayground":
        """A playground rebuilt from `to_json()`'s string."""
        try:
            d = json.loads(text)
            playground = cls(
                np.asarray(d["X"]), np.asarray(d["y"]), w1=d["w1"], w2=d["w2"], b=d["b"],
                learning_rate=d.get("learning_rate", 0.5),
            )
        except (KeyError, TypeError, json.JSONDecodeError) as error:
            raise ValueError(
                f"NeuronPlayground.from_json: not a playground saved by to_json() ({error!r})."
            ) from None
        playground.step = int(d.get("step", 0))
        return playground
