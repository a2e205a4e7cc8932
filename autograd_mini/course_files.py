"""Where the course's files live: the scenes, tutorials and stills, in a clone or in an installed wheel.

In a clone they are the repository's top-level `scenes/`, `tutorials/` and `docs/images/`. A wheel
carries a copy of the same three folders inside the package, as `autograd_mini/course/...`
(pyproject.toml maps them there), so an installed package finds them without a clone. The
installed copy is read-only in spirit: nothing writes into it (`autograd-mini tutorials --copy DIR`
gives the learner notebooks to edit, and every output goes to the current folder or a named one).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PACKAGE_DIR", "course_root", "in_clone", "is_installed_course_file", "scenes_dir", "tutorials_dir",
           "images_dir"]

PACKAGE_DIR = Path(__file__).resolve().parent
_CLONE_ROOT = PACKAGE_DIR.parent  # the repository, when the package is imported from a clone
_WHEEL_ROOT = PACKAGE_DIR / "course"  # the copy of scenes/, tutorials/ and docs/images/ a wheel carries


def in_clone() -> bool:
    """True when the package runs from a clone of the repository (pyproject.toml, scenes/ and tutorials/ beside it)."""
    root = _CLONE_ROOT
    return (root / "pyproject.toml").is_file() and (root / "scenes").is_dir() and (root / "tutorials").is_dir()


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


def is_installed_course_file(path: "str | Path") -> bool:
    """True for a path inside the installed package (site-packages), where nothing may be written."""
    if in_clone():
        return False
    try:
        Path(path).resolve().relative_to(PACKAGE_DIR)
    except ValueError:
        return False
    return True
