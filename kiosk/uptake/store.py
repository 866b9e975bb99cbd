"""The uptake store: one SQLite file per screen, in WAL mode, versioned and migrated (no Qt).

Raw events go in ``events`` together with their local day and hour; the same transaction adds
them to the ``daily`` totals (and session starts to ``hourly_sessions``), which reports read, so
a year of a busy screen reports in milliseconds. Events waiting for Matomo sit in ``outbox``.

Every batch is one transaction with ``synchronous=FULL``: a power cut or a killed process loses
at most the batch being written, and SQLite's journal never leaves a half-written one. The
schema version is SQLite's ``user_version``; a store from a newer kiosk is refused, never
altered.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.uptake.events import SESSION_STARTED, Event

logger = logging.getLogger(__name__)

STORE_NAME = "uptake.sqlite"
EXPORT_SUFFIX = ".uptake.sqlite"

_V1 = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    day TEXT NOT NULL,
    hour INTEGER NOT NULL,
    screen_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    session TEXT,
    item TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    seconds REAL
);
CREATE INDEX events_at ON events(at);
CREATE INDEX events_session ON events(session) WHERE session IS NOT NULL;
CREATE TABLE outbox (event_id INTEGER PRIMARY KEY);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_V2 = """
CREATE TABLE daily (
    day TEXT NOT NULL,
    screen_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    item TEXT NOT NULL,
    detail TEXT NOT NULL,
    n INTEGER NOT NULL,
    seconds REAL NOT NULL,
    PRIMARY KEY (day, screen_id, channel, kind, item, detail)
) WITHOUT ROWID;
CREATE TABLE hourly_sessions (
    day TEXT NOT NULL,
    hour INTEGER NOT NULL,
    screen_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (day, hour, screen_id, channel)
) WITHOUT ROWID;
INSERT INTO daily
    SELECT day, screen_id, channel, kind, item, detail, count(*), total(seconds)
    FROM events GROUP BY day, screen_id, channel, kind, item, detail;
INSERT INTO hourly_sessions
    SELECT day, hour, screen_id, channel, count(*)
    FROM events WHERE kind = 'session_started' GROUP BY day, hour, screen_id, channel;
"""

_V3 = """
CREATE INDEX daily_by_event ON daily (kind, item, detail, screen_id, channel, day, n, seconds);
"""
"""Reports sum the daily totals by event: a covering index makes that a scan without a sort."""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3)
"""Migration N (1-based) takes a store from version N-1 to N."""
SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The store cannot be used: one line saying why."""


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    if read_only:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=10.0, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, timeout=10.0, check_same_thread=False)
    conn.isolation_level = None  # transactions are explicit
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the store to SCHEMA_VERSION, one transaction per step; refuse a newer store."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer kiosk (uptake schema {version}; "
            f"this one reads up to {SCHEMA_VERSION})"
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        logger.info("uptake store %s at schema version %d", path, number)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


class UptakeStore:
    """The writer's connection to one screen's store."""

    def __init__(self, path: Path, *, timezone: str = "Europe/London") -> None:
        self.path = path
        self.zone = ZoneInfo(timezone)
        self._quarters: dict[int, tuple[str, int]] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = self._open()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise StoreError(f"{path} is in use by another program") from None
            self._move_aside(exc)
            self.conn = self._open()

    def _open(self) -> sqlite3.Connection:
        conn = _connect(self.path, read_only=False)
        try:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                logger.warning("uptake store %s: WAL not available (%s)", self.path, mode)
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {check}")
            migrate(conn, self.path)
        except BaseException:
            conn.close()
            raise
        return conn

    def _move_aside(self, exc: Exception) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"uptake-corrupt-{stamp}.sqlite")
        logger.error("uptake store %s is unreadable (%s); moved to %s", self.path, exc, aside)
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{aside}{suffix}"))

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    # --- writing ---------------------------------------------------------------------------

    def local(self, event: Event) -> tuple[str, int]:
        """The event's day and hour on the hub's clock."""
        # Every time zone's offset is a whole number of quarter hours: one look-up per quarter.
        quarter = int(event.timestamp // 900)
        found = self._quarters.get(quarter)
        if found is None:
            moment = dt.datetime.fromtimestamp(quarter * 900, self.zone)
            found = self._quarters[quarter] = (moment.date().isoformat(), moment.hour)
            if len(self._quarters) > 10_000:
                self._quarters.clear()
        return found

    def write(self, events: Sequence[Event], *, outbox: bool = False) -> None:
        """Write a batch in one transaction (events, their daily totals, and the outbox)."""
        if not events:
            return
        rows = []
        daily: Counter[tuple[str, str, str, str, str, str]] = Counter()
        seconds: dict[tuple[str, str, str, str, str, str], float] = {}
        hourly: Counter[tuple[str, int, str, str]] = Counter()
        for e in events:
            day, hour = self.local(e)
            rows.append((e.timestamp, day, hour, e.screen_id, e.channel, e.kind, e.session,
                         e.item, e.detail, e.seconds))  # fmt: skip
            key = (day, e.screen_id, e.channel, e.kind, e.item, e.detail)
            daily[key] += 1
            seconds[key] = seconds.get(key, 0.0) + (e.seconds or 0.0)
            if e.kind == SESSION_STARTED:
                hourly[(day, hour, e.screen_id, e.channel)] += 1
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            before = conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
            conn.executemany(
                "INSERT INTO events (at, day, hour, screen_id, channel, kind, session, item,"
                " detail, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            conn.executemany(
                "INSERT INTO daily VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET"
                " n = n + excluded.n, seconds = seconds + excluded.seconds",
                [(*key, n, seconds[key]) for key, n in daily.items()],
            )
            conn.executemany(
                "INSERT INTO hourly_sessions VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET"
                " n = n + excluded.n",
                [(*key, n) for key, n in hourly.items()],
            )
            if outbox:
                conn.execute("INSERT INTO outbox SELECT id FROM events WHERE id > ?", (before,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def prune(self, before: dt.date) -> int:
        """Delete everything from days before `before`; the number of events deleted."""
        day = before.isoformat()
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "DELETE FROM outbox WHERE event_id IN (SELECT id FROM events WHERE day < ?)",
                (day,),
            )
            deleted = conn.execute("DELETE FROM events WHERE day < ?", (day,)).rowcount
            conn.execute("DELETE FROM daily WHERE day < ?", (day,))
            conn.execute("DELETE FROM hourly_sessions WHERE day < ?", (day,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return int(deleted)

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the store at `target` (SQLite's backup API), replaced atomically.

        The copy is in rollback-journal mode, so it reads from a read-only share.
        """
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        copy = sqlite3.connect(tmp)
        try:
            self.conn.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
            copy.execute("DELETE FROM outbox")
            copy.commit()
        finally:
            copy.close()
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)

    # --- reading (tests and tools) -----------------------------------------------------------

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM events").fetchone()[0])


def open_read_only(path: Path) -> sqlite3.Connection:
    """A store opened for reading only (a report), checked for its schema version."""
    if not path.is_file():
        raise StoreError(f"no uptake store at {path}")
    try:
        conn = _connect(path, read_only=True)
        version = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable uptake store: {exc}") from None
    if version == 0:
        conn.close()
        raise StoreError(f"{path} is not an uptake store")
    if version != SCHEMA_VERSION:
        conn.close()
        newer = version > SCHEMA_VERSION
        raise StoreError(
            f"{path} has uptake schema {version}; "
            + ("it was written by a newer kiosk" if newer else "start the kiosk once to update it")
        )
    return conn


def waiting_to_forward(path: Path) -> int:
    """How many events wait in the store's outbox to be forwarded (a short read-only look)."""
    conn = open_read_only(path)
    try:
        return int(conn.execute("SELECT count(*) FROM outbox").fetchone()[0])
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read {path}: {exc}") from None
    finally:
        conn.close()


def find_stores(places: Iterable[Path]) -> list[Path]:
    """The store files in each place: a store file, a state folder, or a folder of exports."""
    found: list[Path] = []
    for place in places:
        if place.is_file():
            found.append(place)
        elif (place / STORE_NAME).is_file():
            found.append(place / STORE_NAME)
        elif place.is_dir():
            exports = sorted(place.glob(f"*{EXPORT_SUFFIX}"))
            if not exports:
                raise StoreError(f"no uptake store in {place}")
            found += exports
        else:
            raise StoreError(f"no such file or folder: {place}")
    return found
