"""The "Celebrating our improvers" screen: recognised projects, their teams and a thank-you."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.feed.model import Feed
from kiosk.recognition import Celebration, Honour, celebration
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)

TEAM_SHOWN = 6


def local_today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def team_line(names: tuple[str, ...]) -> str:
    if len(names) <= TEAM_SHOWN:
        return ", ".join(names)
    return ", ".join(names[:TEAM_SHOWN]) + f" and {len(names) - TEAM_SHOWN} more"


def honour_values(honour: Honour) -> dict[str, Any]:
    return {
        "projectId": honour.project_id,
        "title": honour.title,
        "awards": list(honour.awards),
        "team": team_line(honour.team),
        "place": honour.place,
        "results": honour.results,
        "spotlight": honour.spotlight,
    }


def celebration_values(page: Celebration) -> dict[str, Any]:
    return {
        "heading": page.heading,
        "thankYou": page.thank_you,
        "honours": [honour_values(h) for h in page.honours],
        "people": page.people,
        "teams": page.teams,
    }


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class CelebratePage(QObject):
    """What the celebration screen shows; worked out again each time it is opened."""

    valuesChanged = Signal()

    def __init__(
        self, today: Callable[[], dt.date] = local_today, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._feed: Feed | None = None
        self._values: dict[str, Any] = {"honours": []}

    @Property("QVariantMap", notify=valuesChanged)
    def values(self) -> dict[str, Any]:
        return self._values

    @Property(bool, notify=valuesChanged)
    def hasHonours(self) -> bool:
        return bool(self._values.get("honours"))

    def set_feed(self, feed: Feed) -> None:
        self._feed = feed
        self.refresh()

    def refresh(self) -> None:
        """Recompute for today (a spotlight may have ended since the feed came)."""
        if self._feed is None:
            return
        values = celebration_values(celebration(self._feed, self._today()))
        if values != self._values:
            self._values = values
            self.valuesChanged.emit()
