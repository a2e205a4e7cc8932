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
# # Preview of the next lesson: filters and pooling
#
# *About 10 minutes to read and run.*
#
# The lesson ended with a promise: computer vision adds two tricks to the neuron, **filters** and
# **pooling**, and trains an image classifier. This notebook takes that step with the same engine.
#
# **By the end of this notebook you will be able to:**
#
# - compute one pixel of a feature map by hand and check it against the engine's `conv2d`;
# - design edge filters by hand and see what they find in a handwritten digit;
# - explain what 2×2 max pooling keeps and what it throws away;
# - count the weights of a small convolutional network (CNN) and of an MLP on raw pixels;
# - train the CNN on 8×8 handwritten digits and look at what its filters learned.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from autograd_mini import Tensor, accuracy, no_grad
from autograd_mini.engine.conv import conv2d, max_pool2d
from autograd_mini.image_data import load_digits
from autograd_mini.train import predict_class
from autograd_mini.tutorials import as_number, is_placeholder, not_answered, right, wrong
from autograd_mini.viz.images import plot_confusion_matrix, plot_feature_maps, plot_filters, plot_image_grid
from autograd_mini.vision import count_weights, pixel_mlp, small_cnn, train_image_classifier

# %% [markdown]
# ## The digits
#
# scikit-learn ships 1,797 handwritten digits as 8×8 grey images (no download needed). We keep a
# fixed quarter of them aside as a test set the models never train on. The images come in
# PyTorch's layout, `(N, C, H, W)`: N images, C = 1 grey channel, 8 rows, 8 columns.

# %%
X_train, y_train, X_test, y_test = load_digits()
print("training images:", X_train.shape, " test images:", X_test.shape)
fig = plot_image_grid(X_train, y_train, count=20, columns=5,   # 5 a row: the labels stay readable on a narrow page
                      title="twenty training digits and their labels")

# %% [markdown]
# ## A filter is a neuron that slides
#
# A neuron multiplies its inputs by its weights, adds them and a bias. A **filter** is a neuron
# whose inputs are a small window of the image, 3×3 pixels here. It slides over the image, one
# window at a time, and writes one number per window: the **feature map**. Every window uses the
# *same* nine weights; that sharing is the whole trick.
#
# One output pixel, by hand: the window under feature-map pixel (row 2, column 3) is rows 2–4 and
# columns 3–5 of the image.

# %%
digit = X_train[0, 0]
kernel = np.array([[-1.0, 0.0, 1.0],
                   [-1.0, 0.0, 1.0],
                   [-1.0, 0.0, 1.0]])  # weights: right column minus left column
bias = 0.0
window = digit[2:5, 3:6]
by_hand = float((window * kernel).sum() + bias)  # multiply, add, add the bias: a neuron

feature_map = conv2d(Tensor(X_train[:1]), Tensor(kernel[None, None]), Tensor([bias])).data[0, 0]
print(f"by hand: {by_hand:.4f}   engine's conv2d at (2, 3): {feature_map[2, 3]:.4f}")
print("feature map shape:", feature_map.shape, "(a 3x3 window fits 6 times along 8 pixels)")

# %% [markdown]
# ## Edge filters, made by hand
#
# The filter above subtracts the left column of its window from the right column: it answers
# strongly where the image gets brighter from left to right (a **vertical edge**) and negatively
# where it gets darker. Its transpose finds **horizontal edges**. Red is a strong positive answer,
# blue a strong negative one.

# %%
filters = {"vertical edges": kernel, "horizontal edges": kernel.T}
fig, axes = plt.subplots(1, 3, figsize=(9, 3.2))
axes[0].imshow(digit, cmap="gray_r")
axes[0].set_title(f"a digit ({y_train[0]})")
for ax, (name, weights) in zip(axes[1:], filters.items()):
    answer = conv2d(Tensor(X_train[:1]), Tensor(weights[None, None])).data[0, 0]
    limit = np.abs(answer).max()
    ax.imshow(answer, cmap="RdBu_r", vmin=-limit, vmax=limit)
    ax.set_title(name)
for ax in axes:
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()

# %% [markdown]
# ## Pooling keeps the strongest answer
#
# **Max pooling** looks at each 2×2 block of a feature map and keeps only its largest value. The
# map shrinks to half its width and height, and the network stops caring *exactly* where in the
# block an edge was: a stroke one pixel to the left gives the same pooled answer.

# %%
edges = conv2d(Tensor(X_train[:1]), Tensor(kernel[None, None])).relu()
pooled = max_pool2d(edges, 2)
print("feature map", edges.shape, "-> after 2x2 max pooling", pooled.shape)
fig, axes = plt.subplots(1, 2, figsize=(6.5, 3.2))
for ax, (name, image) in zip(axes, (("vertical edges (ReLU)", edges), ("after max pooling", pooled))):
    ax.imshow(image.data[0, 0], cmap="magma")
    ax.set_title(name)
    ax.set_xticks([])
    ax.set_yticks([])
fig.tight_layout()

# %% [markdown]
# ## Counting weights
#
# The lesson's CNN: two 3×3 convolutions (16 then 32 filters), each followed by ReLU and 2×2 max
# pooling, then one linear layer to the 10 digits. An MLP on raw pixels gets the same budget of
# weights: one hidden layer, as wide as that budget allows.

# %%
cnn = small_cnn(seed=0)
print(cnn)
budget = count_weights(cnn)
hidden = max(h for h in range(1, 200) if count_weights(pixel_mlp(h)) <= budget)
mlp = pixel_mlp(hidden, seed=0)
print(f"CNN: {budget} weights.  MLP 64-{hidden}-10: {count_weights(mlp)} weights.")

# %% [markdown]
# ## Training the classifier
#
# Both models are trained by the same loop, `fit`, with mini-batches of 32 and cross-entropy, on
# the training digits only. Then both are tested on the digits they never saw.

# %%
cnn_history = train_image_classifier(cnn, X_train, y_train, seed=0)
mlp_history = train_image_classifier(mlp, X_train, y_train, seed=0)
cnn_test, mlp_test = accuracy(cnn, X_test, y_test), accuracy(mlp, X_test, y_test)
print(f"CNN: {cnn_history.final_accuracy:.1%} on training digits, {cnn_test:.1%} on test digits")
print(f"MLP: {mlp_history.final_accuracy:.1%} on training digits, {mlp_test:.1%} on test digits")
better = "the CNN" if cnn_test > mlp_test else "the MLP"
print(f"With about the same number of weights, {better} does better on the test digits "
      f"({abs(cnn_test - mlp_test) * len(y_test):.0f} more of the {len(y_test)} right).")

fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(range(1, cnn_history.epochs + 1), cnn_history.loss, label=f"CNN ({budget} weights)")
ax.plot(range(1, mlp_history.epochs + 1), mlp_history.loss, label=f"MLP ({count_weights(mlp)} weights)")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss")
ax.xaxis.get_major_locator().set_params(integer=True)
ax.legend()
fig.tight_layout()

# %% [markdown]
# Why a CNN can do more with the same budget: its filters reuse the same nine weights at every
# position, so it spends its weights on *what* to look for rather than on *where*; the MLP needs
# a separate weight for every pixel of every pattern. Here are test digits with the CNN's answers; a mistake is framed in amber, with the
# true label and then the CNN's guess.

# %%
predicted = predict_class(cnn, X_test)
mistakes = np.flatnonzero(predicted != y_test)
shown = np.concatenate([mistakes[:10], np.flatnonzero(predicted == y_test)[:20]])
fig = plot_image_grid(X_test[shown], y_test[shown], predicted[shown], count=30, columns=5,
                      title=f"test digits: the CNN gets {len(mistakes)} of {len(y_test)} wrong")

# %%
fig = plot_confusion_matrix(y_test, predicted)

# %% [markdown]
# ## What the filters learned
#
# The first layer's sixteen 3×3 filters, learned from the data by gradient descent, and what one
# digit looks like after each layer of the trained network. Look for filters with a red side and a
# blue side: like the edge detectors we made by hand, they answer where brightness changes, and
# nobody told them to look for that; they came out of gradient descent on the digits.

# %%
fig = plot_filters(cnn[0], title="the CNN's first-layer filters after training")

# %%
fig = plot_feature_maps(cnn, X_test[0])

# %% [markdown]
# ## Summary
#
# - A filter is a neuron that slides over the image: the same few weights, applied to every
#   window, write a feature map.
# - Hand-made filters already find edges; trained filters learn such detectors by themselves.
# - Max pooling keeps the strongest answer of each small window: the map shrinks and small shifts
#   stop mattering.
# - With the same number of weights, the small CNN beat an MLP on raw pixels on new digits in
#   the run above (the tests check it on every build), because it reuses its weights at every
#   position.
#
# ## Exercises
#
# Run the next (hidden) cell once to load the checkers.

# %% tags=["checkers"] jupyter={"source_hidden": true}
from autograd_mini.image_data import make_strokes
from autograd_mini.nn.conv import Conv2d

STROKES, STROKE_LABELS = make_strokes(90, noise=0.0, seed=3)


def check_output_size(answer):
    """Exercise 1: the side of the feature map of a 3x3 filter (no padding) on a 6x6 image."""
    if is_placeholder(answer):
        return not_answered("set map_side = a whole number, then run this cell again.")
    value = as_number(answer)
    if value is None or value != int(value):
        return wrong(f"map_side should be a whole number of pixels (like 5), not {answer!r}.")
    truth = conv2d(Tensor(np.zeros((1, 1, 6, 6))), Tensor(np.zeros((1, 1, 3, 3)))).shape[-1]
    if value == truth:
        return right(f"{truth}: the window's left edge can sit at columns 0 to {truth - 1}; one step further and "
                     f"it would hang over the edge of the image.")
    if value == 6:
        return wrong("6 would need padding: without it, the 3x3 window cannot be centred on the border pixels.")
    return wrong(f"The engine's feature map has a different side from {int(value)}. Count the places a 3-pixel "
                 f"window fits along 6 pixels.")


def check_horizontal_filter(answer):
    """Exercise 2: a 3x3 filter that answers more to horizontal strokes than to vertical ones."""
    if is_placeholder(answer):
        return not_answered("set my_filter = a 3x3 list or array of numbers, then run this cell again.")
    try:
        weights = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return wrong(f"my_filter should be 3 rows of 3 numbers, like [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]; "
                     f"got {answer!r}.")
    if weights.shape != (3, 3):
        return wrong(f"my_filter should have 3 rows of 3 numbers, but it has shape {weights.shape}.")
    if not np.isfinite(weights).all() or not np.abs(weights).max():
        return wrong("my_filter is all zeros (or not finite): it answers nothing to anything.")
    answers = conv2d(Tensor(STROKES), Tensor(weights[None, None])).relu().amax(dim=(1, 2, 3)).data
    horizontal, vertical = answers[STROKE_LABELS == 0].mean(), answers[STROKE_LABELS == 1].mean()
    facts = f"Strongest answer, averaged: {horizontal:.2f} on horizontal strokes, {vertical:.2f} on vertical ones."
    if horizontal > 2 * max(vertical, 0.05):
        return right(f"{facts} It looks for brightness that changes from one row to the next, or a bright row.")
    if vertical > 2 * max(horizontal, 0.05):
        return wrong(f"{facts} That is a vertical-stroke detector: transpose it (swap rows and columns).")
    return wrong(f"{facts} It answers to both about equally. Make the rows differ: e.g. a middle row of +1 "
                 f"between rows of -1/2.")


def check_conv_weights(answer):
    """Exercise 3: the number of weights (with biases) of Conv2d(8, 16, 3)."""
    if is_placeholder(answer):
        return not_answered("set conv_weights = a whole number, then run this cell again.")
    value = as_number(answer)
    if value is None or value != int(value):
        return wrong(f"conv_weights should be a whole number, not {answer!r}.")
    truth = count_weights(Conv2d(8, 16, 3, seed=0))
    if value == truth:
        return right(f"{truth}: 16 filters, each 8 channels × 3 × 3 = 72 weights, plus one bias per filter.")
    if value == truth - 16:
        return wrong("Almost: each of the 16 filters has a bias too.")
    if value == 16 * 9 + 16:
        return wrong("Each filter looks at all 8 input channels, so it has 8 × 3 × 3 weights, not 3 × 3.")
    return wrong(f"The engine counts a different number from {int(value)}: count one filter's weights "
                 f"(channels × height × width), times the number of filters, plus their biases.")

# %% [markdown]
# ### Exercise 1: how big is the feature map?
#
# A 3×3 filter slides over a 6×6 image without padding, one pixel at a time. How many pixels
# wide is the feature map?

# %%
map_side = ...   # a whole number

# %%
check_output_size(map_side)

# %% [markdown]
# ### Exercise 2: a horizontal-stroke detector
#
# Write a 3×3 filter (a list of three rows of three numbers) that answers strongly to horizontal
# strokes and weakly to vertical ones. The checker slides it over 90 stroke images.

# %%
my_filter = ...   # e.g. [[a, b, c], [d, e, f], [g, h, i]]

# %%
check_horizontal_filter(my_filter)

# %% [markdown]
# ### Exercise 3: weights of a convolution
#
# How many numbers does `Conv2d(8, 16, 3)` learn (its weights and its biases)?

# %%
conv_weights = ...   # a whole number

# %%
check_conv_weights(conv_weights)

# %% [markdown]
# ---
#
# Previous: [Part 6: knowledge check](06_knowledge_check.py) · [All parts](README.md)
