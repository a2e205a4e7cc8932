"""The lesson's datasets as numpy arrays: X of shape (n, 2), labels y of 0s and 1s.

Every function is deterministic from its `seed` and never touches the network.
Class 0 is the lesson's class A (cyan), class 1 is class B (rose).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = [
    "make_moons",
    "make_circles",
    "make_xor",
    "make_spirals",
    "make_separable",
    "logic_gate",
    "load",
    "DATASETS",
]

Dataset = tuple[np.ndarray, np.ndarray]


def _check_n(n: object, minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < minimum:
        raise ValueError(f"n (the number of points) must be an integer >= {minimum}, not {n!r}.")
    return int(n)


def _check_noise(noise: object) -> float:
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating, np.integer)) or not noise >= 0:
        raise ValueError(f"noise (the standard deviation of the jitter) must be a number >= 0, not {noise!r}.")
    return float(noise)


def _split(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def make_moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interlocking half-moons: no straight line separates them."""
    n, noise = _check_n(n, 2), _check_noise(noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n)
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + rng.normal(0.0, noise, size=(n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return _shuffle(X, y, rng)


def make_circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int = 0) -> Dataset:
    """A small circle (class 1) inside a large one (class 0)."""
    n, noise = _check_n(n, 2), _check_noise(noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor (inner radius / outer radius) must be between 0 and 1, not {factor!r}.")
    rng = np.random.default_rng(seed)
    n0, n1 = _split(n)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    X = np.vstack([outer, inner]) + rng.normal(0.0, noise, size=(n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return _shuffle(X, y, rng)


def make_xor(n: int = 200, noise: float = 0.15, seed: int = 0) -> Dataset:
    """Four clusters at the corners (+-1, +-1); the label is 1 where x1 and x2 differ in sign."""
    n, noise = _check_n(n, 4), _check_noise(noise)
    rng = np.random.default_rng(seed)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    labels = np.array([0.0, 1.0, 1.0, 0.0])
    which = np.arange(n) % 4
    X = corners[which] + rng.normal(0.0, noise, size=(n, 2))
    return _shuffle(X, labels[which], rng)


def make_spirals(n: int = 200, noise: float = 0.05, turns: float = 1.5, seed: int = 0) -> Dataset:
    """Two spirals wound around each other: the hardest of the lesson's shapes."""
    n, noise = _check_n(n, 2), _check_noise(noise)
    if not turns > 0:
        raise ValueError(f"turns must be a positive number of revolutions, not {turns!r}.")
    rng = np.random.default_rng(seed)
    arms = []
    for label, count in enumerate(_split(n)):
        r = np.linspace(0.15, 1.0, count)
        theta = 2 * np.pi * turns * r + label * np.pi
        arms.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
    X = np.vstack(arms) + rng.normal(0.0, noise, size=(n, 2))
    y = np.concatenate([np.zeros(_split(n)[0]), np.ones(_split(n)[1])])
    return _shuffle(X, y, rng)


def make_separable(n: int = 40, seed: int = 0, margin: float = 0.3) -> Dataset:
    """The neuron lesson's points: two classes that one straight line separates with a margin.

    Points lie in the square [-1, 3]^2 around (1, 1); the true line is x1 + x2 = 2. The line
    does not pass through the origin and the points surround no origin-centred split, so no
    line through the origin (a neuron with b = 0) separates them: the bias has work to do.
    """
    n = _check_n(n, 2)
    if not 0 <= margin <= 1:
        raise ValueError(f"margin (the empty band on each side of the line) must be between 0 and 1, not {margin!r}.")
    rng = np.random.default_rng(seed)
    normal = np.array([1.0, 1.0]) / np.sqrt(2.0)
    offset = 2.0 / np.sqrt(2.0)  # distance of the line x1 + x2 = 2 from the origin
    X = np.empty((0, 2))
    while len(X) < n:  # rejection sampling: keep points at least `margin` from the line
        candidates = rng.uniform(-1.0, 3.0, size=(4 * n, 2))
        distance = candidates @ normal - offset
        X = np.vstack([X, candidates[np.abs(distance) >= margin]])
    # Balance the classes: half on each side of the line.
    side = X @ normal - offset > 0
    n0, n1 = _split(n)
    A, B = X[~side], X[side]
    if len(A) < n0 or len(B) < n1:  # extremely unlikely; draw again with another seed
        return make_separable(n, seed + 1_000_003, margin)
    X = np.vstack([A[:n0], B[:n1]])
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return _shuffle(X, y, rng)


_GATES = {
    "and": np.array([0.0, 0.0, 0.0, 1.0]),
    "or": np.array([0.0, 1.0, 1.0, 1.0]),
    "xor": np.array([0.0, 1.0, 1.0, 0.0]),
    "nand": np.array([1.0, 1.0, 1.0, 0.0]),
}


def logic_gate(name: str) -> Dataset:
    """The truth table of AND, OR, XOR or NAND: inputs (0,0), (0,1), (1,0), (1,1) and outputs."""
    key = str(name).lower()
    if key not in _GATES:
        raise ValueError(f"unknown logic gate {name!r}; choose one of {', '.join(sorted(_GATES))}.")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, _GATES[key].copy()


def _shuffle(X: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> Dataset:
    order = rng.permutation(len(X))
    return X[order].astype(np.float64), y[order].astype(np.float64)


DATASETS: dict[str, Callable[..., Dataset]] = {
    "moons": make_moons,
    "circles": make_circles,
    "xor": make_xor,
    "spirals": make_spirals,
    "separable": make_separable,
}


def load(name: str, **kwargs) -> Dataset:
    """A dataset by name: moons, circles, xor, spirals, separable, or a gate (and, or, xor-gate...)."""
    key = str(name).lower()
    if key in DATASETS:
        return DATASETS[key](**kwargs)
    if key.endswith("-gate") and key[:-5] in _GATES:
        return logic_gate(key[:-5])
    valid = sorted(DATASETS) + [g + "-gate" for g in sorted(_GATES)]
    raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(valid)}.")
