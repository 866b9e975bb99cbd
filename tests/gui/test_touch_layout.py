"""Touch screens in landscape and portrait: nothing clipped, big enough to touch and to read."""

from __future__ import annotations

import pytest

from tests.gui.touch_support import TOUCH_ARGS, items, settled, shown

SCREENS = ("browse", "project", "start")
SCROLLERS = (
    "filterChips",
    "projectGrid",
    "projectPage",
    "measureCharts",
    "onScreenKeyboard",
    "visitorGroupList",
)


def open_screen(kiosk, screen: str, qtbot) -> None:
    nav = kiosk.touch.navigator
    nav.home()
    if screen == "project":
        kiosk.touch.openProject("ward-7-falls")
    elif screen == "start":
        kiosk.touch.openStart()
        kiosk.touch.chooseTemplate(kiosk.catalogue.feed.templates[0].id)
    qtbot.waitUntil(lambda: settled(kiosk, screen))
    qtbot.wait(50)


def inside_scroller(item) -> bool:
    while item is not None:
        if item.objectName() in SCROLLERS:
            return True
        item = item.parentItem()
    return False


@pytest.mark.parametrize("size", ["1280x720", "720x1280"])
def test_nothing_clipped_and_sizes_for_people(make_kiosk, qtbot, size: str) -> None:
    from PySide6.QtCore import QRectF

    kiosk = make_kiosk(*TOUCH_ARGS, size=size)
    kiosk.show()
    width, height = (int(v) for v in size.split("x"))
    kiosk.touch.navigator.wake()
    problems = []
    for screen in SCREENS:
        open_screen(kiosk, screen, qtbot)
        for item in items(kiosk.window.rootObject()):
            if not shown(item) or inside_scroller(item):
                continue
            rect = item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))
            label = (
                f"{screen}: {item.objectName() or type(item).__name__} {item.property('text')!r}"
            )
            if item.inherits("QQuickText") and item.property("text"):
                if rect.left() < -1 or rect.right() > width + 1:
                    problems.append(f"{label} runs off the screen")
                if item.property("truncated"):
                    problems.append(f"{label} is cut short")
                if item.property("font").pixelSize() < 0.02 * height - 0.5:
                    problems.append(f"{label} is smaller than 2% of the screen height")
            if item.objectName() in ("backButton", "homeButton", "startButton", "templateTile"):
                if min(rect.width(), rect.height()) < 48 * height / 1080:
                    problems.append(f"{label} is too small to touch")
                if rect.left() < 0 or rect.right() > width:
                    problems.append(f"{label} is off the screen")
    assert problems == []
