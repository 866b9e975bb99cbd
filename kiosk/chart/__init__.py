"""The SPC chart's drawing, without Qt: its geometry, its colours, and an SVG painter.

`layout_chart` works out every line, point and label of an XmR chart for a given size and
text measure; the Qt item (`kiosk.ui.spc_chart`) and `svg.chart_svg` only draw that layout.
"""

from __future__ import annotations

from kiosk.chart.geometry import (
    ChartLayout,
    Dot,
    Label,
    Line,
    Rect,
    TextMeasure,
    date_label,
    layout_chart,
    nice_ticks,
)
from kiosk.chart.metrics import ApproximateMeasure
from kiosk.chart.style import POINT_COLOURS, icon_style

__all__ = [
    "POINT_COLOURS",
    "ApproximateMeasure",
    "ChartLayout",
    "Dot",
    "Label",
    "Line",
    "Rect",
    "TextMeasure",
    "date_label",
    "icon_style",
    "layout_chart",
    "nice_ticks",
]
