"""Make simulated uptake stores: many screens, a year of touch sessions and posters (seeded).

    python scripts/gen_uptake.py --out /tmp/uptake-year [--screens 20] [--sessions 200]
        [--days 365] [--start 2025-12-01] [--poster-seconds 20] [--seed 1]

Each screen gets its own store, ``<out>/<screen>.uptake.sqlite`` (as ``uptake.export_dir``
holds them), written through the kiosk's own store code, so its daily totals are exactly what a
screen would have written. A screen is open 08:00 to 19:00 on the hub's clock; its sessions
(``--sessions`` a day on average, growing through the year, fewer at weekends) each have a
visitor group (or none), searches, filters, projects opened with their QR codes and now and then
a template (the demo feed's); between sessions the attract loop shows a poster every
``--poster-seconds``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.feed.source import read_demo
from kiosk.uptake import events as ev
from kiosk.uptake.events import Event, new_session_id
from kiosk.uptake.store import EXPORT_SUFFIX, UptakeStore

ZONE = ZoneInfo("Europe/London")
# The demo feed's projects and templates, so that `qi-kiosk report --feed demo:` names them.
_DEMO = read_demo().feed
PROJECTS = [p.id for p in _DEMO.projects]
TEMPLATES = [t.id for t in _DEMO.templates]
OPEN_HOUR, CLOSE_HOUR = 8, 19
GROUP_WEIGHTS = [30, 12, 14, 4, 10, 3, 8, 9, 6, 4]


def simulate_day(
    rng: random.Random, screen: str, day: dt.date, sessions: int, poster_seconds: float
) -> list[Event]:
    opening = dt.datetime.combine(day, dt.time(OPEN_HOUR), ZONE).astimezone(dt.UTC)
    closing = dt.datetime.combine(day, dt.time(CLOSE_HOUR), ZONE).astimezone(dt.UTC)
    span = (closing - opening).total_seconds()
    # Busier late morning and over lunch: starts drawn from a triangle peaking at 12:30.
    starts = sorted(rng.triangular(0, span, 4.5 * 3600) for _ in range(sessions))
    out: list[Event] = []
    clock = 0.0
    poster = rng.randrange(len(PROJECTS))

    def emit(at: float, kind: str, session: str | None = None, **kw: object) -> None:
        out.append(
            Event(
                at=opening + dt.timedelta(seconds=at),
                screen_id=screen,
                channel="touch",
                kind=kind,
                session=session,
                **kw,  # type: ignore[arg-type]
            )
        )

    for start in [*starts, span]:
        while clock + poster_seconds <= start:  # the attract loop until the next session
            emit(clock, ev.POSTER_SHOWN, item=PROJECTS[poster], seconds=poster_seconds)
            clock += poster_seconds
            poster = (poster + 1) % len(PROJECTS)
        if start >= span or clock >= span:
            break  # closing time: nobody starts a session after it
        clock = max(clock, start)
        session = new_session_id()
        emit(clock, ev.SESSION_STARTED, session)
        t = clock + rng.uniform(2, 8)
        if rng.random() < 0.65:
            group = rng.choices(ev.DEFAULT_VISITOR_GROUPS, GROUP_WEIGHTS)[0]
            emit(t, ev.VISITOR_GROUP, session, item=group)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            t += rng.uniform(5, 30)
            emit(t, ev.SEARCH_USED, session)
        for _ in range(rng.choice((0, 0, 0, 1, 2))):
            t += rng.uniform(3, 20)
            emit(t, ev.FILTER_USED, session, detail=rng.choice(ev.FILTER_KINDS))
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            t += rng.uniform(10, 90)
            project = PROJECTS[min(int(rng.expovariate(0.12)), len(PROJECTS) - 1)]
            emit(t, ev.PROJECT_OPENED, session, item=project)
            emit(t, ev.QR_SHOWN, session, item=project, detail="project")
        if rng.random() < 0.15:
            t += rng.uniform(10, 60)
            template = rng.choice(TEMPLATES)
            emit(t, ev.TEMPLATE_CHOSEN, session, item=template)
            emit(t, ev.QR_SHOWN, session, item=template, detail="template")
        t += rng.uniform(20, 90)  # the idle time before the screen returns to Attract
        emit(t, ev.SESSION_ENDED, session, seconds=t - clock)
        clock = t
    return out


def make_screen(job: tuple[Path, str, dt.date, int, int, float, int]) -> int:
    out, screen, start, days, sessions, poster_seconds, seed = job
    rng = random.Random(f"{seed}/{screen}")
    path = out / f"{screen}{EXPORT_SUFFIX}"
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    store = UptakeStore(path)
    store.conn.execute("PRAGMA synchronous=OFF")  # a generator: speed over crash safety
    written = 0
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        growth = 0.8 + 0.4 * offset / max(1, days - 1)  # from 80% to 120% of the average
        weekend = 0.35 if day.weekday() >= 5 else 1.0
        mean = sessions * growth * weekend * 7 / (5 + 2 * 0.35)
        count = max(0, round(rng.gauss(mean, mean**0.5)))
        events = simulate_day(rng, screen, day, count, poster_seconds)
        store.write(events)
        written += len(events)
    store.conn.execute("PRAGMA journal_mode=DELETE")
    store.conn.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--screens", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=200, help="per screen per day")
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2025, 12, 1))
    parser.add_argument("--poster-seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0, help="processes (default: the CPUs)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = [
        (args.out, f"screen-{i:02d}", args.start, args.days, args.sessions,
         args.poster_seconds, args.seed)
        for i in range(1, args.screens + 1)
    ]  # fmt: skip
    began = time.perf_counter()
    with multiprocessing.Pool(args.jobs or None) as pool:
        total = sum(pool.map(make_screen, jobs))
    print(
        f"{args.screens} stores, {total:,} events in {args.out} "
        f"({time.perf_counter() - began:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
