"""Single neuron vs MLP: the same data and epochs; the line fails on XOR and moons, the MLP does not."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_mini import accuracy, nn, scalar
from autograd_mini.compare import Comparison, compare_neuron_and_mlp, plot_comparison


@pytest.mark.parametrize("dataset, neuron_at_most", [("xor", 0.7), ("moons", 0.92)])
def test_the_mlp_solves_what_one_neuron_cannot(dataset, neuron_at_most):
    c = compare_neuron_and_mlp(dataset, hidden=(16,), epochs=300)
    assert isinstance(c, Comparison) and isinstance(c.neuron, nn.Linear) and isinstance(c.mlp, nn.MLP)
    assert c.neuron_accuracy <= neuron_at_most
    assert c.mlp_accuracy >= 0.97
    assert c.neuron_history.epochs == c.mlp_history.epochs == 300
    assert c.mlp_accuracy == accuracy(c.mlp, c.X, c.y)
    assert "single neuron" in c.summary()


def test_scalar_engine_and_own_data():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    c = compare_neuron_and_mlp((X, y), hidden=(4,), epochs=150, lr=0.1, engine="scalar")
    assert isinstance(c.neuron, scalar.Neuron) and isinstance(c.mlp, scalar.MLP)
    assert c.neuron_accuracy <= 0.75 and c.mlp_accuracy == 1.0
    with pytest.raises(ValueError, match="engine"):
        compare_neuron_and_mlp("xor", engine="torch")


def test_plot_comparison_puts_both_boundaries_side_by_side():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    c = compare_neuron_and_mlp("xor", hidden=(8,), epochs=200)
    fig, axes = plot_comparison(c)
    assert "single neuron" in axes[0].get_title() and "MLP 2-8-1" in axes[1].get_title()
    rings = [next(a for a in ax.get_children() if a.get_gid() == "misclassified") for ax in axes]
    assert len(rings[0].get_offsets()) == round((1 - c.neuron_accuracy) * len(c.X))
    assert len(rings[1].get_offsets()) == round((1 - c.mlp_accuracy) * len(c.X))
    plt.close("all")
