"""Recognition: awards, the spotlight, the "New" mark and the "Celebrating our improvers" page.

No Qt: the touch screen shows :func:`celebration`, and a web page can show the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.feed.model import Feed, Project

NEW_DAYS = 30
"""A project started or updated this many days ago or less is marked "New"."""
SPOTLIGHT_WEIGHT = 3
"""A spotlighted project's shuffle weight is multiplied by this (in feed order: twice a cycle)."""
HEADING = "Celebrating our improvers"


def is_new(project: Project, today: dt.date) -> bool:
    """Started or updated in the last `NEW_DAYS` days (a future date does not count)."""
    return any(
        day is not None and 0 <= (today - day).days <= NEW_DAYS
        for day in (project.started, project.updated)
    )


def in_spotlight(project: Project, today: dt.date) -> bool:
    """The project's ``spotlight_until`` is today or later."""
    return project.spotlight_until is not None and today <= project.spotlight_until


def badge_text(project: Project) -> str:
    """The poster's ribbon: the project's first (most important) recognition."""
    return project.recognition[0].label if project.recognition else ""


@dataclass(frozen=True, slots=True)
class Honour:
    """One recognised project on the celebration page."""

    project_id: str
    title: str
    awards: tuple[str, ...]
    team: tuple[str, ...]
    place: str
    results: str
    link: str
    spotlight: bool


@dataclass(frozen=True, slots=True)
class Celebration:
    heading: str
    thank_you: str
    honours: tuple[Honour, ...]
    people: int
    teams: int


def _latest_year(project: Project) -> int:
    return max((r.year for r in project.recognition if r.year is not None), default=0)


def thank_you(feed: Feed, people: int, teams: int) -> str:
    where = feed.hub.organisation or feed.hub.name or "our organisation"
    if people:
        return (
            f"Thank you to all {people:,} {'person' if people == 1 else 'people'} in "
            f"{teams:,} project team{'' if teams == 1 else 's'} improving care at {where}."
        )
    return f"Thank you to everyone improving care at {where}."


def celebration(feed: Feed, today: dt.date) -> Celebration:
    """Recognised and spotlighted projects (spotlight first, then the latest awards), with a
    thank-you to everyone on a project team in the feed."""
    honoured = [p for p in feed.projects if p.recognition or in_spotlight(p, today)]
    order = {p.id: i for i, p in enumerate(feed.projects)}
    honoured.sort(key=lambda p: (not in_spotlight(p, today), -_latest_year(p), order[p.id]))
    people = len({m.name.casefold() for p in feed.projects for m in p.team})
    teams = sum(1 for p in feed.projects if p.team)
    return Celebration(
        heading=HEADING,
        thank_you=thank_you(feed, people, teams),
        honours=tuple(
            Honour(
                project_id=p.id,
                title=p.title,
                awards=tuple(r.label for r in p.recognition),
                team=tuple(m.name for m in p.team),
                place=" · ".join(x for x in (p.department, p.site) if x),
                results=p.results,
                link=p.link or "",
                spotlight=in_spotlight(p, today),
            )
            for p in honoured
        ),
        people=people,
        teams=teams,
    )
