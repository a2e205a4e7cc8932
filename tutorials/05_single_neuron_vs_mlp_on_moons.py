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
# # Part 5: the proof, a single neuron vs an MLP on two moons
#
# *About 10 minutes to read and run.*
#
# Everything so far comes together on one classic dataset: two interlocking half-moons. We train
# a single neuron and a small multi-layer network (MLP) on exactly the same points, with the same
# training loop, and compare what they can do.
#
# **By the end of this notebook you will be able to:**
#
# - train a single neuron and an MLP with one hidden layer on the two moons with `fit`, and
#   compare their boundaries and accuracies;
# - watch the MLP's boundary bend during training, from the parameter snapshots in `History`;
# - check a model on new points it was not trained on;
# - compare the project's engine with scikit-learn's `MLPClassifier` on the same data.

# %%
# %matplotlib inline
import warnings

import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import accuracy, data, fit, nn
from autograd_mini.compare import compare_neuron_and_mlp, plot_comparison
from autograd_mini.train import set_state
from autograd_mini.tutorials import (accepted_words, as_choice, as_number, is_placeholder, not_answered, right,
                                    show_scene, wrong)
from autograd_mini.viz import plot_decision_boundary, theme
from autograd_mini.viz.layout import panels, show_row

# %% [markdown]
# ## Two moons
#
# 200 points: the upper moon is class A (cyan), the lower one class B (rose), with a little noise.
# Each moon reaches into the hollow of the other, so no straight line can separate them.

# %%
X, y = data.make_moons(200, noise=0.1, seed=0)
fig, ax = plt.subplots(figsize=(6, 4))
for label, colour, name in ((0, theme.CLASS_A, "class A"), (1, theme.CLASS_B, "class B")):
    ax.scatter(*X[y == label].T, s=25, color=colour, edgecolors="white", linewidths=0.6, label=name)
ax.set_xlabel("x1")
ax.set_ylabel("x2")
ax.set_aspect("equal")
ax.legend()
ax.set_title("two moons: 200 points")
plt.show()

# %% [markdown]
# ## Train both
#
# `compare_neuron_and_mlp` trains two models with `fit`, on the same points, with the same
# optimizer (Adam, learning rate 0.05), the same seed and the same 300 epochs:
#
# - a **single neuron**: `nn.Linear(2, 1)`, 3 numbers to learn;
# - an **MLP 2-16-1**: 16 hidden tanh neurons and one output neuron.

# %%
moons = compare_neuron_and_mlp("moons", hidden=(16,), epochs=300)   # data.load("moons"): the points above
assert np.array_equal(moons.X, X)
print(moons.summary())
print(f"parameters: single neuron {moons.neuron.num_parameters()}, MLP {moons.mlp.num_parameters()}")
(neuron_fig, neuron_ax), (mlp_fig, mlp_ax) = panels(2, height=3.6)   # two pictures, side by side
plot_comparison(moons, axes=(neuron_ax, mlp_ax))
neuron_fig.suptitle("")   # the row's caption says it, once for both pictures
for ax in (neuron_ax, mlp_ax):   # the title on two lines, to fit a narrow picture
    ax.set_title(ax.get_title().replace(" (", "\n("), fontsize=10)
show_row([neuron_fig, mlp_fig], caption="two moons: the same data, the same 300 epochs")

# %% [markdown]
# The single neuron does the best a straight line can: it cuts through the middle and gets the
# tips of both moons wrong (amber rings). The MLP's boundary bends around the moons and gets
# every point right. Their training curves show the difference too: the neuron's loss levels off
# early, at a value it can never get below; the MLP's keeps falling.

# %%
curve_panels = panels(2, height=2.8)   # two pictures, side by side
axes = [ax for _, ax in curve_panels]
for hist, name, colour in ((moons.neuron_history, "single neuron", theme.PATH_COLOURS[0]),
                           (moons.mlp_history, "MLP 2-16-1", theme.PATH_COLOURS[1])):
    epochs = np.arange(1, len(hist.loss) + 1)
    axes[0].plot(epochs, hist.loss, color=colour, lw=2, label=name)
    axes[1].plot(epochs, hist.accuracy, color=colour, lw=2, label=name)
axes[0].set_yscale("log")
axes[0].set_title("loss per epoch (log scale)")
axes[1].set_title("accuracy per epoch")
for ax in axes:
    ax.set_xlabel("epoch")
    ax.grid(alpha=0.3)
    ax.legend()
show_row([fig for fig, _ in curve_panels])

# %% [markdown]
# ## Watch the boundary bend
#
# `fit` can keep copies of the parameters at chosen epochs (`snapshot_epochs`). Loading each copy
# back into the model shows the boundary as it was at that moment of training:

# %%
EPOCHS = (0, 5, 20, 60, 300)
mlp = nn.MLP(2, [16, 1], activation="tanh", seed=0)
history = fit(mlp, X, y, optimizer="adam", lr=0.05, epochs=300, snapshot_epochs=EPOCHS, progress=False)

epoch_panels = panels(len(EPOCHS), height=3.0)   # one picture per snapshot, wrapping on a narrow page
for (_, ax), epoch in zip(epoch_panels, EPOCHS):
    set_state(mlp, history.params_at(epoch))
    plot_decision_boundary(mlp, X, y, ax=ax, legend=False, resolution=120,
                           title=f"epoch {epoch}: {accuracy(mlp, X, y):.0%} right")
show_row([fig for fig, _ in epoch_panels])

# %% [markdown]
# At epoch 0 the random initial weights draw an almost straight boundary. Within a few epochs it
# tilts into the best line; then the hidden neurons start to bend it, and by the end it threads
# between the moons.
#
# ## New points
#
# A model is only useful if it works on points it has not seen. We draw 200 *new* points from the
# same two moons (another seed) and measure both models on them:

# %%
X_new, y_new = data.make_moons(200, noise=0.1, seed=1)
set_state(mlp, history.params_at(300))
print(f"single neuron: {accuracy(moons.neuron, X_new, y_new):.1%} on new points "
      f"({moons.neuron_accuracy:.1%} on the training points)")
print(f"MLP 2-16-1:    {accuracy(moons.mlp, X_new, y_new):.1%} on new points "
      f"({moons.mlp_accuracy:.1%} on the training points)")

# %% [markdown]
# ## An outside reference: scikit-learn
#
# Is our engine doing what a well-known library does? scikit-learn's `MLPClassifier` trains the
# same architecture (16 tanh hidden neurons, Adam, learning rate 0.05, 300 epochs) on the same
# points. It is a different implementation with its own initialisation and its own details, so
# the boundary will not be identical, but it should be just as good. (This cell skips itself
# when scikit-learn is not installed; it comes with `pip install 'autograd_mini[tutorials]'`.)

# %%
try:
    from sklearn.neural_network import MLPClassifier
except ImportError:
    MLPClassifier = None
    print("scikit-learn is not installed, so there is no outside reference here: "
          "pip install 'autograd_mini[tutorials]' (or pip install scikit-learn).")

if MLPClassifier is not None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # scikit-learn warns when max_iter ends training before its own stopping rule
        reference = MLPClassifier(hidden_layer_sizes=(16,), activation="tanh", solver="adam",
                                  learning_rate_init=0.05, max_iter=300, random_state=0).fit(X, y)
    reference_panels = panels(3, height=3.0)   # three pictures that wrap on a narrow page
    axes = [ax for _, ax in reference_panels]
    plot_decision_boundary(moons.neuron, X, y, ax=axes[0], legend=False,
                           title=f"autograd_mini, single neuron: {moons.neuron_accuracy:.0%}")
    plot_decision_boundary(moons.mlp, X, y, ax=axes[1], legend=False,
                           title=f"autograd_mini, MLP 2-16-1: {moons.mlp_accuracy:.0%}")
    plot_decision_boundary(lambda points: reference.predict_proba(points)[:, 1], X, y, ax=axes[2],
                           output="probability", legend=False,
                           title=f"scikit-learn MLPClassifier (16,): {reference.score(X, y):.0%}")
    for ax in axes:
        ax.title.set_fontsize(10)
    show_row([fig for fig, _ in reference_panels])
    print(f"on the new points: scikit-learn {reference.score(X_new, y_new):.1%}, "
          f"autograd_mini {accuracy(moons.mlp, X_new, y_new):.1%}")

# %% [markdown]
# The project's video of this experiment, with the MLP's boundary bending epoch by epoch:

# %%
show_scene("moons")

# %% [markdown]
# ## Summary
#
# - On two moons, a single neuron is stuck with its best straight line and misses the tips of
#   the moons; an MLP with one hidden layer of 16 neurons bends its boundary and separates them.
# - `History` snapshots let you replay training: the boundary starts almost straight and bends
#   epoch by epoch.
# - What counts is accuracy on new points; here the MLP keeps its lead there too.
# - scikit-learn's `MLPClassifier`, a different implementation, reaches the same result on the
#   same data: the engine does what a standard library does.
#
# ## Exercises
#
# Run the next (hidden) cell once to load the checkers.

# %% tags=["checkers"] jupyter={"source_hidden": true}
from autograd_mini.engine.value import Value
from autograd_mini.nn import Module as TensorModule

NOISY_TRAIN = data.make_moons(200, noise=0.2, seed=1)
NOISY_TEST = data.make_moons(200, noise=0.2, seed=2)
YES_NO = {"yes": ("y", "true", "it can"), "no": ("n", "false", "it cannot", "it can't", "never")}
_TRAINED = {}


def check_line_on_moons(answer):
    """Exercise 1: can a single neuron ever reach 100% on these two moons? 'yes' or 'no'."""
    if is_placeholder(answer):
        return not_answered("set line_can_do_it = 'yes' or 'no', then run this cell again.")
    word = as_choice(answer, YES_NO)
    if word is None:
        return wrong(f"{answer!r} is not an answer this checker reads: {accepted_words(YES_NO)}. Decide, then check.")
    if "line" not in _TRAINED:  # trained once; later checks read the same result
        _TRAINED["line"] = nn.Linear(2, 1, seed=0)
        fit(_TRAINED["line"], X, y, optimizer="adam", lr=0.05, epochs=2000, progress=False)
    best = accuracy(_TRAINED["line"], X, y)
    facts = f"Trained for 2000 epochs by the engine, a single neuron reaches {best:.1%}."
    if word == "no":
        return right(f"{facts} More training cannot help: whatever line you draw, the tip of one moon "
                     f"reaches across it into the other's side. Only a bent boundary separates them.")
    return wrong(f"{facts} Its boundary is a straight line whatever its weights, and the tips of the moons "
                 f"reach past any line, so 100% is out of reach.")


def check_noisy_moons(answer):
    """Exercise 2: a trained model with at least 90% accuracy on NOISY_TEST."""
    if is_placeholder(answer):
        return not_answered("train a model on NOISY_TRAIN and set my_model = that model, then run this cell again.")
    params = answer.parameters() if hasattr(answer, "parameters") else None
    if not params or not (isinstance(answer, TensorModule) or isinstance(params[0], Value)):
        return wrong(f"my_model should be an autograd_mini model you trained (for example an nn.MLP), "
                     f"not {type(answer).__name__}.")
    train_acc = accuracy(answer, *NOISY_TRAIN)
    test_acc = accuracy(answer, *NOISY_TEST)
    facts = f"Your model: {train_acc:.1%} on the training points, {test_acc:.1%} on the 200 new test points."
    if test_acc >= 0.9:
        return right(f"{facts} A bent boundary, and not too wiggly: it works on points it never saw.")
    count = sum(int(np.size(p.data)) for p in params)
    if count <= 3:
        hint = (" A single neuron draws a straight line, and a line tops out below 90% here: use a hidden layer "
                "(e.g. nn.MLP(2, [16, 1], activation='tanh')) and train it with fit for a few hundred epochs.")
    elif train_acc - test_acc > 0.06:
        hint = (" It fits the training points much better than the new ones: it may have learned the noise. "
                "Try fewer neurons or fewer epochs.")
    elif train_acc < 0.85:
        hint = (f" It has a hidden layer ({count} parameters) but does not fit even its training points: it looks "
                f"untrained or barely trained. Train it on NOISY_TRAIN with fit, for a few hundred epochs.")
    else:
        hint = (f" It is trained but its boundary is not bent enough ({count} parameters): give it more hidden "
                f"neurons, e.g. nn.MLP(2, [16, 1], activation='tanh').")
    return wrong(facts + hint)


def check_parameter_count(answer):
    """Exercise 3: the number of parameters of an MLP 2-16-1."""
    if is_placeholder(answer):
        return not_answered("set mlp_parameters = a whole number, then run this cell again.")
    value = as_number(answer)
    if value is None or value != int(value):
        return wrong(f"mlp_parameters should be a whole number (like 7), not {answer!r}.")
    truth = nn.MLP(2, [16, 1], seed=0).num_parameters()
    if value == truth:
        return right(f"{truth}: 2×16 weights and 16 biases into the hidden layer, then 16 weights and 1 bias "
                     f"into the output neuron.")
    if value == 2 * 16 + 16:  # the hidden layer alone, or every weight without the biases: both 48
        return wrong("48 is the hidden layer alone (2×16 weights and 16 biases), or all the weights without "
                     "the biases (32 + 16). Count every neuron's weights and its bias, the output neuron's too.")
    if value == truth - 1:
        return wrong("One short: the output neuron has a bias too.")
    return wrong(f"The engine counts a different number from {int(value)}. Every hidden neuron has one weight "
                 f"per input plus a bias; the output neuron has one weight per hidden neuron plus a bias.")

# %% [markdown]
# ### Exercise 1: one more try for the line?
#
# If you trained the single neuron for much longer, or with a better learning rate, could it
# reach 100% on these two moons? Answer `'yes'` or `'no'`.

# %%
line_can_do_it = ...   # 'yes' or 'no'

# %%
check_line_on_moons(line_can_do_it)

# %% [markdown]
# ### Exercise 2: noisier moons
#
# `NOISY_TRAIN = (X, y)` holds 200 points from moons with twice the noise. Train a model of your
# choice on them with `fit`, then set `my_model` to it. The checker tests it on 200 *other*
# points, `NOISY_TEST`; the goal is at least 90%, which a single neuron cannot reach.

# %%
# your work here, for example:  my_model = nn.MLP(...);  fit(my_model, *NOISY_TRAIN, ...)
my_model = ...

# %%
check_noisy_moons(my_model)

# %% [markdown]
# ### Exercise 3: how many numbers does the MLP learn?
#
# Count the parameters of an MLP 2-16-1 (2 inputs, 16 hidden neurons, 1 output): every weight and
# every bias. Work it out on paper; then `model.num_parameters()` can confirm.

# %%
mlp_parameters = ...   # a whole number

# %%
check_parameter_count(mlp_parameters)

# %% [markdown]
# ---
#
# Previous: [Part 4: why depth wins](04_why_depth_wins.py) · Next: [Part 6: knowledge check](06_knowledge_check.py) · [All parts](README.md)
