"""autograd_mini.nn (tensor): Module, Linear, Sequential, MLP, activations, state_dict and .npz files."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_mini import Tensor, nn
from autograd_mini.engine.tensor import ShapeError
from autograd_mini.gradcheck import gradcheck


def small_net(seed: int = 0) -> nn.Sequential:
    return nn.Sequential(nn.Linear(2, 4, seed=seed), nn.ReLU(), nn.Linear(4, 1, seed=seed + 1))


# ------------------------------------------------------------------- parameters and names
def test_parameter_names_follow_pytorch() -> None:
    net = small_net()
    assert [name for name, _ in net.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert [p.shape for p in net.parameters()] == [(4, 2), (4,), (1, 4), (1,)]
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in net.parameters())
    assert net.num_parameters() == 4 * 2 + 4 + 4 + 1
    mlp = nn.MLP(2, [16, 16, 1])
    assert [n for n, _ in mlp.named_parameters()] == [
        "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]


def test_mlp_structure_and_activations() -> None:
    mlp = nn.MLP(2, [16, 16, 1])
    kinds = [type(m).__name__ for m in mlp.layers]
    assert kinds == ["Linear", "ReLU", "Linear", "ReLU", "Linear"]  # relu hidden layers, a linear output
    assert [m.out_features for m in mlp.linears] == [16, 16, 1]
    tanh_net = nn.MLP(3, [5, 2], activation="tanh", output_activation="sigmoid")
    assert [type(m).__name__ for m in tanh_net.layers] == ["Linear", "Tanh", "Linear", "Sigmoid"]
    out = tanh_net(np.ones((7, 3)))
    assert out.shape == (7, 2) and np.all((out.data > 0) & (out.data < 1))
    leaky = nn.MLP(2, [3, 1], activation="leaky_relu")
    assert isinstance(leaky.layers[1], nn.LeakyReLU)
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        nn.MLP(2, [3, 1], activation="swish")
    with pytest.raises(ValueError, match="non-empty list"):
        nn.MLP(2, [])


def test_same_seed_same_weights_and_different_seeds_differ() -> None:
    a, b, c = nn.MLP(2, [8, 1], seed=1), nn.MLP(2, [8, 1], seed=1), nn.MLP(2, [8, 1], seed=2)
    for (pa, pb, pc) in zip(a.parameters(), b.parameters(), c.parameters()):
        np.testing.assert_array_equal(pa.data, pb.data)
        assert not np.array_equal(pa.data, pc.data)


def test_linear_init_is_pytorchs_uniform_bound() -> None:
    layer = nn.Linear(25, 100, seed=0)
    assert np.all(np.abs(layer.weight.data) <= 1 / 5) and np.all(np.abs(layer.bias.data) <= 1 / 5)
    assert np.abs(layer.weight.data).max() > 0.19  # really spread over the whole range


def test_linear_forward_and_gradients() -> None:
    layer = nn.Linear(3, 2, seed=0)
    x = np.random.default_rng(0).normal(size=(5, 3))
    np.testing.assert_allclose(layer(x).data, x @ layer.weight.data.T + layer.bias.data)
    no_bias = nn.Linear(3, 2, bias=False, seed=0)
    assert no_bias.bias is None and len(no_bias.parameters()) == 1
    np.testing.assert_allclose(no_bias(Tensor(x)).data, x @ no_bias.weight.data.T)
    assert gradcheck(lambda w, b, xx: nn.functional.linear(xx, w, b), [layer.weight.data, layer.bias.data, x])


def test_float32_model() -> None:
    mlp = nn.MLP(2, [4, 1], dtype=np.float32)
    assert all(p.dtype == np.float32 for p in mlp.parameters())
    out = mlp(np.ones((3, 2)))  # a float64 numpy input is read in the model's dtype
    assert out.dtype == np.float32
    out.sum().backward()
    assert all(p.grad.dtype == np.float32 for p in mlp.parameters())


def test_zero_grad_train_eval() -> None:
    net = small_net()
    net(np.ones((2, 2))).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    assert net.training and net.eval() is net and not net.training
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())


def test_sequential_refuses_non_modules() -> None:
    with pytest.raises(TypeError, match="Sequential takes Modules, got function"):
        nn.Sequential(nn.Linear(2, 2), lambda x: x)
    net = small_net()
    assert len(net) == 3 and isinstance(net[0], nn.Linear)
    assert "(1): ReLU()" in repr(net)


def test_custom_module_finds_its_parameters() -> None:
    class Affine(nn.Module):
        def __init__(self) -> None:
            self.scale = nn.Parameter(np.ones(3))
            self.inner = nn.Linear(3, 3, seed=0)
            self.blocks = nn.ModuleList([nn.Linear(3, 3, seed=1), nn.Tanh()])

        def forward(self, x):
            return self.blocks[1](self.blocks[0](self.inner(x) * self.scale))

    model = Affine()
    assert [n for n, _ in model.named_parameters()] == [
        "scale", "inner.weight", "inner.bias", "blocks.0.weight", "blocks.0.bias"]
    model(np.ones((2, 3))).sum().backward()
    assert model.scale.grad.shape == (3,)


def test_a_plain_list_of_layers_is_refused_with_the_fix() -> None:
    """PyTorch silently ignores layers kept in a plain list (the optimizer never sees them): here it is an error."""
    class Blocks(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.blocks = [nn.Linear(3, 3), nn.Tanh()]

    with pytest.raises(TypeError, match=r"Blocks.blocks: a plain list of layers is not registered.*nn.ModuleList"):
        Blocks()


def test_shape_mismatch_in_a_layer_names_the_shapes() -> None:
    layer = nn.Linear(3, 2)
    with pytest.raises(ShapeError, match=r"Linear\(in_features=3, out_features=2, bias=True\): the input has 2 "
                                         r"features \(shape \(4, 2\)\) but the layer expects 3 \(weight shape \(2, 3\)\)"):
        layer(np.ones((4, 2)))


# ------------------------------------------------------------------- state_dict, save, load
def test_state_dict_roundtrip_copies() -> None:
    a, b = small_net(0), small_net(7)
    state = a.state_dict()
    state["0.weight"].data[0, 0] = 123.0  # shared memory, as torch: the model sees it
    assert a.layers[0].weight.data[0, 0] == 123.0
    b.load_state_dict(a.state_dict())  # copies the numbers: b keeps its own memory
    assert not np.shares_memory(b.layers[0].weight.data, a.layers[0].weight.data)
    x = np.random.default_rng(1).normal(size=(5, 2))
    np.testing.assert_array_equal(a(x).data, b(x).data)


def test_save_and_load_npz(tmp_path) -> None:
    a, b = small_net(0), small_net(7)
    path = a.save(tmp_path / "model")
    assert path.suffix == ".npz" and path.exists()
    assert b.load(path) is b
    for pa, pb in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(pa.data, pb.data)


def test_load_names_missing_unexpected_and_misshaped_arrays(tmp_path) -> None:
    net = small_net()
    state = net.state_dict()
    path = tmp_path / "broken.npz"
    np.savez(path, **{"0.weight": np.zeros((3, 2)), "0.bias": state["0.bias"].data, "2.weight": state["2.weight"].data,
                      "extra": np.zeros(1)})
    with pytest.raises(RuntimeError) as info:  # PyTorch's error and wording
        net.load(path)
    message = str(info.value)
    assert message.startswith("Error(s) in loading state_dict for Sequential:")
    assert 'Missing key(s) in state_dict: "2.bias".' in message
    assert 'Unexpected key(s) in state_dict: "extra".' in message
    assert ("size mismatch for 0.weight: copying a param with shape (3, 2) from checkpoint, the shape in current "
            "model is (4, 2).") in message
    # nothing was half-loaded
    np.testing.assert_array_equal(net.layers[0].weight.data, state["0.weight"].data)


def test_load_refuses_pickled_objects(tmp_path) -> None:
    """allow_pickle=False: an object array (which could run code when unpickled) is refused."""
    path = tmp_path / "evil.npz"
    np.savez(path, **{"0.weight": np.array([{"a": 1}, None], dtype=object)})
    with pytest.raises(ValueError, match=r"not a parameter file written by save\(\) \(Object arrays cannot be loaded "
                                         r"when allow_pickle=False\)"):
        small_net().load(path)


def test_load_explains_a_missing_file_and_a_non_npz_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="no file at .*save one first"):
        small_net().load(tmp_path / "nothing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_text("not a zip file")
    with pytest.raises(ValueError, match="not a parameter file"):
        small_net().load(junk)


def test_load_keeps_the_dtype_of_the_model(tmp_path) -> None:
    f64 = nn.MLP(2, [3, 1], seed=0)
    f32 = nn.MLP(2, [3, 1], seed=1, dtype=np.float32)
    f32.load(f64.save(tmp_path / "m.npz"))
    assert all(p.dtype == np.float32 for p in f32.parameters())
    np.testing.assert_allclose(f32.parameters()[0].data, f64.parameters()[0].data, rtol=1e-6)
