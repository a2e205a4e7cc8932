"""Replaying `fit` on a DataPlane: what the plane shows at each History snapshot, and a scene
that plays them with the boundary and the shading traced together every frame."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import DOWN, LEFT, FadeIn, FadeOut, ValueTracker, VGroup, linear

from .data_plane import DataPlane, contour_lines, probability_grid
from .narration import LessonScene
from .readout import Readout, keep_redrawn, stop_redrawing
from .theme import FORWARD, INK, MUTED, text

GLIDE = 0.4  # of each step between two snapshots: the picture glides, then holds on the snapshot


def glide_position(s: float, last: int) -> tuple[int, float]:
    """At replay position `s` (2.5 = half way through the step from snapshot 2 to 3): the
    snapshot k the step starts from and how far the picture has gone towards k + 1 (0 to 1).
    It gets there after GLIDE of the step and stays, so the read-outs, which switch to k + 1
    then, always stand beside the picture of their own snapshot while it holds."""
    k = int(np.clip(np.floor(s), 0, last))
    return k, (min((s - k) / GLIDE, 1.0) if k < last else 0.0)


def shown_snapshot(s: float, last: int) -> int:
    """The snapshot whose numbers the read-outs show at replay position `s`: the last one reached."""
    k, frac = glide_position(s, last)
    return min(k + 1, last) if frac >= 1.0 else k


def training_frames(model, history, epochs: Sequence[int], X: np.ndarray, y: np.ndarray,
                    x_range: tuple[float, float], y_range: tuple[float, float], n: int = 120) -> list[dict]:
    """What a plane shows at each snapshot epoch of `fit`'s History, all from the engine:
    the model's probability grid, its 0.5 contour (contourpy), its classes (`predict_class`,
    the engine's rule), and the loss and accuracy `fit` measured with those parameters
    (full-batch training: `loss[e]` is measured with the parameters after e epochs; after
    the last epoch, `final_loss`). The model is left with its final parameters."""
    from autograd_mini.train import get_state, predict_class, set_state

    final = get_state(model)
    frames = []
    try:
        for e in epochs:
            set_state(model, history.params_at(e))
            xs, ys, P = probability_grid(model, x_range, y_range, n)
            last = e >= history.epochs
            frames.append({
                "epoch": e,
                "xs": xs, "ys": ys, "probs": P,
                "lines": contour_lines(xs, ys, P, 0.5),
                "pred": predict_class(model, X),
                "loss": history.final_loss if last else history.loss[e],
                "accuracy": history.final_accuracy if last else history.accuracy[e],
            })
    finally:
        set_state(model, final)
    return frames


class PlaneScene(LessonScene):
    """A scene that replays training on a DataPlane: boundary, shading and read-outs per snapshot."""

    boundary = None
    shading = None

    def training_panel(self, title: str, subtitle: str, position, frame: dict | None = None) -> VGroup:
        """A title, a subtitle and the epoch / loss / accuracy read-outs (kept in `self.readouts`),
        filled from `frame` before they are shown."""
        self.readouts = {
            "epoch": Readout("epoch", "0", INK, 26),
            "loss": Readout("loss", "", FORWARD, 26),
            "accuracy": Readout("accuracy", "", INK, 26),
        }
        if frame is not None:
            self.fill_readouts(frame)
        panel = VGroup(text(title, 28, INK, weight="BOLD"), text(subtitle, 22, MUTED, line_spacing=0.8),
                       *self.readouts.values()).arrange(DOWN, aligned_edge=LEFT, buff=0.28)
        return panel.move_to(position)

    def fill_readouts(self, f: dict) -> None:
        self.readouts["epoch"].set(str(f["epoch"]))
        self.readouts["loss"].set(f"{f['loss']:.3f}")
        self.readouts["accuracy"].set(f"{100 * f['accuracy']:.1f}%")

    def clear_model(self, *extra) -> None:
        """Fade out the last model's boundary, shading and whatever else is named, together."""
        gone = [m for m in (self.boundary, self.shading, *extra) if m is not None]
        if gone:
            self.play(*[FadeOut(m) for m in gone], run_time=0.6)
        self.boundary = self.shading = None

    def show_start(self, plane: DataPlane, frames: list[dict], shade: bool = True) -> None:
        """Fade in snapshot 0's boundary and shading (the objects `replay` then redraws in place),
        so the read-outs of a new panel never stand beside an empty plane."""
        self.boundary = plane.boundary(frames[0]["lines"]).set_z_index(1)
        self.shading = plane.shading(frames[0]["xs"], frames[0]["ys"], frames[0]["probs"]) if shade else None
        self.play(FadeIn(self.boundary), *([FadeIn(self.shading)] if shade else []), run_time=0.5)

    def replay(self, plane: DataPlane, frames: list[dict], step_time: float = 0.35, shade: bool = True,
               log: list | None = None, on_step=None, on_frame=None) -> None:
        """Play `frames` (from `training_frames`) as one glide: between snapshots k and k+1 the
        plane shows the probability grid in between, and the orange boundary and the shading are
        both traced from that one grid, every frame, the same way (so they never disagree and the
        line never collapses). The picture glides for GLIDE of each step, then holds on the snapshot
        while the read-outs show its epoch, loss and accuracy (so numbers and picture agree).
        `on_step(k)` runs when snapshot k is reached (e.g. to redraw a network's edges);
        `on_frame(s)` every frame, at snapshot position s (2.5 = half way from snapshot 2 to 3).
        Starts from the picture `show_start` drew, or draws it first. Leaves `self.boundary` and
        `self.shading` on screen."""
        t = ValueTracker(0.0)
        xs, ys = frames[0]["xs"], frames[0]["ys"]
        last = len(frames) - 1

        def grid_at(s: float) -> np.ndarray:
            k, frac = glide_position(s, last)
            return frames[k]["probs"] if frac == 0 else (1 - frac) * frames[k]["probs"] + frac * frames[k + 1]["probs"]

        def draw_boundary(mob):
            plane.trace(mob, contour_lines(xs, ys, grid_at(t.get_value()), 0.5))

        def draw_shading(mob):
            plane.reshade(mob, xs, ys, grid_at(t.get_value()))

        shown = {"k": -1}

        def numbers(_):
            if on_frame is not None:
                on_frame(t.get_value())
            k = shown_snapshot(t.get_value() + 1e-9, last)
            if k != shown["k"]:
                shown["k"] = k
                self.fill_readouts(frames[k])
                if on_step is not None:
                    on_step(k)
                if log is not None:
                    log.append(frames[k])

        if self.boundary is None:
            self.show_start(plane, frames, shade)
        numbers(None)
        self.boundary.add_updater(draw_boundary)
        if shade:
            self.shading.add_updater(draw_shading)
        anchor = self.readouts["epoch"]
        anchor.add_updater(numbers)
        keep_redrawn(*self.readouts.values())
        self.play(t.animate.set_value(last), run_time=step_time * last, rate_func=linear)
        stop_redrawing(*self.readouts.values())
        for m in (self.boundary, self.shading, anchor):
            if m is not None:
                m.clear_updaters()

