"""What a spreadsheet cell holds, read as the feed needs it: text, numbers, dates, choices.

Cells come from Excel (numbers, real dates, booleans, text) or from CSV files (all text), and
people type what they are used to. Read here:

* dates: Excel dates, Excel day numbers in a cell not formatted as a date, and text dates such
  as ``2026-03-01``, ``2026-03`` (the first of the month), ``Mar 2026``, ``March 2026``,
  ``1 Mar 2026``, ``01/03/2026`` and ``1/3/26`` (day first, as in the UK);
* numbers: numbers, and numbers stored as text (``1,234.5``, `` 12 ``, ``-3`` also with a
  minus sign, ``45%``); a cell formatted as a percentage that shows 45% is read as 45.

A value that cannot be read raises :class:`CellError` with a message about the value only; the
caller adds where the cell is.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from kiosk.workbook.layout import NO, YES

EXCEL_EPOCH = dt.date(1899, 12, 30)
"""Day 0 of Excel's (1900) date system, counting its phantom 29 February 1900."""
SERIAL_RANGE = (1, 2_958_465)  # 1900-01-01 .. 9999-12-31

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?[ -]+(\d{4}|\d{2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ -]+([a-z]+)\.?,?[ -]+(\d{4}|\d{2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


class CellError(ValueError):
    """This cell's value cannot be used; the message says why, about the value only."""


def show(value: object, limit: int = 40) -> str:
    """A cell's value quoted for a message, shortened."""
    text = value if isinstance(value, str) else str(value)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """Any cell as text: whole numbers without a decimal point, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if _is_midnight(value) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def number(value: object) -> float | None:
    """A number, or None for an empty cell (a percentage cell arrives already times 100)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"{show(text(value))} is not a number")
    if isinstance(value, int | float):
        result = float(value)
        if not math.isfinite(result):
            raise CellError("is not a finite number")
        return result
    if isinstance(value, dt.date | dt.time):
        raise CellError(f"{show(text(value))} is a date, not a number")
    raw = str(value)
    cleaned = raw.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.fullmatch(cleaned):
        raise CellError(f"{show(raw)} is not a number")
    result = float(cleaned)
    if not math.isfinite(result):
        raise CellError(f"{show(raw)} is not a finite number")
    return result


def whole(value: object, low: int, high: int) -> int | None:
    """A whole number in [low, high], or None for an empty cell."""
    result = number(value)
    if result is None:
        return None
    if not result.is_integer():
        raise CellError(f"{show(text(value))} is not a whole number")
    if not low <= result <= high:
        raise CellError(f"{int(result)} is not between {low} and {high}")
    return int(result)


def choice(value: object, choices: tuple[str, ...], what: str) -> str | None:
    """One of `choices` (ignoring case and spaces around it), or None for an empty cell."""
    if is_blank(value):
        return None
    word = text(value).strip().lower()
    if word in choices:
        return word
    raise CellError(f"{what} {show(text(value))} is not one of {', '.join(choices)}")


def yes_no(value: object) -> bool:
    word = text(value).strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(f"{show(text(value))} is not yes or no")


def date(value: object) -> dt.date | None:
    """A date (see the module docstring), or None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(f"{show(text(value))} is not a date")
    if isinstance(value, int | float):
        return _serial(value)
    if isinstance(value, dt.time):
        raise CellError(f"{show(text(value))} is a time, not a date")
    return _date_text(str(value))


def moment(value: object) -> dt.datetime | None:
    """A date with an optional time of day (naive: the feed reads it as UTC)."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        raw = value.strip()
        match = re.fullmatch(r"(.+?)[T ](\d{1,2}):(\d{2})(?::(\d{2}))?Z?", raw)
        if match:
            day = _date_text(match[1])
            hours, minutes, seconds = (int(g or 0) for g in match.groups()[1:])
            if hours > 23 or minutes > 59 or seconds > 59:
                raise CellError(f"{show(raw)} is not a time of day")
            return dt.datetime.combine(day, dt.time(hours, minutes, seconds))
    only_date = date(value)
    assert only_date is not None
    return dt.datetime.combine(only_date, dt.time())


def iso_moment(value: dt.datetime) -> str:
    """A display window's end as the feed writes it (UTC): a date alone at midnight."""
    if _is_midnight(value):
        return value.date().isoformat()
    return value.isoformat() + "Z"


def _is_midnight(value: dt.datetime) -> bool:
    return value.hour == value.minute == value.second == value.microsecond == 0


def _serial(value: float) -> dt.date:
    if not (math.isfinite(value) and SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]):
        raise CellError(f"{show(text(value))} is not a date")
    return EXCEL_EPOCH + dt.timedelta(days=int(value))


def _year(text_year: str) -> int:
    year = int(text_year)
    return year + 2000 if len(text_year) == 2 else year


def _make(year: int, month: int, day: int, raw: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError(f"{show(raw)} is not a real date") from None


def _date_text(raw: str) -> dt.date:
    cleaned = " ".join(raw.strip().lower().split())
    if match := _ISO_DAY.fullmatch(cleaned) or _YMD_SLASH.fullmatch(cleaned):
        return _make(int(match[1]), int(match[2]), int(match[3]), raw)
    if match := _ISO_MONTH.fullmatch(cleaned):
        return _make(int(match[1]), int(match[2]), 1, raw)
    if match := _DMY.fullmatch(cleaned):
        return _make(_year(match[3]), int(match[2]), int(match[1]), raw)
    if (match := _MONTH_YEAR.fullmatch(cleaned)) and match[1] in _MONTHS:
        return _make(_year(match[2]), _MONTHS[match[1]], 1, raw)
    if (match := _DAY_MONTH_YEAR.fullmatch(cleaned)) and match[2] in _MONTHS:
        return _make(_year(match[3]), _MONTHS[match[2]], int(match[1]), raw)
    if len(cleaned) > 10 and cleaned[10:11] in ("t", " "):
        return _date_text(cleaned[:10])
    if re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return _serial(float(cleaned))
    raise CellError(f"{show(raw)} is not a date (write it like 2026-03-01, Mar 2026 or 01/03/2026)")
