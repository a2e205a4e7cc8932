"""Functions on Tensors with torch.nn.functional's names: the fused linear layer, activations, dropout and the losses.

Every loss takes (input, target) in PyTorch's order and `reduction='mean' | 'sum' | 'none'`.
Targets may be Tensors (a target that requires grad gets its gradient, as in PyTorch) or plain
numbers, lists and numpy arrays (read as constants). Input and target must have the same shape:
any difference, an (N,) target for (N, 1) outputs included, raises a ShapeError with both shapes and
the fix, never a reshape or a broadcast. PyTorch raises for it in the BCE losses too, but in mse_loss /
l1_loss it broadcasts (N,) against (N, 1) to an (N, N) table (every output against every target) and
returns a wrong number with only a warning; here the same code raises instead of giving another number.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .conv import avg_pool2d, conv2d, max_pool2d  # PyTorch's signatures, refusing unsupported arguments by name
from ..engine.tensor import ShapeError, Tensor, _unbroadcast, is_grad_enabled
from ..random import numpy_generator

__all__ = [
    "linear", "relu", "tanh", "sigmoid", "leaky_relu", "gelu", "softplus", "softmax", "log_softmax", "dropout",
    "layer_norm", "mse_loss", "l1_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "cross_entropy", "nll_loss", "hinge_loss", "conv2d", "max_pool2d", "avg_pool2d", "one_hot",
]


def __getattr__(name: str) -> Any:
    from ..missing import FUNCTIONAL, missing
    raise missing("torch.nn.functional", name, FUNCTIONAL)

_TORCH_DTYPE_NAMES = {"float64": "Double", "float32": "Float", "float16": "Half", "int64": "Long", "int32": "Int",
                      "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}


def _dtype_name(dtype: np.dtype) -> str:
    return _TORCH_DTYPE_NAMES.get(np.dtype(dtype).name, str(dtype))


# ------------------------------------------------------------------------------------- linear
def linear(input: Any, weight: Tensor, bias: "Tensor | None" = None, *, who: Any = "linear") -> Tensor:
    """input @ weight.T + bias as one op (weight has shape (out_features, in_features)).

    `who` names the caller in error messages (a layer passes itself; it is printed only on an error)."""
    x = input if isinstance(input, Tensor) else Tensor(input, dtype=weight.dtype)
    X, W = x._data, weight._data
    if W.ndim != 2 or X.ndim == 0 or X.shape[-1] != W.shape[1] or X.dtype != W.dtype:
        _linear_error(X, W, who if isinstance(who, str) else repr(who))
    if bias is not None and bias._data.shape != W.shape[:1]:
        raise ShapeError(f"{who if isinstance(who, str) else repr(who)}: bias has shape {tuple(bias._data.shape)} but "
                         f"the weight {tuple(W.shape)} makes {W.shape[0]} outputs; give one bias per output, shape "
                         f"({W.shape[0]},).")
    out = X @ W.T
    if bias is not None:
        out += bias._data

    def backward(g: np.ndarray) -> tuple:
        # dL/dx = g W,  dL/dW = g^T x,  dL/db = sum of g over the batch (as ones @ g, one BLAS call)
        g2, X2 = (g, X) if g.ndim == 2 else (g.reshape(-1, g.shape[-1]), X.reshape(-1, X.shape[-1]))
        grads = (g @ W if x.requires_grad else None, g2.T @ X2)
        return grads + (_unbroadcast(g2, W.shape[:1]),) if bias is not None else grads

    inputs = (x, weight) if bias is None else (x, weight, bias)
    return Tensor._result(out, inputs, "linear", backward)


def _linear_error(X: np.ndarray, W: np.ndarray, who: str) -> None:
    if W.ndim != 2:
        raise ShapeError(f"{who}: weight must be a matrix (out_features, in_features), got shape {tuple(W.shape)}; "
                         f"for one output write weight.reshape(1, -1).")
    if X.ndim == 0 or X.shape[-1] != W.shape[1]:
        got = "a 0-d tensor (one number)" if X.ndim == 0 else f"{X.shape[-1]} features (shape {tuple(X.shape)})"
        raise ShapeError(
            f"{who}: the input has {got} but the layer expects {W.shape[1]} (weight shape {tuple(W.shape)}); "
            f"give it a batch of shape (N, {W.shape[1]}). Check the layer's in_features or the data's columns.")
    raise RuntimeError(f"{who}: mat1 and mat2 must have the same dtype, but got {_dtype_name(X.dtype)} and "
                       f"{_dtype_name(W.dtype)}. Convert the input (e.g. x.float() for a float32 model) or the "
                       f"model (model.double()).")


# ------------------------------------------------------------------------------------- activations
def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """max(0, x)."""
    return _in_place("relu", input, input.relu(), inplace)


def tanh(input: Tensor) -> Tensor:
    """tanh(x)."""
    return input.tanh()


def sigmoid(input: Tensor) -> Tensor:
    """1 / (1 + e^-x)."""
    return input.sigmoid()


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """x for x > 0, negative_slope * x otherwise."""
    return _in_place("leaky_relu", input, input.leaky_relu(negative_slope), inplace)


def _in_place(op: str, input: Tensor, out: Tensor, inplace: bool) -> Tensor:
    """inplace=True: out's numbers are written into input, as PyTorch, unless a graph records input.

    This engine never rewrites a recorded graph in place, so there the result is a new tensor with the
    same numbers, and a warning says that input kept its own (the README's "Deliberate differences")."""
    if not inplace or out is input:
        return out
    if input.requires_grad and is_grad_enabled():
        if input.is_leaf:
            input._check_inplace(op)  # PyTorch's error for a leaf that requires grad
        import warnings
        warnings.warn(f"{op}(inplace=True): the input is part of a recorded graph, and autograd_mini never changes "
                      f"such a tensor in place, so the result is a new tensor and the input keeps its numbers "
                      f"(PyTorch would overwrite them). Use the returned tensor (x = {op}(x)); inplace=False "
                      f"silences this.", UserWarning, stacklevel=3)
        return out
    return input.copy_(out)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + e^(beta x)) / beta; x itself where beta x > threshold, as PyTorch."""
    return input.softplus(beta, threshold)


def softmax(input: Tensor, dim: "int | None" = None) -> Tensor:
    """e^x / sum(e^x) along `dim`."""
    return input.softmax(dim=_softmax_dim("softmax", input, dim))


def log_softmax(input: Tensor, dim: "int | None" = None) -> Tensor:
    """x - logsumexp(x) along `dim`."""
    return input.log_softmax(dim=_softmax_dim("log_softmax", input, dim))


def _softmax_dim(name: str, x: Tensor, dim: "int | None") -> int:
    if dim is not None:
        return dim
    import warnings
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
                  "as an argument.", UserWarning, stacklevel=3)
    return 0 if x.ndim in (0, 1, 3) else 1  # PyTorch's legacy choice


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x * Phi(x), Phi the standard normal CDF ('none': exact with erf; 'tanh': the tanh approximation)."""
    return input.gelu(approximate=approximate)  # the op and its derivative: engine/ops_elementwise.py


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability p and scale the rest by 1/(1-p) (identity when not training)."""
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)) or not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    x = input if isinstance(input, Tensor) else Tensor(input)
    keep = numpy_generator().random(x.shape) >= p  # each element survives with probability 1 - p
    scale = (keep / (1.0 - p)).astype(x.dtype) if p < 1.0 else np.zeros(x.shape, dtype=x.dtype)
    return _in_place("dropout", x, Tensor._result(x._data * scale, (x,), "dropout", lambda g: (g * scale,)), inplace)


def layer_norm(input: Tensor, normalized_shape: Sequence[int], weight: "Tensor | None" = None,
               bias: "Tensor | None" = None, eps: float = 1e-5) -> Tensor:
    """(x - mean) / sqrt(var + eps) over the last len(normalized_shape) axes, then * weight + bias."""
    shape = tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(shape):]) != shape or input.ndim < len(shape):
        raise ShapeError(f"layer_norm: normalized_shape {list(shape)} must be the last axes of the input, "
                         f"but the input has shape {tuple(input.shape)}.")
    for name, parameter in (("weight", weight), ("bias", bias)):
        if parameter is not None and parameter.dtype != input.dtype:  # PyTorch refuses the mix, as Linear does
            raise RuntimeError(f"layer_norm: the input is {input.dtype} but the {name} is {parameter.dtype} (PyTorch: "
                               f"\"mixed dtype\"). Convert the input (e.g. x.double()) or the layer (e.g. layer.float()).")
    axes = tuple(range(input.ndim - len(shape), input.ndim))
    centred = input - input.mean(axis=axes, keepdims=True)
    variance = (centred * centred).mean(axis=axes, keepdims=True)  # biased, as PyTorch
    out = centred / (variance + eps).sqrt()
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


# ------------------------------------------------------------------------------------- loss helpers
REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(reduction: str) -> None:
    if reduction not in REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction (choose 'mean', 'sum' or 'none').")


def _as_input(name: str, input: Any) -> Tensor:
    if isinstance(input, Tensor):
        return input
    try:
        return Tensor(input)
    except TypeError:
        raise TypeError(f"{name}: the input (the model's output) must be a Tensor or numbers, "
                        f"not {type(input).__name__}.") from None


def _as_target(name: str, input: Tensor, target: Any, mismatch: str, promote: bool = False) -> Tensor:
    """The target as a Tensor of the input's dtype; any shape difference is an error, never a reshape or a broadcast.

    promote=True (mse_loss, l1_loss, as PyTorch): a float target of another float dtype is kept, and the
    loss is computed in the wider of the two."""
    if isinstance(target, Tensor):
        t = target
        kept = promote and t._data.dtype.kind == "f" and input._data.dtype.kind == "f"
        if t._data.dtype != input._data.dtype and not kept:
            if t.requires_grad:
                raise RuntimeError(f"{name}: Found dtype {_dtype_name(t.dtype)} but expected "
                                   f"{_dtype_name(input.dtype)}: give the target the input's dtype.")
            t = Tensor(t._data, dtype=input.dtype)
    else:
        array = np.asarray(target)
        if array.dtype.kind not in "fiub":
            raise TypeError(f"{name}: the target must be a Tensor or numbers, not {type(target).__name__} "
                            f"({target!r:.60}).")
        t = Tensor(array, dtype=input.dtype)
    if t._data.shape != input._data.shape:
        raise ShapeError(_shape_message(name, tuple(input.shape), tuple(t.shape), mismatch,
                                        isinstance(target, Tensor)))
    return t


def _shape_message(name: str, input: tuple[int, ...], target: tuple[int, ...], mismatch: str,
                   tensor_target: bool) -> str:
    """The loss, both sizes, what PyTorch would do with them, and the call that fixes the target."""
    message = f"{name}: {mismatch.format(t=_size(target), i=_size(input))}"
    if name in _BROADCASTING_LOSSES:
        try:
            table = np.broadcast_shapes(input, target)
        except ValueError:  # PyTorch cannot broadcast them either, and raises too
            table = None
        if table is not None:
            outer = int(np.prod(table)) == int(np.prod(input)) * int(np.prod(target)) > int(np.prod(input))
            what = f"a {table} table, every output against every target" if outer else f"shape {table}"
            message += (f" PyTorch would broadcast the two to {what}, and return a wrong number with only a "
                        f"UserWarning; here that is an error.")
    n = int(np.prod(input))
    if target == () and n > 1:
        return message + " To compare every output with one number, use torch.full_like(input, that_number)."
    if n != int(np.prod(target)):
        return message + (f" The input has {n} numbers and the target {int(np.prod(target))}: give one target "
                          f"per output.")
    if len(input) == 2 and input == target + (1,):  # (N, 1) outputs, (N,) targets: one target per row
        view, other = "view(-1, 1)", "input.squeeze(1)"
    elif len(target) == 2 and target == input + (1,):  # (N,) outputs, (N, 1) targets
        view, other = "view(-1)", "input.unsqueeze(1)"
    else:  # the same numbers in another shape (a transposed target?): check the order before reshaping
        shape = ", ".join(map(str, input))
        return message + (f" If the target's numbers are in the outputs' order, use target.reshape({shape}); "
                          f"a transposed target needs target.T.")
    reshape = f"target.reshape({', '.join(map(str, input))})"
    either = f"{reshape} (or target.{view})" if tensor_target else reshape
    return message + f" For one target per row use {either}, or {other}."


def _size(shape: tuple[int, ...]) -> str:
    return f"torch.Size({list(shape)})"


def _pointwise_loss(name: str, reduction: str, loss: np.ndarray, inputs: tuple[Tensor, ...],
                    local_grads: tuple[Callable[[], np.ndarray], ...]) -> Tensor:
    """A loss made of one number per element: `loss`, reduced; local_grads[k]() = d loss_i / d inputs[k]_i."""
    dtype = inputs[0]._data.dtype  # the input's, or the wider float of mse / l1's pair
    if any(x._data.dtype != dtype for x in inputs):
        dtype = np.result_type(*(x._data.dtype for x in inputs))
    n = loss.size
    if reduction == "none":
        out = loss.astype(dtype, copy=False)
    else:
        total = loss.sum()
        out = np.asarray(total if reduction == "sum" else total / n, dtype=dtype)

    def backward(g: np.ndarray) -> tuple:
        scale = g if reduction != "mean" else g / n
        return tuple([(d() * scale).astype(dtype, copy=False) if x._requires_grad else None
                      for x, d in zip(inputs, local_grads)])

    return Tensor._result(out, inputs, name, backward)


# The BCE messages are PyTorch's own; mse_loss / l1_loss begin as PyTorch's warning does (there it only warns).
_BCE_SIZE = ("Using a target size ({t}) that is different to the input size ({i}) is deprecated. "
             "Please ensure they have the same size.")
_BCE_LOGITS_SIZE = "Target size ({t}) must be the same as input size ({i})."
_SAME_SIZE = "Using a target size ({t}) that is different to the input size ({i})."
_BROADCASTING_LOSSES = ("mse_loss", "l1_loss")  # where PyTorch broadcasts a different target instead of raising


# ------------------------------------------------------------------------------------- regression losses
def mse_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Mean squared error: (input - target)^2, reduced."""
    _check_reduction(reduction)
    x = _as_input("mse_loss", input)
    t = _as_target("mse_loss", x, target, _SAME_SIZE, promote=True)
    diff = x._data - t._data
    return _pointwise_loss("mse_loss", reduction, diff * diff, (x, t), (lambda: 2 * diff, lambda: -2 * diff))


def l1_loss(input: Any, target: Any, reduction: str = "mean") -> Tensor:
    """Mean absolute error: `|input - target|`, reduced (gradient sign(input - target), 0 at a tie)."""
    _check_reduction(reduction)
    x = _as_input("l1_loss", input)
    t = _as_target("l1_loss", x, target, _SAME_SIZE, promote=True)
    diff = x._data - t._data
    return _pointwise_loss("l1_loss", reduction, np.abs(diff), (x, t), (lambda: np.sign(diff), lambda: -np.sign(diff)))


# ------------------------------------------------------------------------------------- binary losses
def binary_cross_entropy_with_logits(input: Any, target: Any, weight: Any = None, reduction: str = "mean",
                                     pos_weight: Any = None) -> Tensor:
    """-[pw y log sigmoid(z) + (1-y) log(1-sigmoid(z))] for logits z, stable for any z (even +-1000)."""
    _check_reduction(reduction)
    x = _as_input("binary_cross_entropy_with_logits", input)
    t = _as_target("binary_cross_entropy_with_logits", x, target, _BCE_LOGITS_SIZE)
    z, y = x._data, t._data
    e = np.exp(-np.abs(z))
    log1p_e = np.log1p(e)
    if pos_weight is None:
        # = max(z, 0) - z y + log(1 + e^-|z|): the exponent is never positive, so nothing overflows.
        loss = np.maximum(z, 0) - z * y + log1p_e
        # d/dz = sigmoid(z) - y (sigmoid from the same e^-|z|), d/dy = -z
        grads = (lambda: np.where(z >= 0, 1.0, e) / (1 + e) - y, lambda: -z)
    else:
        pw = _rescaling("pos_weight", pos_weight, z.shape, z.dtype)
        # -log sigmoid(z) = log(1 + e^-|z|) + max(-z, 0); the positive term is weighted by pw
        softplus_neg = log1p_e + np.maximum(-z, 0)
        loss = (1 - y) * z + (1 + (pw - 1) * y) * softplus_neg
        sigmoid_z = np.where(z >= 0, 1.0, e) / (1 + e)
        grads = (lambda: (1 - y) - (1 + (pw - 1) * y) * (1 - sigmoid_z), lambda: -z + (pw - 1) * softplus_neg)
    loss, grads = _weighted(loss, grads, weight, z.dtype)
    return _pointwise_loss("binary_cross_entropy_with_logits", reduction, loss, (x, t), grads)


def _weighted(loss: np.ndarray, grads: tuple, weight: Any, dtype: np.dtype) -> tuple[np.ndarray, tuple]:
    """Multiply each element's loss (and so its gradients) by a rescaling weight, if one is given."""
    if weight is None:
        return loss, grads
    w = _rescaling("weight", weight, loss.shape, dtype)
    return loss * w, tuple((lambda d=d: d() * w) for d in grads)


def _rescaling(what: str, value: Any, shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """A BCE weight or pos_weight as an array that broadcasts to the input's shape without growing it, as PyTorch."""
    w = np.asarray(value._data if isinstance(value, Tensor) else value, dtype=dtype)
    try:
        fits = np.broadcast_shapes(w.shape, shape) == tuple(shape)
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"binary cross-entropy: {what} of shape {tuple(w.shape)} does not broadcast to the input's shape "
                         f"{tuple(shape)}; give one number per input element (shape {tuple(shape)}), or a shape that "
                         f"broadcasts to it (e.g. per-sample weights of shape ({shape[0] if shape else 1}, 1) "
                         f"for outputs of shape (N, 1)).")
    return w


def binary_cross_entropy(input: Any, target: Any, weight: Any = None, reduction: str = "mean") -> Tensor:
    """-[y log p + (1-y) log(1-p)] for probabilities p in [0, 1] (logs clamped at -100, as PyTorch)."""
    _check_reduction(reduction)
    x = _as_input("binary_cross_entropy", input)
    t = _as_target("binary_cross_entropy", x, target, _BCE_SIZE)
    p, y = x._data, t._data
    for what, values, advice in (("input", p, "Apply sigmoid first, or use binary_cross_entropy_with_logits."),
                                 ("target", y, "Targets are probabilities: labels 0 and 1, or numbers in between.")):
        nan = np.isnan(values)
        if np.any((values < 0) | (values > 1)) or np.any(nan):
            numbers = values[~nan]
            span = f"from {numbers.min():.4g} to {numbers.max():.4g}" if numbers.size else "only nan"
            raise ValueError(f"binary_cross_entropy: all elements of {what} should be between 0 and 1; got values "
                             f"{span}{' (and nan)' if np.any(nan) and numbers.size else ''}. {advice}")
    with np.errstate(divide="ignore"):
        log_p, log_1mp = np.maximum(np.log(p), -100.0), np.maximum(np.log1p(-p), -100.0)
    loss = -(y * log_p + (1 - y) * log_1mp)
    # d/dp = (p - y) / (p (1 - p)), its denominator kept away from 0 (PyTorch: EPSILON 1e-12); d/dy = log(1-p) - log p
    grads = (lambda: (p - y) / np.maximum(p * (1 - p), 1e-12), lambda: log_1mp - log_p)
    loss, grads = _weighted(loss, grads, weight, p.dtype)
    return _pointwise_loss("binary_cross_entropy", reduction, loss, (x, t), grads)


def hinge_loss(input: Any, target: Any, margin: float = 1.0, reduction: str = "mean") -> Tensor:
    """max(0, margin - y * score) with labels y in {-1, +1} (0 is read as -1); not a torch name."""
    _check_reduction(reduction)
    x = _as_input("hinge_loss", input)
    y = _as_target("hinge_loss", x, target, _SAME_SIZE)._data
    y = np.where(y == 0, -1.0, y).astype(x.dtype)
    if not np.all(np.isin(y, (-1.0, 1.0))):
        raise ValueError("hinge_loss: labels must be -1/+1 (or 0/1).")
    active = (margin - y * x._data) > 0  # inside the margin: the loss is margin - y z, its slope -y
    loss = np.where(active, margin - y * x._data, 0.0)
    return _pointwise_loss("hinge_loss", reduction, loss, (x,), (lambda: np.where(active, -y, 0.0),))


# ------------------------------------------------------------------------------------- class losses
def one_hot(tensor: Any, num_classes: int = -1) -> Tensor:
    """Class indices (int64) as rows of 0s with a 1 at the class: shape (..., num_classes), int64, no gradient."""
    classes = tensor._data if isinstance(tensor, Tensor) else np.asarray(tensor)
    if classes.dtype.kind not in "iu":
        raise RuntimeError(f"one_hot is only applicable to index tensor of type LongTensor (this one is "
                           f"{classes.dtype}); convert class labels with y.long().")
    if classes.size and classes.min() < 0:
        raise RuntimeError(f"one_hot: Class values must be non-negative, got {classes.min()}.")
    n = int(classes.max()) + 1 if num_classes == -1 and classes.size else int(num_classes)
    if classes.size and classes.max() >= n:
        raise RuntimeError(f"one_hot: Class values must be smaller than num_classes ({n}), got {classes.max()}.")
    if n < 0:
        raise RuntimeError("one_hot: can not infer the total number of classes from an empty tensor; give num_classes.")
    return Tensor._result((classes[..., None] == np.arange(n)).astype(np.int64), (), "one_hot", None)


def _class_indices(name: str, input: Tensor, target: Any) -> np.ndarray:
    """Integer class indices from a Tensor, array or list, with the bad value named when there is one."""
    raw = target._data if isinstance(target, Tensor) else target
    try:
        classes = np.asarray(raw)
    except (TypeError, ValueError):
        classes = np.asarray(None)
    if classes.dtype.kind == "b":
        raise ValueError(f"{name}: the target is bool (True/False); it must hold class indices 0..C-1 as integers "
                         "(expected target dtype to be Long). Convert it with y.long() or y.astype(int).")
    if classes.dtype.kind not in "fiu":
        raise ValueError(f"{name}: the target must hold class indices (integers 0..C-1), not "
                         f"{type(target).__name__} {target!r:.60}.")
    if classes.dtype.kind == "f":
        fractional = classes[classes != np.round(classes)]
        if fractional.size:
            raise ValueError(f"{name}: class indices must be whole numbers 0..C-1, but the target holds "
                             f"{fractional.flat[0].item()!r}. For probabilities per class give a target of the input's "
                             f"shape {tuple(input.shape)}.")
        classes = classes.astype(np.int64)
    return classes


def _check_class_shapes(name: str, input: Tensor, classes: np.ndarray) -> None:
    if input.ndim == 1 and classes.ndim == 0:
        return
    if input.ndim != 2:
        raise ShapeError(f"{name}: expects input of shape (N, C) (or (C,) with one target), got {tuple(input.shape)}.")
    if classes.ndim != 1:
        raise ShapeError(f"{name}: 0D or 1D target tensor expected, multi-target not supported: got target shape "
                         f"{tuple(classes.shape)} for input {tuple(input.shape)}; give one class index per row, shape "
                         f"({input.shape[0]},){': target.view(-1)' if classes.shape == (input.shape[0], 1) else ''}.")
    if classes.shape[0] != input.shape[0]:
        raise ShapeError(f"{name}: Expected input batch_size ({input.shape[0]}) to match target batch_size "
                         f"({classes.shape[0]}).")


def _check_range(name: str, classes: np.ndarray, n_classes: int, ignore_index: int) -> np.ndarray:
    """The rows that count (target != ignore_index); any other index outside 0..C-1 is an error."""
    counted = classes != ignore_index
    bad = counted & ((classes < 0) | (classes >= n_classes))
    if np.any(bad):
        raise ValueError(f"{name}: Target {classes[bad].flat[0]} is out of bounds for {n_classes} classes "
                         f"(valid class indices: 0..{n_classes - 1}).")
    return counted


def _picked_loss(name: str, input: Tensor, target: Any, weight: Any, ignore_index: int, reduction: str,
                 log_probs: np.ndarray, d_input: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Tensor:
    """-w[t_i] * log_probs[i, t_i] per row, reduced as PyTorch (mean divides by the summed weights)."""
    classes = _class_indices(name, input, target)
    _check_class_shapes(name, input, classes)
    single = input.ndim == 1
    lp, cls = (log_probs[None], classes.reshape(1)) if single else (log_probs, classes)
    counted = _check_range(name, cls, lp.shape[1], ignore_index)
    safe = np.where(counted, cls, 0)
    w_all = (np.ones(lp.shape[1], dtype=lp.dtype) if weight is None
             else np.asarray(weight._data if isinstance(weight, Tensor) else weight, dtype=lp.dtype))
    if w_all.shape != (lp.shape[1],):
        raise ValueError(f"{name}: weight should be defined for all {lp.shape[1]} classes (shape ({lp.shape[1]},)), "
                         f"but it has shape {tuple(w_all.shape)}.")
    w = np.where(counted, w_all[safe], 0.0).astype(lp.dtype)
    rows = np.arange(len(cls))
    loss = -w * lp[rows, safe]
    counted_weight = w.sum()
    if reduction == "none":
        out = loss.reshape(()) if single else loss
    else:
        total = loss.sum()
        with np.errstate(invalid="ignore"):  # every target ignored: the mean is 0/0 = nan, as PyTorch
            out = np.asarray(total if reduction == "sum" else total / counted_weight, dtype=lp.dtype)

    def backward(g: np.ndarray) -> tuple:
        if reduction == "none":
            scale = g.reshape(-1) if single else g
        elif reduction == "sum":
            scale = g
        else:  # the mean; with every target ignored no row counts, so the gradient is 0 (PyTorch's too)
            scale = g / counted_weight if counted_weight else np.zeros_like(g)
        onehot = np.zeros_like(lp)
        onehot[rows, safe] = w
        grad = d_input(onehot, w) * (scale[:, None] if np.ndim(scale) else scale)
        return ((grad[0] if single else grad).astype(lp.dtype, copy=False),)

    return Tensor._result(out, (input,), name, backward)


def nll_loss(input: Any, target: Any, weight: Any = None, ignore_index: int = -100, reduction: str = "mean") -> Tensor:
    """Negative log likelihood: -input[i, target_i] for log-probabilities `input` (N, C) (e.g. log_softmax)."""
    _check_reduction(reduction)
    x = _as_input("nll_loss", input)
    return _picked_loss("nll_loss", x, target, weight, ignore_index, reduction, x._data,
                        lambda onehot, w: 0.0 - onehot)  # (0.0 - : no -0.0 where the gradient is 0)


def cross_entropy(input: Any, target: Any, weight: Any = None, ignore_index: int = -100, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:
    """-log softmax(input)[class] for logits (N, C) and class indices (N,), or class probabilities (N, C)."""
    _check_reduction(reduction)
    if label_smoothing:
        raise NotImplementedError("cross_entropy: label_smoothing is not implemented in autograd_mini; leave it at 0.")
    x = _as_input("cross_entropy", input)
    if x.ndim == 0:
        raise ShapeError("cross_entropy: expects input of shape (N, C) (or (C,) with one target), got a 0-d tensor.")
    z = x._data
    shifted = z - z.max(axis=-1, keepdims=True)  # log-softmax without overflow: subtract each row's max first
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    if (isinstance(target, Tensor) or isinstance(target, np.ndarray)) and np.shape(target) == z.shape \
            and np.asarray(target._data if isinstance(target, Tensor) else target).dtype.kind == "f":
        return _soft_cross_entropy(x, target, log_probs, weight, reduction)
    softmax = np.exp(log_probs)
    # d/dz of -w log softmax(z)[t] = w (softmax(z) - onehot(t))
    return _picked_loss("cross_entropy", x, target, weight, ignore_index, reduction, log_probs,
                        lambda onehot, w: softmax * w[:, None] - onehot)


def _soft_cross_entropy(x: Tensor, target: Any, log_probs: np.ndarray, weight: Any, reduction: str) -> Tensor:
    """Cross-entropy against class probabilities: -sum_c w_c y_c log softmax(z)_c per row."""
    t = _as_target("cross_entropy", x, target, _BCE_SIZE)
    y = t._data
    w = 1.0 if weight is None else np.asarray(weight._data if isinstance(weight, Tensor) else weight, dtype=y.dtype)
    wy = w * y
    loss = -(wy * log_probs).sum(axis=-1)
    n = loss.size
    softmax = np.exp(log_probs)
    out = loss if reduction == "none" else np.asarray(loss.sum() / (n if reduction == "mean" else 1), dtype=y.dtype)

    def backward(g: np.ndarray) -> tuple:
        scale = g[..., None] if reduction == "none" else (g / n if reduction == "mean" else g)
        # d/dz = softmax * sum_c(w y) - w y ;  d/dy = -w log softmax(z)
        dz = (softmax * wy.sum(axis=-1, keepdims=True) - wy) * scale
        dy = (-w * log_probs) * scale
        return dz.astype(y.dtype, copy=False), dy.astype(y.dtype, copy=False)

    return Tensor._result(out.astype(y.dtype, copy=False), (x, t), "cross_entropy", backward)
