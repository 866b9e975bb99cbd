"""The status file IT reads to see how a screen is (no Qt).

``<state_dir>/status.json`` is rewritten atomically, and only when something in it changes
(apart from ``updated_at``), so a healthy kiosk does not write to disk on every poster.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.atomic import write_atomic

logger = logging.getLogger(__name__)

FEED_STATES = ("ok", "stale", "error", "demo", "empty")
SCREENS = ("poster", "attract", "browse", "project", "start", "celebrate", "admin", "standby")


def iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class FeedStatus:
    source: str = ""
    state: str = "empty"
    last_attempt_at: dt.datetime | None = None
    last_success_at: dt.datetime | None = None
    last_error: str | None = None
    projects: int = 0
    skipped: int = 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["last_attempt_at"] = iso(self.last_attempt_at)
        data["last_success_at"] = iso(self.last_success_at)
        return data


@dataclass(frozen=True)
class Status:
    mode: str
    started_at: dt.datetime
    screen: str = "poster"
    showing: str | None = None
    feed: FeedStatus = field(default_factory=FeedStatus)
    outbox: tuple[tuple[str, Any], ...] | None = None
    """The outbox's ``pending``, ``failed`` and ``last_error`` when intake is configured."""

    def to_json(self, updated_at: dt.datetime) -> dict[str, Any]:
        data = {
            "version": __version__,
            "mode": self.mode,
            "screen": self.screen,
            "showing": self.showing,
            "started_at": iso(self.started_at),
            "updated_at": iso(updated_at),
            "feed": self.feed.to_json(),
        }
        if self.outbox is not None:
            data["outbox"] = dict(self.outbox)
        return data


class StatusFile:
    """Holds the current status and writes it whenever it changes.

    Made ``held``, it keeps changes without writing them until :meth:`release`: the kiosk
    changes its status several times while it starts, and each write is an fsync (several
    milliseconds on a small PC's disk) that the first poster would wait for.
    """

    def __init__(self, path: Path, status: Status, *, held: bool = False) -> None:
        self.path = path
        self._status = status
        self._write_failed = False
        self._held = held

    @property
    def status(self) -> Status:
        return self._status

    def update(self, now: dt.datetime, **changes: Any) -> bool:
        """Apply changes (``screen=...``, ``feed=FeedStatus(...)``); write if anything changed."""
        if "screen" in changes and changes["screen"] not in SCREENS:
            raise ValueError(f"unknown screen {changes['screen']!r}")
        new = replace(self._status, **changes)
        if new == self._status:
            return False
        self._status = new
        if not self._held:
            self.write(now)
        return True

    def release(self, now: dt.datetime) -> None:
        """Write the status as it is now, and every change from now on. This first write is
        not flushed to disk (the first poster does not wait for the disk): a power cut can only
        lose what the next start writes again."""
        self._held = False
        self.write(now, durable=False)

    def write(self, now: dt.datetime, *, durable: bool = True) -> None:
        text = json.dumps(self._status.to_json(now), indent=2, ensure_ascii=False)
        try:
            write_atomic(self.path, text.encode("utf-8"), durable=durable)
        except OSError as exc:
            if not self._write_failed:
                logger.error("cannot write the status file %s: %s", self.path, exc.strerror or exc)
            self._write_failed = True
        else:
            if self._write_failed:
                logger.info("status file %s is writable again", self.path)
            self._write_failed = False
