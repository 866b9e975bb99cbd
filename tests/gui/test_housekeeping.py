"""Memory housekeeping: asked for by the end of a touch session or a new feed, it runs once, a
moment into the next poster's dwell, and not while a request waits for one."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.ui.housekeeping import QUIET_AFTER_MS, Housekeeping

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo"


def test_a_request_runs_once_at_the_next_dwell(qtbot) -> None:
    collected: list[bool] = []
    keeper = Housekeeping(lambda: collected.append(True))
    keeper.dwell_started(8000)
    qtbot.wait(QUIET_AFTER_MS + 300)
    assert keeper.runs == 0, "nothing was asked for"
    keeper.request()
    keeper.request()
    qtbot.wait(QUIET_AFTER_MS + 300)
    assert keeper.runs == 0, "no dwell has started since the request"
    with qtbot.waitSignal(keeper.ran, timeout=QUIET_AFTER_MS + 3000) as ran:
        keeper.dwell_started(8000)
        keeper.dwell_started(8000)
    assert ran.args[0] >= 0
    qtbot.wait(QUIET_AFTER_MS + 300)
    assert keeper.runs == 1 and collected == [True]


def test_stop_drops_a_waiting_run(qtbot) -> None:
    keeper = Housekeeping(lambda: None)
    keeper.request()
    keeper.dwell_started(8000)
    keeper.stop()
    qtbot.wait(QUIET_AFTER_MS + 300)
    assert keeper.runs == 0


def test_the_kiosk_keeps_house_after_a_touch_session(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk("--demo", "--mode", "touch")
    keeper = kiosk.housekeeping
    kiosk.show()
    qtbot.wait(QUIET_AFTER_MS + 300)
    runs = keeper.runs
    kiosk.touch.navigator.sessionEnded.emit(12.0)
    with qtbot.waitSignal(keeper.ran, timeout=QUIET_AFTER_MS + 3000):
        kiosk.rotation.dwellStarted.emit(8000)
    assert keeper.runs == runs + 1


def test_the_kiosk_keeps_house_after_a_new_feed(make_kiosk, qtbot, tmp_path: Path) -> None:
    feed = json.loads((DEMO / "feed.json").read_text(encoding="utf-8"))
    shutil.copytree(DEMO / "images", tmp_path / "images")
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed), encoding="utf-8")
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        f"feed:\n  source: {json.dumps(str(source))}\n"
        "qr:\n  allowed_hosts: [qi.meadowbrook.example]\n",
        encoding="utf-8",
    )
    kiosk = make_kiosk("--config", str(config))
    keeper, service = kiosk.housekeeping, kiosk.feed_service
    kiosk.show()
    qtbot.waitUntil(lambda: not service.refreshing and service.status.state == "ok")
    kiosk.rotation.dwellStarted.emit(8000)
    qtbot.wait(QUIET_AFTER_MS + 300)
    runs = keeper.runs
    feed["projects"][0]["title"] = "A new title"
    source.write_text(json.dumps(feed), encoding="utf-8")
    with qtbot.waitSignal(service.feedUpdated, timeout=10_000):
        service.refreshNow()
    with qtbot.waitSignal(keeper.ran, timeout=QUIET_AFTER_MS + 3000):
        kiosk.rotation.dwellStarted.emit(8000)
    assert keeper.runs == runs + 1
