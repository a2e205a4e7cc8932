"""The catalogue: one table of the public Tensor surface, each row checked three ways (the minitorch idea).

A row is one op, written once as `call(m, *inputs)`, code that runs unchanged on this engine
(m = autograd_mini.engine.tensor, the inputs Tensors) and on PyTorch (m = torch, the inputs torch
tensors); `draw` picks random inputs (float arrays are differentiated; int arrays are indices, bool
arrays masks) and any non-tensor arguments (dims, keepdim, k ...). For each row, on hypothesis'
examples:
  - PyTorch float64 (where torch is installed): the same values, dtype kind and shape, and for a
    random upstream gradient the same gradient for every float input (nan where PyTorch has nan);
  - finite differences (always): gradcheck agrees with backward() for every float input element
    (rows whose inputs sit on a kink or a tie on purpose say gradcheck=False: PyTorch alone is the truth);
  - float32: float32 inputs give float32 outputs and float32 gradients (and inputs that are
    nn.Parameters give plain Tensors).
`test_every_public_method_is_in_the_table` keeps the table whole: a new public Tensor method fails
it until it has a row (or a line in TESTED_ELSEWHERE saying where it is tested).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd_mini.engine.tensor as engine
import autograd_mini.functions as functions
from autograd_mini.engine.tensor import Tensor
from autograd_mini.gradcheck import gradcheck
from autograd_mini.nn import Parameter

try:
    import torch
except ImportError:  # the PyTorch column is skipped; finite differences and float32 still run
    torch = None

EXAMPLES = settings(max_examples=4, deadline=None)
RTOL, ATOL = 1e-10, 1e-12

# ------------------------------------------------------------------------------ input strategies
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)  # 0-d and size-1 dims included
NONEMPTY = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3)
SIDES_2 = hnp.array_shapes(min_dims=1, max_dims=3, min_side=2, max_side=3)  # no dim of size 1: var has N >= 2
MATRIX = hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=3)
PAIRS = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3)


def floats(lo: float = -3.0, hi: float = 3.0) -> st.SearchStrategy[float]:
    # No subnormals: PyTorch's prod backward divides the product by x, so 0.5 * 5e-324 underflows to 0 and
    # PyTorch returns a gradient of 0 where the exact one (ours, from running products) is 0.5.
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def away(gap: float = 0.1, hi: float = 3.0) -> st.SearchStrategy[float]:
    """|x| in [gap, hi]: a kink or a pole at 0 stays out of the finite difference's reach."""
    return st.one_of(floats(-hi, -gap), floats(gap, hi))


ANY, POSITIVE, KINK_FREE = floats(), floats(0.1, 5.0), away()
TIES = st.sampled_from([-1.0, 0.0, 2.0])  # few values: ties are the rule
ZEROS_AND_NAN = st.sampled_from([0.0, 0.0, -1.5, math.nan])  # all/any: zeros decide, NaN counts as true
BETWEEN_TIES = st.one_of(floats(-3.0, -1.1), floats(-0.9, -0.1), floats(0.1, 1.9), floats(2.1, 3.0))


def array(data: st.DataObject, shape: Any = SHAPES, elements: st.SearchStrategy[float] = ANY) -> np.ndarray:
    shape = data.draw(shape) if isinstance(shape, st.SearchStrategy) else shape
    return data.draw(hnp.arrays(np.float64, shape, elements=elements))


def distinct(data: st.DataObject, shape: Any = SHAPES) -> np.ndarray:
    """Entries at least 0.25 apart: one winner for max/sort that eps cannot unseat."""
    shape = data.draw(shape) if isinstance(shape, st.SearchStrategy) else shape
    n = math.prod(shape)
    order = np.array(data.draw(st.permutations(range(n))), dtype=np.float64)
    return ((order - n / 2) * 0.3 + data.draw(hnp.arrays(np.float64, n, elements=floats(0.0, 0.05)))).reshape(shape)


def some_dims(data: st.DataObject, ndim: int) -> Any:
    """PyTorch's dim: None, one int (0 or -1 for a 0-d tensor), or a tuple of distinct dims."""
    span = max(ndim, 1)
    choices = [st.none(), st.integers(-span, span - 1)]
    if ndim:
        choices.append(hnp.valid_tuple_axes(ndim, min_size=1).map(tuple))
    return data.draw(st.one_of(*choices))


def one_dim(data: st.DataObject, ndim: int) -> int:
    span = max(ndim, 1)
    return data.draw(st.integers(-span, span - 1))


def broadcast_pair(data: st.DataObject, a: st.SearchStrategy[float] = ANY, b: st.SearchStrategy[float] = ANY):
    shapes = data.draw(PAIRS).input_shapes
    return [array(data, shapes[0], a), array(data, shapes[1], b)]


# ------------------------------------------------------------------------------------- the table
@dataclass(frozen=True)
class Op:
    """One row: `call(m, *inputs, **params)` on both libraries, `draw(data) -> (inputs, params)`."""

    name: str  # "method" or "method:variant"; the part before ':' is the public name the row covers
    call: Callable[..., Any]
    draw: Callable[[st.DataObject], tuple[list[np.ndarray], dict[str, Any]]]
    gradcheck: bool = True
    float32: bool = True

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


def unary(elements: st.SearchStrategy[float] = ANY, shape: Any = SHAPES):
    return lambda data: ([array(data, shape, elements)], {})


def binary(a: st.SearchStrategy[float] = ANY, b: st.SearchStrategy[float] = ANY):
    return lambda data: (broadcast_pair(data, a, b), {})


def reduce_over_dims(elements: st.SearchStrategy[float] = ANY, shape: Any = SHAPES, unique: bool = False):
    def draw(data: st.DataObject):
        x = distinct(data, shape) if unique else array(data, shape, elements)
        return [x], {"dim": some_dims(data, x.ndim), "keepdim": data.draw(st.booleans())}
    return draw


def along_one_dim(shape: Any = SHAPES, unique: bool = True, keepdim: bool = True, elements=ANY):
    def draw(data: st.DataObject):
        x = distinct(data, shape) if unique else array(data, shape, elements)
        params = {"dim": one_dim(data, x.ndim)}
        if keepdim:
            params["keepdim"] = data.draw(st.booleans())
        return [x], params
    return draw


def matmul_pair(data: st.DataObject):
    kind = data.draw(st.sampled_from(["1d@1d", "1d@2d", "2d@1d", "2d@2d", "batched", "broadcast"]))
    n, k, m, b = (data.draw(st.integers(1, 3)) for _ in range(4))
    a_shape, b_shape = {"1d@1d": ((k,), (k,)), "1d@2d": ((k,), (k, m)), "2d@1d": ((n, k), (k,)),
                        "2d@2d": ((n, k), (k, m)), "batched": ((b, n, k), (b, k, m)),
                        "broadcast": ((b, 1, n, k), (2, k, m))}[kind]
    return [array(data, a_shape), array(data, b_shape)], {}


def integer_index(data: st.DataObject):
    x = array(data, NONEMPTY)
    index = data.draw(hnp.integer_array_indices(x.shape, result_shape=hnp.array_shapes(min_dims=1, max_dims=2, max_side=4)))
    return [x, *(i.astype(np.int64) for i in index)], {}


def gather_args(data: st.DataObject):
    x = array(data, NONEMPTY)
    dim = one_dim(data, x.ndim)
    shape = tuple(data.draw(st.integers(1, 4)) if d == dim % x.ndim else data.draw(st.integers(1, n))
                  for d, n in enumerate(x.shape))
    index = data.draw(hnp.arrays(np.int64, shape, elements=st.integers(0, x.shape[dim] - 1)))
    return [x, index], {"dim": dim}


def topk_args(data: st.DataObject, ties: bool = False):
    x = array(data, NONEMPTY, TIES) if ties else distinct(data, NONEMPTY)
    dim = one_dim(data, x.ndim)
    return [x], {"k": data.draw(st.integers(1, x.shape[dim])), "dim": dim, "largest": data.draw(st.booleans())}


def sort_args(data: st.DataObject, ties: bool = False):
    x = array(data, SHAPES, TIES) if ties else distinct(data, SHAPES)
    return [x], {"dim": one_dim(data, x.ndim), "descending": data.draw(st.booleans())}


def with_mask(elements: st.SearchStrategy[float] = ANY):
    def draw(data: st.DataObject):
        x = array(data, NONEMPTY, elements)
        # a mask that broadcasts to x: a suffix of x's shape, some dims shrunk to 1
        suffix = x.shape[data.draw(st.integers(0, x.ndim)):]
        mask = data.draw(hnp.arrays(np.bool_, tuple(n if data.draw(st.booleans()) else 1 for n in suffix)))
        return [x, mask], {}
    return draw


def where_args(data: st.DataObject):
    shapes = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3, max_side=3)).input_shapes
    return [data.draw(hnp.arrays(np.bool_, shapes[0])), array(data, shapes[1]), array(data, shapes[2])], {}


def joined(new_dim: bool):
    def draw(data: st.DataObject):
        base = data.draw(NONEMPTY)
        dim = data.draw(st.integers(-len(base) - new_dim, len(base) - 1 + new_dim))
        other = list(base)
        if not new_dim:
            other[dim] = data.draw(st.integers(1, 3))
        return [array(data, base), array(data, tuple(other))], {"dim": dim}
    return draw


def clamp_at_bounds(data: st.DataObject):
    # inputs exactly on the bounds: PyTorch passes the gradient there (min <= x <= max)
    return [array(data, SHAPES, st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0]))], {}


def std_of_one(data: st.DataObject):
    return [array(data, hnp.array_shapes(min_dims=1, max_dims=2, max_side=1))], {"dim": None}


def norm_args(p: float):
    def draw(data: st.DataObject):
        elements = TIES if p == math.inf and data.draw(st.booleans()) else KINK_FREE
        x = array(data, SHAPES, elements)
        return [x], {"p": p, "dim": some_dims(data, x.ndim), "keepdim": data.draw(st.booleans())}
    return draw


def expand_args(data: st.DataObject):
    x = array(data, SHAPES)
    front = data.draw(st.lists(st.integers(1, 3), min_size=0 if x.ndim else 1, max_size=2))
    sizes = [data.draw(st.sampled_from([1, 2, 3, -1])) if n == 1 else data.draw(st.sampled_from([n, -1])) for n in x.shape]
    return [x], {"sizes": tuple(front) + tuple(sizes)}


def repeat_args(data: st.DataObject):
    x = array(data, SHAPES)
    extra = data.draw(st.integers(0 if x.ndim else 1, 1))
    return [x], {"sizes": tuple(data.draw(st.integers(1, 3)) for _ in range(x.ndim + extra))}


def reshape_args(data: st.DataObject):
    x = array(data, SHAPES)
    n = x.size
    target = data.draw(st.sampled_from([(-1,), (n, 1), (1, -1), tuple(reversed(x.shape)), (1,) + x.shape]))
    return [x], {"shape": target}


def permute_args(data: st.DataObject):
    x = array(data, SHAPES)
    return [x], {"dims": tuple(data.draw(st.permutations(range(x.ndim))))}


def two_dims(data: st.DataObject):
    x = array(data, NONEMPTY)
    return [x], {"dim0": one_dim(data, x.ndim), "dim1": one_dim(data, x.ndim)}


def squeeze_args(data: st.DataObject):
    x = array(data, hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=2))
    return [x], {"dim": data.draw(st.none()) if x.ndim == 0 else data.draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1)))}


def flatten_args(data: st.DataObject):
    x = array(data, NONEMPTY)
    a, b = sorted(data.draw(st.integers(0, x.ndim - 1)) for _ in range(2))
    return [x], {"start_dim": a, "end_dim": b}


OFF_GRID = st.one_of(*(floats(k + 0.1, k + 0.4) for k in (-3, -2, -1, 0, 1, 2)))  # no whole number or half near
HALVES = st.sampled_from([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])  # round: halves go to the even neighbour
NUMBER_KINDS = st.sampled_from([0.0, -1.5, 2.0, math.nan, math.inf, -math.inf])
DIVIDEND, DIVISOR = floats(1.2, 1.8), st.one_of(floats(1.0, 1.1), floats(-1.1, -1.0))  # a / b away from a jump


def pieces_args(data: st.DataObject):
    x = array(data, NONEMPTY)
    return [x], {"dim": one_dim(data, x.ndim), "size": data.draw(st.integers(1, 3))}


def diagonal_args(shape: Any):
    return lambda data: ([array(data, shape)], {"diagonal": data.draw(st.integers(-2, 2))})


def flip_args(data: st.DataObject):
    x = array(data, NONEMPTY)
    return [x], {"dims": data.draw(hnp.valid_tuple_axes(x.ndim, min_size=1).map(tuple))}


def joined_pieces(m: Any, pieces: tuple, dim: int) -> Any:
    """The pieces put back together, each scaled by its position: a wrong cut shows in values and gradients."""
    return m.cat([piece * (i + 1) for i, piece in enumerate(pieces)], dim=dim)


TABLE: list[Op] = [
    # ---- arithmetic and matmul (the core)
    Op("add", lambda m, a, b: a + b, binary()),
    Op("sub", lambda m, a, b: a - b, binary()),
    Op("mul", lambda m, a, b: a * b, binary()),
    Op("div", lambda m, a, b: a / b, binary(ANY, away(0.5))),
    Op("pow", lambda m, a, b: a**b, binary(floats(0.5, 3.0), floats(-2.0, 2.0))),
    Op("pow:number", lambda m, x: x**3 + x**2 + x**-1, unary(away(0.5))),
    Op("pow:method", lambda m, a, b: a.pow(b) + a.pow(2), binary(floats(0.5, 3.0), floats(-2.0, 2.0))),
    Op("neg", lambda m, x: -x + x.neg(), unary()),
    Op("reflected", lambda m, x: 1.5 - 3.0 / x + 2.0 * x + 2.0**x, unary(away(0.5))),
    Op("matmul", lambda m, a, b: a @ b, matmul_pair),
    Op("mm", lambda m, a, b: a.mm(b) + function(m, "mm")(a, b), lambda d: ([array(d, (2, 3)), array(d, (3, 4))], {})),
    Op("dot", lambda m, a, b: a.dot(b) * function(m, "dot")(b, b), lambda d: ([array(d, (3,)), array(d, (3,))], {})),
    Op("isclose", lambda m, a, b: a.isclose(b) | a.isclose(a * (1 + 1e-7)), binary()),
    Op("equal", lambda m, a, b: a * float(a.equal(b)) + b * float(a.equal(a * 1)), binary(), gradcheck=False),
    Op("allclose", lambda m, a, b: a * float(a.allclose(b)) + b * float(a.allclose(a * (1 + 1e-9), rtol=1e-8)), binary(), gradcheck=False),
    Op("unique", lambda m, x: x.detach().unique(), unary(st.sampled_from([0.0, 1.5, -2.0])), gradcheck=False),
    # ---- indexing
    Op("getitem:slices", lambda m, x: x[1:, ..., ::2], unary(shape=hnp.array_shapes(min_dims=2, max_dims=3, max_side=3))),
    Op("getitem:int_and_none", lambda m, x: x[None, 0] * x[-1], unary(shape=NONEMPTY)),
    Op("getitem:integer_arrays", lambda m, x, *index: x[index], integer_index),
    Op("getitem:bool_mask", lambda m, x: x[x > 0], unary(KINK_FREE, NONEMPTY)),
    Op("getitem:given_mask", lambda m, x, mask: x[mask], lambda d: ([array(d, (2, 3)), d.draw(hnp.arrays(np.bool_, (2, 3)))], {})),
    # ---- comparisons (bool results, no gradient)
    Op("gt", lambda m, a, b: a > b, binary(TIES, TIES)), Op("lt", lambda m, a, b: a < b, binary(TIES, TIES)),
    Op("ge", lambda m, a, b: a >= b, binary(TIES, TIES)), Op("le", lambda m, a, b: a <= b, binary(TIES, TIES)),
    Op("eq", lambda m, a, b: a == b, binary(TIES, TIES)), Op("ne", lambda m, a, b: a != b, binary(TIES, TIES)),
    Op("logical_and", lambda m, a, b: (a > 0).logical_and(b > 0), binary(TIES, TIES)),
    Op("logical_or", lambda m, a, b: (a > 0).logical_or(b < 0), binary(TIES, TIES)),
    Op("logical_not", lambda m, x: (x > 0).logical_not(), unary(TIES)),
    # ---- elementwise
    Op("exp", lambda m, x: x.exp(), unary(floats(-20.0, 20.0))),
    Op("log", lambda m, x: x.log(), unary(POSITIVE)),
    Op("log1p", lambda m, x: x.log1p(), unary(floats(-0.9, 5.0))),
    Op("sqrt", lambda m, x: x.sqrt(), unary(POSITIVE)),
    Op("sqrt:at_zero", lambda m, x: x.sqrt(), lambda d: ([np.zeros(d.draw(SHAPES))], {}), gradcheck=False),
    Op("square", lambda m, x: x.square(), unary()),
    Op("sin", lambda m, x: x.sin(), unary(floats(-10.0, 10.0))),
    Op("cos", lambda m, x: x.cos(), unary(floats(-10.0, 10.0))),
    Op("tanh", lambda m, x: x.tanh(), unary(floats(-10.0, 10.0))),
    Op("sigmoid", lambda m, x: x.sigmoid(), unary(floats(-30.0, 30.0))),
    Op("relu", lambda m, x: x.relu(), unary(KINK_FREE)),
    Op("relu:at_zero", lambda m, x: x.relu() + x.abs(), unary(TIES), gradcheck=False),
    Op("leaky_relu", lambda m, x: m_leaky(m, x), unary(KINK_FREE)),
    # (PyTorch's softplus is x itself above x = 20, a jump of 2e-9: finite differences stay off that seam)
    Op("softplus", lambda m, x: x.softplus() if m is engine else torch.nn.functional.softplus(x),
       unary(st.one_of(floats(-30.0, 19.5), floats(20.5, 30.0)))),
    Op("abs", lambda m, x: x.abs(), unary(KINK_FREE)),
    Op("erf", lambda m, x: x.erf(), unary(floats(-6.0, 6.0))),
    Op("gelu", lambda m, x: m_gelu(m, x, "none"), unary(floats(-6.0, 6.0))),
    Op("gelu:tanh", lambda m, x: m_gelu(m, x, "tanh"), unary(floats(-6.0, 6.0))),
    Op("clamp", lambda m, x: x.clamp(min=-1.0, max=1.0), unary(st.one_of(floats(-3.0, -1.01), floats(-0.99, 0.99), floats(1.01, 3.0)))),
    Op("clamp:at_bounds", lambda m, x: x.clamp(-0.5, 0.5) + x.clamp(min=0.0) + x.clamp(max=0.0), clamp_at_bounds, gradcheck=False),
    Op("clip", lambda m, x: x.clip(-1.0, 0.5), unary(st.one_of(floats(-3.0, -1.01), floats(-0.99, 0.49), floats(0.51, 3.0)))),
    Op("maximum", lambda m, a, b: m.maximum(a, b) + a.maximum(b), binary(TIES, BETWEEN_TIES)),
    Op("maximum:ties", lambda m, a, b: m.maximum(a, b), binary(TIES, TIES), gradcheck=False),
    Op("minimum", lambda m, a, b: m.minimum(a, b) + a.minimum(b), binary(BETWEEN_TIES, TIES)),
    Op("minimum:ties", lambda m, a, b: m.minimum(a, b), binary(TIES, TIES), gradcheck=False),
    Op("where", lambda m, c, a, b: m.where(c, a, b), where_args),
    Op("masked_fill", lambda m, x, mask: x.masked_fill(mask, -2.5), with_mask()),
    Op("masked_fill:tensor_value", lambda m, x, mask, v: x.masked_fill(mask, v * 2), lambda d: (lambda xs, p: (xs + [array(d, ())], p))(*with_mask()(d))),
    # (bounds in x's dtype: a float64 bound with dimensions would widen float32 x, as in PyTorch)
    Op("clamp:tensor_bounds", lambda m, x, lo, hi: x.clamp(min=constant(m, lo).type_as(x), max=constant(m, hi).type_as(x)), lambda d: (
        [array(d, (2, 3), st.one_of(floats(-3.0, -1.6), floats(-0.4, 0.4), floats(1.6, 3.0)))],
        {"lo": array(d, (3,), st.sampled_from([-1.5, -0.5])), "hi": array(d, (2, 1), st.sampled_from([0.5, 1.5]))})),
    # ---- reductions
    Op("sum", lambda m, x, dim, keepdim: x.sum(dim=dim, keepdim=keepdim), reduce_over_dims()),
    Op("mean", lambda m, x, dim, keepdim: x.mean(dim=dim, keepdim=keepdim), reduce_over_dims()),
    Op("var", lambda m, x, dim, keepdim: x.var(dim=dim, keepdim=keepdim, correction=0), reduce_over_dims(shape=NONEMPTY)),
    Op("var:unbiased", lambda m, x, dim, keepdim: x.var(dim, keepdim=keepdim), reduce_over_dims(shape=SIDES_2)),
    Op("std", lambda m, x, dim, keepdim: x.std(dim=dim, keepdim=keepdim), reduce_over_dims(shape=SIDES_2, unique=True)),
    Op("std:biased", lambda m, x, dim, keepdim: x.std(dim=dim, keepdim=keepdim, unbiased=False), reduce_over_dims(shape=SIDES_2, unique=True)),
    Op("std:one_element_is_nan", lambda m, x, dim: x.std(dim) + x.var(dim), std_of_one, gradcheck=False),
    Op("std:constant_rows", lambda m, x: x.std(), lambda d: ([np.full(d.draw(NONEMPTY), 1.5)], {}), gradcheck=False),
    Op("prod", lambda m, x, dim, keepdim: x.prod(dim, keepdim=keepdim), along_one_dim(unique=False, elements=floats(-2.0, 2.0))),
    Op("prod:all", lambda m, x: x.prod(), unary(floats(-2.0, 2.0))),
    Op("prod:zeros", lambda m, x, dim, keepdim: x.prod(dim=dim, keepdim=keepdim), along_one_dim(unique=False, elements=st.sampled_from([0.0, 0.0, 1.5, -2.0]))),
    Op("norm", lambda m, x, p, dim, keepdim: x.norm(p, dim, keepdim), norm_args(2.0)),
    Op("norm:p1", lambda m, x, p, dim, keepdim: x.norm(p=p, dim=dim, keepdim=keepdim), norm_args(1.0)),
    Op("norm:p3", lambda m, x, p, dim, keepdim: x.norm(p=p, dim=dim, keepdim=keepdim), norm_args(3.0)),
    Op("norm:inf", lambda m, x, p, dim, keepdim: x.norm(p=p, dim=dim, keepdim=keepdim), norm_args(math.inf), gradcheck=False),
    Op("norm:at_zero", lambda m, x: x.norm() + x.norm(p=3) + x.norm(p=1) + x.norm(p=1.5), lambda d: ([np.zeros(d.draw(SHAPES))], {}), gradcheck=False),
    Op("norm:some_zeros", lambda m, x: x.norm(p=1, dim=-1) + x.norm(p=1.5, dim=-1) + x.norm(dim=-1) + x.norm(p=3, dim=-1),
       unary(st.sampled_from([0.0, 0.0, 1.5, -2.0]), NONEMPTY), gradcheck=False),
    Op("cumsum", lambda m, x, dim: x.cumsum(dim), along_one_dim(unique=False, keepdim=False)),
    Op("amax", lambda m, x, dim, keepdim: x.amax(dim=() if dim is None else dim, keepdim=keepdim), reduce_over_dims(unique=True)),
    Op("amax:ties", lambda m, x, dim, keepdim: x.amax(dim=() if dim is None else dim, keepdim=keepdim), reduce_over_dims(TIES), gradcheck=False),
    Op("amin", lambda m, x, dim, keepdim: x.amin(dim=() if dim is None else dim, keepdim=keepdim), reduce_over_dims(unique=True)),
    Op("amin:ties", lambda m, x, dim, keepdim: x.amin(dim=() if dim is None else dim, keepdim=keepdim), reduce_over_dims(TIES), gradcheck=False),
    Op("max", lambda m, x: x.max(), lambda d: ([distinct(d)], {})),
    Op("max:ties_share", lambda m, x: x.max() + x.min(), unary(TIES), gradcheck=False),
    Op("max:nan", lambda m, x: x.max() * 2 + x.min(), unary(ZEROS_AND_NAN), gradcheck=False),  # NaNs share it
    Op("max:dim", lambda m, x, dim, keepdim: x.max(dim, keepdim).values, along_one_dim()),
    Op("max:dim_ties", lambda m, x, dim, keepdim: x.max(dim=dim, keepdim=keepdim).values, along_one_dim(unique=False, elements=TIES), gradcheck=False),
    Op("max:indices", lambda m, x, dim, keepdim: x.max(dim, keepdim).indices, along_one_dim(unique=False, elements=TIES)),
    Op("max:other", lambda m, a, b: a.max(b) + a.min(b), binary(TIES, BETWEEN_TIES)),
    Op("min", lambda m, x: x.min(), lambda d: ([distinct(d)], {})),
    Op("min:dim", lambda m, x, dim, keepdim: x.min(dim, keepdim=keepdim)[0], along_one_dim()),
    Op("min:indices", lambda m, x, dim, keepdim: x.min(dim, keepdim)[1], along_one_dim(unique=False, elements=TIES)),
    Op("argmax", lambda m, x, dim, keepdim: x.argmax(dim, keepdim), along_one_dim(unique=False, elements=TIES)),
    Op("argmax:flat", lambda m, x: x.argmax() + x.argmin(), unary(TIES)),
    Op("argmin", lambda m, x, dim, keepdim: x.argmin(dim=dim, keepdim=keepdim), along_one_dim(unique=False, elements=TIES)),
    Op("all", lambda m, x, dim, keepdim: x.all(dim, keepdim), reduce_over_dims(ZEROS_AND_NAN)),
    Op("all:function", lambda m, x, dim, keepdim: function(m, "all")(x, dim=dim, keepdim=keepdim), reduce_over_dims(ZEROS_AND_NAN)),
    Op("all:mask", lambda m, x, dim: (x > 0).all(dim), along_one_dim(unique=False, keepdim=False)),
    Op("any", lambda m, x, dim, keepdim: x.any(dim=dim, keepdim=keepdim), reduce_over_dims(ZEROS_AND_NAN)),
    Op("any:function", lambda m, x, dim, keepdim: function(m, "any")(x, dim, keepdim), reduce_over_dims(ZEROS_AND_NAN)),
    Op("any:mask", lambda m, x, dim: (x < 0).any(dim=dim), along_one_dim(unique=False, keepdim=False)),
    Op("logsumexp", lambda m, x, dim, keepdim: x.logsumexp(dim=0 if dim is None else dim, keepdim=keepdim), reduce_over_dims(floats(-5.0, 5.0))),
    Op("softmax", lambda m, x, dim: x.softmax(dim), along_one_dim(unique=False, keepdim=False)),
    Op("log_softmax", lambda m, x, dim: x.log_softmax(dim=dim), along_one_dim(unique=False, keepdim=False)),
    Op("log_softmax:large", lambda m, x, dim: (x * 300).log_softmax(dim) + (x * 300).softmax(dim), along_one_dim(unique=False, keepdim=False)),
    # ---- selection
    Op("topk", lambda m, x, k, dim, largest: x.topk(k, dim=dim, largest=largest).values, topk_args),
    Op("topk:indices_at_ties", lambda m, x, k, dim, largest: x.topk(k, dim, largest).indices, lambda d: topk_args(d, ties=True)),
    Op("sort", lambda m, x, dim, descending: x.sort(dim=dim, descending=descending)[0], sort_args),
    Op("sort:ties", lambda m, x, dim, descending: x.sort(dim=dim, descending=descending, stable=True).values, lambda d: sort_args(d, ties=True), gradcheck=False),
    Op("sort:indices_at_ties", lambda m, x, dim, descending: x.sort(dim=dim, descending=descending, stable=True).indices, lambda d: sort_args(d, ties=True)),
    Op("gather", lambda m, x, index, dim: x.gather(dim, index), gather_args),
    Op("cat", lambda m, a, b, dim: m.cat([a, b, a], dim=dim), joined(new_dim=False)),
    Op("stack", lambda m, a, b, dim: m.stack([a, b * 2], dim=dim), lambda d: (lambda xs, p: ([xs[0], xs[0] + 1], p))(*joined(True)(d))),
    # ---- shape
    Op("reshape", lambda m, x, shape: x.reshape(shape), reshape_args),
    Op("view", lambda m, x, shape: x.view(*shape) if shape else x.view(shape), reshape_args),
    Op("unsqueeze", lambda m, x, dim: x.unsqueeze(dim), lambda d: (lambda x: ([x], {"dim": d.draw(st.integers(-x.ndim - 1, x.ndim))}))(array(d))),
    Op("squeeze", lambda m, x, dim: x.squeeze() if dim is None else x.squeeze(dim), squeeze_args),
    Op("flatten", lambda m, x, start_dim, end_dim: x.flatten(start_dim, end_dim) + x.flatten()[0], flatten_args),
    Op("permute", lambda m, x, dims: x.permute(*dims) if dims else x.permute(dims), permute_args),
    Op("transpose", lambda m, x, dim0, dim1: x.transpose(dim0, dim1), two_dims),
    Op("T", lambda m, x: x.T, unary(shape=MATRIX)),
    Op("t", lambda m, x: x.t(), unary(shape=hnp.array_shapes(min_dims=0, max_dims=2, max_side=3))),
    Op("expand", lambda m, x, sizes: x.expand(*sizes), expand_args),
    Op("expand_as", lambda m, a, b: a.expand_as(b * 1) * b, lambda d: ([array(d, (3, 1)), array(d, (2, 3, 3))], {})),
    Op("repeat", lambda m, x, sizes: x.repeat(*sizes), repeat_args),
    Op("reshape_as", lambda m, a, b: a.reshape_as(b) * b, lambda d: ([array(d, (2, 3)), array(d, (3, 2))], {})),
    Op("view_as", lambda m, a, b: a.view_as(b) + b, lambda d: ([array(d, (1, 6)), array(d, (3, 1, 2))], {})),
    Op("clone", lambda m, x: x.clone() * 2, unary()),
    Op("contiguous", lambda m, x: x.T.contiguous(), unary(shape=MATRIX)),
    # ---- rounding (gradient 0), tests of numbers, // and %
    Op("floor", lambda m, x: x.floor() + x, unary(OFF_GRID)),
    Op("floor:function", lambda m, x: function(m, "floor")(x) * x, unary(OFF_GRID)),
    Op("ceil", lambda m, x: x.ceil() * x, unary(OFF_GRID)),
    Op("trunc", lambda m, x: x.trunc() * x, unary(OFF_GRID)),
    Op("round", lambda m, x: x.round() * x, unary(OFF_GRID)),
    Op("round:halves_to_even", lambda m, x: function(m, "round")(x) + x + (x * 0.3).round(decimals=1), unary(HALVES), gradcheck=False),
    Op("sign", lambda m, x: x.sign() * x, unary(KINK_FREE)),
    Op("isnan", lambda m, x: x.isnan(), unary(NUMBER_KINDS)),
    Op("isinf", lambda m, x: function(m, "isinf")(x), unary(NUMBER_KINDS)),
    Op("isfinite", lambda m, x: x.isfinite(), unary(NUMBER_KINDS)),
    Op("floor_divide", lambda m, a, b: (a // b).detach() * a + a.floor_divide(b.detach()).detach() * b, binary(DIVIDEND, DIVISOR)),
    Op("floor_divide:reflected", lambda m, a: (2.5 // a).detach() * a, unary(DIVISOR)),
    Op("remainder", lambda m, a, b: a % b, binary(DIVIDEND, DIVISOR)),  # (number % tensor: PyTorch has no derivative)
    Op("remainder:method_and_reflected", lambda m, a, b: a.remainder(b) + 3.5 % b.detach() + function(m, "remainder")(a, 2.5),
       binary(DIVIDEND, DIVISOR), gradcheck=False),  # (3.5 % b, detached for PyTorch's sake, still moves with b)
    # ---- pieces, triangles, order
    Op("flip", lambda m, x, dims: x.flip(dims) * x, flip_args),
    Op("split", lambda m, x, dim, size: joined_pieces(m, x.split(size, dim), dim), pieces_args),
    Op("split:sizes", lambda m, x: joined_pieces(m, x.split([1, 2], 1), 1), unary(shape=(2, 3))),
    Op("chunk", lambda m, x, dim, size: joined_pieces(m, x.chunk(size, dim), dim), pieces_args),
    Op("tril", lambda m, x, diagonal: x.tril(diagonal), diagonal_args(hnp.array_shapes(min_dims=2, max_dims=3, max_side=3))),
    Op("triu", lambda m, x, diagonal: x.triu(diagonal) + function(m, "triu")(x), diagonal_args(hnp.array_shapes(min_dims=2, max_dims=3, max_side=3))),
    Op("diag", lambda m, x, diagonal: x.diag(diagonal), diagonal_args(st.sampled_from([(1,), (3,), (2, 3), (3, 2), (3, 3)]))),
    Op("argsort", lambda m, x, dim, descending: x.argsort(dim=dim, descending=descending), sort_args),
    Op("nonzero", lambda m, x: x.nonzero(), unary(st.sampled_from([0.0, 1.5, -2.0]))),
    Op("nonzero:as_tuple", lambda m, x: function(m, "nonzero")(x, as_tuple=True)[-1], unary(st.sampled_from([0.0, 1.5, -2.0]))),
    # ---- dtype conversions (the gradient of a float cast flows back in the source dtype)
    Op("float", lambda m, x: x.float(), unary(), gradcheck=False, float32=False),
    Op("double", lambda m, x: x.float().double() * x, unary(), gradcheck=False, float32=False),
    Op("to", lambda m, x: x.to(dtype(m, "float32")).to("cpu") + x.to(x).cpu().float(), unary(), gradcheck=False, float32=False),
    Op("type", lambda m, x: x.type(dtype(m, "float64")) * 2, unary(), float32=False),
    Op("cpu", lambda m, x: x.cpu() * 2, unary()),
    Op("type_as", lambda m, a, b: a.type_as(b.float()) + a.type_as(b), binary(), gradcheck=False, float32=False),
    Op("long", lambda m, x: x.long(), unary(floats(-5.0, 5.0))),
    Op("bool", lambda m, x: x.bool(), unary(TIES)),
]


def constant(m: Any, a: np.ndarray) -> Any:
    """An array as a tensor without gradient, in library m."""
    return torch.tensor(a) if m is torch else Tensor(a)


def function(m: Any, name: str) -> Any:
    """torch.<name>, or autograd_mini's function of that name (autograd_mini.functions)."""
    return getattr(torch if m is torch else functions, name)


def dtype(m: Any, name: str) -> Any:
    return getattr(torch if m is torch else engine.dtypes, name)


def m_leaky(m: Any, x: Any) -> Any:
    if m is engine:
        return x.leaky_relu() + x.leaky_relu(0.2)
    return torch.nn.functional.leaky_relu(x) + torch.nn.functional.leaky_relu(x, 0.2)


def m_gelu(m: Any, x: Any, approximate: str) -> Any:
    return x.gelu(approximate=approximate) if m is engine else torch.nn.functional.gelu(x, approximate=approximate)


assert len({op.name for op in TABLE}) == len(TABLE), "row names are test ids: keep them unique"
ROWS = pytest.mark.parametrize("op", TABLE, ids=[op.name for op in TABLE])


# ------------------------------------------------------------------------------------- the checks
def ours(x: np.ndarray, dtype: Any = None) -> Tensor:
    """A float array becomes a leaf that requires grad; an int or bool array an index or mask."""
    if x.dtype.kind == "f":
        return Tensor(x if dtype is None else x.astype(dtype), requires_grad=True)
    return Tensor(x)


def theirs(x: np.ndarray) -> Any:
    return torch.tensor(x, requires_grad=x.dtype.kind == "f")


def upstream(shape: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(0).uniform(-1.0, 1.0, size=shape)


@pytest.mark.torch
@ROWS
@EXAMPLES
@given(data=st.data())
@pytest.mark.filterwarnings("ignore:std\\(\\)|var\\(\\):UserWarning")  # PyTorch's warning beside its nan for N <= correction
def test_row_matches_pytorch(op: Op, data: st.DataObject) -> None:
    if torch is None:
        pytest.skip("torch is not installed: the PyTorch column is skipped")
    arrays, params = op.draw(data)
    mine, torchs = [ours(x) for x in arrays], [theirs(x) for x in arrays]
    out, expected = op.call(engine, *mine, **params), op.call(torch, *torchs, **params)
    want = expected.detach().numpy()
    assert isinstance(out, Tensor) and tuple(out.shape) == want.shape, (type(out), getattr(out, "shape", None), want.shape)
    assert out.data.dtype == want.dtype, f"dtype {out.data.dtype}, PyTorch {want.dtype}"
    np.testing.assert_allclose(out.data, want, rtol=RTOL, atol=ATOL, err_msg="forward")
    if not expected.requires_grad:
        assert not out.requires_grad, "PyTorch's result has no gradient, so ours must not either"
        return
    g = upstream(want.shape).astype(want.dtype)
    out.backward(gradient=g)
    expected.backward(torch.tensor(g))
    for i, (m, t) in enumerate(zip(mine, torchs)):
        if arrays[i].dtype.kind != "f":
            continue
        got = np.zeros(m.shape) if m.grad is None else np.asarray(m.grad)
        ref = np.zeros(m.shape) if t.grad is None else t.grad.numpy()
        np.testing.assert_allclose(got, ref, rtol=RTOL, atol=ATOL, err_msg=f"gradient of input {i}")


@ROWS
@EXAMPLES
@given(data=st.data())
def test_row_gradient_matches_finite_differences(op: Op, data: st.DataObject) -> None:
    if not op.gradcheck:
        pytest.skip("on a kink or tie on purpose: PyTorch is the truth here")
    arrays, params = op.draw(data)
    differentiable = [i for i, x in enumerate(arrays) if x.dtype.kind == "f"]
    if op.call(engine, *[ours(x) for x in arrays], **params).data.dtype.kind != "f":
        return  # an index, a mask or a comparison: no gradient (the PyTorch column checks it has none)

    def f(*floats: Tensor) -> Tensor:
        inputs = [Tensor(x) for x in arrays]  # indices and masks as constants
        for i, t in zip(differentiable, floats):
            inputs[i] = t
        return op.call(engine, *inputs, **params)

    assert gradcheck(f, [arrays[i] for i in differentiable])


@ROWS
@settings(max_examples=2, deadline=None)
@given(data=st.data())
def test_row_keeps_float32(op: Op, data: st.DataObject) -> None:
    if not op.float32:
        pytest.skip("a conversion to float32 on purpose")
    arrays, params = op.draw(data)
    # the float leaves are nn.Parameters: an op's result is still a plain Tensor, never a Parameter
    inputs = [Parameter(x.astype(np.float32)) if x.dtype.kind == "f" else Tensor(x) for x in arrays]
    out = op.call(engine, *inputs, **params)
    assert type(out) is Tensor, f"{op.name} on Parameters returned a {type(out).__name__}"
    reference = op.call(engine, *[ours(x) for x in arrays], **params)
    if reference.data.dtype.kind != "f":  # indices, masks, comparisons: same answer, whatever the float type
        assert out.data.dtype == reference.data.dtype
        return
    assert out.data.dtype == np.float32, f"{op.name}: float32 in, {out.data.dtype} out"
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(out.data, reference.data, rtol=2e-4, atol=1e-4)
    if out.requires_grad:
        out.backward(gradient=np.ones(out.shape, dtype=np.float32))
        for t in inputs:
            if t.requires_grad and t.grad is not None:
                assert t.grad.dtype == np.float32, f"{op.name}: float32 leaf got a {t.grad.dtype} gradient"


# Public names that are not ops of this table, and where they are tested.
TESTED_ELSEWHERE = {
    "backward", "grad", "grad_fn", "is_leaf", "requires_grad", "requires_grad_", "retain_grad", "register_hook",
    "detach", "detach_", "zero_grad", "label", "data",  # autograd bookkeeping: test_tensor_semantics.py, test_tensor_ops.py
    "add_", "sub_", "mul_", "div_", "clamp_", "fill_", "zero_", "copy_",  # in-place: test_tensor_semantics.py
    "uniform_", "normal_",  # random fills: test_tensor_semantics.py, test_random_fills_in_place_as_nn_init
    "item", "tolist", "numpy", "is_floating_point", "is_cuda", "device", "shape", "dtype", "ndim",  # plain answers
    "size", "dim", "numel", "nelement",  # test_size_dim_numel_match_pytorch below
    "is_contiguous", "stride",  # memory layout: test_contiguous_copies_a_strided_view_as_pytorch
}


def test_every_public_method_is_in_the_table() -> None:
    covered = {op.name.split(":")[0] for op in TABLE} | {"getitem", "gt", "lt", "ge", "le", "eq", "ne"}
    public = {name for name in dir(Tensor) if not name.startswith("_")}
    missing = sorted(public - covered - TESTED_ELSEWHERE)
    assert not missing, f"public Tensor names with no row in the catalogue: {missing}"


@settings(max_examples=10, deadline=None)
@given(shape=SHAPES)
def test_size_dim_numel_match_pytorch(shape: tuple[int, ...]) -> None:
    t = Tensor(np.zeros(shape))
    assert t.size() == shape and isinstance(t.size(), tuple) and t.dim() == len(shape) and t.numel() == math.prod(shape)
    assert t.nelement() == t.numel()
    assert [t.size(d) for d in range(-len(shape), len(shape))] == [shape[d] for d in range(-len(shape), len(shape))]
    if torch is not None:
        reference = torch.zeros(shape)
        assert t.size() == reference.size() and t.dim() == reference.dim() and t.numel() == reference.numel()
        assert t.nelement() == reference.nelement()


# ------------------------------------------------------------------ errors that speak to a learner
T23 = np.arange(6.0).reshape(2, 3)
ERRORS = {
    "sum_dim_out_of_range": (lambda x: x.sum(dim=2), IndexError, r"sum: cannot reduce shape \(2, 3\) over axis 2"),
    "max_of_several_dims": (lambda x: x.max(dim=(0, 1)), TypeError, r"max: dim must be one int.*amax"),
    "std_two_corrections": (lambda x: x.std(unbiased=True, correction=0), TypeError, r"std: give unbiased= or correction="),
    "mean_of_int": (lambda x: x.long().mean(), TypeError, r"mean: needs a floating-point tensor.*int64.*float\(\)"),
    "norm_p_half": (lambda x: x.norm(p=0.5), ValueError, r"norm: p must be"),
    "reshape": (lambda x: x.reshape(4, 2), ValueError, r"reshape: cannot reshape \(2, 3\) \(6 elements\) into \(4, 2\)"),
    "view_two_unknowns": (lambda x: x.view(-1, -1), ValueError, r"reshape: cannot reshape \(2, 3\)"),
    "permute_twice": (lambda x: x.permute(0, 0), ValueError, r"permute: \(0, 0\) must name each of the 2 dims"),
    "unsqueeze_far": (lambda x: x.unsqueeze(4), IndexError, r"unsqueeze: dim 4 is out of range"),
    "squeeze_far": (lambda x: x.squeeze(-3), IndexError, r"squeeze: dim -3 is out of range"),
    "t_of_3d": (lambda x: x.reshape(1, 2, 3).t(), ValueError, r"t\(\): expects a tensor with at most 2 dims"),
    "expand_non_1": (lambda x: x.expand(4, 3), ValueError, r"expand: .*only dims of size 1 can be stretched"),
    "repeat_too_few": (lambda x: x.repeat(2), ValueError, r"repeat: give at least one count per dim"),
    "topk_k_too_big": (lambda x: x.topk(4), ValueError, r"topk: k must be an int from 0 to 3"),
    "gather_float_index": (lambda x: x.gather(1, Tensor([[0.0]])), TypeError, r"gather: index must be an integer"),
    "gather_out_of_range": (lambda x: x.gather(1, Tensor(np.array([[3]]))), IndexError, r"gather: index 3 is out of range for dim 1 of size 3"),
    "where_float_condition": (lambda x: engine.where(x, x, x), TypeError, r"where: the mask/condition must be a bool tensor"),
    "masked_fill_mask_too_big": (lambda x: x.masked_fill(np.ones((3, 3), bool), 0.0), ValueError, r"masked_fill: the mask's shape \(3, 3\)"),
    "clamp_nothing": (lambda x: x.clamp(), ValueError, r"clamp: give min=, max= or both"),
    "clamp_bound_with_grad": (lambda x: x.clamp(min=Tensor(0.0, requires_grad=True)), NotImplementedError, r"maximum\(x, lo\)"),
    "sqrt_negative": (lambda x: (x - 1).sqrt(), ValueError, r"sqrt: the square root of -1 is not a real number"),
    "log1p_below_minus_1": (lambda x: (x - 2).log1p(), ValueError, r"log1p: log\(1 \+ x\) of -2 is undefined"),
    "gelu_approximation": (lambda x: x.gelu(approximate="fast"), ValueError, r"gelu: approximate must be 'none' or 'tanh'"),
    "cat_shapes": (lambda x: engine.cat([x, x.T]), ValueError, r"concat: shapes \[\(2, 3\), \(3, 2\)\] cannot be joined"),
    "stack_shapes": (lambda x: engine.stack([x, x.T]), ValueError, r"stack: shapes .* must all be equal"),
    "expand_to_a_string": (lambda x: x.expand("a", 3), TypeError, r"expand: sizes and dims must be ints, got 'a'"),
    "size_of_0d": (lambda x: x.sum().size(0), IndexError, r"size: dim 0 asked of a 0-d tensor"),
}


@pytest.mark.parametrize("name", ERRORS)
def test_op_errors_name_the_call_and_the_fix(name: str) -> None:
    """A wrong call raises the error PyTorch would (or a clear one), naming the op and the values, never numpy's."""
    call, error, message = ERRORS[name]
    with pytest.raises(error, match=message):
        call(Tensor(T23, requires_grad=True))


# ------------------------------------------------------------------ int tensors through the ops
INT_OPS = {  # name: (call, result is float) -- PyTorch computes float ops of ints in its default float
    "sigmoid": (lambda x: x.sigmoid(), True), "exp": (lambda x: x.exp(), True), "tanh": (lambda x: x.tanh(), True),
    "sqrt": (lambda x: x.abs().sqrt(), True), "sin": (lambda x: x.sin(), True), "log1p": (lambda x: x.abs().log1p(), True),
    "erf": (lambda x: x.erf(), True), "relu": (lambda x: x.relu(), False), "abs": (lambda x: x.abs(), False),
    "square": (lambda x: x.square(), False), "sum": (lambda x: x.sum(0), False), "amax": (lambda x: x.amax(), False),
    "cumsum": (lambda x: x.cumsum(0), False), "clamp": (lambda x: x.clamp(-1, 2), False),
    "max_dim": (lambda x: x.max(0).values, False), "sort": (lambda x: x.sort(descending=True).values, False),
}


@pytest.mark.parametrize("name", INT_OPS)
def test_int_tensors_through_the_ops(name: str) -> None:
    """An int64 tensor stays int64 where PyTorch keeps it, and becomes float (never truncated) where PyTorch does."""
    call, is_float = INT_OPS[name]
    x = np.array([-3, -1, 0, 2, 5], dtype=np.int64)
    out = call(Tensor(x))
    assert (out.data.dtype.kind == "f") == is_float and (is_float or out.data.dtype == np.int64), out.data.dtype
    if torch is not None:
        expected = call(torch.tensor(x)).numpy()
        assert (expected.dtype.kind == "f") == is_float
        np.testing.assert_allclose(out.data, expected, rtol=1e-6, atol=1e-7)
