"""Gradient checking: compare what backward() computed with a finite-difference estimate.

The chain rule in the engine is written by hand, op by op, so each op can be wrong. The
check needs no calculus at all: nudge one input by a small eps either way and watch the
output move,

    df/dx  ~  (f(x + eps) - f(x - eps)) / (2 * eps)        (central difference)

whose error shrinks like eps**2, against eps for the one-sided (f(x + eps) - f(x)) / eps.
If backward() and this estimate agree for every input, the op's derivative is right.

Two paths, chosen by the inputs:
  - numbers (or Values): `f` takes `Value`s and returns one `Value`;
  - numpy arrays (or Tensors): `f` takes `Tensor`s and returns a `Tensor`, and every element of
    every input is nudged on its own. A failure names the input, the element, and both gradients.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Callable, Sequence, Union

import numpy as np

from .engine.tensor import Tensor, no_grad
from .engine.value import Value

__all__ = ["gradcheck", "numerical_grad", "GradcheckError"]

ScalarInput = Union[float, int, Value]
ScalarFunction = Callable[..., Value]


class GradcheckError(AssertionError):
    """backward() and the finite-difference estimate disagree for at least one input."""


@dataclass(frozen=True)
class _Mismatch:
    index: int
    label: str
    value: float
    analytic: float
    numerical: float
    tolerance: float
    element: tuple[int, ...] | None = None  # which entry, for an array input

    def describe(self) -> str:
        name = f"input {self.index}" + (f" ({self.label!r})" if self.label else "")
        name += f", element {self.element}" if self.element is not None else ""
        return (
            f"  {name} = {self.value!r}: analytic gradient {self.analytic:.10g} (from backward()), "
            f"numerical gradient {self.numerical:.10g} (central difference); they differ by "
            f"{abs(self.analytic - self.numerical):.3g}, allowed {self.tolerance:.3g}"
        )


def numerical_grad(f: ScalarFunction, inputs: Sequence[ScalarInput], eps: float = 1e-6) -> list[float]:
    """Central-difference estimate of d f / d input_i for every input: one float each (scalar path),
    one array of the input's shape each (tensor path)."""
    if _is_tensor_input(inputs):
        return _numerical_grad_tensor(f, inputs, eps)
    xs, labels = _scalar_inputs(inputs)
    _check_eps(eps)
    return [_central_difference(f, xs, labels, i, eps) for i in range(len(xs))]


def gradcheck(
    f: ScalarFunction,
    inputs: Sequence[ScalarInput],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-4,
    raise_exception: bool = True,
) -> bool:
    """True if backward()'s gradients of f at `inputs` match central differences within atol + rtol*|numerical|."""
    if _is_tensor_input(inputs):
        return _gradcheck_tensor(f, inputs, eps, atol, rtol, raise_exception)
    return _gradcheck_scalar(f, inputs, eps, atol, rtol, raise_exception)


# ---------------------------------------------------------------------- dispatch
def _is_tensor_like(x: object) -> bool:
    # numpy scalars (np.float64 ...) are plain numbers here; arrays and array-like objects with a
    # shape (a future Tensor) are not.
    return isinstance(x, np.ndarray) or (not isinstance(x, (Real, Value)) and hasattr(x, "shape"))


def _is_tensor_input(inputs: object) -> bool:
    """The one dispatch point: an array/Tensor, or a sequence holding one, takes the tensor path."""
    if _is_tensor_like(inputs):
        return True
    if isinstance(inputs, (Real, Value)):
        return False  # a lone number: the scalar path explains that a sequence is needed
    return any(_is_tensor_like(x) for x in inputs)


# ------------------------------------------------------------------ scalar path
def _gradcheck_scalar(
    f: ScalarFunction,
    inputs: Sequence[ScalarInput],
    eps: float,
    atol: float,
    rtol: float,
    raise_exception: bool,
) -> bool:
    xs, labels = _scalar_inputs(inputs)
    _check_eps(eps)
    if atol < 0 or rtol < 0:
        raise ValueError(f"gradcheck: atol and rtol must be >= 0, not atol={atol!r}, rtol={rtol!r}.")

    # Analytic: one forward pass on fresh leaves (so no stale .grad), then backward().
    leaves = [Value(x, label=label) for x, label in zip(xs, labels)]
    out = _call(f, leaves)
    out.backward()
    analytic = [leaf.grad for leaf in leaves]
    numerical = [_central_difference(f, xs, labels, i, eps) for i in range(len(xs))]

    mismatches = []
    for i, (a, n) in enumerate(zip(analytic, numerical)):
        tolerance = atol + rtol * abs(n)
        if not _close(a, n, tolerance):
            mismatches.append(_Mismatch(i, labels[i], xs[i], a, n, tolerance))
    if not mismatches:
        return True
    if raise_exception:
        lines = "\n".join(m.describe() for m in mismatches)
        raise GradcheckError(
            f"gradcheck: backward() and finite differences (eps={eps:g}) disagree for "
            f"{len(mismatches)} of {len(xs)} input(s) of {_name(f)}:\n{lines}\n"
            f"Check the local derivative of the op(s) these inputs flow through; if f has a kink "
            f"(relu, abs) within eps of the input, move the input away from it."
        )
    return False


def _close(analytic: float, numerical: float, tolerance: float) -> bool:
    if math.isnan(analytic) or math.isnan(numerical):
        return math.isnan(analytic) and math.isnan(numerical)
    if math.isinf(analytic) or math.isinf(numerical):
        return analytic == numerical
    return abs(analytic - numerical) <= tolerance


def _central_difference(f: ScalarFunction, xs: list[float], labels: list[str], i: int, eps: float) -> float:
    """(f(x_i + eps) - f(x_i - eps)) / (2 eps), every other input held fixed; forward passes only."""

    def f_at(xi: float) -> float:
        shifted = [Value(xi if j == i else x, label=label) for j, (x, label) in enumerate(zip(xs, labels))]
        try:
            return _call(f, shifted).data
        except (ArithmeticError, ValueError) as err:
            raise ValueError(
                f"gradcheck: {_name(f)} failed at input {i} = {xi!r} (the input {xs[i]!r} moved by "
                f"eps={eps:g} for the finite difference): {err} Pick an input further inside f's domain."
            ) from err

    return (f_at(xs[i] + eps) - f_at(xs[i] - eps)) / (2.0 * eps)


def _call(f: ScalarFunction, leaves: list[Value]) -> Value:
    out = f(*leaves)
    if not isinstance(out, Value):
        raise TypeError(
            f"gradcheck: {_name(f)} must return one Value (a scalar output to differentiate), "
            f"but returned {out!r} of type {type(out).__name__}."
        )
    return out


def _scalar_inputs(inputs: Sequence[ScalarInput]) -> tuple[list[float], list[str]]:
    if isinstance(inputs, (Real, Value)):
        raise TypeError(
            f"gradcheck: inputs must be a sequence of numbers, e.g. [2.0] or (1.0, -3.0), not the single "
            f"number {inputs!r}."
        )
    xs, labels = [], []
    for i, x in enumerate(inputs):
        if isinstance(x, Value):
            xs.append(x.data)
            labels.append(x.label)
        elif isinstance(x, Real) and not isinstance(x, bool):
            xs.append(float(x))
            labels.append("")
        else:
            raise TypeError(
                f"gradcheck: input {i} is {x!r} of type {type(x).__name__}; inputs must be real numbers "
                f"(int or float) or Values."
            )
    if not xs:
        raise ValueError("gradcheck: inputs is empty; give at least one number to differentiate with respect to.")
    return xs, labels


def _check_eps(eps: float) -> None:
    if not (isinstance(eps, Real) and eps > 0 and math.isfinite(eps)):
        raise ValueError(f"gradcheck: eps (the finite-difference step) must be a positive number, not {eps!r}.")


def _name(f: Callable[..., object]) -> str:
    return getattr(f, "__qualname__", None) or repr(f)


# ------------------------------------------------------------------ tensor path
# The same check for functions of arrays: every element of every input is nudged on its own,
# so an input of shape (3, 4) costs 2 * 12 forward passes. Keep the arrays small.
#
# A function with several outputs has a whole Jacobian; rather than one backward() per output
# element, the check differentiates sum(w * f(x)) for fixed random weights w (backward with
# gradient=w, a vector-Jacobian product). A wrong Jacobian entry cannot hide from random weights.


_MAX_LISTED = 10  # a (100, 100) input can disagree everywhere; the first few say enough


def _gradcheck_tensor(f, inputs, eps, atol, rtol, raise_exception) -> bool:
    arrays, checked, labels = _tensor_inputs(inputs)
    _check_eps(eps)
    if atol < 0 or rtol < 0:
        raise ValueError(f"gradcheck: atol and rtol must be >= 0, not atol={atol!r}, rtol={rtol!r}.")

    # Analytic: one forward pass on fresh leaves (no stale .grad), one backward().
    leaves = [Tensor(x, requires_grad=c, label=label) for x, c, label in zip(arrays, checked, labels)]
    out = _call_tensor(f, leaves)
    weights = _output_weights(out.shape)
    if out.requires_grad:
        out.backward(None if weights is None else weights)
    analytic = [np.zeros_like(x) if leaf.grad is None else np.asarray(leaf.grad, dtype=np.float64)
                for x, leaf in zip(arrays, leaves)]
    numerical = _numerical_grad_arrays(f, arrays, checked, labels, eps, weights)

    mismatches: list[_Mismatch] = []
    total = 0
    for i, (x, a, n) in enumerate(zip(arrays, analytic, numerical)):
        if not checked[i]:
            continue
        tolerance = atol + rtol * np.abs(n)
        bad = ~_close_arrays(a, n, tolerance)
        total += int(bad.sum())
        for flat in np.flatnonzero(bad):
            element = tuple(int(k) for k in np.unravel_index(flat, x.shape))
            if len(mismatches) < _MAX_LISTED:
                mismatches.append(_Mismatch(i, labels[i], float(x[element]), float(a[element]),
                                            float(n[element]), float(tolerance[element]), element))
    if not total:
        return True
    if raise_exception:
        lines = "\n".join(m.describe() for m in mismatches)
        more = f"\n  ... and {total - len(mismatches)} more" if total > len(mismatches) else ""
        what = "" if weights is None else (
            f" (f returns shape {tuple(out.shape)}, so the checked number is sum(w * f(...)) for fixed random weights w)"
        )
        raise GradcheckError(
            f"gradcheck: backward() and finite differences (eps={eps:g}) disagree for {total} element(s) "
            f"of {_name(f)}{what}:\n{lines}{more}\n"
            f"Check the backward rule of the op(s) these elements flow through (broadcasting: is the "
            f"gradient summed back to the input's shape?); if f has a kink (relu, abs, max) within eps of "
            f"an input, move the input away from it."
        )
    return False


def _numerical_grad_tensor(f, inputs, eps) -> list[np.ndarray]:
    arrays, checked, labels = _tensor_inputs(inputs)
    _check_eps(eps)
    with no_grad():
        out = _call_tensor(f, [_constant(x, label) for x, label in zip(arrays, labels)])
    return _numerical_grad_arrays(f, arrays, checked, labels, eps, _output_weights(out.shape))


def _numerical_grad_arrays(f, arrays, checked, labels, eps, weights) -> list[np.ndarray]:
    """d sum(w * f) / d x[element] by central differences, element by element (forward passes only)."""
    def f_at(i: int, element: tuple[int, ...], xi: float) -> np.ndarray:
        shifted = [x.copy() if j == i else x for j, x in enumerate(arrays)]
        shifted[i][element] = xi
        try:
            with no_grad():  # forward passes only: no graph to record
                out = _call_tensor(f, [_constant(x, label) for x, label in zip(shifted, labels)]).data
        except (ArithmeticError, ValueError) as err:
            raise ValueError(
                f"gradcheck: {_name(f)} failed with input {i}, element {element} = {xi!r} (moved by eps={eps:g} "
                f"for the finite difference): {err} Pick inputs further inside f's domain."
            ) from err
        return np.asarray(out, dtype=np.float64)

    grads = []
    for i, x in enumerate(arrays):
        grad = np.zeros_like(x)
        if checked[i]:
            for element in np.ndindex(x.shape):
                # Subtract output by output before weighting: outputs that x[element] does not touch
                # cancel exactly, so a large output elsewhere (e^30) adds no rounding error here.
                change = f_at(i, element, x[element] + eps) - f_at(i, element, x[element] - eps)
                grad[element] = (change if weights is None else weights * change).sum() / (2.0 * eps)
        grads.append(grad)
    return grads


def _tensor_inputs(inputs) -> tuple[list[np.ndarray], list[bool], list[str]]:
    """float64 copies of the inputs; a Tensor with requires_grad=False is a constant, not checked."""
    if _is_tensor_like(inputs):
        raise TypeError(
            "gradcheck: inputs must be a sequence of arrays, e.g. [x] or (a, b), not a single array; "
            f"got one of shape {tuple(inputs.shape)}."
        )
    arrays, checked, labels = [], [], []
    for i, x in enumerate(inputs):
        if isinstance(x, Tensor):
            arrays.append(np.array(x.data, dtype=np.float64))
            checked.append(x.requires_grad)
            labels.append(x.label)
            continue
        try:
            array = np.array(x, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"gradcheck: input {i} is {x!r:.60} of type {type(x).__name__}; inputs must be "
                            f"numpy arrays, Tensors or numbers.") from None
        arrays.append(array)
        checked.append(True)
        labels.append("")
    if not arrays:
        raise ValueError("gradcheck: inputs is empty; give at least one array to differentiate with respect to.")
    return arrays, checked, labels


def _constant(x: np.ndarray, label: str):
    return Tensor(x, label=label)


def _call_tensor(f, leaves):
    out = f(*leaves)
    if not isinstance(out, Tensor):
        raise TypeError(f"gradcheck: {_name(f)} must return a Tensor, but returned {out!r:.80} "
                        f"of type {type(out).__name__}.")
    return out


def _output_weights(shape: tuple[int, ...]) -> np.ndarray | None:
    """None for a one-number output; else fixed random weights (the same on every call)."""
    if int(np.prod(shape)) == 1:
        return None
    return np.random.default_rng(0).uniform(0.5, 1.5, size=shape) * np.random.default_rng(1).choice([-1.0, 1.0], size=shape)


def _close_arrays(analytic: np.ndarray, numerical: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """Elementwise _close: nan matches nan, inf matches the same inf, else |a - n| <= tolerance."""
    with np.errstate(invalid="ignore"):
        both_nan = np.isnan(analytic) & np.isnan(numerical)
        finite = np.isfinite(analytic) & np.isfinite(numerical)
        close = np.abs(analytic - numerical) <= tolerance
    return both_nan | (finite & close) | (~finite & ~np.isnan(analytic) & ~np.isnan(numerical) & (analytic == numerical))
