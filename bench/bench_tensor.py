"""Time a full-batch training step of the moons MLP: autograd_mini vs PyTorch CPU vs hand-written numpy.

The step: forward, mean binary cross-entropy on the logits, backward, SGD update, for
    nn.Sequential(nn.Linear(2,16), nn.ReLU(), nn.Linear(16,16), nn.ReLU(), nn.Linear(16,1))
on two moons at N = 100 and N = 1000, float32 and float64, plus a wide net 2-256-256-1 at
N = 10,000. All engines start from the same weights and their losses are checked equal.
PyTorch runs on one thread; the numpy version has no autograd at all: it is the floor that
any numpy-based engine can approach but not beat. Then `fit` trains nn.MLP(2, [16, 16, 1])
on 200 moons points, timed to 98% training accuracy.

    python bench/bench_tensor.py          (or: autograd-mini bench tensor)
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from typing import Callable

import numpy as np

from autograd_mini import Tensor, data, fit, nn, optim
from autograd_mini.nn import functional as F

LEARNING_RATE = 0.1


def initial_weights(sizes: list[int], seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """(W, b) per layer from autograd_mini's own initialisation, shared by every engine."""
    model = nn.MLP(sizes[0], sizes[1:], seed=seed)
    return [(layer.weight.data.copy(), layer.bias.data.copy()) for layer in model.linears]


# ------------------------------------------------------------------------ engines
def autograd_mini_step(weights, X, y, dtype) -> Callable[[], float]:
    layers: list[nn.Module] = []
    for i, (W, b) in enumerate(weights):
        linear = nn.Linear(W.shape[1], W.shape[0], dtype=dtype)
        linear.weight.data, linear.bias.data = W.astype(dtype), b.astype(dtype)
        layers += [linear, nn.ReLU()] if i < len(weights) - 1 else [linear]
    model = nn.Sequential(*layers)
    opt = optim.SGD(model.parameters(), lr=LEARNING_RATE)
    inputs, targets = Tensor(X, dtype=dtype), y.astype(dtype).reshape(-1, 1)

    def step() -> float:
        loss = F.binary_cross_entropy_with_logits(model(inputs), targets)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def torch_step(weights, X, y, dtype) -> Callable[[], float]:
    import torch

    torch.set_num_threads(1)
    torch_dtype = torch.float64 if dtype == np.float64 else torch.float32
    layers: list[torch.nn.Module] = []
    for i, (W, b) in enumerate(weights):
        linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch_dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.ReLU()] if i < len(weights) - 1 else [linear]
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)
    inputs = torch.from_numpy(X.astype(dtype))
    targets = torch.from_numpy(y.astype(dtype).reshape(-1, 1))
    bce = torch.nn.functional.binary_cross_entropy_with_logits

    def step() -> float:
        loss = bce(model(inputs), targets)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def numpy_step(weights, X, y, dtype) -> Callable[[], float]:
    """Forward and backward written out by hand: no graph, no autograd."""
    params = [(W.astype(dtype), b.astype(dtype)) for W, b in weights]
    X, t = X.astype(dtype), y.astype(dtype).reshape(-1, 1)
    n = len(X)

    def step() -> float:
        inputs, pre = [X], []
        for i, (W, b) in enumerate(params):
            z = inputs[-1] @ W.T + b
            pre.append(z)
            if i < len(params) - 1:
                inputs.append(np.maximum(z, 0))
        z = pre[-1]
        e = np.exp(-np.abs(z))
        loss = np.mean(np.maximum(z, 0) - z * t + np.log1p(e))
        g = (np.where(z >= 0, 1 / (1 + e), e / (1 + e)) - t) / n
        for i in reversed(range(len(params))):
            W, b = params[i]
            gW, gb = g.T @ inputs[i], g.sum(axis=0)
            if i:
                g = (g @ W) * (pre[i - 1] > 0)
            W -= LEARNING_RATE * gW
            b -= LEARNING_RATE * gb
        return float(loss)

    return step


ENGINES = {"autograd_mini": autograd_mini_step, "pytorch": torch_step, "numpy (no autograd)": numpy_step}


# ----------------------------------------------------------------------- timing
def measure(steps: dict[str, Callable[[], float]], repeats: int, inner: int) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Median seconds per step of each engine; the engines take turns so drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    losses: dict[str, list[float]] = {name: [] for name in steps}
    for name, step in steps.items():  # warm up, and record the loss trajectory to compare
        losses[name] = [step() for _ in range(3)]
    for _ in range(repeats):
        for name, step in steps.items():
            t0 = time.perf_counter()
            for _ in range(inner):
                step()
            times[name].append((time.perf_counter() - t0) / inner)
    return {name: statistics.median(t) for name, t in times.items()}, losses


def run_case(sizes, n, dtype, engines, repeats, inner) -> dict[str, float]:
    X, y = data.make_moons(n, noise=0.1, seed=0)
    weights = initial_weights(sizes)
    steps = {name: make(weights, X, y, dtype) for name, make in engines.items()}
    medians, losses = measure(steps, repeats, inner)
    reference = np.array(losses["numpy (no autograd)"])
    tolerance = 1e-10 if dtype == np.float64 else 1e-4
    for name, trajectory in losses.items():
        if not np.allclose(trajectory, reference, rtol=tolerance, atol=tolerance):
            raise SystemExit(f"{name} computed different losses {trajectory} than numpy {reference.tolist()}: "
                             f"the engines did not train the same model")
    return medians


def time_fit() -> tuple[float, float, int]:
    """Seconds for fit to reach 98% training accuracy on 200 moons points (and the epochs it took)."""
    X, y = data.make_moons(200, noise=0.1, seed=0)
    model = nn.MLP(2, [16, 16, 1], seed=0)
    reached: list[int] = []

    def stop_at_98(epoch: int, history) -> None:
        if not reached and history.accuracy[-1] >= 0.98:
            reached.append(epoch)

    t0 = time.perf_counter()
    history = fit(model, X, y, optimizer="adam", lr=0.02, epochs=300, progress=False, callback=stop_at_98)
    seconds = time.perf_counter() - t0
    return seconds, history.final_accuracy, reached[0] if reached else -1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke test)")
    args = parser.parse_args(argv)
    engines = dict(ENGINES)
    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        engines.pop("pytorch")
        torch_version = "not installed (pip install torch==2.13.0 to compare)"
    repeats = 2 if args.quick else args.repeats
    print(f"python {platform.python_version()}, numpy {np.__version__}, torch {torch_version}; "
          f"median of {repeats} runs, time per training step; lower is better")
    print()
    header = "| network | N | dtype | " + " | ".join(f"{e} (µs)" for e in engines) + " | vs PyTorch | vs numpy floor |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    cases = [([2, 16, 16, 1], 100), ([2, 16, 16, 1], 1000), ([2, 256, 256, 1], 10_000)]
    for sizes, n in cases:
        for dtype in (np.float32, np.float64):
            inner = max(3, 200_000 // (n * max(sizes))) if not args.quick else 3
            medians = run_case(sizes, n, dtype, engines, repeats, inner)
            ours = medians["autograd_mini"]
            vs_torch = f"{ours / medians['pytorch']:.2f}x" if "pytorch" in medians else "n/a"
            cells = " | ".join(f"{medians[e] * 1e6:.0f}" for e in engines)
            print(f"| {'-'.join(map(str, sizes))} | {n} | {np.dtype(dtype).name} | {cells} | {vs_torch} | "
                  f"{ours / medians['numpy (no autograd)']:.2f}x |")
    print()
    print("ratios are autograd_mini's time divided by the other's: below 1.00x autograd_mini is faster.")
    seconds, final_accuracy, epoch = time_fit()
    print(f"fit(nn.MLP(2, [16, 16, 1]), 200 moons points, Adam lr=0.02, 300 epochs): {seconds:.2f} s, "
          f"98% training accuracy reached at epoch {epoch}, final accuracy {final_accuracy:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
