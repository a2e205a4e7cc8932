"""Datasets and batches with PyTorch's names: Dataset, TensorDataset, Subset, random_split, DataLoader.

A DataLoader cuts a dataset into batches: it takes `batch_size` indices at a time (shuffled each
epoch when `shuffle=True`, from the global generator or `generator=`), fetches those samples and
stacks them into tensors (`default_collate`), so `for X, y in loader:` gets one batch of inputs and
one of labels. Everything runs in the main process (`num_workers` is accepted and changes nothing).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from ..creation import tensor
from ..engine.tensor import Tensor, stack
from ..random import Generator, numpy_generator

__all__ = ["Dataset", "TensorDataset", "Subset", "random_split", "DataLoader", "default_collate"]


class Dataset:
    """A collection of samples: subclasses define `__getitem__(i)` and `__len__()`."""

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__(self, index) returning one sample.")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must define __len__(self), the number of samples.")


class TensorDataset(Dataset):
    """Samples are rows: item i is (tensors[0][i], tensors[1][i], ...), e.g. (features, label)."""

    def __init__(self, *tensors: Any) -> None:
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor, e.g. TensorDataset(X, y).")
        tensors = tuple(t if isinstance(t, Tensor) else tensor(t) for t in tensors)
        if any(t.ndim == 0 for t in tensors):
            raise ValueError(f"TensorDataset: every tensor needs a first dimension to index samples by; got shapes "
                             f"{[tuple(t.shape) for t in tensors]}.")
        if len({t.shape[0] for t in tensors}) > 1:
            raise ValueError(f"TensorDataset: the tensors must have the same size in their first dimension (one row per "
                             f"sample), got shapes {[tuple(t.shape) for t in tensors]}.")
        self.tensors = tensors

    def __getitem__(self, index: Any) -> tuple[Tensor, ...]:
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].shape[0]

    def _batch(self, indices: np.ndarray) -> list[Tensor] | None:
        """The batch that default_collate would stack from these samples, indexed in one go."""
        if type(self).__getitem__ is not TensorDataset.__getitem__:
            return None  # a subclass changed what a sample is: collate its own samples
        return [t[indices] for t in self.tensors]


class Subset(Dataset):
    """The samples of `dataset` at `indices`, in that order."""

    def __init__(self, dataset: Any, indices: Sequence[int]) -> None:
        self.dataset, self.indices = dataset, list(indices)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, (list, np.ndarray)):
            return [self.dataset[self.indices[i]] for i in index]
        return self.dataset[self.indices[index]]

    def __len__(self) -> int:
        return len(self.indices)

    def _batch(self, indices: np.ndarray) -> list[Tensor] | None:
        """The inner dataset's batch at these positions of the subset, or None to collate samples."""
        if type(self).__getitem__ is not Subset.__getitem__:
            return None  # a subclass changed what a sample is: collate its own samples
        inner = getattr(self.dataset, "_batch", None)
        return None if inner is None else inner(np.asarray(self.indices, dtype=np.int64)[indices])


def _split_lengths(n: int, lengths: Sequence[Any]) -> list[int]:
    """Lengths as given, or fractions summing to 1 turned into lengths as PyTorch does (leftovers round-robin)."""
    if all(isinstance(x, (int, np.integer)) and not isinstance(x, bool) for x in lengths):
        sizes = [int(x) for x in lengths]
    elif math.isclose(sum(lengths), 1) and all(0 <= x <= 1 for x in lengths):
        sizes = [int(math.floor(n * fraction)) for fraction in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        for i, size in enumerate(sizes):
            if size == 0:
                warnings.warn(f"random_split: the split at index {i} is empty ({n} samples, fractions {list(lengths)}).", stacklevel=3)
    else:
        raise ValueError(f"random_split: lengths must be whole numbers summing to the dataset's size ({n}) or fractions "
                         f"summing to 1, got {list(lengths)}.")
    if any(size < 0 for size in sizes) or sum(sizes) != n:
        raise ValueError(f"random_split: the lengths {sizes} add up to {sum(sizes)}, but the dataset has {n} samples.")
    return sizes


def random_split(dataset: Any, lengths: Sequence[Any], generator: Generator | None = None) -> list[Subset]:
    """Split into non-overlapping random subsets of the given lengths (or fractions, e.g. [0.8, 0.2])."""
    sizes = _split_lengths(len(dataset), lengths)
    order = numpy_generator(generator).permutation(len(dataset)).tolist()
    ends = np.cumsum(sizes).tolist()
    return [Subset(dataset, order[end - size:end]) for size, end in zip(sizes, ends)]


def default_collate(batch: list[Any]) -> Any:
    """Stack a list of samples into a batch: tensors, arrays and numbers become tensors; tuples stay grouped."""
    first = batch[0]
    if isinstance(first, Tensor):
        return stack(batch)
    if isinstance(first, (np.ndarray, np.generic)):
        return tensor(np.stack(batch))
    if isinstance(first, (bool, int, float)):
        return tensor(batch)  # int -> int64, float -> float64, bool -> bool, as in PyTorch
    if isinstance(first, str):
        return list(batch)
    if isinstance(first, Mapping):
        return {key: default_collate([sample[key] for sample in batch]) for key in first}
    if isinstance(first, (tuple, list)):
        if len({len(sample) for sample in batch}) > 1:
            raise ValueError(f"default_collate: the samples of a batch must all have the same number of parts, got "
                             f"{sorted({len(sample) for sample in batch})}.")
        return [default_collate(list(parts)) for parts in zip(*batch)]  # a list, as PyTorch returns
    raise TypeError(f"default_collate: cannot batch samples of type {type(first).__name__}; a sample should be a tensor, "
                    f"a numpy array, a number, or a tuple / dict of those. Pass collate_fn= to batch anything else.")


# PyTorch's options for worker processes and memory pinning: accepted, and nothing to do in one process
WORKER_OPTIONS = {"prefetch_factor", "persistent_workers", "pin_memory_device", "multiprocessing_context", "in_order"}


class DataLoader:
    """Iterate over a dataset in batches: `for X, y in DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)`."""

    def __init__(self, dataset: Any, batch_size: int | None = 1, shuffle: bool = False, sampler: Iterable[int] | None = None,
                 batch_sampler: Any = None, num_workers: int = 0, collate_fn: Callable[[list], Any] | None = None,
                 pin_memory: bool = False, drop_last: bool = False, timeout: float = 0, worker_init_fn: Any = None,
                 generator: Generator | None = None, **worker_options: Any) -> None:
        unknown = sorted(set(worker_options) - WORKER_OPTIONS)
        if unknown:  # a typo such as batchsize=32 must not pass silently
            raise TypeError(f"DataLoader: unexpected argument(s) {unknown}; the arguments are dataset, batch_size, "
                            f"shuffle, sampler, collate_fn, drop_last, generator (and PyTorch's worker options).")
        if not hasattr(dataset, "__len__") or not hasattr(dataset, "__getitem__"):
            raise TypeError(f"DataLoader: the dataset must define __getitem__ and __len__ (a Dataset, a TensorDataset, a "
                            f"list); got {type(dataset).__name__}.")
        if len(dataset) == 0:
            raise ValueError("DataLoader: the dataset is empty (0 samples), so there is nothing to load; check how it was built.")
        if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer))
                                       or batch_size <= 0):
            raise ValueError(f"DataLoader: batch_size must be a positive whole number (or None), got {batch_size!r}.")
        if not isinstance(shuffle, (bool, np.bool_)):
            raise TypeError(f"DataLoader: shuffle must be True or False, got {shuffle!r}.")
        if batch_sampler is not None:
            raise NotImplementedError("DataLoader: batch_sampler is not supported here; use batch_size with shuffle or sampler.")
        if sampler is not None and shuffle:
            raise ValueError("DataLoader: sampler and shuffle=True cannot be combined (the sampler decides the order).")
        self.dataset, self.batch_size, self.shuffle, self.drop_last = dataset, batch_size, bool(shuffle), bool(drop_last)
        self.sampler, self.collate_fn, self.generator, self.num_workers = sampler, collate_fn, generator, num_workers

    def _order(self) -> np.ndarray:
        if self.sampler is not None:
            return np.fromiter(iter(self.sampler), dtype=np.int64)
        if self.shuffle:
            return numpy_generator(self.generator).permutation(len(self.dataset))
        return np.arange(len(self.dataset))

    def __iter__(self) -> Iterator[Any]:
        order = self._order()
        if self.batch_size is None:  # no batching: the samples themselves
            yield from (self.dataset[int(i)] for i in order)
            return
        fast = getattr(self.dataset, "_batch", None) if self.collate_fn is None else None
        collate = self.collate_fn or default_collate
        for start in range(0, len(order), self.batch_size):
            indices = order[start:start + self.batch_size]
            if self.drop_last and len(indices) < self.batch_size:
                return
            batch = fast(indices) if fast is not None else None
            yield batch if batch is not None else collate([self.dataset[int(i)] for i in indices])

    def __len__(self) -> int:
        n = len(self.sampler) if self.sampler is not None and hasattr(self.sampler, "__len__") else len(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)


def __getattr__(name: str) -> object:
    from ..missing import DATA, missing
    raise missing("torch.utils.data", name, DATA)
