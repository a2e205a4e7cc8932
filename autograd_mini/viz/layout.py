"""Figures laid out for a notebook page: each picture fits the cell, and panels wrap instead of shrinking.

A matplotlib figure of five panels side by side is one picture: on a narrow page the browser can
only shrink it, and its text with it. Here every panel is its own figure, shown as its own image
in a row that wraps (CSS flex-wrap), so on a narrow page the panels move onto new rows at their
natural size. Every image gets `max-width:100%; height:auto`, so nothing is wider than its cell,
in live JupyterLab as in the exported HTML.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any, Sequence

from ._optional import pyplot

__all__ = ["PANEL_WIDTH", "PANEL_DPI", "figure_png", "figure_html", "svg_html", "row_html", "show_row", "panels", "below_axes"]

PANEL_WIDTH = 310  # px: three panels side by side on a 1280 px page, two in the 670 px row of an 800 px page
PANEL_DPI = 100  # pixels per inch of the PNG: a panel 3.1 inches wide is about 320 px (tight crop), its 10 pt text 14 px
_FIT = "max-width:100%;height:auto"  # never wider than the cell; the height follows the width


def figure_png(figure: Any, dpi: int = PANEL_DPI) -> bytes:
    """The figure as PNG bytes, cropped to what is drawn (bbox_inches='tight'), on white."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _title(figure: Any) -> str:
    """The text that describes a figure to a screen reader: its suptitle, else its first axes' title."""
    suptitle = getattr(figure, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        return suptitle.get_text()
    return figure.axes[0].get_title() if figure.axes else "figure"


def figure_html(figure: Any, width: "int | None" = None, dpi: int = PANEL_DPI) -> str:
    """One figure as an <img> that never outgrows its cell: `width` px wide (default: its natural size)."""
    data = base64.b64encode(figure_png(figure, dpi)).decode("ascii")
    size = f"width:{width}px;" if width else ""
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(_title(figure))}" '
            f'style="{size}{_FIT}">')


def svg_html(svg: "str | bytes", alt: str) -> str:
    """An SVG document (a graphviz drawing, say) as an <img> that scales down to the cell width."""
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{encoded}" alt="{html.escape(alt)}" style="{_FIT}">'


def row_html(figures: Sequence[Any], width: "int | None" = None, dpi: int = PANEL_DPI, caption: str = "") -> str:
    """HTML that shows figures side by side and wraps them onto new rows on a narrow page.

    Each image is shown at its natural size (a figure w inches wide is about w × dpi px, its text
    as large as it was drawn), or `width` px when given, and never wider than the cell. A caption
    (the row's title) is written above the pictures.
    """
    images = "".join(figure_html(figure, width, dpi) for figure in figures)
    heading = f'<p style="margin:0 0 4px;font-weight:600">{html.escape(caption)}</p>' if caption else ""
    return f'{heading}<div style="display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start">{images}</div>'


def show_row(figures: Sequence[Any], width: "int | None" = None, dpi: int = PANEL_DPI, caption: str = "") -> None:
    """Show figures (one panel each) in a row that wraps on a narrow page, under a caption; then close them."""
    from IPython.display import HTML, display

    plt = pyplot("show_row")
    display(HTML(row_html(figures, width, dpi, caption)))
    for figure in figures:
        plt.close(figure)


def panels(count: int, width: float = PANEL_WIDTH / PANEL_DPI, height: float = 3.0) -> "list[tuple[Any, Any]]":
    """`count` separate one-panel figures of width × height inches, as (figure, axes) pairs for show_row."""
    plt = pyplot("panels")
    return [plt.subplots(figsize=(width, height), constrained_layout=True) for _ in range(count)]


def below_axes(ax: Any, inches: float = 0.45) -> Any:
    """A transform whose y = 0 lies `inches` under the axes (below its tick labels and x label) at any
    figure size: anchor a legend there, at (0.5, 0) with loc='upper center', and it covers no data."""
    from matplotlib.transforms import ScaledTranslation

    return ax.transAxes + ScaledTranslation(0, -inches, ax.figure.dpi_scale_trans)
