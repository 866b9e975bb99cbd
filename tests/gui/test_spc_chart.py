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


def test_data_line_looks_like_one_stroked_path(qapp) -> None:
    """The data line is drawn as flat segments with round points at the vertices (fast in the
    software renderer); it must cover exactly what one path with round caps and joins covers."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen

    from kiosk.chart import style
    from kiosk.chart.geometry import ChartLayout
    from kiosk.ui.spc_chart import paint_chart

    rng = random.Random(3)
    run = [(40.0 + i * 37.5, 300.0 + rng.uniform(-220, 220)) for i in range(30)]
    layout = ChartLayout(width=1200, height=600, pixel_size=36, polylines=[run, [(600.0, 50.0)]])
    width = layout.thin * 2.2

    def image() -> QImage:
        out = QImage(1200, 600, QImage.Format.Format_RGB32)
        out.fill(QColor("white"))
        return out

    drawn = image()
    painter = QPainter(drawn)
    paint_chart(painter, layout, QFont())
    painter.end()
    reference = image()
    painter = QPainter(reference)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(QColor(style.LINE), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    path = QPainterPath(QPointF(*run[0]))
    for x, y in run[1:]:
        path.lineTo(x, y)
    painter.drawPath(path)
    painter.end()

    def ink(colour: QColor) -> int:
        return 255 - min(colour.red(), colour.green(), colour.blue())

    covered = differ = missing = 0
    for y in range(0, 600):
        for x in range(0, 1200):
            a, b = reference.pixelColor(x, y), drawn.pixelColor(x, y)
            gap = max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))
            covered += ink(a) > 0
            # Only antialiased edges may differ, and only by a little; never a missing piece.
            assert gap <= 100, f"({x}, {y}): {a.name()} drawn as {b.name()}"
            differ += gap > 24
            missing += ink(a) > 128 and ink(b) < 64
    assert covered > 20_000
    assert missing == 0
    assert differ < covered * 0.02


def test_charts_that_qml_deletes_do_not_keep_their_analysis_and_layout(qtbot) -> None:
    """A project page's charts go when the page does; their Python side keeps nothing big."""
    import gc

    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent, QUrl
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    from kiosk.ui.spc_chart import SpcChart

    engine = QQmlEngine()
    component = QQmlComponent(engine)
    component.setData(
        b"import QtQuick\nimport KioskUi\nItem { width: 400; height: 300\n"
        b"  property alias count: charts.model\n  property var chart\n"
        b"  Repeater { id: charts; model: 4\n"
        b"    SpcChart { width: 400; height: 300; chart: parent.chart } } }\n",
        QUrl("inline.qml"),
    )
    root = component.create()
    assert root is not None, component.errorString()
    chart = analyse_measure(CASES["baseline"])
    root.setProperty("chart", chart)
    made = [o for o in gc.get_objects() if isinstance(o, SpcChart) and shiboken6.isValid(o)
            and o.property("chart") is chart]  # fmt: skip
    assert len(made) == 4 and all(o.property("prepared") for o in made)
    del made
    root.setProperty("count", 0)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    gone = [o for o in gc.get_objects() if isinstance(o, SpcChart) and not shiboken6.isValid(o)]
    assert all(getattr(o, "_layout", None) is None and getattr(o, "_chart", None) is None
               for o in gone)  # fmt: skip
    root.deleteLater()
    engine.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
