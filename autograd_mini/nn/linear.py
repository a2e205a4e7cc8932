"""Linear, Identity, Flatten and Unflatten: the layers that only reshape or mix features."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..cuda import check_device
from ..engine.tensor import ShapeError, Tensor
from ..init import linear_init, make_rng
from . import functional as F
from . import init
from .module import Module, Parameter

__all__ = ["Linear", "Identity", "Flatten", "Unflatten"]


class Linear(Module):
    """y = x W^T + b, with W of shape (out_features, in_features), initialised like PyTorch.

    Weights and bias are uniform in +-1/sqrt(in_features) (PyTorch's kaiming_uniform_(a=sqrt(5))), drawn from the
    global generator, so every new layer differs and `manual_seed` reproduces them. `seed=` draws from its own
    generator instead (the lesson's models use it; same seed, same weights as the scalar engine's layers)."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device: Any = None, dtype: Any = None,
                 *, seed: "int | np.random.Generator | None" = None) -> None:
        super().__init__()
        check_device("Linear", device)
        weight, b = linear_init(make_rng(seed), in_features, out_features)
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(weight, dtype=_numpy_dtype(dtype), label="weight")
        if bias:
            self.bias = Parameter(b, dtype=_numpy_dtype(dtype), label="bias")
        else:
            self.register_parameter("bias", None)

    def reset_parameters(self) -> None:
        """New weights and bias from the global generator, in place (the same Parameters), as at construction."""
        weight, b = linear_init(make_rng(None), self.in_features, self.out_features)
        init._fill(self.weight, weight)
        if self.bias is not None:
            init._fill(self.bias, b)

    def forward(self, input: Any) -> Tensor:
        """input @ weight.T + bias: every output feature is a weighted sum of the input features."""
        return F.linear(input, self.weight, self.bias, who=self)

    def extra_repr(self) -> str:
        """The number of input and output features, and whether there is a bias."""
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None}"


def _numpy_dtype(dtype: Any) -> Any:
    """A dtype given as numpy's or as one of the package's torch-style names (which may wrap numpy's)."""
    return None if dtype is None else np.dtype(getattr(dtype, "numpy_dtype", dtype))


class Identity(Module):
    """Returns its input unchanged (a placeholder layer)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Any) -> Any:
        """`input`, unchanged."""
        return input


def _axis(dim: int, ndim: int, who: str) -> int:
    if not -max(ndim, 1) <= dim < max(ndim, 1):
        raise IndexError(f"{who}: Dimension out of range (expected to be in range of [{-max(ndim, 1)}, "
                         f"{max(ndim, 1) - 1}], but got {dim}) for an input of {ndim} dimensions.")
    return dim % max(ndim, 1)


class Flatten(Module):
    """Merge the axes start_dim..end_dim into one: (N, 1, 28, 28) -> (N, 784)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim, self.end_dim = start_dim, end_dim

    def forward(self, input: Tensor) -> Tensor:
        """`input` with the dimensions start_dim..end_dim merged into one."""
        shape = tuple(input.shape)
        if not shape:
            return input.reshape(1)
        start, end = _axis(self.start_dim, len(shape), "Flatten"), _axis(self.end_dim, len(shape), "Flatten")
        if start > end:
            raise ValueError(f"Flatten: start_dim ({self.start_dim}) cannot come after end_dim ({self.end_dim}).")
        return input.reshape(*shape[:start], int(np.prod(shape[start:end + 1])), *shape[end + 1:])

    def extra_repr(self) -> str:
        """The first and last dimension that are merged."""
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split axis `dim` into `unflattened_size`: (N, 784) -> (N, 1, 28, 28)."""

    def __init__(self, dim: int, unflattened_size: Sequence[int]) -> None:
        super().__init__()
        self.dim, self.unflattened_size = dim, tuple(unflattened_size)

    def forward(self, input: Tensor) -> Tensor:
        """`input` with dimension `dim` split into `unflattened_size`."""
        shape = tuple(input.shape)
        axis = _axis(self.dim, len(shape), "Unflatten")
        sizes = self.unflattened_size
        known = int(np.prod([s for s in sizes if s != -1]))
        if (-1 not in sizes and known != shape[axis]) or (-1 in sizes and shape[axis] % max(known, 1)):
            raise ShapeError(f"Unflatten: unflattened_size {sizes} does not fit axis {self.dim} of size {shape[axis]} "
                             f"(input shape {shape}).")
        return input.reshape(*shape[:axis], *sizes, *shape[axis + 1:])

    def extra_repr(self) -> str:
        """The dimension that is split, and the sizes it is split into."""
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
