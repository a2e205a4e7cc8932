"""Property tests of every Tensor op on random shapes, against numpy (forward) and finite differences (backward).

For shapes hypothesis draws (0-d, size-1 axes, broadcastable pairs, 1-D / 2-D / batched matmul):
  - forward: the Tensor's numbers equal numpy's, and its shape is numpy's shape;
  - backward: gradcheck's central differences agree with backward() for every element of every input
    (for an output with many numbers gradcheck differentiates sum(w * out) with fixed random weights w,
    so broadcasting mistakes, a forgotten unbroadcast or a transposed gradient all show up);
  - float32 in, float32 out: forward values and gradients keep the dtype.
The elementwise functions of the math table are tested on Tensors in test_tensor_table.py.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd_mini as am
from autograd_mini import Tensor, concat, no_grad, stack
from autograd_mini.gradcheck import gradcheck
from autograd_mini.nn import functional as F
from tensor_strategies import (
    BROADCAST_PAIRS, MATMUL_KINDS, NONEMPTY_DIMS, SHAPES, arrays, away_from_zero, axis_args, distinct_arrays,
    matmul_shapes,
)

PROPERTY = settings(max_examples=25, deadline=None)


def assert_forward(out: Tensor, expected: np.ndarray) -> None:
    expected = np.asarray(expected)
    assert isinstance(out, Tensor)
    assert out.shape == expected.shape
    assert out.dtype == np.float64
    np.testing.assert_allclose(out.data, expected, rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------- broadcasting arithmetic
BINARY = {
    "add": (lambda a, b: a + b, np.add),
    "sub": (lambda a, b: a - b, np.subtract),
    "mul": (lambda a, b: a * b, np.multiply),
    "div": (lambda a, b: a / b, np.divide),
    "pow": (lambda a, b: a**b, np.power),
}


def binary_inputs(data: st.DataObject, name: str, shapes: tuple[tuple[int, ...], ...]) -> tuple[np.ndarray, np.ndarray]:
    a_shape, b_shape = shapes
    if name == "pow":  # a positive base: a ** b is real and smooth in both
        return data.draw(arrays(a_shape, 0.5, 3.0)), data.draw(arrays(b_shape, -2.0, 2.0))
    if name == "div":  # a divisor away from the pole at 0
        return data.draw(arrays(a_shape)), data.draw(away_from_zero(b_shape, gap=0.5))
    return data.draw(arrays(a_shape)), data.draw(arrays(b_shape))


@pytest.mark.parametrize("name", BINARY)
@PROPERTY
@given(shapes=BROADCAST_PAIRS, data=st.data())
def test_binary_ops_broadcast(name: str, shapes, data: st.DataObject) -> None:
    op, reference = BINARY[name]
    a, b = binary_inputs(data, name, shapes.input_shapes)
    out = op(Tensor(a), Tensor(b))
    assert_forward(out, reference(a, b))
    assert out.shape == shapes.result_shape
    gradcheck(op, [a, b])


@pytest.mark.parametrize("name", BINARY)
@PROPERTY
@given(shapes=BROADCAST_PAIRS, data=st.data())
def test_binary_ops_with_numpy_and_python_operands(name: str, shapes, data: st.DataObject) -> None:
    """A numpy array or a Python number on either side is a constant; the Tensor still gets its gradient."""
    op, reference = BINARY[name]
    a, b = binary_inputs(data, name, shapes.input_shapes)
    assert_forward(op(Tensor(a), b), reference(a, b))  # Tensor (op) ndarray
    assert_forward(op(a, Tensor(b)), reference(a, b))  # ndarray (op) Tensor: numpy defers to Tensor
    gradcheck(lambda t: op(t, b), [a])
    gradcheck(lambda t: op(a, t), [b])
    number = 1.5
    gradcheck(lambda t: op(t, number), [a])
    gradcheck(lambda t: op(number, t), [b])
    assert_forward(op(number, Tensor(b)), reference(number, b))


@PROPERTY
@given(shapes=BROADCAST_PAIRS, data=st.data())
def test_neg_and_self_reuse(shapes, data: st.DataObject) -> None:
    a = data.draw(arrays(shapes.input_shapes[0]))
    assert_forward(-Tensor(a), -a)
    # a node used twice: the gradients of both uses add up (d(a*a + a)/da = 2a + 1)
    gradcheck(lambda t: t * t + t - (-t), [a])


@pytest.mark.parametrize("exponent", [0, 1, 2, 3, -1, -2, 0.5, 1.5, 2.0])
@PROPERTY
@given(shape=SHAPES, data=st.data())
def test_pow_by_a_number(exponent: float, shape, data: st.DataObject) -> None:
    x = data.draw(arrays(shape, 0.2, 3.0) if exponent != int(exponent) or exponent < 0 else arrays(shape))
    assert_forward(Tensor(x) ** exponent, np.power(x, float(exponent)))
    gradcheck(lambda t: t**exponent, [x])


def test_pow_by_zero_has_gradient_zero_even_at_zero() -> None:
    x = Tensor([0.0, 2.0], requires_grad=True)
    (x**0).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])
    e = Tensor(0.0, requires_grad=True)
    x.grad = None
    (x**e).sum().backward()
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])


# ---------------------------------------------------------------- more elementwise functions
UNARY = {
    "softplus": (lambda t: t.softplus(), lambda x: np.log1p(np.exp(x)), arrays),
    "sqrt": (lambda t: t.sqrt(), np.sqrt, lambda s: arrays(s, 0.1, 5.0)),
    "sigmoid": (lambda t: t.sigmoid(), lambda x: 1 / (1 + np.exp(-x)), arrays),
    "tanh": (lambda t: t.tanh(), np.tanh, arrays),
    "exp": (lambda t: t.exp(), np.exp, arrays),
    "log": (lambda t: t.log(), np.log, lambda s: arrays(s, 0.1, 5.0)),
    "relu": (lambda t: t.relu(), lambda x: np.maximum(x, 0), away_from_zero),
    "leaky_relu": (lambda t: t.leaky_relu(0.1), lambda x: np.where(x > 0, x, 0.1 * x), away_from_zero),
    "abs": (lambda t: abs(t), np.abs, away_from_zero),
    "F.relu": (F.relu, lambda x: np.maximum(x, 0), away_from_zero),
    "F.tanh": (F.tanh, np.tanh, arrays),
    "F.sigmoid": (F.sigmoid, lambda x: 1 / (1 + np.exp(-x)), arrays),
    "F.softplus": (F.softplus, lambda x: np.log1p(np.exp(x)), arrays),
    "F.leaky_relu": (lambda t: F.leaky_relu(t, 0.2), lambda x: np.where(x > 0, x, 0.2 * x), away_from_zero),
}


@pytest.mark.parametrize("name", UNARY)
@PROPERTY
@given(shape=SHAPES, data=st.data())
def test_unary_ops(name: str, shape, data: st.DataObject) -> None:
    op, reference, domain = UNARY[name]
    x = data.draw(domain(shape))
    assert_forward(op(Tensor(x)), reference(x))
    gradcheck(op, [x])


@pytest.mark.parametrize("name", ["sigmoid", "softplus", "tanh", "exp"])
def test_unary_ops_are_stable_at_large_inputs(name: str) -> None:
    x = Tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0], requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # not even a warning inside the forward or the backward pass
        if name == "exp":
            x = Tensor([-1000.0, -50.0, 0.0, 50.0], requires_grad=True)
        out = getattr(x, name)()
        out.sum().backward()
    assert np.all(np.isfinite(out.data)) and np.all(np.isfinite(x.grad))


# ---------------------------------------------------------------- matmul
@pytest.mark.parametrize("kind", MATMUL_KINDS)
@PROPERTY
@given(data=st.data())
def test_matmul(kind: str, data: st.DataObject) -> None:
    a_shape, b_shape = data.draw(matmul_shapes(kind))
    a, b = data.draw(arrays(a_shape)), data.draw(arrays(b_shape))
    out = Tensor(a) @ Tensor(b)
    assert_forward(out, a @ b)
    gradcheck(lambda x, y: x @ y, [a, b])
    gradcheck(lambda x: a @ x, [b])  # numpy array @ Tensor: __rmatmul__
    gradcheck(lambda x: x @ b, [a])


# ---------------------------------------------------------------- reductions
REDUCTIONS = {"sum": np.sum, "mean": np.mean, "amax": np.max, "amin": np.min}  # max(dim) gives (values, indices)


@pytest.mark.parametrize("name", REDUCTIONS)
@PROPERTY
@given(shape=SHAPES, keepdims=st.booleans(), data=st.data())
def test_reductions(name: str, shape, keepdims: bool, data: st.DataObject) -> None:
    axis = data.draw(axis_args(len(shape)), label="axis")
    x = data.draw(distinct_arrays(shape) if name in ("amax", "amin") else arrays(shape))
    out = getattr(Tensor(x), name)(axis=axis, keepdims=keepdims)
    assert_forward(out, REDUCTIONS[name](x, axis=axis, keepdims=keepdims))
    gradcheck(lambda t: getattr(t, name)(axis=axis, keepdims=keepdims), [x])
    # PyTorch's spelling: dim= and keepdim= mean the same
    alias = getattr(Tensor(x), name)(dim=list(axis) if isinstance(axis, tuple) else axis, keepdim=keepdims)
    np.testing.assert_array_equal(alias.data, out.data)


@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_ties_share_the_gradient(name: str) -> None:
    x = Tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]] if name == "max" else [[3.0, 1.0, 1.0], [2.0, 2.0, 2.0]],
               requires_grad=True)
    getattr(x, "a" + name)(axis=1).sum().backward()  # amax/amin share ties (max(dim) picks one)
    np.testing.assert_allclose(x.grad, [[0.0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]])


def test_sum_and_mean_over_everything_of_a_0d_tensor() -> None:
    x = Tensor(2.5, requires_grad=True)
    (x.sum() * 2 + x.mean()).backward()
    assert x.grad.shape == () and float(x.grad) == 3.0


def test_reduction_with_both_axis_and_dim_is_an_error() -> None:
    with pytest.raises(TypeError, match="axis= or dim="):
        Tensor([1.0, 2.0]).sum(axis=0, dim=0)


# ---------------------------------------------------------------- shape changes and indexing
@PROPERTY
@given(shape=SHAPES, data=st.data())
def test_reshape_view_flatten(shape, data: st.DataObject) -> None:
    x = data.draw(arrays(shape))
    target = data.draw(st.sampled_from([(-1,), (x.size, 1), (1, -1), tuple(reversed(shape)), (1,) + shape]))
    assert_forward(Tensor(x).reshape(target), x.reshape(target))
    assert_forward(Tensor(x).reshape(*target), x.reshape(target))
    assert_forward(Tensor(x).view(target), x.reshape(target))
    gradcheck(lambda t: t.reshape(target), [x])


@PROPERTY
@given(shape=SHAPES, data=st.data())
def test_transpose(shape, data: st.DataObject) -> None:
    x = data.draw(arrays(shape))
    assert_forward(Tensor(x).T, x.T)
    gradcheck(lambda t: t.T, [x])
    permutation = tuple(data.draw(st.permutations(range(len(shape)))))
    assert_forward(Tensor(x).transpose(permutation), x.transpose(permutation))
    gradcheck(lambda t: t.transpose(permutation), [x])
    if len(shape) >= 2:  # PyTorch's transpose(dim0, dim1) swaps two axes
        i, j = data.draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=2, max_size=2))
        assert_forward(Tensor(x).transpose(i, j), np.swapaxes(x, i, j))
        gradcheck(lambda t: t.transpose(i, j), [x])


@PROPERTY
@given(shape=NONEMPTY_DIMS, data=st.data())
def test_basic_indexing(shape, data: st.DataObject) -> None:
    """Integers, slices (steps, negative steps), Ellipsis and None."""
    x = data.draw(arrays(shape))
    index = data.draw(hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True), label="index")
    assert_forward(Tensor(x)[index], x[index])
    gradcheck(lambda t: t[index], [x])


@PROPERTY
@given(shape=NONEMPTY_DIMS, data=st.data())
def test_integer_array_indexing_with_repeats(shape, data: st.DataObject) -> None:
    """Repeated indices each send their gradient back: they must add up (np.add.at), not overwrite."""
    x = data.draw(arrays(shape))
    index = data.draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(min_dims=1, max_dims=2, max_side=5)))
    assert_forward(Tensor(x)[index], x[index])
    gradcheck(lambda t: t[index], [x])
    rows = data.draw(hnp.arrays(np.intp, st.integers(1, 6), elements=st.integers(-shape[0], shape[0] - 1)))
    assert_forward(Tensor(x)[rows], x[rows])
    gradcheck(lambda t: t[rows], [x])
    assert_forward(Tensor(x)[Tensor(rows % shape[0])], x[rows % shape[0]])  # an index Tensor works too


def test_repeated_index_gradient_adds_up() -> None:
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[[0, 0, 2, 0]].sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 0.0, 1.0])


@PROPERTY
@given(base=NONEMPTY_DIMS, count=st.integers(1, 3), data=st.data())
def test_concat(base, count: int, data: st.DataObject) -> None:
    axis = data.draw(st.integers(-len(base), len(base) - 1), label="axis")
    shapes = []
    for _ in range(count):
        s = list(base)
        s[axis] = data.draw(st.integers(1, 3))
        shapes.append(tuple(s))
    xs = [data.draw(arrays(s)) for s in shapes]
    assert_forward(concat([Tensor(x) for x in xs], axis=axis), np.concatenate(xs, axis=axis))
    assert_forward(concat([Tensor(x) for x in xs], dim=axis), np.concatenate(xs, axis=axis))
    gradcheck(lambda *ts: concat(ts, axis=axis), xs)
    # a constant among the inputs (no gradient wanted for it)
    gradcheck(lambda t: concat([t, Tensor(xs[0])], axis=axis), [xs[0]])


@PROPERTY
@given(shape=SHAPES, count=st.integers(1, 3), data=st.data())
def test_stack(shape, count: int, data: st.DataObject) -> None:
    axis = data.draw(st.integers(-len(shape) - 1, len(shape)), label="axis")
    xs = [data.draw(arrays(shape)) for _ in range(count)]
    assert_forward(stack([Tensor(x) for x in xs], axis=axis), np.stack(xs, axis=axis))
    gradcheck(lambda *ts: stack(ts, axis=axis), xs)
    gradcheck(lambda t: stack([t, t * 2], dim=axis), [xs[0]])


# ---------------------------------------------------------------- softmax family
def _softmax(x: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@PROPERTY
@given(shape=NONEMPTY_DIMS, keepdims=st.booleans(), data=st.data())
def test_softmax_log_softmax_logsumexp(shape, keepdims: bool, data: st.DataObject) -> None:
    axis = data.draw(st.integers(-len(shape), len(shape) - 1), label="axis")
    x = data.draw(arrays(shape, -5.0, 5.0))
    lse = np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))
    assert_forward(Tensor(x).softmax(axis), _softmax(x, axis))
    assert_forward(Tensor(x).log_softmax(axis), np.log(_softmax(x, axis)))
    assert_forward(Tensor(x).logsumexp(axis=axis, keepdims=keepdims), lse)
    assert_forward(F.softmax(Tensor(x), dim=axis), _softmax(x, axis))
    assert_forward(F.log_softmax(Tensor(x), dim=axis), np.log(_softmax(x, axis)))
    gradcheck(lambda t: t.softmax(axis), [x])
    gradcheck(lambda t: t.log_softmax(dim=axis), [x])
    gradcheck(lambda t: t.logsumexp(dim=axis, keepdim=keepdims), [x])


def test_softmax_family_is_stable_for_huge_logits() -> None:
    x = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]])
    t = Tensor(x, requires_grad=True)
    with np.errstate(over="raise", invalid="raise"):
        s, ls, lse = t.softmax(), t.log_softmax(), t.logsumexp()
        (s.sum() + ls.sum() + lse.sum()).backward()
    np.testing.assert_allclose(s.data, _softmax(x, -1), atol=1e-300)
    np.testing.assert_allclose(lse.data, [1000.0, -999.0 + np.log1p(2 * np.exp(-1.0))])
    assert np.all(np.isfinite(ls.data)) and np.all(np.isfinite(t.grad))


# ---------------------------------------------------------------- linear and the losses
@pytest.mark.parametrize("batch", [(), (5,), (2, 3)], ids=["1-D", "2-D", "3-D"])
@pytest.mark.parametrize("bias", [True, False])
@settings(max_examples=15, deadline=None)
@given(n_in=st.integers(1, 4), n_out=st.integers(1, 3), data=st.data())
def test_linear(batch, bias: bool, n_in: int, n_out: int, data: st.DataObject) -> None:
    x, w = data.draw(arrays(batch + (n_in,))), data.draw(arrays((n_out, n_in)))
    b = data.draw(arrays((n_out,)))
    expected = x @ w.T + (b if bias else 0.0)
    assert_forward(F.linear(Tensor(x), Tensor(w), Tensor(b) if bias else None), expected)
    if bias:
        gradcheck(lambda x_, w_, b_: F.linear(x_, w_, b_), [x, w, b])
    else:
        gradcheck(lambda x_, w_: F.linear(x_, w_), [x, w])
    gradcheck(lambda w_: F.linear(Tensor(x), w_), [w])  # the input needs no gradient


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 6), data=st.data())
def test_losses_against_their_formulas(n: int, data: st.DataObject) -> None:
    y01 = data.draw(hnp.arrays(np.float64, n, elements=st.sampled_from([0.0, 1.0])), label="labels")
    z = data.draw(arrays((n, 1), -6.0, 6.0), label="logits")
    p = data.draw(arrays((n, 1), 0.05, 0.95), label="probabilities")
    out = data.draw(arrays((n,)), label="outputs")
    target = data.draw(arrays((n,)), label="targets")
    sig = 1 / (1 + np.exp(-z[:, 0]))

    bce_logits = np.mean(-(y01 * np.log(sig) + (1 - y01) * np.log(1 - sig)))
    assert F.binary_cross_entropy_with_logits(Tensor(z), y01[:, None]).item() == pytest.approx(bce_logits, rel=1e-12)
    gradcheck(lambda t: F.binary_cross_entropy_with_logits(t, y01[:, None]), [z])

    bce = np.mean(-(y01 * np.log(p[:, 0]) + (1 - y01) * np.log(1 - p[:, 0])))
    assert F.binary_cross_entropy(Tensor(p), y01[:, None]).item() == pytest.approx(bce, rel=1e-12)
    gradcheck(lambda t: F.binary_cross_entropy(t, y01[:, None]), [p])

    assert F.mse_loss(Tensor(out), target).item() == pytest.approx(np.mean((out - target) ** 2), rel=1e-12)
    gradcheck(lambda a, b: F.mse_loss(a, b), [out, target])

    scores = data.draw(away_from_zero((n,), gap=0.01, hi=0.9), label="scores")  # |1 - y s| >= 0.1: no kink
    pm = 2 * y01 - 1
    assert F.hinge_loss(Tensor(scores), y01).item() == pytest.approx(np.mean(np.maximum(0, 1 - pm * scores)), rel=1e-12)
    gradcheck(lambda t: F.hinge_loss(t, pm), [scores])


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 5), c=st.integers(2, 4), data=st.data())
def test_cross_entropy(n: int, c: int, data: st.DataObject) -> None:
    logits = data.draw(arrays((n, c), -5.0, 5.0))
    classes = data.draw(hnp.arrays(np.intp, n, elements=st.integers(0, c - 1)))
    expected = -np.mean(np.log(_softmax(logits, 1))[np.arange(n), classes])
    assert F.cross_entropy(Tensor(logits), classes).item() == pytest.approx(expected, rel=1e-12)
    assert F.cross_entropy(Tensor(logits), classes.astype(float)).item() == pytest.approx(expected, rel=1e-12)
    gradcheck(lambda t: F.cross_entropy(t, classes), [logits])


def test_bce_with_logits_is_stable_at_plus_minus_1000() -> None:
    z = Tensor([[1000.0], [-1000.0], [1000.0], [-1000.0]], requires_grad=True)
    y = np.array([[1.0], [0.0], [0.0], [1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss = F.binary_cross_entropy_with_logits(z, y)
        loss.backward()
    assert loss.item() == pytest.approx((0 + 0 + 1000 + 1000) / 4)
    np.testing.assert_allclose(z.grad[:, 0], [0.0, 0.0, 0.25, -0.25])


# ---------------------------------------------------------------- graph basics
def test_gradients_accumulate_over_backward_calls_like_pytorch() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad, [4.0, 8.0])


def test_backward_runs_each_rule_after_all_its_users_on_deep_and_shared_graphs() -> None:
    x = Tensor([0.5, -1.0], requires_grad=True)
    y = x
    for _ in range(5 * sys.getrecursionlimit()):  # deeper than any recursive walk could go
        y = y * 1.0 + 0.0
    y.sum().backward()
    np.testing.assert_array_equal(x.grad, [1.0, 1.0])
    # a node used by ops made long after it: its gradient is complete before its own rule runs
    x.grad = None
    a = x * 2.0
    later = [a * float(k) for k in range(1, 4)]  # made after a, each uses it
    b = (a + later[0]) * later[1] + later[2]  # d/da of (a + a)(2a) + 3a = 8a + 3; da/dx = 2
    b.sum().backward()
    np.testing.assert_allclose(x.grad, 2 * (8 * (2 * x.data) + 3))


def test_backward_with_an_explicit_gradient() -> None:
    x = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (x * 3).backward(gradient=np.array([[1.0, 0.0], [0.0, 2.0]]))
    np.testing.assert_array_equal(x.grad, [[3.0, 0.0], [0.0, 6.0]])


def test_no_grad_records_nothing_and_restores_itself() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        y = (x * 2).exp().sum()
        with no_grad():
            pass
        z = x * 2  # still inside the outer no_grad
    assert not y.requires_grad and y._prev == () and not z.requires_grad
    assert (x * 2).requires_grad  # back on outside

    @no_grad()
    def evaluate(t: Tensor) -> Tensor:
        return t * 3

    assert not evaluate(x).requires_grad
    assert (x * 3).requires_grad


def test_no_grad_decorator_survives_recursion() -> None:
    """The decorator enters the same object again on a recursive call; grad mode must come back on."""
    x = Tensor([1.0], requires_grad=True)

    @no_grad()
    def depth(n: int) -> Tensor:
        return x * 2 if n == 0 else depth(n - 1)

    assert not depth(3).requires_grad
    assert (x * 2).requires_grad
    with pytest.raises(KeyError):
        with no_grad():
            raise KeyError("an error inside the block")
    assert (x * 2).requires_grad  # restored on the way out of an exception too


def test_detach_item_numpy_and_the_basics() -> None:
    data = np.array([[1.0, 2.0]])
    x = Tensor(data, requires_grad=True)
    data[0, 0] = 99.0
    assert x.data[0, 0] == 1.0  # Tensor copies its input
    with pytest.raises(RuntimeError, match="requires grad. Use tensor.detach"):
        x.numpy()  # as PyTorch: numpy() would hand out memory that the graph relies on
    x.detach().numpy()[0, 0] = 42.0
    assert x.data[0, 0] == 42.0  # detach() and numpy() share memory with the tensor, as in PyTorch
    x.data[0, 0] = 1.0
    d = (x * 2).detach()
    assert not d.requires_grad and d._prev == () and np.array_equal(d.data, [[2.0, 4.0]])
    assert (x.sum()).item() == 3.0 and isinstance(x.sum().item(), float)
    assert x.shape == (1, 2) and x.ndim == 2 and x.numel() == 2 and len(x) == 1
    assert am.tensor([1, 2]).dtype == np.int64 and Tensor([1.0, 2]).dtype == np.float64  # as torch.tensor
    assert Tensor(np.float32([1, 2])).dtype == np.float32  # float32 stays float32
    assert am.tensor([1, 2], dtype="float32").dtype == np.float32
    assert "requires_grad=True" in repr(x) and "float32" in repr(Tensor([1.0], dtype=np.float32))


# ---------------------------------------------------------------- float32 is kept
F32_OPS = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 1), "pow_tensor": lambda a, b: (a * a + 1) ** b,
    "pow_number": lambda a, b: a**2 + (a * a + 1) ** 0.5 + b**3 + a**-1 * 0, "neg": lambda a, b: -a + b,
    "python_numbers": lambda a, b: 2.5 * a - 1.0 + b / 3.0 + 2.0**b,
    "matmul": lambda a, b: a @ b.T, "matmul_1d": lambda a, b: a[0] @ b[0],
    "sum": lambda a, b: a.sum(axis=0) + b.sum(), "mean": lambda a, b: a.mean(axis=1, keepdims=True) * b,
    "max": lambda a, b: a.amax(axis=0) + b.max(), "min": lambda a, b: a.amin(dim=1) + b.min(),
    "reshape": lambda a, b: a.reshape(-1) * b.reshape(6), "transpose": lambda a, b: a.T @ b,
    "index": lambda a, b: a[[0, 0, 1], 1:] + b[0, 1:], "concat": lambda a, b: concat([a, b], axis=1),
    "stack": lambda a, b: stack([a, b], axis=0), "exp": lambda a, b: a.exp() + b,
    "log": lambda a, b: (a * a + 1).log() * b, "tanh": lambda a, b: a.tanh() * b,
    "sigmoid": lambda a, b: a.sigmoid() * b, "relu": lambda a, b: a.relu() * b,
    "leaky_relu": lambda a, b: a.leaky_relu(0.2) * b, "softplus": lambda a, b: a.softplus() * b,
    "abs": lambda a, b: abs(a) * b, "sqrt": lambda a, b: (a * a + 1).sqrt() * b,
    "softmax": lambda a, b: a.softmax(1) * b, "log_softmax": lambda a, b: a.log_softmax(0) * b,
    "logsumexp": lambda a, b: a.logsumexp(axis=1) * b[:, 0],
    "linear": lambda a, b: F.linear(a, b, b[:, 0]),
    "bce_with_logits": lambda a, b: F.binary_cross_entropy_with_logits(a, np.ones((2, 3))) * b,
    "bce": lambda a, b: F.binary_cross_entropy(a.sigmoid(), np.zeros((2, 3))) * b,
    "mse": lambda a, b: F.mse_loss(a, np.ones((2, 3))) + b.sum(),
    "cross_entropy": lambda a, b: F.cross_entropy(a, [0, 2]) * b,
    "hinge": lambda a, b: F.hinge_loss(a, np.ones((2, 3))) * b,
}


@pytest.mark.parametrize("name", F32_OPS)
def test_float32_in_float32_out(name: str) -> None:
    rng = np.random.default_rng(0)
    a = Tensor(rng.normal(size=(2, 3)).astype(np.float32), requires_grad=True)
    b = Tensor(rng.normal(size=(2, 3)).astype(np.float32), requires_grad=True)
    out = F32_OPS[name](a, b)
    assert out.dtype == np.float32, f"{name} returned {out.dtype}"
    out.sum().backward()
    for t in (a, b):
        assert t.grad is None or t.grad.dtype == np.float32, f"{name}: gradient dtype {t.grad.dtype}"
    # and the numbers are the float64 numbers, rounded
    a64, b64 = Tensor(a.data.astype(np.float64)), Tensor(b.data.astype(np.float64))
    np.testing.assert_allclose(out.data, F32_OPS[name](a64, b64).data, rtol=1e-4, atol=1e-5)
