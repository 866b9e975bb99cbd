"""Opening hours in local time, across both UK clock changes of 2026 and 2027."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.config import ConfigError, parse_config
from kiosk.schedule import Schedule, ScheduleError, build_ranges, parse_days, parse_range

UTC = dt.UTC


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


def weekdays_7_to_19(**kw) -> Schedule:
    return Schedule(ranges=build_ranges({"mon-fri": "07:00-19:00"}), **kw)


def daily(spec: str) -> Schedule:
    return Schedule(ranges=build_ranges({"daily": spec}))


def test_open_and_closed_in_winter_time() -> None:
    s = weekdays_7_to_19()
    # Wednesday 2026-01-14, GMT = UTC.
    assert not s.is_open(utc(2026, 1, 14, 6, 59))
    assert s.is_open(utc(2026, 1, 14, 7, 0))
    assert s.is_open(utc(2026, 1, 14, 18, 59, 59))
    assert not s.is_open(utc(2026, 1, 14, 19, 0))
    assert not s.is_open(utc(2026, 1, 17, 12, 0))  # Saturday
    assert s.next_change(utc(2026, 1, 14, 12, 0)) == utc(2026, 1, 14, 19, 0)
    # Friday evening: next opening is Monday.
    assert s.next_change(utc(2026, 1, 16, 19, 0)) == utc(2026, 1, 19, 7, 0)


def test_summer_time_opens_an_hour_earlier_in_utc() -> None:
    s = weekdays_7_to_19()
    # Wednesday 2026-07-15, BST = UTC+1: 07:00 local is 06:00 UTC.
    assert not s.is_open(utc(2026, 7, 15, 5, 59))
    assert s.is_open(utc(2026, 7, 15, 6, 0))
    assert not s.is_open(utc(2026, 7, 15, 18, 0))
    assert s.next_change(utc(2026, 7, 15, 1, 0)) == utc(2026, 7, 15, 6, 0)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # March 2026: clocks go forward at 01:00 UTC on Sunday 29th.
        ((2026, 3, 28), (2026, 3, 29)),
        # March 2027: Sunday 28th.
        ((2027, 3, 27), (2027, 3, 28)),
    ],
)
def test_spring_forward(before: tuple[int, int, int], after: tuple[int, int, int]) -> None:
    s = daily("07:00-19:00")
    # The evening before: still GMT, closes at 19:00 UTC; next opening is 07:00 BST = 06:00 UTC.
    assert s.next_change(utc(*before, 12)) == utc(*before, 19)
    assert s.next_change(utc(*before, 19)) == utc(*after, 6)
    assert not s.is_open(utc(*after, 5, 59))
    assert s.is_open(utc(*after, 6, 0))
    # Closes at 19:00 BST = 18:00 UTC.
    assert s.next_change(utc(*after, 6)) == utc(*after, 18)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # October 2026: clocks go back at 01:00 UTC on Sunday 25th.
        ((2026, 10, 24), (2026, 10, 25)),
        # October 2027: Sunday 31st.
        ((2027, 10, 30), (2027, 10, 31)),
    ],
)
def test_fall_back(before: tuple[int, int, int], after: tuple[int, int, int]) -> None:
    s = daily("07:00-19:00")
    # The evening before is BST: closes at 18:00 UTC; opens again at 07:00 GMT = 07:00 UTC.
    assert s.next_change(utc(*before, 12)) == utc(*before, 18)
    assert s.next_change(utc(*before, 18)) == utc(*after, 7)
    assert not s.is_open(utc(*after, 6, 30))
    assert s.is_open(utc(*after, 7, 0))
    assert s.next_change(utc(*after, 7)) == utc(*after, 19)


def test_the_hour_that_happens_twice_means_its_first_time() -> None:
    # Open 00:30-01:30 local on the night the clocks go back (2026-10-25). 00:30 BST is
    # 23:30 UTC; 01:30 first happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
    s = daily("00:30-01:30")
    assert s.next_change(utc(2026, 10, 24, 22, 0)) == utc(2026, 10, 24, 23, 30)
    assert s.next_change(utc(2026, 10, 24, 23, 30)) == utc(2026, 10, 25, 0, 30)
    # Between the two 01:00s the clock reads 01:xx GMT: open again until 01:30 GMT.
    assert s.is_open(utc(2026, 10, 25, 1, 10))
    assert not s.is_open(utc(2026, 10, 25, 1, 30))


def test_a_time_that_does_not_exist_comes_an_hour_later() -> None:
    # Opening at 01:30 on 2027-03-28: the clock jumps from 01:00 GMT to 02:00 BST.
    s = daily("01:30-05:00")
    change = s.next_change(utc(2027, 3, 27, 12, 0))
    assert change == utc(2027, 3, 28, 1, 30)  # 02:30 BST
    assert s.is_open(change)
    assert s.next_change(change) == utc(2027, 3, 28, 4, 0)  # 05:00 BST


def test_closed_dates_are_whole_local_days() -> None:
    s = weekdays_7_to_19(closed_dates=frozenset({dt.date(2026, 12, 25)}))
    assert not s.is_open(utc(2026, 12, 25, 12))
    # Thursday 24th 19:00 closes; Friday 25th is closed; next opening is Monday 28th.
    assert s.next_change(utc(2026, 12, 24, 12)) == utc(2026, 12, 24, 19)
    assert s.next_change(utc(2026, 12, 24, 19)) == utc(2026, 12, 28, 7)


def test_ranges_past_midnight_and_round_the_clock() -> None:
    night = daily("22:00-02:00")
    assert night.is_open(utc(2026, 1, 14, 23))
    assert night.is_open(utc(2026, 1, 15, 1, 59))
    assert not night.is_open(utc(2026, 1, 15, 2))
    # Open from 22:00 through midnight to 02:00 is one open spell: no change at midnight.
    assert night.next_change(utc(2026, 1, 14, 22)) == utc(2026, 1, 15, 2)
    always = daily("00:00-24:00")
    assert always.is_open(utc(2026, 3, 29, 1, 30))
    assert always.next_change(utc(2026, 3, 29)) is None


def test_other_time_zones() -> None:
    s = Schedule(timezone="America/New_York", ranges=build_ranges({"daily": "09:00-17:00"}))
    assert s.is_open(utc(2026, 1, 14, 14))  # 09:00 EST
    assert not s.is_open(utc(2026, 1, 14, 13, 59))


def test_describe() -> None:
    assert weekdays_7_to_19().describe(utc(2026, 1, 14, 12)) == "open until Wed 14 Jan 19:00 GMT"
    assert weekdays_7_to_19().describe(utc(2026, 7, 17, 20)) == "closed until Mon 20 Jul 07:00 BST"


def test_day_and_range_parsing() -> None:
    assert parse_days("mon-fri") == [0, 1, 2, 3, 4]
    assert parse_days("Sat, sun") == [5, 6]
    assert parse_days("fri-mon") == [0, 4, 5, 6]
    assert parse_days("daily") == list(range(7))
    assert parse_range("7:30 - 19:00") == (450, 1140)
    for bad in ("monday-frday", "mo", "mon-", ""):
        with pytest.raises(ScheduleError):
            parse_days(bad)
    for bad in ("7-19", "25:00-26:00", "09:00-09:00", "09:60-10:00", "09:00-24:30"):
        with pytest.raises(ScheduleError):
            parse_range(bad)


def test_config_schedule() -> None:
    config = parse_config(
        "schedule:\n"
        "  timezone: Europe/London\n"
        "  open:\n"
        "    mon-fri: 07:30-19:00\n"
        "    sat: [09:00-12:00, 13:00-16:00]\n"
        "  closed_dates: [2026-12-25, '2026-12-26']\n"
        "  standby: clock\n"
    )
    s = config.schedule
    assert s is not None and s.standby == "clock"
    assert s.closed_dates == {dt.date(2026, 12, 25), dt.date(2026, 12, 26)}
    assert s.is_open(utc(2026, 1, 17, 12, 30)) is False  # Saturday lunch
    assert s.is_open(utc(2026, 1, 17, 13, 30))
    assert parse_config("").schedule is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "schedule:\n  timezone: Mars/Olympus\n  open: {daily: 07:00-19:00}\n",
            "schedule.timezone: unknown time zone 'Mars/Olympus' (e.g. Europe/London) (line 2)",
        ),
        (
            "schedule:\n  open: {weekdays: 07:00-19:00}\n",
            "schedule.open: not days of the week: 'weekdays' (e.g. mon-fri, sat, daily) (line 2)",
        ),
        (
            "schedule:\n  open: {daily: 7am-7pm}\n",
            "schedule.open: not a time range like 07:30-19:00: '7am-7pm' (line 2)",
        ),
        (
            "schedule:\n  open: {daily: 07:00-19:00}\n  closed_dates: [christmas]\n",
            "schedule.closed_dates: not a date like 2026-12-25: 'christmas' (line 3)",
        ),
        (
            "schedule:\n  open: {daily: 07:00-19:00}\n  standby: dark\n",
            "schedule.standby: must be one of blank, clock, off (got 'dark') (line 3)",
        ),
        (
            "schedule:\n  standby: clock\n",
            "schedule.open: give the opening times, e.g. mon-fri: 07:30-19:00",
        ),
    ],
)
def test_config_schedule_problems(text: str, problem: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text)
    assert info.value.problems == [problem]


def test_a_bare_off_in_yaml_means_off() -> None:
    config = parse_config("schedule:\n  open: {daily: 07:00-19:00}\n  standby: off\n")
    assert config.schedule is not None and config.schedule.standby == "off"
