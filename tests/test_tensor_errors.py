"""Errors a learner can act on: each names the op, the shapes or values involved, and what to do.

(fit's TrainingDiverged is tested in test_train.py, loading .npz files in test_nn.py.)
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd_mini as am
from autograd_mini import Tensor, concat, no_grad, stack
from autograd_mini.engine.tensor import NO_GRADIENT, ShapeError
from autograd_mini.nn import functional as F


# ------------------------------------------------------------------ shapes
@pytest.mark.parametrize("op, name", [
    (lambda a, b: a + b, "add"), (lambda a, b: a - b, "sub"), (lambda a, b: a * b, "mul"),
    (lambda a, b: a / b, "div"), (lambda a, b: a**b, "pow"),
])
def test_broadcast_mismatch_names_the_op_and_both_shapes(op, name: str) -> None:
    a, b = Tensor(np.ones((2, 3)), requires_grad=True), Tensor(np.ones((4,)))
    with pytest.raises(ShapeError, match=rf"^{name}: shapes \(2, 3\) and \(4,\) cannot be broadcast together") as info:
        op(a, b)
    assert "equal or 1" in str(info.value)  # and how broadcasting works
    with pytest.raises(ShapeError, match=rf"^{name}: shapes \(2, 3\) and \(2,\)"):
        op(a, np.ones(2))  # a numpy operand is named the same way
    assert isinstance(info.value, ValueError)  # ShapeError is a ValueError, as numpy's own


@pytest.mark.parametrize("a, b, text", [
    ((2, 3), (4, 5), r"matmul: shapes \(2, 3\) @ \(4, 5\) do not fit: the last dimension of the left \(3\) must equal "
                     r"the second-to-last dimension of the right \(4\)"),
    ((3,), (4,), r"matmul: shapes \(3,\) @ \(4,\) do not fit: .* must equal the only dimension of the right \(4\)"),
    ((2, 2, 3), (2, 2), r"matmul: shapes \(2, 2, 3\) @ \(2, 2\)"),
    ((3,), (), r"matmul: both operands need at least one dimension, got shapes \(3,\) and \(\)"),
])
def test_matmul_mismatch_names_both_shapes(a, b, text: str) -> None:
    with pytest.raises(ShapeError, match=text):
        Tensor(np.ones(a)) @ Tensor(np.ones(b))


def test_other_shape_errors_name_the_shapes() -> None:
    x = Tensor(np.ones((2, 3)))
    with pytest.raises(ShapeError, match=r"reshape: cannot reshape \(2, 3\) \(6 elements\) into \(4, 2\)"):
        x.reshape(4, 2)
    with pytest.raises(ShapeError, match=r"concat: shapes \[\(2, 3\), \(2, 2\)\] cannot be joined along axis 0"):
        concat([x, Tensor(np.ones((2, 2)))])
    with pytest.raises(ShapeError, match=r"stack: shapes \[\(2, 3\), \(3, 2\)\] must all be equal"):
        stack([x, x.T])
    with pytest.raises(IndexError, match=r"sum: cannot reduce shape \(2, 3\) over axis 2"):  # as PyTorch
        x.sum(axis=2)
    with pytest.raises(IndexError, match=r"tensor shape \(2, 3\)"):
        x[5]
    with pytest.raises(ShapeError, match=r"backward: gradient has shape \(3,\) but the output has shape \(2, 3\)"):
        (Tensor(np.ones((2, 3)), requires_grad=True) * 2).backward(gradient=np.ones(3))


def test_loss_shape_errors_name_the_shapes() -> None:
    with pytest.raises(ShapeError, match=r"mse_loss: .*target size \(torch.Size\(\[3\]\)\).*input size \(torch.Size\(\[4, 1\]\)\)"):
        F.mse_loss(Tensor(np.ones((4, 1))), np.ones(3))
    with pytest.raises(ShapeError, match=r"cross_entropy: expects .*\(N, C\).*got \(4,\)"):
        F.cross_entropy(Tensor(np.ones(4)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="3 is out of (range|bounds) for 3 classes"):
        F.cross_entropy(Tensor(np.ones((2, 3))), [0, 3])
    with pytest.raises(ValueError, match="(must be probabilities in \\[0, 1\\]|between 0 and 1).*Apply sigmoid first"):
        F.binary_cross_entropy(Tensor([0.5, 1.5]), [0, 1])


# ------------------------------------------------------------------ backward
def test_backward_of_a_non_scalar_says_so() -> None:
    out = Tensor(np.ones((2, 3)), requires_grad=True) * 2
    with pytest.raises(RuntimeError, match=r"implicitly created only for scalar outputs.*shape \(2, 3\).*out.sum\(\)"
                                           r".*backward\(gradient=\.\.\.\) of shape \(2, 3\)"):
        out.backward()


def test_backward_of_something_without_grad_says_so() -> None:
    with pytest.raises(RuntimeError, match="does not require grad.*requires_grad=True"):
        (Tensor([1.0, 2.0]) * 3).sum().backward()
    x = Tensor([1.0, 2.0], requires_grad=True)
    with no_grad():
        loss = (x * 3).sum()
    with pytest.raises(RuntimeError, match="with no_grad"):
        loss.backward()


@pytest.mark.parametrize("op, symbol", [
    (lambda x: x > 0, ">"), (lambda x: x < 0, "<"), (lambda x: x >= 0, ">="), (lambda x: x <= 0, "<="),
])
def test_backward_through_a_comparison_names_it(op, symbol: str) -> None:
    x = Tensor([1.0, -2.0], requires_grad=True)
    result = op(x)
    assert not result.requires_grad and result.dtype == np.bool_  # a bool tensor, as in PyTorch
    with pytest.raises(RuntimeError, match=f"result of '{symbol}', a comparison \\(true/false\\), which has no gradient"):
        result.backward(gradient=np.ones(2))


def test_no_gradient_ops_are_listed() -> None:
    assert {">", "<", ">=", "<=", "argmax", "argmin"} <= set(NO_GRADIENT)
    x = Tensor([[1.0, 3.0], [4.0, 2.0]], requires_grad=True)
    assert np.array_equal(x.argmax(axis=1), [1, 0]) and np.array_equal(x.argmin(dim=1), [0, 1])


# ------------------------------------------------------------------ making tensors
@pytest.mark.parametrize("bad", ["abc", ["a", "b"], None, {"x": 1}, [1.0, "2"], object()])
def test_tensor_of_non_numbers_is_a_type_error(bad) -> None:
    with pytest.raises(TypeError, match="Tensor\\(\\.\\.\\.\\) needs numbers"):
        Tensor(bad)


def test_other_construction_errors() -> None:
    with pytest.raises(TypeError, match="was given a Tensor; use t.detach"):
        Tensor(Tensor([1.0]))
    with pytest.raises(TypeError, match="dtype <class 'numpy.complex64'> is not supported: use float64"):
        am.tensor([1, 2], dtype=np.complex64)
    with pytest.raises(TypeError, match="numpy dtype float16 is not supported"):
        Tensor(np.ones(2, dtype=np.float16))
    with pytest.raises(RuntimeError, match="only Tensors of floating point dtype can require gradients"):
        am.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"item\(\): a Tensor with 2 elements cannot be converted.*shape \(2,\)"):
        Tensor([1.0, 2.0]).item()


# ------------------------------------------------------------------ values outside an op's domain
def test_domain_errors_name_the_value() -> None:
    with pytest.raises(ValueError, match="log: the logarithm of -1 is undefined.*1 element"):
        Tensor([2.0, -1.0]).log()
    with pytest.raises(ValueError, match="pow: a negative base \\(-4\\) with the non-integer exponent 0.5"):
        Tensor([-4.0, 4.0]) ** 0.5
    with pytest.raises(TypeError, match="pow: the exponent must be a number or a Tensor, not str"):
        Tensor([1.0]) ** "2"
