"""Write docs/images/spirals_3_classes.png: an MLP trained by `fit` on three spirals, drawn by plot_decision_boundary.

Run from the repository root:  MPLBACKEND=Agg python tools/make_spirals_figure.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograd_mini import data, fit, nn
from autograd_mini.viz import save_figure
from autograd_mini.viz.boundary import plot_decision_boundary

OUT = Path(__file__).resolve().parent.parent / "docs" / "images" / "spirals_3_classes.png"


def main() -> int:
    """Train, draw, save; prints the accuracy and the path."""
    X, y = data.make_spirals(300, classes=3, noise=0.05, seed=0)
    model = nn.MLP(2, [32, 32, 3], activation="tanh", seed=0)
    history = fit(model, X, y, optimizer="adam", lr=0.02, epochs=400, progress=False)
    fig, _ = plot_decision_boundary(model, X, y, title=f"MLP 2-32-32-3 on three spirals: "
                                                       f"{history.final_accuracy:.1%} right after {history.epochs} epochs")
    print(f"training accuracy {history.final_accuracy:.1%}; wrote {save_figure(fig, OUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
