"""autograd_mini: a small automatic-differentiation framework for learning how neural networks train.

    from autograd_mini import Value            # the scalar engine: every multiply is a node
    from autograd_mini import Tensor, nn, optim, fit   # the tensor engine: the same math on arrays
"""

from . import data, nn, optim
from .engine.tensor import Tensor, concat, no_grad, stack
from .engine.value import Value
from .gradcheck import GradcheckError, gradcheck
from .serialization import load, save
from .train import History, TrainingDiverged, accuracy, fit, predict_proba

__all__ = ["Value", "Tensor", "no_grad", "concat", "stack", "nn", "optim", "data", "fit", "History",
           "TrainingDiverged", "predict_proba", "accuracy", "gradcheck", "GradcheckError", "save", "load"]
__version__ = "0.1.0"
