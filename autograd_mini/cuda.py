"""The devices: the CPU is the only one. `torch.cuda.is_available()` is False, as on a machine without a GPU.

Tutorial code that picks its device (`device = "cuda" if torch.cuda.is_available() else "cpu"`,
`torch.accelerator.is_available()`, `torch.backends.mps.is_available()`) therefore picks "cpu" and
runs unchanged; asking for a GPU by name raises a clear error instead of pretending.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

__all__ = ["device", "is_available", "device_count", "manual_seed", "manual_seed_all", "synchronize", "backends",
           "accelerator", "check_device"]

NO_GPU = "autograd_mini runs on the CPU only (it is numpy underneath); use 'cpu', or pick the device with " \
         "`'cuda' if torch.cuda.is_available() else 'cpu'`, which gives 'cpu' here"


class device(str):
    """A device name, like torch.device: device('cpu'); a GPU name is refused (there is none here)."""

    def __new__(cls, type: "str | device" = "cpu", index: int | None = None) -> "device":
        name = str(type)
        kind, _, number = name.partition(":")
        if kind not in ("cpu", "cuda", "mps", "xpu", "meta"):
            raise RuntimeError(f"device: expected a device name like 'cpu' or 'cuda:0', got {name!r}.")
        if kind != "cpu":
            raise RuntimeError(f"device({name!r}): {NO_GPU}.")
        self = super().__new__(cls, "cpu")
        self.type, self.index = "cpu", index if index is not None else (int(number) if number.isdigit() else None)
        return self

    def __repr__(self) -> str:
        return "device(type='cpu')" if self.index is None else f"device(type='cpu', index={self.index})"

    # As torch.device: equal to another device only (torch.device('cpu') == 'cpu' is False there); str(d) is 'cpu'
    def __eq__(self, other: object) -> bool:
        return isinstance(other, device) and self.index == other.index

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(("device", self.index))


def check_device(where: str, requested: Any) -> None:
    """Raise a clear error unless `requested` is None or names the CPU (for `.to(...)`, `device=` arguments)."""
    if requested is None or isinstance(requested, device):
        return
    if not isinstance(requested, str) or requested.partition(":")[0] != "cpu":
        raise RuntimeError(f"{where}: device {requested!r}: {NO_GPU}.")


def is_available() -> bool:
    """False: there is no CUDA here."""
    return False


def device_count() -> int:
    """0 GPUs."""
    return 0


def manual_seed(seed: int) -> None:
    """Nothing to seed without a GPU (torch.cuda.manual_seed is likewise ignored when CUDA is absent)."""


def manual_seed_all(seed: int) -> None:
    """Nothing to seed without a GPU."""


def synchronize(device: Any = None) -> None:
    """Nothing to wait for: every op has finished when it returns."""


def _false() -> bool:
    return False


backends = SimpleNamespace(
    mps=SimpleNamespace(is_available=_false, is_built=_false),
    cuda=SimpleNamespace(is_built=_false),
    # Settings that tutorials assign for reproducibility; they change nothing on the CPU.
    cudnn=SimpleNamespace(deterministic=False, benchmark=False, enabled=False, is_available=_false),
)

accelerator = SimpleNamespace(is_available=_false, current_accelerator=lambda: None, device_count=lambda: 0)
