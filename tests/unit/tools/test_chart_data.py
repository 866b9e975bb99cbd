"""Chart your data: numbers in, a Making Data Count chart and a hint out, never an exception."""

from __future__ import annotations

import datetime as dt

from kiosk.tools.chart_data import MAX_VALUES, chart_values, monthly_dates, parse_values


def test_values_are_read_whatever_separates_them() -> None:
    assert parse_values("1, 2;3\n4  5\t6%").numbers == (1, 2, 3, 4, 5, 6)
    assert parse_values("−2.5 1e3").numbers == (-2.5, 1000.0)


def test_bad_numbers_get_a_hint_and_are_left_out() -> None:
    values = parse_values("12, abc, 14, nan, inf, 1e400")
    assert values.numbers == (12, 14)
    assert "‘abc’" in values.hint and "not a number" in values.hint
    assert "first 60" in parse_values(" ".join(["1"] * 70)).hint
    assert len(parse_values(" ".join(["1"] * 70)).numbers) == MAX_VALUES
    assert parse_values("").hint.startswith("Type your numbers")


def test_a_chart_with_icons_and_a_reading_comes_out() -> None:
    chart, hint = chart_values(
        "5 6 5 6 5 6 5 6 5 6 5 6 5 9 10 11 12 13 14", better="higher", target="8", start="2026-01"
    )
    assert chart is not None and chart.analysis is not None
    assert chart.analysis.variation == "improvement_high"
    assert chart.analysis.points[0].date == dt.date(2026, 1, 1)
    assert chart.analysis.target == 8
    assert chart.reading and hint == ""


def test_few_values_say_how_many_more_are_needed() -> None:
    chart, hint = chart_values("3 4 5", better="lower")
    assert chart is not None and chart.analysis is not None and chart.analysis.variation is None
    assert "Add 10 more values" in hint


def test_hostile_input_never_raises() -> None:
    for text in ["", "   ", "\x00\x01", "9" * 5000, "١٢٣", "🎉 1 2", "-0 0 -0", "1" * 25, None]:
        chart_values(text, better="neither", target="x", start="9999-99")  # type: ignore[arg-type]


def test_monthly_dates_run_across_years() -> None:
    assert monthly_dates("2026-11", 3) == (
        dt.date(2026, 11, 1),
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 1),
    )
    assert monthly_dates("2026-13", 3) is None and monthly_dates("", 3) is None
