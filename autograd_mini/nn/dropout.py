"""Dropout: during training each element is zeroed with probability p (the rest scaled by 1/(1-p))."""

from __future__ import annotations

from ..engine.tensor import Tensor
from . import functional as F
from .module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    """Zero elements at random in training mode (mask from the global generator); the identity in eval mode."""

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        F.dropout(Tensor(0.0), p, training=False)  # the same check of p as the function
        self.p, self.inplace = p, inplace

    def forward(self, input: Tensor) -> Tensor:
        """While training, zero each element with probability p and scale the rest by 1/(1-p); in eval, `input` unchanged."""
        return F.dropout(input, self.p, self.training, self.inplace)

    def extra_repr(self) -> str:
        """The drop probability p and the inplace flag."""
        return f"p={self.p}, inplace={self.inplace}"
