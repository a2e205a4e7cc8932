"""autograd_mini: a small automatic-differentiation framework for learning how neural networks train.

::

    from autograd_mini import Value            # the scalar engine: every multiply is a node
    from autograd_mini import Tensor, nn, optim, fit   # the tensor engine: the same math on arrays

It also answers to PyTorch's names, so beginner PyTorch code runs with only its imports changed::

    import autograd_mini as torch
    import autograd_mini.nn as nn
    import autograd_mini.nn.functional as F
    from autograd_mini.utils.data import TensorDataset, DataLoader
"""

from . import cuda, data, nn, optim, utils
from .creation import (
    BoolTensor, DoubleTensor, FloatTensor, LongTensor, arange, as_tensor, bernoulli, empty, empty_like, eye,
    from_numpy, full, full_like, get_default_dtype, linspace, multinomial, normal, ones, ones_like, rand, rand_like,
    randint, randint_like, randn, randn_like, randperm, set_default_device, set_default_dtype, tensor, zeros,
    zeros_like,
)
from .cuda import accelerator, backends, device
from .engine.dtypes import bool_ as bool  # noqa: A001 (torch.bool)
from .engine.dtypes import double, float, float32, float64, int64, long  # noqa: A001 (torch.float is float32)
from .engine.tensor import (
    Size, Tensor, cat, concat, enable_grad, inference_mode, is_grad_enabled, maximum, minimum, no_grad, set_grad_enabled,
    stack,
)
from .engine.value import Value
from .functions import (
    abs, all, allclose, amax, amin, any, argmax, argmin, clamp, clip, clone, concatenate, cos, cumsum, dot, equal, exp,
    flatten, gather, get_num_threads, is_floating_point, is_tensor, isclose, log, log1p, log_softmax, logsumexp,
    matmul, max, mean, min, mm, neg, nonzero, norm, numel, permute, pow, prod, relu, reshape, set_num_threads,
    sigmoid, sin, softmax, sort, sqrt, square, squeeze, std, sum, t, tanh, topk, transpose, unique, unsqueeze,
    use_deterministic_algorithms, var, where,
    argsort, ceil, chunk, diag, flip, floor, floor_divide, isfinite, isinf, isnan, remainder, round, sign, split,
    tril, triu, trunc,
    add, detach, div, eq, erf, ge, gt, le, logical_and, logical_not, logical_or, lt, masked_fill, mul, ne, sub,
)
from .gradcheck import GradcheckError, gradcheck
from .random import Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state
from .serialization import load, save
from .train import History, TrainingDiverged, accuracy, fit, predict_proba

__version__ = "0.1.0"

__all__ = [
    # the lesson's engine
    "Value", "Tensor", "nn", "optim", "data", "fit", "History", "TrainingDiverged", "predict_proba", "accuracy",
    "gradcheck", "GradcheckError", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled",
    "concat", "stack", "Size",
    # PyTorch's names: creation, dtypes, random, devices, functions, save/load, utils
    "tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "eye", "arange", "linspace", "zeros_like",
    "ones_like", "full_like", "empty_like", "rand_like", "randn_like", "randint_like", "rand", "randn", "randint",
    "randperm", "normal", "bernoulli", "multinomial", "FloatTensor", "DoubleTensor", "LongTensor", "BoolTensor",
    "get_default_dtype", "set_default_dtype", "set_default_device",
    "float32", "float64", "double", "int64", "long",
    "Generator", "default_generator", "manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state",
    "cuda", "device", "backends", "accelerator",
    "argmax", "argmin", "amax", "amin", "mean", "prod", "std", "var", "norm", "cumsum", "logsumexp", "exp", "log",
    "log1p", "sin", "cos", "sqrt", "square", "neg", "sigmoid", "tanh", "relu", "softmax", "log_softmax", "clamp", "clip",
    "maximum", "minimum", "where", "cat", "concatenate", "matmul", "mm", "dot", "equal", "allclose", "isclose", "numel",
    "flatten", "squeeze", "unsqueeze", "transpose", "t", "permute", "reshape", "topk", "sort", "gather", "clone",
    "nonzero", "unique", "is_tensor", "is_floating_point", "set_num_threads", "get_num_threads", "use_deterministic_algorithms",
    "save", "load", "utils",
    "floor", "ceil", "trunc", "sign", "isnan", "isinf", "isfinite", "floor_divide", "remainder", "flip", "split",
    "chunk", "tril", "triu", "diag", "argsort", "add", "sub", "mul", "div", "eq", "ne", "gt", "ge", "lt", "le",
    "logical_and", "logical_or", "logical_not", "erf", "masked_fill", "detach",
]  # not listed, so `from autograd_mini import *` never hides Python's own: max, min, sum, abs, pow, all, any, round, float, bool


def __getattr__(name: str) -> object:
    from .missing import TORCH, missing
    raise missing("torch", name, TORCH)
