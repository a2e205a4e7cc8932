"""`save(obj, path)` and `load(path)`, PyTorch's torch.save/torch.load, written without pickle.

A file is a numpy .npz archive: one array per tensor or numpy array, plus `manifest.json`, a JSON
description of the object around them (dicts, lists, tuples, numbers, strings). Reading it uses
`allow_pickle=False` and json, so loading a file never runs code, whoever wrote it. A file that
is not one of ours (damaged, empty, truncated, a real PyTorch .pt) gives one ValueError saying so.

`save("m")` writes exactly the file `m` (no suffix is added), so `load("m")` finds it. A save goes
to a temporary file in the same folder that is renamed over the target only once it is complete:
an interrupted save leaves the old file (or none), never half of a new one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from .engine.tensor import Tensor

__all__ = ["save", "load", "FORMAT"]

FORMAT = "autograd_mini"
VERSION = 1
MANIFEST = "manifest.json"
ARRAY_KINDS = "biuf"  # bool, int, unsigned, float: the dtypes numpy reads back without pickle

PathOrFile = "str | os.PathLike | BinaryIO"


# ------------------------------------------------------------------------- save
class _Writer:
    """Turns an object into a JSON-able description, collecting its arrays on the side."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, data: np.ndarray, what: str) -> str:
        if data.dtype.kind not in ARRAY_KINDS:
            raise TypeError(f"save: cannot save {what} with numpy dtype {data.dtype}; only bool, integer and float arrays.")
        name = f"a{len(self.arrays)}"
        self.arrays[name] = np.asarray(data, order="C")
        return name

    def describe(self, obj: Any, where: str) -> dict:
        if isinstance(obj, Tensor):
            from .nn import Parameter  # nn imports this package's engine; imported here to keep the layers apart

            return {"type": "parameter" if isinstance(obj, Parameter) else "tensor",
                    "array": self.array(np.asarray(obj._data), f"the tensor at {where}"),
                    "requires_grad": bool(obj.requires_grad)}
        if isinstance(obj, np.ndarray):
            return {"type": "ndarray", "array": self.array(obj, f"the array at {where}")}
        if obj is None or isinstance(obj, (bool, np.bool_, str)):
            return {"type": "value", "value": obj if obj is None or isinstance(obj, str) else bool(obj)}
        if isinstance(obj, (int, np.integer)):
            return {"type": "int", "value": str(int(obj))}  # as text: JSON readers may round big integers
        if isinstance(obj, (float, np.floating)):
            return {"type": "float", "value": repr(float(obj))}  # repr round-trips exactly, and says nan / inf
        if isinstance(obj, (list, tuple)):
            return {"type": "tuple" if isinstance(obj, tuple) else "list",  # a torch.Size or namedtuple comes back a tuple
                    "items": [self.describe(item, f"{where}[{i}]") for i, item in enumerate(obj)]}
        if isinstance(obj, dict):
            return {"type": "OrderedDict" if isinstance(obj, OrderedDict) else "dict",
                    "items": [[self.describe(key, f"a key of {where}"), self.describe(value, f"{where}[{key!r}]")]
                              for key, value in obj.items()]}
        hint = " Save model.state_dict() instead, and load it into a new model with load_state_dict()." \
            if hasattr(obj, "state_dict") else ""
        raise TypeError(f"save: cannot save {where}, a {type(obj).__name__}: only tensors, numpy arrays, numbers, strings, "
                        f"None and dicts / lists / tuples of them can be saved (without pickle).{hint}")


def save(obj: Any, f: PathOrFile) -> None:
    """Write `obj` (a tensor, a state dict, nested dicts/lists of tensors and numbers) to `f`, atomically."""
    writer = _Writer()
    manifest = {"format": FORMAT, "version": VERSION, "object": writer.describe(obj, "the object")}
    payload = {MANIFEST: np.frombuffer(json.dumps(manifest).encode("utf-8"), dtype=np.uint8), **writer.arrays}
    if hasattr(f, "write"):  # an open file or io.BytesIO: written in place, as torch.save does
        np.savez(f, allow_pickle=False, **payload)
        return
    path = Path(f)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"save: the folder {str(folder)!r} does not exist; create it first (Path(...).mkdir(parents=True)).")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, allow_pickle=False, **payload)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's file is private (0600); a saved model is an ordinary file
        os.replace(temporary, path)  # atomic: readers see the old file or the whole new one
    except BaseException:  # also KeyboardInterrupt: never leave the temporary file behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ------------------------------------------------------------------------- load
class _Reader:
    """Rebuilds an object from its description and the archive's arrays."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = arrays

    def array(self, name: Any) -> np.ndarray:
        if name not in self.arrays:
            raise _Damaged(f"the manifest names an array {name!r} that the file does not contain")
        return self.arrays[name]

    def build(self, node: Any) -> Any:
        if not isinstance(node, dict) or "type" not in node:
            raise _Damaged(f"unexpected entry {node!r:.80} in the manifest")
        kind = node["type"]
        if kind in ("tensor", "parameter"):
            data = self.array(node.get("array"))
            if kind == "parameter":
                from .nn import Parameter

                return Parameter(data)
            return Tensor(data, dtype=data.dtype, requires_grad=bool(node.get("requires_grad", False)))
        if kind == "ndarray":
            return self.array(node.get("array"))
        if kind == "value" and (node.get("value") is None or isinstance(node.get("value"), (bool, str))):
            return node["value"]
        if kind in ("int", "float") and isinstance(node.get("value"), str):
            try:
                return int(node["value"]) if kind == "int" else float(node["value"])
            except ValueError:
                raise _Damaged(f"{node['value']!r:.40} is not a number") from None
        items = node.get("items")
        if kind in ("list", "tuple") and isinstance(items, list):
            built = [self.build(item) for item in items]
            return built if kind == "list" else tuple(built)
        if kind in ("dict", "OrderedDict") and isinstance(items, list):
            if not all(isinstance(pair, list) and len(pair) == 2 for pair in items):
                raise _Damaged("a dict entry is not a (key, value) pair")
            pairs = [(self.build(key), self.build(value)) for key, value in items]
            try:
                return OrderedDict(pairs) if kind == "OrderedDict" else dict(pairs)
            except TypeError:
                raise _Damaged("a dict key is not hashable") from None
        raise _Damaged(f"unknown entry type {kind!r:.40} in the manifest")


class _Damaged(Exception):
    """The archive opened but its contents do not describe an object."""


RESAVE = "only files written by autograd_mini's save(obj, path) can be loaded; if this one was, it is damaged: save it again"
PICKLE = ("this engine never reads pickles, because unpickling can run code. "
          "To bring the numbers over, in PyTorch write them with numpy: numpy.savez('weights.npz', **{k: v.numpy() for k, "
          "v in model.state_dict().items()}); here, read them with numpy.load('weights.npz') and pass that dict to "
          "model.load_state_dict()")


def _not_ours(name: str, why: str, advice: str = RESAVE) -> ValueError:
    return ValueError(f"load: cannot read {name}: {why}; {advice}.")


def _foreign_zip(name: str, members: list[str]) -> ValueError:
    if any(m.endswith(".pkl") for m in members):
        return _not_ours(name, "it is a PyTorch file, a zip archive of pickles", PICKLE)
    if members and all(m.endswith(".npy") for m in members):  # plain numpy arrays, e.g. from model.save(path)
        return _not_ours(name, f"it holds numpy arrays without {MANIFEST} (a file from numpy.savez or model.save())",
                         "read it with model.load(path) or numpy.load(path), or write it with torch.save(obj, path)")
    return _not_ours(name, f"it is a zip archive without {MANIFEST} (its first entries are {members[:3]})")


def load(f: PathOrFile, map_location: Any = None, weights_only: bool | None = None) -> Any:
    """Read an object written by `save` (never runs code); `map_location` and `weights_only` are accepted for PyTorch code."""
    # Everything loads onto the CPU: a map_location that names it, or a function / dict (PyTorch's
    # `lambda storage, loc: storage` idiom), changes nothing; one that names a GPU is refused.
    if isinstance(map_location, str) and str(map_location).partition(":")[0] != "cpu":
        raise ValueError(f"load: map_location={map_location!r}: this engine runs on the CPU only; use map_location='cpu' or leave it out.")
    if hasattr(f, "read"):
        name, raw = repr(getattr(f, "name", "the file object")), f.read()
    else:
        path = Path(f)
        name = repr(str(path))
        if not path.exists():
            raise FileNotFoundError(f"load: no file at {name}; write one first with save(obj, {str(path)!r}).")
        if path.is_dir():
            raise IsADirectoryError(f"load: {name} is a folder, not a file written by save(obj, path).")
        raw = path.read_bytes()
    if not raw:
        raise _not_ours(name, "the file is empty")
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        if raw[:1] == b"\x80":  # pickle's first byte: a PyTorch file in the old (pre-zip) format
            raise _not_ours(name, "it is a PyTorch file in the old format", PICKLE)
        raise _not_ours(name, "it is not a zip archive, or it was cut short")
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
            members = list(archive.files)
            if MANIFEST not in members:
                raise _foreign_zip(name, zipfile.ZipFile(io.BytesIO(raw)).namelist())
            arrays = {k: archive[k] for k in members}
        text = arrays.pop(MANIFEST)
        if not isinstance(text, np.ndarray) or text.dtype != np.uint8 or text.ndim != 1:
            raise _Damaged(f"{MANIFEST} is not the manifest's bytes")
        if not all(isinstance(a, np.ndarray) for a in arrays.values()):
            raise _Damaged("an entry is not a numpy array")
        manifest = json.loads(text.tobytes().decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or "object" not in manifest:
            raise _Damaged("the manifest is not autograd_mini's")
        if manifest.get("version") != VERSION:
            raise _Damaged(f"format version {manifest.get('version')!r}, but this autograd_mini reads version {VERSION}")
        return _Reader(arrays).build(manifest["object"])
    except ValueError as error:
        if str(error).startswith("load: "):  # one of ours, from above
            raise
        raise _not_ours(name, f"its contents are damaged ({error})") from None
    except (_Damaged, OSError, EOFError, KeyError, zipfile.BadZipFile, TypeError, RecursionError) as error:
        raise _not_ours(name, f"its contents are damaged ({error})") from None
