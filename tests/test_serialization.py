"""save / load: round trips, atomic writes, and one clear ValueError for any file that is not ours."""

from __future__ import annotations

import io
import math
import os
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd_mini import Tensor, load, nn, optim, save
from autograd_mini import serialization

PROPERTY = settings(max_examples=25, deadline=None)


def state_dict_of(model: nn.Module) -> "OrderedDict[str, Tensor]":
    """The model's parameters as name -> Tensor (whatever state_dict() returns today)."""
    return OrderedDict((k, v if isinstance(v, Tensor) else Tensor(v)) for k, v in model.state_dict().items())


def assert_same(a, b) -> None:
    """Equal structure, types and values (tensors by dtype and value)."""
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, Tensor):
        assert a.dtype == b.dtype and a.shape == b.shape and a.requires_grad == b.requires_grad
        np.testing.assert_array_equal(np.asarray(a.data), np.asarray(b.data))
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            assert_same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    elif isinstance(a, float) and math.isnan(a):
        assert math.isnan(b)
    else:
        assert a == b


# ------------------------------------------------------------------ round trips
def test_state_dict_round_trip_into_a_new_model(tmp_path: Path) -> None:
    model, other = nn.Linear(3, 2), nn.Linear(3, 2)
    sd = state_dict_of(model)
    save(sd, tmp_path / "model.pth")
    loaded = load(tmp_path / "model.pth")
    assert isinstance(loaded, OrderedDict)
    assert_same(loaded, sd)
    other.load_state_dict(loaded)
    x = Tensor(np.random.default_rng(0).normal(size=(4, 3)))
    np.testing.assert_array_equal(other(x).data, model(x).data)


def test_checkpoint_dict_with_optimizer_state(tmp_path: Path) -> None:
    model = nn.Linear(2, 1)
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    checkpoint = {"model": state_dict_of(model), "epoch": 3, "loss": 0.25, "name": "run-1", "best": None,
                  "flags": [True, False], "shape": (2, 1), 7: "int key", "big": 2**70}
    if hasattr(opt, "state_dict"):
        checkpoint["optimizer"] = opt.state_dict()
    save(checkpoint, tmp_path / "ckpt.tar")
    assert_same(load(tmp_path / "ckpt.tar"), checkpoint)


def test_tensor_dtypes_shapes_and_requires_grad(tmp_path: Path) -> None:
    tensors = [Tensor(np.float32(1.5)), Tensor(np.zeros((0, 3))), Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True),
               Tensor(np.array([[np.nan, np.inf, -np.inf]], dtype=np.float32))]
    save(tensors, tmp_path / "t")
    assert_same(load(tmp_path / "t"), tensors)


def test_a_parameter_comes_back_as_a_parameter(tmp_path: Path) -> None:
    p = nn.Parameter(np.ones((2, 2)))
    save(p, tmp_path / "p")
    back = load(tmp_path / "p")
    assert isinstance(back, nn.Parameter) and back.requires_grad
    np.testing.assert_array_equal(back.data, p.data)


def test_numpy_arrays_and_numbers_keep_their_types(tmp_path: Path) -> None:
    obj = {"ints": np.arange(5, dtype=np.int64), "mask": np.array([True, False]), "f": float("nan"), "yes": np.bool_(True),
           "inf": float("-inf"), "i": np.int64(4), "x": np.float32(0.1)}
    save(obj, tmp_path / "np")
    back = load(tmp_path / "np")
    assert_same({k: back[k] for k in ("ints", "mask", "f", "inf")}, {k: obj[k] for k in ("ints", "mask", "f", "inf")})
    assert back["i"] == 4 and type(back["i"]) is int
    assert back["x"] == float(np.float32(0.1)) and type(back["x"]) is float
    assert back["yes"] is True


@PROPERTY
@given(hnp.arrays(dtype=st.sampled_from([np.float64, np.float32]), shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)),
       st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                    max_leaves=8))
def test_any_nesting_round_trips_in_memory(array: np.ndarray, extra) -> None:
    obj = {"tensor": Tensor(array), "extra": extra}
    buffer = io.BytesIO()
    save(obj, buffer)
    buffer.seek(0)
    assert_same(load(buffer), obj)


# --------------------------------------------------------------- file names
def test_save_and_load_name_the_same_file(tmp_path: Path) -> None:
    save({"a": 1}, tmp_path / "m")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]  # no suffix added, no temporary left
    assert load(str(tmp_path / "m")) == {"a": 1}
    save({"a": 2}, str(tmp_path / "m"))  # overwriting an existing file
    assert load(tmp_path / "m") == {"a": 2}


def test_a_saved_file_has_the_usual_permissions(tmp_path: Path) -> None:
    save({"a": 1}, tmp_path / "m")
    (tmp_path / "plain").write_bytes(b"")  # what open() makes under this process's umask
    assert (tmp_path / "m").stat().st_mode & 0o777 == (tmp_path / "plain").stat().st_mode & 0o777


def test_a_relative_path_in_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    save(Tensor([1.0]), "weights.pth")
    np.testing.assert_array_equal(load("weights.pth").data, [1.0])


def test_missing_file_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no file at"):
        load(tmp_path / "nothing.pth")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        save({"a": 1}, tmp_path / "no" / "such" / "folder.pth")


def test_what_cannot_be_saved_is_named(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"state_dict\(\)"):
        save(nn.Linear(2, 1), tmp_path / "model")
    with pytest.raises(TypeError, match="object"):
        save({"f": lambda: 0}, tmp_path / "f")
    with pytest.raises(TypeError, match="dtype object"):
        save(np.array([None, 1]), tmp_path / "o")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ atomic writes
def test_an_interrupted_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "model.pth"
    save({"version": "old"}, target)
    before = target.read_bytes()
    real_write_array = np.lib.format.write_array
    calls = []

    def write_then_die(fp, array, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # half-way through the archive: the first array is written
            raise KeyboardInterrupt
        return real_write_array(fp, array, *args, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", write_then_die)
    with pytest.raises(KeyboardInterrupt):
        save({"version": "new", "weights": Tensor(np.ones(1000))}, target)
    monkeypatch.undo()
    assert len(calls) == 2
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.pth"]  # the temporary file is gone
    assert load(target) == {"version": "old"}


def test_a_failed_rename_leaves_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        save({"a": 1}, tmp_path / "m")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------- files that are not ours
def written(tmp_path: Path) -> bytes:
    save({"model": state_dict_of(nn.Linear(4, 3)), "epoch": 1}, tmp_path / "good")
    return (tmp_path / "good").read_bytes()


def one_clear_error(path: Path, match: str) -> None:
    with pytest.raises(ValueError, match=match) as info:
        load(path)
    message = str(info.value)
    assert message.startswith("load: cannot read") and repr(str(path)) in message
    assert info.value.__cause__ is None  # no numpy / zipfile traceback underneath
    assert info.value.__context__ is None or info.value.__suppress_context__


@pytest.mark.parametrize("cut", [0, 1, 10, 100, -200, -22, -1])
def test_empty_or_truncated_files(tmp_path: Path, cut: int) -> None:
    good = written(tmp_path)
    bad = tmp_path / "bad.pth"
    bad.write_bytes(good[:cut])
    one_clear_error(bad, "empty" if cut == 0 else "cut short|damaged")


def test_damaged_bytes_inside(tmp_path: Path) -> None:
    good = bytearray(written(tmp_path))
    for position in range(40, len(good) - 100, max(1, len(good) // 25)):
        damaged = good.copy()
        damaged[position] ^= 0xFF
        bad = tmp_path / "bad.pth"
        bad.write_bytes(bytes(damaged))
        try:
            load(bad)  # a flipped byte in a number may still read as a number: the file is then valid
        except ValueError as error:
            assert str(error).startswith("load: cannot read")


def test_foreign_files(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    one_clear_error(text, "not a zip")
    plain = tmp_path / "plain.npz"
    np.savez(plain, weight=np.ones(3))
    one_clear_error(plain, r"without manifest.json.*model.load\(path\)")
    other_zip = tmp_path / "notes.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("notes.txt", "hello")
    one_clear_error(other_zip, r"without manifest.json \(its first entries are \['notes.txt'\]\)")
    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("manifest.json.npy", b"not an array")
    one_clear_error(other_zip, "damaged")


def test_a_manifest_that_lies_is_refused(tmp_path: Path) -> None:
    def with_manifest(text: str) -> Path:
        path = tmp_path / "lie"
        with open(path, "wb") as out:
            np.savez(out, **{"manifest.json": np.frombuffer(text.encode(), dtype=np.uint8), "a0": np.ones(2)})
        return path

    one_clear_error(with_manifest('{"format": "other"}'), "not autograd_mini's")
    one_clear_error(with_manifest('{"format": "autograd_mini", "version": 99, "object": {}}'), "version 99")
    one_clear_error(with_manifest('{"format": "autograd_mini", "version": 1, "object": {"type": "tensor", "array": "a9"}}'), "a9")
    one_clear_error(with_manifest('{"format": "autograd_mini", "version": 1, "object": {"type": "exec"}}'), "unknown entry")
    one_clear_error(with_manifest("[1, 2"), "damaged")


def test_real_pytorch_files_are_refused_with_what_to_do(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    new_format, old_format = tmp_path / "model.pt", tmp_path / "old.pt"
    torch.save(torch.nn.Linear(2, 1).state_dict(), new_format)
    torch.save({"a": torch.ones(2)}, old_format, _use_new_zipfile_serialization=False)
    for path in (new_format, old_format):
        one_clear_error(path, "PyTorch file")
        with pytest.raises(ValueError, match="numpy.savez"):
            load(path)


def test_loading_never_unpickles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    def forbidden(*args, **kwargs):
        raise AssertionError("load used pickle")

    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "loads", forbidden)
    monkeypatch.setattr(pickle, "Unpickler", forbidden)
    written(tmp_path)
    assert load(tmp_path / "good")["epoch"] == 1
    assert serialization.ARRAY_KINDS == "biuf"


def test_map_location(tmp_path: Path) -> None:
    save({"a": 1}, tmp_path / "m")
    assert load(tmp_path / "m", map_location="cpu", weights_only=True) == {"a": 1}
    assert load(tmp_path / "m", map_location=lambda storage, location: storage) == {"a": 1}
    from autograd_mini import device

    assert load(tmp_path / "m", map_location=device("cpu")) == {"a": 1}
    with pytest.raises(ValueError, match="CPU only"):
        load(tmp_path / "m", map_location="cuda:0")


@pytest.mark.parametrize("make", [lambda p: optim.Adam(p, lr=0.05), lambda p: optim.RMSprop(p, lr=0.01, momentum=0.5),
                                  lambda p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)])
def test_resuming_from_a_checkpoint_takes_the_same_steps(tmp_path: Path, make) -> None:
    x = Tensor(np.random.default_rng(0).normal(size=(8, 3)))
    y = Tensor(np.random.default_rng(1).normal(size=(8, 1)))

    def steps(model: nn.Module, opt, n: int) -> None:
        for _ in range(n):
            opt.zero_grad()
            ((model(x) - y) ** 2).mean().backward()
            opt.step()

    model = nn.Linear(3, 1)
    opt = make(model.parameters())
    scheduler = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    steps(model, opt, 3)
    scheduler.step()
    save({"model": model.state_dict(), "optimizer": opt.state_dict(), "scheduler": scheduler.state_dict(), "epoch": 3},
         tmp_path / "ckpt.pt")
    checkpoint = load(tmp_path / "ckpt.pt")
    resumed = nn.Linear(3, 1)
    resumed.load_state_dict(checkpoint["model"])
    resumed_opt = make(resumed.parameters())
    resumed_opt.load_state_dict(checkpoint["optimizer"])
    resumed_scheduler = optim.lr_scheduler.StepLR(resumed_opt, step_size=2, gamma=0.5)
    resumed_scheduler.load_state_dict(checkpoint["scheduler"])
    for _ in range(2):
        steps(model, opt, 2)
        steps(resumed, resumed_opt, 2)
        scheduler.step()
        resumed_scheduler.step()
    assert resumed_scheduler.get_last_lr() == scheduler.get_last_lr()
    for a, b in zip(resumed.parameters(), model.parameters()):
        np.testing.assert_array_equal(a.data, b.data)
