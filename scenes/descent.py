"""Part 3 — gradient descent: a ball rolls down the lesson's bowl; three learning rates; a ditch.

Render: manim -ql scenes/descent.py DescentBowl

The bowl is `landscape.lesson_bowl()`, the one the notebooks draw: the loss of the lesson's
neuron on the 40 points over (w1, w2), with b held at its best value and a small L2 term
(`landscape.BOWL_CAPTION` says exactly what). The ball follows `bowl.path(lr)`, the weights
`fit` stored after every epoch of full-batch gradient descent, and each loss shown is the
engine's loss there; contour lines on the bowl mark equal loss. The local-minimum beat is
gradient descent (`optim.SGD` on two Tensors) on a two-weight surface that has two valleys.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, FadeOut, ValueTracker, VGroup, VMobject, linear

from autograd_mini import optim
from autograd_mini.engine.tensor import Tensor
from autograd_mini.landscape import BOWL_CAPTION, lesson_bowl
from common import (BALL, GRADIENT, INK, LR_COLORS, MUTED, TRAIL, FORWARD, LessonScene, LossSurface, Readout,
                    Slider, ball_at, curtain, keep_redrawn, lerp_path, markup, num, stop_redrawing, text)

EPOCHS = 16
DITCH_BALL_COLORS = (BALL, "#f9a8d4")  # the left ball yellow as every ball, the right one pink
RATE_EPOCHS = 24
GRID = np.linspace(-2.5, 5.5, 21)  # the big bowl (the notebooks use landscape.BOWL_GRID, the same range)
SMALL_GRID = np.linspace(-2.5, 5.5, 15)
DITCH_STARTS = ((-1.5, 1.1), (1.5, -1.1))  # two starts on the two-valley surface, one on each side
DITCH_LR, DITCH_STEPS = 0.05, 40
DITCH_W1, DITCH_W2 = np.linspace(-1.6, 1.6, 25), np.linspace(-1.2, 1.2, 19)  # all of it drawn: the top is 4.7
DITCH_LIFT = 0.5  # a constant: the lowest loss is above 0, like a real loss's; paths and gradients are unchanged
ARROW_GAIN, ARROW_MAX = 2.5, 1.1  # the −gradient arrow is 2.5 times the step's length on screen, 1.1 at most


def ditch_loss(w1: Tensor, w2: Tensor) -> Tensor:
    """A two-weight loss with two valleys: (w1² − 1)² + 0.4·w1 + 0.8·w2² + 0.5 (the engine's Tensor ops)."""
    return (w1 * w1 - 1.0) ** 2 + 0.4 * w1 + 0.8 * (w2 * w2) + DITCH_LIFT


@dataclass
class Path:
    """Where gradient descent went: the weights after each step (start first) and the loss there."""

    points: np.ndarray  # (steps + 1, 2)
    losses: np.ndarray  # (steps + 1,)


def ditch_descent(start: tuple[float, float], lr: float = DITCH_LR, steps: int = DITCH_STEPS) -> Path:
    """Gradient descent on `ditch_loss` with the engine: optim.SGD on two one-number Tensors."""
    w1, w2 = (Tensor(np.array([v]), requires_grad=True) for v in start)
    opt = optim.SGD([w1, w2], lr=lr)
    points, losses = [], []
    for _ in range(steps + 1):
        opt.zero_grad()
        loss = ditch_loss(w1, w2).sum()
        points.append((float(w1.data[0]), float(w2.data[0])))
        losses.append(loss.item())
        loss.backward()
        opt.step()
    return Path(np.array(points), np.array(losses))


def ditch_grid() -> np.ndarray:
    """The engine's loss at every (DITCH_W1[i], DITCH_W2[j]): losses[i, j]."""
    g1, g2 = np.meshgrid(DITCH_W1, DITCH_W2, indexing="ij")
    return ditch_loss(Tensor(g1), Tensor(g2)).data


class DescentBowl(LessonScene):
    """The loss surface over (w1, w2); a ball on the real gradient-descent path."""

    PART = 3
    TITLE = "Gradient descent: roll downhill"
    TAKEAWAY = "Training measures the loss, steps against its gradient, and repeats:\nthe learning rate is the size of each step."
    NEXT = "Part 4, why depth wins"

    def construct(self) -> None:
        self.compute()
        self.title_card()
        self.show_bowl()
        self.epochs_word()
        self.roll()
        self.compare_learning_rates()
        self.local_minimum()
        self.end_card()

    # ------------------------------------------------------------- the numbers
    def compute(self) -> None:
        """Everything the scene shows, from the engine: the loss grids and the paths."""
        self.bowl = lesson_bowl()
        self.rates = self.bowl.learning_rates  # too small, about right, too large
        self.grid = self.bowl.surface(GRID)
        self.small_grid = self.bowl.surface(SMALL_GRID)
        self.path = self.bowl.path(self.rates["about right"], EPOCHS)
        self.rate_paths = {name: self.bowl.path(lr, RATE_EPOCHS) for name, lr in self.rates.items()}
        self.ditch = {name: ditch_descent(start) for name, start in zip(("left ball", "right ball"), DITCH_STARTS)}
        self.ditch_losses = ditch_grid()
        self.ball_log: list[tuple[str, float, np.ndarray]] = []  # (which ball, step, centre), every frame

    @staticmethod
    def make_surface(grid, **kw) -> LossSurface:
        # landscape's loss[j, i] is at (p1[i], p2[j]); LossSurface takes losses[i, j]
        return LossSurface(grid.p1, grid.p2, grid.loss.T, **kw)

    # ------------------------------------------------------------------ beats
    def show_bowl(self) -> None:
        """The lesson's bowl, its contour rings and the loss axis."""
        self.surface = self.make_surface(self.grid, width=7.4, height=5.0)
        self.surface.move_to(LEFT * 2.8 + UP * 0.1)
        s = self.surface
        u1, v1 = s.w1s[-1], s.w2s[-1]  # the right-hand corner: clear of the start, up the far left
        base, top = s.point(u1, v1, 0.0), s.point(u1, v1, 0.8 * s.z_max)
        self.loss_axis = VGroup(Arrow(base, top, buff=0, stroke_width=3, color=MUTED, tip_length=0.18),
                                text("loss", 22, MUTED).next_to(top, RIGHT, buff=0.12))
        p = self.path
        self.epoch = Readout("epoch", "0", INK, 26)
        self.loss = Readout("loss", f"{p.losses[0]:.3f}", FORWARD, 26)
        self.w1 = Slider("w<sub>1</sub>", -2.5, 5.5, p.points[0, 0], length=2.2)
        self.w2 = Slider("w<sub>2</sub>", -2.5, 5.5, p.points[0, 1], length=2.2)
        self.lr_text = text(f"learning rate {self.rates['about right']:g}", 22, MUTED)
        self.panel = VGroup(self.lr_text, self.epoch, self.loss, self.w1, self.w2).arrange(
            DOWN, aligned_edge=LEFT, buff=0.32).move_to(RIGHT * 4.3 + UP * 0.3)
        self.surface.contours()
        cover = curtain(self.surface)
        self.add(self.surface, cover)
        self.play(FadeOut(cover), FadeIn(self.loss_axis), run_time=1.0)
        self.say(f"The bowl: the lesson's neuron on the 40 points, {BOWL_CAPTION}. "
                 f"Height is the loss, each thin ring one loss level; the bottom is the best pair of weights.",
                 numbers={"weight_decay": self.bowl.weight_decay})
        self.read()

    def roll(self) -> None:
        """The ball rolls down the bowl, the −gradient arrow showing each step."""
        p = self.path
        self.ball = self.surface.make_ball()
        self.ball.move_to(ball_at(self.surface, p, 0.0, self.ball.radius))
        t = ValueTracker(0.0)
        arrow = self.gradient_arrow(self.surface, p, t)
        label = text("\u2212gradient", 22, GRADIENT).next_to(self.panel, DOWN, buff=0.35).align_to(self.panel, LEFT)
        arrow.suspend_updating()  # its updater sets its opacity every frame: let it fade in first
        self.play(FadeIn(self.ball, scale=0.5), FadeIn(self.panel), FadeIn(arrow), FadeIn(label), run_time=0.6)
        arrow.resume_updating()
        label.add_updater(lambda m: m.set_opacity(arrow.get_stroke_opacity()))  # the label goes with its arrow
        self.say(f"Start high on the side, at w = ({num(p.points[0, 0], 1)}, {num(p.points[0, 1], 1)}). "
                 "The gradient points steepest uphill; each step goes against it: the violet arrow, shorter as the slope flattens.",
                 numbers={"start": tuple(p.points[0])})
        self.wait(2.0)  # a look at the arrow; the caption stays up while the ball rolls
        self.roll_balls([("main", self.surface, self.ball, p)], EPOCHS, run_time=9.0, epoch=self.epoch,
                        losses=[self.loss], sliders=(self.w1, self.w2), t=t)
        arrow.clear_updaters()
        label.clear_updaters()
        self.play(FadeOut(arrow), FadeOut(label), run_time=0.3)
        self.say(f"After {EPOCHS} steps at learning rate {self.rates['about right']:g} the loss fell from "
                 f"{p.losses[0]:.3f} to {p.losses[-1]:.3f}: the bottom of the bowl.",
                 numbers={"start": p.losses[0], "end": p.losses[-1]}, payoff=True)
        self.read()

    def compare_learning_rates(self) -> None:
        """Three bowls, three learning rates, the same start."""
        self.unsay()
        cover = curtain(VGroup(self.surface, self.panel, self.ball, self.loss_axis, *self.trails), buff=0.3)
        self.play(FadeIn(cover), run_time=0.6)
        self.remove(self.surface, self.panel, self.ball, self.loss_axis, *self.trails, cover)
        columns, bowls = [], VGroup()
        for k, (name, lr) in enumerate(self.rates.items()):
            bowl = self.make_surface(self.small_grid, width=4.2, height=3.2, labels=None)
            bowl.move_to(np.array([-4.6 + 4.6 * k, 0.1, 0]))
            title = markup(f"<b>{name}</b>   lr = {lr:g}", 24, LR_COLORS[k]).next_to(bowl, UP, buff=0.25)
            path = self.rate_paths[name]
            ball = bowl.make_ball(radius=0.1)
            ball.move_to(ball_at(bowl, path, 0.0, ball.radius))
            loss = Readout("loss", f"{path.losses[0]:.3f}", LR_COLORS[k], 24).next_to(bowl, DOWN, buff=0.2)
            columns.append((name, bowl, ball, path, title, loss))
            bowls.add(bowl)
        self.rate_epoch = Readout("epoch", "0", INK, 26).to_edge(UP, buff=0.45)
        cover = curtain(VGroup(bowls, *[c[4] for c in columns], *[c[5] for c in columns]), buff=0.05)
        self.add(bowls, cover)
        self.play(FadeOut(cover), *[FadeIn(c[4]) for c in columns], *[FadeIn(c[5]) for c in columns],
                  FadeIn(self.rate_epoch), *[FadeIn(c[2], scale=0.5) for c in columns], run_time=1.0)
        self.columns = columns
        edge = self.bowl.learning_rate_edge
        self.say(f"The learning rate is the step size. Same start, three rates, {RATE_EPOCHS} steps each. "
                 f"Above {edge:.1f} they overshoot so far that they never settle.",
                 numbers={"edge": edge})
        self.read()
        self.roll_balls([(c[0], c[1], c[2], c[3]) for c in columns], RATE_EPOCHS, run_time=10.0,
                        epoch=self.rate_epoch, losses=[c[5] for c in columns])
        small, right, large = (self.rate_paths[n] for n in self.rates)
        ups = int(np.sum(np.diff(large.losses) > 0))
        self.say(f"Too small: still at loss {small.losses[-1]:.3f}, slow. About right: {right.losses[-1]:.3f}, "
                 f"the bottom. Too large: it overshoots and zigzags, the loss went up {ups} times, "
                 f"ending at {large.losses[-1]:.3f}.",
                 numbers={"small": small.losses[-1], "right": right.losses[-1], "large": large.losses[-1], "ups": ups},
                 payoff=True)
        self.read()

    def local_minimum(self) -> None:
        """A made-up loss with two valleys: where the ball starts decides where it ends."""
        self.unsay()
        group = VGroup(*[m for c in self.columns for m in (c[1], c[2], c[4], c[5])], self.rate_epoch, *self.trails)
        cover = curtain(group, buff=0.3)
        self.play(FadeIn(cover), run_time=0.6)
        self.remove(group, cover, *group)
        self.ditch_surface = LossSurface(DITCH_W1, DITCH_W2, self.ditch_losses, width=7.4, height=4.6,
                                         theta=-10, phi=58, z_length=2.6)  # both valleys side by side
        self.ditch_surface.move_to(LEFT * 2.6 + UP * 0.1)
        self.ditch_surface.contours(levels=8)
        self.step_readout = Readout("step", "0", INK, 26)
        # each ball and its read-out in one colour: on this tilted view, height on screen is not the loss
        self.ball_colors = dict(zip(("left ball", "right ball"), DITCH_BALL_COLORS))
        self.ditch_readouts = [Readout(f"<span foreground='{colour}'>{n}</span>: loss", f"{self.ditch[n].losses[0]:.3f}",
                                       FORWARD, 24) for n, colour in self.ball_colors.items()]
        panel = VGroup(self.step_readout, *self.ditch_readouts).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        panel.move_to(RIGHT * 4.6 + UP * 0.6)
        balls = []
        for n, colour in self.ball_colors.items():
            ball = self.ditch_surface.make_ball(radius=0.1, color=colour)
            ball.move_to(ball_at(self.ditch_surface, self.ditch[n], 0.0, ball.radius))
            balls.append((n, self.ditch_surface, ball, self.ditch[n]))
        cover = curtain(self.ditch_surface)
        self.add(self.ditch_surface, cover)
        self.play(FadeOut(cover), FadeIn(panel), *[FadeIn(b[2], scale=0.5) for b in balls], run_time=0.8)
        self.say("Not every loss is one bowl. This made-up surface of two weights has two valleys. "
                 "Two balls start on either side and run the same gradient descent.")
        self.read()
        self.roll_balls(balls, DITCH_STEPS, run_time=6.0, epoch=self.step_readout, losses=self.ditch_readouts)
        ends = sorted(((self.ditch[n].points[-1], self.ditch[n].losses[-1], n) for n in self.ball_colors), key=lambda e: e[1])
        (deep_w, deep_l, _), (shallow_w, shallow_l, shallow_name) = ends
        shallow, deep = (tuple(shallow_w), shallow_l), (tuple(deep_w), deep_l)
        self.say(f"The {shallow_name} rests at w = ({num(shallow_w[0], 2)}, {num(shallow_w[1], 2)}), loss {shallow_l:.3f}: "
                 f"a local minimum, a valley that is not the deepest (w = ({num(deep_w[0], 2)}, "
                 f"{num(deep_w[1], 2)}), loss {deep_l:.3f}). In big networks this matters less than feared.",
                 numbers={"shallow": shallow, "deep": deep}, payoff=True)
        self.read()

    def epochs_word(self) -> None:
        """What the read-out's word means: each step of the ball is one pass over all the points."""
        n = len(self.bowl.y)
        self.say(f"The ball will take steps, one per epoch: one full pass over the training data, its gradient "
                 f"taken over all {n} points. Real training runs tens to thousands of epochs.", numbers={"points": n})
        self.read()

    def gradient_arrow(self, surface: LossSurface, path, t: ValueTracker) -> VMobject:
        """The −gradient arrow at the ball: along the step it is taking and ARROW_GAIN times as long
        (the step is lr·gradient), fading out as the steps shrink near the bottom."""
        ends = [surface.point(*q, loss) for q, loss in zip(path.points, path.losses)]
        lengths = np.linalg.norm(np.diff(ends, axis=0), axis=1)  # each step, on screen
        arrow = VMobject()

        def draw(mob):
            k = int(np.clip(np.floor(t.get_value()), 0, len(lengths) - 1))
            frac = float(np.clip(t.get_value() - k, 0.0, 1.0))
            size = ARROW_GAIN * ((1 - frac) * lengths[k] + frac * lengths[min(k + 1, len(lengths) - 1)])
            d = (ends[k + 1] - ends[k]) / max(lengths[k], 1e-9)
            here = ball_at(surface, path, t.get_value(), 0.0)
            mob.become(Arrow(here, here + max(min(size, ARROW_MAX), 0.12) * d, buff=0, color=GRADIENT, stroke_width=6,
                             max_tip_length_to_length_ratio=0.35))  # the same object: small, so become is cheap
            mob.set_opacity(float(np.clip((size - 0.15) / 0.2, 0.0, 1.0)))  # gone before the ball covers it (size 0.15)

        draw(arrow)
        arrow.add_updater(draw)
        return arrow


    # --------------------------------------------------------------- the motion
    def roll_balls(self, balls, epochs, run_time, epoch, losses, sliders=(), t: ValueTracker | None = None) -> None:
        """Roll each (name, surface, ball, path) for `epochs` steps in one animation of `t` (a
        fresh tracker by default); the read-outs change at every whole step, the sliders glide
        with the ball."""
        t = ValueTracker(0.0) if t is None else t  # (a ValueTracker has no parts: it is falsy)
        shown = {"k": -1}
        self.trails = []
        for name, surface, ball, path in balls:
            trail = VMobject(stroke_color=TRAIL, stroke_width=3, stroke_opacity=0.85)

            def follow(mob, surface=surface, path=path, name=name):
                mob.move_to(ball_at(surface, path, t.get_value(), mob.radius))
                self.ball_log.append((name, t.get_value(), mob[0].get_center().copy()))

            def draw_trail(mob, surface=surface, path=path):
                k = int(min(np.floor(t.get_value()), len(path.points) - 1))
                pts = [surface.point(*path.points[i], path.losses[i]) for i in range(k + 1)]
                pts.append(ball_at(surface, path, t.get_value(), 0.0))
                mob.set_points_as_corners(pts)

            draw_trail(trail)
            trail.add_updater(draw_trail)
            ball.add_updater(follow)
            self.trails.append(trail)
            self.add(trail, ball)  # after the surface: drawn on top of it

        def update_numbers(_):
            k = int(np.floor(t.get_value() + 1e-9))
            for slider, v in zip(sliders, lerp_path(balls[0][3].points, t.get_value())):
                slider.jump_to(float(v))
            if k != shown["k"]:
                shown["k"] = k
                epoch.set(str(k))
                for readout, (_, _, _, path) in zip(losses, balls):
                    readout.set(f"{path.losses[min(k, len(path.losses) - 1)]:.3f}")

        epoch.add_updater(update_numbers)
        keep_redrawn(*losses, *sliders)
        self.play(t.animate.set_value(epochs), run_time=run_time, rate_func=linear)
        stop_redrawing(*losses, *sliders)
        for m in [epoch, *self.trails, *[b[2] for b in balls]]:
            m.clear_updaters()
