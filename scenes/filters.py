"""Preview of the next lesson — a filter slides over a digit, pooling keeps the strongest answer.

Render: autograd-mini render filters -q l   (or: manim -ql scenes/filters.py Filters)

Not one of the lesson's parts (`--lesson` does not join it): it previews the next lesson,
the notebook tutorials/07_filters_and_pooling.py. One 8x8 test digit of
`image_data.load_digits()`; the hand-made vertical-edge filter [[-1, 0, 1]] x 3 of that
notebook. Every number drawn is the engine's: the feature map is `engine.conv.conv2d`'s
output (the nine products beside the window are pixel x weight, shown so the sum can be
read; the sum written is conv2d's), the pooled map is `max_pool2d` of its ReLU, and the
prediction is `vision.small_cnn(seed=0)` trained with `train_image_classifier`, measured
with `train.accuracy`, `predict_proba` and `predict_class`.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, LaggedStart, Rectangle, Square, VGroup)

from autograd_mini import Tensor
from autograd_mini.engine.conv import conv2d, max_pool2d
from autograd_mini.image_data import load_digits
from autograd_mini.train import accuracy, predict_class, predict_proba
from autograd_mini.vision import small_cnn, train_image_classifier
from common import (BOUNDARY, FORWARD, INK, MISCLASSIFIED, MUTED, NEGATIVE, PANEL, POSITIVE, LessonScene, mono,
                    num, text)

DIGIT = 2  # the test digit shown (a fixed index into load_digits()'s test set)
KERNEL = np.array([[-1.0, 0.0, 1.0]] * 3)  # vertical edges: right column minus left column
DETAIL = 6  # the first DETAIL windows (the first row) are shown in detail, then the rest quickly


def engine_numbers(index: int = DIGIT) -> dict:
    """The filter and pooling numbers, from the engine: feature map, its ReLU, the pooled map."""
    _, _, X_test, y_test = load_digits()
    image = X_test[index:index + 1]
    feature = conv2d(Tensor(image), Tensor(KERNEL[None, None]))
    relu = feature.relu()
    pooled = max_pool2d(relu, 2)
    return {"digit": image[0, 0], "label": int(y_test[index]), "feature": feature.data[0, 0],
            "relu": relu.data[0, 0], "pooled": pooled.data[0, 0]}


def train_network(seed: int = 0) -> dict:
    """small_cnn trained with the lesson's recipe; its test accuracy and its answer on the digit."""
    X_train, y_train, X_test, y_test = load_digits()
    model = small_cnn(seed=seed)
    train_image_classifier(model, X_train, y_train, seed=seed)
    proba = predict_proba(model, X_test[DIGIT:DIGIT + 1])[0]
    return {"model": model, "accuracy": accuracy(model, X_test, y_test), "n_test": len(y_test),
            "proba": proba, "pred": int(predict_class(model, X_test[DIGIT:DIGIT + 1])[0])}


def grid_of(rows: int, cols: int, cell: float, fill, stroke=MUTED) -> VGroup:
    """rows x cols squares, row 0 on top; `fill(r, c)` -> (colour, opacity)."""
    squares = VGroup()
    for r in range(rows):
        for c in range(cols):
            color, opacity = fill(r, c)
            sq = Square(cell, stroke_color=stroke, stroke_width=1, fill_color=color, fill_opacity=opacity)
            squares.add(sq.move_to([c * cell, -r * cell, 0]))
    return squares


class Filters(LessonScene):
    """A 3x3 filter slides over a digit and writes a feature map; 2x2 max pooling; the CNN's answer."""

    PART = 0
    TITLE = "Preview: filters and pooling"
    TAKEAWAY = "A filter is a neuron that slides over the image;\npooling keeps the strongest answer."
    NEXT = "the notebook 07_filters_and_pooling"

    def construct(self) -> None:
        self.compute()
        self.title_card()
        self.show_digit_and_filter()
        self.slide_first_row()
        self.fill_the_rest()
        self.pool()
        self.prediction()
        self.end_card()

    # ------------------------------------------------------------- the numbers
    def compute(self) -> None:
        self.e = engine_numbers()
        self.net = train_network()
        self.shown_cells: dict[tuple[int, int], str] = {}  # feature-map cells as written on screen
        self.shown_pooled: dict[tuple[int, int], str] = {}

    # ------------------------------------------------------------------ beats
    def show_digit_and_filter(self) -> None:
        d = self.e["digit"]
        self.cell = 0.5
        self.image = grid_of(8, 8, self.cell, lambda r, c: (INK, float(d[r, c])))
        self.image.move_to(LEFT * 4.55 + UP * 0.05)
        self.image_label = text(f"a test digit ({self.e['label']}), 8\u00d78", 20, MUTED)
        self.image_label.next_to(self.image, UP, buff=0.12)
        kc = 0.42
        self.kernel = grid_of(3, 3, kc, lambda r, c: (POSITIVE if KERNEL[r, c] > 0 else NEGATIVE if KERNEL[r, c] < 0
                                                     else PANEL, 0.55 if KERNEL[r, c] else 1.0), stroke=BOUNDARY)
        self.kernel.move_to(LEFT * 0.55 + UP * 1.55)
        self.kernel_nums = VGroup(*[mono(num(KERNEL[r, c], 0), 16).move_to(self.kernel[3 * r + c])
                                    for r in range(3) for c in range(3)])
        self.kernel_label = text("the filter: 9 weights", 20, BOUNDARY).next_to(self.kernel, UP, buff=0.12)
        fc = 0.56
        self.map_cell = fc
        self.map_frame = grid_of(6, 6, fc, lambda r, c: (PANEL, 1.0)).move_to(RIGHT * 4.6 + UP * 0.05)
        self.map_label = text("feature map, 6\u00d76", 20, MUTED).next_to(self.map_frame, UP, buff=0.12)
        self.head = self.beat_title("A filter is a neuron that slides")
        self.play(FadeIn(self.head), FadeIn(self.image), FadeIn(self.image_label), run_time=0.8)
        self.play(FadeIn(self.kernel), FadeIn(self.kernel_nums), FadeIn(self.kernel_label),
                  FadeIn(self.map_frame), FadeIn(self.map_label), run_time=0.8)
        self.say("One handwritten digit from the test set, 8 by 8 pixels. The filter has 9 weights: "
                 "\u22121 on the left column, +1 on the right. It answers strongly at vertical edges.",
                 numbers={"label": self.e["label"]})
        self.read()

    def window_at(self, r: int, c: int):
        """Where the 3x3 window over image rows r..r+2, columns c..c+2 sits."""
        return self.image[8 * (r + 1) + (c + 1)].get_center()

    def map_cell_mob(self, r: int, c: int) -> VGroup:
        """Feature-map cell (r, c): coloured by the engine's value, the value written in it."""
        v = float(self.e["feature"][r, c])
        top = float(np.abs(self.e["feature"]).max())
        sq = Square(self.map_cell, stroke_color=MUTED, stroke_width=1,
                    fill_color=POSITIVE if v > 0 else NEGATIVE, fill_opacity=0.15 + 0.7 * abs(v) / top)
        sq.move_to(self.map_frame[6 * r + c])
        s = num(v, 1)
        self.shown_cells[(r, c)] = s
        return VGroup(sq, mono(s, 15, INK).move_to(sq))

    def products_panel(self, r: int, c: int) -> VGroup:
        """The nine pixel x weight products of the window, and conv2d's sum of them."""
        window = self.e["digit"][r:r + 3, c:c + 3]
        pc = 0.6
        boxes = grid_of(3, 3, pc, lambda i, j: (PANEL, 1.0))
        nums = VGroup(*[mono(num(window[i, j] * KERNEL[i, j], 2), 14).move_to(boxes[3 * i + j])
                        for i in range(3) for j in range(3)])
        out = float(self.e["feature"][r, c])
        total = mono(f"sum = {num(out, 2)}", 20, FORWARD)
        label = text("pixel \u00d7 weight", 18, MUTED)
        panel = VGroup(label, VGroup(boxes, nums), total).arrange(DOWN, buff=0.15)
        return panel.move_to(LEFT * 0.55 + DOWN * 1.05)

    def slide_first_row(self) -> None:
        self.window = Square(3 * self.cell, stroke_color=BOUNDARY, stroke_width=5).move_to(self.window_at(0, 0))
        self.cells = VGroup()
        self.play(FadeIn(self.window), run_time=0.4)
        panel = self.products_panel(0, 0)
        first = self.map_cell_mob(0, 0)
        self.play(FadeIn(panel), run_time=0.5)
        self.play(FadeIn(first), run_time=0.4)
        self.cells.add(first)
        f00 = float(self.e["feature"][0, 0])
        self.say(f"The window over the top-left corner: each pixel times its weight, nine products, summed: "
                 f"{num(f00, 2)}. That one number is the first pixel of the feature map.",
                 numbers={"feature_0_0": f00})
        self.read()
        self.say("The same nine weights slide one pixel to the right, and write the next number. "
                 "Dark on the left, bright on the right gives a big positive answer.")
        for c in range(1, DETAIL):
            new_panel = self.products_panel(0, c)
            cell = self.map_cell_mob(0, c)
            self.play(self.window.animate.move_to(self.window_at(0, c)), FadeOut(panel), run_time=0.5)
            self.play(FadeIn(new_panel), FadeIn(cell), run_time=0.4)
            self.cells.add(cell)
            panel = new_panel
            self.wait(0.6)
        self.panel = panel
        row = [float(v) for v in self.e["feature"][0]]
        self.say(f"The first row: {', '.join(num(v, 2) for v in row)}. Bright to dark, the right edge of a "
                 f"stroke, gives a negative answer.", numbers={"row_0": row})
        self.read()

    def fill_the_rest(self) -> None:
        self.say("The rest of the map, quickly: 36 windows, the same 9 weights each time. "
                 "Blue where the filter found a left edge of a stroke, pink at a right edge.",
                 numbers={"cells": 36})
        self.play(FadeOut(self.panel), run_time=0.3)
        for r in range(1, 6):  # a row at a time: the window sweeps along while the row's cells appear
            row = [self.map_cell_mob(r, c) for c in range(6)]
            self.window.move_to(self.window_at(r, 0))
            self.play(self.window.animate.move_to(self.window_at(r, 5)),
                      LaggedStart(*[FadeIn(cell) for cell in row], lag_ratio=0.3), run_time=1.0)
            self.cells.add(*row)
        self.read(0.5)

    def pool(self) -> None:
        relu, pooled = self.e["relu"], self.e["pooled"]
        self.play(FadeOut(self.window), FadeOut(self.image), FadeOut(self.image_label), FadeOut(self.kernel),
                  FadeOut(self.kernel_nums), FadeOut(self.kernel_label), FadeOut(self.head), run_time=0.6)
        head = self.beat_title("Pooling keeps the strongest answer")
        map_group = VGroup(self.map_frame, self.cells, self.map_label)
        self.play(map_group.animate.move_to(LEFT * 3.3 + UP * 0.05), FadeIn(head), run_time=0.8)
        # ReLU: the negative answers become 0 (the values are the engine's relu())
        top = float(relu.max())
        olds, news = [], []
        for k, cell in enumerate(self.cells):
            r, c = divmod(k, 6)
            if self.e["feature"][r, c] < 0:
                sq = Square(self.map_cell, stroke_color=MUTED, stroke_width=1, fill_color=PANEL, fill_opacity=1)
                sq.move_to(cell[0])
                s = num(float(relu[r, c]), 1)
                self.shown_cells[(r, c)] = s
                olds.append(cell)
                news.append(VGroup(sq, mono(s, 15, MUTED).move_to(sq)))
        relu_label = text("after ReLU", 20, MUTED).move_to(self.map_label)
        self.play(*[FadeOut(o) for o in olds], *[FadeIn(n) for n in news], FadeOut(self.map_label),
                  FadeIn(relu_label), run_time=0.6)
        for o, n in zip(olds, news):
            self.cells.remove(o)
        n_neg = len(news)
        self.say(f"First ReLU: the {n_neg} negative answers become 0. Then 2\u00d72 max pooling: "
                 f"in each 2\u00d72 block, only the largest number is kept.", numbers={"negatives": n_neg})
        self.read()
        pc = 0.85
        pooled_frame = grid_of(3, 3, pc, lambda r, c: (PANEL, 1.0)).move_to(RIGHT * 3.6 + UP * 0.05)
        pooled_label = text("pooled, 3\u00d73", 20, MUTED).next_to(pooled_frame, UP, buff=0.12)
        self.play(FadeIn(pooled_frame), FadeIn(pooled_label), run_time=0.5)
        block = Square(2 * self.map_cell, stroke_color=MISCLASSIFIED, stroke_width=5)
        ring = Square(self.map_cell * 0.92, stroke_color=FORWARD, stroke_width=4)
        frame = self.map_frame
        first = True
        for i in range(3):
            for j in range(3):
                centre = (frame[6 * (2 * i) + 2 * j].get_center() + frame[6 * (2 * i + 1) + 2 * j + 1].get_center()) / 2
                sub = relu[2 * i:2 * i + 2, 2 * j:2 * j + 2]
                a, b = np.unravel_index(int(np.argmax(sub)), sub.shape)  # where the kept maximum sits
                at = frame[6 * (2 * i + a) + 2 * j + b].get_center()
                v = float(pooled[i, j])
                s = num(v, 1)
                self.shown_pooled[(i, j)] = s
                sq = Square(pc, stroke_color=MUTED, stroke_width=1, fill_color=POSITIVE if v > 0 else PANEL,
                            fill_opacity=0.15 + 0.7 * v / top if v > 0 else 1.0).move_to(pooled_frame[3 * i + j])
                out = VGroup(sq, mono(s, 18, INK if v > 0 else MUTED).move_to(sq))
                if first:
                    block.move_to(centre)
                    ring.move_to(at)
                    self.play(FadeIn(block), FadeIn(ring), run_time=0.5)
                    self.play(FadeIn(out), run_time=0.4)
                    self.say(f"The top-left block: its largest answer, {num(v, 2)}, is kept; the other three "
                             f"are dropped.", numbers={"pooled_0_0": v})
                    self.read()
                    first = False
                else:
                    self.play(block.animate.move_to(centre), ring.animate.move_to(at), run_time=0.45)
                    self.play(FadeIn(out), run_time=0.3)
                    self.wait(0.3)
        self.say(f"Nine blocks, nine numbers: the map is a quarter of the size, and each number still says "
                 f"how strongly the edge was there. The strongest is {num(float(pooled.max()), 2)}.",
                 numbers={"pooled_max": float(pooled.max())})
        self.read()
        self.pooled_frame = pooled_frame

    def prediction(self) -> None:
        net, d = self.net, self.e["digit"]
        self.unsay()
        self.play(*[FadeOut(m) for m in self.mobjects], run_time=0.6)
        self.remove(*self.mobjects)
        head = self.beat_title("The trained network's answer")
        image = grid_of(8, 8, 0.5, lambda r, c: (INK, float(d[r, c]))).move_to(LEFT * 4.3 + UP * 0.05)
        label = text("the same test digit", 20, MUTED).next_to(image, UP, buff=0.12)
        # ten bars: the network's probability of each class
        bars = VGroup()
        names = VGroup()
        width = 3.2
        for k, p in enumerate(net["proba"]):
            y = 1.75 - 0.42 * k
            bar = Rectangle(width=max(width * float(p), 0.02), height=0.3, stroke_width=0,
                            fill_color=FORWARD if k == net["pred"] else MUTED, fill_opacity=0.9)
            bar.move_to([0.2 + bar.width / 2, y, 0])
            bars.add(bar)
            names.add(mono(str(k), 18, INK).move_to([-0.15, y, 0]))
        p_pred = float(net["proba"][net["pred"]])
        value = mono(f"{p_pred:.2f}", 18, FORWARD).next_to(bars[net["pred"]], RIGHT, buff=0.12)
        bar_label = text("probability of each class", 20, MUTED).move_to([1.6, 2.2, 0])
        self.play(FadeIn(head), FadeIn(image), FadeIn(label), run_time=0.6)
        self.say(f"small_cnn: two layers of 3\u00d73 filters, each with ReLU and 2\u00d72 pooling, trained on "
                 f"the training digits. On the {net['n_test']} test digits it is right "
                 f"{100 * net['accuracy']:.1f}% of the time.",
                 numbers={"accuracy": 100 * net["accuracy"], "n_test": net["n_test"]})
        self.play(FadeIn(bar_label), LaggedStart(*[FadeIn(b, shift=0.1 * RIGHT) for b in bars], lag_ratio=0.1),
                  FadeIn(names), run_time=1.2)
        self.read()
        self.play(FadeIn(value), run_time=0.4)
        right = "right" if net["pred"] == self.e["label"] else "wrong: it is a " + str(self.e["label"])
        self.say(f"For this digit it answers {net['pred']}, with probability {p_pred:.2f} ({right}).",
                 numbers={"pred": net["pred"], "probability": p_pred, "label": self.e["label"]}, payoff=True)
        self.read(0.5)
