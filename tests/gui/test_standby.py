"""Standby outside opening hours, with an injected clock, across both clock changes."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest

from tests.helpers import find_items

UTC = dt.UTC


class FakeClock:
    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


def write_config(tmp_path: Path, extra: str = "", standby: str = "blank") -> Path:
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        "schedule:\n"
        "  timezone: Europe/London\n"
        "  open:\n"
        "    daily: 07:00-19:00\n"
        "  closed_dates: [2026-12-25]\n"
        f"  standby: {standby}\n" + extra
    )
    return config


def screen(state: Path) -> str:
    return json.loads((state / "status.json").read_text())["screen"]


def standby_item(kiosk):
    found = find_items(kiosk.window.rootObject(), "standbyScreen")
    return found[0] if found else None


def test_standby_entered_and_left_across_the_march_change(make_kiosk, tmp_path, qtbot) -> None:
    # Saturday 2026-03-28, GMT: open until 19:00 UTC.
    clock = FakeClock(dt.datetime(2026, 3, 28, 18, 59, 59, tzinfo=UTC))
    state = tmp_path / "state"
    kiosk = make_kiosk("--config", str(write_config(tmp_path)), "--demo", clock=clock)
    kiosk.show()
    assert not kiosk.standby.active and screen(state) == "poster"
    assert kiosk.rotation._dwell.isActive()
    # The timer is set for 19:00 exactly.
    assert kiosk.standby._timer.interval() == 1001

    clock.moment = dt.datetime(2026, 3, 28, 19, 0, tzinfo=UTC)
    kiosk.standby.check()
    assert kiosk.standby.active and screen(state) == "standby"
    # Rendering stopped: no rotation timers, the poster screen hidden, the standby screen up.
    assert not kiosk.rotation._dwell.isActive() and not kiosk.rotation._transition.isActive()
    assert not find_items(kiosk.window.rootObject(), "posterView")[0].isVisible()
    assert standby_item(kiosk) is not None and standby_item(kiosk).isVisible()

    # Overnight the clocks go forward; 07:00 BST on Sunday is 06:00 UTC.
    clock.moment = dt.datetime(2026, 3, 29, 5, 58, tzinfo=UTC)
    kiosk.standby.check()
    assert kiosk.standby.active
    assert kiosk.standby._timer.interval() == 2 * 60 * 1000 + 1
    clock.moment = dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    kiosk.standby.check()
    assert not kiosk.standby.active and screen(state) == "poster"
    assert kiosk.rotation._dwell.isActive()
    assert find_items(kiosk.window.rootObject(), "posterView")[0].isVisible()
    qtbot.waitUntil(lambda: standby_item(kiosk) is None, timeout=2000)


def test_standby_across_the_october_change_and_the_rotation_resumes(
    make_kiosk, tmp_path, qtbot
) -> None:
    # Saturday 2026-10-24, BST: closes at 19:00 BST = 18:00 UTC.
    clock = FakeClock(dt.datetime(2026, 10, 24, 17, 59, tzinfo=UTC))
    state = tmp_path / "state"
    kiosk = make_kiosk("--config", str(write_config(tmp_path)), "--demo", clock=clock)
    kiosk.show()
    assert not kiosk.standby.active
    clock.moment = dt.datetime(2026, 10, 24, 18, 0, tzinfo=UTC)
    kiosk.standby.check()
    assert screen(state) == "standby"
    # Clocks go back; 07:00 GMT on Sunday is 07:00 UTC, not 06:00.
    clock.moment = dt.datetime(2026, 10, 25, 6, 30, tzinfo=UTC)
    kiosk.standby.check()
    assert kiosk.standby.active
    clock.moment = dt.datetime(2026, 10, 25, 7, 0, tzinfo=UTC)
    kiosk.standby.check()
    assert screen(state) == "poster"
    # The rotation goes on after standby.
    shown = kiosk.rotation.showing
    kiosk.rotation._dwell.setInterval(50)
    kiosk.rotation._dwell.start()
    qtbot.waitUntil(lambda: kiosk.rotation.showing != shown, timeout=5000)


def test_standby_clock_and_closed_dates(make_kiosk, tmp_path, qtbot) -> None:
    clock = FakeClock(dt.datetime(2026, 12, 25, 12, 34, tzinfo=UTC))  # Christmas Day
    kiosk = make_kiosk(
        "--config", str(write_config(tmp_path, standby="clock")), "--demo", clock=clock
    )
    kiosk.show()
    assert kiosk.standby.active
    item = find_items(kiosk.window.rootObject(), "standbyClock")[0]
    assert item.property("text") == "12:34" and item.isVisible()
    place = (item.property("x"), item.property("y"))
    clock.moment += dt.timedelta(minutes=1)
    kiosk.standby._clock_timer.start(0)
    qtbot.waitUntil(lambda: item.property("text") == "12:35", timeout=2000)
    assert (item.property("x"), item.property("y")) != place  # it moves every minute
    # The clock changes once a minute: its timer waits for the next minute boundary.
    assert 59_000 <= kiosk.standby._clock_timer.interval() <= 60_000
    image = kiosk.window.grabWindow()
    assert image.pixelColor(5, 5).name() == "#000000"


def test_a_touch_wakes_a_touchscreen_for_its_idle_time(make_kiosk, tmp_path, qtbot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    clock = FakeClock(dt.datetime(2026, 1, 14, 22, 0, tzinfo=UTC))
    state = tmp_path / "state"
    kiosk = make_kiosk(
        "--config",
        str(write_config(tmp_path, "touch:\n  idle_seconds: 30\n")),
        "--demo",
        "--mode",
        "touch",
        clock=clock,
    )
    with qtbot.waitExposed(kiosk.window):
        kiosk.show()
    assert kiosk.standby.active and screen(state) == "standby"
    assert kiosk.standby._wake.interval() == 30_000
    QTest.mouseClick(
        kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(640, 360)
    )
    assert not kiosk.standby.active and screen(state) == "attract"
    # The wake-up touch only woke the screen: the attract screen is still in front.
    assert kiosk.touch.navigator.property("screen") == "attract"
    assert kiosk.standby.woken
    # When the idle time is over, the screen goes back to standby.
    kiosk.standby._wake.setInterval(50)
    kiosk.standby._wake.start()
    qtbot.waitUntil(lambda: kiosk.standby.active, timeout=3000)
    assert screen(state) == "standby"


def test_a_display_screen_ignores_touches_in_standby(make_kiosk, tmp_path, qtbot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    clock = FakeClock(dt.datetime(2026, 1, 14, 22, 0, tzinfo=UTC))
    kiosk = make_kiosk("--config", str(write_config(tmp_path)), "--demo", clock=clock)
    with qtbot.waitExposed(kiosk.window):
        kiosk.show()
    QTest.mouseClick(
        kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(640, 360)
    )
    assert kiosk.standby.active


@pytest.mark.skipif(os.name != "posix", reason="fake display tools are shell scripts")
def test_standby_off_powers_the_display_down_and_up(
    make_kiosk, tmp_path, qtbot, monkeypatch
) -> None:
    # Stand-ins for xset and cec-client that record how they were called.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name in ("xset", "cec-client"):
        tool = bin_dir / name
        tool.write_text(f'#!/bin/sh\necho "{name} $* $(cat)" >> {log}\n')
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")

    clock = FakeClock(dt.datetime(2026, 1, 14, 18, 59, tzinfo=UTC))
    kiosk = make_kiosk(
        "--config", str(write_config(tmp_path, standby="off")), "--demo", clock=clock
    )
    kiosk.show()
    assert not log.exists()  # open: nothing touches the display
    clock.moment = dt.datetime(2026, 1, 14, 19, 0, tzinfo=UTC)
    kiosk.standby.check()
    kiosk._display_power.wait()
    calls = log.read_text().splitlines()
    assert sorted(c.strip() for c in calls) == [
        "cec-client -s -d 1 standby 0",
        "xset dpms force off",
    ]
    clock.moment = dt.datetime(2026, 1, 15, 7, 0, tzinfo=UTC)
    kiosk.standby.check()
    kiosk._display_power.wait()
    calls = log.read_text().splitlines()[2:]
    assert sorted(c.strip() for c in calls) == ["cec-client -s -d 1 on 0", "xset dpms force on"]


def test_the_feed_refreshes_in_standby_and_opening_shows_the_new_posters(
    make_kiosk, tmp_path, qtbot
) -> None:
    from tests.gui.test_live_feed import feed_body
    from tests.unit.feed.feed_servers import Reply, ScriptedServer

    server = ScriptedServer().start()
    try:
        url = server.route("/feed.json", Reply(200, feed_body("a", "b")))
        feed = f"feed:\n  source: {url}\n  allow_http: true\n  refresh_seconds: 5\n"
        clock = FakeClock(dt.datetime(2026, 1, 14, 22, 0, tzinfo=UTC))  # closed
        state = tmp_path / "state"
        kiosk = make_kiosk("--config", str(write_config(tmp_path, feed)), clock=clock)
        kiosk.show()
        assert kiosk.standby.active and screen(state) == "standby"
        qtbot.waitUntil(lambda: kiosk.status_file.status.feed.state == "ok", timeout=5000)
        fetched = len(server.requests)

        # Overnight the feed changes; the kiosk's own timer fetches it while the screen sleeps.
        server.route("/feed.json", Reply(200, feed_body("a", "b", "c", title="New")))
        qtbot.waitUntil(lambda: len(server.requests) > fetched, timeout=8000)
        qtbot.waitUntil(lambda: len(kiosk.catalogue.projects) == 3, timeout=3000)
        assert kiosk.standby.active and not kiosk.rotation._dwell.isActive()

        clock.moment = dt.datetime(2026, 1, 15, 7, 0, tzinfo=UTC)  # opening
        kiosk.standby.check()
        assert screen(state) == "poster"
        assert kiosk.rotation.front_values["title"].startswith("New ")
    finally:
        server.stop()


@pytest.mark.skipif(os.name != "posix", reason="fake display tools are shell scripts")
def test_a_touch_powers_an_off_touchscreen_on_for_its_idle_time(
    make_kiosk, tmp_path, qtbot, monkeypatch
) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name, out in (("xset", log), ("cec-client", tmp_path / "cec.log")):  # never the real TV
        tool = bin_dir / name
        tool.write_text(f'#!/bin/sh\necho "{name} $*" >> {out}\n')
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")

    clock = FakeClock(dt.datetime(2026, 1, 14, 22, 0, tzinfo=UTC))  # closed
    config = write_config(tmp_path, "touch:\n  idle_seconds: 30\n", standby="off")
    kiosk = make_kiosk("--config", str(config), "--demo", "--mode", "touch", clock=clock)
    with qtbot.waitExposed(kiosk.window):
        kiosk.show()
    kiosk._display_power.wait()
    assert log.read_text().split("\n")[:-1] == ["xset dpms force off"]
    QTest.mouseClick(
        kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(640, 360)
    )
    kiosk._display_power.wait()
    assert not kiosk.standby.active
    assert log.read_text().split("\n")[-2] == "xset dpms force on"
    kiosk.standby._wake.setInterval(50)
    kiosk.standby._wake.start()
    qtbot.waitUntil(lambda: kiosk.standby.active, timeout=3000)
    kiosk._display_power.wait()
    assert log.read_text().split("\n")[:-1] == [
        "xset dpms force off",
        "xset dpms force on",
        "xset dpms force off",
    ]
