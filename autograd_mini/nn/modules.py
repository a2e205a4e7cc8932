"""Modules: things with parameters that map tensors to tensors (torch.nn's names)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import numpy as np

from ..engine.tensor import Tensor
from ..init import linear_init, make_rng
from . import functional as F

__all__ = ["Parameter", "Module", "Linear", "Sequential", "MLP", "ReLU", "Tanh", "Sigmoid", "LeakyReLU", "Identity"]


class Parameter(Tensor):
    """A Tensor that a Module trains: requires_grad is on, and `parameters()` finds it."""

    __slots__ = ()

    def __init__(self, data: Any, dtype: Any = None, label: str = "") -> None:
        super().__init__(data, requires_grad=True, dtype=dtype, label=label)


class Module:
    """Base class: finds parameters in attributes, saves and loads them, switches train/eval."""

    training = True

    def __call__(self, *args: Any, **kwargs: Any) -> Tensor:
        return self.forward(*args, **kwargs)

    def forward(self, *args: Any) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} must define forward(...)")

    def _children(self) -> Iterator[tuple[str, Any]]:
        for name, value in vars(self).items():
            if isinstance(value, (Parameter, Module)):
                yield name, value
            elif isinstance(value, (list, tuple)):
                for i, item in enumerate(value):
                    if isinstance(item, (Parameter, Module)):
                        yield f"{name}.{i}", item

    def named_parameters(self, prefix: str = "") -> list[tuple[str, Parameter]]:
        """(name, parameter) pairs, e.g. ('0.weight', ...), in a fixed order."""
        found: list[tuple[str, Parameter]] = []
        seen: set[int] = set()
        for name, child in self._children():
            full = f"{prefix}{name}"
            items = [(full, child)] if isinstance(child, Parameter) else child.named_parameters(full + ".")
            for n, p in items:
                if id(p) not in seen:
                    seen.add(id(p))
                    found.append((n, p))
        return found

    def parameters(self) -> list[Parameter]:
        return [p for _, p in self.named_parameters()]

    def modules(self) -> list["Module"]:
        out: list[Module] = [self]
        for _, child in self._children():
            if isinstance(child, Module):
                out.extend(child.modules())
        return out

    def zero_grad(self) -> None:
        """Forget the gradients (set them to None), as before every training step."""
        for p in self.parameters():
            p.grad = None

    def train(self, mode: bool = True) -> "Module":
        for m in self.modules():
            m.training = mode
        return self

    def eval(self) -> "Module":
        return self.train(False)

    def state_dict(self) -> dict[str, np.ndarray]:
        """Parameter name -> a copy of its numbers."""
        return {name: p.data.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Copy numbers into the parameters; missing, unexpected or mis-shaped entries are named."""
        params = dict(self.named_parameters())
        missing = sorted(set(params) - set(state))
        unexpected = sorted(set(state) - set(params))
        wrong = [f"{k}: expected {params[k].shape}, got {np.shape(state[k])}"
                 for k in params if k in state and np.shape(state[k]) != params[k].shape]
        if missing or unexpected or wrong:
            parts = [f"missing {missing}"] * bool(missing) + [f"unexpected {unexpected}"] * bool(unexpected)
            parts += [f"wrong shape ({'; '.join(wrong)})"] * bool(wrong)
            raise ValueError(f"load_state_dict: the saved parameters do not fit {type(self).__name__}: {', '.join(parts)}.")
        for k, p in params.items():
            p.data = np.array(state[k], dtype=p.dtype)

    def save(self, path: "str | Path") -> Path:
        """Save the parameters to a .npz file (plain arrays: loading it never runs code)."""
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_suffix(path.suffix + ".npz") if path.suffix else path.with_suffix(".npz")
        np.savez(path, **self.state_dict())
        return path

    def load(self, path: "str | Path") -> "Module":
        """Load parameters saved by `save` (read with allow_pickle=False)."""
        try:
            with np.load(path, allow_pickle=False) as archive:
                state = {k: archive[k] for k in archive.files}
        except FileNotFoundError:
            raise FileNotFoundError(f"load: no file at {path}; save one first with model.save(path).") from None
        except (ValueError, OSError) as error:
            raise ValueError(f"load: {path} is not a parameter file written by save() ({error}).") from None
        self.load_state_dict(state)
        return self

    def num_parameters(self) -> int:
        return int(sum(p.size for p in self.parameters()))


class Linear(Module):
    """y = x W^T + b, with W of shape (out_features, in_features), initialised like PyTorch."""

    def __init__(self, in_features: int, out_features: int, bias: bool = True, *,
                 seed: "int | np.random.Generator | None" = 0, dtype: Any = None) -> None:
        weight, b = linear_init(make_rng(seed), in_features, out_features)
        self.in_features, self.out_features = in_features, out_features
        self.weight = Parameter(weight, dtype=dtype, label="weight")
        self.bias = Parameter(b, dtype=dtype, label="bias") if bias else None

    def forward(self, x: Any) -> Tensor:
        return F.linear(x if isinstance(x, Tensor) else Tensor(x, dtype=self.weight.dtype), self.weight, self.bias)

    def __repr__(self) -> str:
        return f"Linear(in_features={self.in_features}, out_features={self.out_features}, bias={self.bias is not None})"


class _Activation(Module):
    def forward(self, x: Tensor) -> Tensor:
        return getattr(x, self.op)()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ReLU(_Activation):
    op = "relu"


class Tanh(_Activation):
    op = "tanh"


class Sigmoid(_Activation):
    op = "sigmoid"


class Identity(Module):
    def forward(self, x: Tensor) -> Tensor:
        return x


class LeakyReLU(Module):
    def __init__(self, negative_slope: float = 0.01) -> None:
        self.negative_slope = negative_slope

    def forward(self, x: Tensor) -> Tensor:
        return x.leaky_relu(self.negative_slope)

    def __repr__(self) -> str:
        return f"LeakyReLU(negative_slope={self.negative_slope})"


class Sequential(Module):
    """Modules applied one after another; parameters are named '0.weight', '2.bias', ... as in PyTorch."""

    def __init__(self, *modules: Module) -> None:
        for m in modules:
            if not isinstance(m, Module):
                raise TypeError(f"Sequential takes Modules, got {type(m).__name__}: {m!r}.")
        self.layers = list(modules)

    def _children(self) -> Iterator[tuple[str, Any]]:
        return ((str(i), m) for i, m in enumerate(self.layers))

    def forward(self, x: Any) -> Tensor:
        for module in self.layers:
            x = module(x)
        return x

    def __getitem__(self, i: int) -> Module:
        return self.layers[i]

    def __len__(self) -> int:
        return len(self.layers)

    def __repr__(self) -> str:
        inner = "\n".join(f"  ({i}): {m!r}" for i, m in enumerate(self.layers))
        return f"{type(self).__name__}(\n{inner}\n)"


ACTIVATION_MODULES = {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid, "leaky_relu": LeakyReLU, "linear": Identity}


class MLP(Sequential):
    """Linear layers of the given sizes, `activation` between them, `output_activation` at the end.

    `MLP(2, [16, 16, 1])` = Linear(2,16), ReLU, Linear(16,16), ReLU, Linear(16,1): it outputs a logit.
    Same seed, same initial weights as `autograd_mini.scalar.MLP`.
    """

    def __init__(self, nin: int, sizes: list[int], activation: str = "relu", output_activation: str | None = None,
                 *, seed: "int | np.random.Generator | None" = 0, dtype: Any = None) -> None:
        for name, act in (("activation", activation), ("output_activation", output_activation or "linear")):
            if act not in ACTIVATION_MODULES:
                raise ValueError(f"unknown {name} {act!r}; choose one of {', '.join(sorted(ACTIVATION_MODULES))}.")
        if isinstance(sizes, int) or len(sizes) == 0:
            raise ValueError(f"sizes must be a non-empty list of layer sizes, e.g. [16, 16, 1], not {sizes!r}.")
        rng = make_rng(seed)
        dims = [nin, *sizes]
        modules: list[Module] = []
        for i in range(len(sizes)):
            modules.append(Linear(dims[i], dims[i + 1], seed=rng, dtype=dtype))
            act = activation if i < len(sizes) - 1 else (output_activation or "linear")
            if act != "linear":
                modules.append(ACTIVATION_MODULES[act]())
        super().__init__(*modules)
        self.nin, self.sizes = nin, list(sizes)
        self.activation, self.output_activation = activation, output_activation or "linear"

    @property
    def linears(self) -> list[Linear]:
        """The Linear layers alone, in order."""
        return [m for m in self.layers if isinstance(m, Linear)]
