"""Functions on Tensors: the fused linear layer and the losses, named as in torch.nn.functional.

Each loss returns the mean over the batch, a Tensor with one number, ready for `.backward()`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..engine.tensor import ShapeError, Tensor

__all__ = [
    "linear", "relu", "tanh", "sigmoid", "leaky_relu", "softplus", "softmax", "log_softmax",
    "mse_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "cross_entropy", "hinge_loss",
]


def linear(x: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """x @ weight.T + bias as one op (weight has shape (out_features, in_features))."""
    x = x if isinstance(x, Tensor) else Tensor(x)
    X, W = x.data, weight.data
    if X.shape[-1] != W.shape[1]:
        raise ShapeError(
            f"linear: the input has {X.shape[-1]} features (shape {X.shape}) but the layer expects "
            f"{W.shape[1]} (weight shape {W.shape}). Check the layer's in_features or the data's columns."
        )
    out = X @ W.T
    if bias is not None:
        out += bias.data

    def backward(g: np.ndarray) -> tuple:
        # dL/dx = g W,  dL/dW = g^T x,  dL/db = sum of g over the batch
        g2, X2 = (g, X) if g.ndim == 2 else (g.reshape(-1, g.shape[-1]), X.reshape(-1, X.shape[-1]))
        grads = (g @ W if x.requires_grad else None, g2.T @ X2)
        return grads + (g2.sum(axis=0),) if bias is not None else grads

    inputs = (x, weight) if bias is None else (x, weight, bias)
    return Tensor._result(out, inputs, "linear", backward)


def relu(x: Tensor) -> Tensor:
    return x.relu()


def tanh(x: Tensor) -> Tensor:
    return x.tanh()


def sigmoid(x: Tensor) -> Tensor:
    return x.sigmoid()


def leaky_relu(x: Tensor, negative_slope: float = 0.01) -> Tensor:
    return x.leaky_relu(negative_slope)


def softplus(x: Tensor) -> Tensor:
    return x.softplus()


def softmax(x: Tensor, dim: int = -1) -> Tensor:
    return x.softmax(dim)


def log_softmax(x: Tensor, dim: int = -1) -> Tensor:
    return x.log_softmax(dim)


def _target(name: str, output: Tensor, target: Any) -> np.ndarray:
    """The target as an array of the output's shape; a (N,) target for a (N, 1) output is reshaped."""
    t = np.asarray(target.data if isinstance(target, Tensor) else target, dtype=output.dtype)
    if t.shape != output.shape:
        if t.size != output.data.size:
            raise ShapeError(
                f"{name}: the output has shape {output.shape} but the target has shape {t.shape}; "
                f"they must have the same number of elements (one target per output)."
            )
        t = t.reshape(output.shape)
    return t


def mse_loss(output: Tensor, target: Any) -> Tensor:
    """Mean squared error: mean((output - target)^2)."""
    t = Tensor._result(_target("mse_loss", output, target), (), "target", None)
    if isinstance(target, Tensor) and target.requires_grad:  # a computed target gets its gradient too, as in PyTorch
        t = target if target.shape == output.shape else target.reshape(output.shape)
    return ((output - t) ** 2).mean()


def binary_cross_entropy_with_logits(logits: Tensor, target: Any) -> Tensor:
    """Mean of -[y log sigmoid(z) + (1-y) log(1-sigmoid(z))], stable for any logit z (even +-1000)."""
    z, y = logits.data, _target("binary_cross_entropy_with_logits", logits, target)
    n = z.size
    e = np.exp(-np.abs(z))
    # = max(z, 0) - z y + log(1 + e^-|z|): the exponent is never positive, so nothing overflows.
    loss = (np.maximum(z, 0) - z * y + np.log1p(e)).sum() / n

    def backward(g: np.ndarray) -> tuple[np.ndarray]:
        r = 1 / (1 + e)
        sigmoid = np.where(z >= 0, r, e * r)  # sigmoid(z), from the same e^-|z|
        return ((sigmoid - y) * (g / n),)  # d loss / dz = (prediction - truth) / n

    return Tensor._result(np.asarray(loss, dtype=z.dtype), (logits,), "bce_with_logits", backward)


def binary_cross_entropy(probabilities: Tensor, target: Any) -> Tensor:
    """Mean of -[y log p + (1-y) log(1-p)] for probabilities p in [0, 1] (logs clamped at -100, as PyTorch)."""
    p, y = probabilities.data, _target("binary_cross_entropy", probabilities, target)
    if np.any((p < 0) | (p > 1)) or np.any(np.isnan(p)):
        raise ValueError(
            "binary_cross_entropy: the inputs must be probabilities in [0, 1]; got values from "
            f"{np.nanmin(p):.4g} to {np.nanmax(p):.4g}. Apply sigmoid first, or use binary_cross_entropy_with_logits."
        )
    with np.errstate(divide="ignore"):
        log_p, log_1mp = np.maximum(np.log(p), -100.0), np.maximum(np.log1p(-p), -100.0)
    loss = -np.mean(y * log_p + (1 - y) * log_1mp)
    n = p.size
    # d loss / dp = (p - y) / (p (1 - p)) / n, with the denominator kept away from 0.
    return Tensor._result(np.asarray(loss, dtype=p.dtype), (probabilities,), "bce",
                          lambda g: ((p - y) / np.maximum(p * (1 - p), 1e-12) * (g / n),))


def cross_entropy(logits: Tensor, target: Any) -> Tensor:
    """Mean of -log softmax(logits)[class] for logits (N, C) and class indices (N,)."""
    classes = np.asarray(target.data if isinstance(target, Tensor) else target)
    if logits.ndim != 2 or classes.shape != (logits.shape[0],):
        raise ShapeError(f"cross_entropy: expects logits (N, C) and class indices (N,), got {logits.shape} and {classes.shape}.")
    if classes.dtype.kind == "f":
        if not np.all(classes == np.round(classes)):
            raise ValueError("cross_entropy: targets must be class indices 0..C-1 (whole numbers).")
        classes = classes.astype(np.intp)
    n_classes = logits.shape[1]
    if np.any((classes < 0) | (classes >= n_classes)):
        bad = classes[(classes < 0) | (classes >= n_classes)][0]
        raise ValueError(f"cross_entropy: class index {bad} is out of range for {n_classes} classes (valid: 0..{n_classes - 1}).")
    picked = logits.log_softmax(axis=1)[np.arange(len(classes)), classes]
    return -picked.mean()


def hinge_loss(scores: Tensor, target: Any, margin: float = 1.0) -> Tensor:
    """Mean of max(0, margin - y * score) with labels y in {-1, +1} (0 is read as -1)."""
    y = _target("hinge_loss", scores, target)
    y = np.where(y == 0, -1.0, y).astype(scores.dtype)
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError("hinge_loss: labels must be -1/+1 (or 0/1).")
    return (margin - scores * Tensor._result(y, (), "target", None)).relu().mean()
