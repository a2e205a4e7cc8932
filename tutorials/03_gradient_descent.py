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
# # Part 3: gradient descent, or how to roll downhill
#
# *About 20 minutes to read and run.*
#
# In Part 2 "Train this for me" found a good line in 50 small steps. This notebook opens up that
# process. Training is a loop of four words: **try** some weights, **measure** how wrong they are
# (the loss), **nudge** the weights towards less wrong, **repeat**.
#
# **By the end of this notebook you will be able to:**
#
# - picture the loss as a surface over the parameters, and gradient descent as rolling down it;
# - take one step of gradient descent by hand with the gradients from `backward()`, and then let `fit` take hundreds;
# - choose a learning rate, and recognise one that is too small (slow) or too large (overshoots, oscillates, blows up);
# - say what an epoch is and how many updates an epoch makes;
# - recognise a local minimum, and explain why it worries people less than it used to.

# %%
# %matplotlib inline
import dataclasses

import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import Tensor, TrainingDiverged, Value, data, fit, nn, optim
from autograd_mini.landscape import BOWL_CAPTION, LEARNING_RATES, descent_path, lesson_bowl, loss_surface
from autograd_mini.nn import functional as F
from autograd_mini.tutorials import as_number, is_placeholder, not_answered, right, show_scene, wrong
from autograd_mini.viz import plot_history, theme
from autograd_mini.viz.layout import panels, show_row
from autograd_mini.viz.plots import learning_rate_panels, loss_surface_panels

# %% [markdown]
# ## A loss you can see: the bowl
#
# To *see* a loss we need a model with only two parameters, so that the loss is a height over a
# flat map. We start with a simpler cousin of the lesson's neuron: a single neuron with *one*
# input and no activation, fitting a straight line `prediction = w·x + b` to some points. (The
# lesson's own neuron, on the 40 points, gets its bowl later in this notebook.) Its loss is the **mean squared error**: the average of
# `(prediction - target)²`. (That is linear regression, one of the jobs a single neuron can do.)
#
# Here are 30 noisy points along a line, made up with numpy's random numbers:

# %%
rng = np.random.default_rng(0)
points_x = rng.uniform(-2, 2, size=(30, 1))                      # 30 inputs, one feature each
points_t = 1.5 * points_x - 0.5 + rng.normal(0, 0.3, (30, 1))  # targets: a line plus noise, (30, 1) like the outputs

model = nn.Linear(1, 1, seed=0)  # one neuron, no activation: w·x + b
w, b = model.weight, model.bias  # its two parameters

# %% [markdown]
# For every pair `(w, b)` on a grid, `loss_surface` sets the neuron's two numbers, runs it on the
# 30 points and asks the engine for the loss. Plotted as a height, the losses make a bowl; seen
# from above, they make rings like a contour map of a valley.

# %%
GRID = (np.linspace(-1.5, 4.5, 41), np.linspace(-3.0, 2.5, 41))
bowl = loss_surface(model, points_x, points_t, loss="mse", grid=GRID)
bowl = dataclasses.replace(bowl, names=("w", "b"))   # shorter axis labels than 'weight[0,0]', 'bias[0]'
best_w, best_b, lowest = bowl.minimum
print(f"lowest loss on the grid: {lowest:.3f} at w = {best_w:.2f}, b = {best_b:.2f}")
show_row(loss_surface_panels(bowl), caption="the loss of w·x + b over (w, b): a bowl")

# %% [markdown]
# Training starts somewhere high on the side of the bowl, at weights that fit badly, and has to
# find the bottom. It cannot see the bowl (in a real network it has millions of dimensions); it
# can only feel the slope under its feet. That slope is the **gradient**: the vector of
# `d loss / d w` and `d loss / d b`. It points in the direction of steepest *ascent*, so we step
# the other way.
#
# ## One step by hand
#
# Put the neuron at `w = -0.5`, `b = 1.5`, measure the loss, and ask the engine for the gradient:

# %%
w.data[:] = [[-0.5]]
b.data[:] = [1.5]
loss = F.mse_loss(model(Tensor(points_x)), points_t)
model.zero_grad()
loss.backward()
print(f"at w = {w.item():+.2f}, b = {b.item():+.2f}:  loss = {loss.item():.4f}")
print(f"gradient: d loss/d w = {w.grad.item():+.4f},  d loss/d b = {b.grad.item():+.4f}")

# %% [markdown]
# Why `model.zero_grad()` before `backward()`? Because `backward()` does not *set* a gradient, it
# *adds* to it: `.grad += local derivative × gradient from above`. That is what makes a value
# used twice in one graph get both contributions. Across two backward passes it means the
# gradients pile up. Watch, without `zero_grad()` in between:

# %%
first_grad = w.grad.item()
F.mse_loss(model(Tensor(points_x)), points_t).backward()   # a second backward, no zero_grad()
print(f"after one backward: {first_grad:+.4f};  after a second one: {w.grad.item():+.4f}  (twice as much)")
model.zero_grad()
F.mse_loss(model(Tensor(points_x)), points_t).backward()
print(f"zero_grad(), then backward: {w.grad.item():+.4f}  (the true gradient again)")
assert np.isclose(w.grad.item(), first_grad)

# %% [markdown]
# A training loop that forgot `zero_grad()` would step with the sum of every gradient so far: a
# longer and longer step in a stale direction. So every step starts with `zero_grad()`.

# %% [markdown]
# Read the signs. `d loss/d w` is negative: making `w` larger makes the loss smaller. `d loss/d b`
# is positive: making `b` smaller makes the loss smaller. The update `w ← w - lr · d loss/d w`
# does the right thing for both, because it always moves against the gradient. One step with a
# learning rate of 0.25, done by hand:

# %%
lr = 0.25
w_new = w.item() - lr * w.grad.item()   # step against the gradient
b_new = b.item() - lr * b.grad.item()
w.data[:] = [[w_new]]
b.data[:] = [b_new]
new_loss = F.mse_loss(model(Tensor(points_x)), points_t)
print(f"after one step:  w = {w_new:+.4f}, b = {b_new:+.4f},  loss = {new_loss.item():.4f}  (was {loss.item():.4f})")

# %% [markdown]
# The loss went down. That update is exactly what the optimizer `optim.SGD` does for every
# parameter in `step()`. Let us check it gives the same numbers from the same start:

# %%
w.data[:] = [[-0.5]]
b.data[:] = [1.5]
sgd = optim.SGD(model.parameters(), lr=lr)
sgd.zero_grad()
F.mse_loss(model(Tensor(points_x)), points_t).backward()
sgd.step()
print(f"optim.SGD: w = {w.item():+.4f}, b = {b.item():+.4f}   (by hand: {w_new:+.4f}, {b_new:+.4f})")
assert np.isclose(w.item(), w_new) and np.isclose(b.item(), b_new)

# %% [markdown]
# ## Many steps: `fit`
#
# Training is that step, repeated. `fit` is the project's one training loop: every plot and video
# of training in this project calls it. `descent_path` trains a copy of the neuron with `fit` and
# reads back where `(w, b)` was after every step, so we can draw the real path on the bowl.
# (When you call `fit` yourself in a notebook it shows a progress bar; the trainings in these
# notebooks take a fraction of a second, so they pass `progress=False`.)

# %%
path = descent_path(model, points_x, points_t, loss="mse", lr=0.25, epochs=30, start=(-0.5, 1.5))
print(f"start: w = {path.start[0]:+.3f}, b = {path.start[1]:+.3f}, loss {path.losses[0]:.3f}")
print(f"end:   w = {path.end[0]:+.3f}, b = {path.end[1]:+.3f}, loss {path.losses[-1]:.3f}   "
      f"(the bottom of the grid: loss {lowest:.3f})")
show_row(loss_surface_panels(bowl, {"lr = 0.25": path}), caption="30 steps of gradient descent down the bowl")

# %% [markdown]
# Big steps first, where the bowl is steep, then smaller and smaller ones: the step is the
# learning rate *times the gradient*, and the gradient shrinks towards the flat bottom.
#
# ## The learning rate: too small, about right, too large
#
# The learning rate is the size of the step. Here are three runs from the same start, for the
# same 30 epochs, with three learning rates, one picture each:

# %%
rates = (0.02, 0.25, 0.6)
paths = [descent_path(model, points_x, points_t, loss="mse", lr=r, epochs=30, start=(-0.5, 1.5)) for r in rates]
show_row(learning_rate_panels(bowl, paths), caption="the same bowl, the same start, three learning rates")

# %% [markdown]
# - **Too small (0.02):** every step is safe but tiny; after 30 epochs it is still on the slope.
# - **About right (0.25):** it reaches the bottom in a handful of steps.
# - **Too large (0.6):** each step overshoots the bottom and lands high on the other side, so
#   the path zig-zags across the valley. Here it still creeps inwards; a bit larger and every
#   bounce lands higher than the one before. Where exactly that happens is the next section.
#
# The losses per epoch tell the same story, with a fourth learning rate, 0.7, that is too large
# to come back (note the logarithmic loss axis):

# %%
fig, ax = plt.subplots(figsize=(6.8, 4.4), layout="constrained")
for r, colour in zip((0.02, 0.25, 0.6, 0.7), (*theme.PATH_COLOURS, theme.INK)):
    p = descent_path(model, points_x, points_t, loss="mse", lr=r, epochs=30, start=(-0.5, 1.5))
    ax.plot(p.losses, color=colour, lw=2, marker="o", ms=3, label=f"lr = {r:g}: loss {p.losses[-1]:.3g} after 30 epochs")
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("loss (log scale)")
ax.set_title("loss per epoch for four learning rates")
fig.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)   # under the plot, off the curves
ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# Keep going with a learning rate that is far too large and the loss explodes. `fit` notices
# that it has grown a million-fold (or stopped being a number), stops, and says what to do:

# %%
too_fast = nn.Linear(1, 1, seed=0)
with np.errstate(over="ignore", invalid="ignore"):   # the overflow is the point of this cell
    try:
        fit(too_fast, points_x, points_t, loss="mse", lr=1.0, epochs=1000, progress=False)
    except TrainingDiverged as error:
        print(error)
        print(f"(it got through {len(error.history.loss)} epochs first)")

# %% [markdown]
# ## Where the edge is: 2 / curvature
#
# Near the bottom a bowl is a parabola. Along one direction, with curvature `h` (the second
# derivative of the loss), a step of gradient descent maps the distance `d` from the bottom to
# `d - lr · h · d = (1 - lr·h) · d`. The steps shrink towards the bottom when `|1 - lr·h| < 1`,
# that is when **`lr < 2 / h`**; above that each bounce lands farther out. A bowl curves
# differently in different directions; the steepest curvature (the largest eigenvalue of the
# matrix of second derivatives, the Hessian) sets the edge. For the squared error of `w·x + b`
# the Hessian is the same everywhere: `2 · mean([x², x], [x, 1])`.

# %%
features = np.column_stack([points_x[:, 0], np.ones(len(points_x))])   # (x, 1) for every point
hessian = 2 * features.T @ features / len(points_x)                    # d²(mean squared error)/d(w, b)²
curvature = np.linalg.eigvalsh(hessian)[-1]
edge = 2 / curvature
print(f"steepest curvature {curvature:.4f}  ->  predicted edge 2 / curvature = {edge:.4f}")
for r in (0.6, 0.65):
    p = descent_path(model, points_x, points_t, loss="mse", lr=r, epochs=60, start=(-0.5, 1.5))
    print(f"lr = {r:g}: loss after 60 epochs {p.losses[-1]:9.3f} (start {p.losses[0]:.3f}): "
          f"{'shrinks' if p.losses[-1] < p.losses[0] else 'grows'}")

# %% [markdown]
# The formula puts the edge between 0.6 and 0.65, and the experiment agrees: 0.6 still settles,
# 0.65 blows up. No trial and error needed, only the curvature.
#
# ## The lesson's neuron: its bowl
#
# Now the neuron of Parts 1 and 2: `y = σ(w1·x1 + w2·x2 + b)` on the 40 points, with the loss
# the playground's "Train this for me" minimises: the mean binary cross-entropy plus the small
# L2 term `0.01/2 · (w1² + w2² + b²)`. (Without that term there is no bottom: on separable points
# the cross-entropy keeps falling as the weights grow.) It has three parameters; to draw it we
# hold `b` at its best value and let `w1`, `w2` move. This is the bowl of Part 2 and of the video.

# %%
neuron_bowl = lesson_bowl()
w1_best, w2_best, b_best = neuron_bowl.optimum
print(f"the bottom: w1 = {w1_best:.3f}, w2 = {w2_best:.3f}, b = {b_best:.3f}, "
      f"loss {neuron_bowl.loss(w1_best, w2_best):.4f}")
print(f"steepest curvature {neuron_bowl.curvature:.4f}  ->  edge 2 / curvature = {neuron_bowl.learning_rate_edge:.3f}")
print("the lesson's learning rates:", ", ".join(f"{k} = {v:g}" for k, v in LEARNING_RATES.items()))
neuron_paths = [neuron_bowl.path(lr, epochs=25) for lr in LEARNING_RATES.values()]
show_row(learning_rate_panels(neuron_bowl.surface(), neuron_paths), caption=f"the lesson's bowl: {BOWL_CAPTION}")

# %% [markdown]
# The same three stories on the neuron's bowl, with the rates every part of the lesson uses. The
# "too large" rate lies above the edge `2 / curvature`, so it bounces across the valley and
# never settles (on this bowl the bounces do not blow up: far from the bottom the cross-entropy
# flattens out, so the bounce stops growing). Check the edge once more, just below and just above it:

# %%
for factor in (0.95, 1.05):
    p = neuron_bowl.path(factor * neuron_bowl.learning_rate_edge, epochs=300)
    last_step = np.linalg.norm(p.points[-1] - p.points[-2])
    print(f"lr = {factor:.2f} × edge = {factor * neuron_bowl.learning_rate_edge:.3f}: last step {last_step:.2e} "
          f"({'settled' if last_step < 1e-3 else 'still bouncing'})")

# %% [markdown]
# ## What an epoch is
#
# An **epoch** is one full pass over the training data. Above, each epoch made *one* update, from
# the gradient of the loss over all 30 points at once. Often the data is cut into **mini-batches**
# instead, with one update per batch: an epoch then makes as many updates as there are batches.
# Real trainings run for tens to thousands of epochs.
#
# Let us count. The lesson's 40 points, one sigmoid neuron, and an optimizer that counts its own
# updates:

# %%
X, y = data.make_separable()


class CountingSGD(optim.SGD):
    """optim.SGD that counts how many times it updated the weights."""

    updates = 0

    def step(self):
        self.updates += 1
        super().step()


for batch_size in (None, 10):
    neuron = nn.Linear(2, 1, seed=0)
    counter = CountingSGD(neuron.parameters(), lr=0.5)
    history = fit(neuron, X, y, optimizer=counter, epochs=20, batch_size=batch_size, progress=False)
    per_batch = "all 40 points at once" if batch_size is None else f"batches of {batch_size}"
    print(f"{per_batch:22s}: 20 epochs, {counter.updates:3d} updates, {len(history.loss)} losses in History, "
          f"final loss {history.final_loss:.3f}, accuracy {history.final_accuracy:.0%}")

# %% [markdown]
# Same number of epochs, four times as many updates with batches of 10 (40 / 10 = 4 per epoch),
# so a lower loss after 20 epochs. `History` keeps one loss per epoch either way, which is what
# `plot_history` draws:

# %%
(loss_fig, loss_ax), (accuracy_fig, accuracy_ax) = panels(2, height=2.8)   # two pictures, side by side
plot_history(history, ax=(loss_ax, accuracy_ax))
show_row([loss_fig, accuracy_fig], caption="the lesson's neuron, batches of 10, 20 epochs")

# %% [markdown]
# ## A local minimum
#
# The bowl had one bottom. Many losses do not. Here is a function with two valleys,
# `f(x) = x⁴ - 3x² + x`, evaluated by the engine over a range of `x`. We let gradient descent
# minimise it, with a `Value` for `x` and `optim.SGD`, from two different starts:

# %%
def f(x):
    return x**4 - 3 * x**2 + x


def descend(start, lr=0.02, steps=100):
    """Gradient descent on f from `start`; returns every x it visited."""
    x = Value(start, label="x")
    opt = optim.SGD([x], lr=lr)
    visited = [x.data]
    for _ in range(steps):
        opt.zero_grad()
        f(x).backward()   # x.grad = f'(x), from the engine
        opt.step()
        visited.append(x.data)
    return visited


curve_x = Tensor(np.linspace(-2.1, 2.1, 300))
curve_f = f(curve_x)   # the same f, on a whole array at once
fig, ax = plt.subplots(figsize=(8, 4.2))
ax.plot(curve_x.data, curve_f.data, color=theme.INK, lw=2, label="f(x) = x⁴ - 3x² + x")
for start, colour in ((-2.0, theme.PATH_COLOURS[1]), (2.0, theme.PATH_COLOURS[2])):
    xs = descend(start)
    fs = [f(Value(v)).data for v in xs]
    ax.plot(xs, fs, "o-", color=colour, ms=4, lw=1, alpha=0.8,
            label=f"start at x = {start:+.0f}: ends at x = {xs[-1]:+.3f}, f = {fs[-1]:.3f}")
    ax.plot(xs[-1], fs[-1], "*", color=colour, ms=16, mec="white")
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
ax.set_title("two starts, two valleys: the right one is only a local minimum")
ax.legend(fontsize=8, loc="upper center")
ax.grid(alpha=0.3)
plt.show()

# %% [markdown]
# From the left, descent reaches the deepest point. From the right it rolls into the ditch on the
# right and stays there: at the bottom of the ditch the gradient is 0, so the steps stop, even
# though a lower valley exists. That is a **local minimum**.
#
# In the large networks of practice this turned out to matter less than was feared. With
# millions of parameters, a point that curves upwards in *every* direction is rare; most flat
# places have some way down, and the local minima that training does reach tend to be about as
# good as each other. Starting from random weights, and the small noise of mini-batches, also help.
#
# Here is the project's video of the descent down the bowl of the lesson's neuron, with the three
# learning rates side by side:

# %%
show_scene("descent")

# %% [markdown]
# ## Summary
#
# - Training repeats four things: try weights, measure the loss, nudge the weights against the
#   gradient (`w ← w - lr · dL/dw`), repeat. The gradient points uphill; we step downhill.
# - The loss over the parameters is a surface; for a linear neuron with squared error it is a bowl
#   whose bottom holds the best weights.
# - `backward()` adds to `.grad` (that is how a value used twice gets both contributions), so
#   every step starts with `zero_grad()`.
# - The learning rate is the step size: too small crawls, about right arrives, too large
#   overshoots, oscillates, or blows up (and `fit` says so). The edge is `2 / curvature`: above
#   it, each bounce lands farther from the bottom. The formula and the experiment agree, on the
#   warm-up's bowl and on the lesson neuron's bowl (mean BCE plus a small L2 term).
# - An epoch is one pass over all the training data: one update with full batches, one per
#   mini-batch otherwise.
# - A local minimum is a ditch that is not the deepest point; where you start decides where you
#   end. In big networks this matters less than feared.
#
# ## Exercises
#
# Run the next (hidden) cell once to load the checkers.

# %% tags=["checkers"] jupyter={"source_hidden": true}
EXERCISE_RATES = (0.05, 0.1, 0.15, 0.16, 0.3, 0.6)
stretched_x = 2 * points_x   # Exercise 2's inputs: every x twice as large


def check_updates(answer):
    """Exercise 1: updates made by fit on 40 points, batch_size=8, 25 epochs."""
    if is_placeholder(answer):
        return not_answered("set updates = a whole number, then run this cell again.")
    value = as_number(answer)
    if value is None or value != int(value):
        return wrong(f"updates should be a whole number (like 7), not {answer!r}.")
    neuron = nn.Linear(2, 1, seed=0)
    counter = CountingSGD(neuron.parameters(), lr=0.1)
    fit(neuron, X, y, optimizer=counter, epochs=25, batch_size=8, progress=False)
    truth = counter.updates
    if value == truth:
        return right(f"fit made {truth} updates: 40 points / 8 per batch = 5 updates per epoch, times 25 epochs.")
    if value == 25:
        return wrong("25 is the number of epochs, and each epoch makes more than one update here. "
                     "How many batches of 8 are there in 40 points?")
    if value == 5:
        return wrong("5 is the number of updates in one epoch. There are 25 epochs.")
    return wrong(f"Counting with the engine gives a different number from {int(value)}. Each epoch visits all "
                 f"40 points in batches of 8, one update per batch; then multiply by the number of epochs.")


def check_blow_up(answer):
    """Exercise 2: with inputs 2·x, the smallest learning rate of EXERCISE_RATES for which the loss grows."""
    if is_placeholder(answer):
        return not_answered(f"set first_to_blow_up = one of {EXERCISE_RATES}, then run this cell again.")
    value = as_number(answer)
    if value is None:
        return wrong(f"first_to_blow_up should be a number, one of {EXERCISE_RATES}, not {answer!r}.")
    if value not in EXERCISE_RATES:
        return wrong(f"{value:g} is not one of the rates to choose from: {', '.join(map(str, EXERCISE_RATES))}.")
    grows = {}
    for r in EXERCISE_RATES:
        p = descent_path(model, stretched_x, points_t, loss="mse", lr=r, epochs=60, start=(-0.5, 1.5))
        grows[r] = bool(p.losses[-1] > p.losses[0])
    stretched = np.column_stack([stretched_x[:, 0], np.ones(len(stretched_x))])
    stretched_edge = 2 / np.linalg.eigvalsh(2 * stretched.T @ stretched / len(stretched_x))[-1]
    truth = min(r for r, g in grows.items() if g)
    table = ", ".join(f"{r:g}: {'grows' if g else 'shrinks'}" for r, g in grows.items())
    if value == truth:
        return right(f"After 60 epochs from (-0.5, 1.5): {table}. Doubling x makes the bowl about four times as "
                     f"steep, so the edge 2 / curvature drops from {edge:.3f} to {stretched_edge:.3f}.")
    if value == 0.6:
        return wrong(f"0.6 was the edge for the original x. With x doubled the bowl is steeper, so the edge moves: "
                     f"(loss after 60 epochs vs the start) {table}.")
    if grows[value]:
        return wrong(f"{value:g} does blow up, but it is not the smallest rate that does. "
                     f"Try the rates just below it: (loss after 60 epochs vs the start) {table}.")
    return wrong(f"At {value:g} the loss still shrinks over 60 epochs ({table}). The edge is 2 / curvature; "
                 f"compare each rate with the `edge` printed above.")


def check_ditch(answer):
    """Exercise 3: a start in [-3, 3] from which descend() ends in the local minimum, not the deepest one."""
    if is_placeholder(answer):
        return not_answered("set ditch_start = a number between -3 and 3, then run this cell again.")
    start = as_number(answer)
    if start is None:
        return wrong(f"ditch_start should be a number, not {answer!r}.")
    if not -3 <= start <= 3:
        return wrong(f"{start} is outside [-3, 3].")
    end = descend(start, lr=0.01, steps=500)[-1]
    deepest = descend(-2.0, lr=0.01, steps=500)[-1]
    if abs(end - deepest) < 1e-3:
        return wrong(f"From x = {start:+g}, descent ends at x = {end:+.3f}: that is the deepest valley, not the "
                     f"ditch. The ditch is on the right; which starts roll into it? (Look for the hump between the valleys.)")
    return right(f"From x = {start:+g}, descent ends at x = {end:+.3f}, f = {f(Value(end)).data:.3f}: the ditch. "
                 f"Every start to the right of the hump near x = 0.17 rolls there.")

# %% [markdown]
# ### Exercise 1: counting updates
#
# You train a neuron on the 40 points with `fit(..., batch_size=8, epochs=25)`. How many times
# does the optimizer update the weights?

# %%
updates = ...   # a whole number

# %%
check_updates(updates)

# %% [markdown]
# ### Exercise 2: where it blows up
#
# Make every input twice as large: `stretched_x = 2 * points_x` (the targets stay the same). From
# the start `(-0.5, 1.5)`, which is the *smallest* of the learning rates
# `0.05, 0.1, 0.15, 0.16, 0.3, 0.6` for which the loss after 60 epochs is *larger* than at the start?
# Predict it from the curvature first (rebuild `features` and `hessian` with `stretched_x`), then
# experiment with `descent_path(model, stretched_x, points_t, loss="mse", lr=..., epochs=60, start=(-0.5, 1.5))`.

# %%
first_to_blow_up = ...   # one of 0.05, 0.1, 0.15, 0.16, 0.3, 0.6

# %%
check_blow_up(first_to_blow_up)

# %% [markdown]
# ### Exercise 3: into the ditch
#
# Find a starting point `x` between -3 and 3 from which gradient descent on `f` ends in the
# *local* minimum (the ditch), not the deepest valley. Try `descend(your_start)[-1]`.

# %%
ditch_start = ...   # a number between -3 and 3

# %%
check_ditch(ditch_start)

# %% [markdown]
# ---
#
# Previous: [Part 2: build a neuron by hand](02_tune_a_neuron_by_hand.py) · Next: [Part 4: why depth wins](04_why_depth_wins.py) · [All parts](README.md)
