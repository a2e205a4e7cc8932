"""Shape ops: the same numbers, arranged differently (view, reshape, permute, expand, repeat...).

No number changes value, so the backward pass only undoes the rearrangement: reshape g back,
permute it back with the inverse permutation, and where one input number was copied to several
places (expand, repeat), add the gradients of all its copies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import tensor as core  # tensor.py imports this module while it loads: use core.X inside functions only
from .ops_reduce import DimError

if TYPE_CHECKING:
    from .tensor import Tensor

__all__ = ["ShapeOps", "Size"]


class Size(tuple):
    """A tensor's shape, a tuple of ints (like torch.Size)."""

    def __repr__(self) -> str:
        return f"Size({list(self)})"

    def __getitem__(self, index: Any) -> Any:
        picked = tuple.__getitem__(self, index)
        return Size(picked) if isinstance(index, slice) else picked  # x.shape[1:] is a Size, as torch.Size's

    def __add__(self, other: Any) -> "Size":
        return Size(tuple.__add__(self, tuple(other)))

    def numel(self) -> int:
        """How many elements a tensor of this shape has."""
        return int(np.prod(self, dtype=np.int64))


def _sizes(op: str, args: tuple[Any, ...]) -> tuple[int, ...]:
    """f(2, 3) and f((2, 3)) and f([2, 3]) all mean the sizes (2, 3), as in PyTorch."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = tuple(args[0])
    if all(type(n) is int for n in args):  # the common case, quickly
        return args
    for n in args:
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"{op}: sizes and dims must be ints, got {n!r} in {args}.")
    return tuple(int(n) for n in args)


def _dim(op: str, d: Any, ndim: int) -> int:
    """One dim, counted from the end if negative, checked against `ndim` dims (PyTorch's rule)."""
    span = max(ndim, 1)
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or not -span <= d < span:
        raise DimError(f"{op}: dim {d!r} is out of range for a tensor with {ndim} dim(s) (dims go from {-span} to {span - 1}).")
    return int(d) % span


class ShapeOps:
    """Mixin of the Tensor class: shape and layout methods with PyTorch's names."""

    __slots__ = ()

    # --------------------------------------------------------------------- questions
    def size(self, dim: int | None = None) -> Any:
        """The shape as a Size (a tuple), or the length of one dim, like torch.Tensor.size."""
        if dim is None:
            return Size(self._data.shape)
        if self._data.ndim == 0:
            raise DimError(f"size: dim {dim} asked of a 0-d tensor, which has no dims; size() is ().")
        return self._data.shape[_dim("size", dim, self._data.ndim)]

    def dim(self) -> int:
        """The number of dims (0 for a single number)."""
        return self._data.ndim

    def numel(self) -> int:
        """The number of elements."""
        return int(self._data.size)

    def nelement(self) -> int:
        """The number of elements (PyTorch's older name for numel)."""
        return int(self._data.size)

    # ------------------------------------------------------------------- rearranging
    def reshape(self, *shape: Any) -> "Tensor":
        """The same elements in a new shape (one size may be -1: whatever is left), like torch.reshape."""
        shape = _sizes("reshape", shape)
        old = self._data.shape
        try:
            out = self._data.reshape(shape)
        except ValueError:
            raise core.ShapeError(f"reshape: cannot reshape {old} ({self._data.size} elements) into {shape}.") from None
        return core.Tensor._result(out, (self,), "reshape", lambda g: (g.reshape(old),))

    def view(self, *shape: Any) -> "Tensor":
        """The same memory read in another shape, like torch.view: refused where that needs a copy (use reshape)."""
        out = self.reshape(*shape)
        if out._data.size and not np.may_share_memory(out._data, self._data):  # numpy had to copy: no view exists
            raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                               "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
        return out

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> "Tensor":
        """Merge dims start_dim..end_dim into one, like torch.flatten (a 0-d tensor becomes shape (1,))."""
        shape = self._data.shape
        if not shape:
            return self.reshape(1)
        start, end = _dim("flatten", start_dim, len(shape)), _dim("flatten", end_dim, len(shape))
        if start > end:
            raise ValueError(f"flatten: start_dim ({start_dim}) must not come after end_dim ({end_dim}).")
        return self.reshape(shape[:start] + (-1 if 0 not in shape[start:end + 1] else 0,) + shape[end + 1:])

    def unsqueeze(self, dim: int) -> "Tensor":
        """Insert a size-1 dim at `dim` (from -ndim-1 to ndim), like torch.unsqueeze."""
        ndim = self._data.ndim
        if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)) or not -ndim - 1 <= dim <= ndim:
            raise DimError(f"unsqueeze: dim {dim!r} is out of range for shape {tuple(self._data.shape)}: the new dim goes "
                           f"at a place from {-ndim - 1} to {ndim}.")
        d = int(dim) % (ndim + 1)
        shape = self._data.shape
        return self.reshape(shape[:d] + (1,) + shape[d:])

    def squeeze(self, dim: Any = None) -> "Tensor":
        """Remove size-1 dims (all of them, or those in `dim`; a dim of another size stays), like torch.squeeze."""
        shape = self._data.shape
        if dim is None:
            chosen = set(range(len(shape)))
        else:
            chosen = {_dim("squeeze", d, len(shape)) for d in (dim if isinstance(dim, (tuple, list)) else (dim,))}
        return self.reshape(tuple(n for i, n in enumerate(shape) if not (i in chosen and n == 1)))

    def permute(self, *dims: Any) -> "Tensor":
        """Reorder the dims: out's dim i is self's dim dims[i], like torch.permute."""
        ndim = self._data.ndim
        order = tuple(_dim("permute", d, ndim) for d in _sizes("permute", dims)) if ndim else _sizes("permute", dims)
        if sorted(order) != list(range(ndim)):
            raise ValueError(f"permute: {tuple(dims)} must name each of the {ndim} dims exactly once.")
        inverse = tuple(order.index(i) for i in range(ndim))  # undoes the permutation in the backward pass
        return core.Tensor._result(self._data.transpose(order), (self,), "permute", lambda g: (g.transpose(inverse),))

    def transpose(self, *dims: Any) -> "Tensor":
        """transpose(dim0, dim1) swaps two dims (PyTorch); with no arguments, or one tuple, numpy's transpose."""
        ndim = self._data.ndim
        if len(dims) == 2:  # PyTorch's transpose(dim0, dim1): swap two dims
            order = list(range(ndim))
            if ndim:
                a, b = _dim("transpose", dims[0], ndim), _dim("transpose", dims[1], ndim)
                order[a], order[b] = order[b], order[a]
            return self.permute(order)
        if len(dims) == 1 and isinstance(dims[0], (tuple, list)):  # numpy's one tuple: a permutation
            # (checked after the swap: transpose((0, 1)) is numpy's identity, not PyTorch's swap)
            return self.permute(dims[0])
        if dims:
            return self.permute(dims)
        return self.permute(tuple(reversed(range(ndim))))

    @property
    def T(self) -> "Tensor":
        """The dims in reverse order (for a matrix, its transpose)."""
        # reversing the dims twice restores them: the gradient is g reversed
        return core.Tensor._result(self._data.T, (self,), "permute", lambda g: (g.T,))

    def t(self) -> "Tensor":
        """The transpose of a matrix (a 0-d or 1-d tensor is returned as it is), like torch.Tensor.t."""
        if self._data.ndim > 2:
            raise core.ShapeError(f"t(): expects a tensor with at most 2 dims, got shape {tuple(self._data.shape)}; use transpose(dim0, dim1) or permute.")
        return self.T

    # ------------------------------------------------------------ copies of elements
    def expand(self, *sizes: Any) -> "Tensor":
        """Stretch size-1 dims to `sizes` (-1 keeps a dim; new dims in front): a view of self's memory, like torch.expand."""
        sizes = _sizes("expand", sizes)
        shape = self._data.shape
        if len(sizes) < len(shape):
            raise core.ShapeError(f"expand: {sizes} has fewer dims than the tensor's shape {shape}.")
        front = len(sizes) - len(shape)
        target = tuple(n if n != -1 or i < front else shape[i - front] for i, n in enumerate(sizes))
        if any(n == -1 for n in target[:front]):
            raise core.ShapeError(f"expand: -1 is not allowed for a new leading dim, in {sizes}.")
        bad = [i for i in range(len(shape)) if shape[i] != 1 and shape[i] != target[front + i]]
        if bad:
            raise core.ShapeError(
                f"expand: the tensor's shape {shape} cannot be expanded to {sizes}: only dims of size 1 can be "
                f"stretched (dim {bad[0]} has size {shape[bad[0]]}). Use repeat() to copy a dim several times."
            )
        out = np.broadcast_to(self._data, target)  # a view, as torch.expand: no copy, and read-only
        # each input element feeds several outputs: their gradients add up (the reverse of broadcasting)
        return core.Tensor._result(out, (self,), "expand", lambda g: (core._unbroadcast(g, shape),))

    def expand_as(self, other: "Tensor") -> "Tensor":
        """expand to other's shape."""
        return self.expand(other._data.shape)

    def repeat(self, *sizes: Any) -> "Tensor":
        """Tile the tensor sizes[i] times along dim i (extra leading sizes add dims), like torch.Tensor.repeat."""
        reps = _sizes("repeat", sizes)
        shape = self._data.shape
        if len(reps) < len(shape):
            raise core.ShapeError(f"repeat: give at least one count per dim ({len(shape)} for shape {shape}), got {reps}.")
        padded = (1,) * (len(reps) - len(shape)) + shape
        out = np.tile(self._data.reshape(padded), reps)

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            # out viewed as (r0, n0, r1, n1, ...): copy k of element j sits at [k, j]; sum over the copies
            split = g.reshape(tuple(v for r, n in zip(reps, padded) for v in (r, n)))
            return (split.sum(axis=tuple(range(0, split.ndim, 2))).reshape(shape),)

        return core.Tensor._result(out, (self,), "repeat", backward)

    def clone(self) -> "Tensor":
        """A copy that stays in the graph (its gradient flows back to self), like torch.clone."""
        return core.Tensor._result(self._data.copy(), (self,), "clone", lambda g: (g,))

    def flip(self, *dims: Any) -> "Tensor":
        """The elements in reverse order along each of `dims`, like torch.flip (a copy)."""
        axes = tuple(_dim("flip", d, self._data.ndim) for d in _sizes("flip", dims))
        if len(set(axes)) != len(axes):
            raise ValueError(f"flip: dims {axes} name a dim twice.")
        # reversing is its own inverse: the gradient is reversed back
        return core.Tensor._result(np.flip(self._data, axes).copy(), (self,), "flip", lambda g: (np.flip(g, axes),))

    def split(self, split_size_or_sections: Any, dim: int = 0) -> tuple["Tensor", ...]:
        """Pieces along `dim`: of split_size elements each (the last may be shorter), or of the listed sizes."""
        d = _dim("split", dim, self._data.ndim)
        n = self._data.shape[d]
        if isinstance(split_size_or_sections, (list, tuple)):
            sizes = list(_sizes("split", (tuple(split_size_or_sections),)))
            if sum(sizes) != n:
                raise ValueError(f"split: the sizes {sizes} add up to {sum(sizes)}, but dim {dim} has {n} elements.")
        else:
            (size,) = _sizes("split", (split_size_or_sections,))
            if size <= 0:
                raise ValueError(f"split: split_size must be a positive int, got {size}.")
            sizes = [min(size, n - start) for start in range(0, n, size)] or [0]
        return self._pieces(d, sizes)

    def chunk(self, chunks: int, dim: int = 0) -> tuple["Tensor", ...]:
        """At most `chunks` pieces along `dim`, each of ceil(n / chunks) elements (the last may be shorter)."""
        (count,) = _sizes("chunk", (chunks,))
        if count <= 0:
            raise ValueError(f"chunk: chunks must be a positive int, got {count}.")
        n = self._data.shape[_dim("chunk", dim, self._data.ndim)]
        return self.split(max(-(-n // count), 1), dim)  # pieces of ceil(n / chunks)

    def _pieces(self, d: int, sizes: list[int]) -> tuple["Tensor", ...]:
        """Consecutive slices along dim d of the given sizes: views whose gradients land in their slice."""
        starts = np.cumsum([0, *sizes[:-1]])
        before = (slice(None),) * d
        return tuple(self[before + (slice(int(start), int(start) + size),)] for start, size in zip(starts, sizes))

    def tril(self, diagonal: int = 0) -> "Tensor":
        """The lower triangle of the last two dims (on and below the `diagonal`-th diagonal); zeros above."""
        return _triangle(self, "tril", np.tril, diagonal)

    def triu(self, diagonal: int = 0) -> "Tensor":
        """The upper triangle of the last two dims (on and above the `diagonal`-th diagonal); zeros below."""
        return _triangle(self, "triu", np.triu, diagonal)

    def diag(self, diagonal: int = 0) -> "Tensor":
        """Of a vector: the square matrix with it on the `diagonal`-th diagonal; of a matrix: that diagonal."""
        x = self._data
        k = int(diagonal)
        if x.ndim == 1:
            # out[i, i + k] = x[i]: the gradient reads that diagonal back
            return core.Tensor._result(np.diag(x, k), (self,), "diag", lambda g: (np.diagonal(g, k).copy(),))
        if x.ndim != 2:
            raise ValueError(f"diag: expects a vector or a matrix, got a tensor of shape {tuple(x.shape)}.")
        out = np.diagonal(x, k).copy()
        rows = np.arange(len(out)) + max(-k, 0)
        cols = np.arange(len(out)) + max(k, 0)

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            grad = np.zeros(x.shape, dtype=g.dtype)
            grad[rows, cols] = g  # out[j] = x[rows[j], cols[j]]
            return (grad,)

        return core.Tensor._result(out, (self,), "diag", backward)

    def contiguous(self) -> "Tensor":
        """self if its numbers lie in memory row after row, else a copy that does (as PyTorch: t().contiguous())."""
        if self._data.flags.c_contiguous:
            return self
        return core.Tensor._result(np.ascontiguousarray(self._data), (self,), "contiguous", lambda g: (g,))

    def is_contiguous(self) -> bool:
        """Whether the numbers lie in memory row after row (False for t(), permute and strided slices: views)."""
        return bool(self._data.flags.c_contiguous)

    def stride(self, dim: int | None = None) -> Any:
        """Steps in memory between neighbours along each dim, counted in elements (as PyTorch's stride())."""
        steps = tuple(s // self._data.itemsize for s in self._data.strides)
        return steps if dim is None else steps[_dim("stride", dim, self._data.ndim)]


def _triangle(x: "Tensor", op: str, fn: Any, diagonal: int) -> "Tensor":
    """fn (np.tril or np.triu) of x's last two dims; the gradient passes through the kept triangle only."""
    if x._data.ndim < 2:
        raise ValueError(f"{op}: input tensor must have at least 2 dimensions, got shape {tuple(x._data.shape)}.")
    if isinstance(diagonal, bool) or not isinstance(diagonal, (int, np.integer)):
        raise TypeError(f"{op}: diagonal must be an int, got {diagonal!r}.")
    k = int(diagonal)
    return core.Tensor._result(fn(x._data, k), (x,), op, lambda g: (fn(g, k),))
