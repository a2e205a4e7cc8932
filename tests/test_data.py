"""The lesson's datasets: shapes, labels, determinism, and learner-readable errors."""

import numpy as np
import pytest

from autograd_mini import data

MAKERS = [data.make_moons, data.make_circles, data.make_xor, data.make_spirals, data.make_separable]


@pytest.mark.parametrize("make", MAKERS, ids=lambda f: f.__name__)
def test_shapes_labels_and_balance(make):
    X, y = make(n=41, seed=3)
    assert X.shape == (41, 2) and y.shape == (41,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert set(np.unique(y)) == {0.0, 1.0}
    assert abs(int(y.sum()) - 41 / 2) <= 1  # both classes, balanced


@pytest.mark.parametrize("make", MAKERS, ids=lambda f: f.__name__)
def test_same_seed_same_points_other_seed_other_points(make):
    X1, y1 = make(seed=7)
    X2, y2 = make(seed=7)
    X3, _ = make(seed=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.allclose(X1, X3)


def test_separable_set_is_forty_points_split_by_a_line_off_the_origin():
    X, y = data.make_separable()
    assert X.shape == (40, 2)
    side = X @ np.array([1.0, 1.0]) - 2.0  # the true line x1 + x2 = 2
    assert np.all((side > 0) == (y == 1))
    assert np.min(np.abs(side)) / np.sqrt(2) >= 0.3 - 1e-12  # the promised margin


def test_moons_are_not_linearly_separable_but_xor_corners_follow_the_rule():
    X, y = data.make_xor(200, noise=0.05)
    assert np.all((X[:, 0] * X[:, 1] < 0) == (y == 1))


@pytest.mark.parametrize("gate,expected", [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("xor", [0, 1, 1, 0]), ("NAND", [1, 1, 1, 0])])
def test_logic_gates(gate, expected):
    X, y = data.logic_gate(gate)
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert y.tolist() == expected


@pytest.mark.parametrize("call,words", [
    (lambda: data.make_moons(0), "n (the number of points)"),
    (lambda: data.make_moons(-5), "n (the number of points)"),
    (lambda: data.make_moons(10, noise=-0.1), "noise"),
    (lambda: data.make_circles(10, factor=2), "factor"),
    (lambda: data.make_spirals(10, turns=0), "turns"),
    (lambda: data.logic_gate("xnor"), "unknown logic gate 'xnor'"),
    (lambda: data.load("mooons"), "unknown dataset 'mooons'"),
    (lambda: data.make_moons(float("inf")), "n (the number of points) must be an integer from 2 to 1,000,000"),
    (lambda: data.make_moons(10**12), "n (the number of points) must be an integer from 2 to 1,000,000, not 1000000000000"),
    (lambda: data.make_spirals(10, noise=float("inf")), "noise (the standard deviation of the jitter) must be a finite"),
    (lambda: data.make_circles(10, noise=float("nan")), "noise"),
    (lambda: data.make_spirals(10, turns=float("inf")), "turns"),
    (lambda: data.make_xor(12, seed=-1), "seed must be a whole number >= 0"),
    (lambda: data.make_moons(12, seed=1.5), "seed must be a whole number >= 0"),
])
def test_bad_arguments_say_which_argument_and_why(call, words):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_load_by_name():
    X, y = data.load("moons", n=10, seed=1)
    np.testing.assert_array_equal(X, data.make_moons(10, seed=1)[0])
    assert data.load("xor-gate")[1].tolist() == [0, 1, 1, 0]


def test_no_network_access(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("datasets must never open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for make in MAKERS:
        make(seed=0)


def test_separable_margin_out_of_range_is_refused_not_an_endless_loop():
    with pytest.raises(ValueError, match="margin"):
        data.make_separable(margin=5.0)
