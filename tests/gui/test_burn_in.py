"""Burn-in protection on screen: the header and footer move with the orbit, the clock drives it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.burn_in import STEP_SECONDS, orbit_offset
from kiosk.ui.render import front_poster, wait_until_ready
from tests.helpers import find_items


class FakeClock:
    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


def scene_pos(item) -> tuple[float, float]:
    from PySide6.QtCore import QPointF

    point = item.mapToScene(QPointF(0, 0))
    return point.x(), point.y()


def named(poster, name: str):
    return find_items(poster, name)[0]


def test_static_parts_follow_the_orbit(make_kiosk, qtbot) -> None:
    clock = FakeClock(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))
    kiosk = make_kiosk("--demo", size="1920x1080", clock=clock)
    kiosk.show()
    assert wait_until_ready(kiosk)
    expected = orbit_offset(clock.moment)
    assert (kiosk.state.property("shiftX"), kiosk.state.property("shiftY")) == expected
    timer = kiosk._burn_in
    assert timer.isActive() and 0 < timer.interval() <= STEP_SECONDS * 1000

    kiosk.state.set_shift(0, 0)
    poster = front_poster(kiosk)
    hub, footer = named(poster, "posterHubName"), named(poster, "posterFooter")
    hub0, footer0 = scene_pos(hub), scene_pos(footer)
    title0 = scene_pos(named(poster, "posterTitle"))

    kiosk.state.set_shift(4, 3)
    qtbot.waitUntil(lambda: scene_pos(hub) != hub0, timeout=2000)
    assert scene_pos(hub) == (hub0[0] + 4, hub0[1] + 3)
    assert scene_pos(footer) == (footer0[0] + 4, footer0[1] + 3)
    assert scene_pos(named(poster, "posterTitle")) == (title0[0] + 4, title0[1] + 3)
    # The header band still covers the top of the screen when it has moved down.
    image = kiosk.window.grabWindow()
    assert image.pixelColor(960, 0).name() == "#005eb8"
    assert image.pixelColor(5, 1).name() == "#005eb8"

    # The clock moves it on: the next step is one pixel away.
    clock.moment += dt.timedelta(seconds=STEP_SECONDS)
    timer.setInterval(0)
    timer.start()
    qtbot.waitUntil(
        lambda: (
            (kiosk.state.property("shiftX"), kiosk.state.property("shiftY"))
            == orbit_offset(clock.moment)
        ),
        timeout=2000,
    )


def test_burn_in_shift_can_be_switched_off(make_kiosk, tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("display:\n  burn_in_shift: false\n")
    clock = FakeClock(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))
    kiosk = make_kiosk("--config", str(config), "--demo", clock=clock)
    assert not kiosk._burn_in.isActive()
    assert (kiosk.state.property("shiftX"), kiosk.state.property("shiftY")) == (0, 0)
