"""`autograd-mini train` on images: a small CNN (or an MLP on the pixels) trained and pictured, bad flags refused first."""

from __future__ import annotations

import pytest

from test_cli import call  # main(argv) in this process: (exit code, stdout, stderr)


def test_train_a_cnn_on_strokes_writes_its_pictures_and_the_test_accuracy(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    out = tmp_path / "pictures"
    code, stdout, stderr = call(capsys, "train", "--dataset", "strokes", "--model", "cnn", "--epochs", "4",
                                "--quiet", "--out", str(out), "--save", str(tmp_path / "cnn.npz"))
    assert code == 0, stderr
    assert "test accuracy" in stdout and "75 held-out images" in stdout
    written = sorted(p.name for p in out.iterdir())
    assert written == ["strokes_cnn_confusion.png", "strokes_cnn_filters.png", "strokes_cnn_history.png",
                       "strokes_cnn_predictions.png"]
    assert (tmp_path / "cnn.npz").stat().st_size > 1000


@pytest.mark.parametrize("args, flag", [
    (("--model", "cnn"), "--model cnn needs images"),
    (("--dataset", "digits", "--points", "50"), "--points does not apply to --dataset digits"),
    (("--dataset", "strokes", "--engine", "scalar"), "--engine scalar cannot train on images"),
    (("--dataset", "digits", "--classes", "3"), "--classes does not apply to --dataset digits"),
    (("--dataset", "strokes", "--csv", "x.csv"), "--csv does not apply to --dataset strokes"),
    (("--dataset", "strokes", "--model", "rnn"), "argument --model: invalid choice"),
])
def test_bad_image_flags_are_one_line_and_exit_2_before_training(tmp_path, capsys, args, flag) -> None:
    code, stdout, stderr = call(capsys, "train", *args, "--out", str(tmp_path / "o"))
    assert code == 2
    assert flag in stderr and len(stderr.strip().splitlines()) == 1
    assert "training" not in stdout and not (tmp_path / "o").exists()
