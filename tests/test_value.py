"""Property tests of the scalar engine: every row of the math table, on floats and on Values.

For inputs hypothesis draws from each row's domain:
  - forward: the Value's number equals the plain-float reference (math module);
  - backward: backward()'s gradient equals a central finite difference (gradcheck);
  - the graph: the output remembers its inputs, so backward() can reach them;
  - the table itself: the numpy column agrees with the float column (the tensor tests rely on it).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_mini import Value
from autograd_mini.gradcheck import gradcheck
from math_table import TABLE, MathFn

# deadline=None: a slow CI machine must not turn a correct test red.
PROPERTY = settings(max_examples=60, deadline=None)
ROWS = pytest.mark.parametrize("row", TABLE, ids=[row.name for row in TABLE])


def draw_inputs(data: st.DataObject, row: MathFn) -> tuple[float, ...]:
    return data.draw(st.tuples(*row.domain), label=f"{row.name} inputs")


@ROWS
@PROPERTY
@given(data=st.data())
def test_row_on_values(row: MathFn, data: st.DataObject) -> None:
    xs = draw_inputs(data, row)
    leaves = [Value(x) for x in xs]
    out = row.apply(*leaves)

    # forward: the same number as the plain-float reference
    assert isinstance(out, Value)
    expected = row.reference(*xs)
    assert math.isclose(out.data, expected, rel_tol=1e-12, abs_tol=0.0), (row.name, xs, out.data, expected)

    # the graph: the output keeps its inputs and one local derivative per input
    assert isinstance(out._prev, tuple) and out._op
    for leaf in leaves:
        assert any(child is leaf for child in out._prev), (row.name, out._op, out._prev)
    assert len(out._local_grads) == len(out._prev)

    # backward: the gradient equals a central finite difference
    assert gradcheck(row.apply, xs)


@ROWS
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_numpy_column_matches_float_column(row: MathFn, data: st.DataObject) -> None:
    points = data.draw(st.lists(st.tuples(*row.domain), min_size=1, max_size=8))
    columns = [np.array(c, dtype=np.float64) for c in zip(*points)]
    got = row.numpy_reference(*columns)
    expected = np.array([row.reference(*p) for p in points])
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=0.0)


# ------------------------------------------------- fused ops and composites: not in the table
# (they take many inputs), gradient-checked the same way.
@PROPERTY
@given(xs=st.lists(st.floats(-10, 10), min_size=1, max_size=6))
def test_sum_of_many_values(xs: list[float]) -> None:
    assert math.isclose(Value.sum(map(Value, xs)).data, math.fsum(xs), rel_tol=1e-12, abs_tol=1e-12)
    assert gradcheck(lambda *vs: Value.sum(vs), xs)


@PROPERTY
@given(n=st.integers(1, 4), data=st.data())
def test_weighted_sum_matches_dot_product_and_gradients(n: int, data: st.DataObject) -> None:
    xs = data.draw(st.lists(st.floats(-5, 5), min_size=2 * n + 1, max_size=2 * n + 1))
    ws, inputs, b = xs[:n], xs[n : 2 * n], xs[-1]

    def neuron(*vs: Value) -> Value:
        return Value.weighted_sum(vs[:n], vs[n : 2 * n], vs[-1])

    expected = b + sum(w * x for w, x in zip(ws, inputs))
    assert math.isclose(neuron(*map(Value, xs)).data, expected, rel_tol=1e-9, abs_tol=1e-9)
    assert gradcheck(neuron, xs)


def test_weighted_sum_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="2 weights but 3 inputs"):
        Value.weighted_sum([Value(1.0), Value(2.0)], [1.0, 2.0, 3.0], Value(0.0))


@PROPERTY
@given(a=st.floats(-3, 3), b=st.floats(-3, 3))
def test_composite_expression_reusing_nodes(a: float, b: float) -> None:
    # every input reaches the output along several paths; gradients must add up
    def f(x: Value, y: Value) -> Value:
        z = x * y + y.tanh()
        return (z * z + x.sigmoid() * z - (y * x).exp() / (1.0 + z * z)) ** 2

    assert gradcheck(f, [a, b])


def test_op_names_and_labels_are_recorded() -> None:
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    ops = {
        "+": a + b, "-": a - b, "*": a * b, "/": a / b, "**": a**b, "**2": a**2, "neg": -a,
        "exp": a.exp(), "log": a.log(), "tanh": a.tanh(), "sigmoid": a.sigmoid(), "relu": a.relu(),
        "leaky_relu": a.leaky_relu(), "abs": a.abs(), "sqrt": a.sqrt(), "sin": a.sin(), "cos": a.cos(),
    }  # fmt: skip
    for op, out in ops.items():
        assert out._op == op
        assert out.label == ""
    assert (a.label, b.label) == ("a", "b")
    assert "label='a'" in repr(a) and "label" not in repr(a + b)


# ------------------------------------------- sqrt, sin, cos (issue 9): forward, gradient, PyTorch
NEW_OPS = [
    ("sqrt", math.sqrt, st.floats(1e-2, 100.0)),
    ("sin", math.sin, st.floats(-10.0, 10.0)),
    ("cos", math.cos, st.floats(-10.0, 10.0)),
]
NEW_OP_IDS = [name for name, _, _ in NEW_OPS]


@pytest.mark.parametrize("name, reference, domain", NEW_OPS, ids=NEW_OP_IDS)
@PROPERTY
@given(data=st.data())
def test_sqrt_sin_cos_forward_and_gradient(name: str, reference, domain, data: st.DataObject) -> None:
    x = data.draw(domain, label="x")
    leaf = Value(x)
    out = getattr(leaf, name)()
    assert out.data == reference(x) and out._op == name and out._prev == (leaf,)
    assert gradcheck(lambda v: getattr(v, name)(), [x])
    # inside an expression, so that the local derivative is multiplied by an upstream gradient
    assert gradcheck(lambda v, w: getattr(v * w, name)() * w, [x, 1.5])


@pytest.mark.torch
@pytest.mark.parametrize("name, reference, domain", NEW_OPS, ids=NEW_OP_IDS)
@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_sqrt_sin_cos_match_pytorch_float64(name: str, reference, domain, data: st.DataObject) -> None:
    torch = pytest.importorskip("torch")
    x = data.draw(domain, label="x")
    leaf = Value(x)
    out = getattr(leaf, name)() * 3.0
    out.backward()
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    t_out = getattr(torch, name)(t) * 3.0
    t_out.backward()
    assert math.isclose(out.data, t_out.item(), rel_tol=1e-14, abs_tol=1e-15)
    assert math.isclose(leaf.grad, t.grad.item(), rel_tol=1e-14, abs_tol=1e-15)


def test_sqrt_at_zero_has_an_infinite_gradient_as_in_pytorch() -> None:
    x = Value(0.0)
    y = x.sqrt()
    y.backward()
    assert y.data == 0.0 and x.grad == math.inf


@pytest.mark.parametrize(
    "make, words",
    [(lambda: Value(-4.0).sqrt(), ["sqrt", "-4.0", ">= 0"]),
     (lambda: Value(math.inf).sin(), ["sin", "inf"]),
     (lambda: Value(-math.inf).cos(), ["cos", "-inf"])],
    ids=["sqrt_negative", "sin_inf", "cos_inf"],
)
def test_sqrt_sin_cos_refuse_undefined_inputs_naming_op_and_value(make, words: list[str]) -> None:
    with pytest.raises(ValueError) as info:
        make()
    for word in words:
        assert word in str(info.value), (word, str(info.value))


# ------------------------------------------------- comparisons, equality, conversions (issue 9)
COMPARISONS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


@pytest.mark.parametrize("op", COMPARISONS, ids=list(COMPARISONS))
@PROPERTY
@given(a=st.floats(-3, 3) | st.integers(-3, 3), b=st.floats(-3, 3) | st.integers(-3, 3))
def test_comparisons_compare_the_numbers_and_return_bool(op: str, a: float, b: float) -> None:
    compare = COMPARISONS[op]
    expected = compare(a, b)
    for left, right in ((Value(a), Value(b)), (Value(a), b), (a, Value(b)), (np.float64(a), Value(b))):
        result = compare(left, right)
        assert type(result) is bool and result == expected, (op, left, right)


def test_comparisons_have_no_gradient_and_build_no_node() -> None:
    a, b = Value(1.0), Value(2.0)
    assert (a < b) is True and (a >= b) is False
    loss = a * b
    loss.backward()
    assert (a.grad, b.grad) == (2.0, 1.0)


def test_comparison_with_a_non_number_says_what_it_was_given() -> None:
    with pytest.raises(TypeError, match=r"<: a Value compares with another Value or a real number, not str"):
        Value(1.0) < "2"


def test_equality_is_node_identity_so_values_work_in_sets_and_dicts() -> None:
    a, b = Value(1.0), Value(1.0)
    assert a == a and not (a != a)
    assert a != b and not (a == b)  # two nodes that hold the same number are two nodes
    assert len({a, b, a}) == 2 and {a: "a", b: "b"}[b] == "b"
    assert a in [b, a] and [b, a].index(a) == 1


@pytest.mark.parametrize("number", [1.0, 1, np.float64(1.0), True])
def test_equality_with_a_plain_number_raises_instead_of_a_silent_false(number) -> None:
    v = Value(1.0)
    for compare in (lambda: v == number, lambda: number == v, lambda: v != number):
        with pytest.raises(TypeError, match=r"graph node.*v\.data =="):
            compare()


def test_float_int_and_format() -> None:
    v = Value(2.75, label="x")
    assert float(v) == 2.75 and type(float(v)) is float
    assert int(v) == 2 and int(Value(-2.75)) == -2
    assert f"{v:.4f}" == "2.7500" and f"{v:8.1f}" == "     2.8" and f"{v:e}" == "2.750000e+00"
    assert f"{v}" == repr(v) == str(v)
    assert math.isclose(math.sqrt(Value(2.0)), math.sqrt(2.0))  # math functions accept a Value via float()


def test_engine_package_exports_value_like_micrograd() -> None:
    from autograd_mini.engine import Value as EngineValue  # micrograd: from micrograd.engine import Value

    assert EngineValue is Value


def test_the_graph_is_readable_through_public_read_only_properties() -> None:
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(0.5, label="b")
    z = x * w + b
    y = z.tanh()
    assert y.op == "tanh" and y.children == (z,)
    assert y.local_grads == pytest.approx((1 - math.tanh(z.data) ** 2,))
    product = z.children[0]
    assert z.op == "+" and z.children == (product, b) and z.local_grads == (1.0, 1.0)
    assert product.op == "*" and product.children == (x, w) and product.local_grads == (w.data, x.data)
    assert x.op == "" and x.children == () and x.local_grads == ()
    y.backward()  # the chain rule, written with the public names: d y/d x = local(y->z) * local(z->xw) * local(xw->x)
    assert x.grad == pytest.approx(y.local_grads[0] * z.local_grads[0] * product.local_grads[0])
    for name in ("children", "local_grads", "op"):
        with pytest.raises(AttributeError):
            setattr(y, name, ())
