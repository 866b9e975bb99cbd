"""The admin screen's facts, without Qt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.admin_info import admin_rows, duration
from kiosk.config import parse_config
from kiosk.status import FeedStatus, Status

NOW = dt.datetime(2026, 6, 3, 12, 0, tzinfo=dt.UTC)


def test_rows(tmp_path: Path) -> None:
    (tmp_path / "outbox").mkdir()
    (tmp_path / "outbox" / "1.json").write_text("{}")
    (tmp_path / "outbox" / "2.json").write_text("{}")
    config = parse_config(
        f"state_dir: {tmp_path}\nscreen_id: lobby\nschedule:\n  open: {{mon-fri: 07:30-19:00}}\n"
    )
    status = Status(
        mode="display",
        started_at=NOW - dt.timedelta(days=3, hours=4),
        feed=FeedStatus(
            source="https://qi.example/feed.json",
            state="error",
            last_success_at=NOW - dt.timedelta(hours=2, minutes=5),
            last_error="HTTP 503 from https://qi.example/feed.json",
            projects=40,
            skipped=2,
        ),
    )
    rows = dict(
        admin_rows(
            config=config,
            status=status,
            now=NOW,
            started_at=status.started_at,
            screen_size=(1920, 1080),
            addresses=["10.1.2.3", "fe80::1"],
        )
    )
    assert rows["Screen id"] == "lobby"
    assert rows["Feed"] == "error: https://qi.example/feed.json"
    assert rows["Last success"].endswith("(2 h 5 min ago)")
    assert rows["Last error"] == "HTTP 503 from https://qi.example/feed.json"
    assert rows["Projects"] == "40 shown, 2 skipped"
    assert rows["Outbox"] == "2 waiting" and "Uptake queue" not in rows
    assert rows["Uptime"] == "3 d 4 h"
    assert rows["IP addresses"] == "10.1.2.3, fe80::1"
    assert rows["Screen size"] == "1920 x 1080"
    assert rows["Opening hours"] == "open until Wed 03 Jun 19:00 BST"
    assert "GB free of" in rows["Free disk"]


def test_duration() -> None:
    assert duration(dt.timedelta(seconds=42)) == "42 s"
    assert duration(dt.timedelta(minutes=7, seconds=3)) == "7 min"
    assert duration(dt.timedelta(hours=1, minutes=1)) == "1 h 1 min"
