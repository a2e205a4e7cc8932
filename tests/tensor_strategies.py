"""Hypothesis strategies for the tensor tests: shapes, broadcastable pairs, matmul pairs, axes, arrays.

Shared by the finite-difference suite (test_tensor_ops.py) and the PyTorch suite
(test_torch_oracle.py), so both check the ops on the same kinds of input. Shapes are kept small
(sides <= 4, at most 3 or 4 dims): a finite difference costs two forward passes per element.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

# 0-d, size-1 axes and up to 3 dims
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)
NONEMPTY_DIMS = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)
# pairs numpy can broadcast: different ndim, size-1 axes stretched, 0-d against anything
BROADCAST_PAIRS = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, min_side=1, max_side=4)

MATMUL_KINDS = [
    "1d@1d", "1d@2d", "2d@1d", "2d@2d", "batched@batched", "batched@2d", "2d@batched",
    "batched@1d", "1d@batched", "broadcast_batch",
]


@st.composite
def matmul_shapes(draw: st.DrawFn, kind: str | None = None) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A pair of shapes that `@` accepts: 1-D, 2-D and batched (with broadcast batch dims)."""
    kind = kind or draw(st.sampled_from(MATMUL_KINDS))
    side = st.integers(1, 4)
    n, k, m, b = draw(side), draw(side), draw(side), draw(st.integers(1, 3))
    return {
        "1d@1d": ((k,), (k,)),
        "1d@2d": ((k,), (k, m)),
        "2d@1d": ((n, k), (k,)),
        "2d@2d": ((n, k), (k, m)),
        "batched@batched": ((b, n, k), (b, k, m)),
        "batched@2d": ((b, n, k), (k, m)),
        "2d@batched": ((n, k), (b, k, m)),
        "batched@1d": ((b, n, k), (k,)),
        "1d@batched": ((k,), (b, k, m)),
        "broadcast_batch": ((b, 1, n, k), (1, 2, k, m)),
    }[kind]


@st.composite
def axis_args(draw: st.DrawFn, ndim: int) -> object:
    """numpy's `axis`: None, one axis (negative ones too), or a tuple of distinct axes."""
    if ndim == 0:
        return draw(st.sampled_from([None, ()]))
    return draw(st.one_of(
        st.none(),
        st.integers(-ndim, ndim - 1),
        hnp.valid_tuple_axes(ndim, min_size=1),
    ))


def arrays(shape: tuple[int, ...], lo: float = -3.0, hi: float = 3.0) -> st.SearchStrategy[np.ndarray]:
    """float64 arrays of `shape` with entries in [lo, hi]."""
    return hnp.arrays(np.float64, shape, elements=st.floats(lo, hi, allow_nan=False, allow_infinity=False))


def away_from_zero(shape: tuple[int, ...], gap: float = 0.1, hi: float = 3.0) -> st.SearchStrategy[np.ndarray]:
    """Entries with gap <= |x| <= hi: keeps a kink (relu, abs) or a pole (1/x) out of eps's reach."""
    elements = st.one_of(st.floats(-hi, -gap), st.floats(gap, hi))
    return hnp.arrays(np.float64, shape, elements=elements)


@st.composite
def distinct_arrays(draw: st.DrawFn, shape: tuple[int, ...]) -> np.ndarray:
    """Entries at least 0.25 apart: max/min have a unique winner that eps cannot unseat."""
    size = int(np.prod(shape, dtype=int))
    order = draw(st.permutations(range(size)))
    jitter = draw(hnp.arrays(np.float64, size, elements=st.floats(0.0, 0.05)))
    return ((np.array(order, dtype=np.float64) - size / 2) * 0.3 + jitter).reshape(shape)
