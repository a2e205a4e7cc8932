"""`t.data`: the numpy array, where a numpy method that PyTorch names with another meaning raises.

Each refused idiom is run on PyTorch too (when installed), to show the answer a learner's PyTorch
code expects, and that numpy's method would have given another number without an error.
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

import numpy as np
import pytest

import autograd_mini as am
from autograd_mini.engine.data_array import DataArray

try:
    import torch
except ImportError:  # pragma: no cover - torch is an optional oracle
    torch = None

OUT = [[0.1, 2.0, 0.3], [4.0, 0.5, 0.6], [0.7, 0.8, 9.0], [1.0, 0.2, 0.1]]

# (idiom, what the error must say to write instead); each idiom's numpy answer differs from PyTorch's
REFUSED = {
    "out.data.max(1)[1]": r"t\.argmax\(1\).*np\.max\(t\.data, axis=1\)",
    "out.data.max(axis=1)[1]": r"t\.argmax\(1\)",  # PyTorch reads axis= as dim=
    "out.data.min(1)[1]": r"t\.argmin\(1\)",
    "out.data.max(dim=1)[1]": r"t\.argmax\(1\)",
    "out.data.std()": r"ddof=1.*t\.std\(\)",
    "out.data.var(0)": r"ddof=1",
    "out.data.sort()": r"t\.sort\(\).*np\.sort\(t\.data\)",
    "out.data[0].repeat(2)": r"np\.tile.*np\.repeat",
    "out.data.transpose(0, 1)": r"t\.transpose\(0, 1\).*np\.swapaxes",
    "out.data.nonzero()": r"t\.nonzero\(\).*np\.argwhere",
    "out.data.view(-1)": r"t\.view\(-1\).*reshape\(-1\)",
}


def _torch_answer(idiom: str) -> list:
    out = torch.tensor(OUT, dtype=torch.float64)
    value = eval(idiom, {"out": out})
    return value.tolist() if hasattr(value, "tolist") else value


def _numpy_answer(idiom: str) -> object:
    out = np.array(OUT)
    try:
        value = eval(idiom.replace(".data", "").replace("dim=", "axis="), {"out": out})
    except (TypeError, ValueError) as error:  # numpy would have refused too: then there was no silent answer
        return f"numpy error: {error}"
    if value is None:
        return f"None, and out sorted in place: {out.tolist()}"
    return np.asarray(value).tolist()


@pytest.mark.parametrize("idiom", list(REFUSED))
def test_a_method_numpy_and_pytorch_mean_differently_raises_and_says_what_to_write(idiom: str) -> None:
    out = am.tensor(OUT)
    before = out.tolist()
    with pytest.raises(TypeError, match="t.data is the numpy array here.*" + REFUSED[idiom]):
        eval(idiom, {"out": out})
    assert out.tolist() == before  # (sort did not sort the tensor in place)
    if torch is not None:
        assert _numpy_answer(idiom) != _torch_answer(idiom)  # numpy's method would have answered otherwise


def test_the_refused_names_keep_their_numpy_meaning_when_asked_for_explicitly() -> None:
    out = am.tensor(OUT)
    d = out.data
    x = np.array(OUT)
    assert d.max() == 9.0 and d.min() == 0.1 and np.max(d, axis=1).tolist() == x.max(axis=1).tolist()
    assert d.std(ddof=0) == pytest.approx(x.std()) and d.var(ddof=1) == pytest.approx(x.var(ddof=1))
    assert d.std(0, ddof=1).tolist() == pytest.approx(x.std(0, ddof=1).tolist())
    assert d.std(unbiased=True) == pytest.approx(out.std().item()) and d.var(correction=0) == pytest.approx(x.var())
    assert d.transpose().shape == (3, 4) and d.T.shape == (3, 4) and d.transpose(1, 0).tolist() == x.T.tolist()
    assert d.view(np.int64).shape == (4, 3)  # numpy's view(dtype): the bits as another dtype
    # numpy's functions get the plain array and mean numpy's thing
    assert np.std(d) == pytest.approx(x.std()) and np.sort(d).tolist() == np.sort(x).tolist()
    assert np.unique(d).tolist() == np.unique(x).tolist() and np.repeat(d[0], 2).tolist() == np.repeat(x[0], 2).tolist()
    assert len(np.nonzero(d)) == 2 and type(np.concatenate([d, d])) is np.ndarray
    assert out.tolist() == x.tolist()


def test_full_reductions_of_data_are_numpy_scalars_as_for_any_array() -> None:
    d = am.tensor([1.0, -2.0, 3.0, 4.0]).data
    count = (d > 0).sum()
    assert type(count) is np.int64 and [0] * count == [0, 0, 0] and am.ones(count, 2).shape == (3, 2)
    assert type(d.max()) is np.float64 and type(d.mean()) is np.float64 and type(d + 1) is DataArray
    import collections
    assert np.stack(collections.deque([d, d])).shape == (2, 4)  # (a DataArray inside a sequence numpy must walk)


def test_pytorch_keywords_of_reductions_mean_the_same_on_data() -> None:
    d, x = am.tensor(OUT).data, np.array(OUT)
    assert d.sum(dim=1, keepdim=True).tolist() == x.sum(axis=1, keepdims=True).tolist()
    assert d.mean(dim=0).tolist() == pytest.approx(x.mean(axis=0).tolist())
    assert d.argmax(dim=1).tolist() == x.argmax(axis=1).tolist() == d.argmax(1).tolist()
    assert d.prod(dim=0).tolist() == pytest.approx(x.prod(axis=0).tolist()) and d.argmin(dim=1).tolist() == [0, 1, 0, 2]
    assert d.cumsum(dim=1).tolist() == x.cumsum(axis=1).tolist() and (d > 1).any(dim=1).tolist() == [True, True, True, False]
    assert (d > 0).all(dim=0, keepdim=True).shape == (1, 3)
    if torch is not None:
        t = torch.tensor(OUT, dtype=torch.float64)
        assert d.sum(dim=1, keepdim=True).tolist() == t.data.sum(dim=1, keepdim=True).tolist()
        assert d.argmax(dim=1).tolist() == t.data.argmax(dim=1).tolist()


def test_data_is_a_numpy_array_on_the_tensors_memory() -> None:
    w = am.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    d = w.data
    assert isinstance(d, np.ndarray) and isinstance(d, DataArray) and np.shares_memory(d, w.data)
    assert repr(d) == repr(np.array([[1.0, 2.0], [3.0, 4.0]])) and str(d) == str(np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert type(w.detach().numpy()) is np.ndarray and type(np.asarray(w.detach())) is np.ndarray
    for shared in (am.from_numpy(d), am.as_tensor(d)):  # a tensor made from .data holds the same memory
        assert np.shares_memory(shared.data, d) and type(shared.numpy()) is np.ndarray
    d[0, 0] = 10.0  # a write through .data is a write into w (not recorded, as in PyTorch)
    assert w[0, 0].item() == 10.0 and w.requires_grad and not d.requires_grad


def test_pytorch_methods_numpy_lacks_act_on_the_same_memory_as_in_pytorch() -> None:
    am.manual_seed(0)
    layer = am.nn.Linear(50, 40)
    weight = layer.weight
    returned = weight.data.normal_(0.0, 0.02)  # DCGAN's weights_init
    assert isinstance(returned, DataArray) and np.shares_memory(returned, weight.data)
    assert weight.data.std(ddof=1) == pytest.approx(0.02, rel=0.1) and abs(weight.data.mean()) < 0.002
    weight.data.uniform_(-0.1, 0.1)
    assert weight.data.min() >= -0.1 and weight.data.max() < 0.1 and weight.data.std(ddof=1) == pytest.approx(0.2 / 12 ** 0.5, rel=0.1)
    layer.bias.data.fill_(0.5)
    assert layer.bias.tolist() == [0.5] * 40 and layer.bias.requires_grad and layer.bias.is_leaf
    layer.bias.data.zero_()
    layer.bias.data.copy_(am.arange(40.0))
    assert layer.bias.tolist() == list(map(float, range(40)))
    layer.bias.data.clamp_(max=3.0)
    assert layer.bias.max().item() == 3.0
    predicted = layer(am.ones(2, 50)).data.cpu().numpy()
    assert type(predicted) is np.ndarray and predicted.shape == (2, 40)
    assert weight.data.size() == (40, 50) and weight.data.size(1) == 50 and weight.data.size == 2000
    assert weight.data.grad is None and weight.data.requires_grad is False  # (as PyTorch's .data)
    with pytest.raises(AttributeError, match="t.data is a numpy array here.*'no_such_method'"):
        weight.data.no_such_method()
    if torch is not None:
        theirs = torch.nn.Linear(50, 40)
        assert theirs.weight.data.normal_(0.0, 0.02) is not None and theirs.weight.data.size() == (40, 50)
        assert theirs.bias.data.fill_(0.5).tolist() == [0.5] * 40


def test_random_fills_in_place_follow_the_seed_and_refuse_a_leaf_that_requires_grad() -> None:
    am.manual_seed(3)
    a = am.zeros(1000).uniform_(-2.0, 3.0)
    am.manual_seed(3)
    b = am.zeros(1000).uniform_(-2.0, 3.0)
    assert a.tolist() == b.tolist() and a.min().item() >= -2.0 and a.max().item() < 3.0
    n = am.zeros(20000, dtype=am.float32).normal_(1.0, 2.0)
    assert n.dtype == am.float32 and n.mean().item() == pytest.approx(1.0, abs=0.05) and n.std().item() == pytest.approx(2.0, rel=0.03)
    w = am.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="normal_: a leaf Variable that requires grad"):
        w.normal_()
    with am.no_grad():
        w.uniform_()
    assert w.requires_grad and 0 <= w.min().item()
    if torch is not None:
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
            torch.zeros(3, requires_grad=True).normal_()


def test_indexing_the_data_of_a_single_number_says_to_use_item() -> None:
    loss = am.tensor([1.0, 3.0]).mean()
    with pytest.raises(IndexError, match=r"t.data\[0\]: invalid index of a 0-dim tensor.*t.item\(\)"):
        loss.data[0]  # PyTorch 0.3's loss.data[0]
    assert loss.data[()] == 2.0 and loss.data[...].shape == () and am.tensor([[1.0, 2.0]]).data[0, 1] == 2.0
    if torch is not None:
        with pytest.raises(IndexError, match="invalid index of a 0-dim tensor"):
            torch.tensor([1.0, 3.0]).mean().data[0]


def test_assigning_data_replaces_the_numbers_as_pytorch() -> None:
    w = am.tensor([1.0, 2.0], requires_grad=True)
    other = am.tensor([5.0, 6.0])
    w.data = other  # a Tensor: w now holds other's memory
    assert w.tolist() == [5.0, 6.0] and np.shares_memory(w.data, other.data) and w.requires_grad
    counts = am.zeros(2)
    counts.data = np.array([1, 2], dtype=np.int32)  # (an int32 array is stored as int64, the engine's integer dtype)
    assert counts.dtype == am.int64
    with pytest.raises(TypeError, match="numpy dtype <U1 is not supported"):
        w.data = np.array(["a", "b"])
    p = am.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="data set to a tensor that requires gradients must be floating point"):
        p.data = np.array([1, 2])
    p.data = [[3, 4]]  # a list makes floats, as Tensor([...])
    assert p.dtype == am.float64 and p.tolist() == [[3.0, 4.0]]
    with pytest.raises(AttributeError, match="t.data has no graph"):
        p.data.requires_grad_()
    if torch is not None:
        with pytest.raises(RuntimeError, match="data set to a tensor that requires gradients must be floating point"):
            torch.tensor([1.0, 2.0], requires_grad=True).data = torch.tensor([1, 2])


def test_code_written_for_numpy_gets_numpy_s_methods() -> None:
    """A library (installed under site-packages, or the standard library) that calls d.max(1) means numpy's."""
    d = am.tensor(OUT).data
    library_file = str(Path(sysconfig.get_paths()["purelib"]) / "some_numpy_library.py")
    scope = {"d": d}
    exec(compile("values = d.max(1); spread = d.std(); d.copy().sort(); tiled = d.repeat(2)", library_file, "exec"), scope)
    assert scope["values"].tolist() == np.array(OUT).max(1).tolist() and scope["spread"] == pytest.approx(np.std(OUT))
    assert scope["tiled"].shape == (24,)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, axes = plt.subplots()
    axes.plot(d[:, 0]), axes.scatter(d[:, 0], d[:, 1]), axes.hist(d.ravel()), axes.imshow(d), axes.boxplot(d)
    plt.close(figure)


def test_pytorch_s_positional_keepdim_and_flatten_on_data() -> None:
    d, x = am.tensor(OUT).data, np.array(OUT)
    assert d.sum(0, True).tolist() == x.sum(0, keepdims=True).tolist() and d.mean(1, True).shape == (4, 1)
    assert d.argmax(1, True).tolist() == [[1], [0], [2], [0]] and d.flatten().shape == (12,)
    with pytest.raises(TypeError, match=r"t.data.flatten\(1\).*t.flatten\(1\)"):
        d.flatten(1)
    if torch is not None:
        t = torch.tensor(OUT, dtype=torch.float64)
        assert t.data.sum(0, True).tolist() == d.sum(0, True).tolist()
        assert t.data.argmax(1, True).tolist() == d.argmax(1, True).tolist()
