"""Import the optional visual packages, or say exactly what to install."""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType

VIZ_INSTALL = "pip install 'autograd_mini[viz]'"


class MissingDependencyError(ImportError):
    """An optional package for pictures is not installed; the message says how to install it."""


class NoDisplayError(RuntimeError):
    """A window was asked for, but there is no display (or no GUI toolkit) to open it on."""


def require(module: str, purpose: str) -> ModuleType:
    """`module` imported, or a MissingDependencyError naming the `viz` extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        package = module.split(".")[0]
        raise MissingDependencyError(
            f"{purpose} needs the Python package '{package}', which is not installed.\n"
            f"Install the visual extras with:  {VIZ_INSTALL}",
            name=package,
        ) from None


def pyplot(purpose: str) -> ModuleType:
    """matplotlib.pyplot, or a message naming the extra to install."""
    require("matplotlib", purpose)
    return require("matplotlib.pyplot", purpose)


def has_display() -> bool:
    """True where a desktop window can open (a display on Linux; always on macOS and Windows)."""
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True
