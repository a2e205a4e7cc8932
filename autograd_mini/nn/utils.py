"""torch.nn.utils's gradient clipping: shrink the gradients before optimizer.step(), in place."""

from __future__ import annotations

import math
from typing import Any, Iterable

import numpy as np

from ..engine.tensor import Tensor, _note_inplace

__all__ = ["clip_grad_norm_", "clip_grad_value_"]


def _with_grads(parameters: "Tensor | Iterable[Tensor]", call: str) -> list[Tensor]:
    """The parameters that have a gradient (one Tensor or any iterable of them, as PyTorch takes)."""
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    for p in params:
        if not isinstance(p, Tensor):
            raise TypeError(f"{call}: expects Tensors (e.g. model.parameters()), got {type(p).__name__}.")
    return [p for p in params if p.grad is not None]


def clip_grad_norm_(parameters: "Tensor | Iterable[Tensor]", max_norm: float, norm_type: "float | str" = 2.0,
                    error_if_nonfinite: bool = False, foreach: Any = None) -> Tensor:
    """Scale all gradients together so that their joint norm is at most max_norm; returns the norm before."""
    params = _with_grads(parameters, "clip_grad_norm_")
    p_norm = math.inf if norm_type in ("inf", math.inf) else float(norm_type)
    if not params:
        return Tensor(np.zeros((), dtype=np.float64))
    grads = [p.grad._data for p in params]
    # the norm of every gradient number at once: the norm of the per-parameter norms
    if p_norm == math.inf:
        total = max(float(np.max(np.abs(g))) if g.size else 0.0 for g in grads)
    else:
        total = float(sum(float(np.sum(np.abs(g) ** p_norm)) for g in grads) ** (1.0 / p_norm))
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so "
                           f"it cannot be clipped. To disable this error and scale the gradients by the non-finite "
                           f"norm anyway, set `error_if_nonfinite=False`")
    scale = min(max_norm / (total + 1e-6), 1.0)  # PyTorch's clip coefficient, never above 1
    for g in grads:
        g *= scale
        _note_inplace(g)
    return Tensor(np.asarray(total, dtype=grads[0].dtype))


def clip_grad_value_(parameters: "Tensor | Iterable[Tensor]", clip_value: float, foreach: Any = None) -> None:
    """Limit every gradient number to [-clip_value, clip_value], in place."""
    for p in _with_grads(parameters, "clip_grad_value_"):
        np.clip(p.grad._data, -clip_value, clip_value, out=p.grad._data)
        _note_inplace(p.grad._data)


def __getattr__(name: str) -> object:
    from ..missing import NN_UTILS, missing
    raise missing("torch.nn.utils", name, NN_UTILS)
