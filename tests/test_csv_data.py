"""Your own data: load_csv reads numbers and labels, standardises, and names the line and column of every problem."""

from __future__ import annotations

import numpy as np
import pytest

from autograd_mini import data
from autograd_mini.csv_data import CsvError, load_csv


def write(tmp_path, text: str, name: str = "points.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_numbers_and_names_become_classes_and_features_are_standardised(tmp_path):
    path = write(tmp_path, "height,width,kind\n1.0,10,cat\n2.0,20,dog\n3.0,30,cat\n\n4.0,40,bird\n")
    points = load_csv(path)
    assert points.feature_names == ["height", "width"] and points.label_name == "kind"
    assert points.classes == ["bird", "cat", "dog"]  # sorted names -> classes 0, 1, 2
    assert points.y.tolist() == [1.0, 2.0, 1.0, 0.0]
    np.testing.assert_allclose(points.raw, [[1, 10], [2, 20], [3, 30], [4, 40]])
    np.testing.assert_allclose(points.X.mean(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(points.X.std(axis=0), 1.0)
    np.testing.assert_allclose(points.unstandardize(points.X), points.raw)
    np.testing.assert_allclose(points.standardize(points.raw), points.X)
    assert "(height - 2.5) / 1.118" in points.describe() and "0=bird, 1=cat, 2=dog" in points.describe()


def test_numeric_labels_sort_as_numbers_and_the_label_column_can_be_named(tmp_path):
    path = write(tmp_path, "label,a,b\n10,0,1\n2,1,0\n10,2,2\n")
    points = load_csv(path, label_column="label")
    assert points.classes == ["2", "10"] and points.y.tolist() == [1.0, 0.0, 1.0]
    assert points.feature_names == ["a", "b"]
    assert data.load_csv is load_csv  # also reachable as data.load_csv


@pytest.mark.parametrize("text, words", [
    ("", "is empty: expected a header line"),
    ("x1,x2,label\n", "line 1 is the header, but no data lines follow it"),
    ("x1,x2,label\n1,2,a\n3,abc,b\n", "line 3, column 'x2': 'abc' is not a number"),
    ("x1,x2,label\n1,2,a\n3,4,\n", "line 3, column 'label': the label is missing"),
    ("x1,x2,label\n1,2,a\n3,4,a\n", "column 'label': every line has the same label ('a')"),
    ("x1,x2,label\n1,2,a\nnan,4,b\n", "line 3, column 'x1': 'nan' is not a finite number"),
    ("x1,x2,label\n1,2,a\n3,inf,b\n", "line 3, column 'x2': 'inf' is not a finite number"),
    ("x1,x2,label\n1,2,a\n3,,b\n", "line 3, column 'x2': the value is missing"),
    ("x1,x2,label\n1,2,a\n3,4\n", "line 3: 2 value(s), but the header names 3 columns"),
    ("x1,label\n1,a\n2,b\n", "line 1: the header names 2 column(s) (x1, label); a classifier needs at least two numeric"),
    ("x,x,label\n1,2,a\n", "every column needs its own name"),
])
def test_every_bad_file_gets_one_error_naming_line_and_column(tmp_path, text, words):
    path = write(tmp_path, text)
    with pytest.raises(CsvError) as info:
        load_csv(path)
    assert words in str(info.value) and str(path) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_missing_file_folder_unknown_column_and_binary_file(tmp_path):
    with pytest.raises(CsvError, match="no file at .*nothing.csv: check the path"):
        load_csv(tmp_path / "nothing.csv")
    with pytest.raises(CsvError, match="is a folder, not a CSV file"):
        load_csv(tmp_path)
    path = write(tmp_path, "x1,x2,label\n1,2,a\n3,4,b\n")
    with pytest.raises(CsvError, match="no column named 'species'; the columns are 'x1', 'x2', 'label'"):
        load_csv(path, label_column="species")
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(CsvError, match="not a text file in UTF-8"):
        load_csv(binary)


def test_a_spreadsheet_bom_and_quotes_are_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes('\ufeff"x 1","x 2",species\n1,2,"Iris setosa"\n3,4,"Iris virginica"\n'.encode("utf-8"))
    points = load_csv(path)
    assert points.feature_names == ["x 1", "x 2"] and points.classes == ["Iris setosa", "Iris virginica"]


def test_train_test_split_keeps_every_class_on_both_sides():
    X, y = data.make_blobs(48, classes=4, seed=0)
    (X_train, y_train), (X_test, y_test) = data.train_test_split(X, y, 0.25, seed=1)
    assert len(X_train) == 36 and len(X_test) == 12
    assert set(y_train.tolist()) == set(y_test.tolist()) == {0.0, 1.0, 2.0, 3.0}
    rows = {tuple(r) for r in np.vstack([X_train, X_test])}
    assert rows == {tuple(r) for r in X}  # a partition: nothing lost, nothing twice
    (_, _), (X_none, _) = data.train_test_split(X, y, 0.0)
    assert len(X_none) == 0
    for bad in (1.0, -0.1, float("nan"), "0.2"):
        with pytest.raises(ValueError, match="test_fraction must be a number from 0"):
            data.train_test_split(X, y, bad)


def test_the_jupyter_playground_takes_a_two_class_csv(tmp_path):
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    from autograd_mini.viz import WidgetPlayground

    X, y = data.make_separable()
    lines = ["a,b,label"] + [f"{p:.4f},{q:.4f},{'yes' if t else 'no'}" for (p, q), t in zip(X * 10 + 50, y)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    points = load_csv(path)
    front = WidgetPlayground(points.X, points.y, animate=False)
    np.testing.assert_array_equal(front.playground.X, points.X)
    np.testing.assert_array_equal(front.playground.y, points.y)
