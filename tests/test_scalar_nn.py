"""Scalar neural networks: Neuron, Layer, MLP, the logit loss, and a network that really trains."""

from __future__ import annotations

import math
import random
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_mini import Value, data, nn
from autograd_mini.gradcheck import gradcheck
from autograd_mini.scalar import MLP, Layer, Module, Neuron, binary_cross_entropy_with_logits, cross_entropy, softmax


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


ACTIVATION_REFERENCE = {
    "linear": lambda z: z,
    "relu": lambda z: max(z, 0.0),
    "sigmoid": _sigmoid,
    "tanh": math.tanh,
}


# ------------------------------------------------------------------ Neuron
@pytest.mark.parametrize("activation", sorted(ACTIVATION_REFERENCE))
@pytest.mark.parametrize("x", [[1.0, 2.0], [-1.0, 2.0]], ids=["z=0.1", "z=-0.9"])  # both sides of relu
def test_neuron_computes_activation_of_weighted_sum(activation: str, x: list[float]) -> None:
    n = Neuron(2, activation=activation, _init=(np.array([0.5, -0.25]), 0.1))
    z = 0.5 * x[0] - 0.25 * x[1] + 0.1
    assert n.w[0].data == 0.5 and n.w[1].data == -0.25 and n.b.data == 0.1
    out = n(x)
    assert isinstance(out, Value)
    assert out.data == pytest.approx(ACTIVATION_REFERENCE[activation](z), rel=1e-15, abs=1e-15)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "linear", "relu"])
def test_neuron_gradients_match_finite_differences(activation: str) -> None:
    # parameters and inputs all as gradcheck inputs: f(w1, w2, b, x1, x2) = neuron(x)
    def f(w1: Value, w2: Value, b: Value, x1: Value, x2: Value) -> Value:
        n = Neuron(2, activation=activation)
        n.w, n.b = [w1, w2], b
        return n([x1, x2])

    assert gradcheck(f, [0.7, -1.3, 0.4, 1.1, 0.6])


def test_default_activation_is_relu_and_micrograd_nonlin_spelling_works() -> None:
    assert Neuron(3).activation == "relu"
    assert Neuron(3, nonlin=False).activation == "linear"
    assert Neuron(3, nonlin=True).activation == "relu"
    assert Layer(3, 2, nonlin=False).neurons[1].activation == "linear"


def test_neuron_input_length_is_checked() -> None:
    with pytest.raises(ValueError, match="expects 3 inputs but got 2"):
        Neuron(3)([1.0, 2.0])


@pytest.mark.parametrize(
    "make",
    [
        lambda: Neuron(2, activation="sigmod"),
        lambda: Layer(2, 3, activation="sigmod"),
        lambda: MLP(2, [3, 1], activation="sigmod"),
        lambda: MLP(2, [3, 1], output_activation="sigmod"),
    ],
    ids=["Neuron", "Layer", "MLP-hidden", "MLP-output"],
)
def test_bad_activation_name_raises_value_error(make) -> None:
    with pytest.raises(ValueError) as info:
        make()
    message = str(info.value)
    assert "'sigmod'" in message
    for name in ACTIVATION_REFERENCE:
        assert name in message  # the choices are listed


# ------------------------------------------------------------------ parameters
@pytest.mark.parametrize(
    "module, count",
    [
        (Neuron(3), 4),
        (Layer(3, 2), 8),
        (MLP(2, [16, 16, 1]), 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1),  # 337, as in micrograd's demo
        (MLP(3, [4, 4, 1]), 41),  # the lecture's network
    ],
    ids=["Neuron", "Layer", "MLP-2-16-16-1", "MLP-3-4-4-1"],
)
def test_parameter_count(module: Module, count: int) -> None:
    params = module.parameters()
    assert len(params) == count
    assert len({id(p) for p in params}) == count  # no parameter listed twice
    assert all(isinstance(p, Value) and not p._prev for p in params)  # leaves


def test_module_base_has_no_parameters() -> None:
    assert Module().parameters() == []


def test_parameters_follow_micrograd_layout() -> None:
    model = MLP(2, [3, 1], seed=0)
    expected = [p for layer in model.layers for n in layer.neurons for p in [*n.w, n.b]]
    assert [id(p) for p in model.parameters()] == [id(p) for p in expected]


def test_micrograd_style_attributes_are_the_live_parameters() -> None:
    model = MLP(2, [3, 1], seed=0)
    n = model.layers[1].neurons[0]
    assert len(model.layers) == 2 and len(model.layers[0].neurons) == 3
    assert len(n.w) == 3 and isinstance(n.b, Value)
    before = model([0.5, -0.5]).data
    n.b.data += 1.0  # the output neuron is linear: the output moves by exactly the bias change
    assert model([0.5, -0.5]).data == pytest.approx(before + 1.0, rel=1e-15)
    model.layers[0].neurons[0].w[0].data = 0.0
    assert any(p is model.layers[0].neurons[0].w[0] for p in model.parameters())


def test_mlp_activations_relu_hidden_linear_output_by_default() -> None:
    model = MLP(2, [4, 4, 1])
    assert [n.activation for layer in model.layers for n in layer.neurons] == ["relu"] * 8 + ["linear"]
    probs = MLP(2, [4, 2], output_activation="sigmoid")([3.0, -2.0])
    assert all(0.0 < p.data < 1.0 for p in probs)


def test_mlp_rejects_bad_sizes() -> None:
    for sizes in (3, []):
        with pytest.raises(ValueError, match="sizes"):
            MLP(2, sizes)


def test_zero_grad_clears_every_parameter() -> None:
    model = MLP(2, [4, 1], output_activation="tanh", seed=0)
    model([1.0, -2.0]).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_mlp_parameter_gradients_match_finite_differences() -> None:
    # backward() through a whole network vs nudging each parameter by hand
    model = MLP(2, [3, 1], activation="tanh", seed=1)
    x, target, eps = [0.8, -0.4], 1.0, 1e-6

    def loss() -> Value:
        return binary_cross_entropy_with_logits(model(x), target)

    model.zero_grad()
    loss().backward()
    for p in model.parameters():
        p.data += eps
        up = loss().data
        p.data -= 2 * eps
        down = loss().data
        p.data += eps
        assert p.grad == pytest.approx((up - down) / (2 * eps), rel=1e-4, abs=1e-6)


# ------------------------------------------------------------------ the loss on a logit
@pytest.mark.parametrize("z", [-3.0, -0.2, 0.0, 0.7, 4.0])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_bce_with_logits_matches_textbook_formula_and_gradient(z: float, y: float) -> None:
    p = _sigmoid(z)
    expected = -(y * math.log(p) + (1 - y) * math.log(1 - p))
    assert binary_cross_entropy_with_logits(Value(z), y).data == pytest.approx(expected, rel=1e-12)
    assert gradcheck(lambda v: binary_cross_entropy_with_logits(v, y), [z])
    logit = Value(z)
    binary_cross_entropy_with_logits(logit, y).backward()
    assert logit.grad == pytest.approx(p - y, rel=1e-12, abs=1e-15)  # the famous sigmoid(z) - y


# ------------------------------------------------------------------ it trains
def test_scalar_mlp_trains_on_moons_to_95_percent() -> None:
    """MLP(2, [16, 16, 1]) on 100 moons points, full batch, mean BCE on the logit.

    Adam written out by hand (so this test needs nothing but the engine): plain SGD also gets
    there, but its constant step oscillates around 95%, or needs a decaying rate and more steps
    (the micrograd demo in test_micrograd_compat.py does exactly that).
    """
    X, y = data.make_moons(100, noise=0.1, seed=0)
    rows, targets = X.tolist(), y.tolist()
    model = MLP(2, [16, 16, 1], seed=0)
    params = model.parameters()
    lr, beta1, beta2, tiny = 0.05, 0.9, 0.999, 1e-8
    m = [0.0] * len(params)
    v = [0.0] * len(params)

    def accuracy() -> float:
        return sum((model(r).data > 0) == (t == 1.0) for r, t in zip(rows, targets)) / len(rows)

    start = time.perf_counter()
    initial = accuracy()
    losses = []
    for step in range(1, 51):
        loss = Value.sum([binary_cross_entropy_with_logits(model(r), t) for r, t in zip(rows, targets)]) * (
            1.0 / len(rows)
        )
        model.zero_grad()
        loss.backward()
        losses.append(loss.data)
        for i, p in enumerate(params):
            m[i] = beta1 * m[i] + (1 - beta1) * p.grad
            v[i] = beta2 * v[i] + (1 - beta2) * p.grad * p.grad
            m_hat, v_hat = m[i] / (1 - beta1**step), v[i] / (1 - beta2**step)
            p.data -= lr * m_hat / (math.sqrt(v_hat) + tiny)
    final = accuracy()
    print(f"\nscalar MLP on 100 moons: accuracy {initial:.2f} -> {final:.2f}, loss {losses[0]:.3f} -> "
          f"{losses[-1]:.3f}, 50 Adam steps in {time.perf_counter() - start:.1f} s")
    assert final >= 0.95
    assert losses[-1] < 0.5 * losses[0]


# ------------------------------------------------------------------ initial weights (issue 9)
def _weights(model: Module) -> list[float]:
    return [p.data for p in model.parameters()]


def test_default_init_draws_like_micrograd_from_pythons_random() -> None:
    # micrograd: Neuron weights random.uniform(-1, 1) in order, bias Value(0); layer by layer
    random.seed(1337)
    expected = []
    for nin, nout in ((2, 16), (16, 16), (16, 1)):
        for _ in range(nout):
            expected += [random.uniform(-1, 1) for _ in range(nin)] + [0.0]
    random.seed(1337)
    assert _weights(MLP(2, [16, 16, 1])) == expected
    random.seed(5)
    w = [random.uniform(-1, 1) for _ in range(3)]
    random.seed(5)
    assert _weights(Neuron(3)) == [*w, 0.0]
    random.seed(5)
    assert _weights(Layer(3, 1)) == [*w, 0.0]


def test_default_init_gives_fresh_weights_and_follows_random_seed() -> None:
    assert _weights(MLP(2, [4, 1])) != _weights(MLP(2, [4, 1]))
    random.seed(0)
    first = _weights(MLP(2, [4, 1]))
    random.seed(0)
    assert _weights(MLP(2, [4, 1])) == first


def test_seeded_init_is_the_tensor_engines_and_ignores_pythons_random() -> None:
    random.seed(1)
    s = MLP(2, [16, 1], seed=3)
    random.seed(2)
    assert _weights(MLP(2, [16, 1], seed=3)) == _weights(s)
    t = nn.MLP(2, [16, 1], seed=3)
    expected = [x for linear in t.linears for row, b in zip(linear.weight.data, linear.bias.data) for x in [*row, b]]
    assert _weights(s) == [float(x) for x in expected]
    assert all(abs(w) <= 1 / math.sqrt(2) for w in _weights(s)[:48])  # PyTorch's bound 1/sqrt(nin)


@pytest.mark.parametrize("make", [lambda: Neuron(0), lambda: Layer(2, 0), lambda: MLP(2, [0, 1]), lambda: Neuron(2.5)])
def test_bad_sizes_are_refused_with_either_init(make) -> None:
    with pytest.raises(ValueError, match="must be a positive integer"):
        make()


def test_repr_is_micrograds() -> None:
    assert repr(MLP(2, [2, 1], seed=0)) == "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]"
    assert repr(Neuron(3, activation="tanh", seed=0)) == "TanhNeuron(3)"


# ------------------------------------------------------------------ softmax and cross-entropy (issue 9)
LOGITS = st.lists(st.floats(-20, 20), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(zs=LOGITS)
def test_softmax_is_probabilities_and_matches_numpy(zs: list[float]) -> None:
    probs = softmax([Value(z) for z in zs])
    e = np.exp(np.array(zs) - max(zs))
    np.testing.assert_allclose([p.data for p in probs], e / e.sum(), rtol=1e-12, atol=1e-15)
    assert math.isclose(math.fsum(p.data for p in probs), 1.0, rel_tol=1e-12)


@settings(max_examples=40, deadline=None)
@given(zs=LOGITS, data=st.data())
def test_softmax_and_cross_entropy_gradients_match_finite_differences(zs: list[float], data) -> None:
    target = data.draw(st.integers(0, len(zs) - 1), label="target")
    weights = [0.3 * (i + 1) for i in range(len(zs))]  # so every output's gradient matters
    assert gradcheck(lambda *v: Value.sum(w * p for w, p in zip(weights, softmax(v))), zs)
    assert gradcheck(lambda *v: cross_entropy(list(v), target), zs)


@settings(max_examples=40, deadline=None)
@given(zs=LOGITS, data=st.data())
def test_cross_entropy_equals_minus_log_softmax_and_the_tensor_engines(zs: list[float], data) -> None:
    from autograd_mini import Tensor
    from autograd_mini.nn import functional as F

    target = data.draw(st.integers(0, len(zs) - 1), label="target")
    logits = [Value(z) for z in zs]
    loss = cross_entropy(logits, target)
    loss.backward()
    assert math.isclose(loss.data, -softmax(zs)[target].log().data, rel_tol=1e-9, abs_tol=1e-12)
    t = Tensor(np.array([zs]), requires_grad=True)
    t_loss = F.cross_entropy(t, np.array([target]))
    t_loss.backward()
    assert math.isclose(loss.data, float(t_loss.data), rel_tol=1e-12, abs_tol=1e-14)
    grad = t.grad.data if isinstance(t.grad, Tensor) else t.grad  # .grad is becoming a Tensor (issue 9)
    np.testing.assert_allclose([v.grad for v in logits], grad[0], rtol=1e-12, atol=1e-14)


@pytest.mark.torch
@settings(max_examples=30, deadline=None)
@given(zs=LOGITS, data=st.data())
def test_cross_entropy_matches_pytorch_float64(zs: list[float], data) -> None:
    torch = pytest.importorskip("torch")
    target = data.draw(st.integers(0, len(zs) - 1), label="target")
    logits = [Value(z) for z in zs]
    loss = cross_entropy(logits, target)
    loss.backward()
    t = torch.tensor([zs], dtype=torch.float64, requires_grad=True)
    t_loss = torch.nn.functional.cross_entropy(t, torch.tensor([target]))
    t_loss.backward()
    assert math.isclose(loss.data, t_loss.item(), rel_tol=1e-12, abs_tol=1e-14)
    np.testing.assert_allclose([v.grad for v in logits], t.grad[0].numpy(), rtol=1e-12, atol=1e-14)


def test_softmax_and_cross_entropy_do_not_overflow() -> None:
    big = [Value(1000.0), Value(0.0), Value(-1000.0)]
    assert [p.data for p in softmax(big)] == [1.0, 0.0, 0.0]
    loss = cross_entropy(big, 1)
    loss.backward()
    assert loss.data == 1000.0 and [v.grad for v in big] == [1.0, -1.0, 0.0]


def test_a_scalar_mlp_with_k_outputs_trains_on_cross_entropy() -> None:
    X, y = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.0], [0.0, -2.0]]), [0, 1, 2, 2]
    model = MLP(2, [8, 3], activation="tanh", seed=0)
    losses = []
    for _ in range(60):
        loss = Value.sum(cross_entropy(model(list(x)), t) for x, t in zip(X, y)) * (1.0 / len(y))
        model.zero_grad()
        loss.backward()
        losses.append(loss.data)
        for p in model.parameters():
            p.data -= 0.5 * p.grad
    assert losses[-1] < 0.1 * losses[0]
    assert [max(range(3), key=lambda k: model(list(x))[k].data) for x in X] == y


@pytest.mark.parametrize(
    "logits, target, error, words",
    [
        ([Value(1.0), Value(2.0)], True, TypeError, ["class index", "True", "bool"]),
        ([Value(1.0), Value(2.0)], 1.0, TypeError, ["class index", "1.0", "int(label)"]),
        ([Value(1.0), Value(2.0)], "1", TypeError, ["class index", "'1'", "str"]),
        ([Value(1.0), Value(2.0)], 2, ValueError, ["target class 2", "2 logits", "0..1"]),
        ([Value(1.0), Value(2.0)], -1, ValueError, ["target class -1"]),
        (Value(1.0), 0, TypeError, ["list of Values", "one Value"]),
        ([], 0, TypeError, ["non-empty list"]),
    ],
    ids=["bool", "float", "str", "too_big", "negative", "one_value", "empty"],
)
def test_cross_entropy_refuses_bad_targets_and_logits(logits, target, error, words: list[str]) -> None:
    with pytest.raises(error) as info:
        cross_entropy(logits, target)
    for word in words:
        assert word in str(info.value), (word, str(info.value))
    assert cross_entropy([Value(1.0), Value(2.0)], np.int64(1)).data == pytest.approx(math.log1p(math.exp(-1.0)))
