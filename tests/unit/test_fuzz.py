"""A short run of scripts/fuzz.py: each target's properties hold on a few hundred cases, and the
script reports a crash (with the failing case) and exits 1."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.helpers import REPO

spec = importlib.util.spec_from_file_location("fuzz", REPO / "scripts" / "fuzz.py")
assert spec is not None and spec.loader is not None
fuzz = importlib.util.module_from_spec(spec)
sys.modules["fuzz"] = fuzz
spec.loader.exec_module(fuzz)

CASES = {"feed": 150, "feed_bytes": 200, "config": 100, "spc": 150, "qr": 300}


@pytest.mark.parametrize("target", sorted(fuzz.TARGETS))
def test_target_has_no_crash(target: str) -> None:
    ran, crashes = fuzz.run_target(target, CASES[target], seed=2)
    assert crashes == []
    assert ran >= CASES[target] // 2  # hypothesis may stop early on a small search space


def test_a_crash_is_reported_with_its_case(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(fuzz.QrPolicy, "allows", lambda self, url: broken())
    _, crashes = fuzz.run_target("qr", 50, seed=2)
    assert len(crashes) == 1
    assert "RuntimeError: boom" in crashes[0]


def test_the_script_runs_and_says_how_many_cases() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "fuzz.py"), "--cases", "60", "--only", "qr,spc"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "no uncaught exception" in result.stdout
    assert "qr" in result.stdout and "spc" in result.stdout


def test_an_unknown_target_is_a_one_line_error() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "fuzz.py"), "--only", "nope"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "unknown target 'nope'" in result.stderr
