"""The status file: written on every change, or, held while the kiosk starts, once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kiosk.status import FeedStatus, Status, StatusFile

T0 = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_change_is_written(tmp_path: Path) -> None:
    path = tmp_path / "status.json"
    status_file = StatusFile(path, Status(mode="display", started_at=T0, screen="poster"))
    assert status_file.update(T0, showing="a")
    assert read(path)["showing"] == "a"
    assert not status_file.update(T0, showing="a")  # no change, nothing written
    status_file.update(T0, feed=FeedStatus(source="feed.json", state="ok", projects=3))
    assert read(path)["feed"]["projects"] == 3


def test_held_changes_are_written_once_on_release(tmp_path: Path) -> None:
    path = tmp_path / "status.json"
    status_file = StatusFile(
        path, Status(mode="display", started_at=T0, screen="poster"), held=True
    )
    assert status_file.update(T0, showing="a")
    status_file.update(T0, feed=FeedStatus(source="feed.json", state="ok", projects=3))
    assert not path.exists()
    assert status_file.status.showing == "a"  # kept, not written
    status_file.release(T0 + dt.timedelta(seconds=1))
    written = read(path)
    assert (written["showing"], written["feed"]["projects"]) == ("a", 3)
    assert written["updated_at"].startswith("2026-12-08T09:00:01")
    status_file.update(T0, showing="b")  # from now on, every change
    assert read(path)["showing"] == "b"


def test_the_first_write_after_start_is_whole_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "status.json"
    path.write_text('{"old": true}')
    status_file = StatusFile(path, Status(mode="touch", started_at=T0, screen="attract"), held=True)
    status_file.release(T0)  # written without waiting for the disk
    assert read(path)["screen"] == "attract"
    assert [p.name for p in tmp_path.iterdir()] == ["status.json"]
