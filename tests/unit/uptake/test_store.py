"""The uptake store: schema versions and migration, batches, totals, pruning, backups."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kiosk.uptake import events as ev
from kiosk.uptake.events import Event, EventError
from kiosk.uptake.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    UptakeStore,
    find_stores,
    open_read_only,
)

T0 = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)  # 10:30 in London (summer time)


def event(kind: str, *, minutes: float = 0, **kw) -> Event:
    kw.setdefault("channel", "touch")
    return Event(at=T0 + dt.timedelta(minutes=minutes), screen_id="lobby", kind=kind, **kw)


def test_a_new_store_is_wal_at_the_current_version(tmp_path: Path) -> None:
    store = UptakeStore(tmp_path / "uptake.sqlite")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    store.close()


def test_a_version_1_store_is_migrated_and_its_totals_built(tmp_path: Path) -> None:
    path = tmp_path / "uptake.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(
        "INSERT INTO events (at, day, hour, screen_id, channel, kind, item, detail)"
        " VALUES (0, '2026-06-01', 10, 'lobby', 'touch', 'project_opened', 'falls', '')"
    )
    conn.execute(
        "INSERT INTO events (at, day, hour, screen_id, channel, kind, item, detail)"
        " VALUES (0, '2026-06-01', 10, 'lobby', 'touch', 'session_started', '', '')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = UptakeStore(path)
    rows = store.conn.execute("SELECT kind, item, n FROM daily ORDER BY kind").fetchall()
    assert rows == [("project_opened", "falls", 1), ("session_started", "", 1)]
    assert store.conn.execute("SELECT hour, n FROM hourly_sessions").fetchall() == [(10, 1)]
    store.close()


def test_a_store_from_a_newer_kiosk_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "uptake.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer kiosk"):
        UptakeStore(path)
    with pytest.raises(StoreError, match="newer kiosk"):
        open_read_only(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 99


def test_an_unreadable_store_is_moved_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "uptake.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    store = UptakeStore(path)
    assert store.count() == 0
    assert [p.name.startswith("uptake-corrupt-") for p in tmp_path.iterdir()].count(True) == 1
    store.close()


def test_a_batch_adds_events_daily_totals_and_session_hours(tmp_path: Path) -> None:
    store = UptakeStore(tmp_path / "uptake.sqlite")
    session = ev.new_session_id()
    store.write(
        [
            event(ev.SESSION_STARTED, session=session),
            event(ev.PROJECT_OPENED, session=session, item="falls"),
            event(ev.PROJECT_OPENED, session=session, item="falls", minutes=1),
            event(ev.POSTER_SHOWN, channel="display", item="falls", seconds=20.0),
        ]
    )
    store.write([event(ev.POSTER_SHOWN, channel="display", item="falls", seconds=25.5)])
    assert store.count() == 5
    daily = dict(
        ((kind, item), (n, s))
        for kind, item, n, s in store.conn.execute("SELECT kind, item, n, seconds FROM daily")
    )
    assert daily[("project_opened", "falls")] == (2, 0.0)
    assert daily[("poster_shown", "falls")] == (2, 45.5)
    # Local time: 09:30 UTC is 10:30 in London in June.
    assert store.conn.execute("SELECT day, hour, n FROM hourly_sessions").fetchall() == [
        ("2026-06-01", 10, 1)
    ]
    store.close()


def test_the_outbox_holds_exactly_the_new_events(tmp_path: Path) -> None:
    store = UptakeStore(tmp_path / "uptake.sqlite")
    store.write([event(ev.SEARCH_USED)])
    store.write([event(ev.SEARCH_USED), event(ev.SEARCH_USED)], outbox=True)
    assert store.conn.execute("SELECT event_id FROM outbox").fetchall() == [(2,), (3,)]
    store.close()


def test_pruning_removes_old_days_everywhere(tmp_path: Path) -> None:
    store = UptakeStore(tmp_path / "uptake.sqlite")
    store.write([event(ev.SESSION_STARTED, minutes=-3 * 24 * 60)], outbox=True)
    store.write([event(ev.SESSION_STARTED)], outbox=True)
    assert store.prune(T0.date() - dt.timedelta(days=1)) == 1
    for table in ("events", "daily", "hourly_sessions", "outbox"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1, table
    store.close()


def test_a_backup_is_a_consistent_read_only_copy(tmp_path: Path) -> None:
    store = UptakeStore(tmp_path / "state" / "uptake.sqlite")
    store.write([event(ev.SESSION_STARTED), event(ev.SEARCH_USED)], outbox=True)
    target = tmp_path / "share" / "lobby.uptake.sqlite"
    store.backup_to(target)
    store.write([event(ev.SEARCH_USED)])
    target.chmod(0o444)
    target.parent.chmod(0o555)
    try:
        conn = open_read_only(target)
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()
    finally:
        target.parent.chmod(0o755)
    assert find_stores([tmp_path / "share"]) == [target]
    assert find_stores([tmp_path / "state"]) == [tmp_path / "state" / "uptake.sqlite"]
    store.close()


def test_places_without_a_store_are_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no uptake store in"):
        find_stores([tmp_path])
    with pytest.raises(StoreError, match="no such file or folder"):
        find_stores([tmp_path / "missing"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "search_text"}, "unknown event"),
        ({"kind": ev.SEARCH_USED, "channel": "phone"}, "unknown channel"),
        ({"kind": ev.FILTER_USED, "detail": "free text"}, "unknown filter kind"),
        ({"kind": ev.SEARCH_USED, "session": "alice@example.org"}, "session id"),
    ],
)
def test_events_outside_the_vocabulary_are_refused(kwargs: dict, message: str) -> None:
    kwargs.setdefault("channel", "touch")
    with pytest.raises(EventError, match=message):
        Event(at=T0, screen_id="lobby", **kwargs)
