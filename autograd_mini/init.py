"""Weight initialisation shared by the scalar and the tensor engine.

Both engines draw a layer's numbers here, neuron by neuron, from one numpy Generator, so
`scalar.MLP(2, [16, 1], seed=3)` and `nn.MLP(2, [16, 1], seed=3)` start from the same weights.
Without a seed, layers draw from the global generator (`manual_seed`), as PyTorch's do, so every new
layer gets fresh numbers and a seeded script is reproducible.
"""

from __future__ import annotations

import numpy as np

from .random import numpy_generator


def make_rng(seed: "int | np.random.Generator | None") -> np.random.Generator:
    """A numpy Generator from a seed; an existing Generator as it is; None: the global one (manual_seed's)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return numpy_generator()
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f"seed must be a non-negative integer or None, not {seed!r}.")
    return np.random.default_rng(seed)


def linear_init(rng: np.random.Generator, nin: int, nout: int) -> tuple[np.ndarray, np.ndarray]:
    """Weights (nout, nin) and biases (nout,) uniform in +-1/sqrt(nin), PyTorch's nn.Linear default."""
    for name, n in (("nin", nin), ("nout", nout)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
            raise ValueError(f"{name} must be a positive integer (a number of inputs or neurons), not {n!r}.")
    bound = 1.0 / np.sqrt(nin)
    weight = rng.uniform(-bound, bound, size=(nout, nin))
    bias = rng.uniform(-bound, bound, size=nout)
    return weight, bias
