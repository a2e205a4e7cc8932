"""The tensor engine: `Tensor`, a numpy array that remembers how it was computed.

Each op follows the scalar engine's recipe, for whole arrays at once:
    1. compute `out` with numpy;
    2. define `backward(g)`: given g = d(loss)/d(out), return d(loss)/d(input) for each input;
    3. attach both to a new Tensor with `_result`.

`backward()` walks the graph from the output in reverse topological order and hands each
op the gradient of its output. A backward rule is a closure over the arrays it needs; a node
holds its inputs, never its users, so graphs have no reference cycles and are freed the moment
they go out of use (and backward() drops the rules unless retain_graph=True).

Broadcasting: numpy stretches a (16,) bias to (100, 16) in the forward pass, so in the
backward pass the (100, 16) gradient has to be summed back to (16,): `_unbroadcast`.

As in PyTorch: dtypes are float64, float32, int64 and bool, promoted by `dtypes.result_type`;
a gradient reaching a node is cast to the node's dtype, so float32 leaves get float32 grads.
In-place ops write into `data`; backward() refuses to use an array changed after it was saved.
"""

from __future__ import annotations

import itertools
import operator
import warnings
import weakref
from typing import Any, Callable, Iterator

import numpy as np

from . import dtypes
from .data_array import DataArray
from .dtypes import as_dtype, can_cast, result_type, scalar_dtype, storage_dtype
from .grad_mode import STATE as _GRAD_MODE
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled

# The op catalogue, one file per kind of op, mixed into Tensor (each of those files reads this one's
# helpers only when an op runs, so importing them here first is safe).
from .ops_elementwise import ElementwiseOps, divide_rounded, maximum, minimum, where
from .ops_reduce import ReductionOps
from .ops_select import SelectionOps, cat, concat, stack
from .ops_shape import ShapeOps, Size

__all__ = ["Tensor", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled", "concat", "cat",
           "stack", "where", "maximum", "minimum", "Size", "NO_GRADIENT", "ShapeError", "GradFn", "Hook", "dtypes"]

Backward = Callable[[np.ndarray], tuple]

# Ops whose result carries no gradient (it is piecewise constant or an index).
NO_GRADIENT = {
    ">": "a comparison (true/false)", "<": "a comparison (true/false)",
    ">=": "a comparison (true/false)", "<=": "a comparison (true/false)",
    "==": "a comparison (true/false)", "!=": "a comparison (true/false)",
    "argmax": "an index", "argmin": "an index", "all": "a true/false answer", "any": "a true/false answer",
    "isnan": "a true/false answer", "isinf": "a true/false answer", "isfinite": "a true/false answer",
    "argsort": "an index", "nonzero": "an index", "one_hot": "class labels as 0s and 1s",
}


class ShapeError(ValueError):
    """Two shapes that an op cannot combine."""


def _as_array(data: Any, dtype: Any) -> np.ndarray:
    """A fresh numpy array of a supported dtype: ints become int64, bools bool, floats keep float32/float64."""
    if isinstance(data, Tensor):
        raise TypeError("Tensor(...) was given a Tensor; use t.detach() for a copy without history, or t itself.")
    try:
        array = np.asarray(data)
    except (ValueError, TypeError) as error:
        raise TypeError(f"Tensor(...) needs numbers, a (nested) list of numbers or a numpy array; got {data!r} ({error}).") from None
    if array.dtype.kind not in "fiub":
        raise TypeError(
            f"Tensor(...) needs numbers, a (nested) list of numbers or a numpy array; got {type(data).__name__} "
            f"with numpy dtype {array.dtype} ({data!r:.60})."
        )
    dtype = storage_dtype(array.dtype) if dtype is None else as_dtype(dtype)
    return np.array(array, dtype=dtype)  # a copy: the Tensor never aliases the caller's array


_NUMPY_TO_TENSOR_OPS: dict[np.ufunc, Callable[[Any, Any], Any]] = {
    np.add: operator.add, np.subtract: operator.sub, np.multiply: operator.mul, np.true_divide: operator.truediv,
    np.power: operator.pow, np.matmul: operator.matmul, np.floor_divide: operator.floordiv, np.remainder: operator.mod,
    np.greater: operator.gt, np.less: operator.lt, np.greater_equal: operator.ge, np.less_equal: operator.le,
    np.equal: operator.eq, np.not_equal: operator.ne, np.logical_and: operator.and_, np.logical_or: operator.or_,
    np.bitwise_and: operator.and_, np.bitwise_or: operator.or_, np.bitwise_xor: operator.xor,
}


def _legacy_alpha(op: str, other: Any, legacy: tuple, alpha: Any) -> tuple[Any, Any]:
    """p.data.add_(-lr, p.grad): PyTorch before 1.5 put the factor first; PyTorch 2 still takes it, with a warning."""
    if not legacy:
        return other, alpha
    if len(legacy) > 1 or not isinstance(other, (int, float, np.number)) or alpha != 1:
        raise TypeError(f"{op}(other, *, alpha=1): one tensor to add and alpha as a keyword, e.g. p.{op}(g, alpha=-lr).")
    warnings.warn(f"This overload of {op} is deprecated: {op}(Number alpha, Tensor other). Consider using "
                  f"{op}(Tensor other, *, Number alpha = 1) instead.", UserWarning, stacklevel=3)
    return legacy[0], other


def _refuse_read_only(op: str, data: np.ndarray) -> None:
    """PyTorch's error for a write into memory that several elements share (an expand() view), or read-only memory."""
    if not data.flags.writeable:
        raise RuntimeError(f"{op}: unsupported operation: more than one element of the written-to tensor refers to a "
                           f"single memory location (an expand() view), or its memory is read-only. Please clone() "
                           f"the tensor before performing the operation.")


def _sizes_are_not_data(data: Any, requires_grad: Any) -> str:
    """Why Tensor(3) or Tensor(5, 3) is refused: PyTorch reads integers there as a size, not as numbers."""
    if type(data) is int and isinstance(requires_grad, int) and not isinstance(requires_grad, bool):
        sizes = f"{data}, {requires_grad}"
    elif type(data) is int:
        sizes = str(data)
    else:
        return f"Tensor(...): requires_grad must be True or False, got {requires_grad!r}."
    return (f"Tensor({sizes}): PyTorch reads integers here as a size (an uninitialised tensor), this engine reads "
            f"Tensor(data) as the numbers themselves, so it refuses the call rather than guess. Write "
            f"torch.zeros({sizes}) (or torch.empty({sizes})) for that shape, or torch.tensor({sizes if sizes.isdigit() else '...'}) for the number.")


_ONES: dict[tuple[int, np.dtype], np.ndarray] = {}  # read-only rows of ones, by length and dtype


def _ones(n: int, dtype: np.dtype) -> np.ndarray:
    """A row of n ones (kept for the next batch of the same size: a training loop asks for the same one each step)."""
    ones = _ONES.get((n, dtype))
    if ones is None:
        if len(_ONES) >= 16:
            _ONES.clear()
        ones = _ONES[(n, dtype)] = np.ones(n, dtype)
        ones.flags.writeable = False
    return ones


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum `grad` down to `shape`: the reverse of numpy broadcasting."""
    if grad.shape == shape:
        return grad
    # Axes that broadcasting added in front: sum them away.
    extra = grad.ndim - len(shape)
    if extra == 1 and grad.ndim == 2 and grad.dtype.kind == "f":
        # a bias's gradient summed over the batch: a row of ones times g is one BLAS call, where
        # numpy's sum over axis 0 of an (N, 16) array is about 10x slower
        grad = _ones(len(grad), grad.dtype) @ grad
        if grad.shape == shape:
            return grad
    elif extra:
        grad = grad.sum(axis=tuple(range(extra)))
        if grad.shape == shape:
            return grad
    # Axes where the input had size 1 and was stretched: sum, keeping the axis.
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


class Tensor(ElementwiseOps, ReductionOps, ShapeOps, SelectionOps):
    """An n-dimensional array (float64, float32, int64 or bool) with a gradient, like `torch.Tensor`.

    `._data` is the numpy array; `.data` hands it out as a DataArray (numpy's methods whose PyTorch namesake means
    something else raise); `.grad` is a Tensor of the same shape and dtype (or None).
    """

    __slots__ = ("_data", "_grad", "_requires_grad", "label", "_prev", "_backward", "_op", "_stamp", "_extras",
                 "_made", "__weakref__")
    __array_priority__ = 1000  # numpy array (op) Tensor calls Tensor's reflected op

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None, label: str = "") -> None:
        if type(data) is int or not isinstance(requires_grad, (bool, np.bool_)):
            raise TypeError(_sizes_are_not_data(data, requires_grad))
        if dtype is None and isinstance(data, (list, tuple)):
            dtype = dtypes.DEFAULT_FLOAT  # as PyTorch's Tensor([1, 2]): a list always makes floats
        self._data = _as_array(data, dtype)
        self._grad: Tensor | None = None
        self._requires_grad = False
        self.label = label
        self._prev: tuple[Tensor, ...] = ()
        self._backward: Backward | None = None
        self._op = ""
        self._extras: _Extras | None = None
        self._stamp = 0
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _result(cls, data: np.ndarray, inputs: tuple["Tensor", ...], op: str, backward: Backward | None) -> "Tensor":
        """The output of an op: it records inputs and backward only if a gradient can flow.

        `backward(g)` gets g = d(loss)/d(out) as a numpy array and returns one array (or None) per input."""
        out = cls.__new__(cls)
        if type(data) is not np.ndarray:  # a numpy scalar (a full reduction's), which cannot be written in place
            data = np.asarray(data)
        out._data, out._grad, out.label, out._op, out._extras = data, None, "", op, None
        out._stamp = _inplace_count  # the in-place count now: backward checks that no input changed since
        if backward is not None:
            if _GRAD_MODE.enabled:
                for t in inputs:
                    if t._requires_grad:  # (the slot behind requires_grad: this loop runs for every op)
                        out._requires_grad, out._prev, out._backward = True, inputs, backward
                        out._made = next(_OPS_MADE)  # after every input's: backward() runs the rules in reverse
                        return out
            else:
                for t in inputs:
                    if t._requires_grad or t._stamp == _MADE_UNDER_NO_GRAD:
                        out._stamp = _MADE_UNDER_NO_GRAD  # only for backward's error message
                        break
        out._requires_grad, out._prev, out._backward = False, (), None
        return out

    # Read as fast as a plain attribute; set through requires_grad_, which checks it as PyTorch does.
    requires_grad = property(operator.attrgetter("_requires_grad"),
                             lambda self, value: self.requires_grad_(value),
                             doc="Whether backward() computes a gradient for this tensor (and ops on it record a graph).")

    @property
    def data(self) -> DataArray:
        """The tensor's numbers as a numpy array sharing its memory (so `w.data -= lr * w.grad` updates w)."""
        return self._data.view(DataArray)

    @data.setter
    def data(self, value: Any) -> None:
        # t.data = other: t holds other's numbers from now on (its memory, for a tensor or an array), as PyTorch
        if isinstance(value, (list, tuple)):
            array = _as_array(value, dtypes.DEFAULT_FLOAT)  # as Tensor([...]): a list makes floats
        else:
            array = value._data if isinstance(value, Tensor) else np.asarray(value)
        if array.dtype != storage_dtype(array.dtype):
            array = _as_array(array, None)  # int32 -> int64; strings and objects refused with the reason
        if self._requires_grad and array.dtype.kind != "f":
            raise RuntimeError(f"data set to a tensor that requires gradients must be floating point (got "
                               f"{array.dtype}); convert first, e.g. w.data = new.double().")
        self._data = array

    # ------------------------------------------------------------ PyTorch-like basics
    @property
    def shape(self) -> Size:
        """The shape as a Size (a tuple of ints, like torch.Size), which prints as Size([2, 3]) and has numel()."""
        return Size(self._data.shape)

    @property
    def dtype(self) -> np.dtype:
        """float64, float32, int64 or bool (numpy dtypes, also exported as autograd_mini.float32 etc.)."""
        return self._data.dtype

    @property
    def ndim(self) -> int:
        """Number of dimensions (0 for a single number)."""
        return self._data.ndim

    @property
    def is_leaf(self) -> bool:
        """True for tensors not made by a recorded op (created ones, parameters, and everything that needs no grad)."""
        return self._backward is None

    @property
    def grad_fn(self) -> "GradFn | None":
        """The backward function of the op that made this tensor (named like PyTorch's, e.g. MulBackward0); None for leaves."""
        return None if self._backward is None else GradFn(self)

    @property
    def grad(self) -> "Tensor | None":
        """d(loss)/d(self) after backward(), a Tensor of self's shape and dtype. None for non-leaves unless retain_grad()."""
        return self._grad

    @grad.setter
    def grad(self, value: "Tensor | None") -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type {type(value).__name__}.")
            if value._data.shape != self._data.shape:
                raise RuntimeError(f"assigned grad has data of a different size: {tuple(value._data.shape)} for a tensor of shape {tuple(self._data.shape)}.")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError(f"assigned grad has data of a different type: {value._data.dtype} for a tensor of dtype {self._data.dtype}.")
        self._grad = value

    @grad.deleter
    def grad(self) -> None:
        self._grad = None

    @property
    def is_cuda(self) -> bool:
        """Always False, as this engine runs on the CPU."""
        return False

    @property
    def device(self) -> Any:
        """Always device(type='cpu'), as torch.device (its .type is 'cpu')."""
        from ..cuda import device
        return device("cpu")

    def is_floating_point(self) -> bool:
        """True for float32 and float64 tensors."""
        return self._data.dtype.kind == "f"

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor (a single number); use t.item() for the number, or t.numel().")
        return len(self._data)

    def __contains__(self, element: Any) -> bool:
        return bool(np.any(self._data == _lift(element, self)._data))

    def __iter__(self) -> Iterator["Tensor"]:
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor (a single number); use t.item().")
        return (self[i] for i in range(len(self._data)))

    # ---------------------------------------------------------------- conversions
    def _refuse_if_requires_grad(self, call: str) -> None:
        if self.requires_grad:
            raise RuntimeError(f"Can't call {call} on Tensor that requires grad. Use tensor.detach().numpy() instead.")

    def numpy(self) -> np.ndarray:
        """The data as a numpy array sharing memory with the tensor (as PyTorch); refused if it requires grad."""
        self._refuse_if_requires_grad("numpy()")
        return self._data

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        # np.asarray(t), plt.plot(t), np.testing.assert_allclose(t, ...): the data, for tensors that need no grad.
        self._refuse_if_requires_grad("numpy()")
        array = self._data if dtype is None else self._data.astype(dtype, copy=False)
        return array.copy() if copy else array

    def __getattr__(self, name: str) -> Any:
        # only for a name Tensor does not have: PyTorch's methods that do not exist here say what to use
        if name.startswith("_"):
            raise AttributeError(name)
        from ..missing import missing_method
        raise missing_method(name)

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        # numpy meets a Tensor. `array + tensor` is the Tensor op (the graph is kept); `array -= tensor`
        # (w.data -= lr * w.grad) writes the numbers into the array, as PyTorch's in-place op on .data does;
        # anything else (np.exp(t), np.maximum(a, t)) runs on the numbers of tensors that need no grad.
        out = kwargs.get("out")
        if method == "__call__" and out is None and len(inputs) == 2 and ufunc in _NUMPY_TO_TENSOR_OPS:
            a, b = (x if isinstance(x, Tensor) else _lift(x, self) for x in inputs)
            return _NUMPY_TO_TENSOR_OPS[ufunc](a, b)
        if out is not None and any(isinstance(o, Tensor) for o in out):
            return NotImplemented  # numpy writing into a Tensor: use the Tensor's own in-place ops
        arrays = [x.__array__() if isinstance(x, Tensor) else x for x in inputs]
        return getattr(ufunc, method)(*arrays, **kwargs)

    def _one_number(self, call: str) -> Any:
        if self._data.size != 1:
            raise RuntimeError(f"{call}: only one element tensors can be converted to Python scalars, but this one has shape {tuple(self._data.shape)}.")
        return self._data.item()

    def item(self) -> Any:
        """The single number in a one-element tensor, as a Python float, int or bool."""
        if self._data.size != 1:
            raise RuntimeError(f"item(): a Tensor with {self._data.size} elements cannot be converted to a number (shape {tuple(self._data.shape)}); select one element first, e.g. t[0].item(), or reduce with t.sum().")
        return self._data.item()

    def tolist(self) -> Any:
        """The data as (nested) Python lists of numbers."""
        return self._data.tolist()

    def __float__(self) -> float:
        return float(self._one_number("float()"))

    def __int__(self) -> int:
        return int(self._one_number("int()"))

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError(f"only integer tensors of a single element can be converted to an index (this one: dtype {self._data.dtype}, shape {tuple(self._data.shape)}).")
        return int(self._data.reshape(()))

    def __bool__(self) -> bool:
        if self._data.size != 1:
            many = "more than one value" if self._data.size else "no values"
            raise RuntimeError(
                f"Boolean value of Tensor with {many} is ambiguous (shape {tuple(self._data.shape)}). "
                f"Use (t > 0).all() or .any() for a test over all elements, or torch.equal(a, b) to compare tensors."
            )
        return bool(self._data.reshape(()))

    def __format__(self, spec: str) -> str:
        if self._data.ndim == 0:
            return format(self._data.item(), spec)
        if spec:
            raise TypeError(f"unsupported format string {spec!r} for a Tensor of shape {tuple(self._data.shape)}; format one number, e.g. f'{{t.item():{spec}}}' or f'{{t[0]:{spec}}}'.")
        return repr(self)

    def to(self, *args: Any, **kwargs: Any) -> "Tensor":
        """to(dtype), to("cpu"), to(other_tensor): a converted tensor (self when nothing changes)."""
        dtype = kwargs.pop("dtype", None)
        kwargs.pop("device", None), kwargs.pop("non_blocking", None), kwargs.pop("copy", None)
        if kwargs:
            raise TypeError(f"to(): unexpected arguments {sorted(kwargs)}.")
        for arg in args:
            if isinstance(arg, Tensor):
                dtype = arg._data.dtype
            elif isinstance(arg, str) and str(arg).split(":")[0] in ("cpu", "cuda", "mps"):
                if str(arg).split(":")[0] != "cpu":
                    raise RuntimeError(f"to({arg!r}): this engine runs on the CPU only; torch.cuda.is_available() is False.")
            elif arg is not None and not (hasattr(arg, "type") and getattr(arg, "type", None) == "cpu"):
                dtype = arg
        return self if dtype is None else self.type(dtype)

    def type(self, dtype: Any = None) -> Any:
        """type(): the type name, e.g. 'torch.FloatTensor'; type(dtype): the tensor converted to `dtype` (gradient flows back)."""
        if dtype is None:
            return _TYPE_NAMES[self._data.dtype]
        dtype = as_dtype(getattr(dtype, "legacy_dtype", dtype))  # x.type(torch.LongTensor), as PyTorch
        if dtype == self._data.dtype:
            return self
        source = self._data.dtype
        # d(cast x)/dx = 1: the gradient goes back cast to the source dtype (none flows into int or bool tensors)
        backward = (lambda g: (g.astype(source),)) if source.kind == "f" and dtype.kind == "f" else None
        return Tensor._result(self._data.astype(dtype), (self,), "to", backward)

    def float(self) -> "Tensor":
        """Converted to float32 (gradient flows back)."""
        return self.type(dtypes.float32)

    def double(self) -> "Tensor":
        """Converted to float64 (gradient flows back)."""
        return self.type(dtypes.float64)

    def long(self) -> "Tensor":
        """Converted to int64 (fractions truncated toward zero; no gradient)."""
        return self.type(dtypes.int64)

    def bool(self) -> "Tensor":
        """Converted to bool (nonzero is True; no gradient)."""
        return self.type(dtypes.bool_)

    def cpu(self) -> "Tensor":
        """Self: this engine runs on the CPU."""
        return self

    def detach(self) -> "Tensor":
        """The same numbers (sharing memory, as in PyTorch), cut off from the graph: no history, no grad."""
        return Tensor._result(self._data, (), "detach", None)

    def detach_(self) -> "Tensor":
        """Cut this tensor off from its graph, in place: it becomes a leaf that needs no grad."""
        self._prev, self._backward, self._requires_grad = (), None, False
        return self

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        """Switch gradient recording for this leaf on (or off); only float tensors can require grad."""
        if requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError(
                f"only Tensors of floating point dtype can require gradients (this one is {self._data.dtype}); "
                f"convert first, e.g. t.float() or t.double()."
            )
        if not requires_grad and self._backward is not None:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to use a computed variable "
                "in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
            )
        self._requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in `.grad` after backward() (leaves always keep theirs)."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._backward is not None:
            self._hooks_and_flags().retains_grad = True

    def register_hook(self, hook: Callable[["Tensor"], "Tensor | None"]) -> "Hook":
        """Call hook(grad) when this tensor's gradient is computed; a Tensor it returns replaces the gradient."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        extras = self._hooks_and_flags()
        extras.hooks.append(hook)
        return Hook(extras.hooks, hook)

    def _hooks_and_flags(self) -> "_Extras":
        if self._extras is None:
            self._extras = _Extras()
        return self._extras

    def zero_grad(self) -> None:
        """Forget the gradient (set .grad to None)."""
        self._grad = None

    def __repr__(self) -> str:
        data = self._data
        if data.dtype.kind == "f":
            # PyTorch's print: whole numbers as "2.", anything else with 4 decimals ("2.5000", "1.0000e-05")
            finite = data[np.isfinite(data)]
            whole = finite.size == 0 or bool(np.all(finite == np.round(finite)))
            if whole:  # ... unless they span more than 1000x or exceed 1e8: then all in e-notation ("1.0000e+10")
                sizes = np.abs(finite[finite != 0])
                whole = sizes.size == 0 or not (sizes.max() > 1e8 or sizes.max() / sizes.min() > 1000)
            body = np.array2string(data, precision=4, separator=", ", prefix="tensor(",
                                   floatmode="maxprec_equal" if whole else "fixed")
        else:
            body = np.array2string(data, separator=", ", prefix="tensor(")
        extra = f", dtype={data.dtype}" if data.dtype not in (dtypes.DEFAULT_FLOAT, dtypes.int64, dtypes.bool_) else ""
        if self._backward is not None:
            extra += f", grad_fn=<{GradFn(self).name()}>"
        elif self.requires_grad:
            extra += ", requires_grad=True"
        return f"tensor({body}{extra})"

    # ------------------------------------------------------------------ backward
    def backward(self, gradient: Any = None, retain_graph: bool | None = None, create_graph: bool = False) -> None:
        """Compute d(self)/d(leaf) into every leaf's `.grad` (leaves accumulate, like PyTorch).

        The graph's saved values are freed afterwards: a second backward() through it needs retain_graph=True."""
        if create_graph:
            raise NotImplementedError("backward(create_graph=True): gradients of gradients are not supported by this engine.")
        if not self.requires_grad:
            raise RuntimeError(_no_grad_reason(self))
        if gradient is None:
            if self._data.size != 1:
                raise RuntimeError(
                    f"grad can be implicitly created only for scalar outputs: backward() on a tensor of shape "
                    f"{tuple(self._data.shape)}. Reduce it first (e.g. loss = out.sum() or out.mean()), or pass "
                    f"backward(gradient=...) of shape {tuple(self._data.shape)}."
                )
            seed = np.array(1, dtype=self._data.dtype)  # d(self)/d(self) = 1
            if self._data.ndim:
                seed = seed.reshape(self._data.shape)
        else:
            seed = np.asarray(gradient._data if isinstance(gradient, Tensor) else gradient, dtype=self._data.dtype)
            if seed.shape != self._data.shape:
                raise ShapeError(f"backward: gradient has shape {tuple(seed.shape)} but the output has shape {tuple(self._data.shape)}.")
        keep = bool(retain_graph)
        grads: dict[Tensor, np.ndarray] = {self: seed}  # d(self)/d(node), summed over all paths
        for node in _ops_latest_first(self):  # every op, each after all its users
            g = grads.pop(node, None)
            backward = node._backward
            if backward is _freed:
                raise RuntimeError(GRAPH_FREED)
            if node._stamp < _inplace_count:
                _check_unchanged(node)
            if not keep:
                node._backward = _freed
            if g is None:
                continue
            if g.dtype != node._data.dtype:
                g = g.astype(node._data.dtype)  # a float32 tensor gets a float32 gradient, whatever it fed into
            if node._extras is not None:
                g = node._extras.run_hooks(g)
                if node._extras.retains_grad:
                    _accumulate(node, g)
            for parent, parent_grad in zip(node._prev, backward(g)):
                if parent_grad is not None and parent._requires_grad:
                    grads[parent] = parent_grad if parent not in grads else grads[parent] + parent_grad
        for leaf, g in grads.items():  # what is left are the leaves, each with the sum over all its paths
            if g.dtype != leaf._data.dtype:
                g = g.astype(leaf._data.dtype)
            if leaf._extras is not None:
                g = leaf._extras.run_hooks(g)
            _accumulate(leaf, g)  # leaves accumulate, as in PyTorch

    # ------------------------------------------------------------------ arithmetic
    def __add__(self, other: Any) -> "Tensor":
        other = _lift(other, self)
        out = _broadcasting("add", np.add, self, other)
        a_shape, b_shape = self._data.shape, other._data.shape
        return Tensor._result(out, (self, other), "+", lambda g: (_unbroadcast(g, a_shape), _unbroadcast(g, b_shape)))

    def __sub__(self, other: Any) -> "Tensor":
        other = _lift(other, self)
        if self._data.dtype == np.bool_ or other._data.dtype == np.bool_:
            raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying "
                               "to invert a mask, use the `~` or `logical_not()` operator instead.")
        out = _broadcasting("sub", np.subtract, self, other)
        a_shape, b_shape = self._data.shape, other._data.shape
        return Tensor._result(out, (self, other), "-", lambda g: (_unbroadcast(g, a_shape), _unbroadcast(-g, b_shape)))

    def __mul__(self, other: Any) -> "Tensor":
        if type(other) is float and self._data.dtype.kind == "f":  # lr * grad: a constant factor keeps the dtype
            if not self._requires_grad and self._stamp != _MADE_UNDER_NO_GRAD:  # no graph can start here
                return _constant(self._data * other, "*")
            return Tensor._result(self._data * other, (self,), "*", lambda g: (g * other,))  # d(ca)/da = c
        other = _lift(other, self)
        a, b = self._data, other._data
        out = _broadcasting("mul", np.multiply, self, other)
        # d(ab)/da = b, d(ab)/db = a
        return Tensor._result(out, (self, other), "*", lambda g: (_unbroadcast(g * b, a.shape), _unbroadcast(g * a, b.shape)))

    def __truediv__(self, other: Any) -> "Tensor":
        other = _lift(other, self)
        a, b = self._data, other._data
        with np.errstate(divide="ignore", invalid="ignore"):  # x/0 gives inf or nan, as in PyTorch
            out = _broadcasting("div", np.divide, self, other)
            # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
            return Tensor._result(out, (self, other), "/", lambda g: (_unbroadcast(g / b, a.shape), _unbroadcast(-g * a / (b * b), b.shape)))

    def __pow__(self, exponent: Any) -> "Tensor":
        a = self._data
        if isinstance(exponent, np.ndarray):  # an array of exponents is a constant, as for + - * /
            exponent = _lift(exponent, self)
        if isinstance(exponent, Tensor):
            n = exponent._data
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
        if a.dtype.kind == "b":
            a = a.astype(np.int64)  # bools count as 0 and 1 (numpy's power of bools would be int8)
        if np.any(a < 0) and not float(exponent).is_integer():
            raise ValueError(f"pow: a negative base ({a[a < 0].flat[0]:g}) with the non-integer exponent {exponent} is not a real number. Use abs() or an integer exponent.")
        with np.errstate(divide="ignore"):
            out = a**exponent
        if exponent == 0:  # a^0 = 1 is flat: gradient 0, even at a = 0 where n a^(n-1) would be 0 * inf = nan
            return Tensor._result(out, (self,), "**0", lambda g: (np.zeros_like(a),))
        # d(a^n)/da = n a^(n-1)
        return Tensor._result(out, (self,), f"**{exponent:g}", lambda g: (g * exponent * a ** (exponent - 1),))

    def __neg__(self) -> "Tensor":
        if self._data.dtype == np.bool_:
            raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                               "invert a mask, use the `~` or `logical_not()` operator instead.")
        return Tensor._result(-self._data, (self,), "neg", lambda g: (-g,))

    # ---------------------------------------------- logical ops on bool (and int) tensors: no gradient
    def _logical(self, other: Any, op: str, fn: Callable) -> "Tensor":
        other = _lift(other, self)
        if self._data.dtype.kind == "f" or other._data.dtype.kind == "f":
            raise TypeError(f"'{op}' is for bool (or integer) tensors, not {self._data.dtype} and {other._data.dtype}; "
                            f"compare first, e.g. (x > 0) {op} (x < 1).")
        return Tensor._result(_broadcasting(op, fn, self, other), (), op, None)

    def __and__(self, other: Any) -> "Tensor":
        return self._logical(other, "&", np.bitwise_and)

    def __or__(self, other: Any) -> "Tensor":
        return self._logical(other, "|", np.bitwise_or)

    def __xor__(self, other: Any) -> "Tensor":
        return self._logical(other, "^", np.bitwise_xor)

    __rand__, __ror__, __rxor__ = __and__, __or__, __xor__

    def __invert__(self) -> "Tensor":
        if self._data.dtype.kind == "f":
            raise TypeError(f"'~' is for bool (or integer) tensors, not {self._data.dtype}; compare first, e.g. ~(x > 0).")
        return Tensor._result(~self._data, (), "~", None)

    def logical_not(self) -> "Tensor":
        """Elementwise not, as a bool tensor."""
        return Tensor._result(np.logical_not(self._data), (), "logical_not", None)

    def logical_and(self, other: Any) -> "Tensor":
        """Elementwise and, as a bool tensor."""
        return Tensor._result(np.logical_and(self._data, _lift(other, self)._data), (), "logical_and", None)

    def logical_or(self, other: Any) -> "Tensor":
        """Elementwise or, as a bool tensor."""
        return Tensor._result(np.logical_or(self._data, _lift(other, self)._data), (), "logical_or", None)

    def pow(self, exponent: Any) -> "Tensor":
        """self ** exponent (PyTorch's Tensor.pow)."""
        return self**exponent

    def neg(self) -> "Tensor":
        """-self (PyTorch's Tensor.neg)."""
        return -self

    # PyTorch's method names for the operators: x.mul(y) is x * y, x.eq(y) is x == y, ...
    def add(self, other: Any, *, alpha: Any = 1) -> "Tensor":
        """self + alpha * other."""
        return self + (other if alpha == 1 else other * alpha)

    def sub(self, other: Any, *, alpha: Any = 1) -> "Tensor":
        """self - alpha * other."""
        return self - (other if alpha == 1 else other * alpha)

    def mul(self, other: Any) -> "Tensor":
        """self * other."""
        return self * other

    def div(self, other: Any, *, rounding_mode: str | None = None) -> "Tensor":
        """self / other; rounding_mode 'floor' rounds the quotient down, 'trunc' towards zero (gradient 0), as PyTorch."""
        return self / other if rounding_mode is None else divide_rounded(self, other, rounding_mode)

    def matmul(self, other: Any) -> "Tensor":
        """self @ other."""
        return self @ other

    def mm(self, mat2: Any) -> "Tensor":
        """The product of two matrices (both 2-D), as torch.mm; matmul (@) takes other shapes."""
        mat2 = _lift(mat2, self)
        if self._data.ndim != 2 or mat2._data.ndim != 2:
            raise RuntimeError(f"mm: both operands must be matrices (2-D), got shapes {tuple(self._data.shape)} and "
                               f"{tuple(mat2._data.shape)}; use matmul (or @) for other shapes.")
        return self @ mat2

    def dot(self, other: Any) -> "Tensor":
        """The dot product of two 1-D tensors, as torch.dot."""
        other = _lift(other, self)
        if self._data.ndim != 1 or other._data.ndim != 1:
            raise RuntimeError(f"dot: both operands must be 1-D, got shapes {tuple(self._data.shape)} and "
                               f"{tuple(other._data.shape)}; use matmul (or @) for other shapes.")
        return self @ other

    # PyTorch's methods for what this engine writes as torch.* functions (functions.py)
    def equal(self, other: Any) -> bool:
        """True if both tensors have the same shape and the same elements (torch.equal)."""
        from .. import functions
        return functions.equal(self, other)

    def allclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> bool:
        """True if `|self - other| <= atol + rtol * |other|` everywhere (torch.allclose)."""
        from .. import functions
        return functions.allclose(self, other, rtol, atol, equal_nan)

    def isclose(self, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> "Tensor":
        """Elementwise `|self - other| <= atol + rtol * |other|`, as a bool tensor (torch.isclose)."""
        from .. import functions
        return functions.isclose(self, other, rtol, atol, equal_nan)

    def unique(self, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
               dim: int | None = None) -> Any:
        """The distinct elements in increasing order, and optionally the inverse and counts (torch.unique)."""
        from .. import functions
        return functions.unique(self, sorted, return_inverse, return_counts, dim)

    def eq(self, other: Any) -> "Tensor":
        """self == other, elementwise (bool)."""
        return self == other

    def ne(self, other: Any) -> "Tensor":
        """self != other, elementwise (bool)."""
        return self != other

    def gt(self, other: Any) -> "Tensor":
        """self > other, elementwise (bool)."""
        return self > other

    def lt(self, other: Any) -> "Tensor":
        """self < other, elementwise (bool)."""
        return self < other

    def ge(self, other: Any) -> "Tensor":
        """self >= other, elementwise (bool)."""
        return self >= other

    def le(self, other: Any) -> "Tensor":
        """self <= other, elementwise (bool)."""
        return self <= other

    def view_as(self, other: "Tensor") -> "Tensor":
        """self viewed in other's shape (PyTorch's MNIST example: pred.eq(target.view_as(pred)))."""
        return self.view(other.shape)

    def reshape_as(self, other: "Tensor") -> "Tensor":
        """self reshaped to other's shape."""
        return self.reshape(other.shape)

    def type_as(self, other: "Tensor") -> "Tensor":
        """self converted to other's dtype."""
        return self.to(other.dtype)

    def __rsub__(self, other: Any) -> "Tensor":
        return _lift(other, self) - self

    def __rtruediv__(self, other: Any) -> "Tensor":
        return _lift(other, self) / self

    def __rpow__(self, other: Any) -> "Tensor":
        return _lift(other, self) ** self

    def __matmul__(self, other: Any) -> "Tensor":
        other = _lift(other, self)
        a, b = self._data, other._data
        if a.dtype != b.dtype:  # PyTorch refuses too: a float32 model fed float64 data is a bug to fix, not to hide
            raise RuntimeError(
                f"matmul: expected both operands to have the same dtype, but got {a.dtype} @ {b.dtype} (shapes "
                f"{tuple(a.shape)} @ {tuple(b.shape)}). Convert one, e.g. x.float() for a float32 model, or x.double()."
            )
        if a.ndim == 0 or b.ndim == 0:
            raise ShapeError(f"matmul: both operands need at least one dimension, got shapes {tuple(a.shape)} and {tuple(b.shape)}; use * for scaling.")
        try:
            out = a @ b
        except ValueError:
            raise ShapeError(
                f"matmul: shapes {tuple(a.shape)} @ {tuple(b.shape)} do not fit: the last dimension of the left ({a.shape[-1]}) "
                f"must equal the {'only' if b.ndim == 1 else 'second-to-last'} dimension of the right "
                f"({b.shape[0] if b.ndim == 1 else b.shape[-2]}). Transpose one of them (.T) or fix the layer sizes."
            ) from None

        need_a, need_b = self._requires_grad, other._requires_grad  # data fed in (x in x @ W.T) needs no gradient

        def backward(g: np.ndarray) -> tuple:
            if a.ndim == 2 and b.ndim == 2:  # dA = g B^T, dB = A^T g, each only when it is wanted
                return (g @ b.T if need_a else None), (a.T @ g if need_b else None)
            if a.ndim == 1 and b.ndim == 1:  # a dot product: out = sum(a * b) is one number, g is 0-d
                return g * b, g * a
            # Batched or 1-D operands: 1-D ones are promoted to matrices first.
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

    __radd__ = __add__  # a + b = b + a, to the last bit
    __rmul__ = __mul__  # a * b = b * a, to the last bit

    def __rmatmul__(self, other: Any) -> "Tensor":
        return _lift(other, self) @ self

    def __getitem__(self, index: Any) -> "Tensor":
        index = _index_array(index, "index")
        ints_first = _ints_first(index)
        if ints_first is not None:  # x[0, :, [1, 2]]: PyTorch selects with the ints first, then indexes the rest
            return self[ints_first[0]][ints_first[1]]
        shape = self._data.shape
        try:
            out = self._data[index]
        except IndexError as error:
            raise IndexError(f"index: {error} (tensor shape {tuple(shape)}).") from None
        if _is_basic(index):
            # Slices and integers select each element at most once: the result is a view (as in PyTorch)
            # and the gradient is g written back into the selected place.
            def backward(g: np.ndarray) -> tuple[np.ndarray]:
                grad = np.zeros(shape, dtype=g.dtype)
                grad[index] = g
                return (grad,)

            if not isinstance(out, np.ndarray):  # all integers: numpy gives a copied number, `...` a 0-d view
                out = self._data[(*(index if isinstance(index, tuple) else (index,)), Ellipsis)]
            return Tensor._result(out, (self,), "index", backward)

        def gather_backward(g: np.ndarray) -> tuple[np.ndarray]:
            grad = np.zeros(shape, dtype=g.dtype)
            np.add.at(grad, index, g)  # add.at: a repeated index receives each of its shares
            return (grad,)

        return Tensor._result(out, (self,), "index", gather_backward)

    # ------------------------------------------------------------ in-place ops
    # They write into `data` itself (so views and detach() see the change, as in PyTorch), and are
    # refused where they would corrupt a gradient: on any tensor that requires grad while a graph is
    # being recorded. Under no_grad they are allowed (the `p -= lr * p.grad` update); if a graph built
    # earlier saved the changed array, its backward() raises instead of using the new numbers.
    def _check_inplace(self, op: str) -> None:
        if self.requires_grad and _GRAD_MODE.enabled:
            if self._backward is None:
                raise RuntimeError(
                    f"{op}: a leaf Variable that requires grad is being used in an in-place operation. "
                    f"To update a parameter, do it inside `with no_grad():` (e.g. p -= lr * p.grad)."
                )
            raise RuntimeError(
                f"{op}: in-place change of a tensor that is part of a recorded graph (it requires grad). This engine "
                f"does not rewrite graphs in place; write the out-of-place form instead, e.g. y = y + 1 for y += 1, "
                f"or y = y.clamp(...) for y.clamp_(...)."
            )

    def _inplace(self, op: str, fn: Callable, other: Any) -> "Tensor":
        if self._requires_grad and _GRAD_MODE.enabled:
            self._check_inplace(op)
        data = self._data
        value = other._data if isinstance(other, Tensor) else _lift(other, self)._data
        divide = fn is np.true_divide
        if value.dtype != data.dtype or divide and data.dtype.kind != "f":
            dtype = result_type(data, value) if not divide or data.dtype.kind == "f" else dtypes.DEFAULT_FLOAT
            if not can_cast(dtype, data.dtype):
                raise RuntimeError(f"{op}: result type {dtype} can't be cast to the desired output type {data.dtype}; convert first, e.g. t = t.double().")
            value = value.astype(dtype, copy=False)
        try:
            if divide:
                with np.errstate(divide="ignore", invalid="ignore"):  # x/0 gives inf or nan, as in PyTorch
                    fn(data, value, out=data)
            else:
                fn(data, value, out=data)
        except ValueError:
            _refuse_read_only(op, data)
            raise ShapeError(
                f"{op}: the result of shapes {tuple(data.shape)} and {tuple(value.shape)} does not fit in place "
                f"into shape {tuple(data.shape)}: an in-place op cannot change the tensor's shape."
            ) from None
        _note_inplace(data)
        return self

    def __iadd__(self, other: Any) -> "Tensor":
        return self._inplace("+=", np.add, other)

    def __isub__(self, other: Any) -> "Tensor":
        return self._inplace("-=", np.subtract, other)

    def __imul__(self, other: Any) -> "Tensor":
        return self._inplace("*=", np.multiply, other)

    def __itruediv__(self, other: Any) -> "Tensor":
        return self._inplace("/=", np.true_divide, other)

    def add_(self, other: Any, *legacy: Any, alpha: Any = 1) -> "Tensor":
        """self += alpha * other, in place (the old add_(alpha, other) too, with PyTorch's deprecation warning)."""
        other, alpha = _legacy_alpha("add_", other, legacy, alpha)
        return self._inplace("add_", np.add, other if alpha == 1 else _lift(other, self)._data * alpha)

    def sub_(self, other: Any, *legacy: Any, alpha: Any = 1) -> "Tensor":
        """self -= alpha * other, in place (the old sub_(alpha, other) too, with PyTorch's deprecation warning)."""
        other, alpha = _legacy_alpha("sub_", other, legacy, alpha)
        return self._inplace("sub_", np.subtract, other if alpha == 1 else _lift(other, self)._data * alpha)

    def mul_(self, other: Any) -> "Tensor":
        """`self *= other`, in place."""
        return self._inplace("mul_", np.multiply, other)

    def div_(self, other: Any) -> "Tensor":
        """self /= other, in place."""
        return self._inplace("div_", np.true_divide, other)

    def _write(self, op: str, index: Any, value: Any) -> "Tensor":
        """data[index] = value, in place (value broadcast; cast to self's dtype, as PyTorch's copy_ does)."""
        self._check_inplace(op)
        target = self._data
        ints_first = _ints_first(index)
        if ints_first is not None:  # as in __getitem__: the ints select a view first, the rest indexes into it
            target, index = target[ints_first[0]], ints_first[1]
        if isinstance(value, Tensor):
            if value.requires_grad and _GRAD_MODE.enabled:
                raise RuntimeError(
                    f"{op}: writing a tensor that requires grad into another tensor is not supported (the gradient "
                    f"would be lost). Build the result out of place instead: torch.where(mask, value, x), "
                    f"x.masked_fill(mask, value), or torch.cat/stack."
                )
            value = value._data
        elif value is None or isinstance(value, str):
            raise TypeError(f"{op}: cannot write {value!r} into a tensor of {self._data.dtype}; write a number or a "
                            f"tensor (float('nan') for a missing value).")
        try:
            target[index] = value
        except ValueError as error:
            _refuse_read_only(op, self._data)
            raise ShapeError(f"{op}: cannot write a value of shape {np.shape(value)} into the selected part of shape {tuple(self._data.shape)} ({error}).") from None
        _note_inplace(self._data)
        return self

    def __setitem__(self, index: Any, value: Any) -> None:
        self._write("setitem", _index_array(index, "setitem"), value)

    def copy_(self, src: Any) -> "Tensor":
        """Copy src's numbers into self, in place (broadcast to self's shape, cast to self's dtype)."""
        return self._write("copy_", Ellipsis, src)

    def fill_(self, value: Any) -> "Tensor":
        """Set every element to `value`, in place."""
        return self._write("fill_", Ellipsis, value)

    def zero_(self) -> "Tensor":
        """Set every element to 0, in place (e.g. p.grad.zero_())."""
        return self._write("zero_", Ellipsis, 0)

    def uniform_(self, low: float = 0.0, high: float = 1.0, *, generator: Any = None) -> "Tensor":
        """Fill with numbers drawn uniformly from [low, high), in place (the global generator: torch.manual_seed)."""
        from ..nn import init
        self._check_inplace("uniform_")
        return init.uniform_(self, low, high, generator=generator)

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> "Tensor":
        """Fill with numbers drawn from a normal distribution N(mean, std²), in place (the global generator)."""
        from ..nn import init
        self._check_inplace("normal_")
        return init.normal_(self, mean, std, generator=generator)

    def clamp_(self, min: Any = None, max: Any = None) -> "Tensor":  # noqa: A002 (PyTorch's argument names)
        """Limit every element to [min, max], in place."""
        self._check_inplace("clamp_")
        if min is None and max is None:
            raise RuntimeError("clamp_: at least one of min or max must not be None.")
        low = None if min is None else _lift(min, self)._data
        high = None if max is None else _lift(max, self)._data
        for bound in (low, high):
            if bound is not None and not can_cast(result_type(self._data, bound), self._data.dtype):
                raise RuntimeError(f"clamp_: result type {result_type(self._data, bound)} can't be cast to the desired "
                                   f"output type {self._data.dtype} (a fractional bound on an integer tensor); write "
                                   f"t = t.clamp(...) for a float result, or give whole-number bounds.")
        _refuse_read_only("clamp_", self._data)
        np.clip(self._data, low, high, out=self._data)
        _note_inplace(self._data)
        return self

    # ------------------------------------------------------ comparisons (no gradient)
    def _compare(self, other: Any, op: str, fn: Callable) -> "Tensor":
        if not isinstance(other, (Tensor, int, float, np.ndarray, np.generic, list, tuple)):
            return NotImplemented
        other = _lift(other, self)
        return Tensor._result(_broadcasting(op, fn, self, other), (), op, None)

    def __gt__(self, other: Any) -> "Tensor":
        return self._compare(other, ">", np.greater)

    def __lt__(self, other: Any) -> "Tensor":
        return self._compare(other, "<", np.less)

    def __ge__(self, other: Any) -> "Tensor":
        return self._compare(other, ">=", np.greater_equal)

    def __le__(self, other: Any) -> "Tensor":
        return self._compare(other, "<=", np.less_equal)

    def __eq__(self, other: Any) -> "Tensor":  # type: ignore[override]
        return self._compare(other, "==", np.equal)

    def __ne__(self, other: Any) -> "Tensor":  # type: ignore[override]
        return self._compare(other, "!=", np.not_equal)

    __hash__ = object.__hash__  # tensors are graph nodes: a dict or set tells them apart by identity


# ------------------------------------------------------------------------ helpers
def _lift(x: Any, like: Tensor) -> Tensor:
    """A number or array as a constant Tensor; a Python number takes `like`'s dtype unless it is of a higher kind."""
    if isinstance(x, Tensor):
        return x
    dtype = like._data.dtype
    if type(x) is float and dtype.kind == "f":  # float * float tensor: the common case, no lookup
        return Tensor._result(np.asarray(x, dtype), (), "const", None)
    if isinstance(x, (int, float, np.generic)):  # bool is an int
        return Tensor._result(np.asarray(x, scalar_dtype(dtype, x)), (), "const", None)
    return Tensor._result(_as_array(x, None), (), "const", None)


def _broadcasting(name: str, fn: Callable, a: Tensor, b: Tensor) -> np.ndarray:
    """fn(a, b) on the arrays, both cast to the promoted dtype (torch.result_type), with a clear shape error."""
    x, y = a._data, b._data
    if x.dtype != y.dtype:
        dtype = result_type(x, y)
        x, y = x.astype(dtype, copy=False), y.astype(dtype, copy=False)
    try:
        return fn(x, y)
    except ValueError:
        raise ShapeError(
            f"{name}: shapes {tuple(a._data.shape)} and {tuple(b._data.shape)} cannot be broadcast together. Dimensions are matched from the "
            f"right and must be equal or 1; reshape one operand (e.g. x.reshape(-1, 1)) or check the layer sizes."
        ) from None
    except TypeError as error:  # e.g. bool - bool
        raise TypeError(f"{name}: not defined for dtypes {a._data.dtype} and {b._data.dtype} ({error}); convert first, e.g. t.long() or t.float().") from None


def _index_array(index: Any, op: str) -> Any:
    """A Tensor index (or Tensors inside a tuple) as numpy arrays: bool masks and integers only, as PyTorch."""
    if isinstance(index, Tensor):
        return _index_data(index, op)
    if isinstance(index, tuple) and any(isinstance(i, Tensor) for i in index):
        return tuple(_index_data(i, op) if isinstance(i, Tensor) else i for i in index)
    if isinstance(index, list) and index:
        if len(index) < 32 and any(isinstance(i, (list, tuple, Tensor, np.ndarray, slice)) or i is None or i is Ellipsis
                                   for i in index):
            raise IndexError(_NESTED_LIST_INDEX.format(op=op, index=index))
        if any(isinstance(i, float) for i in index):
            return _index_data(Tensor(index), op)
    return index


# PyTorch (2.13) reads x[[[0, 1], [1, 2]]] as x[[0, 1], [1, 2]] (deprecated, to become an index tensor), numpy as one index array
_NESTED_LIST_INDEX = (
    "{op}: x[{index!r:.60}] is a list holding lists (or tensors, slices, None): PyTorch reads it as x[tuple(seq)], "
    "one index per dim (and warns that it will read it as x[torch.tensor(seq)]), numpy as one index array. Say which "
    "you mean: x[tuple(seq)] for one index per dim, x[torch.tensor(seq)] for an index tensor.")


def _index_data(index: Tensor, op: str) -> Any:
    if index._data.dtype.kind not in "iub":
        raise IndexError(
            f"{op}: tensors used as indices must be long, int, byte or bool tensors, not {index._data.dtype}. "
            f"For class labels use t.long(); for a selection use a comparison, e.g. x[x > 0]."
        )
    if index._data.ndim == 0 and index._data.dtype.kind != "b":
        return int(index._data)  # a 0-d integer tensor indexes as an int, as in PyTorch: a view, not a copy
    return index._data


def _is_int(part: Any) -> bool:
    return isinstance(part, (int, np.integer)) and not isinstance(part, (bool, np.bool_))


def _ints_first(index: Any) -> "tuple[tuple, tuple] | None":
    """(ints, rest) for an index mixing ints with lists or arrays, else None.

    numpy broadcasts the ints with the arrays, and moves the result to the front when a slice separates them:
    x[0, :, [1, 2]] of a (2, 3, 4) array is (2, 3). PyTorch selects with each int first (a view) and then
    indexes what is left: x[0][:, [1, 2]], (3, 2). `ints` indexes the int dims only, `rest` the others."""
    if not isinstance(index, tuple) or not any(isinstance(part, (list, tuple, range, np.ndarray)) for part in index):
        return None  # (x[:, 0], x[0, 1:]: basic indexing, the common case, leaves here)
    index = tuple(int(part) if isinstance(part, np.ndarray) and part.ndim == 0 and part.dtype.kind in "iu"
                  else list(part) if isinstance(part, (tuple, range)) else part for part in index)
    if not any(map(_is_int, index)) or not any(isinstance(part, (list, np.ndarray)) for part in index):
        return None
    ints: list[Any] = []
    for part in index:
        if _is_int(part) or part is Ellipsis:
            ints.append(part)
        elif part is not None and not isinstance(part, (bool, np.bool_)):  # (a bool scalar adds a dim, as None)
            # a slice or an index array keeps its dims (a mask one per mask dim)
            dims = part.ndim if isinstance(part, np.ndarray) and part.dtype == np.bool_ else 1
            ints.extend([slice(None)] * dims)
    return tuple(ints), tuple(part for part in index if not _is_int(part))


def _is_basic(index: Any) -> bool:
    """True for an index of integers, slices, None and ... only (each element selected at most once)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(isinstance(i, (int, np.integer, slice, type(None), type(Ellipsis))) and not isinstance(i, (bool, np.bool_)) for i in parts)


def _accumulate(node: Tensor, g: np.ndarray) -> None:
    """Add g into node.grad, as PyTorch does: the grad Tensor stays the same object across backward() calls."""
    if getattr(g, "shape", None) != node._data.shape:  # a broadcast here would be silently wrong: say which rule broke
        raise RuntimeError(f"backward: a gradient of shape {np.shape(g)} reached a tensor of shape "
                           f"{tuple(node._data.shape)} (made by '{node._op or 'a leaf'}'); a gradient must have its "
                           f"tensor's shape. Check the hook or backward rule that returned it.")
    grad = node._grad
    if grad is None:
        # A copy in node's dtype: g may be shared with another input's gradient, or a read-only broadcast view.
        copy = g.astype(node._data.dtype) if type(g) is np.ndarray else np.array(g, dtype=node._data.dtype)
        node._grad = _constant(copy, "grad")
    elif grad._data.flags.writeable:
        np.add(grad._data, g, out=grad._data)  # in place, as PyTorch: an earlier x.grad.numpy() shows the sum
        _note_inplace(grad._data)
    else:  # a read-only grad someone assigned (an expand() view): new memory
        grad._data = grad._data + g


def _constant(data: np.ndarray, op: str) -> Tensor:
    """A Tensor with no history around `data` (what _result makes when no gradient can flow, in fewer steps)."""
    out = Tensor.__new__(Tensor)
    out._data, out._grad, out.label, out._op, out._extras, out._stamp = data, None, "", op, None, _inplace_count
    out._requires_grad, out._prev, out._backward = False, (), None
    return out


def _no_grad_reason(t: Tensor) -> str:
    """Why backward() cannot start at `t`, which does not require grad."""
    start = "element 0 of tensors does not require grad and does not have a grad_fn: backward() "
    why = NO_GRADIENT.get(t._op)
    if why:
        return f"{start}on the result of '{t._op}', {why}, which has no gradient."
    if t._stamp == _MADE_UNDER_NO_GRAD:
        return (f"{start}on the result of '{t._op}', computed inside `with no_grad():` (or inference_mode), which records "
                f"no graph. Compute the loss outside the no_grad block.")
    if t._op in ("", "const", "detach", "grad"):
        return (f"{start}on a tensor created without requires_grad=True{' (a detached copy)' if t._op == 'detach' else ''}. "
                f"Create the leaves with Tensor(..., requires_grad=True) (model parameters already are).")
    return (f"{start}on the result of '{t._op}', none of whose inputs requires grad. Create the leaves with "
            f"Tensor(..., requires_grad=True) (model parameters already are).")


# ---------------------------------------------------------- in-place bookkeeping
# Every in-place write bumps a running count and records it against the array that owns the
# written memory (found through numpy's .base, so a write through any view or detach() counts).
# Every recorded op stores the count at its creation (`_stamp`). backward() checks a node only when
# some write came after it: then neither the node's own array nor its inputs' may have been written
# since. One entry per live owner (dropped when the owner is freed), so the bookkeeping stays small.
_inplace_count = 0
_MADE_UNDER_NO_GRAD = -1
_OPS_MADE = itertools.count()  # numbers every recorded op in the order they are made
_LAST_WRITE: dict[int, tuple[int, weakref.ref]] = {}  # id(owner) -> (count of its last write, owner)
_FOREIGN_WRITES: dict[int, tuple[int, weakref.ref]] = {}  # the same for memory numpy did not allocate


def _owner(array: np.ndarray) -> tuple[np.ndarray, bool]:
    """The last array in `array`'s .base chain, and whether it owns its memory (numpy allocated it)."""
    base = array.base
    while base is not None:
        if not isinstance(base, np.ndarray):
            inner = getattr(base, "base", None)  # as_strided's helper object between a view and its array
            if not isinstance(inner, np.ndarray):
                return array, False
            base = inner
        array, base = base, base.base
    return array, True


def _note_inplace(array: np.ndarray) -> None:
    global _inplace_count
    owner, owns = (array, True) if array.base is None else _owner(array)
    _inplace_count += 1
    table, key = (_LAST_WRITE if owns else _FOREIGN_WRITES), id(owner)
    entry = table.get(key)
    if entry is not None and entry[1]() is owner:
        table[key] = (_inplace_count, entry[1])
    else:
        table[key] = (_inplace_count, weakref.ref(owner, lambda ref, key=key, table=table: _forget(table, key, ref)))


def _forget(table: dict, key: int, ref: weakref.ref) -> None:
    if table.get(key, (0, None))[1] is ref:  # the id may already name a newer array
        del table[key]


def _written_since(array: np.ndarray, stamp: int) -> bool:
    owner, owns = _owner(array)
    if owns:
        entry = _LAST_WRITE.get(id(owner))
        return entry is not None and entry[0] > stamp and entry[1]() is owner
    # foreign memory (a buffer numpy wraps): compare address ranges with the foreign arrays written since
    return any(count > stamp and (w := ref()) is not None and np.may_share_memory(array, w)
               for count, ref in list(_FOREIGN_WRITES.values()))


def _check_unchanged(node: Tensor) -> None:
    stamp = node._stamp
    for who, t in (("its output", node), *((f"input {i}", p) for i, p in enumerate(node._prev))):
        if _written_since(t._data, stamp):
            raise RuntimeError(
                f"one of the variables needed for gradient computation has been modified by an inplace operation: "
                f"{who} of '{node._op}' (shape {tuple(t._data.shape)}, dtype {t._data.dtype}) was changed in place after "
                f"the op used it. Call backward() before updating (e.g. before optimizer.step()), or use the "
                f"out-of-place form (x = x + 1 instead of x += 1)."
            )


GRAPH_FREED = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have already "
    "been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). "
    "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access "
    "saved tensors after calling backward."
)


def _freed(g: np.ndarray) -> tuple:
    """Stands in for a backward rule whose graph was already used by backward() without retain_graph=True."""
    raise RuntimeError(GRAPH_FREED)


class _Extras:
    """The rarely used per-tensor state: gradient hooks and the retain_grad flag."""

    __slots__ = ("hooks", "retains_grad")

    def __init__(self) -> None:
        self.hooks: list[Callable] = []
        self.retains_grad = False

    def run_hooks(self, g: np.ndarray) -> np.ndarray:
        for hook in self.hooks:
            replaced = hook(Tensor._result(g, (), "grad", None))
            if replaced is not None:
                if not isinstance(replaced, Tensor) or replaced._data.shape != g.shape:
                    raise RuntimeError(f"hook {getattr(hook, '__name__', hook)!r} must return None or a Tensor of the gradient's shape {tuple(g.shape)}, got {replaced!r:.80}.")
                g = replaced._data
        return g


class Hook:
    """What register_hook returns: `.remove()` takes the hook off again."""

    def __init__(self, hooks: list, hook: Callable) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        """Stop calling the hook."""
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


_GRAD_FN_NAMES = {
    "+": "AddBackward0", "-": "SubBackward0", "*": "MulBackward0", "/": "DivBackward0", "neg": "NegBackward0",
    "index": "IndexBackward0", "to": "ToCopyBackward0", "sum": "SumBackward0", "mean": "MeanBackward0",
    "relu": "ReluBackward0", "exp": "ExpBackward0", "log": "LogBackward0", "tanh": "TanhBackward0",
    "%": "RemainderBackward0", "sigmoid": "SigmoidBackward0", "reshape": "ViewBackward0", "view": "ViewBackward0", "transpose": "TransposeBackward0",
    "clone": "CloneBackward0", "concat": "CatBackward0", "stack": "StackBackward0", "abs": "AbsBackward0",
    "log1p": "Log1PBackward0", "square": "PowBackward0", "norm": "LinalgVectorNormBackward0",
    "cross_entropy": "NllLossBackward0", "div_rounded": "DivBackward2",
}
_OVER_DIMS = {"sum": ("SumBackward0", "SumBackward1"), "mean": ("MeanBackward0", "MeanBackward1"),
              "max": ("MaxBackward1", "MaxBackward0"), "min": ("MinBackward1", "MinBackward0")}  # (all, over dims)
_TYPE_NAMES = {dtypes.float64: "torch.DoubleTensor", dtypes.float32: "torch.FloatTensor",
               dtypes.int64: "torch.LongTensor", dtypes.bool_: "torch.BoolTensor"}


class GradFn:
    """A tensor's `grad_fn`: names the op that made it (as PyTorch's MulBackward0 etc.)."""

    __slots__ = ("_node",)

    def __init__(self, node: Tensor) -> None:
        self._node = node

    def name(self) -> str:
        """PyTorch's name for the backward of this op, e.g. 'MulBackward0'."""
        op = self._node._op
        if op == "@":
            ndims = tuple(p._data.ndim for p in self._node._prev)
            return {(2, 2): "MmBackward0", (2, 1): "MvBackward0", (1, 1): "DotBackward0"}.get(ndims, "MatmulBackward0")
        if op.startswith("**"):
            return "PowBackward0" if op != "**" else "PowBackward1"
        out, inputs = self._node._data, self._node._prev
        if op in _OVER_DIMS:  # PyTorch names the reduction of everything apart from one over dims
            return _OVER_DIMS[op][out.ndim != 0]
        if op == "index":  # x[0] and x[:, 0] select, x[1:] slices (views); a mask or a list of indices copies
            if out.base is None:
                return "IndexBackward0"
            return "SelectBackward0" if out.ndim < inputs[0]._data.ndim else "SliceBackward0"
        if op == "linear" and out.ndim == 2:  # x @ W.T (+ b) on a batch: PyTorch's addmm, or mm without a bias
            return "AddmmBackward0" if len(inputs) == 3 else "MmBackward0"
        if op == "linear" and out.ndim > 2:  # PyTorch flattens the leading dims, multiplies, and views the result
            return "ViewBackward0"
        if op in _GRAD_FN_NAMES:
            return _GRAD_FN_NAMES[op]
        return "".join(part.capitalize() for part in op.replace("-", "_").split("_")) + "Backward0"

    @property
    def next_functions(self) -> tuple:
        """(grad_fn, 0) for each input; None for inputs that are leaves or need no grad."""
        return tuple((p.grad_fn, 0) for p in self._node._prev)

    def __repr__(self) -> str:
        return f"<{self.name()} object>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GradFn) and other._node is self._node

    def __hash__(self) -> int:
        return id(self._node)


def _ops_latest_first(root: Tensor) -> list[Tensor]:
    """Every recorded op `root` depends on, the latest made first: each op after all its users.

    An op is always made after its inputs, so the order of making is a topological order: no graph walk
    has to work it out, a sort by `_made` does (iterative: no recursion limit, however deep the graph)."""
    if not root._prev:
        return []
    found, stack_ = {root}, [root]
    while stack_:
        for parent in stack_.pop()._prev:
            if parent._prev and parent not in found:  # a leaf has no rule to run: backward() sums its gradient
                found.add(parent)
                stack_.append(parent)
    return sorted(found, key=_MADE, reverse=True)


_MADE = operator.attrgetter("_made")
