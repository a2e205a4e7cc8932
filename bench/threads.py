"""Every engine on one CPU thread while timing: PyTorch via torch.set_num_threads(1), numpy's BLAS here."""

from __future__ import annotations

import contextlib
from typing import ContextManager


def one_blas_thread() -> ContextManager:
    """numpy's BLAS limited to one thread (threadpoolctl), or nothing where threadpoolctl is missing.

    On a shared or loaded machine a multi-threaded BLAS makes timings swing; on one thread numpy
    competes on the same terms as PyTorch's one thread."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(1)
