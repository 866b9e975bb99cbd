"""What to show next on a display screen (no Qt).

A project is eligible when its ``display`` rules allow it now (``from``/``until``) and on this
screen (``screens``). ``feed`` order walks the feed in order; ``shuffle`` draws by ``weight``
and never shows the same poster twice in a row.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from kiosk.feed.model import Project


def eligible(project: Project, *, now: dt.datetime, screen_id: str) -> bool:
    rules = project.display
    if rules.start is not None and now < rules.start:
        return False
    if rules.until is not None and now >= rules.until:
        return False
    return not rules.screens or screen_id in rules.screens


class Playlist:
    def __init__(
        self,
        projects: Sequence[Project],
        *,
        order: str = "feed",
        screen_id: str = "",
        rng: random.Random | None = None,
    ) -> None:
        if order not in ("feed", "shuffle"):
            raise ValueError(f"unknown order {order!r}")
        self.projects = tuple(projects)
        self.order = order
        self.screen_id = screen_id
        self._rng = rng or random.Random()
        self._position = {p.id: i for i, p in enumerate(self.projects)}

    def showable(self, now: dt.datetime) -> list[Project]:
        return [p for p in self.projects if eligible(p, now=now, screen_id=self.screen_id)]

    def next_after(self, current_id: str | None, now: dt.datetime) -> Project | None:
        """The project to show after `current_id` (which may have left the feed)."""
        candidates = self.showable(now)
        if not candidates:
            return None
        if self.order == "shuffle":
            pool = [p for p in candidates if p.id != current_id] or candidates
            weights = [p.display.weight for p in pool]
            return self._rng.choices(pool, weights=weights, k=1)[0]
        if current_id is None:
            return candidates[0]
        # The next eligible project after the current one's place in the feed, wrapping round.
        here = self._position.get(current_id, -1)
        for p in candidates:
            if self._position[p.id] > here:
                return p
        return candidates[0]

    def dwell_seconds(self, project: Project | None, default: int) -> int:
        if project is not None and project.display.dwell_seconds:
            return project.display.dwell_seconds
        return default
