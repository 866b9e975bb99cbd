"""What the kiosk records about its use: a fixed vocabulary of anonymous events (no Qt).

Each event has a time (UTC), the screen it happened on, its channel (``display``, ``touch`` or
``web``) and its kind. Touch and web events carry a per-session random id, never anything that
identifies a device or a person. Items are ids from the feed (projects, templates) or from fixed
lists (filter kinds, visitor groups, tools); no free text is ever recorded: a search is counted,
its words are not kept.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

CHANNELS = ("display", "touch", "web")

POSTER_SHOWN = "poster_shown"
"""A poster was on screen: item = project id ("" for the About poster), seconds on screen."""
SESSION_STARTED = "session_started"
SESSION_ENDED = "session_ended"
"""seconds = how long the session lasted."""
VISITOR_GROUP = "visitor_group"
"""item = the group the visitor chose on the "Who's visiting today?" bar."""
PROJECT_OPENED = "project_opened"
QR_SHOWN = "qr_shown"
"""detail = what the code is for (project or template), item = its id."""
TEMPLATE_CHOSEN = "template_chosen"
SEARCH_USED = "search_used"
"""Counted once per search; the search text is never recorded."""
FILTER_USED = "filter_used"
"""detail = the kind of filter (theme, stage, site, department)."""
TOOL_USED = "tool_used"
PLAN_SENT = "plan_sent"

KINDS = (
    POSTER_SHOWN,
    SESSION_STARTED,
    SESSION_ENDED,
    VISITOR_GROUP,
    PROJECT_OPENED,
    QR_SHOWN,
    TEMPLATE_CHOSEN,
    SEARCH_USED,
    FILTER_USED,
    TOOL_USED,
    PLAN_SENT,
)

FILTER_KINDS = ("theme", "stage", "site", "department")
QR_KINDS = ("project", "template", "hub", "tool")

DEFAULT_VISITOR_GROUPS = (
    "Nursing and midwifery",
    "Medical and dental",
    "Allied health professionals",
    "Healthcare scientists",
    "Admin and clerical",
    "Estates and facilities",
    "Support workers",
    "Students",
    "Patients, carers and visitors",
    "Prefer not to say",
)

MAX_ITEM = 200
"""Ids longer than this are cut: they come from the feed, which is bounded anyway."""
_SESSION_RE = re.compile(r"^[0-9a-f]{16}$")


class EventError(ValueError):
    """An event outside the vocabulary (a bug in the caller, or a bad web request)."""


def new_session_id() -> str:
    """A random id for one session: 64 random bits, unrelated to the device or the person."""
    return secrets.token_hex(8)


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened on a screen."""

    at: dt.datetime
    screen_id: str
    channel: str
    kind: str
    session: str | None = None
    item: str = ""
    detail: str = ""
    seconds: float | None = None

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise EventError(f"unknown channel {self.channel!r} (one of {', '.join(CHANNELS)})")
        if self.kind not in KINDS:
            raise EventError(f"unknown event {self.kind!r}")
        if self.at.tzinfo is None:
            raise EventError("an event's time must carry its time zone")
        if self.session is not None and not _SESSION_RE.match(self.session):
            raise EventError("a session id is 16 hex digits from new_session_id()")
        if self.kind == FILTER_USED and self.detail not in FILTER_KINDS:
            raise EventError(f"unknown filter kind {self.detail!r}")
        if self.kind == QR_SHOWN and self.detail not in QR_KINDS:
            raise EventError(f"unknown QR code kind {self.detail!r}")
        if self.seconds is not None and not 0 <= self.seconds < 366 * 86_400:
            raise EventError(f"seconds out of range: {self.seconds!r}")
        if len(self.item) > MAX_ITEM or len(self.screen_id) > MAX_ITEM:
            object.__setattr__(self, "item", self.item[:MAX_ITEM])
            object.__setattr__(self, "screen_id", self.screen_id[:MAX_ITEM])

    @property
    def timestamp(self) -> float:
        return self.at.timestamp()
