"""The preview scene `filters` (scenes/filters.py), rendered headlessly and checked like the parts.

Rendered once with `autograd_mini.render.TEST_SETTINGS` (tests/test_scenes.py's helpers):
it lasts 45-150 s, nothing is drawn off the frame, every text is held long enough and keeps
0.3 units inside the frame, the captions cover the video, and every number the captions and
the feature / pooled maps show is the engine's, recomputed here in numpy (the sliding window
written out by hand, the 2x2 maxima). It is registered by name, not as a part of the lesson.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")
pytest.importorskip("contourpy")
pytest.importorskip("sklearn")

from autograd_mini.render import GOLDEN_DIR, PREVIEWS, SCENES, parse_scenes  # noqa: E402

pytestmark = pytest.mark.slow

MARGIN = 0.3


def test_filters_is_renderable_by_name_but_not_a_part_of_the_lesson():
    assert PREVIEWS["filters"] == ("filters.py", "Filters")
    assert "filters" not in SCENES, "--lesson joins SCENES; the preview is not one of its parts"
    assert parse_scenes(["filters"]) == ["filters"] and "filters" not in parse_scenes([])


@pytest.fixture(scope="module")
def scene():
    from test_scenes import rendered

    return rendered("filters")[0]


@pytest.fixture(scope="module")
def recorder(scene):
    from test_scenes import rendered

    return rendered("filters")[1]


def test_filters_renders_and_lasts_45_to_150_seconds(scene, recorder):
    from test_scenes import outside_frame

    assert 45.0 <= scene.renderer.time <= 150.0, f"lasts {scene.renderer.time:.1f} s"
    assert scene.last_frame[..., :3].std() > 5, "the last frame should not be blank"
    final = outside_frame(scene)
    assert not final and not recorder.outside, f"drawn outside the frame: {(final or recorder.outside)[:5]}"


def test_filters_texts_are_held_and_inside_the_margin(scene):
    assert scene.text_log
    short = [(r.text[:60], round(r.held, 2), round(r.need, 2)) for r in scene.text_log if r.held + 1e-6 < r.need]
    assert not short, f"texts not held 2.5 s + 0.25 s per word (text, held, needed): {short[:5]}"
    assert all(r.held >= 3.0 for r in scene.text_log if r.payoff)
    half_w, half_h = scene.camera.frame_width / 2 - MARGIN, scene.camera.frame_height / 2 - MARGIN
    outside = [(r.text[:40], b) for r in scene.text_log for b in r.boxes
               if b[0] < -half_w - 1e-6 or b[1] > half_w + 1e-6 or b[2] < -half_h - 1e-6 or b[3] > half_h + 1e-6]
    assert not outside, f"text closer than {MARGIN} to the frame's edge: {outside[:5]}"


def test_filters_captions_follow_one_another_and_cover_the_video(scene):
    caps = scene.caption_log
    assert caps[0].start < 1.0 and caps[0].text == "The lesson: Preview: filters and pooling"
    for a, b in zip(caps, caps[1:]):
        assert a.end is not None and a.end <= b.start + 1e-9, "captions never overlap"
    assert caps[-1].end == pytest.approx(scene.renderer.time)
    assert sum(c.end - c.start for c in caps) >= 0.75 * scene.renderer.time
    assert "07_filters_and_pooling" in caps[-1].text, "the end card names the notebook"


def _numbers(scene, key):
    return [c.numbers[key] for c in scene.caption_log if key in c.numbers]


def test_filters_feature_map_and_pooling_are_the_engines(scene):
    from autograd_mini.image_data import load_digits
    from common import num

    mod = __import__("filters")
    _, _, X_test, y_test = load_digits()
    digit = X_test[mod.DIGIT, 0]
    np.testing.assert_array_equal(scene.e["digit"], digit)
    k = np.array([[-1.0, 0.0, 1.0]] * 3)
    by_hand = np.array([[np.sum(digit[r:r + 3, c:c + 3] * k) for c in range(6)] for r in range(6)])
    np.testing.assert_allclose(scene.e["feature"], by_hand, atol=1e-12)
    relu = np.maximum(by_hand, 0)
    pooled = relu.reshape(3, 2, 3, 2).max(axis=(1, 3))
    np.testing.assert_allclose(scene.e["pooled"], pooled, atol=1e-12)
    assert _numbers(scene, "feature_0_0")[0] == pytest.approx(by_hand[0, 0], abs=1e-12)
    np.testing.assert_allclose(_numbers(scene, "row_0")[0], by_hand[0], atol=1e-12)
    assert _numbers(scene, "negatives")[0] == int(np.sum(by_hand < 0))
    assert _numbers(scene, "pooled_0_0")[0] == pytest.approx(pooled[0, 0], abs=1e-12)
    assert _numbers(scene, "pooled_max")[0] == pytest.approx(pooled.max(), abs=1e-12)
    assert _numbers(scene, "label")[0] == int(y_test[mod.DIGIT])
    # every cell of the map was written, and what was written (after ReLU) is the engine's value
    assert set(scene.shown_cells) == {(r, c) for r in range(6) for c in range(6)}
    for (r, c), s in scene.shown_cells.items():
        assert s == num(relu[r, c], 1)
    assert {ij: s for ij, s in scene.shown_pooled.items()} == {(i, j): num(pooled[i, j], 1)
                                                               for i in range(3) for j in range(3)}
    for cap in scene.caption_log:  # a number a caption prints is one it quotes
        if "feature_0_0" in cap.numbers:
            assert num(by_hand[0, 0], 2) in cap.text


def test_filters_prediction_is_the_trained_networks(scene):
    from autograd_mini.image_data import load_digits
    from autograd_mini.train import accuracy, predict_proba

    mod = __import__("filters")
    _, _, X_test, y_test = load_digits()
    model = scene.net["model"]
    proba = predict_proba(model, X_test[mod.DIGIT:mod.DIGIT + 1])[0]
    assert proba.sum() == pytest.approx(1.0)
    acc = np.mean(np.argmax(predict_proba(model, X_test), axis=1) == y_test)
    assert _numbers(scene, "accuracy")[0] == pytest.approx(100 * acc, abs=1e-9)
    assert _numbers(scene, "accuracy")[0] == pytest.approx(100 * accuracy(model, X_test, y_test))
    assert _numbers(scene, "accuracy")[0] > 90, "the small CNN learns the digits"
    assert _numbers(scene, "pred")[0] == int(np.argmax(proba))
    assert _numbers(scene, "probability")[0] == pytest.approx(proba.max(), abs=1e-12)
    last = scene.caption_log[-2]
    assert f"{proba.max():.2f}" in last.text and f"{100 * acc:.1f}%" in scene.caption_log[-3].text


def test_filters_last_frame_matches_golden(scene):
    from PIL import Image

    path = GOLDEN_DIR / "filters.png"
    if not path.is_file():
        pytest.fail(f"no golden image {path}; make it with: python tools/make_goldens.py filters")
    golden = np.asarray(Image.open(path).convert("RGB"), dtype=float)
    frame = scene.last_frame[..., :3].astype(float)
    assert frame.shape == golden.shape
    diff = np.abs(frame - golden).max(axis=-1)
    assert diff.mean() < 3.0 and float(np.mean(diff > 48)) < 0.015, "python tools/make_goldens.py filters"
