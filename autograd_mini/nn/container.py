"""Containers: Sequential (a pipeline), ModuleList, ModuleDict and ParameterList (registered collections), and the MLP helper."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Iterable, Iterator, Mapping

import numpy as np

from ..init import make_rng
from .activation import activation_modules
from .linear import Linear
from .module import Module, Parameter, _add_indent

__all__ = ["Sequential", "ModuleList", "ModuleDict", "ParameterList", "MLP"]


def _index(i: int, n: int, who: str) -> int:
    if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
        raise TypeError(f"{who} indices must be integers or slices, not {type(i).__name__}")
    if not -n <= i < n:
        raise IndexError(f"index {i} is out of range for a {who} of {n} modules")
    return int(i) % n


class _Numbered(Module):
    """Editing a Sequential or a ModuleList as in PyTorch: modules named '0', '1', ..., renumbered after each change."""

    def __delitem__(self, i: "int | slice") -> None:
        modules = list(self._modules.values())
        del modules[i if isinstance(i, slice) else _index(i, len(modules), type(self).__name__)]
        self._replace_all(modules)  # the later ones move down by one, as PyTorch renumbers

    def insert(self, index: int, module: Module) -> "_Numbered":
        """Put a module before position `index` (the later ones move up by one, as PyTorch renumbers); returns self."""
        if not isinstance(module, Module):
            raise TypeError(f"{type(self).__name__}.insert takes a Module, got {type(module).__name__}.")
        n = len(self._modules)
        if not -n <= index <= n:
            raise IndexError(f"Index out of range: {index} (it has {n} modules)")
        modules = list(self._modules.values())
        modules.insert(index if index >= 0 else n + index, module)
        self._replace_all(modules)
        return self

    def pop(self, index: int = -1) -> Module:
        """Remove the module at `index` and return it (the later ones move down by one)."""
        module = self[index]
        del self[index]
        return module

    def _replace_all(self, modules: list[Module]) -> None:
        for key in list(self._modules):
            delattr(self, key)
        for i, module in enumerate(modules):
            self.add_module(str(i), module)

    def __iadd__(self, modules: Iterable[Module]) -> "_Numbered":
        return self.extend(modules)

    def __add__(self, other: Iterable[Module]) -> "_Numbered":
        """A new container of self's modules followed by other's (the same module objects)."""
        return type(self)(*self, *other) if isinstance(self, Sequential) else type(self)([*self, *other])


class Sequential(_Numbered):
    """Modules applied one after another; parameters are named '0.weight', '2.bias', ... as in PyTorch."""

    def __init__(self, *args: Any) -> None:
        super().__init__()
        items = args[0].items() if len(args) == 1 and isinstance(args[0], OrderedDict) else enumerate(args)
        for name, m in items:
            if not isinstance(m, Module):
                raise TypeError(f"{type(self).__name__} takes Modules, got {type(m).__name__}: {m!r}.")
            self.add_module(str(name), m)

    def forward(self, input: Any) -> Any:
        """`input` through every module in order: each one's output is the next one's input."""
        for module in self._modules.values():
            input = module(input)
        return input

    @property
    def layers(self) -> list[Module]:
        """The modules, in order."""
        return list(self._modules.values())

    def __getitem__(self, i: "int | slice") -> Module:
        if isinstance(i, slice):
            return Sequential(OrderedDict(list(self._modules.items())[i]))
        return list(self._modules.values())[_index(i, len(self._modules), type(self).__name__)]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self, module: Module) -> "Sequential":
        """Add a module at the end; returns self."""
        self.add_module(str(len(self)), module)
        return self

    def extend(self, sequential: Iterable[Module]) -> "Sequential":
        """Add several modules at the end; returns self."""
        for module in sequential:
            self.append(module)
        return self

    def __setitem__(self, i: int, module: Module) -> None:
        key = list(self._modules)[_index(i, len(self._modules), type(self).__name__)]
        self.add_module(key, module)


class ModuleList(_Numbered):
    """A list of modules whose parameters are registered (a plain Python list's are not)."""

    def __init__(self, modules: "Iterable[Module] | None" = None) -> None:
        super().__init__()
        for m in modules or ():
            self.append(m)

    def append(self, module: Module) -> "ModuleList":
        """Add a module at the end; returns self."""
        if not isinstance(module, Module):
            raise TypeError(f"ModuleList holds Modules, got {type(module).__name__}: {module!r}.")
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> "ModuleList":
        """Add several modules at the end; returns self."""
        for m in modules:
            self.append(m)
        return self

    def __getitem__(self, i: "int | slice") -> Any:
        if isinstance(i, slice):
            return ModuleList(list(self._modules.values())[i])
        return list(self._modules.values())[_index(i, len(self._modules), "ModuleList")]

    def __setitem__(self, i: int, module: Module) -> None:
        self.add_module(str(_index(i, len(self._modules), "ModuleList")), module)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def forward(self, *args: Any) -> Any:
        """Not defined: a ModuleList only holds modules; your module's forward loops over it."""
        raise NotImplementedError("ModuleList has no forward(): loop over it in your module's forward.")

    def __repr__(self) -> str:
        # PyTorch 2.x folds runs of identical layers: '(0-2): 3 x Linear(...)'
        reprs = [repr(m) for m in self]
        if not reprs:
            return "ModuleList()"
        runs: list[list] = []
        for i, r in enumerate(reprs):
            if runs and runs[-1][2] == r:
                runs[-1][1] = i
            else:
                runs.append([i, i, r])
        lines = [_add_indent(f"({a}): {r}" if a == b else f"({a}-{b}): {b - a + 1} x {r}", 2) for a, b, r in runs]
        return "ModuleList(\n  " + "\n  ".join(lines) + "\n)"


class ParameterList(Module):
    """A list of Parameters that are registered (named '0', '1', ...), so parameters() and the optimizer see them."""

    def __init__(self, values: "Iterable[Any] | None" = None) -> None:
        super().__init__()
        for p in values or ():
            self.append(p)

    def append(self, value: Any) -> "ParameterList":
        """Add a parameter at the end (a Tensor or array becomes a Parameter, as in PyTorch); returns self."""
        self.register_parameter(str(len(self)), value if isinstance(value, Parameter) else Parameter(value))
        return self

    def extend(self, values: Iterable[Any]) -> "ParameterList":
        """Add several parameters at the end; returns self."""
        for p in values:
            self.append(p)
        return self

    def __getitem__(self, i: int) -> Parameter:
        return list(self._parameters.values())[_index(i, len(self._parameters), "ParameterList")]

    def __setitem__(self, i: int, value: Any) -> None:
        self.register_parameter(str(_index(i, len(self._parameters), "ParameterList")),
                                value if isinstance(value, Parameter) else Parameter(value))

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self._parameters.values())

    def forward(self, *args: Any) -> Any:
        """Not defined: a ParameterList only holds parameters; your module's forward uses them."""
        raise NotImplementedError("ParameterList has no forward(): use its parameters in your module's forward.")

    def extra_repr(self) -> str:
        """One line per parameter: its index, shape and dtype, as PyTorch prints it."""
        # each line starts with two spaces, which print(model) indents by two more (PyTorch's layout)
        return "\n".join(f"  ({i}): Parameter containing: [torch.{p.dtype} of size {'x'.join(map(str, p.shape))}]"
                         for i, p in enumerate(self))


class ModuleDict(Module):
    """A dict of modules (name -> module) whose parameters are registered, in insertion order."""

    def __init__(self, modules: "Mapping[str, Module] | Iterable[tuple[str, Module]] | None" = None) -> None:
        super().__init__()
        if modules is not None:
            self.update(modules)

    def update(self, modules: "Mapping[str, Module] | Iterable[tuple[str, Module]]") -> None:
        """Add (or replace) modules from a dict or (name, module) pairs."""
        for name, m in (modules.items() if isinstance(modules, Mapping) else modules):
            self[name] = m

    def __getitem__(self, key: str) -> Module:
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        if not isinstance(module, Module):
            raise TypeError(f"ModuleDict holds Modules, got {type(module).__name__} for key {key!r}.")
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]
        object.__delattr__(self, key)

    def __contains__(self, key: str) -> bool:
        return key in self._modules

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def keys(self) -> Iterable[str]:
        """The names."""
        return self._modules.keys()

    def values(self) -> Iterable[Module]:
        """The modules."""
        return self._modules.values()

    def items(self) -> Iterable[tuple[str, Module]]:
        """(name, module) pairs."""
        return self._modules.items()

    def forward(self, *args: Any) -> Any:
        """Not defined: a ModuleDict only holds modules; your module's forward picks them by name."""
        raise NotImplementedError("ModuleDict has no forward(): pick modules by name in your module's forward.")


class MLP(Sequential):
    """Linear layers of the given sizes, `activation` between them, `output_activation` at the end.

    `MLP(2, [16, 16, 1])` = Linear(2,16), ReLU, Linear(16,16), ReLU, Linear(16,1): it outputs a logit.
    Without a seed the weights come from the global generator (like nn.Linear); with `seed=` from their own,
    and then the same seed gives the same initial weights as `autograd_mini.scalar.MLP`.
    """

    def __init__(self, nin: int, sizes: list[int], activation: str = "relu", output_activation: "str | None" = None,
                 *, seed: "int | np.random.Generator | None" = None, dtype: Any = None) -> None:
        kinds = activation_modules()
        for name, act in (("activation", activation), ("output_activation", output_activation or "linear")):
            if act not in kinds:
                raise ValueError(f"unknown {name} {act!r}; choose one of {', '.join(sorted(kinds))}.")
        if isinstance(sizes, int) or len(sizes) == 0:
            raise ValueError(f"sizes must be a non-empty list of layer sizes, e.g. [16, 16, 1], not {sizes!r}.")
        rng = make_rng(seed)
        dims = [nin, *sizes]
        modules: list[Module] = []
        for i in range(len(sizes)):
            modules.append(Linear(dims[i], dims[i + 1], seed=rng, dtype=dtype))
            act = activation if i < len(sizes) - 1 else (output_activation or "linear")
            if act != "linear":
                modules.append(kinds[act]())
        super().__init__(*modules)
        self.nin, self.sizes = nin, list(sizes)
        self.activation, self.output_activation = activation, output_activation or "linear"

    @property
    def linears(self) -> list[Linear]:
        """The Linear layers alone, in order."""
        return [m for m in self._modules.values() if isinstance(m, Linear)]
