"""The benchmarks run and their engines agree (a smoke run: the timings themselves are not asserted)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bench_runs_and_every_engine_computes_the_same_losses():
    pytest.importorskip("micrograd")
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick"], capture_output=True,
                            text=True, timeout=600)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "micrograd 0.1.0" in out and "autograd_mini.scalar" in out
    assert "| 2-16-16-1 | 100 | float64 |" in out and "| 2-16-16-1 | 1000 | float32 |" in out
    assert "(a) idiomatic" in out and "(b) raw ops" in out
    assert "98% training accuracy reached at epoch" in out
    assert "small CNN 1-16-32" in out and "batch losses agree" in out
    # one line per speed target, each with its verdict, gathered at the end
    targets = out.partition("### The speed targets (issues 9 and 14), in this run")[2].strip().splitlines()
    # scalar; idiomatic (2 N x 2 dtypes); raw ops (2 dtypes); the CNN epoch (with torch only)
    expected = 1 + (4 + 2 + 1 if "torch 2" in out else 2)
    assert len(targets) == expected, targets
    assert all(line.startswith("- target: ") and line.endswith(("met", "**MISSED**")) for line in targets)
