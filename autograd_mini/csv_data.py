"""Your own data from a CSV file: numeric feature columns and a label column, checked line by line.

`load_csv("flowers.csv")` reads a header line, then one point per line. Labels may be numbers or
names; they become classes 0..K-1 (sorted) and the mapping is kept. Features are standardised
(each column minus its mean, divided by its standard deviation) so that one learning rate suits
every column; `CsvData.mean` and `.scale` say how, so pictures can be drawn in the file's units.
Every problem is one CsvError naming the line and the column.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["CsvData", "CsvError", "load_csv"]


class CsvError(ValueError):
    """A CSV file that cannot be used as it is; the message names the line and the column."""


@dataclass
class CsvData:
    """The points of a CSV file: X standardised, `raw` in the file's units, y as classes 0..K-1."""

    X: np.ndarray
    y: np.ndarray
    raw: np.ndarray
    feature_names: list[str]
    label_name: str
    classes: list[str]
    mean: np.ndarray
    scale: np.ndarray
    path: Path

    def standardize(self, points: np.ndarray) -> np.ndarray:
        """Points in the file's units -> the standardised units the model trains on."""
        return (np.asarray(points, dtype=np.float64) - self.mean) / self.scale

    def unstandardize(self, points: np.ndarray) -> np.ndarray:
        """Standardised points -> the file's units."""
        return np.asarray(points, dtype=np.float64) * self.scale + self.mean

    def describe(self) -> str:
        """What was read: points, features, the class of each label, and the scaling."""
        classes = ", ".join(f"{k}={name}" for k, name in enumerate(self.classes))
        scaling = "; ".join(f"{f} -> ({f} - {m:.4g}) / {s:.4g}" for f, m, s in zip(self.feature_names, self.mean, self.scale))
        return (f"read {len(self.X)} points from {self.path.name}: features {', '.join(self.feature_names)}; "
                f"label column {self.label_name!r} with {len(self.classes)} classes ({classes})\n"
                f"features standardised: {scaling}")


def load_csv(path: "str | Path", label_column: "str | None" = None) -> CsvData:
    """Read a CSV file with a header: two or more numeric feature columns and a label column (default: the last)."""
    path = Path(path)
    rows = _read_rows(path)
    header, body = rows[0], rows[1:]
    names = [name.strip() for name in header[1]]
    if len(names) < 3:
        raise CsvError(f"{path}, line {header[0]}: the header names {len(names)} column(s) ({', '.join(names)}); "
                       f"a classifier needs at least two numeric feature columns and a label column.")
    if len(set(names)) != len(names) or "" in names:
        raise CsvError(f"{path}, line {header[0]}: every column needs its own name; the header is {', '.join(map(repr, names))}.")
    if not body:
        raise CsvError(f"{path}: line {header[0]} is the header, but no data lines follow it; add one line per point.")
    label_at = _label_index(path, names, label_column)
    features = [i for i in range(len(names)) if i != label_at]
    values = np.empty((len(body), len(features)))
    labels: list[str] = []
    for row, (line, fields) in enumerate(body):
        if len(fields) != len(names):
            raise CsvError(f"{path}, line {line}: {len(fields)} value(s), but the header names {len(names)} columns "
                           f"({', '.join(names)}).")
        for column, i in enumerate(features):
            values[row, column] = _number(path, line, names[i], fields[i])
        label = fields[label_at].strip()
        if not label:
            raise CsvError(f"{path}, line {line}, column {names[label_at]!r}: the label is missing; "
                           f"every point needs its class.")
        labels.append(label)
    classes, y = _classes(labels)
    if len(classes) < 2:
        raise CsvError(f"{path}, column {names[label_at]!r}: every line has the same label ({classes[0]!r}); "
                       f"a classifier needs at least two classes to tell apart.")
    mean = values.mean(axis=0)
    scale = values.std(axis=0)
    scale[scale == 0] = 1.0  # a constant column stays as it is (it tells no class from another)
    return CsvData(X=(values - mean) / scale, y=y, raw=values, feature_names=[names[i] for i in features],
                   label_name=names[label_at], classes=classes, mean=mean, scale=scale, path=path)


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, fields) for every non-blank line; the first is the header."""
    if not path.exists():
        raise CsvError(f"no file at {path}: check the path (relative paths start in {Path.cwd()}).")
    if path.is_dir():
        raise CsvError(f"{path} is a folder, not a CSV file.")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = [(number, fields) for number, fields in enumerate(csv.reader(handle), start=1)
                    if any(field.strip() for field in fields)]
    except UnicodeDecodeError as error:
        raise CsvError(f"{path} is not a text file in UTF-8 (byte {error.start} cannot be read): "
                       f"save it as CSV (UTF-8) from your spreadsheet.") from None
    except csv.Error as error:
        raise CsvError(f"{path}: not a readable CSV file ({error}).") from None
    if not rows:
        raise CsvError(f"{path} is empty: expected a header line naming the columns, then one line per point.")
    return rows


def _label_index(path: Path, names: list[str], label_column: "str | None") -> int:
    if label_column is None:
        return len(names) - 1
    if label_column not in names:
        raise CsvError(f"{path}: no column named {label_column!r}; the columns are {', '.join(map(repr, names))}.")
    return names.index(label_column)


def _number(path: Path, line: int, column: str, text: str) -> float:
    text = text.strip()
    if not text:
        raise CsvError(f"{path}, line {line}, column {column!r}: the value is missing; fill it in or drop the line.")
    try:
        value = float(text)
    except ValueError:
        raise CsvError(f"{path}, line {line}, column {column!r}: {text!r} is not a number; feature columns hold "
                       f"numbers only (the label column may hold names).") from None
    if not math.isfinite(value):
        raise CsvError(f"{path}, line {line}, column {column!r}: {text!r} is not a finite number; "
                       f"repair or drop that line.")
    return value


def _classes(labels: list[str]) -> tuple[list[str], np.ndarray]:
    """Class names in order (numerically when every label is a number) and each label's class 0..K-1."""
    try:
        numeric = {label: float(label) for label in labels}
    except ValueError:
        numeric = None
    if numeric is not None and all(math.isfinite(v) for v in numeric.values()):
        names = sorted(set(labels), key=lambda label: numeric[label])
    else:
        names = sorted(set(labels))
    index = {name: k for k, name in enumerate(names)}
    return names, np.array([index[label] for label in labels], dtype=np.float64)
