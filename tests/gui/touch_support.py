"""Driving the touch screens in tests: find items, tap or click them, type, read QR codes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.helpers import decode_qr_codes, qimage_to_pil

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickItem

    from kiosk.app import Kiosk

TOUCH_ARGS = ("--demo", "--mode", "touch")


def items(root: QQuickItem) -> list[QQuickItem]:
    """Every item below `root` in the visual tree (delegates included), `root` first."""
    from PySide6.QtQuick import QQuickItem

    out = [root]
    for child in root.childItems():
        if isinstance(child, QQuickItem):
            out.extend(items(child))
    return out


def shown(item: QQuickItem) -> bool:
    """Visible and not faded out, all the way up."""
    while item is not None:
        if not item.isVisible() or item.opacity() == 0:
            return False
        item = item.parentItem()
    return True


def find(kiosk: Kiosk, name: str, *, under: QQuickItem | None = None) -> list[QQuickItem]:
    root = under or kiosk.window.rootObject()
    return [i for i in items(root) if i.objectName() == name and shown(i)]


def one(kiosk: Kiosk, name: str, **kwargs: Any) -> QQuickItem:
    found = find(kiosk, name, **kwargs)
    assert len(found) == 1, f"{len(found)} items named {name!r} on screen"
    return found[0]


def centre(item: QQuickItem):
    from PySide6.QtCore import QPointF

    return item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()


def drawn(kiosk: Kiosk, timeout_ms: int = 5000) -> None:
    """Wait for the window to draw a frame.

    Qt Quick lays out Layouts and list views (and makes their delegates) only just before it
    draws. A state reached between two frames (an opacity animation that ends on a timer, on a
    busy machine, before the next frame) has items at their old size and place, and a list
    with too few delegates; after a frame they are where a person sees them.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    swapped: list[bool] = []

    def done() -> None:
        swapped.append(True)
        loop.quit()

    kiosk.window.frameSwapped.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    kiosk.window.update()
    if not swapped:
        loop.exec()
    kiosk.window.frameSwapped.disconnect(done)
    assert swapped, f"the window drew no frame in {timeout_ms} ms"


def click(kiosk: Kiosk, item: QQuickItem) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    drawn(kiosk)  # at the place a person sees it, not where it was before the last layout
    QTest.mouseClick(
        kiosk.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre(item)
    )


_touch_device: list[Any] = []


def touch_device() -> Any:
    """One touchscreen for the whole test run: Qt keeps using it after the events are sent."""
    from PySide6.QtTest import QTest

    if not _touch_device:
        _touch_device.append(QTest.createTouchDevice())
    return _touch_device[0]


def tap(kiosk: Kiosk, item: QQuickItem) -> None:
    """A finger: a real touch press and release at the item's centre."""
    from PySide6.QtTest import QTest

    device = touch_device()
    drawn(kiosk)
    point = centre(item)
    QTest.touchEvent(kiosk.window, device).press(0, point, kiosk.window).commit()
    QTest.touchEvent(kiosk.window, device).release(0, point, kiosk.window).commit()


def key(kiosk: Kiosk, code: Any, text: str = "") -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.sendKeyEvent(
        QTest.KeyAction.Click, kiosk.window, code, text, Qt.KeyboardModifier.NoModifier
    )


def type_text(kiosk: Kiosk, text: str) -> None:
    """Type on a physical keyboard into whatever has the focus."""
    from PySide6.QtCore import Qt

    for c in text:
        code = Qt.Key(ord(c.upper())) if c.isalnum() else Qt.Key.Key_Space
        key(kiosk, code, c)


def focused_name(kiosk: Kiosk) -> str:
    item = kiosk.window.activeFocusItem()
    return item.objectName() if item is not None else ""


def tab_to(kiosk: Kiosk, name: str, limit: int = 40) -> None:
    from PySide6.QtCore import Qt

    for _ in range(limit):
        if focused_name(kiosk) == name:
            return
        key(kiosk, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}")


def qr_codes(kiosk: Kiosk) -> list[str]:
    return decode_qr_codes(qimage_to_pil(kiosk.window.grabWindow()))


def settled(kiosk: Kiosk, screen: str) -> bool:
    """The navigator is on `screen`, its screen has finished fading in and has been drawn so (its
    layouts are done; see `drawn`)."""
    names = {
        "attract": "attractScreen",
        "browse": "browseScreen",
        "project": "projectScreen",
        "start": "startScreen",
        "celebrate": "celebrateScreen",
    }
    if kiosk.touch.navigator.screen != screen:
        return False
    found = [i for i in items(kiosk.window.rootObject()) if i.objectName() == names[screen]]
    if not (len(found) == 1 and found[0].opacity() == 1 and found[0].isVisible()):
        return False
    drawn(kiosk)
    return kiosk.touch.navigator.screen == screen


def tiles_on_screen(kiosk: Kiosk) -> list[str]:
    """Project ids of the cards a person can see, in order."""
    grid = one(kiosk, "projectGrid")
    top, bottom = grid.property("contentY"), grid.property("contentY") + grid.height()
    cards = [
        t
        for t in find(kiosk, "projectTile", under=grid)
        if t.y() + t.height() > top and t.y() < bottom
    ]
    cards.sort(key=lambda t: (t.y(), t.x()))
    return [t.property("projectId") for t in cards]


class Events:
    """Every uptake event, in order, as (name, args)."""

    def __init__(self, uptake: Any) -> None:
        self.seen: list[tuple[str, tuple[Any, ...]]] = []
        for name in (
            "sessionStarted",
            "sessionEnded",
            "projectOpened",
            "qrShown",
            "templateChosen",
            "searchUsed",
            "filterUsed",
        ):
            getattr(uptake, name).connect(lambda *args, _n=name: self.seen.append((_n, args)))

    def named(self, name: str) -> list[tuple[Any, ...]]:
        return [args for n, args in self.seen if n == name]
