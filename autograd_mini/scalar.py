"""Neural networks made of scalar `Value` objects: every multiply is a node you can draw.

The same names as micrograd (`Neuron`, `Layer`, `MLP`, `parameters()`, `zero_grad()`): this module
is micrograd's `micrograd.nn`, so its demo runs here with only the imports changed.

Initial weights, two ways:
  - no seed (micrograd's way): every weight is `random.uniform(-1, 1)` from Python's global
    `random` module and every bias is 0, drawn layer by layer, neuron by neuron, exactly as
    micrograd draws them, so after `random.seed(1337)` an `MLP(2, [16, 16, 1])` holds the same
    numbers as micrograd's;
  - `seed=...` (an int or a numpy Generator): uniform in +-1/sqrt(nin), PyTorch's nn.Linear rule,
    drawn like the tensor engine's, so `MLP(2, [16, 1], seed=3)` and `nn.MLP(2, [16, 1], seed=3)`
    start from the same weights.
"""

from __future__ import annotations

import math
import random
from typing import Callable, Sequence

import numpy as np

from .engine.value import Value, _sigmoid
from .init import linear_init, make_rng

__all__ = ["Value", "Module", "Neuron", "Layer", "MLP", "ACTIVATIONS", "binary_cross_entropy_with_logits",
           "softmax", "cross_entropy"]

Seed = "int | np.random.Generator | None"

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


_REPR_NAMES = {"linear": "Linear", "relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh", "leaky_relu": "LeakyReLU"}


def _check_count(name: str, n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
        raise ValueError(f"{name} must be a positive integer (a number of inputs or neurons), not {n!r}.")
    return int(n)


def _micrograd_init(nin: int) -> tuple[list[float], float]:
    """micrograd's Neuron: nin weights random.uniform(-1, 1) from Python's `random`, bias 0."""
    return [random.uniform(-1, 1) for _ in range(_check_count("nin", nin))], 0.0


def _seeded_init(seed: Seed, nin: int, nout: int) -> list[tuple[np.ndarray, float]]:
    """(weights, bias) of each of `nout` neurons, drawn as the tensor engine's nn.Linear draws them."""
    weight, bias = linear_init(make_rng(seed), nin, nout)
    return [(weight[j], float(bias[j])) for j in range(nout)]


class Module:
    """Something with parameters: a neuron, a layer, a network."""

    def parameters(self) -> list[Value]:
        """The Values a training step updates (none here; subclasses list theirs)."""
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
        seed: Seed = None,
        _init: "tuple[Sequence[float], float] | None" = None,
    ) -> None:
        if nonlin is not None:  # micrograd's spelling: Neuron(nin, nonlin=False) is linear
            activation = "relu" if nonlin else "linear"
        self.activation = _check_activation(activation)
        if _init is None:
            _init = _micrograd_init(nin) if seed is None else _seeded_init(seed, nin, 1)[0]
        w, b = _init
        self.w = [Value(float(wi), label=f"w{i + 1}") for i, wi in enumerate(w)]
        self.b = Value(float(b), label="b")
        self.nin = nin

    def __call__(self, x: Sequence["Value | float"], *, input_data: "Sequence[float] | None" = None) -> Value:
        """activation(w·x + b); `input_data`, the inputs' numbers, comes from a Layer that read them once."""
        if len(x) != self.nin:
            raise ValueError(
                f"Neuron expects {self.nin} inputs but got {len(x)}: {list(x)!r}."
            )
        return ACTIVATIONS[self.activation](Value.weighted_sum(self.w, x, self.b, input_data=input_data))

    def parameters(self) -> list[Value]:
        """Every weight and bias, in micrograd's order (w then b, neuron by neuron, layer by layer)."""
        return self.w + [self.b]

    def __repr__(self) -> str:
        return f"{_REPR_NAMES[self.activation]}Neuron({self.nin})"  # micrograd's ReLUNeuron(2)


class Layer(Module):
    """`nout` neurons reading the same inputs. Always returns a list, even of one Value."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: str = "relu",
        *,
        nonlin: bool | None = None,
        seed: Seed = None,
    ) -> None:
        if nonlin is not None:
            activation = "relu" if nonlin else "linear"
        inits = [_micrograd_init(nin) for _ in range(_check_count("nout", nout))] if seed is None else _seeded_init(seed, nin, nout)
        self.neurons = [Neuron(nin, activation, _init=init) for init in inits]

    def __call__(self, x: Sequence["Value | float"]) -> list[Value]:
        """Every neuron's output for the same inputs."""
        # the inputs are read once for all the neurons: a plain number becomes one constant Value
        x = [v if type(v) is Value else Value._lift(v) for v in x]
        x_data = [v.data for v in x]
        return [n(x, input_data=x_data) for n in self.neurons]

    def parameters(self) -> list[Value]:
        """Every weight and bias, in micrograd's order (w then b, neuron by neuron, layer by layer)."""
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
        seed: Seed = None,
    ) -> None:
        if isinstance(sizes, int) or len(sizes) == 0:
            raise ValueError(f"sizes must be a non-empty list of layer sizes, e.g. [16, 16, 1], not {sizes!r}.")
        rng = None if seed is None else make_rng(seed)  # one stream for all layers
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
        """Every weight and bias, in micrograd's order (w then b, neuron by neuron, layer by layer)."""
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        return f"MLP of [{', '.join(map(repr, self.layers))}]"


def binary_cross_entropy_with_logits(logit: Value, target: float) -> Value:
    """-[y log(sigmoid(z)) + (1-y) log(1-sigmoid(z))] for one logit z and label y in {0, 1}.

    Written as `max(z, 0) - y*z + log(1 + e^-|z|)`, which never overflows, as one node whose
    local derivative is the famous sigmoid(z) - y.
    """
    z, y = logit.data, float(target)
    loss = max(z, 0.0) - y * z + math.log1p(math.exp(-abs(z)))
    return Value(loss, (logit,), "bce_logits", (_sigmoid(z) - y,))


def softmax(logits: Sequence["Value | float"]) -> list[Value]:
    """exp(z_i) / sum_j exp(z_j) for a list of Values: K probabilities that sum to 1.

    Computed as exp(z_i - max z) / sum_j exp(z_j - max z): the same numbers (the shift cancels),
    but exp never overflows. The max is a constant shift, so no gradient is lost by not tracing it.
    """
    values = _logit_list("softmax", logits)
    shift = max(v.data for v in values)
    exps = [(v - shift).exp() for v in values]
    total = Value.sum(exps)
    return [e / total for e in exps]


def cross_entropy(logits: Sequence["Value | float"], target: int) -> Value:
    """-log softmax(logits)[target] for one sample's K logits and its class index (0..K-1).

    Written as logsumexp(z) - z_target = m + log(sum_j e^(z_j - m)) - z_target with m = max z
    (never overflows), as one node whose local derivatives are softmax(z)_i - [i == target].
    """
    values = _logit_list("cross_entropy", logits)
    if isinstance(target, bool) or not isinstance(target, (int, np.integer)):
        raise TypeError(
            f"cross_entropy: the target is a class index, an int in 0..{len(values) - 1}, "
            f"not {target!r} ({type(target).__name__}). Convert labels with int(label)."
        )
    if not 0 <= target < len(values):
        raise ValueError(
            f"cross_entropy: target class {target} is out of range for {len(values)} logits "
            f"(classes 0..{len(values) - 1}); the model needs one output per class."
        )
    zs = [v.data for v in values]
    m = max(zs)
    exps = [math.exp(z - m) for z in zs]
    total = math.fsum(exps)
    loss = m + math.log(total) - zs[target]
    local = [e / total - (1.0 if i == target else 0.0) for i, e in enumerate(exps)]
    return Value(loss, values, "cross_entropy", local)


def _logit_list(op: str, logits: Sequence["Value | float"]) -> list[Value]:
    if isinstance(logits, Value) or not isinstance(logits, Sequence) or len(logits) == 0:
        raise TypeError(
            f"{op}: expects a non-empty list of Values (one logit per class, e.g. an MLP's outputs), "
            f"not {logits!r}. An MLP whose last layer has one neuron returns one Value: give it K outputs."
        )
    return [v if isinstance(v, Value) else Value(v) for v in logits]
