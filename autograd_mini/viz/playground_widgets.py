"""The neuron playground for notebooks, with ipywidgets: sliders, a toggle, Reset and Train.

A thin front end over `NeuronPlayground`. The plane is drawn by the same `PlaygroundView` as the
matplotlib window, rendered to a PNG in an `ipywidgets.Image`, so it needs no ipympl and looks
the same in Jupyter, VS Code and Colab. Display it by leaving `WidgetPlayground()` (or its
`.widget`) as the last line of a cell.
"""

from __future__ import annotations

import io
import time
from typing import Any

from . import theme
from ._optional import require
from .playground import SLIDER_RANGE, NeuronPlayground, PlaygroundState
from .playground_mpl import PlaygroundView

__all__ = ["WidgetPlayground"]


class WidgetPlayground:
    """Three FloatSliders, a shading Checkbox, Reset and "Train this for me", around a live picture."""

    def __init__(
        self,
        playground: "NeuronPlayground | Any | None" = None,
        y: Any = None,
        *,
        frame_delay: float = 0.04,
        animate: bool = True,
        steps_per_frame: int = 1,
        dpi: int = 80,
    ) -> None:
        widgets = require("ipywidgets", "WidgetPlayground")
        require("matplotlib", "WidgetPlayground")
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        if y is not None:  # WidgetPlayground(X, y): your own two-feature, two-class points (e.g. load_csv's X, y)
            playground = NeuronPlayground(playground, y)
        self.playground = playground if playground is not None else NeuronPlayground()
        self.frame_delay, self.animate, self.dpi = frame_delay, animate, dpi
        self.steps_per_frame = max(1, int(steps_per_frame))  # redraw every n-th training step
        self.frames: list[PlaygroundState] = []  # what the last Train showed, step by step
        self._syncing = False

        # The picture: a matplotlib Figure outside pyplot (no window, no global state).
        self.fig = Figure(figsize=(7.2, 4.8))
        FigureCanvasAgg(self.fig)
        ax = self.fig.add_axes((0.08, 0.1, 0.62, 0.8))
        self.view = PlaygroundView(ax, self.playground)
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="640px"))

        pg = self.playground
        self.sliders: dict[str, Any] = {}
        for name, value, text in (("w1", pg.w1, "weight 1 (w1)"), ("w2", pg.w2, "weight 2 (w2)"), ("b", pg.b, "bias (b)")):
            slider = widgets.FloatSlider(
                value=value, min=SLIDER_RANGE[0], max=SLIDER_RANGE[1], step=0.01, description=text,
                readout_format=".2f", continuous_update=True,
                style={"description_width": "110px"}, layout=widgets.Layout(width="520px"),
            )
            slider.observe(self._slider_moved, names="value")
            self.sliders[name] = slider
        self.shade_toggle = widgets.Checkbox(value=self.view.shade, description="shade by probability", indent=False)
        self.shade_toggle.observe(self._toggle_shading, names="value")
        self.reset_button = widgets.Button(description="Reset", icon="undo")
        self.reset_button.on_click(lambda _button: self.reset())
        self.train_button = widgets.Button(description="Train this for me", button_style="warning", icon="play")
        self.train_button.on_click(lambda _button: self.train())
        self.readout = widgets.HTML()
        self.widget = widgets.VBox([
            widgets.HBox([self.image, widgets.VBox([self.readout, self.shade_toggle, self.reset_button, self.train_button])]),
            *self.sliders.values(),
        ])
        self._render()

    # ------------------------------------------------------------------ reactions
    def _slider_moved(self, _change: dict) -> None:
        if self._syncing:
            return
        self.playground.set(*(self.sliders[k].value for k in ("w1", "w2", "b")))
        self._render()

    def _toggle_shading(self, change: dict) -> None:
        self.view.shade = bool(change["new"])
        self._render()

    def _render(self) -> None:
        """Redraw the picture and the read-outs from the playground's numbers."""
        self.view.update()
        buffer = io.BytesIO()
        self.fig.savefig(buffer, format="png", dpi=self.dpi)
        self.image.value = buffer.getvalue()
        state = self.playground.state()
        self.readout.value = (
            f"<div style='font-family:sans-serif;line-height:1.5;color:{theme.INK}'>"
            f"<b>{self.playground.formula()}</b><br>"
            f"accuracy <b>{state.accuracy:.1%}</b> ({state.errors} wrong)<br>"
            f"loss <b>{state.loss:.3f}</b><br>step {state.step}</div>"
        )

    def _show(self, state: PlaygroundState, render: bool = True) -> None:
        """Move the three sliders to `state` (one redraw, not three)."""
        self._syncing = True
        try:
            for name in ("w1", "w2", "b"):
                self.sliders[name].value = round(getattr(state, name), 2)
        finally:
            self._syncing = False
        if render:
            self._render()

    def reset(self) -> None:
        """Put w1, w2, b back to 0."""
        self._show(self.playground.reset())

    def train(self) -> None:
        """"Train this for me": gradient descent from the sliders; the sliders move step by step."""
        self.frames = []
        self.train_button.disabled = True
        try:
            for state in self.playground.train_steps():
                self.frames.append(state)
                if self.animate and len(self.frames) % self.steps_per_frame == 0:
                    self._show(state)
                    time.sleep(self.frame_delay)
            if self.frames:
                self._show(self.frames[-1])
        finally:
            self.train_button.disabled = False

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
