"""autograd_mini: a small automatic-differentiation framework for learning how neural networks train."""

from .engine.value import Value

__all__ = ["Value"]
__version__ = "0.1.0"
