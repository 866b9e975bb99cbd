"""The projects on show and their SPC analyses, computed when first needed (no Qt).

Analysing every measure of a 10,000-project feed up front would cost seconds; a poster or a
project page asks for its charts when it is prepared, and the answers are kept in a bounded cache.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk import spc, spc_reading
from kiosk.feed.model import Feed, Measure, Project

logger = logging.getLogger(__name__)

CACHE_SIZE = 256


@dataclass(frozen=True)
class Chart:
    """A measure and what the SPC analysis says of it."""

    measure: Measure
    analysis: spc.Analysis | None
    reading: str
    rules_label: str
    error: str | None = None


class Catalogue:
    """The current feed's projects, with images and charts resolved for display."""

    def __init__(
        self, feed: Feed, *, rules: str = "mdc", media: Mapping[str, Path] | None = None
    ) -> None:
        self.feed = feed
        self.rules = rules
        self.media: Mapping[str, Path] = media or {}
        self.projects: tuple[Project, ...] = feed.projects
        self._index = {p.id: i for i, p in enumerate(self.projects)}
        self._charts: OrderedDict[tuple[str, int], Chart] = OrderedDict()

    def __len__(self) -> int:
        return len(self.projects)

    def get(self, project_id: str) -> Project | None:
        i = self._index.get(project_id)
        return None if i is None else self.projects[i]

    def index_of(self, project_id: str) -> int | None:
        return self._index.get(project_id)

    def image_path(self, project: Project) -> Path | None:
        return self.media.get(project.id)

    def chart(self, project: Project, index: int = 0) -> Chart | None:
        """The analysed chart of a project's measure, or None if it has no such measure."""
        if index >= len(project.measures):
            return None
        key = (project.id, index)
        cached = self._charts.get(key)
        if cached is not None and cached.measure is project.measures[index]:
            self._charts.move_to_end(key)
            return cached
        chart = analyse_measure(project.measures[index], default_rules=self.rules)
        if chart.error:
            logger.warning(
                "project %s, measure %r: %s", project.id, chart.measure.name, chart.error
            )
        self._charts[key] = chart
        if len(self._charts) > CACHE_SIZE:
            self._charts.popitem(last=False)
        return chart


def analyse_measure(measure: Measure, *, default_rules: str = "mdc") -> Chart:
    """Run the SPC analysis of one measure; bad data becomes an error text, never an exception."""
    rules = measure.rules or default_rules
    label = spc_reading.rules_label(rules)
    try:
        analysis = spc.analyse_dated(
            measure.dates,
            measure.values,
            improvement=measure.improvement,
            target=measure.target,
            rebase=measure.rebase,
            baseline=measure.baseline,
            rules=rules,
        )
    except ValueError as exc:
        return Chart(measure, None, "This measure's data cannot be charted", label, error=str(exc))
    reading = spc_reading.describe(analysis, unit=measure.unit)
    return Chart(measure, analysis, reading, label)
