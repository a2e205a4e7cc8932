"""The website's live playground and quiz (Python side): the same numbers as the notebook's.

`LivePlayground` runs on the scalar engine `Value` in the browser (Pyodide); here it is checked
against `viz.playground.NeuronPlayground` (tensor engine) for the same slider positions and
training steps, to 1e-9. `live_quiz` is checked against `quiz.grade` and `autograd-mini quiz`'s
report. The browser package (what the site build copies) is imported with numpy blocked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograd_mini import data, quiz
from autograd_mini.live_playground import SHADING_STOPS, LivePlayground
from autograd_mini.live_quiz import check, check_json, questions_json
from autograd_mini.viz.playground import NeuronPlayground

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "website" / "_live"))
import live_ext  # noqa: E402  (the site's extension, which copies the browser package)

TOLERANCE = 1e-9
STARTS = [(0.0, 0.0, 0.0), (1.3, -2.2, 0.7), (-6.0, 6.0, -6.0), (5.5, 5.9, -3.0), (-0.37, 0.0, 4.2)]


def _pair(w1: float, w2: float, b: float) -> tuple[NeuronPlayground, LivePlayground]:
    X, y = data.make_separable()
    return NeuronPlayground(w1=w1, w2=w2, b=b), LivePlayground(X.tolist(), y.tolist(), w1=w1, w2=w2, b=b)


def _assert_same_state(reference: NeuronPlayground, live: LivePlayground) -> None:
    state = live.state()
    expected = reference.state()
    for name in ("w1", "w2", "b", "loss", "accuracy"):
        assert state[name] == pytest.approx(getattr(expected, name), abs=TOLERANCE), name
    assert state["errors"] == expected.errors
    assert state["misclassified"] == reference.misclassified().tolist()
    assert state["step"] == expected.step
    assert state["formula"] == reference.formula()


@pytest.mark.parametrize("start", STARTS)
def test_read_outs_match_the_notebook_playground(start: tuple[float, float, float]) -> None:
    """Loss, accuracy, mistakes, probabilities, the line and the formula, for hand-set sliders."""
    reference, live = _pair(*start)
    _assert_same_state(reference, live)
    np.testing.assert_allclose(live.probabilities(), reference.probabilities(), atol=TOLERANCE, rtol=0)
    xlim, ylim = reference.limits()
    assert [*live.limits()[0], *live.limits()[1]] == pytest.approx([*xlim, *ylim], abs=TOLERANCE)
    line = reference.decision_line(xlim, ylim)
    mine = live.decision_line()
    assert (mine is None) == (line is None)
    if line is not None:
        assert [*mine[0], *mine[1]] == pytest.approx([*line[0], *line[1]], abs=TOLERANCE)


@pytest.mark.parametrize("start", STARTS)
def test_train_this_for_me_takes_the_same_steps(start: tuple[float, float, float]) -> None:
    """Every step of "Train this for me" from the same sliders: the same numbers, the same stop."""
    reference, live = _pair(*start)
    expected = list(reference.train_steps())
    got = list(live.train_steps())
    assert len(got) == len(expected) > 0
    for mine, theirs in zip(got, expected):
        for name in ("w1", "w2", "b", "loss", "accuracy"):
            assert mine[name] == pytest.approx(getattr(theirs, name), abs=TOLERANCE), (mine["step"], name)
        assert mine["errors"] == theirs.errors
    assert [s["done"] for s in got] == [False] * (len(got) - 1) + [True]
    _assert_same_state(reference, live)


def test_the_page_events_drive_the_same_playground() -> None:
    """set, start, step... through dispatch (what the page sends), then Reset."""
    reference, live = _pair(0.0, 0.0, 0.0)
    for name, value in (("w1", -1.25), ("w2", 2.5), ("b", 0.75)):
        reference.set(**{name: value})
        state = json.loads(live.dispatch(json.dumps({"do": "set", name: value})))
        assert state[name] == value and state["loss"] == pytest.approx(reference.loss, abs=TOLERANCE)
    live.dispatch(json.dumps({"do": "start"}))
    steps = 0
    while True:
        state = json.loads(live.dispatch(json.dumps({"do": "step"})))
        steps += 1
        if state["done"]:
            break
    expected = list(reference.train_steps())
    assert steps == len(expected)
    assert [state["w1"], state["w2"], state["b"]] == pytest.approx(
        [expected[-1].w1, expected[-1].w2, expected[-1].b], abs=TOLERANCE)
    shaded = json.loads(live.dispatch(json.dumps({"do": "state", "shading": True})))["shading"]
    assert len(shaded["stops"]) == SHADING_STOPS + 1
    # each stop's probability is the notebook playground's at that point of the gradient line
    (a1, a2), (b1, b2) = shaded["from"], shaded["to"]
    at_stops = np.array([[a1 + t * (b1 - a1), a2 + t * (b2 - a2)] for t, _ in shaded["stops"]])
    np.testing.assert_allclose([p for _, p in shaded["stops"]], reference.probabilities(at_stops), atol=TOLERANCE)
    # the ends of the gradient are where the picture's corners have their lowest and highest z
    corners = np.array([[x, yy] for x in reference.limits()[0] for yy in reference.limits()[1]])
    z = reference.logits(np.vstack([corners, at_stops[[0, -1]]]))
    assert (z[4], z[5]) == pytest.approx((z[:4].min(), z[:4].max()), abs=TOLERANCE)
    reset = json.loads(live.dispatch(json.dumps({"do": "reset"})))
    assert (reset["w1"], reset["w2"], reset["b"], reset["step"]) == (0.0, 0.0, 0.0, 0)
    with pytest.raises(ValueError, match="unknown event 'jump'"):
        live.dispatch(json.dumps({"do": "jump"}))
    with pytest.raises(ValueError, match="w1 must be a finite number"):
        live.set(w1=float("nan"))


def test_quiz_page_data_hides_the_key_and_grades_like_the_cli() -> None:
    """The page gets no key before checking; the verdict and explanations are the CLI's."""
    shown = questions_json()
    for question in quiz.QUESTIONS:
        for option in question.options:
            assert option.explanation not in shown  # explanations only after checking
    assert "correct" not in shown and "true" not in shown
    # every wrong answer, then every right one: the page's lines are the CLI report's paragraphs
    right = [q.correct_option.key for q in quiz.QUESTIONS]
    wrong = [next(o.key for o in q.options if not o.correct) for q in quiz.QUESTIONS]
    for answers in (wrong, right, right[:3] + wrong[3:]):
        result = check(answers)
        graded = quiz.grade(answers)
        report = " ".join(graded.report().split())
        assert result["score"] == graded.score and result["passed"] == graded.passed
        assert result["verdict"] == graded.verdict
        assert " ".join(result["score_line"].split()) in report
        for item in result["results"]:
            assert len(item["lines"]) == (2 if item["is_correct"] else 4)
            for line in item["lines"]:
                assert " ".join(line.split()) in report
    assert json.loads(check_json(json.dumps([right[0], None, "c", None, "a"]))) == {"missing": [2, 4]}


def test_the_browser_package_runs_without_numpy(tmp_path: Path) -> None:
    """What the site copies to _static/live/, imported by a Python where numpy cannot be imported."""
    runtime = tmp_path / "no-runtime"
    runtime.mkdir()
    live_ext.copy_assets(tmp_path / "_static", runtime)
    package = tmp_path / "_static" / "live"
    manifest = json.loads((package / "manifest.json").read_text())
    assert (package / "autograd_mini" / "engine" / "value.py").read_bytes() == (
        ROOT / "autograd_mini" / "engine" / "value.py").read_bytes()
    X, y = data.make_separable()
    program = (
        "import sys, json; sys.modules['numpy'] = None; sys.path.insert(0, sys.argv[1])\n"
        "from autograd_mini.live_playground import LivePlayground\n"
        "from autograd_mini import live_quiz\n"
        "pg = LivePlayground.from_json(sys.argv[2]); pg.set(0.4, -0.3, 0.2)\n"
        "states = list(pg.train_steps())\n"
        "print(json.dumps({'modules': sorted(m for m in sys.modules if m.startswith('autograd_mini')),"
        " 'final': states[-1], 'steps': len(states), 'quiz': live_quiz.check(['a'] * 5)['score']}))\n"
    )
    points = json.dumps({"X": X.tolist(), "y": y.tolist()})
    done = subprocess.run([sys.executable, "-c", program, str(package), points],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    expected = list(NeuronPlayground(w1=0.4, w2=-0.3, b=0.2).train_steps())
    assert out["steps"] == len(expected)
    assert [out["final"][k] for k in ("w1", "w2", "b")] == pytest.approx(
        [expected[-1].w1, expected[-1].w2, expected[-1].b], abs=TOLERANCE)
    assert out["quiz"] == quiz.grade(["a"] * 5).score
    copied = {f"autograd_mini/{name}" for name in manifest["python_files"]}
    imported = {re.sub(r"\.", "/", m) for m in out["modules"]}
    assert imported <= {name[:-3].removesuffix("/__init__") for name in copied}


def test_the_start_up_snapshot_is_cached_and_optional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cached snapshot is reused without Node.js; without Node.js there is none, with the reason, and the build goes on."""
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))  # no node
    snapshot, why_not = live_ext.ensure_snapshot(runtime, tmp_path)
    assert snapshot is None and "node" in why_not
    live_ext.copy_assets(tmp_path / "_static", runtime, snapshot)
    assert json.loads((tmp_path / "_static" / "live" / "manifest.json").read_text())["snapshot"] is None
    assert not (tmp_path / "_static" / "pyodide" / "snapshot.bin").exists()

    cached = tmp_path / f"snapshot-{live_ext.pinned_version()}.bin"
    cached.write_bytes(b"booted memory")
    assert live_ext.ensure_snapshot(runtime, tmp_path) == (cached, "")
    live_ext.copy_assets(tmp_path / "_static", runtime, cached)
    assert (tmp_path / "_static" / "pyodide" / "snapshot.bin").read_bytes() == b"booted memory"
    assert json.loads((tmp_path / "_static" / "live" / "manifest.json").read_text())["snapshot"] == "snapshot.bin"
