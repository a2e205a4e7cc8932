"""Render the README's pictures into docs/images/ with one command.

    MPLBACKEND=Agg python tools/make_figures.py            (or: --out some/folder)

Every picture is drawn from numbers the engine computed: the neuron's graph after backward(),
an MLP trained on two moons by fit, the single neuron vs MLP comparison on XOR, the loss bowl
with three learning rates, and the playground before and after "Train this for me".
Deterministic (fixed seeds); each PNG is kept small (< 150 KB) for the repository.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")  # pictures only: never open a window


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograd_mini import data, fit, nn  # noqa: E402
from autograd_mini.compare import compare_neuron_and_mlp, plot_comparison  # noqa: E402
from autograd_mini.landscape import BOWL_CAPTION, LEARNING_RATES, lesson_bowl  # noqa: E402
from autograd_mini.viz import (  # noqa: E402
    MatplotlibPlayground, NeuronPlayground, draw_graph, lesson_neuron, plot_decision_boundary,
    plot_history, plot_learning_rates, save_figure, save_graph,
)

MAX_BYTES = 150_000
DPI = 100


def shrink_png(path: Path, max_bytes: int = MAX_BYTES) -> None:
    """Re-save a PNG with a 256-colour palette when it is larger than `max_bytes`."""
    if path.suffix != ".png" or path.stat().st_size <= max_bytes:
        return
    from PIL import Image

    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def neuron_graph(out: Path) -> Path:
    graph = draw_graph(lesson_neuron(), title="y = σ(w1·x1 + w2·x2 + b), gradients after y.backward()")
    graph.attr(dpi="80")
    return save_graph(graph, out / "neuron_graph.png")


def moons_boundary(out: Path) -> list[Path]:
    X, y = data.make_moons(200, noise=0.15, seed=0)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    history = fit(model, X, y, optimizer="adam", lr=0.01, epochs=400, progress=False)
    fig, _ = plot_decision_boundary(model, X, y, title=f"MLP 2-16-16-1 on two moons: {history.final_accuracy:.0%} right")
    fig.set_size_inches(5.6, 4.6)
    boundary = save_figure(fig, out / "moons_boundary.png", dpi=DPI)
    fig, _ = plot_history(history, title="training the MLP on two moons (fit, Adam, lr 0.01)")
    return [boundary, save_figure(fig, out / "moons_history.png", dpi=DPI)]


def xor_comparison(out: Path) -> Path:
    comparison = compare_neuron_and_mlp("xor", hidden=(16,), epochs=300, lr=0.05, optimizer="adam")
    fig, _ = plot_comparison(comparison, title="XOR: a single neuron vs an MLP, the same data and 300 epochs each")
    return save_figure(fig, out / "xor_neuron_vs_mlp.png", dpi=DPI)


def learning_rates(out: Path) -> Path:
    # The lesson's one bowl (notebooks 02 and 03, the descent video): the neuron's loss on the
    # 40 points with its small L2 term, over (w1, w2) with b at its best; the lesson's three rates.
    bowl = lesson_bowl()
    paths = [bowl.path(lr, epochs=25) for lr in LEARNING_RATES.values()]
    fig, _ = plot_learning_rates(
        bowl.surface(), paths,
        title=f"Rolling downhill: 25 steps of gradient descent on the lesson's bowl ({BOWL_CAPTION}), three step sizes",
    )
    return save_figure(fig, out / "loss_surface_learning_rates.png", dpi=80)


def playground(out: Path) -> list[Path]:
    front = MatplotlibPlayground(NeuronPlayground(w1=1.0, w2=-0.5, b=0.0))
    front.fig.suptitle("Build a neuron by hand: sliders moved to w1 = 1.0, w2 = -0.5", fontsize=11)
    before = save_figure(front.fig, out / "playground_before.png", dpi=DPI, close=False)
    front.train()
    front.fig.suptitle(f"After \"Train this for me\": {len(front.frames)} steps of gradient descent", fontsize=11)
    return [before, save_figure(front.fig, out / "playground_after.png", dpi=DPI)]


def playground_steps(out: Path) -> Path:
    """The line after a few of Train's steps, drawn over each other: it moves, step by step."""
    import matplotlib.pyplot as plt

    from autograd_mini.viz import theme

    pg = NeuronPlayground(w1=1.0, w2=-0.5, b=0.0)
    start = pg.state()
    frames = [start, *pg.train_steps()]
    shown = sorted({0, 1, 2, 4, 8, 16, len(frames) - 1})
    fig, ax = plt.subplots(figsize=(5.6, 4.8))
    xlim, ylim = pg.limits()
    for label, colour, name in ((0, theme.CLASS_A, "class A"), (1, theme.CLASS_B, "class B")):
        points = pg.X[pg.y == label]
        ax.scatter(points[:, 0], points[:, 1], s=36, color=colour, edgecolors="white", linewidths=0.6, zorder=3, label=name)
    for rank, k in enumerate(shown):
        state = frames[k]
        pg.set(state.w1, state.w2, state.b)
        ends = pg.decision_line(xlim, ylim)
        if ends is None:
            continue
        alpha = 0.25 + 0.75 * rank / (len(shown) - 1)
        (xa, ya), (xb, yb) = ends
        ax.plot([xa, xb], [ya, yb], color=theme.BOUNDARY, alpha=alpha, lw=1.5 + 1.5 * (k == shown[-1]),
                label=f"step {k}: {state.accuracy:.0%} right")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title("\"Train this for me\": the line, step by step", fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
    return save_figure(fig, out / "playground_steps.png", dpi=DPI)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="folder for the PNGs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for make in (neuron_graph, moons_boundary, xor_comparison, learning_rates, playground, playground_steps):
        start = time.perf_counter()
        made = make(args.out)
        for path in made if isinstance(made, list) else [made]:
            shrink_png(path)
            print(f"{path}  {path.stat().st_size / 1000:.0f} KB  ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
