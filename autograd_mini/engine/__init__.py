"""The two engines: `Value` (one number, engine/value.py) and `Tensor` (a numpy array, engine/tensor.py).

`from autograd_mini.engine import Value` is micrograd's `from micrograd.engine import Value`.
"""

from .value import Value

__all__ = ["Value"]
