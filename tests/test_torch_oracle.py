"""PyTorch as the oracle: every Tensor op, the losses and the optimizers, side by side with torch (float64).

Runs only where torch is installed (CI installs torch==2.13.0 CPU for the `torch` marker); elsewhere
the whole module is skipped, cleanly, at import. For random shapes (the same strategies as the
finite-difference suite) each op's forward values and its gradients, for a random upstream gradient,
must equal PyTorch's within float64 rounding. The optimizers step beside torch.optim for several
steps from the same start with the same gradients, and a whole training step of the lesson's MLP
is compared with the same network built in torch.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

torch = pytest.importorskip("torch")

from autograd_mini import Tensor, concat, nn, optim, stack  # noqa: E402
from autograd_mini.data import make_moons  # noqa: E402
from autograd_mini.nn import functional as F  # noqa: E402
from tensor_strategies import (  # noqa: E402
    BROADCAST_PAIRS, MATMUL_KINDS, NONEMPTY_DIMS, SHAPES, arrays, away_from_zero, distinct_arrays, matmul_shapes,
)

pytestmark = pytest.mark.torch
torch.set_num_threads(1)
TF = torch.nn.functional
PROPERTY = settings(max_examples=20, deadline=None)
RTOL, ATOL = 1e-10, 1e-12


def side_by_side(ours, theirs, *inputs: np.ndarray, rtol: float = RTOL, atol: float = ATOL) -> None:
    """Run `ours` on Tensors and `theirs` on torch tensors; compare outputs and input gradients."""
    mine = [Tensor(x, requires_grad=True) for x in inputs]
    torchs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    out, expected = ours(*mine), theirs(*torchs)
    assert out.shape == tuple(expected.shape), (out.shape, tuple(expected.shape))
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=rtol, atol=atol, err_msg="forward")
    upstream = np.random.default_rng(0).uniform(-1, 1, size=out.shape)
    out.backward(gradient=upstream)
    expected.backward(torch.tensor(upstream))
    for i, (m, t) in enumerate(zip(mine, torchs)):
        got = np.zeros(m.shape) if m.grad is None else m.grad
        want = np.zeros(m.shape) if t.grad is None else t.grad.numpy()
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=f"gradient of input {i}")


# ---------------------------------------------------------------- elementwise and broadcasting
BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
    "pow": (lambda a, b: a**b, lambda a, b: a**b),
}


@pytest.mark.parametrize("name", BINARY)
@PROPERTY
@given(shapes=BROADCAST_PAIRS, data=st.data())
def test_binary_ops(name: str, shapes, data: st.DataObject) -> None:
    a_shape, b_shape = shapes.input_shapes
    a = data.draw(arrays(a_shape, 0.5, 3.0) if name == "pow" else arrays(a_shape))
    b = data.draw(away_from_zero(b_shape, gap=0.5) if name == "div" else arrays(b_shape, -2.0, 2.0))
    side_by_side(*BINARY[name], a, b)


UNARY = {
    "neg": (lambda x: -x, lambda x: -x, arrays),
    "exp": (lambda x: x.exp(), torch.exp, arrays),
    "log": (lambda x: x.log(), torch.log, lambda s: arrays(s, 0.1, 5.0)),
    "sqrt": (lambda x: x.sqrt(), torch.sqrt, lambda s: arrays(s, 0.1, 5.0)),
    "tanh": (lambda x: x.tanh(), torch.tanh, arrays),
    "sigmoid": (lambda x: x.sigmoid(), torch.sigmoid, arrays),
    "relu": (lambda x: x.relu(), torch.relu, away_from_zero),
    "leaky_relu": (lambda x: x.leaky_relu(), TF.leaky_relu, away_from_zero),
    "leaky_relu_0.2": (lambda x: x.leaky_relu(0.2), lambda x: TF.leaky_relu(x, 0.2), away_from_zero),
    "softplus": (lambda x: x.softplus(), TF.softplus, arrays),
    "abs": (lambda x: abs(x), torch.abs, away_from_zero),
    "square": (lambda x: x**2, lambda x: x**2, arrays),
    "cube": (lambda x: x**3, lambda x: x**3, arrays),
    "reciprocal": (lambda x: x**-1, lambda x: x**-1, away_from_zero),
    "pow_1.5": (lambda x: x**1.5, lambda x: x**1.5, lambda s: arrays(s, 0.1, 5.0)),
    "rpow": (lambda x: 2.0**x, lambda x: 2.0**x, arrays),
    "rsub_rdiv": (lambda x: 1.5 - 3.0 / x, lambda x: 1.5 - 3.0 / x, away_from_zero),
}


@pytest.mark.parametrize("name", UNARY)
@PROPERTY
@given(shape=SHAPES, data=st.data())
def test_unary_ops(name: str, shape, data: st.DataObject) -> None:
    ours, theirs, domain = UNARY[name]
    side_by_side(ours, theirs, data.draw(domain(shape)))


def test_pow_at_zero_matches_pytorch() -> None:
    x = np.array([0.0, 0.0, 2.0])
    side_by_side(lambda t: t**0 + t**2 + t**1, lambda t: t**0 + t**2 + t**1, x)
    side_by_side(lambda t, n: t**n, lambda t, n: t**n, x, np.array([0.0, 2.0, 0.0]))


# ---------------------------------------------------------------- matmul
@pytest.mark.parametrize("kind", MATMUL_KINDS)
@PROPERTY
@given(data=st.data())
def test_matmul(kind: str, data: st.DataObject) -> None:
    a_shape, b_shape = data.draw(matmul_shapes(kind))
    side_by_side(lambda a, b: a @ b, lambda a, b: a @ b, data.draw(arrays(a_shape)), data.draw(arrays(b_shape)))


# ---------------------------------------------------------------- reductions
@pytest.mark.parametrize("name", ["sum", "mean", "max", "min"])
@PROPERTY
@given(shape=NONEMPTY_DIMS, keepdim=st.booleans(), ties=st.booleans(), data=st.data())
def test_reductions(name: str, shape, keepdim: bool, ties: bool, data: st.DataObject) -> None:
    ndim = len(shape)
    axis = data.draw(st.one_of(st.none(), st.integers(-ndim, ndim - 1), hnp.valid_tuple_axes(ndim, min_size=1)))
    if ties:  # few distinct values: max/min share the gradient among ties, as torch.amax/amin do
        x = data.draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([-1.0, 0.0, 2.0])))
    else:
        x = data.draw(distinct_arrays(shape))
    dims = tuple(range(ndim)) if axis is None else axis
    theirs = {
        "sum": lambda t: t.sum(dim=dims, keepdim=keepdim),
        "mean": lambda t: t.mean(dim=dims, keepdim=keepdim),
        "max": lambda t: torch.amax(t, dim=dims, keepdim=keepdim),
        "min": lambda t: torch.amin(t, dim=dims, keepdim=keepdim),
    }[name]
    ours = {"max": "amax", "min": "amin"}.get(name, name)  # max(dim) returns (values, indices): tested below
    side_by_side(lambda t: getattr(t, ours)(dim=axis, keepdim=keepdim), theirs, x)


def test_reductions_of_a_0d_tensor() -> None:
    side_by_side(lambda t: t.sum() + t.mean() * 2 + t.max() * 3, lambda t: t.sum() + t.mean() * 2 + t.amax() * 3,
                 np.array(1.5))


# ---------------------------------------------------------------- shapes and indexing
@PROPERTY
@given(shape=SHAPES, data=st.data())
def test_reshape_transpose_permute(shape, data: st.DataObject) -> None:
    x = data.draw(arrays(shape))
    perm = tuple(data.draw(st.permutations(range(len(shape)))))
    side_by_side(lambda t: t.reshape(-1), lambda t: t.reshape(-1), x)
    side_by_side(lambda t: t.transpose(perm), lambda t: t.permute(perm), x)
    side_by_side(lambda t: t.reshape(tuple(reversed(shape))).T,
                 lambda t: t.reshape(tuple(reversed(shape))).permute(tuple(reversed(range(len(shape))))), x)
    if len(shape) >= 2:
        side_by_side(lambda t: t.transpose(0, -1), lambda t: t.transpose(0, -1), x)


@PROPERTY
@given(shape=NONEMPTY_DIMS, data=st.data())
def test_indexing(shape, data: st.DataObject) -> None:
    x = data.draw(arrays(shape))
    index = data.draw(hnp.integer_array_indices(shape, result_shape=hnp.array_shapes(min_dims=1, max_dims=2, max_side=5)))
    torch_index = tuple(torch.as_tensor(i) for i in index)
    side_by_side(lambda t: t[index], lambda t: t[torch_index], x)
    start = data.draw(st.integers(0, shape[0] - 1))
    side_by_side(lambda t: t[start:, ...], lambda t: t[start:, ...], x)
    side_by_side(lambda t: t[..., ::2], lambda t: t[..., ::2], x)
    side_by_side(lambda t: t[None, start], lambda t: t[None, start], x)


@PROPERTY
@given(base=NONEMPTY_DIMS, data=st.data())
def test_concat_and_stack(base, data: st.DataObject) -> None:
    axis = data.draw(st.integers(-len(base), len(base) - 1))
    other = list(base)
    other[axis] = data.draw(st.integers(1, 3))
    a, b, c = data.draw(arrays(base)), data.draw(arrays(tuple(other))), data.draw(arrays(base))
    side_by_side(lambda x, y: concat([x, y, x], dim=axis), lambda x, y: torch.cat([x, y, x], dim=axis), a, b)
    side_by_side(lambda x, y: stack([x, y], dim=axis), lambda x, y: torch.stack([x, y], dim=axis), a, c)


# ---------------------------------------------------------------- softmax family
@PROPERTY
@given(shape=NONEMPTY_DIMS, keepdim=st.booleans(), big=st.booleans(), data=st.data())
def test_softmax_log_softmax_logsumexp(shape, keepdim: bool, big: bool, data: st.DataObject) -> None:
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    x = data.draw(arrays(shape, -5.0, 5.0)) * (200.0 if big else 1.0)  # up to +-1000: stability
    side_by_side(lambda t: t.softmax(dim=axis), lambda t: torch.softmax(t, dim=axis), x)
    side_by_side(lambda t: t.log_softmax(dim=axis), lambda t: torch.log_softmax(t, dim=axis), x)
    side_by_side(lambda t: t.logsumexp(dim=axis, keepdim=keepdim),
                 lambda t: torch.logsumexp(t, dim=axis, keepdim=keepdim), x)


# ---------------------------------------------------------------- losses
@PROPERTY
@given(n=st.integers(1, 8), data=st.data())
def test_losses(n: int, data: st.DataObject) -> None:
    y = data.draw(hnp.arrays(np.float64, n, elements=st.sampled_from([0.0, 1.0])))
    yt = torch.tensor(y)
    z = data.draw(arrays((n, 1), -8.0, 8.0))
    side_by_side(lambda t: F.binary_cross_entropy_with_logits(t, y[:, None]),
                 lambda t: TF.binary_cross_entropy_with_logits(t[:, 0], yt), z)
    p = data.draw(arrays((n,), 0.01, 0.99))
    side_by_side(lambda t: F.binary_cross_entropy(t, y), lambda t: TF.binary_cross_entropy(t, yt), p)
    out, target = data.draw(arrays((n, 1))), data.draw(arrays((n, 1)))
    side_by_side(lambda a, b: F.mse_loss(a, b), lambda a, b: TF.mse_loss(a, b), out, target)
    scores = data.draw(away_from_zero((n,), gap=0.01, hi=0.9))
    side_by_side(lambda t: F.hinge_loss(t, y), lambda t: torch.clamp(1 - (2 * yt - 1) * t, min=0).mean(), scores)


@PROPERTY
@given(n=st.integers(1, 6), c=st.integers(2, 5), big=st.booleans(), data=st.data())
def test_cross_entropy(n: int, c: int, big: bool, data: st.DataObject) -> None:
    logits = data.draw(arrays((n, c), -5.0, 5.0)) * (200.0 if big else 1.0)
    classes = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, c - 1)))
    side_by_side(lambda t: F.cross_entropy(t, classes), lambda t: TF.cross_entropy(t, torch.tensor(classes)), logits)


def test_bce_with_logits_at_plus_minus_1000() -> None:
    z = np.array([[1000.0], [-1000.0], [1000.0], [-1000.0], [0.0]])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    side_by_side(lambda t: F.binary_cross_entropy_with_logits(t, y[:, None]),
                 lambda t: TF.binary_cross_entropy_with_logits(t[:, 0], torch.tensor(y)), z)


def test_bce_clamps_its_logs_like_pytorch() -> None:
    p, y = np.array([0.0, 1.0, 0.5]), np.array([1.0, 0.0, 1.0])
    ours = F.binary_cross_entropy(Tensor(p), y).item()
    assert ours == pytest.approx(TF.binary_cross_entropy(torch.tensor(p), torch.tensor(y)).item(), rel=1e-12)


# ---------------------------------------------------------------- float32
FLOAT32 = {
    "tanh": (lambda t: t.tanh(), torch.tanh), "sigmoid": (lambda t: t.sigmoid(), torch.sigmoid),
    "softplus": (lambda t: t.softplus(), TF.softplus), "exp": (lambda t: t.exp(), torch.exp),
    "relu": (lambda t: t.relu(), torch.relu), "softmax": (lambda t: t.softmax(dim=1), lambda t: torch.softmax(t, 1)),
    "matmul": (lambda t: t @ t.T, lambda t: t @ t.T), "max": (lambda t: t.amax(dim=0), lambda t: t.amax(dim=0)),
}


@pytest.mark.parametrize("name", FLOAT32)
def test_float32_forward_and_gradient(name: str) -> None:
    x = np.random.default_rng(0).normal(size=(4, 3)).astype(np.float32)
    mine = Tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    out, expected = FLOAT32[name][0](mine), FLOAT32[name][1](theirs)
    assert out.dtype == np.float32 and expected.dtype == torch.float32
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-6, atol=1e-6)
    out.sum().backward()
    expected.sum().backward()
    np.testing.assert_allclose(mine.grad, theirs.grad.numpy(), rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------- optimizers, step by step
OPTIMIZERS = {
    "sgd": (lambda ps: optim.SGD(ps, lr=0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    "sgd_momentum": (lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9),
                     lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
    "sgd_nesterov": (lambda ps: optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True),
                     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True)),
    "sgd_dampening": (lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.3),
                      lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.3)),
    "sgd_weight_decay": (lambda ps: optim.SGD(ps, lr=0.1, momentum=0.5, weight_decay=0.01),
                         lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.5, weight_decay=0.01)),
    "adam": (lambda ps: optim.Adam(ps, lr=0.01), lambda ps: torch.optim.Adam(ps, lr=0.01)),
    "adam_betas_eps": (lambda ps: optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-6),
                       lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-6)),
    "adam_weight_decay": (lambda ps: optim.Adam(ps, lr=0.01, weight_decay=0.1),
                          lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1)),
    "adamw": (lambda ps: optim.AdamW(ps, lr=0.01), lambda ps: torch.optim.AdamW(ps, lr=0.01)),
    "adamw_weight_decay": (lambda ps: optim.AdamW(ps, lr=0.01, weight_decay=0.3),
                           lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.3)),
}


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_steps_match_torch_optim(name: str) -> None:
    """Eight steps on a loss whose gradients change every step; the parameters stay equal."""
    make_ours, make_theirs = OPTIMIZERS[name]
    rng = np.random.default_rng(1)
    starts = [rng.normal(size=(3, 2)), rng.normal(size=(2,))]
    A = rng.normal(size=(5, 3))
    mine = [nn.Parameter(s) for s in starts]
    theirs = [torch.tensor(s, requires_grad=True) for s in starts]
    opt_mine, opt_theirs = make_ours(mine), make_theirs(theirs)
    for step in range(8):
        opt_mine.zero_grad()
        opt_theirs.zero_grad()
        ((Tensor(A) @ mine[0] + mine[1]).tanh() ** 2).sum().backward()
        ((torch.tensor(A) @ theirs[0] + theirs[1]).tanh() ** 2).sum().backward()
        opt_mine.step()
        opt_theirs.step()
        for m, t in zip(mine, theirs):
            np.testing.assert_allclose(m.data, t.detach().numpy(), rtol=1e-12, atol=1e-13, err_msg=f"step {step + 1}")


# ---------------------------------------------------------------- a whole training step
def torch_copy(model: nn.Sequential) -> "torch.nn.Sequential":
    """The same network in torch, with the same weights."""
    layers = []
    for m in model.layers:
        if isinstance(m, nn.Linear):
            linear = torch.nn.Linear(m.in_features, m.out_features, dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(torch.tensor(m.weight.data))
                linear.bias.copy_(torch.tensor(m.bias.data))
            layers.append(linear)
        else:
            layers.append({"ReLU": torch.nn.ReLU, "Tanh": torch.nn.Tanh, "Sigmoid": torch.nn.Sigmoid}[type(m).__name__]())
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_training_the_lesson_mlp_matches_torch(activation: str) -> None:
    X, y = make_moons(100, seed=0)
    model = nn.MLP(2, [16, 16, 1], activation=activation, seed=0)
    reference = torch_copy(model)
    opt_mine = optim.SGD(model.parameters(), lr=0.3, momentum=0.9)
    opt_theirs = torch.optim.SGD(reference.parameters(), lr=0.3, momentum=0.9)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    for step in range(20):
        opt_mine.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(Tensor(X)), y[:, None])
        loss.backward()
        opt_theirs.zero_grad()
        expected = TF.binary_cross_entropy_with_logits(reference(Xt)[:, 0], yt)
        expected.backward()
        assert loss.item() == pytest.approx(expected.item(), rel=1e-10, abs=1e-12), f"step {step}"
        opt_mine.step()
        opt_theirs.step()
    for p, q in zip(model.parameters(), reference.parameters()):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-8, atol=1e-10)
