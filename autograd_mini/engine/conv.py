"""Convolution and pooling: the next lesson's two tricks, as tensor ops with one backward rule each.

Images are (N, C, H, W): N images of C channels, H rows, W columns, as in PyTorch.

The one idea behind all three ops is the *window view*: `_windows(x)` gives, for every output
pixel (i, j), the kh x kw patch of the input it looks at, as an array (N, C, OH, OW, kh, kw).
numpy builds it without copying (`as_strided`), so no Python loop runs over pixels::

    conv2d:     out[n, o, i, j] = sum over c, k, l of patch[n, c, i, j, k, l] * weight[o, c, k, l] + bias[o]
    max_pool2d: out[n, c, i, j] = max over k, l of patch[n, c, i, j, k, l]
    avg_pool2d: out[n, c, i, j] = mean over k, l of patch[n, c, i, j, k, l]

Backward runs the other way: each kernel offset (k, l) sends its share of the output gradient back
to the input pixels it read, `_scatter`: a loop over the kh*kw offsets, never over pixels.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .tensor import ShapeError, Tensor

__all__ = ["conv2d", "max_pool2d", "avg_pool2d", "pair", "output_size"]


def pair(value: Any, name: str) -> tuple[int, int]:
    """(a, b) from an int or a pair of ints (PyTorch's kernel_size=3 means (3, 3))."""
    items = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(items) != 2 or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) for v in items):
        raise TypeError(f"{name} must be an int or a pair of ints, not {value!r}.")
    return int(items[0]), int(items[1])


def output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """How many windows of `kernel` fit along `size` (+ 2 padding) with steps of `stride`."""
    return (size + 2 * padding - kernel) // stride + 1


def _check_images(op: str, x: Tensor) -> None:
    if x.ndim != 4:
        raise ShapeError(
            f"{op}: expected images of shape (N, C, H, W), got shape {tuple(x.shape)}. "
            f"For one image use x.unsqueeze(0); for 8x8 grey images of shape (N, 64) use x.reshape(-1, 1, 8, 8)."
        )
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: expected a float tensor, got dtype {x.dtype}; use x.float() or x.double().")


def _geometry(op: str, x: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int],
              padding: tuple[int, int]) -> tuple[int, int]:
    (kh, kw), (sh, sw), (ph, pw) = kernel, stride, padding
    if min(kh, kw, sh, sw) <= 0 or min(ph, pw) < 0:
        raise ValueError(f"{op}: kernel_size and stride must be positive and padding >= 0, got "
                         f"kernel_size={kernel}, stride={stride}, padding={padding}.")
    oh, ow = output_size(x.shape[2], kh, sh, ph), output_size(x.shape[3], kw, sw, pw)
    if oh <= 0 or ow <= 0:
        raise ShapeError(f"{op}: a {kh}x{kw} kernel does not fit in a {x.shape[2]}x{x.shape[3]} image with "
                         f"padding {padding}; use a smaller kernel or more padding.")
    return oh, ow


def _pad(x: np.ndarray, padding: tuple[int, int], value: float = 0.0) -> np.ndarray:
    ph, pw = padding
    if ph == pw == 0:
        return x
    n, c, h, w = x.shape
    padded = np.full((n, c, h + 2 * ph, w + 2 * pw), value, dtype=x.dtype)
    padded[:, :, ph : ph + h, pw : pw + w] = x
    return padded


def _windows(xp: np.ndarray, kernel: tuple[int, int], stride: tuple[int, int], out_hw: tuple[int, int]) -> np.ndarray:
    """Every kh x kw patch of the padded input: (N, C, OH, OW, kh, kw), a view (no copy)."""
    (sh, sw), (oh, ow) = stride, out_hw
    # window (i, j) starts at pixel (i*sh, j*sw); its element (k, l) is k rows and l columns further on
    n_stride, c_stride, row, column = xp.strides
    return as_strided(xp, (*xp.shape[:2], oh, ow, *kernel), (n_stride, c_stride, row * sh, column * sw, row, column),
                      writeable=False)


def _scatter(patch_grad: Any, shape: tuple[int, ...], kernel: tuple[int, int], stride: tuple[int, int],
             padding: tuple[int, int], out_hw: tuple[int, int], dtype: np.dtype) -> np.ndarray:
    """The reverse of `_windows`: add each patch's gradient back onto the pixels it came from.

    `patch_grad(k, l)` is the gradient for kernel offset (k, l), shape (N, C, OH, OW); a pixel read by
    several windows (overlapping, stride < kernel) receives the sum of their shares."""
    (kh, kw), (sh, sw), (ph, pw), (oh, ow) = kernel, stride, padding, out_hw
    n, c, h, w = shape
    grad = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=dtype)
    overlapping = sh < kh or sw < kw  # else every pixel is read by at most one window: its share is written, not added
    for k in range(kh):
        for l in range(kw):
            pixels = grad[:, :, k : k + sh * (oh - 1) + 1 : sh, l : l + sw * (ow - 1) + 1 : sw]
            if overlapping:
                pixels += patch_grad(k, l)
            else:
                pixels[...] = patch_grad(k, l)
    return grad[:, :, ph : ph + h, pw : pw + w]


def conv2d(input: Tensor, weight: Tensor, bias: Tensor | None = None, stride: Any = 1, padding: Any = 0) -> Tensor:
    """2-D convolution (torch.nn.functional.conv2d): every filter slides over the image, a neuron per window."""
    _check_images("conv2d", input)
    if weight.ndim != 4:
        raise ShapeError(f"conv2d: weight must have shape (out_channels, in_channels, kh, kw), got {tuple(weight.shape)}.")
    if weight.shape[1] != input.shape[1]:
        raise ShapeError(f"conv2d: the weight expects {weight.shape[1]} input channel(s), "
                         f"but the images have {input.shape[1]} (shape {tuple(input.shape)}).")
    if weight.dtype != input.dtype:
        raise TypeError(f"conv2d: input and weight must have the same dtype, got {input.dtype} and {weight.dtype}.")
    kernel, stride, padding = weight.shape[2:], pair(stride, "stride"), pair(padding, "padding")
    x, w = input._data, weight._data
    out_hw = _geometry("conv2d", x, kernel, stride, padding)
    n, c, (oh, ow), o = x.shape[0], x.shape[1], out_hw, w.shape[0]
    patches = _windows(_pad(x, padding), kernel, stride, out_hw)  # (N, C, OH, OW, kh, kw), a view
    # im2col: each window becomes a row of C*kh*kw numbers, each filter a column of the same length,
    # so the whole convolution is one matrix product (rows: N*OH*OW windows, columns: O filters).
    columns = patches.transpose(0, 2, 3, 1, 4, 5).reshape(n * oh * ow, -1)
    filters = w.reshape(o, -1)
    out = (columns @ filters.T).reshape(n, oh, ow, o).transpose(0, 3, 1, 2)  # (N, O, OH, OW)
    inputs: tuple[Tensor, ...] = (input, weight)
    if bias is not None:
        if bias._data.shape != (weight._data.shape[0],):
            raise ShapeError(f"conv2d: bias has shape {tuple(bias._data.shape)} but there are {weight._data.shape[0]} "
                             f"filters (weight shape {tuple(weight._data.shape)}); give one bias per filter, shape "
                             f"({weight._data.shape[0]},).")
        out = out + bias._data[None, :, None, None]
        inputs = (input, weight, bias)

    def backward(g: np.ndarray) -> tuple:
        g_rows = g.transpose(0, 2, 3, 1).reshape(n * oh * ow, o)  # one row per window, one column per filter
        # d out / d weight = the window it multiplied, summed over every window: columns^T g
        grad_weight = (g_rows.T @ columns).reshape(w.shape)
        grad_input = None  # the images of a first layer need no gradient: skip the scatter
        if input.requires_grad:
            # d out / d window = the filter, summed over filters: g filters; then each window adds back onto its pixels
            grad_windows = (g_rows @ filters).reshape(n, oh, ow, c, *kernel)
            by_offset = np.ascontiguousarray(grad_windows.transpose(4, 5, 0, 3, 1, 2))  # (kh, kw, N, C, OH, OW)
            grad_input = _scatter(lambda k, l: by_offset[k, l], x.shape, kernel, stride, padding, out_hw, x.dtype)
        grads = (grad_input, grad_weight)
        return grads + (g.sum(axis=(0, 2, 3)),) if bias is not None else grads  # d out / d bias[o] = 1

    return Tensor._result(out.astype(x.dtype, copy=False), inputs, "conv2d", backward)


def _pool_geometry(op: str, input: Tensor, kernel_size: Any, stride: Any, padding: Any) -> tuple:
    """A pool's kernel, stride (the kernel's size unless given), padding and output size, all checked."""
    _check_images(op, input)
    kernel = pair(kernel_size, "kernel_size")
    stride, padding = pair(kernel if stride is None else stride, "stride"), pair(padding, "padding")
    if padding[0] > kernel[0] // 2 or padding[1] > kernel[1] // 2:
        raise ValueError(f"{op}: padding {padding} must be at most half the kernel size {kernel}, as in PyTorch.")
    return kernel, stride, padding, _geometry(op, input._data, kernel, stride, padding)


def max_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0) -> Tensor:
    """Max pooling (torch.nn.functional.max_pool2d): keep the strongest response in each window."""
    kernel, stride, padding, out_hw = _pool_geometry("max_pool2d", input, kernel_size, stride, padding)
    x = input._data
    xp = _pad(x, padding, -np.inf)
    (kh, kw), (sh, sw), (oh, ow) = kernel, stride, out_hw
    offsets = [(k, l) for k in range(kh) for l in range(kw)]  # reading order within a window

    def element(k: int, l: int) -> np.ndarray:  # element (k, l) of every window: (N, C, OH, OW), a view
        return xp[:, :, k : k + sh * (oh - 1) + 1 : sh, l : l + sw * (ow - 1) + 1 : sw]

    out = element(0, 0).copy()
    for k, l in offsets[1:]:
        np.maximum(out, element(k, l), out=out)  # a NaN in a window makes its maximum NaN, as in PyTorch

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        # Only one element of each window gets the window's gradient: the first equal to the maximum
        # in reading order (PyTorch's tie rule) or, in a window holding a NaN, its last NaN.
        nan_windows = np.isnan(out)
        open_windows = ~nan_windows
        winners = {}
        for k, l in offsets:
            winners[k, l] = (element(k, l) == out) & open_windows
            open_windows ^= winners[k, l]
        if nan_windows.any():
            for k, l in reversed(offsets):
                last_nan = np.isnan(element(k, l)) & nan_windows
                winners[k, l] |= last_nan
                nan_windows ^= last_nan
        return (_scatter(lambda k, l: g * winners[k, l], x.shape, kernel, stride, padding, out_hw, x.dtype),)

    return Tensor._result(out, (input,), "max_pool2d", backward)


def avg_pool2d(input: Tensor, kernel_size: Any, stride: Any = None, padding: Any = 0) -> Tensor:
    """Average pooling (torch.nn.functional.avg_pool2d; padded zeros count, as PyTorch's default)."""
    kernel, stride, padding, out_hw = _pool_geometry("avg_pool2d", input, kernel_size, stride, padding)
    x = input._data
    out = _windows(_pad(x, padding), kernel, stride, out_hw).mean(axis=(-2, -1)).astype(x.dtype, copy=False)
    share = 1.0 / (kernel[0] * kernel[1])  # every pixel of a window gets an equal share of its gradient
    return Tensor._result(out, (input,), "avg_pool2d", lambda g: (
        _scatter(lambda k, l: g * share, x.shape, kernel, stride, padding, out_hw, x.dtype),))
