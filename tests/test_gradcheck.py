"""gradcheck itself: it must pass right gradients, catch wrong ones, and say which input is wrong."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd_mini import Value
from autograd_mini.gradcheck import GradcheckError, gradcheck, numerical_grad


def wrong_mul(a: Value, b: Value) -> Value:
    """a * b whose recorded derivative for b is wrong (2a instead of a)."""
    out = a * b
    out._local_grads = (b.data, 2.0 * a.data)
    return out


def test_numerical_grad_of_known_functions() -> None:
    grads = numerical_grad(lambda x, y: x * x * y + y.exp(), [3.0, 0.5])
    assert grads[0] == pytest.approx(2 * 3.0 * 0.5, abs=1e-7)
    assert grads[1] == pytest.approx(3.0**2 + math.exp(0.5), abs=1e-7)


def test_numerical_grad_is_central_not_one_sided() -> None:
    # for x**2 a central difference is exact up to rounding; a one-sided one is off by eps
    eps = 1e-3
    (g,) = numerical_grad(lambda x: x**2, [1.0], eps=eps)
    assert abs(g - 2.0) < 1e-9


def test_passes_correct_gradients() -> None:
    assert gradcheck(lambda a, b: a * b + a.tanh() / b, [0.3, -1.7]) is True


def test_accepts_values_and_ignores_their_grad() -> None:
    b = Value(2.0, label="b")
    b.grad = 123.0  # stale gradient: gradcheck works on fresh copies
    assert gradcheck(lambda a, b: a * b, [1.0, b])
    assert b.grad == 123.0


def test_catches_a_wrong_derivative_and_names_the_input() -> None:
    with pytest.raises(GradcheckError) as info:
        gradcheck(wrong_mul, [1.5, Value(2.0, label="b")])
    message = str(info.value)
    assert "input 1 ('b') = 2.0" in message
    assert "analytic gradient 3 (" in message  # 2 * a, the wrong one
    assert "numerical gradient 1.5 (" in message  # the true d(ab)/db = a, to 10 digits
    assert "input 0" not in message  # d/da was right: not reported
    assert "wrong_mul" in message


def test_gradcheck_error_is_an_assertion_error() -> None:
    assert issubclass(GradcheckError, AssertionError)
    with pytest.raises(AssertionError):
        gradcheck(wrong_mul, [1.0, 1.0])


def test_raise_exception_false_returns_false() -> None:
    assert gradcheck(wrong_mul, [1.5, 2.0], raise_exception=False) is False
    assert gradcheck(lambda a, b: a * b, [1.5, 2.0], raise_exception=False) is True


def test_tolerances_are_atol_plus_rtol_times_numerical() -> None:
    def off_by(delta: float):
        def f(x: Value) -> Value:
            out = x * 100.0
            out._local_grads = (100.0 + delta,)
            return out

        return f

    # |numerical| = 100: allowed = atol + rtol * 100 = 1e-5 + 1e-2
    assert gradcheck(off_by(0.009), [1.0])
    assert not gradcheck(off_by(0.02), [1.0], raise_exception=False)
    assert gradcheck(off_by(0.02), [1.0], rtol=1e-3 * 3)


def test_nan_gradient_fails_unless_both_are_nan() -> None:
    def nan_grad(x: Value) -> Value:
        out = x * 2.0
        out._local_grads = (math.nan,)
        return out

    with pytest.raises(GradcheckError, match="analytic gradient nan"):
        gradcheck(nan_grad, [1.0])


def test_function_must_return_a_value() -> None:
    with pytest.raises(TypeError, match="must return one Value.*float"):
        gradcheck(lambda x: x.data * 2, [1.0])


def test_domain_error_during_finite_difference_is_explained() -> None:
    with pytest.raises(ValueError, match=r"failed at input 0 = .*eps.*log"):
        gradcheck(lambda x: x.log(), [1e-7])


@pytest.mark.parametrize(
    "inputs, error, words",
    [
        (2.0, TypeError, "sequence of numbers"),
        ([], ValueError, "empty"),
        (["x"], TypeError, "input 0 is 'x' of type str"),
        ([True], TypeError, "input 0 is True"),
    ],
)
def test_bad_inputs_are_explained(inputs, error, words) -> None:
    with pytest.raises(error, match=words):
        gradcheck(lambda x: x, inputs)


@pytest.mark.parametrize("eps", [0.0, -1e-6, math.inf])
def test_bad_eps_is_explained(eps: float) -> None:
    with pytest.raises(ValueError, match="eps"):
        gradcheck(lambda x: x, [1.0], eps=eps)
    with pytest.raises(ValueError, match="eps"):
        numerical_grad(lambda x: x, [1.0], eps=eps)


def test_numpy_scalars_are_numbers() -> None:
    assert gradcheck(lambda a, b: a * b, [np.float64(2.0), np.int64(3)])


@pytest.mark.parametrize("inputs", [[np.ones(3)], (1.0, np.zeros((2, 2)))])
def test_arrays_take_the_tensor_path(inputs) -> None:
    # a sequence holding an array is checked with Tensors (the tensor path: test_tensor_gradcheck.py)
    assert gradcheck(lambda *xs: xs[0] * 2, inputs)
    grads = numerical_grad(lambda *xs: xs[0] * 2, inputs)
    assert [g.shape for g in grads] == [np.shape(x) for x in inputs]


def test_a_lone_array_is_not_a_sequence_of_inputs() -> None:
    with pytest.raises(TypeError, match="sequence of arrays"):
        gradcheck(lambda x: x, np.array([1.0, 2.0]))
