"""The autograd-mini command, run as a user would: real arguments, real files, exit codes.

Bad input is refused before any work starts, in one line that names the flag (exit code 2);
a diverged training is a failure with advice; Ctrl-C exits 130 and leaves no half-written file;
a bug still shows its traceback, with a line saying it is a bug.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from autograd_mini import cli, data
from autograd_mini.cli import atomic_path, main

ENV = {**os.environ, "MPLBACKEND": "Agg"}


def run(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "autograd_mini.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=ENV)


def call(capsys, *args):
    """main(argv) in this process: (exit code, stdout, stderr); argparse's own exits count as codes too."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def _agg(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    pytest.importorskip("matplotlib").use("Agg")


def write_csv(path, X, labels, header=("width_mm", "height_mm", "kind")):
    lines = [",".join(header)] + [f"{a:.6g},{b:.6g},{label}" for (a, b), label in zip(X, labels)]
    path.write_text("\n".join(lines) + "\n")
    return path


# ---------------------------------------------------------------------- it works
def test_train_writes_boundary_and_history_and_reports_accuracy(tmp_path):
    result = run("train", "--dataset", "moons", "--hidden", "8", "--epochs", "200", "--quiet", "--save", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "training accuracy" in result.stdout
    accuracy = float(result.stdout.split("training accuracy ")[1].split("%")[0])
    assert accuracy >= 95.0
    for name in ("moons_boundary.png", "moons_history.png", "moons_model.npz"):
        assert (tmp_path / name).stat().st_size > 1000
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]


@pytest.mark.slow  # trains and draws a 200x200 grid of three regions: seconds on a loaded machine
def test_train_three_spirals_writes_the_k_class_pictures(tmp_path, capsys):
    code, out, err = call(capsys, "train", "--dataset", "spirals", "--classes", "3", "--points", "150", "--hidden", "32", "32",
                          "--activation", "tanh", "--epochs", "300", "--quiet", "--out", str(tmp_path))
    assert code == 0, err
    assert "MLP 2-32-32-3" in out and "3 classes" in out
    assert float(re.search(r"training accuracy ([\d.]+)%", out).group(1)) >= 95.0
    assert (tmp_path / "spirals_boundary.png").stat().st_size > 1000 and (tmp_path / "spirals_history.png").exists()


def test_train_on_your_csv_reports_classes_scaling_and_test_accuracy(tmp_path, capsys):
    X, y = data.make_blobs(120, classes=3, spread=0.25, seed=0)
    names = np.array(["apple", "banana", "cherry"])[y.astype(int)]
    raw = X * [30.0, 2.0] + [150.0, 40.0]  # millimetres, far from 0
    path = write_csv(tmp_path / "fruit.csv", raw, names)
    code, out, err = call(capsys, "train", "--csv", str(path), "--epochs", "150", "--quiet", "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert "read 120 points from fruit.csv: features width_mm, height_mm; label column 'kind' with 3 classes " \
           "(0=apple, 1=banana, 2=cherry)" in out
    mean, scale = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(0, 1)).mean(axis=0), raw.std(axis=0)
    assert f"features standardised: width_mm -> (width_mm - {mean[0]:.4g}) / {scale[0]:.4g}" in out
    assert "on 90 fruit points" in out  # a quarter held out by default
    test_accuracy = float(re.search(r"test accuracy ([\d.]+)% on 30 held-out points", out).group(1))
    assert test_accuracy >= 90.0
    for name in ("fruit_boundary.png", "fruit_history.png"):
        assert (tmp_path / "out" / name).stat().st_size > 1000


def test_csv_label_column_and_test_fraction(tmp_path, capsys):
    X, y = data.make_moons(60, seed=0)
    lines = ["label,x,y"] + [f"{int(t)},{a},{b}" for (a, b), t in zip(X, y)]
    path = tmp_path / "moons.csv"
    path.write_text("\n".join(lines) + "\n")
    code, out, err = call(capsys, "train", "--csv", str(path), "--label-column", "label", "--test-fraction", "0.5",
                          "--epochs", "20", "--quiet", "--out", str(tmp_path))
    assert code == 0, err
    assert "label column 'label' with 2 classes (0=0, 1=1)" in out and "on 30 held-out points" in out


def test_csv_with_three_features_trains_and_says_why_there_is_no_boundary(tmp_path, capsys):
    X, y = data.make_blobs(40, classes=2, seed=0)
    lines = ["a,b,c,label"] + [f"{p},{q},{p - q},{int(t)}" for (p, q), t in zip(X, y)]
    path = tmp_path / "three.csv"
    path.write_text("\n".join(lines) + "\n")
    code, out, err = call(capsys, "train", "--csv", str(path), "--epochs", "20", "--quiet", "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert "MLP 3-16-16-1" in out and "no boundary picture: the data has 3 features" in out
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["three_history.png"]


@pytest.mark.slow  # the scalar engine trains and draws the demo
def test_demo_trains_the_scalar_mlp_with_progress_and_writes_pictures(tmp_path):
    result = run("demo", "--epochs", "20", "--no-render", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "scalar engine: training accuracy" in result.stdout
    assert "training" in result.stderr  # the progress display
    assert (tmp_path / "demo_boundary.png").exists() and (tmp_path / "neuron_graph.png").exists()
    assert "tutorials/" in result.stdout


def test_graph_writes_the_lesson_neuron(tmp_path, capsys):
    code, out, err = call(capsys, "graph", "--out", str(tmp_path / "g"), "--format", "svg")
    assert code == 0, err
    svg = (tmp_path / "g.svg").read_text()
    assert "w1" in svg and "grad" in svg
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.svg"]  # no temporary left


def test_quiz_scripted_through_the_cli():
    from autograd_mini.quiz import QUESTIONS

    keys = [question.correct_option.key for question in QUESTIONS]
    result = run("quiz", "--answers", ",".join(keys))
    assert result.returncode == 0 and f"{len(keys)}/{len(keys)}" in result.stdout
    one_wrong = keys[:-1] + [next(k for k in "abcd" if k != keys[-1])]
    result = run("quiz", "--answers", ",".join(one_wrong))
    assert f"{len(keys) - 1}/{len(keys)}" in result.stdout


def test_playground_without_a_display_says_what_to_do(monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    code, out, err = call(capsys, "playground")
    assert code == 1 and "no display" in err and "Jupyter" in err


def test_playground_takes_a_two_feature_two_class_csv(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    X, y = data.make_separable()
    path = write_csv(tmp_path / "two.csv", X, np.array(["no", "yes"])[y.astype(int)])
    code, out, err = call(capsys, "playground", "--csv", str(path))
    assert code == 1 and "no display" in err  # the file was read; only the window is missing
    assert "2 classes (0=no, 1=yes)" in out
    from autograd_mini.viz.playground import NeuronPlayground

    points = data.load_csv(path)
    playground = NeuronPlayground(points.X, points.y)  # what the command opens, and what Jupyter can use
    assert playground.X.shape == (40, 2)
    three = write_csv(tmp_path / "three.csv", X, np.arange(40) % 3)
    code, out, err = call(capsys, "playground", "--csv", str(three))
    assert code == 2 and "two features and two classes; this file has 2 features (width_mm, height_mm) and 3 classes" in err


def test_unknown_command_lists_the_valid_ones():
    result = run("fly")
    assert result.returncode == 2
    assert "demo" in result.stderr and "train" in result.stderr


# ---------------------------------------------------------------------- bad flags: exit 2, one line, the flag named
BAD_FLAGS = [
    (["train", "--epochs", "0"], "--epochs", "must be a whole number from 1"),
    (["train", "--epochs", "ten"], "--epochs", "expected a whole number, got 'ten'"),
    (["train", "--lr", "abc"], "--lr", "expected a number"),
    (["train", "--lr", "-1"], "--lr", "must be positive"),
    (["train", "--lr", "inf"], "--lr", "expected a finite number"),
    (["train", "--lr", "nan"], "--lr", "expected a finite number"),
    (["train", "--seed", "-1"], "--seed", "must be a whole number from 0"),
    (["train", "--points", "0"], "--points", "must be a whole number from 2"),
    (["train", "--points", "1000000000000"], "--points", "to 1,000,000"),
    (["train", "--noise", "-0.1"], "--noise", "must be 0 or more"),
    (["train", "--classes", "1"], "--classes", "from 2 to 50"),
    (["train", "--test-fraction", "1"], "--test-fraction", "must be from 0 up to (not including) 1"),
    (["train", "--batch-size", "0"], "--batch-size", "must be at least 1"),
    (["train", "--hidden", "0"], "--hidden", "must be a whole number from 1"),
    (["train", "--engine", "torch"], "--engine", "invalid choice: 'torch'"),
    (["train", "--activation", "gelu"], "--activation", "invalid choice"),
    (["train", "--dataset", "nope"], "--dataset", "unknown dataset 'nope'; choose one of blobs, circles"),
    (["train", "--dataset", "separable", "--noise", "0.1"], "--noise", "does not apply to --dataset separable"),
    (["train", "--dataset", "moons", "--classes", "3"], "--classes", "applies to blobs, spirals"),
    (["train", "--label-column", "kind"], "--label-column", "applies only with --csv"),
    (["train", "--dataset", "xor", "--points", "3"], "--points", "n (the number of points) must be an integer from 4"),
    (["train", "--dataset", "blobs", "--classes", "5", "--points", "4"], "--points", "n=4 points cannot fill classes=5"),
    (["train", "--engine", "scalar", "--save"], "--save", "tensor models only"),
    (["train", "--save", "model.txt"], "--save", "model files end in .npz"),
    (["train", "--csv", "no_such_file.csv"], "--csv", "no such file"),
    (["train", "--frobnicate"], "--frobnicate", "unrecognized arguments"),
    (["demo", "--epochs", "0"], "--epochs", "must be a whole number from 1"),
    (["demo", "--seed", "-1"], "--seed", "must be a whole number from 0"),
    (["graph", "--format", "gif"], "--format", "invalid choice: 'gif'"),
    (["render", "--jobs", "0"], "--jobs", "must be at least 1"),
    (["render", "--frobnicate"], "--frobnicate", "unrecognized arguments"),
    (["tutorials", "--frobnicate"], "--frobnicate", "unrecognized arguments"),
    (["tutorials", "--timeout", "-1"], "--timeout", "must be positive"),
    (["tutorials", "--timeout", "soon"], "--timeout", "expected a number"),
    (["playground", "--csv", "no_such_file.csv"], "--csv", "no such file"),
]


@pytest.mark.parametrize("args, flag, words", BAD_FLAGS, ids=[" ".join(a) for a, _, _ in BAD_FLAGS])
def test_every_bad_flag_is_one_line_naming_the_flag(args, flag, words, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = call(capsys, *args)
    assert code == 2, err
    assert err.strip().count("\n") == 0, err  # one line
    assert flag in err and words in err, err
    assert "Traceback" not in err and out == ""  # refused before anything started
    assert list(tmp_path.iterdir()) == []  # and nothing written


# ---------------------------------------------------------------------- bad CSV files through the CLI
@pytest.mark.parametrize("text, words", [
    ("", "is empty"),
    ("x1,x2,label\n", "line 1 is the header, but no data lines follow it"),
    ("x1,x2,label\n1,2,a\n3,abc,b\n", "line 3, column 'x2': 'abc' is not a number"),
    ("x1,x2,label\n1,2,a\n3,4,\n", "line 3, column 'label': the label is missing"),
    ("x1,x2,label\n1,2,a\n3,4,a\n", "every line has the same label ('a')"),
    ("x1,x2,label\n1,2,a\nnan,4,b\n", "line 3, column 'x1': 'nan' is not a finite number"),
    ("x1,x2,label\n1,2,a\n-inf,4,b\n", "line 3, column 'x1': '-inf' is not a finite number"),
])
def test_a_bad_csv_is_one_line_naming_line_and_column(text, words, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    code, out, err = call(capsys, "train", "--csv", str(path), "--quiet", "--out", str(tmp_path / "out"))
    assert code == 2 and err.strip().count("\n") == 0 and "--csv" in err and words in err, err
    assert "Traceback" not in err and "training" not in out and not (tmp_path / "out").exists()


# ---------------------------------------------------------------------- paths, checked before any work
@pytest.fixture
def a_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a folder")
    return path


@pytest.mark.parametrize("make_args, flag, words", [
    (lambda f: ["train", "--out", str(f)], "--out", "that is a file, not a folder"),
    (lambda f: ["train", "--out", str(f / "pictures")], "--out", "is a file, so no folder can be made inside it"),
    (lambda f: ["train", "--save", str(f / "m.npz")], "--save", "is a file, so nothing can be written inside it"),
    (lambda f: ["train", "--save", str(f.parent)], "--save", "that is a folder"),
    (lambda f: ["demo", "--out", str(f)], "--out", "that is a file, not a folder"),
    (lambda f: ["demo", "--out", str(f / "x")], "--out", "is a file, so no folder can be made inside it"),
    (lambda f: ["graph", "--out", str(f / "g")], "--out", "is a file, so nothing can be written inside it"),
    (lambda f: ["render", "--media-dir", str(f)], "--media-dir", "that is a file, not a folder"),
    (lambda f: ["render", "--media-dir", str(f / "x")], "--media-dir", "is a file, so no folder can be made inside it"),
    (lambda f: ["tutorials", "--html", "--html-dir", str(f)], "--html-dir", "that is a file, not a folder"),
    (lambda f: ["tutorials", "--html", "--html-dir", str(f / "x")], "--html-dir", "no folder can be made inside it"),
    (lambda f: ["tutorials", "--ipynb", str(f / "x")], "--ipynb", "no folder can be made inside it"),
])
def test_paths_that_are_files_or_inside_files_are_refused_before_work(make_args, flag, words, a_file, capsys):
    start = time.perf_counter()
    code, out, err = call(capsys, *make_args(a_file))
    assert code == 2, err
    assert err.strip().count("\n") == 0 and flag in err and words in err, err
    assert "Traceback" not in err and "training" not in out
    assert time.perf_counter() - start < 20  # refused at once, not after training or rendering
    assert sorted(p.name for p in a_file.parent.iterdir()) == ["notes.txt"]


# ---------------------------------------------------------------------- failures that are not bad flags
def test_divergence_is_a_failure_with_advice_and_no_pictures(tmp_path, capsys):
    code, out, err = call(capsys, "train", "--lr", "1000", "--epochs", "50", "--quiet", "--out", str(tmp_path))
    assert code == 1
    assert "training diverged" in err and "smaller learning rate" in err and "--lr 100" in err
    assert "Traceback" not in err and "accuracy" not in out
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_exits_130_cleanly_and_writes_nothing(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "autograd_mini.cli", "train", "--epochs", "1000000", "--quiet",
                                "--save", "--out", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=ENV)
    assert process.stdout.readline().startswith("training ")  # training has begun
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_no_file(tmp_path):
    target = tmp_path / "picture.png"
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(target) as temporary:
            temporary.write_bytes(b"half a pict")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"old")
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"new picture")
        assert target.read_bytes() == b"old"  # the old file stands until the new one is whole
    assert target.read_bytes() == b"new picture" and sorted(p.name for p in tmp_path.iterdir()) == ["picture.png"]


def test_a_bug_still_shows_its_traceback_and_says_it_is_a_bug(monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("an internal mistake")

    monkeypatch.setitem(cli.COMMANDS, "graph", (broken, "broken"))
    code, out, err = call(capsys, "graph")
    assert code == 1
    assert "Traceback" in err and "RuntimeError: an internal mistake" in err
    assert "this is a bug in autograd-mini, not a problem with your input" in err


@pytest.mark.parametrize("package,args,extra", [
    ("matplotlib", ["train", "--epochs", "2", "--quiet"], "viz"),
    ("graphviz", ["graph"], "viz"),
    ("manim", ["render", "neuron"], "scenes"),
    ("nbclient", ["tutorials", "01"], "tutorials"),
])
def test_a_missing_optional_package_names_the_extra_to_install(package, args, extra, tmp_path):
    # A stand-in package that fails to import, as an uninstalled one does, shadows the real one.
    fake = tmp_path / "site" / package
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(f"raise ModuleNotFoundError(\"No module named '{package}'\", name='{package}')\n")
    env = {**ENV, "PYTHONPATH": str(tmp_path / "site")}
    out_args = ["--out", str(tmp_path / "out")] if args[0] in ("train", "graph") else []
    result = subprocess.run([sys.executable, "-m", "autograd_mini.cli", *args, *out_args], capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode != 0
    assert f"autograd_mini[{extra}]" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_the_readme_csv_example_shows_the_real_output(tmp_path, capsys, monkeypatch):
    """The README's CSV block is what the command prints today (only the output folder differs)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text()
    block = readme.split("$ autograd-mini train --csv docs/data/fruit.csv")[1].split("```")[0]
    flags, *shown = block.strip("\n").split("\n")
    monkeypatch.chdir(root)
    code, out, err = call(capsys, "train", "--csv", "docs/data/fruit.csv", *flags.split(), "--out", str(tmp_path))
    assert code == 0, err
    assert out.replace(f"{tmp_path}/", "out/").rstrip("\n").split("\n") == shown
