"""Selection and joining: ops that pick elements by index (sort, topk, gather) or join tensors (cat, stack).

A picked element is passed through unchanged, so its local derivative is 1 and the backward pass
puts g back where the element came from (a scatter); every element that was not picked gets 0.
Joining is the reverse: the gradient of the joined tensor is cut back into one piece per input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from . import tensor as core  # tensor.py imports this module while it loads: use core.X inside functions only
from .dtypes import common_dtype
from .ops_reduce import ValuesIndices, _index_tensor, _one_dim

if TYPE_CHECKING:
    from .tensor import Tensor

__all__ = ["SelectionOps", "concat", "cat", "stack"]


class SelectionOps:
    """Mixin of the Tensor class: sort, topk and gather, with PyTorch's names and arguments."""

    __slots__ = ()

    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> Any:
        """(values, indices) sorted along `dim`; equal elements keep their order (a stable sort)."""
        x = self._data
        d = _one_dim("sort", dim, x.shape)
        if d is None:  # 0-d: one element, already sorted
            return ValuesIndices["sort"](self._picked("sort", x.copy(), None, None), _index_tensor(np.zeros((), np.int64)))
        order = _stable_order(x, d, descending)
        return ValuesIndices["sort"](self._picked("sort", np.take_along_axis(x, order, axis=d), order, d), _index_tensor(order))

    def argsort(self, dim: int = -1, descending: bool = False, stable: bool = False) -> "Tensor":
        """The indices that sort `dim` (int64): sort(...).indices; equal elements keep their order."""
        x = self._data
        d = _one_dim("argsort", dim, x.shape)
        order = np.zeros((), np.int64) if d is None else _stable_order(x, d, descending)
        return core.Tensor._result(np.asarray(order, dtype=np.int64), (), "argsort", None)

    def nonzero(self, *, as_tuple: bool = False) -> Any:
        """The indices of the nonzero elements: one (count, ndim) int64 tensor, or one index tensor per dim (as_tuple)."""
        x = self._data
        if as_tuple:
            return tuple(core.Tensor._result(i, (), "nonzero", None) for i in np.nonzero(np.atleast_1d(x)))
        return core.Tensor._result(np.argwhere(x), (), "nonzero", None)

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:  # noqa: A002
        """(values, indices) of the k largest (or smallest) elements along `dim`, largest first."""
        x = self._data
        d = _one_dim("topk", dim, x.shape)
        length = 1 if d is None else x.shape[d]
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k <= length:
            raise ValueError(f"topk: k must be an int from 0 to {length} (the size of dim {dim}), not {k!r}.")
        if d is None:  # 0-d: its one element
            if k != 1:
                raise ValueError("topk: a 0-d tensor has one element, so k must be 1.")
            return ValuesIndices["topk"](self._picked("topk", x.copy(), None, None), _index_tensor(np.zeros((), np.int64)))
        order = np.take(_stable_order(x, d, descending=largest), np.arange(k), axis=d)
        return ValuesIndices["topk"](self._picked("topk", np.take_along_axis(x, order, axis=d), order, d), _index_tensor(order))

    def _picked(self, op: str, out: np.ndarray, order: np.ndarray | None, d: int | None) -> "Tensor":
        """The picked values, whose gradient goes back to the place each one was picked from."""
        shape = self._data.shape

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            if order is None:
                return (g,)
            grad = np.zeros(shape, dtype=g.dtype)
            np.put_along_axis(grad, order, g, axis=d)  # d out_j / d x_order[j] = 1; no element is picked twice
            return (grad,)

        return core.Tensor._result(out, (self,), op, backward)

    def gather(self, dim: int, index: Any) -> "Tensor":
        """out[i][j] = self[index[i][j]][j] for dim 0 (and so on for other dims), like torch.gather."""
        x = self._data
        idx = _int_index("gather", index)
        if idx.ndim != x.ndim:
            raise core.ShapeError(f"gather: index needs as many dims as the tensor ({x.ndim}), but has shape {tuple(idx.shape)}.")
        if x.ndim == 0:
            return self.reshape(1).gather(0, idx.reshape(1)).reshape(())
        d = _one_dim("gather", dim, x.shape)
        too_big = [i for i in range(x.ndim) if i != d and idx.shape[i] > x.shape[i]]
        if too_big:
            raise core.ShapeError(
                f"gather: index shape {tuple(idx.shape)} is larger than the tensor's shape {tuple(x.shape)} in dim {too_big[0]} "
                f"(only dim {d}, the one gathered along, may differ)."
            )
        if idx.size and (idx.min() < 0 or idx.max() >= x.shape[d]):
            bad = idx[(idx < 0) | (idx >= x.shape[d])].flat[0]
            raise IndexError(f"gather: index {bad} is out of range for dim {d} of size {x.shape[d]} (indices go from 0 to {x.shape[d] - 1}).")
        # every other dim of the output follows the output's own position: an open grid of coordinates
        where = list(np.ix_(*(np.arange(n) for n in idx.shape)))
        where[d] = idx
        where = tuple(where)
        shape = x.shape

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            grad = np.zeros(shape, dtype=g.dtype)
            np.add.at(grad, where, g)  # add.at: an element gathered twice receives both gradients
            return (grad,)

        return core.Tensor._result(x[where], (self,), "gather", backward)


def _stable_order(x: np.ndarray, d: int, descending: bool) -> np.ndarray:
    """Indices that sort x along d, equal elements in their original order (nan counts as the largest)."""
    if not descending:
        return np.argsort(x, axis=d, kind="stable")
    # Largest first, ties still in their original order: sort the reversed line, then reverse back.
    n = x.shape[d]
    return n - 1 - np.flip(np.argsort(np.flip(x, d), axis=d, kind="stable"), d)


def _int_index(op: str, index: Any) -> np.ndarray:
    data = index._data if isinstance(index, core.Tensor) else np.asarray(index)
    if data.dtype.kind not in "iu":
        raise TypeError(f"{op}: index must be an integer (int64) tensor, not one of dtype {data.dtype}. Use index.long().")
    return data


# ------------------------------------------------------------------------------- joining tensors
def concat(tensors: Sequence["Tensor"], dim: int = 0, *, axis: int | None = None) -> "Tensor":
    """Join tensors along an existing dim (torch.cat); dim 0 unless told."""
    dim = dim if axis is None else axis
    tensors, out = _join("concat", np.concatenate, tensors, dim, f"cannot be joined along axis {dim}")
    cuts = np.cumsum([t.shape[dim] for t in tensors])[:-1]
    # d out / d piece = 1 on the piece's own slice: cut g back at the seams
    return core.Tensor._result(out, tensors, "concat", lambda g: _as_inputs(np.split(g, cuts, axis=dim), tensors))


cat = concat


def stack(tensors: Sequence["Tensor"], dim: int = 0, *, axis: int | None = None) -> "Tensor":
    """Join same-shaped tensors along a new dim (torch.stack); dim 0 unless told."""
    dim = dim if axis is None else axis
    tensors, out = _join("stack", np.stack, tensors, dim, "must all be equal")
    # d out / d piece = 1 on the piece's own slice of the new dim
    return core.Tensor._result(out, tensors, "stack", lambda g: _as_inputs(np.moveaxis(g, dim, 0), tensors))


def _join(op: str, combine: Any, tensors: Sequence[Any], dim: int, problem: str) -> tuple[tuple["Tensor", ...], np.ndarray]:
    tensors = tuple(t if isinstance(t, core.Tensor) else core.Tensor(t) for t in tensors)
    if not tensors:
        raise ValueError(f"{op}: needs a non-empty list of tensors.")
    arrays = [t._data for t in tensors]
    try:
        return tensors, combine(arrays, axis=dim, dtype=common_dtype(arrays))  # int64 with float32: float32
    except (ValueError, np.exceptions.AxisError) as error:
        raise core.ShapeError(f"{op}: shapes {[tuple(t._data.shape) for t in tensors]} {problem} ({error}).") from None


def _as_inputs(pieces: Any, tensors: tuple["Tensor", ...]) -> tuple[np.ndarray, ...]:
    """Each piece of the gradient in its input's dtype (a float32 input joined to float64 keeps float32)."""
    return tuple(piece.astype(t._data.dtype, copy=False) for piece, t in zip(pieces, tensors))
