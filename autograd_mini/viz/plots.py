"""Every matplotlib plot in one import: `from autograd_mini.viz.plots import plot_decision_boundary, ...`."""

from __future__ import annotations

from .boundary import model_probabilities, plot_decision_boundary
from .figures import save_figure, write_training_figures
from .history import plot_history
from .surface import learning_rate_panels, loss_surface_panels, plot_learning_rates, plot_loss_surface

__all__ = [
    "plot_decision_boundary", "model_probabilities", "plot_history", "plot_loss_surface",
    "plot_learning_rates", "learning_rate_panels", "loss_surface_panels", "save_figure", "write_training_figures",
]
