"""The whole kiosk on a live HTTP feed: the last good content stays through failures; new content
arrives when the server is healthy again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.feed.feed_servers import Reply, ScriptedServer


def feed_body(*ids: str, title: str = "Project") -> bytes:
    projects = [
        {"id": i, "title": f"{title} {i}", "link": f"https://qi.example.org/{i}"} for i in ids
    ]
    return json.dumps(
        {"feed_version": 1, "hub": {"name": "Live hub"}, "projects": projects}
    ).encode()


@pytest.fixture
def server():
    made = ScriptedServer().start()
    yield made
    made.stop()


def make_config(tmp_path: Path, url: str) -> Path:
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        f"feed:\n  source: {url}\n  allow_http: true\n  refresh_seconds: 5\n  timeout_seconds: 2\n"
        "qr:\n  allowed_hosts: [qi.example.org]\n"
    )
    return config


def status(state: Path) -> dict:
    return json.loads((state / "status.json").read_text())["feed"]


def test_live_feed_failure_and_recovery(
    make_kiosk, server: ScriptedServer, tmp_path: Path, qtbot
) -> None:
    url = server.route("/feed.json", Reply(200, feed_body("a", "b"), {"ETag": '"v1"'}))
    state = tmp_path / "state"
    kiosk = make_kiosk("--config", str(make_config(tmp_path, url)), "--state-dir", str(state))
    qtbot.waitUntil(lambda: status(state)["state"] == "ok", timeout=5000)
    assert [p.id for p in kiosk.catalogue.projects] == ["a", "b"]
    assert kiosk.rotation.showing == "a"
    assert kiosk.state.hubName == "Live hub"

    server.route("/feed.json", Reply(503, b"<html>down</html>", {"Retry-After": "1"}))
    kiosk.feed_service.refreshNow()
    qtbot.waitUntil(lambda: status(state)["state"] == "error", timeout=5000)
    assert status(state)["last_error"] == f"HTTP 503 from {url}"
    assert [p.id for p in kiosk.catalogue.projects] == ["a", "b"]  # the last good content stays
    assert kiosk.rotation.showing == "a"

    server.route("/feed.json", Reply(200, feed_body("a", "b", "c", title="New"), {"ETag": '"v2"'}))
    kiosk.feed_service.refreshNow()
    qtbot.waitUntil(lambda: status(state)["state"] == "ok", timeout=5000)
    assert [p.id for p in kiosk.catalogue.projects] == ["a", "b", "c"]
    assert kiosk.rotation.front_values["title"] == "New a"  # updated in place, no jump
    assert status(state)["last_error"] is None


def test_offline_start_shows_yesterdays_posters_at_once(
    make_kiosk, server: ScriptedServer, tmp_path: Path, qtbot
) -> None:
    url = server.route("/feed.json", Reply(200, feed_body("x", "y")))
    state = tmp_path / "state"
    config = make_config(tmp_path, url)
    first = make_kiosk("--config", str(config), "--state-dir", str(state))
    qtbot.waitUntil(lambda: status(state)["state"] == "ok", timeout=5000)
    first.close()
    server.stop()  # the network is gone

    again = make_kiosk("--config", str(config), "--state-dir", str(state))
    # Read from the offline store before any network call: on screen straight away.
    assert [p.id for p in again.catalogue.projects] == ["x", "y"]
    assert again.rotation.showing == "x"
    qtbot.waitUntil(lambda: status(state)["state"] == "error", timeout=8000)
    assert "connection refused" in status(state)["last_error"]
    assert [p.id for p in again.catalogue.projects] == ["x", "y"]


def test_stale_content_shows_a_small_indicator_and_nothing_when_all_is_well(
    make_kiosk, qtbot
) -> None:
    from kiosk.status import FeedStatus
    from kiosk.ui.render import front_poster, wait_until_ready
    from tests.helpers import find_items

    kiosk = make_kiosk("--demo")
    kiosk.show()
    assert wait_until_ready(kiosk)

    def indicator_visible() -> bool:
        poster = front_poster(kiosk)
        return any(item.isVisible() for item in find_items(poster, "staleIndicator"))

    assert not indicator_visible()
    kiosk._feed_status_changed(FeedStatus(source="https://qi.example.org/feed.json", state="stale"))
    qtbot.waitUntil(indicator_visible, timeout=2000)
    kiosk._feed_status_changed(FeedStatus(source="https://qi.example.org/feed.json", state="ok"))
    qtbot.waitUntil(lambda: not indicator_visible(), timeout=2000)


def test_the_feeds_age_follows_the_kiosks_clock(
    make_kiosk, server: ScriptedServer, tmp_path: Path, qtbot
) -> None:
    """The wall clock jumps three days ahead (a dead RTC battery, an NTP correction): the next
    failed refresh says the content is stale, and the next good one makes it ok again."""
    import datetime as dt

    url = server.route("/feed.json", Reply(200, feed_body("a", "b")))
    state = tmp_path / "state"
    offset = [dt.timedelta(0)]

    def clock() -> dt.datetime:
        return dt.datetime.now(dt.UTC) + offset[0]

    kiosk = make_kiosk(
        "--config", str(make_config(tmp_path, url)), "--state-dir", str(state), clock=clock
    )
    qtbot.waitUntil(lambda: status(state)["state"] == "ok", timeout=5000)

    offset[0] = dt.timedelta(days=3)
    server.route("/feed.json", Reply(500, b"down"))
    kiosk.feed_service.refreshNow()
    qtbot.waitUntil(lambda: status(state)["state"] == "stale", timeout=5000)
    assert [p.id for p in kiosk.catalogue.projects] == ["a", "b"]

    server.route("/feed.json", Reply(200, feed_body("a", "b")))
    kiosk.feed_service.refreshNow()
    qtbot.waitUntil(lambda: status(state)["state"] == "ok", timeout=5000)
    assert status(state)["last_success_at"].startswith(f"{clock():%Y-%m-%d}")
