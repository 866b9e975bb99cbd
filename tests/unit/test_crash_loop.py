"""Crash-loop detection with an injected clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.crash_loop import FAST_RESTARTS, WINDOW_SECONDS, CrashLoop

T0 = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def test_three_fast_restarts_pause_the_feed(tmp_path: Path) -> None:
    loop = CrashLoop(tmp_path)
    checks = [loop.record_start(T0 + dt.timedelta(seconds=10 * i)) for i in range(4)]
    assert [c.restarts for c in checks] == [0, 1, 2, 3]
    assert [c.feed_paused for c in checks] == [False, False, False, True]
    assert "feed paused" in checks[3].reason()
    assert not checks[3].skip_store


def test_a_healthy_run_starts_the_count_again(tmp_path: Path) -> None:
    loop = CrashLoop(tmp_path)
    for i in range(FAST_RESTARTS):
        loop.record_start(T0 + dt.timedelta(seconds=i))
    loop.mark_healthy()
    assert not loop.record_start(T0 + dt.timedelta(seconds=30)).feed_paused


def test_slow_restarts_are_not_a_loop(tmp_path: Path) -> None:
    loop = CrashLoop(tmp_path)
    step = dt.timedelta(seconds=WINDOW_SECONDS + 1)
    checks = [loop.record_start(T0 + i * step) for i in range(6)]
    assert not any(c.feed_paused for c in checks)


def test_a_long_loop_skips_the_stored_feed_too(tmp_path: Path) -> None:
    loop = CrashLoop(tmp_path)
    checks = [loop.record_start(T0 + dt.timedelta(seconds=5 * i)) for i in range(8)]
    assert [c.skip_store for c in checks] == [False] * 6 + [True, True]
    assert "built-in poster" in checks[-1].reason()


def test_a_damaged_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "starts.json").write_text("{not json")
    assert CrashLoop(tmp_path).record_start(T0).restarts == 0
    (tmp_path / "starts.json").write_text('{"starts": ["yesterday"]}')
    assert CrashLoop(tmp_path).record_start(T0).restarts == 0
