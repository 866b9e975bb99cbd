"""The kiosk after a crash loop: last good content, feed paused, and back to normal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from kiosk.crash_loop import HEALTHY_SECONDS


def write_starts(state: Path, count: int) -> None:
    state.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    starts = [(now - dt.timedelta(seconds=10 * (count - i))).isoformat() for i in range(count)]
    (state / "starts.json").write_text(json.dumps({"starts": starts}))


def make_config(tmp_path: Path) -> Path:
    source = tmp_path / "feed.json"
    source.write_text(json.dumps({"feed_version": 1, "projects": [{"id": "a", "title": "A"}]}))
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"feed:\n  source: {source}\n")
    return config


def test_a_long_crash_loop_shows_the_built_in_poster(make_kiosk, tmp_path: Path) -> None:
    state = tmp_path / "state"
    write_starts(state, 6)
    kiosk = make_kiosk("--config", str(make_config(tmp_path)), "--state-dir", str(state))
    assert kiosk.feed_service is None
    assert kiosk.rotation.front_values.get("about") is True
    status = json.loads((state / "status.json").read_text())
    assert status["feed"]["last_error"].startswith("crash loop (6 fast restarts)")


def test_paused_feed_resumes_on_an_admin_refresh(make_kiosk, tmp_path: Path, qtbot) -> None:
    state = tmp_path / "state"
    write_starts(state, 3)
    kiosk = make_kiosk("--config", str(make_config(tmp_path)), "--state-dir", str(state))
    assert kiosk.feed_service is not None
    assert not kiosk.feed_service._timer.isActive()  # no refresh scheduled
    qtbot.wait(200)
    assert json.loads((state / "status.json").read_text())["feed"]["projects"] == 0
    kiosk._admin_action("refresh")
    qtbot.waitUntil(
        lambda: json.loads((state / "status.json").read_text())["feed"]["state"] == "ok",
        timeout=5000,
    )
    status = json.loads((state / "status.json").read_text())
    assert status["feed"]["projects"] == 1 and status["feed"]["last_error"] is None
    assert kiosk.feed_service._timer.isActive()  # refreshes go on as usual


def test_a_run_that_stays_up_is_healthy(make_kiosk, tmp_path: Path, qtbot) -> None:
    state = tmp_path / "state"
    write_starts(state, 2)
    kiosk = make_kiosk("--demo", "--state-dir", str(state))
    kiosk.show()
    timer = kiosk._healthy_timer
    assert timer.isActive() and timer.interval() == HEALTHY_SECONDS * 1000
    assert len(json.loads((state / "starts.json").read_text())["starts"]) == 3
    timer.setInterval(50)
    timer.start()
    qtbot.waitUntil(
        lambda: json.loads((state / "starts.json").read_text())["starts"] == [], timeout=3000
    )
