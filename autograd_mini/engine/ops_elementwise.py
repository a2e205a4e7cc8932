"""Elementwise functions: each output element depends on the input element at the same place.

So the chain rule is one multiplication per element: `d loss / dx = g * f'(x)`, with g the gradient
arriving from the output. Each op below computes `out`, writes f'(x) beside the math it comes from,
and attaches both with `Tensor._result`. Two-input ops (maximum, minimum, where) broadcast their
inputs like `+` and `*`, so their gradients are summed back to each input's shape (`_unbroadcast`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from .dtypes import result_type, scalar_dtype
from . import tensor as core  # tensor.py imports this module while it loads: use core.X inside functions only

if TYPE_CHECKING:
    from .tensor import Tensor

__all__ = ["ElementwiseOps", "where", "maximum", "minimum", "erf", "floor_divide", "remainder"]

SQRT_2 = math.sqrt(2.0)
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
GELU_TANH_CUBIC = 0.044715  # the cubic term of GELU's tanh approximation (Hendrycks & Gimpel)


class ElementwiseOps:
    """Mixin of the Tensor class: the elementwise math functions, as methods with PyTorch's names."""

    __slots__ = ()

    def exp(self) -> "Tensor":
        """e^x, elementwise."""
        with np.errstate(over="ignore"):  # e^1000 = inf, silently, as in PyTorch
            out = np.exp(_floating(self._data))
        return core.Tensor._result(out, (self,), "exp", lambda g: (g * out,))  # d e^x / dx = e^x

    def log(self) -> "Tensor":
        """Natural logarithm; refuses numbers <= 0 (PyTorch would return -inf or nan)."""
        x = _floating(self._data)
        _refuse_at_or_below(x, 0.0, "log", "the logarithm")
        return core.Tensor._result(np.log(x), (self,), "log", lambda g: (g / x,))  # d ln x / dx = 1/x

    def log1p(self) -> "Tensor":
        """log(1 + x), accurate for small x; refuses x <= -1 (PyTorch would return -inf or nan)."""
        x = _floating(self._data)
        _refuse_at_or_below(x, -1.0, "log1p", "log(1 + x)")
        return core.Tensor._result(np.log1p(x), (self,), "log1p", lambda g: (g / (1 + x),))  # d/dx = 1/(1+x)

    def sqrt(self) -> "Tensor":
        """Square root; refuses negative numbers (PyTorch would return nan). Its gradient at 0 is inf."""
        x = _floating(self._data)
        if np.any(x < 0):
            raise ValueError(
                f"sqrt: the square root of {x[x < 0].flat[0]:g} is not a real number ({int(np.sum(x < 0))} element(s) "
                f"are < 0). Take abs() first, or add a small positive number if the values should be >= 0."
            )
        out = np.sqrt(x)

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            with np.errstate(divide="ignore", invalid="ignore"):  # at x = 0 the slope is inf, as in PyTorch
                return (g / (2 * out),)  # d sqrt(x) / dx = 1 / (2 sqrt(x))

        return core.Tensor._result(out, (self,), "sqrt", backward)

    def square(self) -> "Tensor":
        """x * x, elementwise (of bools: int64, as PyTorch)."""
        x = self._data if self._data.dtype.kind != "b" else self._data.astype(np.int64)
        return core.Tensor._result(x * x, (self,), "square", lambda g: (g * 2 * x,))  # d x^2 / dx = 2x

    def sin(self) -> "Tensor":
        """Sine (radians)."""
        x = _floating(self._data)
        return core.Tensor._result(np.sin(x), (self,), "sin", lambda g: (g * np.cos(x),))  # d sin / dx = cos

    def cos(self) -> "Tensor":
        """Cosine (radians)."""
        x = _floating(self._data)
        return core.Tensor._result(np.cos(x), (self,), "cos", lambda g: (-g * np.sin(x),))  # d cos / dx = -sin

    def tanh(self) -> "Tensor":
        """Hyperbolic tangent, in (-1, 1)."""
        out = np.tanh(_floating(self._data))
        return core.Tensor._result(out, (self,), "tanh", lambda g: (g * (1 - out * out),))  # d tanh = 1 - tanh^2

    def sigmoid(self) -> "Tensor":
        """1 / (1 + e^-x), computed without overflow."""
        out = stable_sigmoid(_floating(self._data))
        return core.Tensor._result(out, (self,), "sigmoid", lambda g: (g * out * (1 - out),))  # s' = s (1 - s)

    def relu(self) -> "Tensor":
        """max(x, 0); its gradient at 0 is 0, as in PyTorch."""
        x = self._data
        return core.Tensor._result(np.maximum(x, 0), (self,), "relu", lambda g: (g * (x > 0),))

    def leaky_relu(self, negative_slope: float = 0.01) -> "Tensor":
        """x for x > 0, negative_slope * x otherwise (at 0 the slope is negative_slope, as in PyTorch)."""
        x = _floating(self._data)
        slope = np.where(x > 0, 1.0, negative_slope).astype(x.dtype)
        return core.Tensor._result(x * slope, (self,), "leaky_relu", lambda g: (g * slope,))

    def softplus(self, beta: float = 1.0, threshold: float = 20.0) -> "Tensor":
        """log(1 + e^(beta x)) / beta; linear (= x) where beta x > threshold, as PyTorch does."""
        x = _floating(self._data)
        bx = beta * x
        linear = bx > threshold
        # log(1 + e^z) = max(z, 0) + log(1 + e^-|z|): never overflows. Its derivative in x is sigmoid(beta x).
        out = np.where(linear, x, (np.maximum(bx, 0) + np.log1p(np.exp(-np.abs(bx)))) / beta).astype(x.dtype, copy=False)
        slope = np.where(linear, 1.0, stable_sigmoid(bx)).astype(x.dtype, copy=False)
        return core.Tensor._result(out, (self,), "softplus", lambda g: (g * slope,))

    def abs(self) -> "Tensor":
        """`|x|`; its gradient at 0 is 0, as in PyTorch."""
        x = self._data
        return core.Tensor._result(np.abs(x), (self,), "abs", lambda g: (g * np.sign(x),))  # d|x|/dx = sign(x)

    def __abs__(self) -> "Tensor":
        return self.abs()

    def erf(self) -> "Tensor":
        """The error function erf(x) = 2/sqrt(pi) * integral_0^x e^(-t^2) dt."""
        x = self._data
        out = erf(x)
        return core.Tensor._result(out, (self,), "erf", lambda g: (g * TWO_OVER_SQRT_PI * np.exp(-x * x),))

    def gelu(self, approximate: str = "none") -> "Tensor":
        """x * Phi(x) (Phi: the normal CDF), or its tanh approximation with approximate='tanh', as F.gelu."""
        x = self._data
        if approximate == "none":
            cdf = 0.5 * (1 + erf(x / SQRT_2))
            # d (x Phi(x)) / dx = Phi(x) + x phi(x), phi the normal density e^(-x^2/2) / sqrt(2 pi)
            slope = cdf + x * INV_SQRT_2PI * np.exp(-0.5 * x * x)
            out = x * cdf
        elif approximate == "tanh":
            t = np.tanh(SQRT_2_OVER_PI * (x + GELU_TANH_CUBIC * x**3))
            out = 0.5 * x * (1 + t)
            # product rule, then tanh' = 1 - tanh^2 and the inner derivative sqrt(2/pi) (1 + 3 c x^2)
            slope = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * x * x)
        else:
            raise ValueError(f"gelu: approximate must be 'none' or 'tanh', not {approximate!r}.")
        return core.Tensor._result(out, (self,), "gelu", lambda g: (g * slope,))

    def clamp(self, min: Any = None, max: Any = None) -> "Tensor":  # noqa: A002 (PyTorch's argument names)
        """Limit every element to [min, max] (either may be None); the gradient passes where min <= x <= max."""
        if min is None and max is None:
            raise ValueError("clamp: give min=, max= or both (with neither there is nothing to clamp).")
        x = self._data
        lo, hi = _bound("min", min, self), _bound("max", max, self)
        dtype = _clamp_dtype(x, min, max)  # as torch: int.clamp(min=0.5) is float, f32.clamp(f64 tensor) f64
        out, inside = x.astype(dtype, copy=False), np.ones(x.shape, dtype=bool)
        if lo is not None:
            out, inside = np.maximum(out, lo), inside & (x >= lo)
        if hi is not None:
            out, inside = np.minimum(out, hi), inside & (x <= hi)
        shape = x.shape
        # d clamp / dx = 1 inside [min, max], the boundaries included (as in PyTorch), 0 outside
        return core.Tensor._result(np.asarray(out, dtype=dtype), (self,), "clamp",
                                   lambda g: (core._unbroadcast(g * inside, shape),))

    clip = clamp

    def maximum(self, other: Any) -> "Tensor":
        """The larger of self and other, elementwise (they broadcast); ties share the gradient."""
        return maximum(self, other)

    def minimum(self, other: Any) -> "Tensor":
        """The smaller of self and other, elementwise (they broadcast); ties share the gradient."""
        return minimum(self, other)

    # ---- rounding: a step function, so its gradient is 0 wherever it exists (PyTorch's convention)
    def floor(self) -> "Tensor":
        """The largest whole number <= x, elementwise (gradient 0)."""
        return _rounded(self, "floor", np.floor)

    def ceil(self) -> "Tensor":
        """The smallest whole number >= x, elementwise (gradient 0)."""
        return _rounded(self, "ceil", np.ceil)

    def trunc(self) -> "Tensor":
        """x with its fractional part dropped (toward 0), elementwise (gradient 0)."""
        return _rounded(self, "trunc", np.trunc)

    def round(self, decimals: int = 0) -> "Tensor":
        """x rounded to `decimals` places, halves to even as PyTorch (round(2.5) = 2); gradient 0."""
        if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)):
            raise TypeError(f"round: decimals must be an int, got {decimals!r}.")
        return _rounded(self, "round", lambda x: np.round(x, int(decimals)))

    def sign(self) -> "Tensor":
        """-1, 0 or 1 as x is negative, zero or positive (gradient 0)."""
        return _rounded(self, "sign", np.sign, kinds="fi")

    # ---- tests of each number: true/false answers, no gradient
    def isnan(self) -> "Tensor":
        """True where x is nan."""
        return core.Tensor._result(np.isnan(self._data), (), "isnan", None)

    def isinf(self) -> "Tensor":
        """True where x is inf or -inf."""
        return core.Tensor._result(np.isinf(self._data), (), "isinf", None)

    def isfinite(self) -> "Tensor":
        """True where x is neither nan nor +-inf."""
        return core.Tensor._result(np.isfinite(self._data), (), "isfinite", None)

    # ---- floor division and remainder, Python's rules: a == (a // b) * b + a % b, with a % b of b's sign
    def __floordiv__(self, other: Any) -> "Tensor":
        return floor_divide(self, other)

    def __rfloordiv__(self, other: Any) -> "Tensor":
        return floor_divide(core._lift(other, self), self)

    def floor_divide(self, other: Any) -> "Tensor":
        """floor(self / other), elementwise (`//`). It has no derivative: backward() through it raises, as PyTorch."""
        return floor_divide(self, other)

    def __mod__(self, other: Any) -> "Tensor":
        return remainder(self, other)

    def __rmod__(self, other: Any) -> "Tensor":
        return remainder(core._lift(other, self), self)

    def remainder(self, other: Any) -> "Tensor":
        """self - floor(self / other) * other, elementwise (`%`), with other's sign."""
        return remainder(self, other)

    def masked_fill(self, mask: Any, value: Any) -> "Tensor":
        """A copy with `value` wherever the bool `mask` (broadcast to self's shape) is True."""
        keep = _bool_mask("masked_fill", mask)
        x = self._data
        if _broadcast_shape(keep.shape, x.shape) != x.shape:
            raise core.ShapeError(f"masked_fill: the mask's shape {tuple(keep.shape)} does not broadcast to the tensor's shape {tuple(x.shape)}.")
        if isinstance(value, core.Tensor):
            if value._data.ndim != 0:
                raise core.ShapeError(f"masked_fill: value must be a number or a 0-d tensor, not a tensor of shape {tuple(value.shape)}.")
            fill = value
        else:
            fill = core._lift(value, self)
        out = np.where(keep, fill._data, x).astype(x.dtype, copy=False)

        def backward(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            # the filled places come from `value`, every other place from x unchanged
            return np.where(keep, 0, g), np.sum(np.where(keep, g, 0))

        return core.Tensor._result(out, (self, fill), "masked_fill", backward)


# ------------------------------------------------------------------ functions of two or three tensors
def _rounded(x: "Tensor", op: str, fn: Any, kinds: str = "f") -> "Tensor":
    """fn(x) for the dtype kinds in `kinds`; others come back as they are (whole numbers are already rounded,
    and numpy's floor of an int would be a float). The gradient of a step function is 0."""
    data = x._data
    out = fn(data) if data.dtype.kind in kinds else data.copy()
    return core.Tensor._result(out, (x,), op, lambda g: (np.zeros_like(g),))


def _division_operands(op: str, input: Any, other: Any) -> tuple["Tensor", "Tensor"]:  # noqa: A002
    """Both operands of // or % as Tensors: bools count as 0 and 1; an integer divisor with a 0 is refused, as PyTorch."""
    a = input if isinstance(input, core.Tensor) else core.Tensor(input)
    b = core._lift(other, a)
    if a._data.dtype.kind == "b":
        a = core.Tensor._result(a._data.astype(np.int64), (), "const", None)
    if b._data.dtype.kind == "b":
        b = core.Tensor._result(b._data.astype(np.int64), (), "const", None)
    if a._data.dtype.kind != "f" and b._data.dtype.kind != "f" and np.any(b._data == 0):
        raise ZeroDivisionError(f"{op}: integer division by zero (the divisor {b._data.tolist()!r:.60} has a 0); "
                                f"PyTorch refuses it too. Make the tensors float for inf and nan: x.float() {op} y.")
    return a, b


def floor_divide(input: Any, other: Any) -> "Tensor":  # noqa: A002
    """floor(input / other), elementwise: the `//` of tensors. Piecewise constant, with no derivative (as PyTorch)."""
    a, b = _division_operands("//", input, other)
    with np.errstate(divide="ignore", invalid="ignore"):  # 1.0 // 0 = inf, 0.0 // 0 = nan, as in PyTorch
        out = core._broadcasting("floor_divide", np.floor_divide, a, b)

    def backward(g: np.ndarray) -> tuple:
        raise RuntimeError("derivative for floor_divide (//) is not implemented, as in PyTorch: the result is a step "
                           "function of its inputs. Detach it (torch.no_grad() or x.detach() // y) where it is a count "
                           "or an index, or use x / y where a gradient should flow.")

    return core.Tensor._result(out, (a, b), "//", backward)


def divide_rounded(input: Any, other: Any, rounding_mode: str) -> "Tensor":  # noqa: A002
    """input / other rounded down ('floor': the numbers of //) or towards zero ('trunc'), as torch.div(rounding_mode=).

    A step function of its inputs: its gradient is 0, as PyTorch's (where `//` has none)."""
    if rounding_mode not in ("floor", "trunc"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"{rounding_mode!r}")
    a, b = _division_operands(f"div(rounding_mode={rounding_mode!r})", input, other)
    whole = a._data.dtype.kind != "f" and b._data.dtype.kind != "f"

    def truncated(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        if whole:  # integers stay integers: |x| // |y| carries the sign of x / y
            return np.floor_divide(np.abs(x), np.abs(y)) * (np.sign(x) * np.sign(y))
        return np.trunc(np.true_divide(x, y))

    with np.errstate(divide="ignore", invalid="ignore"):  # 1.0 / 0 = inf, 0.0 / 0 = nan, as in PyTorch
        out = core._broadcasting("div", np.floor_divide if rounding_mode == "floor" else truncated, a, b)
    a_shape, b_shape = a._data.shape, b._data.shape
    return core.Tensor._result(out, (a, b), "div_rounded",
                               lambda g: (np.zeros(a_shape, g.dtype), np.zeros(b_shape, g.dtype)))


def remainder(input: Any, other: Any) -> "Tensor":  # noqa: A002
    """input - floor(input / other) * other, elementwise: the `%` of tensors, with other's sign (Python's rule)."""
    a, b = _division_operands("%", input, other)
    x, y = a._data, b._data
    with np.errstate(divide="ignore", invalid="ignore"):  # x % 0.0 = nan, as in PyTorch
        out = core._broadcasting("remainder", np.mod, a, b)

    def backward(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # d(a % b)/da = 1, d(a % b)/db = -floor(a / b): between the jumps, a % b = a - k b with k fixed
        with np.errstate(divide="ignore", invalid="ignore"):
            steps = np.floor_divide(x, y)
        return core._unbroadcast(g, x.shape), core._unbroadcast(-g * steps, y.shape)

    return core.Tensor._result(out, (a, b), "%", backward)


def maximum(input: Any, other: Any) -> "Tensor":  # noqa: A002 (PyTorch's argument name)
    """The larger of two tensors, elementwise, like torch.maximum; at a tie each gets half the gradient."""
    return _pick("maximum", np.greater, input, other)


def minimum(input: Any, other: Any) -> "Tensor":  # noqa: A002
    """The smaller of two tensors, elementwise, like torch.minimum; at a tie each gets half the gradient."""
    return _pick("minimum", np.less, input, other)


def _pick(op: str, wins: Any, input: Any, other: Any) -> "Tensor":  # noqa: A002
    a, b = _two_tensors(input, other)
    x, y = _promoted(a, b)
    core._broadcasting(op, np.add, a, b)  # a clear error for shapes that do not broadcast
    out = np.where(wins(x, y) | np.isnan(x), x, y)  # nan wins, as in PyTorch
    # d out / dx = 1 where x is picked, 0 where y is, 1/2 at a tie (PyTorch splits ties evenly)
    share = np.where(x == y, 0.5, wins(x, y)).astype(out.dtype, copy=False)
    return core.Tensor._result(out, (a, b), op, lambda g: (core._unbroadcast(g * share, x.shape),
                                                           core._unbroadcast(g * (1 - share), y.shape)))


def where(condition: Any, input: Any, other: Any) -> "Tensor":  # noqa: A002
    """`input` where the bool `condition` holds, `other` elsewhere (all three broadcast), like torch.where."""
    cond = _bool_mask("where", condition)
    a, b = _two_tensors(input, other)
    try:
        out = np.where(cond, *_promoted(a, b))
    except ValueError:
        raise core.ShapeError(
            f"where: the shapes of condition {tuple(cond.shape)}, input {tuple(a.shape)} and other {tuple(b.shape)} cannot be broadcast together."
        ) from None
    # d out / d input = 1 where the condition holds, d out / d other = 1 elsewhere
    return core.Tensor._result(out, (a, b), "where", lambda g: (core._unbroadcast(np.where(cond, g, 0), a.shape),
                                                                core._unbroadcast(np.where(cond, 0, g), b.shape)))


def _promoted(a: "Tensor", b: "Tensor") -> tuple[np.ndarray, np.ndarray]:
    """Both arrays in torch.result_type's dtype (float32 beside a 0-d float64 stays float32; numpy would widen)."""
    x, y = a._data, b._data
    if x.dtype == y.dtype:
        return x, y
    dtype = result_type(x, y)
    return x.astype(dtype, copy=False), y.astype(dtype, copy=False)


def _two_tensors(a: Any, b: Any) -> tuple["Tensor", "Tensor"]:
    """Both as Tensors; a plain number takes the other's dtype (so float32 stays float32)."""
    if isinstance(a, core.Tensor):
        return a, core._lift(b, a)
    if isinstance(b, core.Tensor):
        return core._lift(a, b), b
    a = core.Tensor._result(core._as_array(a, None), (), "const", None)  # where(mask, 1, 0): int64, as PyTorch
    return a, core._lift(b, a)


def _bool_mask(op: str, mask: Any) -> np.ndarray:
    data = mask._data if isinstance(mask, core.Tensor) else np.asarray(mask)
    if data.dtype != np.bool_:
        raise TypeError(
            f"{op}: the mask/condition must be a bool tensor (e.g. x > 0), not one of dtype {data.dtype}. "
            f"For a 0/1 tensor m, use m.bool() or m == 1."
        )
    return data


def _clamp_dtype(x: np.ndarray, *bounds: Any) -> np.dtype:
    """The dtype of clamp's result: torch.result_type of the input and the bounds given."""
    dtype = x.dtype
    for bound in bounds:
        if bound is None:
            continue
        if isinstance(bound, core.Tensor):
            dtype = result_type(np.empty((1,) * x.ndim, dtype), bound._data)
        elif isinstance(bound, (int, float, np.generic)):
            dtype = scalar_dtype(dtype, bound)
    return dtype


def _bound(name: str, bound: Any, x: "Tensor") -> Any:
    if bound is None or not isinstance(bound, core.Tensor):
        return bound if bound is None or isinstance(bound, (int, float)) else np.asarray(bound, dtype=x._data.dtype)
    if bound.requires_grad:
        raise NotImplementedError(
            f"clamp: a {name} bound that requires grad is not supported here. "
            f"Use maximum(x, lo) / minimum(x, hi), which pass gradients to both inputs."
        )
    return bound._data


def _broadcast_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """The shape a and b broadcast to, or None where they do not."""
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        return None


def _refuse_at_or_below(x: np.ndarray, limit: float, op: str, what: str) -> None:
    bad = x <= limit
    if np.any(bad):
        raise ValueError(
            f"{op}: {what} of {x[bad].flat[0]:g} is undefined ({op} needs numbers above {limit:g}; {int(np.sum(bad))} "
            f"element(s) are <= {limit:g}). For a loss, use binary_cross_entropy_with_logits or clamp probabilities."
        )


def _floating(x: np.ndarray) -> np.ndarray:
    """x itself if it holds floats; an int or bool array as float64 (a sigmoid of ints is not an int; numpy's
    exp of bools would be float16)."""
    return x if x.dtype.kind == "f" else x.astype(np.float64)


def stable_sigmoid(x: np.ndarray) -> np.ndarray:
    """1/(1+e^-x) for x >= 0 and e^x/(1+e^x) for x < 0: exp only ever sees `-|x|`, so it never overflows."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)


# ------------------------------------------------------------------------------------------ erf
# W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969; netlib specfun CALERF),
# accurate to about 1e-16: erf for |x| <= 0.46875, erfc = 1 - erf for 0.46875 < |x| <= 4 and beyond.
_ERF_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03,
          1.85777706184603153e-1)
_ERF_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03)
_ERFC_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
           8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
           2.15311535474403846e-8)
_ERFC_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
           3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03)
_ERFC_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
           6.58749161529837803e-4, 1.63153871373020978e-2)
_ERFC_Q = (2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2,
           2.33520497626869185e-3)
_INV_SQRT_PI = 1.0 / math.sqrt(math.pi)


def erf(x: np.ndarray) -> np.ndarray:
    """The error function of a numpy array, elementwise, to about 1e-16 (numpy has none; scipy is not needed)."""
    x = np.asarray(x)
    z = x.astype(np.float64)
    y = np.abs(z)
    result = np.empty_like(y)

    small = y <= 0.46875
    ys = y[small] ** 2
    num, den = _ERF_A[4] * ys, ys
    for a, b in zip(_ERF_A[:3], _ERF_B[:3]):
        num, den = (num + a) * ys, (den + b) * ys
    result[small] = z[small] * (num + _ERF_A[3]) / (den + _ERF_B[3])

    middle = (y > 0.46875) & (y <= 4.0)
    ym = y[middle]
    num, den = _ERFC_C[8] * ym, ym
    for c, d in zip(_ERFC_C[:7], _ERFC_D[:7]):
        num, den = (num + c) * ym, (den + d) * ym
    erfc_middle = _times_exp_minus_square(ym, (num + _ERFC_C[7]) / (den + _ERFC_D[7]))
    result[middle] = np.copysign(1.0 - erfc_middle, z[middle])

    large = y > 4.0
    yl = y[large]
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        w = 1.0 / (yl * yl)
        num, den = _ERFC_P[5] * w, w
        for p, q in zip(_ERFC_P[:4], _ERFC_Q[:4]):
            num, den = (num + p) * w, (den + q) * w
        scaled = (_INV_SQRT_PI - w * (num + _ERFC_P[4]) / (den + _ERFC_Q[4])) / yl
        erfc_large = np.where(np.isinf(yl), 0.0, _times_exp_minus_square(yl, scaled))
    result[large] = np.copysign(1.0 - erfc_large, z[large])
    result[np.isnan(z)] = np.nan
    return result.astype(x.dtype) if x.dtype.kind == "f" else result


def _times_exp_minus_square(y: np.ndarray, value: np.ndarray) -> np.ndarray:
    # e^(-y^2) * value, with y^2 split as y_16^2 + (y - y_16)(y + y_16), y_16 = y rounded down to 1/16:
    # Cody's way to keep the rounding error of y^2 out of the exponent.
    y16 = np.trunc(y * 16.0) / 16.0
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(-y16 * y16) * np.exp(-(y - y16) * (y + y16)) * value
