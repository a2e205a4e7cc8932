"""`autograd-mini render`: its registry, its messages for bad input, and one real render.

Also the reusable graph mobject of the scenes' toolkit (scenes/common/) on other graphs, and
joining parts into one lesson video with chapters.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from autograd_mini import render
from autograd_mini.render import QUALITIES, SCENES, SCENES_DIR, main


def test_registry_points_at_scene_files_and_classes():
    assert list(SCENES) == ["opening", "neuron", "by_hand", "descent", "xor", "moons", "closing"]
    assert SCENES["descent"] == ("descent.py", "DescentBowl")
    for name, (file, cls) in SCENES.items():
        source = (SCENES_DIR / file).read_text()
        assert f"class {cls}(" in source, f"{file} should define {cls}"
        assert "MathTex" not in source and "Tex(" not in source, "scenes use Pango text only (no LaTeX)"


def test_no_scene_reads_a_private_attribute_of_another_object():
    """Scenes read the engine through its public names (Value.children, .local_grads, .op):
    the only `._name` a scene file touches is its own (`self._x`, `cls._x`)."""
    import re

    private = re.compile(r"(\w*)\s*(\)|\])?\s*\.(_[a-z]\w*)")
    found = []
    for path in sorted(SCENES_DIR.rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            for receiver, bracket, name in private.findall(code):
                if receiver in ("self", "cls") and not bracket:
                    continue
                found.append(f"{path.relative_to(SCENES_DIR)}:{number}: .{name} in {line.strip()!r}")
    assert not found, "scenes reach into another object's private attributes:\n" + "\n".join(found)


def test_unknown_scene_lists_the_valid_ones(capsys):
    assert main(["bowl"]) == 2
    err = capsys.readouterr().err
    assert "unknown scene 'bowl'" in err
    for name in SCENES:
        assert name in err


def test_bad_quality_lists_the_valid_ones(capsys):
    assert main(["descent", "--quality", "ultra"]) == 2
    err = capsys.readouterr().err
    assert "unknown quality 'ultra'" in err and "low, medium, high, production, 4k" in err and "l, m, h, p, k" in err


def test_bad_jobs(capsys):
    assert main(["--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_missing_manim_names_the_extra(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "manim", None)  # `import manim` now fails as if it were not installed
    assert main(["opening"]) == 1
    err = capsys.readouterr().err
    assert "manim" in err and "pip install 'autograd_mini[scenes]'" in err


def test_a_broken_manim_install_says_what_failed(monkeypatch, capsys):
    real = importlib.import_module

    def import_module(name, *args):
        if name == "manim":
            raise ImportError("libpangocairo-1.0.so.0: cannot open shared object file", name="manimpango")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", import_module)
    assert main(["opening"]) == 1
    err = capsys.readouterr().err
    assert "does not import" in err and "libpangocairo" in err and "libpango1.0-dev" in err


def test_parse_and_commands():
    assert render.parse_scenes([]) == list(SCENES)
    assert render.parse_scenes(["all"]) == list(SCENES)
    assert render.parse_scenes(["XOR", "moons", "xor"]) == ["xor", "moons"]
    assert render.parse_quality("High") == "high"
    for letter, name in zip("lmhpk", ["low", "medium", "high", "production", "4k"]):
        assert render.parse_quality(letter) == name and render.parse_quality(name) == name
    cmd = render.manim_command("descent", "low", Path("media"))
    assert cmd[1:4] == ["-m", "manim", "render"] and "-q" in cmd and cmd[cmd.index("-q") + 1] == "l"
    assert cmd[-2:] == [str(SCENES_DIR / "descent.py"), "DescentBowl"]
    assert render.video_path("descent", "low", Path("media")) == Path("media/videos/descent/480p15/DescentBowl.mp4")
    assert set(QUALITIES) == {"low", "medium", "high", "production", "4k"}
    assert render.video_path("moons", "k", Path("m")) == Path("m/videos/moons/2160p60/MoonsBoundary.mp4")


def test_list(capsys):
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    assert "descent" in out and "DescentBowl" in out


@pytest.mark.slow
def test_value_graph_animates_any_value_graph():
    """The graph mobject is not tied to the neuron: a two-layer network's graph works too."""
    pytest.importorskip("manim")
    from manim import Animation

    render.load_scene_class("neuron")  # puts scenes/ on sys.path
    from common import ValueGraph

    from autograd_mini.engine.value import Value, topological_order
    from autograd_mini.scalar import MLP

    model = MLP(2, [2, 1], activation="tanh", seed=3)
    out = model([Value(0.5, label="x1"), Value(-1.0, label="x2")])
    graph = ValueGraph(out)
    with pytest.raises(RuntimeError, match="backward"):
        graph.backward_pass()
    forward = graph.forward_pass()
    assert isinstance(forward, Animation)
    out.backward()
    backward = graph.backward_pass()
    assert isinstance(backward, Animation)
    order = topological_order(out)
    assert len(graph.nodes) == len(order)
    assert graph.backward_order == [graph.names[graph.index[id(v)]] for v in reversed(order)]
    assert graph.shown_grad == {graph.names[graph.index[id(v)]]: v.grad for v in order}
    assert graph.width <= 13.0 + 1e-6 and graph.height <= 5.0 + 1e-6
    # the layered fallback (no graphviz) gives every node a position too
    from common import layout_value_graph

    positions = layout_value_graph(order, method="layers")
    assert sorted(positions) == list(range(len(order)))


def test_the_layout_check_sees_texts_and_diagrams_that_overlap():
    """The check the scenes log after every animation (narration.layout_overlaps), on known layouts."""
    pytest.importorskip("manim")
    from manim import DOWN, LEFT, RIGHT, UP, Line, VGroup

    render.load_scene_class("closing")  # puts scenes/ on sys.path
    from common import text
    from common.narration import layout_overlaps

    a = text("first words", 24)
    b = text("second words", 24).move_to(a.get_center() + RIGHT * 0.5)
    assert [o for o in layout_overlaps([a, b])[1]] == ["text 'first words' overlaps text 'second words'"]
    c = text("apart", 24).move_to(DOWN * 2)
    assert layout_overlaps([a, c])[1] == []
    axis = Line(LEFT * 3 + DOWN * 2, RIGHT * 3 + DOWN * 2)  # runs through c, and belongs to another diagram
    assert layout_overlaps([c, axis])[1] == ["text 'apart' overlaps a Line it is not a label of"]
    labelled = VGroup(axis.copy(), text("on its own axis", 20).move_to(DOWN * 2))
    assert layout_overlaps([labelled])[1] == [], "a label on its own diagram is not an overlap"
    boxes, _ = layout_overlaps([c.copy().move_to(UP * 3)])
    assert list(boxes.values())[0][3] > 3.0, "boxes are where the text is drawn"


def test_bad_dataset_or_hidden_says_what_is_valid(capsys):
    assert main(["moons", "--dataset", "pizza"]) == 2
    err = capsys.readouterr().err
    assert "unknown --dataset 'pizza'" in err and "circles" in err
    assert main(["moons", "--hidden", "0"]) == 2
    assert "--hidden must be 1 or more" in capsys.readouterr().err


def test_dataset_and_hidden_reach_the_scene(monkeypatch, tmp_path):
    seen = {}

    def fake_render_one(name, quality, media_dir, scene_env=None, log=None):
        seen[name] = (quality, dict(scene_env or {}))
        return name, tmp_path / f"{name}.mp4", 0.0

    monkeypatch.setattr(render, "_render_one", fake_render_one)
    monkeypatch.setattr(render, "check_dependencies", lambda: None)
    assert main(["moons", "--dataset", "circles", "--hidden", "8", "-q", "m", "--media-dir", str(tmp_path)]) == 0
    assert seen == {"moons": ("medium", {"AUTOGRAD_MINI_DATASET": "circles", "AUTOGRAD_MINI_HIDDEN": "8"})}


def _tiny_video(path, seconds: float, colour: int) -> None:
    import av
    import numpy as np

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=5)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(int(seconds * 5)):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), colour, dtype=np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def test_join_lesson_makes_one_video_with_a_chapter_per_part(tmp_path):
    av = pytest.importorskip("av")
    parts = [tmp_path / "a.mp4", tmp_path / "b.mp4"]
    _tiny_video(parts[0], 2.0, 40)
    _tiny_video(parts[1], 3.0, 200)
    out = render.join_lesson(parts, tmp_path / "lesson.mp4", ["Part 1: one", "Part 2: two"])
    with av.open(str(out)) as video:
        chapters = video.chapters()
        assert [c["metadata"]["title"] for c in chapters] == ["Part 1: one", "Part 2: two"]
        tb = chapters[0]["time_base"]
        assert float(chapters[0]["start"] * tb) == pytest.approx(0.0)
        assert float(chapters[1]["start"] * tb) == pytest.approx(2.0, abs=0.25)
        assert float(chapters[1]["end"] * tb) == pytest.approx(5.0, abs=0.3)
        frames = sum(1 for _ in video.decode(video=0))
    assert frames == 25


def test_lesson_titles_come_from_the_scenes():
    pytest.importorskip("manim")
    titles = render.lesson_titles(["by_hand", "closing"])
    assert titles == ["Part 2: Build a neuron by hand", "Part 6: What you built, and what comes next"]


@pytest.mark.slow
def test_real_render_writes_subtitles_beside_the_video(tmp_path):
    """manim writes an .srt beside the video from the scene's add_subcaption calls."""
    pytest.importorskip("manim")
    import av

    assert main(["closing", "--quality", "l", "--media-dir", str(tmp_path)]) == 0
    video = tmp_path / "videos" / "closing" / "480p15" / "Closing.mp4"
    srt = video.with_suffix(".srt")
    assert video.is_file() and srt.is_file()
    import srt as srt_module

    subs = list(srt_module.parse(srt.read_text()))
    with av.open(str(video)) as v:
        duration = float(v.duration / 1_000_000)
    assert subs[0].start.total_seconds() < 1.0
    assert subs[-1].end.total_seconds() == pytest.approx(duration, abs=0.5), "the subtitles cover the video"
    assert any("computer vision" in s.content for s in subs)
