"""Chart your data: a visitor's numbers, typed or tapped in, as a Making Data Count chart.

Values may be separated by commas, spaces, semicolons or new lines; a trailing % is allowed.
Anything that is not a number gets a hint naming it and is left out; the chart is drawn from
the rest, straight away.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from kiosk import spc, spc_reading
from kiosk.catalogue import Chart
from kiosk.feed.model import Measure

MAX_VALUES = 60
MAX_TEXT = 2_000
DIRECTIONS = {"higher": "increase", "lower": "decrease", "neither": "neutral"}
"""What the visitor says is better, and the improvement direction kiosk.spc uses for it."""

_SPLIT_RE = re.compile(r"[\s,;]+")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")

EXPLAINER = (
    "Each dot is one of your values, in order. The solid line is the average; the dashed lines "
    "are the process limits, where nearly all values fall if nothing has changed. Grey dots are "
    "everyday variation. Blue dots mean something has changed for the better and orange for the "
    "worse: a run of 6 or more on one side of the average, 6 going up or down in a row, or a "
    "value beyond a limit. Limits need 13 or more values."
)


@dataclass(frozen=True)
class Values:
    numbers: tuple[float, ...]
    hint: str = ""


def parse_values(text: str) -> Values:
    """The numbers in ``text``, and a hint for what could not be used (never an exception)."""
    if not isinstance(text, str):
        return Values((), "Type your numbers, separated by commas or spaces.")
    tokens = [t for t in _SPLIT_RE.split(text[:MAX_TEXT]) if t]
    numbers: list[float] = []
    bad: list[str] = []
    for token in tokens:
        value = _number(token)
        if value is None:
            bad.append(token)
        else:
            numbers.append(value)
    hint = ""
    if bad:
        shown = ", ".join(f"‘{b[:12]}’" for b in bad[:3])
        more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
        hint = f"{shown}{more} {'is' if len(bad) == 1 else 'are'} not a number: left out."
    if len(numbers) > MAX_VALUES:
        hint = (hint + " " if hint else "") + f"Only the first {MAX_VALUES} values are charted."
        numbers = numbers[:MAX_VALUES]
    if not numbers and not bad:
        hint = "Type your numbers, separated by commas or spaces, e.g. 12, 15, 9, 14."
    return Values(tuple(numbers), hint)


def _number(token: str) -> float | None:
    token = token.strip().rstrip("%").replace("\u2212", "-")
    if not token or len(token) > 20:
        return None
    try:
        value = float(token)
    except ValueError:
        return None
    if not math.isfinite(value) or abs(value) > 1e12:
        return None
    return value


def monthly_dates(start: str, count: int) -> tuple[dt.date, ...] | None:
    """``count`` month starts from ``start`` (``YYYY-MM``), or None without a valid start."""
    match = _MONTH_RE.match(start or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2200:
        return None
    year, month = int(match.group(1)), int(match.group(2)) - 1
    return tuple(dt.date(year + (month + k) // 12, (month + k) % 12 + 1, 1) for k in range(count))


def chart_values(
    text: str,
    *,
    better: str = "neither",
    target: str = "",
    start: str = "",
    rules: str = "mdc",
) -> tuple[Chart | None, str]:
    """The chart of the visitor's data (None with no numbers) and the hint to show."""
    values = parse_values(text)
    hint = values.hint
    if not values.numbers:
        return None, hint
    target_value = _number(target) if target.strip() else None
    if target.strip() and target_value is None:
        hint = (hint + " " if hint else "") + "The target must be a number: left out."
    improvement = DIRECTIONS.get(better, "neutral")
    dates = monthly_dates(start, len(values.numbers))
    target_value = target_value if improvement != "neutral" else None
    # The chart item reads the analysis; the measure only names the data and its direction.
    measure = Measure(name="Your data", improvement=improvement, target=target_value, rules=rules)
    if dates is None:
        analysis = spc.analyse(
            values.numbers, improvement=improvement, target=target_value, rules=rules
        )
    else:
        analysis = spc.analyse_dated(
            dates, values.numbers, improvement=improvement, target=target_value, rules=rules
        )
    reading = spc_reading.describe(analysis, period="month" if dates else "value")
    if len(values.numbers) < analysis.min_points:
        more = analysis.min_points - len(values.numbers)
        hint = (hint + " " if hint else "") + (
            f"Add {more} more value{'s' if more != 1 else ''} to see the limits and icons."
        )
    return Chart(measure, analysis, reading, spc_reading.rules_label(rules)), hint
