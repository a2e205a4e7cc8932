"""PyTorch's `torch.*` functions that mirror Tensor methods: `torch.max(x, 1)`, `torch.sigmoid(x)`, `torch.cat(...)`.

Each one calls the engine's method of the same name, so the math and its gradient live in one
place (engine/); nothing here differentiates anything. Arguments follow PyTorch: `input` first,
`dim` and `keepdim` by name or position.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .engine.tensor import Tensor, _lift, cat
from .engine.ops_elementwise import floor_divide as _floor_divide
from .engine.ops_elementwise import remainder as _remainder
from .engine.tensor import where as _where

__all__ = ["max", "min", "all", "any", "argmax", "argmin", "amax", "amin", "sum", "mean", "prod", "std", "var", "norm", "cumsum",
           "logsumexp", "exp", "log", "log1p", "sin", "cos", "sqrt", "square", "abs", "pow", "neg", "sigmoid", "tanh", "relu",
           "softmax", "log_softmax", "clamp", "clip", "concatenate",
           "matmul", "mm", "dot", "equal", "allclose", "isclose", "numel", "flatten", "squeeze", "unsqueeze",
           "transpose", "t", "permute", "reshape", "topk", "sort", "gather", "clone", "where", "nonzero", "unique", "is_tensor",
           "is_floating_point", "set_num_threads", "get_num_threads", "use_deterministic_algorithms",
           "floor", "ceil", "trunc", "round", "sign", "isnan", "isinf", "isfinite", "floor_divide", "remainder",
           "flip", "split", "chunk", "tril", "triu", "diag", "argsort", "add", "sub", "mul", "div", "eq", "ne", "gt", "ge",
           "lt", "le", "logical_and", "logical_or", "logical_not", "erf", "masked_fill", "detach"]


def _tensor(where: str, x: Any) -> Tensor:
    """x itself if it is a Tensor; a numpy array (what `.data` is here) as a constant Tensor; else an error."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, np.ndarray):  # so that PyTorch's `torch.max(outputs.data, 1)` works with .data a numpy array
        return Tensor(x)
    raise TypeError(f"{where}(): the input must be a Tensor, not {type(x).__name__}; "
                    f"make one first with torch.tensor(...).")


# ----------------------------------------------------------------- reductions
def max(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """max(x): the largest element; max(x, dim): (values, indices) along dim; max(x, y): elementwise maximum."""
    x = _tensor("max", input)
    if isinstance(dim, Tensor):
        return x.maximum(dim)
    return x.max() if dim is None else x.max(dim, keepdim)


def min(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """min(x): the smallest element; min(x, dim): (values, indices) along dim; min(x, y): elementwise minimum."""
    x = _tensor("min", input)
    if isinstance(dim, Tensor):
        return x.minimum(dim)
    return x.min() if dim is None else x.min(dim, keepdim)


def argmax(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """The index of the largest element (of the flattened tensor, or along dim), int64."""
    return _tensor("argmax", input).argmax(dim, keepdim)


def argmin(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """The index of the smallest element (of the flattened tensor, or along dim), int64."""
    return _tensor("argmin", input).argmin(dim, keepdim)


def all(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001 (torch.all)
    """Whether every element (along dim) is nonzero, as a bool Tensor."""
    return _tensor("all", input).all(dim, keepdim)


def any(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:  # noqa: A001 (torch.any)
    """Whether some element (along dim) is nonzero, as a bool Tensor."""
    return _tensor("any", input).any(dim, keepdim)


def amax(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """The largest elements along dim (ties share the gradient)."""
    return _tensor("amax", input).amax(dim, keepdim)


def amin(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """The smallest elements along dim (ties share the gradient)."""
    return _tensor("amin", input).amin(dim, keepdim)


def sum(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The sum of all elements, or along dim."""
    return _tensor("sum", input).sum(dim, keepdim)


def mean(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The mean of all elements, or along dim."""
    return _tensor("mean", input).mean(dim, keepdim)


def prod(input: Tensor, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The product of all elements, or along dim."""
    return _tensor("prod", input).prod(dim, keepdim)


def std(input: Tensor, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, **kwargs: Any) -> Tensor:
    """The standard deviation (with Bessel's correction unless unbiased=False or correction=0)."""
    return _tensor("std", input).std(dim, unbiased, keepdim, **kwargs)


def var(input: Tensor, dim: Any = None, unbiased: bool | None = None, keepdim: bool = False, **kwargs: Any) -> Tensor:
    """The variance (with Bessel's correction unless unbiased=False or correction=0)."""
    return _tensor("var", input).var(dim, unbiased, keepdim, **kwargs)


def norm(input: Tensor, p: Any = 2, dim: Any = None, keepdim: bool = False) -> Tensor:
    """The p-norm of all elements, or along dim."""
    return _tensor("norm", input).norm(p, dim, keepdim)


def cumsum(input: Tensor, dim: int) -> Tensor:
    """Running sums along dim."""
    return _tensor("cumsum", input).cumsum(dim)


def logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    """log(sum(exp(x))) along dim, computed without overflow."""
    return _tensor("logsumexp", input).logsumexp(dim, keepdim)


# ------------------------------------------------------------- elementwise
def exp(input: Tensor) -> Tensor:
    """e to the x, elementwise."""
    return _tensor("exp", input).exp()


def log(input: Tensor) -> Tensor:
    """The natural logarithm, elementwise."""
    return _tensor("log", input).log()


def log1p(input: Tensor) -> Tensor:
    """log(1 + x), accurate for small x."""
    return _tensor("log1p", input).log1p()


def sin(input: Tensor) -> Tensor:
    """The sine, elementwise."""
    return _tensor("sin", input).sin()


def cos(input: Tensor) -> Tensor:
    """The cosine, elementwise."""
    return _tensor("cos", input).cos()


def sqrt(input: Tensor) -> Tensor:
    """The square root, elementwise."""
    return _tensor("sqrt", input).sqrt()


def square(input: Tensor) -> Tensor:
    """x * x, elementwise."""
    return _tensor("square", input).square()


def abs(input: Tensor) -> Tensor:
    """`|x|`, elementwise."""
    return _tensor("abs", input).abs()


def pow(input: Tensor, exponent: Any) -> Tensor:
    """input ** exponent, elementwise (exponent a number or a tensor)."""
    return _tensor("pow", input) ** exponent


def neg(input: Tensor) -> Tensor:
    """-x, elementwise."""
    return -_tensor("neg", input)


def sigmoid(input: Tensor) -> Tensor:
    """1 / (1 + e^-x), elementwise."""
    return _tensor("sigmoid", input).sigmoid()


def tanh(input: Tensor) -> Tensor:
    """The hyperbolic tangent, elementwise."""
    return _tensor("tanh", input).tanh()


def relu(input: Tensor) -> Tensor:
    """max(x, 0), elementwise."""
    return _tensor("relu", input).relu()


def softmax(input: Tensor, dim: int) -> Tensor:
    """e^x / sum(e^x) along dim."""
    return _tensor("softmax", input).softmax(dim)


def log_softmax(input: Tensor, dim: int) -> Tensor:
    """log(softmax(x)) along dim, computed stably."""
    return _tensor("log_softmax", input).log_softmax(dim)


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """x limited to [min, max] (either bound may be left out)."""
    return _tensor("clamp", input).clamp(min, max)


clip = clamp


concatenate = cat  # maximum, minimum, cat and stack are the engine's own functions


def where(condition: Any, input: Any = None, other: Any = None) -> Any:
    """where(cond, a, b): a where cond holds, else b; where(cond): the indices where it holds, one tensor per dim."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    return _where(condition, input, other)


# -------------------------------------------------------------- products
def matmul(input: Tensor, other: Tensor) -> Tensor:
    """The matrix product (with numpy's / PyTorch's rules for 1-D and batched operands)."""
    return _tensor("matmul", input) @ other


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """The product of two matrices (both 2-D)."""
    return _tensor("mm", input).mm(_tensor("mm", mat2))


def dot(input: Tensor, other: Tensor) -> Tensor:
    """The dot product of two 1-D tensors."""
    return _tensor("dot", input).dot(_tensor("dot", other))


# ------------------------------------------------------------- comparisons
def equal(input: Tensor, other: Tensor) -> bool:
    """True if both tensors have the same shape and the same elements."""
    a, b = np.asarray(_tensor("equal", input)._data), np.asarray(_tensor("equal", other)._data)
    return a.shape == b.shape and bool(np.array_equal(a, b))


def allclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
    """True if `|input - other| <= atol + rtol * |other|` everywhere."""
    a, b = np.asarray(_tensor("allclose", input)._data), np.asarray(_tensor("allclose", other)._data)
    return bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def isclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    """Elementwise `|input - other| <= atol + rtol * |other|`, as a bool tensor."""
    a, b = np.asarray(_tensor("isclose", input)._data), np.asarray(_tensor("isclose", other)._data)
    return Tensor(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan), dtype=bool)


# ------------------------------------------------------------------- shape
def numel(input: Tensor) -> int:
    """The number of elements."""
    return int(np.size(_tensor("numel", input)._data))


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """The dims from start_dim to end_dim merged into one."""
    return _tensor("flatten", input).flatten(start_dim, end_dim)


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """Size-1 dims removed (all of them, or dim)."""
    return _tensor("squeeze", input).squeeze(dim)


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """A size-1 dim inserted at dim."""
    return _tensor("unsqueeze", input).unsqueeze(dim)


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """dim0 and dim1 swapped."""
    return _tensor("transpose", input).transpose(dim0, dim1)


def t(input: Tensor) -> Tensor:
    """A matrix transposed (a 0-d or 1-D tensor is returned as it is)."""
    return _tensor("t", input).t()


def permute(input: Tensor, dims: Sequence[int]) -> Tensor:
    """The dims reordered."""
    return _tensor("permute", input).permute(*dims)


def reshape(input: Tensor, shape: Sequence[int]) -> Tensor:
    """The same elements in a new shape (one size may be -1)."""
    return _tensor("reshape", input).reshape(tuple(shape))


def clone(input: Tensor) -> Tensor:
    """A copy that stays in the graph (gradients flow back to input)."""
    return _tensor("clone", input).clone()


# --------------------------------------------------------------- selection
def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> Any:
    """The k largest (or smallest) elements along dim: (values, indices)."""
    return _tensor("topk", input).topk(k, dim, largest, sorted)


def sort(input: Tensor, dim: int = -1, descending: bool = False) -> Any:
    """Sorted along dim: (values, indices)."""
    return _tensor("sort", input).sort(dim, descending)


def gather(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """out[i][j] = input[index[i][j]][j] (dim 0) or input[i][index[i][j]] (dim 1), and so on."""
    return _tensor("gather", input).gather(dim, index)


def nonzero(input: Tensor, *, as_tuple: bool = False) -> Any:
    """The indices of the nonzero (true) elements: one row each (n, ndim), or one tensor per dim with as_tuple=True."""
    return _tensor("nonzero", input).nonzero(as_tuple=as_tuple)


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,
           dim: int | None = None) -> Any:
    """The distinct elements, in increasing order (and where each element went, and how often each occurs)."""
    if dim is not None:
        raise NotImplementedError("unique: dim= is not supported here; unique works on all elements.")
    values, inverse, counts = np.unique(np.asarray(_tensor("unique", input)._data), return_inverse=True, return_counts=True)
    out = [Tensor(values)]
    if return_inverse:
        out.append(Tensor(inverse.reshape(np.shape(input._data)).astype(np.int64)))
    if return_counts:
        out.append(Tensor(counts.astype(np.int64)))
    return out[0] if len(out) == 1 else tuple(out)


# ---------------------------------------------------------------- questions
def is_tensor(obj: Any) -> bool:
    """True for a Tensor (a Parameter is one)."""
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> bool:
    """True for float32 and float64 tensors."""
    return _tensor("is_floating_point", input).dtype.kind == "f"


# ------------------------------------------------------------------ settings
def set_num_threads(n: int) -> None:
    """Accepted and ignored: the engine is numpy, whose thread count is set by its BLAS library."""


def get_num_threads() -> int:
    """1: the engine itself runs one Python thread."""
    return 1


def use_deterministic_algorithms(mode: bool, warn_only: bool = False) -> None:
    """Accepted: every op here is deterministic already (same inputs, same bits)."""


# ------------------------------------------------------------------- rounding, tests of numbers, // and %
def floor(input: Tensor) -> Tensor:
    """The largest whole number <= x, elementwise (gradient 0)."""
    return _tensor("floor", input).floor()


def ceil(input: Tensor) -> Tensor:
    """The smallest whole number >= x, elementwise (gradient 0)."""
    return _tensor("ceil", input).ceil()


def trunc(input: Tensor) -> Tensor:
    """x with its fractional part dropped, elementwise (gradient 0)."""
    return _tensor("trunc", input).trunc()


def round(input: Tensor, *, decimals: int = 0) -> Tensor:  # noqa: A001 (torch.round)
    """x rounded to `decimals` places, halves to even (gradient 0)."""
    return _tensor("round", input).round(decimals)


def sign(input: Tensor) -> Tensor:
    """-1, 0 or 1, elementwise (gradient 0)."""
    return _tensor("sign", input).sign()


def isnan(input: Tensor) -> Tensor:
    """True where x is nan."""
    return _tensor("isnan", input).isnan()


def isinf(input: Tensor) -> Tensor:
    """True where x is +-inf."""
    return _tensor("isinf", input).isinf()


def isfinite(input: Tensor) -> Tensor:
    """True where x is neither nan nor +-inf."""
    return _tensor("isfinite", input).isfinite()


def floor_divide(input: Any, other: Any) -> Tensor:
    """floor(input / other), elementwise (no derivative, as PyTorch)."""
    return _floor_divide(input, other)


def remainder(input: Any, other: Any) -> Tensor:
    """input - floor(input / other) * other, elementwise (Python's %)."""
    return _remainder(input, other)


# ------------------------------------------------------------------- pieces, triangles, order
def flip(input: Tensor, dims: Sequence[int]) -> Tensor:
    """The elements reversed along each of dims."""
    return _tensor("flip", input).flip(dims)


def split(tensor: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """Pieces of split_size elements along dim (the last may be shorter), or of the listed sizes."""
    return _tensor("split", tensor).split(split_size_or_sections, dim)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """At most `chunks` pieces along dim, of ceil(n / chunks) elements each."""
    return _tensor("chunk", input).chunk(chunks, dim)


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two dims; zeros above."""
    return _tensor("tril", input).tril(diagonal)


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two dims; zeros below."""
    return _tensor("triu", input).triu(diagonal)


def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    """A vector's diagonal matrix, or a matrix's diagonal."""
    return _tensor("diag", input).diag(diagonal)


def argsort(input: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    """The indices that sort dim (int64)."""
    return _tensor("argsort", input).argsort(dim, descending, stable)


# ----------------------------------------------------------------- arithmetic and comparisons as functions
def _operands(where: str, input: Any, other: Any) -> tuple[Tensor, Any]:
    """(input, other) with input a Tensor: a number first (torch.add(2, x)) takes other's dtype, as in PyTorch."""
    if isinstance(input, (int, float)) and not isinstance(input, bool) and isinstance(other, Tensor):
        return _lift(input, other), other
    return _tensor(where, input), other


def add(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """input + alpha * other."""
    input, other = _operands("add", input, other)
    return input.add(other, alpha=alpha)


def sub(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """input - alpha * other."""
    input, other = _operands("sub", input, other)
    return input.sub(other, alpha=alpha)


def mul(input: Any, other: Any) -> Tensor:
    """input * other, elementwise."""
    input, other = _operands("mul", input, other)
    return input * other


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """input / other; rounding_mode 'floor' rounds the quotient down, 'trunc' towards zero, as PyTorch."""
    input, other = _operands("div", input, other)
    return input.div(other, rounding_mode=rounding_mode)


def eq(input: Tensor, other: Any) -> Tensor:
    """input == other, elementwise (bool)."""
    return _tensor("eq", input) == other


def ne(input: Tensor, other: Any) -> Tensor:
    """input != other, elementwise (bool)."""
    return _tensor("ne", input) != other


def gt(input: Tensor, other: Any) -> Tensor:
    """input > other, elementwise (bool)."""
    return _tensor("gt", input) > other


def ge(input: Tensor, other: Any) -> Tensor:
    """input >= other, elementwise (bool)."""
    return _tensor("ge", input) >= other


def lt(input: Tensor, other: Any) -> Tensor:
    """input < other, elementwise (bool)."""
    return _tensor("lt", input) < other


def le(input: Tensor, other: Any) -> Tensor:
    """input <= other, elementwise (bool)."""
    return _tensor("le", input) <= other


def logical_and(input: Tensor, other: Any) -> Tensor:
    """Elementwise and of the truth values (nonzero is true)."""
    return _tensor("logical_and", input).logical_and(other)


def logical_or(input: Tensor, other: Any) -> Tensor:
    """Elementwise or of the truth values (nonzero is true)."""
    return _tensor("logical_or", input).logical_or(other)


def logical_not(input: Tensor) -> Tensor:
    """Elementwise not of the truth values (nonzero is true)."""
    return _tensor("logical_not", input).logical_not()


def erf(input: Tensor) -> Tensor:
    """The error function, elementwise."""
    return _tensor("erf", input).erf()


def masked_fill(input: Tensor, mask: Any, value: Any) -> Tensor:
    """A copy of input with value where mask is true."""
    return _tensor("masked_fill", input).masked_fill(mask, value)


def detach(input: Tensor) -> Tensor:
    """input's numbers without its history (sharing memory), as Tensor.detach."""
    return _tensor("detach", input).detach()
