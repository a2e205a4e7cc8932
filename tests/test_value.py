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
        "leaky_relu": a.leaky_relu(), "abs": a.abs(),
    }  # fmt: skip
    for op, out in ops.items():
        assert out._op == op
        assert out.label == ""
    assert (a.label, b.label) == ("a", "b")
    assert "label='a'" in repr(a) and "label" not in repr(a + b)
