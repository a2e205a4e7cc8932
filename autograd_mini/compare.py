"""Why depth wins: a single neuron and a small MLP trained on the same data for the same epochs.

A single neuron's boundary is a straight line, so it fails on XOR and on two moons; an MLP with
a hidden layer bends its boundary around them. Both are trained by `fit`, with the same
optimizer, learning rate, epochs and seed; `plot_comparison` draws the two boundaries side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from . import data as datasets
from . import nn, scalar
from .train import History, accuracy, fit

__all__ = ["Comparison", "compare_neuron_and_mlp", "plot_comparison"]


@dataclass
class Comparison:
    """Both trained models, their histories and accuracies on the same points."""

    name: str
    X: np.ndarray
    y: np.ndarray
    neuron: Any
    mlp: Any
    neuron_history: History
    mlp_history: History
    neuron_accuracy: float
    mlp_accuracy: float
    hidden: tuple[int, ...]
    epochs: int

    def summary(self) -> str:
        """One line per model: its accuracy on the data."""
        sizes = "-".join(map(str, (2, *self.hidden, 1)))
        return (f"{self.name}: single neuron {self.neuron_accuracy:.1%}, MLP {sizes} {self.mlp_accuracy:.1%} "
                f"(same data, {self.epochs} epochs each)")


def _make_models(engine: str, hidden: Sequence[int], seed: int) -> tuple[Any, Any]:
    if engine == "tensor":
        return nn.Linear(2, 1, seed=seed), nn.MLP(2, [*hidden, 1], activation="tanh", seed=seed)
    if engine == "scalar":
        return scalar.Neuron(2, activation="linear", seed=seed), scalar.MLP(2, [*hidden, 1], activation="tanh", seed=seed)
    raise ValueError(f"engine must be 'tensor' or 'scalar', not {engine!r}.")


def compare_neuron_and_mlp(
    dataset: "str | tuple[np.ndarray, np.ndarray]" = "moons",
    *,
    hidden: Sequence[int] = (16,),
    epochs: int = 300,
    lr: float = 0.05,
    optimizer: str = "adam",
    seed: int = 0,
    engine: str = "tensor",
) -> Comparison:
    """Train a single neuron and an MLP (tanh hidden layers of `hidden` sizes) on the same data.

    dataset: a name for `data.load` ('moons', 'xor', 'circles', 'spirals', 'separable', ...)
    or (X, y). Both models output a logit and train with the same loss, optimizer, lr, epochs.
    """
    if isinstance(dataset, str):
        name = dataset
        X, y = datasets.load(dataset)
    else:
        name = "data"
        X, y = (np.asarray(a, dtype=np.float64) for a in dataset)
    hidden = tuple(int(h) for h in hidden)
    if not hidden or any(h < 1 for h in hidden):
        raise ValueError(f"hidden must list at least one positive layer size, e.g. (16,), not {hidden!r}.")
    neuron, mlp = _make_models(engine, hidden, seed)
    settings = dict(optimizer=optimizer, lr=lr, epochs=epochs, seed=seed, progress=False)
    neuron_history = fit(neuron, X, y, **settings)
    mlp_history = fit(mlp, X, y, **settings)
    return Comparison(
        name=name, X=X, y=y, neuron=neuron, mlp=mlp,
        neuron_history=neuron_history, mlp_history=mlp_history,
        neuron_accuracy=accuracy(neuron, X, y), mlp_accuracy=accuracy(mlp, X, y),
        hidden=hidden, epochs=epochs,
    )


def plot_comparison(comparison: Comparison, axes: Any = None, *, shade: bool = True, title: str | None = None) -> tuple[Any, Any]:
    """The single neuron's boundary beside the MLP's, each titled with its accuracy; returns (fig, axes)."""
    from .viz._optional import pyplot
    from .viz.boundary import plot_decision_boundary

    plt = pyplot("plot_comparison")
    made_here = axes is None
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(10.0, 4.6), constrained_layout=True)
    else:
        fig = axes[0].figure
    c = comparison
    sizes = "-".join(map(str, (2, *c.hidden, 1)))
    plot_decision_boundary(c.neuron, c.X, c.y, ax=axes[0], shade=shade,
                           title=f"single neuron: {_percent(c.neuron_accuracy)} right (a straight line)")
    plot_decision_boundary(c.mlp, c.X, c.y, ax=axes[1], shade=shade,
                           title=f"MLP {sizes}: {_percent(c.mlp_accuracy)} right (a bent boundary)")
    if title or made_here:
        fig.suptitle(title or f"{c.name}: the same data, {c.epochs} epochs each")
    return fig, axes


def _percent(fraction: float) -> str:
    """'100%' only when every point is right: 0.995 reads '99.5%', never a rounded-up '100%' beside a ringed mistake."""
    return "100%" if fraction == 1.0 else f"{fraction:.1%}"
