"""Plots draw what the model computed: the boundary where p = 0.5, one amber ring per mistake."""

from __future__ import annotations

import sys

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from autograd_mini import accuracy, data, fit, nn, predict_proba, scalar  # noqa: E402
from autograd_mini.viz import plot_decision_boundary, plot_history, theme  # noqa: E402
from autograd_mini.viz.boundary import model_probabilities  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def moons_mlp():
    X, y = data.make_moons(120, noise=0.25, seed=1)
    model = nn.MLP(2, [8, 1], activation="tanh", seed=0)
    history = fit(model, X, y, optimizer="adam", lr=0.05, epochs=40, progress=False)
    return model, X, y, history


def _artist(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {len(found)}"
    return found[0]


def _boundary_vertices(ax) -> np.ndarray:
    contour = _artist(ax, "boundary")
    return np.vstack([p.vertices for p in contour.get_paths() if len(p.vertices)])


def test_boundary_passes_where_the_model_says_one_half(moons_mlp):
    model, X, y, _ = moons_mlp
    fig, ax = plot_decision_boundary(model, X, y)
    vertices = _boundary_vertices(ax)
    assert len(vertices) > 20
    p = predict_proba(model, vertices)
    assert np.allclose(p, 0.5, atol=0.03)  # linear interpolation on a 200×200 grid


def test_amber_rings_count_the_models_mistakes(moons_mlp):
    model, X, y, _ = moons_mlp
    errors = round((1 - accuracy(model, X, y)) * len(X))
    assert 0 < errors < len(X) // 2  # a partly trained model: some mistakes to ring
    fig, ax = plot_decision_boundary(model, X, y)
    rings = _artist(ax, "misclassified")
    assert len(rings.get_offsets()) == errors
    assert matplotlib.colors.same_color(rings.get_edgecolor()[0], theme.MISCLASSIFIED)
    wrong = (predict_proba(model, X) >= 0.5) != (y > 0.5)
    assert np.allclose(np.sort(rings.get_offsets(), axis=0), np.sort(X[wrong], axis=0))


def test_lesson_colours_and_shading(moons_mlp):
    model, X, y, _ = moons_mlp
    fig, ax = plot_decision_boundary(model, X, y, shade=True)
    assert matplotlib.colors.same_color(_artist(ax, "class-a").get_facecolor()[0], theme.CLASS_A)
    assert matplotlib.colors.same_color(_artist(ax, "class-b").get_facecolor()[0], theme.CLASS_B)
    assert len(_artist(ax, "class-a").get_offsets()) == int((y == 0).sum())
    assert _artist(ax, "shading").get_array().shape == (200, 200)
    fig, ax = plot_decision_boundary(model, X, y, shade=False)
    assert not [a for a in ax.get_children() if a.get_gid() == "shading"]


def test_scalar_engine_model_and_given_axes():
    X, y = data.make_separable()
    neuron = scalar.Neuron(2, activation="linear", seed=0)
    fit(neuron, X, y, lr=0.5, epochs=5, progress=False)
    fig, axes = plt.subplots(1, 2)
    out_fig, out_ax = plot_decision_boundary(neuron, X, y, ax=axes[1])
    assert out_fig is fig and out_ax is axes[1]
    p = predict_proba(neuron, _boundary_vertices(out_ax))
    assert np.allclose(p, 0.5, atol=0.02)


def test_any_function_of_points_with_logit_or_probability_output():
    X, y = data.make_separable()
    logit = lambda P: 2.0 * P[:, 0] + 2.0 * P[:, 1] - 4.0  # noqa: E731 - the true line x1 + x2 = 2
    probability = lambda P: 1 / (1 + np.exp(-logit(P)))  # noqa: E731
    for fn, output in ((logit, "logit"), (logit, None), (probability, "probability"), (probability, None)):
        fig, ax = plot_decision_boundary(fn, X, y, output=output)
        v = _boundary_vertices(ax)
        assert np.allclose(v[:, 0] + v[:, 1], 2.0, atol=1e-6)
        assert len(_artist(ax, "misclassified").get_offsets()) == 0
    assert np.allclose(model_probabilities(logit, X, "logit"), probability(X))
    with pytest.raises(ValueError, match="output must be"):
        model_probabilities(logit, X, "score")


def test_plot_history_draws_every_epoch(moons_mlp):
    *_, history = moons_mlp
    fig, (loss_ax, acc_ax) = plot_history(history)
    (loss_line,) = loss_ax.get_lines()
    (acc_line,) = acc_ax.get_lines()
    assert np.allclose(loss_line.get_ydata(), history.loss)
    assert np.allclose(acc_line.get_ydata(), history.accuracy)
    assert list(loss_line.get_xdata()) == list(range(1, history.epochs + 1))
    fig, ax = plt.subplots()
    fig2, (a, b) = plot_history(history, ax=ax)
    assert a is ax and b is not ax  # accuracy on a twin axis


def test_plot_history_ticks_whole_epochs_only():
    from autograd_mini.train import History

    short = History(loss=[0.9, 0.6, 0.4], accuracy=[0.5, 0.7, 0.9])  # 3 epochs: auto ticks would be 1.0, 1.5, ...
    fig, (loss_ax, acc_ax) = plot_history(short)
    fig.canvas.draw()
    for axis in (loss_ax, acc_ax):
        ticks = [t for t in axis.get_xticks() if axis.get_xlim()[0] <= t <= axis.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks), ticks
    plt.close("all")


def test_missing_matplotlib_names_the_extra(monkeypatch, moons_mlp):
    model, X, y, _ = moons_mlp
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install 'autograd_mini\[viz\]'"):
        plot_decision_boundary(model, X, y)


def test_overlaid_histories_get_different_colours():
    import matplotlib.pyplot as plt

    from autograd_mini import data, fit, nn
    from autograd_mini.viz import plot_history

    X, y = data.make_moons(40, seed=0)
    runs = [fit(nn.MLP(2, [4, 1], seed=s), X, y, epochs=3, progress=False) for s in (0, 1)]
    fig, axes = plt.subplots(1, 2)
    plot_history(runs[0], ax=axes, label="seed 0")
    plot_history(runs[1], ax=axes, label="seed 1")
    loss_colours = {line.get_color() for line in axes[0].get_lines()}
    acc_colours = {line.get_color() for line in axes[1].get_lines()}
    assert len(loss_colours) == 2 and len(acc_colours) == 2
    plt.close(fig)


def test_the_legend_sits_outside_the_data():
    X, y = data.make_separable()
    fig, ax = plot_decision_boundary(lambda P: P[:, 0] + P[:, 1] - 2.0, X, y, output="logit")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend()
    assert legend is not None and "boundary (p = 0.5)" in [t.get_text() for t in legend.get_texts()]
    assert not legend.get_window_extent(renderer).overlaps(ax.get_window_extent(renderer))
    plt.close("all")
