"""The loss landscape: the engine's loss over a grid of two of a model's parameters.

The bowl picture of gradient descent is a map: pick two parameters of a model, hold every
other one where it is, and ask the engine for the loss at each point of a grid of those two.
`loss_surface` does exactly that (no formula of its own: it sets the two numbers, runs the
model forward and calls the same loss `fit` uses). `descent_path` trains with `fit` and reads
the two parameters back from History's snapshots, so a path drawn on the map is the path
training really took. No matplotlib here: plots (viz) and manim scenes both build on it.

Parameters are addressed by their position in the model's parameters flattened into one
vector (`parameter_names(model)` lists them): for `nn.Linear(2, 1)` that is weight[0,0],
weight[0,1], bias[0]; for `scalar.Neuron(2)` it is w1, w2, b.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from .engine.tensor import Tensor, no_grad
from .engine.value import Value
from .train import TrainingDiverged, evaluate, fit, get_state, is_scalar_model, set_state
from . import optim

__all__ = [
    "LossSurface", "DescentPath", "loss_surface", "descent_path", "path_from_history", "path_losses", "model_loss",
    "parameter_names", "flat_parameters", "set_flat_parameters",
]

ParamRef = "int | str"


@dataclass(frozen=True)
class LossSurface:
    """The loss on a grid: loss[j, i] is the loss with the two parameters at (p1[i], p2[j])."""

    p1: np.ndarray
    p2: np.ndarray
    loss: np.ndarray
    names: tuple[str, str]
    indices: tuple[int, int]

    @property
    def minimum(self) -> tuple[float, float, float]:
        """(p1, p2, loss) at the lowest grid point."""
        j, i = np.unravel_index(np.argmin(self.loss), self.loss.shape)
        return float(self.p1[i]), float(self.p2[j]), float(self.loss[j, i])


@dataclass(frozen=True)
class DescentPath:
    """Where training went: the two parameters after each epoch (start first) and the loss there.

    `losses` include the weight-decay term `(wd/2)·|params|²`, like `loss_surface`, so the path
    lies on the surface; `history.loss` (from fit) is the data loss alone.
    """

    points: np.ndarray  # (epochs + 1, 2)
    losses: np.ndarray  # (epochs + 1,): the engine's loss at each point
    learning_rate: float
    history: Any  # fit's History

    @property
    def start(self) -> np.ndarray:
        """The two parameters before the first step."""
        return self.points[0]

    @property
    def end(self) -> np.ndarray:
        """The two parameters after the last epoch."""
        return self.points[-1]


# ------------------------------------------------------------- parameters as one vector
def parameter_names(model: Any) -> list[str]:
    """A name for every number the model learns, in flat order ('w1', 'weight[0,1]', 'layers.0.bias[3]')."""
    if is_scalar_model(model):
        return [p.label or f"p{i}" for i, p in enumerate(model.parameters())]
    names = []
    for name, p in model.named_parameters():
        for index in np.ndindex(p.data.shape):
            names.append(f"{name}[{','.join(map(str, index))}]" if index else name)
    return names


def flat_parameters(model: Any) -> np.ndarray:
    """Every number the model learns, as one vector (a copy)."""
    if is_scalar_model(model):
        return get_state(model)["parameters"].astype(np.float64)
    return np.concatenate([p.data.reshape(-1) for p in model.parameters()]).astype(np.float64)


def set_flat_parameters(model: Any, values: np.ndarray) -> None:
    """Write a vector from `flat_parameters` back into the model."""
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    params = model.parameters()
    if is_scalar_model(model):
        set_state(model, {"parameters": values})
        return
    total = sum(p.data.size for p in params)
    if len(values) != total:
        raise ValueError(f"set_flat_parameters: {len(values)} numbers for a model with {total} parameter entries.")
    start = 0
    for p in params:
        p.data = values[start:start + p.data.size].reshape(p.data.shape).astype(p.data.dtype)
        start += p.data.size


def _resolve(model: Any, param_slice: Sequence[ParamRef]) -> tuple[tuple[int, int], tuple[str, str]]:
    """Two flat indices and names from indices or names."""
    names = parameter_names(model)
    if len(param_slice) != 2:
        raise ValueError(f"param_slice must name exactly two parameters, e.g. (0, 1) or ('w1', 'w2'); got {param_slice!r}.")
    indices = []
    for ref in param_slice:
        if isinstance(ref, str):
            if ref not in names:
                shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
                raise ValueError(f"no parameter named {ref!r}; this model's are: {shown}.")
            indices.append(names.index(ref))
        elif isinstance(ref, (int, np.integer)) and not isinstance(ref, bool) and -len(names) <= ref < len(names):
            indices.append(int(ref) % len(names))
        else:
            raise ValueError(f"parameter {ref!r} is not an index in 0..{len(names) - 1} or a name from parameter_names(model).")
    if indices[0] == indices[1]:
        raise ValueError(f"param_slice names the same parameter twice ({param_slice!r}); pick two different ones.")
    return (indices[0], indices[1]), (names[indices[0]], names[indices[1]])


# -------------------------------------------------------------------------- the loss
def model_loss(model: Any, X: np.ndarray, y: np.ndarray, loss: "str | Callable" = "bce_with_logits",
               weight_decay: float = 0.0) -> float:
    """The loss `fit` minimises, at the model's current parameters (plus `(wd/2)·|params|²` if weight_decay)."""
    value, _ = evaluate(model, X, y, loss)
    if not weight_decay:
        penalty = 0.0
    elif is_scalar_model(model):
        penalty = Value.sum([p * p for p in model.parameters()]).data
    else:
        with no_grad():
            penalty = sum(((p * p).sum()).item() for p in model.parameters())
    # SGD's weight_decay adds wd * p to each gradient: the gradient of (wd / 2) * p².
    return float(value + 0.5 * weight_decay * penalty)


def loss_surface(
    model: Any,
    X: np.ndarray,
    y: np.ndarray,
    loss: "str | Callable" = "bce_with_logits",
    param_slice: Sequence[ParamRef] = (0, 1),
    grid: "tuple[Sequence[float], Sequence[float]] | None" = None,
    *,
    span: float = 3.0,
    resolution: int = 41,
    weight_decay: float = 0.0,
) -> LossSurface:
    """The engine's loss over a grid of two parameters, every other parameter held where it is.

    grid: (values of the first parameter, values of the second); by default `resolution`
    values each within ±`span` of the current ones. The model is left as it was.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    (i1, i2), names = _resolve(model, param_slice)
    start = flat_parameters(model)
    if grid is None:
        p1 = np.linspace(start[i1] - span, start[i1] + span, resolution)
        p2 = np.linspace(start[i2] - span, start[i2] + span, resolution)
    else:
        p1, p2 = (np.asarray(g, dtype=np.float64).reshape(-1) for g in grid)
    surface = np.empty((len(p2), len(p1)))
    point = start.copy()
    try:
        for j, b in enumerate(p2):
            for i, a in enumerate(p1):
                point[i1], point[i2] = a, b
                set_flat_parameters(model, point)
                surface[j, i] = model_loss(model, X, y, loss, weight_decay)
    finally:
        set_flat_parameters(model, start)
    return LossSurface(p1, p2, surface, names, (i1, i2))


# ------------------------------------------------------------------------- the path
def path_from_history(model: Any, history: Any, param_slice: Sequence[ParamRef] = (0, 1)) -> np.ndarray:
    """(p1, p2) at each snapshot in History, in epoch order: shape (number of snapshots, 2)."""
    (i1, i2), _ = _resolve(model, param_slice)
    current = get_state(model)
    points = []
    try:
        for epoch in sorted(history.snapshots):
            set_state(model, history.snapshots[epoch])
            flat = flat_parameters(model)
            points.append((flat[i1], flat[i2]))
    finally:
        set_state(model, current)
    return np.array(points, dtype=np.float64).reshape(-1, 2)


def path_losses(
    model: Any,
    X: np.ndarray,
    y: np.ndarray,
    points: np.ndarray,
    param_slice: Sequence[ParamRef] = (0, 1),
    loss: "str | Callable" = "bce_with_logits",
    weight_decay: float = 0.0,
) -> np.ndarray:
    """The engine's loss at each (p1, p2) of `points`, other parameters as they are in `model`."""
    (i1, i2), _ = _resolve(model, param_slice)
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    start = flat_parameters(model)
    point, out = start.copy(), []
    try:
        for a, b in np.asarray(points, dtype=np.float64).reshape(-1, 2):
            point[i1], point[i2] = a, b
            set_flat_parameters(model, point)
            out.append(model_loss(model, X, y, loss, weight_decay))
    finally:
        set_flat_parameters(model, start)
    return np.array(out)


def descent_path(
    model: Any,
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr: float,
    epochs: int,
    param_slice: Sequence[ParamRef] = (0, 1),
    loss: "str | Callable" = "bce_with_logits",
    momentum: float = 0.0,
    weight_decay: float = 0.0,
    start: Sequence[float] | None = None,
    hold_others: bool = False,
) -> DescentPath:
    """Train a copy of `model` with full-batch SGD through `fit` and return the path it took.

    `start` sets the two parameters before training (the model itself is not changed). If the
    loss blows up, the path ends where it did. When the model has more than the two parameters
    of `param_slice`, the others move too and the path leaves the slice drawn by `loss_surface`,
    unless `hold_others=True`: then every other parameter is put back after each step, so the
    path is gradient descent on exactly the slice that `loss_surface` draws.
    """
    trained = copy.deepcopy(model)
    (i1, i2), _ = _resolve(trained, param_slice)
    if start is not None:
        flat = flat_parameters(trained)
        flat[i1], flat[i2] = start
        set_flat_parameters(trained, flat)
    held = flat_parameters(trained)

    class SliceSGD(optim.SGD):
        """SGD that moves only the two parameters of the slice when hold_others is set."""

        def step(self) -> None:
            super().step()
            if hold_others:
                moved = flat_parameters(trained)
                held[i1], held[i2] = moved[i1], moved[i2]
                set_flat_parameters(trained, held)

    sgd = SliceSGD(trained.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)
    try:
        history = fit(trained, X, y, loss=loss, optimizer=sgd, epochs=epochs, snapshot_every=1, progress=False)
    except TrainingDiverged as diverged:
        history = diverged.history
    points = path_from_history(trained, history, param_slice)
    set_state(trained, history.snapshots[0])
    losses = path_losses(trained, X, y, points, param_slice, loss, weight_decay)
    return DescentPath(points, losses, float(lr), history)


# ------------------------------------------------------------------ the lesson's bowl
BOWL_WEIGHT_DECAY = 0.01
"""The small L2 term of the lesson's bowl; the loss is mean BCE + (0.01 / 2)·(w1² + w2² + b²).

On the 40 separable points the logistic loss alone has no bottom (it keeps falling as the
weights grow); this term gives it one, at weights that still classify all 40 points.
"""

LEARNING_RATES = {"too small": 0.5, "about right": 3.0, "too large": 8.0}
"""The learning rates the notebooks and the descent video call too small, about right, too large."""

BOWL_START = (-1.0, 4.5)
"""Where descent starts on the bowl, (w1, w2), high on its side."""

BOWL_GRID = np.linspace(-2.5, 5.5, 33)
"""The values of w1 and of w2 over which the bowl is drawn."""

BOWL_CAPTION = f"mean BCE + {BOWL_WEIGHT_DECAY:g}/2·(w1² + w2² + b²) over (w1, w2), b held at its best value"
"""What the bowl is, in the words every caption uses."""


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _l2_logistic_newton(X: np.ndarray, y: np.ndarray, weight_decay: float) -> tuple[np.ndarray, np.ndarray]:
    """The minimum (w1, w2, b) of mean BCE + (wd/2)|θ|² and the Hessian there, by Newton's method."""
    features = np.column_stack([X, np.ones(len(X))])  # the bias is the weight of a constant 1
    theta = np.zeros(3)
    for _ in range(100):
        p = _sigmoid(features @ theta)
        gradient = features.T @ (p - y) / len(y) + weight_decay * theta
        # d²/dθ² of BCE(σ(θ·x)) is σ(1 - σ) x xᵀ; the L2 term adds wd on the diagonal
        hessian = (features.T * (p * (1 - p))) @ features / len(y) + weight_decay * np.eye(3)
        theta = theta - np.linalg.solve(hessian, gradient)
        if np.max(np.abs(gradient)) < 1e-13:
            break
    return theta, hessian


@dataclass(frozen=True)
class LessonBowl:
    """The lesson's one bowl: the neuron's L2-regularised loss on the 40 points over (w1, w2), b at its best.

    Shared by notebook 02, notebook 03 and the descent video. The loss is `BOWL_CAPTION`; the
    learning-rate edge is 2 / curvature, the largest curvature of the bowl at its bottom.
    """

    X: np.ndarray
    y: np.ndarray
    weight_decay: float
    optimum: np.ndarray  # (w1, w2, b) at the bottom
    hessian: np.ndarray  # 3x3, over (w1, w2, b), at the bottom
    start: tuple[float, float]
    learning_rates: dict

    @property
    def curvature(self) -> float:
        """The bowl's largest curvature at its bottom, the top eigenvalue of the (w1, w2) Hessian."""
        return float(np.linalg.eigvalsh(self.hessian[:2, :2])[-1])

    @property
    def learning_rate_edge(self) -> float:
        """2 / curvature; gradient descent on the bowl settles below this learning rate and not above."""
        # near the bottom a step maps the offset d to (1 - lr·h)·d along each curvature h; |1 - lr·h| < 1 iff lr < 2/h
        return 2.0 / self.curvature

    def neuron(self, w: "Sequence[float] | None" = None) -> Any:
        """A fresh nn.Linear(2, 1) with b at its best value and (w1, w2) = `w` (the start by default)."""
        from . import nn

        model = nn.Linear(2, 1, seed=0)
        w1, w2 = self.start if w is None else w
        set_flat_parameters(model, [w1, w2, self.optimum[2]])
        return model

    def loss(self, w1: float, w2: float) -> float:
        """The engine's loss of the bowl at (w1, w2), b at its best value."""
        return model_loss(self.neuron((w1, w2)), self.X, self.y, weight_decay=self.weight_decay)

    def surface(self, grid: "Sequence[float] | None" = None) -> LossSurface:
        """The bowl on a grid of (w1, w2) (BOWL_GRID by default), from the engine's loss."""
        values = BOWL_GRID if grid is None else np.asarray(grid, dtype=np.float64)
        surface = loss_surface(self.neuron(), self.X, self.y, grid=(values, values), weight_decay=self.weight_decay)
        return LossSurface(surface.p1, surface.p2, surface.loss, ("w1", "w2"), surface.indices)

    def path(self, lr: float, epochs: int = 25, start: "Sequence[float] | None" = None) -> DescentPath:
        """Full-batch gradient descent on the bowl through `fit`: only w1, w2 move, b stays at its best."""
        return descent_path(self.neuron(), self.X, self.y, lr=lr, epochs=epochs, weight_decay=self.weight_decay,
                            start=self.start if start is None else start, hold_others=True)


def lesson_bowl() -> LessonBowl:
    """The lesson's bowl on data.make_separable()'s 40 points (see LessonBowl)."""
    from .data import make_separable

    X, y = make_separable()
    optimum, hessian = _l2_logistic_newton(X, y, BOWL_WEIGHT_DECAY)
    return LessonBowl(X, y, BOWL_WEIGHT_DECAY, optimum, hessian, BOWL_START, dict(LEARNING_RATES))
