"""Cell values as people type them: dates, numbers, choices."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.workbook import cells
from kiosk.workbook.cells import CellError

MARCH = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-01",
        "2026-03",
        "2026/3/1",
        "Mar 2026",
        "March 2026",
        "mar. 2026",
        "1 Mar 2026",
        "1st March 2026",
        "01/03/2026",
        "1/3/26",
        "01.03.2026",
        "2026-03-01T00:00:00",
        dt.datetime(2026, 3, 1, 12, 30),
        MARCH,
        46082,
        46082.75,
    ],
)
def test_dates(value: object) -> None:
    assert cells.date(value) == MARCH


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2026", "'31/02/2026' is not a real date"),
        ("13/13/2026", "'13/13/2026' is not a real date"),
        ("soon", "'soon' is not a date (write it like 2026-03-01, Mar 2026 or 01/03/2026)"),
        (True, "'yes' is not a date"),
        (-5, "'-5' is not a date"),
        (dt.time(9, 30), "'09:30:00' is a time, not a date"),
    ],
)
def test_bad_dates(value: object, message: str) -> None:
    with pytest.raises(CellError) as error:
        cells.date(value)
    assert str(error.value) == message


def test_moments_keep_the_time_of_day() -> None:
    assert cells.moment("01/03/2026 09:30") == dt.datetime(2026, 3, 1, 9, 30)
    assert cells.moment("2026-03-01T09:30:15Z") == dt.datetime(2026, 3, 1, 9, 30, 15)
    assert cells.moment("Mar 2026") == dt.datetime(2026, 3, 1)
    assert cells.iso_moment(dt.datetime(2026, 3, 1)) == "2026-03-01"
    assert cells.iso_moment(dt.datetime(2026, 3, 1, 9, 30)) == "2026-03-01T09:30:00Z"
    with pytest.raises(CellError, match="not a time of day"):
        cells.moment("2026-03-01 25:00")


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (7, 7.0),
        (7.5, 7.5),
        ("12", 12.0),
        (" 1,234.5 ", 1234.5),
        ("1 234", 1234.0),
        ("\u22123", -3.0),
        ("-3", -3.0),
        ("45%", 45.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("", None),
        (None, None),
    ],
)
def test_numbers(value: object, number: float | None) -> None:
    assert cells.number(value) == number


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("n/a", "'n/a' is not a number"),
        ("1,23", "'1,23' is not a number"),
        (True, "'yes' is not a number"),
        ("inf", "'inf' is not a number"),
        (MARCH, "'2026-03-01' is a date, not a number"),
        (float("nan"), "is not a finite number"),
    ],
)
def test_bad_numbers(value: object, message: str) -> None:
    with pytest.raises(CellError) as error:
        cells.number(value)
    assert str(error.value) == message


def test_choices_whole_numbers_and_yes_no() -> None:
    assert cells.choice(" Testing ", ("idea", "testing"), "stage") == "testing"
    with pytest.raises(CellError, match="stage 'impl' is not one of idea, testing"):
        cells.choice("impl", ("idea", "testing"), "stage")
    assert cells.whole("7", 1, 10) == 7
    with pytest.raises(CellError, match=r"'7.5' is not a whole number"):
        cells.whole(7.5, 1, 10)
    assert [cells.yes_no(v) for v in ("Yes", "y", "x", True, "", "no")] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]
    with pytest.raises(CellError, match="'maybe' is not yes or no"):
        cells.yes_no("maybe")
    assert cells.text(12.0) == "12" and cells.text(dt.datetime(2026, 3, 1)) == "2026-03-01"
