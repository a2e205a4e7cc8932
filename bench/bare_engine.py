"""A bare tensor autograd of autograd_mini's design, with none of its checks: a yardstick for its bookkeeping.

Each op computes `out` with numpy, keeps a backward closure and its inputs, and backward() walks the
graph in reverse topological order, as autograd_mini's engine does. What it leaves out is what makes
the real engine safe to teach with: dtype rules and casts, shape errors, in-place and freed-graph
checks, hooks, retain_grad, grad mode, `.grad` as a Tensor. It has just the ops of the benchmark's
raw-ops step, so the time between it and autograd_mini is that bookkeeping, and the time between it
and hand-written numpy is what any graph of separate ops costs.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

Backward = Callable[[np.ndarray], tuple]


class BareTensor:
    """A numpy array with its inputs and backward closure; `grad` is a plain array."""

    __slots__ = ("data", "grad", "requires_grad", "_prev", "_backward")

    def __init__(self, data: np.ndarray, prev: tuple = (), backward: Backward | None = None,
                 requires_grad: bool = False) -> None:
        self.data, self.grad, self.requires_grad = data, None, requires_grad
        self._prev, self._backward = prev, backward

    @property
    def T(self) -> "BareTensor":
        """The transpose; its gradient is g transposed."""
        return BareTensor(self.data.T, (self,), lambda g: (g.T,), self.requires_grad)

    def __matmul__(self, other: "BareTensor") -> "BareTensor":
        a, b = self.data, other.data
        need_a, need_b = self.requires_grad, other.requires_grad
        # dA = g B^T, dB = A^T g
        return BareTensor(a @ b, (self, other), lambda g: (g @ b.T if need_a else None, a.T @ g if need_b else None),
                          need_a or need_b)

    def __add__(self, bias: "BareTensor") -> "BareTensor":
        """A (N, k) array plus a (k,) bias: the bias's gradient is g summed over the batch (as ones @ g)."""
        return BareTensor(self.data + bias.data, (self, bias), lambda g: (g, np.ones(len(g), g.dtype) @ g),
                          self.requires_grad or bias.requires_grad)

    def relu(self) -> "BareTensor":
        """max(x, 0); gradient 1 where x > 0."""
        x = self.data
        return BareTensor(np.maximum(x, 0), (self,), lambda g: (g * (x > 0),), self.requires_grad)

    def backward(self) -> None:
        """d(self)/d(leaf) into every leaf's `.grad`."""
        order: list[BareTensor] = []
        _visit(self, set(), order)
        grads = {self: np.ones_like(self.data)}
        for node in reversed(order):
            g = grads.pop(node, None)
            if node._backward is None:
                node.grad = g if node.grad is None else node.grad + g
                continue
            for parent, parent_grad in zip(node._prev, node._backward(g)):
                if parent_grad is not None and parent.requires_grad:
                    grads[parent] = parent_grad if parent not in grads else grads[parent] + parent_grad


def _visit(node: BareTensor, visited: set, order: list) -> None:
    """Append node after everything it depends on (a module function: a nested one would be a reference cycle)."""
    if node not in visited:
        visited.add(node)
        for parent in node._prev:
            if parent.requires_grad:
                _visit(parent, visited, order)
        order.append(node)


def bce_with_logits(logits: BareTensor, target: np.ndarray) -> BareTensor:
    """Mean of max(z, 0) - z y + log(1 + e^-|z|); d/dz = (sigmoid(z) - y) / N."""
    z, n = logits.data, logits.data.size
    e = np.exp(-np.abs(z))
    loss = np.mean(np.maximum(z, 0) - z * target + np.log1p(e))
    return BareTensor(np.asarray(loss), (logits,),
                      lambda g: ((np.where(z >= 0, 1.0, e) / (1 + e) - target) * (g / n),), True)
