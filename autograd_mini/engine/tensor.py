"""The tensor engine: `Tensor`, a numpy array that remembers how it was computed.

Each op follows the scalar engine's recipe, for whole arrays at once:
    1. compute `out` with numpy;
    2. define `backward(g)`: given g = d(loss)/d(out), return d(loss)/d(input) for each input;
    3. attach both to a new Tensor with `_result`.
`backward()` walks the graph from the output in reverse topological order and hands each
op the gradient of its output. A backward rule only reads its inputs, never its output,
so graphs hold no reference cycles and are freed the moment they go out of use.

Broadcasting: numpy stretches a (16,) bias to (100, 16) in the forward pass, so in the
backward pass the (100, 16) gradient has to be summed back to (16,): `_unbroadcast`.
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any, Callable, Iterable, Sequence

import numpy as np

__all__ = ["Tensor", "no_grad", "is_grad_enabled", "concat", "stack", "NO_GRADIENT", "ShapeError"]

Backward = Callable[[np.ndarray], tuple]

# Ops whose result carries no gradient (it is piecewise constant or an index).
NO_GRADIENT = {
    ">": "a comparison (true/false)", "<": "a comparison (true/false)",
    ">=": "a comparison (true/false)", "<=": "a comparison (true/false)",
    "argmax": "an index", "argmin": "an index",
}


class ShapeError(ValueError):
    """Two shapes that an op cannot combine."""


_grad_enabled = True


def is_grad_enabled() -> bool:
    """False inside `with no_grad():`."""
    return _grad_enabled


class no_grad(contextlib.ContextDecorator):
    """Context manager (or decorator): ops inside record no graph. For evaluation and updates."""

    def __init__(self) -> None:
        # A stack, not one saved flag: as a decorator the same object is entered again by a recursive
        # call before it exits, and each exit must restore what its own enter saw.
        self._previous: list[bool] = []

    def __enter__(self) -> "no_grad":
        global _grad_enabled
        self._previous.append(_grad_enabled)
        _grad_enabled = False
        return self

    def __exit__(self, *exc: object) -> None:
        global _grad_enabled
        _grad_enabled = self._previous.pop()


def _as_array(data: Any, dtype: Any) -> np.ndarray:
    if isinstance(data, Tensor):
        raise TypeError("Tensor(...) was given a Tensor; use t.detach() for a copy without history, or t itself.")
    if dtype is not None:
        dtype = np.dtype(dtype)
        if dtype.kind != "f":
            raise TypeError(f"Tensor dtype must be a float type (float64 or float32), not {dtype}.")
    try:
        array = np.asarray(data)
    except (ValueError, TypeError) as error:
        raise TypeError(f"Tensor(...) needs numbers, a (nested) list of numbers or a numpy array; got {data!r} ({error}).") from None
    if array.dtype.kind not in "fiub":
        raise TypeError(
            f"Tensor(...) needs numbers, a (nested) list of numbers or a numpy array; got {type(data).__name__} "
            f"with numpy dtype {array.dtype} ({data!r:.60})."
        )
    if dtype is None:
        dtype = array.dtype if array.dtype.kind == "f" else np.float64
    return np.array(array, dtype=dtype)  # a copy: the Tensor never aliases the caller's array


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum `grad` down to `shape`: the reverse of numpy broadcasting."""
    if grad.shape == shape:
        return grad
    # Axes that broadcasting added in front: sum them away.
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    # Axes where the input had size 1 and was stretched: sum, keeping the axis.
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def _axis_arg(axis: Any, dim: Any, default: Any = None) -> Any:
    """numpy's `axis`, with PyTorch's `dim` accepted as an alias; `default` when neither is given.

    (Ops whose default axis is not None, like softmax's -1, take axis=None in their signature and
    pass their default here, so that `dim=` alone is not mistaken for giving both.)"""
    if dim is not None:
        if axis is not None:
            raise TypeError("give either axis= or dim= (they mean the same), not both.")
        return tuple(dim) if isinstance(dim, list) else dim
    if axis is None:
        return default
    return tuple(axis) if isinstance(axis, list) else axis


class Tensor:
    """An n-dimensional array of floats with a gradient, like `torch.Tensor`."""

    __slots__ = ("data", "grad", "requires_grad", "label", "_prev", "_backward", "_op", "__weakref__")
    __array_priority__ = 1000  # numpy array (op) Tensor calls Tensor's reflected op

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None, label: str = "") -> None:
        self.data = _as_array(data, dtype)
        self.grad: np.ndarray | None = None
        self.requires_grad = bool(requires_grad)
        self.label = label
        self._prev: tuple[Tensor, ...] = ()
        self._backward: Backward | None = None
        self._op = ""

    @classmethod
    def _result(cls, data: np.ndarray, inputs: tuple["Tensor", ...], op: str, backward: Backward | None) -> "Tensor":
        """The output of an op: it records inputs and backward only if a gradient can flow."""
        out = cls.__new__(cls)
        out.data, out.grad, out.label, out._op = data, None, "", op
        out.requires_grad, out._prev, out._backward = False, (), None
        if backward is not None and _grad_enabled:
            for t in inputs:
                if t.requires_grad:
                    out.requires_grad, out._prev, out._backward = True, inputs, backward
                    break
        return out

    # ------------------------------------------------------------ PyTorch-like basics
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return self.data.size

    def __len__(self) -> int:
        return len(self.data)

    def numpy(self) -> np.ndarray:
        """The data as a numpy array (a copy, so changing it cannot corrupt the graph)."""
        return self.data.copy()

    def item(self) -> float:
        """The single number in a one-element tensor."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a tensor with one element, but this one has shape {self.shape}.")
        return float(self.data.reshape(()))

    def detach(self) -> "Tensor":
        """The same numbers, cut off from the graph (no history, no grad)."""
        return Tensor._result(self.data, (), "detach", None)

    def requires_grad_(self, flag: bool = True) -> "Tensor":
        self.requires_grad = bool(flag)
        return self

    def zero_grad(self) -> None:
        self.grad = None

    def __repr__(self) -> str:
        body = np.array2string(self.data, precision=4, separator=", ", prefix="Tensor(")
        extra = ", requires_grad=True" if self.requires_grad else ""
        extra += f", dtype={self.dtype}" if self.dtype != np.float64 else ""
        return f"Tensor({body}{extra})"

    # ------------------------------------------------------------------ backward
    def backward(self, gradient: Any = None) -> None:
        """Compute d(self)/d(leaf) into every leaf's `.grad` (leaves accumulate, like PyTorch)."""
        if not self.requires_grad:
            why = NO_GRADIENT.get(self._op)
            if why:
                raise RuntimeError(f"backward: this tensor is the result of '{self._op}', {why}, which has no gradient.")
            raise RuntimeError(
                "backward: this tensor does not require grad, so there is nothing to differentiate. "
                "Create the leaves with Tensor(..., requires_grad=True) (model parameters already are), "
                "and do not compute the loss inside `with no_grad():`."
            )
        if gradient is None:
            if self.data.size != 1:
                raise RuntimeError(
                    f"backward: the output has shape {self.shape}, not a single number. Reduce it first "
                    f"(e.g. loss = out.sum() or out.mean()), or pass backward(gradient=...) of shape {self.shape}."
                )
            seed = np.ones_like(self.data)
        else:
            seed = np.asarray(gradient.data if isinstance(gradient, Tensor) else gradient, dtype=self.dtype)
            if seed.shape != self.shape:
                raise ShapeError(f"backward: gradient has shape {seed.shape} but the output has shape {self.shape}.")
        topo = _topological_order(self)
        grads: dict[Tensor, np.ndarray] = {self: seed}  # d(self)/d(node), summed over all paths
        for node in reversed(topo):
            g = grads.pop(node, None)
            if node._backward is None:  # a leaf: accumulate, as PyTorch does
                if g is not None:
                    node.grad = g.copy() if node.grad is None else node.grad + g
                continue
            node.grad = g  # intermediate gradients are fresh on every call
            if g is None:
                continue
            for parent, parent_grad in zip(node._prev, node._backward(g)):
                if parent_grad is None or not parent.requires_grad:
                    continue
                grads[parent] = parent_grad if parent not in grads else grads[parent] + parent_grad

    # ------------------------------------------------------------------ arithmetic
    def __add__(self, other: Any) -> "Tensor":
        other = _lift(other, self)
        out = _broadcasting("add", np.add, self, other)
        a_shape, b_shape = self.shape, other.shape
        return Tensor._result(out, (self, other), "+", lambda g: (_unbroadcast(g, a_shape), _unbroadcast(g, b_shape)))

    def __sub__(self, other: Any) -> "Tensor":
        other = _lift(other, self)
        out = _broadcasting("sub", np.subtract, self, other)
        a_shape, b_shape = self.shape, other.shape
        return Tensor._result(out, (self, other), "-", lambda g: (_unbroadcast(g, a_shape), _unbroadcast(-g, b_shape)))

    def __mul__(self, other: Any) -> "Tensor":
        other = _lift(other, self)
        a, b = self.data, other.data
        out = _broadcasting("mul", np.multiply, self, other)
        # d(ab)/da = b, d(ab)/db = a
        return Tensor._result(out, (self, other), "*", lambda g: (_unbroadcast(g * b, a.shape), _unbroadcast(g * a, b.shape)))

    def __truediv__(self, other: Any) -> "Tensor":
        other = _lift(other, self)
        a, b = self.data, other.data
        with np.errstate(divide="ignore", invalid="ignore"):  # x/0 gives inf or nan, as in PyTorch
            out = _broadcasting("div", np.divide, self, other)
            # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
            return Tensor._result(out, (self, other), "/", lambda g: (_unbroadcast(g / b, a.shape), _unbroadcast(-g * a / (b * b), b.shape)))

    def __pow__(self, exponent: Any) -> "Tensor":
        a = self.data
        if isinstance(exponent, np.ndarray):  # an array of exponents is a constant, as for + - * /
            exponent = _lift(exponent, self)
        if isinstance(exponent, Tensor):
            n = exponent.data
            with np.errstate(invalid="ignore", divide="ignore"):
                out = _broadcasting("pow", np.power, self, exponent)
                # d(a^n)/dn = a^n ln a  (nan for a < 0, and taken as 0 where a = 0, as PyTorch does)
                log_a = np.where(a == 0, 0.0, np.log(np.where(a > 0, a, np.nan)))

            def backward(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
                with np.errstate(invalid="ignore", divide="ignore"):  # 0^(n-1) = inf for n < 1, as in PyTorch
                    # d(a^n)/da = n a^(n-1); where n = 0, a^n = 1 is flat: 0 (not 0 * 0^-1 = nan at a = 0)
                    d_a = np.where(n == 0, 0.0, n * np.power(a, n - 1))
                    return _unbroadcast(g * d_a, a.shape), _unbroadcast(g * out * log_a, n.shape)

            return Tensor._result(out, (self, exponent), "**", backward)
        if isinstance(exponent, bool) or not isinstance(exponent, (int, float, np.number)):
            raise TypeError(f"pow: the exponent must be a number or a Tensor, not {type(exponent).__name__}.")
        if isinstance(exponent, np.number):  # np.float64(2) would turn float32 into float64; 2.0 does not
            exponent = exponent.item()
        if np.any(a < 0) and not float(exponent).is_integer():
            raise ValueError(f"pow: a negative base ({a[a < 0].flat[0]:g}) with the non-integer exponent {exponent} is not a real number. Use abs() or an integer exponent.")
        with np.errstate(divide="ignore"):
            out = a**exponent
        if exponent == 0:  # a^0 = 1 is flat: gradient 0, even at a = 0 where n a^(n-1) would be 0 * inf = nan
            return Tensor._result(out, (self,), "**0", lambda g: (np.zeros_like(a),))
        # d(a^n)/da = n a^(n-1)
        return Tensor._result(out, (self,), f"**{exponent:g}", lambda g: (g * exponent * a ** (exponent - 1),))

    def __neg__(self) -> "Tensor":
        return Tensor._result(-self.data, (self,), "neg", lambda g: (-g,))

    def __radd__(self, other: Any) -> "Tensor":
        return _lift(other, self) + self

    def __rsub__(self, other: Any) -> "Tensor":
        return _lift(other, self) - self

    def __rmul__(self, other: Any) -> "Tensor":
        return _lift(other, self) * self

    def __rtruediv__(self, other: Any) -> "Tensor":
        return _lift(other, self) / self

    def __rpow__(self, other: Any) -> "Tensor":
        return _lift(other, self) ** self

    def __matmul__(self, other: Any) -> "Tensor":
        other = _lift(other, self)
        a, b = self.data, other.data
        if a.ndim == 0 or b.ndim == 0:
            raise ShapeError(f"matmul: both operands need at least one dimension, got shapes {a.shape} and {b.shape}; use * for scaling.")
        try:
            out = a @ b
        except ValueError:
            raise ShapeError(
                f"matmul: shapes {a.shape} @ {b.shape} do not fit: the last dimension of the left ({a.shape[-1]}) "
                f"must equal the {'only' if b.ndim == 1 else 'second-to-last'} dimension of the right "
                f"({b.shape[0] if b.ndim == 1 else b.shape[-2]}). Transpose one of them (.T) or fix the layer sizes."
            ) from None

        def backward(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            if a.ndim == 1 and b.ndim == 1:  # a dot product: out = sum(a * b) is one number, g is 0-d
                return g * b, g * a
            # For 2-D: dA = g B^T, dB = A^T g. 1-D operands are promoted to matrices first.
            a2 = a[None, :] if a.ndim == 1 else a
            b2 = b[:, None] if b.ndim == 1 else b
            g2 = g
            if a.ndim == 1:
                g2 = np.expand_dims(g2, -2)
            if b.ndim == 1:
                g2 = np.expand_dims(g2, -1)
            grad_a = g2 @ np.swapaxes(b2, -1, -2)
            grad_b = np.swapaxes(a2, -1, -2) @ g2
            if a.ndim == 1:
                grad_a = grad_a.sum(axis=tuple(range(grad_a.ndim - 2))) if grad_a.ndim > 2 else grad_a
                grad_a = grad_a[0]
            if b.ndim == 1:
                grad_b = grad_b.sum(axis=tuple(range(grad_b.ndim - 2))) if grad_b.ndim > 2 else grad_b
                grad_b = grad_b[:, 0]
            return _unbroadcast(grad_a, a.shape), _unbroadcast(grad_b, b.shape)

        return Tensor._result(out, (self, other), "@", backward)

    def __rmatmul__(self, other: Any) -> "Tensor":
        return _lift(other, self) @ self

    # ----------------------------------------------------------------- reductions
    def sum(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> "Tensor":
        axis, keepdims = _axis_arg(axis, dim), keepdims if keepdim is None else keepdim
        shape = self.shape
        out = _reduce("sum", np.sum, self.data, axis, keepdims)
        # Every input element contributes once: spread g back over the summed axes.
        return Tensor._result(out, (self,), "sum", lambda g: (np.broadcast_to(_keep(g, shape, axis, keepdims), shape),))

    def mean(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> "Tensor":
        axis, keepdims = _axis_arg(axis, dim), keepdims if keepdim is None else keepdim
        shape = self.shape
        out = _reduce("mean", np.mean, self.data, axis, keepdims)
        count = self.data.size // max(out.size, 1) if self.data.size else 1
        return Tensor._result(out, (self,), "mean", lambda g: (np.broadcast_to(_keep(g, shape, axis, keepdims) / count, shape),))

    def max(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> "Tensor":
        return self._extreme("max", np.max, axis, keepdims, dim, keepdim)

    def min(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> "Tensor":
        return self._extreme("min", np.min, axis, keepdims, dim, keepdim)

    def _extreme(self, op: str, fn: Callable, axis: Any, keepdims: bool, dim: Any, keepdim: bool | None) -> "Tensor":
        axis, keepdims = _axis_arg(axis, dim), keepdims if keepdim is None else keepdim
        x = self.data
        out = _reduce(op, fn, x, axis, keepdims)
        winners = x == _keep(out, x.shape, axis, keepdims)
        # The gradient goes to the extreme element; ties share it equally (as torch.amax does).
        share = (winners / winners.sum(axis=axis, keepdims=True)).astype(x.dtype)  # float32 stays float32
        return Tensor._result(out, (self,), op, lambda g: (share * _keep(g, x.shape, axis, keepdims),))

    # -------------------------------------------------------------- shape changes
    def reshape(self, *shape: Any) -> "Tensor":
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        old = self.shape
        try:
            out = self.data.reshape(shape)
        except ValueError:
            raise ShapeError(f"reshape: cannot reshape {old} ({self.size} elements) into {shape}.") from None
        return Tensor._result(out, (self,), "reshape", lambda g: (g.reshape(old),))

    def view(self, *shape: Any) -> "Tensor":
        return self.reshape(*shape)

    def transpose(self, *axes: Any) -> "Tensor":
        """Reverse the axes (no arguments), swap two (PyTorch: transpose(0, 1)), or permute them all."""
        if len(axes) == 2:  # PyTorch's transpose(dim0, dim1), two numbers: swap two axes
            order = list(range(self.ndim))
            order[axes[0]], order[axes[1]] = order[axes[1]], order[axes[0]]
            axes = tuple(order)
        elif len(axes) == 1 and isinstance(axes[0], (tuple, list)):  # numpy's one tuple: a permutation
            # (checked after the swap: transpose((0, 1)) is numpy's identity, not PyTorch's swap)
            axes = tuple(axes[0])
        # axes % ndim: a permutation with negative axes, e.g. (-1, 0), has the same inverse as (1, 0)
        axes = tuple(a % self.ndim for a in axes) or tuple(reversed(range(self.ndim)))
        inverse = tuple(np.argsort(axes))
        return Tensor._result(self.data.transpose(axes), (self,), "transpose", lambda g: (g.transpose(inverse),))

    @property
    def T(self) -> "Tensor":
        return self.transpose()

    def __getitem__(self, index: Any) -> "Tensor":
        if isinstance(index, Tensor):
            index = index.data.astype(np.intp) if index.dtype.kind == "f" else index.data
        shape = self.shape
        try:
            out = self.data[index]
        except IndexError as error:
            raise IndexError(f"index: {error} (tensor shape {shape}).") from None

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            grad = np.zeros(shape, dtype=g.dtype)
            np.add.at(grad, index, g)  # add.at: repeated indices each receive their share
            return (grad,)

        return Tensor._result(np.array(out, copy=True), (self,), "index", backward)

    # ----------------------------------------------------- elementwise functions
    def exp(self) -> "Tensor":
        with np.errstate(over="ignore"):  # e^1000 = inf, silently, as in PyTorch
            out = np.exp(self.data)
        return Tensor._result(out, (self,), "exp", lambda g: (g * out,))

    def log(self) -> "Tensor":
        x = self.data
        if np.any(x <= 0):
            bad = x[x <= 0].flat[0]
            raise ValueError(
                f"log: the logarithm of {bad:g} is undefined (log needs positive numbers; {int(np.sum(x <= 0))} "
                f"element(s) are <= 0). For a loss, use binary_cross_entropy_with_logits or clamp probabilities."
            )
        return Tensor._result(np.log(x), (self,), "log", lambda g: (g / x,))

    def tanh(self) -> "Tensor":
        out = np.tanh(self.data)
        return Tensor._result(out, (self,), "tanh", lambda g: (g * (1 - out * out),))

    def sigmoid(self) -> "Tensor":
        out = _stable_sigmoid(self.data)
        return Tensor._result(out, (self,), "sigmoid", lambda g: (g * out * (1 - out),))

    def relu(self) -> "Tensor":
        x = self.data
        return Tensor._result(np.maximum(x, 0), (self,), "relu", lambda g: (g * (x > 0),))

    def leaky_relu(self, negative_slope: float = 0.01) -> "Tensor":
        slope = np.where(self.data > 0, 1.0, negative_slope).astype(self.dtype)
        return Tensor._result(self.data * slope, (self,), "leaky_relu", lambda g: (g * slope,))

    def softplus(self) -> "Tensor":
        x = self.data
        # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): never overflows. Its derivative is sigmoid(x).
        out = np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))
        return Tensor._result(out, (self,), "softplus", lambda g: (g * _stable_sigmoid(x),))

    def abs(self) -> "Tensor":
        x = self.data
        return Tensor._result(np.abs(x), (self,), "abs", lambda g: (g * np.sign(x),))

    def __abs__(self) -> "Tensor":
        return self.abs()

    def sqrt(self) -> "Tensor":
        return self**0.5

    def logsumexp(self, axis: Any = None, keepdims: bool = False, *, dim: Any = None, keepdim: bool | None = None) -> "Tensor":
        axis, keepdims = _axis_arg(axis, dim, default=-1), keepdims if keepdim is None else keepdim
        x = self.data
        # log sum e^x = m + log sum e^(x - m), m = max: the largest exponent is e^0.
        m = np.max(x, axis=axis, keepdims=True)
        m = np.where(np.isfinite(m), m, 0.0)
        lse = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
        out = lse if keepdims else np.squeeze(lse, axis=axis)
        softmax = np.exp(x - lse)  # d lse / dx = softmax(x)
        return Tensor._result(out, (self,), "logsumexp", lambda g: (softmax * _keep(g, x.shape, axis, keepdims),))

    def log_softmax(self, axis: Any = None, *, dim: Any = None) -> "Tensor":
        axis = _axis_arg(axis, dim, default=-1)
        x = self.data
        m = np.max(x, axis=axis, keepdims=True)
        out = x - (m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)))
        softmax = np.exp(out)
        # d/dx_j of log softmax_i = delta_ij - softmax_j
        return Tensor._result(out, (self,), "log_softmax", lambda g: (g - softmax * g.sum(axis=axis, keepdims=True),))

    def softmax(self, axis: Any = None, *, dim: Any = None) -> "Tensor":
        axis = _axis_arg(axis, dim, default=-1)
        x = self.data
        e = np.exp(x - np.max(x, axis=axis, keepdims=True))
        out = e / e.sum(axis=axis, keepdims=True)
        # Jacobian-vector product of softmax: s * (g - sum(g * s))
        return Tensor._result(out, (self,), "softmax", lambda g: (out * (g - (g * out).sum(axis=axis, keepdims=True)),))

    # --------------------------------------------- comparisons (no gradient)
    def _compare(self, other: Any, op: str, fn: Callable) -> "Tensor":
        other_data = other.data if isinstance(other, Tensor) else other
        return Tensor._result(fn(self.data, other_data).astype(self.dtype), (), op, None)

    def __gt__(self, other: Any) -> "Tensor":
        return self._compare(other, ">", np.greater)

    def __lt__(self, other: Any) -> "Tensor":
        return self._compare(other, "<", np.less)

    def __ge__(self, other: Any) -> "Tensor":
        return self._compare(other, ">=", np.greater_equal)

    def __le__(self, other: Any) -> "Tensor":
        return self._compare(other, "<=", np.less_equal)

    def argmax(self, axis: Any = None, *, dim: Any = None) -> np.ndarray:
        """Index of the largest entry: an integer array, with no gradient."""
        return np.argmax(self.data, axis=_axis_arg(axis, dim))

    def argmin(self, axis: Any = None, *, dim: Any = None) -> np.ndarray:
        return np.argmin(self.data, axis=_axis_arg(axis, dim))

    __hash__ = object.__hash__  # tensors are graph nodes: identity, not value, makes them equal


# --------------------------------------------------------------- n-ary functions
def concat(tensors: Sequence[Tensor], axis: int | None = None, *, dim: int | None = None) -> Tensor:
    """Join tensors along an existing axis (torch.cat); axis 0 unless told."""
    axis = _axis_arg(axis, dim, default=0)
    tensors = tuple(t if isinstance(t, Tensor) else Tensor(t) for t in tensors)
    try:
        out = np.concatenate([t.data for t in tensors], axis=axis)
    except ValueError as error:
        raise ShapeError(f"concat: shapes {[t.shape for t in tensors]} cannot be joined along axis {axis} ({error}).") from None
    cuts = np.cumsum([t.shape[axis] for t in tensors])[:-1]
    return Tensor._result(out, tensors, "concat", lambda g: tuple(np.split(g, cuts, axis=axis)))


def stack(tensors: Sequence[Tensor], axis: int | None = None, *, dim: int | None = None) -> Tensor:
    """Join same-shaped tensors along a new axis (torch.stack); axis 0 unless told."""
    axis = _axis_arg(axis, dim, default=0)
    tensors = tuple(t if isinstance(t, Tensor) else Tensor(t) for t in tensors)
    try:
        out = np.stack([t.data for t in tensors], axis=axis)
    except ValueError as error:
        raise ShapeError(f"stack: shapes {[t.shape for t in tensors]} must all be equal ({error}).") from None
    return Tensor._result(out, tensors, "stack", lambda g: tuple(np.moveaxis(g, axis, 0)))


# ------------------------------------------------------------------------ helpers
def _lift(x: Any, like: Tensor) -> Tensor:
    """A number or array as a constant Tensor of `like`'s dtype (Python numbers do not upcast float32)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return Tensor._result(np.asarray(x, dtype=like.dtype), (), "const", None)
    return Tensor._result(_as_array(x, None), (), "const", None)


def _broadcasting(name: str, fn: Callable, a: Tensor, b: Tensor) -> np.ndarray:
    try:
        return fn(a.data, b.data)
    except ValueError:
        raise ShapeError(
            f"{name}: shapes {a.shape} and {b.shape} cannot be broadcast together. Dimensions are matched from the "
            f"right and must be equal or 1; reshape one operand (e.g. x.reshape(-1, 1)) or check the layer sizes."
        ) from None


def _reduce(name: str, fn: Callable, x: np.ndarray, axis: Any, keepdims: bool) -> np.ndarray:
    try:
        return np.asarray(fn(x, axis=axis, keepdims=keepdims))
    except (ValueError, np.exceptions.AxisError) as error:
        raise ShapeError(f"{name}: cannot reduce shape {x.shape} over axis {axis} ({error}).") from None


def _keep(g: np.ndarray, shape: tuple[int, ...], axis: Any, keepdims: bool) -> np.ndarray:
    """Put back the reduced axes (as size 1) so `g` broadcasts against the input's shape."""
    if keepdims or axis is None:
        return np.reshape(g, (1,) * len(shape)) if axis is None and not keepdims else g
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    return np.expand_dims(g, tuple(a % len(shape) for a in axes))


def _stable_sigmoid(x: np.ndarray) -> np.ndarray:
    # 1/(1+e^-x) for x >= 0 and e^x/(1+e^x) for x < 0: exp only ever sees -|x|, so it never overflows.
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)


def _topological_order(root: Tensor) -> list[Tensor]:
    """Every tensor `root` depends on through a gradient, inputs first (iterative: no recursion limit)."""
    order: list[Tensor] = []
    visited: set[Tensor] = set()
    stack_: list[tuple[Tensor, bool]] = [(root, False)]
    while stack_:
        node, inputs_done = stack_.pop()
        if inputs_done:
            order.append(node)
            continue
        # Mark a node when it is expanded, not when it is pushed: in y = x*x + x, x is pushed by y
        # but must still be placed before x*x, which reaches it later. A second push is skipped here.
        if node in visited:
            continue
        visited.add(node)
        stack_.append((node, True))
        # Reversed so the first input is visited first: the same order on every run.
        for parent in reversed(node._prev):
            if parent.requires_grad and parent not in visited:
                stack_.append((parent, False))
    return order


topological_order = _topological_order
