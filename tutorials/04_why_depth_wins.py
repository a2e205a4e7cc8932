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
# # Part 4: why depth wins
#
# *About 15 minutes to read and run.*
#
# One neuron draws one straight line. That is enough for a surprising number of jobs, and
# hopeless for many others. This notebook finds the edge, then crosses it with a hidden layer.
#
# **By the end of this notebook you will be able to:**
#
# - train a single neuron on the logic gates AND and OR, and explain why it cannot learn XOR;
# - solve XOR with one hidden layer, and see what each hidden neuron contributes;
# - see a network bend its boundary around XOR clusters, circles and spirals;
# - watch a network with more and more hidden neurons approximate a smooth curve, the idea
#   behind the universal approximation theorem.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import Tensor, accuracy, data, fit, nn, predict_proba
from autograd_mini.compare import compare_neuron_and_mlp, plot_comparison
from autograd_mini.tutorials import (accepted_words, as_choice, as_choices, decision, is_placeholder, not_answered,
                                    right, show_scene, wrong)
from autograd_mini.viz import plot_decision_boundary, theme
from autograd_mini.viz.layout import panels, show_row

# %% [markdown]
# ## AND and OR: one neuron is enough
#
# A logic gate has two inputs, each 0 or 1, and one output. AND says 1 only when both inputs are 1;
# OR says 1 when at least one is. We train one sigmoid neuron (`nn.Linear(2, 1)`, whose output is
# a score; the sigmoid turns it into a probability) on each truth table with `fit`:

# %%
def train_gate(name, epochs=2000):
    """One neuron trained with fit on a gate's truth table; returns (neuron, inputs, outputs)."""
    inputs, outputs = data.logic_gate(name)
    neuron = nn.Linear(2, 1, seed=0)
    fit(neuron, inputs, outputs, optimizer="sgd", lr=1.0, epochs=epochs, progress=False)
    return neuron, inputs, outputs


gates = {name: train_gate(name) for name in ("and", "or", "xor")}
for name, (neuron, inputs, outputs) in gates.items():
    probabilities = predict_proba(neuron, inputs)
    rows = "   ".join(f"{int(a)}{int(c)} -> {p:.2f} (want {int(t)})" for (a, c), p, t in zip(inputs, probabilities, outputs))
    print(f"{name.upper():3s}  {decision(neuron, inputs, outputs):34s} {rows}")

# %% [markdown]
# AND and OR: 100%. XOR ("exactly one of the two") is the odd one out. The trained neuron gives
# up and says 0.5 to everything: a loss of `ln 2`, a coin flip. That is no decision at all, so
# an accuracy would only count how ties are broken. Its boundaries show why:

# %%
gate_panels = panels(3, height=3.6)   # three separate pictures: (figure, axes) each
for (fig, ax), (name, (neuron, inputs, outputs)) in zip(gate_panels, gates.items()):
    plot_decision_boundary(neuron, inputs, outputs, ax=ax, padding=0.6, resolution=150,
                           title=f"{name.upper()}: one neuron,\n{decision(neuron, inputs, outputs)}")
    ax.title.set_fontsize(10)
show_row([fig for fig, _ in gate_panels])   # side by side; on a narrow page they wrap

# %% [markdown]
# For XOR, the two class B points `(0, 1)` and `(1, 0)` sit on one diagonal, the two class A
# points `(0, 0)` and `(1, 1)` on the other. Any straight line that has both B points on one side
# has at least one A point with them. So the best *any* line can do is 3 of 4. We can ask the
# engine's neuron directly, sweeping the line's direction and offset:

# %%
xor_inputs, xor_outputs = data.logic_gate("xor")
probe = nn.Linear(2, 1, seed=0)
angles, offsets = np.linspace(0, 2 * np.pi, 36, endpoint=False), np.linspace(-1.5, 1.5, 31)
best_line = 0
for angle in angles:
    for offset in offsets:
        probe.weight.data[:] = [[np.cos(angle), np.sin(angle)]]
        probe.bias.data[:] = [offset]
        best_line = max(best_line, int(round(accuracy(probe, xor_inputs, xor_outputs) * 4)))
print(f"the best of {len(angles) * len(offsets)} lines (directions × offsets) gets {best_line} of 4 corners right")

# %% [markdown]
# Such a line is confidently wrong on the fourth corner, and the loss training uses punishes a
# confident mistake hard. Hedging at 0.5 everywhere costs less loss, so that is where training
# ends: the trained neuron makes no decision, while the best line makes one wrong one. No amount
# of training helps: the problem is the straight line itself.
#
# ## A hidden layer solves XOR
#
# Put a layer of neurons between the inputs and the output. Each hidden neuron draws its own
# line; the output neuron combines their answers. Here is an MLP with 4 hidden neurons (tanh
# activation) and one output, trained by the same `fit`:

# %%
mlp = nn.MLP(2, [4, 1], activation="tanh", seed=0)
history = fit(mlp, xor_inputs, xor_outputs, optimizer="adam", lr=0.05, epochs=500, progress=False)
print(mlp)
print(f"accuracy {history.final_accuracy:.0%}, loss {history.final_loss:.4f}")
print("P(class B):", {f"{int(a)}{int(c)}": round(float(p), 3) for (a, c), p in zip(xor_inputs, predict_proba(mlp, xor_inputs))})

# %% [markdown]
# What does each hidden neuron do? Ask the engine for the hidden layer's output over the whole
# plane: each one is a soft step across its own straight line (tanh goes from -1, black, to +1,
# white). The output neuron adds them up with its weights, and the sum of a few tilted steps is
# no longer a straight boundary.

# %%
linear1, tanh, linear2 = mlp.layers
grid = np.linspace(-0.6, 1.6, 120)
gx, gy = np.meshgrid(grid, grid)
plane = Tensor(np.column_stack([gx.ravel(), gy.ravel()]))
hidden = tanh(linear1(plane)).data            # (points, 4): every hidden neuron's output
out_weights = linear2.weight.data[0]

hidden_panels = panels(5, height=3.2)   # the four hidden neurons and the MLP, as pictures that wrap
axes = [ax for _, ax in hidden_panels]
for j, ax in enumerate(axes[:4]):
    image = ax.imshow(hidden[:, j].reshape(gx.shape), origin="lower", extent=(-0.6, 1.6, -0.6, 1.6),
                      cmap="Greys_r", vmin=-1, vmax=1, alpha=0.85)
    ax.scatter(*xor_inputs.T, c=[theme.CLASS_COLOURS[int(t)] for t in xor_outputs], s=70, edgecolors="k", zorder=3)
    ax.set_title(f"hidden neuron {j + 1}\n(output weight {out_weights[j]:+.2f})", fontsize=10)
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="tanh output")
plot_decision_boundary(mlp, xor_inputs, xor_outputs, ax=axes[4], padding=0.6, resolution=150, legend=False,
                       title=f"the MLP: {accuracy(mlp, xor_inputs, xor_outputs):.0%} right")
axes[4].title.set_fontsize(10)
show_row([fig for fig, _ in hidden_panels])

# %% [markdown]
# The same idea works on clouds of points. `compare_neuron_and_mlp` trains a single neuron and an
# MLP on the same data, with the same optimizer and the same number of epochs. On noisy XOR
# clusters, on a circle inside a circle and on two spirals, the single neuron (first) is stuck with
# its line, while the MLP (second, one hidden layer of 16 tanh neurons) bends its boundary to fit:

# %%
for name in ("xor", "circles", "spirals"):
    comparison = compare_neuron_and_mlp(name, hidden=(16,), epochs=500, lr=0.03, seed=0)
    (neuron_fig, neuron_ax), (mlp_fig, mlp_ax) = panels(2, height=3.6)   # side by side, even on an 800 px page
    plot_comparison(comparison, axes=(neuron_ax, mlp_ax))
    neuron_fig.suptitle("")   # the row's caption says it, once for both pictures
    for ax in (neuron_ax, mlp_ax):   # the title on two lines, to fit a narrow picture
        ax.set_title(ax.get_title().replace(" (", "\n("), fontsize=10)
    show_row([neuron_fig, mlp_fig], caption=f"{name}: one neuron, then an MLP 2-16-1, the same 500 epochs")
    print(comparison.summary())

# %% [markdown]
# ## Universal approximation: enough neurons fit any smooth curve
#
# How far does this go? The **universal approximation theorem** says: one hidden layer with
# enough neurons (and a non-linear activation) can approximate any continuous function as closely
# as you like, on a bounded range. It promises that such weights exist, not that training finds
# them easily, nor how many neurons it takes.
#
# We can watch it happen. The target is a smooth wiggly curve, and the networks have one input,
# one hidden layer of 1, 2, 4 or 16 tanh neurons, and one output, trained with the squared error:

# %%
curve_x = np.linspace(-3, 3, 120)[:, None]
curve_y = np.sin(2 * curve_x) + 0.3 * curve_x      # the curve to imitate: (120, 1), like the outputs

fits = {}
for width in (1, 2, 4, 16):
    net = nn.MLP(1, [width, 1], activation="tanh", seed=0)
    h = fit(net, curve_x, curve_y, loss="mse", optimizer="adam", lr=0.05, epochs=600, progress=False)
    fits[width] = (net, h.final_loss)

curve_panels = panels(4, height=2.8)   # four pictures that wrap on a narrow page
for (_, ax), (width, (net, final_loss)) in zip(curve_panels, fits.items()):
    prediction = net(Tensor(curve_x)).data[:, 0]
    ax.plot(curve_x[:, 0], curve_y[:, 0], color=theme.INK, lw=5, alpha=0.25, label="target")
    ax.plot(curve_x[:, 0], prediction, color=theme.BOUNDARY, lw=2.2, label="network")
    ax.set_title(f"{width} hidden neuron{'s' if width > 1 else ''}: loss {final_loss:.4f}", fontsize=10)
    ax.set_xlabel("x")
    ax.grid(alpha=0.3)
    ax.set_ylim(-2.2, 2.2)   # the same scale in every picture
curve_panels[0][1].legend(fontsize=8, loc="lower right")   # where neither curve goes
show_row([fig for fig, _ in curve_panels])

# %% [markdown]
# One neuron can only make one S-shaped step; two make a bump; four follow most of the wiggles;
# sixteen are indistinguishable from the target. Each hidden neuron adds one more bendable piece.
#
# In practice, instead of one enormous hidden layer, networks stack many layers (**depth**): each
# layer builds on the features of the one before, which needs far fewer neurons for the same
# job. Depth plus a few more ideas, such as convolutions for images and attention for language,
# is what runs today's image and language models.
#
# The project's video of XOR: the single neuron's line fails, the hidden layer bends the boundary.

# %%
show_scene("xor")

# %% [markdown]
# ## Anything: three spirals
#
# "Curves, blobs, spirals, anything": the recipe is not limited to two classes. Give the last
# layer one output per class (three here) and `fit` trains it with cross-entropy: a softmax turns
# the three outputs into three probabilities that sum to 1, and the predicted class is the largest.
# The picture colours the plane by the class the network would choose there (paler where it is
# unsure), rings its mistakes in amber, and the table next to it (below it on a narrow page)
# counts where each true class's points ended up (the diagonal is right).

# %%
from autograd_mini.viz import plot_decision_boundary

X3, y3 = data.make_spirals(300, classes=3, noise=0.05, seed=0)
spiral_net = nn.MLP(2, [32, 32, 3], activation="tanh", seed=0)
spiral_history = fit(spiral_net, X3, y3, optimizer="adam", lr=0.02, epochs=400, progress=False)
print(f"fit chose loss={spiral_history.settings['loss']!r} for 3 outputs; training accuracy "
      f"{spiral_history.final_accuracy:.1%} (accuracy() agrees: {accuracy(spiral_net, X3, y3):.1%})")
(spiral_fig, spiral_ax), = panels(1, width=5.0, height=4.6)
(matrix_fig, matrix_ax), = panels(1, width=2.8, height=2.8)   # the table beside it, or below on a narrow page
plot_decision_boundary(spiral_net, X3, y3, ax=spiral_ax, confusion=matrix_ax,
                       title=f"MLP 2-32-32-3 on three spirals: {spiral_history.final_accuracy:.1%} right")
show_row([spiral_fig, matrix_fig])

# %% [markdown]
# Your own data goes the same way: `data.load_csv("points.csv")` reads numeric feature columns and a
# label column (numbers or names), or from a terminal, `autograd-mini train --csv points.csv`.

# %% [markdown]
# ## Summary
#
# - One neuron draws one straight boundary: it learns AND, OR, linear classification and linear
#   regression, but not XOR, circles, spirals or anything curved.
# - A hidden layer gives each of its neurons its own line; the output combines them, so the
#   boundary can bend: XOR, circles and spirals become solvable.
# - With enough hidden neurons, one hidden layer can approximate any continuous function
#   (universal approximation). In practice, depth does it more cheaply.
#
# ## Exercises
#
# Run the next (hidden) cell once to load the checkers.

# %% tags=["checkers"] jupyter={"source_hidden": true}
from autograd_mini.engine.value import Value

GATE_NAMES = ("and", "or", "nand", "xor")
_GATES_LEARNED = {}  # gate -> accuracy of one trained neuron
_LINEAR_RUN = []  # the History of the linear MLP on XOR
YES_NO = {"yes": ("y", "true", "it does"), "no": ("n", "false", "it does not", "it doesn't")}


def check_gates(answer):
    """Exercise 1: the set of gates among and, or, nand, xor that one neuron can learn."""
    if is_placeholder(answer):
        return not_answered("set learnable = a set of gate names, e.g. {'and'}, then run this cell again.")
    parsed = as_choices(answer, {name: () for name in GATE_NAMES})
    if parsed is None:
        return wrong(f"learnable should be a set of names such as {{'and', 'or'}}, not {answer!r}.")
    chosen, unknown = parsed
    if unknown:
        return wrong(f"{', '.join(unknown)}: not a gate this checker knows; the gates are "
                     f"{', '.join(repr(g) for g in GATE_NAMES)}.")
    learned = _GATES_LEARNED  # trained once; later checks read the same result
    for name in GATE_NAMES:
        if name not in learned:
            neuron, inputs, outputs = train_gate(name, epochs=1000)
            learned[name] = accuracy(neuron, inputs, outputs)
    truth = {name for name, acc in learned.items() if acc == 1.0}
    table = ", ".join(f"{name.upper()} {acc:.0%}" for name, acc in learned.items())
    if chosen == truth:
        return right(f"Trained by the engine: {table}. NAND is AND with the signs flipped, so one line does it; "
                     f"only XOR needs its two B points on one side of a line and its two A points on the other.")
    missing, extra = truth - chosen, chosen - truth
    said = []
    if missing:
        said.append(f"one neuron does learn {', '.join(sorted(missing))}")
    if extra:
        said.append(f"it cannot learn {', '.join(sorted(extra))}")
    return wrong(f"Trained by the engine: {table}; {' and '.join(said)}. A gate is learnable when one straight "
                 f"line separates its 1s from its 0s.")


def _sigmoid_neuron(weights, a, c):
    w1, w2, b = weights
    return (w1 * a + w2 * c + b).sigmoid()


def check_xor_by_hand(answer):
    """Exercise 2: hand-picked weights for a 2-2-1 sigmoid network that computes XOR."""
    if is_placeholder(answer):
        return not_answered("fill in xor_by_hand = {'h1': (w1, w2, b), 'h2': (w1, w2, b), 'out': (v1, v2, c)}.")
    try:
        h1, h2, out = (tuple(float(v) for v in answer[key]) for key in ("h1", "h2", "out"))
        assert len(h1) == len(h2) == len(out) == 3
    except (TypeError, KeyError, ValueError, AssertionError):
        return wrong("xor_by_hand needs three entries, 'h1', 'h2' and 'out', each three numbers (w1, w2, b).")
    results = []
    for (a, c), target in zip(xor_inputs, xor_outputs):
        a, c = Value(a), Value(c)
        first, second = _sigmoid_neuron(h1, a, c), _sigmoid_neuron(h2, a, c)
        y = _sigmoid_neuron(out, first, second)
        results.append((int(a.data), int(c.data), y.data, int(target)))
    rows = ", ".join(f"{a}{c} -> {p:.2f}" for a, c, p, _ in results)
    wrong_rows = [r for r in results if (r[2] >= 0.5) != (r[3] == 1)]
    if not wrong_rows:
        return right(f"Your network computes XOR: {rows}. One common recipe: h1 = OR, h2 = NAND, and the "
                     f"output = AND of the two. Large weights make each sigmoid a near step.")
    return wrong(f"Your network gives {rows}, wrong on {len(wrong_rows)} of 4. Hint: XOR = (x1 OR x2) AND NOT "
                 f"(x1 AND x2). Let h1 compute OR, h2 compute NAND, and out compute AND of h1 and h2; "
                 f"weights around ±20 make the sigmoids behave like steps.")


def check_linear_hidden(answer):
    """Exercise 3: does an MLP with a *linear* hidden layer of 16 neurons solve XOR? 'yes' or 'no'."""
    if is_placeholder(answer):
        return not_answered("set linear_solves_xor = 'yes' or 'no', then run this cell again.")
    word = as_choice(answer, YES_NO)
    if word is None:
        return wrong(f"{answer!r} is not an answer this checker reads: {accepted_words(YES_NO)}. Decide, then check.")
    if not _LINEAR_RUN:  # trained once; later checks read the same result
        net = nn.MLP(2, [16, 1], activation="linear", seed=0)
        _LINEAR_RUN.append(fit(net, xor_inputs, xor_outputs, optimizer="adam", lr=0.05, epochs=500, progress=False))
    h = _LINEAR_RUN[0]
    truth = "yes" if h.final_accuracy == 1.0 else "no"
    facts = f"The engine trained nn.MLP(2, [16, 1], activation='linear') on XOR: accuracy {h.final_accuracy:.0%}."
    if word == truth:
        return right(f"{facts} Without a non-linearity the 16 hidden neurons collapse into one linear "
                     f"neuron (Part 1), and one line cannot do XOR.")
    return wrong(f"{facts} Linear layers stacked are still one linear function, so the boundary is still one "
                 f"straight line, however many neurons there are.")

# %% [markdown]
# ### Exercise 1: which gates can one neuron learn?
#
# Of the gates `'and'`, `'or'`, `'nand'` (NOT AND) and `'xor'`, which can a single neuron learn
# perfectly? Answer with a set of names. (`data.logic_gate('nand')` gives NAND's truth table, and
# `train_gate('nand')` trains a neuron on it.)

# %%
learnable = ...   # a set, e.g. {'and'}

# %%
check_gates(learnable)

# %% [markdown]
# ### Exercise 2: build XOR by hand
#
# Choose weights for a network with two hidden sigmoid neurons and one sigmoid output neuron so
# that it computes XOR. Each neuron is `(w1, w2, b)`; the output neuron reads the two hidden ones.
# Think in logic: which two gates, combined by a third, give XOR?

# %%
xor_by_hand = ...   # {'h1': (w1, w2, b), 'h2': (w1, w2, b), 'out': (v1, v2, c)}

# %%
check_xor_by_hand(xor_by_hand)

# %% [markdown]
# ### Exercise 3: depth without the squash
#
# Take the MLP that solved XOR, but make its hidden layer *linear* (no activation) and give it 16
# neurons: `nn.MLP(2, [16, 1], activation="linear")`. Will it solve XOR? Answer `'yes'` or `'no'`.

# %%
linear_solves_xor = ...   # 'yes' or 'no'

# %%
check_linear_hidden(linear_solves_xor)

# %% [markdown]
# ---
#
# Previous: [Part 3: gradient descent, or how to roll downhill](03_gradient_descent.py) · Next: [Part 5: the proof, a single neuron vs an MLP on two moons](05_single_neuron_vs_mlp_on_moons.py) · [All parts](README.md)
