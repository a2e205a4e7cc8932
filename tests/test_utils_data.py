"""utils.data: Dataset, TensorDataset, Subset, random_split, DataLoader and default_collate, beside torch.utils.data."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd_mini as am
from autograd_mini import Tensor
from autograd_mini.utils.data import DataLoader, Dataset, Subset, TensorDataset, default_collate, random_split

PROPERTY = settings(max_examples=30, deadline=None)


def features(n: int, d: int = 2) -> Tensor:
    return Tensor(np.arange(n * d, dtype=np.float64).reshape(n, d))


class Squares(Dataset):
    """A map-style dataset written the PyTorch way: (array of features, Python int label)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, i: int):
        return np.array([i, i * i], dtype=np.float64), i % 3

    def __len__(self) -> int:
        return self.n


# ------------------------------------------------------------------ datasets
def test_tensor_dataset_items_are_rows() -> None:
    X, y = features(5), Tensor(np.arange(5.0))
    ds = TensorDataset(X, y)
    assert len(ds) == 5
    x2, y2 = ds[2]
    np.testing.assert_array_equal(x2.data, [4.0, 5.0])
    assert y2.item() == 2.0 and y2.shape == ()


def test_tensor_dataset_errors_name_the_shapes() -> None:
    with pytest.raises(ValueError, match=r"same size in their first dimension.*\(5, 2\).*\(4,\)"):
        TensorDataset(features(5), Tensor(np.zeros(4)))
    with pytest.raises(ValueError, match="at least one tensor"):
        TensorDataset()
    with pytest.raises(ValueError, match="first dimension"):
        TensorDataset(Tensor(1.0))


def test_a_dataset_without_getitem_says_what_to_define() -> None:
    class Empty(Dataset):
        pass

    with pytest.raises(NotImplementedError, match="__getitem__"):
        Empty()[0]


# ---------------------------------------------------------------- DataLoader
@PROPERTY
@given(st.integers(1, 40), st.integers(1, 12), st.booleans(), st.booleans())
def test_every_sample_once_per_epoch(n: int, batch_size: int, shuffle: bool, drop_last: bool) -> None:
    X = features(n)
    loader = DataLoader(TensorDataset(X, Tensor(np.arange(float(n)))), batch_size=batch_size, shuffle=shuffle, drop_last=drop_last)
    batches = list(loader)
    assert len(batches) == len(loader) == (n // batch_size if drop_last else -(-n // batch_size))
    seen = np.concatenate([yb.data for _, yb in batches]) if batches else np.array([])
    full = n if not drop_last else (n // batch_size) * batch_size
    assert len(seen) == full and len(set(seen.tolist())) == full
    for xb, yb in batches:
        assert xb.shape[1:] == (2,) and xb.shape[0] == yb.shape[0] <= batch_size
        np.testing.assert_array_equal(xb.data, X.data[yb.data.astype(int)])  # rows stay paired with their labels
    if not shuffle:
        np.testing.assert_array_equal(seen, np.arange(full))


def test_shuffle_is_new_each_epoch_and_reproducible_from_the_seed() -> None:
    ds = TensorDataset(Tensor(np.arange(50.0)))

    def two_epochs(loader: DataLoader) -> list[np.ndarray]:
        return [np.concatenate([b[0].data for b in loader]) for _ in range(2)]

    am.manual_seed(1)
    first = two_epochs(DataLoader(ds, batch_size=8, shuffle=True))
    am.manual_seed(1)
    again = two_epochs(DataLoader(ds, batch_size=8, shuffle=True))
    assert not np.array_equal(first[0], first[1])
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    g1, g2 = am.Generator().manual_seed(5), am.Generator().manual_seed(5)
    np.testing.assert_array_equal(two_epochs(DataLoader(ds, 8, shuffle=True, generator=g1))[0],
                                  two_epochs(DataLoader(ds, 8, shuffle=True, generator=g2))[0])


def test_the_fast_path_equals_collating_sample_by_sample() -> None:
    X, y = features(7), Tensor(np.arange(7.0) % 2)

    class SampleBySample(Dataset):  # the same data, without TensorDataset's batch shortcut
        def __getitem__(self, i):
            return X[i], y[i]

        def __len__(self):
            return 7

    for a, b in zip(DataLoader(TensorDataset(X, y), batch_size=3), DataLoader(SampleBySample(), batch_size=3)):
        assert isinstance(a, list) and isinstance(b, list) and len(a) == len(b) == 2
        for ta, tb in zip(a, b):
            assert ta.dtype == tb.dtype and ta.shape == tb.shape
            np.testing.assert_array_equal(ta.data, tb.data)


def test_gradients_flow_from_batches_back_to_the_dataset() -> None:
    X = Tensor(np.ones((5, 2)), requires_grad=True)
    total = None
    for (xb,) in DataLoader(TensorDataset(X), batch_size=2):
        part = (xb * 3.0).sum()
        total = part if total is None else total + part
    total.backward()
    np.testing.assert_array_equal(np.asarray(X.grad.data if isinstance(X.grad, Tensor) else X.grad), np.full((5, 2), 3.0))


def test_custom_dataset_collates_arrays_and_int_labels() -> None:
    xb, yb = next(iter(DataLoader(Squares(10), batch_size=4)))
    np.testing.assert_array_equal(xb.data, [[0, 0], [1, 1], [2, 4], [3, 9]])
    assert xb.dtype == np.float64
    assert yb.dtype == np.int64 and yb.data.tolist() == [0, 1, 2, 0]  # Python ints -> int64, as in PyTorch


def test_default_collate_kinds() -> None:
    assert default_collate([1.5, 2.5]).dtype == np.float64
    assert default_collate([True, False]).dtype == np.bool_
    assert default_collate(["a", "b"]) == ["a", "b"]
    batch = default_collate([{"x": np.zeros(2), "name": "a"}, {"x": np.ones(2), "name": "b"}])
    assert batch["name"] == ["a", "b"] and batch["x"].shape == (2, 2)
    with pytest.raises(ValueError, match="same number of parts"):
        default_collate([(1, 2), (1,)])
    with pytest.raises(TypeError, match="collate_fn"):
        default_collate([object()])


def test_collate_fn_batch_size_none_and_sampler() -> None:
    ds = TensorDataset(Tensor(np.arange(6.0)))
    assert list(DataLoader(ds, batch_size=4, collate_fn=len)) == [4, 2]
    samples = list(DataLoader(ds, batch_size=None))
    assert len(samples) == 6 and samples[3][0].item() == 3.0
    ordered = [b[0].data.tolist() for b in DataLoader(ds, batch_size=2, sampler=[5, 4, 3, 2, 1, 0])]
    assert ordered == [[5.0, 4.0], [3.0, 2.0], [1.0, 0.0]]


def test_dataloader_errors() -> None:
    ds = TensorDataset(features(3))
    with pytest.raises(ValueError, match="empty"):
        DataLoader(TensorDataset(Tensor(np.zeros((0, 2)))))
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="batch_size"):
            DataLoader(ds, batch_size=bad)
    with pytest.raises(TypeError, match="shuffle"):
        DataLoader(ds, shuffle="yes")
    with pytest.raises(TypeError, match="__getitem__"):
        DataLoader(42)
    with pytest.raises(ValueError, match="sampler and shuffle"):
        DataLoader(ds, sampler=[0, 1], shuffle=True)
    with pytest.raises(TypeError, match="batchsize"):
        DataLoader(ds, batchsize=2)
    assert len(DataLoader(ds, batch_size=2, num_workers=2, pin_memory=True, persistent_workers=True)) == 2


# --------------------------------------------------------------- splitting
def test_random_split_lengths_and_fractions() -> None:
    ds = TensorDataset(Tensor(np.arange(10.0)))
    train, test = random_split(ds, [7, 3], generator=am.Generator().manual_seed(0))
    assert (len(train), len(test)) == (7, 3) and isinstance(train, Subset)
    values = sorted(train[i][0].item() for i in range(7)) + sorted(test[i][0].item() for i in range(3))
    assert sorted(values) == list(range(10))
    again = random_split(ds, [7, 3], generator=am.Generator().manual_seed(0))
    assert again[0].indices == train.indices
    assert [len(s) for s in random_split(ds, [0.5, 0.3, 0.2])] == [5, 3, 2]
    with pytest.raises(ValueError, match="add up to 9"):
        random_split(ds, [6, 3])
    with pytest.raises(ValueError, match="fractions"):
        random_split(ds, [0.5, 0.6])


def test_a_subset_batches_through_its_dataset() -> None:
    X = features(6)
    sub = Subset(TensorDataset(X), [5, 0, 3])
    (batch,) = next(iter(DataLoader(sub, batch_size=3)))
    np.testing.assert_array_equal(batch.data, X.data[[5, 0, 3]])
    assert len(sub) == 3 and len(sub[[0, 1]]) == 2


def test_a_subclass_that_overrides_getitem_is_batched_from_its_own_samples() -> None:
    X, y = features(4), Tensor(np.arange(4.0))

    class Doubled(TensorDataset):  # a common way to add augmentation or a transform
        def __getitem__(self, i):
            x, label = super().__getitem__(i)
            return x * 2, label

    class Reversed(Subset):
        def __getitem__(self, i):
            return super().__getitem__(len(self) - 1 - i)

    (xb, yb) = next(iter(DataLoader(Doubled(X, y), batch_size=4)))
    np.testing.assert_array_equal(xb.data, 2 * X.data)
    (xb,) = next(iter(DataLoader(Reversed(TensorDataset(X), [0, 1, 2]), batch_size=3)))
    np.testing.assert_array_equal(xb.data, X.data[[2, 1, 0]])


# -------------------------------------------------------------- beside torch
@pytest.mark.torch
@pytest.mark.parametrize("n", [1, 2, 3, 7, 10, 11, 99])
def test_fraction_lengths_match_torch(n: int) -> None:
    torch = pytest.importorskip("torch")
    for fractions in ([0.8, 0.2], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.25, 0.25], [0.1, 0.9]):
        with warnings.catch_warnings(record=True) as theirs_warned:
            warnings.simplefilter("always")
            expected = [len(s) for s in torch.utils.data.random_split(range(n), fractions)]
        with warnings.catch_warnings(record=True) as ours_warned:
            warnings.simplefilter("always")
            assert [len(s) for s in random_split(list(range(n)), fractions)] == expected
        assert len(ours_warned) == len(theirs_warned) == expected.count(0)  # an empty split is warned about, as there


@pytest.mark.torch
def test_batches_match_torch_without_shuffle() -> None:
    torch = pytest.importorskip("torch")
    X = np.random.default_rng(0).normal(size=(10, 3))
    ours = list(DataLoader(Squares(10), batch_size=4, drop_last=False))

    class TorchSquares(torch.utils.data.Dataset):
        def __getitem__(self, i):
            return Squares(10)[i]

        def __len__(self):
            return 10

    theirs = list(torch.utils.data.DataLoader(TorchSquares(), batch_size=4))
    assert len(ours) == len(theirs)
    for (xa, ya), (xb, yb) in zip(ours, theirs):
        np.testing.assert_array_equal(xa.data, xb.numpy())
        np.testing.assert_array_equal(ya.data, yb.numpy())
        assert str(ya.dtype) == str(yb.dtype).replace("torch.", "") and str(xa.dtype) == str(xb.dtype).replace("torch.", "")
    ours_td = list(DataLoader(TensorDataset(Tensor(X)), batch_size=3, drop_last=True))
    theirs_td = list(torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.tensor(X)), batch_size=3, drop_last=True))
    assert type(ours_td[0]) is type(theirs_td[0]) is list
    for (a,), (b,) in zip(ours_td, theirs_td):
        np.testing.assert_array_equal(a.data, b.numpy())
