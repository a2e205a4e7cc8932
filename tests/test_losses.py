"""Every loss, every reduction, against PyTorch float64: values, the input's gradient and the target's.

Then every bad argument: shapes that would pair outputs with the wrong targets, class targets that are
not class indices, BCE numbers outside [0, 1], an unknown reduction. Each error names the values involved.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_mini import Tensor, nn
from autograd_mini.engine.tensor import ShapeError
from autograd_mini.gradcheck import gradcheck
from autograd_mini.nn import functional as F
from autograd_mini.random import manual_seed

try:
    import torch
    TF = torch.nn.functional
except ImportError:  # the finite-difference and error tests still run; the torch comparisons are skipped
    torch = TF = None
REDUCTIONS = ["mean", "sum", "none"]
rng = np.random.default_rng(7)
LOGITS = rng.normal(size=(6, 1)) * 3
PROBS = 1 / (1 + np.exp(-LOGITS))
SOFT = rng.uniform(0.05, 0.95, size=(6, 1))  # targets between 0 and 1, so the target gradient matters
CLASS_LOGITS = rng.normal(size=(5, 4)) * 2
CLASSES = np.array([0, 3, 1, 1, 2])
CLASS_PROBS = rng.dirichlet(np.ones(4), size=5)


def compare(ours, theirs, x: np.ndarray, t: np.ndarray, reduction: str, target_grad: bool = True,
            **kwargs) -> None:
    """Run our loss and torch's on the same numbers; compare values and gradients to float64 rounding."""
    xa, ta = Tensor(x, requires_grad=True), Tensor(t, requires_grad=target_grad)
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    tt = torch.tensor(t, dtype=torch.float64, requires_grad=target_grad)
    out, expected = ours(xa, ta, reduction=reduction, **kwargs), theirs(xt, tt, reduction=reduction, **kwargs)
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12, atol=1e-14)
    upstream = rng.normal(size=expected.shape)  # a gradient from above that is not all ones
    out.backward(Tensor(upstream))
    expected.backward(torch.tensor(upstream))
    np.testing.assert_allclose(xa.grad.data, xt.grad.numpy(), rtol=1e-10, atol=1e-13)
    if target_grad:
        np.testing.assert_allclose(ta.grad.data, tt.grad.numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name, x, t", [
    ("mse_loss", LOGITS, SOFT), ("l1_loss", LOGITS, SOFT),
    ("binary_cross_entropy_with_logits", LOGITS, SOFT), ("binary_cross_entropy", PROBS, SOFT),
], ids=["mse", "l1", "bce_with_logits", "bce"])
@pytest.mark.parametrize("shape", [(6, 1), (6,), (2, 3)])
def test_pointwise_losses_match_torch_with_target_gradients(name: str, x, t, reduction: str, shape) -> None:
    """Input and target of the same shape, (N, 1), (N,) or another: the same numbers as PyTorch."""
    compare(getattr(F, name), getattr(TF, name), x.reshape(shape), t.reshape(shape), reduction)


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_bce_with_logits_pos_weight_and_weight(reduction: str) -> None:
    pos_weight = np.array([2.5])
    compare(lambda a, b, **k: F.binary_cross_entropy_with_logits(a, b, pos_weight=pos_weight, **k),
            lambda a, b, **k: TF.binary_cross_entropy_with_logits(a, b, pos_weight=torch.tensor(pos_weight), **k),
            LOGITS, SOFT, reduction)
    weight = rng.uniform(0.5, 2, size=(6, 1))
    compare(lambda a, b, **k: F.binary_cross_entropy(a, b, weight=weight, **k),
            lambda a, b, **k: TF.binary_cross_entropy(a, b, weight=torch.tensor(weight), **k), PROBS, SOFT, reduction)


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
def test_bce_with_logits_is_stable_for_huge_logits() -> None:
    z = np.array([[1000.0], [-1000.0], [0.0]])
    y = np.array([[0.0], [1.0], [1.0]])
    compare(F.binary_cross_entropy_with_logits, TF.binary_cross_entropy_with_logits, z, y, "sum")


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("with_weight", [False, True])
def test_cross_entropy_and_nll_match_torch(reduction: str, with_weight: bool) -> None:
    weight = np.array([0.5, 1.0, 2.0, 1.5]) if with_weight else None
    tw = torch.tensor(weight) if with_weight else None
    for ours, theirs, x in ((F.cross_entropy, TF.cross_entropy, CLASS_LOGITS),
                            (F.nll_loss, TF.nll_loss, np.log(CLASS_PROBS))):
        xa, xt = Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out = ours(xa, CLASSES, weight=weight, reduction=reduction)
        expected = theirs(xt, torch.tensor(CLASSES), weight=tw, reduction=reduction)
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12)
        upstream = rng.normal(size=expected.shape)
        out.backward(Tensor(upstream))
        expected.backward(torch.tensor(upstream))
        np.testing.assert_allclose(xa.grad.data, xt.grad.numpy(), rtol=1e-10, atol=1e-14)


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
def test_cross_entropy_ignore_index_single_sample_and_probabilities() -> None:
    target = np.array([0, -100, 1, 3, -100])
    got = F.cross_entropy(Tensor(CLASS_LOGITS), target).item()
    assert got == pytest.approx(TF.cross_entropy(torch.tensor(CLASS_LOGITS), torch.tensor(target)).item(), rel=1e-12)
    one = F.cross_entropy(Tensor(CLASS_LOGITS[0]), np.array(2)).item()
    assert one == pytest.approx(TF.cross_entropy(torch.tensor(CLASS_LOGITS[0]), torch.tensor(2)).item(), rel=1e-12)
    for reduction in REDUCTIONS:
        compare(F.cross_entropy, TF.cross_entropy, CLASS_LOGITS, CLASS_PROBS, reduction)


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
def test_class_targets_as_tensors_lists_and_whole_floats_agree() -> None:
    expected = TF.cross_entropy(torch.tensor(CLASS_LOGITS), torch.tensor(CLASSES)).item()
    for target in (CLASSES, CLASSES.tolist(), CLASSES.astype(float), Tensor(CLASSES.astype(float))):
        assert F.cross_entropy(Tensor(CLASS_LOGITS), target).item() == pytest.approx(expected, rel=1e-12)


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
@pytest.mark.parametrize("module, function, x, t", [
    (nn.MSELoss, F.mse_loss, LOGITS, SOFT), (nn.L1Loss, F.l1_loss, LOGITS, SOFT),
    (nn.BCELoss, F.binary_cross_entropy, PROBS, SOFT),
    (nn.BCEWithLogitsLoss, F.binary_cross_entropy_with_logits, LOGITS, SOFT),
    (nn.CrossEntropyLoss, F.cross_entropy, CLASS_LOGITS, CLASSES),
    (nn.NLLLoss, F.nll_loss, np.log(CLASS_PROBS), CLASSES),
])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_loss_modules_call_their_function(module, function, x, t, reduction: str) -> None:
    criterion = module(reduction=reduction)
    np.testing.assert_array_equal(criterion(Tensor(x), t).data, function(Tensor(x), t, reduction=reduction).data)
    torch_module = getattr(torch.nn, module.__name__)(reduction=reduction)
    assert repr(criterion) == repr(torch_module)


# ------------------------------------------------------------------------------ shapes
POINTWISE = [F.mse_loss, F.l1_loss, F.binary_cross_entropy, F.binary_cross_entropy_with_logits, F.hinge_loss]


@pytest.mark.parametrize("loss", POINTWISE)
def test_a_transposed_target_is_refused_not_reshaped(loss) -> None:
    """(N, 1) outputs and a (1, N) target used to be reshaped silently: each output paired with the wrong label."""
    out = Tensor(np.full((3, 1), 0.5))
    with pytest.raises(ShapeError, match=r"(?i)target size \(torch.Size\(\[1, 3\]\)\) .*input size "
                                         r"\(torch.Size\(\[3, 1\]\)\).*target.reshape\(3, 1\).*target.T"):
        loss(out, np.array([[0.0, 1.0, 1.0]]))
    with pytest.raises(ShapeError, match=r"torch.Size\(\[4\]\).*The input has 3 numbers and the target 4: give one target per output"):
        loss(out, np.zeros(4))


ONE_PER_ROW = [  # (what is called, its name in the message, whether PyTorch broadcasts instead of raising)
    (F.mse_loss, "mse_loss", True), (F.l1_loss, "l1_loss", True),
    (F.binary_cross_entropy, "binary_cross_entropy", False),
    (F.binary_cross_entropy_with_logits, "binary_cross_entropy_with_logits", False),
    (F.hinge_loss, "hinge_loss", False),
    (nn.MSELoss(), "mse_loss", True), (nn.L1Loss(), "l1_loss", True), (nn.BCELoss(), "binary_cross_entropy", False),
    (nn.BCEWithLogitsLoss(), "binary_cross_entropy_with_logits", False),
]


@pytest.mark.parametrize("loss, name, broadcasts", ONE_PER_ROW, ids=[f"{n}-{type(f).__name__}" for f, n, _ in ONE_PER_ROW])
def test_one_target_per_row_raises_with_both_shapes_and_the_fix(loss, name: str, broadcasts: bool) -> None:
    """(N,) targets for (N, 1) outputs, and the other way round: a ShapeError in every loss, never a pairing."""
    labels = (SOFT > 0.5).astype(float)  # 0/1 labels, which every one of these losses takes
    column, row = Tensor(PROBS), Tensor(labels[:, 0])
    with pytest.raises(ShapeError) as error:
        loss(column, row)
    message = str(error.value)
    assert message.startswith(f"{name}: ") and "torch.Size([6])" in message and "torch.Size([6, 1])" in message
    assert "target.reshape(6, 1) (or target.view(-1, 1)), or input.squeeze(1)" in message
    assert ("PyTorch would broadcast the two to a (6, 6) table, every output against every target" in message) \
        == broadcasts
    with pytest.raises(ShapeError, match=r"target.reshape\(6\) \(or target.view\(-1\)\), or input.unsqueeze\(1\)"):
        loss(row, column)
    loss(column, Tensor(labels)), loss(row, row)  # the same shapes, either way, are fine


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
@pytest.mark.parametrize("name", ["binary_cross_entropy", "binary_cross_entropy_with_logits"])
def test_the_bce_shape_message_is_pytorchs(name: str) -> None:
    x, t = PROBS, SOFT[:, 0]
    with pytest.raises(ValueError) as theirs:
        getattr(TF, name)(torch.tensor(x), torch.tensor(t))
    with pytest.raises(ShapeError) as ours:
        getattr(F, name)(Tensor(x), Tensor(t))
    assert str(ours.value).startswith(f"{name}: {theirs.value}")


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
@pytest.mark.parametrize("name", ["mse_loss", "l1_loss"])
def test_what_pytorch_only_warns_about_is_an_error_here(name: str) -> None:
    """PyTorch broadcasts (6, 1) against (6,) to a 6 x 6 table, warns, and returns that table's mean: another number."""
    x, t = LOGITS, SOFT[:, 0]
    with pytest.warns(UserWarning, match="different to the input size"):
        table = getattr(TF, name)(torch.tensor(x), torch.tensor(t)).item()
    row_by_row = getattr(TF, name)(torch.tensor(x[:, 0]), torch.tensor(t)).item()
    assert table == pytest.approx(getattr(F, name)(Tensor(x - t[None, :]), np.zeros((6, 6))).item(), rel=1e-12)
    assert abs(table - row_by_row) > 0.1  # the warning's case really is another number
    with pytest.raises(ShapeError, match=rf"^{name}: Using a target size \(torch.Size\(\[6\]\)\) that is different "
                                         r"to the input size \(torch.Size\(\[6, 1\]\)\)\..*\(6, 6\) table"):
        getattr(F, name)(Tensor(x), Tensor(t))
    assert getattr(F, name)(Tensor(x[:, 0]), Tensor(t)).item() == pytest.approx(row_by_row, rel=1e-12)


def test_a_single_number_target_is_refused_with_full_like() -> None:
    with pytest.raises(ShapeError, match=r"torch.Size\(\[\]\).*full_like\(input, that_number\)"):
        F.mse_loss(Tensor(LOGITS), 0.0)


def test_lists_and_arrays_are_read_as_constants() -> None:
    assert F.mse_loss([1.0, 2.0], np.array([1.0, 4.0])).item() == 2.0
    with pytest.raises(TypeError, match="the target must be a Tensor or numbers, not str"):
        F.mse_loss(Tensor([1.0]), "one")


# ------------------------------------------------------------------------------ bad values
@pytest.mark.parametrize("target, match", [
    (np.array([0, 3, 1, 1, 4]), r"Target 4 is out of bounds for 4 classes \(valid class indices: 0..3\)"),
    (np.array([0, -1, 1, 1, 2]), r"Target -1 is out of bounds for 4 classes"),
    (np.array([True, False, True, True, False]), r"the target is bool .*y.long\(\)"),
    (np.array([0.0, 1.5, 1.0, 1.0, 2.0]), r"whole numbers 0..C-1, but the target holds 1.5"),
    (np.array(["a", "b", "c", "d", "e"]), r"must hold class indices .*not ndarray"),
    (np.array([0, 1, 2]), r"Expected input batch_size \(5\) to match target batch_size \(3\)"),
    (np.array([[0], [1], [2], [3], [0]]), r"multi-target not supported.*shape \(5,\): target.view\(-1\)"),
])
@pytest.mark.parametrize("loss", [F.cross_entropy, F.nll_loss])
def test_bad_class_targets_are_refused_naming_the_value(loss, target, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        loss(Tensor(CLASS_LOGITS), target)


@pytest.mark.torch
@pytest.mark.skipif(torch is None, reason="compares with PyTorch")
def test_bce_refuses_numbers_outside_zero_one() -> None:
    with pytest.raises(ValueError, match=r"all elements of target should be between 0 and 1; got values from -0.1 "
                                         r"to 1.5"):
        F.binary_cross_entropy(Tensor([[0.5], [0.5]]), [[1.5], [-0.1]])
    with pytest.raises(ValueError, match=r"all elements of input should be between 0 and 1.*Apply sigmoid first"):
        F.binary_cross_entropy(Tensor([[1.2]]), [[1.0]])
    with pytest.raises(ValueError, match=r"between 0 and 1; got values from 0.3 to 0.3 \(and nan\)"):
        F.binary_cross_entropy(Tensor([[np.nan], [0.3]]), [[1.0], [1.0]])
    with pytest.raises(ValueError, match=r"between 0 and 1; got values only nan"):
        F.binary_cross_entropy(Tensor([[np.nan]]), [[1.0]])
    # torch says the same
    with pytest.raises(RuntimeError, match="all elements of target should be between 0 and 1"):
        TF.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([1.5]))


def test_unknown_reduction_is_refused() -> None:
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        F.mse_loss(Tensor([1.0]), [1.0], reduction="avg")
    with pytest.raises(ValueError, match="avg is not a valid value for reduction"):
        nn.CrossEntropyLoss(reduction="avg")


def test_float32_losses_stay_float32() -> None:
    x = Tensor(LOGITS, dtype=np.float32, requires_grad=True)
    for loss in (F.mse_loss, F.binary_cross_entropy_with_logits):
        x.grad = None
        out = loss(x, SOFT)
        out.backward()
        assert out.dtype == np.float32 and x.grad.dtype == np.float32, loss.__name__


# ------------------------------------------------------------------------------ finite differences (no torch needed)
GRID = dict(max_examples=15, deadline=None)
columns = hnp.arrays(np.float64, (4, 1), elements=st.floats(-4, 4))
labels = hnp.arrays(np.float64, (4, 1), elements=st.floats(0.05, 0.95))
WEIGHTS = np.array([[0.3], [-1.2], [0.7], [2.0]])  # 'none' is checked through a weighted sum


def reduced(loss, reduction: str):
    if reduction == "none":
        return lambda a, b: (loss(a, b, reduction="none") * Tensor(WEIGHTS)).sum()
    return lambda a, b: loss(a, b, reduction=reduction)


@settings(**GRID)
@given(z=columns, y=labels, reduction=st.sampled_from(REDUCTIONS))
def test_pointwise_losses_pass_gradcheck_for_input_and_target(z, y, reduction: str) -> None:
    assume(np.all(np.abs(z - y) > 1e-3))  # l1 has a kink where input = target
    for loss in (F.mse_loss, F.l1_loss, F.binary_cross_entropy_with_logits):
        assert gradcheck(reduced(loss, reduction), [z, y])
    assert gradcheck(reduced(F.binary_cross_entropy, reduction), [1 / (1 + np.exp(-z)), y])
    assert gradcheck(reduced(lambda a, b, **k: F.binary_cross_entropy_with_logits(a, b, pos_weight=3.0, **k),
                             reduction), [z, y])


@settings(**GRID)
@given(z=hnp.arrays(np.float64, (4, 3), elements=st.floats(-4, 4)),
       classes=hnp.arrays(np.int64, 4, elements=st.integers(0, 2)), reduction=st.sampled_from(["mean", "sum"]))
def test_class_losses_pass_gradcheck(z, classes, reduction: str) -> None:
    assert gradcheck(lambda a: F.cross_entropy(a, classes, reduction=reduction), [z])
    assert gradcheck(lambda a: F.cross_entropy(a, classes, weight=[0.5, 1.0, 2.0], reduction=reduction), [z])
    assert gradcheck(lambda a: F.nll_loss(a.log_softmax(dim=1), classes, reduction=reduction), [z])
    probs = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert gradcheck(lambda a, b: F.cross_entropy(a, b, reduction=reduction), [z, probs])


@settings(**GRID)
@given(x=hnp.arrays(np.float64, (3, 4), elements=st.floats(-3, 3)))
def test_layers_pass_gradcheck(x) -> None:
    w = np.linspace(0.5, 2.0, 4)
    assert gradcheck(lambda a, b: (F.layer_norm(a, (4,), b) * Tensor(WEIGHTS[:3])).sum(), [x, w])
    for approximate in ("none", "tanh"):
        assert gradcheck(lambda a: (F.gelu(a, approximate) * Tensor(WEIGHTS[:3])).sum(), [x])

    def dropped(a):
        manual_seed(0)  # the same mask on every call, so finite differences see one function
        return (F.dropout(a, 0.3) * Tensor(WEIGHTS[:3])).sum()

    assert gradcheck(dropped, [x])


def test_a_per_sample_weight_that_would_grow_the_loss_is_refused() -> None:
    # (N,) weights against (N, 1) outputs would broadcast to an (N, N) table: PyTorch refuses, so do we
    logits = Tensor(np.zeros((4, 1)), requires_grad=True)
    target = Tensor(np.ones((4, 1)))
    for loss in (lambda w: F.binary_cross_entropy_with_logits(logits, target, weight=w),
                 lambda w: F.binary_cross_entropy_with_logits(logits, target, pos_weight=w),
                 lambda w: F.binary_cross_entropy(logits.sigmoid(), target, weight=w)):
        with pytest.raises(ValueError, match=r"does not broadcast to the input's shape \(4, 1\)"):
            loss(Tensor(np.array([3.0, 1.0, 1.0, 3.0])))
        assert loss(Tensor(np.array([[3.0], [1.0], [1.0], [3.0]]))).shape == ()


def test_a_class_weight_of_the_wrong_length_is_refused() -> None:
    logits, labels = Tensor(np.zeros((2, 3))), Tensor(np.array([0, 2]))
    for weight in (np.ones(2), np.ones(4)):
        with pytest.raises(ValueError, match="weight should be defined for all 3 classes"):
            F.cross_entropy(logits, labels, weight=Tensor(weight))


@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_every_target_ignored_gives_nan_loss_and_zero_gradient_as_torch(reduction: str) -> None:
    x = Tensor(CLASS_LOGITS, requires_grad=True)
    targets = Tensor(np.full(5, -100))
    loss = F.cross_entropy(x, targets, reduction=reduction)
    loss.backward()
    assert np.all(x.grad.data == 0) and (np.isnan(loss.item()) if reduction == "mean" else loss.item() == 0)
    if torch is not None:
        xt = torch.tensor(CLASS_LOGITS, requires_grad=True)
        theirs = TF.cross_entropy(xt, torch.full((5,), -100), reduction=reduction)
        theirs.backward()
        assert np.isnan(theirs.item()) == np.isnan(loss.item()) and torch.all(xt.grad == 0)


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss"])
def test_mse_and_l1_compute_in_the_wider_float_as_torch(name: str) -> None:
    x = Tensor(np.float32([0.1, 0.7]), requires_grad=True)
    t = Tensor(np.array([1 / 3, 0.2]))  # float64, with digits float32 cannot hold
    loss = getattr(F, name)(x, t)
    loss.backward()
    assert loss.dtype == np.float64 and x.grad.dtype == np.float32
    assert getattr(F, name)(x, Tensor(np.array([1, 0]))).dtype == np.float32  # an integer target takes the input's
    if torch is not None:
        xt = torch.tensor(np.float32([0.1, 0.7]), requires_grad=True)
        theirs = getattr(TF, name)(xt, torch.tensor([1 / 3, 0.2], dtype=torch.float64))
        theirs.backward()
        assert theirs.dtype == torch.float64 and theirs.item() == loss.item()
        np.testing.assert_array_equal(xt.grad.numpy(), x.grad.data)


def test_loss_weights_are_buffers_as_in_pytorch() -> None:
    import autograd_mini as am
    built = [am.nn.CrossEntropyLoss(weight=am.tensor([1.0, 2.0])), am.nn.NLLLoss(weight=am.tensor([1.0, 2.0])),
             am.nn.BCELoss(weight=am.tensor([0.5])), am.nn.BCEWithLogitsLoss(pos_weight=am.tensor([3.0])),
             am.nn.CrossEntropyLoss()]
    keys = [list(loss.state_dict()) for loss in built]
    assert keys == [["weight"], ["weight"], ["weight"], ["pos_weight"], []]
    built[0].float()
    assert built[0].weight.dtype == am.float32
    with pytest.raises(TypeError, match="cannot assign 'list' object to buffer 'weight'"):
        am.nn.CrossEntropyLoss(weight=[1.0, 2.0])
    try:
        import torch
    except ImportError:
        return
    theirs = [torch.nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0])), torch.nn.NLLLoss(weight=torch.tensor([1.0, 2.0])),
              torch.nn.BCELoss(weight=torch.tensor([0.5])), torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0])),
              torch.nn.CrossEntropyLoss()]
    assert [list(loss.state_dict()) for loss in theirs] == keys
    with pytest.raises(TypeError, match="cannot assign 'list' object to buffer 'weight'"):
        torch.nn.CrossEntropyLoss(weight=[1.0, 2.0])
