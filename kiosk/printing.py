"""Printed posters: the paper, which projects, the feed to print from, and what a page says.

No Qt: the PDF is drawn by :mod:`kiosk.ui.print_pdf`; anything else (a web page, a report) can
use the same sheet content.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.config import KioskConfig
from kiosk.feed.model import PDSA_LABELS, STAGES, Feed, Hub, Project
from kiosk.feed.schema import FeedError, parse_feed
from kiosk.feed.source import read_demo
from kiosk.feed.store import FeedStore, StoreCorrupt
from kiosk.feed.updater import check_source
from kiosk.qr import QrPolicy

logger = logging.getLogger(__name__)

PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "A2": (420.0, 594.0), "A1": (594.0, 841.0)}
"""ISO 216 sizes, portrait (width, height) in millimetres."""


class PrintError(Exception):
    """Printing cannot go ahead; the message is one line for the user."""


def page_mm(paper: str, orientation: str) -> tuple[float, float]:
    """The page's (width, height) in millimetres."""
    try:
        w, h = PAPER_MM[paper.upper()]
    except KeyError:
        raise PrintError(f"unknown paper size {paper!r} (A4, A3, A2 or A1)") from None
    return (h, w) if orientation == "landscape" else (w, h)


def choose_projects(feed: Feed, ids: Sequence[str] = ()) -> list[Project]:
    """The projects to print: those named (in the order given), or every project."""
    if not ids:
        if not feed.projects:
            raise PrintError("the feed has no projects to print")
        return list(feed.projects)
    by_id = {p.id: p for p in feed.projects}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        known = ", ".join(p.id for p in feed.projects[:5])
        more = ", …" if len(feed.projects) > 5 else ""
        raise PrintError(
            f"no project {unknown[0]!r} in the feed (it has {len(feed.projects)}: {known}{more})"
        )
    return [by_id[i] for i in dict.fromkeys(ids)]


def load_feed(config: KioskConfig) -> Feed:
    """The feed to print: read fresh from its source, else the kiosk's last good copy."""
    if config.feed.is_demo:
        return read_demo().feed
    try:
        return check_source(config.feed.source, config.feed)
    except FeedError as exc:
        problem = str(exc)
    try:
        stored = FeedStore(config.state_dir).load()
    except StoreCorrupt:
        stored = None
    if stored is not None:
        try:
            feed = parse_feed(stored.raw, base_url=stored.base_url, max_bytes=len(stored.raw))
        except FeedError:
            pass
        else:
            logger.warning("cannot read the feed (%s); printing the last good copy", problem)
            return feed
    raise PrintError(f"cannot read the feed: {problem}")


@dataclass(frozen=True, slots=True)
class LearningItem:
    status: str
    status_label: str
    title: str
    learning: str


@dataclass(frozen=True, slots=True)
class Sheet:
    """What one printed poster says, in plain text, in reading order."""

    project_id: str
    title: str
    hub_name: str
    organisation: str
    place: str = ""
    themes: tuple[str, ...] = ()
    summary: str = ""
    aim: str = ""
    results: str = ""
    stage_label: str = ""
    stage_index: int = 0
    stage_count: int = len(STAGES)
    team: tuple[str, ...] = ()
    learning: tuple[LearningItem, ...] = ()
    changes: tuple[str, ...] = ()
    link: str = ""
    qr_url: str = ""
    find_out_more: str = ""
    updated: str = ""
    recognition: tuple[str, ...] = ()
    """Awards and other recognition, most important first."""


def find_out_more(project: Project, hub: Hub, qr_url: str) -> str:
    if qr_url:
        return "Scan the code with your phone's camera to find out more"
    if project.link:
        return "Find out more"
    if hub.name:
        return f"Find out more from the {hub.name}"
    return "Find out more from the QI team"


def sheet(project: Project, hub: Hub, qr: QrPolicy) -> Sheet:
    qr_url = project.link if project.link and qr.allows(project.link) else ""
    updated = project.updated
    return Sheet(
        project_id=project.id,
        title=project.title,
        hub_name=hub.name,
        organisation=hub.organisation,
        place=" · ".join(p for p in (project.department, project.site) if p),
        themes=project.themes,
        summary=project.summary,
        aim=project.aim,
        results=project.results,
        stage_label=project.stage_label,
        stage_index=STAGES.index(project.stage) + 1 if project.stage else 0,
        team=tuple(f"{m.name}, {m.role}" if m.role else m.name for m in project.team),
        learning=tuple(
            LearningItem(c.status, PDSA_LABELS.get(c.status, c.status.title()), c.title, c.learning)
            for c in project.pdsa
        ),
        changes=project.changes,
        link=project.link or "",
        qr_url=qr_url,
        find_out_more=find_out_more(project, hub, qr_url),
        updated=_month_year(updated),
        recognition=tuple(r.label for r in project.recognition),
    )


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def _month_year(day: dt.date | None) -> str:
    return "" if day is None else f"{MONTHS[day.month - 1]} {day.year}"
