"""The benchmark runs end to end (reduced set) and reports every figure. Budgets are not checked
here: they are for the hub PC's hardware, not for a shared test machine."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

FIGURES = {
    "first_poster", "memory", "cpu", "between", "standby", "soak", "scale_load", "scale_memory",
    "search", "tap", "prep", "transition", "uptake_report", "workbook",
}  # fmt: skip


@pytest.mark.slow
def test_quick_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "bench.py"), "--quick", "--json", str(out),
         "--work", str(tmp_path / "work")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["quick"] is True
    assert report["window_system"] in ("xvfb", "offscreen")
    assert report["window_system"] in result.stdout.lower()
    assert set(report["figures"]) == FIGURES
    for key, figure in report["figures"].items():
        assert isinstance(figure["value"], int | float), (key, figure)
        assert math.isfinite(figure["value"]), (key, figure)
        assert figure["unit"] in ("ms", "MB", "%"), (key, figure)
        assert isinstance(figure["budget"], int | float), (key, figure)
        assert figure["min"] <= figure["value"] <= figure["max"], (key, figure)
        assert figure["label"] in result.stdout, (key, figure)
