"""Optimizer steps write into the parameters' memory and state_dict() shares it, as in PyTorch (issue 9).

Each test runs the same code on this engine and on torch 2.13 (skipped without torch) and compares
what a learner would see: a state_dict or a detach() taken before a step shows the step, five steps
of every optimizer give torch's numbers in the same memory and dtype, a backward through a graph that
saved the old weights raises, and copy.deepcopy / clone() give the snapshot PyTorch code keeps.
"""

from __future__ import annotations

import copy
from typing import Callable

import numpy as np
import pytest

import autograd_mini as am
from autograd_mini import Tensor, nn, optim
from autograd_mini.nn import conv
from autograd_mini.train import fit

try:
    import torch
except ImportError:  # the comparisons skip; the conv argument tests still run
    torch = None


def beside_torch(test: Callable) -> Callable:
    """Mark a test that runs the same code on torch (skipped when torch is not installed)."""
    return pytest.mark.torch(pytest.mark.skipif(torch is None, reason="compares against PyTorch")(test))

OPTIMIZERS = {
    "SGD": ("SGD", dict(lr=0.1)),
    "SGD momentum": ("SGD", dict(lr=0.1, momentum=0.9, weight_decay=0.01)),
    "SGD nesterov": ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)),
    "Adam": ("Adam", dict(lr=0.05, weight_decay=0.01)),
    "Adam amsgrad": ("Adam", dict(lr=0.05, amsgrad=True)),
    "AdamW": ("AdamW", dict(lr=0.05)),
    "RMSprop": ("RMSprop", dict(lr=0.01, momentum=0.5, centered=True)),
}


def twin_models(dtype: str = "float32") -> tuple[nn.Sequential, "torch.nn.Sequential"]:
    """The same 2-3-1 tanh network on both sides: our weights copied into torch's."""
    ours = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1))
    ours.to(getattr(am, dtype))
    theirs = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1)).to(getattr(torch, dtype))
    theirs.load_state_dict({k: torch.from_numpy(v.numpy().copy()) for k, v in ours.state_dict().items()})
    return ours, theirs


def twin_optimizers(name: str) -> tuple:
    """Twin models and the same optimizer of OPTIMIZERS on each: (ours, theirs, our optimizer, torch's)."""
    cls, settings = OPTIMIZERS[name]
    ours, theirs = twin_models()
    return ours, theirs, getattr(optim, cls)(ours.parameters(), **settings), \
        getattr(torch.optim, cls)(theirs.parameters(), **settings)


def data(dtype: str = "float32") -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    return rng.normal(size=(8, 2)).astype(dtype), rng.normal(size=(8, 1)).astype(dtype)


def one_step(model, opt, X, y, lib) -> None:
    opt.zero_grad()
    loss = ((model(lib.tensor(X)) - lib.tensor(y)) ** 2).mean()
    loss.backward()
    opt.step()


def assert_same(ours_state, theirs_state, rtol: float = 1e-5) -> None:
    assert list(ours_state) == list(theirs_state)
    for name in ours_state:
        np.testing.assert_allclose(ours_state[name].numpy(), theirs_state[name].numpy(), rtol=rtol, atol=1e-6,
                                   err_msg=name)


@beside_torch
def test_state_dict_shares_memory_and_shows_the_step_as_torch() -> None:
    ours, theirs = twin_models()
    X, y = data()
    ours_sd, theirs_sd = ours.state_dict(), theirs.state_dict()
    before = {k: v.numpy().copy() for k, v in ours_sd.items()}
    for name, p in ours.named_parameters():  # torch: sd[k].data_ptr() == p.data_ptr()
        assert np.shares_memory(ours_sd[name].numpy(), p.data) and not ours_sd[name].requires_grad
    assert all(theirs_sd[k].data_ptr() == p.data_ptr() for k, p in theirs.named_parameters())
    one_step(ours, optim.SGD(ours.parameters(), lr=0.1), X, y, am)
    one_step(theirs, torch.optim.SGD(theirs.parameters(), lr=0.1), X, y, torch)
    assert_same(ours_sd, theirs_sd)  # both dicts, taken before the step, show the new numbers
    assert all(not np.array_equal(before[k], ours_sd[k].numpy()) for k in before)
    assert_same(ours_sd, ours.state_dict(), rtol=0)


@beside_torch
def test_detach_and_numpy_taken_before_a_step_see_the_step_as_torch() -> None:
    ours, theirs = twin_models()
    X, y = data()
    ours_w, theirs_w = ours[0].weight, theirs[0].weight
    ours_views = ours_w.detach(), ours_w.detach().numpy()
    theirs_views = theirs_w.detach(), theirs_w.detach().numpy()
    one_step(ours, optim.Adam(ours.parameters(), lr=0.05), X, y, am)
    one_step(theirs, torch.optim.Adam(theirs.parameters(), lr=0.05), X, y, torch)
    for ours_view, theirs_view in zip(ours_views, theirs_views):
        np.testing.assert_array_equal(np.asarray(ours_view), ours_w.data)
        np.testing.assert_allclose(np.asarray(ours_view), np.asarray(theirs_view), rtol=1e-5)


@beside_torch
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_five_steps_match_torch_in_the_same_memory_and_dtype(name: str) -> None:
    ours, theirs, ours_opt, theirs_opt = twin_optimizers(name)
    X, y = data()
    arrays = [p.data for p in ours.parameters()]
    ours_sd, theirs_sd = ours.state_dict(), theirs.state_dict()
    for _ in range(5):
        one_step(ours, ours_opt, X, y, am)
        one_step(theirs, theirs_opt, X, y, torch)
        assert_same(ours_sd, theirs_sd)
    assert all(np.shares_memory(p.data, array) and p.dtype == am.float32 for p, array in zip(ours.parameters(), arrays))


@beside_torch
def test_momentum_buffer_is_a_copy_of_the_gradient_as_torch() -> None:
    """grad.zero_() after a step must not reach into the momentum buffer (torch clones the first gradient)."""
    ours, theirs = nn.Parameter(np.array([1.0, 2.0])), torch.nn.Parameter(torch.tensor([1.0, 2.0], dtype=torch.float64))
    ours_opt, theirs_opt = optim.SGD([ours], lr=0.1, momentum=0.9), torch.optim.SGD([theirs], lr=0.1, momentum=0.9)
    for p, opt in ((ours, ours_opt), (theirs, theirs_opt)):
        p.grad = am.Tensor(np.array([0.5, -1.0])) if p is ours else torch.tensor([0.5, -1.0], dtype=torch.float64)
        opt.step()
        p.grad.zero_()
        opt.step()
    np.testing.assert_allclose(ours.data, theirs.detach().numpy(), rtol=1e-12)


@beside_torch
def test_a_zero_d_parameter_stays_zero_d_and_shared() -> None:
    p = nn.Parameter(am.tensor(0.7, dtype=am.float32))
    view = p.detach()
    opt = optim.Adam([p], lr=0.1)
    (p * p).backward()
    opt.step()
    assert p.shape == () and p.dtype == am.float32 and isinstance(p.data, np.ndarray)
    t = torch.nn.Parameter(torch.tensor(0.7))
    topt = torch.optim.Adam([t], lr=0.1)
    (t * t).backward()
    topt.step()
    assert view.item() == pytest.approx(t.item(), rel=1e-6) and view.item() == p.item()


def stale_graph(lib, model, X, y):
    """A loss whose graph saved the old weights, already used once with retain_graph=True, then a step."""
    opt = (optim if lib is am else torch.optim).SGD(model.parameters(), lr=0.1)
    loss = ((model(lib.tensor(X)) - lib.tensor(y)) ** 2).mean()
    loss.backward(retain_graph=True)
    opt.step()
    return loss


@beside_torch
def test_backward_through_a_stale_graph_after_a_step_raises_as_torch() -> None:
    ours, theirs = twin_models()
    X, y = data()
    ours_loss, theirs_loss = stale_graph(am, ours, X, y), stale_graph(torch, theirs, X, y)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        theirs_loss.backward()
    with pytest.raises(RuntimeError, match="modified by an inplace operation") as info:
        ours_loss.backward()
    assert "optimizer.step()" in str(info.value)  # says what to do


@beside_torch
def test_deepcopy_and_clone_give_a_snapshot_as_torch() -> None:
    """The PyTorch idiom for keeping the best weights: a copy does not move with training; loading it restores."""
    ours, theirs = twin_models()
    X, y = data()
    snapshots = []
    for model in (ours, theirs):
        deep = copy.deepcopy(model.state_dict())
        cloned = {k: v.clone() for k, v in model.state_dict().items()}
        snapshots.append((deep, cloned))
    ours_opt, theirs_opt = optim.SGD(ours.parameters(), lr=0.1), torch.optim.SGD(theirs.parameters(), lr=0.1)
    for _ in range(2):
        one_step(ours, ours_opt, X, y, am)
        one_step(theirs, theirs_opt, X, y, torch)
    for (ours_snap, theirs_snap) in zip(*snapshots):
        assert_same(ours_snap, theirs_snap)
        assert all(not np.shares_memory(v.numpy(), p.data) for v, p in zip(ours_snap.values(), ours.parameters()))
    sd_before_load = ours.state_dict()
    ours.load_state_dict(snapshots[0][0])  # copies into the parameters' memory, as torch's copy_
    theirs.load_state_dict(snapshots[1][0])
    assert_same(sd_before_load, theirs.state_dict())
    assert_same(ours.state_dict(), snapshots[0][0], rtol=0)


def test_scalar_values_are_replaced_not_shared() -> None:
    """A Value's number is a Python float: a step replaces it (documented; floats cannot share memory)."""
    v = am.Value(1.0)
    before = v.data
    v.grad = 0.5
    optim.SGD([v], lr=0.1).step()
    assert before == 1.0 and v.data == pytest.approx(0.95) and isinstance(v.data, float)


@beside_torch
def test_save_writes_the_current_numbers_of_a_state_dict_taken_earlier(tmp_path) -> None:
    ours, _ = twin_models()
    X, y = data()
    sd = ours.state_dict()
    one_step(ours, optim.SGD(ours.parameters(), lr=0.1), X, y, am)
    am.save(sd, tmp_path / "model.pth")
    loaded = am.load(tmp_path / "model.pth")
    assert_same(loaded, ours.state_dict(), rtol=0)


@beside_torch
def test_fit_history_snapshots_are_copies_of_the_past() -> None:
    ours, _ = twin_models("float64")
    X, y = data("float64")
    sd = ours.state_dict()
    history = fit(ours, X, (y[:, 0] > 0).astype(float), loss="bce_with_logits", optimizer=optim.SGD(ours.parameters(), lr=0.5),
                  epochs=3, snapshot_every=1, progress=False)
    first, last = history.params_at(0)["0.weight"], history.params_at(3)["0.weight"]
    assert not np.array_equal(first, last)
    np.testing.assert_array_equal(last, ours[0].weight.data)
    assert not np.shares_memory(last, ours[0].weight.data)
    np.testing.assert_array_equal(sd["0.weight"].numpy(), ours[0].weight.data)  # the live dict moved with training


# ------------------------------------------------------------------ conv: PyTorch's arguments, refused when not default
CONV_CALLS = {
    "Conv2d": (lambda **kw: nn.Conv2d(1, 2, 3, **kw), ("dilation", "groups", "padding_mode")),
    "MaxPool2d": (lambda **kw: nn.MaxPool2d(2, **kw), ("dilation", "ceil_mode", "return_indices")),
    "AvgPool2d": (lambda **kw: nn.AvgPool2d(2, **kw), ("ceil_mode", "count_include_pad", "divisor_override")),
    "conv2d": (lambda **kw: conv.conv2d(Tensor(np.ones((1, 1, 4, 4))), Tensor(np.ones((2, 1, 3, 3))), **kw),
               ("dilation", "groups")),
    "max_pool2d": (lambda **kw: conv.max_pool2d(Tensor(np.ones((1, 1, 4, 4))), 2, **kw),
                   ("dilation", "ceil_mode", "return_indices")),
    "avg_pool2d": (lambda **kw: conv.avg_pool2d(Tensor(np.ones((1, 1, 4, 4))), 2, **kw),
                   ("ceil_mode", "count_include_pad", "divisor_override")),
}
NOT_DEFAULT = {"dilation": 2, "groups": 2, "padding_mode": "reflect", "ceil_mode": True, "return_indices": True,
               "count_include_pad": False, "divisor_override": 3}


@pytest.mark.parametrize("who", CONV_CALLS)
def test_conv_and_pool_take_pytorchs_defaults_and_refuse_the_rest_by_name(who: str) -> None:
    make, names = CONV_CALLS[who]
    defaults = {name: conv._ONLY[name][0] for name in names}
    plain, explicit = make(), make(**defaults)  # PyTorch's defaults, spelled out, change nothing
    if isinstance(plain, Tensor):
        np.testing.assert_array_equal(plain.data, explicit.data)
    else:
        assert repr(plain) == repr(explicit)
    for name in names:
        with pytest.raises(NotImplementedError) as info:
            make(**{name: NOT_DEFAULT[name]})
        message = str(info.value)
        assert message.startswith(f"{who}({name}={NOT_DEFAULT[name]!r}): {name} other than") and "not supported" in message


@beside_torch
def test_conv_defaults_are_pytorchs() -> None:
    """The same argument names and defaults as torch: the classes by signature, the functions by a call."""
    import inspect
    for who, theirs in (("Conv2d", torch.nn.Conv2d), ("MaxPool2d", torch.nn.MaxPool2d), ("AvgPool2d", torch.nn.AvgPool2d)):
        parameters = inspect.signature(theirs).parameters
        for name in CONV_CALLS[who][1]:
            assert parameters[name].default == conv._ONLY[name][0], (who, name)
    images, F = torch.ones((1, 1, 4, 4)), torch.nn.functional
    for who, call in (("conv2d", lambda **kw: F.conv2d(images, torch.ones((2, 1, 3, 3)), **kw)),
                      ("max_pool2d", lambda **kw: F.max_pool2d(images, 2, **kw)),
                      ("avg_pool2d", lambda **kw: F.avg_pool2d(images, 2, **kw))):
        ours = CONV_CALLS[who][0](**{name: conv._ONLY[name][0] for name in CONV_CALLS[who][1]})
        np.testing.assert_array_equal(ours.data, call(**{n: conv._ONLY[n][0] for n in CONV_CALLS[who][1]}).numpy())


@beside_torch
def test_a_parameter_made_from_a_tensor_shares_its_memory_as_torch() -> None:
    ours_t, theirs_t = am.ones(3), torch.ones(3, dtype=torch.float64)
    ours, theirs = nn.Parameter(ours_t), torch.nn.Parameter(theirs_t)
    assert theirs.data_ptr() == theirs_t.data_ptr() and np.shares_memory(ours.data, ours_t.data)
    for p, lib in ((ours, optim), (theirs, torch.optim)):
        (p * p).sum().backward()
        lib.SGD([p], lr=0.1).step()
    np.testing.assert_allclose(ours_t.numpy(), theirs_t.numpy(), rtol=1e-12)
    array = np.ones(2)
    nn.Parameter(array).data[0] = 5.0  # an array is copied (as torch.tensor(array))
    assert array[0] == 1.0


@beside_torch
@pytest.mark.parametrize("name", ["SGD momentum", "Adam amsgrad", "RMSprop"])
def test_optimizer_state_dict_shares_the_buffers_as_torch(name: str) -> None:
    """optimizer.state_dict() is live in torch too: its buffers show later steps; copy.deepcopy keeps a snapshot."""
    ours, theirs, ours_opt, theirs_opt = twin_optimizers(name)
    X, y = data()
    one_step(ours, ours_opt, X, y, am)
    one_step(theirs, theirs_opt, X, y, torch)
    live, theirs_live, snapshot = ours_opt.state_dict(), theirs_opt.state_dict(), copy.deepcopy(ours_opt.state_dict())
    for _ in range(2):
        one_step(ours, ours_opt, X, y, am)
        one_step(theirs, theirs_opt, X, y, torch)
    for index, buffers in live["state"].items():
        for key, value in buffers.items():
            if key == "step":  # a float here, a tensor in torch: the count when the dict was taken
                assert snapshot["state"][index][key] == value == 1.0
                continue
            np.testing.assert_allclose(value.numpy(), theirs_live["state"][index][key].numpy(), rtol=1e-5, atol=1e-7)
            assert np.shares_memory(value.numpy(), ours_opt.state[ours_opt.params[index]][key])
            assert not np.allclose(snapshot["state"][index][key].numpy(), value.numpy())
