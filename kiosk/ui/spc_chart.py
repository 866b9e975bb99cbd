"""The SPC chart and the Making Data Count icons, painted natively (crisp at any size).

The chart's geometry is worked out when its data or size changes (so a poster is laid out
before it is shown); painting only draws the prepared lines and points.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from PySide6.QtCore import Property, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtQml import QmlElement
from PySide6.QtQuick import QQuickItem, QQuickPaintedItem

from kiosk import spc
from kiosk.catalogue import Chart
from kiosk.spc_reading import format_number
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME

__all__ = ["QML_IMPORT_MAJOR_VERSION", "QML_IMPORT_NAME", "SpcChart", "SpcIcon"]

# Making Data Count colours.
POINT_COLOURS = {
    "common_cause": QColor("#7B7D7D"),
    "special_cause_improvement": QColor("#289DE0"),
    "special_cause_concern": QColor("#E87D00"),
    "special_cause_neutral_high": QColor("#5B2C86"),
    "special_cause_neutral_low": QColor("#5B2C86"),
}
INK = QColor("#212B32")
MUTED = QColor("#4C6272")
GRID = QColor("#D8DDE0")
LINE = QColor("#8A9BA6")
LIMIT = QColor("#4C6272")
TARGET = QColor("#B0170C")
BLUE = QColor("#289DE0")
ORANGE = QColor("#E87D00")
PURPLE = QColor("#5B2C86")
GREY = QColor("#7B7D7D")

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round axis values covering [low, high], about `count` of them."""
    if not math.isfinite(low) or not math.isfinite(high):
        return []
    if high <= low:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def date_label(day: dt.date | str | None) -> str:
    if isinstance(day, dt.date):
        return f"{MONTHS[day.month - 1]} {day.year}"
    return str(day or "")


@dataclass
class _Layout:
    plot: QRectF = field(default_factory=QRectF)
    line_paths: list[QPainterPath] = field(default_factory=list)
    dots: list[tuple[QPointF, QColor]] = field(default_factory=list)
    means: list[tuple[QPointF, QPointF]] = field(default_factory=list)
    limits: list[tuple[QPointF, QPointF]] = field(default_factory=list)
    breaks: list[float] = field(default_factory=list)
    target_y: float | None = None
    target_label: str = ""
    y_labels: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    notes: list[tuple[QPointF, str]] = field(default_factory=list)
    dot_radius: float = 4.0


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
        self._layout: _Layout | None = None
        self.setAntialiasing(True)

    # --- properties -----------------------------------------------------------------------

    def _get_chart(self) -> Chart | None:
        return self._chart

    def _set_chart(self, chart: Chart | None) -> None:
        if not isinstance(chart, Chart):
            chart = None
        if chart is not self._chart:
            self._chart = chart
            self.chartChanged.emit()
            self._relayout()

    chart = Property("QVariant", _get_chart, _set_chart, notify=chartChanged)

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
        self._layout = None
        if (
            self._chart is not None
            and self._chart.analysis is not None
            and self.width() > 0
            and self.height() > 0
        ):
            self._layout = layout_chart(
                self._chart.analysis,
                QSizeF(self.width(), self.height()),
                self._font(),
                self._chart.measure.unit,
            )
        if was != (self._layout is not None):
            self.preparedChanged.emit()
        self.update()

    # --- painting -------------------------------------------------------------------------

    def paint(self, painter: QPainter) -> None:
        layout = self._layout
        if layout is None:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = self._font()
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        plot = layout.plot
        thin = max(1.0, self._label_px / 14)

        painter.setPen(QPen(GRID, thin))
        for y, _ in layout.y_labels:
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QPen(MUTED, thin))
        for y, text in layout.y_labels:
            w = metrics.horizontalAdvance(text)
            painter.drawText(
                QPointF(plot.left() - w - self._label_px * 0.4, y + metrics.capHeight() / 2), text
            )
        for x, text in layout.x_labels:
            w = metrics.horizontalAdvance(text)
            left = min(max(x - w / 2, 0.0), self.width() - w)
            painter.drawText(
                QPointF(left, plot.bottom() + metrics.ascent() + self._label_px * 0.35), text
            )

        # Recalculations: a dotted vertical line where new limits start.
        painter.setPen(QPen(MUTED, thin, Qt.PenStyle.DotLine))
        for x in layout.breaks:
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))

        if layout.target_y is not None:
            painter.setPen(QPen(TARGET, thin * 2.2, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(plot.left(), layout.target_y), QPointF(plot.right(), layout.target_y)
            )

        painter.setPen(QPen(LIMIT, thin * 1.8, Qt.PenStyle.DashLine))
        for a, b in layout.limits:
            painter.drawLine(a, b)
        painter.setPen(QPen(INK, thin * 2.4))
        for a, b in layout.means:
            painter.drawLine(a, b)

        if layout.target_y is not None:
            # The label sits on a white patch at the right-hand end, above the line if room allows.
            w = metrics.horizontalAdvance(layout.target_label)
            above = layout.target_y - metrics.height() * 0.9 >= plot.top()
            baseline = (
                layout.target_y - metrics.descent() - thin * 2
                if above
                else layout.target_y + metrics.ascent() + thin * 2
            )
            box = QRectF(
                plot.right() - w - self._label_px * 0.3,
                baseline - metrics.ascent(),
                w + self._label_px * 0.3,
                metrics.height(),
            )
            painter.fillRect(box, QColor("#ffffff"))
            painter.setPen(TARGET)
            painter.drawText(QPointF(plot.right() - w, baseline), layout.target_label)

        painter.setPen(
            QPen(
                LINE,
                thin * 2.2,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in layout.line_paths:
            painter.drawPath(path)
        painter.setPen(QPen(QColor("#ffffff"), thin))
        r = layout.dot_radius
        for centre, colour in layout.dots:
            painter.setBrush(colour)
            painter.drawEllipse(centre, r, r)

        painter.setPen(QPen(MUTED, thin))
        for where, text in layout.notes:
            painter.drawText(where, text)


def layout_chart(analysis: spc.Analysis, size: QSizeF, font: QFont, unit: str = "") -> _Layout:
    """Work out every line, point and label of a chart for an item of `size`."""
    metrics = QFontMetricsF(font)
    px = float(font.pixelSize())
    points = analysis.points
    values = [p.value for p in points if p.value is not None]
    out = _Layout()
    if not values:
        return out

    candidates = list(values)
    for s in analysis.sections:
        candidates += [v for v in (s.mean, s.lpl, s.upl) if v is not None]
    if analysis.target is not None:
        candidates.append(analysis.target)
    low, high = min(candidates), max(candidates)
    ticks = nice_ticks(low, high, 4)
    if ticks:
        low, high = min(low, ticks[0]), max(high, ticks[-1])
    if high <= low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.06
    low, high = low - pad, high + pad

    suffix = "%" if unit.strip() == "%" else ""
    y_texts = [format_number(t) + suffix for t in ticks]
    label_w = max((metrics.horizontalAdvance(t) for t in y_texts), default=0.0)
    trial = analysis.limits_shown and any(s.short and s.has_limits for s in analysis.sections)
    top = metrics.height() * 1.1 if trial else px * 0.6
    plot = QRectF(
        label_w + px * 0.8,
        top,
        size.width() - label_w - px * 0.8 - px * 0.9,
        size.height() - top - metrics.height() - px * 0.45,
    )
    if plot.width() <= 10 or plot.height() <= 10:
        return out
    out.plot = plot
    n = len(points)

    def x_at(i: float) -> float:
        return plot.left() + (plot.width() * (i / (n - 1)) if n > 1 else plot.width() / 2)

    def y_at(v: float) -> float:
        return plot.bottom() - (v - low) / (high - low) * plot.height()

    out.y_labels = [(y_at(t), text) for t, text in zip(ticks, y_texts, strict=True)]
    out.dot_radius = max(3.0, min(px * 0.33, plot.width() / max(n, 1) * 0.42))

    # Date labels: as many as fit without crowding, evenly spread, first and last included.
    label_w = max(
        metrics.horizontalAdvance(date_label(points[0].date)), metrics.horizontalAdvance("Sep 2026")
    )
    slots = max(1, min(n, int(plot.width() // (label_w * 1.6)) + 1))
    chosen = (
        sorted({round(k * (n - 1) / max(slots - 1, 1)) for k in range(slots)}) if n > 1 else [0]
    )
    out.x_labels = [
        (x_at(i), date_label(points[i].date)) for i in chosen if points[i].date is not None
    ]

    # Lines per section, with a gap at each recalculation.
    for section in analysis.sections:
        a, b = x_at(section.start), x_at(section.stop - 1)
        if section.mean is not None:
            out.means.append((QPointF(a, y_at(section.mean)), QPointF(b, y_at(section.mean))))
        if section.lpl is not None and section.upl is not None and analysis.limits_shown:
            for v in (section.lpl, section.upl):
                out.limits.append((QPointF(a, y_at(v)), QPointF(b, y_at(v))))
        if section.index > 0:
            out.breaks.append(x_at(section.start - 0.5))
        if section.short and section.has_limits and analysis.limits_shown:
            out.notes.append((QPointF(a, metrics.ascent()), "trial limits"))
    if analysis.target is not None:
        out.target_y = y_at(analysis.target)
        out.target_label = f"Target {format_number(analysis.target)}{suffix}"

    # The data line, decimated to one min/max pair per pixel column for long series.
    columns = int(plot.width())
    decimate = n > columns * 2
    path = QPainterPath()
    pen_down = False
    last_col = -1
    col_min = col_max = 0.0
    for p in points:
        if p.value is None:
            pen_down = False
            continue
        x, y = x_at(p.index), y_at(p.value)
        if decimate:
            col = int(x)
            if col == last_col and pen_down:
                col_min, col_max = min(col_min, y), max(col_max, y)
                continue
            if pen_down:
                path.lineTo(QPointF(last_col, col_min))
                path.lineTo(QPointF(last_col, col_max))
            last_col, col_min, col_max = col, y, y
        if pen_down:
            path.lineTo(QPointF(x, y))
        else:
            path.moveTo(QPointF(x, y))
            pen_down = True
    out.line_paths = [path]

    # Dots: every point when they fit; otherwise every special-cause point (none is dropped).
    show_common = not decimate and n <= 400
    for p in points:
        if p.value is None:
            continue
        if p.point_type == "common_cause" and not show_common:
            continue
        out.dots.append((QPointF(x_at(p.index), y_at(p.value)), POINT_COLOURS[p.point_type]))
    return out


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
        if not self._value:
            return
        colour, letter = icon_style(self._kind, self._value)
        side = min(self.width(), self.height())
        ring = side * 0.08
        box = QRectF(
            (self.width() - side) / 2 + ring / 2,
            (self.height() - side) / 2 + ring / 2,
            side - ring,
            side - ring,
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colour, ring))
        painter.setBrush(QColor("#ffffff"))
        painter.drawEllipse(box)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(1, round(side * 0.42)))
        painter.setFont(font)
        painter.setPen(colour)
        if letter:
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, letter)
        else:
            # Common cause: a flat grey line of dots, as in the MDC icon.
            r = side * 0.055
            for k in (-2, -1, 0, 1, 2):
                painter.setBrush(colour)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawEllipse(
                    QPointF(box.center().x() + k * side * 0.14, box.center().y()), r, r
                )


def icon_style(kind: str, value: str) -> tuple[QColor, str]:
    """The colour and letter of an icon (empty letter for common cause)."""
    if kind == "assurance":
        return {"pass": (BLUE, "P"), "fail": (ORANGE, "F")}.get(value, (GREY, "?"))
    side = "H" if value.endswith("_high") else "L"
    if value.startswith("improvement"):
        return BLUE, side
    if value.startswith("concern"):
        return ORANGE, side
    if value.startswith("neutral"):
        return PURPLE, side
    return GREY, ""
