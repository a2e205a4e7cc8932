"""The loss landscape comes from the engine's loss, and descent paths from fit's snapshots."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from autograd_mini import Tensor, data, nn, scalar
from autograd_mini.landscape import (
    LEARNING_RATES, DescentPath, descent_path, lesson_bowl, flat_parameters, loss_surface, model_loss, parameter_names, path_from_history,
    set_flat_parameters,
)
from autograd_mini.nn import functional as F
from autograd_mini.train import evaluate, fit


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


# ----------------------------------------------------------------- the lesson's bowl
def _best_line_through_origin_errors(X, y, angles=7200):
    """Sweep the direction of a line through the origin (both sides): the fewest misclassified points."""
    theta = np.linspace(0.0, 2 * np.pi, angles, endpoint=False)
    normals = np.column_stack([np.cos(theta), np.sin(theta)])
    predictions = (X @ normals.T) > 0  # (points, angles): class 1 on the side the normal points to
    return int(np.min(np.sum(predictions != (y[:, None] == 1), axis=0)))


def test_the_40_points_need_a_bias():
    X, y = data.make_separable()
    assert len(X) == 40
    assert _best_line_through_origin_errors(X, y) >= 3  # b = 0 cannot do it
    assert np.all(((X @ np.array([1.0, 1.0]) - 2.0) > 0) == (y == 1))  # a line with a bias can
    # the sweep itself is right: points that a line through the origin does split give 0
    assert _best_line_through_origin_errors(X - 1.0, y) == 0


def test_bowl_bottom_is_where_the_engines_gradient_vanishes():
    bowl = lesson_bowl()
    model = bowl.neuron(bowl.optimum[:2])
    loss = F.binary_cross_entropy_with_logits(model(Tensor(bowl.X)).reshape(-1), bowl.y)
    loss.backward()
    grads = np.concatenate([np.ravel(np.asarray(getattr(p.grad, "data", p.grad))) for p in model.parameters()])
    assert np.allclose(grads + bowl.weight_decay * flat_parameters(model), 0.0, atol=1e-9)
    # the L2 term is small: the bottom still classifies all 40 points
    assert evaluate(model, bowl.X, bowl.y)[1] == 1.0
    assert bowl.surface().minimum[2] >= bowl.loss(*bowl.optimum[:2]) - 1e-12


def test_bowl_curvature_is_the_engines_second_derivative():
    bowl = lesson_bowl()
    w, h = bowl.optimum[:2], 1e-4
    second = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h, np.eye(2)[j] * h
            second[i, j] = (bowl.loss(*(w + ei + ej)) - bowl.loss(*(w + ei - ej)) - bowl.loss(*(w - ei + ej))
                            + bowl.loss(*(w - ei - ej))) / (4 * h * h)
    assert np.allclose(second, bowl.hessian[:2, :2], atol=1e-5)
    assert bowl.learning_rate_edge == pytest.approx(2 / np.linalg.eigvalsh(second)[-1], rel=1e-4)


def _settles(path):
    return np.linalg.norm(path.points[-1] - path.points[-2]) < 1e-3


def test_learning_rate_edge_is_two_over_curvature_in_the_experiment():
    bowl = lesson_bowl()
    edge = bowl.learning_rate_edge
    assert _settles(bowl.path(0.95 * edge, epochs=300))
    assert not _settles(bowl.path(1.05 * edge, epochs=300))


def test_three_learning_rates_are_what_they_are_called():
    bowl = lesson_bowl()
    rates = bowl.learning_rates
    assert rates is not LEARNING_RATES and rates == LEARNING_RATES
    assert rates["too small"] < rates["about right"] < bowl.learning_rate_edge < rates["too large"]
    bottom = bowl.loss(*bowl.optimum[:2])
    small, right, large = (bowl.path(rates[k], epochs=25) for k in ("too small", "about right", "too large"))
    assert right.losses[-1] - bottom < 1e-4 < small.losses[-1] - bottom  # about right arrives; too small does not
    steps = np.diff(large.points, axis=0)
    assert (np.sum(steps[1:] * steps[:-1], axis=1) < 0).mean() > 0.8  # too large: it keeps turning back
    assert not _settles(large)
    # only w1 and w2 move: b stays at its best value on every step, so the path lies on the bowl
    for path in (small, right, large):
        assert np.allclose(path_from_history(bowl.neuron(), path.history, (0, 2))[:, 1], bowl.optimum[2])
        assert np.allclose(path.losses, [bowl.loss(*p) for p in path.points])
