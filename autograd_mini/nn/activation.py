"""Activation modules: each applies one function from `functional` elementwise (or along `dim`)."""

from __future__ import annotations

from typing import Any

from ..engine.tensor import Tensor
from . import functional as F
from .module import Module

__all__ = ["ReLU", "Tanh", "Sigmoid", "LeakyReLU", "GELU", "Softmax", "LogSoftmax"]


class ReLU(Module):
    """max(0, x)."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        """max(0, x) for every element of `input`."""
        return F.relu(input, self.inplace)

    def extra_repr(self) -> str:
        """'inplace=True' when it was asked for, else nothing."""
        return "inplace=True" if self.inplace else ""


class Tanh(Module):
    """tanh(x)."""

    def forward(self, input: Tensor) -> Tensor:
        """tanh(x) for every element of `input`."""
        return input.tanh()


class Sigmoid(Module):
    """1 / (1 + e^-x)."""

    def forward(self, input: Tensor) -> Tensor:
        """sigmoid(x) = 1 / (1 + exp(-x)) for every element of `input`."""
        return input.sigmoid()


class LeakyReLU(Module):
    """x for x > 0, negative_slope * x otherwise."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input: Tensor) -> Tensor:
        """x where x > 0, else negative_slope * x, for every element of `input`."""
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        """The slope for negative inputs (and inplace=True when asked for)."""
        return f"negative_slope={self.negative_slope}{', inplace=True' if self.inplace else ''}"


class GELU(Module):
    """x * Phi(x) (Phi the standard normal CDF); approximate='tanh' for the tanh formula."""

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:
        """GELU(x) = x * Phi(x) for every element of `input` (tanh approximation if asked)."""
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        """Which GELU formula: 'none' (exact) or 'tanh'."""
        return f"approximate={self.approximate!r}"


class Softmax(Module):
    """e^x / sum(e^x) along `dim`: a probability per class."""

    def __init__(self, dim: "int | None" = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:
        """Probabilities along `dim`: exp(x) / sum(exp(x)), each slice sums to 1."""
        return F.softmax(input, self.dim)

    def extra_repr(self) -> str:
        """The axis the probabilities are taken along."""
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """log softmax along `dim` (pairs with NLLLoss)."""

    def forward(self, input: Tensor) -> Tensor:
        """log(softmax(x)) along `dim`, computed stably (x - logsumexp(x))."""
        return F.log_softmax(input, self.dim)


def activation_modules() -> dict[str, Any]:
    """The activations nn.MLP accepts by name."""
    from .linear import Identity
    return {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid, "leaky_relu": LeakyReLU, "linear": Identity}
