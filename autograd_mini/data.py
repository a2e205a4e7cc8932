"""The lesson's datasets as numpy arrays: X of shape (n, 2), labels y of 0s and 1s (0..K-1 for K classes).

Every function is deterministic from its `seed` and never touches the network.
Class 0 is the lesson's class A (cyan), class 1 is class B (rose).
`make_spirals` and `make_blobs` take `classes=K`; `load_csv` reads your own data (see csv_data.py).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

__all__ = [
    "make_moons",
    "make_circles",
    "make_xor",
    "make_spirals",
    "make_blobs",
    "make_separable",
    "load_csv",
    "CsvData",
    "load_digits",
    "make_strokes",
    "logic_gate",
    "train_test_split",
    "load",
    "DATASETS",
]

Dataset = tuple[np.ndarray, np.ndarray]


MAX_POINTS = 1_000_000  # more points than any lesson needs; a typo (1e12) is refused, not a frozen machine
MAX_CLASSES = 50


def _check_n(n: object, minimum: int = 1) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not minimum <= n <= MAX_POINTS:
        raise ValueError(f"n (the number of points) must be an integer from {minimum} to {MAX_POINTS:,}, not {n!r}.")
    return int(n)


def _check_noise(noise: object) -> float:
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating, np.integer)) \
            or not 0 <= noise < math.inf:
        raise ValueError(f"noise (the standard deviation of the jitter) must be a finite number >= 0, not {noise!r}.")
    return float(noise)


def _check_classes(classes: object, n: int) -> int:
    if isinstance(classes, bool) or not isinstance(classes, (int, np.integer)) or not 2 <= classes <= MAX_CLASSES:
        raise ValueError(f"classes (the number of classes) must be an integer from 2 to {MAX_CLASSES}, not {classes!r}.")
    if n < classes:
        raise ValueError(f"n={n} points cannot fill classes={classes} classes; ask for at least {classes} points.")
    return int(classes)


def _rng(seed: object) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0 (or a numpy Generator), not {seed!r}.")
    return np.random.default_rng(int(seed))


def _split(n: int, classes: int = 2) -> list[int]:
    """Points per class: as equal as possible, the later classes taking the remainder."""
    return [n // classes + (1 if i >= classes - n % classes else 0) for i in range(classes)]


def make_moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interlocking half-moons: no straight line separates them."""
    n, noise = _check_n(n, 2), _check_noise(noise)
    rng = _rng(seed)
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
    rng = _rng(seed)
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
    rng = _rng(seed)
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    labels = np.array([0.0, 1.0, 1.0, 0.0])
    which = np.arange(n) % 4
    X = corners[which] + rng.normal(0.0, noise, size=(n, 2))
    return _shuffle(X, labels[which], rng)


def make_spirals(n: int = 200, noise: float = 0.05, turns: float = 1.5, seed: int = 0, classes: int = 2) -> Dataset:
    """`classes` spirals wound around each other (two by default): the hardest of the lesson's shapes.

    Arm k starts at angle 2*pi*k/classes, so the arms are evenly spaced; labels are 0..classes-1.
    """
    n, noise = _check_n(n, 2), _check_noise(noise)
    classes = _check_classes(classes, n)
    if isinstance(turns, bool) or not isinstance(turns, (int, float, np.integer, np.floating)) or not 0 < turns <= 20:
        raise ValueError(f"turns must be a positive number of revolutions (at most 20), not {turns!r}.")
    rng = _rng(seed)
    arms, labels = [], []
    for label, count in enumerate(_split(n, classes)):
        r = np.linspace(0.15, 1.0, count)
        theta = 2 * np.pi * turns * r + label * 2 * np.pi / classes
        arms.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
        labels.append(np.full(count, label))
    X = np.vstack(arms) + rng.normal(0.0, noise, size=(n, 2))
    return _shuffle(X, np.concatenate(labels), rng)


def make_blobs(n: int = 200, classes: int = 3, spread: float = 0.35, seed: int = 0) -> Dataset:
    """`classes` round clusters with centres evenly spaced on the unit circle; labels 0..classes-1.

    spread is each cluster's standard deviation; above ~0.4 neighbouring blobs start to overlap.
    """
    n = _check_n(n, 2)
    classes = _check_classes(classes, n)
    if isinstance(spread, bool) or not isinstance(spread, (int, float, np.integer, np.floating)) \
            or not 0 < spread < math.inf:
        raise ValueError(f"spread (the standard deviation of each blob) must be a finite number > 0, not {spread!r}.")
    rng = _rng(seed)
    angles = 2 * np.pi * np.arange(classes) / classes
    centres = np.column_stack([np.cos(angles), np.sin(angles)])
    labels = np.concatenate([np.full(count, k) for k, count in enumerate(_split(n, classes))])
    X = centres[labels] + rng.normal(0.0, spread, size=(n, 2))
    return _shuffle(X, labels, rng)


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


def train_test_split(X: np.ndarray, y: np.ndarray, test_fraction: float = 0.25, seed: int = 0) -> tuple[Dataset, Dataset]:
    """((X_train, y_train), (X_test, y_test)): about `test_fraction` of each class held out, drawn by `seed`.

    Split class by class, so both parts keep every class (a class of one point stays in training).
    """
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float, np.integer, np.floating)) \
            or not 0 <= test_fraction < 1:
        raise ValueError(f"test_fraction must be a number from 0 (no test set) up to, not including, 1, not {test_fraction!r}.")
    X, y = np.asarray(X), np.asarray(y)
    rng = _rng(seed)
    test = np.zeros(len(y), dtype=bool)
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        held = min(int(round(test_fraction * len(members))), len(members) - 1)
        test[members[:held]] = True
    return (X[~test], y[~test]), (X[test], y[test])


DATASETS: dict[str, Callable[..., Dataset]] = {
    "moons": make_moons,
    "circles": make_circles,
    "xor": make_xor,
    "spirals": make_spirals,
    "blobs": make_blobs,
    "separable": make_separable,
}


def load(name: str, **kwargs) -> Dataset:
    """A dataset by name: moons, circles, xor, spirals, blobs, separable, or a gate (and, or, xor-gate...)."""
    key = str(name).lower()
    if key in DATASETS:
        return DATASETS[key](**kwargs)
    if key.endswith("-gate") and key[:-5] in _GATES:
        return logic_gate(key[:-5])
    valid = sorted(DATASETS) + [g + "-gate" for g in sorted(_GATES)]
    raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(valid)}.")


def __getattr__(name: str) -> object:
    # load_csv lives in csv_data.py (one idea per file); it is imported on first use.
    if name in ("load_csv", "CsvData", "CsvError"):
        from . import csv_data

        return getattr(csv_data, name)
    # The next lesson's image sets live in image_data.py.
    if name in ("load_digits", "make_strokes", "ImageSplit", "STROKE_CLASSES"):
        from . import image_data

        return getattr(image_data, name)
    raise AttributeError(f"module 'autograd_mini.data' has no attribute {name!r}")
