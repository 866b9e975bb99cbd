"""The SPC chart item on awkward series: laid out and drawn without warnings, every signal kept."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kiosk import spc
from kiosk.catalogue import analyse_measure
from kiosk.feed.model import Measure

START = dt.date(2020, 1, 1)


def measure(values: list[float | None], **options: object) -> Measure:
    dates = tuple(dt.date(START.year + i // 12, i % 12 + 1, 1) for i in range(len(values)))
    improvement = str(options.pop("improvement", "increase"))
    return Measure(
        name="Waits",
        unit="%",
        improvement=improvement,
        dates=dates,
        values=tuple(values),
        **options,
    )  # type: ignore[arg-type]


def series(n: int, seed: int = 1) -> list[float]:
    rng = random.Random(seed)
    return [50 + rng.gauss(0, 3) for _ in range(n)]


CASES = {
    "one point": measure([42.0]),
    "two points": measure([42.0, 44.0]),
    "constant": measure([7.0] * 20),
    "rebase": measure(
        [*series(15), *(v + 20 for v in series(15, 2))], rebase=(dt.date(2021, 4, 1),)
    ),
    "baseline": measure(series(30), baseline=12),
    "target above all data": measure(series(24), target=500.0),
    "too few for limits": measure(series(9)),
}


@pytest.fixture
def chart_view(qtbot):
    from PySide6.QtCore import QUrl
    from PySide6.QtQuick import QQuickView

    import kiosk.ui.spc_chart  # noqa: F401 (registers SpcChart)

    view = QQuickView()
    view.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
    view.setColor("white")
    qml = (
        b"import QtQuick\nimport KioskUi\nSpcChart { objectName: 'spcChart'; labelPixelSize: 27 }\n"
    )
    from PySide6.QtQml import QQmlComponent

    component = QQmlComponent(view.engine())
    component.setData(qml, QUrl("inline.qml"))
    item = component.create()
    view.setContent(QUrl("inline.qml"), component, item)
    view.resize(1100, 600)
    with qtbot.waitExposed(view):
        view.show()
    yield view, item
    view.close()
    view.deleteLater()


@pytest.mark.parametrize("name", list(CASES))
def test_awkward_series_render(chart_view, qtbot, name: str) -> None:
    view, item = chart_view
    chart = analyse_measure(CASES[name])
    assert chart.error is None
    item.setProperty("chart", chart)
    qtbot.waitUntil(lambda: item.property("prepared"), timeout=2000)
    image = view.grabWindow()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    }
    assert len(colours) > 3, "the chart drew nothing"
    if name == "too few for limits":
        assert chart.analysis is not None and not chart.analysis.limits_shown
        assert chart.reading == "Too few data points to judge yet (9 of 13)"


def test_ten_thousand_points_are_decimated_but_every_signal_is_kept(qtbot) -> None:
    from PySide6.QtGui import QFont

    from kiosk.chart import layout_chart
    from kiosk.ui.spc_chart import FontMeasure

    values = series(10_000, seed=3)
    for i in (1234, 5678, 9000):
        values[i] = 200.0  # far above the upper limit
    analysis = spc.analyse(values, improvement="increase")
    special = [p for p in analysis.points if p.special_cause]
    assert len(special) >= 3
    font = QFont()
    font.setPixelSize(27)
    layout = layout_chart(analysis, 1100, 600, FontMeasure(font), 27)
    assert len(layout.dots) == len(special)  # common-cause dots are left out, no signal is
    vertices = sum(len(run) for run in layout.polylines)
    assert vertices < 3 * layout.plot.width, vertices  # a min/max pair per pixel column


def test_bad_measure_data_becomes_a_message_not_a_crash() -> None:
    chart = analyse_measure(measure([1.0, 2.0], baseline=5))
    assert chart.analysis is None
    assert chart.error is not None and "baseline" in chart.error
