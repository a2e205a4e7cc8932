"""`DataArray`: what `tensor.data` hands out, the tensor's numpy array with PyTorch's names made safe.

In PyTorch `t.data` is a Tensor; here it is the numpy array holding the numbers (sharing their
memory, so `w.data -= lr * w.grad` updates w). numpy and PyTorch use some method names for
different things, and old PyTorch code calls them on `.data`: `out.data.max(1)[1]` is the predicted
class in PyTorch but the second maximum value in numpy. A DataArray is a numpy array in every way
except those names, where it raises and says which to write; a name numpy lacks (`cpu()`,
`numpy()`, `normal_()`, `zero_()`, ...) acts as on `t.detach()`, which shares the same memory.
numpy's own functions (`np.std(t.data)`, `np.sort(t.data)`) get the plain array and mean numpy's thing.
"""

from __future__ import annotations

import site
import sys
import sysconfig
from typing import Any

import numpy as np

__all__ = ["DataArray"]

# numpy's keyword for PyTorch's, where the meaning is the same
_TORCH_KEYWORDS = {"dim": "axis", "keepdim": "keepdims"}


def _numpy_keywords(kwargs: dict[str, Any]) -> dict[str, Any]:
    """sum(dim=1, keepdim=True) as numpy's sum(axis=1, keepdims=True)."""
    return {_TORCH_KEYWORDS.get(k, k): v for k, v in kwargs.items()}


def _torch_positionals(args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """sum(1, True), PyTorch's (dim, keepdim): numpy reads a second positional as a dtype (or out)."""
    if len(args) >= 2 and isinstance(args[1], (bool, np.bool_)):
        kwargs = {**kwargs, "keepdims": bool(args[1])}
        args = args[:1] + args[2:]
    return args, _numpy_keywords(kwargs)


def _reduction_with_torch_keywords(name: str) -> Any:
    """numpy's ndarray method `name`, reading PyTorch's dim= and keepdim= (also positional) as axis= and keepdims=."""
    numpy_method = getattr(np.ndarray, name)

    def method(self: np.ndarray, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = _torch_positionals(args, kwargs)
        return numpy_method(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"numpy's {name}; dim= and keepdim= (also positional) are read as axis= and keepdims=."
    return method


def _plain(x: Any) -> Any:
    """x with every DataArray in it (also inside lists and tuples) as a plain numpy array on the same memory."""
    if isinstance(x, DataArray):
        return np.ndarray.view(x, np.ndarray)
    if type(x) in (list, tuple):
        return type(x)(_plain(item) for item in x)
    return x


# Code installed as a library (numpy, matplotlib, ...) and the standard library were written for numpy:
# an array of ours reaching them keeps numpy's meaning of every method.
_LIBRARY_FOLDERS = tuple({*(sysconfig.get_paths()[key] for key in ("purelib", "platlib", "stdlib", "platstdlib")),
                          *site.getsitepackages(), site.getusersitepackages()})


def _called_by_library(depth: int = 2) -> bool:
    """Whether the code that called the DataArray method `depth` frames up is a library's (not the learner's)."""
    return sys._getframe(depth).f_code.co_filename.startswith(_LIBRARY_FOLDERS)


def _differs(call: str, numpy_means: str, pytorch_means: str, write: str) -> TypeError:
    """The error for a method that numpy and PyTorch both name, with different meanings."""
    return TypeError(f"t.data.{call}: t.data is the numpy array here (in PyTorch it is a Tensor). numpy's {numpy_means}; "
                     f"PyTorch's {pytorch_means}. Refused rather than give numpy's answer to PyTorch code: {write}.")


class _SizeOrCall(int):
    """numpy's `.size` (the number of elements, an int) that can also be called as PyTorch's `.size()`."""

    shape: tuple[int, ...] = ()

    def __call__(self, dim: int | None = None) -> Any:
        from .ops_shape import Size, _dim
        return Size(self.shape) if dim is None else self.shape[_dim("size", dim, len(self.shape))]


class DataArray(np.ndarray):
    """The numpy array behind a Tensor: numpy methods that PyTorch names with another meaning raise, PyTorch-only ones work."""

    def __repr__(self) -> str:
        return repr(np.ndarray.view(self, np.ndarray))

    def __str__(self) -> str:
        return str(np.ndarray.view(self, np.ndarray))

    def __array_wrap__(self, array: np.ndarray, context: Any = None, return_scalar: bool = False) -> Any:
        # a full reduction (t.data.sum(), (t.data > 0).sum()) is a numpy scalar, as for any numpy array
        return array[()] if return_scalar else super().__array_wrap__(array, context, return_scalar)

    def __array_function__(self, func: Any, types: Any, args: tuple, kwargs: dict) -> Any:
        # np.sort(t.data), np.std(t.data), np.unique(t.data): numpy's functions on a plain array
        # (numpy's own implementation, not func itself: a DataArray left inside a deque would dispatch here again)
        args, kwargs = _plain(args), {k: _plain(v) for k, v in kwargs.items()}
        return getattr(func, "_implementation", func)(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # a name numpy's arrays lack: PyTorch's method, on a tensor sharing this memory (as t.data is in PyTorch)
        if name.startswith("_"):
            raise AttributeError(name)
        from .tensor import Tensor
        if name == "requires_grad_":
            raise AttributeError("t.data.requires_grad_(): t.data has no graph (it is the numbers); write "
                                 "t.requires_grad_() on the tensor itself.")
        if not hasattr(Tensor, name):
            raise AttributeError(f"t.data is a numpy array here (a DataArray) and has no attribute {name!r}; neither "
                                 f"numpy's arrays nor autograd_mini's Tensor have it.")
        tensor = Tensor._result(np.ndarray.view(self, np.ndarray), (), "data", None)
        method = getattr(tensor, name)
        if not callable(method):
            return method
        in_place = name.endswith("_")

        def call(*args: Any, **kwargs: Any) -> Any:
            out = method(*args, **kwargs)
            return self if in_place and out is tensor else out  # p.data.normal_(0, 0.02) returns p.data, as PyTorch
        return call

    def __getitem__(self, index: Any) -> Any:
        if self.ndim == 0 and isinstance(index, (int, np.integer)):  # loss.data[0], from PyTorch 0.3's tutorials
            raise IndexError(f"t.data[{index}]: invalid index of a 0-dim tensor (a single number). Use t.item() "
                             f"(or float(t)) for the number.")
        return np.ndarray.__getitem__(self, index)

    @property  # type: ignore[override]
    def size(self) -> int:
        """The number of elements (numpy's size), also callable as PyTorch's size() / size(dim)."""
        count = _SizeOrCall(np.ndarray.size.__get__(self))
        count.shape = self.shape
        return count

    def max(self, *args: Any, **kwargs: Any) -> Any:
        """numpy's max of every element; a dim (positional, dim= or axis=) is refused: PyTorch's gives values and indices."""
        return self._extreme("max", args, kwargs)

    def min(self, *args: Any, **kwargs: Any) -> Any:
        """numpy's min of every element; a dim (positional, dim= or axis=) is refused: PyTorch's gives values and indices."""
        return self._extreme("min", args, kwargs)

    def _extreme(self, name: str, args: tuple, kwargs: dict) -> Any:
        given = args[0] if args else kwargs.get("dim", kwargs.get("axis"))
        if isinstance(given, (tuple, list)) and not _called_by_library(3):  # several dims: amax/amin in PyTorch
            raise _differs(f"{name}({given!r})", f"{name}(axis={given!r}) reduces those axes",
                           f"{name}() takes one dim", f"write t.a{name}(dim={given!r}) as in PyTorch, or "
                           f"np.{name}(t.data, axis={given!r})")
        if given is not None and not _called_by_library(3):
            dim = given
            arg = "arg" + name
            raise _differs(f"{name}({dim!r})", f"{name}({dim!r}) returns only the {name}imum values",
                           f"{name}({dim!r}) returns (values, indices), so t.data.{name}({dim!r})[1] is the index of the "
                           f"{name}imum (the predicted class)",
                           f"write t.{arg}({dim!r}) for the indices, t.{name}({dim!r}) for (values, indices) as "
                           f"in PyTorch, or np.{name}(t.data, axis={dim!r}) for numpy's values (PyTorch reads axis= as "
                           f"dim= too)")
        return getattr(np.ndarray, name)(self, *args, **_numpy_keywords(kwargs))

    def std(self, *args: Any, **kwargs: Any) -> Any:
        """numpy's std with ddof= (or PyTorch's correction= / unbiased=) given; refused without it."""
        return self._spread("std", args, kwargs)

    def var(self, *args: Any, **kwargs: Any) -> Any:
        """numpy's var with ddof= (or PyTorch's correction= / unbiased=) given; refused without it."""
        return self._spread("var", args, kwargs)

    def _spread(self, name: str, args: tuple, kwargs: dict) -> Any:
        kwargs = _numpy_keywords(kwargs)
        if "correction" in kwargs:
            kwargs["ddof"] = kwargs.pop("correction")
        if "unbiased" in kwargs:
            kwargs["ddof"] = int(bool(kwargs.pop("unbiased")))
        if "ddof" not in kwargs and not _called_by_library(3):
            inside = ", ".join(map(repr, args))
            raise _differs(f"{name}({inside})", f"{name}() divides by N (ddof=0)", f"{name}() divides by N - 1 (unbiased)",
                           f"write t.data.{name}({inside + ', ' if inside else ''}ddof=1) for PyTorch's number, "
                           f"ddof=0 for numpy's, or t.{name}({inside}) on the tensor")
        return getattr(np.ndarray, name)(self, *args, **kwargs)

    def sort(self, *args: Any, **kwargs: Any) -> None:
        """Refused: numpy's sort() sorts in place and returns None; PyTorch's returns (values, indices)."""
        if _called_by_library():
            return np.ndarray.sort(self, *args, **kwargs)
        raise _differs("sort()", "sort() sorts the array in place (changing the tensor) and returns None",
                       "sort() returns (values, indices) and leaves the tensor as it was",
                       "write t.sort() for (values, indices) as in PyTorch, or np.sort(t.data) for a sorted numpy copy")

    def repeat(self, *args: Any, **kwargs: Any) -> Any:
        """Refused: numpy's repeat repeats each element; PyTorch's repeats the whole tensor (numpy's tile)."""
        if _called_by_library():
            return np.ndarray.repeat(self, *args, **kwargs)
        reps = ", ".join(map(repr, args))
        raise _differs(f"repeat({reps})", f"repeat({reps}) repeats each element in turn ([1, 2] -> [1, 1, 2, 2])",
                       f"repeat({reps}) repeats the whole tensor ([1, 2] -> [1, 2, 1, 2])",
                       f"write t.repeat({reps}) or np.tile(t.data, ...) for PyTorch's, or np.repeat(t.data, ...) for numpy's")

    def transpose(self, *axes: Any) -> Any:
        """numpy's transpose() and transpose(order); two dims are refused unless both libraries agree (they swap in PyTorch)."""
        if len(axes) == 2 and all(isinstance(a, (int, np.integer)) for a in axes):
            swapped = self.ndim == 2 and [int(a) % 2 for a in axes] == [1, 0]  # (1, 0) of a matrix: a swap for both
            if not swapped and not _called_by_library():
                d0, d1 = axes
                raise _differs(f"transpose({d0}, {d1})", f"transpose({d0}, {d1}) is the order of all the axes",
                               f"transpose({d0}, {d1}) swaps dims {d0} and {d1}",
                               f"write t.transpose({d0}, {d1}) or np.swapaxes(t.data, {d0}, {d1}) for PyTorch's swap")
        return np.ndarray.transpose(self, *axes)

    def nonzero(self) -> Any:
        """Refused: numpy's nonzero() is a tuple of index arrays; PyTorch's is one (count, ndim) tensor."""
        if _called_by_library():
            return np.ndarray.nonzero(self)
        raise _differs("nonzero()", "nonzero() is a tuple with one index array per dim",
                       "nonzero() is one (count, ndim) tensor of index rows",
                       "write t.nonzero() or np.argwhere(t.data) for PyTorch's, np.nonzero(t.data) for numpy's tuple")

    def view(self, *args: Any, **kwargs: Any) -> Any:
        """numpy's view(dtype or type); sizes are refused (PyTorch's view(shape) is reshape here)."""
        if (args and all(isinstance(a, (int, np.integer, tuple, list)) and not isinstance(a, bool) for a in args)
                and not _called_by_library()):
            sizes = ", ".join(map(repr, args))
            raise _differs(f"view({sizes})", "view() reinterprets the memory as another dtype",
                           f"view({sizes}) reshapes", f"write t.view({sizes}) or t.data.reshape({sizes})")
        return np.ndarray.view(self, *args, **kwargs)

    def flatten(self, *args: Any, **kwargs: Any) -> Any:
        """numpy's flatten() and flatten(order); a start dim is refused (PyTorch's flatten(1) keeps dim 0)."""
        if (args and isinstance(args[0], (int, np.integer))) or "start_dim" in kwargs:
            start = args[0] if args else kwargs["start_dim"]
            raise _differs(f"flatten({start})", "flatten() takes a memory order ('C', 'F') and always flattens it all",
                           f"flatten({start}) flattens the dims from {start} on",
                           f"write t.flatten({start}) or t.data.reshape(*t.shape[:{start}], -1)")
        return np.ndarray.flatten(self, *args, **kwargs)

    # numpy's reductions with PyTorch's keywords: t.data.sum(dim=1, keepdim=True) means what it says in both
    sum = _reduction_with_torch_keywords("sum")
    mean = _reduction_with_torch_keywords("mean")
    prod = _reduction_with_torch_keywords("prod")
    argmax = _reduction_with_torch_keywords("argmax")
    argmin = _reduction_with_torch_keywords("argmin")
    all = _reduction_with_torch_keywords("all")
    any = _reduction_with_torch_keywords("any")

    def cumsum(self, *args: Any, **kwargs: Any) -> Any:
        """numpy's cumsum; dim= is read as axis=."""
        return np.ndarray.cumsum(self, *args, **_numpy_keywords(kwargs))
