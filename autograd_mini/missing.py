"""PyTorch names that do not exist here, and what to write instead: the README's "What does not exist".

`torch.einsum`, `nn.BatchNorm1d` or `F.embedding` would otherwise be a bare AttributeError; each
module's `__getattr__` asks `missing(...)`, which names the call, says that autograd_mini leaves it
out on purpose, and points to the nearest thing that exists.
"""

from __future__ import annotations

__all__ = ["missing", "missing_method", "TORCH", "NN", "FUNCTIONAL", "TENSOR"]

_GPU = "autograd_mini runs on the CPU only; leave the device out or use 'cpu'"
_DTYPE = "the dtypes are float32, float64, int64 and bool"
_AUTOGRAD = "gradients come from loss.backward() and .grad; there is no torch.autograd module"

TORCH: dict[str, str] = {
    **{name: _DTYPE for name in ("float16", "half", "bfloat16", "int32", "int", "int16", "int8", "uint8", "short",
                                 "complex64", "complex128", "cfloat", "cdouble", "HalfTensor", "IntTensor",
                                 "ByteTensor", "CharTensor", "ShortTensor")},
    "autograd": _AUTOGRAD, "compile": "there is no compiler: run the model as it is", "jit": "there is no jit",
    "fx": "there is no graph tracing module", "func": "there is no torch.func (vmap, grad)", "vmap": "there is no vmap",
    "distributions": "there is no torch.distributions; write the log-probability with the tensor ops",
    "einsum": "there is no einsum: write it with @, * and sum(dim)",
    "bmm": "there is no bmm: use x @ y, which batches over leading dims", "baddbmm": "there is no baddbmm",
    "set_printoptions": "there are no print options", "sparse": "there are no sparse tensors",
    "sparse_coo_tensor": "there are no sparse tensors", "fft": "there is no torch.fft",
    "linalg": "there is no torch.linalg: use x.norm(), or numpy on x.numpy() for what needs no gradient",
    "svd": "there is no svd", "inverse": "there is no inverse", "det": "there is no det",
    "cdist": "there is no cdist: ((a[:, None] - b[None]) ** 2).sum(-1).sqrt()",
    "einops": "there is no einops", "nn.parallel": _GPU, "distributed": "there is no distributed training",
    "hub": "there is no torch.hub: the examples make their own data", "onnx": "there is no ONNX export",
    "mps": _GPU, "xpu": _GPU, "amp": "there is no mixed precision (float16 does not exist here)",
    "autocast": "there is no mixed precision (float16 does not exist here)",
    "scatter": "there is no scatter: gather exists, and x[idx] = v under no_grad",
    "scatter_add": "there is no scatter_add", "index_select": "use x[idx] with an int64 index tensor",
    "masked_select": "use x[mask]", "roll": "there is no roll: torch.cat of two slices",
    "cumprod": "there is no cumprod: cumsum exists (and exp(cumsum(log x)) for positive x)",
    "erfinv": "there is no erfinv", "lerp": "there is no lerp: a + w * (b - a)",
    "outer": "there is no outer: a[:, None] * b[None, :]", "kron": "there is no kron",
    "meshgrid": "there is no meshgrid: numpy's np.meshgrid, then torch.tensor",
    "histc": "there is no histc: numpy's np.histogram on x.numpy()", "bincount": "there is no bincount",
    "searchsorted": "there is no searchsorted", "tensordot": "there is no tensordot: reshape, then @",
}

NN: dict[str, str] = {
    **{name: "there is no batch normalization: nn.LayerNorm exists" for name in
       ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm", "InstanceNorm1d", "InstanceNorm2d", "GroupNorm")},
    **{name: "there are no recurrent layers" for name in ("RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell")},
    **{name: "there are no attention layers" for name in
       ("MultiheadAttention", "Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer",
        "TransformerDecoderLayer")},
    "Embedding": "there is no Embedding: an nn.Parameter of shape (vocab, dim) indexed by an int64 tensor does the same",
    "EmbeddingBag": "there is no EmbeddingBag",
    **{name: "there is no such convolution: nn.Conv2d exists" for name in
       ("Conv1d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d")},
    **{name: "there is no such pooling: nn.MaxPool2d and nn.AvgPool2d exist" for name in
       ("MaxPool1d", "MaxPool3d", "AvgPool1d", "AvgPool3d", "AdaptiveAvgPool2d", "AdaptiveMaxPool2d",
        "AdaptiveAvgPool1d")},
    **{name: "there is no such activation: nn.ReLU, LeakyReLU, GELU, Tanh, Sigmoid, Softmax, LogSoftmax exist"
       for name in ("ELU", "SELU", "SiLU", "Mish", "PReLU", "ReLU6", "Softplus", "Softsign", "Hardtanh",
                    "Hardswish", "Hardsigmoid", "Threshold", "GLU", "Softmin")},
    **{name: "there is no such loss: CrossEntropyLoss, NLLLoss, MSELoss, L1Loss, BCELoss, BCEWithLogitsLoss exist"
       for name in ("HuberLoss", "SmoothL1Loss", "KLDivLoss", "HingeEmbeddingLoss", "MarginRankingLoss",
                    "CosineEmbeddingLoss", "TripletMarginLoss", "CTCLoss", "PoissonNLLLoss", "GaussianNLLLoss",
                    "MultiLabelSoftMarginLoss", "MultiMarginLoss", "SoftMarginLoss")},
    "Dropout2d": "there is no Dropout2d: nn.Dropout exists", "AlphaDropout": "there is no AlphaDropout",
    "ParameterDict": "there is no ParameterDict: nn.ParameterList and nn.ModuleDict exist",
    "DataParallel": _GPU, "parallel": _GPU, "Upsample": "there is no Upsample", "PixelShuffle": "there is no PixelShuffle",
    "ZeroPad2d": "there is no padding layer: Conv2d(padding=...) pads with zeros", "Bilinear": "there is no Bilinear",
}

FUNCTIONAL: dict[str, str] = {
    "batch_norm": NN["BatchNorm1d"], "embedding": NN["Embedding"], "interpolate": "there is no interpolate",
    "pad": "there is no pad: F.conv2d(padding=...) pads with zeros, or torch.cat with zeros",
    "grid_sample": "there is no grid_sample", "scaled_dot_product_attention": "there is no attention",
    "silu": "there is no silu: x * torch.sigmoid(x)", "elu": "there is no elu", "selu": "there is no selu",
    "hardtanh": "there is no hardtanh: x.clamp(-1, 1)", "relu6": "there is no relu6: x.clamp(0, 6)",
    "kl_div": "there is no kl_div", "huber_loss": "there is no huber_loss", "smooth_l1_loss": "there is no smooth_l1_loss",
    "cosine_similarity": "there is no cosine_similarity: (a * b).sum(-1) / (a.norm(dim=-1) * b.norm(dim=-1))",
    "normalize": "there is no normalize: x / x.norm(dim=1, keepdim=True).clamp(min=1e-12)",
    "conv1d": "there is no conv1d: F.conv2d exists", "conv_transpose2d": "there is no conv_transpose2d",
    "adaptive_avg_pool2d": "there is no adaptive_avg_pool2d: F.avg_pool2d exists", "gumbel_softmax": "there is none",
}


TENSOR: dict[str, str] = {
    **{name: "initialise with nn.init: nn.init.uniform_(w, a, b), nn.init.normal_(w, mean, std), or w.uniform_(a, b)"
       for name in ("bernoulli_", "random_", "exponential_", "cauchy_", "log_normal_",
                    "geometric_")},
    "index_select": "use x[idx] (or x[:, idx]) with an int64 index tensor", "masked_select": "use x[mask]",
    "masked_fill_": "use x = x.masked_fill(mask, value), or x[mask] = value under no_grad",
    "scatter_": "there is no scatter: gather exists, and x[idx] = v under no_grad", "scatter": "there is no scatter",
    "scatter_add_": "there is no scatter_add", "narrow": "use a slice: x[:, start:start + length]",
    "unbind": "use tuple(x) for dim 0, or x.split(1, dim)", "repeat_interleave": "there is none: x.repeat(...) tiles",
    "cumprod": "there is no cumprod: cumsum exists", "median": "there is no median: sort, then pick the middle",
    "mode": "there is no mode", "kthvalue": "there is no kthvalue: x.sort() or x.topk(k)",
    "mT": "use x.transpose(-2, -1)", "mH": "there are no complex numbers",
    "new_zeros": "use torch.zeros(shape, dtype=x.dtype)", "new_ones": "use torch.ones(shape, dtype=x.dtype)",
    "new_full": "use torch.full(shape, value, dtype=x.dtype)", "new_tensor": "use torch.tensor(data, dtype=x.dtype)",
    "cuda": "autograd_mini runs on the CPU only: leave .cuda() out, or use .to(device) with device 'cpu'",
    "half": "there is no float16: x.float() is float32", "int": "there is no int32: x.long() is int64",
    "byte": "there is no uint8: x.long() is int64", "short": "there is no int16: x.long() is int64",
    "pin_memory": "there is nothing to pin: everything is on the CPU", "share_memory_": "there is no shared memory",
    "storage": "there is no storage: .data is the numpy array", "data_ptr": "there is no storage",
    "apply_": "there is no apply_", "map_": "there is no map_", "sum_to_size": "there is no sum_to_size",
}


MODULE: dict[str, str] = {
    "cuda": "autograd_mini runs on the CPU only: leave .cuda() out, or use .to(device) with device 'cpu'",
    "half": "there is no float16: model.float() is float32", "bfloat16": "there is no bfloat16: model.float() is float32",
    **{name: "there are no module hooks: compute what you need in forward(), or use tensor.register_hook for a gradient"
       for name in ("register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
                    "register_backward_hook", "register_full_backward_pre_hook", "register_state_dict_pre_hook",
                    "register_load_state_dict_post_hook")},
    "get_submodule": "use dict(model.named_modules())[name]", "get_parameter": "use dict(model.named_parameters())[name]",
    "type": "use model.float() or model.double()", "share_memory": "there is no shared memory",
    "to_empty": "there is no meta device", "compile": "there is no torch.compile",
}

OPTIM: dict[str, str] = {
    **{name: "there is no such optimizer here: SGD, Adam, AdamW and RMSprop exist"
       for name in ("Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "ASGD", "LBFGS", "Rprop", "SparseAdam")},
}

LR_SCHEDULER: dict[str, str] = {
    **{name: "there is no such schedule here: StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR and LambdaLR exist"
       for name in ("ReduceLROnPlateau", "OneCycleLR", "LinearLR", "ConstantLR", "CyclicLR", "PolynomialLR",
                    "CosineAnnealingWarmRestarts", "SequentialLR", "ChainedScheduler", "MultiplicativeLR")},
    "_LRScheduler": "subclass lr_scheduler.LRScheduler (PyTorch's new name for it)",
}

DATA: dict[str, str] = {
    **{name: "there are no samplers: DataLoader(shuffle=True) shuffles, Subset(dataset, indices) picks samples"
       for name in ("Sampler", "RandomSampler", "SequentialSampler", "SubsetRandomSampler", "WeightedRandomSampler",
                    "BatchSampler", "DistributedSampler")},
    "ConcatDataset": "join the tensors first: TensorDataset(torch.cat([x1, x2]), torch.cat([y1, y2]))",
    "IterableDataset": "there are no iterable datasets: a Dataset has __len__ and __getitem__",
    "get_worker_info": "there are no worker processes (num_workers is accepted and ignored)",
}

INIT: dict[str, str] = {
    "trunc_normal_": "use nn.init.normal_ and clamp_ under no_grad", "orthogonal_": "there is no orthogonal init",
    "eye_": "use w.copy_(torch.eye(n))", "dirac_": "there is no dirac init", "sparse_": "there are no sparse tensors",
    **{name: f"the old name without the underscore: use nn.init.{name}_" for name in
       ("uniform", "normal", "constant", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal")},
}

NN_UTILS: dict[str, str] = {
    "parameters_to_vector": "use torch.cat([p.reshape(-1) for p in model.parameters()])",
    "vector_to_parameters": "there is none: copy slices into each p under no_grad",
    "clip_grad_norm": "the old name: use nn.utils.clip_grad_norm_", "rnn": "there are no recurrent layers",
    "weight_norm": "there is no weight normalization", "spectral_norm": "there is no spectral normalization",
    "prune": "there is no pruning",
}


def missing_module_method(module: str, name: str) -> AttributeError:
    """The AttributeError for `model.name`, a name nn.Module has in PyTorch but not here: what to use instead."""
    hint = f": autograd_mini's nn.Module leaves it out ({MODULE[name]})" if name in MODULE else ""
    return AttributeError(f"{module!r} object has no attribute {name!r}{hint}.")


def missing_method(name: str) -> AttributeError:
    """The AttributeError for `tensor.name`: why, if known, and what to write instead."""
    hint = f": autograd_mini's Tensor leaves it out ({TENSOR[name]})" if name in TENSOR else ""
    return AttributeError(f"'Tensor' object has no attribute {name!r}{hint}. The README's \"PyTorch names\" "
                          f"section lists what exists.")


def missing(module: str, name: str, table: dict[str, str]) -> AttributeError:
    """The AttributeError for `module.name` (module as PyTorch names it, e.g. 'torch.nn'): why, and what instead."""
    ours = module.replace("torch", "autograd_mini", 1)
    if name.startswith("__") or name not in table:
        return AttributeError(f"module {ours!r} has no attribute {name!r}. The README's \"PyTorch names\" section "
                              f"lists the names of {module} that exist here and those that do not.")
    return AttributeError(f"module {ours!r} has no attribute {name!r}: autograd_mini leaves {module}.{name} out "
                          f"({table[name]}). The README's \"PyTorch names\" section lists what exists.")
