"""The status file IT reads: written at start, follows the poster on show, says how the feed is."""

from __future__ import annotations

import json
from pathlib import Path


def read_status(state: Path) -> dict:
    return json.loads((state / "status.json").read_text())


def test_demo_status(make_kiosk, tmp_path: Path, qtbot) -> None:
    state = tmp_path / "s"
    kiosk = make_kiosk("--demo", "--state-dir", str(state))
    status = read_status(state)
    assert status["mode"] == "display"
    assert status["screen"] == "poster"
    assert status["showing"] == kiosk.catalogue.projects[0].id
    assert status["feed"]["state"] == "demo"
    assert status["feed"]["projects"] == len(kiosk.catalogue.projects) >= 12
    assert status["feed"]["skipped"] == 0
    assert status["started_at"] and status["updated_at"]
    # The status follows the rotation.
    kiosk.rotation._dwell.setInterval(50)
    kiosk.rotation._dwell.start()
    qtbot.waitUntil(
        lambda: read_status(state)["showing"] == kiosk.catalogue.projects[1].id, timeout=5000
    )


def test_configured_file_feed_is_ok_and_counts_skipped(make_kiosk, tmp_path: Path, qtbot) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            {
                "feed_version": 1,
                "projects": [{"id": "a", "title": "A"}, {"id": "b"}, {"id": "c", "title": "C"}],
            }
        )
    )
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"feed:\n  source: {feed.name}\nstate_dir: state\n")
    make_kiosk("--config", str(config), "--state-dir", str(tmp_path / "state"))
    qtbot.waitUntil(lambda: read_status(tmp_path / "state")["feed"]["state"] == "ok", timeout=5000)
    status = read_status(tmp_path / "state")
    assert status["feed"]["source"] == str(feed)
    assert (status["feed"]["projects"], status["feed"]["skipped"]) == (2, 1)
    assert status["feed"]["last_error"] is None


def test_broken_feed_shows_the_about_poster_and_says_why(make_kiosk, tmp_path: Path, qtbot) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text('{"feed_version": 1, "projects": [')
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"feed:\n  source: {feed}\n")
    kiosk = make_kiosk("--config", str(config), "--state-dir", str(tmp_path / "state"))
    qtbot.waitUntil(
        lambda: read_status(tmp_path / "state")["feed"]["state"] == "error", timeout=5000
    )
    status = read_status(tmp_path / "state")
    assert status["feed"]["last_error"].startswith("invalid JSON at line 1")
    assert status["showing"] is None
    assert kiosk.rotation.front_values.get("about") is True


def test_reduced_motion_switches_off_crossfades_and_screen_transitions(
    make_kiosk, tmp_path: Path
) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("mode: touch\ndisplay:\n  reduced_motion: true\n")
    kiosk = make_kiosk("--config", str(config), "--demo")
    assert kiosk.rotation.property("transitionMs") == 0
    assert kiosk.touch.navigator.property("transitionMs") == 0
    moving = make_kiosk("--demo", "--mode", "touch", "--state-dir", str(tmp_path / "other"))
    assert moving.rotation.property("transitionMs") == 800
    assert 0 < moving.touch.navigator.property("transitionMs") <= 250
