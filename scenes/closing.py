"""Closing — what the lesson built, with its measured results, and what comes next.

Render: manim -ql scenes/closing.py Closing

Every number is measured again here by the engine, the way the parts measured it: the
hand-built neuron after "Train this for me", the best line and the network on XOR, the line
and the network on two moons.
"""

from __future__ import annotations

from manim import DOWN, LEFT, UL, UP, FadeIn, FadeOut, LaggedStart, VGroup

from autograd_mini import optim
from autograd_mini.landscape import BOWL_WEIGHT_DECAY, lesson_bowl
from autograd_mini.train import accuracy, fit
from common import FORWARD, INK, MUTED, LessonScene, text


def lesson_results() -> dict:
    """The lesson's results, measured: the trained neuron on the 40 points, XOR, two moons."""
    import moons
    import xor

    bowl = lesson_bowl()
    neuron = bowl.neuron((0.0, 0.0))
    fit(neuron, bowl.X, bowl.y, optimizer=optim.SGD(neuron.parameters(), lr=bowl.learning_rates["about right"],
                                                     weight_decay=BOWL_WEIGHT_DECAY), epochs=60, progress=False)
    X, y = xor.xor_data()
    best, _ = xor.best_line(X, y)
    mlp, _ = xor.train_mlp(X, y)
    mX, my = moons.moons_data()
    line, _ = moons.train_neuron(mX, my)
    net, _ = moons.train_mlp(mX, my)
    return {"neuron": accuracy(neuron, bowl.X, bowl.y), "xor_line": best, "xor_mlp": accuracy(mlp, X, y),
            "moons_line": accuracy(line, mX, my), "moons_mlp": accuracy(net, mX, my)}


class Closing(LessonScene):
    """The summary of the lesson and the next one: computer vision."""

    PART = 6
    TITLE = "What you built, and what comes next"
    TAKEAWAY = "A neuron learns its weights by gradient descent, and a hidden layer\nsolves what one neuron cannot."
    NEXT = "lesson 2, computer vision"

    def construct(self) -> None:
        self.results = lesson_results()
        self.title_card()
        self.summary()
        self.next_lesson()
        self.end_card()

    def summary(self) -> None:
        r = self.results
        rows = VGroup(
            text("What you built (training accuracy)", 30, INK, weight="BOLD"),
            text(f"a neuron, trained by gradient descent:   {100 * r['neuron']:.1f}% of the 40 points", 24),
            text(f"XOR:   the best line {100 * r['xor_line']:.1f}%,   a 2-3-1 network {100 * r['xor_mlp']:.1f}%", 24),
            text(f"two moons:   a line {100 * r['moons_line']:.1f}%,   a hidden layer {100 * r['moons_mlp']:.1f}%", 24),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.4).move_to(LEFT * 0.3 + UP * 1.2)
        self.play(LaggedStart(*[FadeIn(m, shift=0.1 * LEFT) for m in rows], lag_ratio=0.4), run_time=1.6)
        self.say("A neuron multiplies, adds and squashes. Gradient descent moved its weights down the loss. "
                 "A hidden layer bent the boundary where one line could not.", numbers=dict(r))
        self.read(1.0)
        self.rows = rows

    def next_lesson(self) -> None:
        self.say("Next time: convolutional networks add filters and pooling to the same neuron, "
                 "and train an image classifier.")
        self.play(self.rows.animate.set_opacity(0.35), run_time=0.5)
        nxt = VGroup(
            text("Next lesson: computer vision", 30, FORWARD, weight="BOLD"),
            text("a filter is a neuron that slides over an image", 24, MUTED),
            text("pooling keeps the strongest response in each window", 24, MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).next_to(self.rows, DOWN, buff=0.6).align_to(self.rows, LEFT)
        self.play(FadeIn(nxt), run_time=0.8)
        self.read()
        self.say("A filter is a neuron with a few weights that slides over the image; where it matches, "
                 "its feature map lights up. Pooling keeps the strongest response in each small window.")
        self.read()
        self.say("Before that, check yourself: five questions on what you built, in the notebook "
                 "06_knowledge_check or with autograd-mini quiz. Aim for 4 of 5.")
        quiz = VGroup(text("Check yourself: five questions", 30, FORWARD, weight="BOLD"),
                      text("notebook 06_knowledge_check, or run:  autograd-mini quiz", 24, MUTED),
                      ).arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to(nxt, aligned_edge=UL)
        self.play(FadeOut(nxt), FadeIn(quiz), run_time=0.6)
        self.read()
