"""gradcheck's tensor path: right gradients pass, wrong ones fail, and the message says where."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_mini import Tensor
from autograd_mini.engine.tensor import _unbroadcast
from autograd_mini.gradcheck import GradcheckError, gradcheck, numerical_grad


def add_without_unbroadcast(a: Tensor, b: Tensor) -> Tensor:
    """a + b whose backward forgets to sum b's gradient back over the broadcast axis, then sums the wrong axis."""
    out = a + b

    def backward(g: np.ndarray) -> tuple:
        return _unbroadcast(g, a.shape), g[0] * 2.0  # wrong: only row 0, doubled

    out._backward = backward
    return out


def test_right_gradients_pass() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(3, 4)), rng.normal(size=(4,))
    assert gradcheck(lambda x, y: (x * y).tanh() @ y, [a, b])
    assert gradcheck(lambda x: (x * x).sum(), [a])  # a one-number output: plain backward()


def test_numerical_grad_returns_one_array_per_input() -> None:
    a, b = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array(0.5)
    ga, gb = numerical_grad(lambda x, y: (x * x * y).sum(), [a, b])
    np.testing.assert_allclose(ga, 2 * a * 0.5, atol=1e-7)
    np.testing.assert_allclose(gb, (a * a).sum(), atol=1e-6)
    assert ga.shape == a.shape and gb.shape == ()


def test_a_wrong_gradient_is_named_by_input_element_and_both_values() -> None:
    a, b = np.ones((2, 3)), np.array([1.0, 2.0, 3.0])
    with pytest.raises(GradcheckError) as info:
        gradcheck(add_without_unbroadcast, [a, b])
    message = str(info.value)
    assert "input 1, element (0,)" in message and "input 1, element (2,)" in message
    assert "input 0" not in message  # a's gradient is right
    assert "analytic gradient" in message and "numerical gradient" in message
    assert "add_without_unbroadcast" in message and "shape (2, 3)" in message
    assert gradcheck(add_without_unbroadcast, [a, b], raise_exception=False) is False


def test_the_numbers_in_the_message_are_the_gradients() -> None:
    def wrong_square(x: Tensor) -> Tensor:
        out = x * x
        out._backward = lambda g: (g * 3 * x.data, g * 0)  # 3x instead of 2x (per input of the product)
        return out

    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda x: wrong_square(x).sum(), [np.array([0.0, 1.0])])
    message = str(info.value)
    assert "element (1,) = 1.0: analytic gradient 3 " in message
    assert "numerical gradient 2" in message
    assert "element (0,)" not in message  # at 0 both are 0


def test_long_lists_of_mismatches_are_cut_short() -> None:
    def wrong(x: Tensor) -> Tensor:
        out = x * 1.0
        out._backward = lambda g: (g * 0, None)
        return out

    with pytest.raises(GradcheckError, match=r"disagree for 30 element\(s\)(.|\n)*and 20 more"):
        gradcheck(wrong, [np.ones((5, 6))])


def test_constant_tensors_are_not_checked() -> None:
    def f(x: Tensor, c: Tensor) -> Tensor:
        return x * c

    const = Tensor([2.0, 3.0])  # requires_grad=False: a constant
    assert gradcheck(f, [np.array([1.0, 1.0]), const])
    gx, gc = numerical_grad(f, [np.array([1.0, 1.0]), const])
    assert np.all(gc == 0)  # not nudged


def test_huge_outputs_elsewhere_do_not_drown_small_gradients() -> None:
    # e^30 ~ 1e13 in one output must not swamp the rounding of the gradient of another
    assert gradcheck(lambda x: x.exp(), [np.array([30.0, 0.001, -3.0])])


def test_tensor_inputs_keep_their_labels() -> None:
    def f(x: Tensor) -> Tensor:
        out = x * 2.0
        out._backward = lambda g: (g, None)
        return out

    with pytest.raises(GradcheckError, match="input 0 \\('weights'\\), element \\(0,\\)"):
        gradcheck(f, [Tensor([1.0], requires_grad=True, label="weights")])


def test_f_must_return_a_tensor() -> None:
    with pytest.raises(TypeError, match="must return a Tensor"):
        gradcheck(lambda x: 3.0, [np.ones(2)])


def test_f_failing_off_its_domain_is_explained() -> None:
    with pytest.raises(ValueError, match="input 0, element \\(1,\\)"):
        gradcheck(lambda x: x.log(), [np.array([1.0, 1e-7])], eps=1e-6)


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(TypeError, match="sequence of arrays"):
        gradcheck(lambda x: x, np.ones(3))
    with pytest.raises(TypeError, match="input 1"):
        gradcheck(lambda x, y: x, [np.ones(3), "abc"])
    with pytest.raises(ValueError, match="eps"):
        gradcheck(lambda x: x, [np.ones(3)], eps=0.0)
