"""Part 2 — build a neuron by hand: three sliders move the line; then "Train this for me".

Render: manim -ql scenes/by_hand.py BuildByHand

The 40 points are `data.make_separable()`. The neuron is an `nn.Linear(2, 1)` whose three
parameters are the sliders; every frame the scene writes the sliders into it and asks the
engine for everything drawn: `predict_proba` on a grid (the orange line is its 0.5 contour,
the shading its value), `predict_class` for the amber rings, and the loss and accuracy from
`landscape.model_loss` / `train.accuracy`. "Train this for me" is `fit` with SGD; the bowl is
the lesson's one bowl, `landscape.lesson_bowl()`, the same the notebooks draw.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, LaggedStart, RoundedRectangle, ValueTracker, VGroup, linear

from autograd_mini import optim
from autograd_mini.landscape import BOWL_CAPTION, BOWL_WEIGHT_DECAY, lesson_bowl, model_loss, set_flat_parameters
from autograd_mini.train import accuracy, fit, predict_class
from common import (BOUNDARY, CLASS_A, CLASS_B, FORWARD, INK, MUTED, DataPlane, LessonScene, LossSurface, Readout,
                    Slider, ball_at, contour_lines, curtain, keep_redrawn, lerp_path, markup, num,
                    probability_grid, stop_redrawing, text)
from common.loss_surface import paced

RANGE = (-1.0, 3.0)
GRID = 48  # predictions on a GRID x GRID lattice, every frame
BY_HAND = ((1.0, 0.0, 0.0), (1.0, 0.6, 0.0), (1.0, 0.6, -1.2))  # the three moves made by hand
TRAIN_EPOCHS = 60
BOWL_EPOCHS = 12  # the bowl's path is at its bottom (loss to 3 decimals) by then


class BuildByHand(LessonScene):
    """Sliders for w1, w2 and b move the neuron's line; gradient descent then moves them for us."""

    PART = 2
    TITLE = "Build a neuron by hand"
    TAKEAWAY = "A neuron draws one line: its weights turn it, its bias moves it,\nand gradient descent finds the best one."
    NEXT = "Part 3, gradient descent: the ball that rolls down the bowl"

    def construct(self) -> None:
        self.compute()
        self.title_card()
        self.show_points()
        self.show_sliders()
        self.move_by_hand()
        self.toggle_shading()
        self.train_for_me()
        self.start_again()
        self.show_the_bowl()
        self.roll_down_the_bowl()
        self.end_card()

    # ------------------------------------------------------------- the numbers
    def compute(self) -> None:
        self.bowl = lesson_bowl()
        self.X, self.y = self.bowl.X, self.bowl.y
        self.model = self.bowl.neuron()
        self.shown: list[dict] = []  # every state the plane showed: params and the engine's numbers

    def measure(self, params) -> dict:
        """The engine's view of the neuron at (w1, w2, b): grid, line, classes, loss, accuracy."""
        set_flat_parameters(self.model, params)
        xs, ys, P = probability_grid(self.model, RANGE, RANGE, GRID)
        return {"params": tuple(float(p) for p in params), "xs": xs, "ys": ys, "probs": P,
                "lines": contour_lines(xs, ys, P, 0.5), "pred": predict_class(self.model, self.X),
                "loss": model_loss(self.model, self.X, self.y, weight_decay=BOWL_WEIGHT_DECAY),
                "accuracy": accuracy(self.model, self.X, self.y)}

    # ------------------------------------------------------------------ beats
    def show_points(self) -> None:
        self.plane = DataPlane(RANGE, RANGE, width=5.3, height=5.3, dot_radius=0.07)
        self.plane.move_to(LEFT * 3.6 + UP * 0.3)
        self.axis_names = VGroup(markup("x<sub>1</sub>", 22, MUTED).next_to(self.plane, DOWN, buff=0.08),
                                 markup("x<sub>2</sub>", 22, MUTED).next_to(self.plane, LEFT, buff=0.08))
        self.dots = self.plane.data_dots(self.X, self.y)
        self.play(FadeIn(self.plane), FadeIn(self.axis_names), run_time=0.6)
        self.play(LaggedStart(*[FadeIn(d, scale=0.5) for d in self.dots], lag_ratio=0.03), run_time=1.2)
        n_b = int(self.y.sum())
        self.say(f"{len(self.y)} points: <span foreground='{CLASS_A}'>class A</span> cyan, "
                 f"<span foreground='{CLASS_B}'>class B</span> rose. One straight line can separate them.",
                 numbers={"points": len(self.y), "class B": n_b})
        self.read()

    def show_sliders(self) -> None:
        self.trackers = [ValueTracker(0.0) for _ in range(3)]
        names = ("w<sub>1</sub>", "w<sub>2</sub>", "b")
        room = max(markup(name, 24).width for name in names)  # one label width: tracks and values line up
        self.sliders = [Slider(name, -5, 5, 0.0, length=2.6, label_width=room) for name in names]
        self.acc = Readout("accuracy", "", INK, 26)
        self.loss = Readout("loss", "", FORWARD, 26)
        self.shade_on = False
        self.mini = None  # the small read-out beside the bowl, once the panel is gone
        self.toggle = text("shading: off", 22, MUTED)
        self.panel = VGroup(text("the neuron", 28, INK, weight="BOLD"), *self.sliders, self.acc, self.loss,
                            self.toggle).arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to(RIGHT * 3.6 + UP * 0.4)
        # the line, the shading and the rings: the same objects all along, redrawn in place
        xs = ys = np.linspace(RANGE[0], RANGE[1], GRID)
        self.live = VGroup(self.plane.boundary([]).set_z_index(1),
                           self.plane.shading(xs, ys, None), self.plane.rings(self.X))
        self.update_plane(self.live)
        self.play(FadeIn(self.panel), run_time=0.6)
        f = self.shown[-1]
        self.say(f"Three sliders, all at 0.0: weight 1, weight 2 and the bias. At 0 the neuron says P = 0.5 "
                 f"everywhere and calls every point A; amber rings mark the points it gets wrong: "
                 f"accuracy {100 * f['accuracy']:.1f}%, loss {f['loss']:.3f}.",
                 numbers={"accuracy": 100 * f["accuracy"], "loss": f["loss"]})
        self.play(FadeIn(self.live), run_time=0.4)  # the rings with the caption that names them
        self.read()

    def update_plane(self, live) -> None:
        """Every frame: the sliders' values into the engine's neuron, and what it says onto the plane."""
        params = tuple(t.get_value() for t in self.trackers)
        if self.shown and self.shown[-1]["params"] == params and getattr(self, "_shade_drawn", None) == self.shade_on:
            return
        f = self.measure(params)
        self.shown.append(f)
        self._shade_drawn = self.shade_on
        line, shading, rings = live
        self.plane.trace(line, f["lines"])
        self.plane.reshade(shading, f["xs"], f["ys"], f["probs"] if self.shade_on else None)
        self.plane.mark(rings, self.y, f["pred"])
        for slider, v in zip(self.sliders, params):
            slider.jump_to(v)
        self.acc.set(f"{100 * f['accuracy']:.1f}%")
        self.loss.set(f"{f['loss']:.3f}")
        self.write_mini(f)

    def write_mini(self, f: dict) -> None:
        """The small read-out beside the bowl (once there is one): w1, w2, b and the loss."""
        if self.mini is not None:
            for readout, v in zip(self.mini, f["params"]):
                readout.set(num(v, 2))
            self.mini[3].set(f"{f['loss']:.3f}")

    def move_by_hand(self) -> None:
        """Three moves by hand: weight 1, weight 2, the bias; the caption first, then the glide."""
        words = [
            "Weight 1 up to {w1}: the orange line appears where w1·x1 + w2·x2 + b = 0. "
            "Points to its right, where w1·x1 + w2·x2 + b > 0, are called B; the rings move to the points "
            "now wrong: accuracy {acc}%.",
            "Weight 2 up to {w2}: the line turns. Accuracy {acc}%{trend}.",
            "The bias to {b}: the line moves off the origin, without turning. Accuracy {acc}%{trend}.",
        ]
        before = self.measure((0.0, 0.0, 0.0))
        for target, template in zip(BY_HAND, words):
            f = self.measure(target)  # what the neuron will say there: the caption comes first
            w1, w2, b = f["params"]
            # a move can lose points yet lower the loss: say so, from the two numbers
            trend = (f", fewer right for now, yet the loss fell from {before['loss']:.3f} to {f['loss']:.3f}"
                     if f["accuracy"] < before["accuracy"] and f["loss"] < before["loss"] else "")
            self.say(template.format(w1=f"{w1:g}", w2=f"{w2:g}", b=f"{b:g}".replace("-", "\u2212"),
                                     acc=f"{100 * f['accuracy']:.1f}", trend=trend),
                     numbers={"accuracy": 100 * f["accuracy"], "params": f["params"], "loss": f["loss"],
                              "loss before": before["loss"]})
            before = f
            self.glide(target)
            self.read()

    def toggle_shading(self) -> None:
        """The shading on: the neuron's probability of class B over the plane."""
        on = text("shading: on", 22, FORWARD).move_to(self.toggle, aligned_edge=LEFT)
        self.say("Shading on: the colour is the sigmoid's probability of class B. "
                 "It fades to the background on the line, where P = 0.5.")
        self.shade_on = True
        self.update_plane(self.live)
        self.play(FadeOut(self.toggle), FadeIn(on), run_time=0.4)
        self.panel.submobjects[self.panel.submobjects.index(self.toggle)] = on  # the panel holds the new text
        self.toggle = on
        self.read()

    def train_for_me(self) -> None:
        button = RoundedRectangle(width=3.4, height=0.6, corner_radius=0.15, stroke_color=BOUNDARY,
                                  fill_color=BOUNDARY, fill_opacity=0.2)
        label = text("Train this for me", 24, INK)
        self.button = VGroup(button, label.move_to(button)).next_to(self.panel, DOWN, buff=0.3)
        self.play(FadeIn(self.button), run_time=0.4)
        lr = self.bowl.learning_rates["about right"]
        start = self.shown[-1]["params"]
        set_flat_parameters(self.model, start)
        history = fit(self.model, self.X, self.y,
                      optimizer=optim.SGD(self.model.parameters(), lr=lr, weight_decay=BOWL_WEIGHT_DECAY),
                      epochs=TRAIN_EPOCHS, snapshot_every=1, progress=False)
        steps = np.array([np.concatenate([history.params_at(e)["weight"].ravel(), history.params_at(e)["bias"].ravel()])
                          for e in range(TRAIN_EPOCHS + 1)])
        self.train_steps, self.train_history = steps, history
        f = self.measure(steps[-1])
        self.say(f"Train this for me: the engine's gradient descent moves all three sliders, {TRAIN_EPOCHS} steps "
                 f"at learning rate {lr:g}.", numbers={"epochs": TRAIN_EPOCHS, "lr": lr})
        self.glide_along(steps, run_time=6.0)
        self.read()
        self.say(f"After {TRAIN_EPOCHS} steps: accuracy {100 * f['accuracy']:.1f}%, loss {f['loss']:.3f}, "
                 f"from {100 * self.shown[0]['accuracy']:.1f}% and {self.shown[0]['loss']:.3f} with all three at 0.",
                 numbers={"epochs": TRAIN_EPOCHS, "accuracy": 100 * f["accuracy"], "loss": f["loss"],
                          "start accuracy": 100 * self.shown[0]["accuracy"], "start loss": self.shown[0]["loss"]},
                 payoff=True)
        self.read()

    def glide_along(self, points: np.ndarray, run_time: float, extra=None) -> ValueTracker:
        """Move the sliders through `points` (one row per step), straight between steps."""
        step = ValueTracker(0.0)

        def follow(_):
            for t, v in zip(self.trackers, lerp_path(points, step.get_value())):
                t.set_value(float(v))

        anchor = VGroup()
        anchor.add_updater(follow)
        self.add(anchor)
        self.live.add_updater(self.update_plane)
        keep_redrawn(*self.sliders, self.acc, self.loss)
        self.play(step.animate.set_value(len(points) - 1), *(extra or []), run_time=run_time, rate_func=linear)
        stop_redrawing(*self.sliders, self.acc, self.loss)
        self.live.clear_updaters()
        anchor.clear_updaters()
        self.remove(anchor)
        self.update_plane(self.live)
        return step

    def start_again(self) -> None:
        """From the trained neuron back to a bad guess: the bowl's start, b at its best value."""
        self.bowl_path = path = self.bowl.path(self.bowl.learning_rates["about right"], BOWL_EPOCHS)
        self.b_best, b_trained = float(self.bowl.optimum[2]), float(self.train_steps[-1][2])
        w1, w2 = path.points[0]
        self.say(f"Start again from a bad guess, w = ({num(w1, 1)}, {num(w2, 1)}), with b fixed at "
                 f"{num(self.b_best, 2)}, its value at the loss's minimum (our {TRAIN_EPOCHS} steps reached {num(b_trained, 2)}).",
                 numbers={"start": (w1, w2), "b": self.b_best, "b trained": b_trained, "epochs": TRAIN_EPOCHS})
        # laid out with the widest values they will show, then written with the ones they show now
        wide = "\u22120.00"
        self.mini = [Readout(name, value, color, 24) for name, value, color in
                     (("w<sub>1</sub>", wide, INK), ("w<sub>2</sub>", wide, INK), ("b", wide, INK), ("loss", "0.000", FORWARD))]
        self.step_readout = Readout("step", "00", INK, 24)
        rows = VGroup(VGroup(*self.mini[:3]).arrange(RIGHT, buff=0.45),
                      VGroup(self.mini[3], self.step_readout).arrange(RIGHT, buff=0.6))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        self.mini_panel = rows.move_to(RIGHT * 3.7 + UP * 3.05)
        self.write_mini(self.shown[-1])
        self.step_readout.set("0")
        self.play(FadeOut(self.panel), FadeOut(self.button), FadeIn(rows[0]), FadeIn(self.mini[3]), run_time=0.5)
        self.glide((*path.points[0], self.b_best), run_time=2.0)
        self.read()

    def glide(self, targets, run_time: float = 2.0) -> None:
        """Move the sliders straight to `targets`, the plane and every read-out following."""
        shown = [*self.sliders, self.acc, self.loss, *(self.mini or [])]
        self.live.add_updater(self.update_plane)
        keep_redrawn(*shown)
        self.play(*[t.animate.set_value(v) for t, v in zip(self.trackers, targets)], run_time=run_time)
        stop_redrawing(*shown)
        self.live.clear_updaters()
        self.update_plane(self.live)

    def show_the_bowl(self) -> None:
        """The bowl beside the plane; the ball on it is the neuron on the left."""
        grid = np.linspace(-2.5, 5.5, 17)
        surface = self.bowl.surface(grid)
        self.surface = LossSurface(surface.p1, surface.p2, surface.loss.T, width=6.0, height=4.5)
        self.surface.move_to(RIGHT * 3.75 + DOWN * 0.2)
        self.say(f"The same neuron's loss bowl: {BOWL_CAPTION}. The ball is the neuron on the left.",
                 numbers={"b": self.b_best, "weight_decay": BOWL_WEIGHT_DECAY})
        cover = curtain(self.surface)  # fading a curtain off the bowl: the bowl itself is never copied or redrawn
        self.add(self.surface, cover)
        self.play(FadeOut(cover), FadeIn(self.step_readout), run_time=0.8)
        self.remove(cover)
        self.ball = self.surface.make_ball(radius=0.11)
        self.ball.move_to(ball_at(self.surface, self.bowl_path, 0.0, self.ball.radius))
        self.add(self.ball)
        self.read()

    def roll_down_the_bowl(self) -> None:
        """Gradient descent on the bowl: the ball rolls, the line on the left moves with it."""
        path, ball = self.bowl_path, self.ball
        steps = np.column_stack([path.points, np.full(len(path.points), self.b_best)])
        step = ValueTracker(0.0)

        def roll(mob):
            mob.move_to(ball_at(self.surface, path, step.get_value(), mob.radius))
            for tr, v in zip(self.trackers, lerp_path(steps, step.get_value())):
                tr.set_value(float(v))
            self.step_readout.set(str(int(np.floor(step.get_value() + 1e-9))))

        self.say(f"One step of the ball is one move of the line: {BOWL_EPOCHS} steps from loss "
                 f"{path.losses[0]:.3f} down to {path.losses[-1]:.3f}.",
                 numbers={"start": path.losses[0], "end": path.losses[-1], "epochs": BOWL_EPOCHS}, payoff=True)
        ball.add_updater(roll)
        self.live.add_updater(self.update_plane)
        keep_redrawn(self.step_readout, *self.mini)
        # the first steps are long and the last ones tiny: time split between distance and count
        lengths = np.linalg.norm(np.diff(path.points, axis=0), axis=1)
        self.play(step.animate.set_value(len(steps) - 1), run_time=8.0, rate_func=paced(lengths))
        stop_redrawing(self.step_readout, *self.mini)
        ball.clear_updaters()
        self.live.clear_updaters()
        roll(ball)
        self.update_plane(self.live)  # the last step, after the last updater ran
        self.read(extra=3.0)  # the payoff: the ball at the bottom, the line in its best place

