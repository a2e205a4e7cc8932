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
