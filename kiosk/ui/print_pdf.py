"""Printed posters: one PDF page per project, laid out for paper (A4 to A1, either way round).

Everything on the page is vector: text in the embedded Lato font, the SPC chart drawn from its
geometry (`kiosk.chart`) by the same `paint_chart` the screen uses, the Making Data Count icons,
and the QR code as filled squares, one path for the whole code. Only the project's image is a
bitmap, embedded at 300 dpi of its printed size (or at its own resolution, if lower).

Sizes are given in millimetres for A4 and scale with the paper, so an A3 page is an A4 page
enlarged. Texts wrap at word boundaries (links after a "/" or before a "-", anywhere in a long part;
titles in lines of even length); when a page's content is too long, the type is made smaller
step by step, then the longest lists show their first entries and say how many more there are,
so nothing is ever cut off at the edge.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)

from kiosk import __version__
from kiosk.atomic import write_atomic
from kiosk.catalogue import Catalogue, Chart
from kiosk.config import KioskConfig
from kiosk.feed.http import HttpFetcher
from kiosk.feed.media import MediaCache
from kiosk.feed.model import Feed, Project
from kiosk.printing import PrintError, Sheet, choose_projects, load_feed, page_mm, sheet
from kiosk.qr import QUIET_ZONE, QrPolicy, matrix
from kiosk.resources import font_paths
from kiosk.ui.spc_chart import chart_layout, paint_chart, paint_icon

logger = logging.getLogger(__name__)

DPI = 600
"""Device units of the PDF painter (vector output: this is only the coordinate grid)."""
IMAGE_DPI = 300
FAMILY = "Lato"

BLUE = QColor("#005EB8")
DARK_BLUE = QColor("#003087")
YELLOW = QColor("#FFB81C")
PALE = QColor("#E8EDEE")
TINT = QColor("#F0F4F5")
INK = QColor("#212B32")
MUTED = QColor("#425563")
WHITE = QColor("#FFFFFF")
BORDER = QColor("#D8DDE0")
STATUS_COLOURS = {
    "adopt": QColor("#007F3B"),
    "adapt": QColor("#005EB8"),
    "abandon": QColor("#8A1538"),
    "running": QColor("#425563"),
    "planned": QColor("#425563"),
}

QR_MODULE_MM = 1.5
"""A QR module on A4 (2.1 mm on A3): a phone's camera reads it from about 1 m."""
QR_MIN_MM = 45.0
QR_MAX_MM = 75.0
QR_LARGE_MM = 90.0
"""The largest QR code, on a page with little else on it."""
MARGIN_MM = 12.0
HEADER_MM = 16.0
FOOTNOTE_MM = 6.0
CHART_MM = (66.0, 56.0, 48.0)
"""Chart heights tried at each type size, before the type is made smaller."""
CHART_MIN_MM = 40.0
MAX_CHARTS = {"A4": 2, "larger": 4}
"""Charts drawn on a page: the rest of a project's measures are listed, a line or two each."""
MEASURES_MIN_SCALE = 0.76
"""The smallest type (as printed, relative to A4 at scale 1) for a page with several charts:
below it, one chart fewer is drawn and its measure is listed instead."""
IMAGE_MIN_MM = 28.0
SCALES = (1.5, 1.32, 1.16, 1.0, 0.94, 0.88, 0.82, 0.76, 0.7)
"""Type sizes tried, largest first: a short project gets larger type, a long one smaller."""
SMALLER_SCALES = (0.64, 0.58, 0.52, 0.46, 0.4, 0.35)
"""Further type sizes for several charts on paper larger than A4 (never below
MEASURES_MIN_SCALE as printed)."""


# --- units -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Units:
    """Millimetres-at-A4 and points-at-A4 to device units, for one paper size."""

    per_mm: float
    """Device units per A4 millimetre (the paper's scale included)."""
    device: QPdfWriter

    def mm(self, value: float) -> float:
        return value * self.per_mm

    def font(self, points: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
        return _font(max(1, round(points * self.per_mm * 25.4 / 72)), weight)

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.device)


_WRAPPED: dict[tuple[str, int, int, float, bool, int], list[str]] = {}
"""Lines already worked out: fitting a page measures the same texts at the same widths often."""


@lru_cache(maxsize=512)
def _font(pixels: int, weight: QFont.Weight) -> QFont:
    """Lato at this size and weight (shared: nothing changes a font once made)."""
    font = QFont(FAMILY)
    font.setPixelSize(pixels)
    font.setWeight(weight)
    # No ligatures: a PDF's "ti" or "tt" glyph would not copy, search or read aloud as text.
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


def wrap(
    text: str, font: QFont, width: float, units: Units, *, anywhere: bool = False
) -> list[str]:
    """The lines `text` breaks into at `width` (word boundaries; long words anywhere)."""
    key = (text, font.pixelSize(), font.weight().value, width, anywhere, id(units.device))
    known = _WRAPPED.get(key)
    if known is None:
        if len(_WRAPPED) > 20_000:
            _WRAPPED.clear()
        known = _WRAPPED[key] = _wrap(text, font, width, units, anywhere=anywhere)
    return known


_AFTER_SLASH = re.compile(r"(?<=[^/]/)(?=[^/])")
_BEFORE_MARK = re.compile(r"(?<=\w)(?=[-?&=_.]\w)")


def _wrap_link(link: str, font: QFont, width: float, units: Units) -> list[str]:
    """A link's lines: broken after a "/" where it can be, else before a "-", "?", "&", "=",
    "_" or "." (a line never ends in a hyphen that could be taken for a word broken in two),
    and anywhere only in a part too long for a line of its own."""
    metrics = units.metrics(font)

    def fits(text: str) -> bool:
        return metrics.horizontalAdvance(text) <= width

    def pack(parts: list[str], finer: tuple[Callable[[str], list[str]], ...]) -> list[str]:
        lines = [""]
        for part in parts:
            if fits(lines[-1] + part):
                lines[-1] += part
            elif fits(part) or not finer:
                lines.append(part)
            else:
                # Too long for a line of its own: a new line, broken at its smaller parts.
                lines.extend(pack(finer[0](part), finer[1:]))
        return [line for line in lines if line]

    return pack(_AFTER_SLASH.split(link), (_BEFORE_MARK.split, list)) or [link]


def _wrap(text: str, font: QFont, width: float, units: Units, *, anywhere: bool) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if anywhere:
            lines.extend(_wrap_link(paragraph, font, width, units))
            continue
        layout = QTextLayout(paragraph, font, units.device)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()].strip())
        layout.endLayout()
    return lines


# --- blocks --------------------------------------------------------------------------------------


class Block:
    """A piece of a page: measured for a width, then drawn at a place."""

    gap_after: float = 0.0
    """Space below the block, in device units."""

    def height(self, width: float) -> float:
        raise NotImplementedError

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        raise NotImplementedError

    def shrink(self) -> bool:
        """Show less (a list's last entries); False when it cannot."""
        return False


@dataclass
class TextBlock(Block):
    text: str
    font: QFont
    colour: QColor
    units: Units
    gap_after: float = 0.0
    anywhere: bool = False
    """A link: it may break after a "/", before a "-" and the like, anywhere in a long part."""
    leading: float = 1.15
    balance: bool = False
    """Lines of even length (a heading): no short word left alone on the last line."""
    _line_height: float = field(default=0.0, repr=False, compare=False)

    def _lines(self, width: float) -> list[str]:
        lines = wrap(self.text, self.font, width, self.units, anywhere=self.anywhere)
        if not self.balance or len(lines) < 2:
            return lines
        # The narrowest width that keeps the same number of lines (to a millimetre's tenth).
        narrow, wide = width / 2, width
        while wide - narrow > self.units.mm(0.1):
            middle = (narrow + wide) / 2
            if len(wrap(self.text, self.font, middle, self.units)) == len(lines):
                wide = middle
            else:
                narrow = middle
        return wrap(self.text, self.font, wide, self.units)

    def line_height(self) -> float:
        if not self._line_height:
            self._line_height = self.units.metrics(self.font).height() * self.leading
        return self._line_height

    def height(self, width: float) -> float:
        return len(self._lines(width)) * self.line_height()

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        metrics = self.units.metrics(self.font)
        painter.setFont(self.font)
        painter.setPen(self.colour)
        step = self.line_height()
        baseline = y + metrics.ascent() + (step - metrics.height()) / 2
        for line in self._lines(width):
            painter.drawText(QPointF(x, baseline), line)
            baseline += step


@dataclass
class Stack(Block):
    """Blocks one under the other."""

    blocks: list[Block]
    gap_after: float = 0.0

    def height(self, width: float) -> float:
        return sum(b.height(width) + b.gap_after for b in self.blocks) - (
            self.blocks[-1].gap_after if self.blocks else 0.0
        )

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        for block in self.blocks:
            block.draw(painter, x, y, width)
            y += block.height(width) + block.gap_after

    def shrink(self) -> bool:
        return any(b.shrink() for b in reversed(self.blocks))


@dataclass
class Card(Block):
    """A tinted panel around a block, with an optional coloured bar down its left side."""

    inner: Block
    units: Units
    fill: QColor = field(default_factory=lambda: QColor(TINT))
    accent: QColor | None = None
    border: QColor | None = None
    gap_after: float = 0.0

    def _pad(self) -> float:
        return self.units.mm(4)

    def _bar(self) -> float:
        return self.units.mm(2) if self.accent is not None else 0.0

    def height(self, width: float) -> float:
        return self.inner.height(width - 2 * self._pad() - self._bar()) + 2 * self._pad()

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        h = self.height(width)
        radius = self.units.mm(1.5)
        if self.border is not None:
            painter.setPen(QPen(self.border, self.units.mm(0.35)))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.fill)
        painter.drawRoundedRect(QRectF(x, y, width, h), radius, radius)
        painter.setPen(Qt.PenStyle.NoPen)
        if self.accent is not None:
            painter.setBrush(self.accent)
            painter.drawRect(QRectF(x, y, self._bar(), h))
        self.inner.draw(
            painter,
            x + self._bar() + self._pad(),
            y + self._pad(),
            width - 2 * self._pad() - self._bar(),
        )

    def shrink(self) -> bool:
        return self.inner.shrink()


@dataclass
class Chips(Block):
    """Themes as small filled pills, wrapping onto more rows if needed."""

    labels: Sequence[str]
    font: QFont
    units: Units
    gap_after: float = 0.0

    def _rows(self, width: float) -> list[list[tuple[str, float]]]:
        metrics = self.units.metrics(self.font)
        pad, gap = self.units.mm(2.2), self.units.mm(1.6)
        rows: list[list[tuple[str, float]]] = [[]]
        used = 0.0
        for label in self.labels:
            w = min(metrics.horizontalAdvance(label) + 2 * pad, width)
            if rows[-1] and used + gap + w > width:
                rows.append([])
                used = 0.0
            used += (gap if rows[-1] else 0.0) + w
            rows[-1].append((label, w))
        return rows if rows[0] else []

    def _row_height(self) -> float:
        return self.units.metrics(self.font).height() + self.units.mm(1.6)

    def height(self, width: float) -> float:
        rows = self._rows(width)
        return len(rows) * self._row_height() + max(0, len(rows) - 1) * self.units.mm(1.4)

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        metrics = self.units.metrics(self.font)
        pad, gap = self.units.mm(2.2), self.units.mm(1.6)
        h = self._row_height()
        painter.setFont(self.font)
        for row in self._rows(width):
            cx = x
            for label, w in row:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(DARK_BLUE)
                painter.drawRoundedRect(QRectF(cx, y, w, h), h / 2, h / 2)
                painter.setPen(WHITE)
                text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, w - 2 * pad)
                painter.drawText(
                    QPointF(cx + pad, y + (h - metrics.height()) / 2 + metrics.ascent()), text
                )
                cx += w + gap
            y += h + self.units.mm(1.4)


@dataclass
class RibbonBlock(Block):
    """An award: a rosette and its name on a yellow ribbon."""

    text: TextBlock
    units: Units
    gap_after: float = 0.0

    def _pad(self) -> float:
        return self.units.mm(1.8)

    def _rosette(self) -> float:
        return self.units.mm(4.6)

    def _text_width(self, width: float) -> float:
        return width - 3 * self._pad() - self._rosette()

    def height(self, width: float) -> float:
        text_h = self.text.height(self._text_width(width))
        return max(text_h, self._rosette() * 1.1) + 2 * self._pad()

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        u, pad, r = self.units, self._pad(), self._rosette()
        h = self.height(width)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(YELLOW)
        painter.drawRoundedRect(QRectF(x, y, width, h), u.mm(1.5), u.mm(1.5))
        cx, top = x + pad + r / 2, y + (h - r * 1.1) / 2
        painter.setBrush(DARK_BLUE)
        for side in (-1, 1):
            tail = QPainterPath()
            tail.moveTo(cx + side * r * 0.05, top + r * 0.5)
            tail.lineTo(cx + side * r * 0.42, top + r * 0.5)
            tail.lineTo(cx + side * r * 0.5, top + r * 1.1)
            tail.lineTo(cx + side * r * 0.3, top + r * 0.98)
            tail.lineTo(cx + side * r * 0.12, top + r * 1.1)
            tail.closeSubpath()
            painter.drawPath(tail)
        painter.setPen(QPen(DARK_BLUE, r * 0.13))
        painter.setBrush(WHITE)
        painter.drawEllipse(QPointF(cx, top + r / 2), r / 2 - r * 0.065, r / 2 - r * 0.065)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(DARK_BLUE)
        painter.drawEllipse(QPointF(cx, top + r / 2), r * 0.2, r * 0.2)
        text_w = self._text_width(width)
        self.text.draw(painter, x + 2 * pad + r, y + (h - self.text.height(text_w)) / 2, text_w)


@dataclass
class ImageBlock(Block):
    image: QImage
    units: Units
    max_aspect: float = 0.75
    max_height: float | None = None
    gap_after: float = 0.0

    def height(self, width: float) -> float:
        aspect = self.image.height() / max(1, self.image.width())
        h = width * min(aspect, self.max_aspect)
        return h if self.max_height is None else min(h, self.max_height)

    def shrink(self) -> bool:
        """A smaller picture, down to IMAGE_MIN_MM tall."""
        smallest = self.units.mm(IMAGE_MIN_MM)
        current = self.max_height if self.max_height is not None else float("inf")
        aspect = self.image.height() / max(1, self.image.width())
        natural = self.units.mm(200) * min(aspect, self.max_aspect)
        current = min(current, natural)
        if current * 0.85 < smallest:
            return False
        self.max_height = current * 0.85
        return True

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        h = self.height(width)
        aspect = self.image.height() / max(1, self.image.width())
        w = min(width, h / aspect)
        target = QRectF(x + (width - w) / 2, y, w, h)
        # Embedded at 300 dpi of the printed size (never enlarged).
        wanted = round(target.width() / DPI * IMAGE_DPI), round(target.height() / DPI * IMAGE_DPI)
        image = self.image
        if image.width() > wanted[0] * 1.05:
            image = image.scaled(
                wanted[0],
                wanted[1],
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        painter.drawImage(target, image)


@dataclass
class ChartBlock(Block):
    """The measure's name, its plain-English reading, the MDC icons and the XmR chart."""

    chart: Chart
    units: Units
    chart_mm: float
    scale: float
    gap_after: float = 0.0

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        u, s = self.units, self.scale
        return (
            u.font(11 * s, QFont.Weight.Bold),
            u.font(10.5 * s, QFont.Weight.Bold),
            u.font(8.5 * s),
        )

    def _icons(self) -> list[tuple[str, str]]:
        analysis = self.chart.analysis
        if analysis is None:
            return []
        return [
            (k, v)
            for k, v in (("variation", analysis.variation), ("assurance", analysis.assurance))
            if v
        ]

    def shrink(self) -> bool:
        if self.chart_mm > CHART_MIN_MM:
            self.chart_mm = max(CHART_MIN_MM, self.chart_mm - 6)
            return True
        return False

    def _head(self, width: float) -> tuple[TextBlock, TextBlock, float]:
        name_font, reading_font, _ = self._fonts()
        icon = self.units.mm(11 * self.scale)
        icons = self._icons()
        text_width = width - (len(icons) * (icon + self.units.mm(2)) if icons else 0)
        measure = self.chart.measure
        name = f"{measure.name} ({measure.unit})" if measure.unit else measure.name
        return (
            TextBlock(name, name_font, INK, self.units, gap_after=self.units.mm(0.8)),
            TextBlock(self.chart.reading, reading_font, BLUE, self.units),
            text_width,
        )

    def _head_height(self, width: float) -> float:
        name, reading, text_width = self._head(width)
        icon = self.units.mm(11 * self.scale) if self._icons() else 0.0
        text = name.height(text_width) + name.gap_after + reading.height(text_width)
        return max(text, icon) + self.units.mm(2.5)

    def height(self, width: float) -> float:
        return self._head_height(width) + self.units.mm(self.chart_mm * self.scale)

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        name, reading, text_width = self._head(width)
        name.draw(painter, x, y, text_width)
        reading.draw(painter, x, y + name.height(text_width) + name.gap_after, text_width)
        icon = self.units.mm(11 * self.scale)
        ix = x + width
        painter.setFont(self._fonts()[2])
        for kind, value in reversed(self._icons()):
            ix -= icon
            paint_icon(painter, QRectF(ix, y, icon, icon), kind, value)
            ix -= self.units.mm(2)
        top = y + self._head_height(width)
        h = self.units.mm(self.chart_mm * self.scale)
        font = self._fonts()[2]
        layout = chart_layout(self.chart, width, h, font)
        if layout is not None:
            painter.save()
            painter.translate(x, top)
            paint_chart(painter, layout, font)
            painter.restore()


@dataclass
class MeasureLine(Block):
    """A measure without a chart on the page: its icons, its name and its plain-English
    reading."""

    chart: Chart
    units: Units
    scale: float
    gap_after: float = 0.0

    def _icons(self) -> list[tuple[str, str]]:
        analysis = self.chart.analysis
        if analysis is None:
            return []
        pairs = (("variation", analysis.variation), ("assurance", analysis.assurance))
        return [(k, v) for k, v in pairs if v]

    def _icon(self) -> float:
        return self.units.mm(7 * self.scale)

    def _parts(self, width: float) -> tuple[TextBlock, TextBlock, float]:
        u, s = self.units, self.scale
        measure = self.chart.measure
        name = f"{measure.name} ({measure.unit})" if measure.unit else measure.name
        icons = len(self._icons())
        indent = icons * (self._icon() + u.mm(1.2)) + (u.mm(1.3) if icons else 0.0)
        return (
            TextBlock(name, u.font(10 * s, QFont.Weight.Bold), INK, u, gap_after=u.mm(0.4)),
            TextBlock(self.chart.reading, u.font(9.5 * s, QFont.Weight.Bold), BLUE, u),
            width - indent,
        )

    def height(self, width: float) -> float:
        name, reading, text_w = self._parts(width)
        text = name.height(text_w) + name.gap_after + reading.height(text_w)
        return max(text, self._icon() if self._icons() else 0.0)

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        name, reading, text_w = self._parts(width)
        icon = self._icon()
        painter.setFont(self.units.font(8.5 * self.scale))
        ix = x
        for kind, value in self._icons():
            paint_icon(painter, QRectF(ix, y, icon, icon), kind, value)
            ix += icon + self.units.mm(1.2)
        tx = x + width - text_w
        name.draw(painter, tx, y, text_w)
        reading.draw(painter, tx, y + name.height(text_w) + name.gap_after, text_w)


@dataclass
class MeasuresBlock(Block):
    """A project's measures, one under the other: the first ones as charts, the others listed
    by name with their icons and reading."""

    charts: list[Chart]
    others: list[Chart]
    units: Units
    chart_mm: float
    scale: float
    gap_after: float = 0.0
    _charts: list[ChartBlock] = field(default_factory=list, repr=False, compare=False)
    _list: ListBlock | None = field(default=None, repr=False, compare=False)
    _stack: Stack = field(default_factory=lambda: Stack([]), repr=False, compare=False)

    def __post_init__(self) -> None:
        u, s = self.units, self.scale
        self._charts = [ChartBlock(c, u, self.chart_mm, s) for c in self.charts]
        panels: list[Block] = [
            Card(c, u, fill=QColor(WHITE), border=QColor(BORDER), gap_after=u.mm(4))
            for c in self._charts
        ]
        if self.others:
            heading = TextBlock(
                "More measures" if self.charts else "Our measures",
                u.font(10.5 * s, QFont.Weight.Bold),
                DARK_BLUE,
                u,
                gap_after=u.mm(1.6),
            )
            entries: list[Block] = [MeasureLine(c, u, s, gap_after=u.mm(2)) for c in self.others]
            self._list = ListBlock(
                heading,
                entries,
                lambda n: f"and {n} more measure{'s' if n > 1 else ''}",
                u,
                u.font(9.5 * s),
            )
            panels.append(Card(self._list, u, fill=QColor(WHITE), border=QColor(BORDER)))
        self._stack = Stack(panels)

    def height(self, width: float) -> float:
        return self._stack.height(width)

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        self._stack.draw(painter, x, y, width)

    def shrink(self) -> bool:
        """Shorter charts first, then fewer measures listed."""
        if any([c.shrink() for c in self._charts]):
            return True
        return self._list.shrink() if self._list is not None else False


@dataclass
class ListBlock(Block):
    """A heading and entries; shrinking shows fewer entries and says how many more there are."""

    heading: TextBlock | None
    entries: list[Block]
    more: Callable[[int], str]
    units: Units
    font: QFont
    shown: int = -1
    gap_after: float = 0.0

    def __post_init__(self) -> None:
        if self.shown < 0:
            self.shown = len(self.entries)

    def _blocks(self) -> list[Block]:
        blocks: list[Block] = [self.heading] if self.heading else []
        blocks += self.entries[: self.shown]
        hidden = len(self.entries) - self.shown
        if hidden:
            blocks.append(TextBlock(self.more(hidden), self.font, MUTED, self.units))
        return blocks

    def height(self, width: float) -> float:
        return Stack(self._blocks()).height(width)

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        Stack(self._blocks()).draw(painter, x, y, width)

    def shrink(self) -> bool:
        if self.shown > 1:
            self.shown -= 1
            return True
        return False


@dataclass
class StatusEntry(Block):
    """One PDSA cycle: a coloured status tag, its title and what was learnt."""

    status: str
    label: str
    title: str
    learning: str
    units: Units
    scale: float
    gap_after: float = 0.0

    def _parts(self) -> tuple[QFont, TextBlock, TextBlock | None, float]:
        tag_font = self.units.font(8 * self.scale, QFont.Weight.Bold)
        tag_w = self.units.metrics(tag_font).horizontalAdvance("Abandoned") + self.units.mm(3)
        title = TextBlock(
            self.title, self.units.font(10 * self.scale, QFont.Weight.Bold), INK, self.units
        )
        learning = (
            TextBlock(self.learning, self.units.font(9.5 * self.scale), INK, self.units)
            if self.learning
            else None
        )
        return tag_font, title, learning, tag_w

    def height(self, width: float) -> float:
        _, title, learning, tag_w = self._parts()
        w = width - tag_w - self.units.mm(2.5)
        return title.height(w) + (learning.height(w) + self.units.mm(0.5) if learning else 0.0)

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        tag_font, title, learning, tag_w = self._parts()
        metrics = self.units.metrics(tag_font)
        h = metrics.height() + self.units.mm(1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(STATUS_COLOURS.get(self.status, MUTED))
        painter.drawRoundedRect(QRectF(x, y + self.units.mm(0.3), tag_w, h), h / 3, h / 3)
        painter.setFont(tag_font)
        painter.setPen(WHITE)
        text_x = x + (tag_w - metrics.horizontalAdvance(self.label)) / 2
        painter.drawText(
            QPointF(text_x, y + self.units.mm(0.3) + (h - metrics.height()) / 2 + metrics.ascent()),
            self.label,
        )
        tx = x + tag_w + self.units.mm(2.5)
        w = width - tag_w - self.units.mm(2.5)
        title.draw(painter, tx, y, w)
        if learning is not None:
            learning.draw(painter, tx, y + title.height(w) + self.units.mm(0.5), w)


@dataclass
class StageBlock(Block):
    index: int
    count: int
    label: str
    units: Units
    scale: float
    gap_after: float = 0.0

    def _text(self) -> TextBlock:
        return TextBlock(
            f"Stage {self.index} of {self.count}: {self.label}",
            self.units.font(10.5 * self.scale, QFont.Weight.Bold),
            INK,
            self.units,
        )

    def height(self, width: float) -> float:
        return self._text().height(width) + self.units.mm(3.2)

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        text = self._text()
        text.draw(painter, x, y, width)
        top = y + text.height(width) + self.units.mm(1)
        gap = self.units.mm(1.2)
        w = (width - gap * (self.count - 1)) / self.count
        h = self.units.mm(2.2)
        painter.setPen(Qt.PenStyle.NoPen)
        for i in range(self.count):
            painter.setBrush(BLUE if i < self.index else PALE)
            painter.drawRoundedRect(QRectF(x + i * (w + gap), top, w, h), h / 2, h / 2)


def draw_qr(painter: QPainter, url: str, box: QRectF) -> None:
    modules = matrix(url)
    count = len(modules) + 2 * QUIET_ZONE
    cell = min(box.width(), box.height()) / count
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(WHITE)
    painter.drawRect(QRectF(box.left(), box.top(), cell * count, cell * count))
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    ox, oy = box.left() + QUIET_ZONE * cell, box.top() + QUIET_ZONE * cell
    for r, row in enumerate(modules):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            path.addRect(QRectF(ox + start * cell, oy + r * cell, (c - start) * cell, cell))
    painter.fillPath(path, QBrush(QColor("#000000")))


# --- the page ------------------------------------------------------------------------------------


@dataclass
class Column:
    x: float
    width: float
    blocks: list[Block]

    def height(self) -> float:
        return Stack(self.blocks).height(self.width)


@dataclass
class Page:
    units: Units
    width: float
    height: float
    landscape: bool
    paper_scale: float = 1.0
    """The paper's size relative to A4 (A3 1.41, A2 2, A1 2.83)."""


def present(*blocks: Block | None) -> list[Block]:
    return [b for b in blocks if b is not None]


class PosterPage:
    """One project's page: build the blocks at a type scale, fit them, draw them."""

    def __init__(
        self,
        page: Page,
        content: Sheet,
        charts: Sequence[Chart],
        image: QImage | None,
        rules_label: str,
    ) -> None:
        self.page = page
        self.content = content
        self.measures = list(charts)
        """Every measure of the project, in the feed's order."""
        self.charted = [c for c in self.measures if c.analysis is not None]
        """The measures that can be drawn as a chart (the others are listed)."""
        self.image = image
        self.rules_label = rules_label
        self.shown = 0
        """How many charts the page is being built with."""

    def _chart_counts(self) -> list[int]:
        """The numbers of charts tried, most first: up to 2 on A4 and 4 on larger paper."""
        most = MAX_CHARTS["A4" if self.page.paper_scale < 1.2 else "larger"]
        return list(range(min(len(self.charted), most), 0, -1)) or [0]

    def _scales(self, shown: int) -> list[float]:
        """The type scales tried with `shown` charts: with more than one, never so small
        that it prints smaller than MEASURES_MIN_SCALE at A4."""
        if shown < 2:
            return list(SCALES)
        smallest = MEASURES_MIN_SCALE / self.page.paper_scale - 1e-9
        return [s for s in (*SCALES, *SMALLER_SCALES) if s >= smallest]

    # -- building --------------------------------------------------------------------------

    def _text(
        self,
        text: str,
        points: float,
        s: float,
        *,
        colour: QColor = INK,
        weight: QFont.Weight = QFont.Weight.Normal,
        after: float = 0.0,
    ) -> TextBlock:
        u = self.page.units
        return TextBlock(text, u.font(points * s, weight), colour, u, gap_after=u.mm(after))

    def _heading(self, text: str, s: float) -> TextBlock:
        return self._text(text, 12, s, colour=DARK_BLUE, weight=QFont.Weight.Bold, after=1.2)

    def _top(self, s: float) -> list[Block]:
        c, u = self.content, self.page.units
        blocks: list[Block] = []
        if c.place:
            blocks.append(
                self._text(c.place, 11, s, colour=BLUE, weight=QFont.Weight.Bold, after=1.5)
            )
        title_pt = 30 if len(c.title) <= 40 else 25 if len(c.title) <= 65 else 21
        title = self._text(c.title, title_pt, s, weight=QFont.Weight.Black, after=2.5)
        title.balance = True
        blocks.append(title)
        if c.themes:
            blocks.append(Chips(c.themes, u.font(8.5 * s, QFont.Weight.Bold), u, gap_after=u.mm(3)))
        if c.summary:
            blocks.append(self._text(c.summary, 11.5, s, colour=MUTED, after=3.5))
        elif not (c.aim or c.results or self.measures):
            # Just a title (a feed kept in a spreadsheet): say what it is, as the screen does.
            where = f" at {c.organisation}" if c.organisation else ""
            blocks.append(
                self._text(f"A quality improvement project{where}.", 14, s, colour=MUTED, after=4)
            )
        return blocks

    def _aim(self, s: float) -> Block | None:
        c, u = self.content, self.page.units
        if not c.aim:
            return None
        inner = Stack(
            [
                self._text("Our aim", 10, s, colour=MUTED, weight=QFont.Weight.Bold, after=0.8),
                self._text(c.aim, 13, s),
            ]
        )
        return Card(inner, u, accent=YELLOW, gap_after=u.mm(4))

    def _measures(
        self, s: float, chart_mm: float, charts: slice = slice(None)
    ) -> MeasuresBlock | None:
        """The first `self.shown` charted measures as charts (those in `charts` of them), and
        with the first of them every other measure, listed."""
        drawn = self.charted[: self.shown]
        part = drawn[charts]
        first = charts.start is None or charts.start == 0
        others = [c for c in self.measures if not any(c is d for d in drawn)] if first else []
        if not part and not others:
            return None
        u = self.page.units
        return MeasuresBlock(part, others, u, chart_mm, s, gap_after=u.mm(4))

    def _results(self, s: float) -> Block | None:
        if not self.content.results:
            return None
        return Stack(
            [
                self._text(
                    "Results so far", 10, s, colour=MUTED, weight=QFont.Weight.Bold, after=0.6
                ),
                self._text(self.content.results, 15, s, colour=BLUE, weight=QFont.Weight.Bold),
            ],
            gap_after=self.page.units.mm(4),
        )

    def _stage(self, s: float) -> Block | None:
        c = self.content
        if not c.stage_index:
            return None
        return StageBlock(
            c.stage_index,
            c.stage_count,
            c.stage_label,
            self.page.units,
            s,
            gap_after=self.page.units.mm(4),
        )

    def _team(self, s: float) -> Block | None:
        c, u = self.content, self.page.units
        if not c.team:
            return None
        entries: list[Block] = [self._text(m, 10, s, after=0.6) for m in c.team]
        return ListBlock(
            self._heading("The team", s),
            entries,
            lambda n: f"and {n} more",
            u,
            u.font(9.5 * s),
            gap_after=u.mm(4),
        )

    def _learning(self, s: float) -> Block | None:
        c, u = self.content, self.page.units
        if not c.learning:
            return None
        entries: list[Block] = [
            StatusEntry(i.status, i.status_label, i.title, i.learning, u, s, gap_after=u.mm(2.2))
            for i in c.learning
        ]
        online = ": scan the code to read them" if c.qr_url else ""

        def more(n: int) -> str:
            return f"and {n} more PDSA cycle{'s' if n > 1 else ''}{online}"

        return ListBlock(
            self._heading("What we tested and learnt", s),
            entries,
            more,
            u,
            u.font(9.5 * s),
            gap_after=u.mm(4),
        )

    def _changes(self, s: float) -> Block | None:
        c, u = self.content, self.page.units
        if not c.changes:
            return None
        entries: list[Block] = [self._text(f"• {ch}", 10, s, after=0.8) for ch in c.changes]
        return ListBlock(
            self._heading("Changes we made", s),
            entries,
            lambda n: f"and {n} more",
            u,
            u.font(9.5 * s),
            gap_after=u.mm(4),
        )

    def _ribbons(self, s: float) -> list[Block]:
        u = self.page.units
        return [
            RibbonBlock(self._text(label, 10, s, weight=QFont.Weight.Bold), u, gap_after=u.mm(2))
            for label in self.content.recognition[:2]
        ]

    def _image(self, max_height: float | None = None) -> Block | None:
        if self.image is None or self.image.isNull():
            return None
        u = self.page.units
        return ImageBlock(self.image, u, max_height=max_height, gap_after=u.mm(4))

    def _footer(self, vertical: bool, s: float = 1.0, qr_mm: float | None = None) -> Footer:
        """The "find out more" panel: the QR code (if any), the link and the hub; type at scale
        `s`, the QR code `qr_mm` wide (else as large as it must be)."""
        c, u = self.content, self.page.units
        lines: list[Block] = [
            self._text("Find out more", 14, s, colour=DARK_BLUE, weight=QFont.Weight.Bold, after=1),
            self._text(c.find_out_more, 11, s, after=1.5),
        ]
        if c.link:
            lines.append(
                TextBlock(
                    c.link,
                    u.font(10 * s, QFont.Weight.Bold),
                    BLUE,
                    u,
                    anywhere=True,
                    gap_after=u.mm(1.5),
                )
            )
        hub = " · ".join(p for p in (c.hub_name, c.organisation) if p)
        if hub and not vertical:
            lines.append(self._text(hub, 10, s, colour=MUTED))
        side = qr_side(c.qr_url, u) if qr_mm is None or not c.qr_url else u.mm(qr_mm)
        return Footer(Stack(lines), c.qr_url, side, u, vertical=vertical)

    def _larger_footer(self, top: list[Block], columns: list[Column], footer: Footer) -> Footer:
        """On a page with little on it (a project with just a title and a link), the space
        the content leaves goes to a larger QR code and "find out more" panel, readable from
        further away, instead of staying blank."""
        u = self.page.units
        columns_top, limits, _, _ = self._places(top, columns, footer, None)
        spare = min(
            (limit - columns_top - c.height() for c, limit in zip(columns, limits, strict=True)),
            default=0.0,
        )
        if spare < u.mm(40):
            return footer
        qr_mm = footer.qr_side / u.per_mm
        larger = footer
        for step in (1.6, 1.45, 1.3, 1.15):
            grown = self._footer(
                vertical=False,
                s=step,
                qr_mm=min(QR_LARGE_MM, qr_mm * step) if footer.qr_url else None,
            )
            grown_top, grown_limits, _, _ = self._places(top, columns, grown, None)
            if all(
                grown_top + c.height() + u.mm(15) <= limit
                for c, limit in zip(columns, grown_limits, strict=True)
            ):
                larger = grown
                break
        return larger

    def build(
        self, s: float, chart_mm: float, footer_beside: bool = False
    ) -> tuple[list[Block], list[Column], Footer, int | None]:
        """The blocks at type scale `s`: the top, the columns, the footer and its column.

        On an upright page the "find out more" panel goes across the foot of the page, or with
        `footer_beside` at the foot of the right-hand column, leaving the left one its full
        height (for a project with several measures)."""
        p, u = self.page, self.page.units
        margin = u.mm(MARGIN_MM)
        inner = p.width - 2 * margin
        gutter = u.mm(7)
        top = self._top(s)
        if p.landscape:
            # Three columns under the header: the project, its data, its picture and QR code.
            w1, w3 = inner * 0.33, inner * 0.28
            w2 = inner - w1 - w3 - 2 * gutter
            x2 = margin + w1 + gutter
            x3 = x2 + w2 + gutter
            footer = self._footer(vertical=True)
            # Three or four charts: the middle column has the first half, the last column
            # the others, above the "find out more" panel.
            half = (self.shown + 1) // 2 if self.shown > 2 else self.shown
            chart = self._measures(s, chart_mm, slice(0, half))
            more = self._measures(s, chart_mm, slice(half, None))
            room = self._frame()[2] - footer.height(w3) - u.mm(9) - self._frame()[0]
            ribbons = self._ribbons(s)
            room -= sum(r.height(w3) + r.gap_after for r in ribbons)
            if more is not None:
                room -= more.height(w3) + more.gap_after
            beside = room >= u.mm(30)
            image = self._image(max_height=room) if beside else self._image()
            first = [*top, self._aim(s), self._results(s), self._stage(s), self._team(s)]
            columns = [
                Column(margin, w1, present(*first, None if beside else image)),
                Column(x2, w2, present(chart, self._learning(s), self._changes(s))),
                Column(x3, w3, present(*ribbons, more, image if beside else None)),
            ]
            if not columns[1].blocks:
                # No chart nor learning: the project's column takes the middle too.
                columns[0].width += gutter + w2
            return [], columns, footer, 2
        w1 = inner * 0.58
        w2 = inner - w1 - gutter
        chart = self._measures(s, chart_mm)
        aim = self._aim(s)
        if aim is not None:
            top.append(aim)
        right = [*self._ribbons(s), self._image(), self._results(s), self._stage(s), self._team(s)]
        if chart is not None:
            left = present(chart, self._learning(s))
            right.append(self._changes(s))
        else:
            left = present(self._learning(s), self._changes(s))
        columns = [Column(margin, w1, left), Column(margin + w1 + gutter, w2, present(*right))]
        if not left:
            # No chart nor learning: the rest of the project has the whole width.
            columns = [Column(margin, inner, columns[1].blocks)]
        elif footer_beside:
            return top, columns, self._footer(vertical=True), 1
        return top, columns, self._footer(vertical=False), None

    # -- fitting ---------------------------------------------------------------------------

    def _frame(self) -> tuple[float, float, float]:
        """The top of the content, its width, and the bottom (above the footnote)."""
        u = self.page.units
        margin = u.mm(MARGIN_MM)
        return (
            margin + u.mm(HEADER_MM + 6),
            self.page.width - 2 * margin,
            (self.page.height - margin - u.mm(FOOTNOTE_MM)),
        )

    def _places(
        self, top: list[Block], columns: list[Column], footer: Footer, footer_column: int | None
    ) -> tuple[float, list[float], float, float]:
        """Where things go: the columns' top, each column's bottom limit, and the footer's box."""
        body_top, inner, bottom = self._frame()
        columns_top = body_top + Stack(top).height(inner) + (top[-1].gap_after if top else 0)
        gap = self.page.units.mm(5)
        if footer_column is None:
            footer_h = footer.height(inner)
            limits = [bottom - footer_h - gap] * len(columns)
        else:
            footer_h = footer.height(columns[footer_column].width)
            limits = [bottom] * len(columns)
            limits[footer_column] = bottom - footer_h - gap
        return columns_top, limits, bottom - footer_h, footer_h

    def _overflowing(
        self, top: list[Block], columns: list[Column], footer: Footer, footer_column: int | None
    ) -> list[Column]:
        columns_top, limits, _, _ = self._places(top, columns, footer, footer_column)
        return [
            c for c, limit in zip(columns, limits, strict=True) if columns_top + c.height() > limit
        ]

    def _balance(
        self, top: list[Block], columns: list[Column], footer: Footer, footer_column: int | None
    ) -> bool:
        """Move the last parts of a column that is too long to the end of one with room.

        True when everything then fits. A picture in a column that is too long is made smaller
        first."""
        for column in self._overflowing(top, columns, footer, footer_column):
            images = [b for b in column.blocks if isinstance(b, ImageBlock)]
            while images and column in self._overflowing(top, columns, footer, footer_column):
                if not images[0].shrink():
                    break
        while over := self._overflowing(top, columns, footer, footer_column):
            column = over[0]
            if len(column.blocks) < 2:
                return False
            block = column.blocks[-1]
            columns_top, limits, _, _ = self._places(top, columns, footer, footer_column)
            for other, limit in zip(columns, limits, strict=True):
                if other is column:
                    continue
                gap = other.blocks[-1].gap_after if other.blocks else 0.0
                if columns_top + other.height() + gap + block.height(other.width) <= limit:
                    column.blocks.pop()
                    other.blocks.append(block)
                    break
            else:
                return False
        return True

    def layout(self) -> tuple[list[Block], list[Column], Footer, int | None]:
        # A project with several measures may have the "find out more" panel beside the
        # measures on an upright page, where that lets the type be larger.
        places = (False, True) if len(self.measures) > 1 and not self.page.landscape else (False,)
        for shown in self._chart_counts():
            self.shown = shown
            for s in self._scales(shown):
                for beside in places:
                    for chart_mm in CHART_MM if shown else CHART_MM[:1]:
                        top, columns, footer, footer_column = self.build(s, chart_mm, beside)
                        if self._balance(top, columns, footer, footer_column):
                            if footer_column is None:
                                footer = self._larger_footer(top, columns, footer)
                            return top, columns, footer, footer_column
        # Still too long at the smallest type: the longest lists show fewer entries, the chart
        # gets shorter, and as a last resort the column's last part is left out.
        while over := self._overflowing(top, columns, footer, footer_column):
            column = over[0]
            if Stack(column.blocks).shrink():
                continue
            if not column.blocks:
                break
            left_out = column.blocks.pop()
            logger.warning(
                "poster %s: a %s does not fit on the page and is left out",
                self.content.project_id,
                type(left_out).__name__,
            )
        return top, columns, footer, footer_column

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, painter: QPainter) -> None:
        top, columns, footer, footer_column = self.layout()
        u = self.page.units
        margin = u.mm(MARGIN_MM)
        _, inner, _ = self._frame()
        self._draw_header(painter, margin, inner)
        Stack(top).draw(painter, margin, self._frame()[0], inner)
        columns_top, _, footer_top, _ = self._places(top, columns, footer, footer_column)
        for column in columns:
            Stack(column.blocks).draw(painter, column.x, columns_top, column.width)
        if footer_column is None:
            footer.draw(painter, margin, footer_top, inner)
        else:
            column = columns[footer_column]
            footer.draw(painter, column.x, footer_top, column.width)
        self._draw_footnote(painter, margin, inner, self.page.height - margin)

    def _draw_header(self, painter: QPainter, margin: float, inner: float) -> None:
        u, c = self.page.units, self.content
        h = u.mm(HEADER_MM)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BLUE)
        painter.drawRoundedRect(QRectF(margin, margin, inner, h), u.mm(1.5), u.mm(1.5))
        name = u.font(15, QFont.Weight.Bold)
        org = u.font(10.5)
        metrics = u.metrics(name)
        painter.setPen(WHITE)
        painter.setFont(name)
        pad = u.mm(5)
        baseline = margin + (h - metrics.height()) / 2 + metrics.ascent()
        hub_name = metrics.elidedText(
            c.hub_name or "QI Hub", Qt.TextElideMode.ElideRight, inner * 0.55
        )
        painter.drawText(QPointF(margin + pad, baseline), hub_name)
        if c.organisation:
            om = u.metrics(org)
            text = om.elidedText(c.organisation, Qt.TextElideMode.ElideRight, inner * 0.4)
            painter.setFont(org)
            painter.drawText(
                QPointF(margin + inner - pad - om.horizontalAdvance(text), baseline), text
            )

    def _draw_footnote(self, painter: QPainter, margin: float, inner: float, bottom: float) -> None:
        u, c = self.page.units, self.content
        font = u.font(8.5)
        metrics = u.metrics(font)
        painter.setFont(font)
        painter.setPen(MUTED)
        baseline = bottom - metrics.descent()
        left = self.rules_label if self.charted else ""
        right = f"Updated {c.updated}" if c.updated else ""
        if left:
            painter.drawText(QPointF(margin, baseline), left)
        if right:
            painter.drawText(
                QPointF(margin + inner - metrics.horizontalAdvance(right), baseline), right
            )
        painter.setPen(QPen(BORDER, u.mm(0.3)))
        line_y = bottom - metrics.height() - u.mm(1.5)
        painter.drawLine(QPointF(margin, line_y), QPointF(margin + inner, line_y))


def qr_side(url: str, units: Units) -> float:
    """The QR code's side (quiet zone included): modules of QR_MODULE_MM, within bounds."""
    if not url:
        return 0.0
    count = len(matrix(url)) + 2 * QUIET_ZONE
    return units.mm(min(max(count * QR_MODULE_MM, QR_MIN_MM), QR_MAX_MM))


@dataclass
class Footer(Block):
    """The QR code beside (or above) the "find out more" text, on a tinted panel."""

    text: Block
    qr_url: str
    qr_side: float
    units: Units
    vertical: bool = False
    gap_after: float = 0.0

    def _text_width(self, width: float) -> float:
        pad = self.units.mm(4)
        if self.qr_url and not self.vertical:
            return width - 3 * pad - self.qr_side
        return width - 2 * pad

    def height(self, width: float) -> float:
        pad = self.units.mm(4)
        text_h = self.text.height(self._text_width(width))
        if not self.qr_url:
            return text_h + 2 * pad
        if self.vertical:
            return self.qr_side + pad + text_h + 2 * pad
        return max(text_h, self.qr_side) + 2 * pad

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        u, pad = self.units, self.units.mm(4)
        h = self.height(width)
        painter.setPen(QPen(BORDER, u.mm(0.4)))
        painter.setBrush(TINT)
        painter.drawRoundedRect(QRectF(x, y, width, h), u.mm(1.5), u.mm(1.5))
        text_w = self._text_width(width)
        text_h = self.text.height(text_w)
        if not self.qr_url:
            self.text.draw(painter, x + pad, y + pad, text_w)
        elif self.vertical:
            side = min(self.qr_side, width - 2 * pad)
            draw_qr(painter, self.qr_url, QRectF(x + (width - side) / 2, y + pad, side, side))
            self.text.draw(painter, x + pad, y + pad + side + pad, text_w)
        else:
            draw_qr(painter, self.qr_url, QRectF(x + pad, y + pad, self.qr_side, self.qr_side))
            self.text.draw(painter, x + 2 * pad + self.qr_side, y + (h - text_h) / 2, text_w)


# --- the command ---------------------------------------------------------------------------------


def project_images(
    config: KioskConfig, projects: Sequence[Project], folder: Path, max_px: tuple[int, int]
) -> dict[str, QImage]:
    """Each project's image, verified and scaled as the kiosk does, at up to `max_px`."""
    cache = MediaCache(folder, max_image_bytes=config.feed.max_image_bytes, max_size=max_px)
    wanted = [p for p in projects if p.image is not None]
    if not wanted:
        return {}
    fetcher = HttpFetcher(config.feed) if not config.feed.is_demo else None
    images: dict[str, QImage] = {}
    try:
        for project in wanted:
            assert project.image is not None
            path = cache.get(project.image, fetcher.download if fetcher else None)
            if path is not None:
                image = QImage(str(path))
                if not image.isNull():
                    images[project.id] = image
    finally:
        if fetcher is not None:
            fetcher.close()
    return images


def write_pdf(
    out: Path,
    feed: Feed,
    projects: Sequence[Project],
    *,
    paper: str,
    orientation: str,
    qr: QrPolicy,
    rules: str,
    images: dict[str, QImage],
) -> int:
    """Draw one page per project into `out`; returns the number of pages.

    The PDF is made in memory and written atomically: a failed run leaves no half-written file
    (and an older file of that name as it was)."""
    w_mm, h_mm = page_mm(paper, orientation)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageSize(
        QPageSize(QSizeF(min(w_mm, h_mm), max(w_mm, h_mm)), QPageSize.Unit.Millimeter, paper)
    )
    writer.setPageOrientation(
        QPageLayout.Orientation.Landscape
        if orientation == "landscape"
        else QPageLayout.Orientation.Portrait
    )
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    title = projects[0].title if len(projects) == 1 else f"{feed.hub.name}: QI project posters"
    writer.setTitle(title)
    writer.setCreator(f"QI Hub Kiosk {__version__}")
    paper_scale = min(w_mm, h_mm) / 210.0
    units = Units(DPI / 25.4 * paper_scale, writer)
    page = Page(units, writer.width(), writer.height(), orientation == "landscape", paper_scale)
    catalogue = Catalogue(feed, rules=rules)
    painter = QPainter()
    if not painter.begin(writer):
        raise PrintError("cannot start a PDF")
    try:
        for number, project in enumerate(projects):
            if number:
                writer.newPage()
            charts = [catalogue.chart(project, i) for i in range(len(project.measures))]
            measures = [c for c in charts if c is not None]
            content = sheet(project, feed.hub, qr)
            charted = [c for c in measures if c.analysis is not None]
            label = charted[0].rules_label if charted else ""
            PosterPage(page, content, measures, images.get(project.id), label).draw(painter)
    finally:
        painter.end()
    data = bytes(buffer.data().data())
    buffer.close()
    try:
        write_atomic(out, data, mode=0o644)
    except OSError as exc:
        raise PrintError(f"cannot write {out}: {exc.strerror or exc}") from None
    return len(projects)


def print_posters(args: argparse.Namespace) -> int:
    """``qi-kiosk print-posters``: the feed's posters as a PDF, one page per project."""
    from kiosk.app import resolve_config
    from kiosk.logs import setup_logging

    config = resolve_config(args)
    setup_logging(config.log, config.state_dir)
    # Fonts and the PDF writer need an application object (offscreen; no window is shown).
    app = QGuiApplication.instance() or QGuiApplication(["qi-kiosk"])
    for font in font_paths():
        if QFontDatabase.addApplicationFont(str(font)) < 0:
            logger.warning("could not load font %s", font)
    try:
        feed = load_feed(config)
        projects = choose_projects(feed, args.project_ids)
        w_mm, h_mm = page_mm(args.paper, args.orientation)
        # A picture is never wider than the page: 300 dpi of that is all it can use (each
        # page scales it down again to its printed size).
        max_px = tuple(round(v / 25.4 * IMAGE_DPI) for v in (w_mm, h_mm))
        out: Path = args.pdf_out
        if out.parent and not out.parent.is_dir():
            raise PrintError(f"no folder {out.parent} for {out.name}")
        with tempfile.TemporaryDirectory(prefix="qi-kiosk-print-") as folder:
            images = project_images(config, projects, Path(folder), (max_px[0], max_px[1]))
            pages = write_pdf(
                out,
                feed,
                projects,
                paper=args.paper,
                orientation=args.orientation,
                qr=QrPolicy(config.qr.allowed_hosts),
                rules=config.spc.rules,
                images=images,
            )
    except PrintError as exc:
        print(f"qi-kiosk print-posters: {exc}", file=sys.stderr)
        return 1
    finally:
        app.processEvents()
    print(f"{out}: {pages} page{'s' if pages != 1 else ''}, {args.paper} {args.orientation}")
    return 0


__all__ = ["PosterPage", "print_posters", "write_pdf"]
