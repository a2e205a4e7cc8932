"""Part 3 — gradient descent: a ball rolling down the loss bowl, then three learning rates.

Render: manim -ql scenes/descent.py DescentBowl

The bowl is the engine's loss of one neuron (two weights, no bias) on the 40-point set, with
an L2 penalty (weight decay) so that it has a bottom: the logistic loss alone keeps falling
forever on separable data. `landscape.loss_surface` evaluates it on a grid; the ball follows
`landscape.descent_path`, i.e. the weights `fit` stored in its History after every epoch of
full-batch SGD, and each loss shown is the engine's loss at those weights.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, FadeOut, ValueTracker, VGroup, VMobject, linear

from autograd_mini import data, nn
from autograd_mini.landscape import descent_path, loss_surface
from common import (FORWARD, TRAIL, GRADIENT, INK, LR_COLORS, MUTED, LessonScene, LossSurface, Readout, Slider,
                    curtain, fit_in_frame, markup, num, text)

SEED = 0  # the neuron's initial weights (only the bias-free weights are drawn; START replaces them)
WEIGHT_DECAY = 0.3  # the L2 penalty that gives the bowl a bottom
GRID = np.linspace(-3.0, 3.0, 21)  # the two weights, each from -3 to 3: the big bowl
SMALL_GRID = np.linspace(-3.0, 3.0, 15)  # the three small bowls
START = (-2.5, 2.5)  # high on the side of the bowl
LEARNING_RATE = 0.5
EPOCHS = 16
RATES = (("too small", 0.05), ("right", 0.5), ("too large", 3.0))
RATE_EPOCHS = 24


def bowl_model():
    """The neuron whose loss is drawn: logit = w1*x1 + w2*x2 (no bias: two parameters)."""
    return nn.Linear(2, 1, bias=False, seed=SEED)


def bowl_data():
    return data.make_separable()


class DescentBowl(LessonScene):
    """The loss surface over (w1, w2); a ball on the real gradient-descent path."""

    def construct(self) -> None:
        self.compute()
        self.intro()
        self.show_bowl()
        self.first_step()
        self.roll()
        self.compare_learning_rates()
        self.closing()

    # ------------------------------------------------------------- the numbers
    def compute(self) -> None:
        """Everything the scene shows, from the engine: the loss grids and the paths."""
        X, y = bowl_data()
        self.model = bowl_model()
        self.grid = loss_surface(self.model, X, y, grid=(GRID, GRID), weight_decay=WEIGHT_DECAY)
        self.small_grid = loss_surface(self.model, X, y, grid=(SMALL_GRID, SMALL_GRID), weight_decay=WEIGHT_DECAY)
        self.path = descent_path(self.model, X, y, lr=LEARNING_RATE, epochs=EPOCHS,
                                 weight_decay=WEIGHT_DECAY, start=START)
        self.rate_paths = {lr: descent_path(self.model, X, y, lr=lr, epochs=RATE_EPOCHS,
                                            weight_decay=WEIGHT_DECAY, start=START) for _, lr in RATES}
        self.ball_log: list[tuple[str, float, np.ndarray]] = []  # (which ball, step, centre), every frame

    @staticmethod
    def make_surface(grid, **kw) -> LossSurface:
        # landscape's loss[j, i] is at (p1[i], p2[j]); LossSurface takes losses[i, j]
        return LossSurface(grid.p1, grid.p2, grid.loss.T, **kw)

    # ------------------------------------------------------------------ beats
    def intro(self) -> None:
        self.head = self.beat_title("Gradient descent: roll downhill",
                                    "the loss of one neuron over its two weights, on the 40 points")
        self.play(FadeIn(self.head), run_time=0.8)

    def show_bowl(self) -> None:
        self.surface = self.make_surface(self.grid, width=7.6, height=5.4)
        self.surface.move_to(LEFT * 2.7 + DOWN * 0.6)
        self.epoch = Readout("epoch", "0", INK, 28)
        self.loss = Readout("loss", num(self.path.losses[0]), FORWARD, 28)
        self.w1 = Slider("w<sub>1</sub>", -3, 3, self.path.points[0, 0], length=2.4, color=INK)
        self.w2 = Slider("w<sub>2</sub>", -3, 3, self.path.points[0, 1], length=2.4, color=INK)
        self.lr_text = text(f"learning rate {LEARNING_RATE:g}", 24, MUTED)
        self.panel = VGroup(self.lr_text, self.epoch, self.loss, self.w1, self.w2).arrange(
            DOWN, aligned_edge=LEFT, buff=0.35).move_to(RIGHT * 4.0 + UP * 0.1)
        self.note = text("height = loss.  The bottom of the bowl = the best weights.", 24, MUTED)
        self.note.to_edge(DOWN, buff=0.3)
        cover = curtain(self.surface)
        self.add(self.surface, cover)
        self.play(FadeOut(cover), FadeIn(self.note), run_time=1.2)

    def first_step(self) -> None:
        p = self.path
        self.ball = self.surface.make_ball()
        self.ball.move_to(self.surface.ball_position(*p.points[0], p.losses[0], self.ball.radius))
        # SGD's first step is -lr * gradient: the arrow points along that step, read from the path.
        a = self.surface.point(*p.points[0], p.losses[0])
        b = self.surface.point(*p.points[1], p.losses[1])
        arrow = Arrow(a, a + 1.3 * (b - a) / max(np.linalg.norm(b - a), 1e-9), buff=0.0,
                      color=GRADIENT, stroke_width=6, max_tip_length_to_length_ratio=0.3)
        label = text("\u2212gradient:\nsteepest way down", 24, GRADIENT, line_spacing=0.8)
        label.next_to(a, UP + RIGHT, buff=0.25)
        fit_in_frame(label)
        self.play(FadeIn(self.ball, scale=0.5), FadeIn(self.panel), run_time=0.8)
        self.play(FadeIn(arrow), FadeIn(label), run_time=0.6)
        self.wait(0.8)
        self.play(FadeOut(arrow), FadeOut(label), run_time=0.4)

    def roll(self) -> None:
        self.roll_balls([("main", self.surface, self.ball, self.path)], EPOCHS, run_time=6.0,
                        panel=self.panel, epoch=self.epoch, losses=[self.loss], sliders=(self.w1, self.w2))
        self.wait(0.8)

    def compare_learning_rates(self) -> None:
        heading = self.beat_title("The learning rate is the step size", "too small is slow, too large overshoots")
        cover = curtain(VGroup(self.surface, self.panel, self.note, self.ball, self.trails[0]))
        self.play(FadeIn(cover), FadeOut(self.head), FadeIn(heading), run_time=0.8)
        self.remove(self.surface, self.panel, self.note, self.ball, self.trails[0])
        self.head = heading
        columns, bowls = [], VGroup()
        for k, (name, lr) in enumerate(RATES):
            bowl = self.make_surface(self.small_grid, width=4.3, height=3.3, labels=None)
            bowl.move_to(np.array([-4.6 + 4.6 * k, -0.2, 0]))
            title = markup(f"<b>{name}</b>   lr = {lr:g}", 26, LR_COLORS[k]).next_to(bowl, UP, buff=0.2)
            path = self.rate_paths[lr]
            ball = bowl.make_ball(radius=0.1)
            ball.move_to(bowl.ball_position(*path.points[0], path.losses[0], ball.radius))
            loss = Readout("loss", num(path.losses[0]), LR_COLORS[k], 26).next_to(bowl, DOWN, buff=0.2)
            columns.append((name, bowl, ball, path, title, loss))
            bowls.add(bowl)
        self.rate_epoch = Readout("epoch", "0", INK, 28).next_to(heading, DOWN, buff=0.2)
        self.rate_panel = VGroup(self.rate_epoch, *[c[5] for c in columns])
        self.remove(cover)
        cover = curtain(VGroup(bowls, *[c[4] for c in columns], self.rate_panel), buff=0.05)
        self.add(bowls, cover)
        self.play(FadeOut(cover), *[FadeIn(c[4]) for c in columns], FadeIn(self.rate_panel), run_time=1.0)
        self.play(*[FadeIn(c[2], scale=0.5) for c in columns], run_time=0.4)
        self.columns = columns
        self.roll_balls([(c[0], c[1], c[2], c[3]) for c in columns], RATE_EPOCHS, run_time=8.0,
                        panel=self.rate_panel, epoch=self.rate_epoch, losses=[c[5] for c in columns])
        self.wait(0.6)

    def closing(self) -> None:
        lines = text("An epoch is one full pass over the training data:\n"
                     "real training runs tens to thousands of them.", 24, INK, line_spacing=0.9)
        lines.to_edge(DOWN, buff=0.25)
        self.play(FadeIn(lines), run_time=0.6)
        self.wait(1.5)

    # --------------------------------------------------------------- the motion
    @staticmethod
    def ball_at(surface: LossSurface, path, t: float, radius: float) -> np.ndarray:
        """Where a ball is at step t: at whole steps exactly on the engine's path (its weights
        and its loss); between step k and k+1 on the straight line joining the two."""
        last = len(path.points) - 1
        k = int(np.clip(np.floor(t), 0, last))
        frac = min(t - k, 1.0) if k < last else 0.0
        a = surface.ball_position(*path.points[k], path.losses[k], radius)
        if frac == 0.0:
            return a
        b = surface.ball_position(*path.points[k + 1], path.losses[k + 1], radius)
        return a + frac * (b - a)

    def roll_balls(self, balls, epochs, run_time, panel, epoch, losses, sliders=()) -> None:
        """Roll each (name, surface, ball, path) for `epochs` steps in one animation; the
        read-outs in `panel` (already on screen) change at every whole step."""
        t = ValueTracker(0.0)
        shown = {"k": 0}
        self.trails = []
        for name, surface, ball, path in balls:
            trail = VMobject(stroke_color=TRAIL, stroke_width=3, stroke_opacity=0.85)

            def follow(mob, surface=surface, path=path, name=name):
                mob.move_to(self.ball_at(surface, path, t.get_value(), mob.radius))
                self.ball_log.append((name, t.get_value(), mob[0].get_center().copy()))

            def draw_trail(mob, surface=surface, path=path):
                k = int(min(np.floor(t.get_value()), len(path.points) - 1))
                pts = [surface.point(*path.points[i], path.losses[i]) for i in range(k + 1)]
                pts.append(self.ball_at(surface, path, t.get_value(), 0.0))
                mob.set_points_as_corners(pts)

            draw_trail(trail)
            trail.add_updater(draw_trail)
            ball.add_updater(follow)
            self.trails.append(trail)
            self.add(trail, ball)  # after the surface: drawn on top of it

        def update_numbers(_):
            k = int(np.floor(t.get_value() + 1e-9))
            if k != shown["k"]:
                shown["k"] = k
                epoch.set(str(k))
                for readout, (_, _, _, path) in zip(losses, balls):
                    readout.set(num(path.losses[k]))
                for slider, v in zip(sliders, balls[0][3].points[k]):
                    slider.jump_to(float(v))

        panel.add_updater(update_numbers)
        self.play(t.animate.set_value(epochs), run_time=run_time, rate_func=linear)
        for m in [panel, *self.trails, *[b[2] for b in balls]]:
            m.clear_updaters()
