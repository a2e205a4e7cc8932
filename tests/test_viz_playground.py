"""The neuron playground: its core trains the 40 points; both front ends follow sliders and Train."""

from __future__ import annotations

import json

import numpy as np
import pytest

from autograd_mini import accuracy, data, predict_proba
from autograd_mini.landscape import BOWL_WEIGHT_DECAY
from autograd_mini.viz.playground import NeuronPlayground, PlaygroundState


# ------------------------------------------------------------------------------ the core
def test_starts_at_zero_on_the_lessons_40_points():
    pg = NeuronPlayground()
    X, y = data.make_separable()
    assert (pg.w1, pg.w2, pg.b) == (0.0, 0.0, 0.0)
    assert np.array_equal(pg.X, X) and np.array_equal(pg.y, y) and len(pg.X) == 40
    assert pg.loss == pytest.approx(np.log(2))  # p = 0.5 everywhere
    assert pg.decision_line(*pg.limits()) is None  # w1 = w2 = 0: no line yet


def test_numbers_agree_with_the_engine():
    pg = NeuronPlayground(w1=1.0, w2=-0.5, b=0.2)
    assert np.allclose(pg.probabilities(), predict_proba(pg.neuron, pg.X))
    assert pg.accuracy == pytest.approx(accuracy(pg.neuron, pg.X, pg.y))
    assert pg.state().errors == int(pg.misclassified().sum()) == round((1 - pg.accuracy) * 40)
    assert pg.formula() == "y = σ(1.00·x1 − 0.50·x2 + 0.20)"


def test_train_separates_all_40_points_step_by_step():
    pg = NeuronPlayground(w1=1.0, w2=-0.5)
    start = pg.state()
    states = list(pg.train_steps())
    assert start.accuracy < 1.0
    assert len(states) > 10  # visible steps, not one jump
    assert [s.step for s in states] == list(range(1, len(states) + 1))
    assert states[-1].accuracy == 1.0 and states[-1].errors == 0
    assert states[-1].loss < start.loss / 3
    assert all(b.loss <= a.loss + 1e-12 for a, b in zip(states, states[1:]))  # downhill all the way


def test_train_step_uses_the_engines_gradient():
    pg = NeuronPlayground(w1=0.3, w2=0.1, b=-0.2)
    loss = pg._loss()
    loss.backward()
    grad_w, grad_b = (np.array(getattr(p.grad, "data", p.grad)) for p in (pg.neuron.weight, pg.neuron.bias))
    before = np.array([pg.w1, pg.w2, pg.b])
    pg.train_step(learning_rate=0.1)
    # the step minimises BCE + (wd/2)|w, b|^2: its gradient is the engine's plus wd times the parameters
    expected = before - 0.1 * (np.r_[grad_w[0], grad_b] + BOWL_WEIGHT_DECAY * before)
    assert np.allclose([pg.w1, pg.w2, pg.b], expected)
    assert not np.allclose(expected, before - 0.1 * np.r_[grad_w[0], grad_b])  # the L2 term is really there


def test_reset_and_json_round_trip():
    pg = NeuronPlayground(w1=0.7, w2=-1.2, b=0.4, learning_rate=0.3)
    pg.train_step()
    copy = NeuronPlayground.from_json(pg.to_json())
    assert copy.state() == pg.state() and copy.learning_rate == 0.3
    assert json.loads(pg.to_json())["w1"] == pg.w1
    assert pg.reset() == PlaygroundState(0, 0.0, 0.0, 0.0, pytest.approx(np.log(2)), 0.5, 20)
    with pytest.raises(ValueError, match="to_json"):
        NeuronPlayground.from_json("{}")


def test_decision_line_lies_where_the_probability_is_one_half():
    pg = NeuronPlayground(w1=1.5, w2=-0.7, b=0.9)
    (xa, ya), (xb, yb) = pg.decision_line(*pg.limits())
    points = np.array([[xa, ya], [xb, yb], [(xa + xb) / 2, (ya + yb) / 2]])
    assert np.allclose(pg.probabilities(points), 0.5)
    pg.set(w2=0.0)  # a vertical line
    (xa, ya), (xb, yb) = pg.decision_line(*pg.limits())
    assert xa == pytest.approx(xb) == pytest.approx(-0.9 / 1.5)


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        NeuronPlayground(np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="finite"):
        NeuronPlayground().set(w1=float("nan"))


# ------------------------------------------------------------------ matplotlib front end
@pytest.fixture
def mpl():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def _click(fig, button) -> None:
    """Press and release the mouse in the middle of a matplotlib Button, as a user would."""
    from matplotlib.backend_bases import MouseEvent

    fig.canvas.draw()
    x, y = button.ax.transAxes.transform((0.5, 0.5))
    for name in ("button_press_event", "button_release_event"):
        fig.canvas.callbacks.process(name, MouseEvent(name, fig.canvas, x, y, button=1))


def test_matplotlib_sliders_move_the_neuron_and_the_line(mpl):
    from autograd_mini.viz.playground_mpl import MatplotlibPlayground

    front = MatplotlibPlayground()
    assert front.view.line.get_xydata().size == 0  # no line at w = 0
    front.sliders["w1"].set_val(1.0)
    front.sliders["w2"].set_val(-0.5)
    pg = front.playground
    assert (pg.w1, pg.w2, pg.b) == (1.0, -0.5, 0.0)
    line = front.view.line.get_xydata()
    assert np.allclose(pg.probabilities(line), 0.5)
    wrong_side = int(np.sum(((pg.X @ np.array([1.0, -0.5])) > 0) != (pg.y == 1)))  # the line w·x = 0 by hand
    assert len(front.view.outlines.get_offsets()) == pg.state().errors == wrong_side > 0
    assert f"accuracy {1 - wrong_side / 40:.1%}" in front.view.readout.get_text()
    front.shade_toggle.set_active(0)  # switch the shading off
    assert not front.view.shading.get_visible()


def test_matplotlib_readout_and_note_sit_outside_the_points(mpl):
    from autograd_mini.viz.playground_mpl import MatplotlibPlayground

    front = MatplotlibPlayground()  # w = 0: the note "no line yet" is shown
    fig, ax = front.view.ax.figure, front.view.ax
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    data_area = ax.get_window_extent(renderer)
    for text in (front.view.readout, front.view.no_line_note):
        assert text.get_text()
        assert not text.get_window_extent(renderer).overlaps(data_area), text.get_text()


def test_matplotlib_train_click_moves_sliders_in_steps_to_a_separating_line(mpl):
    from autograd_mini.viz.playground_mpl import MatplotlibPlayground

    front = MatplotlibPlayground(NeuronPlayground(w1=1.0, w2=-0.5))
    _click(front.fig, front.train_button)
    assert len(front.frames) > 10
    assert len({round(s.w1, 3) for s in front.frames}) > 10  # the sliders passed through many values
    final = front.frames[-1]
    assert [front.sliders[k].val for k in ("w1", "w2", "b")] == [final.w1, final.w2, final.b]
    assert final.accuracy == 1.0 and len(front.view.outlines.get_offsets()) == 0
    _click(front.fig, front.reset_button)
    assert [front.sliders[k].val for k in ("w1", "w2", "b")] == [0.0, 0.0, 0.0]


def test_open_playground_without_a_display_says_what_to_do(mpl, monkeypatch):
    from autograd_mini.viz import NoDisplayError
    from autograd_mini.viz.playground_mpl import open_playground

    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    with pytest.raises(NoDisplayError, match="no display"):
        open_playground()
    monkeypatch.setenv("DISPLAY", ":0")  # a display, but matplotlib is on Agg
    with pytest.raises(NoDisplayError, match="GUI toolkit"):
        open_playground()


# -------------------------------------------------------------------- ipywidgets front end
def test_widgets_follow_sliders_and_train_without_a_kernel():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    from autograd_mini.viz.playground_widgets import WidgetPlayground

    front = WidgetPlayground(frame_delay=0.0, steps_per_frame=10)
    first_picture = front.image.value
    assert first_picture[:8] == b"\x89PNG\r\n\x1a\n"
    front.sliders["w1"].value = 1.0
    front.sliders["w2"].value = -0.5
    assert (front.playground.w1, front.playground.w2) == (1.0, -0.5)
    expected = f"{front.playground.state().accuracy:.1%}"
    assert front.image.value != first_picture and expected in front.readout.value and expected != "50.0%"
    front.train_button.click()
    assert len(front.frames) > 10 and front.frames[-1].accuracy == 1.0
    assert front.sliders["w1"].value == pytest.approx(front.frames[-1].w1, abs=0.01)
    assert "100.0%" in front.readout.value and not front.train_button.disabled
    front.shade_toggle.value = False
    assert not front.view.shading.get_visible()
    front.reset_button.click()
    assert [front.sliders[k].value for k in ("w1", "w2", "b")] == [0.0, 0.0, 0.0]
