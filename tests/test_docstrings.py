"""Every public name in the package has a docstring of its own.

A public name is a module-level function or class defined in that module (exactly the names of
its `__all__`, when it has one, that are defined there) whose name does not start with "_", and,
for each public class, the methods and properties defined in the class body itself whose names
do not start with "_". A docstring inherited from a parent does not count: a learner reading
`help(Linear.forward)` should meet words about `Linear`, not about `Module`.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import importlib
import importlib.util
import inspect
import pkgutil
import sys
import types

import pytest

import autograd_mini

PACKAGE = "autograd_mini"

# owners still editing; remove when done
# Names ("module:qualname") that have no docstring yet, in files other helpers are still editing.
PENDING_OWNERS: frozenset[str] = frozenset()


def module_names(package=autograd_mini) -> list[str]:
    """The dotted name of every module and subpackage under `package`, the package included."""
    names = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
        names.append(info.name)
    return sorted(names)


def _own_doc(obj) -> str | None:
    """The docstring written on `obj` itself: never one inherited or generated for it."""
    if isinstance(obj, type):
        doc = vars(obj).get("__doc__")
        # dataclasses, namedtuples and enums write a docstring of their own when none is given.
        if doc and dataclasses.is_dataclass(obj) and doc.startswith(obj.__name__ + "("):
            return None
        if doc and issubclass(obj, tuple) and hasattr(obj, "_fields"):
            if doc.startswith(obj.__name__ + "("):
                return None
        if doc and issubclass(obj, enum.Enum) and doc == "An enumeration.":
            return None
    else:
        doc = getattr(obj, "__doc__", None)
    return doc if isinstance(doc, str) and doc.strip() else None


def _public_top_names(module: types.ModuleType) -> list[str]:
    """The public functions and classes that `module` itself defines, in its `__all__` if any."""
    candidates = getattr(module, "__all__", None)
    if candidates is None:
        candidates = [name for name in vars(module) if not name.startswith("_")]
    names = []
    for name in candidates:
        obj = vars(module).get(name)
        if not (inspect.isfunction(obj) or isinstance(obj, type)):
            continue
        if getattr(obj, "__module__", None) != module.__name__:
            continue
        names.append(name)
    return names


def _member_doc_target(member):
    """The object whose `__doc__` documents a class member, or None when it is no method/property."""
    if isinstance(member, (staticmethod, classmethod)):
        return member.__func__
    if isinstance(member, (property, functools.cached_property)):
        return member
    if inspect.isfunction(member):
        return member
    return None


def undocumented(module: types.ModuleType) -> list[str]:
    """Every public name of `module` without a docstring of its own, as "module:qualname"."""
    missing = []
    for name in _public_top_names(module):
        obj = vars(module)[name]
        if _own_doc(obj) is None:
            missing.append(f"{module.__name__}:{name}")
        if not isinstance(obj, type):
            continue
        for member_name, member in vars(obj).items():
            if member_name.startswith("_"):
                continue
            target = _member_doc_target(member)
            if target is not None and _own_doc(target) is None:
                missing.append(f"{module.__name__}:{name}.{member_name}")
    return missing


def _import_or_skip(name: str) -> types.ModuleType:
    """`name` imported, or the test skipped, naming the optional package that is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        missing = (getattr(error, "name", None) or "").split(".")[0]
        # Only a package that is really absent is an optional extra; any other ImportError is a bug.
        if missing and missing != PACKAGE and importlib.util.find_spec(missing) is None:
            pytest.skip(f"{name} (and any modules under it) not checked: optional package {missing!r} "
                        f"is not installed")
        raise


@pytest.mark.parametrize("name", module_names())
def test_every_public_name_has_a_docstring(name):
    module = _import_or_skip(name)
    missing = [item for item in undocumented(module) if item not in PENDING_OWNERS]
    assert missing == [], "public names without a docstring:\n  " + "\n  ".join(missing)


def test_pending_owners_lists_only_names_still_undocumented():
    stale = []
    for item in sorted(PENDING_OWNERS):
        module_name = item.split(":")[0]
        module = _import_or_skip(module_name)
        if item not in undocumented(module):
            stale.append(item)
    assert stale == [], "documented now, remove from PENDING_OWNERS:\n  " + "\n  ".join(stale)


def test_the_check_finds_a_missing_docstring():
    """A fake module with one undocumented function, class and method: all three are found."""
    fake = types.ModuleType("fake_docs", "A fake module.")

    def documented():
        """Has words."""

    def bare():
        pass

    def _private():
        pass

    class Plain:
        """Has words."""

        def method(self):
            pass

        @property
        def size(self):
            return 1

        def _hidden(self):
            pass

    class Child(Plain):
        def method(self):
            pass

    @dataclasses.dataclass
    class Record:
        x: int

    for obj in (documented, bare, _private, Plain, Child, Record):
        obj.__module__ = fake.__name__
        setattr(fake, obj.__name__, obj)
    fake.imported = inspect.getdoc  # defined elsewhere: not this module's to document
    sys.modules.pop(fake.__name__, None)

    assert undocumented(fake) == [
        "fake_docs:bare",
        "fake_docs:Plain.method",
        "fake_docs:Plain.size",
        "fake_docs:Child",
        "fake_docs:Child.method",
        "fake_docs:Record",
    ]
    fake.__all__ = ["documented", "Plain"]
    assert undocumented(fake) == ["fake_docs:Plain.method", "fake_docs:Plain.size"]


def test_a_missing_extra_skips_its_module_and_names_the_package(monkeypatch):
    def import_module(name):
        raise ModuleNotFoundError("No module named 'not_an_installed_extra'", name="not_an_installed_extra")

    monkeypatch.setattr(importlib, "import_module", import_module)
    with pytest.raises(pytest.skip.Exception, match="autograd_mini.fake.*'not_an_installed_extra'"):
        _import_or_skip("autograd_mini.fake")
