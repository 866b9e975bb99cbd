"""The admin screen: the PIN flow (wrong, lockout, right, exit code 0), its facts and actions."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.pin import hash_pin
from tests.helpers import find_items

PIN = "2468"
PIN_HASH = str(hash_pin(PIN))


class FakeClock:
    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    def __call__(self) -> dt.datetime:
        return self.moment


def config_with_pin(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"admin:\n  pin_hash: '{PIN_HASH}'\n" + extra)
    return config


def all_named(kiosk, name: str) -> list:
    """Items by objectName, through the visual tree too (a Repeater's delegates are only there)."""
    found, stack = [], [kiosk.window.contentItem()]
    while stack:
        node = stack.pop()
        if node.objectName() == name:
            found.append(node)
        stack.extend(node.childItems())
    return found


def item(kiosk, name: str):
    found = find_items(kiosk.window.rootObject(), name)
    assert found, f"no item named {name}"
    return found[0]


def visible(kiosk, name: str) -> bool:
    found = find_items(kiosk.window.rootObject(), name)
    return bool(found) and found[0].isVisible()


def tap(kiosk, target) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    centre = target.mapToScene(QPointF(target.width() / 2, target.height() / 2)).toPoint()
    QTest.mouseClick(
        kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
    )


def tap_pin(kiosk, digits: str) -> None:
    keys = {k.property("key"): k for k in all_named(kiosk, "pinKey")}
    for digit in [*digits, "ok"]:
        tap(kiosk, keys[digit])


def open_with_keys(kiosk) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    QTest.keyClick(kiosk.window, Qt.Key.Key_A, mods)


def run_until_exit(kiosk, action) -> int:
    """Run the kiosk's event loop, do `action` in it, and return the exit code it ends with."""
    from PySide6.QtCore import QTimer

    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: kiosk.app.exit(99))  # a safety net, not expected
    safety.start(10_000)
    QTimer.singleShot(0, action)
    try:
        return kiosk.run()
    finally:
        safety.stop()


def screen(state: Path) -> str:
    return json.loads((state / "status.json").read_text())["screen"]


@pytest.fixture
def kiosk_with_pin(make_kiosk, tmp_path, qtbot):
    clock = FakeClock(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))
    kiosk = make_kiosk("--config", str(config_with_pin(tmp_path)), "--demo", clock=clock)
    with qtbot.waitExposed(kiosk.window):
        kiosk.show()
    return kiosk, clock


def test_pin_flow_wrong_lockout_right_and_exit_code_0(kiosk_with_pin, tmp_path, qtbot) -> None:

    kiosk, clock = kiosk_with_pin
    state = tmp_path / "state"
    assert not visible(kiosk, "adminOverlay")
    open_with_keys(kiosk)
    assert visible(kiosk, "pinPad") and not visible(kiosk, "adminScreen")
    assert screen(state) == "admin"

    # Wrong PINs: the pad says how many tries are left, and shows dots, never digits.
    tap_pin(kiosk, "13")
    assert item(kiosk, "pinMessage").property("text") == "Wrong PIN: 4 tries left"
    keys = {k.property("key"): k for k in all_named(kiosk, "pinKey")}
    tap(kiosk, keys["9"])
    assert item(kiosk, "pinDots").property("text") == "\u25cf"
    tap(kiosk, keys["ok"])
    for _ in range(3):
        tap_pin(kiosk, "1111")
    assert visible(kiosk, "pinLocked") and not visible(kiosk, "pinPad")
    assert "Try again in 5 min" in kiosk.admin.property("message")

    # Locked: closing and opening again does not unlock it, nor does the right PIN.
    kiosk.admin.close()
    assert screen(state) == "poster"
    open_with_keys(kiosk)
    assert visible(kiosk, "pinLocked")
    kiosk.admin.press(PIN[0])
    assert kiosk.admin.property("entered") == 0

    # Five minutes later the pad is back.
    clock.moment += dt.timedelta(minutes=5)
    kiosk.admin.close()
    open_with_keys(kiosk)
    assert visible(kiosk, "pinPad")

    # The right PIN, typed on the keyboard this time.
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for digit in PIN:
        QTest.keyClick(kiosk.window, getattr(Qt.Key, f"Key_{digit}"))
    QTest.keyClick(kiosk.window, Qt.Key.Key_Return)
    assert visible(kiosk, "adminScreen") and not visible(kiosk, "pinPad")
    values = {row["label"]: row["value"] for row in kiosk.admin.property("info")}
    assert list(values) == [
        "Version", "Mode", "Screen id", "Feed", "Last success", "Last error", "Projects",
        "Free disk", "Uptime", "IP addresses", "Screen size", "Opening hours",
    ]  # fmt: skip
    assert values["Version"] == __version__
    assert values["Mode"] == "display" and values["Screen id"] == "hub-screen"
    assert values["Feed"] == "demo: demo" and values["Last error"] == "none"
    assert values["Last success"] != "never" and values["Projects"].endswith(" 0 skipped")
    assert values["Screen size"].count("x") == 1 and "GB free" in values["Free disk"]
    assert values["Uptime"].endswith(("s", "min")) and values["IP addresses"]
    assert values["Opening hours"] == "always on"
    # Every fact is on screen, label and value.
    shown = [i.property("text") for i in all_named(kiosk, "adminInfoValue")]
    assert sorted(shown) == sorted(values.values())

    # Exit is the way out: the event loop ends with exit code 0.
    assert run_until_exit(kiosk, lambda: tap(kiosk, item(kiosk, "adminExitButton"))) == 0
    assert kiosk.exit_code == 0


def test_holding_the_top_left_corner_for_5_seconds_opens_it(kiosk_with_pin, qtbot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    kiosk, _ = kiosk_with_pin
    hold = kiosk.admin._hold
    assert hold.interval() == 5_000
    hold.setInterval(100)
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # A short press in the corner does nothing.
    QTest.mousePress(kiosk.window, left, none, QPoint(10, 10))
    QTest.mouseRelease(kiosk.window, left, none, QPoint(10, 10))
    qtbot.wait(250)
    assert not kiosk.admin.property("open")
    # A long press elsewhere does nothing.
    QTest.mousePress(kiosk.window, left, none, QPoint(640, 360))
    qtbot.wait(250)
    QTest.mouseRelease(kiosk.window, left, none, QPoint(640, 360))
    assert not kiosk.admin.property("open")
    # A long press in the corner opens the pad.
    QTest.mousePress(kiosk.window, left, none, QPoint(10, 10))
    qtbot.waitUntil(lambda: kiosk.admin.property("open"), timeout=3000)
    QTest.mouseRelease(kiosk.window, left, none, QPoint(10, 10))
    assert visible(kiosk, "pinPad")


def test_it_closes_itself_when_left_untouched(kiosk_with_pin, qtbot) -> None:
    kiosk, _ = kiosk_with_pin
    assert kiosk.admin._idle.interval() == 60_000
    kiosk.admin._idle.setInterval(100)
    open_with_keys(kiosk)
    assert kiosk.admin.property("open")
    qtbot.waitUntil(lambda: not kiosk.admin.property("open"), timeout=3000)
    assert not visible(kiosk, "adminOverlay")


def test_actions_next_poster_screenshot_and_restart(kiosk_with_pin, tmp_path, qtbot) -> None:

    kiosk, _ = kiosk_with_pin
    open_with_keys(kiosk)
    tap_pin(kiosk, PIN)
    actions = {a.property("action"): a for a in all_named(kiosk, "adminAction")}
    assert set(actions) == {"refresh", "next", "screenshot", "restart"}
    shown = kiosk.rotation.showing
    tap(kiosk, actions["next"])
    assert kiosk.rotation.showing != shown

    tap(kiosk, actions["screenshot"])
    shots = list((tmp_path / "state").glob("screenshot-*.png"))
    assert len(shots) == 1
    assert kiosk.admin.property("message") == f"Saved {shots[0]}"
    from PySide6.QtGui import QImage

    image = QImage(str(shots[0]))
    # The poster's blue header, not the dark admin overlay.
    assert image.pixelColor(image.width() // 2, 10).name() == "#005eb8"

    open_with_keys(kiosk)
    tap_pin(kiosk, PIN)
    actions = {a.property("action"): a for a in all_named(kiosk, "adminAction")}
    assert run_until_exit(kiosk, lambda: tap(kiosk, actions["restart"])) == 75


def test_no_pin_configured_means_no_admin_screen(make_kiosk, qtbot) -> None:
    kiosk = make_kiosk("--demo")
    with qtbot.waitExposed(kiosk.window):
        kiosk.show()
    open_with_keys(kiosk)
    assert not kiosk.admin.property("open")
    assert not find_items(kiosk.window.rootObject(), "adminOverlay")


def test_a_fullscreen_kiosk_whose_window_goes_away_exits_1(qapp, tmp_path, qtbot) -> None:
    from kiosk.app import create

    kiosk = create(["--demo", "--state-dir", str(tmp_path / "state")])  # fullscreen
    try:
        assert run_until_exit(kiosk, kiosk.window.close) == 1
    finally:
        kiosk.close()


def test_queues_waiting_to_be_sent_are_shown(make_kiosk, tmp_path, qtbot) -> None:
    # Plans go to an intake and uptake events to Matomo; neither answers (a closed local port).
    extra = (
        "intake:\n  url: http://127.0.0.1:9/intake\n  allow_http: true\n"
        "uptake:\n  matomo: {url: 'http://127.0.0.1:9/', site_id: 4}\n"
    )
    clock = FakeClock(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))
    kiosk = make_kiosk(
        "--config", str(config_with_pin(tmp_path, extra)), "--demo", "--mode", "touch", clock=clock
    )
    with qtbot.waitExposed(kiosk.window):
        kiosk.show()
    kiosk.outbox_service.outbox.add(
        {"id": "p1", "kind": "plan", "created_at": "2026-06-01T09:00:00Z", "aim": "fewer falls"}
    )
    kiosk.outbox_service.nudge()
    kiosk.tracker.session_started()
    assert kiosk.recorder.flush()
    open_with_keys(kiosk)
    tap_pin(kiosk, PIN)
    qtbot.waitUntil(
        lambda: (
            dict((r["label"], r["value"]) for r in kiosk.admin.property("info"))
            .get("Outbox (plans)", "")
            .startswith("1 waiting")
        ),
        timeout=5000,
    )
    values = {row["label"]: row["value"] for row in kiosk.admin.property("info")}
    # The session just recorded, and the one the taps on the pad started.
    waiting = re.fullmatch(r"(\d+) events? waiting for Matomo", values["Uptake queue"])
    assert waiting is not None and int(waiting[1]) >= 1


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_the_admin_screen_fits_landscape_and_portrait(make_kiosk, tmp_path, qtbot, size) -> None:
    from PySide6.QtCore import QRectF

    clock = FakeClock(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))
    kiosk = make_kiosk("--config", str(config_with_pin(tmp_path)), "--demo", size=size, clock=clock)
    with qtbot.waitExposed(kiosk.window):
        kiosk.show()
    open_with_keys(kiosk)
    tap_pin(kiosk, PIN)
    window = QRectF(0, 0, kiosk.window.width(), kiosk.window.height())

    def box(node) -> QRectF:
        return node.mapRectToScene(QRectF(0, 0, node.width(), node.height()))

    buttons = [*all_named(kiosk, "adminAction"), item(kiosk, "adminExitButton")]
    values = all_named(kiosk, "adminInfoValue")
    for node in [*buttons, *values]:
        assert window.contains(box(node)), (node.objectName(), box(node))
    for button in buttons:  # each label fits inside its button
        label = next(
            c for c in button.childItems() if c.property("text") == button.property("text")
        )
        assert label.property("implicitWidth") <= button.width(), button.property("text")
    facts = max(box(v).bottom() for v in values)
    if size == "1080x1920":  # the actions go under the facts
        assert min(box(b).top() for b in buttons) > facts
    else:  # beside them
        assert min(box(b).left() for b in buttons) > max(box(v).right() for v in values)
