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
# # Part 2: build a neuron by hand
#
# *About 15 minutes to read and run.*
#
# In Part 1 you computed one neuron's output. Now you become its trainer: 40 points, two classes,
# and three sliders for the neuron's three numbers `w1`, `w2` and `b`. Your job is to move the
# orange line until it separates the classes. Then you press "Train this for me" and watch
# gradient descent do the same job, step by step.
#
# **By the end of this notebook you will be able to:**
#
# - read where a neuron's decision line lies from its three numbers, and move it on purpose;
# - tune `w1`, `w2` and `b` by hand until the neuron classifies all 40 points correctly;
# - tell accuracy (how many points are on the right side) from loss (how confident and how right);
# - describe what "Train this for me" does: real gradient descent starting from *your* sliders.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import data
from autograd_mini.landscape import BOWL_WEIGHT_DECAY
from autograd_mini.tutorials import accepted_words, as_choice, is_placeholder, not_answered, right, show_scene, wrong
from autograd_mini.viz import NeuronPlayground, theme
from autograd_mini.viz import PlaygroundView
from autograd_mini.viz.layout import panels, show_row

# %% [markdown]
# ## The 40 points
#
# Each point has two coordinates `(x1, x2)` and a class: **class A** (cyan) or **class B** (rose).
# One straight line can separate them, but which one? The neuron predicts class B where
# `sigmoid(w1*x1 + w2*x2 + b) >= 0.5`, which is where `w1*x1 + w2*x2 + b >= 0`.

# %%
X, y = data.make_separable()
print(f"{len(X)} points: {int((y == 0).sum())} of class A, {int((y == 1).sum())} of class B")

# %% [markdown]
# ## The playground
#
# Run the next cell in Jupyter to get the playground: three sliders starting at 0, a toggle that
# shades the plane by the sigmoid probability (cyan near 0, white at 0.5, rose near 1), live
# accuracy and loss, Reset, and **Train this for me**. Misclassified points get an amber ring.
#
# Try it now: first move `w1` alone, then `w2`, then `b`. What does each slider do to the line?
#
# The same playground also exists as a matplotlib figure: `autograd-mini playground` opens it in
# a desktop window, and in Jupyter with ipympl, `%matplotlib widget` followed by
# `from autograd_mini.viz import MatplotlibPlayground; MatplotlibPlayground()` shows it inline.
#
# (In a static copy of this notebook, such as the HTML export, the sliders cannot move. The
# cells after it drive the very same playground with code, so you can follow along anyway.)

# %%
from IPython.display import display

try:
    from autograd_mini.viz import WidgetPlayground

    playground_widget = WidgetPlayground()
    display(playground_widget)
except ImportError as error:  # ipywidgets missing: the code cells below still work
    print(f"(No interactive playground here: {error})")

# %% [markdown]
# ## The same playground, driven by code
#
# The widget is only a front end. All its numbers come from a `NeuronPlayground`, which holds one
# neuron of the tensor engine and the 40 points. We can drive it directly. At the start all three
# numbers are 0: the score is 0 everywhere, every point gets probability 0.5, and there is no line
# at all.

# %%
pg = NeuronPlayground()
start = pg.state()
print(pg.formula(), f"  accuracy {start.accuracy:.0%}, loss {start.loss:.4f}")


def draw(pg, ax, title=None):
    """One picture of the playground as it is now (the same drawing the widget shows)."""
    PlaygroundView(ax, pg, legend=False)
    if title:
        ax.set_title(f"{title}\n{pg.formula()}", fontsize=10)

# %% [markdown]
# Accuracy is 50%: with every probability exactly 0.5, the neuron calls every point class B and
# gets half of them right. The loss, `ln 2 ≈ 0.693`, is what a coin flip scores.
#
# Now a first guess: only `w1 = 1`. Then the score is just `x1`, and the line is `x1 = 0`, the
# vertical axis. A better guess uses both inputs: `w1 = w2 = 1` makes the line run diagonally,
# and `b = -2` slides it up and to the right, onto `x1 + x2 = 2`. (With `b = 0` it would be stuck
# on `x1 + x2 = 0`, through the origin, and no line through the origin separates these points.)

# %%
guesses = {"all sliders at 0": (0.0, 0.0, 0.0), "a first guess": (1.0, 0.0, 0.0), "a better guess": (1.0, 1.0, -2.0)}
guess_panels = panels(3, width=5.4, height=3.8)   # three separate pictures (with room for the read-out)
for (fig, ax), (title, (w1, w2, b)) in zip(guess_panels, guesses.items()):
    pg.set(w1=w1, w2=w2, b=b)
    draw(pg, ax, title)
show_row([fig for fig, _ in guess_panels])   # three pictures side by side; on a narrow page they wrap

# %% [markdown]
# ## Accuracy and loss are different things
#
# **Accuracy** only counts which side of the line each point is on. **Loss** (here binary
# cross-entropy, the same loss training uses) also asks *how sure* the neuron is: a point on the
# right side with probability 0.51 still costs a lot; a point deep on the right side with
# probability 0.99 costs almost nothing; a point confidently on the wrong side costs the most.
# Training lowers the loss, because the loss changes smoothly when the weights change, while the
# accuracy jumps from one value to the next.

# %%
for w1, w2, b in ((1.0, 0.0, 0.0), (1.0, 1.0, -2.0), (0.2, 0.2, -0.4)):
    state = pg.set(w1=w1, w2=w2, b=b)
    print(f"{pg.formula():32s} accuracy {state.accuracy:6.1%}   loss {state.loss:.3f}")

# %% [markdown]
# The last two neurons draw *the same line* (`0.2·x1 + 0.2·x2 - 0.4 = 0` is `x1 + x2 = 2` again),
# so they have the same accuracy. Their losses differ a lot. Exercise 2 asks you why.
#
# ## "Train this for me"
#
# The button runs gradient descent from wherever your sliders are: it asks the engine for the
# loss and its gradient with respect to `w1`, `w2` and `b`, moves each number a small step
# against its gradient, and repeats until every point is right and the line has settled.
#
# What exactly does it minimise? On points that a line separates, the cross-entropy alone has
# no bottom: scaling a separating line's three numbers up keeps the line and keeps lowering the
# loss (Exercise 2 is about this), so the weights would grow for ever. The playground therefore
# minimises the cross-entropy **plus a small L2 term**, `0.01/2 · (w1² + w2² + b²)`, which
# gives the loss a bottom; the loss it *shows* is the cross-entropy alone. Part 3 draws this
# very loss as a bowl. Here it is, starting from all zeros:

# %%
pg.reset()
steps = list(pg.train_steps())
final = steps[-1]
print(f"{len(steps)} steps of gradient descent (learning rate {pg.learning_rate}, L2 term {BOWL_WEIGHT_DECAY}):")
for state in (start, steps[0], steps[4], steps[19], final):
    print(f"  step {state.step:3d}: w1 = {state.w1:+.3f}  w2 = {state.w2:+.3f}  b = {state.b:+.3f}   "
          f"accuracy {state.accuracy:6.1%}  loss {state.loss:.3f}")

# %% [markdown]
# The sliders move a lot at first, where the loss is steep, and less and less as the line settles.
# Here is the whole journey: the three sliders, the loss and the accuracy at every step, and the
# line itself at a few of the steps.

# %%
history = [start, *steps]
step_numbers = [s.step for s in history]
journey = panels(3, height=3.4)   # three pictures that wrap on a narrow page
axes = [ax for _, ax in journey]
for name, colour in (("w1", theme.PATH_COLOURS[0]), ("w2", theme.PATH_COLOURS[1]), ("b", theme.MUTED)):
    axes[0].plot(step_numbers, [getattr(s, name) for s in history], color=colour, lw=2, label=name)
axes[0].set_title("the three sliders, step by step", fontsize=10)
axes[0].legend()
axes[1].plot(step_numbers, [s.loss for s in history], color=theme.BOUNDARY, lw=2, label="loss")
axes[1].plot(step_numbers, [s.accuracy for s in history], color=theme.CLASS_A, lw=2, label="accuracy")
axes[1].set_title("loss falls smoothly, accuracy jumps", fontsize=10)
axes[1].legend()
for ax in axes[:2]:
    ax.set_xlabel("training step")
    ax.grid(alpha=0.3)

shown_steps = [1, 3, 10, len(steps)]
for k, state in enumerate(s for s in steps if s.step in shown_steps):
    pg.set(state.w1, state.w2, state.b)
    ends = pg.decision_line(*pg.limits())
    if ends is not None:
        (xa, ya), (xb, yb) = ends
        axes[2].plot([xa, xb], [ya, yb], color=theme.BOUNDARY, lw=1 + 0.8 * k,
                     alpha=0.3 + 0.7 * k / (len(shown_steps) - 1), label=f"step {state.step}")
for label, colour, name in ((0, theme.CLASS_A, "class A"), (1, theme.CLASS_B, "class B")):
    axes[2].scatter(*X[y == label].T, s=30, color=colour, edgecolors="white", zorder=3, label=name)
axes[2].set_xlim(*pg.limits()[0])
axes[2].set_ylim(*pg.limits()[1])
axes[2].set_aspect("equal")
axes[2].set_title("the line at a few steps", fontsize=10)
axes[2].legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=8, frameon=False)  # below the points
show_row([fig for fig, _ in journey])

# %% [markdown]
# And the trained neuron, the same picture the widget ends on:

# %%
fig, ax = plt.subplots(figsize=(6.5, 5))
pg.set(final.w1, final.w2, final.b)
draw(pg, ax, f"after {final.step} steps of gradient descent")
plt.show()

# %% [markdown]
# Gradient descent found a line that separates all 40 points, without ever seeing a picture: it
# only followed the gradient of the loss. It stopped once the line had settled (the loss fell
# by less than 0.001 in a step), not at the exact bottom of the regularised loss. Part 3 looks at that process closely. Here is a preview:
# the project's video of gradient descent rolling down the loss surface.

# %%
show_scene("descent")

# %% [markdown]
# ## Summary
#
# - The neuron's decision line is `w1*x1 + w2*x2 + b = 0`: the weights turn it, the bias slides it.
# - Accuracy counts the points on the right side; loss also rewards confident, correct
#   predictions and punishes confident mistakes. Training follows the loss, because it changes
#   smoothly.
# - "Train this for me" is real gradient descent: compute the loss, ask `backward()` for the
#   gradient, step each slider against it, repeat.
#
# ## Exercises
#
# Run the next (hidden) cell once to load the checkers, then answer each exercise in its cell.

# %% tags=["checkers"] jupyter={"source_hidden": true}
def _three_numbers(answer):
    try:
        w1, w2, b = (float(v) for v in answer)
    except (TypeError, ValueError):
        return None
    if not all(np.isfinite((w1, w2, b))):
        return None
    return w1, w2, b


def check_separating(answer):
    """Exercise 1: (w1, w2, b) that classifies all 40 points correctly."""
    if is_placeholder(answer):
        return not_answered("set my_neuron = (w1, w2, b), then run this cell again.")
    numbers = _three_numbers(answer)
    if numbers is None:
        return wrong(f"my_neuron should be three finite numbers (w1, w2, b), not {answer!r}.")
    state = NeuronPlayground().set(*numbers)
    if state.errors == 0:
        return right(f"All 40 points are on the right side (loss {state.loss:.3f}). "
                     f"Any line between the two classes does it; gradient descent picks one for you.")
    w1, w2, b = numbers
    if w1 == w2 == 0:
        return wrong(f"With w1 = w2 = 0 there is no line at all: the score is {b:g} everywhere, so every point "
                     f"gets the same class ({state.errors} of 40 wrong). Give the weights a direction first.")
    if state.errors == len(X):
        return wrong("Every point is on the wrong side: your line is right, its sides are swapped. "
                     "Multiply all three numbers by -1.")
    if b == 0:
        return wrong(f"{state.errors} of 40 points are on the wrong side. With b = 0 the line goes through the "
                     f"origin, and no line through the origin separates these points: slide it with the bias.")
    return wrong(f"{state.errors} of 40 points are on the wrong side (accuracy {state.accuracy:.0%}). "
                 f"Move the line between the classes: the class B points lie where x1 + x2 is large, "
                 f"so both weights should be positive, and the bias slides the line along.")


_LOSS_WORDS = {"lower": ("smaller", "less", "lower loss", "decreases", "down"),
               "higher": ("larger", "bigger", "more", "higher loss", "increases", "up"),
               "same": ("the same", "equal", "unchanged", "no change")}


def check_scaled_loss(answer):
    """Exercise 2: multiplying w1, w2 and b of a separating line by 3 makes the loss 'lower', 'higher' or 'same'?"""
    if is_placeholder(answer):
        return not_answered("set scaled_loss = 'lower', 'higher' or 'same', then run this cell again.")
    word = as_choice(answer, _LOSS_WORDS)
    if word is None:
        return wrong(f"{answer!r} is not one of the answers this checker reads: {accepted_words(_LOSS_WORDS)}.")
    pg = NeuronPlayground()
    before = pg.set(1.0, 1.0, -2.0)
    after = pg.set(3.0, 3.0, -6.0)
    truth = "lower" if after.loss < before.loss else ("higher" if after.loss > before.loss else "same")
    facts = (f"The engine says: (1, 1, -2) has loss {before.loss:.3f}, (3, 3, -6) has loss {after.loss:.3f}; "
             f"both have accuracy {before.accuracy:.0%}.")
    if word == truth:
        return right(f"{facts} Same line, so the same accuracy, but the scores are 3 times larger, so every "
                     f"correct probability moves closer to 0 or 1, and the neuron is more confident and more right.")
    return wrong(f"{facts} The line stays put (same accuracy) but every score w1*x1 + w2*x2 + b triples, so "
                 f"the sigmoid pushes each correct prediction closer to 0 or 1: the loss is {truth}.")


def check_all_wrong(answer):
    """Exercise 3: (w1, w2, b) with the same line as (1, 1, -2) but every point on the wrong side."""
    if is_placeholder(answer):
        return not_answered("set backwards = (w1, w2, b), then run this cell again.")
    numbers = _three_numbers(answer)
    if numbers is None:
        return wrong(f"backwards should be three finite numbers (w1, w2, b), not {answer!r}.")
    state = NeuronPlayground().set(*numbers)
    # the same line as (1, 1, -2) means a multiple k·(1, 1, -2); k < 0 swaps its sides
    reference = np.array([1.0, 1.0, -2.0])
    k = float(np.dot(numbers, reference) / np.dot(reference, reference))
    same_line = np.allclose(numbers, k * reference, atol=1e-9) and k != 0
    if same_line and k < 0:
        return right(f"All {state.errors} of {len(X)} points wrong, on the same line: your numbers are "
                     f"{k:g} × (1, 1, -2), and a negative factor keeps the line (-z = 0 exactly where z = 0) "
                     f"but swaps which side is called class B.")
    if same_line:
        return wrong(f"That is the same line with the same sides ({k:g} × (1, 1, -2)): {state.errors} of {len(X)} "
                     f"points wrong. Which factor swaps the sides?")
    return wrong(f"Your numbers draw a different line from (1, 1, -2) ({state.errors} of {len(X)} points wrong). "
                 f"Keep the line, swap its sides: what happens to the score z = w1*x1 + w2*x2 + b if you multiply "
                 f"all three numbers by the same negative number?")

# %% [markdown]
# ### Exercise 1: separate the points yourself
#
# Find three numbers that put all 40 points on the right side. Use the widget (its read-outs
# show the numbers) or try values with `pg.set(w1=..., w2=..., b=...)`. Do not copy the trained
# ones: find your own.

# %%
my_neuron = ...   # (w1, w2, b)

# %%
check_separating(my_neuron)

# %% [markdown]
# ### Exercise 2: same line, different loss
#
# The neurons `(1, 1, -2)` and `(3, 3, -6)` draw exactly the same line. Is the loss of the
# second one `'lower'`, `'higher'` or the `'same'`? Predict first, then you may check with `pg.set`.

# %%
scaled_loss = ...   # 'lower', 'higher' or 'same'

# %%
check_scaled_loss(scaled_loss)

# %% [markdown]
# ### Exercise 3: everything backwards
#
# Give a neuron `(w1, w2, b)` whose line is the same as that of `(1, 1, -2)`, but which puts
# *every* point on the wrong side (accuracy 0%).

# %%
backwards = ...   # (w1, w2, b)

# %%
check_all_wrong(backwards)

# %% [markdown]
# ---
#
# Previous: [Part 1: the neuron is three steps](01_the_neuron.py) · Next: [Part 3: gradient descent, or how to roll downhill](03_gradient_descent.py) · [All parts](README.md)
