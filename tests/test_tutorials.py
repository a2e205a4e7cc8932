"""The notebooks of tutorials/: each runs top to bottom within 60 s, tells the lesson in the agreed
shape (what you will be able to do, a summary, exercises with checkers), and its checkers accept a
right answer, reject a wrong one and wait for a missing one. Plus the `autograd-mini tutorials`
command: listing, HTML export with embedded figures, and clear messages on failure.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

for _module in ("jupytext", "nbformat", "nbclient", "nbconvert", "ipykernel"):
    pytest.importorskip(_module, reason=f"the notebooks need the tutorials extra ({_module} is missing)")

import nbformat  # noqa: E402

from autograd_mini import tutorials  # noqa: E402

EXPECTED = [
    "01_the_neuron",
    "02_tune_a_neuron_by_hand",
    "03_gradient_descent",
    "04_why_depth_wins",
    "05_single_neuron_vs_mlp_on_moons",
    "06_knowledge_check",
]
TIME_LIMIT = 60.0  # seconds per notebook, on the CI's 2 cores

# For every checker of every notebook: an answer it must accept and one it must reject, as Python
# expressions evaluated in the notebook's own kernel after its last cell (so they may use its
# variables). `SETUP` runs first. A checker given the placeholder `...` must return None.
CHECKS: dict[str, list[tuple[str, str, str]]] = {
    "01_the_neuron": [
        ("check_steepest", "'w2'", "'w1'"),
        ("check_dy_dx1", "y.data * (1 - y.data) * w1.data", "y.data * (1 - y.data) * x1.data"),
        ("check_collapse", "(-1.0, -4.0, 5.0)", "(0.5, 2.0, -1.0)"),
    ],
    "02_tune_a_neuron_by_hand": [
        ("check_separating", "(1.0, 1.0, -0.5)", "(1.0, 0.0, 0.0)"),
        ("check_scaled_loss", "'lower'", "'same'"),
        ("check_all_wrong", "(-1.0, -1.0, 0.5)", "(1.0, 1.0, -0.5)"),
    ],
    "03_gradient_descent": [
        ("check_updates", "125", "25"),
        ("check_blow_up", "0.65", "0.9"),
        ("check_ditch", "2.0", "-2.0"),
    ],
    "04_why_depth_wins": [
        ("check_gates", "{'and', 'or', 'nand'}", "{'and', 'or', 'xor'}"),
        ("check_xor_by_hand", "{'h1': (20, 20, -10), 'h2': (-20, -20, 30), 'out': (20, 20, -30)}",
         "{'h1': (1, 1, 0), 'h2': (1, 1, 0), 'out': (1, 1, 0)}"),
        ("check_linear_hidden", "'no'", "'yes'"),
    ],
    "05_single_neuron_vs_mlp_on_moons": [
        ("check_line_on_moons", "'no'", "'yes'"),
        ("check_noisy_moons", "_trained", "nn.Linear(2, 1)"),
        ("check_noisy_moons", "_trained", "'a string, not a model'"),
        ("check_parameter_count", "65", "64"),
    ],
    "06_knowledge_check": [
        ("check_my_answers", "'b,d,a,c,d'", "'a,a,a,a,a'"),
        ("check_my_answers", "'b,d,a,c,a'", "'b,d,a,a,a'"),  # 4 of 5 passes, 3 of 5 does not
        ("check_too_large", "'B'", "'A'"),
        ("check_xor_model", "'C'", "'B'"),
    ],
}
SETUP = {
    "05_single_neuron_vs_mlp_on_moons": (
        "_trained = nn.MLP(2, [16, 1], activation='tanh', seed=0)\n"
        "fit(_trained, *NOISY_TRAIN, optimizer='adam', lr=0.05, epochs=300, progress=False)"
    ),
}

VERIFY = '''
def _verify(checker, answer, expected):
    got = checker(answer)
    assert got is expected, f"{checker.__name__}({answer!r}) returned {got!r}, expected {expected!r}"
'''


def notebook_path(name: str) -> Path:
    return tutorials.TUTORIALS_DIR / f"{name}.py"


def checker_cell_source(name: str) -> str:
    lines = [VERIFY, SETUP.get(name, "")]
    for checker, good, bad in CHECKS[name]:
        lines.append(f"_verify({checker}, ..., None)")
        lines.append(f"_verify({checker}, {good}, True)")
        lines.append(f"_verify({checker}, {bad}, False)")
    lines.append("print('all checkers verified')")
    return "\n".join(lines)


def outputs(notebook, kind: str | None = None):
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if kind is None or output.get("output_type") == kind:
                yield index, cell, output


# ------------------------------------------------------------------------ without a kernel
def test_notebooks_are_the_six_parts_in_reading_order():
    assert [p.stem for p in tutorials.find_notebooks()] == EXPECTED


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_has_the_lesson_shape(name):
    nb = tutorials.read_notebook(notebook_path(name))
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = [c for c in nb.cells if c.cell_type == "code"]

    assert markdown[0].startswith("# Part "), "the first cell is the title"
    assert "you will be able to" in markdown[0].lower(), "it opens with what the learner will be able to do"
    assert any(m.lstrip().startswith("## Summary") or "\n## Summary" in m for m in markdown), "a summary"
    assert any("## Exercises" in m for m in markdown), "an exercises section"
    assert "%matplotlib inline" in code[0].source, "figures show under any MPLBACKEND (Agg in CI)"
    assert any("show_scene(" in c.source for c in code), "it embeds its scene"

    checker_cells = [c for c in code if "checkers" in c.metadata.get("tags", [])]
    assert len(checker_cells) == 1, "one cell (tagged 'checkers') defines the checkers"
    defined = re.findall(r"^def (check_\w+)\(", checker_cells[0].source, flags=re.M)
    assert 2 <= len(defined) <= 3, "two or three exercises"
    assert sorted(set(defined)) == sorted({c for c, _, _ in CHECKS[name]}), "every checker is tested below"

    # Each exercise: a cell holding the placeholder `...`, then a cell calling its checker with it.
    for checker in defined:
        calls = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip().startswith(f"{checker}(")]
        assert len(calls) == 1, f"one cell runs {checker}"
        answer_variable = nb.cells[calls[0]].source.strip()[len(checker) + 1:-1]
        previous = [c for c in nb.cells[:calls[0]] if c.cell_type == "code"][-1]
        assert re.search(rf"^{answer_variable} = \.\.\.", previous.source, flags=re.M), (
            f"the exercise cell before {checker} holds the placeholder: {answer_variable} = ...")


@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_round_trips_through_jupytext(name):
    """Opening a notebook in Jupyter (with jupytext) and saving it leaves the file as it is: clean diffs."""
    import jupytext

    text = notebook_path(name).read_text(encoding="utf-8")
    assert jupytext.writes(jupytext.reads(text, fmt="py:percent"), fmt="py:percent") == text


def test_readme_links_the_notebooks_in_reading_order():
    readme = (tutorials.TUTORIALS_DIR / "README.md").read_text(encoding="utf-8")
    positions = [readme.find(f"]({name}.py)") for name in EXPECTED]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_list_shows_every_notebook_with_its_title(capsys):
    assert tutorials.main(["--list"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.strip().splitlines()] == EXPECTED
    assert "Part 1: the neuron is three steps" in out


def test_cli_dispatches_to_tutorials(capsys):
    from autograd_mini.cli import main as cli_main

    assert cli_main(["tutorials", "--list"]) == 0
    assert "06_knowledge_check" in capsys.readouterr().out


def test_unknown_notebook_name_is_a_clear_error(capsys):
    assert tutorials.main(["99_nope"]) == 2
    err = capsys.readouterr().err
    assert "no notebook matches '99_nope'" in err and "01_the_neuron" in err


def test_missing_extra_names_the_install_command(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "nbclient", None)  # `import nbclient` now raises ImportError
    assert tutorials.main(["01"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'autograd_mini[tutorials]'" in err and "nbclient" in err
    assert "Traceback" not in err


def test_show_scene_without_renders_explains_how_to_make_them(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(tutorials, "IMAGES_DIR", tmp_path / "images")
    monkeypatch.setattr(tutorials, "MEDIA_DIR", tmp_path / "media")
    tutorials.show_scene("neuron")
    assert "autograd-mini render neuron" in capsys.readouterr().out
    with pytest.raises(ValueError, match="unknown scene 'nope'"):
        tutorials.show_scene("nope")


def test_show_scene_displays_the_still_and_the_video(monkeypatch, tmp_path):
    from autograd_mini.render import video_path

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "scene_moons.png").write_bytes(png)
    video = video_path("moons", "low", tmp_path / "media")
    video.parent.mkdir(parents=True)
    video.write_bytes(b"not really an mp4")
    monkeypatch.setattr(tutorials, "IMAGES_DIR", tmp_path / "images")
    monkeypatch.setattr(tutorials, "MEDIA_DIR", tmp_path / "media")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    tutorials.show_scene("moons")
    assert type(shown[0]).__name__ == "Image" and shown[0].data == png
    assert "data:video/mp4;base64," in shown[1].data
    shown.clear()
    tutorials.show_scene("moons", video=False)  # the still alone
    assert [type(s).__name__ for s in shown] == ["Image"]
    shown.clear()
    (tmp_path / "images" / "scene_moons.png").unlink()
    tutorials.show_scene("moons", video=False)  # no still yet: the video stands in
    assert len(shown) == 1 and "data:video/mp4;base64," in shown[0].data


def test_checker_voice():
    assert tutorials.is_placeholder(...) and tutorials.is_placeholder(None) and not tutorials.is_placeholder(0)
    assert tutorials.right("because") is True
    assert tutorials.wrong("because") is False
    assert tutorials.not_answered("how") is None


# ------------------------------------------------------------------------ with a kernel
@pytest.mark.slow
@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs_top_to_bottom_and_its_checkers_judge_answers(name):
    nb = tutorials.read_notebook(notebook_path(name))
    original_cells = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(checker_cell_source(name)))

    result = tutorials.execute_notebook(notebook_path(name), timeout=TIME_LIMIT, notebook=nb)  # raises on any error

    assert result.seconds < TIME_LIMIT
    assert not list(outputs(nb, "error"))
    stderr = [(i, o["text"]) for i, _, o in outputs(nb, "stream") if o.get("name") == "stderr"]
    if shutil.which("dot") is None:  # without graphviz's dot, draw_graph warns (once) how to install it
        stderr = [(i, text) for i, text in stderr if "graphviz" not in text]
    assert not stderr, f"a cell wrote to stderr (a warning?): {stderr}"
    # The notebook as a learner first runs it: every check cell says 'not answered yet', no crash.
    check_cells = [c for c in nb.cells[:original_cells] if c.cell_type == "code" and c.source.strip().startswith("check_")]
    assert check_cells
    for cell in check_cells:
        text = "".join(o.get("text", "") for o in cell.outputs)
        assert text.startswith("Not answered yet"), f"{cell.source!r} printed {text!r}"
    # The appended cell ran every checker on a right and a wrong answer.
    assert "all checkers verified" in "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    # Figures are real cell outputs (the knowledge check shows only stills, when rendered).
    if name != "06_knowledge_check":
        assert any("image/png" in o.get("data", {}) for _, _, o in outputs(nb))


@pytest.mark.slow
def test_html_export_embeds_the_figures(tmp_path, capsys):
    assert tutorials.main(["01_the_neuron", "--html", "--html-dir", str(tmp_path)]) == 0
    page = (tmp_path / "01_the_neuron.html").read_text(encoding="utf-8")
    assert "<title>Part 1: the neuron is three steps</title>" in page
    assert page.count("data:image/png;base64,") >= 2  # the engine's matplotlib figures, inside the page
    assert "data:image/svg+xml;base64,PD94" in page  # the computation graph (an SVG document)
    assert "Not answered yet" in page
    assert "01_the_neuron" in capsys.readouterr().out


@pytest.mark.slow
def test_a_failing_notebook_names_the_notebook_the_cell_and_the_error(tmp_path, capsys):
    (tmp_path / "01_broken.py").write_text(
        "# %% [markdown]\n# # Broken\n\n# %%\nx = 1\n\n# %%\ny = x + not_defined_anywhere\n\n# %%\nprint('never')\n",
        encoding="utf-8",
    )
    (tmp_path / "02_fine.py").write_text("# %% [markdown]\n# # Fine\n\n# %%\nprint('fine')\n", encoding="utf-8")
    assert tutorials.main(["--dir", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    out, err = captured.out, captured.err
    assert "01_broken" in out and "FAILED at cell 3" in out
    assert re.search(r"02_fine +[0-9.]+ s  ok", out), "the other notebooks still run"
    assert "1 of 2 notebook(s) failed" in err
    assert "01_broken.py failed at cell 3" in err
    assert "NameError: name 'not_defined_anywhere' is not defined" in err
    assert "y = x + not_defined_anywhere" in err
    assert "Traceback" not in err
