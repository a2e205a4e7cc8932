"""The tensor engine's dtypes and its one promotion rule, PyTorch's `torch.result_type`.

Four dtypes, each a numpy dtype (so `t.dtype == np.float32` and `t.dtype == float32` both hold):

    float64 (the default for floats, also `double`), float32 (`float`), int64 (`long`), `bool_`.

Other numpy integer arrays become int64; float16 and complex numbers are refused.

Promotion, as PyTorch does it: the kinds rank bool < integer < float. An op's result has the
highest kind among its operands, and within that kind the widest dtype, except that operands of
lower priority cannot widen it: a dimensioned tensor outranks a 0-d tensor, which outranks a
Python number. So float32 * 2.5 stays float32, int64 * 2.5 is the default float (float64),
float32 + float64 (both dimensioned) is float64, and float32 [3] + float64 () stays float32.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

__all__ = ["float32", "float64", "int64", "bool_", "long", "double", "float", "DEFAULT_FLOAT",
           "as_dtype", "is_floating_point", "result_type", "scalar_dtype", "can_cast"]

float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
int64 = np.dtype(np.int64)
bool_ = np.dtype(np.bool_)
long = int64
double = float64
float = float32  # noqa: A001 (PyTorch's name: torch.float is float32)
DEFAULT_FLOAT = float64  # this project's default float dtype (PyTorch's is float32; README says why)

SUPPORTED = (float64, float32, int64, bool_)
_BY_NAME = {
    "float64": float64, "double": float64, "float32": float32, "float": float32,
    "int64": int64, "long": int64, "bool": bool_,
}
_BY_PYTHON_TYPE = {builtins.float: float64, builtins.int: int64, builtins.bool: bool_}  # as torch.tensor(..., dtype=float)
_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2}


def as_dtype(dtype: Any) -> np.dtype:
    """One of the four supported dtypes, from a dtype, a numpy type, a name like "float32" or "long", or float/int/bool."""
    if isinstance(dtype, str):
        name = dtype.removeprefix("torch.")
        if name in _BY_NAME:
            return _BY_NAME[name]
    elif isinstance(dtype, type) and dtype in _BY_PYTHON_TYPE:
        return _BY_PYTHON_TYPE[dtype]
    else:
        try:
            candidate = np.dtype(dtype)
        except TypeError:
            candidate = None
        if candidate is not None and candidate in SUPPORTED:  # (numpy reads `dtype == None` as float64)
            return candidate
    raise TypeError(
        f"dtype {dtype!r} is not supported: use float64 (the default, also 'double'), float32 ('float'), "
        f"int64 ('long') or bool."
    )


def storage_dtype(array_dtype: np.dtype) -> np.dtype:
    """The supported dtype that an array of `array_dtype` is stored as when no dtype= is given."""
    if array_dtype in SUPPORTED:
        return array_dtype
    kind = array_dtype.kind
    if kind in "iu":
        return int64
    raise TypeError(
        f"numpy dtype {array_dtype} is not supported: tensors hold float64, float32, int64 or bool "
        f"(convert first, e.g. array.astype(np.float32))."
    )


def is_floating_point(dtype: np.dtype) -> bool:
    """True for float32 and float64: the dtypes that can carry a gradient."""
    return dtype.kind == "f"


def scalar_dtype(tensor_dtype: np.dtype, number: Any) -> np.dtype:
    """The result dtype of (a tensor of `tensor_dtype`) op (a Python number): the number widens only the kind."""
    number_kind = "b" if isinstance(number, (builtins.bool, np.bool_)) else "i" if isinstance(number, (builtins.int, np.integer)) else "f"
    if _KIND_RANK[number_kind] <= _KIND_RANK[tensor_dtype.kind]:
        return tensor_dtype
    return {"i": int64, "f": DEFAULT_FLOAT}[number_kind]


def result_type(a: np.ndarray, b: np.ndarray) -> np.dtype:
    """The dtype of an op on two tensors' arrays, as torch.result_type (0-d arrays rank below dimensioned ones)."""
    da, db = a.dtype, b.dtype
    if da == db:
        return da
    rank_a, rank_b = _KIND_RANK[da.kind], _KIND_RANK[db.kind]
    if (a.ndim == 0) == (b.ndim == 0):  # same priority: highest kind, then widest
        if rank_a != rank_b:
            return da if rank_a > rank_b else db
        return np.promote_types(da, db)
    dimensioned, zero_d = (da, db) if b.ndim == 0 else (db, da)
    # A 0-d tensor decides the dtype only when it brings a higher kind (int [3] + float32 () is float32).
    return zero_d if _KIND_RANK[zero_d.kind] > _KIND_RANK[dimensioned.kind] else dimensioned


def common_dtype(arrays: "list[np.ndarray]") -> np.dtype:
    """The dtype of joining arrays of equal standing (torch.cat, torch.stack): the highest kind, then the widest."""
    top = max(_KIND_RANK[a.dtype.kind] for a in arrays)
    return np.result_type(*(a.dtype for a in arrays if _KIND_RANK[a.dtype.kind] == top))


def can_cast(result: np.dtype, into: np.dtype) -> bool:
    """Whether an in-place op may write a `result`-dtype value into an `into` tensor (never to a lower kind)."""
    return _KIND_RANK[result.kind] <= _KIND_RANK[into.kind]
