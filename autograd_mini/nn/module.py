"""Module and Parameter: PyTorch's registration rules, so `print(model)` and `state_dict()` read as in torch.

Assigning a Parameter or a Module to an attribute registers it, in order, under the attribute's
name; `named_parameters()` walks those registries, so names come out as 'fc1.weight', '0.bias', ...
Parameters also stay in the instance's `__dict__`, so reading `self.weight` is a plain attribute
lookup (no `__getattr__` on the hot path of every forward pass).
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, NamedTuple

import numpy as np

from ..engine.data_array import DataArray
from ..engine.tensor import Tensor, _note_inplace, no_grad

__all__ = ["Parameter", "Module", "Listing", "grad_array", "zero_grad_of"]


class Parameter(Tensor):
    """A Tensor that a Module trains: requires_grad is on, and `parameters()` finds it.

    As in PyTorch, `Parameter(t)` of a Tensor (or of t.data) shares t's memory (a step shows in t); an array or
    list is copied."""

    __slots__ = ()

    def __init__(self, data: Any = None, requires_grad: bool = True, *, dtype: Any = None, label: str = "") -> None:
        if data is None:
            data = np.zeros(0)
        if isinstance(data, DataArray):  # nn.Parameter(other.weight.data): the same memory, as PyTorch's .data
            data = Tensor._result(np.ndarray.view(data, np.ndarray), (), "data", None)
        shared = data._data if isinstance(data, Tensor) else None
        super().__init__(data if shared is None else shared, requires_grad=requires_grad, dtype=dtype, label=label)
        if shared is not None and shared.dtype == self._data.dtype:
            self._data = shared

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()


def grad_array(p: Any) -> Any:
    """A parameter's gradient as numbers: the array behind a Tensor grad, an array, a float (Value), or None."""
    g = p.grad
    return g._data if isinstance(g, Tensor) else g


def zero_grad_of(p: Any, set_to_none: bool = True) -> None:
    """Forget p's gradient: None, or (set_to_none=False) zeros written into the same grad Tensor, as PyTorch."""
    g = p.grad  # a Tensor or None: the grad setter accepts nothing else
    if set_to_none or g is None:
        p.grad = None
        return
    g.detach_()
    if g._data.flags.writeable:
        g._data[...] = 0
        _note_inplace(g._data)
    else:  # a read-only grad (e.g. an expand() view someone assigned): new memory
        g._data = np.zeros_like(g._data)


class Listing(list):
    """A list that also answers `next()`, like the generators PyTorch's `parameters()` & co. return."""

    _next = 0

    def __next__(self) -> Any:
        if self._next >= len(self):
            raise StopIteration
        self._next += 1
        return self[self._next - 1]


def _registered_kind(values: "list | tuple") -> "str | None":
    """The container that would register these values (nn.ModuleList or nn.ParameterList), or None for plain data."""
    if any(isinstance(v, Module) for v in values):
        return "nn.ModuleList"
    return "nn.ParameterList" if any(isinstance(v, Parameter) for v in values) else None


class _LayerCheckingList(list):
    """The empty list of `self.layers = []`: appending a layer to it raises, since nothing would register it."""

    def __init__(self, where: str) -> None:
        super().__init__()
        self._where = where

    def _check(self, values: list) -> None:
        kind = _registered_kind(values)
        if kind:
            raise TypeError(f"{self._where} is a plain list: a layer added to it is not registered, so parameters() "
                            f"would miss it and the optimizer would never train it (PyTorch ignores this "
                            f"silently). Make it a {kind}() in __init__ (self.{self._where.split('.')[-1]} = {kind}()), "
                            f"then append to that.")

    def append(self, value: Any) -> None:
        self._check([value])
        super().append(value)

    def extend(self, values: Any) -> None:
        values = list(values)
        self._check(values)
        super().extend(values)

    def insert(self, index: Any, value: Any) -> None:
        self._check([value])
        super().insert(index, value)

    def __iadd__(self, values: Any) -> "_LayerCheckingList":
        self.extend(values)
        return self


class IncompatibleKeys(NamedTuple):
    """What `load_state_dict(strict=False)` returns: names it did not find, names it did not use."""

    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"  # what PyTorch prints after model.load_state_dict(...)
        return f"_IncompatibleKeys(missing_keys={self.missing_keys}, unexpected_keys={self.unexpected_keys})"


def _add_indent(text: str, spaces: int) -> str:
    """Indent every line but the first (PyTorch's _addindent, for nested reprs)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    return lines[0] + "\n" + "\n".join(" " * spaces + line for line in lines[1:])


def _shape_of(value: Any) -> tuple[int, ...]:
    return tuple(value.shape) if isinstance(value, (Tensor, np.ndarray)) else np.shape(value)


class Module:
    """Base class of every layer and model: registers parameters and submodules, saves and loads them."""

    training: bool

    def __new__(cls, *args: Any, **kwargs: Any) -> "Module":
        # The registries exist before any __init__ runs, so a subclass that forgets super().__init__() works too.
        self = super().__new__(cls)
        d = self.__dict__
        d["_parameters"], d["_buffers"], d["_modules"], d["training"] = {}, {}, {}, True
        d["_non_persistent_buffers_set"] = set()
        return self

    def __init__(self) -> None:
        pass

    # ---------------------------------------------------------------- registration
    def __setattr__(self, name: str, value: Any) -> None:
        params, modules = self.__dict__["_parameters"], self.__dict__["_modules"]
        if isinstance(value, Parameter):
            modules.pop(name, None)
            params[name] = value
        elif isinstance(value, Module):
            params.pop(name, None)
            modules[name] = value
        elif name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter '{name}' (nn.Parameter or None "
                                f"expected). To change its numbers, assign to {name}.data, or wrap it: nn.Parameter(...).")
            params[name] = None
        elif name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module '{name}' "
                                "(nn.Module or None expected).")
            modules[name] = None
        elif isinstance(value, (list, tuple)) and (kind := _registered_kind(value)):
            raise TypeError(
                f"{type(self).__name__}.{name}: a plain {type(value).__name__} of layers is not registered, so "
                f"parameters() would miss them and the optimizer would never train them (PyTorch ignores them "
                f"silently). Use self.{name} = {kind}([...]) instead.")
        elif name in self.__dict__["_buffers"]:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{type(value).__name__}' as buffer '{name}' (a Tensor or None "
                                f"expected); e.g. self.{name} = torch.tensor(...).")
            self.__dict__["_buffers"][name] = value
        elif type(value) is list and not value:
            value = _LayerCheckingList(f"{type(self).__name__}.{name}")  # self.layers = [] and then .append(layer)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        for registry in (self._parameters, self._buffers, self._modules):
            registry.pop(name, None)
        object.__delattr__(self, name)

    def register_parameter(self, name: str, param: "Parameter | None") -> None:
        """Register `param` (or None, a declared but absent parameter such as a missing bias) under `name`."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"register_parameter: cannot assign '{type(param).__name__}' as parameter '{name}' "
                            "(nn.Parameter or None expected).")
        self._parameters[name] = param
        object.__setattr__(self, name, param)

    def register_buffer(self, name: str, tensor: "Tensor | None", persistent: bool = True) -> None:
        """Register a tensor that is not trained (e.g. running statistics); saved in state_dict if persistent."""
        if not isinstance(name, str):
            raise TypeError(f"buffer name should be a string. Got {type(name).__name__}")
        if "." in name or not name:
            raise KeyError(f"buffer name can't be empty or contain \".\", got {name!r}")
        if name not in self._buffers and (name in self._parameters or name in self._modules
                                          or name in self.__dict__ or hasattr(type(self), name)):
            raise KeyError(f"attribute '{name}' already exists")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer '{name}' (a Tensor or None "
                            f"required); e.g. torch.tensor(...).")
        self._buffers[name] = tensor
        (self._non_persistent_buffers_set.discard if persistent else self._non_persistent_buffers_set.add)(name)
        object.__setattr__(self, name, tensor)

    def add_module(self, name: str, module: "Module | None") -> None:
        """Register a submodule under `name` (what `self.name = module` does)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: {type(module).__name__} is not a Module.")
        self._modules[name] = module
        object.__setattr__(self, name, module)

    register_module = add_module

    # ---------------------------------------------------------------- forward
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """What the module computes; every subclass defines it."""
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required "forward" function.')

    # ---------------------------------------------------------------- walking the tree
    def named_modules(self, memo: "set[int] | None" = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Listing:
        """(name, module) for this module ('') and every module inside it, depth first."""
        out, memo = Listing(), set() if memo is None else memo
        self._walk_modules(out, memo, prefix, remove_duplicate)
        return out

    def _walk_modules(self, out: list, memo: set[int], prefix: str, remove_duplicate: bool) -> None:
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        out.append((prefix, self))
        for name, child in self._modules.items():
            if child is not None:
                child._walk_modules(out, memo, f"{prefix}.{name}" if prefix else name, remove_duplicate)

    def modules(self) -> Listing:
        """This module and every module inside it."""
        return Listing(m for _, m in self.named_modules())

    def named_children(self) -> Listing:
        """(name, module) for the direct submodules."""
        return Listing((n, m) for n, m in self._modules.items() if m is not None)

    def children(self) -> Listing:
        """The direct submodules."""
        return Listing(m for m in self._modules.values() if m is not None)

    def named_parameters(self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True) -> Listing:
        """(name, parameter) pairs, e.g. ('fc1.weight', ...), in registration order (a shared one once)."""
        out, seen = Listing(), set()
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) if recurse else [(prefix, self)]
        for module_prefix, module in modules:
            for name, p in module._parameters.items():
                if p is None or (remove_duplicate and id(p) in seen):
                    continue
                seen.add(id(p))
                out.append((f"{module_prefix}.{name}" if module_prefix else name, p))
        return out

    def parameters(self, recurse: bool = True) -> Listing:
        """Every parameter, in order; a list that also works as PyTorch's generator (`next(...)`)."""
        return Listing(p for _, p in self.named_parameters(recurse=recurse))

    def named_buffers(self, prefix: str = "", recurse: bool = True) -> Listing:
        """(name, buffer) pairs of the registered buffers."""
        modules = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        return Listing((f"{mp}.{n}" if mp else n, b) for mp, m in modules for n, b in m._buffers.items() if b is not None)

    def buffers(self, recurse: bool = True) -> Listing:
        """The registered buffers."""
        return Listing(b for _, b in self.named_buffers(recurse=recurse))

    def apply(self, fn: Callable[["Module"], Any]) -> "Module":
        """Call fn on every submodule (children first) and on self, e.g. to initialise weights; returns self."""
        for child in self.children():
            child.apply(fn)
        fn(self)
        return self

    def num_parameters(self) -> int:
        """How many numbers the model learns."""
        return int(sum(p._data.size for p in self.parameters()))

    # ---------------------------------------------------------------- training switches
    def __getattr__(self, name: str) -> Any:
        # only for a name the module does not have (attributes are plain, so forward passes never come here)
        if name.startswith("_"):
            raise AttributeError(name)
        from ..missing import missing_module_method
        raise missing_module_method(type(self).__name__, name)

    def train(self, mode: bool = True) -> "Module":
        """Training mode (Dropout drops) or, with mode=False, evaluation mode; returns self."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for child in self.children():
            child.train(mode)  # a child's own train() runs, as in PyTorch
        return self

    def eval(self) -> "Module":
        """Evaluation mode (Dropout passes everything through); returns self."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> "Module":
        """Switch gradients on or off for every parameter (freeze a model with False); returns self."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients: None (the default, as PyTorch), or zeros with set_to_none=False."""
        for p in self.parameters():
            zero_grad_of(p, set_to_none)

    def to(self, *args: Any, **kwargs: Any) -> "Module":
        """Everything lives on the CPU, so `.to('cpu')` returns self; a dtype converts the parameters."""
        dtype = kwargs.get("dtype")
        for a in (*args, kwargs.get("device")):
            if a is None:
                continue
            if isinstance(a, str) or type(a).__name__ == "device":
                if str(a) != "cpu":
                    raise RuntimeError(f"to({str(a)!r}): autograd_mini runs on the CPU only; use .to('cpu') or leave it out.")
            else:
                dtype = a
        return self._cast(dtype) if dtype is not None else self

    def cpu(self) -> "Module":
        """Everything already lives on the CPU: returns self."""
        return self

    def float(self) -> "Module":
        """Parameters to float32 (in place); returns self."""
        return self._cast(np.float32)

    def double(self) -> "Module":
        """Parameters to float64 (in place); returns self."""
        return self._cast(np.float64)

    def _cast(self, dtype: Any) -> "Module":
        # As PyTorch: floating-point parameters, their grads and buffers change dtype (the same objects);
        # integer buffers (counters, labels) stay as they are.
        dtype = np.dtype(getattr(dtype, "numpy_dtype", dtype))
        if dtype.kind != "f":
            raise TypeError(f"nn.Module.to only accepts floating point dtypes, but got desired dtype={dtype} (it would "
                            f"turn every weight into whole numbers). Convert the inputs instead, e.g. x.long().")
        for t in [*self.parameters(), *self.buffers()]:
            if t._data.dtype.kind == "f" and t._data.dtype != dtype:
                t._data = t._data.astype(dtype)
                if t.grad is not None:
                    t._grad = Tensor(t.grad._data.astype(dtype))
        return self

    # ---------------------------------------------------------------- saving and loading
    def state_dict(self, *, prefix: str = "", keep_vars: bool = False) -> "OrderedDict[str, Tensor]":
        """Parameter (and buffer) name -> Tensor, in order.

        As in PyTorch, the Tensors are detached but share the parameters' memory: after `optimizer.step()`
        they show the new numbers. For a snapshot (e.g. the best weights so far) copy them:
        `copy.deepcopy(model.state_dict())` or `{k: v.clone() for k, v in model.state_dict().items()}`.
        keep_vars=True gives the Parameters themselves."""
        out: OrderedDict[str, Tensor] = OrderedDict()
        for name, p in self._saved(prefix):
            out[name] = p if keep_vars else p.detach()
        return out

    def _saved(self, prefix: str = "") -> list[tuple[str, Tensor]]:
        """What state_dict holds, in PyTorch's order: each module's parameters, then its persistent buffers."""
        dot = prefix + "." if prefix else ""
        own = [(dot + n, p) for n, p in self._parameters.items() if p is not None]
        own += [(dot + n, b) for n, b in self._buffers.items()
                if b is not None and n not in self._non_persistent_buffers_set]
        for name, child in self._modules.items():
            if child is not None:
                own += child._saved(dot + name)
        return own

    def load_state_dict(self, state_dict: "dict[str, Any]", strict: bool = True, assign: bool = False) -> IncompatibleKeys:
        """Copy numbers (Tensors or arrays) into the parameters' memory, cast to their dtype (as torch's `copy_`).

        As PyTorch: with strict=True missing and unexpected names are errors; a shape mismatch always is.
        Nothing is loaded unless everything fits."""
        if not hasattr(state_dict, "keys") or not hasattr(state_dict, "__getitem__"):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict).__name__}: pass "
                            f"model.state_dict() or torch.load(path), not what load_state_dict returned.")
        targets = dict(self._saved())
        missing = [k for k in targets if k not in state_dict]
        unexpected = [k for k in state_dict if k not in targets]
        errors, arrays = [], {}
        for key, target in targets.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            try:
                array = np.asarray(value._data if isinstance(value, Tensor) else value)
            except (TypeError, ValueError):
                array = np.asarray(None)
            if array.dtype.kind not in "fiub":
                errors.append(f"{key}: expected numbers, got {type(value).__name__} {value!r:.60}.")
            elif array.shape != target.shape:
                errors.append(f"size mismatch for {key}: copying a param with shape {tuple(array.shape)} from checkpoint, "
                              f"the shape in current model is {tuple(target.shape)}.")
            else:
                arrays[key] = array
        if strict and unexpected:
            errors.insert(0, "Unexpected key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in unexpected)))
        if strict and missing:
            errors.insert(0, "Missing key(s) in state_dict: {}. ".format(", ".join(f'"{k}"' for k in missing)))
        if errors:
            raise RuntimeError("Error(s) in loading state_dict for {}:\n\t{}".format(type(self).__name__,
                                                                                   "\n\t".join(errors)))
        with no_grad():
            for key, array in arrays.items():
                target = targets[key]
                if assign or not target._data.flags.writeable:
                    target._data = np.array(array, dtype=target.dtype)  # new memory, in the parameter's dtype
                else:  # into the parameter's memory: a state_dict() taken earlier shows the loaded numbers
                    np.copyto(target._data, array, casting="unsafe")
                    _note_inplace(target._data)
        return IncompatibleKeys(missing, unexpected)

    def save(self, path: "str | Path") -> Path:
        """Save the parameters to a .npz file (plain arrays: loading it never runs code)."""
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_suffix(path.suffix + ".npz") if path.suffix else path.with_suffix(".npz")
        np.savez(path, **{k: v._data for k, v in self.state_dict().items()})
        return path

    def load(self, path: "str | Path") -> "Module":
        """Load parameters saved by `save` (read with allow_pickle=False)."""
        try:
            with np.load(path, allow_pickle=False) as archive:
                state = {k: archive[k] for k in archive.files}
        except FileNotFoundError:
            raise FileNotFoundError(f"load: no file at {path}; save one first with model.save(path).") from None
        except (ValueError, OSError) as error:
            raise ValueError(f"load: {path} is not a parameter file written by save() ({error}).") from None
        self.load_state_dict(state)
        return self

    # ---------------------------------------------------------------- printing
    def extra_repr(self) -> str:
        """The settings shown inside the parentheses of print(module), e.g. 'in_features=2, ...'."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        # PyTorch's layout: settings, then one '(name): child' line per submodule, nested children indented.
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({key}): " + _add_indent(repr(m), 2) for key, m in self._modules.items()]
        lines = extra_lines + child_lines
        text = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                text += extra_lines[0]
            else:
                text += "\n  " + "\n  ".join(lines) + "\n"
        return text + ")"
