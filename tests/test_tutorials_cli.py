"""`autograd-mini tutorials --copy DIR`, where the course's files are found, and what the notebooks print.

Fast checks in this process (no kernel, no render); tests/test_wheel.py runs the same commands from an
installed wheel.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from autograd_mini import cli, course_files, tutorials
from autograd_mini.tutorials import COPY_MANIFEST, TutorialError, copy_tutorials

LESSON = tutorials.find_notebooks()


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_copy_puts_the_notebooks_and_their_settings_where_they_can_be_edited(tmp_path):
    written = copy_tutorials(tmp_path / "lesson", LESSON, log=None)
    copied = _listing(tmp_path / "lesson")
    assert sorted(copied) == sorted([p.name for p in LESSON] + ["README.md", "jupytext.toml", COPY_MANIFEST])
    assert all(copied[p.name] == p.read_bytes() for p in LESSON)
    assert len(written) == len(copied) - 1  # every file but the manifest
    assert copy_tutorials(tmp_path / "lesson", LESSON, log=None) == []  # a second copy has nothing to do
    assert _listing(tmp_path / "lesson") == copied


def _new_version(tmp_path: Path) -> list[Path]:
    """The lesson's notebooks as a later release might ship them: notebook 01 changed."""
    release = tmp_path / "release"
    release.mkdir()
    for p in [*LESSON, LESSON[0].parent / "README.md", LESSON[0].parent / "jupytext.toml"]:
        (release / p.name).write_bytes(p.read_bytes())
    (release / LESSON[0].name).write_text(LESSON[0].read_text(encoding="utf-8") + "\n# %%\nprint('new')\n")
    return [release / p.name for p in LESSON]


def test_copy_updates_what_it_wrote_and_never_overwrites_edits_without_force(tmp_path):
    lesson = tmp_path / "lesson"
    copy_tutorials(lesson, LESSON, log=None)
    newer = _new_version(tmp_path)
    assert copy_tutorials(lesson, newer, log=None) == [lesson / LESSON[0].name]  # unedited: the new version
    assert (lesson / LESSON[0].name).read_bytes() == newer[0].read_bytes()

    mine = (lesson / LESSON[0].name).read_text(encoding="utf-8") + "\nmy_answer = 3\n"
    (lesson / LESSON[0].name).write_text(mine, encoding="utf-8")
    (lesson / LESSON[1].name).unlink()
    before = _listing(lesson)
    with pytest.raises(TutorialError, match=rf"{LESSON[0].name} has your edits.*--force"):
        copy_tutorials(lesson, LESSON, log=None)
    assert _listing(lesson) == before, "a refused copy writes nothing, not even the missing notebook"
    copy_tutorials(lesson, LESSON, force=True, log=None)
    assert (lesson / LESSON[0].name).read_bytes() == LESSON[0].read_bytes()
    assert (lesson / LESSON[1].name).read_bytes() == LESSON[1].read_bytes()


def test_copy_into_a_folder_the_learner_made_refuses_files_it_did_not_write(tmp_path):
    (tmp_path / LESSON[2].name).write_text("# my own notes\n", encoding="utf-8")
    with pytest.raises(TutorialError, match=LESSON[2].name):
        copy_tutorials(tmp_path, LESSON, log=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == [LESSON[2].name]


def test_a_copy_that_fails_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    calls = {"n": 0}
    real_write = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("disk full")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError, match="disk full"):
        copy_tutorials(tmp_path / "lesson", LESSON, log=None)
    assert list((tmp_path / "lesson").iterdir()) == [], "no notebook and no temporary file"


def test_copy_from_the_command_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(tutorials, "set_default_viewer", lambda: None)  # the environment's JupyterLab stays as it is
    assert cli.main(["tutorials", "--copy", str(tmp_path / "lesson"), "01", "02"]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "lesson").glob("0*.py")) == [LESSON[0].name, LESSON[1].name]
    assert f"autograd-mini tutorials --dir {tmp_path / 'lesson'} 01" in out and "jupyter lab" in out
    assert cli.main(["tutorials", "--force"]) == 2
    assert "--force goes with --copy" in capsys.readouterr().err
    (tmp_path / "a_file").write_text("x")
    assert cli.main(["tutorials", "--copy", str(tmp_path / "a_file")]) == 2
    assert "is a file" in capsys.readouterr().err


def test_course_files_in_a_clone_and_in_a_wheel(monkeypatch, tmp_path):
    assert course_files.in_clone() and course_files.scenes_dir() == tutorials.ROOT / "scenes"
    assert not course_files.is_installed_course_file(tutorials.TUTORIALS_DIR / "01_the_neuron.py")
    monkeypatch.setattr(course_files, "_CLONE_ROOT", tmp_path)  # site-packages: no pyproject.toml, scenes/ beside
    (tmp_path / "scenes").mkdir()
    (tmp_path / "tutorials").mkdir()
    assert not course_files.in_clone()
    wheel = course_files.PACKAGE_DIR / "course"
    assert (course_files.scenes_dir(), course_files.tutorials_dir(), course_files.images_dir()) == \
        (wheel / "scenes", wheel / "tutorials", wheel / "docs" / "images")
    assert course_files.is_installed_course_file(wheel / "tutorials" / "01_the_neuron.py")
    assert not course_files.is_installed_course_file(tmp_path / "lesson" / "01_the_neuron.py")


def test_outside_a_clone_the_printed_commands_are_the_wheels(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(course_files, "in_clone", lambda: False)
    monkeypatch.setattr(tutorials, "IMAGES_DIR", tmp_path / "images")
    monkeypatch.setattr(tutorials, "MEDIA_DIR", Path("media"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(tutorials.VIDEO_BASE_VARIABLE, raising=False)
    tutorials.show_scene("neuron")
    said = capsys.readouterr().out
    assert f"`autograd-mini render neuron` (in a terminal in {tmp_path.resolve()})" in said
    assert "tools/" not in said
    steps = cli.next_steps()
    assert "autograd-mini tutorials --copy lesson" in steps and ".venv" not in steps and "tutorials/" not in steps


def test_show_scene_links_the_sites_videos_when_asked(monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    monkeypatch.setattr(tutorials, "MEDIA_DIR", tmp_path / "media")  # nothing rendered: the link is made anyway
    monkeypatch.setenv(tutorials.VIDEO_BASE_VARIABLE, "../_static/videos/")
    tutorials.show_scene("descent")
    assert type(shown[0]).__name__ == "Image"
    assert shown[1].data == ('<video controls preload="metadata" src="../_static/videos/descent.mp4"><track '
                             'kind="subtitles" srclang="en" label="English" src="../_static/videos/descent.vtt" '
                             'default></video>')
    assert len(shown) == 2 and "base64" not in shown[1].data
    assert '&quot;' in tutorials.scene_video_html("moons", 'a"b')


CLONE_ONLY_COMMANDS = re.compile(r"python3? tools/|quickstart\.sh|jupyter lab tutorials|pip install -e|\.venv/")


def test_no_notebook_prints_a_command_that_only_works_in_a_clone():
    """Every string in a notebook's code (what it prints) names only commands that work from a wheel.

    A percent-format notebook is a Python file whose markdown cells are comments, so its string
    constants are exactly the strings of its code cells.
    """
    found = []
    for path in LESSON:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CLONE_ONLY_COMMANDS.search(node.value):
                found.append(f"{path.name}: {node.value!r}")
    assert found == []
