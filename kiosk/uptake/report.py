"""Uptake totals from one or many screens' stores, for a date range (no Qt).

:func:`build_report` reads each store's daily totals (never its raw events, so a year of twenty
busy screens takes well under a second) and merges them into one :class:`Report`: the totals
``qi-kiosk report --format json`` prints, the weekly touch sessions as an XmR analysis, busiest
hours, and per-screen proof of play. :func:`write_csv` writes the daily aggregates.
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import spc
from kiosk.atomic import write_atomic
from kiosk.spc_reading import describe
from kiosk.uptake import events as ev
from kiosk.uptake.store import StoreError, find_stores, open_read_only

NOT_ANSWERED = "Not answered"
ABOUT = "(about)"
"""The built-in "About the QI hub" poster, in the poster totals."""
SMALL_COUNT = 5
"""Visitor-group counts under this are shown as "fewer than 5" in the HTML report."""
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TOUCH_CHANNELS = ("touch", "web")


@dataclass(frozen=True)
class DailyRow:
    day: str
    screen_id: str
    channel: str
    kind: str
    item: str
    detail: str
    n: int
    seconds: float


@dataclass
class ScreenPlay:
    """One screen's proof of play and use over the period."""

    posters_shown: int = 0
    poster_seconds: float = 0.0
    sessions: int = 0
    first_day: str = ""
    last_day: str = ""
    channels: set[str] = field(default_factory=set)


@dataclass
class Report:
    start: dt.date | None
    end: dt.date | None
    stores: list[str]
    sessions: Counter[str] = field(default_factory=Counter)
    """Touch and web sessions by screen."""
    session_seconds: float = 0.0
    sessions_ended: int = 0
    visitor_groups: Counter[str] = field(default_factory=Counter)
    projects_opened: Counter[str] = field(default_factory=Counter)
    qr_shown: Counter[str] = field(default_factory=Counter)
    """By ``kind:id``, e.g. ``project:ward-7-falls``."""
    templates_chosen: Counter[str] = field(default_factory=Counter)
    posters_shown: Counter[str] = field(default_factory=Counter)
    poster_seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    searches: int = 0
    filters_used: Counter[str] = field(default_factory=Counter)
    tools_used: Counter[str] = field(default_factory=Counter)
    plans_sent: int = 0
    screens: dict[str, ScreenPlay] = field(default_factory=dict)
    weekly: list[tuple[dt.date, int]] = field(default_factory=list)
    """Touch and web sessions in each whole week (Monday to Sunday) of the period."""
    hours: Counter[tuple[int, int]] = field(default_factory=Counter)
    """Sessions by (weekday 0 = Monday, hour), on the hub's clock."""
    daily: list[DailyRow] = field(default_factory=list)
    """Every daily total (read only for the CSV files)."""
    first_day: str = ""
    last_day: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def total_sessions(self) -> int:
        return sum(self.sessions.values())

    def analysis(self) -> spc.Analysis | None:
        """The weekly sessions as an XmR chart (more sessions is better), or None without data."""
        if not self.weekly:
            return None
        return spc.analyse_dated(
            [week for week, _ in self.weekly],
            [float(n) for _, n in self.weekly],
            improvement="increase",
        )

    def reading(self) -> str:
        analysis = self.analysis()
        if analysis is None:
            return "No whole week of touch sessions yet"
        return describe(analysis, period="week")

    def to_json(self) -> dict[str, Any]:
        analysis = self.analysis()
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "stores": self.stores,
            "sessions": dict(sorted(self.sessions.items())),
            "visitor_groups": _ranked(self.visitor_groups),
            "projects_opened": _ranked(self.projects_opened),
            "qr_shown": _ranked(self.qr_shown),
            "templates_chosen": _ranked(self.templates_chosen),
            "posters_shown": _ranked(self.posters_shown),
            "poster_seconds": {
                k: round(v, 1) for k, v in sorted(self.poster_seconds.items(), key=_by_size)
            },
            "searches": self.searches,
            "filters_used": _ranked(self.filters_used),
            "tools_used": _ranked(self.tools_used),
            "plans_sent": self.plans_sent,
            "session_seconds_mean": round(self.session_seconds / self.sessions_ended, 1)
            if self.sessions_ended
            else None,
            "weekly_sessions": [{"week": w.isoformat(), "sessions": n} for w, n in self.weekly],
            "weekly_sessions_spc": {
                "variation": analysis.variation if analysis else None,
                "reading": self.reading(),
            },
            "busiest_hours": {
                WEEKDAYS[d]: {str(h): n for (dd, h), n in sorted(self.hours.items()) if dd == d}
                for d in range(7)
                if any(dd == d for dd, _ in self.hours)
            },
            "screens": {
                name: {
                    "posters_shown": play.posters_shown,
                    "poster_seconds": round(play.poster_seconds, 1),
                    "sessions": play.sessions,
                    "first_day": play.first_day,
                    "last_day": play.last_day,
                }
                for name, play in sorted(self.screens.items())
            },
        }


def _by_size(kv: tuple[str, float]) -> tuple[float, str]:
    return (-kv[1], kv[0])


def _ranked(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=_by_size))


def build_report(
    places: Sequence[Path],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    daily: bool = False,
) -> Report:
    """Merge the stores found in `places` (state folders, export folders or store files).

    Each store is summed by SQLite; only ``daily=True`` (for the CSV files) reads every daily
    row. Raises StoreError with one line for a place without a readable store.
    """
    if start is not None and end is not None and end < start:
        raise StoreError(f"--to {end} is before --from {start}")
    paths = list(dict.fromkeys(p.resolve() for p in find_stores(places)))
    report = Report(start=start, end=end, stores=[str(p) for p in paths])
    seen_screens: dict[str, str] = {}
    sessions_by_day: Counter[str] = Counter()
    # SQLite works without the GIL: the stores are summed side by side.
    with ThreadPoolExecutor(max_workers=min(8, len(paths) or 1)) as pool:
        parts = list(pool.map(lambda p: _read_store(p, start, end, daily=daily), paths))
    for path, read in zip(paths, parts, strict=True):
        part = read
        clash = sorted(s for s in part.screens if s in seen_screens)
        if clash:
            report.warnings.append(
                f"{path}: screen {clash[0]!r} is also in {seen_screens[clash[0]]}; "
                "its rows here are left out"
            )
            part = _read_store(path, start, end, daily=daily, leave_out=clash)
        for screen in part.screens:
            seen_screens.setdefault(screen, str(path))
        _add_totals(report, part.totals)
        sessions_by_day.update(part.sessions_by_day)
        for weekday, hour, n in part.hours:
            report.hours[(weekday, hour)] += n
        report.daily += part.daily
        for day in (part.first_day, part.last_day):
            if day:
                report.first_day = min(report.first_day or day, day)
                report.last_day = max(report.last_day, day)
    answered = sum(report.visitor_groups.values())
    if report.total_sessions > answered:
        report.visitor_groups[NOT_ANSWERED] = report.total_sessions - answered
    if report.first_day:
        first = report.start or dt.date.fromisoformat(report.first_day)
        last = report.end or dt.date.fromisoformat(report.last_day)
        report.weekly = _whole_weeks(first, last, sessions_by_day)
    return report


@dataclass
class _StorePart:
    totals: list[tuple[str, str, str, str, str, int, float, str, str]]
    """(screen, channel, kind, item, detail, count, seconds, first day, last day)."""
    sessions_by_day: dict[str, int]
    hours: list[tuple[int, int, int]]
    """(weekday with Monday 0, hour, sessions)."""
    daily: list[DailyRow]
    first_day: str
    last_day: str

    @property
    def screens(self) -> set[str]:
        return {row[0] for row in self.totals}


def _read_store(
    path: Path,
    start: dt.date | None,
    end: dt.date | None,
    *,
    daily: bool,
    leave_out: Sequence[str] = (),
) -> _StorePart:
    clauses, params = _range(start, end)
    if leave_out:
        clauses.append(f"screen_id NOT IN ({', '.join('?' * len(leave_out))})")
        params += list(leave_out)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    also = f"{where} AND" if where else "WHERE"
    touch = ", ".join(f"'{c}'" for c in TOUCH_CHANNELS)
    conn = open_read_only(path)
    try:
        sums = conn.execute(
            "SELECT screen_id, channel, kind, item, detail, sum(n), total(seconds)"
            f" FROM daily {where} GROUP BY kind, item, detail, screen_id, channel",
            params,
        ).fetchall()
        # A screen's first and last day: its sessions and posters are enough (and indexed).
        spans = {
            screen: (first, last)
            for screen, first, last in conn.execute(
                f"SELECT screen_id, min(day), max(day) FROM daily {also}"
                " kind IN ('session_started', 'poster_shown', 'tool_used') GROUP BY screen_id",
                params,
            )
        }
        totals = [(*row, *spans.get(row[0], ("", ""))) for row in sums]
        by_day = dict(
            conn.execute(
                f"SELECT day, sum(n) FROM daily {also} kind = 'session_started'"
                f" AND channel IN ({touch}) GROUP BY day",
                params,
            ).fetchall()
        )
        hours = conn.execute(
            "SELECT (CAST(strftime('%w', day) AS INTEGER) + 6) % 7, hour, sum(n)"
            f" FROM hourly_sessions {also} channel IN ({touch}) GROUP BY 1, 2",
            params,
        ).fetchall()
        rows = (
            [
                DailyRow(*row)
                for row in conn.execute(
                    "SELECT day, screen_id, channel, kind, item, detail, n, seconds FROM daily"
                    f" {where} ORDER BY day, screen_id, channel, kind, item, detail",
                    params,
                )
            ]
            if daily
            else []
        )
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot read the uptake store: {exc}") from None
    finally:
        conn.close()
    first = min((f for f, _ in spans.values() if f), default="")
    last = max((last for _, last in spans.values()), default="")
    return _StorePart(totals, by_day, hours, rows, first, last)


def _range(start: dt.date | None, end: dt.date | None) -> tuple[list[str], list[str]]:
    clauses, params = [], []
    if start is not None:
        clauses.append("day >= ?")
        params.append(start.isoformat())
    if end is not None:
        clauses.append("day <= ?")
        params.append(end.isoformat())
    return clauses, params


def _add_totals(
    report: Report, totals: Iterable[tuple[str, str, str, str, str, int, float, str, str]]
) -> None:
    for screen, channel, kind, item, detail, n, seconds, first_day, last_day in totals:
        play = report.screens.setdefault(screen, ScreenPlay())
        if first_day:
            play.first_day = min(play.first_day or first_day, first_day)
            play.last_day = max(play.last_day, last_day)
        play.channels.add(channel)
        if kind == ev.POSTER_SHOWN:
            play.posters_shown += n
            play.poster_seconds += seconds
            report.posters_shown[item or ABOUT] += n
            report.poster_seconds[item or ABOUT] += seconds
        elif kind == ev.SESSION_STARTED:
            report.sessions[screen] += n
            play.sessions += n
        elif kind == ev.SESSION_ENDED:
            report.sessions_ended += n
            report.session_seconds += seconds
        elif kind == ev.VISITOR_GROUP:
            report.visitor_groups[item] += n
        elif kind == ev.PROJECT_OPENED:
            report.projects_opened[item] += n
        elif kind == ev.QR_SHOWN:
            report.qr_shown[f"{detail}:{item}"] += n
        elif kind == ev.TEMPLATE_CHOSEN:
            report.templates_chosen[item] += n
        elif kind == ev.SEARCH_USED:
            report.searches += n
        elif kind == ev.FILTER_USED:
            report.filters_used[detail] += n
        elif kind == ev.TOOL_USED:
            report.tools_used[item] += n
        elif kind == ev.PLAN_SENT:
            report.plans_sent += n


def _whole_weeks(
    first: dt.date, last: dt.date, sessions_by_day: Counter[str]
) -> list[tuple[dt.date, int]]:
    monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    weeks = []
    while monday + dt.timedelta(days=6) <= last:
        total = sum(
            sessions_by_day.get((monday + dt.timedelta(days=i)).isoformat(), 0) for i in range(7)
        )
        weeks.append((monday, total))
        monday += dt.timedelta(days=7)
    return weeks


CSV_COLUMNS = ("day", "screen_id", "channel", "event", "item", "detail", "count", "seconds")


def write_csv(report: Report, folder: Path) -> list[Path]:
    """The daily aggregates as CSV files in `folder`: every total, and one row a day a screen."""
    import io

    long_form = io.StringIO()
    writer = csv.writer(long_form, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.daily:
        writer.writerow(
            [
                r.day,
                r.screen_id,
                r.channel,
                r.kind,
                _cell(r.item),
                r.detail,
                r.n,
                round(r.seconds, 1),
            ]
        )
    summary: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in report.daily:
        counts = summary[(r.day, r.screen_id)]
        counts[r.kind] += r.n
        if r.kind in (ev.POSTER_SHOWN, ev.SESSION_ENDED):
            counts[f"{r.kind}_seconds"] += round(r.seconds)
    columns = [
        ev.SESSION_STARTED,
        f"{ev.SESSION_ENDED}_seconds",
        ev.VISITOR_GROUP,
        ev.PROJECT_OPENED,
        ev.QR_SHOWN,
        ev.TEMPLATE_CHOSEN,
        ev.SEARCH_USED,
        ev.FILTER_USED,
        ev.TOOL_USED,
        ev.PLAN_SENT,
        ev.POSTER_SHOWN,
        f"{ev.POSTER_SHOWN}_seconds",
    ]
    wide = io.StringIO()
    writer = csv.writer(wide, lineterminator="\n")
    writer.writerow(["day", "screen_id", *columns])
    for (day, screen), counts in sorted(summary.items()):
        writer.writerow([day, _cell(screen), *(counts.get(c, 0) for c in columns)])
    paths = [folder / "uptake-daily.csv", folder / "uptake-daily-summary.csv"]
    for path, text in zip(paths, (long_form, wide), strict=True):
        write_atomic(path, text.getvalue().encode("utf-8"))
    return paths


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
