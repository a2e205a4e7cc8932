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

    `losses` include the weight-decay term (wd/2)·|params|², like `loss_surface`, so the path
    lies on the surface; `history.loss` (from fit) is the data loss alone.
    """

    points: np.ndarray  # (epochs + 1, 2)
    losses: np.ndarray  # (epochs + 1,): the engine's loss at each point
    learning_rate: float
    history: Any  # fit's History

    @property
    def start(self) -> np.ndarray:
        return self.points[0]

    @property
    def end(self) -> np.ndarray:
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
    """The loss `fit` minimises, at the model's current parameters (plus (wd/2)·|params|² if weight_decay)."""
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
) -> DescentPath:
    """Train a copy of `model` with full-batch SGD through `fit` and return the path it took.

    `start` sets the two parameters before training (the model itself is not changed). If the
    loss blows up, the path ends where it did. When the model has more than the two parameters
    of `param_slice`, the others move too and the path leaves the slice drawn by `loss_surface`:
    for an exact picture use a model with two parameters (e.g. nn.Linear(2, 1, bias=False)).
    """
    trained = copy.deepcopy(model)
    if start is not None:
        (i1, i2), _ = _resolve(trained, param_slice)
        flat = flat_parameters(trained)
        flat[i1], flat[i2] = start
        set_flat_parameters(trained, flat)
    sgd = optim.SGD(trained.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)
    try:
        history = fit(trained, X, y, loss=loss, optimizer=sgd, epochs=epochs, snapshot_every=1, progress=False)
    except TrainingDiverged as diverged:
        history = diverged.history
    points = path_from_history(trained, history, param_slice)
    set_state(trained, history.snapshots[0])
    losses = path_losses(trained, X, y, points, param_slice, loss, weight_decay)
    return DescentPath(points, losses, float(lr), history)
