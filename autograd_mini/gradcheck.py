"""Gradient checking: compare what backward() computed with a finite-difference estimate.

The chain rule in the engine is written by hand, op by op, so each op can be wrong. The
check needs no calculus at all: nudge one input by a small eps either way and watch the
output move,

    df/dx  ~  (f(x + eps) - f(x - eps)) / (2 * eps)        (central difference)

whose error shrinks like eps**2, against eps for the one-sided (f(x + eps) - f(x)) / eps.
If backward() and this estimate agree for every input, the op's derivative is right.

Only scalar functions are checked for now: `f` takes `Value`s and returns one `Value`.
`gradcheck` dispatches on its inputs, so a tensor branch slots in beside the scalar one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Callable, Sequence, Union

import numpy as np

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

    def describe(self) -> str:
        name = f"input {self.index}" + (f" ({self.label!r})" if self.label else "")
        return (
            f"  {name} = {self.value!r}: analytic gradient {self.analytic:.10g} (from backward()), "
            f"numerical gradient {self.numerical:.10g} (central difference); they differ by "
            f"{abs(self.analytic - self.numerical):.3g}, allowed {self.tolerance:.3g}"
        )


def numerical_grad(f: ScalarFunction, inputs: Sequence[ScalarInput], eps: float = 1e-6) -> list[float]:
    """Central-difference estimate of d f / d input_i for every input, one float each."""
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


def _gradcheck_tensor(f, inputs, eps, atol, rtol, raise_exception) -> bool:
    raise NotImplementedError(
        "gradcheck: checking functions of arrays or Tensors is not written yet; "
        "pass plain numbers (or Values) and a function of Values for now."
    )


def _numerical_grad_tensor(f, inputs, eps) -> list[float]:
    raise NotImplementedError(
        "numerical_grad: arrays or Tensors are not supported yet; pass plain numbers (or Values)."
    )


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
