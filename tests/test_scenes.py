"""The lesson's videos, rendered headlessly and checked as a viewer and a teacher would.

1. every part renders, lasts 45-150 s, and nothing is drawn off the frame;
2. pacing: from each scene's own log, every text was fully formed and still for at least
   2.5 s + 0.25 s per word (3 s for a payoff), and every text kept 0.3 units inside the frame;
3. captions: one after another, covering the video to its end (they are also the subtitles);
4. every number a caption quotes is the engine's, recomputed here independently (numpy);
5. the ball is drawn where the engine put it; the boundary where the model's contour is;
6. the last frame matches a golden image (regenerate: `python tools/make_goldens.py`).

Each scene is rendered once per test process with `autograd_mini.render.TEST_SETTINGS`.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

pytest.importorskip("manim")
pytest.importorskip("contourpy")

from manim import VMobject  # noqa: E402

from autograd_mini.render import GOLDEN_DIR, SCENES, TEST_SETTINGS, load_scene_class, render_in_process  # noqa: E402
from autograd_mini.train import predict_class, predict_proba, set_state  # noqa: E402

pytestmark = pytest.mark.slow

ALL = list(SCENES)
MARGIN = 0.3


# --------------------------------------------------------------------------- helpers
def hex_rgb(color: str) -> np.ndarray:
    h = color.lstrip("#")
    return np.array([int(h[k:k + 2], 16) for k in (0, 2, 4)], dtype=float)


def to_pixel(scene, point) -> tuple[int, int]:
    """Screen point (manim units) -> (column, row) of the rendered frame."""
    cam = scene.camera
    c = cam.frame_center
    col = (point[0] - c[0] + cam.frame_width / 2) / cam.frame_width * cam.pixel_width
    row = (c[1] + cam.frame_height / 2 - point[1]) / cam.frame_height * cam.pixel_height
    return int(round(col - 0.5)), int(round(row - 0.5))


def count_near(frame: np.ndarray, col: int, row: int, color: str, radius: int = 2, tol: float = 60.0) -> int:
    """How many pixels within `radius` of (col, row) are within `tol` of `color` (per channel)."""
    h, w = frame.shape[:2]
    window = frame[max(row - radius, 0):min(row + radius + 1, h), max(col - radius, 0):min(col + radius + 1, w), :3]
    return int(np.sum(np.all(np.abs(window.astype(float) - hex_rgb(color)) <= tol, axis=-1)))


def module_of(name: str):
    return sys.modules[load_scene_class(name).__module__]


def outside_frame(scene, margin: float = 0.05) -> list[tuple[str, tuple]]:
    """Visible vector mobjects on screen that reach outside the frame."""
    half_w, half_h = scene.camera.frame_width / 2 + margin, scene.camera.frame_height / 2 + margin
    found = []
    for mob in scene.mobjects:
        for m in mob.get_family():
            if not (isinstance(m, VMobject) and m.has_points()):
                continue
            if m.get_fill_opacity() <= 0.01 and m.get_stroke_opacity() * m.get_stroke_width() <= 0.01:
                continue
            lo, hi = m.points.min(axis=0), m.points.max(axis=0)
            if lo[0] < -half_w or hi[0] > half_w or lo[1] < -half_h or hi[1] > half_h:
                found.append((type(m).__name__, tuple(np.round([lo[0], hi[0], lo[1], hi[1]], 2))))
    return found


class Recorder:
    """Sees every frame as it is drawn: what was off the frame, and where the descent balls were."""

    def __init__(self):
        self.frames = 0
        self.outside: list[tuple] = []
        self.seen_log = 0
        self.ball_checks: list[tuple[int, str, int]] = []

    def __call__(self, scene, index: int, rgba: np.ndarray) -> None:
        self.frames += 1
        if self.frames % 4 == 0:
            self.outside.extend((index, *o) for o in outside_frame(scene))
        log = getattr(scene, "ball_log", None)
        if not log or len(log) == self.seen_log:
            return
        from common import BALL

        latest = {name: centre for name, _, centre in log[self.seen_log:]}
        self.seen_log = len(log)
        for name, centre in latest.items():
            col, row = to_pixel(scene, centre)
            colour = getattr(scene, "ball_colors", {}).get(name, BALL)
            self.ball_checks.append((index, name, count_near(rgba, col, row, colour, radius=2, tol=50)))


_RENDERS: dict[str, tuple] = {}


def rendered(name: str):
    """(scene, recorder): the scene rendered once per test process."""
    if name not in _RENDERS:
        recorder = Recorder()
        scene = render_in_process(name, on_frame=recorder, **TEST_SETTINGS)
        _RENDERS[name] = (scene, recorder)
    return _RENDERS[name]


def caption_numbers(scene, key: str) -> list:
    """The value `key` that each caption quoting it quoted, in order."""
    return [c.numbers[key] for c in scene.caption_log if key in c.numbers]


# ======================================================= 1. it renders, long enough, in frame
@pytest.mark.parametrize("name", ALL)
def test_every_part_renders_and_lasts_45_to_150_seconds(name):
    scene, recorder = rendered(name)
    assert 45.0 <= scene.renderer.time <= 150.0, f"{name} lasts {scene.renderer.time:.1f} s"
    assert scene.last_frame[..., :3].std() > 5, "the last frame should not be blank"
    final = outside_frame(scene)
    assert not final and not recorder.outside, f"drawn outside the frame: {(final or recorder.outside)[:5]}"


# ======================================================================= 2. pacing and margins
@pytest.mark.parametrize("name", ALL)
def test_every_text_is_held_long_enough_to_read(name):
    scene, _ = rendered(name)
    assert scene.text_log, "the scene logs what it showed"
    short = [(r.text[:60], round(r.held, 2), round(r.need, 2)) for r in scene.text_log if r.held + 1e-6 < r.need]
    assert not short, f"texts not held 2.5 s + 0.25 s per word (text, held, needed): {short[:5]}"
    for r in scene.text_log:
        assert r.need >= 2.5 + 0.25 * len(r.text.split()) - 1e-9
        if r.payoff:
            assert r.held >= 3.0


@pytest.mark.parametrize("name", ALL)
def test_every_text_stays_inside_the_margin(name):
    scene, _ = rendered(name)
    half_w, half_h = scene.camera.frame_width / 2 - MARGIN, scene.camera.frame_height / 2 - MARGIN
    outside = [(r.text[:40], b) for r in scene.text_log for b in r.boxes
               if b[0] < -half_w - 1e-6 or b[1] > half_w + 1e-6 or b[2] < -half_h - 1e-6 or b[3] > half_h + 1e-6]
    assert not outside, f"text closer than {MARGIN} to the frame's edge: {outside[:5]}"


@pytest.mark.parametrize("name", ALL)
def test_no_text_overlaps_another_text_or_a_diagram_it_is_not_a_label_of(name):
    """From the scene's own layout log (after every animation): text boxes apart, diagrams out of
    them, and every text 0.3 units inside the frame."""
    scene, _ = rendered(name)
    assert len(scene.layout_log) > 10, "the scene logs its layout after every animation"
    first_seen: dict[str, float] = {}
    for record in scene.layout_log:
        for overlap in record.overlaps:
            first_seen.setdefault(overlap, record.time)
    assert not first_seen, "overlaps (first seen at t s): " + "; ".join(f"{o} at {t:.1f}" for o, t in first_seen.items())
    half_w, half_h = scene.camera.frame_width / 2 - MARGIN, scene.camera.frame_height / 2 - MARGIN
    outside = {(t[:40], r.time) for r in scene.layout_log for t, b in r.boxes.items()
               if b[0] < -half_w - 1e-6 or b[1] > half_w + 1e-6 or b[2] < -half_h - 1e-6 or b[3] > half_h + 1e-6}
    assert not outside, f"text closer than {MARGIN} to the frame's edge (text, time): {sorted(outside)[:5]}"


# ============================================================================= 3. captions
@pytest.mark.parametrize("name", ALL)
def test_captions_follow_one_another_and_cover_the_video(name):
    scene, _ = rendered(name)
    caps = scene.caption_log
    assert caps[0].start < 1.0, "the title card is the first caption"
    for a, b in zip(caps, caps[1:]):
        assert a.end is not None and a.end <= b.start + 1e-9, "captions never overlap"
    assert caps[-1].end == pytest.approx(scene.renderer.time), "the last caption lasts to the end"
    covered = sum(c.end - c.start for c in caps)
    assert covered >= 0.75 * scene.renderer.time, f"captions cover {covered:.0f} of {scene.renderer.time:.0f} s"
    assert all(len(c.text.split()) >= 2 for c in caps)


# =========================================================== 4. every number is the engine's
def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_neuron_captions_and_gradients_are_the_engines():
    scene, _ = rendered("neuron")
    v = scene.v
    X_t = np.array([v["x1"].data, v["x2"].data])
    w = np.array([v["w1"].data, v["w2"].data])
    t = v["label"]
    y = _sigmoid(w @ X_t + v["b"].data)  # the neuron, written out in numpy
    assert caption_numbers(scene, "y")[0] == pytest.approx(y, abs=1e-12)
    assert v["same_neuron"] == pytest.approx(y, abs=1e-12), "the step-by-step graph is the engine neuron's"
    L = -np.log(y if t == 1 else 1 - y)
    assert caption_numbers(scene, "L")[0] == pytest.approx(L, abs=1e-12)
    assert caption_numbers(scene, "right")[0] == ((y > 0.5) == (t == 1))
    # dL/dz = y - t for the log loss of a sigmoid; dL/dw = (y - t) x, dL/db = y - t
    grads = caption_numbers(scene, "w1")[-1], caption_numbers(scene, "w2")[-1], caption_numbers(scene, "b")[-1]
    np.testing.assert_allclose(grads, [(y - t) * X_t[0], (y - t) * X_t[1], y - t], atol=1e-12)
    graph = scene.graph
    assert graph.shown_grad == {name: u.grad for name, u in zip(graph.names, graph.order)}
    assert set(graph.shown_data) == set(graph.names), "every value was written in"
    ops = [graph.nodes[i].name.text for i in range(len(graph.order))]
    assert sum("\u00d7" in o for o in ops) == 2 and sum("\u03c3" in o for o in ops) == 1, "multiply, add, squash apart"
    # the nudge: w - lr * dL/dw, then the loss of a forward pass with the new weights, in numpy
    lr = caption_numbers(scene, "lr")[0]
    new = np.array([caption_numbers(scene, f"new {k}")[0] for k in ("w1", "w2", "b")])
    np.testing.assert_allclose(new, np.array([*w, v["b"].data]) - lr * np.array(grads), atol=1e-12)
    y_after = _sigmoid(new[:2] @ X_t + new[2])
    L_after = -np.log(y_after if t == 1 else 1 - y_after)
    assert caption_numbers(scene, "L after")[0] == pytest.approx(L_after, abs=1e-12)
    assert L_after < L, "one step against the gradient lowers this point's loss"


def test_by_hand_read_outs_and_captions_are_the_engines():
    scene, _ = rendered("by_hand")
    X, y = scene.X, scene.y
    for f in scene.shown[:: max(len(scene.shown) // 25, 1)]:
        w1, w2, b = f["params"]
        pred = (X @ np.array([w1, w2]) + b > 0).astype(int)
        assert f["accuracy"] == pytest.approx(np.mean(pred == y), abs=1e-12)
        np.testing.assert_array_equal(f["pred"], pred)
        p = _sigmoid(X @ np.array([w1, w2]) + b)
        bce = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
        assert f["loss"] == pytest.approx(bce + 0.005 * (w1 ** 2 + w2 ** 2 + b ** 2), rel=1e-9)
    assert scene.shown[0]["params"] == (0.0, 0.0, 0.0), "the sliders start at 0.0"
    assert caption_numbers(scene, "accuracy")[0] == pytest.approx(50.0)
    assert caption_numbers(scene, "loss")[0] == pytest.approx(np.log(2), abs=1e-12)
    assert scene.shown[-1]["params"][:2] == pytest.approx(tuple(scene.bowl_path.points[-1]), abs=1e-9)
    assert caption_numbers(scene, "accuracy")[-1] == pytest.approx(100.0), "trained, the line separates the 40"


def test_descent_numbers_are_the_bowls():
    scene, _ = rendered("descent")
    bowl = scene.bowl
    p = scene.path
    for k in (0, len(p.points) // 2, len(p.points) - 1):
        assert p.losses[k] == pytest.approx(bowl.loss(*p.points[k]), rel=1e-12)
    assert caption_numbers(scene, "end")[0] == pytest.approx(p.losses[-1])
    small, right, large = (scene.rate_paths[n] for n in bowl.learning_rates)
    assert caption_numbers(scene, "ups")[0] == int(np.sum(np.diff(large.losses) > 0)) > 0
    assert small.losses[-1] > right.losses[-1] and large.losses[-1] > right.losses[-1]
    (shallow, deep) = caption_numbers(scene, "shallow")[0], caption_numbers(scene, "deep")[0]
    mod = module_of("descent")
    f = lambda w: (w[0] ** 2 - 1) ** 2 + 0.4 * w[0] + 0.8 * w[1] ** 2 + 0.5  # noqa: E731  (the surface, in numpy)
    assert shallow[1] == pytest.approx(f(shallow[0])) and deep[1] == pytest.approx(f(deep[0]))
    assert deep[1] < shallow[1] and deep[0][0] * shallow[0][0] < 0, "two different valleys, the deeper one is lower"
    assert mod.DITCH_LIFT == 0.5 and deep[1] > 0, "a loss above 0, like a real one"
    g1, g2 = np.meshgrid(mod.DITCH_W1, mod.DITCH_W2, indexing="ij")
    np.testing.assert_allclose(scene.ditch_surface.losses, f((g1, g2)), atol=1e-12)  # the surface drawn is that loss


def test_descent_ball_drawn_where_the_engine_put_it_and_visible():
    from common import ball_at

    scene, recorder = rendered("descent")
    balls = {"main": (scene.surface, scene.path)}
    for name, bowl, ball, path, *_ in scene.columns:
        balls[name] = (bowl, path)
    for name, path in scene.ditch.items():  # the two balls of the local-minimum surface
        balls[name] = (scene.ditch_surface, path)
    assert {name for name, _, _ in scene.ball_log} == set(balls)
    assert len(scene.ball_log) > 20
    for name, t, centre in scene.ball_log[::7]:
        surface, path = balls[name]
        radius = 0.13 if name == "main" else 0.1
        assert np.allclose(centre, ball_at(surface, path, t, radius), atol=1e-6), f"{name} at step {t:.2f}"
    hidden = [c for c in recorder.ball_checks if c[2] < 3]
    assert not hidden, f"the ball must be visible on the surface (frame, ball, pixels): {hidden[:5]}"


def test_xor_is_told_honestly():
    scene, _ = rendered("xor")
    X, y = scene.X, scene.y
    # the best a line does, measured here with random lines in numpy: 3 of 4, never 4
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(20000, 2)), rng.normal(size=20000)
    acc = np.mean(((X @ W.T + b) > 0).astype(int) == y[:, None], axis=0)
    assert acc.max() == 0.75 and caption_numbers(scene, "best")[0] == 3
    lo, hi = caption_numbers(scene, "low")[0], caption_numbers(scene, "high")[0]
    last = scene.neuron_frames[-1]
    assert (lo, hi) == (last["probs"].min(), last["probs"].max())
    assert scene.flat == (max(abs(lo - 0.5), abs(hi - 0.5)) < 0.02)
    set_state(scene.neuron, scene.neuron_history.params_at(last["epoch"]))
    assert caption_numbers(scene, "end")[0] == np.mean(predict_class(scene.neuron, X) == y)
    assert caption_numbers(scene, "accuracy")[-1] == 1.0, "the 2-3-1 network solves XOR"
    _shown_in_order(scene.shown, scene.neuron_frames + scene.mlp_frames)
    _gradients_flow_back_continuously_and_are_the_engines(scene, module_of("xor"))
    first = scene.mlp_model.linears[0]
    for j, lines in enumerate(scene.hidden_lines):
        pts = np.concatenate(lines)
        pre = pts @ first.weight.data[j] + first.bias.data[j]
        assert np.max(np.abs(pre)) < 1e-9, "each hidden line is where that neuron's input is 0"


def _gradients_flow_back_continuously_and_are_the_engines(scene, mod) -> None:
    """The violet pulses' widths come from dL/dW at each snapshot: recomputed here by backprop in numpy."""
    from autograd_mini import nn

    X, y = scene.X, scene.y.reshape(-1, 1)
    probe = nn.MLP(2, [mod.HIDDEN, 1], activation="tanh", seed=mod.SEED)
    for e, snap in zip(mod.MLP_EPOCHS, scene.snapshots):
        set_state(probe, scene.mlp_history.params_at(e))
        (W0, b0), (W1, b1) = [(lin.weight.data, lin.bias.data) for lin in probe.linears]
        h = np.tanh(X @ W0.T + b0)
        d_out = (_sigmoid(h @ W1.T + b1) - y) / len(y)  # dL/d(logit) of the mean BCE
        d_pre = (d_out @ W1) * (1 - h ** 2)
        np.testing.assert_allclose(snap["grads"][1], d_out.T @ h, atol=1e-12)
        np.testing.assert_allclose(snap["grads"][0], d_pre.T @ X, atol=1e-12)
    times, positions, phases, widths = (np.array(c) for c in zip(*scene.flow_log))
    period = mod.PULSE_PERIOD
    assert times[-1] - times[0] > 5 * period, "the gradients flow all through training, not once"
    assert positions[0] == 0 and positions[-1] == len(mod.MLP_EPOCHS) - 1
    assert np.mean(phases < 0.5) > 0.3 and np.mean(phases >= 0.5) > 0.3, "back along both layers in turn"
    assert widths[-1] > 1.3 * widths[0], "the edges thicken as the weights grow"


def test_moons_captions_are_measured_and_boundary_is_the_contour():
    from common import BOUNDARY, contour_lines

    scene, _ = rendered("moons")
    X, y = scene.X, scene.y
    for frames, history, model in ((scene.neuron_frames, scene.neuron_history, scene.neuron),
                                   (scene.mlp_frames, scene.mlp_history, scene.mlp_model)):
        f = frames[-1]
        set_state(model, history.params_at(f["epoch"]))
        np.testing.assert_array_equal(f["pred"], predict_class(model, X))
        gx, gy = np.meshgrid(f["xs"], f["ys"])
        P = predict_proba(model, np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
        np.testing.assert_allclose(f["probs"], P, atol=1e-12)
        for got, want in zip(f["lines"], contour_lines(f["xs"], f["ys"], P)):
            np.testing.assert_allclose(got, want, atol=1e-12)
    wrong = caption_numbers(scene, "wrong")
    assert wrong[0] == int(np.sum(scene.neuron_frames[-1]["pred"] != y)) > 0
    assert wrong[1] == int(np.sum(scene.mlp_frames[-1]["pred"] != y))
    assert caption_numbers(scene, "accuracy")[-1] >= 0.97
    _shown_in_order(scene.shown, scene.neuron_frames + scene.mlp_frames)


def _shown_in_order(shown: list, frames: list) -> None:
    """The snapshots the read-outs showed are the replayed ones, in order, first and last included
    (at the tests' 2 frames a second a step can pass between two frames; at 15 it cannot)."""
    ids = [id(f) for f in frames]
    positions = [ids.index(id(f)) for f in shown]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert positions[0] == 0 and positions[-1] == len(frames) - 1


def test_opening_activations_come_from_calling_the_model():
    scene, _ = rendered("opening")
    mod = module_of("opening")
    model = scene.model
    for x, values in zip(mod.INPUTS, scene.flows):
        W = np.array([[w.data for w in n.w] for n in model.layers[0].neurons])
        b = np.array([n.b.data for n in model.layers[0].neurons])
        np.testing.assert_allclose(values[1], np.tanh(W @ np.array(x) + b), atol=1e-12)
        W2 = np.array([w.data for w in model.layers[1].neurons[0].w])
        out = _sigmoid(W2 @ np.tanh(W @ np.array(x) + b) + model.layers[1].neurons[0].b.data)
        assert values[2][0] == pytest.approx(out, abs=1e-12)
    assert caption_numbers(scene, "y")[0] > 0.9 and caption_numbers(scene, "y")[1] < 0.1


def test_closing_results_are_measured():
    scene, _ = rendered("closing")
    r = scene.caption_log[1].numbers
    assert r["xor_line"] == 0.75 and r["xor_mlp"] == 1.0 and r["neuron"] == 1.0
    assert r["moons_line"] < 0.9 <= r["moons_mlp"]


# ======================================================================= 6. golden images
@pytest.mark.parametrize("name", ALL)
def test_last_frame_matches_golden(name):
    from PIL import Image

    path = GOLDEN_DIR / f"{name}.png"
    if not path.is_file():
        pytest.fail(f"no golden image {path}; make it with: python tools/make_goldens.py {name}")
    scene, _ = rendered(name)
    golden = np.asarray(Image.open(path).convert("RGB"), dtype=float)
    frame = scene.last_frame[..., :3].astype(float)
    assert frame.shape == golden.shape
    diff = np.abs(frame - golden).max(axis=-1)
    changed = float(np.mean(diff > 48))
    assert diff.mean() < 3.0 and changed < 0.015, (
        f"the last frame of {name} differs from {path.name} (mean difference {diff.mean():.2f}, "
        f"{100 * changed:.2f}% of pixels changed). If the change is intended: python tools/make_goldens.py {name}")


# ======================================================= 7. a learner's own model on the moons
def test_your_own_model_and_history_render_and_the_captions_follow_them():
    """The documented Python way: MODEL = (model, history) in a subclass of the moons scene."""
    from autograd_mini import data, nn
    from autograd_mini.train import fit

    moons = load_scene_class("moons")
    X, y = data.load("circles", seed=1)
    model = nn.MLP(2, [6, 1], activation="relu", seed=2)
    epochs = [0, 15, 40, 80]
    history = fit(model, X, y, optimizer="adam", lr=0.05, epochs=80, snapshot_epochs=epochs, progress=False)

    class Mine(moons):
        DATA = (X, y)
        MODEL = (model, history)

    scene = render_in_process(Mine, **TEST_SETTINGS)
    assert scene.mlp_epochs == epochs and scene.mlp_name == "2-6-1 network (relu)"
    intro = next(c for c in scene.caption_log if "your model" in c.text)
    assert "2-6-1 network (relu)" in intro.text and intro.numbers == {"snapshots": 4, "first": 0, "last": 80}
    assert "your data" in scene.caption_log[1].text and f"{len(y)} points" in scene.caption_log[1].text
    last = scene.caption_log[-2]  # the verdict on your model, before the end card
    wrong = int(np.sum(predict_class(model, X) != y))
    assert last.numbers["wrong"] == wrong and f"{wrong} of {len(y)} wrong" in last.text
    assert last.numbers["accuracy"] == pytest.approx(history.final_accuracy)
    assert not [r for r in scene.text_log if r.held + 1e-6 < r.need], "paced like the lesson's parts"
