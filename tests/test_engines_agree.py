"""The scalar and the tensor engine agree: the same MLP gives the same outputs and gradients within 1e-10.

`scalar.MLP(2, [16, 16, 1], seed=s)` and `nn.MLP(2, [16, 16, 1], seed=s)` draw their weights from
the same generator in the same order (autograd_mini.init), so they start from the same numbers by
design; that is checked first, then outputs, the loss and every parameter's gradient.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_mini import Tensor, Value, fit, nn, scalar
from autograd_mini.nn import functional as F

TOL = 1e-10
SEEDS = st.integers(0, 2**32 - 1)


def points(n_max: int = 6) -> st.SearchStrategy[np.ndarray]:
    return hnp.arrays(np.float64, st.tuples(st.integers(1, n_max), st.just(2)), elements=st.floats(-3, 3))


def pairs(scalar_model: scalar.MLP, tensor_model: nn.MLP) -> list[tuple[Value, float, str, tuple[int, ...]]]:
    """(scalar parameter, tensor parameter, name, index) for every weight and bias, matched up."""
    out = []
    for i, (layer, linear) in enumerate(zip(scalar_model.layers, tensor_model.linears)):
        for j, neuron in enumerate(layer.neurons):
            for k, w in enumerate(neuron.w):
                out.append((w, linear.weight, f"layer {i} weight", (j, k)))
            out.append((neuron.b, linear.bias, f"layer {i} bias", (j,)))
    return out


@settings(max_examples=20, deadline=None)
@given(seed=SEEDS)
def test_same_seed_same_weights(seed: int) -> None:
    s, t = scalar.MLP(2, [16, 16, 1], seed=seed), nn.MLP(2, [16, 16, 1], seed=seed)
    matched = pairs(s, t)
    assert len(matched) == len(s.parameters()) == t.num_parameters() == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1
    for v, p, name, index in matched:
        assert v.data == p.data[index], (name, index)  # exactly: the same draws


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leaky_relu"])
@settings(max_examples=15, deadline=None)
@given(seed=SEEDS, X=points(), data=st.data())
def test_outputs_and_gradients_agree(activation: str, seed: int, X: np.ndarray, data: st.DataObject) -> None:
    y = data.draw(hnp.arrays(np.float64, len(X), elements=st.sampled_from([0.0, 1.0])), label="labels")
    s = scalar.MLP(2, [16, 16, 1], activation=activation, seed=seed)
    t = nn.MLP(2, [16, 16, 1], activation=activation, seed=seed)

    # forward, point by point
    t_out = t(Tensor(X))
    s_out = [s(list(row)) for row in X.tolist()]
    np.testing.assert_allclose(t_out.data[:, 0], [o.data for o in s_out], rtol=0, atol=TOL)

    # the mean BCE-with-logits loss and its gradient for every parameter
    s_loss = Value.sum([scalar.binary_cross_entropy_with_logits(o, target) for o, target in zip(s_out, y)]) * (1 / len(X))
    t_loss = F.binary_cross_entropy_with_logits(t_out, y[:, None])
    assert abs(s_loss.data - t_loss.item()) <= TOL
    s_loss.backward()
    t_loss.backward()
    for v, p, name, index in pairs(s, t):
        assert abs(v.grad - p.grad[index]) <= TOL, (name, index, v.grad, p.grad[index])


@settings(max_examples=10, deadline=None)
@given(seed=SEEDS, x=hnp.arrays(np.float64, 2, elements=st.floats(-3, 3)))
def test_gradient_of_the_raw_output_agrees(seed: int, x: np.ndarray) -> None:
    """No loss in between: d output / d parameter, the quantity a scene draws on the graph."""
    s, t = scalar.MLP(2, [16, 16, 1], seed=seed), nn.MLP(2, [16, 16, 1], seed=seed)
    s_out, t_out = s(list(x)), t(Tensor(x[None, :]))
    assert abs(s_out.data - t_out.item()) <= TOL
    s_out.backward()
    t_out.backward()
    for v, p, name, index in pairs(s, t):
        assert abs(v.grad - p.grad[index]) <= TOL, (name, index)


def test_training_with_fit_stays_together() -> None:
    """A few full-batch SGD epochs through fit: both engines walk the same path."""
    from autograd_mini.data import make_moons

    X, y = make_moons(20, seed=3)
    s, t = scalar.MLP(2, [8, 1], seed=5), nn.MLP(2, [8, 1], seed=5)
    hs = fit(s, X, y, lr=0.5, epochs=5, progress=False)
    ht = fit(t, X, y, lr=0.5, epochs=5, progress=False)
    np.testing.assert_allclose(hs.loss, ht.loss, rtol=0, atol=TOL)
    for v, p, name, index in pairs(s, t):
        assert abs(v.data - p.data[index]) <= TOL, (name, index)
