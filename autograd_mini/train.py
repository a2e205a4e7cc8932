"""The one training loop: `fit(model, X, y, ...) -> History`.

Every view of training in the project (the CLI, plots, manim scenes, notebooks) calls `fit` and
draws its History, so what a video shows is exactly what training did.
It trains tensor models (`nn.*`) and scalar models (`scalar.Neuron` / `scalar.MLP`) alike.
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
from .nn import functional as F
from .nn.modules import Module as TensorModule, Sequential, Sigmoid

__all__ = ["fit", "History", "TrainingDiverged", "predict_proba", "predict_logits", "predict_class", "accuracy", "evaluate",
           "is_scalar_model", "LOSSES", "OPTIMIZERS"]

def _scalar_bce_with_logits(out: Value, t: float) -> Value:
    from .scalar import binary_cross_entropy_with_logits

    return binary_cross_entropy_with_logits(out, t)


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
    "cross_entropy": (F.cross_entropy, None, "classes"),
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
    if not callable(getattr(model, "parameters", None)):  # not a model at all: fit's TypeError explains
        return False
    params = model.parameters()
    return bool(params) and isinstance(params[0], Value)


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
    """A copy of the model's parameters (scalar or tensor model)."""
    return _scalar_state(model) if is_scalar_model(model) else model.state_dict()


def set_state(model: Any, state: dict[str, np.ndarray]) -> None:
    """Put parameters from `get_state` (or a History snapshot) back into the model."""
    _load_scalar_state(model, state) if is_scalar_model(model) else model.load_state_dict(state)


def _output_kind(model: Any) -> str:
    """'probability' if the model ends in a sigmoid, else 'logit'."""
    if isinstance(model, Sequential) and model.layers and isinstance(model.layers[-1], Sigmoid):
        return "probability"
    if getattr(model, "output_activation", None) == "sigmoid":  # an MLP of either engine
        return "probability"
    if not hasattr(model, "layers") and getattr(model, "activation", None) == "sigmoid":  # a scalar Neuron
        return "probability"
    return "logit"


def predict_logits(model: Any, X: Any) -> np.ndarray:
    """The model's raw outputs for points X (N, d) as an array, without recording a graph."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[None, :]
    if is_scalar_model(model):
        rows = [model(list(row)) for row in X.tolist()]
        out = np.array([[v.data for v in r] if isinstance(r, list) else [r.data] for r in rows])
    else:
        with no_grad():
            out = model(Tensor(X)).data
    return out[:, 0] if out.ndim == 2 and out.shape[1] == 1 else out


def predict_proba(model: Any, X: Any, output: str | None = None) -> np.ndarray:
    """P(class 1) for each point of X, from a model that outputs a logit (or a probability)."""
    raw = predict_logits(model, X)
    kind = output or _output_kind(model)
    if kind not in ("logit", "probability"):
        raise ValueError(f"output must be 'logit' or 'probability', not {kind!r}.")
    if kind == "probability":
        return raw
    return Tensor(raw).sigmoid().data  # the engine's stable sigmoid


def predict_class(model: Any, X: Any) -> np.ndarray:
    """0 or 1 per point: 1 where the logit is > 0 (the probability > 0.5)."""
    return _classify(predict_logits(model, X), _output_kind(model))


def accuracy(model: Any, X: Any, y: Any) -> float:
    """Fraction of points whose predicted class equals the label (the rule `fit` reports too)."""
    return float(np.mean(predict_class(model, X) == (np.asarray(y) > 0.5)))


def _classify(raw: np.ndarray, kind: str) -> np.ndarray:
    if kind == "classes":
        return np.argmax(raw, axis=-1)
    raw = raw.reshape(len(raw), -1)[:, 0] if raw.ndim > 1 else raw
    return (raw > 0).astype(float) if kind == "logit" else (raw > 0.5).astype(float)


def _batch_accuracy(raw: np.ndarray, target: np.ndarray, kind: str) -> float:
    t = target if kind == "classes" else (target.reshape(-1) > 0.5).astype(float)
    return float(np.mean(_classify(raw, kind) == t))


# ------------------------------------------------------------------------- fit
def fit(
    model: Any,
    X: Any,
    y: Any,
    loss: "str | Callable" = "bce_with_logits",
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

    loss: 'bce_with_logits' (default; the model outputs a logit), 'bce', 'mse', 'hinge',
      'cross_entropy', or a function (output, target) -> loss Tensor.
    optimizer: 'sgd', 'adam', 'adamw' (made with `lr`), or an Optimizer you built.
    batch_size: None trains on all points at once (one step per epoch); else shuffled mini-batches.
    snapshot_every / snapshot_epochs: when to copy the parameters into History.snapshots
      (epoch 0 and the last epoch are always kept).
    progress: a progress bar (tqdm); None shows it only on an interactive terminal or notebook.
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"fit: X must be a 2-D array of points (N, features), got shape {X.shape}.")
    if len(y) != len(X):
        raise ValueError(f"fit: X has {len(X)} points but y has {len(y)} labels; they must match.")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"fit: epochs must be a positive integer, not {epochs!r}.")
    if batch_size is not None and (not isinstance(batch_size, (int, np.integer)) or batch_size < 1):
        raise ValueError(f"fit: batch_size must be a positive integer or None, not {batch_size!r}.")
    if snapshot_every is not None and (not isinstance(snapshot_every, (int, np.integer)) or snapshot_every < 1):
        raise ValueError(f"fit: snapshot_every must be a positive integer or None, not {snapshot_every!r}.")

    scalar = is_scalar_model(model)
    if not scalar and not isinstance(model, TensorModule):
        raise TypeError(f"fit: model must be an autograd_mini model (nn.Module or scalar.Module), not {type(model).__name__}.")
    loss_fn, scalar_loss_fn, kind = _resolve_loss(loss, scalar)
    opt = _resolve_optimizer(optimizer, model, lr)
    if not scalar:  # the data in the model's dtype: a float32 model trains in float32 (and stays float32)
        X = X.astype(model.parameters()[0].dtype, copy=False)
    if kind == "classes" and not scalar:
        y = y.astype(np.intp)

    keep = set(snapshot_epochs or ()) | {0, int(epochs)}
    if snapshot_every:
        keep |= set(range(0, int(epochs) + 1, int(snapshot_every)))
    history = History(epochs=0, settings=dict(loss=loss if isinstance(loss, str) else getattr(loss, "__name__", "custom"),
                                              optimizer=repr(opt), lr=opt.lr, epochs=int(epochs),
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
            epoch_loss, epoch_accuracy = _one_epoch(model, X, y, order, batch_size or n, opt, scalar,
                                                    loss_fn, scalar_loss_fn, kind, epoch, history)
            history.loss.append(epoch_loss)
            history.accuracy.append(epoch_accuracy)
            history.epochs = epoch
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
    history.final_loss, history.final_accuracy = _evaluate(model, X, y, loss_fn, scalar_loss_fn, kind, scalar)
    return history


def _one_epoch(model, X, y, order, size, opt, scalar, loss_fn, scalar_loss_fn, kind, epoch, history) -> tuple[float, float]:
    """One pass over the data in batches of `size`: mean loss and accuracy, each measured before its update."""
    total_loss = total_correct = 0.0
    # numpy's overflow warnings are silenced: a loss that blows up is caught below, with advice.
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, len(X), size):
            idx = order[start:start + size]
            opt.zero_grad()
            if scalar:
                batch_loss, raw = _scalar_batch(model, X[idx], y[idx], scalar_loss_fn)
            else:
                out = model(Tensor(X[idx]))
                batch_loss, raw = loss_fn(out, y[idx]), out.data
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
            total_correct += _batch_accuracy(raw, y[idx], kind) * len(idx)
    return total_loss / len(X), total_correct / len(X)


def _scalar_batch(model: Any, X: np.ndarray, y: np.ndarray, loss_fn: Callable) -> tuple[Value, np.ndarray]:
    outputs = [model(list(row)) for row in X.tolist()]
    losses = [loss_fn(out, t) for out, t in zip(outputs, y.tolist())]
    return Value.sum(losses) * (1.0 / len(losses)), np.array([o.data for o in outputs])


def evaluate(model: Any, X: Any, y: Any, loss: "str | Callable" = "bce_with_logits") -> tuple[float, float]:
    """The loss and the accuracy of `model` on (X, y), measured as `fit` measures them, without training."""
    scalar = is_scalar_model(model)
    loss_fn, scalar_loss_fn, kind = _resolve_loss(loss, scalar)
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return _evaluate(model, X, y.astype(np.intp) if kind == "classes" else y, loss_fn, scalar_loss_fn, kind, scalar)


def _evaluate(model, X, y, loss_fn, scalar_loss_fn, kind, scalar) -> tuple[float, float]:
    if scalar:
        batch_loss, raw = _scalar_batch(model, X, y, scalar_loss_fn)
    else:
        with no_grad():
            out = model(Tensor(X))
            batch_loss, raw = loss_fn(out, y), out.data
    return float(batch_loss.data), _batch_accuracy(raw, y, kind)


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


def _resolve_optimizer(optimizer: Any, model: Any, lr: float) -> optim_module.Optimizer:
    if isinstance(optimizer, optim_module.Optimizer):
        return optimizer
    if isinstance(optimizer, str) and optimizer.lower() in OPTIMIZERS:
        return OPTIMIZERS[optimizer.lower()](model.parameters(), lr=lr)
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
