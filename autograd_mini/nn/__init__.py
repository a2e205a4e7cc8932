"""Neural-network building blocks on Tensors, with PyTorch's names (`nn.Linear`, `nn.Sequential`, ...)."""

from . import functional, init, utils
from .modules import *  # noqa: F403 - the layers, one namespace as torch.nn
from .modules import __all__ as _modules_all

__all__ = ["functional", "init", "utils", *_modules_all]


def __getattr__(name: str) -> object:
    from ..missing import NN, missing
    raise missing("torch.nn", name, NN)
