"""Neural networks made of scalar `Value`s: every multiply is a node you can draw.

The same names as micrograd (`Neuron`, `Layer`, `MLP`, `parameters()`, `zero_grad()`), so its
demo runs here with only the import changed.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np

from .engine.value import Value, _sigmoid
from .init import linear_init, make_rng

__all__ = ["Value", "Module", "Neuron", "Layer", "MLP", "ACTIVATIONS", "binary_cross_entropy_with_logits"]

ACTIVATIONS: dict[str, Callable[[Value], Value]] = {
    "linear": lambda v: v,
    "relu": Value.relu,
    "sigmoid": Value.sigmoid,
    "tanh": Value.tanh,
    "leaky_relu": Value.leaky_relu,
}


def _check_activation(activation: str) -> str:
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {activation!r}; choose one of {', '.join(sorted(ACTIVATIONS))}."
        )
    return activation


class Module:
    """Something with parameters: a neuron, a layer, a network."""

    def parameters(self) -> list[Value]:
        return []

    def zero_grad(self) -> None:
        """Set every parameter's gradient to 0 (gradients accumulate otherwise)."""
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    """activation(w1*x1 + ... + wn*xn + b): one neuron of `nin` inputs."""

    def __init__(
        self,
        nin: int,
        activation: str = "relu",
        *,
        nonlin: bool | None = None,
        seed: "int | np.random.Generator | None" = 0,
        _init: tuple[np.ndarray, float] | None = None,
    ) -> None:
        if nonlin is not None:  # micrograd's spelling: Neuron(nin, nonlin=False) is linear
            activation = "relu" if nonlin else "linear"
        self.activation = _check_activation(activation)
        if _init is None:
            weight, bias = linear_init(make_rng(seed), nin, 1)
            _init = (weight[0], float(bias[0]))
        w, b = _init
        self.w = [Value(float(wi), label=f"w{i + 1}") for i, wi in enumerate(w)]
        self.b = Value(float(b), label="b")
        self.nin = nin

    def __call__(self, x: Sequence["Value | float"]) -> Value:
        if len(x) != self.nin:
            raise ValueError(
                f"Neuron expects {self.nin} inputs but got {len(x)}: {list(x)!r}."
            )
        return ACTIVATIONS[self.activation](Value.weighted_sum(self.w, x, self.b))

    def parameters(self) -> list[Value]:
        return self.w + [self.b]

    def __repr__(self) -> str:
        return f"Neuron({self.nin}, activation={self.activation!r})"


class Layer(Module):
    """`nout` neurons reading the same inputs. Always returns a list, even of one Value."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "relu",
        *,
        nonlin: bool | None = None,
        seed: "int | np.random.Generator | None" = 0,
    ) -> None:
        if nonlin is not None:
            activation = "relu" if nonlin else "linear"
        weight, bias = linear_init(make_rng(seed), nin, nout)
        self.neurons = [
            Neuron(nin, activation, _init=(weight[j], float(bias[j]))) for j in range(nout)
        ]

    def __call__(self, x: Sequence["Value | float"]) -> list[Value]:
        return [n(x) for n in self.neurons]

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer of [{', '.join(map(repr, self.neurons))}]"


class MLP(Module):
    """A multi-layer perceptron: hidden layers with `activation`, then `output_activation`.

    `MLP(2, [16, 16, 1])` has two relu hidden layers of 16 and a linear output neuron.
    Calling it returns one Value when the last layer has one neuron, else a list.
    """

    def __init__(
        self,
        nin: int,
        sizes: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        *,
        seed: "int | np.random.Generator | None" = 0,
    ) -> None:
        if isinstance(sizes, int) or len(sizes) == 0:
            raise ValueError(f"sizes must be a non-empty list of layer sizes, e.g. [16, 16, 1], not {sizes!r}.")
        rng = make_rng(seed)
        dims = [nin, *sizes]
        self.layers = [
            Layer(
                dims[i],
                dims[i + 1],
                activation if i < len(sizes) - 1 else output_activation,
                seed=rng,
            )
            for i in range(len(sizes))
        ]
        self.nin, self.sizes = nin, list(sizes)
        self.activation, self.output_activation = activation, output_activation

    def __call__(self, x: Sequence["Value | float"]) -> "Value | list[Value]":
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(map(repr, self.layers))}]"


def binary_cross_entropy_with_logits(logit: Value, target: float) -> Value:
    """-[y log(sigmoid(z)) + (1-y) log(1-sigmoid(z))] for one logit z and label y in {0, 1}.

    Written as max(z, 0) - y*z + log(1 + e^-|z|), which never overflows, as one node whose
    local derivative is the famous sigmoid(z) - y.
    """
    z, y = logit.data, float(target)
    loss = max(z, 0.0) - y * z + math.log1p(math.exp(-abs(z)))
    return Value(loss, (logit,), "bce_logits", (_sigmoid(z) - y,))
