"""The tensor core behaves as PyTorch's: dtypes and promotion, comparisons and masks, in-place ops,
`.grad` as a Tensor, conversions, the autograd API (retain_graph, retain_grad, hooks, grad_fn) and
thread-local grad mode.

Each test checks plain expected values, and where torch is installed also runs the same lines on
torch and compares values, gradients, dtypes and error types. The property test at the end builds
random graphs that mix boolean masks, integer indices, in-place updates under no_grad, float32,
float64 and int64 tensors and broadcasting, and compares them with PyTorch step for step.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd_mini as am
from autograd_mini.engine import dtypes
from autograd_mini.engine.tensor import Tensor, enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled

try:
    import torch
except ImportError:  # the checks against plain expected values still run
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed")
TORCH_DTYPES = {} if torch is None else {
    np.dtype(np.float64): torch.float64, np.dtype(np.float32): torch.float32,
    np.dtype(np.int64): torch.int64, np.dtype(np.bool_): torch.bool,
}


def both(values: object, dtype: object = None, requires_grad: bool = False) -> tuple[Tensor, object]:
    """The same numbers as our Tensor and (where installed) as a torch tensor of the same dtype."""
    ours = am.tensor(values, dtype=dtype, requires_grad=requires_grad)
    theirs = None
    if torch is not None:
        theirs = torch.tensor(np.asarray(ours.data), dtype=TORCH_DTYPES[ours.dtype], requires_grad=requires_grad)
    return ours, theirs


def same(ours: Tensor, theirs: object, rtol: float = 1e-12) -> None:
    """Equal values and dtype, ours against torch's."""
    if theirs is None:
        return
    assert TORCH_DTYPES[ours.dtype] == theirs.dtype, (ours.dtype, theirs.dtype)
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=rtol, atol=1e-12)


# ------------------------------------------------------------------ 1. dtypes
def test_construction_dtypes_follow_torch_tensor() -> None:
    assert am.tensor([1, 2]).dtype == dtypes.int64 == np.int64
    assert am.tensor([1.0, 2]).dtype == dtypes.float64
    assert am.tensor([True, False]).dtype == dtypes.bool_
    assert Tensor(np.float32([1, 2])).dtype == dtypes.float32
    assert Tensor(np.int32([1, 2])).dtype == dtypes.int64  # other integer widths are stored as int64
    for name, expected in [("float32", np.float32), ("float", np.float32), ("double", np.float64), ("long", np.int64),
                           ("int64", np.int64), ("bool", np.bool_), (np.float32, np.float32), (float, np.float64),
                           (dtypes.long, np.int64), ("torch.float32", np.float32)]:
        assert am.tensor([1, 0], dtype=name).dtype == expected, name
    assert np.array_equal(Tensor([1.7, -1.7], dtype="long").data, [1, -1])  # truncation toward zero, as torch
    with pytest.raises(TypeError, match="is not supported: use float64"):
        am.tensor([1], dtype="int32")
    if torch is not None:  # floats: torch's default float32, ours float64 (README); ints and bools alike
        for values in ([1, 2], [True, False], [[1], [2]]):
            assert TORCH_DTYPES[am.tensor(values).dtype] == torch.tensor(values).dtype


PROMOTION = [  # (left dtype, left values, right dtype, right values): both operands tensors
    ("float32", [1.0, 2.0], "float64", [3.0, 4.0]),  # dimensioned float64 widens float32
    ("float32", [1.0, 2.0], "float64", 3.0),  # a 0-d float64 does not
    ("int64", [1, 2], "float32", [3.0, 4.0]),  # int op float32: float32
    ("int64", [1, 2], "float32", 3.0),  # a 0-d of a higher kind decides
    ("bool", [True, False], "int64", [3, 4]),
    ("int64", [1, 2], "int64", [3, 4]),
    ("float32", 2.0, "float64", 3.0),  # both 0-d: the widest
]


@pytest.mark.parametrize("left, a, right, b", PROMOTION)
@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_promotion_of_two_tensors_is_torch_result_type(left: str, a: object, right: str, b: object, op: str) -> None:
    x, tx = both(a, left)
    y, ty = both(b, right)
    if op == "-" and left == "bool":
        with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with a bool tensor is not supported"):
            x - y
        return
    result = eval(f"x {op} y")
    has_float = "float" in left + right
    assert result.dtype.kind == ("f" if op == "/" or has_float else "i")
    if has_float or op != "/":  # int / int gives the default float: float64 here, float32 in torch
        assert result.dtype == dtypes.result_type(x.data, y.data)
        same(result, eval(f"tx {op} ty") if tx is not None else None, rtol=1e-6)
    else:
        assert result.dtype == dtypes.DEFAULT_FLOAT


@pytest.mark.parametrize("dtype, number, expected", [
    ("float32", 2.5, "float32"), ("float32", 2, "float32"), ("int64", 2, "int64"), ("int64", 2.5, "float64"),
    ("bool", True, "bool"), ("bool", 2, "int64"), ("float64", 2, "float64"),
])
def test_python_numbers_never_widen_a_tensor_of_their_kind(dtype: str, number: object, expected: str) -> None:
    x, tx = both([1, 0], dtype)
    assert (x * number).dtype == np.dtype(expected) and (number * x).dtype == np.dtype(expected)
    if expected != "float64" or dtype == "float64":  # int * 2.5 is the default float, float32 in torch
        same(x * number, tx * number if tx is not None else None)


def test_float32_times_an_integer_array_stays_float32() -> None:
    x = Tensor([1.0, 2.0], dtype="float32", requires_grad=True)
    y = x * np.array([2, 3])
    assert y.dtype == np.float32
    y.sum().backward()
    assert x.grad.dtype == np.float32 and np.array_equal(x.grad.data, [2.0, 3.0])


@pytest.mark.parametrize("other", ["float64 tensor", "float64 0-d"])
def test_a_float32_leaf_always_gets_a_float32_grad(other: str) -> None:
    w, tw = both([1.0, -2.0], "float32", requires_grad=True)
    c, tc = both([3.0, 0.5] if other == "float64 tensor" else 3.0, "float64")
    loss = ((w * c).exp() * c).sum()
    loss.backward()
    assert w.grad.dtype == np.float32
    if tw is not None:
        ((tw * tc).exp() * tc).sum().backward()
        same(w.grad, tw.grad, rtol=1e-6)
        assert loss.dtype == np.dtype({torch.float64: np.float64, torch.float32: np.float32}[((tw * tc).exp() * tc).sum().dtype])


def test_the_tensor_class_makes_floats_from_lists_and_refuses_sizes_as_torch_tensor() -> None:
    # torch.Tensor(data) is PyTorch's legacy constructor: a list always gives the default float dtype
    # (float32 there, float64 here), and integers alone are read as a size. A numpy array keeps its dtype.
    assert Tensor([1, 2]).dtype == Tensor([True, False]).dtype == Tensor([[1], [2]]).dtype == dtypes.float64
    assert Tensor([1, 2], dtype="long").dtype == np.int64 and Tensor(np.array([1, 2])).dtype == np.int64
    x = Tensor([1, 2, 3])
    x[0] = 0.5  # in an int64 tensor this would silently store 0
    assert x.tolist() == [0.5, 2.0, 3.0] and Tensor([1, 2], requires_grad=True).requires_grad
    for call, sizes in ((lambda: Tensor(3), "3"), (lambda: Tensor(5, 3), "5, 3")):
        with pytest.raises(TypeError, match=rf"Tensor\({sizes}\): PyTorch reads integers here as a size.*"
                                            rf"torch.zeros\({sizes}\)"):
            call()
    with pytest.raises(TypeError, match="requires_grad must be True or False"):
        Tensor([1.0], requires_grad="yes")
    if torch is not None:
        assert torch.Tensor([1, 2]).dtype == torch.Tensor([True]).dtype == torch.get_default_dtype()
        assert torch.Tensor(3).shape == (3,) and torch.Tensor(5, 3).shape == (5, 3)


def test_only_float_tensors_can_require_grad() -> None:
    for values in ([1, 2], [True]):
        with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require gradients"):
            am.tensor(values, requires_grad=True)
        with pytest.raises(RuntimeError, match="only Tensors of floating point dtype"):
            am.tensor(values).requires_grad_()
        if torch is not None:
            with pytest.raises(RuntimeError, match="(?i)only Tensors of floating point"):
                torch.tensor(values, requires_grad=True)


def test_matmul_of_different_dtypes_is_refused_as_in_torch() -> None:
    x, tx = both(np.ones((2, 3)), "float64")
    w, tw = both(np.ones((4, 3)), "float32", requires_grad=True)
    with pytest.raises(RuntimeError, match="same dtype.*float64 @ float32.*x.float\\(\\)"):
        x @ w.T
    if torch is not None:
        with pytest.raises(RuntimeError):
            tx @ tw.T
    assert (x.float() @ w.T).dtype == np.float32


def test_conversions_carry_the_gradient() -> None:
    x, tx = both([1.5, -2.5], requires_grad=True)
    y = x.float() * 2
    assert y.dtype == np.float32 and y.grad_fn.name() == "MulBackward0"
    y.sum().backward()
    assert x.grad.dtype == np.float64 and np.array_equal(x.grad.data, [2.0, 2.0])
    assert np.array_equal(x.long().data, [1, -2]) and not x.long().requires_grad and x.bool().dtype == np.bool_
    assert x.to("cpu") is x and x.to(dtypes.float64) is x and x.to("float32").dtype == np.float32
    assert x.type() == "torch.DoubleTensor" and am.tensor([1]).type() == "torch.LongTensor"
    assert x.to(am.tensor([1], dtype="float32")).dtype == np.float32 and x.double() is x and x.cpu() is x
    if tx is not None:
        (tx.float() * 2).sum().backward()
        same(x.grad, tx.grad)


# ------------------------------------------------------------------ 2. comparisons and masks
@pytest.mark.parametrize("op", ["<", "<=", ">", ">=", "==", "!="])
def test_comparisons_are_elementwise_bool_tensors(op: str) -> None:
    x, tx = both([1.0, 2.0, 3.0], requires_grad=True)
    y, ty = both([3, 2, 1])
    for other, t_other in ((y, ty), (2.0, 2.0), (np.array([1.0, 5.0, 3.0]), None)):
        result = eval(f"x {op} other")
        assert result.dtype == np.bool_ and not result.requires_grad and result.shape == (3,)
        np.testing.assert_array_equal(result.data, eval(f"x.data {op} np.asarray(getattr(other, 'data', other))"))
        if tx is not None and t_other is not None:
            same(result, eval(f"tx {op} t_other"))


def test_accuracy_the_pytorch_way() -> None:
    pred, tpred = both([0, 2, 1, 1])
    y, ty = both([0, 2, 2, 1])
    assert (pred == y).float().mean().item() == 0.75
    assert (pred == y).sum().item() == 3 and (pred != y).sum().item() == 1
    if tpred is not None:
        assert (tpred == ty).float().mean().item() == 0.75
    assert hash(pred) != hash(y) and {pred: 1, y: 2}[y] == 2  # identity hashing: tensors stay usable as dict keys
    mask = pred > 0
    assert np.array_equal((~mask).data, [True, False, False, False]) and np.array_equal(mask.logical_not().data, (~mask).data)
    assert np.array_equal((mask & (y > 1)).data, [False, True, True, False]) and (mask | (y > 1)).sum().item() == 3
    with pytest.raises(RuntimeError, match="Negation, the `-` operator, on a bool tensor is not supported"):
        -mask
    assert (pred == None) is False and (pred != "x") is True  # noqa: E711 (what torch returns)


def test_boolean_masks_select_and_route_gradients() -> None:
    x, tx = both([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], requires_grad=True)
    picked = x[x > 0]
    assert picked.shape == (3,) and np.array_equal(picked.data, [1.0, 3.0, 5.0])
    (picked * Tensor([1.0, 2.0, 3.0])).sum().backward()
    assert np.array_equal(x.grad.data, [[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    rows = x[am.tensor([True, False])]  # a mask over the first dim
    assert rows.shape == (1, 3)
    by_array = x[np.array([[True, False, False], [False, False, True]])]
    assert np.array_equal(by_array.data, [1.0, -6.0])
    if tx is not None:
        picked_t = tx[tx > 0]
        (picked_t * torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)).sum().backward()
        same(x.grad, tx.grad)


def test_long_index_tensors_select_as_torch_with_repeats_summed() -> None:
    x, tx = both([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    idx, tidx = both([2, 0, 2])
    out = x[idx]
    assert np.array_equal(out.data, [[5.0, 6.0], [1.0, 2.0], [5.0, 6.0]])
    (out * Tensor([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])).sum().backward()
    assert np.array_equal(x.grad.data, [[2.0, 2.0], [0.0, 0.0], [4.0, 4.0]])  # row 2 picked twice: 1 + 3
    x.grad = None
    col = x[:, 0] + x[idx, 1]  # a slice, and an index tensor inside a tuple
    col.sum().backward()
    assert np.array_equal(x.grad.data, [[1.0, 1.0], [1.0, 0.0], [1.0, 2.0]])
    if tx is not None:
        (tx[tidx] * torch.tensor([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], dtype=torch.float64)).sum().backward()
        tx.grad = None
        (tx[:, 0] + tx[tidx, 1]).sum().backward()
        same(x.grad, tx.grad)


def test_a_float_index_is_refused() -> None:
    x = Tensor([1.0, 2.0, 3.0])
    for bad in (Tensor([0.0, 1.0]), Tensor([0.5]), (slice(None), Tensor([1.0]))):
        with pytest.raises(IndexError, match="tensors used as indices must be long, int, byte or bool tensors"):
            x[bad] if not isinstance(bad, tuple) else Tensor(np.ones((2, 2)))[bad]
    if torch is not None:
        with pytest.raises(IndexError, match="tensors used as indices must be long, int, byte or bool tensors"):
            torch.tensor([1.0, 2.0])[torch.tensor([0.0])]


def test_basic_indexing_gives_a_view_as_torch() -> None:
    x, tx = both(np.arange(6.0).reshape(2, 3))
    x[:, 0].zero_()
    x[1, 2].fill_(-1.0)  # an element is a 0-d view too
    x[x > 3] = 9.0
    x[am.tensor([0]), 1] = Tensor([7.0])
    assert np.array_equal(x.data, [[0.0, 7.0, 2.0], [0.0, 9.0, -1.0]])
    if tx is not None:
        tx[:, 0].zero_()
        tx[1, 2].fill_(-1.0)
        tx[tx > 3] = 9.0
        tx[torch.tensor([0]), 1] = torch.tensor([7.0], dtype=torch.float64)
        same(x, tx)


# ------------------------------------------------------------------ 3. in-place ops
def test_the_sgd_idiom_really_updates_the_parameter() -> None:
    w, tw = both([1.0, -2.0], requires_grad=True)
    b, tb = both(0.5, requires_grad=True)  # a 0-d parameter
    for lib_w, lib_b, lib in ((w, b, am), (tw, tb, torch)):
        if lib is None:
            continue
        for _ in range(3):
            loss = ((lib_w * lib_w).sum() + lib_b * lib_b * 3)
            loss.backward()
            with lib.no_grad():
                lib_w -= 0.1 * lib_w.grad
                lib_b -= 0.1 * lib_b.grad
            lib_w.grad.zero_()
            lib_b.grad = None
    np.testing.assert_allclose(w.data, np.array([1.0, -2.0]) * 0.8**3)
    np.testing.assert_allclose(b.data, 0.5 * 0.4**3)
    assert w.is_leaf and w.requires_grad and b.data.shape == () and isinstance(b.data, np.ndarray)
    same(w, tw)
    same(b, tb)


@pytest.mark.parametrize("update", [
    lambda p: p.__iadd__(1.0), lambda p: p.__isub__(1.0), lambda p: p.__imul__(2.0), lambda p: p.__itruediv__(2.0),
    lambda p: p.zero_(), lambda p: p.fill_(3.0), lambda p: p.add_(1.0), lambda p: p.sub_(1.0), lambda p: p.mul_(2.0),
    lambda p: p.div_(2.0), lambda p: p.clamp_(0.0, 1.0), lambda p: p.copy_(p.detach() * 0 + 5),
    lambda p: p.__setitem__(0, 1.0),
])
def test_in_place_on_a_leaf_that_requires_grad_is_refused_outside_no_grad(update) -> None:
    p = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place operation"):
        update(p)
    assert np.array_equal(p.data, [1.0, 2.0])
    with no_grad():
        result = update(p)  # allowed under no_grad; the methods return the tensor itself
    assert result is p or result is None
    assert p.is_leaf and p.requires_grad
    if torch is not None:
        tp = torch.tensor([1.0, 2.0], requires_grad=True)
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in an in-place operation"):
            update(tp)


def test_in_place_values_match_torch() -> None:
    x, tx = both([[1.0, -2.0], [3.0, -4.0]])
    steps = [lambda t: t.__iadd__(1.0), lambda t: t.__imul__(t), lambda t: t.sub_(2.0, alpha=0.5),
             lambda t: t.add_(t, alpha=2), lambda t: t.div_(3.0), lambda t: t.clamp_(min=-1.0), lambda t: t.clamp_(max=2.0),
             lambda t: t.mul_(-1.0), lambda t: t.__isub__(0.25), lambda t: t.__itruediv__(2)]
    for step in steps:
        assert step(x) is x
        if tx is not None:
            step(tx)
            same(x, tx)
    f32 = Tensor([1.0, 2.0], dtype="float32")
    f32 += Tensor([0.5, 0.5])  # a float64 operand is cast into the float32 tensor, as torch does
    assert f32.dtype == np.float32 and np.array_equal(f32.data, [1.5, 2.5])
    ints = am.tensor([1, 2])
    ints *= 3
    assert ints.dtype == np.int64 and np.array_equal(ints.data, [3, 6])
    with pytest.raises(RuntimeError, match="result type float64 can't be cast to the desired output type int64"):
        ints /= 2
    with pytest.raises(am.engine.tensor.ShapeError, match="cannot change the tensor's shape"):
        Tensor([1.0]).__iadd__(Tensor([1.0, 2.0]))


def test_changing_a_saved_tensor_in_place_makes_backward_refuse() -> None:
    w = Tensor([1.0, 2.0], requires_grad=True)
    x = Tensor([3.0, 4.0])
    loss = (w * x).sum()
    x += 1  # x is saved by the product: its gradient would now use the wrong numbers
    with pytest.raises(RuntimeError, match="modified by an inplace operation.*input 1 of '\\*'"):
        loss.backward()
    # the SGD update between forward and backward, through a detached alias (shares memory, as in torch)
    loss = (w * x).sum()
    with no_grad():
        w.detach().mul_(2.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()
    y = w.exp()  # exp saves its output
    with no_grad():
        y += 1
    with pytest.raises(RuntimeError, match="its output of 'exp'"):
        y.sum().backward()
    # through a view made by another op (reshape shares c's memory), and through memory numpy did not allocate
    c = Tensor([1.0, 2.0])
    assert np.shares_memory(c.reshape(1, 2).data, c.data)
    loss = (w * c.reshape(1, 2)).sum()
    with no_grad():
        c[0] = 5.0
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()
    buffer = bytearray(np.array([1.0, 2.0]).tobytes())
    shared = am.engine.tensor.Tensor._result(np.frombuffer(buffer, dtype=np.float64), (), "const", None)
    loss = (w * shared).sum()
    alias = am.engine.tensor.Tensor._result(np.frombuffer(buffer, dtype=np.float64)[1:], (), "const", None)
    alias += 1.0
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()
    # changes after backward, or to tensors the graph never saw, are fine
    loss = (w * x).sum()
    other = Tensor([1.0])
    other.zero_()
    w.grad = Tensor([0.0, 0.0])
    w.grad.zero_()  # zero_grad(set_to_none=False) between forward and backward: the grad is no input
    loss.backward()
    assert np.array_equal(w.grad.data, x.data)
    if torch is not None:
        tw, tx = torch.tensor([1.0, 2.0], requires_grad=True), torch.tensor([3.0, 4.0])
        tloss = (tw * tx).sum()
        tx += 1
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            tloss.backward()


def test_in_place_on_a_graph_tensor_in_grad_mode_is_refused_clearly() -> None:
    w = Tensor([1.0, 2.0], requires_grad=True)
    h = w * 2
    with pytest.raises(RuntimeError, match="part of a recorded graph.*y = y \\+ 1"):
        h += 1
    with pytest.raises(RuntimeError, match="writing a tensor that requires grad into another tensor"):
        Tensor([0.0, 0.0])[0] = h[0]


# ------------------------------------------------------------------ 4. .grad and conversions
def test_grad_is_a_tensor_of_the_leafs_shape_and_dtype() -> None:
    p, tp = both([[1.0, 2.0]], requires_grad=True)
    (p * p).sum().backward()
    grad = p.grad
    assert isinstance(grad, Tensor) and grad.shape == (1, 2) and not grad.requires_grad and grad.grad_fn is None
    assert np.isclose(grad.norm().item(), np.sqrt(20.0)) and np.array_equal((grad * 0.5).data, [[1.0, 2.0]])
    (p * p).sum().backward()  # accumulates into the same grad Tensor, as torch
    assert p.grad is grad and np.array_equal(grad.data, [[4.0, 8.0]])
    p.grad.zero_()
    assert np.array_equal(p.grad.data, [[0.0, 0.0]])
    with pytest.raises(TypeError, match="assigned grad expected to be a Tensor or None"):
        p.grad = np.zeros((1, 2))
    with pytest.raises(RuntimeError, match="assigned grad has data of a different size"):
        p.grad = Tensor([1.0])
    with pytest.raises(RuntimeError, match="assigned grad has data of a different type"):
        p.grad = Tensor([[1.0, 2.0]], dtype="float32")
    s = Tensor(2.0, requires_grad=True)
    (s * 3).backward()
    assert s.grad.shape == () and isinstance(s.grad.data, np.ndarray) and s.grad.item() == 3.0
    if tp is not None:
        (tp * tp).sum().backward()
        (tp * tp).sum().backward()
        assert np.array_equal(tp.grad.numpy(), [[4.0, 8.0]])


def test_numpy_protocol_and_the_requires_grad_refusal() -> None:
    t = Tensor([1.0, 2.0])
    assert np.shares_memory(np.asarray(t), t.data) and type(np.asarray(t)) is np.ndarray and np.asarray(t, dtype=np.float32).dtype == np.float32
    np.testing.assert_allclose(t, [1.0, 2.0])
    assert np.array_equal(np.exp(t), np.exp([1.0, 2.0])) and np.shares_memory(t.numpy(), t.data) and type(t.numpy()) is np.ndarray
    w = Tensor([1.0, 2.0], requires_grad=True)
    for call in (lambda: np.asarray(w), lambda: w.numpy(), lambda: np.testing.assert_allclose(w, [1.0, 2.0])):
        with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad. Use tensor.detach\\(\\).numpy\\(\\)"):
            call()
    assert np.array_equal(np.asarray(w.detach()), [1.0, 2.0])
    if torch is not None:
        with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
            torch.tensor([1.0], requires_grad=True).numpy()


def test_plotting_a_tensor_works() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = Tensor(np.linspace(0, 1, 5))
    points = Tensor(np.random.default_rng(0).normal(size=(5, 2)))
    figure, axes = plt.subplots()
    line, = axes.plot(x, x * x)
    axes.scatter(points[:, 0], points[:, 1])
    assert np.allclose(line.get_ydata(), x.data**2)
    plt.close(figure)


def test_python_number_conversions() -> None:
    loss, tloss = both(0.123456)
    assert f"{loss:.4f}" == "0.1235" and float(loss) == 0.123456 and loss.item() == 0.123456
    assert int(Tensor([3.9])) == 3 and bool(Tensor([0.0])) is False and bool(Tensor(2.0)) is True
    assert isinstance(am.tensor(3).item(), int) and isinstance(Tensor(True).item(), bool)
    assert 2.0 in Tensor([[1.0, 2.0]]) and 5 not in am.tensor([1, 2])
    assert [10, 20, 30][am.tensor(1)] == 20 and am.tensor([[1, 2]]).tolist() == [[1, 2]]
    with pytest.raises(TypeError, match="only integer tensors of a single element can be converted to an index"):
        [1, 2][Tensor(1.0)]
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value is ambiguous"):
        bool(Tensor([1.0, 2.0]))
    with pytest.raises(RuntimeError, match="only one element tensors can be converted to Python scalars"):
        float(Tensor([1.0, 2.0]))
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(Tensor(1.0))
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        iter(Tensor(1.0))
    with pytest.raises(TypeError, match="unsupported format string"):
        f"{Tensor([1.0, 2.0]):.2f}"
    if tloss is not None:
        assert f"{tloss:.4f}" == f"{loss:.4f}" and int(torch.tensor([3.9])) == 3
        with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value is ambiguous"):
            bool(torch.tensor([1.0, 2.0]))


def test_len_iter_and_repr() -> None:
    x = Tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    rows = list(x)
    assert len(x) == 3 and len(rows) == 3 and np.array_equal(rows[1].data, [3.0, 4.0]) and rows[1].requires_grad
    sum(rows).sum().backward()  # iteration is part of the graph, as torch's unbind
    assert np.array_equal(x.grad.data, np.ones((3, 2)))
    assert repr(Tensor([1.0, 2.5])) == "tensor([1.0000, 2.5000])" and repr(am.tensor(0.5)) == "tensor(0.5000)"
    assert repr(am.tensor([1, 2])) == "tensor([1, 2])" and repr(am.tensor([True])) == "tensor([ True])"
    assert repr(Tensor(2.0, requires_grad=True)) == "tensor(2., requires_grad=True)"
    assert repr(x * 2).endswith("grad_fn=<MulBackward0>)") and "dtype=float32" in repr(Tensor([1.0], dtype="float32"))


PRINTED = [[1.0, 2.5], [0.5, 0.25], [1e-5, 1.0], [2.5], [1.0, 2.0], [0.1234567, 100.5], [float("nan"), 1.5],
           [1e9, 1.5], [[1.5, 2.25], [3.0, 4.0]], 2.5, 2.0, 0.6931471805599453,
           # whole numbers print as "2." unless they span more than 1000x or exceed 1e8
           [1e10, 2.0], [3.0, 1e8], [1.0, 2000.0], [0.0, 5000.0, 4.0], [-1e9, 0.0], [1.0, 1000.0], [100000.0]]
WHOLE_IN_E_NOTATION = {"[10000000000.0, 2.0]": "tensor([1.0000e+10, 2.0000e+00])",
                       "[1.0, 1000.0]": "tensor([   1., 1000.])", "[1.0, 2000.0]": "tensor([1.0000e+00, 2.0000e+03])"}


@pytest.mark.parametrize("numbers", PRINTED, ids=str)
def test_floats_print_as_pytorch_prints_them(numbers: Any) -> None:
    ours = repr(am.tensor(numbers))
    assert ours.startswith("tensor(")
    if str(numbers) in WHOLE_IN_E_NOTATION:  # PyTorch's print, checked without it too
        assert ours == WHOLE_IN_E_NOTATION[str(numbers)]
    if torch is not None:
        assert ours == repr(torch.tensor(numbers, dtype=torch.float64)).replace(", dtype=torch.float64", "")


# ------------------------------------------------------------------ 5. the autograd API
def test_a_second_backward_needs_retain_graph() -> None:
    x, tx = both([1.0, 2.0], requires_grad=True)
    loss = (x * x).sum()
    loss.backward(retain_graph=True)
    loss.backward()  # the second one is allowed, and frees the graph
    assert np.array_equal(x.grad.data, [4.0, 8.0])
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
        loss.backward()
    if tx is not None:
        tloss = (tx * tx).sum()
        tloss.backward()
        with pytest.raises(RuntimeError, match="Trying to backward through the graph a second time"):
            tloss.backward()


def test_backward_with_a_gradient_argument() -> None:
    x, tx = both([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).backward(gradient=Tensor([1.0, 0.0, -1.0]))
    assert np.array_equal(x.grad.data, [2.0, 0.0, -6.0])
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar outputs"):
        (x * x).backward()
    if tx is not None:
        (tx * tx).backward(gradient=torch.tensor([1.0, 0.0, -1.0], dtype=torch.float64))
        same(x.grad, tx.grad)


def test_non_leaf_grads_are_none_unless_retained() -> None:
    x, tx = both([1.0, -2.0], requires_grad=True)
    h = x * 3
    kept = x * 2
    kept.retain_grad()
    ((h + kept) ** 2).sum().backward()
    assert h.grad is None and h.is_leaf is False and x.is_leaf and Tensor([1.0]).is_leaf
    assert np.array_equal(kept.grad.data, 2 * (5 * x.data))
    if tx is not None:
        th, tkept = tx * 3, tx * 2
        tkept.retain_grad()
        ((th + tkept) ** 2).sum().backward()
        same(kept.grad, tkept.grad)
        same(x.grad, tx.grad)


def test_hooks_see_and_may_replace_the_gradient() -> None:
    x, tx = both([1.0, 2.0], requires_grad=True)
    seen = []
    h = x * x
    h.register_hook(lambda g: seen.append(g.data.copy()))
    h.register_hook(lambda g: g * 10)
    handle = x.register_hook(lambda g: g + 1)
    h.sum().backward(retain_graph=True)
    assert np.array_equal(seen[0], [1.0, 1.0]) and np.array_equal(x.grad.data, [21.0, 41.0])
    handle.remove()
    x.grad = None
    h.sum().backward()
    assert np.array_equal(x.grad.data, [20.0, 40.0])
    with pytest.raises(RuntimeError, match="cannot register a hook on a tensor that doesn't require gradient"):
        Tensor([1.0]).register_hook(print)
    if tx is not None:
        th = tx * tx
        th.register_hook(lambda g: g * 10)
        tx.register_hook(lambda g: g + 1)
        th.sum().backward()
        assert np.array_equal(tx.grad.numpy(), [21.0, 41.0])

def test_a_leaf_used_by_several_ops_sees_its_hook_once_with_the_summed_gradient() -> None:
    # backward() gives leaves no place in its order: it sums every path's share, then runs the hooks once
    for w in both([1.0, 2.0], requires_grad=True):
        if w is None:
            continue
        seen: list = []
        w.register_hook(lambda g: seen.append(g.tolist()))
        ((w * w).sum() + (w * 3).sum()).backward()  # d/dw = 2w + 3
        w.sum().backward()  # a second backward adds 1 to the kept gradient
        assert seen == [[5.0, 7.0], [1.0, 1.0]] and w.grad.tolist() == [6.0, 8.0], type(w)
    leaf = Tensor(2.0, requires_grad=True)
    leaf.backward()  # backward() on a leaf itself: d(leaf)/d(leaf) = 1
    assert leaf.grad.item() == 1.0


def test_grad_fn_names_the_op() -> None:
    a, ta = both([[1.0, 2.0]], requires_grad=True)
    w = Tensor(np.ones((3, 2)), requires_grad=True)
    cases = {"MulBackward0": a * 2, "AddBackward0": a + 1, "SubBackward0": a - a, "DivBackward0": a / 2,
             "MmBackward0": a @ w.T, "SumBackward0": a.sum(), "NegBackward0": -a, "PowBackward0": a**2,
             "SelectBackward0": a[0]}
    for name, t in cases.items():
        assert t.grad_fn.name() == name and name in repr(t.grad_fn)
    # the names PyTorch gives the same calls, where a call's arguments choose among its backward functions
    F = am.nn.functional
    layer = am.nn.Linear(2, 3)
    named = {"SumBackward1": a.sum(0), "MeanBackward1": a.mean(1), "MaxBackward1": a.max(), "MaxBackward0": a.max(1)[0],
             "SliceBackward0": a[:, 1:], "IndexBackward0": a[a > 1], "NllLossBackward0": F.cross_entropy(a, am.tensor([1])),
             "AddmmBackward0": layer(a), "MmBackward0": F.linear(a, w), "ViewBackward0": layer(a.unsqueeze(0)),
             "Log1PBackward0": a.log1p(), "LinalgVectorNormBackward0": a.norm()}
    for name, t in named.items():
        assert t.grad_fn.name() == name, (name, t.grad_fn.name())
    assert a.grad_fn is None and (a * 2).detach().grad_fn is None
    assert (a * 2 + 1).grad_fn.next_functions[0][0].name() == "MulBackward0"
    if ta is not None:
        assert (ta * 2).grad_fn.name() == "MulBackward0" and (ta @ torch.ones(2, 3, dtype=torch.float64)).grad_fn.name() == "MmBackward0"


def test_requires_grad_detach_and_detach_() -> None:
    x = Tensor([1.0, 2.0]).requires_grad_()
    assert x.requires_grad and x.requires_grad_(False) is x and not x.requires_grad
    x.requires_grad_()
    y = x * 2
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf variables"):
        y.requires_grad_(False)
    d = y.detach()
    assert not d.requires_grad and d.is_leaf and np.shares_memory(d.data, y.data)
    y.detach_()
    assert y.is_leaf and not y.requires_grad and y.grad_fn is None
    with pytest.raises(RuntimeError, match="can't retain_grad on Tensor that has requires_grad=False"):
        Tensor([1.0]).retain_grad()


def test_assigning_requires_grad_is_checked_as_requires_grad_() -> None:
    ints, x = am.tensor([1, 2]), Tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require gradients"):
        ints.requires_grad = True
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf variables"):
        y.requires_grad = False
    assert not ints.requires_grad and y.requires_grad
    x.requires_grad = False
    assert not x.requires_grad and not (x * 2).requires_grad
    if torch is not None:  # PyTorch raises the same errors at the assignment
        with pytest.raises(RuntimeError):
            torch.tensor([1, 2]).requires_grad = True
        with pytest.raises(RuntimeError):
            (torch.ones(2, requires_grad=True) * 2).requires_grad = False


def test_a_gradient_of_the_wrong_shape_never_reaches_a_leaf() -> None:
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    # An op whose backward rule is wrong: it returns a (1,) gradient for a (3,) input, which numpy would broadcast.
    total = Tensor._result(np.array(x.data.sum()), (x,), "broken_sum", lambda g: (np.reshape(g, (1,)),))
    with pytest.raises(RuntimeError, match=r"a gradient of shape \(1,\) reached a tensor of shape \(3,\)"):
        total.backward()
    assert x.grad is None


def test_backward_errors_say_why() -> None:
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        loss = (x * 3).sum()
    with pytest.raises(RuntimeError, match="does not require grad.*inside `with no_grad\\(\\):`"):
        loss.backward()
    with pytest.raises(RuntimeError, match="created without requires_grad=True"):
        Tensor([1.0]).backward()
    with pytest.raises(RuntimeError, match="result of '==', a comparison"):
        (x == x).backward(gradient=np.ones(2))
    # the single leaf after the -= idiom: still a leaf that requires grad, so backward works
    p = Tensor(3.0, requires_grad=True)
    (p * p).backward()
    with no_grad():
        p -= 0.5 * p.grad
    p.grad = None
    p.backward()
    assert p.is_leaf and p.grad.item() == 1.0 and p.item() == 0.0


# ------------------------------------------------------------------ grad mode
def test_grad_mode_context_managers_functions_and_decorators() -> None:
    x = Tensor([1.0], requires_grad=True)
    with no_grad():
        assert not is_grad_enabled() and not (x * 2).requires_grad
        with enable_grad():
            assert (x * 2).requires_grad
        with set_grad_enabled(True):
            assert is_grad_enabled()
        assert not is_grad_enabled()
    with inference_mode():
        assert not (x * 2).requires_grad
    with inference_mode(False):
        assert (x * 2).requires_grad
    set_grad_enabled(False)
    assert not is_grad_enabled()
    set_grad_enabled(True)
    assert is_grad_enabled()

    @no_grad()
    def evaluate() -> bool:
        return (x * 2).requires_grad

    @set_grad_enabled(False)
    def also_off() -> bool:
        return is_grad_enabled()

    assert is_grad_enabled()  # decorating switches nothing
    assert evaluate() is False and also_off() is False and is_grad_enabled()

    @enable_grad()
    def inside() -> bool:
        return (x * 2).requires_grad

    with no_grad():
        assert inside() is True

    @no_grad  # without parentheses, as PyTorch allows
    def bare() -> bool:
        return (x * 2).requires_grad

    @inference_mode
    def bare_inference() -> bool:
        return (x * 2).requires_grad

    assert bare() is False and bare_inference() is False and is_grad_enabled()
    if torch is not None:
        with torch.no_grad():
            torch.set_grad_enabled(True)
            assert torch.is_grad_enabled()
        torch.set_grad_enabled(True)


def test_grad_mode_is_per_thread() -> None:
    x = Tensor([1.0], requires_grad=True)
    inside, release, seen = threading.Event(), threading.Event(), []

    def worker() -> None:
        with no_grad():
            inside.set()
            release.wait(5)
            seen.append((x * 2).requires_grad)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    assert is_grad_enabled() and (x * 2).requires_grad  # the other thread's no_grad does not reach here
    release.set()
    thread.join()
    assert seen == [False]


# ------------------------------------------------------------------ property test: random graphs vs torch
LEAF_DTYPES = ["float64", "float32"]
STEPS = ["add_b", "mul_b", "sub_scalar", "relu_mask", "where_b_positive", "times_int", "div_b", "scaled_const"]


@st.composite
def programs(draw: st.DrawFn) -> dict:
    shape_a, shape_b = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=1, max_dims=2, min_side=1, max_side=3)).input_shapes
    a = draw(hnp.arrays(np.float64, shape_a, elements=st.floats(-2, 2)))
    b = draw(hnp.arrays(np.float64, shape_b, elements=st.floats(0.5, 2) | st.floats(-2, -0.5)))
    return {
        "a": a, "b": b, "dtype_a": draw(st.sampled_from(LEAF_DTYPES)), "dtype_b": draw(st.sampled_from(LEAF_DTYPES)),
        "steps": draw(st.lists(st.sampled_from(STEPS), min_size=1, max_size=6)),
        "threshold": draw(st.floats(-2, 2)), "const_update": float(draw(st.floats(-1, 1))), "lr": 0.1,
        "ints": draw(st.lists(st.integers(-3, 3), min_size=1, max_size=1)),
    }


def run_program(program: dict, lib: object, make: object) -> tuple[list, list, object, object]:
    """The same lines on our engine and on torch: two training steps with masks, indices and in-place updates."""
    a = make(program["a"], program["dtype_a"], True)
    b = make(program["b"], program["dtype_b"], True)
    const = make(np.full(program["a"].shape, 1.5), "float64", False)
    ints = make(np.array(program["ints"] * program["a"].shape[-1]), "int64", False)
    losses = []
    for _ in range(2):
        x = a
        for step in program["steps"]:
            if step == "add_b":
                x = x + b
            elif step == "mul_b":
                x = x * b
            elif step == "sub_scalar":
                x = 2.5 - x
            elif step == "relu_mask":
                x = x * (x > 0)
            elif step == "where_b_positive":
                x = x * (b > 0) + x * 0.5
            elif step == "times_int":
                x = x * ints
            elif step == "div_b":
                x = x / b
            elif step == "scaled_const":
                x = x * const
        picked = x[x > program["threshold"]]
        first = x.reshape(-1)[make(np.array([0, 0]), "int64", False)]
        loss = picked.sum() + first.sum() * 0.5 + (x * x).mean()
        loss.backward()
        losses.append(loss.item())
        with lib.no_grad():  # the update idiom, and an in-place change to a constant after its graph is done
            a -= program["lr"] * a.grad
            if b.grad is not None:  # None where no path leads from b to the loss, in both engines
                b -= program["lr"] * b.grad
            const += program["const_update"]
            const[const > 2] = 2.0
        a.grad.zero_()
        b.grad = None
    return losses, [a.detach(), b.detach(), const], a, b


def make_ours(values: np.ndarray, dtype: str, requires_grad: bool) -> Tensor:
    return Tensor(values, dtype=dtype, requires_grad=requires_grad)


def make_torch(values: np.ndarray, dtype: str, requires_grad: bool) -> object:
    return torch.tensor(values, dtype=getattr(torch, dtype), requires_grad=requires_grad)


@settings(max_examples=80, deadline=None)
@given(program=programs())
def test_random_graphs_with_masks_in_place_updates_and_dtypes_match_torch(program: dict) -> None:
    losses, finals, a, b = run_program(program, am, make_ours)
    assert a.dtype == np.dtype(program["dtype_a"]) and b.dtype == np.dtype(program["dtype_b"])  # updates keep dtypes
    assert a.is_leaf and a.requires_grad and a.grad is not None and b.grad is None
    assert all(np.isfinite(losses))
    if torch is None:
        return
    t_losses, t_finals, ta, _ = run_program(program, torch, make_torch)
    f32 = "float32" in (program["dtype_a"], program["dtype_b"])
    rtol, atol = (2e-4, 1e-5) if f32 else (1e-10, 1e-12)
    np.testing.assert_allclose(losses, t_losses, rtol=rtol, atol=atol)
    for ours, theirs in zip(finals, t_finals):
        assert TORCH_DTYPES[ours.dtype] == theirs.dtype
        np.testing.assert_allclose(ours.data, theirs.numpy(), rtol=rtol, atol=atol)
    np.testing.assert_allclose(a.grad.data, ta.grad.numpy(), rtol=rtol, atol=atol)


def test_type_with_an_old_tensor_class_converts_and_other_objects_are_refused() -> None:
    import autograd_mini as am
    x = am.tensor([1.0, 2.0], dtype=am.float32)
    assert x.type(am.LongTensor).dtype == am.int64 and x.type(am.DoubleTensor).dtype == am.float64
    assert (x > 1).type(am.FloatTensor).dtype == am.float32
    with pytest.raises(TypeError, match="not supported"):
        am.zeros(2, dtype=am.LongTensor)  # PyTorch refuses a class as dtype= too
    with pytest.raises(TypeError, match="not supported"):
        x.to(object())


UNARY_METHODS = ["abs", "cos", "exp", "log1p", "sin", "sqrt", "square", "tanh", "sigmoid", "relu", "sum", "prod",
                 "float", "double", "long", "bool", "clone", "flatten", "t", "argmax", "amax", "mean", "erf"]


@pytest.mark.parametrize("values", [[True, False], [1, 2], [1.0, 2.0]], ids=["bool", "int64", "float64"])
def test_no_op_makes_a_dtype_the_engine_does_not_have(values: list) -> None:
    """numpy's exp of bools is float16 and its power of bools int8; every result here is one of the four dtypes."""
    x = am.tensor(values)
    kept = {np.dtype(np.float32), np.dtype(np.float64), np.dtype(np.int64), np.dtype(np.bool_)}
    results = {name: getattr(x, name)() for name in UNARY_METHODS if name != "mean" or x.dtype.kind == "f"}
    results.update({"** 2": x ** 2, "** 0.5": x ** 0.5, "clamp(min=0.5)": x.clamp(min=0.5), "* 2.5": x * 2.5})
    for name, result in results.items():
        assert result.dtype in kept, (name, result.dtype)
    if torch is not None:  # the same kind as PyTorch's result (PyTorch's default float is float32, ours float64)
        theirs = torch.tensor(values)
        for name, result in results.items():
            try:
                expected = eval(f"theirs.{name}()" if name in UNARY_METHODS else f"theirs {name}"
                                if not name.startswith("clamp") else "theirs.clamp(min=0.5)")
            except (RuntimeError, TypeError, NotImplementedError):  # where PyTorch refuses, we may compute
                continue
            kind = {torch.float32: "f", torch.float64: "f", torch.int64: "i", torch.bool: "b"}[expected.dtype]
            assert result.dtype.kind == kind, (name, result.dtype, expected.dtype)


def test_clamp_promotes_as_torch_instead_of_truncating() -> None:
    ints = am.tensor([0, 1, 3])
    assert ints.clamp(min=0.5).tolist() == [0.5, 1.0, 3.0] and ints.clamp(min=1).dtype == np.int64
    w = am.tensor([1.0, 5.0], dtype=am.float32, requires_grad=True)
    out = w.clamp(max=am.tensor([2.0]))  # a float64 bound with dimensions widens float32, as torch.result_type
    out.sum().backward()
    assert out.dtype == np.float64 and w.grad.dtype == np.float32 and w.grad.tolist() == [1.0, 0.0]
    assert w.clamp(min=0.5).dtype == np.float32  # a Python float does not
    if torch is not None:
        assert torch.tensor([0, 1, 3]).clamp(min=0.5).tolist() == [0.5, 1.0, 3.0]
        tw = torch.tensor([1.0, 5.0], requires_grad=True)
        assert tw.clamp(max=torch.tensor([2.0], dtype=torch.float64)).dtype == torch.float64


def test_expand_is_a_view_and_writing_into_it_is_refused_as_torch() -> None:
    x = am.tensor([[1.0], [2.0]])
    view, alike = x.expand(2, 3), x.expand_as(am.zeros(2, 3))
    x[0, 0] = 5.0  # the views show the change: they share x's memory
    assert view.tolist() == [[5.0] * 3, [2.0] * 3] == alike.tolist() and np.shares_memory(view.data, x.data)
    for write in (lambda: view.add_(1), lambda: view.__setitem__(0, 1.0), lambda: view.zero_(), lambda: view.clamp_(0, 1)):
        with pytest.raises(RuntimeError, match="more than one element of the written-to tensor refers to a single "
                                               "memory location.*clone"):
            write()
    copy = view.clone()
    copy += 1  # a clone owns its memory
    assert copy.tolist() == [[6.0] * 3, [3.0] * 3] and x.tolist() == [[5.0], [2.0]]
    if torch is not None:
        tx = torch.tensor([[1.0], [2.0]])
        tview = tx.expand(2, 3)
        tx[0, 0] = 5.0
        assert tview.tolist() == view.tolist()
        with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
            tview.add_(1)


def test_tensor_of_typed_float32_numbers_stays_float32_as_torch() -> None:
    parts = [am.tensor(1.0, dtype=am.float32), am.tensor(2.0, dtype=am.float32)]
    assert am.tensor(parts).dtype == am.tensor([np.float32(1), 2]).dtype == np.float32  # e.g. a list of losses
    assert am.tensor([np.float32(1), 2.0]).dtype == np.float64  # a Python float brings the default float
    if torch is not None:
        assert torch.tensor([torch.tensor(1.0), torch.tensor(2.0)]).dtype == torch.tensor([np.float32(1), 2]).dtype \
            == torch.float32


def test_float32_cumsum_is_as_accurate_as_torch() -> None:
    x = am.full((100_000,), 0.1, dtype=am.float32, requires_grad=True)
    running = x.cumsum(0)
    running.sum().backward()
    assert running.dtype == np.float32 and running[-1].item() == 10000.0  # added up in float32: 9998.557
    assert x.grad.dtype == np.float32 and x.grad[0].item() == 100_000.0
    if torch is not None:
        assert torch.full((100_000,), 0.1).cumsum(0)[-1].item() == 10000.0


@pytest.mark.parametrize("decorator", ["no_grad()", "no_grad", "inference_mode()", "set_grad_enabled(False)"])
def test_a_decorated_generator_runs_each_step_without_grad_as_torch(decorator: str) -> None:
    def run(lib) -> list:
        w = lib.ones(2, requires_grad=True)
        seen = []

        @eval(f"lib.{decorator}", {"lib": lib})
        def outputs():
            for _ in range(2):
                seen.append(("generator", lib.is_grad_enabled()))
                yield w * 2

        for out in outputs():
            seen.append(("caller", lib.is_grad_enabled(), out.requires_grad))
        return seen

    ours = run(am)
    assert ours == [("generator", False), ("caller", True, False)] * 2
    if torch is not None:
        assert run(torch) == ours


def test_floor_division_has_no_derivative_and_integer_division_by_zero_is_refused_as_torch() -> None:
    x = am.tensor([5.0, -7.0], requires_grad=True)
    steps = x // 2
    assert steps.requires_grad and steps.tolist() == [2.0, -4.0]
    with pytest.raises(RuntimeError, match="derivative for floor_divide"):
        (steps * x).sum().backward()  # silently treating x // 2 as a constant would give a wrong gradient
    for call in (lambda t: t // 0, lambda t: t % 0):
        with pytest.raises(ZeroDivisionError, match="integer division by zero"):
            call(am.tensor([5, 7]))
    assert np.isposinf((am.tensor([5.0]) // 0).item())  # floats give inf, as PyTorch
    if torch is not None:
        with pytest.raises(RuntimeError, match="derivative for aten::floor_divide is not implemented"):
            (torch.tensor([5.0], requires_grad=True) // 2).sum().backward()
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            torch.tensor([5]) // 0


def test_a_full_reduction_holds_an_array_so_it_can_change_in_place() -> None:
    accuracy = (am.tensor([1.0, -1.0, 2.0]) > 0).float().mean()
    assert isinstance(accuracy.data, np.ndarray)  # numpy's mean gives a scalar, which cannot be written into
    accuracy *= 100
    assert accuracy.item() == pytest.approx(200 / 3)


def test_updating_data_with_a_tensor_writes_into_the_array_as_torch() -> None:
    """The old PyTorch idiom `w.data -= lr * w.grad`: here .data is the array, and the step lands in it."""
    w = am.tensor([1.0, -2.0], requires_grad=True)
    memory = w.data
    (w * w).sum().backward()
    w.data -= 0.1 * w.grad
    assert np.shares_memory(w.data, memory) and isinstance(w.data, np.ndarray) and w.tolist() == pytest.approx([0.8, -1.6])
    w.data = w.data - 0.1 * w.grad  # the out-of-place form: w holds the new numbers, as in PyTorch
    assert w.tolist() == pytest.approx([0.6, -1.2]) and w.is_leaf and w.requires_grad
    (w * w).sum().backward()
    assert w.grad.tolist() == pytest.approx([2.0 + 1.2, -4.0 - 2.4])  # accumulated onto the first backward's
    if torch is not None:
        tw = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
        (tw * tw).sum().backward()
        tw.data -= 0.1 * tw.grad
        assert tw.tolist() == pytest.approx([0.8, -1.6])
        tw.data = tw.data - 0.1 * tw.grad
        (tw * tw).sum().backward()
        assert tw.tolist() == pytest.approx(w.tolist()) and tw.grad.tolist() == pytest.approx(w.grad.tolist())


def test_numpy_arrays_on_the_left_give_tensor_ops_and_ufuncs_work_on_numbers() -> None:
    t = am.tensor([1.0, 2.0, 3.0], requires_grad=True)
    ones = np.ones(3)
    for result, expected in ((ones * t, [1.0, 2.0, 3.0]), (ones - t, [0.0, -1.0, -2.0]), (ones / t, [1.0, 0.5, 1 / 3])):
        assert isinstance(result, Tensor) and result.requires_grad and result.tolist() == pytest.approx(expected)
    assert (ones @ t).item() == 6.0 and (ones == am.tensor([1.0, 0.0, 1.0])).tolist() == [True, False, True]
    assert np.allclose(np.exp(am.tensor([0.0, 1.0])), [1.0, np.e])  # a tensor that needs no grad is its numbers
    with pytest.raises(RuntimeError, match="requires grad"):
        np.exp(t)


def test_tensor_of_a_list_of_one_element_tensors_is_a_vector_as_torch() -> None:
    outputs = [am.tensor([1.0]), am.tensor([0.0]), am.tensor(0.0)]  # e.g. model(x_i) for each sample
    assert am.tensor(outputs).shape == (3,)  # (3, 1) would broadcast against (3,) labels into a 3x3 table
    loss = am.tensor(2.0, requires_grad=True) * 1
    assert am.tensor([loss, loss]).tolist() == [2.0, 2.0]  # a list of losses: their numbers
    with pytest.raises(ValueError, match="only one element tensors.*torch.stack"):
        am.tensor([am.tensor([1.0, 2.0]), am.tensor([3.0, 4.0])])
    with pytest.raises(ValueError, match="Overflow"):
        am.tensor([2 ** 63])
    if torch is not None:
        assert torch.tensor([torch.tensor([1.0]), torch.tensor([0.0]), torch.tensor(0.0)]).shape == (3,)
        with pytest.raises(ValueError, match="only one element tensors"):
            torch.tensor([torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])])


def test_a_pytorch_method_that_does_not_exist_says_what_to_use() -> None:
    x = am.ones(2)
    with pytest.raises(AttributeError, match=r"'bernoulli_'.*nn.init.uniform_"):
        x.bernoulli_(0.5)
    with pytest.raises(AttributeError, match=r"'index_select'.*x\[idx\]"):
        x.index_select(0, am.tensor([0]))
    assert not hasattr(x, "no_such_method") and np.asarray(x).tolist() == [1.0, 1.0]


def test_a_list_of_lists_as_an_index_is_refused_and_both_meanings_work() -> None:
    x = am.tensor(np.arange(12.0).reshape(3, 4))
    seq = [[0, 1], [1, 2]]
    for index in (seq, [[0, 1]], [am.tensor([0, 1])], [slice(None), 0]):
        with pytest.raises(IndexError, match=r"a list holding lists.*x\[tuple\(seq\)\].*x\[torch.tensor\(seq\)\]"):
            x[index]
        with pytest.raises(IndexError, match="a list holding lists"):
            x[index] = 0.0
    assert x[tuple(seq)].tolist() == [1.0, 6.0] and x[am.tensor(seq)].shape == (2, 2, 4) and x[[0, 2]].shape == (2, 4)
    if torch is not None:
        import warnings
        t = torch.tensor(np.arange(12.0).reshape(3, 4))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert t[seq].tolist() == x[tuple(seq)].tolist()  # PyTorch 2.13's (deprecated) reading: one index per dim
        assert t[torch.tensor(seq)].tolist() == x[am.tensor(seq)].tolist() and t[[0, 2]].tolist() == x[[0, 2]].tolist()


MIXED_INDICES = {  # index -> the shape PyTorch gives for a (2, 3, 4, 5) tensor
    "[0, :, [1, 2]]": (3, 2, 5), "[1, ..., [0, 1]]": (3, 4, 2), "[1, :, [True, False, True, True]]": (3, 3, 5),
    "[T(0), :, [1, 2]]": (3, 2, 5), "[None, 1, :, [0]]": (1, 3, 1, 5), "[0, [1, 2]]": (2, 4, 5),
    "[[0, 1], 0, [1, 2]]": (2, 5), "[:, [0, 1], 0, [1, 2]]": (2, 2), "[..., 0, [1, 2]]": (2, 3, 2),
    "[1, [[0], [2]], :, 0]": (2, 1, 4), "[T(1), 2]": (4, 5), "[0, 1, [2, 3], None]": (2, 1, 5),
    "[[1], :, 2, [[0], [1]]]": (2, 1, 3), "[0, :, T([[True, False, True, False, True]] * 4)]": (3, 12),
    "[0, :, (1, 2)]": (3, 2, 5), "[0, :, range(2)]": (3, 2, 5), "[True, 1, [0, 1]]": (2, 4, 5),
    "[True, 0, :, [1, 2]]": (2, 3, 5), "[np.array(1), :, [0, 2]]": (3, 2, 5),
}


@pytest.mark.parametrize("index", list(MIXED_INDICES))
def test_ints_beside_index_lists_select_first_as_pytorch(index: str) -> None:
    """numpy broadcasts x[0, :, [1, 2]]'s 0 with the list and moves the result to the front (2, 3, 5);
    PyTorch selects with the int first: (3, 2, 5). Values, gradients and writes follow PyTorch."""
    numbers = np.arange(120.0).reshape(2, 3, 4, 5)
    x = am.tensor(numbers, requires_grad=True)
    out = eval("x" + index, {"x": x, "T": am.tensor, "np": np})
    assert tuple(out.shape) == MIXED_INDICES[index]
    g = np.random.default_rng(0).normal(size=out.shape)
    out.backward(g)
    written = am.zeros(2, 3, 4, 5)
    exec("written" + index + " = value", {"written": written, "T": am.tensor, "np": np, "value": am.tensor(g)})
    assert np.array_equal(written.numpy(), x.grad.numpy())  # every element is selected once: the write is the gradient
    if torch is not None:
        t = torch.tensor(numbers, requires_grad=True)
        expected = eval("t" + index, {"t": t, "T": torch.tensor, "np": np})
        expected.backward(torch.tensor(g))
        np.testing.assert_array_equal(out.detach().numpy(), expected.detach().numpy())
        np.testing.assert_array_equal(x.grad.numpy(), t.grad.numpy())


def test_a_zero_d_integer_tensor_indexes_as_an_int_a_view() -> None:
    x = am.arange(6.0).reshape(2, 3)
    for i in am.arange(2):
        x[i][0] = 100.0  # x[i] is a view, as in PyTorch, so the write lands in x
    assert x[:, 0].tolist() == [100.0, 100.0] and x[am.tensor(1)].shape == (3,)
    if torch is not None:
        t = torch.arange(6.0).reshape(2, 3)
        for i in torch.arange(2):
            t[i][0] = 100.0
        assert t.tolist() == x.tolist()


JOIN_AND_PICK_DTYPES = [  # torch.result_type's rule, where numpy's would widen float32 to float64
    "m.cat([m.tensor([1, 2]), x32])", "m.stack([m.tensor([1, 2]), x32])", "m.cat([m.tensor([True]), m.tensor([3])])",
    "m.cat([x32, m.tensor([2.0, 3.0], dtype=m.float64)])", "m.where(x32 > 0, x32, m.tensor(0.0, dtype=m.float64))",
    "m.max(x32, m.tensor(0.0, dtype=m.float64))", "m.minimum(m.tensor([1, 2]), x32)",
    "m.where(x32 > 0, m.tensor([1, 2]), x32)", "m.maximum(m.tensor([1, 5]), m.tensor(2.5, dtype=m.float64))",
    "m.stack([m.tensor(1), m.tensor(2.0, dtype=m.float64)])",
]


@pytest.mark.parametrize("call", JOIN_AND_PICK_DTYPES)
def test_joining_and_picking_promote_dtypes_as_pytorch(call: str) -> None:
    expected = {"m.cat([m.tensor([1, 2]), x32])": am.float32, "m.where(x32 > 0, x32, m.tensor(0.0, dtype=m.float64))": am.float32,
                "m.max(x32, m.tensor(0.0, dtype=m.float64))": am.float32}
    out = eval(call, {"m": am, "x32": am.tensor([1.0, -2.0], dtype=am.float32)})
    assert out.dtype == expected.get(call, out.dtype)
    if torch is not None:
        theirs = eval(call, {"m": torch, "x32": torch.tensor([1.0, -2.0], dtype=torch.float32)})
        assert str(theirs.dtype) == f"torch.{out.dtype}" and theirs.tolist() == out.tolist()


def test_gradients_accumulate_in_place_as_pytorch() -> None:
    x = am.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).sum().backward()
    earlier, grad = x.grad.detach(), x.grad
    (x * 2).sum().backward()
    assert x.grad is grad and earlier.tolist() == [4.0, 6.0, 8.0]  # the same memory, as in PyTorch
    if torch is not None:
        t = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        (t * t).sum().backward()
        t_earlier = t.grad.detach()
        (t * 2).sum().backward()
        assert t_earlier.tolist() == earlier.tolist()


@pytest.mark.parametrize("lib", ["autograd_mini", "torch"])
def test_view_shares_memory_or_refuses_as_pytorch(lib: str) -> None:
    M = am if lib == "autograd_mini" else pytest.importorskip("torch")
    x = M.arange(6.0).reshape(2, 3)
    v = x.view(3, 2)
    v[0, 0] = 50.0  # a view writes through
    assert x[0, 0].item() == 50.0 and x[:, 1:].view(2, 2).tolist() == [[1.0, 2.0], [4.0, 5.0]]
    for strided in (x.t(), x[:, :2], x.t()[1:]):
        with pytest.raises(RuntimeError, match="view size is not compatible with input tensor's size and stride"):
            strided.view(-1)  # a copy would be needed: reshape makes it, view refuses
    assert x.t().reshape(-1).tolist() == [50.0, 3.0, 1.0, 4.0, 2.0, 5.0] and x.t().contiguous().view(-1).shape == (6,)


def test_contiguous_copies_a_strided_view_as_pytorch() -> None:
    x = am.arange(6.0).reshape(2, 3)
    y = x.t().contiguous()
    y[0, 1] = 100.0
    assert x.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]] and y.is_contiguous() and not x.t().is_contiguous()
    assert x.contiguous() is x and x.stride() == (3, 1) and x.t().stride() == (1, 3) and x.stride(-1) == 1
    w = am.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (w.t().contiguous() * am.tensor([[1.0, 10.0], [100.0, 1000.0]])).sum().backward()
    assert w.grad.tolist() == [[1.0, 100.0], [10.0, 1000.0]]
    if torch is not None:
        t = torch.arange(6.0).reshape(2, 3)
        u = t.t().contiguous()
        u[0, 1] = 100.0
        assert t.tolist() == x.tolist() and u.is_contiguous() and not t.t().is_contiguous()
        assert t.stride() == x.stride() and t.t().stride() == x.t().stride()


def test_small_pytorch_idioms_and_their_errors() -> None:
    mask = am.tensor([True, False])
    assert am.where(mask, 1, 0).tolist() == [1, 0] and am.where(mask, 1, 0).dtype == am.int64
    assert am.where(mask, 1.0, 0).dtype == am.float64 and am.ones(2, 3).nelement() == 6
    ints = am.tensor([1, 2, 3])
    with pytest.raises(RuntimeError, match="clamp_: result type float64 can't be cast to the desired output type int64"):
        ints.clamp_(min=1.5)
    with pytest.raises(TypeError, match="cannot write None into a tensor"):
        ints[0] = None
    p, g = am.ones(3), am.full((3,), 2.0)
    with pytest.warns(UserWarning, match="This overload of add_ is deprecated"):
        p.add_(-0.1, g)  # the pre-1.5 SGD update, still accepted by PyTorch 2
    with pytest.warns(UserWarning, match="This overload of sub_ is deprecated"):
        p.sub_(0.1, g)
    assert p.tolist() == pytest.approx([0.6] * 3) and ints.tolist() == [1, 2, 3]
    if torch is not None:
        assert torch.where(torch.tensor([True, False]), 1, 0).tolist() == [1, 0]
        with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired output type"):
            torch.tensor([1, 2, 3]).clamp_(min=1.5)
        tp = torch.ones(3, dtype=torch.float64)
        import warnings
        with warnings.catch_warnings():  # (PyTorch warns once per process)
            warnings.simplefilter("ignore")
            tp.add_(-0.1, torch.full((3,), 2.0, dtype=torch.float64))
            tp.sub_(0.1, torch.full((3,), 2.0, dtype=torch.float64))
        assert tp.tolist() == pytest.approx(p.tolist())
        with pytest.raises(TypeError):
            torch.tensor([1, 2, 3])[0] = None


def test_shape_is_a_size_as_pytorch_s() -> None:
    x = am.zeros(2, 3)
    assert x.shape == (2, 3) and isinstance(x.shape, tuple) and x.shape.numel() == 6 and x.shape == x.size()
    assert repr(x.shape) == "Size([2, 3])" and x.shape[1] == 3 and np.zeros(x.shape).shape == (2, 3)
    assert x.shape[1:].numel() == 3 and (x.shape + (4,)).numel() == 24 and repr(x.shape[:1]) == "Size([2])"
    if torch is not None:
        assert repr(torch.zeros(2, 3).shape) == "torch." + repr(x.shape)


@pytest.mark.parametrize("call", ["x.max()", "x.argmax()", "x.max(0)", "x.amax()", "x.min(0)", "x.argmin(0)"])
def test_the_largest_of_no_numbers_is_pytorch_s_error_not_numpy_s(call: str) -> None:
    x = am.zeros(0, 3)
    with pytest.raises((RuntimeError, IndexError), match=r"the tensor of shape \(0, 3\) is empty") as ours:
        eval(call, {"x": x})
    assert x.amax(1).shape == (0,) and x.argmax(1).shape == (0,)
    if torch is not None:
        with pytest.raises((RuntimeError, IndexError)) as theirs:
            eval(call, {"x": torch.zeros(0, 3)})
        assert ours.type is theirs.type
