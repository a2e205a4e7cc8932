"""Loss modules: `criterion = nn.CrossEntropyLoss(); loss = criterion(output, target)`, each one call to `functional`."""

from __future__ import annotations

from typing import Any

from ..engine.tensor import Tensor
from . import functional as F
from .module import Module

__all__ = ["MSELoss", "L1Loss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss"]


class _Loss(Module):
    """A loss with a `reduction` ('mean', 'sum' or 'none'), checked when it is made."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        F._check_reduction(reduction)
        self.reduction = reduction


class MSELoss(_Loss):
    """(input - target)^2, reduced."""

    def forward(self, input: Any, target: Any) -> Tensor:
        """The squared differences (input - target)**2, reduced as `reduction` says."""
        return F.mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """`|input - target|`, reduced."""

    def forward(self, input: Any, target: Any) -> Tensor:
        """The absolute differences `|input - target|`, reduced as `reduction` says."""
        return F.l1_loss(input, target, reduction=self.reduction)


class BCELoss(_Loss):
    """Binary cross-entropy on probabilities (after a sigmoid)."""

    def __init__(self, weight: Any = None, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.register_buffer("weight", weight)  # a buffer, as PyTorch's: in state_dict, cast by .double()

    def forward(self, input: Any, target: Any) -> Tensor:
        """-(t*log(p) + (1-t)*log(1-p)) for probabilities `input` and 0/1 labels `target`."""
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy on logits (sigmoid built in, stable); `pos_weight` weights the positive class."""

    def __init__(self, weight: Any = None, reduction: str = "mean", pos_weight: Any = None) -> None:
        super().__init__(reduction)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input: Any, target: Any) -> Tensor:
        """Binary cross-entropy on raw scores (logits): sigmoid and log in one stable step."""
        return F.binary_cross_entropy_with_logits(input, target, weight=self.weight, reduction=self.reduction,
                                                  pos_weight=self.pos_weight)


class NLLLoss(_Loss):
    """Negative log likelihood of class indices, on log-probabilities (after LogSoftmax)."""

    def __init__(self, weight: Any = None, ignore_index: int = -100, reduction: str = "mean") -> None:
        super().__init__(reduction)
        self.register_buffer("weight", weight)
        self.ignore_index = ignore_index

    def forward(self, input: Any, target: Any) -> Tensor:
        """Minus the log-probability `input` gives each target class (after log_softmax)."""
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index, reduction=self.reduction)


class CrossEntropyLoss(NLLLoss):
    """Cross-entropy of logits (N, C) against class indices (N,) or class probabilities (N, C)."""

    def __init__(self, weight: Any = None, ignore_index: int = -100, reduction: str = "mean",
                 label_smoothing: float = 0.0) -> None:
        super().__init__(weight, ignore_index, reduction)
        self.label_smoothing = label_smoothing

    def forward(self, input: Any, target: Any) -> Tensor:
        """Cross-entropy on raw class scores (logits): log_softmax then nll_loss, in one stable step."""
        return F.cross_entropy(input, target, weight=self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction, label_smoothing=self.label_smoothing)
