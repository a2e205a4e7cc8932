"""Time one training step of the scalar MLP 2-16-16-1 beside micrograd 0.1.0, in one run.

Task: 100 two-moons points, mean binary cross-entropy on the logit, plain SGD.
Both engines start from the same weights and must report the same loss.

    python bench/bench_scalar.py
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import time

import numpy as np

from autograd_mini import data
from autograd_mini import scalar as am

LEARNING_RATE = 0.1
TARGET = 40.0  # issue 9: the scalar step at least 40x faster than micrograd's


def autograd_mini_step(model: am.MLP, X: np.ndarray, y: np.ndarray) -> float:
    losses = [am.binary_cross_entropy_with_logits(model(list(row)), t) for row, t in zip(X.tolist(), y.tolist())]
    loss = am.Value.sum(losses) * (1.0 / len(losses))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= LEARNING_RATE * p.grad
    return loss.data


def micrograd_bce_with_logits(logit, target: float):
    """micrograd has no exp/log: one node with the same stable formula and gradient."""
    from micrograd.engine import Value

    z, t = logit.data, float(target)
    out = Value(max(z, 0.0) - t * z + math.log1p(math.exp(-abs(z))), (logit,), "bce")
    sig = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def _backward():
        logit.grad += (sig - t) * out.grad

    out._backward = _backward
    return out


def micrograd_step(model, X: np.ndarray, y: np.ndarray) -> float:
    from micrograd.engine import Value

    inputs = [list(map(Value, row)) for row in X.tolist()]
    losses = [micrograd_bce_with_logits(model(x), t) for x, t in zip(inputs, y.tolist())]
    loss = sum(losses) * (1.0 / len(losses))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= LEARNING_RATE * p.grad
    return loss.data


def micrograd_model_like(model: am.MLP):
    """micrograd's MLP(2, [16, 16, 1]) with autograd_mini's initial weights copied in."""
    from micrograd.nn import MLP

    mg = MLP(2, [16, 16, 1])
    for mg_p, p in zip(mg.parameters(), model.parameters()):
        mg_p.data = p.data
    return mg


def time_steps(steps: list[tuple], X: np.ndarray, y: np.ndarray, repeats: int,
               block: int = 4) -> list[tuple[list[float], list[float]]]:
    """Seconds and loss per step of each (step, model) pair: blocks of `block` steps, taking turns.

    Taking turns spreads each engine's steps over the whole run, so a burst of noise on a shared
    machine cannot take all of one engine's samples. Inside a block the steps run as a training
    loop does, garbage collector included (micrograd's graphs are reference cycles: collecting them
    is part of its step). What a block leaves uncollected at its end is collected before the next
    block, untimed: otherwise the next engine's block pays for it (micrograd leaves about 110,000
    objects of cyclic garbage per step, and collecting them inside autograd_mini's block made its
    time swing from 20 to 35 ms). Untimed, that last collection favours micrograd, whose garbage it is.
    """
    results: list[tuple[list[float], list[float]]] = [([], []) for _ in steps]
    gc.collect()
    for start in range(0, repeats, block):
        for (step, model), (times, losses) in zip(steps, results):
            for _ in range(min(block, repeats - start)):
                t0 = time.perf_counter()
                losses.append(step(model, X, y))
                times.append(time.perf_counter() - t0)
            gc.collect()  # untimed: the next block starts with no garbage of this one's
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="training steps timed per engine")
    args = parser.parse_args(argv)
    try:
        import micrograd  # noqa: F401
    except ImportError:
        print("micrograd is not installed: pip install micrograd==0.1.0 (it is in the 'dev' extra).")
        return 1

    X, y = data.make_moons(100, noise=0.1, seed=0)
    ours = am.MLP(2, [16, 16, 1], seed=0)
    theirs = micrograd_model_like(ours)
    (t_ours, l_ours), (t_mg, l_mg) = time_steps([(autograd_mini_step, ours), (micrograd_step, theirs)], X, y,
                                                args.repeats)
    max_diff = max(abs(a - b) for a, b in zip(l_ours, l_mg))
    if max_diff > 1e-9:
        print(f"losses differ by {max_diff:.3g}: the two engines did not train the same model")
        return 1
    med_ours, med_mg = statistics.median(t_ours), statistics.median(t_mg)
    print(f"scalar MLP 2-16-16-1, 100 moons points, mean BCE on the logit, SGD lr={LEARNING_RATE}")
    print(f"python {sys.version.split()[0]}, {args.repeats} steps each, in blocks of 4 taking turns, median time per step; "
          f"losses agree to {max_diff:.1e} (step 1 {l_ours[0]:.4f} -> step {args.repeats} {l_ours[-1]:.4f})")
    print()
    print("| engine | ms / step | ratio |")
    print("|---|---:|---:|")
    print(f"| micrograd 0.1.0 | {med_mg * 1e3:.1f} | 1.00x |")
    print(f"| autograd_mini.scalar | {med_ours * 1e3:.1f} | {med_mg / med_ours:.1f}x faster |")
    speedup = med_mg / med_ours
    print()
    print(f"- target: scalar step {speedup:.1f}x faster than micrograd's (target >= {TARGET:.0f}x): "
          f"{'met' if speedup >= TARGET else '**MISSED**'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
