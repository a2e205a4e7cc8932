"""nn as PyTorch has it: registration, print(model), state_dict, init, Dropout and the layers, beside torch.

Each architecture is built twice, here and in torch, and compared: the printed model, the parameter
names, the state_dict keys, the errors of load_state_dict, the layers' values and gradients.
"""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
import pytest

import autograd_mini as am
from autograd_mini import Tensor, nn
from autograd_mini.engine.tensor import ShapeError
from autograd_mini.random import manual_seed

try:
    import torch
    tnn = torch.nn
except ImportError:  # the tests of our own behaviour still run; the side-by-side ones are skipped
    torch = tnn = None
torch_only = pytest.mark.skipif(torch is None, reason="compares with PyTorch")


def build(lib):
    """One model that uses every container and layer kind, written once for both libraries."""

    class Net(lib.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc1 = lib.Linear(2, 16)
            self.body = lib.Sequential(lib.ReLU(), lib.Linear(16, 16, bias=False), lib.LeakyReLU(0.2),
                                       lib.Dropout(0.25))
            self.heads = lib.ModuleList([lib.Linear(16, 3) for _ in range(3)] + [lib.Linear(16, 4)])
            self.extras = lib.ModuleDict({"norm": lib.LayerNorm(16), "act": lib.GELU(), "soft": lib.Softmax(dim=1),
                                          "log": lib.LogSoftmax(dim=-1), "flat": lib.Flatten(), "id": lib.Identity(),
                                          "tanh": lib.Tanh(), "sig": lib.Sigmoid()})
            self.scale = lib.Parameter(lib_tensor(lib, np.ones(3)))

        def forward(self, x):
            h = self.extras["norm"](self.body(self.fc1(x)))
            return self.heads[0](self.extras["act"](h)) * self.scale

    return Net()


def lib_tensor(lib, array: np.ndarray):
    return torch.tensor(array) if lib is tnn else Tensor(array)


def copy_weights(ours: nn.Module, theirs) -> None:
    """Give the torch model our numbers (it loads a state_dict of torch tensors made from ours)."""
    theirs.load_state_dict({k: torch.tensor(v.data) for k, v in ours.state_dict().items()})


@pytest.mark.torch
@torch_only
# ------------------------------------------------------------------------------ registration and printing
def test_print_model_is_torchs_print() -> None:
    assert repr(build(nn)) == repr(build(tnn))
    assert repr(nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))) == \
        repr(tnn.Sequential(tnn.Linear(2, 16), tnn.ReLU(), tnn.Linear(16, 1)))
    assert repr(nn.ModuleList()) == repr(tnn.ModuleList())
    assert repr(nn.Unflatten(1, (2, 3))) == repr(tnn.Unflatten(1, (2, 3)))
    assert repr(nn.GELU("tanh")) == repr(tnn.GELU("tanh"))


@pytest.mark.torch
@torch_only
def test_names_order_and_walks_match_torch() -> None:
    ours, theirs = build(nn), build(tnn)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_children()] == [n for n, _ in theirs.named_children()]
    assert [type(m).__name__ for m in ours.children()] == [type(m).__name__ for m in theirs.children()]
    assert [type(m).__name__ for m in ours.modules()] == [type(m).__name__ for m in theirs.modules()]
    assert next(ours.parameters()) is ours.scale  # works like torch's generator too (own parameters come first)
    assert ours.num_parameters() == sum(p.numel() for p in theirs.parameters())


@pytest.mark.torch
@torch_only
def test_shared_layer_is_counted_once() -> None:
    shared = nn.Linear(2, 2)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    tshared = tnn.Linear(2, 2)
    tmodel = tnn.Sequential(tshared, tnn.ReLU(), tshared)
    assert [n for n, _ in model.named_parameters()] == [n for n, _ in tmodel.named_parameters()]
    assert list(model.state_dict()) == list(tmodel.state_dict())


@pytest.mark.torch
@torch_only
def test_forward_matches_torch_with_the_same_weights() -> None:
    ours, theirs = build(nn).double().eval(), build(tnn).double().eval()
    copy_weights(ours, theirs)
    x = np.random.default_rng(0).normal(size=(5, 2))
    xa, xt = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(xa), theirs(xt)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    out.sum().backward()
    expected.sum().backward()
    np.testing.assert_allclose(xa.grad.data, xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        if q.grad is not None:
            np.testing.assert_allclose(p.grad.data, q.grad.numpy(), rtol=1e-9, atol=1e-12, err_msg=name)


@pytest.mark.torch
@torch_only
def test_apply_visits_children_first_and_returns_self() -> None:
    model = build(nn)
    seen: list[str] = []
    assert model.apply(lambda m: seen.append(type(m).__name__)) is model
    tseen: list[str] = []
    build(tnn).apply(lambda m: tseen.append(type(m).__name__))
    assert seen == tseen

    def init_weights(m):
        if isinstance(m, nn.Linear):
            nn.init.zeros_(m.weight)

    model.apply(init_weights)
    assert all(np.all(m.weight.data == 0) for m in model.modules() if isinstance(m, nn.Linear))


def test_assigning_a_plain_tensor_to_a_parameter_name_is_refused() -> None:
    layer = nn.Linear(2, 1)
    with pytest.raises(TypeError, match=r"cannot assign 'Tensor' as parameter 'weight' \(nn.Parameter or None "
                                        r"expected\).*weight.data"):
        layer.weight = layer.weight * 2
    layer.bias = None  # allowed, as in torch: the layer now has no bias
    assert [n for n, _ in layer.named_parameters()] == ["weight"]
    with pytest.raises(TypeError, match=r"cannot assign 'int' as child module 'fc'"):
        net = nn.Module()
        net.fc = nn.Linear(1, 1)
        net.fc = 3
    del net.fc
    assert list(net.children()) == []


@pytest.mark.torch
@torch_only
def test_containers_index_slice_iterate() -> None:
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear) and [type(m) for m in seq][1] is nn.ReLU
    head = seq[1:]
    assert isinstance(head, nn.Sequential) and list(head.state_dict()) == ["2.weight", "2.bias"]
    assert repr(head) == repr(tnn.Sequential(tnn.Linear(2, 3), tnn.ReLU(), tnn.Linear(3, 1))[1:])
    with pytest.raises(IndexError, match="index 3 is out of range"):
        seq[3]
    named = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.Tanh())]))
    assert [n for n, _ in named.named_parameters()] == ["fc.weight", "fc.bias"]
    blocks = nn.ModuleList([nn.Linear(2, 2)]).append(nn.Tanh()).extend([nn.Linear(2, 1)])
    assert len(blocks) == 3 and [n for n, _ in blocks.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    table = nn.ModuleDict({"a": nn.Linear(1, 1)})
    table["b"] = nn.ReLU()
    assert list(table) == ["a", "b"] and "b" in table and len(table) == 2
    with pytest.raises(TypeError, match="Sequential takes Modules"):
        nn.Sequential(nn.Linear(1, 1), "relu")


def test_train_eval_zero_grad_requires_grad_and_devices() -> None:
    model = build(nn)
    assert model.eval() is model and not any(m.training for m in model.modules())
    assert model.train() is model and all(m.training for m in model.modules())
    with pytest.raises(ValueError, match="training mode is expected to be boolean"):
        model.train("no")
    model.eval()
    model(np.ones((2, 2))).sum().backward()
    model.zero_grad(set_to_none=False)
    assert all(np.all(p.grad.data == 0) for p in model.parameters() if p.grad is not None)
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    assert model.requires_grad_(False) is model and not any(p.requires_grad for p in model.parameters())
    assert model.to("cpu") is model and model.cpu() is model
    assert model.float() is model and all(p.dtype == np.float32 for p in model.parameters())
    assert model.double() is model and all(p.dtype == np.float64 for p in model.parameters())
    with pytest.raises(RuntimeError, match="CPU only"):
        model.to("cuda")


def test_parameter_repr() -> None:
    p = nn.Parameter(np.ones(2))
    assert repr(p).startswith("Parameter containing:\n") and p.requires_grad
    assert not nn.Parameter(np.ones(2), requires_grad=False).requires_grad


# ------------------------------------------------------------------------------ state_dict
def test_state_dict_is_tensors_and_a_snapshot() -> None:
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    state = model.state_dict()
    assert isinstance(state, OrderedDict) and all(type(v) is Tensor and not v.requires_grad for v in state.values())
    before = state["0.weight"].data.copy()
    model[0].weight.data = model[0].weight.data + 1.0  # training moves on ...
    np.testing.assert_array_equal(state["0.weight"].data, before)  # ... the snapshot does not
    assert model.state_dict(keep_vars=True)["0.weight"] is model[0].weight


@pytest.mark.parametrize("kind", ["tensor", "array", "torch-state"])
def test_load_state_dict_accepts_tensors_arrays_and_keeps_dtype(kind: str) -> None:
    source, target = nn.Linear(3, 2), nn.Linear(3, 2, dtype=np.float32)
    state = source.state_dict()
    if kind == "array":
        state = {k: v.data for k, v in state.items()}
    elif kind == "torch-state":
        state = {k: v.data.tolist() for k, v in state.items()}
    assert target.load_state_dict(state) == ([], [])
    np.testing.assert_allclose(target.weight.data, source.weight.data, rtol=1e-6)
    assert target.weight.dtype == np.float32


@pytest.mark.torch
@torch_only
def test_load_state_dict_errors_read_as_torchs() -> None:
    def broken(lib):
        model = lib.Sequential(lib.Linear(2, 4), lib.ReLU(), lib.Linear(4, 1))
        state = {k: v for k, v in model.state_dict().items() if k != "2.bias"}
        state["0.weight"] = state["0.weight"][:3]
        state["extra"] = state["0.bias"]
        return model, state

    ours, state = broken(nn)
    theirs, tstate = broken(tnn)
    with pytest.raises(RuntimeError) as our_error:
        ours.load_state_dict({k: (Tensor(v.data[:3]) if k == "0.weight" else v) for k, v in state.items()})
    with pytest.raises(RuntimeError) as torch_error:
        theirs.load_state_dict(tstate)
    torch_text = str(torch_error.value).replace("torch.Size([3, 2])", "(3, 2)").replace("torch.Size([4, 2])", "(4, 2)")
    assert str(our_error.value) == torch_text
    # strict=False: shapes still must fit, names are reported
    small = nn.Linear(2, 1)
    result = small.load_state_dict({"weight": np.zeros((1, 2)), "other": np.zeros(1)}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["other"]
    assert np.all(small.weight.data == 0)
    with pytest.raises(RuntimeError, match="expected numbers, got str"):
        small.load_state_dict({"weight": "zeros", "bias": np.zeros(1)})


# ------------------------------------------------------------------------------ init and fresh weights
def test_every_new_linear_gets_fresh_weights_reproducible_from_manual_seed() -> None:
    manual_seed(0)
    a, b = nn.Linear(4, 4), nn.Linear(4, 4)
    assert not np.array_equal(a.weight.data, b.weight.data)  # the bug: both used to start from seed 0
    manual_seed(0)
    again = nn.Linear(4, 4)
    np.testing.assert_array_equal(again.weight.data, a.weight.data)
    np.testing.assert_array_equal(again.bias.data, a.bias.data)
    manual_seed(1)
    assert not np.array_equal(nn.Linear(4, 4).weight.data, a.weight.data)
    # two instances of the same model differ; an explicit seed still gives the lesson's fixed weights
    assert not np.array_equal(nn.MLP(2, [8, 1]).linears[0].weight.data, nn.MLP(2, [8, 1]).linears[0].weight.data)
    np.testing.assert_array_equal(nn.Linear(3, 2, seed=5).weight.data, nn.Linear(3, 2, seed=5).weight.data)


def test_linear_init_statistics_are_kaiming_uniform_a_sqrt5() -> None:
    manual_seed(3)
    layer = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)  # = gain(leaky_relu, sqrt 5) * sqrt(3 / fan_in)
    assert bound == pytest.approx(nn.init.calculate_gain("leaky_relu", math.sqrt(5)) * math.sqrt(3 / 400))
    for p in (layer.weight.data, layer.bias.data):
        assert np.abs(p).max() <= bound and np.abs(p).max() > 0.98 * bound
    assert layer.weight.data.std(ddof=0) == pytest.approx(bound / math.sqrt(3), rel=0.02)  # U(-b, b): std b / sqrt 3


@pytest.mark.torch
@torch_only
@pytest.mark.parametrize("name, param", [("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None),
                                         ("leaky_relu", None), ("leaky_relu", 0.2), ("selu", None), ("conv2d", None)])
def test_calculate_gain_matches_torch(name: str, param) -> None:
    assert nn.init.calculate_gain(name, param) == pytest.approx(tnn.init.calculate_gain(name, param), rel=1e-15)


@pytest.mark.parametrize("fill, expected_std", [
    (lambda t: nn.init.kaiming_uniform_(t, nonlinearity="relu"), math.sqrt(2 / 500)),
    (lambda t: nn.init.kaiming_normal_(t, nonlinearity="relu"), math.sqrt(2 / 500)),
    (lambda t: nn.init.kaiming_normal_(t, mode="fan_out", nonlinearity="relu"), math.sqrt(2 / 400)),
    (lambda t: nn.init.xavier_uniform_(t), math.sqrt(2 / 900)),
    (lambda t: nn.init.xavier_normal_(t, gain=2.0), 2 * math.sqrt(2 / 900)),
    (lambda t: nn.init.normal_(t, 1.0, 0.5), 0.5),
    (lambda t: nn.init.uniform_(t, -1.0, 1.0), 1 / math.sqrt(3)),
])
def test_init_statistics_in_place_and_reproducible(fill, expected_std: float) -> None:
    p = nn.Parameter(np.zeros((400, 500)))
    manual_seed(11)
    assert fill(p) is p
    assert p.data.std(ddof=0) == pytest.approx(expected_std, rel=0.02)
    first = p.data.copy()
    manual_seed(11)
    fill(p)
    np.testing.assert_array_equal(p.data, first)
    assert p.requires_grad and p.grad is None and p.dtype == np.float64


def test_init_constants_dtype_and_errors() -> None:
    p = nn.Parameter(np.zeros(3), dtype=np.float32)
    assert np.all(nn.init.ones_(p).data == 1) and p.dtype == np.float32
    assert np.all(nn.init.constant_(p, 0.5).data == 0.5) and np.all(nn.init.zeros_(p).data == 0)
    with pytest.raises(ValueError, match="Fan in and fan out can not be computed for tensor with fewer than 2"):
        nn.init.xavier_uniform_(p)
    with pytest.raises(ValueError, match="Unsupported nonlinearity swish"):
        nn.init.calculate_gain("swish")


# ------------------------------------------------------------------------------ layers
def test_dropout_train_eval_scale_gradient_and_seed() -> None:
    drop = nn.Dropout(0.25)
    x = Tensor(np.ones((200, 100)), requires_grad=True)
    manual_seed(5)
    out = drop(x)
    kept = out.data != 0
    assert abs(1 - kept.mean() - 0.25) < 0.01
    np.testing.assert_allclose(out.data[kept], 1 / 0.75)  # survivors are scaled, the mean stays 1
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.data, out.data)  # d out / d x = mask / (1 - p)
    manual_seed(5)
    np.testing.assert_array_equal(drop(x).data, out.data)
    assert drop.eval()(x) is x
    assert np.all(nn.Dropout(1.0)(x).data == 0)
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but got 1.5"):
        nn.Dropout(1.5)
    assert repr(drop) == "Dropout(p=0.25, inplace=False)"


def test_linear_refuses_bad_inputs_naming_the_layer() -> None:
    layer = nn.Linear(3, 2)
    with pytest.raises(ShapeError, match=r"Linear\(in_features=3, out_features=2, bias=True\): the input has a 0-d "
                                         r"tensor \(one number\) but the layer expects 3"):
        layer(Tensor(1.0))
    with pytest.raises(ShapeError, match=r"the input has 2 features \(shape \(2,\)\)"):
        layer(Tensor([1.0, 2.0]))
    f32 = nn.Linear(3, 2, dtype=np.float32)
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 must have the same dtype, but got Double and Float"):
        f32(Tensor(np.ones((4, 3))))
    assert f32(np.ones((4, 3))).dtype == np.float32  # plain numbers are read in the layer's dtype


@pytest.mark.torch
@torch_only
@pytest.mark.parametrize("make, shape", [
    (lambda lib: lib.LayerNorm(4), (3, 4)),
    (lambda lib: lib.LayerNorm((2, 4), elementwise_affine=False), (3, 2, 4)),
    (lambda lib: lib.GELU(), (3, 4)),
    (lambda lib: lib.GELU("tanh"), (3, 4)),
    (lambda lib: lib.Softmax(dim=1), (3, 4)),
    (lambda lib: lib.LogSoftmax(dim=0), (3, 4)),
    (lambda lib: lib.Flatten(), (2, 3, 4)),
    (lambda lib: lib.Flatten(0, 1), (2, 3, 4)),
    (lambda lib: lib.Unflatten(1, (2, 2)), (3, 4)),
    (lambda lib: lib.LeakyReLU(0.1), (3, 4)),
], ids=["layernorm", "layernorm_2d_plain", "gelu", "gelu_tanh", "softmax", "log_softmax", "flatten", "flatten_0_1",
        "unflatten", "leaky_relu"])
def test_layers_match_torch_values_and_gradients(make, shape) -> None:
    ours, theirs = make(nn), make(tnn).double()
    if getattr(ours, "weight", None) is not None:
        nn.init.normal_(ours.weight)
        nn.init.normal_(ours.bias)
        copy_weights(ours, theirs)
    x = np.random.default_rng(2).normal(size=shape)
    xa, xt = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, expected = ours(xa), theirs(xt)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    upstream = np.random.default_rng(3).normal(size=expected.shape)
    out.backward(Tensor(upstream))
    expected.backward(torch.tensor(upstream))
    np.testing.assert_allclose(xa.grad.data, xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.data, q.grad.numpy(), rtol=1e-9, atol=1e-12, err_msg=name)
    assert repr(ours) == repr(theirs)


def buffered(lib):
    """A module with buffers of every kind, written once for both libraries."""

    def make(values, dtype=None):
        return torch.tensor(values, dtype=dtype) if lib is tnn else Tensor(values, dtype=dtype)

    class Inner(lib.Module):
        def __init__(self) -> None:
            super().__init__()
            self.fc = lib.Linear(2, 2)
            self.register_buffer("running_mean", make(np.zeros(2)))
            self.register_buffer("scratch", make(np.ones(2)), persistent=False)

    class Outer(lib.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = Inner()
            self.register_buffer("steps", make([0], dtype=torch.int64 if lib is tnn else np.int64))
            self.head = lib.Linear(2, 1)

    return Outer()


def test_buffers_in_state_dict_order_persistence_and_dtype_casts() -> None:
    model = buffered(nn)
    # module by module (its own parameters and buffers, then its children); 'scratch' is not saved
    assert list(model.state_dict()) == ["steps", "inner.running_mean", "inner.fc.weight", "inner.fc.bias",
                                        "head.weight", "head.bias"]
    assert [n for n, _ in model.named_buffers()] == ["steps", "inner.running_mean", "inner.scratch"]
    model.load_state_dict(model.state_dict())  # a non-persistent buffer is not expected either
    weight, mean = model.inner.fc.weight, model.inner.running_mean
    model.head(model.inner.fc(Tensor(np.ones((1, 2))))).sum().backward()
    model.float()
    assert model.inner.fc.weight is weight and weight.dtype == np.float32 and weight.grad.dtype == np.float32
    assert mean.dtype == np.float32 and model.inner.scratch.dtype == np.float32 and model.steps.dtype == np.int64
    model.to(dtype=np.float64)
    assert weight.grad.dtype == np.float64 and mean.dtype == np.float64
    with pytest.raises(TypeError, match="as buffer 'running_mean'"):
        model.inner.running_mean = [0.0, 0.0]
    with pytest.raises(KeyError, match="already exists"):
        model.inner.register_buffer("fc", None)
    if torch is not None:  # the same module in PyTorch
        theirs = buffered(tnn)
        assert list(theirs.state_dict()) == list(model.state_dict())
        theirs.head(theirs.inner.fc(torch.ones(1, 2))).sum().backward()
        theirs.float()
        assert theirs.inner.fc.weight.grad.dtype == torch.float32 and theirs.inner.running_mean.dtype == torch.float32
        assert theirs.steps.dtype == torch.int64


@pytest.mark.parametrize("make", [lambda lib: lib.ReLU(inplace=True), lambda lib: lib.LeakyReLU(0.1, inplace=True),
                                  lambda lib: lib.Dropout(0.5, inplace=True)], ids=["ReLU", "LeakyReLU", "Dropout"])
def test_inplace_activations_overwrite_their_input_outside_a_graph(make) -> None:
    x = Tensor([-1.0, 2.0, -3.0, 4.0])
    manual_seed(0)
    out = make(nn)(x)
    assert out is x and not np.all(x.data == [-1.0, 2.0, -3.0, 4.0])  # the input holds the result, as PyTorch
    w = Tensor([-1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        make(nn)(w)
    hidden = w * 1.0
    with pytest.warns(UserWarning, match="the input keeps its numbers"):  # a deliberate difference, said aloud
        out = make(nn)(hidden)
    assert out is not hidden and np.all(hidden.data == [-1.0, 2.0])
    out.sum().backward()
    assert w.grad is not None
    if torch is not None:
        theirs = torch.tensor([-1.0, 2.0, -3.0, 4.0])
        assert make(tnn)(theirs) is theirs
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
            make(tnn)(torch.tensor([-1.0, 2.0], requires_grad=True))


def test_one_hot_and_its_errors_as_torch() -> None:
    from autograd_mini.nn import functional as F
    labels = Tensor(np.array([0, 2, 1]))
    assert F.one_hot(labels).tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0]] and F.one_hot(labels).dtype == np.int64
    assert F.one_hot(Tensor(np.array([[1], [0]])), 3).shape == (2, 1, 3)
    for bad, message in ((Tensor([1.0]), "LongTensor"), (Tensor(np.array([-1])), "non-negative")):
        with pytest.raises(RuntimeError, match=message):
            F.one_hot(bad)
    with pytest.raises(RuntimeError, match="smaller than num_classes"):
        F.one_hot(Tensor(np.array([3])), 2)
    if torch is not None:
        assert torch.nn.functional.one_hot(torch.tensor([0, 2, 1])).tolist() == F.one_hot(labels).tolist()


def test_gradient_clipping_matches_torch() -> None:
    manual_seed(0)
    ours = nn.Linear(3, 2)
    x = np.linspace(-1, 2, 12).reshape(4, 3)
    (ours(Tensor(x)) ** 2).sum().backward()
    grads = [p.grad.data.copy() for p in ours.parameters()]
    total = nn.utils.clip_grad_norm_(ours.parameters(), 1.0)
    assert total.item() == pytest.approx(np.sqrt(sum((g ** 2).sum() for g in grads)))
    assert np.sqrt(sum((p.grad.data ** 2).sum() for p in ours.parameters())) == pytest.approx(1.0, rel=1e-5)
    assert nn.utils.clip_grad_value_(ours.parameters(), 0.1) is None
    assert all(np.abs(p.grad.data).max() <= 0.1 for p in ours.parameters())
    assert nn.utils.clip_grad_norm_([], 1.0).item() == 0.0
    if torch is not None:
        theirs = tnn.Linear(3, 2).double()
        copy_weights(ours, theirs)
        (theirs(torch.tensor(x)) ** 2).sum().backward()
        assert tnn.utils.clip_grad_norm_(theirs.parameters(), 1.0).item() == pytest.approx(total.item())
        tnn.utils.clip_grad_value_(theirs.parameters(), 0.1)
        for mine, their in zip(ours.parameters(), theirs.parameters()):
            np.testing.assert_allclose(mine.grad.data, their.grad.numpy(), rtol=1e-6)


def test_parameter_list_registers_and_a_plain_list_of_layers_is_refused_when_appended_to() -> None:
    class Net(nn.Module):
        def __init__(self, registered: bool) -> None:
            super().__init__()
            self.scales = nn.ParameterList([Tensor(np.ones(2)), nn.Parameter(Tensor(np.zeros(3)))])
            self.history = []
            self.history.append(0.5)  # a plain list of numbers is fine
            self.layers = nn.ModuleList() if registered else []
            self.layers.append(nn.Linear(2, 2))

    net = Net(registered=True)
    assert [n for n, _ in net.named_parameters()] == ["scales.0", "scales.1", "layers.0.weight", "layers.0.bias"]
    with pytest.raises(TypeError, match=r"Net.layers is a plain list.*nn.ModuleList\(\)"):
        Net(registered=False)


def test_names_that_do_not_exist_say_so() -> None:
    import autograd_mini as am
    from autograd_mini.nn import functional as F
    for where, name, hint in ((am, "einsum", "write it with @"), (nn, "BatchNorm1d", "nn.LayerNorm exists"),
                              (F, "embedding", "nn.Parameter of shape"), (am, "float16", "float32, float64, int64")):
        with pytest.raises(AttributeError, match=rf"has no attribute '{name}': autograd_mini leaves .*{hint}"):
            getattr(where, name)
    with pytest.raises(AttributeError, match="README's \"PyTorch names\""):
        am.no_such_name
    assert not hasattr(am, "no_such_name")


def test_sequential_can_be_edited_as_in_torch() -> None:
    def edit(lib) -> list:
        seq = lib.Sequential(lib.Linear(2, 3), lib.ReLU(), lib.Linear(3, 1))
        seq[1] = lib.Tanh()
        seq.insert(1, lib.Identity())
        seq.append(lib.Sigmoid())
        seq.extend([lib.Identity()])
        del seq[0]
        popped = seq.pop(3)
        return [type(m).__name__ for m in seq] + [n for n, _ in seq.named_parameters()] + [type(popped).__name__]

    ours = edit(nn)
    assert ours == ["Identity", "Tanh", "Linear", "Identity", "2.weight", "2.bias", "Sigmoid"]  # renumbered
    if torch is not None:
        assert ours == edit(tnn)


def test_reset_parameters_draws_new_weights_in_place_as_the_k_fold_loop_expects() -> None:
    am.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Conv2d(1, 2, 3), nn.LayerNorm(3))
    before = [p.detach().clone() for p in model.parameters()]
    same_objects = list(model.parameters())
    with am.no_grad():
        model[3].weight.mul_(5.0)
    for layer in model.children():  # the widely copied reset_weights loop between folds
        if hasattr(layer, "reset_parameters"):
            layer.reset_parameters()
    after = list(model.parameters())
    assert all(a is b for a, b in zip(after, same_objects))
    assert not np.array_equal(after[0].detach().numpy(), before[0].numpy())
    assert np.abs(after[0].detach().numpy()).max() <= 0.5 and np.abs(after[2].detach().numpy()).max() <= 1 / 3
    assert after[4].tolist() == [1.0, 1.0, 1.0] and after[5].tolist() == [0.0, 0.0, 0.0]
    if torch is not None:
        assert all(hasattr(torch.nn, name) and hasattr(getattr(torch.nn, name), "reset_parameters")
                   for name in ("Linear", "Conv2d", "LayerNorm"))


def test_parameter_and_init_of_dot_data_share_the_memory_as_pytorch() -> None:
    a, b = nn.Linear(3, 2), nn.Linear(3, 2)
    b.weight = nn.Parameter(a.weight.data)  # weight tying, the old way
    with am.no_grad():
        a.weight.fill_(7.0)
    assert b.weight.tolist() == [[7.0] * 3] * 2
    returned = nn.init.normal_(a.weight.data, 0.0, 0.02)  # DCGAN tutorial's weights_init
    assert returned is not None and np.shares_memory(returned, a.weight.data) and np.abs(a.weight.detach().numpy()).max() < 0.2
    nn.init.constant_(a.bias.data, 0.5)
    assert a.bias.tolist() == [0.5, 0.5]
    with pytest.raises(TypeError, match="random fractions cannot fill a tensor of dtype int64"):
        nn.init.uniform_(am.zeros(3, dtype=am.int64))
    with pytest.raises(TypeError, match="cannot fill a tensor of dtype int64"):
        am.zeros(3, dtype=am.int64).normal_()
    if torch is not None:
        ta, tb = torch.nn.Linear(3, 2), torch.nn.Linear(3, 2)
        tb.weight = torch.nn.Parameter(ta.weight.data)
        with torch.no_grad():
            ta.weight.fill_(7.0)
        assert tb.weight.tolist() == [[7.0] * 3] * 2
        with pytest.raises(RuntimeError, match="not implemented for 'Long'"):
            torch.nn.init.uniform_(torch.zeros(3, dtype=torch.int64))


def test_module_to_an_integer_dtype_is_refused_as_pytorch() -> None:
    model = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="nn.Module.to only accepts floating point dtypes.*int64"):
        model.to(am.long)
    assert model.weight.dtype == am.float64 and np.abs(model.weight.detach().numpy()).max() > 0
    if torch is not None:
        with pytest.raises(TypeError, match="nn.Module.to only accepts floating point"):
            torch.nn.Linear(2, 2).to(torch.long)


def test_load_state_dict_prints_as_pytorch() -> None:
    model = nn.Linear(2, 1)
    assert repr(model.load_state_dict(model.state_dict())) == "<All keys matched successfully>"
    partial = model.load_state_dict({"weight": model.weight.detach()}, strict=False)
    assert repr(partial) == "_IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])"
    if torch is not None:
        theirs = torch.nn.Linear(2, 1)
        assert repr(theirs.load_state_dict(theirs.state_dict())) == "<All keys matched successfully>"
        assert repr(theirs.load_state_dict({"weight": theirs.weight.detach()}, strict=False)) == repr(partial)


def test_train_calls_each_child_s_own_train_as_pytorch() -> None:
    calls = []

    class Frozen(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = nn.Dropout(0.5)

        def train(self, mode: bool = True) -> "Frozen":
            calls.append(mode)
            return super().train(False)  # stays in eval mode whatever the parent says

    model = nn.Sequential(nn.Linear(2, 2), Frozen())
    model.train()
    assert calls == [True] and model.training and not model[1].training and not model[1].drop.training
    model.eval()
    assert calls == [True, False]


def test_assigning_optimizer_lr_is_refused_because_pytorch_ignores_it() -> None:
    opt = am.optim.SGD(nn.Linear(2, 1).parameters(), lr=0.1)
    with pytest.raises(AttributeError, match=r"optimizer.lr = 0.0: in PyTorch this changes nothing.*param_groups"):
        opt.lr = 0.0
    assert opt.param_groups[0]["lr"] == 0.1 and opt.lr == 0.1

    class Mine(am.optim.SGD):  # an optimizer of one's own may keep an lr attribute, as in PyTorch
        def __init__(self, params, lr: float) -> None:
            super().__init__(params, lr=lr)
            self.lr = lr

    assert Mine(nn.Linear(2, 1).parameters(), 0.3).lr == 0.3
    if torch is not None:
        theirs = torch.optim.SGD(torch.nn.Linear(2, 1).parameters(), lr=0.1)
        theirs.lr = 0.0
        assert theirs.param_groups[0]["lr"] == 0.1  # (ignored there)


def test_a_bias_of_the_wrong_shape_is_named_by_linear_and_conv2d() -> None:
    F = nn.functional
    with pytest.raises(ShapeError, match=r"linear: bias has shape \(2,\) but the weight \(3, 4\) makes 3 outputs"):
        F.linear(am.ones(2, 4), am.ones(3, 4), am.zeros(2))
    with pytest.raises(ShapeError, match=r"weight must be a matrix \(out_features, in_features\), got shape \(4,\)"):
        F.linear(am.ones(2, 4), am.ones(4))
    with pytest.raises(ShapeError, match=r"conv2d: bias has shape \(3,\) but there are 2 filters"):
        F.conv2d(am.ones(1, 1, 4, 4), am.ones(2, 1, 3, 3), am.zeros(3))


def test_module_list_can_be_edited_as_in_pytorch() -> None:
    def build(lib):
        layers = lib.nn.ModuleList([lib.nn.Linear(1, 1), lib.nn.ReLU(), lib.nn.Tanh()])
        layers.insert(1, lib.nn.Sigmoid())
        popped = layers.pop(0)
        del layers[-1]
        layers += [lib.nn.Identity()]
        joined = layers + lib.nn.ModuleList([lib.nn.Linear(2, 2)])
        seq = lib.nn.Sequential(lib.nn.ReLU()) + lib.nn.Sequential(lib.nn.Tanh())
        return repr(layers), repr(joined), repr(seq), type(popped).__name__, [n for n, _ in joined.named_parameters()]

    ours = build(am)
    assert ours[3] == "Linear" and "(2): Identity()" in ours[0] and ours[4] == ["3.weight", "3.bias"]
    if torch is not None:
        assert ours == build(torch)


def test_parameter_lists_print_and_layer_norm_refuses_mixed_dtypes_as_pytorch() -> None:
    def printed(lib, count: int) -> str:
        net = lib.nn.Module()
        net.scales = lib.nn.ParameterList([lib.nn.Parameter(lib.ones(2, 3, dtype=lib.float64)) for _ in range(count)])
        return repr(net.scales) + "\n" + repr(net)

    x = am.tensor([[1.0, 2.0, 4.0]], requires_grad=True)
    am.nn.functional.nll_loss(x, am.tensor([1])).backward()
    assert "-0.0000" not in repr(x.grad) and x.grad.tolist() == [[0.0, -1.0, 0.0]]
    with pytest.raises(RuntimeError, match="layer_norm: the input is float32 but the weight is float64.*mixed dtype"):
        nn.LayerNorm(3)(am.ones(2, 3, dtype=am.float32))
    if torch is not None:
        for count in (1, 2):
            assert printed(am, count) == printed(torch, count)
        with pytest.raises(RuntimeError, match="mixed dtype"):
            torch.nn.LayerNorm(3).double()(torch.ones(2, 3))
