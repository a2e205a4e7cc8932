"""Optimizers with torch.optim's names, settings and exact update rules: SGD, Adam, AdamW, RMSprop.

They move parameters against their gradients, nothing else, and work on any parameter with
`.data` and `.grad`: Tensors (arrays) and scalar Values (floats) alike. Settings live in
`param_groups` (a list of dicts, as in PyTorch), so `opt.param_groups[0]["lr"] = 0.01` takes effect
at the next step. As in PyTorch, a step writes into the parameter's own memory (in place, as under
no_grad): a `state_dict()` or `p.detach()` taken before the step shows the new numbers, and a backward
through a graph that saved the old parameter raises "modified by an inplace operation". The
buffers (momentum, Adam's averages) are updated in place too, so `optimizer.state_dict()` is live
as in PyTorch. A scalar Value's number is a Python float, which cannot be shared: it is replaced.
"""

from __future__ import annotations

import copy
import math
from typing import Any, Callable, Iterable, Iterator, MutableMapping

import numpy as np

from ..creation import from_numpy
from ..engine.tensor import Tensor, _note_inplace
from ..nn.module import zero_grad_of

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "lr_scheduler"]


class ParameterState(MutableMapping):
    """`optimizer.state[p]`: a dict per parameter (momentum buffer, Adam's averages), keyed by the parameter itself.

    Keyed by identity, so parameters need not be hashable (a Tensor's `==` is elementwise)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Any, dict]] = {}

    def __getitem__(self, p: Any) -> dict:
        entry = self._by_id.get(id(p))
        if entry is None:
            entry = self._by_id[id(p)] = (p, {})
        return entry[1]

    def __setitem__(self, p: Any, state: dict) -> None:
        self._by_id[id(p)] = (p, state)

    def __delitem__(self, p: Any) -> None:
        del self._by_id[id(p)]

    def __contains__(self, p: object) -> bool:
        return id(p) in self._by_id

    def __iter__(self) -> Iterator[Any]:
        return (p for p, _ in self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __repr__(self) -> str:
        return f"ParameterState({len(self)} parameters)"


def _number(value: Any, what: str) -> float:
    """A setting as a Python float or int (so a numpy float lr cannot turn float32 parameters into float64)."""
    if isinstance(value, Tensor) and value.numel() == 1:
        value = value.item()
    elif isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"Invalid {what}: {value!r} (a number is needed, e.g. lr=0.1).")
    return int(value) if isinstance(value, (int, np.integer)) else float(value)  # momentum=0 stays 0, as PyTorch prints it


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ValueError(message)


def _numbers(p: Any) -> Any:
    """A parameter's numbers: the array behind a Tensor, or a Value's float."""
    return p._data if isinstance(p, Tensor) else p.data


def _descend(p: Any, step: Any, shrink: float = 1.0) -> None:
    """p <- p * shrink - step, in the parameter's memory and dtype (a 0-d stays 0-d); a Value's float is replaced."""
    old = _numbers(p)
    if not isinstance(old, np.ndarray):
        p.data = float(old * shrink - step) if shrink != 1.0 else float(old - step)
    elif old.flags.writeable:  # in place, as torch's p.mul_(...).add_(...) under no_grad
        if shrink != 1.0:
            np.multiply(old, shrink, out=old)
        np.subtract(old, step, out=old)  # (a float64 step is cast to a float32 p, as same_kind allows)
        _note_inplace(old)  # a graph that saved the old numbers now refuses backward, as in PyTorch
    else:  # read-only memory (e.g. a wrapped read-only array): nothing can be written into it
        p._data = np.asarray((old * shrink if shrink != 1.0 else old) - step).astype(old.dtype)


def _copy(value: Any) -> Any:
    return value.copy() if isinstance(value, np.ndarray) else value  # (a float is immutable)


def _scale_add(buf: Any, scale: float, addend: Any) -> Any:
    """buf * scale + addend, written into buf's memory when it is an array (as torch's buf.mul_(...).add_(...))."""
    if isinstance(buf, np.ndarray):
        buf *= scale
        buf += addend
        return buf
    return buf * scale + addend


def _add(buf: Any, addend: Any) -> Any:
    """buf + addend, written into buf's memory when it is an array."""
    if isinstance(buf, np.ndarray):
        buf += addend
        return buf
    return buf + addend


def _zeros_like(value: Any) -> Any:
    return np.zeros_like(value) if isinstance(value, np.ndarray) else 0.0


def _sqrt(value: Any) -> Any:
    return np.sqrt(value) if isinstance(value, np.ndarray) else math.sqrt(value)


def _speed_only(optimizer: str, options: dict[str, Any], **switches: Any) -> dict[str, Any]:
    """PyTorch's speed-only switches (they change nothing here), with PyTorch's defaults for those its groups list
    (`switches`), so a group prints as PyTorch's; any other name is refused, as PyTorch does."""
    unknown = sorted(set(options) - {"foreach", "fused", "capturable", "differentiable"})
    if unknown:
        raise TypeError(f"{optimizer}() got an unexpected keyword argument {unknown[0]!r}: check its spelling "
                        f"(e.g. lr=, momentum=, weight_decay=); nothing was set.")
    if options.get("differentiable"):
        raise ValueError(f"{optimizer}(differentiable=True): autograd_mini cannot differentiate through a step.")
    return {**switches, **options}


def _take_names(group: dict[str, Any], groups: list[dict[str, Any]]) -> None:
    """model.named_parameters() given as params: the tensors go to 'params' and their names to 'param_names', as PyTorch."""
    named = [isinstance(p, tuple) for p in group["params"]]
    if any(named):
        if not all(named) or any(len(p) != 2 for p in group["params"]):
            raise ValueError("all optimizer params should be with/without names. Some param names are missing")
        group["param_names"] = [name for name, _ in group["params"]]
        group["params"] = [p for _, p in group["params"]]
    if groups and ("param_names" in groups[0]) != ("param_names" in group):
        raise ValueError(f"all optimizer param groups should be with/without names. cannot add param group "
                         f"{'with' if 'param_names' in group else 'without'} names to the optimizer")


class Optimizer:
    """Holds parameter groups and per-parameter state; `step()` updates, `zero_grad()` clears."""

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        self.state = ParameterState()
        self.param_groups: list[dict[str, Any]] = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, but "
                            "got a Tensor; pass model.parameters() or [tensor].")
        groups = list(params)
        if not groups:
            raise ValueError(f"{type(self).__name__}: optimizer got an empty parameter list; pass model.parameters().")
        for group in (groups if isinstance(groups[0], dict) else [{"params": groups}]):
            self.add_param_group(group)

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters with its own settings (the rest come from the defaults)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, not {type(param_group).__name__}.")
        group = dict(param_group)
        params = group["params"]
        if isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering of "
                            "tensors in sets will change between runs. Please use a list instead.")
        group["params"] = [params] if isinstance(params, Tensor) else list(params)
        _take_names(group, self.param_groups)
        for p in group["params"]:
            if not hasattr(p, "data") or not hasattr(p, "grad"):
                raise TypeError(f"optimizer can only optimize Tensors (or scalar Values), but one of the params is "
                                f"{type(p).__name__}.")
            if isinstance(p, Tensor) and not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor: this one is the result of an op (e.g. "
                                 "torch.randn(3, requires_grad=True) * 0.01). Make the leaf from the finished numbers: "
                                 "(torch.randn(3) * 0.01).requires_grad_().")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in group["params"]):
            raise ValueError("some parameters appear in more than one parameter group")
        for key, default in self.defaults.items():
            group.setdefault(key, default)
        self._validate(group)
        self.param_groups.append(group)

    def _validate(self, group: dict[str, Any]) -> None:
        group["lr"] = _number(group["lr"], "learning rate")
        _check(0.0 <= group["lr"] < math.inf, f"Invalid learning rate: {group['lr']:g}")
        for key in ("weight_decay", "momentum", "eps", "alpha", "dampening"):
            if key in group:
                group[key] = _number(group[key], f"{key} value")
                _check(0.0 <= group[key] < math.inf,
                       f"Invalid {'epsilon' if key == 'eps' else key} value: {group[key]:g}")

    # ------------------------------------------------------------------ the two calls of every step
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear every gradient: None for Tensors (zeros with set_to_none=False), 0.0 for scalar Values."""
        for group in self.param_groups:
            for p in group["params"]:
                if not isinstance(p, Tensor):
                    p.grad = 0.0
                else:
                    zero_grad_of(p, set_to_none)

    def step(self, closure: "Callable[[], Any] | None" = None) -> Any:
        """Update every parameter that has a gradient (one without is skipped: no momentum, no Adam drift)."""
        loss = closure() if closure is not None else None
        for group in self.param_groups:
            self._step_group(group)
        return loss

    def _step_group(self, group: dict[str, Any]) -> None:
        raise NotImplementedError

    @staticmethod
    def _gradients(group: dict[str, Any], l2: bool = True) -> Iterator[tuple[Any, Any]]:
        """(parameter, gradient) for each parameter that has one; maximize and L2 weight decay applied."""
        weight_decay = group["weight_decay"] if l2 else 0.0
        for p in group["params"]:
            g = p.grad
            if g is None:
                continue
            if isinstance(g, Tensor):
                g = g._data
            if group["maximize"]:
                g = -g
            if weight_decay:
                g = g + weight_decay * _numbers(p)  # the gradient of the L2 penalty (wd/2)|p|^2
            yield p, g

    # ------------------------------------------------------------------ compatibility and printing
    @property
    def lr(self) -> float:
        """The first group's learning rate (the optimizer's, when there is one group)."""
        return self.__dict__.get("lr", self.param_groups[0]["lr"])

    @lr.setter
    def lr(self, value: float) -> None:
        # PyTorch's optimizers have no lr attribute: `optimizer.lr = 0.01` there adds one and changes nothing, so
        # code that works here would silently keep its old rate there. Refused, with the PyTorch way to write it;
        # an Optimizer subclass of one's own may keep an attribute of that name (self.lr = lr), as in PyTorch.
        if type(self).__module__ != __name__:
            self.__dict__["lr"] = value
            return
        raise AttributeError(f"optimizer.lr = {value!r}: in PyTorch this changes nothing (the rate lives in "
                             f"param_groups), so it is refused here. Write: for group in optimizer.param_groups: "
                             f"group['lr'] = {value!r}  (or use a torch.optim.lr_scheduler).")

    @property
    def params(self) -> list[Any]:
        """Every parameter of every group, in order."""
        return [p for group in self.param_groups for p in group["params"]]

    def __repr__(self) -> str:
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            text += "".join(f"    {key}: {group[key]}\n" for key in sorted(group) if key != "params")
        return text + ")"

    # ------------------------------------------------------------------ saving and resuming
    def state_dict(self) -> dict[str, Any]:
        """{'state': {index: {name: value}}, 'param_groups': [{settings, 'params': [indices]}]}, as PyTorch.

        As in PyTorch the state's tensors share the optimizer's buffers (later steps show in them; copy.deepcopy
        for a snapshot); the step counts are Python floats here, so they stay at the count when it was taken."""
        index = {id(p): i for i, p in enumerate(self.params)}
        groups = [{**{k: v for k, v in g.items() if k != "params"}, "params": [index[id(p)] for p in g["params"]]}
                  for g in self.param_groups]
        state = {index[id(p)]: {k: (from_numpy(v) if isinstance(v, np.ndarray) else v) for k, v in s.items()}
                 for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore settings and state from `state_dict()`: the next steps are the ones the saved optimizer would take."""
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups "
                             f"({len(groups)}) than this optimizer ({len(self.param_groups)}).")
        if any(len(g["params"]) != len(mine["params"]) for g, mine in zip(groups, self.param_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                             "optimizer's group")
        by_index = {i: p for g, mine in zip(groups, self.param_groups) for i, p in zip(g["params"], mine["params"])}
        for saved, mine in zip(groups, self.param_groups):
            mine.update({k: copy.deepcopy(v) for k, v in saved.items() if k != "params"})
        self.state = ParameterState()
        for i, saved in state_dict["state"].items():
            p = by_index[int(i)]
            like = _numbers(p)
            self.state[p] = {k: (np.array(v._data if isinstance(v, Tensor) else v, dtype=like.dtype)
                                 if isinstance(like, np.ndarray) and isinstance(v, (Tensor, np.ndarray))
                                 else copy.deepcopy(v)) for k, v in saved.items()}


class SGD(Optimizer):
    """Stochastic gradient descent: p -= lr * g, with optional momentum, dampening, Nesterov and weight decay."""

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False, **speed: Any) -> None:
        speed = _speed_only("SGD", speed, foreach=None, differentiable=False, fused=None)
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, maximize=maximize, **speed))

    def _validate(self, group: dict[str, Any]) -> None:
        super()._validate(group)
        if group["nesterov"] and (group["momentum"] <= 0 or group["dampening"] != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")

    def _step_group(self, group: dict[str, Any]) -> None:
        lr, momentum, dampening, nesterov = group["lr"], group["momentum"], group["dampening"], group["nesterov"]
        for p, g in self._gradients(group):
            if momentum:
                state = self.state[p]
                # buffer = momentum * buffer + (1 - dampening) g: a ball that keeps rolling the way it went
                buf = state.get("momentum_buffer")
                buf = _copy(g) if buf is None else _scale_add(buf, momentum, (1 - dampening) * g)  # torch clones g
                state["momentum_buffer"] = buf
                g = g + momentum * buf if nesterov else buf
            _descend(p, lr * g)


class Adam(Optimizer):
    """Adam: steps scaled per parameter by running averages of g and g^2 (Kingma & Ba; PyTorch's exact rule)."""

    decoupled = False  # AdamW: weight decay shrinks p directly instead of joining the gradient

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, amsgrad: bool = False, *, maximize: bool = False,
                 decoupled_weight_decay: bool = False, **speed: Any) -> None:
        # decoupled_weight_decay=True makes Adam AdamW, as in PyTorch
        speed = _speed_only(type(self).__name__, speed, foreach=None, capturable=False, differentiable=False,
                            fused=None, decoupled_weight_decay=bool(decoupled_weight_decay) or self.decoupled)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                                      maximize=maximize, **speed))

    def _validate(self, group: dict[str, Any]) -> None:
        super()._validate(group)
        betas = tuple(group["betas"])
        _check(len(betas) == 2, f"Invalid betas: {group['betas']!r} (two numbers, e.g. (0.9, 0.999)).")
        betas = tuple(_number(b, "beta parameter") for b in betas)
        for i, b in enumerate(betas):
            _check(0.0 <= b < 1.0, f"Invalid beta parameter at index {i}: {b}")
        group["betas"] = betas

    def _step_group(self, group: dict[str, Any]) -> None:
        lr, (beta1, beta2), eps, weight_decay = group["lr"], group["betas"], group["eps"], group["weight_decay"]
        decoupled = group.get("decoupled_weight_decay", self.decoupled)
        for p, g in self._gradients(group, l2=not decoupled):
            value = _numbers(p)
            # AdamW: p shrinks apart from the gradient
            shrink = 1 - lr * weight_decay if weight_decay and decoupled else 1.0
            state = self.state[p]
            if not state:
                state.update(step=0.0, exp_avg=_zeros_like(value), exp_avg_sq=_zeros_like(value))
                if group["amsgrad"]:
                    state["max_exp_avg_sq"] = _zeros_like(value)
            step = state["step"] = state["step"] + 1
            m = state["exp_avg"] = _add(state["exp_avg"], (g - state["exp_avg"]) * (1 - beta1))  # mean of g (lerp)
            v = state["exp_avg_sq"] = _scale_add(state["exp_avg_sq"], beta2, (1 - beta2) * g * g)  # mean of g^2
            if group["amsgrad"]:
                high = state["max_exp_avg_sq"]
                v = state["max_exp_avg_sq"] = np.maximum(high, v, out=high) if isinstance(high, np.ndarray) \
                    else max(high, v)
            # undo the bias toward the zero start: m / (1 - beta1^t), sqrt(v / (1 - beta2^t))
            step_size = lr / (1 - beta1**step)
            denom = _sqrt(v) / math.sqrt(1 - beta2**step) + eps
            _descend(p, step_size * (m / denom), shrink)


class AdamW(Adam):
    """Adam with decoupled weight decay: p shrinks by lr * wd * p each step, apart from the gradient."""

    decoupled = True

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False,
                 **speed: Any) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize, **speed)


class RMSprop(Optimizer):
    """RMSprop: steps divided by a running root-mean-square of the gradient (PyTorch's rule, centered optional)."""

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False, *, maximize: bool = False,
                 **speed: Any) -> None:
        speed = _speed_only("RMSprop", speed, foreach=None, capturable=False, differentiable=False)
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay, momentum=momentum,
                                      centered=centered, maximize=maximize, **speed))

    def _step_group(self, group: dict[str, Any]) -> None:
        lr, alpha, eps, momentum = group["lr"], group["alpha"], group["eps"], group["momentum"]
        for p, g in self._gradients(group):
            state = self.state[p]
            if not state:
                state.update(step=0.0, square_avg=_zeros_like(_numbers(p)))
                if momentum > 0:
                    state["momentum_buffer"] = _zeros_like(_numbers(p))
                if group["centered"]:
                    state["grad_avg"] = _zeros_like(_numbers(p))
            state["step"] += 1
            square_avg = state["square_avg"] = _scale_add(state["square_avg"], alpha, (1 - alpha) * g * g)
            if group["centered"]:
                # subtract the squared mean: the RMS of g around its average, not around 0
                grad_avg = state["grad_avg"] = _add(state["grad_avg"], (g - state["grad_avg"]) * (1 - alpha))
                avg = _sqrt(square_avg - grad_avg * grad_avg) + eps
            else:
                avg = _sqrt(square_avg) + eps
            if momentum > 0:
                buf = state["momentum_buffer"] = _scale_add(state["momentum_buffer"], momentum, g / avg)
                _descend(p, lr * buf)
            else:
                _descend(p, lr * (g / avg))


from . import lr_scheduler  # noqa: E402 - torch.optim.lr_scheduler; it needs Optimizer, defined above


def __getattr__(name: str) -> object:
    from ..missing import OPTIM, missing
    raise missing("torch.optim", name, OPTIM)
