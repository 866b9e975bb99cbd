"""Opening hours: when the screen shows content and when it goes to standby (no Qt).

A schedule is a set of weekly opening ranges in local wall-clock time (a ``zoneinfo`` time
zone), minus whole closed dates. Every question is asked with an explicit ``now`` (an aware
``datetime``), so the daylight-saving changes are tested with an injected clock.

Wall-clock rules, at the changes of the clocks:
- a range that starts or ends in the hour that does not exist (spring forward) starts or ends
  at the same distance from the change as the clock reads, i.e. an hour later on the new clock;
- in the hour that happens twice (fall back) a time means its first occurrence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
STANDBY_MODES = ("blank", "clock", "off")
_RANGE_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_LOOKAHEAD_DAYS = 400
"""How far ahead :meth:`Schedule.next_change` looks (past a year of closed dates)."""


class ScheduleError(ValueError):
    """A schedule value that cannot be used; the message is one line."""


@dataclass(frozen=True)
class OpenRange:
    """Open on ``day`` (0 = Monday) from ``start`` to ``end`` minutes after local midnight.

    ``end`` is at most 1440 (24:00); a range that runs past midnight is two ranges.
    """

    day: int
    start: int
    end: int


@dataclass(frozen=True)
class Schedule:
    timezone: str = "Europe/London"
    ranges: tuple[OpenRange, ...] = ()
    closed_dates: frozenset[dt.date] = field(default_factory=frozenset)
    standby: str = "blank"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_open(self, now: dt.datetime) -> bool:
        """Whether the screen should show content at the moment ``now`` (aware)."""
        local = now.astimezone(self.zone)
        if local.date() in self.closed_dates:
            return False
        minute = local.hour * 60 + local.minute + local.second / 60
        day = local.weekday()
        return any(r.day == day and r.start <= minute < r.end for r in self.ranges)

    def next_change(self, now: dt.datetime) -> dt.datetime | None:
        """The first moment after ``now`` at which :meth:`is_open` changes (UTC), or None."""
        zone = self.zone
        state = self.is_open(now)
        today = now.astimezone(zone).date()
        for offset in range(_LOOKAHEAD_DAYS):
            day = today + dt.timedelta(days=offset)
            minutes = {0, 24 * 60}
            for r in self.ranges:
                if r.day == day.weekday():
                    minutes.update((r.start, r.end))
            for minute in sorted(minutes):
                moment = _wall_to_utc(day, minute, zone)
                if moment > now and self.is_open(moment) != state:
                    return moment
        return None

    def describe(self, now: dt.datetime) -> str:
        """One line for logs and the admin screen: open or closed, and until when."""
        change = self.next_change(now)
        state = "open" if self.is_open(now) else "closed"
        if change is None:
            return f"{state} (no change scheduled)"
        local = change.astimezone(self.zone)
        return f"{state} until {local:%a %d %b %H:%M} {local.tzname()}"


def _wall_to_utc(day: dt.date, minute: int, zone: ZoneInfo) -> dt.datetime:
    """Local wall-clock ``minute`` of ``day`` as a UTC moment (``fold=0`` at the changes)."""
    base = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
    if minute >= 24 * 60:
        nxt = day + dt.timedelta(days=1)
        base = dt.datetime(nxt.year, nxt.month, nxt.day, tzinfo=zone)
        minute = 0
    wall = base.replace(hour=minute // 60, minute=minute % 60)
    return wall.astimezone(dt.UTC)


# --- parsing the config's values ------------------------------------------------------------


def parse_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"unknown time zone {value!r} (e.g. Europe/London)") from None
    return value


_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day(text: str) -> int:
    name = text.strip()
    if name in DAYS:
        return DAYS.index(name)
    if name in _FULL_DAYS:
        return _FULL_DAYS.index(name)
    raise ValueError(text)


def parse_days(text: str) -> list[int]:
    """``mon-fri``, ``sat``, ``sat,sun``, ``fri-mon``, ``daily`` → weekdays (0 = Monday)."""
    spec = text.strip().lower()
    if spec in ("daily", "all"):
        return list(range(7))
    days: set[int] = set()
    for part in spec.split(","):
        first, dash, last = part.partition("-")
        try:
            a = _day(first)
            b = _day(last) if dash else a
        except ValueError:
            raise ScheduleError(
                f"not days of the week: {text!r} (e.g. mon-fri, sat, daily)"
            ) from None
        days.add(a)
        while a != b:  # wraps past Sunday: fri-mon
            a = (a + 1) % 7
            days.add(a)
    return sorted(days)


def parse_range(text: str) -> tuple[int, int]:
    """``07:30-19:00`` → minutes after midnight; ``22:00-02:00`` runs past midnight."""
    m = _RANGE_RE.match(text) if isinstance(text, str) else None
    if m is None:
        raise ScheduleError(f"not a time range like 07:30-19:00: {text!r}")
    h1, m1, h2, m2 = (int(g) for g in m.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
        raise ScheduleError(f"not a time of day in {text!r}")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start == end:
        raise ScheduleError(f"an opening range must not be empty: {text!r}")
    return start, end


def build_ranges(open_spec: dict[str, object]) -> tuple[OpenRange, ...]:
    """``{"mon-fri": "07:30-19:00", "sat": ["09:00-12:00", "13:00-16:00"]}`` → ranges."""
    out: list[OpenRange] = []
    for days_text, value in open_spec.items():
        days = parse_days(str(days_text))
        texts = value if isinstance(value, list) else [value]
        if not texts:
            raise ScheduleError(f"{days_text}: give a time range like 07:30-19:00")
        for text in texts:
            if not isinstance(text, str):
                raise ScheduleError(f"{days_text}: not a time range like 07:30-19:00: {text!r}")
            start, end = parse_range(text)
            for day in days:
                if end > start:
                    out.append(OpenRange(day, start, end))
                else:  # past midnight: the rest of this day and the start of the next
                    out.append(OpenRange(day, start, 24 * 60))
                    if end:
                        out.append(OpenRange((day + 1) % 7, 0, end))
    return tuple(out)


def parse_dates(values: list[object]) -> frozenset[dt.date]:
    dates: set[dt.date] = set()
    for value in values:
        if isinstance(value, dt.datetime):
            dates.add(value.date())
            continue
        if isinstance(value, dt.date):
            dates.add(value)
            continue
        try:
            dates.add(dt.date.fromisoformat(str(value)))
        except ValueError:
            raise ScheduleError(f"not a date like 2026-12-25: {value!r}") from None
    return frozenset(dates)
