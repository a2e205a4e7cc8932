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
from . import init
from .module import Module, Parameter

__all__ = ["Conv2d", "MaxPool2d", "AvgPool2d", "conv2d", "max_pool2d", "avg_pool2d"]

# PyTorch's settings this engine does not implement: (the value that works here, what that value means).
_ONLY = {
    "dilation": (1, "every kernel tap sits next to the next; a larger kernel_size covers a wider window"),
    "groups": (1, "every filter looks at all in_channels"),
    "padding_mode": ("zeros", "the border is padded with zeros"),
    "ceil_mode": (False, "a window that would run past the edge is dropped"),
    "return_indices": (False, "the pool returns the values only; take argmax of the windows yourself"),
    "count_include_pad": (True, "padded zeros count in every window's average"),
    "divisor_override": (None, "each window's sum is divided by its kh * kw"),
}


def _is_default(name: str, value: Any) -> bool:
    default = _ONLY[name][0]
    if name == "dilation":
        return isinstance(value, (int, np.integer, tuple, list)) and not isinstance(value, bool) and \
            ops.pair(value, name) == (1, 1)
    if isinstance(default, bool):
        return isinstance(value, (bool, int, np.integer)) and bool(value) is default
    return value is None if default is None else value == default


def _supported_only(who: str, **settings: Any) -> None:
    """Refuse, with a learner's NotImplementedError, any PyTorch setting that is not at its default here."""
    for name, value in settings.items():
        if not _is_default(name, value):
            default, meaning = _ONLY[name]
            raise NotImplementedError(
                f"{who}({name}={value!r}): {name} other than {default!r} is not supported here ({meaning}). "
                f"Leave {name} out (or pass {name}={default!r}), or run this model in PyTorch.")


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
                 dilation: Any = 1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device: Any = None,
                 dtype: Any = None, *, seed: "int | np.random.Generator | None" = None) -> None:
        _supported_only("Conv2d", dilation=dilation, groups=groups, padding_mode=padding_mode)
        if device is not None and str(device) != "cpu":
            raise RuntimeError(f"Conv2d(device={str(device)!r}): autograd_mini runs on the CPU only; leave device out.")
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

    def reset_parameters(self) -> None:
        """New weights and bias from the global generator, in place (the same Parameters), as at construction."""
        bound = 1.0 / np.sqrt(self.in_channels * self.kernel_size[0] * self.kernel_size[1])
        rng = make_rng(None)
        init._fill(self.weight, rng.uniform(-bound, bound, size=self.weight.shape))
        if self.bias is not None:
            init._fill(self.bias, rng.uniform(-bound, bound, size=self.bias.shape))

    def forward(self, input: Tensor) -> Tensor:
        """Slide every filter over the images (N, C, H, W), or one image (C, H, W): one output channel per filter."""
        if not isinstance(input, Tensor):
            raise TypeError(f"Conv2d expected a Tensor of images (N, C, H, W), got {type(input).__name__}.")
        if input.ndim == 3:  # one unbatched image (C, H, W), as PyTorch accepts
            out = self.forward(input.reshape(1, *input.shape))
            return out.reshape(*out.shape[1:])
        if input.ndim != 4:
            raise ShapeError(f"Conv2d expected images of shape (N, {self.in_channels}, H, W), got shape {tuple(input.shape)}.")
        if input.shape[1] != self.in_channels:
            raise ShapeError(f"Conv2d expected {_plural(self.in_channels, 'input channel')}, got {input.shape[1]} "
                             f"(input shape {tuple(input.shape)}).")
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

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0, **settings: Any) -> None:
        _supported_only(type(self).__name__, **settings)
        super().__init__()
        self.kernel_size, self.stride, self.padding = kernel_size, kernel_size if stride is None else stride, padding

    def forward(self, input: Tensor) -> Tensor:
        name = type(self).__name__
        if not isinstance(input, Tensor) or input.ndim not in (3, 4):
            got = f"shape {tuple(input.shape)}" if isinstance(input, Tensor) else type(input).__name__
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

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
                 return_indices: bool = False, ceil_mode: bool = False) -> None:
        super().__init__(kernel_size, stride, padding, dilation=dilation, return_indices=return_indices,
                         ceil_mode=ceil_mode)

    def extra_repr(self) -> str:
        """The window settings, plus PyTorch's dilation and ceil_mode (always 1 and False here)."""
        return super().extra_repr() + ", dilation=1, ceil_mode=False"


class AvgPool2d(_Pool2d):
    """Average each kernel_size window (stride defaults to kernel_size)."""

    _op = staticmethod(ops.avg_pool2d)

    def __init__(self, kernel_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False,
                 count_include_pad: bool = True, divisor_override: "int | None" = None) -> None:
        super().__init__(kernel_size, stride, padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad,
                         divisor_override=divisor_override)


# ------------------------------------------------------------------ the functions, with PyTorch's signatures
def conv2d(input: Tensor, weight: Tensor, bias: "Tensor | None" = None, stride: Any = 1, padding: Any = 0,
           dilation: Any = 1, groups: int = 1) -> Tensor:
    """torch.nn.functional.conv2d: every filter of `weight` (O, C, kh, kw) slides over the images (N, C, H, W)."""
    _supported_only("conv2d", dilation=dilation, groups=groups)
    return _unbatched(input, lambda images: ops.conv2d(images, weight, bias, stride, padding))


def max_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0, dilation: Any = 1,
               ceil_mode: bool = False, return_indices: bool = False) -> Tensor:
    """torch.nn.functional.max_pool2d: the largest value of each window (stride defaults to kernel_size)."""
    _supported_only("max_pool2d", dilation=dilation, ceil_mode=ceil_mode, return_indices=return_indices)
    return _unbatched(input, lambda images: ops.max_pool2d(images, kernel_size, stride, padding))


def avg_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: "int | None" = None) -> Tensor:
    """torch.nn.functional.avg_pool2d: the mean of each window (padded zeros count, PyTorch's default)."""
    _supported_only("avg_pool2d", ceil_mode=ceil_mode, count_include_pad=count_include_pad,
                    divisor_override=divisor_override)
    return _unbatched(input, lambda images: ops.avg_pool2d(images, kernel_size, stride, padding))


def _unbatched(input: Any, op: Any) -> Tensor:
    """op on a batch (N, C, H, W); one image (C, H, W) goes through as a batch of one, as PyTorch accepts."""
    if isinstance(input, Tensor) and input.ndim == 3:
        out = op(input.reshape(1, *input.shape))
        return out.reshape(*out.shape[1:])
    return op(input)

