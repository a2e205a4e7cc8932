"""All the layers in one namespace (torch.nn.modules); each lives in the file named after its idea."""

from .activation import GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh, activation_modules
from .container import MLP, ModuleDict, ModuleList, ParameterList, Sequential
from .conv import AvgPool2d, Conv2d, MaxPool2d
from .dropout import Dropout
from .linear import Flatten, Identity, Linear, Unflatten
from .loss import BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, L1Loss, MSELoss, NLLLoss
from .module import Module, Parameter
from .normalization import LayerNorm

ACTIVATION_MODULES = activation_modules()

__all__ = ["Module", "Parameter", "Linear", "Identity", "Flatten", "Unflatten", "Sequential", "ModuleList",
           "ModuleDict", "ParameterList", "MLP", "ReLU", "Tanh", "Sigmoid", "LeakyReLU", "GELU", "Softmax", "LogSoftmax", "Dropout",
           "LayerNorm", "MSELoss", "L1Loss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss",
           "Conv2d", "MaxPool2d", "AvgPool2d", "ACTIVATION_MODULES"]
