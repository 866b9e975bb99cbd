"""The SPC chart and the Making Data Count icons, painted natively (crisp at any size).

The chart's geometry (`kiosk.chart`) is worked out when its data or size changes, so a poster
is laid out before it is shown; painting only draws the prepared lines and points.
`paint_chart` draws a layout with any QPainter: this item, or a PDF page.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Property, QLineF, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtQml import QmlElement
from PySide6.QtQuick import QQuickItem, QQuickPaintedItem

from kiosk.catalogue import Chart
from kiosk.chart import ChartLayout, Label, Line, icon_style, layout_chart, style
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME

__all__ = [
    "QML_IMPORT_MAJOR_VERSION",
    "QML_IMPORT_NAME",
    "FontMeasure",
    "SpcChart",
    "SpcIcon",
    "paint_chart",
    "paint_icon",
]

INK = QColor(style.INK)
MUTED = QColor(style.MUTED)


class FontMeasure:
    """The chart layout's text measure, from a real font."""

    def __init__(self, font: QFont) -> None:
        self._metrics = QFontMetricsF(font)
        self.ascent = self._metrics.ascent()
        self.descent = self._metrics.descent()
        self.height = self._metrics.height()
        self.cap_height = self._metrics.capHeight()

    def width(self, text: str) -> float:
        return self._metrics.horizontalAdvance(text)


def chart_layout(chart: Chart, width: float, height: float, font: QFont) -> ChartLayout | None:
    """The layout of `chart` at this size and font, or None when there is nothing to draw."""
    if chart.analysis is None or width <= 0 or height <= 0:
        return None
    return layout_chart(
        chart.analysis, width, height, FontMeasure(font), font.pixelSize(), chart.measure.unit
    )


def _qline(line: Line) -> tuple[QPointF, QPointF]:
    return QPointF(line.x1, line.y1), QPointF(line.x2, line.y2)


def _draw_label(painter: QPainter, metrics: QFontMetricsF, label: Label) -> None:
    x = label.x - metrics.horizontalAdvance(label.text) if label.anchor == "end" else label.x
    painter.drawText(QPointF(x, label.baseline), label.text)


def paint_chart(painter: QPainter, layout: ChartLayout, font: QFont) -> None:
    """Draw a chart layout with `painter`, labels in `font` (the font it was laid out with)."""
    if layout.empty:
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    thin = layout.thin

    painter.setPen(QPen(QColor(style.GRID), thin))
    for line in layout.grid:
        painter.drawLine(*_qline(line))
    painter.setPen(QPen(MUTED, thin))
    for label in layout.y_labels + layout.x_labels:
        _draw_label(painter, metrics, label)

    # Recalculations: a dotted vertical line where new limits start.
    painter.setPen(QPen(MUTED, thin, Qt.PenStyle.DotLine))
    for line in layout.breaks:
        painter.drawLine(*_qline(line))
    if layout.target is not None:
        painter.setPen(QPen(QColor(style.TARGET), thin * 2.2, Qt.PenStyle.DashLine))
        painter.drawLine(*_qline(layout.target))
    painter.setPen(QPen(QColor(style.LIMIT), thin * 1.8, Qt.PenStyle.DashLine))
    for line in layout.limits:
        painter.drawLine(*_qline(line))
    painter.setPen(QPen(INK, thin * 2.4))
    for line in layout.means:
        painter.drawLine(*_qline(line))

    if layout.target_box is not None and layout.target_label is not None:
        box = layout.target_box
        painter.fillRect(QRectF(box.left, box.top, box.width, box.height), QColor(style.PAPER))
        painter.setPen(QColor(style.TARGET))
        _draw_label(painter, metrics, layout.target_label)

    # The data line, round at its ends and joins. Stroked as one path, a wide antialiased line
    # costs Qt's software rasteriser 15-40 ms a chart; as flat-capped segments (its fast path for
    # lines) with a round point of the same width at each vertex, about 2 ms, and it looks the
    # same (only the antialiased edges where two pieces overlap differ, slightly).
    painter.setBrush(Qt.BrushStyle.NoBrush)
    colour, width = QColor(style.LINE), thin * 2.2
    segments = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
    joins = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    for run in layout.polylines:
        if len(run) < 2:
            continue
        painter.setPen(segments)
        painter.drawLines([QLineF(*a, *b) for a, b in pairwise(run)])
        painter.setPen(joins)
        painter.drawPoints(QPolygonF([QPointF(x, y) for x, y in run]))
    painter.setPen(QPen(QColor(style.PAPER), thin))
    r = layout.dot_radius
    for dot in layout.dots:
        painter.setBrush(QColor(dot.colour))
        painter.drawEllipse(QPointF(dot.x, dot.y), r, r)

    painter.setPen(QPen(MUTED, thin))
    for note in layout.notes:
        _draw_label(painter, metrics, note)


def forget_on_destroy(item: QObject, *names: str) -> None:
    """Drop the item's Python attributes `names` when Qt deletes the item.

    When QML deletes an item of a Python type it made (a chart in a delegate), Qt for Python
    keeps the item's Python object; without this, each such chart would stay in memory with its
    analysis and layout (found by scripts/soak.py). The project page, which made and dropped
    charts on every visit, shows them as images instead (kiosk/ui/spc_images.py).
    """
    state = item.__dict__

    def forget() -> None:
        for name in names:
            state.pop(name, None)

    item.destroyed.connect(forget)


@QmlElement
class SpcChart(QQuickPaintedItem):
    """An XmR chart: points coloured by type, mean solid, limits dashed, target, recalculations."""

    chartChanged = Signal()
    labelPixelSizeChanged = Signal()
    fontFamilyChanged = Signal()
    preparedChanged = Signal()

    def __init__(self, parent: QQuickItem | None = None) -> None:
        super().__init__(parent)
        self._chart: Chart | None = None
        self._label_px = 24.0
        self._family = ""
        self._layout: ChartLayout | None = None
        self.setAntialiasing(True)
        forget_on_destroy(self, "_chart", "_layout")

    # --- properties -----------------------------------------------------------------------

    @Property("QVariant", notify=chartChanged)
    def chart(self) -> Chart | None:
        return self._chart

    @chart.setter  # type: ignore[no-redef]
    def chart(self, chart: Chart | None) -> None:
        if not isinstance(chart, Chart):
            chart = None
        if chart is not self._chart:
            self._chart = chart
            self.chartChanged.emit()
            self._relayout()

    def _get_label_px(self) -> float:
        return self._label_px

    def _set_label_px(self, size: float) -> None:
        if size != self._label_px and size > 0:
            self._label_px = size
            self.labelPixelSizeChanged.emit()
            self._relayout()

    labelPixelSize = Property(float, _get_label_px, _set_label_px, notify=labelPixelSizeChanged)

    def _get_family(self) -> str:
        return self._family

    def _set_family(self, family: str) -> None:
        if family != self._family:
            self._family = family
            self.fontFamilyChanged.emit()
            self._relayout()

    fontFamily = Property(str, _get_family, _set_family, notify=fontFamilyChanged)

    def _get_prepared(self) -> bool:
        return self._layout is not None

    prepared = Property(bool, _get_prepared, notify=preparedChanged)

    # --- layout ---------------------------------------------------------------------------

    def geometryChange(self, new: QRectF, old: QRectF) -> None:
        super().geometryChange(new, old)
        if new.size() != old.size():
            self._relayout()

    def _font(self) -> QFont:
        font = QFont(self._family) if self._family else QFont()
        font.setPixelSize(max(1, round(self._label_px)))
        return font

    def _relayout(self) -> None:
        was = self._layout is not None
        self._layout = (
            chart_layout(self._chart, self.width(), self.height(), self._font())
            if self._chart is not None
            else None
        )
        if was != (self._layout is not None):
            self.preparedChanged.emit()
        self.update()

    # --- painting -------------------------------------------------------------------------

    def paint(self, painter: QPainter) -> None:
        if self._layout is not None:
            paint_chart(painter, self._layout, self._font())


@QmlElement
class SpcIcon(QQuickPaintedItem):
    """A Making Data Count variation or assurance icon: a coloured ring with a letter or arrow."""

    kindChanged = Signal()
    valueChanged = Signal()

    def __init__(self, parent: QQuickItem | None = None) -> None:
        super().__init__(parent)
        self._kind = "variation"
        self._value = ""
        self.setAntialiasing(True)

    def _get_kind(self) -> str:
        return self._kind

    def _set_kind(self, kind: str) -> None:
        if kind != self._kind:
            self._kind = kind
            self.kindChanged.emit()
            self.update()

    kind = Property(str, _get_kind, _set_kind, notify=kindChanged)

    def _get_value(self) -> str:
        return self._value

    def _set_value(self, value: str) -> None:
        if value != self._value:
            self._value = value or ""
            self.valueChanged.emit()
            self.update()

    value = Property(str, _get_value, _set_value, notify=valueChanged)

    def paint(self, painter: QPainter) -> None:
        if self._value:
            paint_icon(painter, QRectF(0, 0, self.width(), self.height()), self._kind, self._value)


def paint_icon(painter: QPainter, area: QRectF, kind: str, value: str) -> None:
    """Draw a Making Data Count icon centred in `area` (the item, or a box on a PDF page)."""
    hex_colour, letter = icon_style(kind, value)
    colour = QColor(hex_colour)
    side = min(area.width(), area.height())
    ring = side * 0.08
    box = QRectF(
        area.left() + (area.width() - side) / 2 + ring / 2,
        area.top() + (area.height() - side) / 2 + ring / 2,
        side - ring,
        side - ring,
    )
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(colour, ring))
    painter.setBrush(QColor("#ffffff"))
    painter.drawEllipse(box)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(1, round(side * 0.42)))
    painter.setFont(font)
    painter.setPen(colour)
    if letter:
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, letter)
    else:
        # Common cause: a flat grey line of dots, as in the MDC icon.
        r = side * 0.055
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        for k in (-2, -1, 0, 1, 2):
            painter.drawEllipse(QPointF(box.center().x() + k * side * 0.14, box.center().y()), r, r)
    painter.restore()
