# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     notebook_metadata_filter: kernelspec,jupytext,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Part 1: the neuron is three steps
#
# *About 20 minutes to read and run.*
#
# A neural network is built from one small machine, repeated: the **neuron**. In this notebook
# you build one yourself, number by number, with `autograd_mini`'s scalar engine `Value`, and
# then watch the engine run the chain rule backwards through it.
#
# **By the end of this notebook you will be able to:**
#
# - compute a neuron's output `y = sigmoid(w1*x1 + w2*x2 + b)` in three steps: multiply, add, squash;
# - say what a weight, a bias and an activation each do to the neuron's decision;
# - explain why stacking neurons is pointless without a non-linear activation;
# - draw the neuron's computation graph with every value and every gradient;
# - check one gradient by hand with the chain rule, and confirm it with `backward()` and `gradcheck`;
# - open the engine: follow one backward pass through topological order, local derivatives and
#   `+=`, and write the backward rule of a new op yourself.
#
# Run the cells from top to bottom (Shift+Enter). Nothing here is precomputed: every number and
# every picture comes from the engine, in this run.

# %%
# %matplotlib inline
import inspect
import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import Tensor, Value, data, nn
from autograd_mini.engine import value as value_module
from autograd_mini.engine.value import topological_order
from autograd_mini.gradcheck import gradcheck
from autograd_mini.tutorials import (accepted_words, as_choice, as_number, is_placeholder, not_answered, right,
                                    show_scene, wrong)
from autograd_mini.viz import draw_graph, plot_decision_boundary, theme
from autograd_mini.viz.layout import panels, show_row

# %% [markdown]
# ## The lesson in one picture
#
# The whole lesson leads to a small network: two inputs, one hidden layer, one output. Every
# circle in it is the same machine. Here is the network with real weights and activations
# flowing through it (a video rendered with manim from the engine's numbers):

# %%
show_scene("opening")

# %% [markdown]
# ## The three steps
#
# One neuron with two inputs computes
#
# <p style="text-align:center; font-size:1.2em">y = σ(w<sub>1</sub>·x<sub>1</sub> + w<sub>2</sub>·x<sub>2</sub> + b)</p>
#
# The inputs `x1`, `x2` are data (say, two measurements of one example). The weights `w1`, `w2`
# and the bias `b` are the neuron's **parameters**: the numbers that training will learn. We
# make each of them a `Value`, the engine's number that remembers how it was computed.

# %%
x1 = Value(2.0, label="x1")   # the inputs: data
x2 = Value(0.5, label="x2")
w1 = Value(-0.6, label="w1")  # the parameters: what training learns
w2 = Value(1.4, label="w2")
b = Value(0.25, label="b")

# %% [markdown]
# **Step 1: multiply each input by its weight.** The weight says how much an input matters: a
# large weight makes that input count a lot, a weight near 0 makes it irrelevant, and a negative
# weight makes the input push the output *down* instead of up.

# %%
p1 = w1 * x1
p1.label = "w1·x1"
p2 = w2 * x2
p2.label = "w2·x2"
print(f"w1*x1 = {p1.data:+.3f}   (x1 is large, but its weight is negative: it pushes down)")
print(f"w2*x2 = {p2.data:+.3f}   (x2 is small, but its weight is large: it pushes up)")

# %% [markdown]
# **Step 2: add the products and the bias.** The sum `z` is a single score. The bias is the score
# the neuron gives when every input is 0; as we will see below, it slides the neuron's decision
# boundary away from the origin.

# %%
s = p1 + p2
s.label = "w1·x1 + w2·x2"
z = s + b
z.label = "z"
print(f"z = {p1.data:+.3f} {p2.data:+.3f} {b.data:+.3f} = {z.data:+.3f}")

# %% [markdown]
# **Step 3: squash with an activation.** The score `z` can be any number. An activation function
# bends it. The **sigmoid** maps every number into (0, 1), so `y` reads as a probability: above
# 0.5 means "class B", below means "class A". **ReLU** keeps positive scores and turns negative
# ones into 0; it is the usual choice inside big networks. Here is what the engine computes for
# both, over a range of scores:

# %%
y = z.sigmoid()
y.label = "y"
print(f"y = sigmoid({z.data:+.3f}) = {y.data:.4f}")

scores = Tensor(np.linspace(-6, 6, 241))
(sigmoid_fig, sigmoid_ax), (relu_fig, relu_ax) = panels(2, height=2.8)   # two pictures, side by side
for ax, name, out in ((sigmoid_ax, "sigmoid", scores.sigmoid()), (relu_ax, "ReLU", scores.relu())):
    ax.plot(scores.data, out.data, color=theme.BOUNDARY, lw=2.5)
    ax.axhline(0, color=theme.MUTED, lw=0.8)
    ax.axvline(0, color=theme.MUTED, lw=0.8)
    ax.set_title(f"{name}(z), computed by the engine", fontsize=10)
    ax.set_xlabel("z (the weighted sum plus bias)")
    ax.grid(alpha=0.3)
sigmoid_ax.plot([z.data], [y.data], "o", color=theme.CLASS_B, ms=9, label=f"our neuron: z = {z.data:.2f}, y = {y.data:.3f}")
sigmoid_ax.legend(loc="upper left", fontsize=8)
show_row([sigmoid_fig, relu_fig])   # on a narrow page the second picture goes below the first

# %% [markdown]
# The three steps are exactly what `autograd_mini.scalar.Neuron` does. Give it the same numbers
# and it gives the same answer:

# %%
from autograd_mini.scalar import Neuron

neuron = Neuron(2, activation="sigmoid")
neuron.w[0].data, neuron.w[1].data, neuron.b.data = w1.data, w2.data, b.data
print(f"Neuron(2, 'sigmoid') on (2.0, 0.5): {neuron([2.0, 0.5]).data:.4f}   our three steps: {y.data:.4f}")

# %% [markdown]
# ## What the weights and the bias do to the decision
#
# A neuron with a sigmoid says "class B" where `z > 0` and "class A" where `z < 0`. The border
# between the two, where `w1*x1 + w2*x2 + b = 0`, is a **straight line**: the decision boundary.
# The weights set its direction; the bias slides it, parallel to itself. Without a bias the line
# is stuck going through the origin (0, 0).
#
# Here are the lesson's 40 points (class A cyan, class B rose) and one neuron with the same
# weights `w1 = w2 = 1` three times, with three biases. The black cross marks the origin; points
# on the wrong side of the line get an amber ring.

# %%
X, labels = data.make_separable()  # the lesson's 40 points

bias_panels = panels(3, height=3.6)   # three separate pictures: (figure, axes) each
for (fig, ax), bias in zip(bias_panels, (2.0, 0.0, -2.0)):
    line = nn.Linear(2, 1, seed=0)      # one neuron: z = w1*x1 + w2*x2 + b
    line.weight.data[:] = [[1.0, 1.0]]
    line.bias.data[:] = [bias]
    plot_decision_boundary(line, X, labels, ax=ax, title=f"w1 = 1, w2 = 1, b = {bias:+g}")
    ax.plot([0], [0], "k+", ms=12, mew=2)
show_row([fig for fig, _ in bias_panels])   # three pictures side by side; on a narrow page they wrap

# %% [markdown]
# Same direction, three places: only the bias changed. With `b = 0` the line has to pass
# through the origin, and no line through the origin separates these 40 points, whatever its
# direction (a test of the project sweeps every direction and finds at least 3 mistakes each
# time). The bias is what lets the line sit where the two classes actually meet.
# (Finding all three numbers for these points is your job in Part 2.)
#
# ## Why the activation matters
#
# Could we skip the squash and just stack multiply-and-add neurons? Let us try: feed a linear
# neuron's output into another linear neuron.

# %%
def first(x1, x2):   # a neuron without activation
    return 2.0 * x1 - 1.0 * x2 + 1.0

def second(h):        # another one, reading the first
    return 3.0 * h - 4.0

for a, c in ((0.0, 0.0), (1.0, 0.5), (-3.0, 2.0)):
    stacked = second(first(Value(a), Value(c)))
    single = 6.0 * Value(a) - 3.0 * Value(c) - 1.0   # one neuron: w1 = 6, w2 = -3, b = -1
    print(f"x = ({a:+.1f}, {c:+.1f}):  two stacked linear neurons -> {stacked.data:+.2f},  one neuron -> {single.data:+.2f}")

# %% [markdown]
# Always the same: a linear function of a linear function is still linear, so the two neurons
# collapse into one (with `w1 = 3·2`, `w2 = 3·(-1)`, `b = 3·1 - 4`). However many you stack, you
# still get one straight boundary. The activation between layers is what lets depth add power;
# Part 4 shows what that buys.
#
# ## The computation graph
#
# Every `Value` remembers the op that made it and its inputs. Together they form the
# **computation graph** of `y`. Each box shows a value's name, its number (`data`) and its
# gradient (`grad`); each circle is an op. The gradients are still 0: nothing has asked for them yet.

# %%
draw_graph(y)

# %% [markdown]
# Now the backward pass. `y.backward()` visits the graph from `y` back to the inputs and fills in,
# for every value `v`, the gradient `dy/dv`: how much `y` would change if `v` were nudged up a
# little. It does so with the chain rule, one op at a time: each op knows only its own local
# derivative, and multiplies it by the gradient that arrives from above.

# %%
y.backward()
draw_graph(y)

# %% [markdown]
# Read the graph from right to left. `dy/dy = 1`. The sigmoid's local derivative is
# `y(1-y)`, so `dy/dz = y(1-y)`. A `+` passes the gradient through unchanged, so `b`, `w1·x1`
# and `w2·x2` all receive `dy/dz`. A `×` hands each input the *other* input times the gradient:
# `dy/dw1 = x1 · dy/dz`.
#
# The project's video of the same process: a `scalar.Neuron` with its initial weights, fed the
# first of the lesson's 40 points. Values flow forward, then gradients flow back. (Its graph has
# one node for the weighted sum, `Σ w·x + b`, where ours has one per multiply and add: the
# engine's `Neuron` computes the sum in one step, with the same gradients.)

# %%
show_scene("neuron")

# %% [markdown]
# ## Open the engine: what `backward()` really does
#
# `backward()` is not magic; it is a dozen lines of `autograd_mini/engine/value.py`. Here they
# are, read from the file itself (so this page always shows the engine you have). First, two
# ops. Each computes its number, writes down its **local derivative** for each input, and keeps
# its inputs in `_prev`:

# %%
print(textwrap.dedent(inspect.getsource(Value.__mul__)))
print(textwrap.dedent(inspect.getsource(Value.sigmoid)))
print(f"(from {value_module.__file__.split('autograd_mini')[-1].lstrip('/')})")

# %% [markdown]
# And the backward pass itself. It puts every value of the graph in **topological order** (each
# value after the values it was computed from), sets `dy/dy = 1`, then walks that order
# *backwards*; at each value it hands every input `local derivative × the gradient that arrived`,
# and adds (`+=`) it to what that input already has:

# %%
print(textwrap.dedent(inspect.getsource(Value.backward)))

# %% [markdown]
# Let us do exactly that by hand for our neuron. The topological order of `y`'s graph:

# %%
order = topological_order(y)
print("  ->  ".join(node.label or node._op for node in order))

# %% [markdown]
# Now the walk, backwards through that order, printing every `+=`. We work on our own dictionary
# of gradients, so the engine's `.grad`s stay as `backward()` left them and we can compare:

# %%
by_hand_grads = {id(node): 0.0 for node in order}
by_hand_grads[id(y)] = 1.0   # dy/dy = 1
for node in reversed(order):
    for child, local in zip(node._prev, node._local_grads):
        by_hand_grads[id(child)] += local * by_hand_grads[id(node)]   # the chain rule, one input at a time
        print(f"{node.label:>14s} ({node._op:>7s}) -> {child.label:14s} += {local:+.4f} × {by_hand_grads[id(node)]:+.4f}"
              f"   now {by_hand_grads[id(child)]:+.4f}")
for leaf in (x1, x2, w1, w2, b):
    assert math.isclose(by_hand_grads[id(leaf)], leaf.grad, rel_tol=1e-12, abs_tol=1e-15)
print("the same numbers backward() wrote into x1.grad, x2.grad, w1.grad, w2.grad, b.grad")

# %% [markdown]
# Why `+=` and not `=`? Because a value can be used more than once. In `f = a·a + a` the value
# `a` enters three times, and the chain rule says its gradient is the *sum* of what comes back
# along every path: `df/da = a + a + 1`. With `=` each path would overwrite the one before:

# %%
a = Value(3.0, label="a")
f = a * a + a
f.backward()
print(f"a = {a.data}: df/da from backward() = {a.grad}   (a + a + 1 = {a.data + a.data + 1})")

# %% [markdown]
# The same `+=` is why training loops call `zero_grad()` before each `backward()`: without it,
# a second backward pass adds its gradients to those of the first (Part 3 shows this).
#
# ## Check one gradient by hand
#
# Let us check `dy/dw1` ourselves. By the chain rule, through the sigmoid and then the multiply:
#
# <p style="text-align:center; font-size:1.2em">∂y/∂w<sub>1</sub> = ∂y/∂z · ∂z/∂w<sub>1</sub> = y·(1 − y) · x<sub>1</sub></p>
#
# We plug in the numbers of this forward pass and compare with what `backward()` wrote into `w1.grad`:

# %%
by_hand = y.data * (1 - y.data) * x1.data   # the chain rule, with this run's numbers
print(f"by hand:     dy/dw1 = {y.data:.4f} * (1 - {y.data:.4f}) * {x1.data} = {by_hand:.6f}")
print(f"backward():  w1.grad = {w1.grad:.6f}")
assert abs(by_hand - w1.grad) < 1e-12

# %% [markdown]
# A third opinion needs no calculus at all. `gradcheck` nudges each input a tiny step up and
# down, watches how `y` moves, and compares that slope (a *finite difference*) with what
# `backward()` computes. It returns `True` when they agree for every input, and raises an error
# that names the input when they do not.

# %%
def the_neuron(x1, x2, w1, w2, b):
    return (w1 * x1 + w2 * x2 + b).sigmoid()

print("gradcheck agrees with backward() for all five inputs:",
      gradcheck(the_neuron, [x1.data, x2.data, w1.data, w2.data, b.data]))

# %% [markdown]
# ## Summary
#
# - A neuron is three steps: **multiply** each input by a weight, **add** them and a bias,
#   **squash** with an activation (sigmoid into (0, 1); ReLU keeps the positives).
# - Weights set how much each input counts and in which direction; the bias slides the straight
#   decision boundary `w1*x1 + w2*x2 + b = 0` away from the origin.
# - Without a non-linear activation, stacked neurons collapse into one linear neuron.
# - The engine records every step as a graph; `backward()` runs the chain rule through it and
#   fills every `grad`. You checked one by hand, and `gradcheck` checked them all.
#
# - Inside, `backward()` visits the graph in reverse topological order and does one thing per
#   input of every op: `input.grad += local derivative × gradient from above`. The `+=` adds up
#   the paths when a value is used more than once.
#
# ## Exercises
#
# Each exercise has a cell with `...` in it: replace the `...` by your answer, run the cell,
# then run the check cell below it. First run the next cell once: it loads the checkers (it
# is hidden in Jupyter, because reading it would give the answers away).

# %% tags=["checkers"] jupyter={"source_hidden": true}
def _gradients(x1v, x2v, w1v, w2v, bv):
    """The engine's gradients of y = sigmoid(w1*x1 + w2*x2 + b) for the given numbers."""
    leaves = {n: Value(v, label=n) for n, v in (("x1", x1v), ("x2", x2v), ("w1", w1v), ("w2", w2v), ("b", bv))}
    out = (leaves["w1"] * leaves["x1"] + leaves["w2"] * leaves["x2"] + leaves["b"]).sigmoid()
    out.backward()
    return out, {n: v.grad for n, v in leaves.items()}


def check_steepest(answer):
    """Exercise 1: which of 'w1', 'w2', 'b' raises y fastest for x1 = -1.5, x2 = 2.0?"""
    if is_placeholder(answer):
        return not_answered("set steepest = 'w1', 'w2' or 'b', then run this cell again.")
    names = {"w1": ("w_1",), "w2": ("w_2",), "b": ("bias",)}
    chosen = as_choice(answer, names)
    if chosen is None:
        return wrong(f"{answer!r} is not one of the parameters this checker reads: {accepted_words(names)}.")
    _, grads = _gradients(-1.5, 2.0, -0.6, 1.4, 0.25)
    params = {k: grads[k] for k in ("w1", "w2", "b")}
    best = max(params, key=params.get)
    shown = ", ".join(f"d y/d {k} = {g:+.4f}" for k, g in params.items())
    if chosen == best:
        return right(f"The engine's gradients are {shown}: nudging {best} up raises y fastest. "
                     f"Each gradient is x times dy/dz, and here x2 = 2.0 is the largest input.")
    return wrong(f"The engine's gradients are {shown}. The largest positive one is {best}, so nudging "
                 f"{best} up raises y fastest. (A negative gradient, like w1's here, means nudging it up *lowers* y.)")


def check_dy_dx1(answer):
    """Exercise 2: dy/dx1 of the notebook's neuron, worked out by hand."""
    if is_placeholder(answer):
        return not_answered("set dy_dx1 = the number you worked out, then run this cell again.")
    out, grads = _gradients(2.0, 0.5, -0.6, 1.4, 0.25)
    truth = grads["x1"]
    value = as_number(answer)
    if value is None:
        return wrong(f"dy_dx1 should be a number, not {answer!r}.")
    if abs(value - truth) <= 1e-3:
        return right(f"dy/dx1 = y(1-y)·w1 = {out.data:.4f}·{1 - out.data:.4f}·(-0.6) = {truth:.5f}, "
                     f"which is what backward() puts in x1.grad.")
    hint = " (the sign: w1 is negative)" if abs(value + truth) <= 1e-3 else ""
    return wrong(f"backward() gives x1.grad = {truth:.5f}, you gave {value:.5f}{hint}. The multiply hands x1 "
                 f"the *other* input, w1, so dy/dx1 = y(1-y)·w1, not y(1-y)·x1.")


def check_collapse(answer):
    """Exercise 3: one neuron (w1, w2, b) equal to h = 0.5*x1 + 2*x2 - 1 followed by out = -2*h + 3."""
    if is_placeholder(answer):
        return not_answered("set single = (w1, w2, b), three numbers, then run this cell again.")
    try:
        sw1, sw2, sb = (float(v) for v in answer)
    except (TypeError, ValueError):
        return wrong(f"single should be three numbers (w1, w2, b), not {answer!r}.")
    points = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (-2.5, 3.0)]
    worst = 0.0
    for a, c in points:
        h = 0.5 * Value(a) + 2.0 * Value(c) - 1.0
        stacked = -2.0 * h + 3.0
        single = sw1 * Value(a) + sw2 * Value(c) + sb
        worst = max(worst, abs(stacked.data - single.data))
    if worst < 1e-9:
        return right("Your single neuron gives exactly the stacked pair's output at every test point: "
                     "w1 = -2·0.5, w2 = -2·2, b = -2·(-1) + 3. Two linear layers are one linear layer.")
    if abs(sw1 + 1.0) < 1e-9 and abs(sw2 + 4.0) < 1e-9:
        return wrong(f"Your weights are right; the bias is not (your neuron is off by {worst:.3g} everywhere). "
                     f"The second neuron multiplies h's bias -1 by -2 and then adds its own bias, 3.")
    return wrong(f"At some test point your neuron and the stacked pair differ by {worst:.3g}. Substitute h into "
                 f"out = -2h + 3 and multiply out: each weight gets multiplied by -2, and the bias becomes "
                 f"-2·(-1) + 3.")



def _softplus(x, local_derivative):
    """softplus(x) = ln(1 + e^x) as an engine op, with the learner's local derivative."""
    return Value(math.log1p(math.exp(x.data)), (x,), "softplus", (float(local_derivative(x.data)),))


def check_softplus(answer):
    """Exercise 4: the local derivative of softplus, gradchecked through the engine's backward()."""
    if is_placeholder(answer):
        return not_answered("set softplus_local = a function of one number, e.g. lambda x: ..., then run this cell again.")
    if not callable(answer):
        return wrong(f"softplus_local should be a function of one number x (for example lambda x: 2 * x), "
                     f"not {answer!r}.")
    points = (-3.0, -0.5, 0.0, 0.7, 2.5)
    try:
        values = [float(answer(x)) for x in points]
    except Exception as error:  # the learner's function: any error is theirs to see
        return wrong(f"softplus_local(x) raised {type(error).__name__}: {error}. It receives a plain number "
                     f"x (a float) and should return a number; use math.exp, not x.exp().")
    if values == [float(math.log1p(math.exp(x))) for x in points]:
        return wrong("That is softplus itself, ln(1 + e^x), not its derivative. Differentiate it: the chain "
                     "rule through ln, then through 1 + e^x.")
    for x in points:
        try:
            gradcheck(lambda v: _softplus(v, answer), [x])
        except Exception:
            engine = _softplus(Value(x), answer)
            engine.backward()
            h = 1e-6
            numeric = (math.log1p(math.exp(x + h)) - math.log1p(math.exp(x - h))) / (2 * h)
            return wrong(f"gradcheck disagrees at x = {x:g}: your derivative gives {answer(x):.5f}, the finite "
                         f"difference {numeric:.5f}. d/dx ln(1 + e^x) = e^x / (1 + e^x); what is that in terms "
                         f"of a function you met above?")
    return right(f"gradcheck agrees at x = {', '.join(f'{x:g}' for x in points)}: the local derivative of "
                 f"softplus is e^x / (1 + e^x) = sigmoid(x). With it, softplus works in backward() like any "
                 f"built-in op.")

# %% [markdown]
# ### Exercise 1: which parameter matters most here?
#
# Feed the neuron (same weights `w1 = -0.6`, `w2 = 1.4`, `b = 0.25`) a new point,
# `x1 = -1.5`, `x2 = 2.0`. If you could nudge *one* parameter up by a little, which one would
# raise `y` the fastest: `'w1'`, `'w2'` or `'b'`? Build the neuron with `Value`s, call
# `backward()`, and read the gradients (or reason it out first, then check).

# %%
# your work here: build the neuron on the new point and look at the gradients
steepest = ...   # 'w1', 'w2' or 'b'

# %%
check_steepest(steepest)

# %% [markdown]
# ### Exercise 2: a gradient by hand
#
# For the neuron of this notebook (`x1 = 2.0`, `x2 = 0.5`, `w1 = -0.6`, `w2 = 1.4`, `b = 0.25`),
# work out `dy/dx1` with the chain rule, the way we did for `dy/dw1`. Use `y.data` for `y`.
# (Then compare with `x1.grad` above.)

# %%
dy_dx1 = ...   # a number

# %%
check_dy_dx1(dy_dx1)

# %% [markdown]
# ### Exercise 3: the collapse
#
# A first linear neuron computes `h = 0.5*x1 + 2*x2 - 1`; a second reads it and computes
# `out = -2*h + 3`. Which *single* neuron `(w1, w2, b)` computes exactly the same `out`?

# %%
single = ...   # (w1, w2, b)

# %%
check_collapse(single)

# %% [markdown]
# ### Exercise 4: write a backward rule
#
# A new op for the engine: **softplus**, `softplus(x) = ln(1 + e^x)`, a smooth cousin of ReLU.
# Its forward number is easy. Its backward rule needs its local derivative `d softplus / dx` as a
# function of the number `x`, exactly what `sigmoid` stores above. Write that function; the
# checker builds the op with it, runs `backward()` and compares with finite differences
# (`gradcheck`) at five points.

# %%
softplus_local = ...   # a function of a number x, e.g.  lambda x: ...   (math.exp is imported)

# %%
check_softplus(softplus_local)

# %% [markdown]
# ---
#
# Next: [Part 2: build a neuron by hand](02_tune_a_neuron_by_hand.py) · [All parts](README.md)
