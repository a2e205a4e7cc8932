"""Weight initialisation in place, with torch.nn.init's names and formulas, drawn from the global generator.

Each function fills a tensor (usually a Parameter) without recording a graph, and returns it::

    nn.init.kaiming_uniform_(layer.weight, nonlinearity="relu")

`manual_seed` makes the draws reproducible; `generator=` draws from another Generator.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..engine.data_array import DataArray
from ..engine.tensor import Tensor, _note_inplace, no_grad
from ..random import Generator, numpy_generator

__all__ = ["calculate_gain", "uniform_", "normal_", "constant_", "zeros_", "ones_", "kaiming_uniform_",
           "kaiming_normal_", "xavier_uniform_", "xavier_normal_"]

_GAIN_ONE = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
             "sigmoid")


def calculate_gain(nonlinearity: str, param: "float | None" = None) -> float:
    """The factor that keeps activations' variance steady through `nonlinearity` (torch.nn.init.calculate_gain)."""
    if nonlinearity in _GAIN_ONE:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, bool) or not isinstance(param, (int, float)):
            raise ValueError(f"negative_slope {param} not a valid number")
        else:
            slope = float(param)
        return math.sqrt(2.0 / (1 + slope**2))  # relu's sqrt(2), corrected for the slope on the negative side
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _fill(tensor: Tensor, values: Any) -> Tensor:
    """Put `values` into `tensor` in its dtype, with no graph (as PyTorch's init runs under no_grad)."""
    if isinstance(tensor, DataArray):  # nn.init.normal_(m.weight.data, 0, 0.02), DCGAN's: into the same memory
        _fill(Tensor._result(np.ndarray.view(tensor, np.ndarray), (), "data", None), values)
        return tensor
    if not isinstance(tensor, Tensor):
        raise TypeError(f"nn.init: expects a Tensor or Parameter (e.g. layer.weight), not {type(tensor).__name__}.")
    with no_grad():
        if isinstance(tensor._data, np.ndarray) and tensor._data.flags.writeable:  # in place, as torch's init_
            np.copyto(tensor._data, np.broadcast_to(values, tensor.shape), casting="unsafe")
            _note_inplace(tensor._data)
        else:
            tensor._data = np.array(np.broadcast_to(values, tensor.shape), dtype=tensor.dtype)
    return tensor


def _floating(call: str, tensor: Any) -> None:
    """Random draws are fractions: PyTorch refuses to put them into an integer or bool tensor, and so does this."""
    dtype = getattr(tensor, "dtype", None)
    if dtype is not None and np.dtype(dtype).kind != "f":
        raise TypeError(f"{call}: random fractions cannot fill a tensor of dtype {dtype} (PyTorch: \"not implemented "
                        f"for 'Long'\"); fill a float tensor, e.g. torch.empty(3).{call}(), or use torch.randint.")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """fan_in = inputs per output (weight.shape[1] * kernel size), fan_out = outputs per input."""
    if tensor.ndim < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions "
                         f"(got shape {tuple(tensor.shape)}); use uniform_ or normal_ with an explicit range for a bias.")
    receptive = int(np.prod(tensor.shape[2:])) if tensor.ndim > 2 else 1
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor: Tensor, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: "Generator | None" = None) -> Tensor:
    """Fill with numbers drawn uniformly from [a, b)."""
    _floating("uniform_", tensor)
    return _fill(tensor, numpy_generator(generator).uniform(a, b, size=tensor.shape))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: "Generator | None" = None) -> Tensor:
    """Fill with numbers drawn from N(mean, std^2)."""
    _floating("normal_", tensor)
    return _fill(tensor, numpy_generator(generator).normal(mean, std, size=tensor.shape))


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with `val`."""
    return _fill(tensor, val)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with 0."""
    return _fill(tensor, 0.0)


def ones_(tensor: Tensor) -> Tensor:
    """Fill with 1."""
    return _fill(tensor, 1.0)


def kaiming_uniform_(tensor: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                     generator: "Generator | None" = None) -> Tensor:
    """He init: U(-bound, bound), bound = gain * sqrt(3 / fan) (a uniform with std gain / sqrt(fan))."""
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    bound = math.sqrt(3.0) * std  # U(-b, b) has standard deviation b / sqrt(3)
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor: Tensor, a: float = 0.0, mode: str = "fan_in", nonlinearity: str = "leaky_relu",
                    generator: "Generator | None" = None) -> Tensor:
    """He init: N(0, std^2), std = gain / sqrt(fan)."""
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std, generator)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator: "Generator | None" = None) -> Tensor:
    """Glorot init: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = math.sqrt(3.0) * gain * math.sqrt(2.0 / (fan_in + fan_out))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: "Generator | None" = None) -> Tensor:
    """Glorot init: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / (fan_in + fan_out)), generator)


def __getattr__(name: str) -> object:
    from ..missing import INIT, missing
    raise missing("torch.nn.init", name, INIT)
