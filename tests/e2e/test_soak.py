"""A short run of scripts/soak.py (rotations, feed changes and touch sessions in one kiosk with
fast timers), and what makes the soak fail."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from typing import Any

import pytest

from tests.helpers import REPO

spec = importlib.util.spec_from_file_location("soak", REPO / "scripts" / "soak.py")
assert spec is not None and spec.loader is not None
soak = importlib.util.module_from_spec(spec)
sys.modules["soak"] = soak
spec.loader.exec_module(soak)


@pytest.mark.slow
def test_a_short_soak_keeps_memory_timers_and_threads_and_logs_no_warning() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "soak.py"), "--quick"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "soak: PASS" in result.stdout
    done = re.search(r"([\d,]+) rotations, ([\d,]+) feed changes \(([\d,]+) shown\), "
                     r"([\d,]+) touch sessions", result.stdout)  # fmt: skip
    assert done is not None, result.stdout
    rotations, changes, shown, sessions = (int(g.replace(",", "")) for g in done.groups())
    assert rotations >= 600 and changes >= 40 and shown >= changes and sessions >= 6
    assert "warnings logged: 0" in result.stdout
    counts = re.search(r"QTimers (\d+) -> (\d+).*QThreads (\d+) -> (\d+), threads (\d+) -> (\d+)",
                       result.stdout)  # fmt: skip
    assert counts is not None
    timers, timers_end, qthreads, qthreads_end, threads, threads_end = map(int, counts.groups())
    assert timers_end <= timers and qthreads_end <= qthreads and threads_end <= threads
    assert "simulated clock 72 h" in result.stdout


def sample(at: str = "", **values: Any) -> dict[str, Any]:
    base = {"at": at, "rss": 200.0, "timers": 15, "active_timers": 5, "qthreads": 2, "threads": 3}
    return {**base, **values}


def test_growth_leaks_and_warnings_fail_the_soak() -> None:
    warm = sample("warm-up")
    assert soak.failures([warm, sample(rss=209.9)], []) == []
    assert soak.failures([warm, sample(rss=210.5)], []) == ["RSS grew by 10.5 MB, over 10 MB"]
    assert soak.failures([warm, sample(timers=16)], []) == ["leak: timers 15 -> 16"]
    assert soak.failures([warm, sample(threads=4)], []) == ["leak: threads 3 -> 4"]
    assert soak.failures([warm, sample(qthreads=3)], []) == ["leak: qthreads 2 -> 3"]
    assert soak.failures([warm, sample()], ["qt: Binding loop"]) == ["warning: qt: Binding loop"]
