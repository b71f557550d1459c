"""The benchmarks keep running: each quick mode completes and prints its tables (figures are not asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "script", ["bench_core.py", "bench_curves.py", "bench_calendar.py", "bench_economics.py", "bench_cli.py"]
)
def test_benchmark_quick_mode_runs(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), "--quick"],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "target" in result.stdout
    assert "machine" in result.stdout
