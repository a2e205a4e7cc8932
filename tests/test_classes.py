"""K classes end to end: spirals and blobs with labels 0..K-1, softmax probabilities, argmax classes, both engines."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_mini import Tensor, accuracy, data, fit, nn, predict_proba, scalar
from autograd_mini.train import evaluate, predict_class


@pytest.mark.parametrize("classes", [2, 3, 5])
@pytest.mark.parametrize("make", [data.make_spirals, data.make_blobs], ids=lambda f: f.__name__)
def test_k_class_datasets_have_labels_0_to_k_minus_1_balanced(make, classes):
    X, y = make(n=101, classes=classes, seed=4)
    assert X.shape == (101, 2) and y.shape == (101,) and y.dtype == np.float64
    assert sorted(set(y.tolist())) == list(range(classes))
    counts = np.bincount(y.astype(int))
    assert counts.max() - counts.min() <= 1


def test_two_spirals_are_the_lesson_spirals_unchanged():
    """classes=2 puts arm 1 half a turn from arm 0, as the two-spiral lesson always drew it."""
    X, y = data.make_spirals(40, noise=0.0, turns=1.0, seed=0)
    radius, angle = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    expected = 2 * np.pi * radius + np.pi * y  # theta = 2 pi turns r + label * pi
    assert np.allclose(np.cos(angle), np.cos(expected)) and np.allclose(np.sin(angle), np.sin(expected))


def test_three_spiral_arms_are_a_third_of_a_turn_apart():
    X, y = data.make_spirals(60, noise=0.0, turns=1.0, seed=0, classes=3)
    radius, angle = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 1], X[:, 0])
    expected = 2 * np.pi * radius + 2 * np.pi / 3 * y
    assert np.allclose(np.exp(1j * angle), np.exp(1j * expected))


@pytest.mark.parametrize("call, words", [
    (lambda: data.make_spirals(30, classes=1), "classes (the number of classes) must be an integer from 2"),
    (lambda: data.make_spirals(30, classes=2.5), "classes (the number of classes)"),
    (lambda: data.make_blobs(2, classes=3), "n=2 points cannot fill classes=3 classes"),
    (lambda: data.make_blobs(30, spread=0), "spread"),
    (lambda: data.make_blobs(30, spread=float("inf")), "spread"),
])
def test_bad_class_counts_are_explained(call, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        call()


@pytest.fixture(scope="module")
def spirals3():
    return data.make_spirals(150, classes=3, noise=0.02, seed=0)


def _agree(model, X, y, history):
    """accuracy, evaluate and History.final_accuracy are one number, computed one way."""
    assert history.final_accuracy == accuracy(model, X, y) == evaluate(model, X, y)[1]
    assert evaluate(model, X, y)[0] == pytest.approx(history.final_loss, rel=1e-12)


def test_fit_trains_a_tensor_mlp_on_three_spirals(spirals3):
    X, y = spirals3
    model = nn.MLP(2, [32, 32, 3], activation="tanh", seed=0)
    history = fit(model, X, y, optimizer="adam", lr=0.02, epochs=400, progress=False)
    assert history.settings["loss"] == "cross_entropy"  # chosen for K outputs
    assert history.final_accuracy >= 0.95
    _agree(model, X, y, history)
    p = predict_proba(model, X)
    assert p.shape == (150, 3) and np.allclose(p.sum(axis=1), 1.0) and np.all(p >= 0)
    logits = model(Tensor(X)).data
    np.testing.assert_allclose(p, np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_array_equal(predict_class(model, X), np.argmax(logits, axis=1))


def test_fit_trains_a_scalar_mlp_on_three_spirals():
    X, y = data.make_spirals(30, classes=3, noise=0.02, turns=1.0, seed=0)
    model = scalar.MLP(2, [16, 3], activation="tanh", seed=0)
    history = fit(model, X, y, loss="cross_entropy", optimizer="adam", lr=0.1, epochs=150, progress=False)
    assert history.settings["engine"] == "scalar"
    assert history.final_accuracy >= 0.95
    _agree(model, X, y, history)
    assert predict_proba(model, X).shape == (30, 3)


def test_scalar_and_tensor_k_class_losses_agree():
    """The same 3-output MLP in both engines: the same cross-entropy, so the same first epoch."""
    X, y = data.make_blobs(12, classes=3, seed=1)
    tensor_model, scalar_model = nn.MLP(2, [5, 3], seed=2), scalar.MLP(2, [5, 3], seed=2)
    assert evaluate(tensor_model, X, y)[0] == pytest.approx(evaluate(scalar_model, X, y)[0], rel=1e-12)
    h1 = fit(tensor_model, X, y, lr=0.5, epochs=3, progress=False)
    h2 = fit(scalar_model, X, y, lr=0.5, epochs=3, progress=False)
    np.testing.assert_allclose(h1.loss, h2.loss, rtol=1e-10)


def test_a_model_ending_in_softmax_is_refused_with_cross_entropy():
    X, y = data.make_blobs(30, classes=3)
    model = nn.Sequential(nn.Linear(2, 3), getattr(nn, "Softmax", None)(dim=-1)) if hasattr(nn, "Softmax") else None
    if model is None:
        pytest.skip("nn.Softmax not available")
    with pytest.raises(ValueError, match="ends in a softmax.*applied twice. Use no final Softmax"):
        fit(model, X, y, loss="cross_entropy", progress=False)


# ---------------------------------------------------------------------- the K-class picture
@pytest.fixture(scope="module")
def trained3(spirals3):
    X, y = spirals3
    model = nn.MLP(2, [24, 24, 3], activation="tanh", seed=1)
    fit(model, X, y, optimizer="adam", lr=0.02, epochs=60, progress=False)  # short: some mistakes left to ring
    return model, X, y


def _plt():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _gid(fig, gid):
    return [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]


def test_k_class_boundary_regions_points_rings_and_confusion_matrix(trained3):
    plt = _plt()
    from matplotlib.colors import to_rgb

    from autograd_mini.viz.boundary import class_colours, confusion_matrix, plot_decision_boundary

    model, X, y = trained3
    fig, ax = plot_decision_boundary(model, X, y, resolution=80)
    colours = class_colours(3)
    assert len(set(colours)) == 3 and colours[:2] == [theme_colour("CLASS_A"), theme_colour("CLASS_B")]
    for k in range(3):  # each point in its class's colour
        (points,) = _gid(fig, f"class-{k}")
        assert len(points.get_offsets()) == int(np.sum(y == k))
        assert np.allclose(points.get_facecolor()[0][:3], to_rgb(colours[k]))
    (rings,) = _gid(fig, "misclassified")
    wrong = predict_class(model, X) != y
    assert wrong.any() and len(rings.get_offsets()) == int(wrong.sum())  # exactly the mistakes accuracy counts
    np.testing.assert_allclose(np.asarray(rings.get_offsets()), X[wrong])
    (shading,) = _gid(fig, "shading")  # every pixel in the colour of the grid point's most probable class
    pixels = shading.get_array()[..., :3]
    region = np.argmax(predict_proba(model, _grid(X, 80)), axis=1).reshape(80, 80)
    np.testing.assert_allclose(pixels, np.array([to_rgb(c) for c in colours])[region])
    assert len(set(region.ravel().tolist())) == 3 and _gid(fig, "boundary")
    (matrix,) = _gid(fig, "confusion")
    counts = confusion_matrix(y, predict_class(model, X), 3)
    np.testing.assert_array_equal(matrix.get_array(), counts)
    assert np.trace(counts) / len(y) == accuracy(model, X, y)
    legend = ax.get_legend()  # outside the data: below the plotting area
    fig.canvas.draw()
    assert legend.get_window_extent().y1 <= ax.get_window_extent().y0
    plt.close("all")


def _grid(X, resolution, padding=0.5):
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return np.column_stack([gx.ravel(), gy.ravel()])


def theme_colour(name):
    from autograd_mini.viz import theme

    return getattr(theme, name)


def test_two_outputs_keep_the_lessons_two_class_picture():
    plt = _plt()
    from matplotlib.colors import to_rgb

    from autograd_mini.viz.boundary import plot_decision_boundary

    X, y = data.make_moons(80, seed=0)
    model = nn.MLP(2, [16, 2], seed=0)
    fit(model, X, y, optimizer="adam", lr=0.05, epochs=150, progress=False)
    fig, ax = plot_decision_boundary(model, X, y, resolution=60)
    (a,), (b,) = _gid(fig, "class-a"), _gid(fig, "class-b")
    assert np.allclose(a.get_facecolor()[0][:3], to_rgb(theme_colour("CLASS_A")))
    assert np.allclose(b.get_facecolor()[0][:3], to_rgb(theme_colour("CLASS_B")))
    (boundary,) = _gid(fig, "boundary")
    assert np.allclose(to_rgb(boundary.get_edgecolor()[0][:3]), to_rgb(theme_colour("BOUNDARY")))
    (rings,) = _gid(fig, "misclassified")
    assert len(rings.get_offsets()) == round((1 - accuracy(model, X, y)) * len(X))
    assert not _gid(fig, "confusion")  # two classes: the lesson's single panel unless asked
    fig, ax = plot_decision_boundary(model, X, y, resolution=30, confusion=True)
    assert np.trace(_gid(fig, "confusion")[0].get_array()) == round(accuracy(model, X, y) * len(X))
    plt.close("all")


def test_boundary_in_the_files_units_through_transform():
    """A model trained on standardised points, drawn over points in their own units."""
    plt = _plt()
    from autograd_mini.viz.boundary import model_probabilities, plot_decision_boundary

    X, y = data.make_blobs(60, classes=3, seed=0)
    mean, scale = np.array([100.0, -5.0]), np.array([20.0, 0.5])
    raw = X * scale + mean
    model = nn.MLP(2, [8, 3], seed=0)
    fit(model, X, y, optimizer="adam", lr=0.05, epochs=100, progress=False)
    standardize = lambda points: (points - mean) / scale  # noqa: E731
    np.testing.assert_allclose(model_probabilities(model, raw, transform=standardize), predict_proba(model, X))
    fig, ax = plot_decision_boundary(model, raw, y, transform=standardize, resolution=40)
    assert ax.get_xlim()[0] < raw[:, 0].min() and ax.get_xlim()[1] > raw[:, 0].max()  # drawn in the file's units
    assert len(_gid(fig, "misclassified")[0].get_offsets()) == round((1 - accuracy(model, X, y)) * len(X))
    plt.close("all")


def test_many_classes_get_distinct_colours():
    pytest.importorskip("matplotlib")
    from autograd_mini.viz.boundary import class_colours

    assert len(set(class_colours(12))) == 12
