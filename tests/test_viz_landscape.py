"""The loss landscape comes from the engine's loss, and descent paths from fit's snapshots."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from autograd_mini import data, nn, scalar
from autograd_mini.landscape import (
    DescentPath, descent_path, flat_parameters, loss_surface, model_loss, parameter_names, path_from_history,
    set_flat_parameters,
)
from autograd_mini.train import fit


@pytest.fixture(scope="module")
def moons():
    return data.make_moons(60, noise=0.2, seed=0)


def test_landscape_needs_no_matplotlib():
    import subprocess

    code = "import sys, autograd_mini.landscape, autograd_mini.compare; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_parameters_flatten_the_same_way_in_both_engines():
    tensor_neuron, scalar_neuron = nn.Linear(2, 1, seed=3), scalar.Neuron(2, activation="linear", seed=3)
    assert parameter_names(tensor_neuron) == ["weight[0,0]", "weight[0,1]", "bias[0]"]
    assert parameter_names(scalar_neuron) == ["w1", "w2", "b"]
    assert np.allclose(flat_parameters(tensor_neuron), flat_parameters(scalar_neuron))
    set_flat_parameters(tensor_neuron, [1.0, 2.0, 3.0])
    assert tensor_neuron.weight.data.tolist() == [[1.0, 2.0]] and tensor_neuron.bias.data.tolist() == [3.0]


def test_surface_is_the_engines_loss_at_each_grid_point(moons):
    X, y = moons
    model = nn.Linear(2, 1, bias=False)
    before = flat_parameters(model)
    surface = loss_surface(model, X, y, grid=([-1.0, 0.0, 2.0], [0.5, -1.5]), weight_decay=0.1)
    assert surface.loss.shape == (2, 3) and surface.names == ("weight[0,0]", "weight[0,1]")
    assert np.allclose(flat_parameters(model), before)  # the model is left as it was
    probe = nn.Linear(2, 1, bias=False)
    set_flat_parameters(probe, [2.0, -1.5])
    assert surface.loss[1, 2] == pytest.approx(model_loss(probe, X, y, weight_decay=0.1))
    # the same point through the scalar engine: both engines agree
    neuron = scalar.Neuron(2, activation="linear")
    neuron.b.data = 0.0
    set_flat_parameters(neuron, [2.0, -1.5, 0.0])
    assert model_loss(neuron, X, y) == pytest.approx(model_loss(probe, X, y), rel=1e-9)


def test_slice_by_name_holds_other_parameters(moons):
    X, y = moons
    neuron = scalar.Neuron(2, activation="linear")
    surface = loss_surface(neuron, X, y, param_slice=("w2", "b"), span=1.0, resolution=5)
    assert surface.indices == (1, 2) and surface.loss.shape == (5, 5)
    with pytest.raises(ValueError, match="no parameter named 'w3'"):
        loss_surface(neuron, X, y, param_slice=("w1", "w3"))
    with pytest.raises(ValueError, match="same parameter twice"):
        loss_surface(neuron, X, y, param_slice=(0, 0))


def test_descent_path_is_what_fit_did(moons):
    X, y = moons
    model = nn.Linear(2, 1, bias=False)
    path = descent_path(model, X, y, lr=2.0, epochs=15, start=(-2.0, 2.0))
    assert isinstance(path, DescentPath) and path.points.shape == (16, 2)
    assert np.allclose(path.start, [-2.0, 2.0])
    # full batch: fit's loss of epoch i is measured at the parameters before its step
    assert np.allclose(path.losses[:-1], path.history.loss)
    assert path.losses[-1] < path.losses[0]
    assert not np.allclose(flat_parameters(model), path.end)  # a copy was trained, not the model


def test_path_from_history_reads_every_snapshot(moons):
    X, y = moons
    neuron = scalar.Neuron(2, activation="linear")
    history = fit(neuron, X, y, lr=0.5, epochs=4, snapshot_every=2, progress=False)
    points = path_from_history(neuron, history, ("w1", "b"))
    assert points.shape == (3, 2)  # epochs 0, 2, 4
    assert np.allclose(points[-1], [neuron.w[0].data, neuron.b.data])


def test_three_learning_rates_tell_the_lesson(moons):
    X, y = moons
    model = nn.Linear(2, 1, bias=False)
    small, right, large = (descent_path(model, X, y, lr=lr, epochs=25, weight_decay=0.05, start=(-2.0, 2.0))
                           for lr in (0.5, 4.0, 12.0))
    assert right.losses[-1] < small.losses[-1]  # too small: still on the way down
    steps = np.diff(large.points, axis=0)
    assert (np.sum(steps[1:] * steps[:-1], axis=1) < 0).mean() > 0.5  # too large: it keeps turning back


def test_plot_loss_surface_draws_the_path_on_both_views(moons):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from autograd_mini.viz import plot_learning_rates, plot_loss_surface

    X, y = moons
    model = nn.Linear(2, 1, bias=False)
    surface = loss_surface(model, X, y, grid=(np.linspace(-3, 3, 9), np.linspace(-3, 3, 9)))
    path = descent_path(model, X, y, lr=1.0, epochs=5, start=(-2.0, 2.0))
    fig, (ax3d, ax2d) = plot_loss_surface(surface, {"lr 1": path})
    assert ax3d.name == "3d"
    (line,) = [l for l in ax2d.get_lines() if l.get_label() == "lr 1"]
    assert np.allclose(line.get_xydata(), path.points)
    fig, axes = plot_learning_rates(surface, [path, path, path])
    assert axes.shape == (2, 3) and axes[0, 2].get_title().startswith("lr = 1: too large")
    plt.close("all")
