"""A short run of scripts/crash_restarts.py (kill -9 during the state writes, then restart), and
its checks find a damaged store and a lost submission."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO

spec = importlib.util.spec_from_file_location(
    "crash_restarts", REPO / "scripts" / "crash_restarts.py"
)
assert spec is not None and spec.loader is not None
crash = importlib.util.module_from_spec(spec)
spec.loader.exec_module(crash)


def test_five_kills_and_restarts_are_clean(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "crash_restarts.py"), "--runs", "5",
         "--state", str(tmp_path / "state")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "5 of 5 restarts clean" in result.stdout
    assert (tmp_path / "state" / "outbox.sqlite").exists()
    assert (tmp_path / "state" / "feed" / "current.json").exists()


def test_a_damaged_uptake_store_and_a_lost_submission_are_found(tmp_path: Path) -> None:
    problems, held = crash.check(tmp_path, {})
    assert problems == []
    assert held["events"] == 0
    (tmp_path / "uptake.sqlite").write_bytes(b"not a database" * 100)
    problems, _ = crash.check(tmp_path, {"outbox": ["kept-before"], "feed": True})
    text = "; ".join(problems)
    assert "the stored feed was lost" in text
    assert "1 outbox submissions lost" in text
    assert "set aside: uptake-corrupt-" in text
