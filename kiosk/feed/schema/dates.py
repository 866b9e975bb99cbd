"""Feed dates and date-times (ISO 8601), with a cache for the month starts a feed repeats."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kiosk.feed.schema.text import kind_of

MONTH_RE = re.compile(r"\d{4}-\d{2}")

DATES: dict[str, dt.date] = {}
"""Dates already parsed: a feed repeats the same few dozen month starts many thousand times."""
DATES_MAX = 50_000


def parse_date(value: Any) -> dt.date:
    """`YYYY-MM-DD`, `YYYY-MM` (first of the month) or an ISO date-time."""
    known = DATES.get(value) if type(value) is str else None
    if known is not None:
        return known
    date = parse_date_uncached(value)
    if len(DATES) >= DATES_MAX:
        DATES.clear()
    DATES[value] = date
    return date


def parse_date_uncached(value: Any) -> dt.date:
    if type(value) is str and len(value) == 10:
        # The common case, a plain YYYY-MM-DD: parsed directly (a feed has ~50 per project).
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if not isinstance(value, str):
        raise ValueError(f"must be a date like 2026-03-01 (got {kind_of(value)})")
    text = value.strip()
    try:
        if MONTH_RE.fullmatch(text):
            return dt.date.fromisoformat(text + "-01")
        if len(text) > 10:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date: {text[:40]!r} (use YYYY-MM-DD)") from None


def parse_datetime(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError(f"must be a date-time like 2026-03-01T09:00:00Z (got {kind_of(value)})")
    text = value.strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a date-time: {text[:40]!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
