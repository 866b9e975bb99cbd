"""Web visits: a visitor's session on the web app, without cookies (no Qt).

A visit is named by a random id that the page's script makes and keeps in the tab's
``sessionStorage`` (forgotten at the idle reset), or that the server puts in the "Who's
visiting today?" form when the page has no script. The id is 64 random bits, as a touch
session's is: it identifies neither the device nor the person, and nothing else about the
visitor (address, search, typed text) is kept with it.

:class:`Visits` turns what a visit's page reports into the same events touch mode records,
through :class:`~kiosk.uptake.recorder.Tracker`: ``session_started`` when an id is first seen,
``visitor_group`` once a visit, and ``session_ended`` with the visit's length when the page's
idle reset ends it, or, when no page says so (a closed tab), once the visit has been quiet for
the idle time and a grace period. Its length is then counted to its last sign of use plus the
idle time, as the page's own reset would have counted it.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.uptake.events import new_session_id
from kiosk.uptake.recorder import Tracker

VISIT_RE = re.compile(r"^[0-9a-f]{16}$")
"""A visit id: 16 hex digits, as :func:`~kiosk.uptake.events.new_session_id` makes."""
MAX_VISITS = 10_000
"""Visits remembered at once; beyond this the quietest is ended (and counted) early."""
GRACE_SECONDS = 60.0
"""How long past the idle time a quiet visit is kept, for its page's own end to arrive."""


def new_visit_id() -> str:
    return new_session_id()


def valid_visit_id(value: str) -> bool:
    return bool(VISIT_RE.match(value))


@dataclass
class _Visit:
    tracker: Tracker
    started: float
    last: float
    answered: bool = False


class Visits:
    """The open web visits and their events (thread-safe; every call returns at once)."""

    def __init__(
        self,
        tracker: Tracker,
        idle_seconds: float,
        *,
        grace_seconds: float = GRACE_SECONDS,
        max_visits: int = MAX_VISITS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._tracker = tracker
        self.idle_seconds = float(idle_seconds)
        self.grace_seconds = grace_seconds
        self.max_visits = max_visits
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._open: OrderedDict[str, _Visit] = OrderedDict()
        """Oldest sign of use first, so that a sweep stops at the first visit still in use."""

    @property
    def visitor_groups(self) -> tuple[str, ...]:
        return self._tracker.visitor_groups

    def __len__(self) -> int:
        return len(self._open)

    def __contains__(self, visit_id: object) -> bool:
        return visit_id in self._open

    def seen(self, visit_id: str) -> None:
        """A page of this visit was opened or used; the first time starts its session."""
        if not valid_visit_id(visit_id):
            raise ValueError("not a visit id")
        now = self._monotonic()
        with self._lock:
            self._sweep_locked(now)
            self._seen_locked(visit_id, now)

    def group(self, visit_id: str, group: str) -> bool:
        """The visitor's answer on the bar: a configured group, once a visit."""
        if not valid_visit_id(visit_id):
            raise ValueError("not a visit id")
        now = self._monotonic()
        with self._lock:
            self._sweep_locked(now)
            visit = self._seen_locked(visit_id, now)
            if visit.answered or not visit.tracker.visitor_group(group):
                return False
            visit.answered = True
            return True

    def answered(self, visit_id: str) -> bool:
        with self._lock:
            visit = self._open.get(visit_id)
            return visit is not None and visit.answered

    def end(self, visit_id: str) -> bool:
        """The page's idle reset ended this visit: its session ends, counted until now."""
        now = self._monotonic()
        with self._lock:
            visit = self._open.pop(visit_id, None)
            if visit is None:
                return False
            visit.tracker.session_ended(now - visit.started)
            self._sweep_locked(now)
            return True

    def sweep(self) -> int:
        """End the visits quiet for longer than the idle time and the grace; how many."""
        with self._lock:
            return self._sweep_locked(self._monotonic())

    def close(self) -> None:
        """The server stops: every open visit ends as its idle reset would end it."""
        with self._lock:
            while self._open:
                _, visit = self._open.popitem(last=False)
                self._end_quiet(visit)

    def _seen_locked(self, visit_id: str, now: float) -> _Visit:
        visit = self._open.pop(visit_id, None)
        if visit is None:
            visit = _Visit(self._tracker.for_visit(), started=now, last=now)
            visit.tracker.session_started(visit_id)
        visit.last = now
        self._open[visit_id] = visit
        while len(self._open) > self.max_visits:
            _, oldest = self._open.popitem(last=False)
            self._end_quiet(oldest)
        return visit

    def _sweep_locked(self, now: float) -> int:
        ended = 0
        limit = self.idle_seconds + self.grace_seconds
        while self._open:
            visit = next(iter(self._open.values()))
            if now - visit.last <= limit:
                break
            self._open.popitem(last=False)
            self._end_quiet(visit)
            ended += 1
        return ended

    def _end_quiet(self, visit: _Visit) -> None:
        visit.tracker.session_ended(visit.last - visit.started + self.idle_seconds)
