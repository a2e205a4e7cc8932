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
    assert result.returncode == 0, result.stdout + result.stderr
    assert "micrograd 0.1.0" in result.stdout and "autograd_mini.scalar" in result.stdout
    assert "| 2-16-16-1 | 100 | float64 |" in result.stdout
    assert "98% training accuracy reached at epoch" in result.stdout
