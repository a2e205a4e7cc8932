"""Pictures of what the engine computed: graphs, decision boundaries, the loss bowl, the playground.

Needs the `viz` extra (matplotlib, graphviz, ipywidgets): pip install 'autograd_mini[viz]'.
Names are imported on first use, so `draw_graph` works without matplotlib installed and
a missing package is reported by name when (and only when) it is needed.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._optional import VIZ_INSTALL, MissingDependencyError, NoDisplayError

_WHERE = {
    "draw_graph": "graph",
    "save_graph": "graph",
    "lesson_neuron": "graph",
    "write_lesson_graph": "graph",
    "plot_decision_boundary": "boundary",
    "model_probabilities": "boundary",
    "plot_history": "history",
    "plot_loss_surface": "surface",
    "plot_learning_rates": "surface",
    "loss_surface_panels": "surface",
    "learning_rate_panels": "surface",
    "panels": "layout",
    "show_row": "layout",
    "save_figure": "figures",
    "write_training_figures": "figures",
    "NeuronPlayground": "playground",
    "PlaygroundState": "playground",
    "MatplotlibPlayground": "playground_mpl",
    "PlaygroundView": "playground_mpl",
    "open_playground": "playground_mpl",
    "WidgetPlayground": "playground_widgets",
    "theme": "theme",
}

__all__ = [*_WHERE, "VIZ_INSTALL", "MissingDependencyError", "NoDisplayError"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'autograd_mini.viz' has no attribute {name!r}")
    module = importlib.import_module(f".{_WHERE[name]}", __name__)
    return module if name == _WHERE[name] else getattr(module, name)


def __dir__() -> list[str]:
    return sorted(__all__)
