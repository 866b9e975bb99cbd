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
    assert "the validated feed copy used at" in result.stdout
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


def test_a_validated_copy_that_is_not_the_stored_bodys_is_found(tmp_path: Path) -> None:
    import datetime as dt

    from kiosk.feed.schema import parse_feed
    from kiosk.feed.store import FeedStore

    store = FeedStore(tmp_path)
    raw, other = crash.feed_bytes(1), crash.feed_bytes(2)
    stored = store.save(raw, source="x", base_url="file:///feed.json", etag=None,
                        last_modified=None, fetched_at=dt.datetime.now(dt.UTC))  # fmt: skip
    store.save_parsed(stored, parse_feed(raw, base_url="file:///feed.json"))
    problems, held = crash.check(tmp_path, {})
    assert problems == [] and held["parsed_used"] == 1
    store.save_parsed(stored, parse_feed(other, base_url="file:///feed.json"))
    problems, _ = crash.check(tmp_path, {})
    assert problems == ["the validated copy is not what the stored body parses to"]
