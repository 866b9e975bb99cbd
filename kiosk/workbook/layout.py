"""The workbook's sheets and columns: a contract that other tools fill, kept exactly.

Each sheet has a header row with these column names (in any order; case and spaces around a
name do not matter). Columns marked *extra* are this kiosk's additions after the contract's
columns: a workbook without them is read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.feed.model import IMPROVEMENTS, PDSA_STATUSES, STAGES, TEMPLATE_ICONS

YES = ("yes", "y", "true", "1", "x")
NO = ("no", "n", "false", "0", "")


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    width: int = 16
    choices: tuple[str, ...] = ()
    extra: bool = False


@dataclass(frozen=True)
class Sheet:
    name: str
    help: str
    columns: tuple[Column, ...]
    optional: bool = False
    """An optional sheet may be left out of the workbook altogether."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


HUB_KEYS = ("name", "organisation", "url", "about", "how_to_start")

HUB = Sheet(
    "Hub",
    "About the hub: one row per key. how_to_start may be on several rows, one step each.",
    (
        Column("key", f"one of {', '.join(HUB_KEYS)}", 16, HUB_KEYS),
        Column("value", "the text (a web address for url)", 90),
    ),
    optional=True,
)

PROJECTS = Sheet(
    "Projects",
    "One row per project. Only id and title are needed; a link gives the poster its QR code.",
    (
        Column("id", "short and unique: letters, digits and - _ . : (e.g. ward-7-falls)", 22),
        Column("title", "the project's name, as on the poster (up to 90 characters)", 34),
        Column("summary", "two or three sentences: what and why (up to 280 characters)", 40),
        Column("aim", "what will improve, by how much, by when (up to 220 characters)", 40),
        Column("stage", f"one of {', '.join(STAGES)}", 14, STAGES),
        Column("themes", "up to 6, separated by commas (e.g. Patient safety, Falls)", 24),
        Column("department", "ward, service or team", 22),
        Column("site", "hospital or site", 22),
        Column("link", "web page about the project (https://...): the poster's QR code", 34),
        Column("started", "date the project started", 12),
        Column("updated", "date of the last update", 12),
        Column("image", "a picture file in the images folder (PNG or JPEG), or a web address", 24),
        Column("image_alt", "what the picture shows, for people who cannot see it", 30),
        Column("results", "the headline result so far (up to 140 characters)", 34),
        Column("from", "show from this date (empty: now)", 12),
        Column("until", "show until this date (empty: always)", 12),
        Column("screens", "only on these screens, separated by commas (empty: all)", 16),
        Column("weight", "1 to 10: how often it comes round (empty: 1)", 9),
        Column(
            "dwell_seconds",
            "seconds on screen, 5 to 600 (empty: the screen's setting)",
            9,
            extra=True,
        ),
        Column(
            "spotlight_until",
            "shown more often until this date (e.g. after an award)",
            12,
            extra=True,
        ),
    ),
)

TEAM = Sheet(
    "Team",
    "One row per team member.",
    (
        Column("project_id", "the project's id, as on the Projects sheet", 22),
        Column("name", "the person's name", 28),
        Column("role", "their role in the project", 34),
    ),
    optional=True,
)

MEASURES = Sheet(
    "Measures",
    "One row per data point, as you paste it from your data: the measure's name repeats on each"
    " row. unit, improvement and target may be on the first row only.",
    (
        Column("project_id", "the project's id, as on the Projects sheet", 22),
        Column("measure", "the measure's name (up to 4 measures per project)", 34),
        Column("unit", "e.g. %, minutes, falls per 1,000 bed days", 24),
        Column("improvement", f"which way is better: {', '.join(IMPROVEMENTS)}", 13, IMPROVEMENTS),
        Column("target", "the target, a number (optional)", 9),
        Column("date", "the date of this point (a date, or a month like 2026-03)", 12),
        Column("value", "the number for that date", 10),
        Column("rebase", "yes where the limits are recalculated from this point", 9, ("yes",)),
        Column("baseline", "points in the baseline, at least 12 (optional)", 9, extra=True),
        Column(
            "rules",
            "SPC rules for this measure: mdc or ptd (empty: the screen's)",
            9,
            ("mdc", "ptd"),
            extra=True,
        ),
    ),
    optional=True,
)

PDSA = Sheet(
    "PDSA",
    "One row per Plan-Do-Study-Act cycle.",
    (
        Column("project_id", "the project's id, as on the Projects sheet", 22),
        Column("title", "what was tested", 34),
        Column("status", f"one of {', '.join(PDSA_STATUSES)}", 12, PDSA_STATUSES),
        Column("date", "when the cycle started", 12),
        Column("learning", "what the team learnt (up to 240 characters)", 50),
    ),
    optional=True,
)

TEMPLATES = Sheet(
    "Templates",
    "Forms and guides for starting a project, shown on touch screens.",
    (
        Column("id", "short and unique: letters, digits and - _ . :", 20),
        Column("title", "the template's name", 28),
        Column("description", "what it is for (up to 240 characters)", 50),
        Column("link", "where to get it (https://...)", 40),
        Column("icon", f"one of {', '.join(TEMPLATE_ICONS)}", 10, TEMPLATE_ICONS),
    ),
    optional=True,
)

CHANGES = Sheet(
    "Changes",
    "The changes the team has made, one row each (up to 12 per project).",
    (
        Column("project_id", "the project's id, as on the Projects sheet", 22),
        Column("change", "one change, in a sentence (up to 160 characters)", 70),
    ),
    optional=True,
)

RECOGNITION = Sheet(
    "Recognition",
    "Awards and other recognition the team has received, one row each.",
    (
        Column("project_id", "the project's id, as on the Projects sheet", 22),
        Column("title", "e.g. Patient Safety Award, winner", 40),
        Column("year", "the year, e.g. 2026 (optional)", 8),
        Column("link", "a web page about it (optional)", 40),
    ),
    optional=True,
)

SHEETS: tuple[Sheet, ...] = (HUB, PROJECTS, TEAM, MEASURES, PDSA, TEMPLATES, CHANGES, RECOGNITION)
SHEET_BY_NAME = {s.name.lower(): s for s in SHEETS}
INSTRUCTIONS = "Instructions"


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
