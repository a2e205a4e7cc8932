"""The torch face: creation functions, dtypes, random functions, torch.* functions and devices, beside PyTorch.

Every `torch.*` function is written once as `lambda M, *xs: M.fn(...)` and run with M = autograd_mini
and M = torch on the same float64 numbers: values, dtypes, shapes and input gradients must agree.
Creation functions are compared with torch where the result is deterministic; random ones are
checked for their distribution, dtype and reproducibility from the seed (the streams differ from torch's).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd_mini as am
from autograd_mini import Tensor

PROPERTY = settings(max_examples=15, deadline=None)


def dtype_name(dtype) -> str:
    """'float32' for np.float32 or torch.float32, so both engines' dtypes compare."""
    return str(dtype).replace("torch.", "")


def values(t) -> np.ndarray:
    return np.asarray(t.detach().numpy() if hasattr(t, "detach") and not isinstance(t, Tensor) else t.data)


# ------------------------------------------------------------------ dtypes
def test_dtype_attributes() -> None:
    assert am.float32 == np.float32 and am.float64 == np.float64 and am.int64 == np.int64 and am.bool == np.bool_
    assert am.float is am.float32 and am.double is am.float64 and am.long is am.int64  # as in PyTorch
    assert am.get_default_dtype() == am.float64  # our deliberate default (PyTorch: float32)
    am.set_default_dtype(am.float64)
    with pytest.raises(NotImplementedError, match="fixed at float64"):
        am.set_default_dtype(am.float32)


def test_star_import_keeps_pythons_builtins() -> None:
    namespace: dict = {}
    exec("from autograd_mini import *", namespace)
    for name in ("max", "min", "sum", "abs", "pow", "float", "bool"):
        assert name not in namespace
    assert all(hasattr(am, name) for name in am.__all__)
    assert am.__version__


# ---------------------------------------------------------------- creation
@pytest.mark.parametrize("data, expected", [
    ([1, 2, 3], "int64"), ([1.0, 2], "float64"), ([True, False], "bool"), (3, "int64"), (2.5, "float64"),
    ([[1, 2], [3, 4]], "int64"), (np.array([1, 2], dtype=np.float32), "float32"), ([], "float64"),
])
def test_tensor_infers_the_dtype(data, expected: str) -> None:
    t = am.tensor(data)
    assert dtype_name(t.dtype) == expected
    np.testing.assert_array_equal(t.data, np.asarray(data))


def test_tensor_copies_and_takes_dtype_and_requires_grad() -> None:
    source = np.ones(3)
    t = am.tensor(source, dtype=am.float32, requires_grad=True)
    source[0] = 5.0
    assert t.dtype == np.float32 and t.requires_grad and t.data[0] == 1.0
    assert am.tensor([1, 2], dtype=am.float64).dtype == np.float64
    copy = am.tensor(t)
    assert copy is not t and not copy.requires_grad
    with pytest.raises(TypeError, match="rectangular"):
        am.tensor([[1, 2], [3]])
    with pytest.raises(TypeError, match="numbers"):
        am.tensor("abc")


def test_from_numpy_shares_memory_and_as_tensor_reuses() -> None:
    array = np.zeros(3, dtype=np.float32)
    t = am.from_numpy(array)
    array[1] = 7.0
    assert t.dtype == np.float32 and t.data[1] == 7.0  # one memory, as in PyTorch
    assert am.as_tensor(t) is t
    assert np.shares_memory(am.as_tensor(array).data, array)
    assert am.as_tensor([1.0, 2.0]).dtype == np.float64
    with pytest.raises(TypeError, match="numpy array"):
        am.from_numpy([1, 2])
    with pytest.raises(TypeError, match="int32"):  # it could not share memory: said, not silently copied
        am.from_numpy(np.zeros(2, dtype=np.int32))
    assert am.tensor(np.zeros(2, dtype=np.int32)).dtype == np.int64  # a copy: other integers are stored as int64
    with pytest.raises(TypeError, match="float16"):
        am.tensor(np.zeros(2, dtype=np.float16))


@pytest.mark.parametrize("make", [am.zeros, am.ones, am.empty, am.rand, am.randn])
def test_sizes_as_numbers_or_a_tuple(make) -> None:
    assert make(2, 3).shape == make((2, 3)).shape == make([2, 3]).shape == (2, 3)
    assert make(()).shape == () and make(0).shape == (0,)
    assert make(2, dtype=am.float32).dtype == np.float32
    assert make(2, requires_grad=True).requires_grad
    with pytest.raises(ValueError, match=">= 0"):
        make(-1)
    with pytest.raises(TypeError, match="whole numbers"):
        make(2.5)


@pytest.mark.torch
def test_deterministic_creation_matches_torch() -> None:
    torch = pytest.importorskip("torch")
    cases = [
        lambda M: M.zeros(2, 3, dtype=M.float64), lambda M: M.ones((3,), dtype=M.int64), lambda M: M.full((2, 2), 7),
        lambda M: M.full((2,), True), lambda M: M.full((2,), 1.5, dtype=M.float64), lambda M: M.eye(3, dtype=M.float64),
        lambda M: M.eye(2, 4, dtype=M.float32), lambda M: M.arange(5), lambda M: M.arange(2, 11, 3),
        lambda M: M.arange(0, 1, 0.1, dtype=M.float64), lambda M: M.arange(-1, -10, -0.3, dtype=M.float64),
        lambda M: M.arange(5, dtype=M.float32), lambda M: M.linspace(-3.0, 3.0, 7, dtype=M.float64),
        lambda M: M.linspace(-math.pi, math.pi, 2000, dtype=M.float32), lambda M: M.linspace(0, 1, 1, dtype=M.float64),
        lambda M: M.tensor([[1, 2], [3, 4]]), lambda M: M.tensor([True]), lambda M: M.tensor(3),
        lambda M: M.zeros_like(M.tensor([1, 2])), lambda M: M.ones_like(M.tensor([1.0], dtype=M.float32)),
        lambda M: M.full_like(M.tensor([1, 2]), 4), lambda M: M.empty_like(M.ones(2, 2, dtype=M.float64)).shape,
    ]
    for i, case in enumerate(cases):
        ours, theirs = case(am), case(torch)
        if isinstance(ours, tuple):  # a shape
            assert ours == tuple(theirs), i
            continue
        assert dtype_name(ours.dtype) == dtype_name(theirs.dtype), (i, ours.dtype, theirs.dtype)
        assert ours.shape == tuple(theirs.shape), i
        np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=1e-6 if ours.dtype == np.float32 else 1e-12,
                                   atol=1e-6 if ours.dtype == np.float32 else 1e-14, err_msg=str(i))


def test_linspace_ends_are_exact_and_arange_errors() -> None:
    x = am.linspace(-math.pi, math.pi, 2000, dtype=am.float32)
    assert x.data[0] == np.float32(-math.pi) and x.data[-1] == np.float32(math.pi)
    assert am.arange(3).dtype == np.int64 and am.arange(3.0).dtype == np.float64
    with pytest.raises(ValueError, match="nonzero"):
        am.arange(0, 5, 0)
    with pytest.raises(ValueError, match="wrong sign"):
        am.arange(5, 0)
    with pytest.raises(TypeError, match="fill value"):
        am.full((2,), "x")


# ------------------------------------------------------------------ random
def test_random_functions_have_the_right_distribution() -> None:
    am.manual_seed(0)
    u, z = am.rand(20000), am.randn(20000)
    assert 0 <= u.data.min() and u.data.max() < 1 and abs(u.data.mean() - 0.5) < 0.01
    assert abs(z.data.mean()) < 0.03 and abs(z.data.std(ddof=1) - 1) < 0.03
    n = am.normal(3.0, 2.0, size=(20000,))
    assert abs(n.data.mean() - 3) < 0.06 and abs(n.data.std(ddof=1) - 2) < 0.06
    assert am.normal(am.zeros(3), 1.0).shape == (3,)
    k = am.randint(3, 7, (1000,))
    assert k.dtype == np.int64 and set(k.data.tolist()) == {3, 4, 5, 6}
    assert set(am.randint(2, (100,)).data.tolist()) == {0, 1}
    p = am.randperm(10)
    assert p.dtype == np.int64 and sorted(p.data.tolist()) == list(range(10))
    like = am.randn_like(am.zeros(2, 3, dtype=am.float32))
    assert like.shape == (2, 3) and like.dtype == np.float32 and am.rand_like(like).dtype == np.float32
    assert am.randint_like(am.zeros(4), 5).shape == (4,)


def test_random_errors() -> None:
    with pytest.raises(ValueError, match="greater than low"):
        am.randint(5, 5, (2,))
    with pytest.raises(TypeError, match="randint"):
        am.randint(5)
    with pytest.raises(TypeError, match="float dtype"):
        am.randn(2, dtype=am.int64)
    with pytest.raises(ValueError, match="std"):
        am.normal(0.0, -1.0, size=(2,))
    with pytest.raises(NotImplementedError, match="mean \\+ std \\* noise"):
        am.normal(am.zeros(2, requires_grad=True), 1.0)


@PROPERTY
@given(st.integers(0, 2**32))
def test_the_seed_reproduces_every_random_function(seed: int) -> None:
    def draw():
        return [am.rand(3).data, am.randn(2, 2).data, am.randint(0, 100, (4,)).data, am.randperm(5).data,
                am.normal(0.0, 1.0, size=(2,)).data]

    am.manual_seed(seed)
    first = draw()
    am.manual_seed(seed)
    for a, b in zip(first, draw()):
        np.testing.assert_array_equal(a, b)
    g = am.Generator().manual_seed(seed)
    am.manual_seed(seed + 1)
    np.testing.assert_array_equal(am.rand(3, generator=g).data, first[0])  # generator= is its own stream


# ---------------------------------------------------------- torch.* functions
def positive(shape) -> np.ndarray:
    return np.random.default_rng(1).uniform(0.5, 2.0, size=shape)


def anything(shape, seed: int = 2) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape)


# name: (function of (module, *inputs) -> a tensor, input arrays); values and gradients compared with torch
DIFFERENTIABLE = {
    "max": (lambda M, x: M.max(x), [anything((3, 4))]),
    "max(dim)": (lambda M, x: M.max(x, 1)[0], [anything((3, 4))]),
    "max(dim, keepdim)": (lambda M, x: M.max(x, dim=0, keepdim=True).values, [anything((3, 4))]),
    "max(a, b)": (lambda M, a, b: M.max(a, b), [anything((3, 4)), anything((3, 4)) + 0.1]),
    "min(dim)": (lambda M, x: M.min(x, -1).values, [anything((2, 5))]),
    "min(a, b)": (lambda M, a, b: M.min(a, b), [anything((4,)), anything((4,)) - 0.1]),
    "amax": (lambda M, x: M.amax(x, 1), [anything((3, 4))]),
    "amin": (lambda M, x: M.amin(x, 0), [anything((3, 4))]),
    "sum": (lambda M, x: M.sum(x), [anything((3, 4))]),
    "sum(dim)": (lambda M, x: M.sum(x, 1, keepdim=True), [anything((3, 4))]),
    "mean": (lambda M, x: M.mean(x, dim=0), [anything((3, 4))]),
    "prod": (lambda M, x: M.prod(x, 1), [positive((3, 4))]),
    "std": (lambda M, x: M.std(x, 1), [anything((3, 4))]),
    "var": (lambda M, x: M.var(x), [anything((3, 4))]),
    "norm": (lambda M, x: M.norm(x), [anything((3, 4))]),
    "cumsum": (lambda M, x: M.cumsum(x, 1), [anything((3, 4))]),
    "logsumexp": (lambda M, x: M.logsumexp(x, 1), [anything((3, 4))]),
    "exp": (lambda M, x: M.exp(x), [anything((3, 4))]),
    "log": (lambda M, x: M.log(x), [positive((3, 4))]),
    "log1p": (lambda M, x: M.log1p(x), [positive((3, 4))]),
    "sin": (lambda M, x: M.sin(x), [anything((3, 4))]),
    "cos": (lambda M, x: M.cos(x), [anything((3, 4))]),
    "sqrt": (lambda M, x: M.sqrt(x), [positive((3, 4))]),
    "square": (lambda M, x: M.square(x), [anything((3, 4))]),
    "abs": (lambda M, x: M.abs(x), [anything((3, 4))]),
    "pow": (lambda M, x: M.pow(x, 3), [anything((3, 4))]),
    "pow(tensor)": (lambda M, x, p: M.pow(x, p), [positive((3, 4)), anything((4,))]),
    "Tensor.pow(int64)": (lambda M, x: x.unsqueeze(-1).pow(M.tensor([1, 2, 3])), [anything((5,))]),
    "neg": (lambda M, x: M.neg(x), [anything((3, 4))]),
    "Tensor.add/sub(alpha)": (lambda M, a, b: a.add(b, alpha=2).sub(b, alpha=0.5), [anything((3, 4)), anything((4,), 7)]),
    "Tensor.mul/div": (lambda M, a, b: a.mul(b).div(b.abs() + 1), [anything((3, 4)), anything((3, 4), 7)]),
    "Tensor.matmul": (lambda M, a, b: a.matmul(b), [anything((2, 3)), anything((3, 4), 7)]),
    "Tensor.view_as/reshape_as": (lambda M, a, b: a.view_as(b).reshape_as(a), [anything((2, 6)), anything((3, 4), 7)]),
    "sigmoid": (lambda M, x: M.sigmoid(x), [anything((3, 4))]),
    "tanh": (lambda M, x: M.tanh(x), [anything((3, 4))]),
    "relu": (lambda M, x: M.relu(x), [anything((3, 4))]),
    "softmax": (lambda M, x: M.softmax(x, dim=1), [anything((3, 4))]),
    "log_softmax": (lambda M, x: M.log_softmax(x, 0), [anything((3, 4))]),
    "clamp": (lambda M, x: M.clamp(x, -0.5, 0.5), [anything((3, 4))]),
    "clamp(min)": (lambda M, x: M.clamp(x, min=0.1), [anything((3, 4))]),
    "clip": (lambda M, x: M.clip(x, max=0.2), [anything((3, 4))]),
    "maximum": (lambda M, a, b: M.maximum(a, b), [anything((3, 4)), anything((4,)) + 0.05]),
    "minimum": (lambda M, a, b: M.minimum(a, b), [anything((3, 4)), anything((3, 1)) + 0.05]),
    "cat": (lambda M, a, b: M.cat([a, b], dim=1), [anything((2, 3)), anything((2, 2))]),
    "cat(dim 0)": (lambda M, a, b: M.cat((a, b)), [anything((2, 3)), anything((1, 3))]),
    "concat": (lambda M, a, b: M.concat([a, b], dim=0), [anything((2, 3)), anything((1, 3))]),
    "stack": (lambda M, a, b: M.stack([a, b], dim=1), [anything((2, 3)), anything((2, 3))]),
    "matmul": (lambda M, a, b: M.matmul(a, b), [anything((2, 3)), anything((3, 4))]),
    "matmul 1-D": (lambda M, a, b: M.matmul(a, b), [anything((3,)), anything((3, 4))]),
    "mm": (lambda M, a, b: M.mm(a, b), [anything((2, 3)), anything((3, 4))]),
    "dot": (lambda M, a, b: M.dot(a, b), [anything((3,)), anything((3,))]),
    "flatten": (lambda M, x: M.flatten(x), [anything((2, 3, 2))]),
    "flatten(1)": (lambda M, x: M.flatten(x, 1), [anything((2, 3, 2))]),
    "squeeze": (lambda M, x: M.squeeze(x), [anything((2, 1, 3))]),
    "squeeze(dim)": (lambda M, x: M.squeeze(x, 1), [anything((2, 1, 3))]),
    "unsqueeze": (lambda M, x: M.unsqueeze(x, 0), [anything((2, 3))]),
    "transpose": (lambda M, x: M.transpose(x, 0, 2), [anything((2, 3, 4))]),
    "t": (lambda M, x: M.t(x), [anything((2, 3))]),
    "permute": (lambda M, x: M.permute(x, (2, 0, 1)), [anything((2, 3, 4))]),
    "reshape": (lambda M, x: M.reshape(x, (3, -1)), [anything((2, 3, 2))]),
    "clone": (lambda M, x: M.clone(x), [anything((2, 3))]),
    "topk": (lambda M, x: M.topk(x, 2)[0], [anything((3, 5))]),
    "sort": (lambda M, x: M.sort(x, dim=0, descending=True).values, [anything((3, 5))]),
    "gather": (lambda M, x: M.gather(x, 1, M.tensor([[0, 0], [2, 1]])), [anything((2, 3))]),
    "add/sub(alpha)": (lambda M, a, b: M.sub(M.add(a, b, alpha=2), b, alpha=0.5), [anything((3, 4)), anything((4,), 7)]),
    "add/mul/div(number first)": (lambda M, x: M.div(1.5, M.mul(2.0, M.add(3, x))) + M.sub(1, x), [positive((3, 4))]),
    "div(rounding_mode)": (lambda M, a, b: M.div(a, b, rounding_mode="floor") + M.div(a, b, rounding_mode="trunc") + a,
                           [anything((3, 4)), positive((3, 4))]),
    "erf": (lambda M, x: M.erf(x), [anything((3, 4))]),
    "masked_fill": (lambda M, x: M.masked_fill(x, x > 0.2, -1.0), [anything((3, 4))]),
    "detach": (lambda M, x: M.detach(x) * x, [anything((3, 4))]),
}


@pytest.mark.torch
@pytest.mark.parametrize("name", list(DIFFERENTIABLE))
def test_function_matches_torch_in_values_and_gradients(name: str) -> None:
    torch = pytest.importorskip("torch")
    fn, arrays = DIFFERENTIABLE[name]
    ours = [am.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, expected = fn(am, *ours), fn(torch, *theirs)
    assert isinstance(out, Tensor), type(out)
    assert out.shape == tuple(expected.shape) and dtype_name(out.dtype) == dtype_name(expected.dtype)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12, atol=1e-14)
    upstream = np.random.default_rng(3).normal(size=out.shape)
    out.backward(am.tensor(upstream))
    expected.backward(torch.tensor(upstream))
    for mine, reference in zip(ours, theirs):
        got = np.zeros(mine.shape) if mine.grad is None else values(mine.grad)
        want = np.zeros(mine.shape) if reference.grad is None else reference.grad.numpy()
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


@pytest.mark.torch
def test_functions_without_gradients_match_torch() -> None:
    torch = pytest.importorskip("torch")
    a, b = anything((3, 4)), anything((3, 4), seed=5)
    b[0, 0] = a[0, 0] + 1e-9  # one pair close enough for isclose
    cases = {
        "max(dim) indices": lambda M, x, y: M.max(x, 1)[1], "min(dim) indices": lambda M, x, y: M.min(x, dim=0).indices,
        "argmax": lambda M, x, y: M.argmax(x), "argmax(dim)": lambda M, x, y: M.argmax(x, dim=1),
        "argmin(keepdim)": lambda M, x, y: M.argmin(x, 0, keepdim=True), "isclose": lambda M, x, y: M.isclose(x, y),
        "sort indices": lambda M, x, y: M.sort(x).indices, "topk indices": lambda M, x, y: M.topk(x, 3, largest=False)[1],
        "where": lambda M, x, y: M.where(x > y, x, y), "where(scalar)": lambda M, x, y: M.where(x > 0, x, 0.0),
        "eq": lambda M, x, y: x.eq(y), "ne": lambda M, x, y: x.ne(x[0]), "gt": lambda M, x, y: x.gt(y),
        "lt": lambda M, x, y: x.lt(0.1), "ge": lambda M, x, y: x.ge(y), "le": lambda M, x, y: x.le(y),
        "MNIST accuracy": lambda M, x, y: x.argmax(1, keepdim=True).eq(y.argmax(1).view_as(x.argmax(1, keepdim=True))),
        "type_as": lambda M, x, y: M.tensor([1, 2]).type_as(x),
        "torch.eq/ne": lambda M, x, y: M.eq(x, y) | M.ne(x, 0.5), "torch.gt/lt": lambda M, x, y: M.gt(x, y) & M.lt(x, 0.1),
        "torch.ge/le": lambda M, x, y: M.logical_or(M.ge(x, y), M.le(x, -0.3)),
        "torch.logical_and/not": lambda M, x, y: M.logical_and(x > 0, M.logical_not(y > 0)),
    }
    for name, case in cases.items():
        ours, theirs = case(am, am.tensor(a), am.tensor(b)), case(torch, torch.tensor(a), torch.tensor(b))
        assert dtype_name(ours.dtype) == dtype_name(theirs.dtype), name
        np.testing.assert_array_equal(ours.data, theirs.numpy(), err_msg=name)
    for M in (am, torch):
        x, y = M.tensor(a), M.tensor(b)
        assert M.equal(x, M.tensor(a.copy())) is True and M.equal(x, y) is False and M.equal(x, x[:1]) is False
        assert M.allclose(x, x + 1e-9) is True and M.allclose(x, y) is False
        assert M.numel(x) == 12 and M.is_tensor(x) and not M.is_tensor(a)
        assert M.is_floating_point(x) and not M.is_floating_point(M.tensor([1]))


@pytest.mark.torch
def test_index_and_legacy_functions_match_torch() -> None:
    torch = pytest.importorskip("torch")
    a = np.array([[1.5, -2.0, 0.0], [0.0, 3.0, -1.0]])
    cases = {
        "where(cond)": lambda M, x: M.where(x > 0), "nonzero": lambda M, x: M.nonzero(x),
        "nonzero(as_tuple)": lambda M, x: M.nonzero(x < 0, as_tuple=True),
        "unique": lambda M, x: M.unique(M.tensor([3, 1, 3, 2, 1])),
        "unique(counts, inverse)": lambda M, x: M.unique(M.tensor([[3, 1], [3, 2]]), return_inverse=True, return_counts=True),
        "FloatTensor(data)": lambda M, x: M.FloatTensor([1, 2]), "LongTensor(data)": lambda M, x: M.LongTensor([[1, 2]]),
        "DoubleTensor(sizes)": lambda M, x: M.DoubleTensor(2, 3).shape, "BoolTensor": lambda M, x: M.BoolTensor([1, 0]),
        "zeros(size=)": lambda M, x: M.zeros(size=(2, 1), dtype=M.float64), "randn(size=)": lambda M, x: M.randn(size=(3,)).shape,
    }
    for name, case in cases.items():
        ours, theirs = case(am, am.tensor(a)), case(torch, torch.tensor(a))
        ours, theirs = (ours, theirs) if isinstance(ours, tuple) else ((ours,), (theirs,))
        assert len(ours) == len(theirs), name
        for mine, reference in zip(ours, theirs):
            if isinstance(mine, int):  # a shape's entries
                assert mine == reference, name
                continue
            assert dtype_name(mine.dtype) == dtype_name(reference.dtype), (name, mine.dtype, reference.dtype)
            np.testing.assert_array_equal(mine.data, reference.numpy(), err_msg=name)


def test_sampling_functions() -> None:
    am.manual_seed(0)
    coins = am.bernoulli(am.full((20000,), 0.3))
    assert coins.dtype == np.float64 and set(coins.data.tolist()) == {0.0, 1.0} and abs(coins.data.mean() - 0.3) < 0.02
    draws = am.multinomial(am.tensor([0.0, 1.0, 3.0]), 4000, replacement=True)
    assert draws.dtype == np.int64 and 0 not in draws.data and abs((draws.data == 2).mean() - 0.75) < 0.03
    rows = am.multinomial(am.ones(5, 4), 4)
    assert rows.shape == (5, 4) and all(sorted(r) == [0, 1, 2, 3] for r in rows.data.tolist())  # no replacement
    with pytest.raises(ValueError, match="replacement=True"):
        am.multinomial(am.tensor([1.0, 0.0]), 2)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        am.bernoulli(am.tensor([1.5]))
    with pytest.raises(TypeError, match="size once"):
        am.zeros(2, size=(2,))


def test_functions_take_data_arrays_as_pytorch_code_passes_them() -> None:
    # PyTorch's classic `_, predicted = torch.max(outputs.data, 1)`; here .data is the numpy array
    outputs = am.tensor([[0.1, 0.9, 0.0], [0.8, 0.1, 0.1]], requires_grad=True)
    values, predicted = am.max(outputs.data, 1)
    assert predicted.data.tolist() == [1, 0] and predicted.dtype == np.int64 and not values.requires_grad
    assert (predicted == am.tensor([1, 2])).sum().item() == 1
    assert am.mm(np.eye(2), am.ones(2, 2)).shape == (2, 2)


def test_functions_name_the_call_when_not_given_a_tensor() -> None:
    with pytest.raises(TypeError, match=r"sum\(\): the input must be a Tensor, not list"):
        am.sum([1.0, 2.0])
    with pytest.raises(RuntimeError, match="2-D"):
        am.mm(am.ones(3), am.ones(3, 2))
    with pytest.raises(RuntimeError, match="1-D"):
        am.dot(am.ones(3, 1), am.ones(3))


def test_grad_modes_are_exported() -> None:
    x = am.ones(2, requires_grad=True)
    assert am.is_grad_enabled()
    with am.no_grad():
        assert not am.is_grad_enabled() and not (x * 2).requires_grad
        with am.enable_grad():
            assert (x * 2).requires_grad
    with am.inference_mode():
        assert not (x * 2).requires_grad
    with am.set_grad_enabled(False):
        assert not am.is_grad_enabled()
    assert am.is_grad_enabled()


def test_reproducibility_settings_are_accepted() -> None:
    am.set_num_threads(1)
    am.use_deterministic_algorithms(True)
    am.backends.cudnn.deterministic = True
    assert am.get_num_threads() == 1


def test_manual_seed_and_seed() -> None:
    assert isinstance(am.manual_seed(3), am.Generator) and am.initial_seed() == 3
    assert isinstance(am.seed(), int)


# ------------------------------------------------------------------- devices
def test_the_cpu_is_the_only_device() -> None:
    assert am.cuda.is_available() is False and am.cuda.device_count() == 0
    assert am.backends.mps.is_available() is False and am.accelerator.is_available() is False
    device = am.device("cuda" if am.cuda.is_available() else "cpu")
    assert str(device) == "cpu" and device.type == "cpu" and repr(device) == "device(type='cpu')"
    x = am.ones(2)
    assert x.device == device and x.device.type == "cpu" and x.device != "cpu" and f"{x.device}" == "cpu"
    assert x.to(x.device) is x and am.zeros(2, device=x.device).device == am.device("cpu")
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        t = torch.ones(2)
        assert t.device == torch.device("cpu") and t.device != "cpu" and repr(t.device) == repr(x.device)
    with pytest.raises(RuntimeError, match="CPU only"):
        am.device("cuda")
    with pytest.raises(RuntimeError, match="device name"):
        am.device("gpu")
    with pytest.raises(RuntimeError, match="CPU only"):
        am.zeros(2, device="cuda:0")
    for layer in (lambda d: am.nn.Linear(2, 2, device=d), lambda d: am.nn.LayerNorm(2, device=d),
                  lambda d: am.nn.Conv2d(1, 1, 3, device=d)):
        assert layer("cpu") is not None and layer(device) is not None
        with pytest.raises(RuntimeError, match="CPU only"):
            layer("cuda")
    am.cuda.manual_seed_all(0)  # tutorials call it; nothing to seed
    assert am.zeros(2, device=device).shape == (2,) and am.tensor([1.0], device="cpu").shape == (1,)


def test_to_cpu_is_a_no_op() -> None:
    x = am.tensor([1.0, 2.0])
    for target in ("cpu", am.device("cpu")):
        moved = x.to(target)
        np.testing.assert_array_equal(moved.data, x.data)
        assert moved.dtype == x.dtype


# ------------------------------------------------------------------- README
def test_the_readme_lists_what_exists_and_what_does_not() -> None:
    import autograd_mini.nn as nn
    import autograd_mini.optim as optim
    import autograd_mini.utils.data as utils_data

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme[readme.index("## PyTorch names"):readme.index("## Gradients: what has none")]
    exists = section[section.index("What exists:"):section.index("What does not exist")]
    places = (am, am.Tensor, nn, optim, optim.lr_scheduler, utils_data)
    listed = set(re.findall(r"`([A-Za-z_][A-Za-z_0-9]*)`", exists))
    assert len(listed) > 100
    assert [n for n in sorted(listed) if not any(hasattr(place, n) for place in places)] == []
    for name in ("float16", "bfloat16", "int32", "uint8", "autograd", "compile", "jit", "fx", "func", "vmap",
                 "distributions", "einsum", "bmm", "set_printoptions"):
        assert not hasattr(am, name), name
    for name in ("BatchNorm1d", "BatchNorm2d", "Embedding", "RNN", "LSTM"):
        assert not hasattr(nn, name), f"nn.{name} exists now: update the README's list"
    assert not hasattr(optim, "Adagrad") and not hasattr(optim.lr_scheduler, "ReduceLROnPlateau")
    assert not hasattr(optim.lr_scheduler, "OneCycleLR")


def test_missing_names_of_modules_optim_data_and_init_say_what_to_use() -> None:
    import autograd_mini.nn as nn
    import autograd_mini.optim as optim
    import autograd_mini.utils.data as data

    model = nn.Linear(2, 2)
    cases = [(lambda: model.cuda(), "leaves it out.*CPU only"), (lambda: model.half(), "no float16"),
             (lambda: model.register_forward_hook(print), "no module hooks"),
             (lambda: optim.Adagrad, "SGD, Adam, AdamW and RMSprop exist"),
             (lambda: optim.lr_scheduler.ReduceLROnPlateau, "StepLR, MultiStepLR"),
             (lambda: data.WeightedRandomSampler, "no samplers"), (lambda: data.ConcatDataset, "torch.cat"),
             (lambda: nn.init.trunc_normal_, "normal_ and clamp_"), (lambda: nn.init.xavier_uniform, "xavier_uniform_"),
             (lambda: nn.utils.parameters_to_vector, "torch.cat")]
    for call, hint in cases:
        with pytest.raises(AttributeError, match=hint):
            call()
    assert not hasattr(model, "no_such_thing") and hasattr(model, "reset_parameters")
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like, got NoneType"):
        model.load_state_dict(None)
    torch = pytest.importorskip("torch")  # PyTorch's own message, beside
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like, got"):
        torch.nn.Linear(2, 2).load_state_dict(None)
    assert hasattr(torch.optim, "Adagrad") and hasattr(torch.utils.data, "ConcatDataset")


def test_div_rounding_modes_are_step_functions_and_bad_modes_are_refused() -> None:
    x = am.tensor([7.0, -7.0, 1.0], requires_grad=True)
    floor, trunc = x.div(2, rounding_mode="floor"), am.div(x, 2, rounding_mode="trunc")
    assert floor.tolist() == [3.0, -4.0, 0.0] and trunc.tolist() == [3.0, -3.0, 0.0]
    assert am.div(1.0, am.tensor([0.1]), rounding_mode="floor").tolist() == [9.0]  # the numbers of //, as PyTorch
    assert am.div(am.tensor([7, -7]), am.tensor([2, 2]), rounding_mode="trunc").tolist() == [3, -3]  # ints stay ints
    (floor + trunc).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0] and floor.grad_fn.name() == "DivBackward2"
    with pytest.raises(RuntimeError, match="rounding_mode to be one of None, 'trunc', or 'floor'"):
        am.div(x, 2, rounding_mode="round")
    with pytest.raises(ZeroDivisionError, match="integer division by zero"):
        am.div(am.tensor([1]), am.tensor([0]), rounding_mode="trunc")
