"""The manim scenes, rendered headlessly and tested in layers.

1. every scene renders without error, and nothing ends up outside the frame;
2. the numbers a scene shows are the engine's (gradients = backward()'s, the ball's path =
   the optimizer's, each boundary = the model's 0.5 contour at that History snapshot);
3. key pixels are visible in the frames (the ball in every frame it rolls, the boundary);
4. the last frame matches a golden image within a tolerance
   (regenerate: `python tools/make_goldens.py`, then look at tests/golden/*.png).

Each scene is rendered once per test process at 320x180, 5 frames per second
(`autograd_mini.render.TEST_SETTINGS`); manim's own frame-comparison helper is not used
(it skips itself on Debian 12's cairo 1.16).
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

pytest.importorskip("manim")
pytest.importorskip("contourpy")

from manim import DR, UL, VMobject  # noqa: E402

from autograd_mini import nn, optim  # noqa: E402
from autograd_mini.engine.tensor import Tensor, no_grad  # noqa: E402
from autograd_mini.engine.value import topological_order  # noqa: E402
from autograd_mini.landscape import model_loss  # noqa: E402
from autograd_mini.nn import functional as F  # noqa: E402
from autograd_mini.render import GOLDEN_DIR, SCENES, TEST_SETTINGS, load_scene_class, render_in_process  # noqa: E402
from autograd_mini.train import accuracy, predict_proba, set_state  # noqa: E402

pytestmark = pytest.mark.slow

ALL = list(SCENES)


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


class Recorder:
    """Sees every frame as it is drawn; checks the descent scene's balls frame by frame."""

    def __init__(self, name: str):
        self.name = name
        self.frames = 0
        self.seen_log = 0
        self.ball_checks: list[tuple[int, str, int, bool]] = []  # (frame, ball, ball pixels, inside)
        self.outside: list[tuple] = []  # (frame, what, its box) for anything drawn off the frame

    def __call__(self, scene, index: int, rgba: np.ndarray) -> None:
        self.frames += 1
        if index % 3 == 0:
            self.outside.extend((index, *o) for o in outside_frame(scene))
        log = getattr(scene, "ball_log", None)
        if not log or len(log) == self.seen_log:
            return
        latest = {}
        for name, t, centre in log[self.seen_log:]:  # the updaters that ran for this frame
            latest[name] = centre
        self.seen_log = len(log)
        from common import BALL

        for name, centre in latest.items():
            col, row = to_pixel(scene, centre)
            inside = 0 <= col < rgba.shape[1] and 0 <= row < rgba.shape[0]
            self.ball_checks.append((index, name, count_near(rgba, col, row, BALL, radius=2, tol=50) if inside else 0,
                                     inside))


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
            pts = m.points
            lo, hi = pts.min(axis=0), pts.max(axis=0)
            if lo[0] < -half_w or hi[0] > half_w or lo[1] < -half_h or hi[1] > half_h:
                found.append((type(m).__name__, tuple(np.round([lo[0], hi[0], lo[1], hi[1]], 2))))
    return found


_RENDERS: dict[str, tuple] = {}


def rendered(name: str):
    """(scene, recorder): the scene rendered once per test process."""
    if name not in _RENDERS:
        recorder = Recorder(name)
        scene = render_in_process(name, on_frame=recorder, **TEST_SETTINGS)
        _RENDERS[name] = (scene, recorder)
    return _RENDERS[name]


# ============================================================ layer 1: it renders, in frame
@pytest.mark.parametrize("name", ALL)
def test_scene_renders(name):
    scene, recorder = rendered(name)
    assert recorder.frames == scene.frame_count > 20, "the scene should play for a few seconds"
    assert scene.last_frame.shape == (TEST_SETTINGS["pixel_height"], TEST_SETTINGS["pixel_width"], 4)
    assert scene.last_frame[..., :3].std() > 10, "the last frame should not be blank"


@pytest.mark.parametrize("name", ALL)
def test_nothing_off_frame(name):
    """Checked on every third frame while rendering, and on the final state."""
    scene, recorder = rendered(name)
    final = outside_frame(scene)
    assert not final, f"outside the frame at the end: {final[:5]}"
    assert not recorder.outside, f"outside the frame during the scene (frame, what, x0 x1 y0 y1): {recorder.outside[:5]}"


# ================================================= layer 2: the numbers are the engine's
def test_neuron_shows_the_engines_graph_values_and_gradients():
    scene, _ = rendered("neuron")
    mod = module_of("neuron")
    _, y = mod.build_neuron()  # the same neuron, built again, differentiated here
    y.backward()
    order = topological_order(y)
    graph = scene.graph
    assert [v.label for v in graph.order] == [v.label for v in order], "the diagram is the engine's graph"
    assert graph.shown_data == {v.label: v.data for v in order}
    assert graph.shown_grad == {v.label: v.grad for v in order}, "gradients shown must be backward()'s"
    assert graph.shown_grad["y"] == 1.0
    # forward fills inputs before outputs, backward fills in reverse topological order
    position = {n: k for k, n in enumerate(graph.forward_order)}
    for v in order:
        assert all(position[c.label] < position[v.label] for c in v._prev)
    assert graph.backward_order == [v.label for v in reversed(order)]
    # the three steps of the neuron are in the graph: a weighted sum, then a sigmoid
    assert [v._op for v in order if v._prev] == ["\u03a3w\u00b7x+b", "sigmoid"]


def _independent_sgd(mod, lr: float, epochs: int):
    """Gradient descent on the bowl's neuron written out here: optim.SGD on nn.Linear."""
    X, y = mod.bowl_data()
    model = nn.Linear(2, 1, bias=False)
    model.weight.data = np.array([mod.START], dtype=float)
    opt = optim.SGD(model.parameters(), lr=lr, weight_decay=mod.WEIGHT_DECAY)
    points, objective = [model.weight.data[0].copy()], []
    for _ in range(epochs):
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(model(Tensor(X)), y)
        w = model.weight.data
        objective.append(loss.item() + 0.5 * mod.WEIGHT_DECAY * float(np.sum(w * w)))
        loss.backward()
        opt.step()
        points.append(model.weight.data[0].copy())
    return np.array(points), np.array(objective)


def test_descent_ball_follows_the_optimizers_path():
    scene, _ = rendered("descent")
    mod = module_of("descent")
    points, objective = _independent_sgd(mod, mod.LEARNING_RATE, mod.EPOCHS)
    np.testing.assert_allclose(scene.path.points, points, rtol=0, atol=1e-12)
    np.testing.assert_allclose(scene.path.losses[:-1], objective, rtol=1e-12, atol=1e-12)
    assert np.all(np.diff(scene.path.losses) < 0), "with the right learning rate the loss goes down every step"
    assert scene.path.losses[-1] < 1.05 * scene.grid.loss.min(), "the ball reaches the bottom of the bowl"
    for label, lr in mod.RATES:
        pts, obj = _independent_sgd(mod, lr, mod.RATE_EPOCHS)
        np.testing.assert_allclose(scene.rate_paths[lr].points, pts, rtol=0, atol=1e-10)
    small, right, large = (scene.rate_paths[lr] for _, lr in mod.RATES)
    assert small.losses[-1] > right.losses[-1] + 0.5, "too small: still high on the side"
    assert np.all(np.diff(right.losses) <= 1e-12)
    assert np.any(np.diff(large.losses) > 0), "too large: overshoots, the loss goes back up"
    assert large.losses[-1] > right.losses[-1] + 0.1


def test_descent_ball_drawn_where_the_engine_put_it():
    scene, _ = rendered("descent")
    balls = {"main": (scene.surface, scene.path, scene.ball.radius)}
    for name, bowl, ball, path, *_ in scene.columns:
        balls[name] = (bowl, path, ball.radius)
    assert len(scene.ball_log) > 50
    for name, t, centre in scene.ball_log:
        surface, path, radius = balls[name]
        expected = scene.ball_at(surface, path, t, radius)
        assert np.allclose(centre, expected, atol=1e-6), f"{name} ball at step {t:.2f}"
    # at whole steps the ball sits on the engine's point: (w1, w2, loss) on the surface
    surface, path = scene.surface, scene.path
    for k in range(len(path.points)):
        assert np.allclose(scene.ball_at(surface, path, float(k), 0.0), surface.point(*path.points[k], path.losses[k]))


def test_descent_surface_vertices_are_the_engines_losses():
    scene, _ = rendered("descent")
    surface = scene.surface
    grid = scene.grid  # landscape.loss_surface: loss[j, i] at (p1[i], p2[j])
    for face in surface.surface.submobjects:
        i, j = face.u_index, face.v_index
        corner = np.asarray(face.get_anchors())[0]  # the (u1, v1) corner
        assert np.allclose(corner, surface.point(grid.p1[i], grid.p2[j], grid.loss[j, i]), atol=1e-9)


def _check_boundaries(frames, history, make_model, X, y):
    """Each frame's boundary is the 0.5 contour of the model at that snapshot, and its
    loss and accuracy are the model's there."""
    from common import contour_lines

    for f in frames:
        model = make_model()
        set_state(model, history.params_at(f["epoch"]))
        xs, ys = f["xs"], f["ys"]
        gx, gy = np.meshgrid(xs, ys)
        P = predict_proba(model, np.column_stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
        np.testing.assert_allclose(f["probs"], P, rtol=0, atol=1e-12)
        expected = contour_lines(xs, ys, P, 0.5)
        assert len(f["lines"]) == len(expected)
        for got, want in zip(f["lines"], expected):
            np.testing.assert_allclose(got, want, atol=1e-12)
        if f["lines"]:
            on_line = np.concatenate(f["lines"])
            assert np.max(np.abs(predict_proba(model, on_line) - 0.5)) < 0.12, "the boundary is where P = 0.5"
        assert f["accuracy"] == pytest.approx(accuracy(model, X, y), abs=1e-12)
        assert f["loss"] == pytest.approx(model_loss(model, X, y), rel=1e-9, abs=1e-12)


def test_moons_boundaries_are_the_models_contours():
    scene, _ = rendered("moons")
    mod = module_of("moons")
    assert scene.shown == scene.neuron_frames + scene.mlp_frames, "every snapshot was shown, in order"
    assert [f["epoch"] for f in scene.mlp_frames] == sorted(scene.mlp_history.snapshots)
    _check_boundaries(scene.neuron_frames, scene.neuron_history, lambda: nn.Linear(2, 1), scene.X, scene.y)
    _check_boundaries(scene.mlp_frames, scene.mlp_history,
                      lambda: nn.MLP(2, [mod.HIDDEN, 1], activation="tanh"), scene.X, scene.y)
    assert max(f["accuracy"] for f in scene.neuron_frames) < 0.9, "a straight line stays wrong on the moons"
    assert scene.mlp_frames[-1]["accuracy"] >= 0.97, "the MLP separates the moons"
    assert scene.mlp_frames[-1]["loss"] < scene.neuron_frames[-1]["loss"] / 5


def test_xor_neuron_stuck_mlp_solves_and_hidden_neurons_are_the_models():
    scene, _ = rendered("xor")
    mod = module_of("xor")
    assert scene.shown == scene.neuron_frames + scene.mlp_frames
    _check_boundaries(scene.neuron_frames, scene.neuron_history, lambda: nn.Linear(2, 1), scene.X, scene.y)
    _check_boundaries(scene.mlp_frames, scene.mlp_history,
                      lambda: nn.MLP(2, [mod.HIDDEN, 1], activation="tanh"), scene.X, scene.y)
    assert all(f["accuracy"] <= 0.75 for f in scene.neuron_frames), "one neuron: at most 3 of 4"
    assert scene.mlp_frames[-1]["accuracy"] == 1.0
    first = scene.mlp_model.linears[0]
    for j, lines in enumerate(scene.hidden_lines):
        assert lines, f"hidden neuron {j + 1}'s line crosses the plane"
        pts = np.concatenate(lines)
        with no_grad():
            pre = first(Tensor(pts)).data[:, j]
        assert np.max(np.abs(pre)) < 1e-9, "each hidden line is where that neuron's input is 0"
    v, c = scene.output_weights
    np.testing.assert_array_equal(v, scene.mlp_model.linears[1].weight.data[0])
    assert c == scene.mlp_model.linears[1].bias.data[0]


def test_opening_activations_come_from_the_trained_network():
    scene, _ = rendered("opening")
    mod = module_of("opening")
    model = scene.model
    for x, values in zip(mod.INPUTS, scene.flows):
        assert values[0] == list(x)
        W = np.array([[w.data for w in n.w] for n in model.layers[0].neurons])
        b = np.array([n.b.data for n in model.layers[0].neurons])
        np.testing.assert_allclose(values[1], np.tanh(W @ np.array(x) + b), atol=1e-12)
        assert values[2][0] == pytest.approx(predict_proba(model, np.array([x]))[0], abs=1e-12)
    y01, y11 = scene.flows[0][2][0], scene.flows[1][2][0]
    assert y01 > 0.9 and y11 < 0.1, "the network was trained on XOR: (0,1) -> 1, (1,1) -> 0"
    assert scene.history.final_accuracy == 1.0


# ================================================================ layer 3: key pixels
def test_descent_ball_visible_in_every_frame_it_rolls():
    scene, recorder = rendered("descent")
    checks = recorder.ball_checks
    assert len(checks) > 40
    hidden = [(frame, ball, n) for frame, ball, n, inside in checks if not inside or n < 4]
    assert not hidden, f"the ball must be visible on top of the surface; hidden in (frame, ball, pixels): {hidden[:5]}"
    assert {ball for _, ball, _, _ in checks} == {"main", "too small", "right", "too large"}


@pytest.mark.parametrize("name", ["moons", "xor"])
def test_boundary_visible_in_last_frame(name):
    from common import BOUNDARY

    scene, _ = rendered(name)
    lines = scene.mlp_frames[-1]["lines"]
    pts = scene.plane.to_screen(np.concatenate(lines))
    sample = pts[:: max(len(pts) // 40, 1)]
    seen = sum(count_near(scene.last_frame, *to_pixel(scene, p), BOUNDARY, radius=1, tol=70) > 0 for p in sample)
    assert seen >= 0.8 * len(sample), f"the orange boundary should be drawn where the contour is ({seen}/{len(sample)})"


def test_neuron_last_frame_shows_every_value_and_gradient():
    from common import FORWARD, GRADIENT

    scene, _ = rendered("neuron")
    for node, name in zip(scene.graph.nodes, scene.graph.names):
        for cell, color in ((node.data_text, FORWARD), (node.grad_text, GRADIENT)):
            (c0, r0), (c1, r1) = to_pixel(scene, cell.get_corner(UL)), to_pixel(scene, cell.get_corner(DR))
            box = scene.last_frame[r0:r1 + 1, c0:c1 + 1, :3].astype(float)
            close = np.all(np.abs(box - hex_rgb(color)) <= 70, axis=-1)
            assert close.sum() >= 2, f"{name}'s {'value' if color == FORWARD else 'gradient'} should be visible"


# ============================================================= layer 4: golden images
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


# ============================================== the video follows the seed and the rate
def test_a_different_learning_rate_or_seed_changes_what_the_scenes_show(monkeypatch):
    from types import SimpleNamespace

    descent = module_of("descent")
    scene, _ = rendered("descent")
    monkeypatch.setattr(descent, "LEARNING_RATE", 0.2)
    other = SimpleNamespace()
    descent.DescentBowl.compute(other)
    assert not np.allclose(other.path.points, scene.path.points)
    np.testing.assert_allclose(other.path.points, _independent_sgd(descent, 0.2, descent.EPOCHS)[0], atol=1e-12)

    moons = module_of("moons")
    X, y = moons.moons_data()
    _, before = moons.train_neuron(X, y)
    monkeypatch.setattr(moons, "SEED", 7)
    _, after = moons.train_neuron(X, y)
    assert not np.allclose(before.snapshots[0]["weight"], after.snapshots[0]["weight"])


def test_textbook_neuron_picture_shows_the_engine_neurons_weights_and_a_constant_one():
    load_scene_class("neuron")  # puts scenes/ on sys.path
    from common import NeuronDiagram, num
    from neuron import build_neuron

    neuron, y = build_neuron()
    z = y._prev[0]
    inputs = [c.data for c in z._prev[2:4]]
    picture = NeuronDiagram([w.data for w in neuron.w], neuron.b.data, inputs)
    labels = [label.text for label in picture.weight_labels]
    assert len(picture.inputs) == 3  # x1, x2 and the constant 1 that the bias multiplies
    for label, p in zip(labels, neuron.parameters()):
        assert num(p.data, 2).replace("\u2212", "") in label.replace("\u2212", "")
    assert [lbl[1].text for lbl in picture.input_labels] == [num(v, 2) for v in [*inputs, 1.0]]
