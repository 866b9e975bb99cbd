"""What an analysis returns: points, recalculation sections and the whole analysis."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from kiosk.spc.runs import sign
from kiosk.spc.vocabulary import COLOURS, SHORT_SECTION


@dataclass(frozen=True)
class Point:
    """One data point and how it was judged."""

    index: int
    """Position in the series (0-based, date order)."""
    value: float | None
    """The value; ``None`` is a missing value (ptd only)."""
    mean: float | None
    """The centre line this point is compared with (``None`` if there is none)."""
    lpl: float | None
    """Lower process limit, or ``None`` where no limits are shown."""
    upl: float | None
    """Upper process limit, or ``None`` where no limits are shown."""
    lower_two_sigma: float | None
    """The lower 2 sigma line, or ``None`` where no limits are shown."""
    upper_two_sigma: float | None
    """The upper 2 sigma line, or ``None`` where no limits are shown."""
    special_cause: bool
    """True if the point is special cause variation (not grey)."""
    point_type: str
    """One of :data:`POINT_TYPES`."""
    section: int
    """Index of the point's recalculation section in :attr:`Analysis.sections`."""
    signals: tuple[str, ...] = ()
    """The rules that flagged this point, from :data:`SIGNALS`.

    Under ``ptd`` there is at most one (the label chosen by precedence); under ``mdc``
    every rule that fired is listed, including the losing side of a conflict.
    """
    date: _dt.date | str | None = None
    """The point's date when it came from :func:`analyse_dated`."""

    @property
    def colour(self) -> str:
        """The point's colour: ``grey``, ``blue``, ``orange`` or ``purple``."""
        return COLOURS[self.point_type]

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def relative_to_mean(self) -> int | None:
        """+1 above the mean, -1 below, 0 exactly on it; ``None`` if unknown."""
        if self.value is None or self.mean is None:
            return None
        return sign(self.value - self.mean)

    @property
    def outside_limits(self) -> bool | None:
        """Beyond a process limit; ``None`` without a value or limits."""
        if self.value is None or self.lpl is None or self.upl is None:
            return None
        return self.value > self.upl or self.value < self.lpl

    @property
    def close_to_limits(self) -> bool | None:
        """Beyond a 2 sigma line but not beyond a process limit; ``None`` if unknown."""
        lower, upper = self.lower_two_sigma, self.upper_two_sigma
        if self.value is None or lower is None or upper is None or self.outside_limits is None:
            return None
        return not self.outside_limits and (self.value < lower or self.value > upper)


@dataclass(frozen=True)
class Section:
    """A run of points that share one set of lines (a recalculation section)."""

    index: int
    start: int
    """Index of the first point."""
    stop: int
    """Index one past the last point."""
    n_values: int
    """Non-missing values in the section."""
    n_fixed: int
    """How many of the section's first points the lines were calculated from."""
    mean: float | None
    lpl: float | None
    upl: float | None
    lower_two_sigma: float | None
    upper_two_sigma: float | None
    mean_moving_range: float | None
    """Average moving range after any screening (``None`` if there is none)."""

    @property
    def n(self) -> int:
        """Number of points in the section, missing ones included."""
        return self.stop - self.start

    @property
    def short(self) -> bool:
        """Fewer than 13 points: the limits are trial limits."""
        return self.n < SHORT_SECTION

    @property
    def has_limits(self) -> bool:
        return self.lpl is not None and self.upl is not None


@dataclass(frozen=True)
class Analysis:
    """The result of :func:`analyse`."""

    points: tuple[Point, ...]
    sections: tuple[Section, ...]
    variation: str | None
    """Variation icon (one of :data:`VARIATIONS`), or ``None`` with too few points."""
    assurance: str | None
    """Assurance icon (one of :data:`ASSURANCES`), or ``None`` when there is none."""
    rules: str
    improvement: str
    target: float | None
    baseline: int | None
    """Limits fixed on the first N points (of each section under ``ptd``)."""
    screen_outliers: bool
    shift_length: int
    trend_length: int
    min_points: int
    """Non-missing values needed before limits, colours and icons are shown."""
    n_values: int
    """Non-missing values in the series."""

    @property
    def enough_points(self) -> bool:
        return self.n_values >= self.min_points and self.n_values > 0

    @property
    def limits_shown(self) -> bool:
        return any(p.upl is not None for p in self.points)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def latest_section(self) -> Section | None:
        return self.sections[-1] if self.sections else None

    @property
    def trial_limits(self) -> bool:
        """The latest limits come from a section of fewer than 13 points."""
        section = self.latest_section
        return section is not None and section.short and section.has_limits

    @property
    def recent_run(self) -> int:
        """How many of the latest points in a row share the last point's special-cause type."""
        if not self.points or not self.points[-1].special_cause:
            return 0
        kind = self.points[-1].point_type
        count = 0
        for point in reversed(self.points):
            if point.point_type != kind:
                break
            count += 1
        return count

    def count(self, point_type: str) -> int:
        return sum(1 for p in self.points if p.point_type == point_type)
