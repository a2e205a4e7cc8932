"""Conv2d, MaxPool2d and AvgPool2d: the layers of a convolutional network (torch.nn's names and shapes).

A convolution is a neuron that slides: one small set of weights (a filter) looks at every window of
the image and writes one number per window, the feature map. The math is in engine/conv.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine import conv as ops
from ..engine.tensor import ShapeError, Tensor
from ..init import make_rng
from .module import Module, Parameter

__all__ = ["Conv2d", "MaxPool2d", "AvgPool2d"]


def _count(value: Any, name: str, who: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{who}: {name} must be a positive integer, not {value!r}.")
    return int(value)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class Conv2d(Module):
    """2-D convolution over (N, C, H, W) images: `out_channels` filters of shape (in_channels, kh, kw).

    Weights and bias are uniform in +-1/sqrt(in_channels * kh * kw), PyTorch's default
    (`kaiming_uniform_` with a = sqrt(5)), drawn from the global generator unless `seed=` is given."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1, padding: Any = 0,
                 bias: bool = True, dtype: Any = None, *, seed: "int | np.random.Generator | None" = None) -> None:
        super().__init__()
        self.in_channels = _count(in_channels, "in_channels", "Conv2d")
        self.out_channels = _count(out_channels, "out_channels", "Conv2d")
        self.kernel_size = ops.pair(kernel_size, "kernel_size")
        self.stride, self.padding = ops.pair(stride, "stride"), ops.pair(padding, "padding")
        if min(self.kernel_size + self.stride) <= 0 or min(self.padding) < 0:
            raise ValueError(f"Conv2d: kernel_size and stride must be positive and padding >= 0, got "
                             f"kernel_size={kernel_size}, stride={stride}, padding={padding}.")
        fan_in = self.in_channels * self.kernel_size[0] * self.kernel_size[1]
        bound = 1.0 / np.sqrt(fan_in)
        rng = make_rng(seed)
        self.weight = Parameter(rng.uniform(-bound, bound, size=(self.out_channels, self.in_channels, *self.kernel_size)),
                                dtype=dtype, label="weight")
        if bias:
            self.bias = Parameter(rng.uniform(-bound, bound, size=self.out_channels), dtype=dtype, label="bias")
        else:
            self.register_parameter("bias", None)

    def forward(self, input: Tensor) -> Tensor:
        """Slide every filter over the images (N, C, H, W), or one image (C, H, W): one output channel per filter."""
        if not isinstance(input, Tensor):
            raise TypeError(f"Conv2d expected a Tensor of images (N, C, H, W), got {type(input).__name__}.")
        if input.ndim == 3:  # one unbatched image (C, H, W), as PyTorch accepts
            out = self.forward(input.reshape(1, *input.shape))
            return out.reshape(*out.shape[1:])
        if input.ndim != 4:
            raise ShapeError(f"Conv2d expected images of shape (N, {self.in_channels}, H, W), got shape {input.shape}.")
        if input.shape[1] != self.in_channels:
            raise ShapeError(f"Conv2d expected {_plural(self.in_channels, 'input channel')}, got {input.shape[1]} "
                             f"(input shape {input.shape}).")
        return ops.conv2d(input, self.weight, self.bias, self.stride, self.padding)

    def extra_repr(self) -> str:
        """Channels in and out, kernel size and stride (padding and bias=False when they differ from the defaults)."""
        text = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}"
        if self.padding != (0, 0):
            text += f", padding={self.padding}"
        return text + ("" if self.bias is not None else ", bias=False")


class _Pool2d(Module):
    """A pooling layer: `_op` is the engine function applied to every window."""

    _op = staticmethod(ops.max_pool2d)

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0) -> None:
        super().__init__()
        self.kernel_size, self.stride, self.padding = kernel_size, kernel_size if stride is None else stride, padding

    def forward(self, input: Tensor) -> Tensor:
        name = type(self).__name__
        if not isinstance(input, Tensor) or input.ndim not in (3, 4):
            got = f"shape {input.shape}" if isinstance(input, Tensor) else type(input).__name__
            raise ShapeError(f"{name} expected images of shape (N, C, H, W) or (C, H, W), got {got}.")
        if input.ndim == 3:
            out = type(self)._op(input.reshape(1, *input.shape), self.kernel_size, self.stride, self.padding)
            return out.reshape(*out.shape[1:])
        return type(self)._op(input, self.kernel_size, self.stride, self.padding)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxPool2d(_Pool2d):
    """Keep the largest value of each kernel_size window (stride defaults to kernel_size)."""

    _op = staticmethod(ops.max_pool2d)

    def extra_repr(self) -> str:
        """The window settings, plus PyTorch's dilation and ceil_mode (always 1 and False here)."""
        return super().extra_repr() + ", dilation=1, ceil_mode=False"


class AvgPool2d(_Pool2d):
    """Average each kernel_size window (stride defaults to kernel_size)."""

    _op = staticmethod(ops.avg_pool2d)
