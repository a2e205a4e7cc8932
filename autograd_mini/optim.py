"""Optimizers: they move parameters against their gradients, nothing else (torch.optim's names).

They work on any parameter with `.data` and `.grad`: Tensors (arrays) and scalar Values (floats) alike.
Updates are written out of place (p.data = p.data - ...), so arrays saved by an old graph never change.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

import numpy as np

__all__ = ["Optimizer", "SGD", "Adam", "AdamW"]


class Optimizer:
    """Holds the parameters and the per-parameter state; `step()` updates, `zero_grad()` clears."""

    def __init__(self, params: Iterable[Any], lr: float) -> None:
        self.params = list(params)
        if not self.params:
            raise ValueError(f"{type(self).__name__}: got an empty parameter list; pass model.parameters().")
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not lr > 0 or not math.isfinite(lr):
            raise ValueError(f"{type(self).__name__}: the learning rate must be a positive number, not {lr!r}.")
        self.lr = float(lr)
        self.state: list[dict[str, Any]] = [{} for _ in self.params]

    def zero_grad(self) -> None:
        """Clear every gradient (None for Tensors, 0.0 for scalar Values)."""
        for p in self.params:
            p.grad = None if isinstance(p.data, np.ndarray) else 0.0

    def step(self) -> None:
        for p, state in zip(self.params, self.state):
            if p.grad is not None:
                p.data = p.data - self._update(p.data, p.grad, state)

    def _update(self, value: Any, grad: Any, state: dict[str, Any]) -> Any:
        raise NotImplementedError

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v}" for k, v in vars(self).items() if k not in ("params", "state"))
        return f"{type(self).__name__}({settings})"


class SGD(Optimizer):
    """Stochastic gradient descent: p -= lr * g, with optional momentum and weight decay (PyTorch's rule)."""

    def __init__(self, params: Iterable[Any], lr: float = 0.1, momentum: float = 0.0, weight_decay: float = 0.0,
                 dampening: float = 0.0, nesterov: bool = False) -> None:
        super().__init__(params, lr)
        if momentum < 0 or weight_decay < 0:
            raise ValueError(f"SGD: momentum ({momentum}) and weight_decay ({weight_decay}) must be >= 0.")
        self.momentum, self.weight_decay, self.dampening, self.nesterov = momentum, weight_decay, dampening, nesterov

    def _update(self, value: Any, grad: Any, state: dict[str, Any]) -> Any:
        if self.weight_decay:
            grad = grad + self.weight_decay * value  # L2 penalty (wd/2)|p|^2 has gradient wd * p
        if self.momentum:
            # velocity = momentum * velocity + g: a ball that keeps rolling in the direction it went
            velocity = grad if "velocity" not in state else self.momentum * state["velocity"] + (1 - self.dampening) * grad
            state["velocity"] = velocity
            grad = grad + self.momentum * velocity if self.nesterov else velocity
        return self.lr * grad


class Adam(Optimizer):
    """Adam: steps scaled per parameter by running averages of g and g^2 (Kingma & Ba, PyTorch's rule)."""

    def __init__(self, params: Iterable[Any], lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        if not (0 <= betas[0] < 1 and 0 <= betas[1] < 1):
            raise ValueError(f"{type(self).__name__}: betas must be in [0, 1), not {betas}.")
        self.betas, self.eps, self.weight_decay = tuple(betas), eps, weight_decay

    def _l2(self, value: Any, grad: Any) -> Any:
        return grad + self.weight_decay * value if self.weight_decay else grad

    def _update(self, value: Any, grad: Any, state: dict[str, Any]) -> Any:
        grad = self._l2(value, grad)
        beta1, beta2 = self.betas
        t = state["t"] = state.get("t", 0) + 1
        m = state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * grad  # mean of g
        v = state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * grad * grad  # mean of g^2
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)  # undo the bias toward the zero start
        return self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


class AdamW(Adam):
    """Adam with decoupled weight decay: p shrinks by lr * wd each step, apart from the gradient."""

    def __init__(self, params: Iterable[Any], lr: float = 0.001, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.01) -> None:
        super().__init__(params, lr, betas, eps, weight_decay)

    def _l2(self, value: Any, grad: Any) -> Any:
        return grad

    def _update(self, value: Any, grad: Any, state: dict[str, Any]) -> Any:
        return super()._update(value, grad, state) + self.lr * self.weight_decay * value
