"""fit, the one training loop: it trains, its History replays exactly, batches follow the seed, errors help."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograd_mini import Tensor, TrainingDiverged, accuracy, fit, nn, optim, predict_proba, scalar
from autograd_mini.data import make_moons
from autograd_mini.nn import functional as F
from autograd_mini.train import evaluate, get_state, set_state


@pytest.fixture(scope="module")
def moons() -> tuple[np.ndarray, np.ndarray]:
    return make_moons(200, seed=0)


def test_fit_trains_the_lesson_mlp_on_moons(moons) -> None:
    X, y = moons
    model = nn.MLP(2, [16, 16, 1], seed=0)
    history = fit(model, X, y, optimizer="adam", lr=0.02, epochs=200, progress=False)
    assert history.final_accuracy >= 0.98
    assert accuracy(model, X, y) == history.final_accuracy
    assert history.loss[-1] < history.loss[0] / 10
    assert len(history.loss) == len(history.accuracy) == history.epochs == 200
    p = predict_proba(model, X)
    assert p.shape == (200,) and np.all((p >= 0) & (p <= 1))


def test_fit_with_sgd_and_mini_batches_also_trains(moons) -> None:
    X, y = moons
    model = nn.MLP(2, [16, 16, 1], seed=1)
    history = fit(model, X, y, lr=0.2, epochs=100, batch_size=32, seed=3, progress=False)
    assert history.final_accuracy >= 0.98


def test_snapshots_replay_the_recorded_losses_exactly(moons) -> None:
    """Full batch: the loss of epoch e+1 is measured at the parameters after e epochs, snapshots[e]."""
    X, y = moons
    model = nn.MLP(2, [16, 16, 1], seed=0)
    history = fit(model, X, y, lr=0.3, epochs=30, snapshot_every=5, progress=False)
    assert sorted(history.snapshots) == [0, 5, 10, 15, 20, 25, 30]
    fresh = nn.MLP(2, [16, 16, 1], seed=99)
    for epoch in range(0, 30, 5):
        set_state(fresh, history.params_at(epoch))
        loss = F.binary_cross_entropy_with_logits(fresh(Tensor(X)), y[:, None])
        assert loss.item() == history.loss[epoch], epoch  # bit for bit
    set_state(fresh, history.params_at(30))
    assert F.binary_cross_entropy_with_logits(fresh(Tensor(X)), y[:, None]).item() == history.final_loss


def test_snapshots_replay_the_training_steps_exactly(moons) -> None:
    """One plain SGD epoch from snapshots[e] lands exactly on snapshots[e + 1]."""
    X, y = moons
    history = fit(nn.MLP(2, [8, 1], seed=0), X, y, lr=0.3, epochs=6, snapshot_every=1, progress=False)
    for epoch in range(5):
        replay = nn.MLP(2, [8, 1], seed=42)
        set_state(replay, history.params_at(epoch))
        fit(replay, X, y, lr=0.3, epochs=1, progress=False)
        for name, value in get_state(replay).items():
            np.testing.assert_array_equal(value, history.params_at(epoch + 1)[name], err_msg=f"{name}, epoch {epoch}")


def test_snapshots_are_copies_and_asked_epochs_are_kept(moons) -> None:
    X, y = moons
    model = nn.MLP(2, [4, 1], seed=0)
    history = fit(model, X, y, lr=0.3, epochs=7, snapshot_epochs=[2, 3], progress=False)
    assert sorted(history.snapshots) == [0, 2, 3, 7]
    assert not np.array_equal(history.snapshots[0]["0.weight"], history.snapshots[7]["0.weight"])
    np.testing.assert_array_equal(history.snapshots[7]["0.weight"], model.layers[0].weight.data)
    model.layers[0].weight.data[...] = 0.0  # changing the model does not change the History
    assert np.any(history.snapshots[7]["0.weight"] != 0.0)
    with pytest.raises(KeyError, match=r"no snapshot at epoch 4; snapshots were taken at \[0, 2, 3, 7\]"):
        history.params_at(4)


def _batches_seen(seed: int, n: int = 50, batch_size: int = 16, epochs: int = 3) -> list[np.ndarray]:
    """The targets of every batch fit used; the targets are the points' row numbers."""
    X = make_moons(n, seed=0)[0]
    seen: list[np.ndarray] = []

    def recording_loss(out: Tensor, target: np.ndarray) -> Tensor:
        assert target.shape == out.shape  # fit gives a function the target in the output's shape, (N, 1)
        seen.append(target[:, 0].copy())
        return F.mse_loss(out, np.zeros(out.shape))

    fit(nn.MLP(2, [3, 1], seed=0), X, np.arange(n, dtype=float), loss=recording_loss, epochs=epochs,
        batch_size=batch_size, seed=seed, progress=False)
    return seen[:-1]  # the last call is the final evaluation on all points


def test_mini_batches_are_shuffled_and_deterministic_from_the_seed() -> None:
    a, b, c = _batches_seen(seed=7), _batches_seen(seed=7), _batches_seen(seed=8)
    assert [len(batch) for batch in a] == [16, 16, 16, 2] * 3
    assert all(np.array_equal(x, y) for x, y in zip(a, b))  # same seed, same batches
    assert not all(np.array_equal(x, y) for x, y in zip(a, c))  # another seed, other batches
    for epoch in range(3):  # every epoch sees every point exactly once, in a fresh order
        rows = np.concatenate(a[4 * epoch:4 * epoch + 4])
        assert sorted(rows.tolist()) == list(range(50))
    assert not np.array_equal(np.concatenate(a[0:4]), np.concatenate(a[4:8]))


def test_same_seed_same_history(moons) -> None:
    X, y = moons
    h1 = fit(nn.MLP(2, [8, 1], seed=0), X, y, lr=0.1, epochs=5, batch_size=20, seed=1, progress=False)
    h2 = fit(nn.MLP(2, [8, 1], seed=0), X, y, lr=0.1, epochs=5, batch_size=20, seed=1, progress=False)
    assert h1.loss == h2.loss and h1.accuracy == h2.accuracy


def test_fit_trains_a_scalar_model_too() -> None:
    X, y = make_moons(30, seed=2)
    model = scalar.MLP(2, [6, 1], seed=0)
    history = fit(model, X, y, lr=0.3, epochs=15, snapshot_every=5, progress=False)
    assert history.settings["engine"] == "scalar"
    assert history.loss[-1] < history.loss[0]
    assert sorted(history.snapshots) == [0, 5, 10, 15]
    assert history.snapshots[15]["parameters"].shape == (len(model.parameters()),)
    assert 0.5 <= accuracy(model, X, y) <= 1.0
    neuron = scalar.Neuron(2, activation="sigmoid", seed=0)
    h = fit(neuron, X, y, loss="bce", lr=0.5, epochs=5, progress=False)
    assert math.isfinite(h.final_loss) and predict_proba(neuron, X).shape == (30,)


def test_fit_with_cross_entropy_and_an_optimizer_object(moons) -> None:
    X, y = moons
    model = nn.MLP(2, [16, 2], seed=0)
    opt = optim.AdamW(model.parameters(), lr=0.02)
    history = fit(model, X, y.astype(int), loss="cross_entropy", optimizer=opt, epochs=100, progress=False)
    assert history.final_accuracy >= 0.9
    assert history.settings["optimizer"].startswith("AdamW")


def test_a_float32_model_trains_in_float32(moons) -> None:
    X, y = moons  # float64 data
    model = nn.MLP(2, [8, 1], seed=0, dtype=np.float32)
    history = fit(model, X, y, optimizer="adam", lr=0.02, epochs=50, batch_size=50, progress=False)
    assert all(p.dtype == np.float32 for p in model.parameters())
    assert all(a.dtype == np.float32 for snapshot in history.snapshots.values() for a in snapshot.values())
    assert history.final_accuracy >= 0.85


def test_callback_sees_every_epoch(moons) -> None:
    X, y = moons
    epochs: list[tuple[int, int]] = []
    fit(nn.MLP(2, [4, 1]), X, y, epochs=4, progress=False, callback=lambda e, h: epochs.append((e, len(h.loss))))
    assert epochs == [(1, 1), (2, 2), (3, 3), (4, 4)]


# ---------------------------------------------------------------------- the progress bar
def test_progress_bar_is_silent_when_not_interactive(moons, capsys) -> None:
    X, y = moons
    fit(nn.MLP(2, [4, 1]), X, y, epochs=3)  # progress=None: pytest's output is not a terminal
    fit(nn.MLP(2, [4, 1]), X, y, epochs=3, progress=False)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_bar_shows_when_asked(moons, capsys) -> None:
    pytest.importorskip("tqdm")
    X, y = moons
    fit(nn.MLP(2, [4, 1]), X, y, epochs=3, progress=True)
    assert "training" in capsys.readouterr().err


# ---------------------------------------------------------------------- errors
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy's overflow warnings on the way to inf
def test_a_loss_that_blows_up_stops_with_the_epoch_and_advice() -> None:
    X, y = make_moons(50, seed=0)
    with pytest.raises(TrainingDiverged) as info:
        fit(nn.Linear(2, 1, seed=0), X * 100, y, loss="mse", lr=10.0, epochs=100, progress=False)
    error = info.value
    message = str(error)
    epoch = error.history.epochs  # the epoch whose loss blew up is the last one recorded
    assert f"by epoch {epoch} " in message and 1 < epoch < 100
    assert "smaller learning rate" in message and "lr=1" in message
    assert isinstance(error, FloatingPointError)
    assert len(error.history.loss) == epoch and error.history.loss[-1] > 1e6 * error.history.loss[0]
    assert 0 in error.history.snapshots  # the starting point is kept to look at


def test_a_huge_learning_rate_is_divergence_not_a_quiet_fifty_percent() -> None:
    """Adam at lr=1000 throws the weights far away; the loss peaks near 1e10 and fit says so."""
    X, y = make_moons(100, seed=0)
    with pytest.raises(TrainingDiverged, match=r"training diverged: the loss rose from 0\.\d+ to .* lr=100\b"):
        fit(nn.MLP(2, [16, 16, 1], seed=0), X, y, optimizer="adam", lr=1000.0, epochs=50, progress=False)


def test_training_that_ends_far_above_its_start_is_divergence() -> None:
    X, y = make_moons(40, seed=0)
    model = nn.MLP(2, [4, 1], seed=0)

    def worse_each_epoch(out: Tensor, target: np.ndarray) -> Tensor:  # a loss that grows 1.5x per call, finitely
        worse_each_epoch.calls += 1
        return F.mse_loss(out, target) * 0.0 + 1.5 ** worse_each_epoch.calls

    worse_each_epoch.calls = 0
    with pytest.raises(TrainingDiverged) as info:
        fit(model, X, y, loss=worse_each_epoch, epochs=10, progress=False)
    assert info.value.history.epochs == 10 and "over 10 epochs" in str(info.value)


def test_a_nan_loss_stops_at_its_epoch() -> None:
    X, y = make_moons(40, seed=0)

    def nan_at_third(out: Tensor, target: np.ndarray) -> Tensor:
        nan_at_third.calls += 1
        loss = F.mse_loss(out, target)
        return loss * math.nan if nan_at_third.calls == 3 else loss

    nan_at_third.calls = 0
    with pytest.raises(TrainingDiverged, match="the loss became nan at epoch 3") as info:
        fit(nn.MLP(2, [4, 1], seed=0), X, y, loss=nan_at_third, epochs=10, progress=False)
    assert len(info.value.history.loss) == 2


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(X=np.ones(5)), ValueError, r"X must be a 2-D array of points \(N, features\).*got shape \(5,\)"),
    (dict(y=np.ones(3)), ValueError, "X has 10 points but y has 3 labels"),
    (dict(epochs=0), ValueError, "epochs must be a positive integer"),
    (dict(batch_size=0), ValueError, "batch_size must be a positive integer or None"),
    (dict(loss="hinge_squared"), ValueError, "unknown loss 'hinge_squared'; choose one of"),
    (dict(optimizer="lbfgs"), ValueError, "unknown optimizer 'lbfgs'; choose one of sgd, adam, adamw"),
    (dict(model=object()), TypeError, "model must be an autograd_mini model"),
    (dict(X=np.zeros((0, 2)), y=np.zeros(0)), ValueError, r"the dataset is empty \(X has 0 points\)"),
    (dict(X=np.where(np.eye(10, 2) > 0, np.nan, 1.0)), ValueError,
     r"X holds 2 value\(s\) that are not finite numbers \(nan or inf\), the first at row 0, column 0 .*not the training"),
    (dict(y=np.r_[np.ones(9), np.inf]), ValueError, "y holds 1 value.* the first at row 9 .*no learning rate fixes"),
    (dict(lr=float("inf")), ValueError, "lr \\(the learning rate\\) must be a positive finite number"),
    (dict(lr="0.1"), ValueError, "lr \\(the learning rate\\) must be a positive finite number"),
    (dict(y=np.arange(10) % 3), ValueError, "y has 3 classes: give the model 3 outputs and use loss='cross_entropy'"),
    (dict(model=nn.MLP(2, [3, 3]), loss="bce_with_logits"), ValueError, "the model has 3 outputs .* Use loss='cross_entropy' for 3 classes"),
    (dict(loss="cross_entropy"), ValueError, "cross_entropy' needs one output per class, but the model has 1 output"),
    (dict(model=nn.Sequential(nn.Linear(2, 1), nn.Sigmoid()), loss="bce_with_logits"), ValueError,
     "ends in a sigmoid, so it outputs probabilities.*applied twice. Use loss='bce'"),
])
def test_bad_arguments_are_explained(kwargs, error, match: str) -> None:
    args = dict(model=nn.MLP(2, [3, 1]), X=np.ones((10, 2)), y=np.ones(10), progress=False)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        fit(args.pop("model"), args.pop("X"), args.pop("y"), **args)


def test_lr_as_a_numpy_number_is_a_number() -> None:
    X, y = make_moons(40, seed=0)
    for lr in (np.float32(0.5), np.float64(0.5), np.int64(1)):
        history = fit(nn.MLP(2, [4, 1], seed=0), X, y, lr=lr, epochs=3, progress=False)
        assert history.settings["lr"] == float(lr) and isinstance(history.settings["lr"], float)


def test_a_pytorch_model_is_refused_with_advice() -> None:
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match="not torch.nn.modules.linear.Linear. It is a PyTorch model: build the same layers"):
        fit(torch.nn.Linear(2, 1), np.ones((4, 2)), np.zeros(4), progress=False)


def test_a_model_ending_in_a_sigmoid_reports_the_accuracy_accuracy_reports() -> None:
    """The default loss after a sigmoid is bce, and fit, evaluate and accuracy classify at p > 0.5 alike."""
    X, y = make_moons(100, seed=0)
    # 32 hidden units: with 16, two seeds in twelve stop in a 0.88 local minimum.
    model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())
    history = fit(model, X, y, optimizer="adam", lr=0.05, epochs=300, progress=False)
    assert history.settings["loss"] == "bce"
    assert history.final_accuracy >= 0.97
    assert history.final_accuracy == accuracy(model, X, y) == evaluate(model, X, y)[1]
    np.testing.assert_array_equal(predict_proba(model, X), model(Tensor(X)).data[:, 0])  # already probabilities


def test_evaluate_measures_what_fit_reports_for_both_engines():
    from autograd_mini import data, nn, scalar
    from autograd_mini.train import evaluate, fit

    X, y = data.make_moons(30, seed=2)
    for model in (nn.MLP(2, [4, 1], seed=1), scalar.MLP(2, [4, 1], seed=1)):
        history = fit(model, X, y, epochs=3, progress=False)
        loss, acc = evaluate(model, X, y)
        assert loss == pytest.approx(history.final_loss, rel=1e-12)
        assert acc == history.final_accuracy
    with pytest.raises(ValueError, match="unknown loss"):
        evaluate(nn.MLP(2, [1]), X, y, loss="l7")


@pytest.mark.parametrize("loss, outputs, ending", [
    ("bce_with_logits", 1, "linear"), ("bce", 1, "sigmoid"), ("mse", 1, "sigmoid"), ("hinge", 1, "linear"),
    ("cross_entropy", 3, "linear"),
])
def test_labels_as_a_row_or_a_column_train_the_same(loss: str, outputs: int, ending: str) -> None:
    """The losses raise for (N,) against (N, 1); fit shapes the target itself, so y (N,) and y (N, 1) are one run."""
    X, y = make_moons(24, seed=0)
    if outputs > 1:
        y = np.arange(24) % outputs
    for engine in (nn, scalar):
        runs = []
        for labels in (y, y.reshape(-1, 1)):
            model = engine.MLP(2, [4, outputs], output_activation=ending, seed=3)
            history = fit(model, X, labels, loss=loss, lr=0.1, epochs=3, progress=False)
            runs.append((history.loss, history.accuracy, evaluate(model, X, labels, loss), accuracy(model, X, labels)))
        assert runs[0] == runs[1], f"{engine.__name__}, {loss}"
        assert runs[0][3] == runs[0][2][1]  # accuracy() and evaluate() classify alike, labels (N,) or (N, 1)
