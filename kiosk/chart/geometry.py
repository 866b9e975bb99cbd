"""Where everything on an XmR chart goes, for a given size: scales, points, lines and labels.

The layout is plain numbers (pixels from the top left) and colour names, so any painter can
draw it: the Qt Quick item with QPainter, a PDF page, or SVG for a browser or a report.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from kiosk import spc
from kiosk.chart.style import POINT_COLOURS
from kiosk.spc_reading import format_number

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# Long series: common-cause dots are left out above this many points (signals never are).
MAX_DOTS = 400

Anchor = Literal["start", "end"]


class TextMeasure(Protocol):
    """What the layout needs to know about the label font (pixels)."""

    @property
    def ascent(self) -> float: ...
    @property
    def descent(self) -> float: ...
    @property
    def height(self) -> float: ...
    @property
    def cap_height(self) -> float: ...
    def width(self, text: str) -> float: ...


@dataclass(frozen=True, slots=True)
class Rect:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    colour: str
    point_type: str


@dataclass(frozen=True, slots=True)
class Label:
    """Text on a baseline; `x` is where the text starts (`start`) or ends (`end`)."""

    x: float
    baseline: float
    text: str
    anchor: Anchor = "start"


@dataclass(slots=True)
class ChartLayout:
    width: float = 0.0
    height: float = 0.0
    pixel_size: float = 0.0
    plot: Rect = field(default_factory=lambda: Rect(0, 0, 0, 0))
    grid: list[Line] = field(default_factory=list)
    y_labels: list[Label] = field(default_factory=list)
    x_labels: list[Label] = field(default_factory=list)
    breaks: list[Line] = field(default_factory=list)
    means: list[Line] = field(default_factory=list)
    limits: list[Line] = field(default_factory=list)
    target: Line | None = None
    target_box: Rect | None = None
    target_label: Label | None = None
    polylines: list[list[tuple[float, float]]] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    dot_radius: float = 4.0
    notes: list[Label] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.polylines

    @property
    def thin(self) -> float:
        """The width of the thinnest line (grid, labels' strokes), in proportion to the text."""
        return max(1.0, self.pixel_size / 14)


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


def layout_chart(
    analysis: spc.Analysis,
    width: float,
    height: float,
    measure: TextMeasure,
    pixel_size: float,
    unit: str = "",
) -> ChartLayout:
    """Work out every line, point and label of a chart `width` by `height` pixels."""
    px = float(pixel_size)
    points = analysis.points
    values = [p.value for p in points if p.value is not None]
    out = ChartLayout(width=width, height=height, pixel_size=px)
    finite = [v for v in values if math.isfinite(v)]
    if not finite or len(finite) != len(values):
        return out

    candidates = list(values)
    for s in analysis.sections:
        candidates += [v for v in (s.mean, s.lpl, s.upl) if v is not None and math.isfinite(v)]
    if analysis.target is not None and math.isfinite(analysis.target):
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
    label_w = max((measure.width(t) for t in y_texts), default=0.0)
    trial = analysis.limits_shown and any(s.short and s.has_limits for s in analysis.sections)
    top = measure.height * 1.1 if trial else px * 0.6
    plot = Rect(
        label_w + px * 0.8,
        top,
        width - label_w - px * 0.8 - px * 0.9,
        height - top - measure.height - px * 0.45,
    )
    if plot.width <= 10 or plot.height <= 10:
        return out
    out.plot = plot
    n = len(points)

    def x_at(i: float) -> float:
        return plot.left + (plot.width * (i / (n - 1)) if n > 1 else plot.width / 2)

    def y_at(v: float) -> float:
        return plot.bottom - (v - low) / (high - low) * plot.height

    for tick, text in zip(ticks, y_texts, strict=True):
        y = y_at(tick)
        out.grid.append(Line(plot.left, y, plot.right, y))
        out.y_labels.append(Label(plot.left - px * 0.4, y + measure.cap_height / 2, text, "end"))
    out.dot_radius = max(3.0, min(px * 0.33, plot.width / max(n, 1) * 0.42))

    # Date labels: as many as fit without crowding, evenly spread, first and last included.
    date_w = max(measure.width(date_label(points[0].date)), measure.width("Sep 2026"))
    slots = max(1, min(n, int(plot.width // (date_w * 1.6)) + 1))
    chosen = (
        sorted({round(k * (n - 1) / max(slots - 1, 1)) for k in range(slots)}) if n > 1 else [0]
    )
    baseline = plot.bottom + measure.ascent + px * 0.35
    for i in chosen:
        if points[i].date is None:
            continue
        text = date_label(points[i].date)
        w = measure.width(text)
        left = min(max(x_at(i) - w / 2, 0.0), width - w)
        out.x_labels.append(Label(left, baseline, text))

    # Lines per section, with a gap at each recalculation.
    for section in analysis.sections:
        a, b = x_at(section.start), x_at(section.stop - 1)
        if section.mean is not None:
            y = y_at(section.mean)
            out.means.append(Line(a, y, b, y))
        if section.lpl is not None and section.upl is not None and analysis.limits_shown:
            for v in (section.lpl, section.upl):
                out.limits.append(Line(a, y_at(v), b, y_at(v)))
        if section.index > 0:
            x = x_at(section.start - 0.5)
            out.breaks.append(Line(x, plot.top, x, plot.bottom))
        if section.short and section.has_limits and analysis.limits_shown:
            out.notes.append(Label(a, measure.ascent, "trial limits"))

    decimate = n > int(plot.width) * 2
    out.polylines = _data_line(points, x_at, y_at, decimate)

    # Dots: every point when they fit; otherwise every special-cause point (none is dropped).
    show_common = not decimate and n <= MAX_DOTS
    for p in points:
        if p.value is None or (p.point_type == "common_cause" and not show_common):
            continue
        out.dots.append(
            Dot(x_at(p.index), y_at(p.value), POINT_COLOURS[p.point_type], p.point_type)
        )

    # The target last: its label goes where the data leaves room for it.
    if analysis.target is not None and math.isfinite(analysis.target):
        _place_target(out, y_at(analysis.target), analysis.target, suffix, measure)
    return out


def _place_target(
    out: ChartLayout, y: float, target: float, suffix: str, measure: TextMeasure
) -> None:
    """The target line, and its label on a white patch: at the right end of the line, above it
    if it fits, unless the data runs through there; then below it, or at the left end, wherever
    the label covers least of the data (and then of the mean and limits)."""
    plot, px, thin = out.plot, out.pixel_size, out.thin
    out.target = Line(plot.left, y, plot.right, y)
    text = f"Target {format_number(target)}{suffix}"
    w = measure.width(text) + px * 0.3
    fits_above = y - measure.height * 0.9 >= plot.top
    fits_below = y + measure.height * 0.9 <= plot.bottom
    sides = [side for side, fits in (("above", fits_above), ("below", fits_below)) if fits] or [
        "below"
    ]
    best: tuple[float, Rect, Label] | None = None
    for end in ("right", "left"):
        for side in sides:
            baseline = (
                y - measure.descent - thin * 2 if side == "above" else y + measure.ascent + thin * 2
            )
            left = plot.right - w if end == "right" else plot.left + px * 0.2
            box = Rect(left, baseline - measure.ascent, w, measure.height)
            label = (
                Label(plot.right, baseline, text, "end")
                if end == "right"
                else Label(left + px * 0.15, baseline, text, "start")
            )
            cost = _covered(out, box)
            if best is None or cost < best[0]:  # the first of equals: right, above
                best = (cost, box, label)
    assert best is not None
    out.target_box, out.target_label = best[1], best[2]


def _covered(out: ChartLayout, box: Rect) -> float:
    """How much a label at `box` would hide: each data point or stretch of the data line under
    it counts far more than the mean or a limit line."""
    r = out.dot_radius
    grown = Rect(box.left - r, box.top - r, box.width + 2 * r, box.height + 2 * r)
    cost = 0.0
    for dot in out.dots:
        if grown.left <= dot.x <= grown.right and grown.top <= dot.y <= grown.bottom:
            cost += 10
    for run in out.polylines:
        for (x1, y1), (x2, y2) in itertools.pairwise(run):
            if _crosses(box, x1, y1, x2, y2):
                cost += 10
    for line in out.means + out.limits:
        if _crosses(box, line.x1, line.y1, line.x2, line.y2):
            cost += 1
    return cost


def _crosses(box: Rect, x1: float, y1: float, x2: float, y2: float) -> bool:
    """Whether the segment from (x1, y1) to (x2, y2) passes through the box (Liang-Barsky)."""
    t0, t1 = 0.0, 1.0
    dx, dy = x2 - x1, y2 - y1
    for p, q in (
        (-dx, x1 - box.left),
        (dx, box.right - x1),
        (-dy, y1 - box.top),
        (dy, box.bottom - y1),
    ):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _data_line(
    points: Sequence[spc.Point],
    x_at: Callable[[float], float],
    y_at: Callable[[float], float],
    decimate: bool,
) -> list[list[tuple[float, float]]]:
    """The data line as runs of points (a gap at each missing value); a long series is
    decimated to one min/max pair per pixel column."""
    runs: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    last_col = -1
    col_min = col_max = 0.0
    for p in points:
        if p.value is None:
            if run:
                runs.append(run)
            run = []
            continue
        x, y = x_at(p.index), y_at(p.value)
        if decimate:
            col = int(x)
            if col == last_col and run:
                col_min, col_max = min(col_min, y), max(col_max, y)
                continue
            if run:
                run.extend(((last_col, col_min), (last_col, col_max)))
            last_col, col_min, col_max = col, y, y
        run.append((x, y))
    if run:
        runs.append(run)
    return runs
