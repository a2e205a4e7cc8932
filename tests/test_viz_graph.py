"""draw_graph: the neuron's graph has the right nodes, numbers and gradients; DOT works without `dot`."""

from __future__ import annotations

import math
import re
import sys
import warnings

import numpy as np
import pytest

pytest.importorskip("graphviz")

from autograd_mini import Tensor
from autograd_mini.engine.value import Value
from autograd_mini.viz import graph as graph_module
from autograd_mini.viz import theme
from autograd_mini.viz.graph import draw_graph, lesson_neuron, save_graph, write_lesson_graph


def _nodes(source: str) -> dict[str, str]:
    """node id -> its attribute text, from DOT source."""
    return {m.group(1): m.group(2) for m in re.finditer(r"^\s*(v\d+(?:_op)?) \[(.*)\]$", source, re.M)}


def _edges(source: str) -> list[tuple[str, str]]:
    return re.findall(r"^\s*(v\d+(?:_op)?) -> (v\d+(?:_op)?)", source, re.M)


@pytest.fixture
def neuron():
    return lesson_neuron(x1=2.0, x2=0.5, w1=-0.6, w2=1.4, b=0.25)


def test_neuron_graph_has_one_node_per_value_and_per_op(neuron):
    nodes = _nodes(draw_graph(neuron).source)
    values = [k for k in nodes if not k.endswith("_op")]
    ops = [k for k in nodes if k.endswith("_op")]
    # x1, w1, x2, w2, b, w1·x1, w2·x2, their sum, z, y; and ×, ×, +, +, σ
    assert len(values) == 10
    assert sorted(re.search(r'label="?([^" ]+)"?', nodes[k]).group(1) for k in ops) == ["+", "+", "×", "×", "σ"]
    edges = _edges(draw_graph(neuron).source)
    assert len(edges) == 2 + 2 + 2 + 2 + 1 + 5  # inputs into each op, then each op into its value


def test_neuron_graph_shows_the_engines_values_and_gradients(neuron):
    source = draw_graph(neuron).source
    z = -0.6 * 2.0 + 1.4 * 0.5 + 0.25
    y = 1 / (1 + math.exp(-z))
    dz = y * (1 - y)  # what backward must have put into z.grad
    expected = {"x1": (2.0, -0.6 * dz), "w1": (-0.6, 2.0 * dz), "x2": (0.5, 1.4 * dz), "w2": (1.4, 0.5 * dz),
                "b": (0.25, dz), "z": (z, dz), "y": (y, 1.0)}
    for label, (data, grad) in expected.items():
        match = re.search(rf"<b>{label}</b></td></tr><tr><td>data ([-\d.e]+)</td></tr><tr><td>grad ([-\d.e]+)</td>", source)
        assert match, f"no node for {label}"
        assert float(match.group(1)) == pytest.approx(data, rel=1e-3, abs=1e-4)
        assert float(match.group(2)) == pytest.approx(grad, rel=1e-3, abs=1e-4)


def test_colours_mark_parameters_inputs_and_output(neuron):
    source = draw_graph(neuron).source
    def fill(label: str) -> str:
        return re.search(rf'bgcolor="([^"]+)"><tr><td><b>{re.escape(label)}</b>', source).group(1)
    assert fill("w1") == fill("w2") == fill("b") == theme.GRAPH_PARAMETER
    assert fill("x1") == fill("x2") == theme.GRAPH_INPUT
    assert fill("y") == theme.GRAPH_OUTPUT
    assert fill("z") == theme.GRAPH_INTERMEDIATE


def test_params_argument_colours_unlabelled_leaves():
    a, k = Value(3.0), Value(2.0)
    out = a * k
    source = draw_graph(out, params=[k]).source
    assert source.count(theme.GRAPH_PARAMETER) == 1 and source.count(theme.GRAPH_INPUT) == 1


def test_layout_is_the_same_on_every_run():
    sources = {draw_graph(lesson_neuron()).source for _ in range(3)}
    assert len(sources) == 1


def test_tensor_graph_shows_shapes_and_a_few_entries():
    X = Tensor(np.arange(12.0).reshape(6, 2), label="X")
    W = Tensor([[0.5], [-1.0]], requires_grad=True, label="W")
    loss = (X @ W).sigmoid().mean()
    loss.backward()
    source = draw_graph(loss).source
    assert "<b>X</b> (6, 2)" in source and "<b>W</b> (2, 1)" in source
    assert "data [0, 1, 2, 3, …]" in source  # the first entries of X, then an ellipsis
    w_grad = ", ".join(f"{g:.4g}" for g in np.asarray(getattr(W.grad, "data", W.grad)).reshape(-1))
    assert f"grad [{w_grad}]" in source
    assert "grad —" in source  # X has no gradient: it does not require one
    assert source.count(theme.GRAPH_PARAMETER) == 1  # W: a leaf that requires grad


def test_too_big_a_graph_is_refused_with_advice():
    total = Value.sum([Value(float(i)) for i in range(50)])
    with pytest.raises(ValueError, match="one sample"):
        draw_graph(total, max_nodes=10)


def test_not_a_graph_gets_a_clear_error():
    with pytest.raises(TypeError, match="Value or a Tensor"):
        draw_graph(3.0)


def test_without_dot_the_source_is_returned_and_the_hint_given_once(monkeypatch, tmp_path, neuron):
    monkeypatch.setattr(graph_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(graph_module, "_warned_missing_dot", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = draw_graph(neuron)
        draw_graph(neuron)
        written = save_graph(graph, tmp_path / "neuron.png")
    hints = [w for w in caught if "apt-get install graphviz" in str(w.message)]
    assert len(hints) == 1
    assert graph.source.startswith("digraph")
    assert written == tmp_path / "neuron.dot" and written.read_text().startswith("digraph")
    assert not (tmp_path / "neuron.png").exists()


def test_when_dot_fails_to_run_the_source_is_written(monkeypatch, tmp_path, neuron):
    import graphviz

    def missing(*args, **kwargs):
        raise graphviz.ExecutableNotFound(("dot",))

    graph = draw_graph(neuron)
    monkeypatch.setattr(graph_module, "_warned_missing_dot", True)  # already said once
    monkeypatch.setattr(type(graph), "pipe", missing)
    assert save_graph(graph, tmp_path / "g.svg").suffix == ".dot"
    assert graph._repr_mimebundle_() == {"text/plain": graph.source}  # Jupyter shows the source


@pytest.mark.skipif(graph_module.shutil.which("dot") is None, reason="graphviz's dot is not installed")
def test_write_lesson_graph_makes_a_png(tmp_path):
    path = write_lesson_graph(tmp_path / "neuron.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_missing_python_graphviz_names_the_extra(monkeypatch, neuron):
    monkeypatch.setitem(sys.modules, "graphviz", None)  # as if it were not installed
    with pytest.raises(ImportError, match=r"pip install 'autograd_mini\[viz\]'"):
        draw_graph(neuron)
