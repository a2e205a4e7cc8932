"""Draw a computation graph: every value the engine made, every op that made it, with grads.

`draw_graph(root)` walks back from `root` through `_prev` (the same walk `backward()` does)
and returns a `graphviz.Digraph`. Works for the scalar `Value` and the tensor `Tensor` alike,
because both keep `_prev` (inputs), `_op` (what made them), `label`, `data` and `grad`.
"""

from __future__ import annotations

import functools
import html
import shutil
import warnings
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from ..engine.value import Value, topological_order
from . import theme
from ._optional import require

__all__ = ["draw_graph", "save_graph", "lesson_neuron", "write_lesson_graph", "DOT_INSTALL_HINT"]

DOT_INSTALL_HINT = (
    "graphviz's `dot` program is not installed, so the graph is returned as DOT source only "
    "(graph.source) and files are written as .dot. To get pictures, install it: "
    "`sudo apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS), "
    "or `conda install graphviz`."
)

# How an op name from the engine is shown in its circle (display only, no math).
_OP_SYMBOLS = {"*": "×", "-": "−", "/": "÷", "neg": "−x", "sigmoid": "σ", "bce_logits": "BCE"}

_warned_missing_dot = False


def dot_available() -> bool:
    """True when graphviz's `dot` program is on PATH (needed for PNG/SVG, not for DOT source)."""
    return shutil.which("dot") is not None


def _warn_missing_dot() -> None:
    """Say once per session how to install `dot`."""
    global _warned_missing_dot
    if not _warned_missing_dot:
        _warned_missing_dot = True
        warnings.warn(DOT_INSTALL_HINT, RuntimeWarning, stacklevel=3)


@functools.lru_cache(maxsize=None)
def _graph_class() -> type:
    """graphviz.Digraph that, without `dot`, shows its DOT source in Jupyter instead of failing."""
    graphviz = require("graphviz", "draw_graph")

    class ComputationGraph(graphviz.Digraph):
        def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict:
            try:
                bundle = super()._repr_mimebundle_(include, exclude, **kwargs)
            except graphviz.ExecutableNotFound:
                _warn_missing_dot()
                return {"text/plain": self.source}
            if "image/svg+xml" in bundle:  # Jupyter prefers the HTML: the drawing scaled to the cell's width
                from .layout import svg_html

                bundle["text/html"] = svg_html(bundle["image/svg+xml"], alt="computation graph")
            return bundle

    return ComputationGraph


def _format_number(x: float, precision: int) -> str:
    return f"{x:.{precision}g}"


def _format_array(a: np.ndarray, precision: int, max_entries: int) -> str:
    """A few entries of an array, flattened: '[0.1, -2, 0.3, …]'."""
    if a.ndim == 0:
        return _format_number(float(a), precision)
    flat = a.reshape(-1)
    shown = ", ".join(_format_number(float(v), precision) for v in flat[:max_entries])
    return f"[{shown}{', …' if flat.size > max_entries else ''}]"


def _is_tensor(node: Any) -> bool:
    # a Tensor's data is an array (0-d numpy scalars included); a scalar Value's is a float
    return isinstance(getattr(node, "data", None), (np.ndarray, np.generic)) or hasattr(node, "shape")


def _node_role(node: Any, root: Any, param_ids: set[int]) -> str:
    """'output', 'parameter', 'input' or 'intermediate': decides the fill colour."""
    if node is root:
        return "output"
    if node._prev:
        return "intermediate"
    if id(node) in param_ids:
        return "parameter"
    label = str(getattr(node, "label", "") or "")
    if label[:1] in ("w", "b", "W"):
        return "parameter"  # the lesson's convention: w1, w2, b, weight, bias
    if _is_tensor(node) and getattr(node, "requires_grad", False):
        return "parameter"  # a leaf tensor that wants a gradient is something being learned
    return "input"


_ROLE_FILL = {
    "output": theme.GRAPH_OUTPUT,
    "parameter": theme.GRAPH_PARAMETER,
    "input": theme.GRAPH_INPUT,
    "intermediate": theme.GRAPH_INTERMEDIATE,
}


def _value_label(node: Any, role: str, precision: int, max_entries: int) -> str:
    """An HTML-like graphviz label: name, data and grad stacked (a tensor also shows its shape)."""
    cells = []
    name = html.escape(str(getattr(node, "label", "") or ""))
    if _is_tensor(node):
        values = np.asarray(node.data)
        shape = html.escape(str(tuple(values.shape)))
        cells.append(f"<b>{name}</b> {shape}" if name else shape)
        data = _format_array(values, precision, max_entries)
        # .grad is an array or a Tensor (its .data); None where no gradient was kept
        grad = "—" if node.grad is None else _format_array(np.asarray(getattr(node.grad, "data", node.grad)),
                                                           precision, max_entries)
    else:
        if name:
            cells.append(f"<b>{name}</b>")
        data = _format_number(node.data, precision)
        grad = _format_number(node.grad, precision)
    cells.append(f"data {html.escape(data)}")
    cells.append(f"grad {html.escape(grad)}")
    # name, data and grad stacked: a narrow box, so the neuron's graph fits a page (and a notebook cell)
    rows = "".join(f"<tr><td>{c}</td></tr>" for c in cells)
    fill = _ROLE_FILL[role]
    return f'<<table border="0" cellborder="1" cellspacing="0" cellpadding="3" bgcolor="{fill}">{rows}</table>>'


def _parameter_ids(params: Any) -> set[int]:
    if params is None:
        return set()
    if hasattr(params, "parameters"):
        params = params.parameters()
    return {id(p) for p in params}


def draw_graph(
    root: Any,
    *,
    params: "Iterable[Any] | Any | None" = None,
    rankdir: str = "LR",
    title: str | None = None,
    precision: int = 4,
    max_entries: int = 4,
    max_nodes: int = 2000,
) -> Any:
    """The computation graph of a Value or Tensor as a graphviz.Digraph (same layout every run).

    params: values (or a module with .parameters()) to colour as parameters; leaves labelled
    w… or b…, and leaf tensors with requires_grad, are parameters anyway. Other leaves are inputs.
    Without graphviz's `dot` program the Digraph is still returned (its `.source` is the DOT
    text) and a warning says, once, how to install `dot`.
    """
    if not hasattr(root, "_prev") or not hasattr(root, "data"):
        raise TypeError(
            f"draw_graph needs a Value or a Tensor (the result of engine ops), not {type(root).__name__}."
        )
    require("graphviz", "draw_graph")  # checked on every call: the class below is cached
    graph_cls = _graph_class()
    # topological_order only reads `_prev`, so it walks Tensors as well as Values;
    # it pushes inputs in order, so node numbers (and the picture) are the same on every run.
    nodes = topological_order(root)
    if len(nodes) > max_nodes:
        raise ValueError(
            f"draw_graph: this graph has {len(nodes)} values, more than max_nodes={max_nodes}; a picture "
            f"that big is unreadable and slow to lay out. Draw the graph of one sample (one forward "
            f"pass on a single point), or pass a larger max_nodes=."
        )
    param_ids = _parameter_ids(params)
    graph_attr = {"rankdir": rankdir, "fontname": "Helvetica", "bgcolor": theme.BACKGROUND, "nodesep": "0.25", "ranksep": "0.35"}
    if title:
        graph_attr.update(label=title, labelloc="t", fontsize="16")
    graph = graph_cls(
        "computation_graph",
        graph_attr=graph_attr,
        node_attr={"fontname": "Helvetica", "fontsize": "11", "color": theme.GRAPH_EDGE},
        edge_attr={"color": theme.GRAPH_EDGE, "arrowsize": "0.6"},
    )
    ids = {id(node): f"v{i}" for i, node in enumerate(nodes)}
    for node in nodes:
        vid = ids[id(node)]
        role = _node_role(node, root, param_ids)
        graph.node(vid, label=_value_label(node, role, precision, max_entries), shape="plaintext", margin="0")
        if node._prev:
            op_id = f"{vid}_op"
            op = str(node._op) or "op"
            symbol = _OP_SYMBOLS.get(op, op)
            graph.node(
                op_id, label=symbol, shape="circle" if len(symbol) <= 2 else "ellipse",
                style="filled", fillcolor=theme.GRAPH_OP, fontsize="12", width="0.35", height="0.35", margin="0.03",
            )
            for child in node._prev:
                graph.edge(ids[id(child)], op_id)
            graph.edge(op_id, vid)
    if not dot_available():
        _warn_missing_dot()
    return graph


def save_graph(graph: Any, path: "str | Path") -> Path:
    """Write a graph to `path` (.png, .svg, .pdf, or .dot/.gv for the source); returns the file written.

    Without the `dot` program a picture cannot be made: the DOT source is written next to it
    (same name, .dot) and a warning says, once, how to install `dot`.
    """
    graphviz = require("graphviz", "save_graph")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = path.suffix.lstrip(".").lower() or "png"
    if fmt in ("dot", "gv"):
        path.write_text(graph.source, encoding="utf-8")
        return path
    try:
        if not dot_available():
            raise graphviz.ExecutableNotFound(("dot",))
        path.write_bytes(graph.pipe(format=fmt))
        return path
    except graphviz.ExecutableNotFound:
        _warn_missing_dot()
        fallback = path.with_suffix(".dot")
        fallback.write_text(graph.source, encoding="utf-8")
        return fallback


def lesson_neuron(
    x1: float = 2.0, x2: float = 0.5, w1: float = -0.6, w2: float = 1.4, b: float = 0.25, backward: bool = True
) -> Value:
    """y = sigmoid(w1*x1 + w2*x2 + b) built from engine ops, step by step, with backward() run."""
    x1_, x2_ = Value(x1, label="x1"), Value(x2, label="x2")
    w1_, w2_, b_ = Value(w1, label="w1"), Value(w2, label="w2"), Value(b, label="b")
    # Step 1: multiply each input by its weight.
    p1 = x1_ * w1_
    p1.label = "w1·x1"
    p2 = x2_ * w2_
    p2.label = "w2·x2"
    # Step 2: add the products and the bias.
    s = p1 + p2
    s.label = "w1·x1 + w2·x2"
    z = s + b_
    z.label = "z"
    # Step 3: squash with the sigmoid.
    y = z.sigmoid()
    y.label = "y"
    if backward:
        y.backward()
    return y


def write_lesson_graph(path: "str | Path" = "neuron_graph.png", fmt: str | None = None, **neuron_values: float) -> Path:
    """Draw the lesson's neuron (gradients after one backward) to a file; returns the file written.

    fmt ('png', 'svg', 'pdf', 'dot') replaces the suffix of `path`; without it the suffix decides
    (no suffix: png). Without graphviz's `dot` program the DOT source is written (.dot) instead.
    """
    path = Path(path)
    if fmt is not None:
        path = path.with_suffix(f".{fmt.lstrip('.')}")
    elif not path.suffix:
        path = path.with_suffix(".png")
    y = lesson_neuron(**neuron_values)
    graph = draw_graph(y, title="y = σ(w1·x1 + w2·x2 + b), after y.backward()")
    return save_graph(graph, path)
