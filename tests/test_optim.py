"""Optimizers against closed-form steps: the first and the second update, worked out by hand.

One parameter starts at p0 = 1.0; the first gradient is g1 = 0.5, the second g2 = -0.25; lr = 0.1.
Each expected number below is the update rule written out (PyTorch's rules, see torch.optim docs),
so a wrong sign, a missing bias correction or momentum applied on the wrong step shows up.
The same numbers are checked on a Tensor (inside an array), and on a scalar Value.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest

from autograd_mini import Tensor, Value, nn, optim

P0, G1, G2, LR = 1.0, 0.5, -0.25, 0.1


def two_steps(make, kind: str) -> tuple[float, float]:
    """p after one and after two steps with the gradients G1 and G2 (set by hand, no backward)."""
    if kind == "tensor":
        p = nn.Parameter(np.array([P0, 2.0]))  # a second entry, to be sure entries do not mix
    else:
        p = Value(P0)
    opt = make([p])
    seen = []
    for g in (G1, G2):
        opt.zero_grad()
        p.grad = Tensor(np.array([g, 0.0])) if kind == "tensor" else g
        opt.step()
        seen.append(float(p.data[0]) if kind == "tensor" else p.data)
    return seen[0], seen[1]


def adam_by_hand(weight_decay_l2: float = 0.0, decoupled: float = 0.0, eps: float = 1e-8) -> tuple[float, float]:
    b1, b2 = 0.9, 0.999
    p, m, v, out = P0, 0.0, 0.0, []
    for t, g in enumerate((G1, G2), start=1):
        g = g + weight_decay_l2 * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        p = p - LR * decoupled * p - LR * m_hat / (math.sqrt(v_hat) + eps)
        out.append(p)
    return out[0], out[1]


CASES = {
    # name: (optimizer, p after step 1, p after step 2)
    "sgd": (lambda ps: optim.SGD(ps, lr=LR), 1 - 0.1 * 0.5, 0.95 - 0.1 * -0.25),
    # velocity v1 = g1 = 0.5; v2 = 0.9 * 0.5 + (-0.25) = 0.2
    "sgd_momentum": (lambda ps: optim.SGD(ps, lr=LR, momentum=0.9), 0.95, 0.95 - 0.1 * 0.2),
    # dampening scales the new gradient from step 2 on: v2 = 0.9 * 0.5 + 0.5 * (-0.25) = 0.325
    "sgd_dampening": (lambda ps: optim.SGD(ps, lr=LR, momentum=0.9, dampening=0.5), 0.95, 0.95 - 0.1 * 0.325),
    # Nesterov steps by g + momentum * v: 0.5 + 0.45 = 0.95, then -0.25 + 0.9 * 0.2 = -0.07
    "sgd_nesterov": (lambda ps: optim.SGD(ps, lr=LR, momentum=0.9, nesterov=True), 1 - 0.095, 0.905 + 0.007),
    # weight decay adds wd * p to the gradient: 0.5 + 0.1 * 1 = 0.6, then -0.25 + 0.1 * 0.94 = -0.156
    "sgd_weight_decay": (lambda ps: optim.SGD(ps, lr=LR, weight_decay=0.1), 0.94, 0.94 + 0.1 * 0.156),
    # momentum and weight decay together: g1' = 0.6, v1 = 0.6; g2' = -0.25 + 0.1 * 0.94, v2 = 0.54 + g2'
    "sgd_momentum_weight_decay": (lambda ps: optim.SGD(ps, lr=LR, momentum=0.9, weight_decay=0.1),
                                  0.94, 0.94 - 0.1 * (0.54 + (-0.25 + 0.094))),
    # Adam's first step is lr * g / |g| (m_hat = g, v_hat = g^2): a step of almost exactly lr
    "adam": (lambda ps: optim.Adam(ps, lr=LR), 1 - 0.1 * 0.5 / (0.5 + 1e-8),
             # m2 = 0.9 * 0.05 + 0.1 * (-0.25) = 0.02, v2 = 0.999 * 0.00025 + 0.001 * 0.0625 = 0.00031225
             (1 - 0.1 * 0.5 / (0.5 + 1e-8)) - 0.1 * (0.02 / 0.19) / (math.sqrt(0.00031225 / (1 - 0.999**2)) + 1e-8)),
    "adam_l2": (lambda ps: optim.Adam(ps, lr=LR, weight_decay=0.1), *adam_by_hand(weight_decay_l2=0.1)),
    "adam_eps": (lambda ps: optim.Adam(ps, lr=LR, eps=0.1), *adam_by_hand(eps=0.1)),
    # AdamW: the Adam step, and p shrinks by lr * wd * p apart from it: 1 - 0.1 * 0.01 * 1 - 0.1 * 0.5 / 0.5
    "adamw": (lambda ps: optim.AdamW(ps, lr=LR, weight_decay=0.01), 1 - 0.001 - 0.1 * 0.5 / (0.5 + 1e-8),
              *adam_by_hand(decoupled=0.01)[1:]),
}


def test_adam_by_hand_matches_the_numbers_written_out() -> None:
    assert adam_by_hand() == pytest.approx((CASES["adam"][1], CASES["adam"][2]), abs=1e-15)


@pytest.mark.parametrize("kind", ["tensor", "value"])
@pytest.mark.parametrize("name", CASES)
def test_first_and_second_step_in_closed_form(name: str, kind: str) -> None:
    make, first, second = CASES[name]
    got = two_steps(make, kind)
    assert got[0] == pytest.approx(first, abs=1e-12), "first step"
    assert got[1] == pytest.approx(second, abs=1e-12), "second step"


def test_entries_of_an_array_do_not_mix() -> None:
    p = nn.Parameter(np.array([1.0, 2.0]))
    opt = optim.Adam([p], lr=0.1)
    p.grad = Tensor(np.array([0.5, 0.0]))
    opt.step()
    assert p.data[1] == 2.0  # zero gradient, zero Adam step (0 / (0 + eps))


def test_parameters_without_gradient_are_left_alone() -> None:
    a, b = nn.Parameter(np.ones(2)), nn.Parameter(np.ones(2))
    opt = optim.SGD([a, b], lr=0.1, momentum=0.9)
    a.grad = Tensor(np.ones(2))
    opt.step()
    np.testing.assert_array_equal(b.data, [1.0, 1.0])
    np.testing.assert_array_equal(a.data, [0.9, 0.9])


def test_updates_are_in_place() -> None:
    """As torch: the step writes into the parameter's memory, so an array taken before it shows the new numbers."""
    p = nn.Parameter(np.ones(3))
    before = p.data
    opt = optim.SGD([p], lr=0.1)
    p.grad = Tensor(np.ones(3))
    opt.step()
    assert np.shares_memory(p.data, before)
    np.testing.assert_array_equal(before, np.full(3, 0.9))


def test_zero_grad_for_tensors_and_values() -> None:
    t, v = nn.Parameter(np.ones(2)), Value(1.0)
    t.grad, v.grad = Tensor(np.ones(2)), 3.0
    optim.SGD([t, v], lr=0.1).zero_grad()
    assert t.grad is None and v.grad == 0.0


def test_float32_parameters_stay_float32() -> None:
    model = nn.MLP(2, [4, 1], dtype=np.float32)
    for make in (optim.SGD, optim.Adam, optim.AdamW):
        opt = make(model.parameters(), lr=0.01)
        for _ in range(2):
            opt.zero_grad()
            model(np.ones((3, 2))).sum().backward()
            opt.step()
        assert all(p.dtype == np.float32 for p in model.parameters()), make.__name__


def test_sgd_minimises_a_quadratic() -> None:
    rng = np.random.default_rng(0)
    A, b = rng.normal(size=(6, 3)), rng.normal(size=6)
    p = nn.Parameter(np.zeros(3))
    opt = optim.SGD([p], lr=0.05, momentum=0.9)
    for _ in range(500):
        opt.zero_grad()
        residual = Tensor(A) @ p - b
        (residual * residual).sum().backward()
        opt.step()
    np.testing.assert_allclose(p.data, np.linalg.lstsq(A, b, rcond=None)[0], atol=1e-6)


@pytest.mark.parametrize("make, match", [
    (lambda ps: optim.SGD(ps, lr=-1), "^Invalid learning rate: -1$"),  # PyTorch's ValueError and words
    (lambda ps: optim.SGD(ps, lr=-0.1), "^Invalid learning rate: -0.1$"),
    (lambda ps: optim.SGD(ps, lr=float("nan")), "Invalid learning rate: nan"),
    (lambda ps: optim.SGD(ps, lr=float("inf")), "Invalid learning rate: inf"),
    (lambda ps: optim.SGD(ps, lr="0.1"), "Invalid learning rate: '0.1' \\(a number is needed"),
    (lambda ps: optim.SGD(ps, lr=0.1, momentum=-1), "Invalid momentum value: -1"),
    (lambda ps: optim.SGD(ps, lr=0.1, nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
    (lambda ps: optim.Adam(ps, betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    (lambda ps: optim.Adam(ps, eps=-1e-8), "Invalid epsilon value: -1e-08"),
    (lambda ps: optim.RMSprop(ps, alpha=-0.5), "Invalid alpha value: -0.5"),
    (lambda ps: optim.Adam([], lr=0.1), "empty parameter list"),
])
def test_bad_settings_are_refused(make, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        make([nn.Parameter(np.ones(1))])


def test_repr_shows_the_settings_as_pytorch() -> None:
    text = repr(optim.SGD([nn.Parameter(np.ones(1))], lr=0.1, momentum=0.9))
    assert text.startswith("SGD (\nParameter Group 0\n") and "    lr: 0.1\n" in text and "    momentum: 0.9\n" in text


def test_named_parameters_give_param_names_as_pytorch() -> None:
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    opt = optim.SGD(model.named_parameters(), lr=0.1)
    group = opt.param_groups[0]
    assert group["param_names"] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert [id(p) for p in group["params"]] == [id(p) for p in model.parameters()]
    before = model[0].weight.detach().clone()
    opt.zero_grad()
    model(Tensor(np.ones((4, 2)))).sum().backward()
    opt.step()  # the tensors train, not the (name, tensor) pairs
    assert not np.array_equal(model[0].weight.data, before.data)
    saved = opt.state_dict()["param_groups"][0]
    assert saved["param_names"] == group["param_names"] and saved["params"] == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="all optimizer params should be with/without names"):
        optim.SGD([("w", model[0].weight), model[0].bias])
    with pytest.raises(ValueError, match="cannot add param group without names"):
        opt.add_param_group({"params": [nn.Parameter(np.ones(2))]})
    with pytest.raises(TypeError, match="ordered collections"):
        opt.add_param_group({"params": {nn.Parameter(np.ones(2))}})


# ------------------------------------------------------------------------------ beside torch.optim
torch_configs = {
    "sgd": ("SGD", dict(lr=0.1)),
    "sgd_momentum_dampening_wd": ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.05)),
    "sgd_nesterov": ("SGD", dict(lr=0.05, momentum=0.8, nesterov=True)),
    "sgd_maximize": ("SGD", dict(lr=0.05, momentum=0.5, maximize=True)),
    "adam": ("Adam", dict(lr=0.01)),
    "adam_wd_amsgrad": ("Adam", dict(lr=0.02, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.1, amsgrad=True)),
    "adamw": ("AdamW", dict(lr=0.01, weight_decay=0.1)),
    "rmsprop": ("RMSprop", dict(lr=0.01)),
    "rmsprop_centered_momentum_wd": ("RMSprop", dict(lr=0.01, alpha=0.9, momentum=0.7, centered=True,
                                                     weight_decay=0.01)),
}
GRADS = np.random.default_rng(4).normal(size=(6, 3, 2))  # six steps of gradients for a (3, 2) parameter


def torch_and_ours(name: str, start: np.ndarray):
    torch = pytest.importorskip("torch")
    cls, settings = torch_configs[name]
    ours_p, theirs_p = nn.Parameter(start.copy()), torch.nn.Parameter(torch.tensor(start.copy()))
    return (ours_p, getattr(optim, cls)([ours_p], **settings)), (theirs_p, getattr(torch.optim, cls)([theirs_p], **settings))


def step_both(ours, theirs, grad: "np.ndarray | None") -> None:
    import torch
    (p, opt), (q, topt) = ours, theirs
    p.grad = None if grad is None else Tensor(grad)
    q.grad = None if grad is None else torch.tensor(grad)
    opt.step()
    topt.step()


@pytest.mark.torch
@pytest.mark.parametrize("name", torch_configs)
def test_steps_match_torch(name: str) -> None:
    start = np.random.default_rng(5).normal(size=(3, 2))
    ours, theirs = torch_and_ours(name, start)
    for i, g in enumerate(GRADS):
        step_both(ours, theirs, None if i == 3 else g)  # step 4 has no gradient: nothing may move
        np.testing.assert_allclose(ours[0].data, theirs[0].detach().numpy(), rtol=1e-13, atol=1e-15,
                                   err_msg=f"step {i + 1}")


@pytest.mark.torch
@pytest.mark.parametrize("name", torch_configs)
def test_a_zero_d_parameter_stays_zero_d_and_matches_torch(name: str) -> None:
    ours, theirs = torch_and_ours(name, np.array(0.7))
    for g in GRADS[:, 0, 0]:
        step_both(ours, theirs, np.array(g))
        assert isinstance(ours[0].data, np.ndarray) and ours[0].data.shape == ()
        assert float(ours[0].data) == pytest.approx(theirs[0].item(), rel=1e-13, abs=1e-15)
    ours[1].zero_grad()
    assert ours[0].grad is None


@pytest.mark.torch
def test_changing_lr_in_param_groups_takes_effect_as_in_torch() -> None:
    start = np.ones((3, 2))
    ours, theirs = torch_and_ours("sgd_momentum_dampening_wd", start)
    for i, g in enumerate(GRADS):
        if i == 2:
            ours[1].param_groups[0]["lr"] = 0.01
            theirs[1].param_groups[0]["lr"] = 0.01
        step_both(ours, theirs, g)
    np.testing.assert_allclose(ours[0].data, theirs[0].detach().numpy(), rtol=1e-13)
    assert ours[1].lr == 0.01


@pytest.mark.torch
def test_per_group_settings_and_add_param_group_match_torch() -> None:
    torch = pytest.importorskip("torch")
    a, b, c = (np.full((2,), v) for v in (1.0, 2.0, 3.0))
    ours = [nn.Parameter(x.copy()) for x in (a, b, c)]
    theirs = [torch.nn.Parameter(torch.tensor(x.copy())) for x in (a, b, c)]
    opt = optim.SGD([{"params": [ours[0]]}, {"params": [ours[1]], "lr": 0.5, "momentum": 0.9}], lr=0.1)
    topt = torch.optim.SGD([{"params": [theirs[0]]}, {"params": [theirs[1]], "lr": 0.5, "momentum": 0.9}], lr=0.1)
    opt.add_param_group({"params": ours[2], "weight_decay": 0.1})
    topt.add_param_group({"params": theirs[2], "weight_decay": 0.1})
    assert [{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups] == \
        [{k: v for k, v in g.items() if k in opt.param_groups[0] and k != "params"} for g in topt.param_groups]
    for g in GRADS[:3, 0]:
        for p, q in zip(ours, theirs):
            p.grad, q.grad = Tensor(g.copy()), torch.tensor(g.copy())
        opt.step()
        topt.step()
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-13)
    with pytest.raises(ValueError, match="some parameters appear in more than one parameter group"):
        opt.add_param_group({"params": [ours[0]]})


@pytest.mark.parametrize("name", torch_configs)
def test_state_dict_resume_gives_identical_next_steps(name: str) -> None:
    cls, settings = torch_configs[name]
    start = np.random.default_rng(6).normal(size=(3, 2))
    p = nn.Parameter(start.copy())
    opt = getattr(optim, cls)([p], **settings)
    for g in GRADS[:3]:
        p.grad = Tensor(g)
        opt.step()
    saved_params, saved_state = p.data.copy(), copy.deepcopy(opt.state_dict())  # torch's dict is live: copy it
    assert saved_state["param_groups"][0]["params"] == [0]
    for g in GRADS[3:]:  # the original run goes on
        p.grad = Tensor(g)
        opt.step()
    resumed_p = nn.Parameter(saved_params)
    resumed = getattr(optim, cls)([resumed_p], lr=0.123)  # settings come from the state_dict
    resumed.load_state_dict(saved_state)
    for g in GRADS[3:]:
        resumed_p.grad = Tensor(g)
        resumed.step()
    np.testing.assert_array_equal(resumed_p.data, p.data)
    assert resumed.param_groups[0]["lr"] == settings["lr"]


def test_load_state_dict_refuses_another_layout() -> None:
    opt = optim.SGD([nn.Parameter(np.ones(2))], lr=0.1)
    other = optim.SGD([nn.Parameter(np.ones(2)), nn.Parameter(np.ones(2))], lr=0.1)
    with pytest.raises(ValueError, match="doesn't match the size of optimizer's group"):
        opt.load_state_dict(other.state_dict())


def test_lr_as_numpy_number_keeps_float32() -> None:
    for lr in (np.float64(0.1), np.array(0.1), np.float32(0.1)):
        p = nn.Parameter(np.ones(2), dtype=np.float32)
        opt = optim.SGD([p], lr=lr)
        assert type(opt.param_groups[0]["lr"]) is float
        p.grad = Tensor(np.ones(2, dtype=np.float32))
        opt.step()
        assert p.dtype == np.float32 and p.data[0] == pytest.approx(0.9)


def test_zero_grad_keeping_zeros_and_rmsprop_on_values() -> None:
    p = nn.Parameter(np.ones(2))
    p.grad = Tensor(np.ones(2))
    grad = p.grad
    optim.SGD([p], lr=0.1).zero_grad(set_to_none=False)
    assert p.grad is grad and np.all(grad.data == 0)  # zeroed in place, as PyTorch: a kept reference sees it
    p.grad.data[:] = 1
    model = nn.Linear(2, 1)
    model.weight.grad = grad = Tensor(np.ones((1, 2)))
    model.zero_grad(set_to_none=False)
    assert model.weight.grad is grad and np.all(grad.data == 0) and model.bias.grad is None
    v = Value(1.0)
    opt = optim.RMSprop([v], lr=0.01)
    v.grad = 0.5
    opt.step()
    assert isinstance(v.data, float) and v.data == pytest.approx(1 - 0.01 * 0.5 / (math.sqrt(0.01 * 0.25) + 1e-8))


def test_optimizer_state_is_keyed_by_parameter() -> None:
    p = nn.Parameter(np.ones(2))
    opt = optim.Adam([p], lr=0.1)
    p.grad = Tensor(np.ones(2))
    opt.step()
    assert set(opt.state[p]) == {"step", "exp_avg", "exp_avg_sq"} and opt.state[p]["step"] == 1
    assert list(opt.state) == [p]


@pytest.mark.parametrize("make", [
    lambda ps: optim.Adam(ps, learning_rate=0.1),
    lambda ps: optim.SGD(ps, lr=0.1, momentun=0.9),
    lambda ps: optim.AdamW(ps, lr=0.1, beta=(0.9, 0.99)),
    lambda ps: optim.RMSprop(ps, lr=0.1, decay=0.9),
])
def test_a_misspelled_setting_is_refused_not_ignored(make: Any) -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        make([nn.Parameter(np.ones(2))])


def test_speed_switches_are_accepted_and_decoupled_adam_is_adamw() -> None:
    p = nn.Parameter(np.ones(2))
    assert optim.Adam([p], lr=0.1, foreach=False, fused=False).param_groups[0]["foreach"] is False
    assert optim.SGD([p], lr=0.1, foreach=True).param_groups[0]["fused"] is None
    steps = []
    for make in (lambda ps: optim.Adam(ps, lr=0.1, weight_decay=0.1, decoupled_weight_decay=True),
                 lambda ps: optim.AdamW(ps, lr=0.1, weight_decay=0.1), lambda ps: optim.Adam(ps, lr=0.1, weight_decay=0.1)):
        q = nn.Parameter(np.array([1.0, -2.0]))
        opt = make([q])
        for g in (0.5, -0.25):
            q.grad = Tensor(np.array([g, g]))
            opt.step()
        steps.append(q.data.copy())
    np.testing.assert_array_equal(steps[0], steps[1])  # Adam(decoupled_weight_decay=True) steps as AdamW, as PyTorch
    assert not np.allclose(steps[1], steps[2])  # and L2 weight decay is another rule


@pytest.mark.parametrize("name, settings", [("SGD", dict(lr=0.1)), ("SGD", dict(lr=0.1, momentum=0.9, foreach=True)),
                                            ("Adam", {}), ("AdamW", dict(weight_decay=0.05)), ("RMSprop", {})])
def test_print_optimizer_as_pytorch(name: str, settings: dict) -> None:
    torch = pytest.importorskip("torch")
    ours = repr(getattr(optim, name)([nn.Parameter(np.ones(2))], **settings))
    assert ours == repr(getattr(torch.optim, name)([torch.nn.Parameter(torch.ones(2))], **settings))


def test_a_non_leaf_tensor_is_refused_at_once() -> None:

    w = Tensor(np.ones(3), requires_grad=True) * 0.01
    with pytest.raises(ValueError, match="non-leaf"):
        optim.SGD([w], lr=0.1)
