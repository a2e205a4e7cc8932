"""`autograd-mini render`: its registry, its messages for bad input, and one real render.

Also the reusable graph mobject of scenes/common.py on graphs other than the neuron's.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from autograd_mini import render
from autograd_mini.render import QUALITIES, SCENES, SCENES_DIR, main


def test_registry_points_at_scene_files_and_classes():
    assert list(SCENES) == ["opening", "neuron", "descent", "xor", "moons"]
    assert SCENES["descent"] == ("descent.py", "DescentBowl")
    for name, (file, cls) in SCENES.items():
        source = (SCENES_DIR / file).read_text()
        assert f"class {cls}(" in source, f"{file} should define {cls}"
        assert "MathTex" not in source and "Tex(" not in source, "scenes use Pango text only (no LaTeX)"


def test_unknown_scene_lists_the_valid_ones(capsys):
    assert main(["bowl"]) == 2
    err = capsys.readouterr().err
    assert "unknown scene 'bowl'" in err
    for name in SCENES:
        assert name in err


def test_bad_quality_lists_the_valid_ones(capsys):
    assert main(["descent", "--quality", "ultra"]) == 2
    err = capsys.readouterr().err
    assert "unknown quality 'ultra'" in err and "low, medium, high" in err


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
    cmd = render.manim_command("descent", "low", Path("media"))
    assert cmd[1:4] == ["-m", "manim", "render"] and "-q" in cmd and cmd[cmd.index("-q") + 1] == "l"
    assert cmd[-2:] == [str(SCENES_DIR / "descent.py"), "DescentBowl"]
    assert render.video_path("descent", "low", Path("media")) == Path("media/videos/descent/480p15/DescentBowl.mp4")
    assert set(QUALITIES) == {"low", "medium", "high"}


def test_list(capsys):
    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    assert "descent" in out and "DescentBowl" in out


@pytest.mark.slow
def test_render_writes_the_video_and_prints_its_path(tmp_path, capsys):
    pytest.importorskip("manim")
    assert main(["opening", "--quality", "low", "--media-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    video = tmp_path / "videos" / "opening" / "480p15" / "Opening.mp4"
    assert video.is_file() and video.stat().st_size > 10_000
    assert str(video) in out or "Opening.mp4" in out


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
