"""XmR ("plot the dots") statistical process control analysis, with no Qt.

Two rule sets are implemented exactly:

``"mdc"``
    NHS England Making Data Count, Single Chart Tool v5: 6-point shift and trend,
    no moving-range screening, two of three points beyond 2 sigma, improvement wins
    a conflict, no limits or icons below 13 points, and the rules run across
    recalculations (each point is judged against its own section's lines).

``"ptd"``
    NHS-R NHSRplotthedots 0.2.2: 7-point shift and trend, moving-range screening on
    by default, one label per point by precedence, and every rule restarts at each
    recalculation (rebase).

The entry point is :func:`analyse` (values in date order) or :func:`analyse_dated`
(dates and values in any order, recalculation dates instead of indices).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real

__all__ = [
    "ASSURANCES",
    "IMPROVEMENTS",
    "POINT_TYPES",
    "RULE_SETS",
    "SIGNALS",
    "VARIATIONS",
    "Analysis",
    "Point",
    "Section",
    "analyse",
    "analyse_dated",
]

RULE_SETS = ("mdc", "ptd")
IMPROVEMENTS = ("increase", "decrease", "neutral")
POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)
VARIATIONS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)
ASSURANCES = ("pass", "fail", "hit_or_miss")

#: Names of the rules that can flag a point, high-side rules first.
SIGNALS = (
    "above_upl",
    "trend_up",
    "two_of_three_high",
    "shift_high",
    "below_lpl",
    "trend_down",
    "two_of_three_low",
    "shift_low",
)
_HIGH_SIGNALS = frozenset(SIGNALS[:4])

LIMIT_FACTOR = 2.66
"""Process limits are mean ± 2.66 × average moving range (3 sigma)."""
TWO_SIGMA_FACTOR = 2 * LIMIT_FACTOR / 3
"""The 2 sigma lines are mean ± (2/3) × 2.66 × average moving range."""
MR_SCREEN_FACTOR = 3.267
"""Moving ranges of at least 3.267 × their average are screened out (ptd)."""
SHORT_SECTION = 13
"""A section with fewer points than this has trial limits."""
MIN_BASELINE = 12
"""The smallest baseline (fixed limits) allowed."""


@dataclass(frozen=True)
class _Profile:
    shift_length: int
    trend_length: int
    screen_outliers: bool
    min_points: int
    allow_missing: bool


_PROFILES = {
    "mdc": _Profile(
        shift_length=6,
        trend_length=6,
        screen_outliers=False,
        min_points=13,
        allow_missing=False,
    ),
    "ptd": _Profile(
        shift_length=7,
        trend_length=7,
        screen_outliers=True,
        min_points=1,
        allow_missing=True,
    ),
}

_COLOURS = {
    "common_cause": "grey",
    "special_cause_improvement": "blue",
    "special_cause_concern": "orange",
    "special_cause_neutral_high": "purple",
    "special_cause_neutral_low": "purple",
}


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
        return _COLOURS[self.point_type]

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def relative_to_mean(self) -> int | None:
        """+1 above the mean, -1 below, 0 exactly on it; ``None`` if unknown."""
        if self.value is None or self.mean is None:
            return None
        return _sign(self.value - self.mean)

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


# --------------------------------------------------------------------------- validation


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"unknown {name} {value!r}: expected one of {', '.join(choices)}")
    return value


def _is_number(value: object) -> bool:
    return isinstance(value, (Real, Decimal)) and not isinstance(value, bool)


def _clean_values(values: Iterable[object], allow_missing: bool, rules: str) -> list[float | None]:
    if isinstance(values, (str, bytes)):
        raise ValueError("values must be a sequence of numbers, not a string")
    cleaned: list[float | None] = []
    for i, value in enumerate(values):
        if type(value) is float and math.isfinite(value):
            cleaned.append(value)
            continue
        if value is None:
            if not allow_missing:
                raise ValueError(
                    f"value {i} is missing: the {rules} rules need a value for every "
                    "period (leave the period out instead)"
                )
            cleaned.append(None)
            continue
        if not _is_number(value):
            raise ValueError(f"value {i} is not a number: {value!r}")
        number = float(value)  # type: ignore[arg-type]  # Real is float-convertible
        if math.isnan(number):
            raise ValueError(f"value {i} is not a number (NaN); use None for a missing value")
        if math.isinf(number):
            raise ValueError(f"value {i} is infinite")
        cleaned.append(number)
    return cleaned


def _clean_target(target: object) -> float | None:
    if target is None:
        return None
    if not _is_number(target):
        raise ValueError(f"target is not a number: {target!r}")
    number = float(target)  # type: ignore[arg-type]  # Real is float-convertible
    if not math.isfinite(number):
        raise ValueError(f"target must be a finite number, not {number!r}")
    return number


def _clean_baseline(baseline: object) -> int | None:
    if baseline is None:
        return None
    if not isinstance(baseline, int) or isinstance(baseline, bool):
        raise ValueError(f"baseline must be a whole number of points, not {baseline!r}")
    if baseline < MIN_BASELINE:
        raise ValueError(f"baseline must be at least {MIN_BASELINE} points, not {baseline}")
    return baseline


def _clean_rebase(rebase: Iterable[object] | None, n: int) -> list[int]:
    if rebase is None:
        return []
    if isinstance(rebase, (str, bytes)):
        raise ValueError("rebase must be a sequence of point indices")
    indices: set[int] = set()
    for index in rebase:
        if not isinstance(index, int) or isinstance(index, bool):
            raise ValueError(f"rebase index must be a whole number, not {index!r}")
        if not 0 <= index < n:
            raise ValueError(f"rebase index {index} is out of range for {n} points")
        indices.add(index)
    return sorted(indices)


# --------------------------------------------------------------------------- arithmetic


def _exact_mean(xs: Sequence[float]) -> float:
    """The correctly rounded mean of ``xs`` (``sum(xs) / n`` can be 1 ulp off)."""
    ratios = [x.as_integer_ratio() for x in xs]
    # Denominators of floats are powers of two, so the largest is a common multiple.
    den = max(d for _, d in ratios)
    num = sum(p * (den // d) for p, d in ratios)
    return num / (den * len(xs))  # int / int is correctly rounded


@dataclass(frozen=True)
class _Lines:
    mean: float | None
    amr: float | None
    lpl: float | None
    upl: float | None
    l2: float | None
    u2: float | None


def _lines(fixed: Sequence[float | None], screen: bool) -> _Lines:
    present = [y for y in fixed if y is not None]
    mean = _exact_mean(present) if present else None
    ranges = [abs(b - a) for a, b in itertools.pairwise(fixed) if a is not None and b is not None]
    amr = _exact_mean(ranges) if ranges else None
    if screen and amr is not None:
        threshold = MR_SCREEN_FACTOR * amr
        ranges = [r for r in ranges if r < threshold]
        amr = _exact_mean(ranges) if ranges else None
    if mean is None or amr is None:
        return _Lines(mean, amr, None, None, None, None)
    return _Lines(
        mean=mean,
        amr=amr,
        lpl=mean - LIMIT_FACTOR * amr,
        upl=mean + LIMIT_FACTOR * amr,
        l2=mean - TWO_SIGMA_FACTOR * amr,
        u2=mean + TWO_SIGMA_FACTOR * amr,
    )


def _sign(d: float) -> int:
    return 1 if d > 0 else -1 if d < 0 else 0


def _run_ends(keys: Sequence[int | None], length: int) -> list[int]:
    """The key at each position that ends ``length`` equal non-zero keys in a row, else 0."""
    out = [0] * len(keys)
    count = 0
    previous: int | None = None
    for i, key in enumerate(keys):
        count = count + 1 if key == previous else 1
        previous = key
        if key and count >= length:
            out[i] = key
    return out


def _spread(ends: Sequence[int], length: int) -> list[bool]:
    """Flag the ``length`` positions up to and including each non-zero end."""
    out = [False] * len(ends)
    next_end: int | None = None
    for i in range(len(ends) - 1, -1, -1):
        if ends[i]:
            next_end = i
        out[i] = next_end is not None and next_end - i < length
    return out


def _steps(ys: Sequence[float | None]) -> list[int | None]:
    """Sign of each step y[i] - y[i-1] (index i), ``None`` where either value is missing."""
    steps: list[int | None] = [None] if ys else []
    for a, b in itertools.pairwise(ys):
        steps.append(None if a is None or b is None else _sign(b - a))
    return steps


def _trend_ends(ys: Sequence[float | None], length: int) -> list[int]:
    """+1 / -1 at the last point of ``length`` strictly rising / falling points, else 0.

    A tie or a missing value breaks a trend.
    """
    return _run_ends(_steps(ys), length - 1)


def _two_in_three(close: Sequence[int], side: Sequence[int]) -> list[bool]:
    """Points in a window of 3 with at least 2 close to a limit, all 3 on one side."""
    n = len(close)
    out = [False] * n
    for k in range(n - 2):
        if (
            close[k] + close[k + 1] + close[k + 2] >= 2
            and abs(side[k] + side[k + 1] + side[k + 2]) == 3
        ):
            out[k] = out[k + 1] = out[k + 2] = True
    return out


# --------------------------------------------------------------------------- the rule sets


def _sections(n: int, starts: list[int]) -> list[tuple[int, int]]:
    bounds = sorted({0, *starts}) if n else []
    return [(a, b) for a, b in zip(bounds, [*bounds[1:], n], strict=False)]


def _classify(improvement: str, high: bool, low: bool) -> str:
    if not (high or low):
        return "common_cause"
    if improvement == "neutral":
        return "special_cause_neutral_high" if high else "special_cause_neutral_low"
    good = high if improvement == "increase" else low
    return "special_cause_improvement" if good else "special_cause_concern"


def _members(ends: Sequence[int], length: int, key: int) -> list[bool]:
    return _spread([e if e == key else 0 for e in ends], length)


def _mdc_signals(ys: list[float], lines: list[_Lines], profile: _Profile) -> list[tuple[str, ...]]:
    """Every rule that fires on every point, run across the whole chart."""
    n = len(ys)
    rel = [0 if ln.mean is None else _sign(y - ln.mean) for y, ln in zip(ys, lines, strict=True)]
    shift_ends = _run_ends(rel, profile.shift_length)
    shift_high = _members(shift_ends, profile.shift_length, 1)
    shift_low = _members(shift_ends, profile.shift_length, -1)
    trend_ends = _trend_ends(ys, profile.trend_length)
    trend_up = _members(trend_ends, profile.trend_length, 1)
    trend_down = _members(trend_ends, profile.trend_length, -1)
    two_high = [False] * n
    two_low = [False] * n
    for k in range(n - 2):
        side = rel[k]
        if side == 0 or rel[k + 1] != side or rel[k + 2] != side:
            continue
        near = []
        for j in (k, k + 1, k + 2):
            ln, y = lines[j], ys[j]
            if ln.lpl is None or ln.upl is None or ln.l2 is None or ln.u2 is None:
                continue
            # A point beyond the process limit does not count towards the two.
            if (side > 0 and ln.u2 < y <= ln.upl) or (side < 0 and ln.lpl <= y < ln.l2):
                near.append(j)
        if len(near) >= 2:
            marks = two_high if side > 0 else two_low
            for j in near:
                marks[j] = True
    out: list[tuple[str, ...]] = []
    for i, (y, ln) in enumerate(zip(ys, lines, strict=True)):
        flags = (
            ln.upl is not None and y > ln.upl,
            trend_up[i],
            two_high[i],
            shift_high[i],
            ln.lpl is not None and y < ln.lpl,
            trend_down[i],
            two_low[i],
            shift_low[i],
        )
        out.append(
            tuple(name for name, on in zip(SIGNALS, flags, strict=True) if on) if any(flags) else ()
        )
    return out


def _ptd_signals(ys: list[float | None], ln: _Lines, profile: _Profile) -> list[tuple[str, ...]]:
    """One label per point of one rebase group."""
    rel: list[int | None] = []
    outside: list[bool | None] = []
    close: list[bool | None] = []
    for y in ys:
        rel.append(None if y is None or ln.mean is None else _sign(y - ln.mean))
        if y is None or ln.lpl is None or ln.upl is None or ln.l2 is None or ln.u2 is None:
            outside.append(None)
            close.append(None)
        else:
            beyond = y > ln.upl or y < ln.lpl
            outside.append(beyond)
            close.append((not beyond) and (y < ln.l2 or y > ln.u2))
    return _ptd_labels(ys, rel, close, outside, profile.shift_length, profile.trend_length)


def _ptd_labels(
    ys: Sequence[float | None],
    rel: Sequence[int | None],
    close: Sequence[bool | None],
    outside: Sequence[bool | None],
    shift_length: int = 7,
    trend_length: int = 7,
) -> list[tuple[str, ...]]:
    """Label each point by precedence: outside limits > trend > two-in-three > shift."""
    n = len(ys)
    in_trend = _spread(_trend_ends(ys, trend_length), trend_length)
    in_shift = _spread(_run_ends(rel, shift_length), shift_length)
    c = [1 if flag else 0 for flag in close]
    two = _two_in_three(c, [r or 0 for r in rel])
    out: list[tuple[str, ...]] = []
    for i in range(n):
        side = rel[i] or 0
        if outside[i]:
            out.append(("above_upl",) if side == 1 else ("below_lpl",))
        elif in_trend[i]:
            # A point shared by a rising and a falling trend takes the later direction.
            if i + 1 < n and in_trend[i + 1]:
                a, b = ys[i], ys[i + 1]
            else:
                a, b = (ys[i - 1], ys[i]) if i > 0 else (None, None)
            rising = a is not None and b is not None and b > a
            out.append(("trend_up",) if rising else ("trend_down",))
        elif two[i] and c[i]:
            out.append(("two_of_three_high",) if side > 0 else ("two_of_three_low",))
        elif in_shift[i]:
            out.append(("shift_high",) if side > 0 else ("shift_low",))
        else:
            out.append(())
    return out


def _variation(improvement: str, point_type: str) -> str:
    if point_type == "common_cause":
        return "common_cause"
    if point_type == "special_cause_neutral_high":
        return "neutral_high"
    if point_type == "special_cause_neutral_low":
        return "neutral_low"
    high_is_good = improvement == "increase"
    if point_type == "special_cause_improvement":
        return "improvement_high" if high_is_good else "improvement_low"
    return "concern_low" if high_is_good else "concern_high"


def _assurance(rules: str, improvement: str, target: float, section: Section) -> str | None:
    lpl, upl = section.lpl, section.upl
    if lpl is None or upl is None:
        # No limits to compare with: ptd calls this inconsistent; mdc shows no icon.
        return "hit_or_miss" if rules == "ptd" else None
    if rules == "mdc":
        # Inclusive at the limit (MDC SQL v2.1 onwards).
        above, below = target >= upl, target <= lpl
        if improvement == "increase":
            return "pass" if below else "fail" if above else "hit_or_miss"
        return "pass" if above else "fail" if below else "hit_or_miss"
    above, below = target > upl, target < lpl
    if improvement == "increase":
        return "fail" if above else "pass" if below else "hit_or_miss"
    return "pass" if above else "fail" if below else "hit_or_miss"


# --------------------------------------------------------------------------- entry points


def analyse(
    values: Iterable[float | int | None],
    *,
    improvement: str = "increase",
    target: float | None = None,
    rebase: Iterable[int] = (),
    baseline: int | None = None,
    rules: str = "mdc",
    screen_outliers: bool | None = None,
) -> Analysis:
    """Analyse a series of values in date order as an XmR chart.

    ``rebase`` lists the 0-based indices where a recalculated section starts;
    ``baseline`` fixes the limits on the first N points (N ≥ 12). Under ``mdc`` a
    baseline replaces any recalculation; under ``ptd`` it applies within each
    section. ``screen_outliers`` defaults to off for ``mdc`` and on for ``ptd``.

    Raises ``ValueError`` with a one-line message for bad input.
    """
    return _analyse(
        values,
        None,
        improvement=improvement,
        target=target,
        rebase=rebase,
        baseline=baseline,
        rules=rules,
        screen_outliers=screen_outliers,
    )


def _analyse(
    values: Iterable[float | int | None],
    dates: Sequence[DateLike] | None,
    *,
    improvement: str,
    target: float | None,
    rebase: Iterable[int],
    baseline: int | None,
    rules: str,
    screen_outliers: bool | None,
) -> Analysis:
    rules = _check_choice("rules", rules, RULE_SETS)
    improvement = _check_choice("improvement", improvement, IMPROVEMENTS)
    profile = _PROFILES[rules]
    ys = _clean_values(values, profile.allow_missing, rules)
    n = len(ys)
    target_value = _clean_target(target)
    baseline_n = _clean_baseline(baseline)
    starts = _clean_rebase(rebase, n)
    if screen_outliers is None:
        screen = profile.screen_outliers
    elif isinstance(screen_outliers, bool):
        screen = screen_outliers
    else:
        raise ValueError(f"screen_outliers must be True, False or None, not {screen_outliers!r}")

    if rules == "mdc" and baseline_n is not None:
        starts = []  # only the baseline applies: recalculations are ignored
    bounds = _sections(n, starts)

    sections: list[Section] = []
    point_lines: list[_Lines] = []
    point_section: list[int] = []
    for index, (a, b) in enumerate(bounds):
        n_fixed = b - a if baseline_n is None else min(baseline_n, b - a)
        ln = _lines(ys[a : a + n_fixed], screen)
        sections.append(
            Section(
                index=index,
                start=a,
                stop=b,
                n_values=sum(1 for y in ys[a:b] if y is not None),
                n_fixed=n_fixed,
                mean=ln.mean,
                lpl=ln.lpl,
                upl=ln.upl,
                lower_two_sigma=ln.l2,
                upper_two_sigma=ln.u2,
                mean_moving_range=ln.amr,
            )
        )
        point_lines.extend([ln] * (b - a))
        point_section.extend([index] * (b - a))

    n_values = sum(1 for y in ys if y is not None)
    enough = n_values >= profile.min_points and n_values > 0

    signals: list[tuple[str, ...]]
    if not enough:
        # Too few points: the mean only, no limits, no colours, no icons.
        signals = [()] * n
        sections = [
            Section(
                index=s.index,
                start=s.start,
                stop=s.stop,
                n_values=s.n_values,
                n_fixed=s.n_fixed,
                mean=s.mean,
                lpl=None,
                upl=None,
                lower_two_sigma=None,
                upper_two_sigma=None,
                mean_moving_range=s.mean_moving_range,
            )
            for s in sections
        ]
        blank = [_Lines(ln.mean, ln.amr, None, None, None, None) for ln in point_lines]
        point_lines = blank
    elif rules == "mdc":
        signals = _mdc_signals([y for y in ys if y is not None], point_lines, profile)
    else:
        signals = []
        for a, b in bounds:
            signals.extend(_ptd_signals(ys[a:b], point_lines[a], profile))

    points = []
    for i, (y, ln, sig) in enumerate(zip(ys, point_lines, signals, strict=True)):
        if sig:
            high = any(s in _HIGH_SIGNALS for s in sig)
            low = any(s not in _HIGH_SIGNALS for s in sig)
            point_type = _classify(improvement, high, low)
        else:
            point_type = "common_cause"
        points.append(
            _new_point(
                index=i,
                value=y,
                mean=ln.mean,
                lpl=ln.lpl,
                upl=ln.upl,
                lower_two_sigma=ln.l2,
                upper_two_sigma=ln.u2,
                special_cause=point_type != "common_cause",
                point_type=point_type,
                section=point_section[i],
                signals=sig,
                date=None if dates is None else dates[i],
            )
        )

    variation = _variation(improvement, points[-1].point_type) if enough else None
    assurance = None
    if enough and target_value is not None and improvement != "neutral":
        assurance = _assurance(rules, improvement, target_value, sections[-1])

    return Analysis(
        points=tuple(points),
        sections=tuple(sections),
        variation=variation,
        assurance=assurance,
        rules=rules,
        improvement=improvement,
        target=target_value,
        baseline=baseline_n,
        screen_outliers=screen,
        shift_length=profile.shift_length,
        trend_length=profile.trend_length,
        min_points=profile.min_points,
        n_values=n_values,
    )


DateLike = _dt.date | str


def analyse_dated(
    dates: Sequence[DateLike],
    values: Sequence[float | int | None],
    *,
    improvement: str = "increase",
    target: float | None = None,
    rebase: Iterable[DateLike] = (),
    baseline: int | None = None,
    rules: str = "mdc",
    screen_outliers: bool | None = None,
) -> Analysis:
    """Like :func:`analyse`, for dated values in any order.

    The points are sorted by date; a duplicate date is an error. ``rebase`` lists
    the dates where a recalculated section starts; a date that is not in the data is
    ignored. Dates are ``datetime.date`` objects or ISO 8601 strings (one kind only).
    Each point of the result carries its date.
    """
    if len(dates) != len(values):
        raise ValueError(f"got {len(dates)} dates but {len(values)} values")
    kinds = set()
    for d in dates:
        if not isinstance(d, (str, _dt.date)):
            raise ValueError(f"date is neither a date nor an ISO 8601 string: {d!r}")
        kinds.add(isinstance(d, str))
    if len(kinds) > 1:
        raise ValueError("dates mix date objects and strings")
    order = sorted(range(len(dates)), key=dates.__getitem__)
    sorted_dates = [dates[i] for i in order]
    for a, b in itertools.pairwise(sorted_dates):
        if a == b:
            raise ValueError(f"duplicate date {a}")
    if isinstance(rebase, (str, bytes)):
        raise ValueError("rebase must be a sequence of dates")
    position = {d: i for i, d in enumerate(sorted_dates)}
    return _analyse(
        [values[i] for i in order],
        sorted_dates,
        improvement=improvement,
        target=target,
        rebase=[position[d] for d in rebase if d in position],
        baseline=baseline,
        rules=rules,
        screen_outliers=screen_outliers,
    )


def _new_point(**fields: object) -> Point:
    """Build a Point without the frozen dataclass's ``__init__``.

    The generated ``__init__`` sets each field through ``object.__setattr__``, which
    makes 10,000 points cost about as much as the whole analysis. ``fields`` must be
    exactly the dataclass fields; the result equals ``Point(**fields)``.
    """
    point = object.__new__(Point)
    point.__dict__.update(fields)
    return point
