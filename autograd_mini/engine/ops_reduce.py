"""Reductions: ops that collapse one or more dims of a Tensor (sum, mean, max, std, softmax...).

Every op here follows the engine's recipe (compute `out`, its local derivative, attach with
`Tensor._result`). The one idea they share: a reduced dim is summed away in the forward pass, so in
the backward pass the gradient g, one number per output element, is put back along that dim (as a
size-1 axis, `kept`) and broadcast over every input element that fed it, times that element's
local derivative.

`dim` is PyTorch's: one int, a tuple of ints, or None for all dims; `keepdim=True` keeps the
reduced dims as size 1. numpy's `axis=` / `keepdims=` are accepted as aliases, as PyTorch does.
A 0-d tensor has one dim for this purpose, 0 (or -1), as in PyTorch.
"""

from __future__ import annotations

import math
from collections import namedtuple
from typing import TYPE_CHECKING, Any

import numpy as np

from . import tensor as core  # tensor.py imports this module while it loads: use core.X inside functions only

if TYPE_CHECKING:
    from .tensor import Tensor

__all__ = ["ReductionOps", "ValuesIndices", "DimError", "reduction_dims", "kept_shape", "reduced_shape"]


def _values_indices(op: str) -> type:
    # like torch.return_types.max: a named pair that unpacks as `values, indices = x.max(dim=1)`
    pair = namedtuple(op, ["values", "indices"])
    pair.__doc__ = f"The result of {op}(dim): the values and their int64 indices along dim."
    return pair


ValuesIndices = {op: _values_indices(op) for op in ("max", "min", "sort", "topk")}


class DimError(IndexError, ValueError):
    """A dim outside the tensor's dims: an IndexError, as in PyTorch (and a ValueError, like ShapeError)."""


def reduction_dims(op: str, dim: Any, shape: tuple[int, ...], axis: Any = None) -> tuple[int, ...] | None:
    """PyTorch's `dim` (or numpy's `axis`) as sorted non-negative dims of `shape`; None means every dim."""
    if type(dim) is int and axis is None and -len(shape) <= dim < len(shape):  # the common case, quickly
        return (dim % len(shape),)
    if axis is not None:
        if dim is not None:
            raise TypeError(f"{op}: give either axis= or dim= (they mean the same), not both.")
        dim = axis
    if dim is None:
        return None
    dims = tuple(dim) if isinstance(dim, (tuple, list)) else (dim,)
    if not dims:  # dim=() reduces every dim, as in PyTorch
        return None
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, (int, np.integer)):
            raise TypeError(f"{op}: dim must be an int or a tuple of ints, not {d!r}.")
    ndim = len(shape)
    span = max(ndim, 1)  # a 0-d tensor accepts dim 0 and -1, as in PyTorch
    bad = [d for d in dims if not -span <= d < span]
    if bad:
        raise DimError(
            f"{op}: cannot reduce shape {shape} over axis {bad[0]}: the dims of this tensor go from "
            f"{-span} to {span - 1} (count from 0, or from -1 at the end)."
        )
    if ndim == 0:
        return None
    normal = tuple(sorted(int(d) % ndim for d in dims))
    if len(set(normal)) != len(normal):
        raise ValueError(f"{op}: dim {dims} names the same dim twice.")
    return normal


def kept_shape(shape: tuple[int, ...], dims: tuple[int, ...] | None) -> tuple[int, ...]:
    """`shape` with the reduced dims set to 1: where the gradient of a reduction is broadcast from."""
    if dims is None:
        return (1,) * len(shape)
    return tuple(1 if i in dims else n for i, n in enumerate(shape))


def reduced_shape(shape: tuple[int, ...], dims: tuple[int, ...] | None) -> tuple[int, ...]:
    """`shape` without the reduced dims: the shape of a reduction's result when keepdim is False."""
    return tuple(n for i, n in enumerate(shape) if dims is not None and i not in dims)


def _alias(op: str, dim: Any, axis: Any, default: Any = None) -> Any:
    """dim, or numpy's axis= given instead (PyTorch accepts both); `default` when neither is given."""
    if axis is None:
        return default if dim is None else dim
    if dim is not None and dim != ():
        raise TypeError(f"{op}: give either axis= or dim= (they mean the same), not both.")
    return axis


def _keepdim(keepdim: bool, keepdims: bool | None) -> bool:
    return bool(keepdim if keepdims is None else keepdims)


def _one_dim(op: str, dim: Any, shape: tuple[int, ...]) -> int | None:
    """A single dim for ops that take one (max(dim), cumsum, sort...): an int in [0, ndim), None for 0-d."""
    if isinstance(dim, (tuple, list)):
        hint = f" For several dims use a{op}(dim=...)." if op in ("max", "min") else ""
        raise TypeError(f"{op}: dim must be one int here, not {dim!r}.{hint}")
    dims = reduction_dims(op, dim, shape)
    return None if dims is None else dims[0]


def _needs_float(op: str, t: "Tensor") -> None:
    if t._data.dtype.kind != "f":
        raise TypeError(
            f"{op}: needs a floating-point tensor, but this one has dtype {t._data.dtype}. "
            f"Convert it first, e.g. t.float() or t.double()."
        )


def _index_tensor(indices: np.ndarray) -> "Tensor":
    return core.Tensor._result(np.asarray(indices, dtype=np.int64), (), "index", None)


def _refuse_empty(op: str, x: np.ndarray, dims: "tuple[int, ...] | None") -> None:
    """PyTorch's error for the largest (or smallest) of no numbers; numpy's names its own internals instead."""
    if x.size == 0 and (dims is None or any(x.shape[d] == 0 for d in dims)):
        where = "" if dims is None else f" (dim {dims[0] if len(dims) == 1 else dims} has size 0)"
        error = RuntimeError if dims is None and not op.startswith("arg") else IndexError  # (PyTorch's two kinds)
        raise error(f"{op}(): the tensor of shape {tuple(x.shape)} is empty{where}, so it has no {op}. Specify a "
                         f"dim of non-zero size, or check the selection that produced the empty tensor.")


class ReductionOps:
    """Mixin of the Tensor class: the reductions, as methods with PyTorch's names and arguments."""

    __slots__ = ()

    # ---------------------------------------------------------------- sums and means
    def sum(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """Sum over `dim` (all dims by default), like torch.sum."""
        x = self._data
        dims = None if dim is None and axis is None else reduction_dims("sum", dim, x.shape, axis)
        shape, kept = x.shape, kept_shape(x.shape, dims)
        out = np.asarray(np.sum(x, axis=dims, keepdims=keepdim if keepdims is None else keepdims))
        # Every input element feeds its sum once: d sum / dx = 1, so g is spread back unchanged.
        return core.Tensor._result(out, (self,), "sum", lambda g: (np.broadcast_to(g.reshape(kept), shape),))

    def mean(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """Mean over `dim` (all dims by default), like torch.mean."""
        x = self._data
        if x.dtype.kind != "f":
            _needs_float("mean", self)
        dims = None if dim is None and axis is None else reduction_dims("mean", dim, x.shape, axis)
        shape, kept = x.shape, kept_shape(x.shape, dims)
        total = np.asarray(np.sum(x, axis=dims, keepdims=keepdim if keepdims is None else keepdims))
        count = x.size // total.size if total.size and x.size else math.prod(n for n, k in zip(shape, kept) if k == 1)
        if count:
            out = total / count
        else:
            with np.errstate(invalid="ignore"):  # the mean of nothing is nan, as in PyTorch
                out = total / count
        # d mean / dx = 1/count for each of the `count` elements averaged
        return core.Tensor._result(out, (self,), "mean", lambda g: (np.broadcast_to(g.reshape(kept) / count, shape),))

    def var(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: float | None = None, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """Variance sum((x - mean)^2) / (N - correction); correction=1 (unbiased) by default, like torch.var."""
        dev, divisor, dims, keep = self._spread("var", dim, unbiased, correction, axis, keepdim, keepdims)
        with np.errstate(invalid="ignore", divide="ignore"):  # N <= correction: 0/0 = nan, as in PyTorch
            out = np.asarray(np.sum(dev * dev, axis=dims, keepdims=keep) / divisor)
        kept = kept_shape(dev.shape, dims)

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            # d var / dx_i = 2 (x_i - mean) / (N - correction)  (the mean's own dependence on x_i sums to 0)
            with np.errstate(invalid="ignore", divide="ignore"):
                return (g.reshape(kept) * (2 * dev / divisor),)

        return core.Tensor._result(out, (self,), "var", backward)

    def std(self, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, *,
            correction: float | None = None, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """Standard deviation sqrt(var); correction=1 (unbiased) by default, like torch.std."""
        dev, divisor, dims, keep = self._spread("std", dim, unbiased, correction, axis, keepdim, keepdims)
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.asarray(np.sqrt(np.sum(dev * dev, axis=dims, keepdims=keep) / divisor))
        kept = kept_shape(dev.shape, dims)
        std_kept = out.reshape(kept)

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            # d std / dx_i = (x_i - mean) / ((N - correction) std); 0 where std = 0, as PyTorch does
            with np.errstate(invalid="ignore", divide="ignore"):
                per_std = np.where(std_kept == 0, 0.0, g.reshape(kept) / std_kept).astype(dev.dtype, copy=False)
                return (per_std * dev / divisor,)

        return core.Tensor._result(out, (self,), "std", backward)

    def _spread(self, op: str, dim: Any, unbiased: bool | None, correction: float | None, axis: Any,
                keepdim: bool, keepdims: bool | None) -> tuple[np.ndarray, float, tuple[int, ...] | None, bool]:
        """What var and std share: deviations from the mean, the divisor N - correction, dims, keepdim."""
        _needs_float(op, self)
        if isinstance(dim, bool):  # torch's x.std(False): the old positional `unbiased`
            dim, unbiased = None, dim
        if unbiased is not None and correction is not None:
            raise TypeError(f"{op}: give unbiased= or correction=, not both (unbiased=False is correction=0).")
        c = correction if correction is not None else (0 if unbiased is False else 1)
        x = self._data
        dims = reduction_dims(op, dim, x.shape, axis)
        count = math.prod(x.shape) // max(math.prod(kept_shape(x.shape, dims)), 1) if x.shape else 1
        dev = x - np.mean(x, axis=dims, keepdims=True)
        return dev, max(count - c, 0), dims, _keepdim(keepdim, keepdims)

    def prod(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """Product over one `dim` (all elements by default), like torch.prod; exact gradients at zeros."""
        x = self._data
        d = _one_dim("prod", _alias("prod", dim, axis), x.shape)
        keep = _keepdim(keepdim, keepdims)
        shape = x.shape
        line = x.reshape(-1) if d is None else x  # no dim: the product of every element, along one line
        along = 0 if d is None else d
        out = np.asarray(np.prod(line, axis=along, keepdims=keep and d is not None))
        if d is None and keep:
            out = out.reshape((1,) * x.ndim)

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            # d prod / dx_i = product of all the other elements: left and right running products
            # (exact where some x_j = 0, unlike prod / x_i)
            others = _product_of_others(line, along).reshape(shape)
            return (g.reshape(kept_shape(shape, None if d is None else (d,))) * others,)

        return core.Tensor._result(out, (self,), "prod", backward)

    def cumsum(self, dim: int) -> "Tensor":
        """Running sum along `dim`, like torch.cumsum."""
        d = _one_dim("cumsum", dim, self._data.shape)
        if d is None:  # 0-d: the running sum of one number is the number
            return core.Tensor._result(self._data.copy(), (self,), "cumsum", lambda g: (g,))
        out = _running_sum(self._data, d)
        # out_j = sum_{i <= j} x_i, so d loss / dx_i = sum_{j >= i} g_j: a running sum from the end
        return core.Tensor._result(out, (self,), "cumsum", lambda g: (np.flip(_running_sum(np.flip(g, d), d), d),))

    def norm(self, p: float | str = 2, dim: Any = None, keepdim: bool = False) -> "Tensor":
        """The p-norm `(sum |x|^p)^(1/p)` over `dim` (all by default); p = 1, 2, any p >= 1, inf, -inf or 0."""
        _needs_float("norm", self)
        p = 2.0 if p == "fro" else p
        if isinstance(p, str) or isinstance(p, bool) or not (p >= 1 or p == 0 or p == -math.inf):
            raise ValueError(f"norm: p must be a number >= 1, 0, inf or -inf (or 'fro'), not {p!r}.")
        x = self._data
        dims = reduction_dims("norm", dim, x.shape)
        kept = kept_shape(x.shape, dims)
        a = np.abs(x)
        if math.isinf(p):
            extreme = np.max if p > 0 else np.min
            out = np.asarray(extreme(a, axis=dims, keepdims=True))
            winners = a == out
            # only the largest (smallest) |x_i| counts: d/dx_i = sign(x_i), shared among ties, as PyTorch does
            local = np.sign(x) * winners / np.sum(winners, axis=dims, keepdims=True)
        elif p == 0:
            out = np.asarray(np.sum(a != 0, axis=dims, keepdims=True), dtype=x.dtype)
            local = np.zeros_like(x)  # a count of nonzero elements: flat
        else:
            with np.errstate(over="ignore"):
                out = np.asarray(np.sum(a**p, axis=dims, keepdims=True) ** (1.0 / p))
            with np.errstate(invalid="ignore", divide="ignore"):
                # d/dx_i (sum |x|^p)^(1/p) = sign(x_i) |x_i|^(p-1) / norm^(p-1)  (p = 2: x_i / norm);
                # 0 where x_i = 0 (p = 1 included) and where norm = 0, as PyTorch does
                local = np.where(out == 0, 0.0, np.sign(x) * a ** (p - 1) / out ** (p - 1))
        local = local.astype(x.dtype, copy=False)
        result = out if keepdim else out.reshape(reduced_shape(x.shape, dims))
        return core.Tensor._result(result.astype(x.dtype, copy=False), (self,), "norm", lambda g: (g.reshape(kept) * local,))

    # ------------------------------------------------------------------ max and min
    def amax(self, dim: Any = (), keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """Largest value over `dim` (all dims by default); ties share the gradient evenly, like torch.amax."""
        return self._even_extreme("amax", np.max, _alias("amax", dim, axis), _keepdim(keepdim, keepdims))

    def amin(self, dim: Any = (), keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """Smallest value over `dim` (all dims by default); ties share the gradient evenly, like torch.amin."""
        return self._even_extreme("amin", np.min, _alias("amin", dim, axis), _keepdim(keepdim, keepdims))

    def max(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> Any:
        """max(): the largest value (0-d); max(dim): (values, indices) along dim; max(other): maximum."""
        return self._extreme("max", np.max, np.argmax, _alias("max", dim, axis), _keepdim(keepdim, keepdims))

    def min(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> Any:
        """min(): the smallest value (0-d); min(dim): (values, indices) along dim; min(other): minimum."""
        return self._extreme("min", np.min, np.argmin, _alias("min", dim, axis), _keepdim(keepdim, keepdims))

    def _extreme(self, op: str, fn: Any, arg_fn: Any, dim: Any, keepdim: bool) -> Any:
        if isinstance(dim, core.Tensor):  # torch.max(a, b) is the elementwise maximum
            return self.maximum(dim) if op == "max" else self.minimum(dim)
        if dim is None:  # over every element: ties share the gradient, as torch's max() does
            return self._even_extreme(op, fn, None, False)
        x = self._data
        d = _one_dim(op, dim, x.shape)
        _refuse_empty(op, x, None if d is None else (d,))
        if d is None:  # 0-d: the value itself, at index 0
            values = core.Tensor._result(x.copy(), (self,), op, lambda g: (g,))
            return ValuesIndices[op](values, _index_tensor(np.zeros((), dtype=np.int64)))
        winner = arg_fn(x, axis=d, keepdims=True)  # the first extreme element along d, as PyTorch picks
        out = np.take_along_axis(x, winner, axis=d)
        shape = x.shape

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            # the gradient goes to the returned index only (torch.max(dim) does not share it among ties)
            grad = np.zeros(shape, dtype=g.dtype)
            np.put_along_axis(grad, winner, g.reshape(out.shape), axis=d)
            return (grad,)

        values = core.Tensor._result(out if keepdim else np.squeeze(out, d), (self,), op, backward)
        return ValuesIndices[op](values, _index_tensor(winner if keepdim else np.squeeze(winner, d)))

    def _even_extreme(self, op: str, fn: Any, dim: Any, keepdim: bool) -> "Tensor":
        x = self._data
        dims = reduction_dims(op, dim, x.shape)
        _refuse_empty(op, x, dims)
        kept = kept_shape(x.shape, dims)
        out = np.asarray(fn(x, axis=dims, keepdims=True))
        winners = x == out
        if op in ("max", "min") and x.dtype.kind == "f" and np.isnan(out).any():
            winners = np.isnan(x)  # torch's max(): a nan is the largest, and its NaNs share the gradient (amax: nan)
        # d max / dx_i = 1 for the largest element; k tied elements get 1/k each (a nan max: nan, no warning)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = (winners / np.sum(winners, axis=dims, keepdims=True)).astype(x.dtype, copy=False)
        result = out if keepdim else out.reshape(reduced_shape(x.shape, dims))
        return core.Tensor._result(result, (self,), op, lambda g: (share * g.reshape(kept),))

    def argmax(self, dim: int | None = None, keepdim: bool = False, *, axis: int | None = None,
               keepdims: bool | None = None) -> "Tensor":
        """Index of the largest entry (of the flattened tensor when dim is None): an int64 Tensor."""
        return self._arg_extreme("argmax", np.argmax, _alias("argmax", dim, axis), _keepdim(keepdim, keepdims))

    def argmin(self, dim: int | None = None, keepdim: bool = False, *, axis: int | None = None,
               keepdims: bool | None = None) -> "Tensor":
        """Index of the smallest entry (of the flattened tensor when dim is None): an int64 Tensor."""
        return self._arg_extreme("argmin", np.argmin, _alias("argmin", dim, axis), _keepdim(keepdim, keepdims))

    def _arg_extreme(self, op: str, fn: Any, dim: Any, keepdim: bool) -> "Tensor":
        x = self._data
        d = _one_dim(op, dim, x.shape)
        _refuse_empty(op, x, None if d is None else (d,))
        if d is None:
            out = np.asarray(fn(x))
            out = out.reshape((1,) * x.ndim) if keepdim else out
        else:
            out = fn(x, axis=d, keepdims=keepdim)
        return core.Tensor._result(np.asarray(out, dtype=np.int64), (), op, None)

    # ------------------------------------------------------------ logical reductions
    def all(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """Whether every element (along `dim`) is nonzero: a bool Tensor, like torch.all (NaN counts as true)."""
        return self._truth_reduction("all", np.all, dim, keepdim, axis, keepdims)

    def any(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """Whether some element (along `dim`) is nonzero: a bool Tensor, like torch.any (NaN counts as true)."""
        return self._truth_reduction("any", np.any, dim, keepdim, axis, keepdims)

    def _truth_reduction(self, op: str, fn: Any, dim: Any, keepdim: bool, axis: Any, keepdims: bool | None) -> "Tensor":
        x = self._data
        dims = None if dim is None and axis is None else reduction_dims(op, dim, x.shape, axis)
        out = np.asarray(fn(x != 0, axis=dims, keepdims=_keepdim(keepdim, keepdims)))
        return core.Tensor._result(out, (), op, None)  # true/false has no gradient

    # ----------------------------------------------------------- the softmax family
    def logsumexp(self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: bool | None = None) -> "Tensor":
        """log(sum(exp(x))) over `dim`, computed without overflow, like torch.logsumexp."""
        _needs_float("logsumexp", self)
        x = self._data
        if dim is None and axis is None:  # PyTorch requires a dim; the last one here, like softmax
            dim = -1
        dims, keep = reduction_dims("logsumexp", dim, x.shape, axis), _keepdim(keepdim, keepdims)
        kept = kept_shape(x.shape, dims)
        # log sum e^x = m + log sum e^(x - m), m = max: the largest exponent is e^0
        m = np.max(x, axis=dims, keepdims=True)
        m = np.where(np.isfinite(m), m, 0.0).astype(x.dtype, copy=False)
        with np.errstate(divide="ignore"):
            lse = m + np.log(np.sum(np.exp(x - m), axis=dims, keepdims=True))
        out = lse if keep else lse.reshape(reduced_shape(x.shape, dims))
        softmax = np.exp(x - lse)  # d lse / dx = softmax(x)
        return core.Tensor._result(out, (self,), "logsumexp", lambda g: (softmax * g.reshape(kept),))

    def log_softmax(self, dim: int | None = None, *, axis: int | None = None) -> "Tensor":
        """log(softmax(x)) along `dim` (the last by default), computed without overflow."""
        _needs_float("log_softmax", self)
        x = self._data
        d = _one_dim("log_softmax", _alias("log_softmax", dim, axis, default=-1), x.shape)
        m = np.max(x, axis=d, keepdims=True)
        out = x - (m + np.log(np.sum(np.exp(x - m), axis=d, keepdims=True)))
        softmax = np.exp(out)
        # d/dx_j of log softmax_i = delta_ij - softmax_j
        return core.Tensor._result(out, (self,), "log_softmax", lambda g: (g - softmax * g.sum(axis=d, keepdims=True),))

    def softmax(self, dim: int | None = None, *, axis: int | None = None) -> "Tensor":
        """exp(x) / sum(exp(x)) along `dim` (the last by default), computed without overflow."""
        _needs_float("softmax", self)
        x = self._data
        d = _one_dim("softmax", _alias("softmax", dim, axis, default=-1), x.shape)
        e = np.exp(x - np.max(x, axis=d, keepdims=True))
        out = e / e.sum(axis=d, keepdims=True)
        # Jacobian-vector product of softmax: s * (g - sum(g * s))
        return core.Tensor._result(out, (self,), "softmax", lambda g: (out * (g - (g * out).sum(axis=d, keepdims=True)),))


def _product_of_others(x: np.ndarray, axis: int) -> np.ndarray:
    """For each element, the product of every other element along `axis` (no division, so exact at zeros)."""
    moved = np.moveaxis(x, axis, -1)
    left, right = np.ones_like(moved), np.ones_like(moved)
    left[..., 1:] = np.cumprod(moved[..., :-1], axis=-1)  # x_0 ... x_{i-1}
    right[..., :-1] = np.flip(np.cumprod(np.flip(moved[..., 1:], -1), axis=-1), -1)  # x_{i+1} ... x_{n-1}
    return np.moveaxis(left * right, -1, axis)


def _running_sum(x: np.ndarray, axis: int) -> np.ndarray:
    """np.cumsum, with float32 added up in float64 (as accurate as PyTorch's: 1e5 x 0.1 gives 10000.0, not 9998.56)."""
    if x.dtype == np.float32:
        return np.cumsum(x, axis=axis, dtype=np.float64).astype(np.float32)
    return np.cumsum(x, axis=axis)
