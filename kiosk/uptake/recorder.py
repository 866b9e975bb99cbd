"""Recording events off the caller's thread, in small batches (no Qt).

:class:`Recorder` owns the store and one writer thread. ``record()`` only appends to a queue, so
the GUI thread (or a web request) never waits for the disk; every ``flush_seconds`` the thread
writes what has come in as one transaction. A power cut loses at most that much. Once an hour
the thread also prunes rows older than the retention period and, when an export folder is set,
refreshes the daily copy of the store there.

:class:`Tracker` turns what one screen (or one web visitor) does into events: it holds the
current session's random id and times the poster on screen.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from kiosk.uptake import events as ev
from kiosk.uptake.events import Event, EventError, new_session_id
from kiosk.uptake.store import EXPORT_SUFFIX, StoreError, UptakeStore

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 2.0
"""How often the writer commits: the most a power cut can lose (at most 5 s is allowed)."""
HOUSEKEEPING_SECONDS = 3600.0
EXPORT_EVERY = dt.timedelta(days=1)
MAX_BATCH = 2000
MAX_PENDING = 200_000
"""Events kept in memory while the disk refuses them; older ones are dropped beyond this."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Sink(Protocol):
    def record(self, event: Event) -> None: ...


class Recorder:
    """Writes recorded events to the store from its own thread."""

    def __init__(
        self,
        path: Path,
        *,
        timezone: str = "Europe/London",
        flush_seconds: float = FLUSH_SECONDS,
        retention_days: int = 730,
        export_dir: Path | None = None,
        export_name: str = "hub-screen",
        outbox: bool = False,
        on_written: Callable[[int], None] | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.path = path
        self.flush_seconds = flush_seconds
        self.retention_days = retention_days
        self.export_dir = export_dir
        self.export_name = export_name
        self.outbox = outbox
        self.on_written = on_written
        """Called on the writer thread after each batch commits, with the total written."""
        self._clock = clock
        self.store = UptakeStore(path, timezone=timezone)
        self._pending: deque[Event] = deque()
        self._lock = threading.Condition()
        self._recorded = 0
        self._written = 0
        self._dropped = 0
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._write_ok: bool | None = None
        self._export_ok: bool | None = None
        self._next_housekeeping = 0.0
        self.listeners: list[Callable[[], None]] = []
        """Called on the writer thread after a batch with outbox rows commits."""

    # --- any thread --------------------------------------------------------------------------

    def record(self, event: Event) -> None:
        """Queue one event; returns at once."""
        with self._lock:
            if len(self._pending) >= MAX_PENDING:
                self._pending.popleft()
                self._dropped += 1
            self._pending.append(event)
            self._recorded += 1

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything recorded so far is written; False if it could not be."""
        with self._lock:
            target = self._recorded
            if self._thread is None:
                self._write_pending_locked()
                return self._written + self._dropped >= target
            self._wake.set()
            return self._lock.wait_for(
                lambda: self._written + self._dropped >= target, timeout=timeout
            )

    @property
    def written(self) -> int:
        return self._written

    # --- the writer thread -------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="uptake-writer", daemon=True)
            self._thread.start()

    def close(self) -> None:
        """Write what is left, stop the thread and close the store."""
        if self._thread is not None:
            self._stopping = True
            self._wake.set()
            self._thread.join(30)
            self._thread = None
        else:
            with self._lock:
                self._write_pending_locked()
        self.store.close()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_seconds)
            self._wake.clear()
            with self._lock:
                self._write_pending_locked()
            if time.monotonic() >= self._next_housekeeping:
                self._next_housekeeping = time.monotonic() + HOUSEKEEPING_SECONDS
                self.housekeeping()
            if self._stopping:
                with self._lock:
                    self._write_pending_locked()
                return

    def _write_pending_locked(self) -> None:
        while self._pending:
            batch = [self._pending[i] for i in range(min(MAX_BATCH, len(self._pending)))]
            try:
                # The lock is held while writing so that flush() sees a consistent count; the
                # GUI thread only ever waits for it as long as one small batch takes.
                self.store.write(batch, outbox=self.outbox)
            except Exception as exc:  # the disk or the file: keep the events, retry later
                if self._write_ok is not False:
                    logger.error("cannot write uptake events to %s: %s", self.path, exc)
                self._write_ok = False
                return
            if self._write_ok is False:
                logger.info("writing uptake events to %s again", self.path)
            self._write_ok = True
            for _ in batch:
                self._pending.popleft()
            self._written += len(batch)
            self._lock.notify_all()
            if self.on_written is not None:
                self.on_written(self._written)
            if self.outbox:
                for listener in self.listeners:
                    listener()

    def housekeeping(self) -> None:
        """Prune old rows and refresh the export copy (run by the writer thread once an hour)."""
        today = self._clock().astimezone(self.store.zone).date()
        try:
            removed = self.store.prune(today - dt.timedelta(days=self.retention_days))
        except Exception as exc:  # a locked or failing disk: next hour
            logger.warning("cannot prune the uptake store: %s", exc)
            removed = 0
        if removed:
            logger.info("pruned %d uptake events older than %d days", removed, self.retention_days)
        if self.export_dir is not None:
            self.export()

    def export(self, *, force: bool = False) -> bool:
        """Copy the store to the export folder if the last copy is a day old (or `force`)."""
        if self.export_dir is None:
            return False
        now = self._clock()
        last = self.store.get_meta("exported_at")
        if not force and last and now - dt.datetime.fromisoformat(last) < EXPORT_EVERY:
            return False
        target = self.export_dir / f"{safe_name(self.export_name)}{EXPORT_SUFFIX}"
        try:
            self.store.backup_to(target)
            self.store.set_meta("exported_at", now.isoformat())
        except Exception as exc:  # the share is away: try again next hour
            if self._export_ok is not False:
                logger.warning("cannot export the uptake store to %s: %s", target, exc)
            self._export_ok = False
            return False
        if self._export_ok is not True:
            logger.info("uptake store exported to %s", target)
        self._export_ok = True
        return True


def safe_name(name: str) -> str:
    """A screen id as a file name on any share."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in name).strip(".-")
    return cleaned[:80] or "screen"


def open_recorder(
    state_dir: Path,
    *,
    timezone: str,
    retention_days: int,
    export_dir: Path | None,
    screen_id: str,
    outbox: bool,
    flush_seconds: float = FLUSH_SECONDS,
) -> Recorder | None:
    """The screen's recorder, started; None (with one error logged) if its store is unusable."""
    from kiosk.uptake.store import STORE_NAME

    try:
        recorder = Recorder(
            state_dir / STORE_NAME,
            timezone=timezone,
            flush_seconds=flush_seconds,
            retention_days=retention_days,
            export_dir=export_dir,
            export_name=screen_id,
            outbox=outbox,
        )
    except (StoreError, OSError) as exc:
        logger.error("uptake recording is off: %s", exc)
        return None
    recorder.start()
    return recorder


class Tracker:
    """The events of one screen or one web visitor, with its session and poster timing."""

    def __init__(
        self,
        sink: Sink | None,
        *,
        screen_id: str,
        channel: str,
        visitor_groups: Sequence[str] = ev.DEFAULT_VISITOR_GROUPS,
        clock: Callable[[], dt.datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if channel not in ev.CHANNELS:
            raise EventError(f"unknown channel {channel!r}")
        self.sink = sink
        self.screen_id = screen_id
        self.channel = channel
        self.visitor_groups = tuple(visitor_groups)
        self.session: str | None = None
        self._clock = clock
        self._monotonic = monotonic
        self._poster: str | None = None
        self._poster_since = 0.0
        self._poster_at: dt.datetime | None = None

    def _emit(self, kind: str, *, item: str = "", detail: str = "", seconds: float | None = None,
              at: dt.datetime | None = None) -> None:  # fmt: skip
        if self.sink is None:
            return
        self.sink.record(
            Event(
                at=at or self._clock(),
                screen_id=self.screen_id,
                channel=self.channel,
                kind=kind,
                session=self.session,
                item=item,
                detail=detail,
                seconds=seconds,
            )
        )

    def for_visit(self) -> Tracker:
        """A tracker like this one, with no session yet, for one web visitor's events."""
        return Tracker(
            self.sink,
            screen_id=self.screen_id,
            channel=self.channel,
            visitor_groups=self.visitor_groups,
            clock=self._clock,
            monotonic=self._monotonic,
        )

    # --- sessions ----------------------------------------------------------------------------

    def session_started(self, session: str | None = None) -> None:
        """A session begins: `session` is its id if the caller made one (a web visit's)."""
        self.poster_hidden()  # a session covers the attract loop
        self.session = session or new_session_id()
        self._emit(ev.SESSION_STARTED)

    def session_ended(self, seconds: float) -> None:
        if self.session is None:
            return
        self._emit(ev.SESSION_ENDED, seconds=max(0.0, float(seconds)))
        self.session = None

    def visitor_group(self, group: str) -> bool:
        """The visitor's answer; only a configured group counts (nothing typed is kept)."""
        if group not in self.visitor_groups:
            logger.warning("not a configured visitor group: %r", group[:80])
            return False
        self._emit(ev.VISITOR_GROUP, item=group)
        return True

    def project_opened(self, project_id: str) -> None:
        self._emit(ev.PROJECT_OPENED, item=project_id)

    def qr_shown(self, kind: str, item_id: str) -> None:
        self._emit(ev.QR_SHOWN, item=item_id, detail=kind)

    def template_chosen(self, template_id: str) -> None:
        self._emit(ev.TEMPLATE_CHOSEN, item=template_id)

    def search_used(self) -> None:
        self._emit(ev.SEARCH_USED)

    def filter_used(self, kind: str) -> None:
        self._emit(ev.FILTER_USED, detail=kind)

    def tool_used(self, tool_id: str) -> None:
        self._emit(ev.TOOL_USED, item=tool_id)

    def plan_sent(self, tool_id: str = "") -> None:
        self._emit(ev.PLAN_SENT, item=tool_id)

    # --- proof of play -----------------------------------------------------------------------

    def poster_showing(self, project_id: str | None) -> None:
        """The poster in front is now `project_id` ("" for the About poster, None for none)."""
        if project_id == self._poster:
            return
        self.poster_hidden()
        if project_id is not None:
            self._poster = project_id
            self._poster_since = self._monotonic()
            self._poster_at = self._clock()

    def poster_hidden(self) -> None:
        """No poster is on screen any more (standby, a touch session, closing)."""
        if self._poster is None:
            return
        seconds = max(0.0, self._monotonic() - self._poster_since)
        session, self.session = self.session, None
        self._emit(ev.POSTER_SHOWN, item=self._poster, seconds=seconds, at=self._poster_at)
        self.session = session
        self._poster = None
