"""Recording off the caller's thread: batches, a killed writer, the export copy, sessions."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.uptake import events as ev
from kiosk.uptake.recorder import Recorder, Tracker
from kiosk.uptake.store import open_read_only

REPO = Path(__file__).resolve().parents[3]
T0 = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)

WRITER = """
import datetime as dt, sys
from pathlib import Path
from kiosk.uptake.events import Event
from kiosk.uptake.recorder import Recorder

recorder = Recorder(Path(sys.argv[1]), flush_seconds=0.02,
                    on_written=lambda total: print("w", total, flush=True))
recorder.start()
at = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
n = 0
while True:
    for _ in range(BURST):
        recorder.record(Event(at=at, screen_id=sys.argv[2], channel="display",
                              kind="poster_shown", item=str(n), seconds=1.0))
        n += 1
    print("r", n, flush=True)
    recorder.flush()
"""
BURST = 500


def test_kill_9_while_writing_loses_at_most_the_last_batch_and_never_corrupts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "uptake.sqlite"
    for run in range(4):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER.replace("BURST", str(BURST)), str(path), f"run{run}"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        for _ in range(6 + 7 * run):  # kill at a different point each run
            assert child.stdout.readline(), "the writer stopped"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        lines = child.stdout.read().split("\n")  # what it printed up to the kill
        child.stdout.close()
        written = max((int(x.split()[1]) for x in lines if x.startswith("w ")), default=0)
        recorded = max((int(x.split()[1]) for x in lines if x.startswith("r ")), default=0)

        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        items = [
            int(item)
            for (item,) in conn.execute(
                "SELECT item FROM events WHERE screen_id = ? ORDER BY id", (f"run{run}",)
            )
        ]
        # Whole batches, in order, none torn: the items count up from 0 without a gap.
        assert items == list(range(len(items)))
        # Everything reported committed is there; at most the batch being written was lost.
        assert len(items) >= written
        assert len(items) >= recorded - BURST
        # The daily totals match the events exactly: they are written in the same transaction.
        total = conn.execute("SELECT sum(n) FROM daily").fetchone()[0]
        assert total == conn.execute("SELECT count(*) FROM events").fetchone()[0]
        conn.close()
    # And the store opens and takes more events after all that.
    recorder = Recorder(path)
    recorder.record(ev_at(ev.SEARCH_USED))
    recorder.close()
    assert open_read_only(path).execute(
        "SELECT count(*) FROM events WHERE kind = 'search_used'"
    ).fetchone() == (1,)


def ev_at(kind: str, **kw) -> ev.Event:
    kw.setdefault("channel", "touch")
    return ev.Event(at=T0, screen_id="lobby", kind=kind, **kw)


def test_record_returns_at_once_and_the_writer_commits_within_its_interval(
    tmp_path: Path,
) -> None:
    path = tmp_path / "uptake.sqlite"
    done = threading.Event()
    recorder = Recorder(path, flush_seconds=0.05, on_written=lambda total: done.set())
    recorder.start()
    recorder.record(ev_at(ev.SESSION_STARTED, session=ev.new_session_id()))
    # Nobody calls flush(): the writer thread commits by itself.
    assert done.wait(30)
    conn = open_read_only(path)
    assert conn.execute("SELECT kind FROM events").fetchall() == [("session_started",)]
    conn.close()
    recorder.close()


def test_events_recorded_before_close_are_all_written(tmp_path: Path) -> None:
    path = tmp_path / "uptake.sqlite"
    recorder = Recorder(path, flush_seconds=60)
    recorder.start()
    for _ in range(2500):  # more than one batch
        recorder.record(ev_at(ev.SEARCH_USED))
    recorder.close()
    assert open_read_only(path).execute("SELECT count(*) FROM events").fetchone() == (2500,)


def test_a_failing_disk_keeps_the_events_until_it_works_again(tmp_path: Path) -> None:
    path = tmp_path / "uptake.sqlite"
    recorder = Recorder(path)
    recorder.store.conn.execute("PRAGMA query_only = ON")  # every write now fails
    recorder.record(ev_at(ev.SEARCH_USED))
    assert not recorder.flush()
    recorder.store.conn.execute("PRAGMA query_only = OFF")
    assert recorder.flush()
    assert recorder.store.count() == 1
    recorder.close()


def test_the_export_is_refreshed_daily_and_the_share_may_be_away(tmp_path: Path) -> None:
    now = [T0]
    share = tmp_path / "share"
    recorder = Recorder(
        tmp_path / "state" / "uptake.sqlite",
        export_dir=share,
        export_name="Lobby screen/1",
        clock=lambda: now[0],
    )
    recorder.record(ev_at(ev.SEARCH_USED))
    recorder.flush()
    share.write_text("not a folder yet")  # the share is not mounted
    assert not recorder.export()
    share.unlink()
    assert recorder.export()
    copy = share / "Lobby-screen-1.uptake.sqlite"
    assert open_read_only(copy).execute("SELECT count(*) FROM events").fetchone() == (1,)
    recorder.record(ev_at(ev.SEARCH_USED))
    recorder.flush()
    assert not recorder.export()  # less than a day since the last copy
    now[0] += dt.timedelta(days=1, minutes=1)
    recorder.housekeeping()
    assert open_read_only(copy).execute("SELECT count(*) FROM events").fetchone() == (2,)
    recorder.close()


def test_housekeeping_prunes_past_the_retention_period(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path / "uptake.sqlite", retention_days=30, clock=lambda: T0)
    recorder.record(ev.Event(at=T0 - dt.timedelta(days=40), screen_id="s", channel="touch",
                             kind=ev.SEARCH_USED))  # fmt: skip
    recorder.record(ev_at(ev.SEARCH_USED))
    recorder.flush()
    recorder.housekeeping()
    assert recorder.store.count() == 1
    recorder.close()


class ListSink:
    def __init__(self) -> None:
        self.events: list[ev.Event] = []

    def record(self, event: ev.Event) -> None:
        self.events.append(event)


def test_a_tracker_gives_each_session_its_own_random_id_and_times_posters() -> None:
    sink = ListSink()
    ticks = [100.0]
    tracker = Tracker(
        sink,
        screen_id="lobby",
        channel="touch",
        visitor_groups=("Students",),
        clock=lambda: T0,
        monotonic=lambda: ticks[0],
    )
    tracker.poster_showing("falls")
    ticks[0] += 20
    tracker.poster_showing("falls")  # the same poster refreshed in place: still one showing
    ticks[0] += 5
    tracker.poster_showing("sepsis")
    ticks[0] += 10
    tracker.session_started()  # the session covers the attract loop's poster
    first = tracker.session
    assert not tracker.visitor_group("Somebody typed this")
    assert tracker.visitor_group("Students")
    tracker.project_opened("falls")
    tracker.session_ended(42.0)
    tracker.session_started()
    assert tracker.session != first
    tracker.poster_hidden()  # nothing on screen: nothing recorded
    kinds = [(e.kind, e.item, e.session, e.seconds) for e in sink.events]
    assert kinds == [
        ("poster_shown", "falls", None, 25.0),
        ("poster_shown", "sepsis", None, 10.0),
        ("session_started", "", first, None),
        ("visitor_group", "Students", first, None),
        ("project_opened", "falls", first, None),
        ("session_ended", "", first, 42.0),
        ("session_started", "", tracker.session, None),
    ]
    assert all(e.screen_id == "lobby" and e.channel == "touch" for e in sink.events)


def test_a_tracker_refuses_an_unknown_channel() -> None:
    with pytest.raises(ev.EventError):
        Tracker(None, screen_id="x", channel="phone")
