"""render never leaves a half-written video: a failed or interrupted manim run takes its output with it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from autograd_mini import render


def fake_manim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outcome: str) -> Path:
    """manim's run replaced by a 'manim' that starts writing the video, then fails or is interrupted."""
    video = render.video_path("opening", "low", tmp_path)

    def run(*args, **kwargs):
        video.parent.mkdir(parents=True, exist_ok=True)
        video.write_bytes(b"half a video")
        video.with_suffix(".srt").write_text("1\n")
        if outcome == "interrupted":
            raise KeyboardInterrupt
        return 1, "manim: it broke"

    monkeypatch.setattr(render, "_run_manim", run)
    return video


@pytest.mark.parametrize("outcome", ["failed", "interrupted"])
def test_an_unfinished_render_leaves_no_video(tmp_path, monkeypatch, outcome) -> None:
    video = fake_manim(tmp_path, monkeypatch, outcome)
    with pytest.raises(KeyboardInterrupt if outcome == "interrupted" else render.RenderError):
        render._render_one("opening", "low", tmp_path)
    assert not video.exists() and not video.with_suffix(".srt").exists()


def test_a_finished_video_from_before_stays_when_a_new_run_fails_early(tmp_path, monkeypatch) -> None:
    video = render.video_path("opening", "low", tmp_path)
    video.parent.mkdir(parents=True)
    video.write_bytes(b"a finished video")
    old = time.time() - 3600
    os.utime(video, (old, old))
    monkeypatch.setattr(render, "_run_manim", lambda *a, **k: (1, "no such scene"))
    with pytest.raises(render.RenderError):
        render._render_one("opening", "low", tmp_path)
    assert video.read_bytes() == b"a finished video"


def test_manim_runs_on_the_course_scenes_and_imports_this_autograd_mini(tmp_path, monkeypatch) -> None:
    """The scene folder is course_files.scenes_dir(); PYTHONPATH leads to the package render.py belongs to."""
    import autograd_mini
    from autograd_mini import course_files

    seen = {}

    def run(cmd, cwd, env, on_progress):
        seen.update(cmd=cmd, env=env)
        return 1, "stopped here"

    monkeypatch.setattr(render, "_run_manim", run)
    with pytest.raises(render.RenderError):
        render._render_one("descent", "low", tmp_path)
    assert Path(seen["cmd"][-2]) == course_files.scenes_dir() / "descent.py"
    root = Path(seen["env"]["PYTHONPATH"].split(os.pathsep)[0])
    assert (root / "autograd_mini" / "__init__.py").resolve() == Path(autograd_mini.__file__).resolve()


def test_progress_lines_of_the_scene_are_reported_and_the_rest_kept(tmp_path) -> None:
    """_run_manim streams the scene's beat lines to the reporter as they come; other lines stay for errors."""
    script = (f"import sys, time\nprint({render.PROGRESS_PREFIX!r} + ' 1/2 title_card 0.0', file=sys.stderr, flush=True)\n"
              f"print('a warning')\nprint({render.PROGRESS_PREFIX!r} + ' 2/2 roll 4.5', file=sys.stderr)\nsys.exit(3)")
    seen = []
    status, output = render._run_manim([sys.executable, "-c", script], str(tmp_path), dict(os.environ),
                                       lambda *parts: seen.append(parts))
    assert status == 3 and output.strip() == "a warning"
    assert seen == [("1/2", "title_card", "0.0"), ("2/2", "roll", "4.5")]
