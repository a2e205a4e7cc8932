"""One named regression test per trap that users of small autograd engines fall into (issue 2).

Each test is written so that the naive engine (micrograd's, or an obvious first version of
this one) fails it.
"""

from __future__ import annotations

import math
import time
import warnings

import numpy as np
import pytest

from autograd_mini import Value
from autograd_mini.engine.value import topological_order
from autograd_mini.scalar import MLP, Layer, Neuron, binary_cross_entropy_with_logits


@pytest.fixture
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ------------------------------------------------------------------ reuse of a node
def test_reuse_node_used_twice() -> None:
    # b = a + a: one op with the same input twice. An engine that *sets* grads (=) instead of
    # accumulating (+=) gives a.grad == 2 here, not 4.
    a = Value(3.0)
    b = a + a
    c = b + b
    c.backward()
    assert c.data == 12.0
    assert b.grad == 2.0
    assert a.grad == 4.0


def test_reuse_node_in_products_and_diamonds() -> None:
    a = Value(3.0)
    sq = a * a  # d/da = 2a
    assert (sq._prev[0], sq._prev[1]) == (a, a)
    sq.backward()
    assert a.grad == 6.0

    x = Value(2.0)
    left, right = x * 3.0, x.exp()  # a diamond: x reaches the output along two paths
    out = left * right
    out.backward()
    assert x.grad == pytest.approx(3.0 * math.exp(2.0) + 6.0 * math.exp(2.0), rel=1e-15)


# ------------------------------------------------------------------ deep chains
def test_deep_chain_100k_ops_no_recursion_error() -> None:
    c = 1.00001
    x = Value(0.5, label="x")
    start = time.process_time()  # CPU time: a loaded machine does not fail it
    y = x
    for _ in range(50_000):  # 2 ops per step: 100,000 ops in a line
        y = y * c
        y = y + 0.5
    y.backward()
    seconds = time.process_time() - start
    print(f"\n100,000-op chain: forward + backward in {seconds:.3f} s")

    # y_n = c*y_{n-1} + 0.5  =>  dy/dx = c**n, y = c**n x + 0.5 (c**n - 1)/(c - 1)
    n = 50_000
    assert x.grad == pytest.approx(c**n, rel=1e-9)
    assert y.data == pytest.approx(c**n * 0.5 + 0.5 * (c**n - 1) / (c - 1), rel=1e-9)
    assert len(topological_order(y)) >= 1 + 2 * n  # x and every op (constants may add nodes)
    assert seconds < 20.0  # loose: the target is < 2 s; this only catches a blow-up
    del y  # freeing a 100,000-deep graph must not overflow the C stack either


def test_deep_chain_builtin_sum_of_100k_values() -> None:
    # micrograd-style code sums with the builtin sum(): a 100,000-deep chain of additions
    xs = [Value(float(i % 7)) for i in range(100_000)]
    total = sum(xs)
    total.backward()
    assert total.data == sum(i % 7 for i in range(100_000))
    assert all(x.grad == 1.0 for x in xs)


# ------------------------------------------------------------------ backward twice
def test_backward_twice_doubles_leaf_grads_exactly() -> None:
    # a reaches the output along three paths. Adding each path into a.grad one by one on the
    # second call gives 8.399999999999999 instead of 2 * 4.2 = 8.4: the engine must add this
    # call's total (old + new), as PyTorch does, for leaf grads to double exactly.
    a = Value(1.0, label="a")
    w = Value(0.2, label="w")
    out = Value.sum([a * w, a * 3.0, a * 1.0])
    out.backward()
    first_a, first_w = a.grad, w.grad
    assert first_a == pytest.approx(4.2)
    out.backward()
    assert a.grad == 2 * first_a  # exactly, not approximately
    assert w.grad == 2 * first_w


def test_backward_twice_intermediate_grads_do_not_double() -> None:
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    d = c + a
    e = d * d
    e.backward()
    first = [v.grad for v in (a, b, c, d, e)]
    assert first == [16.0, -16.0, -8.0, -8.0, 1.0]  # e = (ab + a)^2 at a=2, b=-3
    e.backward()
    assert e.grad == 1.0
    assert (c.grad, d.grad) == (first[2], first[3])  # start from zero on every call
    assert (a.grad, b.grad) == (2 * first[0], 2 * first[1])  # leaves accumulate


def test_backward_on_a_leaf_accumulates_like_pytorch() -> None:
    x = Value(5.0)
    x.backward()
    x.backward()
    assert x.grad == 2.0


def test_zero_grad_between_steps_restores_one_step_gradient() -> None:
    model = MLP(2, [3, 1], seed=0)
    loss = model([0.5, -1.0]) ** 2
    loss.backward()
    once = [p.grad for p in model.parameters()]
    model.zero_grad()
    loss.backward()
    assert [p.grad for p in model.parameters()] == once


# ------------------------------------------------------------------ Value exponent
def test_value_exponent_gradients_for_base_and_exponent() -> None:
    # micrograd 0.1.0 asserts the exponent is an int/float; here a ** b is one op with two inputs
    a, b = Value(2.0), Value(3.0)
    c = a**b
    c.backward()
    assert c.data == 8.0
    assert a.grad == 3.0 * 2.0**2  # b a^(b-1)
    assert b.grad == pytest.approx(8.0 * math.log(2.0), rel=1e-15)  # a^b ln a


def test_value_exponent_reflected_and_edge_bases() -> None:
    b = Value(3.0)
    c = 2.0**b  # __rpow__
    c.backward()
    assert c.data == 8.0 and b.grad == pytest.approx(8.0 * math.log(2.0), rel=1e-15)

    # base 0: d/db of 0^b is taken as 0, as in PyTorch
    zero, two = Value(0.0), Value(2.0)
    (zero**two).backward()
    assert (zero.grad, two.grad) == (0.0, 0.0)

    # negative base with an integer exponent: defined; d/db = a^b ln(a) is nan, as in PyTorch
    neg, three = Value(-2.0), Value(3.0)
    out = neg**three
    out.backward()
    assert out.data == -8.0 and neg.grad == 12.0 and math.isnan(three.grad)


# ------------------------------------------------------------ stable tanh/sigmoid/exp
@pytest.mark.usefixtures("warnings_are_errors")
@pytest.mark.parametrize(
    "op, x, value, grad",
    [
        ("tanh", 1000.0, 1.0, 0.0),
        ("tanh", -1000.0, -1.0, 0.0),
        ("sigmoid", 1000.0, 1.0, 0.0),
        ("sigmoid", -1000.0, 0.0, 0.0),
        ("exp", -1000.0, 0.0, 0.0),
        ("exp", 1000.0, math.inf, math.inf),  # overflows to inf like PyTorch, never raises
    ],
)
def test_no_overflow_no_warning_at_extremes(op: str, x: float, value: float, grad: float) -> None:
    v = Value(x)
    out = getattr(v, op)()
    out.backward()
    assert out.data == value
    assert v.grad == grad


@pytest.mark.usefixtures("warnings_are_errors")
def test_tanh_1000_inside_a_network_trains_without_nan() -> None:
    n = Neuron(1, activation="tanh", _init=(np.array([1.0]), 0.0))
    out = n([1000.0])
    out.backward()
    assert out.data == 1.0
    assert all(math.isfinite(p.grad) for p in n.parameters())


@pytest.mark.usefixtures("warnings_are_errors")
@pytest.mark.parametrize("z, y, loss, grad", [(1000.0, 0.0, 1000.0, 1.0), (-1000.0, 1.0, 1000.0, -1.0), (1000.0, 1.0, 0.0, 0.0)])
def test_bce_with_logits_is_stable_at_extremes(z: float, y: float, loss: float, grad: float) -> None:
    logit = Value(z)
    out = binary_cross_entropy_with_logits(logit, y)
    out.backward()
    assert out.data == loss and logit.grad == grad


@pytest.mark.usefixtures("warnings_are_errors")
def test_pow_overflow_gives_inf_not_overflow_error() -> None:
    assert (Value(10.0) ** 400).data == math.inf
    assert (Value(-10.0) ** 401).data == -math.inf
    assert (Value(10.0) ** Value(400.0)).data == math.inf


# ------------------------------------------------------------ errors that name op and value
@pytest.mark.parametrize(
    "make, error, words",
    [
        (lambda: Value(0.0).log(), ValueError, ["log", "0.0"]),
        (lambda: Value(-2.5).log(), ValueError, ["log", "-2.5"]),
        (lambda: Value(1.5) / Value(0.0), ZeroDivisionError, ["div", "1.5", "0.0"]),
        (lambda: Value(1.5) / 0, ZeroDivisionError, ["div", "1.5", "0.0"]),
        (lambda: 3.0 / Value(0.0), ZeroDivisionError, ["div", "3.0", "0.0"]),
        (lambda: Value(-8.0) ** (1 / 3), ValueError, ["pow", "-8", "0.333333"]),
        (lambda: Value(-8.0) ** Value(0.5), ValueError, ["pow", "-8", "0.5"]),
        (lambda: Value(0.0) ** -1, ZeroDivisionError, ["pow", "0", "-1"]),
    ],
    ids=["log0", "log_negative", "div_zero", "div_zero_number", "rdiv_zero", "neg_base_fraction", "neg_base_value_exp", "zero_negative_pow"],
)
def test_undefined_math_raises_naming_op_and_value(make, error, words: list[str]) -> None:
    with pytest.raises(error) as info:
        make()
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)


def test_pow_rejects_a_non_number_exponent() -> None:
    with pytest.raises(TypeError, match="pow: the exponent must be a number or a Value, not str"):
        Value(2.0) ** "2"


# ------------------------------------------------------------ bad input to Value(...)
@pytest.mark.parametrize(
    "given, words",
    [
        (Value(2), ["another Value", "Value(data=2", "Value(v.data)"]),
        ("3", ["'3'", "str", "int or float"]),
        (None, ["None", "NoneType", "int or float"]),
        ([1.0], ["[1.0]", "list", "int or float"]),
        (True, ["True", "bool", "int or float"]),
        (1 + 2j, ["(1+2j)", "complex"]),
    ],
    ids=["Value", "str", "None", "list", "bool", "complex"],
)
def test_bad_input_raises_type_error_saying_what_was_given(given, words: list[str]) -> None:
    with pytest.raises(TypeError) as info:
        Value(given)
    message = str(info.value)
    for word in words:
        assert word in message, (word, message)


def test_bad_operand_raises_type_error() -> None:
    with pytest.raises(TypeError, match="'3'"):
        Value(2.0) + "3"


def test_numbers_of_every_kind_are_accepted_as_float64() -> None:
    for x in (2, 2.0, np.float64(2.0), np.float32(2.0), np.int64(2)):
        v = Value(x)
        assert type(v.data) is float and v.data == 2.0


# ------------------------------------------------------------ one-output networks
def test_one_neuron_layer_returns_a_list() -> None:
    out = Layer(3, 1, seed=0)([1.0, 2.0, 3.0])
    assert isinstance(out, list) and len(out) == 1 and isinstance(out[0], Value)


def test_mlp_with_one_output_returns_a_value() -> None:
    assert isinstance(MLP(3, [4, 1], seed=0)([1.0, 2.0, 3.0]), Value)
    out = MLP(3, [4, 2], seed=0)([1.0, 2.0, 3.0])
    assert isinstance(out, list) and len(out) == 2


# ------------------------------------------------------------ deterministic graphs
def _build_graph() -> Value:
    a, b, c = Value(2.0, label="a"), Value(-3.0, label="b"), Value(10.0, label="c")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    f = Value(-2.0, label="f")
    L = d * f
    L.label = "L"
    return L


def test_children_kept_in_insertion_order() -> None:
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    assert [v.label for v in (a * b)._prev] == ["a", "b"]
    assert [v.label for v in (b * a)._prev] == ["b", "a"]
    assert [v.label for v in (b - a)._prev] == ["b", "a"]
    assert [v.label for v in (a**b)._prev] == ["a", "b"]
    assert isinstance((a + b)._prev, tuple)  # micrograd keeps a set: order changes run to run


def test_topological_order_is_deterministic() -> None:
    expected = ["a", "b", "e", "c", "d", "f", "L"]  # inputs first, each input in argument order
    garbage = []
    for i in range(50):
        garbage.append([object() for _ in range(i)])  # shift memory addresses between builds
        order = topological_order(_build_graph())
        assert [v.label for v in order] == expected


def test_topological_order_of_a_shared_node_lists_it_once_before_its_users() -> None:
    a, two = Value(1.0, label="a"), Value(2.0, label="two")
    b = a * two
    b.label = "b"
    c = b + b
    c.label = "c"
    assert [v.label for v in topological_order(c)] == ["a", "two", "b", "c"]


# ------------------------------------------------------------ deterministic init
def _weights(model) -> list[float]:
    return [p.data for p in model.parameters()]


def test_deterministic_init_from_seed() -> None:
    assert _weights(MLP(2, [4, 4, 1], seed=3)) == _weights(MLP(2, [4, 4, 1], seed=3))
    assert _weights(MLP(2, [4, 4, 1], seed=3)) != _weights(MLP(2, [4, 4, 1], seed=4))
    assert _weights(Neuron(3, seed=7)) == _weights(Neuron(3, seed=7))
    assert _weights(Layer(3, 2, seed=7)) == _weights(Layer(3, 2, seed=7))


def test_init_ignores_global_random_state() -> None:
    # micrograd draws from the global `random` module: any earlier call changes the network
    import random

    random.seed(1)
    np.random.seed(1)
    first = _weights(MLP(2, [4, 1], seed=0))
    random.seed(2)
    np.random.seed(2)
    random.random()
    assert _weights(MLP(2, [4, 1], seed=0)) == first


def test_seed_none_draws_fresh_weights() -> None:
    assert _weights(MLP(2, [8, 1], seed=None)) != _weights(MLP(2, [8, 1], seed=None))


# ------------------------------------------------------------ kinks follow PyTorch
def test_derivatives_at_kinks_follow_pytorch() -> None:
    for op, expected in (("relu", 0.0), ("abs", 0.0), ("leaky_relu", 0.01)):
        x = Value(0.0)
        out = getattr(x, op)()
        out.backward()
        assert out.data == 0.0 and x.grad == expected, op
