"""micrograd's own examples, run unchanged but for the import (issue 2: "Must show").

Each example is copied from micrograd (README.md, test/test_engine.py, demo.ipynb) or from the
micrograd lecture notebook, and wrapped in a function whose parameters are the names the
example imports (`Value`, `MLP`), so that the same lines run on autograd_mini and, where it
can, on micrograd 0.1.0 itself (installed with the `dev` extra) for comparison. micrograd 0.1.0
has only + - * / ** relu, so the lecture's tanh/exp examples run on autograd_mini alone.
"""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

import autograd_mini
import autograd_mini.data
import autograd_mini.scalar

try:
    import micrograd.engine as micrograd_engine
    import micrograd.nn as micrograd_nn
except ImportError:  # only the side-by-side tests need it
    micrograd_engine = micrograd_nn = None

needs_micrograd = pytest.mark.skipif(
    micrograd_engine is None, reason="micrograd 0.1.0 (in the `dev` extra) is not installed"
)


# =============================================================== (a) the README example
def readme_example(Value):
    # micrograd README.md, "Example usage", verbatim (the import line is the parameter)
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    print(f'{g.data:.4f}') # prints 24.7041, the outcome of this forward pass
    g.backward()
    print(f'{a.grad:.4f}') # prints 138.8338, i.e. the numerical value of dg/da
    print(f'{b.grad:.4f}') # prints 645.5773, i.e. the numerical value of dg/db
    return a, b, g


def test_readme_example_prints_what_the_readme_says(capsys) -> None:
    readme_example(autograd_mini.Value)
    assert capsys.readouterr().out.split() == ["24.7041", "138.8338", "645.5773"]


@needs_micrograd
def test_readme_example_agrees_with_micrograd(capsys) -> None:
    ours = readme_example(autograd_mini.Value)
    theirs = readme_example(micrograd_engine.Value)
    printed = capsys.readouterr().out.split()
    assert printed[:3] == printed[3:]
    for mine, mg in zip(ours, theirs):
        assert mine.data == pytest.approx(mg.data, rel=1e-12)
        assert mine.grad == pytest.approx(mg.grad, rel=1e-12)


# =============================================================== (b) micrograd's test_engine.py
def sanity_check_micrograd_part(Value):
    # micrograd test/test_engine.py, test_sanity_check, the micrograd half, verbatim
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xmg, ymg = x, y
    return xmg, ymg


def more_ops_micrograd_part(Value):
    # micrograd test/test_engine.py, test_more_ops, the micrograd half, verbatim
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    amg, bmg, gmg = a, b, g
    return amg, bmg, gmg


@needs_micrograd
def test_sanity_check_agrees_with_micrograd() -> None:
    # the same check as micrograd's, with micrograd 0.1.0 as the reference instead of PyTorch
    xmg, ymg = sanity_check_micrograd_part(autograd_mini.Value)
    xref, yref = sanity_check_micrograd_part(micrograd_engine.Value)
    assert ymg.data == yref.data
    assert xmg.grad == xref.grad
    assert (ymg.data, xmg.grad) == (-20.0, 46.0)  # worked by hand: y = z*x + z*x^2 at z = -10


@needs_micrograd
def test_more_ops_agrees_with_micrograd() -> None:
    amg, bmg, gmg = more_ops_micrograd_part(autograd_mini.Value)
    apt, bpt, gpt = more_ops_micrograd_part(micrograd_engine.Value)
    tol = 1e-6
    assert abs(gmg.data - gpt.data) < tol
    assert abs(amg.grad - apt.grad) < tol
    assert abs(bmg.grad - bpt.grad) < tol


@pytest.mark.torch
def test_sanity_check() -> None:
    torch = pytest.importorskip("torch")
    Value = autograd_mini.Value  # was: from micrograd.engine import Value
    # micrograd test/test_engine.py, verbatim from here
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xmg, ymg = x, y

    x = torch.Tensor([-4.0]).double()
    x.requires_grad = True
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xpt, ypt = x, y

    # forward pass went well
    assert ymg.data == ypt.data.item()
    # backward pass went well
    assert xmg.grad == xpt.grad.item()


@pytest.mark.torch
def test_more_ops() -> None:
    torch = pytest.importorskip("torch")
    Value = autograd_mini.Value  # was: from micrograd.engine import Value
    # micrograd test/test_engine.py, verbatim from here
    a = Value(-4.0)
    b = Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    amg, bmg, gmg = a, b, g

    a = torch.Tensor([-4.0]).double()
    b = torch.Tensor([2.0]).double()
    a.requires_grad = True
    b.requires_grad = True
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    apt, bpt, gpt = a, b, g

    tol = 1e-6
    # forward pass went well
    assert abs(gmg.data - gpt.data.item()) < tol
    # backward pass went well
    assert abs(amg.grad - apt.grad.item()) < tol
    assert abs(bmg.grad - bpt.grad.item()) < tol


# =============================================================== (c) demo.ipynb
def micrograd_demo(Value, MLP, steps=100, same_start_as=None, boundary=True):
    """micrograd's demo.ipynb, its cells in order, with the changes marked CHANGED.

    The notebook's imports, `from micrograd.engine import Value` and
    `from micrograd.nn import Neuron, Layer, MLP`, are the parameters: for autograd_mini they
    are `from autograd_mini import Value` and `from autograd_mini.scalar import Neuron, Layer, MLP`.
    """
    np.random.seed(1337)
    random.seed(1337)

    # make up a dataset
    # CHANGED: `from sklearn.datasets import make_moons, make_blobs` and
    # `X, y = make_moons(n_samples=100, noise=0.1)` -> the project's own scikit-learn-free
    # make_moons (same shape of data: 100 points, labels 0/1, noise 0.1), seeded.
    X, y = autograd_mini.data.make_moons(100, noise=0.1, seed=0)

    y = y*2 - 1 # make y be -1 or 1
    # (the scatter plot of the data is left out: no drawing in tests)

    # initialize a model 
    model = MLP(2, [16, 16, 1]) # 2-layer neural network
    # CHANGED: to compare two engines step by step, copy the other run's initial weights in
    if same_start_as is not None:
        for p, q in zip(model.parameters(), same_start_as):
            p.data = q
    print(model)
    print("number of parameters", len(model.parameters()))
    initial_weights = [p.data for p in model.parameters()]

    # loss function
    def loss(batch_size=None):

        # inline DataLoader :)
        if batch_size is None:
            Xb, yb = X, y
        else:
            ri = np.random.permutation(X.shape[0])[:batch_size]
            Xb, yb = X[ri], y[ri]
        inputs = [list(map(Value, xrow)) for xrow in Xb]

        # forward the model to get scores
        scores = list(map(model, inputs))

        # svm "max-margin" loss
        losses = [(1 + -yi*scorei).relu() for yi, scorei in zip(yb, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        # L2 regularization
        alpha = 1e-4
        reg_loss = alpha * sum((p*p for p in model.parameters()))
        total_loss = data_loss + reg_loss

        # also get accuracy
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]
        return total_loss, sum(accuracy) / len(accuracy)

    total_loss, acc = loss()
    print(total_loss, acc)

    history = []  # (not in the demo: what the test checks)
    # optimization
    for k in range(steps):  # CHANGED: range(100) -> range(steps), so micrograd can run a few

        # forward
        total_loss, acc = loss()

        # backward
        model.zero_grad()
        total_loss.backward()

        # update (sgd)
        learning_rate = 1.0 - 0.9*k/100
        for p in model.parameters():
            p.data -= learning_rate * p.grad

        if k % 1 == 0:
            print(f"step {k} loss {total_loss.data}, accuracy {acc*100}%")
        history.append((total_loss.data, acc))
        if k == 0:
            after_first_step = [p.data for p in model.parameters()]

    if not boundary:  # CHANGED: the boundary cell (~350 forward passes) can be left out
        return {"model": model, "history": history, "initial_weights": initial_weights,
                "after_first_step": after_first_step}  # fmt: skip

    # visualize decision boundary

    h = 0.25
    x_min, x_max = X[:, 0].min() - 1, X[:, 0].max() + 1
    y_min, y_max = X[:, 1].min() - 1, X[:, 1].max() + 1
    xx, yy = np.meshgrid(np.arange(x_min, x_max, h),
                         np.arange(y_min, y_max, h))
    Xmesh = np.c_[xx.ravel(), yy.ravel()]
    inputs = [list(map(Value, xrow)) for xrow in Xmesh]
    scores = list(map(model, inputs))
    Z = np.array([s.data > 0 for s in scores])
    Z = Z.reshape(xx.shape)
    # (plt.contourf(xx, yy, Z, ...) and the scatter plot are left out)

    train_scores = [model(list(map(Value, xrow))).data for xrow in X]
    return {
        "model": model, "history": history, "Z": Z, "xx": xx, "X": X, "y": y,
        "initial_weights": initial_weights, "after_first_step": after_first_step, "train_scores": train_scores,
    }  # fmt: skip


@pytest.fixture(scope="module")
def demo_on_autograd_mini():
    return micrograd_demo(autograd_mini.scalar.Value, autograd_mini.scalar.MLP)


def test_demo_trains_to_the_demo_accuracy(demo_on_autograd_mini) -> None:
    run = demo_on_autograd_mini
    losses = [loss for loss, _ in run["history"]]
    final_accuracy = np.mean((np.array(run["train_scores"]) > 0) == (run["y"] > 0))
    print(f"\ndemo on autograd_mini: loss {losses[0]:.3f} -> {losses[-1]:.3f}, accuracy {final_accuracy:.2f}")
    assert len(run["model"].parameters()) == 337
    assert final_accuracy >= 0.95  # micrograd's notebook reaches 100%
    assert losses[-1] < 0.25 * losses[0]


def test_demo_decision_boundary_is_evaluated(demo_on_autograd_mini) -> None:
    run = demo_on_autograd_mini
    Z, xx = run["Z"], run["xx"]
    assert Z.shape == xx.shape and Z.dtype == bool
    assert 0.2 < Z.mean() < 0.8  # both classes appear on the plane


@needs_micrograd
def test_demo_runs_on_micrograd_and_matches_step_by_step(demo_on_autograd_mini, capsys) -> None:
    # micrograd 0.1.0 spends ~1 s per step, mostly in Python's cyclic garbage collector, so it
    # runs the first step only (and not the boundary cell), from autograd_mini's initial weights.
    ours = demo_on_autograd_mini
    theirs = micrograd_demo(
        micrograd_engine.Value, micrograd_nn.MLP, steps=1, same_start_as=ours["initial_weights"], boundary=False
    )
    out = capsys.readouterr().out
    assert "number of parameters 337" in out and "step 0 loss" in out
    assert isinstance(theirs["model"], micrograd_nn.MLP)
    (loss_mg, acc_mg), (loss_ours, acc_ours) = theirs["history"][0], ours["history"][0]
    assert loss_ours == pytest.approx(loss_mg, rel=1e-12) and acc_ours == acc_mg
    # the same gradients and the same SGD update: all 337 weights agree after the step
    np.testing.assert_allclose(ours["after_first_step"], theirs["after_first_step"], rtol=1e-9, atol=1e-12)
    assert ours["after_first_step"] != ours["initial_weights"]


# =============================================================== (d) the micrograd lecture
def lecture_neuron(Value, use_exp=False):
    # micrograd lecture (nn-zero-to-hero, "micrograd_lecture_first_half_roughly"), verbatim
    # inputs x1,x2
    x1 = Value(2.0, label='x1')
    x2 = Value(0.0, label='x2')
    # weights w1,w2
    w1 = Value(-3.0, label='w1')
    w2 = Value(1.0, label='w2')
    # bias of the neuron
    b = Value(6.8813735870195432, label='b')
    # x1*w1 + x2*w2 + b
    x1w1 = x1*w1; x1w1.label = 'x1*w1'
    x2w2 = x2*w2; x2w2.label = 'x2*w2'
    x1w1x2w2 = x1w1 + x2w2; x1w1x2w2.label = 'x1*w1 + x2*w2'
    n = x1w1x2w2 + b; n.label = 'n'
    if not use_exp:
        o = n.tanh(); o.label = 'o'
    else:
        # ----
        e = (2*n).exp()
        o = (e - 1) / (e + 1)
        # ----
        o.label = 'o'
    o.backward()
    return {v.label: v for v in (x1, x2, w1, w2, b, x1w1, x2w2, x1w1x2w2, n, o)}


def test_lecture_neuron_gradients() -> None:
    v = lecture_neuron(autograd_mini.Value)
    assert v["o"].data == pytest.approx(math.sqrt(0.5), rel=1e-12)  # 0.7071
    expected = {"x1": -1.5, "w1": 1.0, "x2": 0.5, "w2": 0.0, "b": 0.5, "n": 0.5, "x1*w1": 0.5, "o": 1.0}
    for label, grad in expected.items():
        assert v[label].grad == pytest.approx(grad, rel=1e-12, abs=1e-12), label


def test_lecture_neuron_tanh_spelled_with_exp_gives_the_same_gradients() -> None:
    direct = lecture_neuron(autograd_mini.Value)
    with_exp = lecture_neuron(autograd_mini.Value, use_exp=True)
    assert with_exp["o"].data == pytest.approx(direct["o"].data, rel=1e-12)
    for label in ("x1", "x2", "w1", "w2", "b", "n"):
        assert with_exp[label].grad == pytest.approx(direct[label].grad, rel=1e-9, abs=1e-12), label


# the lecture's graph traversal, verbatim: it relies on _prev, _op, label, data, grad, and hashing
def trace(root):
  # builds a set of all nodes and edges in a graph
  nodes, edges = set(), set()
  def build(v):
    if v not in nodes:
      nodes.add(v)
      for child in v._prev:
        edges.add((child, v))
        build(child)
  build(root)
  return nodes, edges

def draw_dot(root, Digraph):  # CHANGED: Digraph passed in (`from graphviz import Digraph` in the lecture)
  dot = Digraph(format='svg', graph_attr={'rankdir': 'LR'}) # LR = left to right

  nodes, edges = trace(root)
  for n in nodes:
    uid = str(id(n))
    # for any value in the graph, create a rectangular ('record') node for it
    dot.node(name = uid, label = "{ %s | data %.4f | grad %.4f }" % (n.label, n.data, n.grad), shape='record')
    if n._op:
      # if this value is a result of some operation, create an op node for it
      dot.node(name = uid + n._op, label = n._op)
      # and connect this node to it
      dot.edge(uid + n._op, uid)

  for n1, n2 in edges:
    # connect n1 to the op node of n2
    dot.edge(str(id(n1)), str(id(n2)) + n2._op)

  return dot


def test_lecture_trace_walks_the_graph() -> None:
    v = lecture_neuron(autograd_mini.Value)
    nodes, edges = trace(v["o"])
    assert {n.label for n in nodes} == {"x1", "x2", "w1", "w2", "b", "x1*w1", "x2*w2", "x1*w1 + x2*w2", "n", "o"}
    assert {(a.label, b.label) for a, b in edges} == {
        ("x1", "x1*w1"), ("w1", "x1*w1"), ("x2", "x2*w2"), ("w2", "x2*w2"),
        ("x1*w1", "x1*w1 + x2*w2"), ("x2*w2", "x1*w1 + x2*w2"),
        ("x1*w1 + x2*w2", "n"), ("b", "n"), ("n", "o"),
    }  # fmt: skip
    assert {n._op for n in nodes} == {"", "*", "+", "tanh"}


def test_lecture_draw_dot_builds_the_graphviz_source() -> None:
    Digraph = pytest.importorskip("graphviz", reason="graphviz is in the `viz` extra").Digraph
    v = lecture_neuron(autograd_mini.Value)
    source = draw_dot(v["o"], Digraph).source  # building the source needs no `dot` binary
    assert "{ x1 | data 2.0000 | grad -1.5000 }" in source
    assert "{ o | data 0.7071 | grad 1.0000 }" in source
    assert source.count("shape=record") == 10
    assert source.count("->") == 9 + 5  # 9 value->op edges, 5 op->value edges


def test_lecture_mlp_training_loop() -> None:
    # the lecture's second half: a tiny MLP fit to four points by hand-written gradient descent.
    # The lecture's own MLP class is all tanh; here that is said with activation arguments.
    MLP = autograd_mini.scalar.MLP
    n = MLP(3, [4, 4, 1], activation="tanh", output_activation="tanh")
    xs = [
      [2.0, 3.0, -1.0],
      [3.0, -1.0, 0.5],
      [0.5, 1.0, 1.0],
      [1.0, 1.0, -1.0],
    ]
    ys = [1.0, -1.0, -1.0, 1.0] # desired targets
    first = None
    for k in range(20):

      # forward pass
      ypred = [n(x) for x in xs]
      loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))

      # backward pass
      for p in n.parameters():
        p.grad = 0.0
      loss.backward()

      # update
      for p in n.parameters():
        p.data += -0.1 * p.grad

      print(k, loss.data)
      first = loss.data if first is None else first
    assert len(n.parameters()) == 41
    assert loss.data < 0.1 * first
    assert all((yp.data > 0) == (yt > 0) for yp, yt in zip([n(x) for x in xs], ys))
