"""Crash-loop detection: three fast restarts in a row and the kiosk plays safe (no Qt).

Each start is written to ``<state_dir>/starts.json`` before anything else can fail. A run
that stays up for ``HEALTHY_SECONDS``, or ends cleanly, clears the list. So when the list
already holds ``FAST_RESTARTS`` starts, each within ``WINDOW_SECONDS`` of now, the kiosk has
been started that many times in a row without ever getting going: a crash loop. Then it shows
its last good content with the feed paused (no new feed can crash it again). After
twice ``FAST_RESTARTS`` it does not read the stored feed either and shows the built-in poster.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.atomic import write_atomic

logger = logging.getLogger(__name__)

FAST_RESTARTS = 3
HEALTHY_SECONDS = 60
WINDOW_SECONDS = 15 * 60
FILE_NAME = "starts.json"


@dataclass(frozen=True)
class StartCheck:
    restarts: int
    """Fast restarts before this one, in a row."""

    @property
    def feed_paused(self) -> bool:
        return self.restarts >= FAST_RESTARTS

    @property
    def skip_store(self) -> bool:
        return self.restarts >= 2 * FAST_RESTARTS

    def reason(self) -> str | None:
        if not self.feed_paused:
            return None
        if self.skip_store:
            return (
                f"crash loop ({self.restarts} fast restarts): showing the built-in poster; "
                "restart the kiosk to try again"
            )
        return (
            f"crash loop ({self.restarts} fast restarts): feed paused, showing the last good "
            "content; restart the kiosk or refresh from the admin screen"
        )


class CrashLoop:
    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / FILE_NAME

    def _read(self) -> list[dt.datetime]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [dt.datetime.fromisoformat(s) for s in data.get("starts", [])]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            logger.warning("ignoring the unreadable %s: %s", self.path, exc)
            return []

    def _write(self, starts: list[dt.datetime]) -> None:
        text = json.dumps({"starts": [s.isoformat() for s in starts]})
        try:
            write_atomic(self.path, text.encode("utf-8"))
        except OSError as exc:
            logger.error("cannot write %s: %s", self.path, exc.strerror or exc)

    def record_start(self, now: dt.datetime) -> StartCheck:
        """Note this start; say how many fast restarts came before it."""
        recent = [s for s in self._read() if 0 <= (now - s).total_seconds() <= WINDOW_SECONDS][
            -(4 * FAST_RESTARTS) :
        ]
        check = StartCheck(restarts=len(recent))
        self._write([*recent, now])
        if check.feed_paused:
            logger.warning("%s", check.reason())
        return check

    def mark_healthy(self) -> None:
        """This run got going (or ended cleanly): the count starts again."""
        self._write([])
