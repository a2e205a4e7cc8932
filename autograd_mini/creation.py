"""Creating tensors with PyTorch's functions: `tensor`, `zeros`, `arange`, `randn`, ... (torch's names and arguments).

One deliberate difference: floats default to float64 here (PyTorch: float32), so `tensor([1.5])`,
`zeros(3)` and `randn(2, 2)` are float64; pass `dtype=float32` for PyTorch's default. Integers are
int64 and bools bool, as in PyTorch. Sizes are given as separate numbers or as one tuple:
`zeros(2, 3)` or `zeros((2, 3))`. Random functions draw from the global generator
(`manual_seed` makes them reproducible) or from `generator=`.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from .cuda import check_device
from .engine.dtypes import DEFAULT_FLOAT, as_dtype
from .engine.tensor import Tensor
from .random import Generator, numpy_generator

__all__ = ["tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "eye", "arange", "linspace",
           "zeros_like", "ones_like", "full_like", "empty_like", "rand_like", "randn_like", "randint_like",
           "rand", "randn", "randint", "randperm", "normal", "bernoulli", "multinomial",
           "FloatTensor", "DoubleTensor", "LongTensor", "BoolTensor", "get_default_dtype", "set_default_dtype",
           "set_default_device"]

def get_default_dtype() -> np.dtype:
    """float64: the dtype of floats made without `dtype=` (PyTorch's default is float32)."""
    return DEFAULT_FLOAT


def set_default_dtype(dtype: Any) -> None:
    """Accepted for float64 only: the default is fixed here (pass dtype=float32 where you want float32)."""
    if as_dtype(dtype) != DEFAULT_FLOAT:
        raise NotImplementedError(
            f"set_default_dtype({dtype}): the default float type of autograd_mini is fixed at float64. "
            f"Pass dtype={as_dtype(dtype)} to the functions that create tensors instead."
        )


def set_default_device(device: Any) -> None:
    """Accepted for the CPU, the only device here."""
    check_device("set_default_device", device)


def _dtype(dtype: Any, default: np.dtype) -> np.dtype:
    return default if dtype is None else as_dtype(dtype)


def _make(array: np.ndarray, requires_grad: bool, device: Any, where: str) -> Tensor:
    """The array as a new leaf Tensor (the engine keeps float32/float64/int64/bool, stores other integers as int64)."""
    check_device(where, device)
    return Tensor(array, requires_grad=requires_grad)


def _size(where: str, size: Sequence[Any], keyword: Any = None) -> tuple[int, ...]:
    """Sizes given as numbers (zeros(2, 3)), as one tuple/list (zeros((2, 3))) or as size=(2, 3), checked."""
    if keyword is not None:
        if size:
            raise TypeError(f"{where}: give the size once, as numbers or as size=, not both.")
        size = (keyword,)
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    for n in size:
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
            raise TypeError(f"{where}: sizes must be whole numbers, e.g. {where}(2, 3) or {where}((2, 3)); got {tuple(size)!r}.")
        if n < 0:
            raise ValueError(f"{where}: sizes must be >= 0, got {tuple(size)!r}.")
    return tuple(int(n) for n in size)


# ---------------------------------------------------------------- from data
def tensor(data: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A new tensor holding a copy of `data` (numbers, nested lists, a numpy array or a tensor)."""
    if isinstance(data, Tensor):  # PyTorch copies too (and suggests clone().detach())
        data = data._data
    elif isinstance(data, (list, tuple)):
        data = _numbers_of_tensors(data)
    try:
        array = np.array(data, dtype=None if dtype is None else as_dtype(dtype))
    except (TypeError, ValueError) as error:
        raise TypeError(f"tensor: cannot make a tensor from {data!r:.80} ({error}); give numbers, a nested list of "
                        f"numbers of one rectangular shape, or a numpy array.") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"tensor: cannot make a tensor from {type(data).__name__} {data!r:.60} (numpy dtype {array.dtype}); "
                        f"give numbers, bools, or nested lists of them.")
    if dtype is None and not isinstance(data, (np.ndarray, np.generic)):  # Python numbers: PyTorch's kinds, our default float
        kind = array.dtype.kind
        if kind == "u":  # a Python int beyond int64 (numpy reached for uint64): PyTorch refuses it too
            raise ValueError(f"tensor: Overflow: a number in {data!r:.60} does not fit in int64 "
                             f"(-2**63 .. 2**63 - 1); use floats for numbers this large.")
        float_dtype = _typed_float_dtype(data) if kind == "f" else None
        array = array.astype(float_dtype or {"f": DEFAULT_FLOAT, "i": np.int64, "b": bool}[kind], copy=False)
    return _make(array, requires_grad, device, "tensor")


def _numbers_of_tensors(data: "list | tuple") -> Any:
    """A list with each tensor inside it as its one number (a numpy scalar of its dtype), as torch.tensor reads it.

    So torch.tensor([model(x_i) for ...]) of (1,)-shaped outputs is a vector, and a list of losses that
    require grad gives their numbers (detached), as PyTorch does; a tensor of several numbers is refused."""
    if not any(isinstance(item, (Tensor, list, tuple)) for item in data):
        return data
    out = []
    for item in data:
        if isinstance(item, Tensor):
            if item._data.size != 1:
                raise ValueError(f"tensor: only one element tensors can be converted to Python scalars: the list "
                                 f"holds a tensor of shape {tuple(item._data.shape)}. To join tensors use "
                                 f"torch.stack(list) (a new dim) or torch.cat(list) (along a dim).")
            out.append(item._data.reshape(())[()])
        elif isinstance(item, (list, tuple)):
            out.append(_numbers_of_tensors(item))
        else:
            out.append(item)
    return out


def _typed_float_dtype(data: Any) -> "np.dtype | None":
    """For a list whose floats are all typed (numpy scalars or arrays, no Python float): their dtype.

    As torch.tensor([t1, t2]) of float32 0-d tensors is float32 (_numbers_of_tensors has made them numpy
    scalars of their dtype); a Python float brings the default float."""
    typed: list[np.dtype] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, float):
            return None
        elif isinstance(item, (np.ndarray, np.generic)):
            typed.append(item.dtype)
    floats = [d for d in typed if d.kind == "f"]
    return np.result_type(*floats) if floats else None


def as_tensor(data: Any, dtype: Any = None, device: Any = None) -> Tensor:
    """`data` as a tensor: a tensor of the right dtype is returned itself, a numpy array shares its memory."""
    if isinstance(data, Tensor) and (dtype is None or as_dtype(dtype) == data.dtype):
        check_device("as_tensor", device)
        return data
    if isinstance(data, np.ndarray) and (dtype is None or as_dtype(dtype) == data.dtype):
        check_device("as_tensor", device)
        return from_numpy(data)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor that shares `array`'s memory, as in PyTorch: changing one changes the other."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected a numpy array, got {type(array).__name__}; use tensor(...) for lists and numbers.")
    out = Tensor(np.empty((0,), dtype=array.dtype))  # the constructor checks the dtype ...
    if out.dtype != array.dtype:
        raise TypeError(f"from_numpy: a tensor cannot hold numpy {array.dtype} as it is (tensors are float64, float32, "
                        f"int64 or bool); tensor(array) makes a {out.dtype} copy, or convert with array.astype(...).")
    out._data = np.asarray(array)  # ... and the tensor then holds the caller's memory, not a copy (as a plain array)
    return out


# ------------------------------------------------------------ filled tensors
def zeros(*sizes: Any, size: Any = None, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of zeros."""
    return _make(np.zeros(_size("zeros", sizes, size), dtype=_dtype(dtype, DEFAULT_FLOAT)), requires_grad, device, "zeros")


def ones(*sizes: Any, size: Any = None, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of ones."""
    return _make(np.ones(_size("ones", sizes, size), dtype=_dtype(dtype, DEFAULT_FLOAT)), requires_grad, device, "ones")


def empty(*sizes: Any, size: Any = None, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor to be filled later; here it holds zeros (PyTorch leaves whatever was in memory)."""
    return _make(np.zeros(_size("empty", sizes, size), dtype=_dtype(dtype, DEFAULT_FLOAT)), requires_grad, device, "empty")


def _fill_dtype(value: Any) -> np.dtype:
    """PyTorch's dtype for a fill value: bool -> bool, int -> int64, float -> the default float."""
    if isinstance(value, (bool, np.bool_)):
        return np.dtype(bool)
    if isinstance(value, (int, np.integer)):
        return np.dtype(np.int64)
    if isinstance(value, (float, np.floating)):
        return DEFAULT_FLOAT
    raise TypeError(f"full: the fill value must be a number or a bool, not {type(value).__name__} {value!r:.40}.")


def full(size: Any, fill_value: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor of `size` filled with `fill_value` (its dtype follows the value unless `dtype=` is given)."""
    shape = _size("full", (size,) if isinstance(size, (tuple, list)) else (size,))
    return _make(np.full(shape, fill_value, dtype=_dtype(dtype, _fill_dtype(fill_value))), requires_grad, device, "full")


def eye(n: int, m: int | None = None, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """The n x m identity matrix (m = n unless told)."""
    n, m = _size("eye", (n, n if m is None else m))
    return _make(np.eye(n, m, dtype=_dtype(dtype, DEFAULT_FLOAT)), requires_grad, device, "eye")


def arange(start: Any, end: Any = None, step: Any = 1, dtype: Any = None, device: Any = None,
           requires_grad: bool = False) -> Tensor:
    """start, start+step, ... up to (not including) end; int64 when all three are integers, else float."""
    if end is None:
        start, end = 0, start
    numbers = (start, end, step)
    if any(isinstance(x, Tensor) for x in numbers):
        numbers = tuple(x.item() if isinstance(x, Tensor) else x for x in numbers)
        start, end, step = numbers
    if step == 0:
        raise ValueError("arange: step must be nonzero.")
    if not all(math.isfinite(x) for x in numbers):
        raise ValueError(f"arange: start, end and step must be finite, got {numbers}.")
    if (end - start) / step < 0:
        raise ValueError(f"arange: going from {start} to {end} by {step} never arrives: the step has the wrong sign.")
    all_int = all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in numbers)
    kind = _dtype(dtype, np.dtype(np.int64) if all_int else DEFAULT_FLOAT)
    count = math.ceil((end - start) / step)
    # element i is start + i * step, computed in float64, then cast
    return _make((start + np.arange(count, dtype=np.float64 if not all_int else np.int64) * step).astype(kind),
                 requires_grad, device, "arange")


def linspace(start: float, end: float, steps: int, dtype: Any = None, device: Any = None,
             requires_grad: bool = False) -> Tensor:
    """`steps` evenly spaced numbers from start to end, both included."""
    (steps,) = _size("linspace", (steps,))
    kind = _dtype(dtype, DEFAULT_FLOAT)
    if steps == 1:
        return _make(np.full((1,), start, dtype=kind), requires_grad, device, "linspace")
    # As PyTorch does: the first half counts up from start, the second half down from end, in the
    # tensor's own float type, so both ends are exact (inner values may differ from PyTorch's in the last bit).
    work = kind if kind.kind == "f" else np.dtype(np.float64)
    first, last = work.type(start), work.type(end)
    step = (last - first) / work.type(steps - 1)
    i = np.arange(steps, dtype=work)
    halfway = steps // 2
    values = np.where(i < halfway, first + step * i, last - step * (work.type(steps - 1) - i))
    return _make(values.astype(kind), requires_grad, device, "linspace")


def _like(name: str, other: Tensor, dtype: Any) -> tuple[tuple[int, ...], np.dtype]:
    if not isinstance(other, Tensor):
        raise TypeError(f"{name}: expected a tensor to copy the shape and dtype from, got {type(other).__name__}.")
    return other.shape, _dtype(dtype, other.dtype)


def _like_version(make: Any, what: str) -> Any:
    """`make`'s *_like twin: the same numbers in the shape (and dtype, unless told) of a given tensor."""
    name = f"{make.__name__}_like"

    def like(input: Tensor, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
        shape, kind = _like(name, input, dtype)
        return make(shape, dtype=kind, device=device, requires_grad=requires_grad)

    like.__name__ = like.__qualname__ = name
    like.__doc__ = f"{what} of `input`'s shape and dtype."
    return like


zeros_like = _like_version(zeros, "Zeros")
ones_like = _like_version(ones, "Ones")
empty_like = _like_version(empty, "A tensor to be filled later (zeros here)")


def full_like(input: Tensor, fill_value: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """`fill_value` in `input`'s shape and dtype."""
    shape, kind = _like("full_like", input, dtype)
    return full(shape, fill_value, dtype=kind, device=device, requires_grad=requires_grad)


# ------------------------------------------------------------------- random
def _float_kind(where: str, dtype: Any) -> np.dtype:
    kind = _dtype(dtype, DEFAULT_FLOAT)
    if kind.kind != "f":
        raise TypeError(f"{where}: random floats need a float dtype (float32 or float64), not {kind}.")
    return kind


def rand(*sizes: Any, size: Any = None, generator: Generator | None = None, dtype: Any = None, device: Any = None,
         requires_grad: bool = False) -> Tensor:
    """Uniform random numbers in [0, 1)."""
    kind = _float_kind("rand", dtype)
    return _make(numpy_generator(generator).random(_size("rand", sizes, size)).astype(kind), requires_grad, device, "rand")


def randn(*sizes: Any, size: Any = None, generator: Generator | None = None, dtype: Any = None, device: Any = None,
          requires_grad: bool = False) -> Tensor:
    """Standard normal random numbers (mean 0, standard deviation 1)."""
    kind = _float_kind("randn", dtype)
    values = numpy_generator(generator).standard_normal(_size("randn", sizes, size)).astype(kind)
    return _make(values, requires_grad, device, "randn")


def randint(*args: Any, size: Any = None, generator: Generator | None = None, dtype: Any = None,
            device: Any = None, requires_grad: bool = False) -> Tensor:
    """Random integers in [low, high): randint(high, size) or randint(low, high, size); int64 unless told."""
    if size is None and args and isinstance(args[-1], (tuple, list)):
        *args, size = args
    if size is None or len(args) not in (1, 2):
        raise TypeError("randint: call it as randint(high, size) or randint(low, high, size), with size a tuple, "
                        "e.g. randint(0, 10, (3,)).")
    low, high = (0, args[0]) if len(args) == 1 else args
    if high <= low:
        raise ValueError(f"randint: high ({high}) must be greater than low ({low}); the numbers come from [low, high).")
    values = numpy_generator(generator).integers(low, high, size=_size("randint", (size,)))
    return _make(values.astype(_dtype(dtype, np.dtype(np.int64))), requires_grad, device, "randint")


def randperm(n: int, generator: Generator | None = None, dtype: Any = None, device: Any = None,
             requires_grad: bool = False) -> Tensor:
    """The numbers 0 .. n-1 in random order (int64)."""
    (n,) = _size("randperm", (n,))
    values = numpy_generator(generator).permutation(n)
    return _make(values.astype(_dtype(dtype, np.dtype(np.int64))), requires_grad, device, "randperm")


rand_like = _like_version(rand, "Uniform [0, 1) random numbers")
randn_like = _like_version(randn, "Standard normal random numbers")


def randint_like(input: Tensor, low: int, high: int | None = None, dtype: Any = None, device: Any = None) -> Tensor:
    """Random integers in [low, high) of `input`'s shape (and dtype, unless told)."""
    shape, kind = _like("randint_like", input, dtype)
    low, high = (0, low) if high is None else (low, high)
    return randint(low, high, shape, dtype=kind, device=device)


def bernoulli(input: Tensor, generator: Generator | None = None) -> Tensor:
    """1 with probability p, else 0, for each probability p in `input` (same shape and dtype)."""
    p = np.asarray(input._data if isinstance(input, Tensor) else input)
    if p.dtype.kind != "f" or np.any((p < 0) | (p > 1)) or np.any(np.isnan(p)):
        raise ValueError(f"bernoulli: the input must be float probabilities in [0, 1], got {p!r:.80}.")
    return _make((numpy_generator(generator).random(p.shape) < p).astype(p.dtype), False, None, "bernoulli")


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *, generator: Generator | None = None) -> Tensor:
    """Indices drawn with the (unnormalised) weights in each row of `input` (int64); without replacement unless told."""
    weights = np.asarray(input._data if isinstance(input, Tensor) else input, dtype=np.float64)
    if weights.ndim not in (1, 2) or np.any(weights < 0) or not np.all(np.isfinite(weights)):
        raise ValueError(f"multinomial: expected a 1-D or 2-D tensor of finite weights >= 0, got shape {tuple(weights.shape)}.")
    rows = np.atleast_2d(weights)
    if np.any(rows.sum(axis=1) <= 0):
        raise ValueError("multinomial: every row needs at least one weight > 0.")
    if not replacement and num_samples > np.count_nonzero(rows, axis=1).min():
        raise ValueError(f"multinomial: cannot draw {num_samples} samples without replacement from a row with fewer "
                         f"nonzero weights; pass replacement=True.")
    rng = numpy_generator(generator)
    drawn = np.stack([rng.choice(len(row), size=num_samples, replace=replacement, p=row / row.sum()) for row in rows])
    return _make(drawn.reshape(weights.shape[:-1] + (num_samples,)).astype(np.int64), False, None, "multinomial")


def normal(mean: Any = 0.0, std: Any = 1.0, size: Any = None, *, generator: Generator | None = None,
           dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """Normal random numbers with the given mean and standard deviation (numbers, or tensors without grad)."""
    for name, value in (("mean", mean), ("std", std)):
        if isinstance(value, Tensor) and value.requires_grad:
            raise NotImplementedError(f"normal: a {name} that requires grad is not supported; sample noise with "
                                      f"randn and write mean + std * noise, which has a gradient.")
    arrays = [np.asarray(v._data if isinstance(v, Tensor) else v) for v in (mean, std)]
    if np.any(arrays[1] < 0):
        raise ValueError(f"normal: std must be >= 0, got {std}.")
    shape = _size("normal", (size,)) if size is not None else np.broadcast_shapes(arrays[0].shape, arrays[1].shape)
    tensors = [v for v in (mean, std) if isinstance(v, Tensor)]
    kind = _float_kind("normal", dtype if dtype is not None else (tensors[0].dtype if tensors else None))
    values = arrays[0] + arrays[1] * numpy_generator(generator).standard_normal(shape)
    return _make(values.astype(kind), requires_grad, device, "normal")


# ------------------------------------------------------------------- legacy
def _legacy(name: str, dtype: np.dtype) -> Any:
    """PyTorch's old typed constructors: FloatTensor([1, 2]) holds the data, FloatTensor(2, 3) zeros of that size."""

    def make(*args: Any) -> Tensor:
        if args and all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in args):
            return zeros(args, dtype=dtype)  # PyTorch leaves the memory uninitialised; zeros here
        if len(args) != 1:
            raise TypeError(f"{name}: give one list or array of data, or the sizes as whole numbers.")
        return tensor(args[0], dtype=dtype)

    make.__name__ = make.__qualname__ = name
    make.legacy_dtype = dtype  # what x.type(LongTensor) converts to
    make.__doc__ = f"`{name}(data)` or `{name}(*sizes)`: a {dtype} tensor (a function here, not a class)."
    return make


FloatTensor = _legacy("FloatTensor", np.dtype(np.float32))
DoubleTensor = _legacy("DoubleTensor", np.dtype(np.float64))
LongTensor = _legacy("LongTensor", np.dtype(np.int64))
BoolTensor = _legacy("BoolTensor", np.dtype(np.bool_))
