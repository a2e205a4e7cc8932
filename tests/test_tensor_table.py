"""The Tensor column of the math table: every row of tests/math_table.py, on Tensors of random shapes.

For arrays drawn from each row's domain, in shapes that broadcast together:
  - forward: the Tensor's numbers equal the row's numpy truth, and element by element its float truth;
  - backward: gradcheck (tensor path) agrees with backward() for every element of every input;
  - the three columns agree: on one element, float, Value and Tensor give the same number, and
    Value and Tensor the same gradient;
  - float32 in, float32 out.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_mini import Tensor, Value
from autograd_mini.gradcheck import gradcheck
from math_table import TABLE, MathFn, tensor_inputs

ROWS = pytest.mark.parametrize("row", TABLE, ids=[row.name for row in TABLE])


@ROWS
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_row_on_tensors(row: MathFn, data: st.DataObject) -> None:
    arrays = data.draw(tensor_inputs(row))
    out = row.apply(*[Tensor(a, requires_grad=True) for a in arrays])

    expected = row.numpy_reference(*arrays)
    assert isinstance(out, Tensor) and out.dtype == np.float64
    assert out.shape == np.broadcast_shapes(*(a.shape for a in arrays))
    np.testing.assert_allclose(out.data, expected, rtol=1e-12, atol=0.0)
    # the float column, element by element
    columns = np.broadcast_arrays(*arrays)
    floats = [row.reference(*(float(c[i]) for c in columns)) for i in np.ndindex(out.shape)]
    np.testing.assert_allclose(out.data.reshape(-1), floats, rtol=1e-12, atol=0.0)

    assert gradcheck(row.apply, list(arrays))


@ROWS
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_value_and_tensor_columns_agree(row: MathFn, data: st.DataObject) -> None:
    xs = data.draw(st.tuples(*row.domain))
    values = [Value(x) for x in xs]
    tensors = [Tensor(x, requires_grad=True) for x in xs]
    v_out, t_out = row.apply(*values), row.apply(*tensors)
    # abs_tol: 1 - tanh(x)^2 near x = 20 cancels to ~1e-17, where math.tanh and np.tanh may differ by an ulp
    assert math.isclose(v_out.data, t_out.item(), rel_tol=1e-12, abs_tol=1e-12)
    v_out.backward()
    t_out.backward()
    for v, t in zip(values, tensors):
        assert math.isclose(v.grad, float(t.grad), rel_tol=1e-12, abs_tol=1e-12), (row.name, v.grad, t.grad)


@ROWS
def test_row_keeps_float32(row: MathFn) -> None:
    rng = np.random.default_rng(0)
    arrays = [np.array([rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.5) for _ in range(3)]) for _ in row.domain]
    if row.name in ("log", "sqrt", "sqrt_method", "pow_1.5", "pow"):
        arrays[0] = np.abs(arrays[0])
    tensors = [Tensor(a, dtype=np.float32, requires_grad=True) for a in arrays]
    out = row.apply(*tensors)
    assert out.dtype == np.float32
    out.sum().backward()
    assert all(t.grad.dtype == np.float32 for t in tensors)
    np.testing.assert_allclose(out.data, row.numpy_reference(*[t.data.astype(np.float64) for t in tensors]), rtol=1e-5)
