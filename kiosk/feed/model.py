"""Typed, validated content of a feed (no Qt).

Everything here has already been checked and clamped by :mod:`kiosk.feed.schema`: texts fit the
TV layout, lists are bounded, and numbers are finite.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

STAGES = ("idea", "planning", "testing", "implementing", "sustaining")
STAGE_LABELS = {
    "idea": "Idea",
    "planning": "Planning",
    "testing": "Testing changes",
    "implementing": "Implementing",
    "sustaining": "Sustaining",
}
PDSA_STATUSES = ("planned", "running", "adopt", "adapt", "abandon")
PDSA_LABELS = {  # as a poster, page or print shows each status
    "planned": "Planned",
    "running": "Running",
    "adopt": "Adopted",
    "adapt": "Adapted",
    "abandon": "Abandoned",
}
IMPROVEMENTS = ("increase", "decrease", "neutral")
TEMPLATE_ICONS = ("charter", "pdsa", "driver", "process", "fishbone", "measure", "other")


@dataclass(frozen=True, slots=True)
class TeamMember:
    name: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class ImageRef:
    url: str
    """Absolute URL or path, already resolved against the feed's own location."""
    alt: str = ""
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class DataPoint:
    date: dt.date
    value: float | None


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure's data, in date order. Dates and values are kept as two tuples (not one object
    per point): a 10,000-project feed has over half a million points."""

    name: str
    unit: str = ""
    improvement: str = "neutral"
    target: float | None = None
    dates: tuple[dt.date, ...] = ()
    values: tuple[float | None, ...] = ()
    rebase: tuple[dt.date, ...] = ()
    baseline: int | None = None
    rules: str | None = None
    """`mdc` or `ptd` for this measure; None means the kiosk's configured rule set."""

    def __post_init__(self) -> None:
        if len(self.dates) != len(self.values):
            raise ValueError(f"{len(self.dates)} dates but {len(self.values)} values")

    @property
    def points(self) -> tuple[DataPoint, ...]:
        return tuple(map(DataPoint, self.dates, self.values))


@dataclass(frozen=True, slots=True)
class PdsaCycle:
    title: str
    status: str = "planned"
    learning: str = ""
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Recognition:
    """An award or other recognition the project's team has received."""

    title: str
    year: int | None = None
    link: str | None = None

    @property
    def label(self) -> str:
        """The title with its year, unless the title already says it."""
        if self.year is None or str(self.year) in self.title:
            return self.title
        return f"{self.title} {self.year}"


@dataclass(frozen=True, slots=True)
class DisplayRules:
    start: dt.datetime | None = None
    until: dt.datetime | None = None
    screens: tuple[str, ...] = ()
    weight: int = 1
    dwell_seconds: int | None = None


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    title: str
    link: str | None = None
    summary: str = ""
    aim: str = ""
    stage: str | None = None
    themes: tuple[str, ...] = ()
    department: str = ""
    site: str = ""
    team: tuple[TeamMember, ...] = ()
    started: dt.date | None = None
    updated: dt.date | None = None
    image: ImageRef | None = None
    measures: tuple[Measure, ...] = ()
    changes: tuple[str, ...] = ()
    pdsa: tuple[PdsaCycle, ...] = ()
    results: str = ""
    display: DisplayRules = field(default_factory=DisplayRules)
    recognition: tuple[Recognition, ...] = ()
    spotlight_until: dt.date | None = None
    """Shown more often on display screens until the end of this day."""

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage or "", "")


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    title: str
    link: str
    description: str = ""
    icon: str = "other"


DEFAULT_HOW_TO_START = (
    "Pick a problem that matters to you, your team and your patients.",
    "Write an aim: what will improve, by how much, by when.",
    "Decide how you will measure it, and plot the data over time.",
    "Try a small change with a PDSA cycle: Plan, Do, Study, Act.",
    "Learn from each cycle, adapt, and test again.",
    "Talk to the QI team: we will help you get started.",
)


@dataclass(frozen=True, slots=True)
class Hub:
    name: str = "QI Hub"
    organisation: str = ""
    url: str | None = None
    about: str = (
        "This screen shows quality improvement projects from around the organisation: "
        "what teams are changing, how they measure it, and what they have learnt."
    )
    how_to_start: tuple[str, ...] = DEFAULT_HOW_TO_START


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a feed, with its JSON path (e.g. ``projects[3].measures[0]``)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True, slots=True)
class Feed:
    version: int
    hub: Hub = field(default_factory=Hub)
    projects: tuple[Project, ...] = ()
    templates: tuple[Template, ...] = ()
    generated_at: dt.datetime | None = None
    skipped: tuple[Problem, ...] = ()
    """Projects (or templates) left out, each with the reason."""
    warnings: tuple[Problem, ...] = ()
    """Optional parts left out or shortened; the rest of their project is shown."""

    def project(self, project_id: str) -> Project | None:
        for p in self.projects:
            if p.id == project_id:
                return p
        return None
