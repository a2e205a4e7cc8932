"""Time one training epoch of the next lesson's small CNN on the 8x8 digits: autograd_mini vs PyTorch CPU.

The model: Conv2d(1,16,3,p=1)-ReLU-MaxPool(2)-Conv2d(16,32,3,p=1)-ReLU-MaxPool(2)-Flatten-Linear(128,10)
(autograd_mini.vision.small_cnn), cross-entropy, Adam lr=0.003, mini-batches of 32 in the same
order for both engines, from the same starting weights; PyTorch runs on one thread. The losses of
every batch are checked equal, so both engines did the same work.

    python bench/bench_conv.py [--quick]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np

from autograd_mini import Tensor, optim
from autograd_mini.image_data import load_digits
from autograd_mini.nn import functional as F
from autograd_mini.vision import CNN_RECIPE, count_weights, small_cnn
from threads import one_blas_thread

BATCH, LEARNING_RATE = CNN_RECIPE["batch_size"], CNN_RECIPE["lr"]  # the lesson's recipe, one place
CONV_TARGET = 1.5  # issue 14: an epoch at most 1.5x PyTorch's time


def batches(n: int, seed: int = 0) -> list[np.ndarray]:
    """One epoch's mini-batch indices, shuffled once, shared by both engines."""
    order = np.random.default_rng(seed).permutation(n)
    return [order[i:i + BATCH] for i in range(0, n, BATCH)]


def autograd_mini_epoch(model, X, y, order):
    """Train `model` for one epoch; returns the per-batch losses."""
    opt = optim.Adam(model.parameters(), lr=LEARNING_RATE)
    losses = []
    for index in order:
        opt.zero_grad()
        loss = F.cross_entropy(model(Tensor(X[index])), y[index])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def torch_model(model):
    """The same architecture in PyTorch with a copy of `model`'s starting weights."""
    import torch

    torch.set_num_threads(1)
    twin = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(128, 10)).double()
    with torch.no_grad():
        for theirs, ours in zip(twin.parameters(), model.parameters()):
            theirs.copy_(torch.from_numpy(np.array(ours.data)))
    return twin


def torch_epoch(model, X, y, order):
    """Train the PyTorch twin for one epoch over the same batches; returns the per-batch losses."""
    import torch

    opt = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    inputs, targets = torch.from_numpy(X), torch.from_numpy(y)
    losses = []
    for index in order:
        index = torch.from_numpy(index)
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(inputs[index]), targets[index])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def _time_one_epoch(repeat, X, y, order, torch, ours_times, theirs_times) -> float:
    """Time one epoch of each engine from the same starting weights; returns how far their losses differ."""
    model = small_cnn(seed=repeat)
    twin = torch_model(model) if torch else None
    start = time.perf_counter()
    ours = autograd_mini_epoch(model, X, y, order)
    ours_times.append(time.perf_counter() - start)
    if twin is None:
        return 0.0
    start = time.perf_counter()
    theirs = torch_epoch(twin, X, y, order)
    theirs_times.append(time.perf_counter() - start)
    return float(np.max(np.abs(np.array(ours) - np.array(theirs))))


def main(argv: list[str] | None = None) -> int:
    """Print the table; exit 1 if the engines disagree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short run (numbers not meaningful)")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    X, y, _, _ = load_digits()
    if args.quick:
        X, y, args.repeats = X[:128], y[:128], 1
    order = batches(len(X))
    try:
        import torch
    except ImportError:
        torch = None
    ours_times, theirs_times, worst = [], [], 0.0
    with one_blas_thread():  # like PyTorch's one thread: the same CPU for both engines
        for repeat in range(args.repeats):
            worst = max(worst, _time_one_epoch(repeat, X, y, order, torch, ours_times, theirs_times))
    if worst > 1e-6:
        print(f"the engines disagree: batch losses differ by up to {worst:.2e}")
        return 1
    versions = f"python {platform.python_version()}, numpy {np.__version__}"
    if torch:
        versions += f", torch {torch.__version__} (one thread)"
    versions += "; numpy's BLAS on one thread too"
    print(f"small CNN 1-16-32 (3x3 convolutions, 2x2 max pooling, {count_weights(small_cnn())} weights) on {len(X)} digits, float64, batches of {BATCH}, Adam lr={LEARNING_RATE}")
    print(f"{versions}; median of {args.repeats} epochs" + (f"; batch losses agree to {worst:.1e}" if torch else ""))
    print()
    print("| engine | s / epoch | ratio |")
    print("|---|---:|---:|")
    ours = statistics.median(ours_times)
    if torch:
        theirs = statistics.median(theirs_times)
        print(f"| pytorch | {theirs:.3f} | 1.00x |")
        print(f"| autograd_mini | {ours:.3f} | {ours / theirs:.2f}x |")
        print()
        print("ratio is autograd_mini's time divided by PyTorch's: below 1.00x autograd_mini is faster.")
        print(f"- target: a CNN epoch on the digits at most {CONV_TARGET:.1f}x PyTorch's time: {ours / theirs:.2f}x, "
              f"{'met' if ours / theirs <= CONV_TARGET else '**MISSED**'}")
    else:
        print(f"| autograd_mini | {ours:.3f} | - |")
        print("\nPyTorch is not installed: no ratio (pip install torch==2.13.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
