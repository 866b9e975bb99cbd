"""A project's measures: the data points, fast and checked, and the SPC settings."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from kiosk import spc
from kiosk.feed.model import IMPROVEMENTS, Measure
from kiosk.feed.schema.dates import DATES, parse_date
from kiosk.feed.schema.limits import MAX_POINTS
from kiosk.feed.schema.problems import Context, Skip
from kiosk.feed.schema.text import kind_of, text_field
from kiosk.feed.schema.values import list_field, number, optional


def parse_points(raw_points: list[Any], path: str) -> tuple[list[dt.date], list[float | None]]:
    """Dates and values of a measure's points, one by one, with the path of any bad point."""
    dates: list[dt.date] = []
    values: list[float | None] = []
    cached = DATES.get
    isfinite = math.isfinite
    for i, point in enumerate(raw_points):
        # The tight loop of the whole parser: a feed has ~50 points per project. The path of a
        # point is only worked out for a message.
        if type(point) is not dict:
            raise Skip(
                f"{path}.points[{i}]",
                f"must be an object with date and value (got {kind_of(point)})",
            )
        raw_date = point.get("date")
        raw_value = point.get("value")
        date = cached(raw_date) if type(raw_date) is str else None
        if date is not None and type(raw_value) is float and isfinite(raw_value):
            dates.append(date)
            values.append(raw_value)
            continue
        try:
            date = parse_date(raw_date)
            value = None if raw_value is None else number(raw_value)
        except ValueError as exc:
            raise Skip(f"{path}.points[{i}]", str(exc)) from None
        dates.append(date)
        values.append(value)
    return dates, values


def points_fast(raw_points: list[Any]) -> tuple[list[dt.date], list[float | None]] | None:
    """The same for the common case (every point a dict with a known date and a finite
    number), with built-in loops only; None when any point needs the careful path."""
    try:
        raw_dates = [point["date"] for point in raw_points]
        raw_values = [point["value"] for point in raw_points]
        dates = list(map(DATES.get, raw_dates))
    except (TypeError, KeyError):
        return None
    if None in dates or not all(type(v) is float or type(v) is int for v in raw_values):
        return None
    values = list(map(float, raw_values))
    if not all(map(math.isfinite, values)):
        return None
    return dates, values  # type: ignore[return-value]


def parse_measure(ctx: Context, raw: Any, path: str) -> Measure:
    if not isinstance(raw, dict):
        raise Skip(path, f"must be an object (got {kind_of(raw)})")
    name = text_field(ctx, raw, "name", path, "measure")
    if not name:
        raise Skip(f"{path}.name", "a measure needs a name")
    improvement = raw.get("improvement", "neutral")
    if improvement not in IMPROVEMENTS:
        raise Skip(f"{path}.improvement", f"must be one of {', '.join(IMPROVEMENTS)}")
    raw_points = raw.get("points", [])
    if not isinstance(raw_points, list):
        raise Skip(f"{path}.points", f"must be a list (got {kind_of(raw_points)})")
    if len(raw_points) > MAX_POINTS:
        ctx.warn(
            f"{path}.points", f"{len(raw_points)} points; only the latest {MAX_POINTS} are used"
        )
    dates, values = points_fast(raw_points) or parse_points(raw_points, path)
    if len(set(dates)) != len(dates):
        seen: set[dt.date] = set()
        for i, date in enumerate(dates):
            if date in seen:
                raise Skip(f"{path}.points[{i}]", f"a second value for {date.isoformat()}")
            seen.add(date)
    if sorted(dates) != dates:  # already in date order: the common case, checked in C
        order = sorted(range(len(dates)), key=dates.__getitem__)
        dates = [dates[k] for k in order]
        values = [values[k] for k in order]
    dates, values = dates[-MAX_POINTS:], values[-MAX_POINTS:]
    rebase: list[dt.date] = []
    for i, value in enumerate(list_field(ctx, raw, "rebase", path, 50)):
        recalculated = optional(ctx, f"{path}.rebase[{i}]", value, parse_date)
        if recalculated is not None:
            rebase.append(recalculated)
    target = optional(ctx, f"{path}.target", raw.get("target"), number)
    baseline = raw.get("baseline")
    if baseline is not None and (isinstance(baseline, bool) or not isinstance(baseline, int)):
        ctx.warn(f"{path}.baseline", "must be a whole number; left out")
        baseline = None
    rules = raw.get("rules")
    if rules is not None and rules not in spc.RULE_SETS:
        ctx.warn(f"{path}.rules", f"must be one of {', '.join(spc.RULE_SETS)}; the default is used")
        rules = None
    measure = Measure(
        name=name,
        unit=text_field(ctx, raw, "unit", path, "unit"),
        improvement=improvement,
        target=target,
        dates=tuple(dates),
        values=tuple(values),
        rebase=tuple(sorted(rebase)),
        baseline=baseline,
        rules=rules,
    )
    if measure.rules in ("mdc", None) and None in measure.values:
        raise Skip(path, 'missing values are allowed only with "rules": "ptd"')
    if baseline is not None and baseline < 12:
        raise Skip(f"{path}.baseline", f"must be at least 12 points (got {baseline})")
    return measure
