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
# # Part 6: knowledge check
#
# *About 10 minutes to read and run.*
#
# You built a neuron from three steps, tuned it by hand, watched gradient descent roll down a
# loss surface, and saw a hidden layer bend a boundary that no single neuron could. Time to check
# what stuck.
#
# **By the end of this notebook you will be able to:**
#
# - answer five questions on what the lesson built and trained, aiming for at least 4 of 5;
# - read, for every answer you got wrong, why it is wrong and what is right, and which part of
#   the lesson to revisit;
# - diagnose a learning rate from a loss curve, and pick the model that can learn XOR.
#
# You can take the quiz three ways: here as a widget, here as a plain cell (for a static
# copy or a notebook without widgets), and in a terminal with `autograd-mini quiz`.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import data, fit, nn, quiz
from autograd_mini.landscape import LEARNING_RATES, lesson_bowl
from autograd_mini.tutorials import as_choice, decision, is_placeholder, not_answered, right, show_scene, wrong
from autograd_mini.viz import theme

# %% [markdown]
# ## The lesson in five pictures
#
# Before the questions, the stills of the lesson's videos, in order: the network, the neuron and
# its gradients, the descent down the bowl, XOR, and the two moons.

# %%
for scene in ("opening", "neuron", "descent", "xor", "moons"):
    show_scene(scene, video=False, width=480)

# %% [markdown]
# ## The quiz, as a widget
#
# Pick one answer per question, then press **Check my answers**. Each answer gets its
# explanation, and the end shows your score against the aim of 4 of 5. You can change answers
# and check again as often as you like.

# %%
quiz.widget()

# %% [markdown]
# ## The quiz, without widgets
#
# No widgets where you are (a static copy, or a notebook without ipywidgets)? The same five
# questions, as text:

# %%
for number, question in enumerate(quiz.QUESTIONS, start=1):
    print(quiz.question_block(number, question, len(quiz.QUESTIONS)))   # wrapped at whole words
    print()

# %% [markdown]
# ## Summary
#
# - A neuron multiplies, adds and squashes: `y = sigmoid(w1*x1 + w2*x2 + b)`. Its boundary is a
#   straight line; the weights turn it and the bias slides it.
# - Gradient descent trains it: measure the loss, let `backward()` compute the gradient, step
#   against it with a sensible learning rate, repeat for many epochs.
# - One neuron cannot bend its line. A hidden layer with a non-linear activation can, and with
#   enough neurons it can approximate any smooth function.
#
# **What comes next:** computer vision. Convolutional networks keep exactly this neuron and this
# training loop, and add filters that slide across an image and pooling that shrinks it, to
# train an image classifier.
#
# ## Exercises
#
# The first exercise is the quiz itself, graded without widgets. Run the next (hidden) cell once
# to load the checkers.

# %% tags=["checkers"] jupyter={"source_hidden": true}
# Three training runs on the lesson's bowl (Part 3), shuffled: which one had the learning rate that was too large?
_bowl = lesson_bowl()
_MYSTERY = {"A": "about right", "B": "too large", "C": "too small"}   # curve name -> which learning rate
_mystery_losses = {name: _bowl.path(LEARNING_RATES[kind], epochs=30).losses for name, kind in _MYSTERY.items()}


def plot_mystery_curves():
    """The loss per epoch of the three mystery runs."""
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    for (name, losses), colour in zip(_mystery_losses.items(), theme.PATH_COLOURS):
        ax.plot(losses, color=colour, lw=2, marker="o", ms=3, label=f"run {name}")
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (log scale)")
    ax.set_title("three runs, three learning rates: which one is too large?")
    ax.grid(alpha=0.3)
    ax.legend()
    plt.show()


def check_my_answers(answer):
    """Exercise 1: the quiz, graded with quiz.grade; right when the score reaches the aim of 4 of 5."""
    if is_placeholder(answer):
        return not_answered("set my_answers = five letters, e.g. 'a,b,c,d,a' (a made-up example), then run this cell again.")
    try:
        result = quiz.grade(answer)
    except ValueError as error:
        return wrong(f"The answers could not be read: {error}")
    if result.passed:
        return right(f"{result.score} of {result.total}: you reached the aim. Every answer, explained:\n\n{result.report()}")
    return wrong(f"{result.score} of {result.total}: read the explanations below and try again.\n\n{result.report()}")


def check_too_large(answer):
    """Exercise 2: which of the runs 'A', 'B', 'C' had the learning rate that was too large?"""
    if is_placeholder(answer):
        return not_answered("set too_large = 'A', 'B' or 'C', then run this cell again.")
    run = as_choice(answer, {k.lower(): (k,) for k in _MYSTERY})
    if run is None:
        return wrong(f"{answer!r} is not one of the runs: answer 'A', 'B' or 'C'.")
    run = run.upper()
    truth = next(k for k, kind in _MYSTERY.items() if kind == "too large")
    rates = ", ".join(f"run {k}: lr = {LEARNING_RATES[kind]:g} ({kind})" for k, kind in _MYSTERY.items())
    if run == truth:
        return right(f"{rates}. Run {truth}'s rate lies above the edge 2 / curvature = {_bowl.learning_rate_edge:.2f}: "
                     f"every step overshoots the bottom, so it bounces across the valley and its loss stops "
                     f"falling well above the bottom.")
    if _MYSTERY[run] == "too small":
        return wrong(f"Run {run} is slow, but it is still going down: every step is small and safe. The too-large "
                     f"rate is the run whose loss stops falling early, high above the others, and stays there.")
    return wrong(f"Run {run} drops fast and flattens at the lowest loss: that is the good rate. The too-large "
                 f"rate is the run whose loss stops falling early, high above the others, and stays there.")


_XOR_CANDIDATES = {
    "A": ("a single neuron, nn.Linear(2, 1)", lambda: nn.Linear(2, 1, seed=0)),
    "B": ("an MLP with a linear hidden layer of 8, nn.MLP(2, [8, 1], activation='linear')",
          lambda: nn.MLP(2, [8, 1], activation="linear", seed=0)),
    "C": ("an MLP with a tanh hidden layer of 4, nn.MLP(2, [4, 1], activation='tanh')",
          lambda: nn.MLP(2, [4, 1], activation="tanh", seed=0)),
}


_XOR_RESULTS = {}


def check_xor_model(answer):
    """Exercise 3: which of the models A, B, C can learn XOR (the truth table) perfectly?"""
    if is_placeholder(answer):
        return not_answered("set xor_model = 'A', 'B' or 'C', then run this cell again.")
    choice = as_choice(answer, {k.lower(): (k,) for k in _XOR_CANDIDATES})
    if choice is None:
        return wrong(f"{answer!r} is not one of the models: answer 'A', 'B' or 'C'.")
    if not _XOR_RESULTS:  # train the three candidates once; every later check reads the same results
        X, y = data.logic_gate("xor")
        for key, (_, make) in _XOR_CANDIDATES.items():
            model = make()
            fit(model, X, y, optimizer="adam", lr=0.05, epochs=500, progress=False)
            _XOR_RESULTS[key] = decision(model, X, y)
    results = _XOR_RESULTS
    truth = [key for key, result in results.items() if result == "100% right"]
    table = ", ".join(f"{k}: {r}" for k, r in results.items())
    if choice.upper() in truth:
        return right(f"Trained by the engine for 500 epochs: {table}. Only the non-linear hidden layer bends "
                     f"the boundary; a linear hidden layer collapses into one neuron.")
    return wrong(f"Trained by the engine for 500 epochs: {table}. A and B can only draw one straight line "
                 f"(B's linear layers collapse into one neuron); C's tanh hidden layer can bend it.")

# %% [markdown]
# ### Exercise 1: the quiz, graded here
#
# Write your five answers in order, as one string of letters (`'a,b,c,d,a'`) or a list. The
# checker grades them with `quiz.grade` and prints every explanation. The aim is 4 of 5.
# (In a terminal, `autograd-mini quiz` asks the same questions one by one, and
# `autograd-mini quiz --answers a,b,c,d,a` grades a whole answer string.)

# %%
my_answers = ...   # e.g. 'a,b,c,d,a'

# %%
check_my_answers(my_answers)

# %% [markdown]
# ### Exercise 2: read the loss curve
#
# Three runs of gradient descent on the lesson's bowl of Part 3, from the same start, each with a
# different learning rate: too small, about right, too large. Which run, `'A'`, `'B'` or `'C'`, had the
# learning rate that was too large?

# %%
plot_mystery_curves()

# %%
too_large = ...   # 'A', 'B' or 'C'

# %%
check_too_large(too_large)

# %% [markdown]
# ### Exercise 3: who can learn XOR?
#
# Which of these three models can learn XOR's truth table perfectly: `'A'`, `'B'` or `'C'`?
#
# - **A**: a single neuron, `nn.Linear(2, 1)`;
# - **B**: an MLP with a *linear* hidden layer of 8 neurons, `nn.MLP(2, [8, 1], activation='linear')`;
# - **C**: an MLP with a tanh hidden layer of 4 neurons, `nn.MLP(2, [4, 1], activation='tanh')`.

# %%
xor_model = ...   # 'A', 'B' or 'C'

# %%
check_xor_model(xor_model)

# %% [markdown]
# ---
#
# Previous: [Part 5: the proof, a single neuron vs an MLP on two moons](05_single_neuron_vs_mlp_on_moons.py) · Next: [Preview of the next lesson: filters and pooling](07_filters_and_pooling.py) · [All parts](README.md)
