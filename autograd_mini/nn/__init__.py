"""Neural-network building blocks on Tensors, with PyTorch's names (`nn.Linear`, `nn.Sequential`, ...)."""

from . import functional
from .modules import (
    ACTIVATION_MODULES, MLP, Identity, LeakyReLU, Linear, Module, Parameter, ReLU, Sequential, Sigmoid, Tanh,
)

__all__ = ["functional", "Module", "Parameter", "Linear", "Sequential", "MLP", "ReLU", "Tanh", "Sigmoid",
           "LeakyReLU", "Identity", "ACTIVATION_MODULES"]
