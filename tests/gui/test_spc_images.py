"""SPC charts and icons as images (``image://spc/...``): painted as the items paint them, only
for the charts being served, and the project page makes no Python items on a visit."""

from __future__ import annotations

import datetime as dt
import gc
import random

import pytest

from kiosk.catalogue import analyse_measure
from kiosk.feed.model import Measure
from tests.gui.touch_support import TOUCH_ARGS, find, settled

pytestmark = pytest.mark.usefixtures("qapp")


def chart():
    rng = random.Random(3)
    dates = tuple(dt.date(2024 + i // 12, i % 12 + 1, 1) for i in range(30))
    values = tuple(50 + rng.gauss(0, 3) for _ in range(30))
    waits = Measure(
        name="Waits",
        unit="%",
        improvement="increase",
        dates=dates,
        values=values,
        target=55.0,
        baseline=12,
    )
    return analyse_measure(waits)


def request(images, image_id: str, width: int, height: int):
    from PySide6.QtCore import QSize

    size = QSize()
    image = images.requestImage(image_id, size, QSize(width, height))
    return image, size


def test_a_served_chart_is_painted_as_the_item_paints_it() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QImage, QPainter

    from kiosk.ui.spc_chart import chart_layout, paint_chart
    from kiosk.ui.spc_images import SpcImages

    images = SpcImages()
    served = chart()
    [key] = images.serve([served])
    image, size = request(images, f"chart/{key}?px=22&family=Lato", 900, 400)
    assert (image.width(), image.height()) == (900, 400) and (size.width(), size.height()) == (
        900,
        400,
    )

    font = QFont("Lato")
    font.setPixelSize(22)
    expected = QImage(900, 400, QImage.Format.Format_ARGB32_Premultiplied)
    expected.fill(Qt.GlobalColor.transparent)
    painter = QPainter(expected)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    layout = chart_layout(served, 900, 400, font)
    assert layout is not None
    paint_chart(painter, layout, font)
    painter.end()
    assert image == expected
    assert image != QImage(900, 400, QImage.Format.Format_ARGB32_Premultiplied)


def transparent(image) -> bool:
    return all(
        image.pixelColor(x, y).alpha() == 0
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )


def test_only_the_charts_being_served_are_drawn_and_keys_are_never_reused() -> None:
    from kiosk.ui.spc_images import SpcImages

    images = SpcImages()
    first = images.serve([chart(), None])
    assert first[1] == ""
    second = images.serve([chart()])
    assert second[0] not in first
    old, _ = request(images, f"chart/{first[0]}?px=20", 300, 200)
    assert (old.width(), old.height()) == (300, 200) and transparent(old)
    new, _ = request(images, f"chart/{second[0]}?px=20", 300, 200)
    assert not transparent(new)
    images.serve(())
    gone, _ = request(images, f"chart/{second[0]}?px=20", 300, 200)
    assert transparent(gone)


def test_icons_have_their_colour_and_odd_requests_give_an_empty_image() -> None:
    from PySide6.QtGui import QColor

    from kiosk.chart import icon_style
    from kiosk.ui.spc_images import MAX_SIDE, SpcImages

    images = SpcImages()
    icon, _ = request(images, "icon/assurance/fail", 80, 80)
    colour, letter = icon_style("assurance", "fail")
    assert letter == "F"
    ring = icon.pixelColor(40, 5)  # the top of the ring
    assert ring.alpha() == 255 and ring.name() == QColor(colour).name()

    early, size = request(images, "icon/variation/common_cause", 0, 0)  # before sourceSize
    assert (early.width(), early.height()) == (1, 1) and (size.width(), size.height()) == (1, 1)
    odd, _ = request(images, "nonsense/../../x", 20, 20)
    assert transparent(odd)
    huge, _ = request(images, "icon/assurance/pass", 100_000, 50)
    assert huge.width() == MAX_SIDE
    bad_size, _ = request(images, f"chart/{images.serve([chart()])[0]}?px=big", 200, 100)
    assert not transparent(bad_size)


def test_the_project_page_shows_its_charts_as_images_and_keeps_no_python_items(
    make_kiosk, qtbot
) -> None:
    import shiboken6

    from kiosk.ui.spc_chart import SpcChart, SpcIcon

    def dead() -> dict[int, object]:
        """Python objects of painted items Qt has deleted (other tests' kiosks leave some)."""
        kiosk.window.engine().collectGarbage()
        gc.collect()
        return {
            id(o): o for o in gc.get_objects()
            if isinstance(o, SpcChart | SpcIcon) and not shiboken6.isValid(o)
        }  # fmt: skip

    kiosk = make_kiosk(*TOUCH_ARGS)
    kiosk.show()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    before = dead()
    projects = [p for p in kiosk.catalogue.feed.projects if p.measures][:3]
    for project in projects:
        kiosk.touch.navigator.wake()
        qtbot.waitUntil(lambda: settled(kiosk, "browse"))
        kiosk.touch.openProject(project.id)
        qtbot.waitUntil(lambda: settled(kiosk, "project"))
        charts = find(kiosk, "spcChart")
        assert charts, project.id
        for item in charts:
            assert item.metaObject().className() == "QQuickImage"
            assert item.property("source").toString().startswith("image://spc/chart/")
            qtbot.waitUntil(lambda item=item: item.property("progress") == 1.0)
            picture = item.property("sourceSize")
            assert (picture.width(), picture.height()) == (
                round(item.width()),
                round(item.height()),
            )
            assert item.width() > 300
        kiosk.touch.navigator.sleep()  # the session ends
        qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    assert dead().keys() - before.keys() == set()  # `before` keeps its objects (and ids)
