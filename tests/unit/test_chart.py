"""The chart's geometry and its SVG painter, with no Qt."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET

import pytest

from kiosk import spc
from kiosk.chart import ApproximateMeasure, icon_style, layout_chart, nice_ticks
from kiosk.chart.style import POINT_COLOURS
from kiosk.chart.svg import chart_svg, icon_svg, layout_svg

SVG = "{http://www.w3.org/2000/svg}"
VALUES = [10, 11, 9, 10, 12, 11, 10, 9, 11, 10, 12, 10, 11, 10, 9, 11, 30, 10, 11, 10]


def monthly(n: int) -> list[dt.date]:
    return [dt.date(2024 + (m // 12), m % 12 + 1, 1) for m in range(n)]


def layout_of(analysis: spc.Analysis, width: float = 800, height: float = 400, px: float = 20):
    return layout_chart(analysis, width, height, ApproximateMeasure(px), px)


def test_points_are_placed_in_order_inside_the_plot() -> None:
    layout = layout_of(spc.analyse(VALUES, improvement="decrease"))
    plot = layout.plot
    (run,) = layout.polylines
    assert len(run) == len(VALUES)
    xs = [x for x, _ in run]
    assert xs == sorted(xs) and xs[0] == pytest.approx(plot.left)
    assert xs[-1] == pytest.approx(plot.right)
    assert all(plot.top <= y <= plot.bottom for _, y in run)
    # Higher values are drawn higher up.
    assert run[16][1] < run[0][1]


def test_the_outlier_is_a_concern_coloured_dot_and_the_mean_lies_between_the_limits() -> None:
    analysis = spc.analyse(VALUES, improvement="decrease")
    layout = layout_of(analysis)
    assert len(layout.dots) == len(VALUES)
    assert layout.dots[16].point_type == "special_cause_concern"
    assert layout.dots[16].colour == POINT_COLOURS["special_cause_concern"]
    (mean,) = layout.means
    lower, upper = sorted(layout.limits, key=lambda line: line.y1, reverse=True)
    assert upper.y1 < mean.y1 < lower.y1  # screen y grows downwards


def test_target_line_and_label_sit_at_the_target_value() -> None:
    layout = layout_of(spc.analyse(VALUES, improvement="decrease", target=8))
    assert layout.target is not None and layout.target_label is not None
    assert layout.target_label.text == "Target 8"
    (mean,) = layout.means
    assert layout.target.y1 > mean.y1  # 8 is below the mean of about 11
    assert layout.target_box is not None and layout.target_box.right <= layout.plot.right + 1e-6


def hidden_by_target_label(layout) -> list[tuple[float, float]]:
    """The data points the target's label would hide, and the ends of data segments through it."""
    from kiosk.chart.geometry import _crosses

    box = layout.target_box
    r = layout.dot_radius
    hidden = [
        (d.x, d.y)
        for d in layout.dots
        if box.left - r <= d.x <= box.right + r and box.top - r <= d.y <= box.bottom + r
    ]
    for run in layout.polylines:
        for a, b in itertools.pairwise(run):
            if _crosses(box, *a, *b):
                hidden.append(a)
    return hidden


def test_the_target_label_keeps_to_the_right_end_above_its_line_when_the_data_is_clear() -> None:
    layout = layout_of(spc.analyse(VALUES, improvement="decrease", target=5))
    assert layout.target is not None and layout.target_label is not None
    assert layout.target_label.anchor == "end" and layout.target_label.x == layout.plot.right
    assert layout.target_label.baseline < layout.target.y1
    assert hidden_by_target_label(layout) == []


@pytest.mark.parametrize("target", [10.0, 11.0, 12.0, 9.0, 7.0])
def test_the_target_label_moves_off_the_data(target: float) -> None:
    # The last months run along the target at the right end of the chart, where the label goes
    # by default: it moves below its line, or to the left end, clear of every point.
    values = [target + 6 + (i % 4) * 0.5 for i in range(10)]
    values += [target + (i % 3 - 1) * 0.4 for i in range(10)]
    layout = layout_of(spc.analyse(values, improvement="decrease", target=target))
    assert layout.target_box is not None
    assert hidden_by_target_label(layout) == [], layout.target_label
    assert layout.plot.left <= layout.target_box.left
    assert layout.target_box.right <= layout.plot.right + 1e-6


def test_a_rebase_breaks_the_lines_and_draws_a_dotted_marker() -> None:
    values = [5.0] * 3 + [6.0, 5.0, 4.0] * 5 + [9.0, 10.0, 11.0] * 5
    layout = layout_of(spc.analyse(values, improvement="increase", rebase=[18]))
    assert len(layout.means) == 2
    (marker,) = layout.breaks
    assert layout.means[0].x2 < marker.x1 < layout.means[1].x1


def test_labels_stay_inside_the_chart() -> None:
    analysis = spc.analyse_dated(monthly(36), [float(v % 7) for v in range(36)])
    layout = layout_of(analysis, width=600, height=300, px=18)
    measure = ApproximateMeasure(18)
    assert layout.x_labels and layout.y_labels
    for label in layout.x_labels:
        assert label.x >= 0 and label.x + measure.width(label.text) <= 600 + 1e-6
    for label in layout.y_labels:
        assert label.anchor == "end" and label.x - measure.width(label.text) >= 0
    assert layout.x_labels[0].text == "Jan 2024" and layout.x_labels[-1].text == "Dec 2026"


def test_nothing_to_draw_gives_an_empty_layout() -> None:
    assert layout_of(spc.analyse([1.0, 2.0]), width=5, height=5).empty
    assert nice_ticks(float("nan"), 1.0) == []


def test_svg_is_well_formed_and_draws_every_part() -> None:
    analysis = spc.analyse(VALUES, improvement="decrease", target=8)
    svg = ET.fromstring(chart_svg(analysis, 800, 400, pixel_size=20, title="Falls"))
    assert svg.get("viewBox") == "0 0 800 400"
    assert svg.find(f"{SVG}title").text == "Falls"
    circles = svg.findall(f".//{SVG}circle")
    assert len(circles) == len(VALUES)
    assert circles[16].get("fill") == POINT_COLOURS["special_cause_concern"]
    assert svg.find(f".//{SVG}line[@class='target']") is not None
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Target 8" in texts


def test_svg_text_is_escaped() -> None:
    analysis = spc.analyse(VALUES)
    layout = layout_of(analysis)
    out = layout_svg(layout, title="<script>alert(1)</script> & co")
    assert "<script>" not in out
    assert ET.fromstring(out).find(f"{SVG}title").text == "<script>alert(1)</script> & co"


def test_icons_have_the_making_data_count_colour_and_letter() -> None:
    assert icon_style("variation", "improvement_high") == ("#289DE0", "H")
    assert icon_style("assurance", "fail") == ("#E87D00", "F")
    icon = ET.fromstring(icon_svg("variation", "concern_low", 48, title="Concern, low"))
    assert icon.find(f"{SVG}text").text == "L"
    common = ET.fromstring(icon_svg("variation", "common_cause", 48))
    assert len(common.findall(f"{SVG}circle")) == 6  # the ring and five grey dots
    assert icon_svg("variation", "") == ""
