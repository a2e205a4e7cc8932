"""The global random generator: `manual_seed`, random tensors and fresh layer weights all draw from it.

As in PyTorch, the process starts from one fixed seed, so a script that never seeds is still
reproducible, and every new layer draws new numbers, so two layers of the same shape differ.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state",
           "numpy_generator"]

DEFAULT_SEED = 67280421310721  # PyTorch's torch.initial_seed() in a fresh process


def _check_seed(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"manual_seed: the seed must be an integer, not {value!r} ({type(value).__name__}).")
    if value < 0:
        raise ValueError(f"manual_seed: the seed must be >= 0, not {value}.")
    return int(value)


class Generator:
    """A seeded source of random numbers (torch.Generator); wraps a numpy Generator."""

    def __init__(self, device: str = "cpu") -> None:
        self._seed = DEFAULT_SEED
        self.numpy = np.random.default_rng(self._seed)

    def manual_seed(self, seed: int) -> "Generator":
        """Restart the stream from `seed`; returns the generator, as PyTorch does."""
        self._seed = _check_seed(seed)
        self.numpy = np.random.default_rng(self._seed)
        return self

    def initial_seed(self) -> int:
        """The seed this generator was last started from."""
        return self._seed

    def seed(self) -> int:
        """Restart from a fresh, non-deterministic seed and return it."""
        self._seed = int(np.random.SeedSequence().entropy % (2**63))
        self.numpy = np.random.default_rng(self._seed)
        return self._seed

    def get_state(self) -> dict:
        """The generator's full state (to restore with set_state)."""
        return {"seed": self._seed, "bit_generator": self.numpy.bit_generator.state}

    def set_state(self, state: dict) -> "Generator":
        """Restore a state from get_state()."""
        self._seed = state["seed"]
        self.numpy.bit_generator.state = state["bit_generator"]
        return self


default_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """Seed the global generator (torch.manual_seed): everything random after it is reproducible."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    """Seed the global generator non-deterministically (torch.seed)."""
    return default_generator.seed()


def initial_seed() -> int:
    """The seed the global generator was last started from (torch.initial_seed)."""
    return default_generator.initial_seed()


def get_rng_state() -> dict:
    """The global generator's state (torch.get_rng_state)."""
    return default_generator.get_state()


def set_rng_state(state: dict) -> None:
    """Restore the global generator's state (torch.set_rng_state)."""
    default_generator.set_state(state)


def numpy_generator(generator: "Generator | None" = None) -> np.random.Generator:
    """The numpy Generator to draw from: `generator`'s if given, else the global one."""
    return (generator or default_generator).numpy
