"""Learning-rate schedules beside torch.optim.lr_scheduler: the same lr, epoch by epoch, for 30 epochs."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_mini import Tensor, nn, optim
from autograd_mini.optim import lr_scheduler

try:
    import torch
except ImportError:  # the schedules' own behaviour is still tested; the side-by-side runs are skipped
    torch = None
torch_only = pytest.mark.skipif(torch is None, reason="compares with PyTorch")
EPOCHS = 30

SCHEDULES = {
    "step": ("StepLR", dict(step_size=7, gamma=0.5)),
    "multistep": ("MultiStepLR", dict(milestones=[3, 10, 10, 25], gamma=0.3)),
    "exponential": ("ExponentialLR", dict(gamma=0.9)),
    "cosine": ("CosineAnnealingLR", dict(T_max=12, eta_min=0.001)),  # 30 epochs: down, back up, down again
    "lambda": ("LambdaLR", dict(lr_lambda=lambda epoch: 1 / (1 + epoch))),
}


def pair(name: str, lrs: tuple[float, ...] = (0.1,)):
    """Our optimizer + scheduler and torch's (None without torch), with one parameter group per lr."""
    cls, settings = SCHEDULES[name]
    ours = optim.SGD([{"params": [nn.Parameter(np.ones(1))], "lr": lr} for lr in lrs], lr=lrs[0])
    if torch is None:
        return (ours, getattr(lr_scheduler, cls)(ours, **settings)), None
    theirs = torch.optim.SGD([{"params": [torch.nn.Parameter(torch.ones(1))], "lr": lr} for lr in lrs], lr=lrs[0])
    return (ours, getattr(lr_scheduler, cls)(ours, **settings)), (theirs, getattr(torch.optim.lr_scheduler, cls)(theirs, **settings))


def run(opt, scheduler, epochs: int) -> list[list[float]]:
    seen = []
    for _ in range(epochs):
        seen.append(scheduler.get_last_lr())
        opt.step()
        scheduler.step()
    return seen


@pytest.mark.torch
@torch_only
@pytest.mark.parametrize("name", SCHEDULES)
def test_lr_sequence_matches_torch_for_30_epochs(name: str) -> None:
    (opt, sched), (topt, tsched) = pair(name, lrs=(0.1, 0.02))
    ours, theirs = run(opt, sched, EPOCHS), run(topt, tsched, EPOCHS)
    np.testing.assert_allclose(ours, theirs, rtol=1e-14, atol=0)
    assert [g["lr"] for g in opt.param_groups] == pytest.approx([g["lr"] for g in topt.param_groups], rel=1e-14)
    assert sched.last_epoch == tsched.last_epoch == EPOCHS


@pytest.mark.torch
@torch_only
@pytest.mark.parametrize("name", SCHEDULES)
@pytest.mark.parametrize("epochs", [[0, 1, 2, 3, 4], [1, 2, 5, 11], [3, 3, 26, 1]])
def test_step_with_an_epoch_is_the_closed_form_with_pytorch_s_warning(name: str, epochs: list[int]) -> None:
    """Older tutorials call scheduler.step(epoch): the rate for that epoch from the formula, as PyTorch."""
    (opt, sched), (topt, tsched) = pair(name, lrs=(0.1, 0.02))
    for epoch in epochs:
        opt.step(), topt.step()
        with pytest.warns(UserWarning, match=r"epoch parameter in `scheduler.step\(\)`"):
            sched.step(epoch)
        with pytest.warns(UserWarning, match=r"epoch parameter in `scheduler.step\(\)`"):
            tsched.step(epoch)
        np.testing.assert_allclose(sched.get_last_lr(), tsched.get_last_lr(), rtol=1e-14, atol=0)


@pytest.mark.parametrize("name", SCHEDULES)
def test_the_optimizer_steps_with_the_scheduled_lr(name: str) -> None:
    (opt, sched), _ = pair(name)
    p = opt.param_groups[0]["params"][0]
    for _ in range(5):
        lr = sched.get_last_lr()[0]
        before = p.data.copy()
        p.grad = Tensor(np.ones(1))
        opt.step()
        assert before[0] - p.data[0] == pytest.approx(lr, rel=1e-12)
        sched.step()


@pytest.mark.parametrize("name", [n for n in SCHEDULES if n != "lambda"])
def test_state_dict_resume_continues_the_schedule(name: str) -> None:
    (opt, sched), _ = pair(name)
    run(opt, sched, 9)
    saved_opt, saved_sched = opt.state_dict(), sched.state_dict()
    rest = run(opt, sched, 12)
    (opt2, sched2), _ = pair(name)
    opt2.load_state_dict(saved_opt)
    sched2.load_state_dict(saved_sched)
    assert run(opt2, sched2, 12) == rest


@pytest.mark.torch
@torch_only
def test_a_hand_changed_lr_is_carried_along_as_in_torch() -> None:
    (opt, sched), (topt, tsched) = pair("step")
    run(opt, sched, 4)
    run(topt, tsched, 4)
    opt.param_groups[0]["lr"] = topt.param_groups[0]["lr"] = 0.05
    np.testing.assert_allclose(run(opt, sched, 20), run(topt, tsched, 20), rtol=1e-14)


def test_lambda_per_group_and_errors() -> None:
    opt = optim.SGD([{"params": [nn.Parameter(np.ones(1))]}, {"params": [nn.Parameter(np.ones(1))]}], lr=1.0)
    sched = lr_scheduler.LambdaLR(opt, [lambda e: 0.5**e, lambda e: 1.0 + e])
    sched.step()
    sched.step()
    assert sched.get_last_lr() == [0.25, 3.0]
    assert sched.state_dict()["lr_lambdas"] == [None, None]
    with pytest.raises(ValueError, match="Expected 2 lr_lambdas, but got 1"):
        lr_scheduler.LambdaLR(opt, [lambda e: 1.0])
    with pytest.raises(TypeError, match="list is not an Optimizer"):
        lr_scheduler.StepLR([], step_size=1)
