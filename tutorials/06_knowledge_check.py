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
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Part 6: knowledge check
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
from autograd_mini.landscape import descent_path
from autograd_mini.tutorials import is_placeholder, not_answered, right, show_scene, wrong
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
    print(f"Question {number} ({question.topic})")
    print(f"  {question.prompt}")
    for option in question.options:
        print(f"    {option.key}) {option.text}")
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
# Three training runs on the bowl of Part 3, shuffled: which one had the learning rate that was too large?
_rng = np.random.default_rng(0)
_bowl_x = _rng.uniform(-2, 2, size=(30, 1))
_bowl_t = 1.5 * _bowl_x[:, 0] - 0.5 + _rng.normal(0, 0.3, 30)
_MYSTERY = {"A": 0.25, "B": 0.63, "C": 0.02}   # curve name -> learning rate
_mystery_losses = {
    name: descent_path(nn.Linear(1, 1), _bowl_x, _bowl_t, loss="mse", lr=lr, epochs=30, start=(-0.5, 1.5)).losses
    for name, lr in _MYSTERY.items()
}


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
        return not_answered("set my_answers = five letters, e.g. 'a,b,c,d,a', then run this cell again.")
    try:
        result = quiz.grade(answer)
    except ValueError as error:
        return wrong(f"The answers could not be read: {error}")
    print(result.report())
    print()
    if result.passed:
        return right(f"{result.score} of {result.total}: you reached the aim.")
    return wrong(f"{result.score} of {result.total}: read the explanations above and try again.")


def check_too_large(answer):
    """Exercise 2: which of the runs 'A', 'B', 'C' had the learning rate that was too large?"""
    if is_placeholder(answer):
        return not_answered("set too_large = 'A', 'B' or 'C', then run this cell again.")
    truth = max(_MYSTERY, key=_MYSTERY.get)
    rates = ", ".join(f"run {k}: lr = {v:g}" for k, v in _MYSTERY.items())
    if str(answer).strip().upper() == truth:
        return right(f"{rates}. Run {truth} overshoots the bottom on every step and lands a little higher "
                     f"on the other side each time: after a first drop its loss climbs.")
    return wrong(f"{rates}. The smallest learning rate gives the slow, steady curve; the good one drops fast "
                 f"and flattens at the bottom; the too-large one bounces across the valley, higher each time, "
                 f"so its loss climbs. That is run {truth}.")


_XOR_CANDIDATES = {
    "A": ("a single neuron, nn.Linear(2, 1)", lambda: nn.Linear(2, 1)),
    "B": ("an MLP with a linear hidden layer of 8, nn.MLP(2, [8, 1], activation='linear')",
          lambda: nn.MLP(2, [8, 1], activation="linear", seed=0)),
    "C": ("an MLP with a tanh hidden layer of 4, nn.MLP(2, [4, 1], activation='tanh')",
          lambda: nn.MLP(2, [4, 1], activation="tanh", seed=0)),
}


def check_xor_model(answer):
    """Exercise 3: which of the models A, B, C can learn XOR (the truth table) perfectly?"""
    if is_placeholder(answer):
        return not_answered("set xor_model = 'A', 'B' or 'C', then run this cell again.")
    X, y = data.logic_gate("xor")
    scores = {}
    for key, (_, make) in _XOR_CANDIDATES.items():
        scores[key] = fit(make(), X, y, optimizer="adam", lr=0.05, epochs=500, progress=False).final_accuracy
    truth = [k for k, s in scores.items() if s == 1.0]
    table = ", ".join(f"{k}: {s:.0%}" for k, s in scores.items())
    if str(answer).strip().upper() in truth:
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
# Three runs of gradient descent on the bowl of Part 3, from the same start, each with a different
# learning rate: too small, about right, too large. Which run, `'A'`, `'B'` or `'C'`, had the
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
