"""Where the course's files live: the scenes, tutorials and stills, in a clone or in an installed wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["PACKAGE_DIR", "course_root", "in_clone", "scenes_dir", "tutorials_dir", "images_dir"]

PACKAGE_DIR = Path(__file__).resolve().parent
_CLONE_ROOT = PACKAGE_DIR.parent  # the repository, when the package is imported from a clone
_WHEEL_ROOT = PACKAGE_DIR / "course"  # the copy of scenes/, tutorials/ and docs/images/ a wheel carries


def in_clone() -> bool:
    """True when the package runs from a clone of the repository (scenes/ and tutorials/ beside it)."""
    return (_CLONE_ROOT / "scenes").is_dir() and (_CLONE_ROOT / "tutorials").is_dir()


def course_root() -> Path:
    """The folder that holds scenes/, tutorials/ and docs/images/: the clone, or the wheel's copy."""
    return _CLONE_ROOT if in_clone() else _WHEEL_ROOT


def scenes_dir() -> Path:
    """The manim scene files."""
    return course_root() / "scenes"


def tutorials_dir() -> Path:
    """The jupytext notebooks of the lesson."""
    return course_root() / "tutorials"


def images_dir() -> Path:
    """The stills and figures (docs/images)."""
    return course_root() / "docs" / "images"
