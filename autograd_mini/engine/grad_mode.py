"""Grad mode: whether ops record a graph. One switch per thread, as in PyTorch.

    with no_grad(): ...            nothing inside records a graph (evaluation, parameter updates)
    with enable_grad(): ...        recording back on, e.g. inside a no_grad block
    set_grad_enabled(False)        as a call: switch now; as `with set_grad_enabled(flag):` for a block
    inference_mode()               the same as no_grad here
    is_grad_enabled()              the current switch

Each is also a decorator (`@no_grad()` on a function). The switch lives in a `threading.local`, so
a thread inside `no_grad` never turns off another thread's graph.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import threading
from typing import Any

__all__ = ["no_grad", "enable_grad", "set_grad_enabled", "inference_mode", "is_grad_enabled", "STATE"]


class _GradState(threading.local):
    """Per-thread grad switch; every new thread starts with recording on."""

    enabled = True


STATE = _GradState()


def is_grad_enabled() -> bool:
    """False inside `with no_grad():` (in this thread)."""
    return STATE.enabled


class _GradMode(contextlib.ContextDecorator):
    """Sets the switch to `self._mode` on enter and restores the previous one on exit."""

    _mode = True

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # `@no_grad` without parentheses, as PyTorch allows: the class is called with the function itself.
        if len(args) == 1 and not kwargs and callable(args[0]) and cls in (no_grad, enable_grad, inference_mode):
            return cls()(args[0])
        return object.__new__(cls)

    def __init__(self) -> None:
        # A stack, not one saved flag: the same object may be entered again before it exits.
        self._previous: list[bool] = []

    def _recreate_cm(self) -> "_GradMode":
        # As a decorator each call gets its own object, so concurrent calls never share the stack.
        return _Switch(self._mode)

    def __call__(self, function: Any) -> Any:
        if inspect.isgeneratorfunction(function):
            return _generator_in_mode(function, self._mode)
        return super().__call__(function)

    def __enter__(self) -> "_GradMode":
        self._previous.append(STATE.enabled)
        STATE.enabled = self._mode
        return self

    def __exit__(self, *exc: object) -> None:
        STATE.enabled = self._previous.pop()


class no_grad(_GradMode):
    """Context manager (or decorator): ops inside record no graph. For evaluation and updates."""

    _mode = False


class enable_grad(_GradMode):
    """Context manager (or decorator): ops inside record a graph, even within no_grad."""

    _mode = True


class inference_mode(_GradMode):
    """Context manager (or decorator): the same as no_grad in this engine (`inference_mode(False)` does nothing)."""

    def __init__(self, mode: bool = True) -> None:
        super().__init__()
        self._mode = not mode


class set_grad_enabled(_GradMode):
    """Switch recording on or off: at once when called, and back to the previous state at the end of a `with`."""

    def __init__(self, mode: bool) -> None:
        super().__init__()
        self._mode = bool(mode)
        # Called as a function, PyTorch switches immediately; the `with` form then restores on exit.
        self._previous.append(STATE.enabled)
        STATE.enabled = self._mode

    def __enter__(self) -> "set_grad_enabled":
        return self  # already switched in __init__

    def __exit__(self, *exc: object) -> None:
        STATE.enabled = self._previous.pop()

    def __call__(self, function: Any) -> Any:
        # As a decorator, `@set_grad_enabled(False)` must not leave the switch turned at decoration time.
        STATE.enabled = self._previous.pop()
        return super().__call__(function)


class _Switch(_GradMode):
    """set_grad_enabled's behaviour for one decorated call."""

    def __init__(self, mode: bool) -> None:
        super().__init__()
        self._mode = mode


def _generator_in_mode(function: Any, mode: bool) -> Any:
    """A decorated generator function, as PyTorch wraps it: the mode holds while the generator's own code
    runs (each step), and the caller's mode while the caller's code runs between the steps."""

    @functools.wraps(function)
    def generator(*args: Any, **kwargs: Any) -> Any:
        steps = function(*args, **kwargs)
        try:
            with _Switch(mode):
                response = steps.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with _Switch(mode):
                        steps.close()
                    raise
                except BaseException as error:
                    with _Switch(mode):
                        response = steps.throw(error)
                else:
                    with _Switch(mode):
                        response = steps.send(request)
        except StopIteration as finished:
            return finished.value

    return generator
