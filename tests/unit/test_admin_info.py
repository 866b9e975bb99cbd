"""The admin screen's facts, without Qt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.admin_info import admin_rows, duration, queue_rows
from kiosk.config import parse_config
from kiosk.status import FeedStatus, Status

NOW = dt.datetime(2026, 6, 3, 12, 0, tzinfo=dt.UTC)


def test_rows(tmp_path: Path) -> None:
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
        outbox=(("pending", 2), ("failed", 1), ("last_error", "HTTP 400 from the intake")),
    )
    rows = dict(
        admin_rows(
            config=config,
            status=status,
            now=NOW,
            started_at=status.started_at,
            screen_size=(1920, 1080),
            addresses=["10.1.2.3", "fe80::1"],
            uptake_waiting=37,
        )
    )
    assert list(rows) == [
        "Version", "Mode", "Screen id", "Feed", "Last success", "Last error", "Projects",
        "Outbox (plans)", "Uptake queue", "Free disk", "Uptime", "IP addresses", "Screen size",
        "Opening hours",
    ]  # fmt: skip
    assert rows["Version"] == __version__ and rows["Mode"] == "display"
    assert rows["Screen id"] == "lobby"
    assert rows["Feed"] == "error: https://qi.example/feed.json"
    assert rows["Last success"].endswith("(2 h 5 min ago)")
    assert rows["Last error"] == "HTTP 503 from https://qi.example/feed.json"
    assert rows["Projects"] == "40 shown, 2 skipped"
    assert rows["Outbox (plans)"] == "2 waiting, 1 failed (last error: HTTP 400 from the intake)"
    assert rows["Uptake queue"] == "37 events waiting for Matomo"
    assert rows["Uptime"] == "3 d 4 h"
    assert rows["IP addresses"] == "10.1.2.3, fe80::1"
    assert rows["Screen size"] == "1920 x 1080"
    assert rows["Opening hours"] == "open until Wed 03 Jun 19:00 BST"
    assert "GB free of" in rows["Free disk"]


def test_duration() -> None:
    assert duration(dt.timedelta(seconds=42)) == "42 s"
    assert duration(dt.timedelta(minutes=7, seconds=3)) == "7 min"
    assert duration(dt.timedelta(hours=1, minutes=1)) == "1 h 1 min"


def test_queues_only_where_there_are_any() -> None:
    assert queue_rows(None, None) == []
    assert queue_rows({"pending": 0, "failed": 0, "last_error": None}, 0) == [
        ("Outbox (plans)", "0 waiting, 0 failed"),
        ("Uptake queue", "0 events waiting for Matomo"),
    ]
    assert queue_rows(None, 1) == [("Uptake queue", "1 event waiting for Matomo")]
    assert queue_rows(None, "no uptake store at /x") == [
        ("Uptake queue", "unknown (no uptake store at /x)")
    ]


def test_uptake_queue_counts_the_stores_outbox(tmp_path: Path) -> None:
    from kiosk.uptake.events import Event
    from kiosk.uptake.store import StoreError, UptakeStore, waiting_to_forward

    path = tmp_path / "uptake.sqlite"
    with pytest.raises(StoreError):
        waiting_to_forward(path)
    store = UptakeStore(path)
    event = Event(NOW, "lobby", "touch", "session_started", "0123456789abcdef")
    store.write([event, event], outbox=True)
    store.write([event])  # recorded, not for forwarding
    assert waiting_to_forward(path) == 2
    store.close()
