"""The benchmark scripts keep working (small mode; no timing assertions)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_benchmarks_run_in_small_mode():
    out = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--small"], capture_output=True,
                         text=True, env=dict(os.environ), timeout=600)
    assert out.returncode == 0, out.stderr
    table = [line for line in out.stdout.splitlines() if line.startswith("| ")]
    assert len(table) >= 5  # header + format reads + weight change + points + polygons
    assert any("points counted per desa" in line for line in table)
