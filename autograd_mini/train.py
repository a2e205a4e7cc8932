"""The one training loop: `fit(model, X, y, ...) -> History`.

Every view of training in the project (the CLI, plots, manim scenes, notebooks) calls `fit` and
draws its History, so what a video shows is exactly what training did.
It trains tensor models (`nn.*`) and scalar models (`scalar.Neuron` / `scalar.MLP`) alike, with
one output (two classes) or K outputs (K classes, cross-entropy, argmax). One rule turns outputs into
classes, so `fit`'s History, `evaluate` and `accuracy` always report the same accuracy.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from . import optim as optim_module
from .engine.tensor import Tensor, no_grad
from .engine.value import Value
from .nn import Module as TensorModule
from .nn import functional as F

__all__ = ["fit", "History", "TrainingDiverged", "predict_proba", "predict_logits", "predict_class", "accuracy", "evaluate",
           "is_scalar_model", "LOSSES", "OPTIMIZERS"]

def _scalar_bce_with_logits(out: Value, t: float) -> Value:
    from .scalar import binary_cross_entropy_with_logits

    return binary_cross_entropy_with_logits(out, t)


def _scalar_cross_entropy(outputs: "list[Value] | Value", t: float) -> Value:
    from .scalar import cross_entropy

    return cross_entropy(outputs if isinstance(outputs, list) else [outputs], int(t))


def _scalar_bce(out: Value, t: float) -> Value:
    # -[t log p + (1-t) log(1-p)], with p kept inside (0, 1) so the log is defined
    p = out * (1 - 2e-12) + 1e-12
    return -(t * p.log() + (1 - t) * (1 - p).log())


# name -> (tensor loss, scalar loss of one sample, how an output becomes a class)
LOSSES: dict[str, tuple[Callable, Callable | None, str]] = {
    "bce_with_logits": (F.binary_cross_entropy_with_logits, _scalar_bce_with_logits, "logit"),
    "bce": (F.binary_cross_entropy, _scalar_bce, "probability"),
    "mse": (F.mse_loss, lambda out, t: (out - t) ** 2, "probability"),
    "hinge": (F.hinge_loss, lambda out, t: (1 - out * (1.0 if t > 0 else -1.0)).relu(), "logit"),
    "cross_entropy": (F.cross_entropy, _scalar_cross_entropy, "classes"),
}
OPTIMIZERS = {"sgd": optim_module.SGD, "adam": optim_module.Adam, "adamw": optim_module.AdamW}


class TrainingDiverged(FloatingPointError):
    """The loss became nan or inf; `.history` keeps what was trained until then."""

    def __init__(self, message: str, history: "History") -> None:
        super().__init__(message)
        self.history = history


@dataclass
class History:
    """What `fit` did: the loss and accuracy of every epoch, and parameter snapshots to replay it.

    `loss[i]` and `accuracy[i]` are measured during epoch i+1 (the mean over its batches, each
    taken before that batch's update); `snapshots[e]` holds the parameters after e epochs
    (e = 0 is the starting point), so a plot or a scene can redraw the model at any of them.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    snapshots: dict[int, dict[str, np.ndarray]] = field(default_factory=dict)
    epochs: int = 0
    final_loss: float = math.nan
    final_accuracy: float = math.nan
    settings: dict[str, Any] = field(default_factory=dict)

    def params_at(self, epoch: int) -> dict[str, np.ndarray]:
        """The parameters after `epoch` epochs (only at the epochs that were snapshot)."""
        if epoch not in self.snapshots:
            raise KeyError(f"no snapshot at epoch {epoch}; snapshots were taken at {sorted(self.snapshots)}. "
                           f"Ask fit(..., snapshot_every=1) or snapshot_epochs=[...] for more.")
        return self.snapshots[epoch]

    def __repr__(self) -> str:
        return (f"History(epochs={self.epochs}, final_loss={self.final_loss:.4g}, "
                f"final_accuracy={self.final_accuracy:.3f}, snapshots={len(self.snapshots)})")


# ------------------------------------------------------------------ both engines
def is_scalar_model(model: Any) -> bool:
    """True for a model made of scalar Values (autograd_mini.scalar), False for a tensor model."""
    parameters = getattr(model, "parameters", None)
    if not callable(parameters):  # not a model at all: fit's TypeError explains
        return False
    try:
        params = parameters()
    except Exception:  # a foreign object whose parameters() needs arguments: not a scalar model
        return False
    return isinstance(params, (list, tuple)) and bool(params) and isinstance(params[0], Value)


def _scalar_state(model: Any) -> dict[str, np.ndarray]:
    return {"parameters": np.array([p.data for p in model.parameters()])}


def _load_scalar_state(model: Any, state: dict[str, np.ndarray]) -> None:
    values = state["parameters"]
    params = model.parameters()
    if len(values) != len(params):
        raise ValueError(f"set_state: {len(values)} numbers for a model with {len(params)} parameters.")
    for p, v in zip(params, values):
        p.data = float(v)


def get_state(model: Any) -> dict[str, np.ndarray]:
    """A copy of the model's parameters as numpy arrays (scalar or tensor model)."""
    if is_scalar_model(model):
        return _scalar_state(model)
    return {name: np.array(getattr(value, "data", value), copy=True) for name, value in model.state_dict().items()}


def set_state(model: Any, state: dict[str, np.ndarray]) -> None:
    """Put parameters from `get_state` (or a History snapshot) back into the model."""
    _load_scalar_state(model, state) if is_scalar_model(model) else model.load_state_dict(state)


def _final_squash(model: Any) -> str | None:
    """'sigmoid' or 'softmax' when the model visibly ends in one (so it outputs probabilities), else None."""
    from .scalar import Neuron

    if isinstance(model, Neuron):
        return "sigmoid" if model.activation == "sigmoid" else None
    if getattr(model, "output_activation", None) in ("sigmoid", "softmax"):  # an MLP of either engine
        return model.output_activation
    modules = getattr(model, "modules", None)
    if isinstance(model, TensorModule) and callable(modules):
        found = list(modules())
        last = type(found[-1]).__name__ if len(found) > 1 else ""  # the last layer registered
        return {"Sigmoid": "sigmoid", "Softmax": "softmax"}.get(last)
    return None


def _output_kind(model: Any) -> str:
    """'probability' if the model ends in a sigmoid (or a softmax), else 'logit'."""
    return "probability" if _final_squash(model) else "logit"


def _as_points(X: Any, call: str) -> np.ndarray:
    """X as a float64 array of points (N, features), with a learner's error for anything else."""
    try:
        points = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{call}: X must be numbers, an array of shape (N, features); "
                         f"np.asarray could not read it as numbers ({error}).") from None
    return points[None, :] if points.ndim == 1 and call != "fit" else points


def _raw_outputs(model: Any, X: np.ndarray) -> np.ndarray:
    """The model's outputs for float64 points X, as the model shapes them, without recording a graph."""
    if is_scalar_model(model):
        rows = [model(list(row)) for row in X.tolist()]
        return np.array([[v.data for v in r] if isinstance(r, list) else r.data for r in rows])
    params = model.parameters()
    if params:  # a float32 model reads float32 points, as it was trained
        X = X.astype(params[0].dtype, copy=False)
    with no_grad():
        return model(Tensor(X))._data


def predict_logits(model: Any, X: Any) -> np.ndarray:
    """The model's raw outputs for points X (N, d) as an array (N,) or (N, K), without recording a graph."""
    out = _raw_outputs(model, _as_points(X, "predict"))
    return out[:, 0] if out.ndim == 2 and out.shape[1] == 1 else out


def predict_proba(model: Any, X: Any, output: str | None = None) -> np.ndarray:
    """Probabilities: P(class 1) per point (N,) for one output, softmax over classes (N, K) for K outputs.

    output: 'logit' (raw scores, the default unless the model ends in a sigmoid/softmax) or 'probability'.
    """
    raw = predict_logits(model, X)
    kind = output or _output_kind(model)
    if kind not in ("logit", "probability"):
        raise ValueError(f"output must be 'logit' or 'probability', not {kind!r}.")
    if kind == "probability":
        return raw
    if raw.ndim == 2:  # K outputs: one score per class
        return Tensor(raw).softmax(dim=-1)._data  # the engine's stable softmax
    return Tensor(raw).sigmoid()._data  # the engine's stable sigmoid


def predict_class(model: Any, X: Any, output: str | None = None) -> np.ndarray:
    """The class of each point: argmax for K outputs; for one output 1 where the logit > 0 (probability > 0.5)."""
    raw = predict_logits(model, X)
    return _classify(raw, _rule(raw, output or _output_kind(model)))


def accuracy(model: Any, X: Any, y: Any, output: str | None = None) -> float:
    """Fraction of points whose predicted class equals the label (the rule `fit` and `evaluate` report too)."""
    raw = predict_logits(model, X)
    rule = _rule(raw, output or _output_kind(model))
    return float(np.mean(_classify(raw, rule) == _target_classes(np.asarray(y, dtype=np.float64), rule)))


def _rule(raw: np.ndarray, binary_kind: str) -> str:
    """How outputs become classes: 'classes' (argmax) for K > 1 outputs, else the binary threshold."""
    return "classes" if raw.ndim == 2 and raw.shape[1] > 1 else binary_kind


def _classify(raw: np.ndarray, rule: str) -> np.ndarray:
    if rule == "classes":
        return np.argmax(raw, axis=-1)
    raw = raw.reshape(len(raw), -1)[:, 0] if raw.ndim > 1 else raw
    return (raw > 0).astype(np.int64) if rule == "logit" else (raw > 0.5).astype(np.int64)


def _target_classes(target: np.ndarray, rule: str) -> np.ndarray:
    if rule == "classes" and target.ndim == 2 and target.shape[1] > 1:  # class probabilities (N, K)
        return np.argmax(target, axis=-1)
    flat = target.reshape(-1)
    return flat.astype(np.int64) if rule == "classes" else (flat > 0.5).astype(np.int64)


def _batch_accuracy(raw: np.ndarray, target: np.ndarray, rule: str) -> float:
    return float(np.mean(_classify(raw, rule) == _target_classes(target, rule)))


# ----------------------------------------------------------- checking fit's inputs
# Divergence, measured against the starting loss (or 0.1 if that is smaller, so a near-perfect start is no trap):
ENDED_WORSE_FACTOR = 10.0  # training that ends this many times above its start has failed
BLEW_UP_FACTOR = 1e6  # a loss this many times its start mid-training: stop now, it only gets worse


def _check_data(X: Any, y: Any, call: str) -> tuple[np.ndarray, np.ndarray]:
    """X (N, features) and y (N, ...) as float64 arrays, refusing what no training can use."""
    X = _as_points(X, call)
    try:
        y = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{call}: y must be numbers (class labels 0, 1, ...); np.asarray could not read it ({error}). "
                         f"Map names to numbers first, e.g. with data.load_csv.") from None
    if X.ndim not in (2, 4):
        raise ValueError(f"{call}: X must be a 2-D array of points (N, features) or images (N, C, H, W), "
                         f"got shape {tuple(X.shape)}.")
    if len(X) == 0:
        raise ValueError(f"{call}: the dataset is empty (X has 0 points); there is nothing to learn from. "
                         f"Check how the data was loaded or filtered, or make some: data.make_moons(200).")
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(f"{call}: X has {len(X)} points but y has {y.size if y.ndim == 0 else len(y)} labels; they must match.")
    for name, values in (("X", X), ("y", y)):
        bad = ~np.isfinite(values)
        if bad.any():
            where = np.argwhere(bad)[0]
            place = f"row {where[0]}" + (f", column {where[1]}" if len(where) > 1 else "")
            raise ValueError(
                f"{call}: {name} holds {int(bad.sum())} value(s) that are not finite numbers (nan or inf), the first "
                f"at {place} ({values[tuple(where)]}). The data is broken, not the training: no learning rate fixes "
                f"this. Drop or repair those rows first (e.g. X[np.isfinite(X).all(axis=1)]).")
    return X, y


def _check_lr(lr: Any) -> float:
    if isinstance(lr, np.generic):  # np.float32(0.1) and friends are numbers too
        lr = lr.item()
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
        raise ValueError(f"fit: lr (the learning rate) must be a positive finite number such as 0.1, not {lr!r}.")
    return float(lr)


def _check_model(model: Any, scalar: bool) -> None:
    if scalar or isinstance(model, TensorModule):
        return
    kind = type(model)
    origin = kind.__module__.split(".")[0]
    hint = (" It is a PyTorch model: build the same layers from autograd_mini.nn (`import autograd_mini as torch` "
            "runs most PyTorch model code unchanged) to train it here, or train it with PyTorch itself."
            if origin == "torch" else "")
    raise TypeError(f"fit: model must be an autograd_mini model (nn.Module or scalar.Module), "
                    f"not {kind.__module__}.{kind.__qualname__}.{hint}")


def _choose_loss(loss: "str | Callable | None", outputs: int, squash: str | None) -> "str | Callable":
    """loss=None picks the loss that fits the model: cross_entropy for K outputs, bce after a sigmoid, else bce_with_logits."""
    if loss is not None:
        return loss
    if outputs > 1:
        return "cross_entropy"
    return "bce" if squash == "sigmoid" else "bce_with_logits"


def _check_loss_fits(loss: str, kind: str, outputs: int, squash: str | None, y: np.ndarray) -> None:
    """A built-in loss must suit the model's outputs and the labels; say what to change when it does not."""
    if squash and kind in ("logit", "classes"):
        fix = "loss='bce'" if squash == "sigmoid" and kind == "logit" else f"no final {squash.capitalize()} in the model"
        raise ValueError(f"fit: the model ends in a {squash}, so it outputs probabilities, but loss={loss!r} expects "
                         f"raw scores (logits) and applies the {'softmax' if kind == 'classes' else 'sigmoid'} itself: "
                         f"it would be applied twice. Use {fix}.")
    classes = np.unique(y) if y.ndim == 1 else None
    if kind == "classes":
        if outputs < 2:
            raise ValueError(f"fit: loss='cross_entropy' needs one output per class, but the model has {outputs} output. "
                             f"Give its last layer K outputs (K = the number of classes), or use loss='bce_with_logits'.")
        if classes is not None and (np.any(classes != np.round(classes)) or classes.min() < 0 or classes.max() >= outputs):
            raise ValueError(f"fit: with loss='cross_entropy' the labels are class numbers 0..{outputs - 1} (the model has "
                             f"{outputs} outputs), but y holds {_few(classes)}.")
        return
    if outputs > 1 and y.ndim == 1:
        raise ValueError(f"fit: the model has {outputs} outputs (one per class?) but loss={loss!r} compares one output "
                         f"with one label. Use loss='cross_entropy' for {outputs} classes, or give the model 1 output.")
    if loss != "mse" and classes is not None and (classes.min() < 0 or classes.max() > 1):
        many = np.all(classes == np.round(classes)) and classes.min() >= 0
        advice = (f"y has {len(classes)} classes: give the model {int(classes.max()) + 1} outputs and use loss='cross_entropy'."
                  if many else "Labels are 0 and 1 (or probabilities in between).")
        raise ValueError(f"fit: loss={loss!r} trains two classes, labels 0 and 1, but y holds {_few(classes)}. {advice}")


def _few(values: np.ndarray) -> str:
    shown = ", ".join(f"{v:g}" for v in values[:6])
    return f"the values {shown}{', ...' if len(values) > 6 else ''}"


# ------------------------------------------------------------------------- fit
def fit(
    model: Any,
    X: Any,
    y: Any,
    loss: "str | Callable | None" = None,
    optimizer: "str | optim_module.Optimizer" = "sgd",
    lr: float = 0.1,
    epochs: int = 100,
    batch_size: int | None = None,
    seed: int = 0,
    snapshot_every: int | None = None,
    snapshot_epochs: Iterable[int] | None = None,
    progress: bool | None = None,
    callback: Callable[[int, "History"], None] | None = None,
) -> History:
    """Train `model` on (X, y) and return its History.

    y: one label per point, shape (N,) or (N, 1) (or class probabilities (N, K)); fit gives each loss
    its target in the model's output shape, so (N,) labels and (N, 1) outputs are paired row by row.

    loss: 'bce_with_logits' (one output, a logit), 'bce' (one output after a sigmoid), 'mse', 'hinge',
      'cross_entropy' (K outputs, labels 0..K-1), or a function (output, target) -> loss Tensor
      (target: a numpy array in the output's shape (N, 1) for one output, the labels (N,) for K outputs).
      None (default) picks from the model: cross_entropy for K outputs, bce after a final sigmoid,
      else bce_with_logits.

    optimizer: 'sgd', 'adam', 'adamw' (made with `lr`), or an Optimizer you built.
    batch_size: None trains on all points at once (one step per epoch); else shuffled mini-batches.

    snapshot_every / snapshot_epochs: when to copy the parameters into History.snapshots
      (epoch 0 and the last epoch are always kept).

    progress: a progress bar (tqdm); None shows it only on an interactive terminal or notebook.
    Raises TrainingDiverged when the loss becomes nan/inf, rises BLEW_UP_FACTOR times above its start
    during training, or ends ENDED_WORSE_FACTOR times above it.
    """
    X, y = _check_data(X, y, "fit")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"fit: epochs must be a positive integer, not {epochs!r}.")
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1):
        raise ValueError(f"fit: batch_size must be a positive integer or None, not {batch_size!r}.")
    if snapshot_every is not None and (not isinstance(snapshot_every, (int, np.integer)) or snapshot_every < 1):
        raise ValueError(f"fit: snapshot_every must be a positive integer or None, not {snapshot_every!r}.")
    scalar = is_scalar_model(model)
    _check_model(model, scalar)
    setup = _setup(model, X, y, loss, scalar)
    X, y = setup.X, setup.y
    opt = _resolve_optimizer(optimizer, model, lr)

    keep = set(snapshot_epochs or ()) | {0, int(epochs)}
    if snapshot_every:
        keep |= set(range(0, int(epochs) + 1, int(snapshot_every)))
    history = History(epochs=0, settings=dict(loss=setup.name, optimizer=repr(opt), lr=opt.lr, epochs=int(epochs),
                                              batch_size=batch_size, seed=seed, engine="scalar" if scalar else "tensor"))
    history.snapshots[0] = get_state(model)
    rng = np.random.default_rng(seed)
    n = len(X)
    bar = _progress_bar(int(epochs), progress)
    model_train = getattr(model, "train", None)
    if callable(model_train) and not scalar:
        model_train()
    try:
        for epoch in range(1, int(epochs) + 1):
            order = rng.permutation(n) if batch_size else np.arange(n)
            epoch_loss, epoch_accuracy = _one_epoch(model, X, y, order, batch_size or n, opt, scalar, setup, epoch, history)
            history.loss.append(epoch_loss)
            history.accuracy.append(epoch_accuracy)
            history.epochs = epoch
            _check_blow_up(history, opt.lr)
            if epoch in keep:
                history.snapshots[epoch] = get_state(model)
            if bar is not None:
                bar.set_postfix(loss=f"{epoch_loss:.4f}", acc=f"{epoch_accuracy:.3f}", refresh=False)
                bar.update(1)
            if callback is not None:
                callback(epoch, history)
    finally:
        if bar is not None:
            bar.close()
    with np.errstate(over="ignore", invalid="ignore"):
        history.final_loss, history.final_accuracy = _evaluate(model, setup, scalar)
    _check_divergence(history, opt.lr)
    return history


def _check_blow_up(history: History, lr: float) -> None:
    """Mid-training: the loss is orders of magnitude above its start, so the weights are flying apart."""
    start, now = history.loss[0], history.loss[-1]
    if now > BLEW_UP_FACTOR * max(start, 0.1):
        history.final_loss = now
        _diverged(f"the loss rose from {start:.4g} to {now:.4g} by epoch {history.epochs}", history, lr)


def _check_divergence(history: History, lr: float) -> None:
    """After training: the loss ended far above where it started (or is not a number)."""
    start, final = history.loss[0], history.final_loss
    if not (math.isfinite(final) and final <= ENDED_WORSE_FACTOR * max(start, 0.1)):
        _diverged(f"the loss rose from {start:.4g} to {final:.4g} over {history.epochs} epochs", history, lr)


def _diverged(what: str, history: History, lr: float) -> None:
    raise TrainingDiverged(
        f"fit: training diverged: {what} (learning rate {lr:g}); the steps are too large and overshoot. "
        f"Try a smaller learning rate, e.g. lr={lr / 10:g}. The History is in this error's .history.", history)


class _Setup:
    """What fit and evaluate agreed on: the data as the model reads it, the loss, and the accuracy rule."""

    def __init__(self, X: np.ndarray, y: np.ndarray, name: str, loss_fn: Callable, scalar_loss_fn: Callable, rule: str):
        self.X, self.y, self.name, self.loss_fn, self.scalar_loss_fn, self.rule = X, y, name, loss_fn, scalar_loss_fn, rule


def _setup(model: Any, X: np.ndarray, y: np.ndarray, loss: "str | Callable | None", scalar: bool) -> _Setup:
    probe = _raw_outputs(model, X[:1])  # one point through the model: how many outputs it has
    y = _one_label_per_point(y)
    outputs = probe.shape[-1] if probe.ndim == 2 else 1
    squash = _final_squash(model)
    loss = _choose_loss(loss, outputs, squash)
    loss_fn, scalar_loss_fn, kind = _resolve_loss(loss, scalar)
    if isinstance(loss, str):
        _check_loss_fits(loss, kind, outputs, squash, y)
    binary = "probability" if squash or kind == "probability" else "logit"
    rule = "classes" if outputs > 1 else binary
    if not scalar:  # the data in the model's dtype: a float32 model trains in float32 (and stays float32)
        params = model.parameters()
        if params:
            X = X.astype(params[0].dtype, copy=False)
        if kind == "classes" and y.ndim == 1:
            y = y.astype(np.int64)
        elif y.ndim == 1 and probe.ndim == 2 and probe.shape[1] == 1:
            y = y[:, None]  # the target in the output's shape (N, 1): a loss raises for any shape difference
    return _Setup(X, y, loss if isinstance(loss, str) else getattr(loss, "__name__", "custom"),
                  loss_fn, scalar_loss_fn, rule)


def _one_label_per_point(y: np.ndarray) -> np.ndarray:
    """Labels given as a column (N, 1) read as (N,): fit accepts either and shapes the target for the model itself."""
    return y[:, 0] if y.ndim == 2 and y.shape[1] == 1 else y


def _one_epoch(model, X, y, order, size, opt, scalar, setup, epoch, history) -> tuple[float, float]:
    """One pass over the data in batches of `size`: mean loss and accuracy, each measured before its update."""
    total_loss = total_correct = 0.0
    # numpy's overflow warnings are silenced: a loss that blows up is caught below, with advice.
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, len(X), size):
            idx = order[start:start + size]
            opt.zero_grad()
            if scalar:
                batch_loss, raw = _scalar_batch(model, X[idx], y[idx], setup.scalar_loss_fn)
            else:
                out = model(Tensor(X[idx]))
                batch_loss, raw = setup.loss_fn(out, y[idx]), out._data
            value = float(batch_loss.data)
            if not math.isfinite(value):
                history.final_loss = value
                raise TrainingDiverged(
                    f"fit: the loss became {value} at epoch {epoch} (learning rate {opt.lr:g}): the steps are "
                    f"too large and the weights blew up. Try a smaller learning rate, e.g. lr={opt.lr / 10:g}. "
                    f"The History until then is in this error's .history.", history)
            batch_loss.backward()
            opt.step()
            total_loss += value * len(idx)
            total_correct += _batch_accuracy(raw, y[idx], setup.rule) * len(idx)
    return total_loss / len(X), total_correct / len(X)


def _scalar_batch(model: Any, X: np.ndarray, y: np.ndarray, loss_fn: Callable) -> tuple[Value, np.ndarray]:
    outputs = [model(list(row)) for row in X.tolist()]
    losses = [loss_fn(out, t) for out, t in zip(outputs, y.tolist())]
    raw = np.array([[v.data for v in o] if isinstance(o, list) else o.data for o in outputs])
    return Value.sum(losses) * (1.0 / len(losses)), raw


def evaluate(model: Any, X: Any, y: Any, loss: "str | Callable | None" = None) -> tuple[float, float]:
    """The loss and the accuracy of `model` on (X, y), measured as `fit` measures them, without training.

    loss=None picks it as fit does (cross_entropy for K outputs, bce after a sigmoid, else bce_with_logits).
    """
    X, y = _check_data(X, y, "evaluate")
    scalar = is_scalar_model(model)
    return _evaluate(model, _setup(model, X, y, loss, scalar), scalar)


def _evaluate(model: Any, setup: _Setup, scalar: bool) -> tuple[float, float]:
    X, y = setup.X, setup.y
    if scalar:
        batch_loss, raw = _scalar_batch(model, X, y, setup.scalar_loss_fn)
    else:
        with no_grad():
            out = model(Tensor(X))
            batch_loss, raw = setup.loss_fn(out, y), out._data
    return float(batch_loss.data), _batch_accuracy(raw, y, setup.rule)


def _resolve_loss(loss: "str | Callable", scalar: bool) -> tuple[Callable, Callable, str]:
    if callable(loss):
        return loss, loss, "logit"
    if loss not in LOSSES:
        raise ValueError(f"fit: unknown loss {loss!r}; choose one of {', '.join(LOSSES)}, or pass a function.")
    tensor_fn, scalar_fn, kind = LOSSES[loss]
    if scalar and scalar_fn is None:
        raise ValueError(f"fit: the loss {loss!r} is not available for scalar models; use one of "
                         f"{', '.join(k for k, v in LOSSES.items() if v[1] is not None)}.")
    return tensor_fn, scalar_fn, kind


def _resolve_optimizer(optimizer: Any, model: Any, lr: Any) -> optim_module.Optimizer:
    if isinstance(optimizer, optim_module.Optimizer):
        return optimizer
    if isinstance(optimizer, str) and optimizer.lower() in OPTIMIZERS:
        return OPTIMIZERS[optimizer.lower()](model.parameters(), lr=_check_lr(lr))
    raise ValueError(f"fit: unknown optimizer {optimizer!r}; choose one of {', '.join(OPTIMIZERS)}, or pass an Optimizer.")


def _interactive() -> bool:
    try:
        from IPython import get_ipython  # type: ignore

        if get_ipython() is not None and "IPKernelApp" in get_ipython().config:
            return True
    except Exception:
        pass
    return sys.stderr.isatty()


def _progress_bar(total: int, progress: bool | None) -> Any:
    if progress is False or (progress is None and not _interactive()):
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if progress:
            print("fit: no progress bar, tqdm is not installed (pip install 'autograd_mini[viz]').", file=sys.stderr)
        return None
    return tqdm(total=total, desc="training", unit="epoch", leave=True)
