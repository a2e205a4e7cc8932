"""The neuron playground as a matplotlib window: three sliders, a shading toggle, Reset and Train.

A thin front end over `NeuronPlayground` (which holds every number). Works in a desktop window
(`open_playground()`, or `autograd-mini playground`) and in Jupyter with ipympl (`%matplotlib
widget`, then `MatplotlibPlayground()`). `PlaygroundView` draws the plane alone and is shared
with the ipywidgets front end.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

import numpy as np

from . import theme
from ._optional import NoDisplayError, has_display, pyplot, require
from .playground import SLIDER_RANGE, NeuronPlayground, PlaygroundState

__all__ = ["PlaygroundView", "MatplotlibPlayground", "open_playground", "is_interactive_backend"]

SHADE_RESOLUTION = 120  # grid points per side for the probability shading


def is_interactive_backend() -> bool:
    """True when matplotlib's current backend can show windows and run timers (not Agg, PDF...)."""
    matplotlib = require("matplotlib", "the playground")
    backend = matplotlib.get_backend().lower()
    try:
        from matplotlib.backends import BackendFilter, backend_registry

        non_interactive = set(backend_registry.list_builtin(BackendFilter.NON_INTERACTIVE))
    except ImportError:  # matplotlib < 3.9
        non_interactive = {b.lower() for b in matplotlib.rcsetup.non_interactive_bk}
    return backend not in non_interactive


class PlaygroundView:
    """Draws a NeuronPlayground into one matplotlib Axes: shading, points, amber outlines, line, read-outs."""

    def __init__(self, ax: Any, playground: NeuronPlayground, *, shade: bool = True, legend: bool = True) -> None:
        self.ax, self.playground, self.shade = ax, playground, shade
        X, y = playground.X, playground.y
        self.xlim, self.ylim = playground.limits()
        ax.set_xlim(*self.xlim)
        ax.set_ylim(*self.ylim)
        ax.set_aspect("equal")
        ax.set_xlabel("x1")
        ax.set_ylabel("x2")
        xs, ys, p = playground.probability_grid(self.xlim, self.ylim, SHADE_RESOLUTION)
        self.shading = ax.imshow(
            p, origin="lower", extent=(*self.xlim, *self.ylim), cmap=theme.probability_cmap(),
            vmin=0.0, vmax=1.0, alpha=0.45, interpolation="bilinear", zorder=0, aspect="auto",
        )
        self.shading.set_gid("shading")
        (self.line,) = ax.plot([], [], color=theme.BOUNDARY, lw=3, zorder=2, label="decision line (p = 0.5)")
        self.line.set_gid("boundary")
        for label, colour, name in ((0, theme.CLASS_A, "class A"), (1, theme.CLASS_B, "class B")):
            points = X[y == label]
            collection = ax.scatter(points[:, 0], points[:, 1], s=46, color=colour, edgecolors="white",
                                    linewidths=0.8, zorder=3, label=name)
            collection.set_gid(f"class-{'ab'[label]}")
        self.outlines = ax.scatter([], [], s=150, facecolors="none", edgecolors=theme.MISCLASSIFIED,
                                   linewidths=2.6, zorder=4, label="misclassified")
        self.outlines.set_gid("misclassified")
        # The read-out and the note sit to the right of the plot, outside the data: they never cover a point.
        self.readout = ax.text(
            1.04, 0.42, "", transform=ax.transAxes, va="bottom", ha="left", fontsize=10, color=theme.INK, zorder=5,
            bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": "#d1d5db", "alpha": 0.92},
        )
        self.no_line_note = ax.text(1.04, 0.08, "", transform=ax.transAxes, ha="left", va="bottom",
                                    fontsize=9, color=theme.MUTED, zorder=5)
        if legend:
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=9, borderaxespad=0)
        self.update()

    def update(self) -> None:
        """Redraw everything that depends on w1, w2, b (call after the playground changed)."""
        pg = self.playground
        self.shading.set_visible(self.shade)
        if self.shade:
            self.shading.set_data(pg.probability_grid(self.xlim, self.ylim, SHADE_RESOLUTION)[2])
        ends = pg.decision_line(self.xlim, self.ylim)
        if ends is None:
            self.line.set_data([], [])
            self.no_line_note.set_text("no line yet: with\nw1 = w2 = 0 every point\ngets the same probability"
                                       if pg.w1 == 0 and pg.w2 == 0 else "the line is outside\nthe picture")
        else:
            (xa, ya), (xb, yb) = ends
            self.line.set_data([xa, xb], [ya, yb])
            self.no_line_note.set_text("")
        wrong = pg.misclassified()
        self.outlines.set_offsets(pg.X[wrong] if wrong.any() else np.empty((0, 2)))
        state = pg.state()
        self.readout.set_text(
            f"accuracy {state.accuracy:.1%}\n({state.errors} wrong)\nloss {state.loss:.3f}"
            + (f"\nstep {state.step}" if state.step else "")
        )
        self.ax.set_title(pg.formula(), fontsize=12, color=theme.INK)


class MatplotlibPlayground:
    """The playground as a matplotlib figure with widgets: Slider ×3, a shading toggle, Reset, Train."""

    def __init__(
        self, playground: NeuronPlayground | None = None, *, figure: Any = None, frame_interval_ms: int = 40
    ) -> None:
        plt = pyplot("the playground")
        from matplotlib.widgets import Button, CheckButtons, Slider

        self.playground = playground if playground is not None else NeuronPlayground()
        self.fig = figure if figure is not None else plt.figure(figsize=(9.0, 7.2))
        self.frame_interval_ms = frame_interval_ms
        self.frames: list[PlaygroundState] = []  # what the last Train showed, step by step
        self._training: Iterator[PlaygroundState] | None = None
        self._timer: Any = None
        self._syncing = False  # True while Train moves the sliders (one redraw per step, not three)

        ax = self.fig.add_axes((0.07, 0.30, 0.60, 0.62))
        self.view = PlaygroundView(ax, self.playground)
        pg = self.playground
        self.sliders: dict[str, Any] = {}
        for row, (name, value, text) in enumerate((("w1", pg.w1, "weight 1  (w1)"), ("w2", pg.w2, "weight 2  (w2)"),
                                                   ("b", pg.b, "bias  (b)"))):
            slider_ax = self.fig.add_axes((0.20, 0.19 - 0.055 * row, 0.45, 0.035))
            slider = Slider(slider_ax, text, *SLIDER_RANGE, valinit=value, valstep=0.01, valfmt="%.2f",
                            color="#fdba74", initcolor="none")
            slider.drawon = False  # we redraw once per change, not once per slider
            slider.on_changed(self._slider_moved)
            self.sliders[name] = slider
        self.shade_toggle = CheckButtons(self.fig.add_axes((0.72, 0.26, 0.25, 0.05)),
                                         ["shade by probability"], [self.view.shade])
        self.shade_toggle.on_clicked(self._toggle_shading)
        self.reset_button = Button(self.fig.add_axes((0.72, 0.17, 0.25, 0.06)), "Reset")
        self.reset_button.on_clicked(lambda _event: self.reset())
        self.train_button = Button(self.fig.add_axes((0.72, 0.08, 0.25, 0.07)), "Train this for me",
                                   color="#fed7aa", hovercolor="#fdba74")
        self.train_button.on_clicked(lambda _event: self.train())

    # ------------------------------------------------------------------ reactions
    def _slider_moved(self, _value: float) -> None:
        if self._syncing:
            return
        self.playground.set(*(self.sliders[k].val for k in ("w1", "w2", "b")))
        self._redraw()

    def _toggle_shading(self, _label: str | None = None) -> None:
        self.view.shade = bool(self.shade_toggle.get_status()[0])
        self._redraw()

    def _redraw(self, draw: bool = True) -> None:
        self.view.update()
        if draw:
            self.fig.canvas.draw_idle()

    def _show(self, state: PlaygroundState, draw: bool = True) -> None:
        """Move the three sliders to `state` and redraw once."""
        self._syncing = True
        try:
            for name in ("w1", "w2", "b"):
                self.sliders[name].set_val(getattr(state, name))
        finally:
            self._syncing = False
        self._redraw(draw)

    def reset(self) -> None:
        """Stop any training and put w1, w2, b back to 0."""
        self._stop_timer()
        self._show(self.playground.reset())

    def train(self, on_done: Callable[[], None] | None = None) -> None:
        """"Train this for me": gradient descent from the sliders, shown step by step.

        With a window (or ipympl) a timer shows one step per frame; under a non-interactive
        backend (Agg, tests, scripts) the same steps are shown one after the other at once.
        """
        self._stop_timer()
        self.frames = []
        self._training = self.playground.train_steps()
        if is_interactive_backend():
            self._timer = self.fig.canvas.new_timer(interval=self.frame_interval_ms)
            self._timer.add_callback(self._next_frame, on_done)
            self._timer.start()
        else:  # nothing on screen to animate: move through the steps, draw when saved
            while self._next_frame(on_done, draw=False):
                pass

    def _next_frame(self, on_done: Callable[[], None] | None = None, draw: bool = True) -> bool:
        """Show one training step; False (and the timer stopped) when training is over."""
        if self._training is None:
            return False
        state = next(self._training, None)
        if state is None:
            self._training = None
            self._stop_timer()
            if on_done is not None:
                on_done()
            return False
        self.frames.append(state)
        self._show(state, draw)
        return True

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def open_playground(playground: NeuronPlayground | None = None, *, block: bool = True) -> MatplotlibPlayground:
    """Open the playground in a desktop window (the entry point of `autograd-mini playground`)."""
    if not has_display():
        raise NoDisplayError(
            "The playground needs a window, but there is no display here (DISPLAY and WAYLAND_DISPLAY are unset, "
            "as on a server or over plain ssh). Use it in Jupyter instead: "
            "`from autograd_mini.viz import WidgetPlayground; WidgetPlayground()`, or connect with `ssh -X`."
        )
    plt = pyplot("the playground")
    if not is_interactive_backend():
        import matplotlib

        raise NoDisplayError(
            f"matplotlib is using the non-interactive backend '{matplotlib.get_backend()}', so no window can open. "
            f"Install a GUI toolkit (e.g. `sudo apt-get install python3-tk`, or `pip install PyQt6`), "
            f"and unset MPLBACKEND if it is set to Agg."
        )
    front = MatplotlibPlayground(playground)
    if front.fig.canvas.manager is not None:
        front.fig.canvas.manager.set_window_title("autograd_mini: build a neuron by hand")
    plt.show(block=block)
    return front
