"""Convolution and pooling: values and every gradient against PyTorch float64 and finite differences,
PyTorch's shapes, initialisation and tie-breaking, and errors a learner can read."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_mini import Tensor
from autograd_mini.engine.conv import avg_pool2d, conv2d, max_pool2d
from autograd_mini.engine.tensor import ShapeError
from autograd_mini.gradcheck import gradcheck
from autograd_mini.image_data import STROKE_CLASSES, load_digits, make_strokes
from autograd_mini.nn.conv import AvgPool2d, Conv2d, MaxPool2d


def grad_of(t: Tensor) -> np.ndarray:
    return np.asarray(getattr(t.grad, "data", t.grad))


@st.composite
def conv_case(draw: st.DrawFn) -> dict:
    """A random convolution: batch, channels, image size, kernel (1x1 up to the whole image), stride, padding."""
    n, c, o = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 2)))
    kernel = (draw(st.integers(1, h + 2 * padding[0])), draw(st.integers(1, w + 2 * padding[1])))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    seed = draw(st.integers(0, 2**16))
    return dict(shape=(n, c, h, w), weight=(o, c, *kernel), stride=stride, padding=padding, seed=seed,
                bias=draw(st.booleans()))


@st.composite
def pool_case(draw: st.DrawFn) -> dict:
    """A random pooling: kernel up to the image, padding at most half the kernel (PyTorch's rule)."""
    n, c = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    kernel = (draw(st.integers(1, h)), draw(st.integers(1, w)))
    padding = (draw(st.integers(0, kernel[0] // 2)), draw(st.integers(0, kernel[1] // 2)))
    stride = draw(st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    return dict(shape=(n, c, h, w), kernel=kernel, stride=stride, padding=padding, seed=draw(st.integers(0, 2**16)),
                ties=draw(st.booleans()), nans=draw(st.booleans()))


@pytest.mark.torch
@settings(max_examples=60, deadline=None)
@given(conv_case())
def test_conv2d_matches_pytorch_in_value_and_all_gradients(case: dict) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(case["seed"])
    x, w, b = rng.normal(size=case["shape"]), rng.normal(size=case["weight"]), rng.normal(size=case["weight"][0])
    X, W, B = Tensor(x, requires_grad=True), Tensor(w, requires_grad=True), Tensor(b, requires_grad=True)
    out = conv2d(X, W, B if case["bias"] else None, case["stride"], case["padding"])
    upstream = rng.normal(size=out.shape)
    (out * Tensor(upstream)).sum().backward()
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    expected = torch.nn.functional.conv2d(tx, tw, tb if case["bias"] else None, case["stride"], case["padding"])
    (expected * torch.tensor(upstream)).sum().backward()
    np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(grad_of(X), tx.grad.numpy(), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(grad_of(W), tw.grad.numpy(), rtol=1e-10, atol=1e-10)
    if case["bias"]:
        np.testing.assert_allclose(grad_of(B), tb.grad.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.torch
@settings(max_examples=60, deadline=None)
@given(pool_case())
def test_pools_match_pytorch_in_value_and_gradient_including_ties_and_nans(case: dict) -> None:
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(case["seed"])
    x = rng.normal(size=case["shape"])
    if case["ties"]:  # few distinct values: windows often hold several equal maxima
        x = rng.integers(0, 3, size=case["shape"]).astype(float)
    if case["nans"]:  # a NaN wins its window (the last NaN if there are several), as in PyTorch
        x[rng.random(size=case["shape"]) < 0.3] = np.nan
    for ours, theirs in ((max_pool2d, torch.nn.functional.max_pool2d), (avg_pool2d, torch.nn.functional.avg_pool2d)):
        X = Tensor(x, requires_grad=True)
        out = ours(X, case["kernel"], case["stride"], case["padding"])
        upstream = rng.normal(size=out.shape)
        (out * Tensor(upstream)).sum().backward()
        tx = torch.tensor(x, requires_grad=True)
        expected = theirs(tx, case["kernel"], case["stride"], case["padding"])
        (expected * torch.tensor(upstream)).sum().backward()
        np.testing.assert_allclose(out.data, expected.detach().numpy(), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(grad_of(X), tx.grad.numpy(), rtol=1e-12, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(conv_case())
def test_conv2d_gradients_match_finite_differences(case: dict) -> None:
    rng = np.random.default_rng(case["seed"])
    x, w, b = rng.normal(size=case["shape"]), rng.normal(size=case["weight"]), rng.normal(size=case["weight"][0])
    assert gradcheck(lambda X, W, B: conv2d(X, W, B, case["stride"], case["padding"]).tanh().sum(), [x, w, b])


@settings(max_examples=25, deadline=None)
@given(pool_case())
def test_pool_gradients_match_finite_differences(case: dict) -> None:
    rng = np.random.default_rng(case["seed"])
    # Distinct values far apart, so a small nudge never changes which element is the largest.
    x = rng.permutation(np.prod(case["shape"])).reshape(case["shape"]) * 0.1
    for pool in (max_pool2d, avg_pool2d):
        assert gradcheck(lambda X: (pool(X, case["kernel"], case["stride"], case["padding"]) ** 2).sum(), [x])


def test_max_pool_gives_a_tie_to_the_first_largest_in_reading_order() -> None:
    X = Tensor(np.array([[[[1.0, 3.0], [3.0, 3.0]]]]), requires_grad=True)
    max_pool2d(X, 2).sum().backward()
    np.testing.assert_array_equal(grad_of(X), [[[[0.0, 1.0], [0.0, 0.0]]]])


def test_one_output_pixel_is_the_neuron_of_its_window() -> None:
    rng = np.random.default_rng(1)
    image, kernel, bias = rng.normal(size=(1, 1, 5, 5)), rng.normal(size=(1, 1, 3, 3)), rng.normal(size=1)
    out = conv2d(Tensor(image), Tensor(kernel), Tensor(bias)).data
    by_hand = (image[0, 0, 1:4, 2:5] * kernel[0, 0]).sum() + bias[0]  # the window under output pixel (1, 2)
    assert out.shape == (1, 1, 3, 3)
    assert out[0, 0, 1, 2] == pytest.approx(by_hand, rel=1e-12)


def test_float32_stays_float32_through_conv_and_pools() -> None:
    rng = np.random.default_rng(2)
    X = Tensor(rng.normal(size=(2, 1, 6, 6)), dtype=np.float32, requires_grad=True)
    layer = Conv2d(1, 2, 3, dtype=np.float32, seed=0)
    out = AvgPool2d(2)(MaxPool2d(1)(layer(X)))
    out.sum().backward()
    assert out.dtype == np.float32 and grad_of(X).dtype == np.float32 and grad_of(layer.weight).dtype == np.float32


@pytest.mark.torch
def test_layers_print_and_initialise_like_pytorch() -> None:
    torch = pytest.importorskip("torch")
    pairs = [(Conv2d(1, 8, 3, padding=1), torch.nn.Conv2d(1, 8, 3, padding=1)),
             (Conv2d(3, 4, (2, 3), stride=2, bias=False), torch.nn.Conv2d(3, 4, (2, 3), stride=2, bias=False)),
             (MaxPool2d(2), torch.nn.MaxPool2d(2)), (AvgPool2d(3, 1), torch.nn.AvgPool2d(3, 1))]
    for ours, theirs in pairs:
        assert repr(ours) == repr(theirs)
    big = Conv2d(4, 64, 3)  # bound 1/sqrt(4*3*3) = 1/6, uniform: the spread PyTorch's init gives
    weights = big.weight.data
    assert weights.shape == (64, 4, 3, 3) and np.abs(weights).max() <= 1 / 6
    assert weights.std(ddof=0) == pytest.approx((1 / 6) / np.sqrt(3), rel=0.1)
    assert not np.array_equal(Conv2d(1, 2, 3).weight.data, Conv2d(1, 2, 3).weight.data)  # fresh weights each time
    np.testing.assert_array_equal(Conv2d(1, 2, 3, seed=5).weight.data, Conv2d(1, 2, 3, seed=5).weight.data)


def test_wrong_shapes_name_the_layer_and_both_shapes() -> None:
    layer = Conv2d(1, 4, 3)
    with pytest.raises(ShapeError, match="Conv2d expected 1 input channel, got 3"):
        layer(Tensor(np.zeros((2, 3, 8, 8))))
    with pytest.raises(ShapeError, match=r"Conv2d expected images of shape \(N, 1, H, W\), got shape \(8, 8\)"):
        layer(Tensor(np.zeros((8, 8))))
    with pytest.raises(ShapeError, match="3x3 kernel does not fit in a 2x2 image"):
        layer(Tensor(np.zeros((1, 1, 2, 2))))
    with pytest.raises(ShapeError, match=r"MaxPool2d expected images .* got shape \(4,\)"):
        MaxPool2d(2)(Tensor(np.zeros(4)))
    with pytest.raises(ValueError, match="padding .* at most half the kernel"):
        max_pool2d(Tensor(np.zeros((1, 1, 4, 4))), 2, padding=2)
    with pytest.raises(ValueError, match="in_channels must be a positive integer"):
        Conv2d(0, 4, 3)
    with pytest.raises(TypeError, match="kernel_size must be an int or a pair"):
        Conv2d(1, 4, 2.5)


def test_an_unbatched_image_works_as_in_pytorch() -> None:
    layer = Conv2d(1, 2, 3, seed=0)
    image = np.random.default_rng(3).normal(size=(1, 6, 6))
    np.testing.assert_allclose(layer(Tensor(image)).data, layer(Tensor(image[None])).data[0])
    assert MaxPool2d(2)(Tensor(image)).shape == (1, 3, 3)
    from autograd_mini.nn import functional as F
    weight = layer.weight.detach()
    np.testing.assert_allclose(F.conv2d(Tensor(image), weight).data, F.conv2d(Tensor(image[None]), weight).data[0])
    assert F.max_pool2d(Tensor(image), 2).shape == F.avg_pool2d(Tensor(image), 2).shape == (1, 3, 3)  # functions too


def test_strokes_are_balanced_reproducible_and_drawn_as_named() -> None:
    X, y = make_strokes(300, noise=0.0, seed=4)
    assert X.shape == (300, 1, 8, 8) and y.dtype == np.int64 and np.bincount(y).tolist() == [100, 100, 100]
    np.testing.assert_array_equal(X, make_strokes(300, noise=0.0, seed=4)[0])
    for image, label in zip(X[:, 0] > 0.5, y):
        rows, cols = np.nonzero(image)
        kind = "horizontal" if len(set(rows)) == 1 else "vertical" if len(set(cols)) == 1 else "diagonal"
        assert kind == STROKE_CLASSES[label] and len(rows) >= 4
    noisy, _ = make_strokes(30, noise=0.2, seed=4)
    assert 0.0 <= noisy.min() and noisy.max() <= 1.0
    with pytest.raises(ValueError, match="make_strokes: n must be"):
        make_strokes(float("inf"))


def test_digits_split_is_fixed_stratified_and_scaled() -> None:
    pytest.importorskip("sklearn")
    X_train, y_train, X_test, y_test = load_digits()
    assert X_train.shape[1:] == (1, 8, 8) and len(X_train) + len(X_test) == 1797
    assert 0.0 <= X_train.min() and X_train.max() == 1.0
    assert set(np.bincount(y_test)) <= {44, 45, 46}  # a quarter of each digit (about 180 each)
    np.testing.assert_array_equal(load_digits().y_test, y_test)


@pytest.mark.slow
def test_small_cnn_reaches_97_percent_on_test_digits_and_beats_an_mlp_of_the_same_budget() -> None:
    pytest.importorskip("sklearn")
    from autograd_mini.train import accuracy
    from autograd_mini.vision import count_weights, pixel_mlp, small_cnn, train_image_classifier

    X_train, y_train, X_test, y_test = load_digits()
    cnn = small_cnn(seed=0)
    history = train_image_classifier(cnn, X_train, y_train, seed=0)
    cnn_test = accuracy(cnn, X_test, y_test)
    assert cnn_test >= 0.97
    assert history.final_accuracy == accuracy(cnn, X_train, y_train)
    again = small_cnn(seed=0)  # reproducible from the seed: the same first steps give the same losses
    np.testing.assert_array_equal(train_image_classifier(again, X_train, y_train, seed=0, epochs=1).loss,
                                  history.loss[:1])
    budget = count_weights(cnn)
    hidden = max(h for h in range(1, 400) if count_weights(pixel_mlp(h)) <= budget)
    mlp = pixel_mlp(hidden, seed=0)
    train_image_classifier(mlp, X_train, y_train, seed=0)
    assert count_weights(mlp) <= budget and accuracy(mlp, X_test, y_test) < cnn_test


def test_image_pictures_draw_what_the_engine_computed(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from autograd_mini.viz import theme
    from autograd_mini.viz.images import layer_outputs, plot_confusion_matrix, plot_feature_maps, plot_filters, plot_image_grid
    from autograd_mini.vision import small_cnn

    X, y = make_strokes(12, seed=1)
    predicted = y.copy()
    predicted[0] = (y[0] + 1) % 3  # one mistake
    grid = plot_image_grid(X, y, predicted, class_names=STROKE_CLASSES, columns=6, count=12)
    first = grid.axes[0]
    assert first.get_title() == f"{STROKE_CLASSES[y[0]]} → {STROKE_CLASSES[predicted[0]]}"
    assert first.title.get_color() == theme.MISCLASSIFIED and grid.axes[1].get_title() == STROKE_CLASSES[y[1]]
    model = small_cnn(classes=3, seed=0)
    filters = plot_filters(model[0])
    assert len([ax for ax in filters.axes if ax.get_images()]) == 16  # one picture per filter (plus a colour bar)
    outputs = layer_outputs(model, X[0])
    assert [name for name, _ in outputs][:3] == ["0: Conv2d", "1: ReLU", "2: MaxPool2d"] and outputs[0][1].shape == (16, 8, 8)
    np.testing.assert_allclose(outputs[-1][1], model(Tensor(X[:1])).data[0])
    maps = plot_feature_maps(model, X[0])
    assert maps.axes[0].get_images()
    matrix = plot_confusion_matrix(y, predicted, class_names=STROKE_CLASSES)
    for fig, name in ((grid, "grid"), (filters, "filters"), (maps, "maps"), (matrix, "matrix")):
        fig.savefig(tmp_path / f"{name}.png")
        assert (tmp_path / f"{name}.png").stat().st_size > 2000
