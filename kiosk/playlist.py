"""What to show next on a display screen (no Qt).

A project is eligible when its ``display`` rules allow it now (``from``/``until``) and on this
screen (``screens``). ``feed`` order walks the feed in order; ``shuffle`` draws by ``weight``
and never shows the same poster twice in a row.

A project in the spotlight (``spotlight_until`` today or later) is shown more often: twice in
each walk through the feed (its own turn and again half a walk later), or with
``SPOTLIGHT_WEIGHT`` times its weight when shuffled.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Sequence

from kiosk.feed.model import Project
from kiosk.recognition import SPOTLIGHT_WEIGHT, in_spotlight


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
        self._turn: dict[str, int] = {}
        """Each project's place in the walk when it was last given, for one shown twice."""
        self._moments = sorted(
            {m for p in self.projects for m in (p.display.start, p.display.until) if m is not None}
        )
        """When a project's ``from`` or ``until`` is reached: the showable ones change only then."""
        self._walked: tuple[dt.datetime, dt.datetime | None, dt.date, list[Project]] | None = None
        self._places: dict[str, list[int]] = {}
        """The walk last worked out (from, until when it holds, for which day), and each
        project's places in it: a 10,000-project feed is walked once, not at every poster."""

    def showable(self, now: dt.datetime) -> list[Project]:
        return [p for p in self.projects if eligible(p, now=now, screen_id=self.screen_id)]

    def _current_walk(self, now: dt.datetime) -> list[Project]:
        """:meth:`walk` for `now`, worked out again only when a ``from``/``until`` has been
        passed, the day has changed (spotlights) or the clock has gone back."""
        today = now.astimezone().date()
        cached = self._walked
        if cached is not None:
            since, until, day, walk = cached
            if since <= now and (until is None or now < until) and day == today:
                return walk
        walk = self.walk(now)
        later = bisect.bisect_right(self._moments, now)
        until = self._moments[later] if later < len(self._moments) else None
        self._walked = (now, until, today, walk)
        self._places = {}
        for i, p in enumerate(walk):
            self._places.setdefault(p.id, []).append(i)
        return walk

    def walk(self, now: dt.datetime) -> list[Project]:
        """One walk through the feed in ``feed`` order: the showable projects, each spotlighted
        one a second time half a walk after its own turn."""
        candidates = self.showable(now)
        today = now.astimezone().date()
        n = len(candidates)
        turns = [(float(i), p) for i, p in enumerate(candidates)]
        if n > 2:
            turns += [
                ((i + n / 2 + 0.5) % n, p)
                for i, p in enumerate(candidates)
                if in_spotlight(p, today)
            ]
        turns.sort(key=lambda t: t[0])
        walk = [p for _, p in turns]
        # Never the same poster twice in a row (two spotlighted neighbours can meet).
        for i in range(1, len(walk)):
            if walk[i].id == walk[i - 1].id:
                walk.append(walk.pop(i))
        return walk

    def next_after(self, current_id: str | None, now: dt.datetime) -> Project | None:
        """The project to show after `current_id` (which may have left the feed)."""
        if self.order == "shuffle":
            candidates = self.showable(now)
            if not candidates:
                return None
            today = now.astimezone().date()
            pool = [p for p in candidates if p.id != current_id] or candidates
            weights = [
                p.display.weight * (SPOTLIGHT_WEIGHT if in_spotlight(p, today) else 1) for p in pool
            ]
            return self._rng.choices(pool, weights=weights, k=1)[0]
        walk = self._current_walk(now)
        if not walk:
            return None
        if current_id is None:
            return self._give(walk, 0)
        turns = self._places.get(current_id, [])
        if turns:
            here = self._turn.get(current_id, turns[0])
            return self._give(walk, (here if here in turns else turns[0]) + 1)
        # The current project has left (or is not shown now): the next after its feed place.
        place = self._position.get(current_id, -1)
        for i, p in enumerate(walk):
            if self._position[p.id] > place:
                return self._give(walk, i)
        return self._give(walk, 0)

    def _give(self, walk: list[Project], index: int) -> Project:
        index %= len(walk)
        project = walk[index]
        self._turn[project.id] = index
        return project

    def dwell_seconds(self, project: Project | None, default: int) -> int:
        if project is not None and project.display.dwell_seconds:
            return project.display.dwell_seconds
        return default
