"""The autograd-mini command, run as a user would: real arguments, real files, exit codes."""

import subprocess
import sys

import pytest

from autograd_mini.cli import main


def run(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "autograd_mini.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env={**__import__("os").environ, "MPLBACKEND": "Agg"})


def test_train_writes_boundary_and_history_and_reports_accuracy(tmp_path):
    result = run("train", "--dataset", "moons", "--hidden", "8", "--epochs", "200", "--quiet", "--save", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "training accuracy" in result.stdout
    accuracy = float(result.stdout.split("training accuracy ")[1].split("%")[0])
    assert accuracy >= 95.0
    for name in ("moons_boundary.png", "moons_history.png", "moons_model.npz"):
        assert (tmp_path / name).stat().st_size > 1000


def test_demo_trains_the_scalar_mlp_with_progress_and_writes_pictures(tmp_path):
    result = run("demo", "--epochs", "20", "--no-render", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "scalar engine: training accuracy" in result.stdout
    assert "training" in result.stderr  # the progress display
    assert (tmp_path / "demo_boundary.png").exists() and (tmp_path / "neuron_graph.png").exists()
    assert "tutorials/" in result.stdout


def test_graph_writes_the_lesson_neuron(tmp_path):
    assert main(["graph", "--out", str(tmp_path / "g"), "--format", "svg"]) == 0
    svg = (tmp_path / "g.svg").read_text()
    assert "w1" in svg and "grad" in svg


@pytest.mark.parametrize("args,words", [
    (["train", "--dataset", "nope", "--quiet"], "unknown dataset 'nope'"),
    (["train", "--epochs", "0"], "must be at least 1"),
    (["train", "--lr", "abc"], "expected a number"),
    (["train", "--optimizer", "sgd", "--lr", "1e300", "--epochs", "5", "--quiet"], "smaller learning rate"),
])
def test_bad_input_gets_a_message_not_a_traceback(args, words, tmp_path):
    result = run(*args, "--out", str(tmp_path))
    assert result.returncode != 0
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_quiz_scripted_through_the_cli():
    result = run("quiz", "--answers", "b,d,a,c,d")
    assert result.returncode == 0 and "5/5" in result.stdout
    result = run("quiz", "--answers", "b,d,a,c,a")
    assert result.returncode == 0 and "4/5" in result.stdout


def test_playground_without_a_display_says_what_to_do(monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["playground"]) == 1
    err = capsys.readouterr().err
    assert "no display" in err and "Jupyter" in err


def test_unknown_command_lists_the_valid_ones():
    result = run("fly")
    assert result.returncode == 2
    assert "demo" in result.stderr and "train" in result.stderr


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
    env = {**__import__("os").environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(tmp_path / "site")}
    out_args = ["--out", str(tmp_path / "out")] if args[0] in ("train", "graph") else []
    result = subprocess.run([sys.executable, "-m", "autograd_mini.cli", *args, *out_args], capture_output=True,
                            text=True, timeout=120, env=env)
    assert result.returncode != 0
    assert f"autograd_mini[{extra}]" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
