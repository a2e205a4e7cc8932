"""The one table of math functions the engines are tested against (the minitorch idea).

Each row says, for one function:
  - `apply(*xs)`: how to call it on engine objects, using only Python operators and methods
    (`-x`, `a / b`, `x ** 2`, `x.exp()`, `abs(x)`), so the same row works on `Value`s and
    on `Tensor`s, with nothing changed;
  - `reference(*xs)`: the plain-float truth, written with the `math` module, independent of
    the engine;
  - `numpy_reference(*arrays)`: the same function elementwise on numpy arrays, the truth for
    the tensor engine (and checked against `reference` here, so the column is never stale);
  - `domain`: one hypothesis strategy per argument, the inputs where the function is defined
    and finite differences are trustworthy: log and sqrt get positive numbers, a divisor or
    a negative power stays away from 0, and relu, leaky_relu and abs stay at least 1e-3 from
    their kink at 0 (gradcheck's eps is 1e-6, so the difference never straddles the kink).

A test for a new engine adds one thing, "apply to my objects", and reuses every row:
test_value.py (floats and Values) and test_tensor_table.py (Tensors, arrays drawn by
`tensor_inputs` at the end of this file).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

__all__ = ["MathFn", "UNARY", "BINARY", "TABLE", "LEAKY_SLOPE", "tensor_inputs"]

LEAKY_SLOPE = 0.01  # the engine's default negative_slope, as in PyTorch


@dataclass(frozen=True)
class MathFn:
    """One math function: how to apply it to engine objects, its float and numpy truths, its domain."""

    name: str
    apply: Callable[..., Any]
    reference: Callable[..., float]
    numpy_reference: Callable[..., np.ndarray]
    domain: tuple[SearchStrategy[float], ...]

    @property
    def arity(self) -> int:
        """How many arguments the function takes."""
        return len(self.domain)

    def __repr__(self) -> str:  # pytest ids and hypothesis reports show the name
        return f"MathFn({self.name!r})"


def _floats(lo: float, hi: float) -> SearchStrategy[float]:
    return st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)


def _away_from_zero(gap: float, hi: float) -> SearchStrategy[float]:
    """Numbers with gap <= |x| <= hi: keeps a kink or a pole at 0 out of reach."""
    return st.one_of(_floats(-hi, -gap), _floats(gap, hi))


ANY = _floats(-10.0, 10.0)
KINK_FREE = _away_from_zero(1e-3, 10.0)  # relu, leaky_relu, abs: the kink at 0 is 1000 eps away
NONZERO = _away_from_zero(0.1, 10.0)  # divisors and negative powers: no pole nearby
POSITIVE = _floats(1e-2, 100.0)  # log, sqrt, fractional powers
BASE = _floats(0.1, 10.0)  # base of a ** b with a Value exponent
EXPONENT = _floats(-3.0, 3.0)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))  # the textbook formula; the domain keeps exp(-x) finite


def _leaky(x: float, slope: float = LEAKY_SLOPE) -> float:
    return x if x > 0 else slope * x


UNARY: list[MathFn] = [
    MathFn("neg", lambda x: -x, lambda x: -x, np.negative, (ANY,)),
    MathFn("exp", lambda x: x.exp(), math.exp, np.exp, (_floats(-30.0, 30.0),)),
    MathFn("log", lambda x: x.log(), math.log, np.log, (POSITIVE,)),
    MathFn("tanh", lambda x: x.tanh(), math.tanh, np.tanh, (_floats(-20.0, 20.0),)),
    MathFn("sigmoid", lambda x: x.sigmoid(), _sigmoid, lambda x: 1.0 / (1.0 + np.exp(-x)), (_floats(-30.0, 30.0),)),
    MathFn("relu", lambda x: x.relu(), lambda x: max(x, 0.0), lambda x: np.maximum(x, 0.0), (KINK_FREE,)),
    MathFn(
        "leaky_relu",
        lambda x: x.leaky_relu(),
        _leaky,
        lambda x: np.where(x > 0, x, LEAKY_SLOPE * x),
        (KINK_FREE,),
    ),
    MathFn(
        "leaky_relu_0.2",
        lambda x: x.leaky_relu(0.2),
        lambda x: _leaky(x, 0.2),
        lambda x: np.where(x > 0, x, 0.2 * x),
        (KINK_FREE,),
    ),
    MathFn("abs", lambda x: abs(x), abs, np.abs, (KINK_FREE,)),
    MathFn("sin", lambda x: x.sin(), math.sin, np.sin, (ANY,)),
    MathFn("cos", lambda x: x.cos(), math.cos, np.cos, (ANY,)),
    MathFn("sqrt_method", lambda x: x.sqrt(), math.sqrt, np.sqrt, (POSITIVE,)),
    # powers by a constant exponent
    MathFn("pow_0", lambda x: x**0, lambda x: x**0, lambda x: np.power(x, 0.0), (ANY,)),
    MathFn("pow_1", lambda x: x**1, lambda x: x**1, lambda x: np.power(x, 1.0), (ANY,)),
    MathFn("square", lambda x: x**2, lambda x: x * x, np.square, (ANY,)),
    MathFn("cube", lambda x: x**3, lambda x: x * x * x, lambda x: np.power(x, 3.0), (ANY,)),
    MathFn("reciprocal", lambda x: x**-1, lambda x: 1.0 / x, np.reciprocal, (NONZERO,)),
    MathFn("pow_-2", lambda x: x**-2, lambda x: 1.0 / (x * x), lambda x: np.power(x, -2.0), (NONZERO,)),
    MathFn("sqrt", lambda x: x**0.5, math.sqrt, np.sqrt, (POSITIVE,)),
    MathFn("pow_1.5", lambda x: x**1.5, lambda x: x * math.sqrt(x), lambda x: np.power(x, 1.5), (POSITIVE,)),
    # a Value and a plain number: the number is lifted to a constant
    MathFn("add_const", lambda x: x + 1.5, lambda x: x + 1.5, lambda x: x + 1.5, (ANY,)),
    MathFn("sub_const", lambda x: x - 1.5, lambda x: x - 1.5, lambda x: x - 1.5, (ANY,)),
    MathFn("mul_const", lambda x: x * -2.5, lambda x: x * -2.5, lambda x: x * -2.5, (ANY,)),
    MathFn("div_const", lambda x: x / 4.0, lambda x: x / 4.0, lambda x: x / 4.0, (ANY,)),
    # the reflected operators: the plain number on the left
    MathFn("radd", lambda x: 1.5 + x, lambda x: 1.5 + x, lambda x: 1.5 + x, (ANY,)),
    MathFn("rsub", lambda x: 1.5 - x, lambda x: 1.5 - x, lambda x: 1.5 - x, (ANY,)),
    MathFn("rmul", lambda x: -2.5 * x, lambda x: -2.5 * x, lambda x: -2.5 * x, (ANY,)),
    MathFn("rtruediv", lambda x: 3.0 / x, lambda x: 3.0 / x, lambda x: 3.0 / x, (NONZERO,)),
    MathFn("rpow", lambda x: 2.0**x, lambda x: 2.0**x, lambda x: np.power(2.0, x), (_floats(-20.0, 20.0),)),
]

BINARY: list[MathFn] = [
    MathFn("add", lambda a, b: a + b, lambda a, b: a + b, np.add, (ANY, ANY)),
    MathFn("sub", lambda a, b: a - b, lambda a, b: a - b, np.subtract, (ANY, ANY)),
    MathFn("mul", lambda a, b: a * b, lambda a, b: a * b, np.multiply, (ANY, ANY)),
    MathFn("div", lambda a, b: a / b, lambda a, b: a / b, np.divide, (ANY, NONZERO)),
    MathFn("pow", lambda a, b: a**b, math.pow, np.power, (BASE, EXPONENT)),
]

TABLE: list[MathFn] = UNARY + BINARY

assert len({row.name for row in TABLE}) == len(TABLE), "row names must be unique (they are test ids)"


# ------------------------------------------------------------------------- the Tensor column
# The table is read three ways: on floats (`reference`), on Values (`apply` to one Value per
# argument) and on Tensors (`apply` to one Tensor per argument, `numpy_reference` the truth).
# The Tensor column draws one array per argument, every element from that argument's domain, in
# shapes that broadcast together (0-d, size-1 axes and different ranks included), so each row
# also tests the op's broadcasting and the summing-back of its gradient. test_tensor_table.py.
from hypothesis.extra import numpy as hnp  # noqa: E402  (kept beside the column that uses it)


@st.composite
def tensor_inputs(draw: st.DrawFn, row: MathFn, max_side: int = 3) -> tuple[np.ndarray, ...]:
    """One float64 array per argument of `row`, elements from its domain, shapes broadcastable."""
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=row.arity, min_dims=0, max_dims=3, max_side=max_side))
    return tuple(
        draw(hnp.arrays(np.float64, shape, elements=domain), label=f"{row.name} argument {i}")
        for i, (shape, domain) in enumerate(zip(shapes.input_shapes, row.domain))
    )
