"""The entry points: analyse values in date order, or dated values in any order."""

from __future__ import annotations

import datetime as _dt
import itertools
import math
from collections.abc import Iterable, Sequence

from kiosk.spc.icons import assurance_icon, classify, variation_icon
from kiosk.spc.inputs import check_choice, clean_baseline, clean_rebase, clean_target, clean_values
from kiosk.spc.limits import Lines, section_lines
from kiosk.spc.results import Analysis, Point, Section
from kiosk.spc.rules import mdc_signals, ptd_signals, section_bounds
from kiosk.spc.vocabulary import HIGH_SIGNALS, IMPROVEMENTS, PROFILES, RULE_SETS

TOO_LARGE = "the values are too large to chart: their limits overflow (keep them within ±1e300)"


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
    return analyse_series(
        values,
        None,
        improvement=improvement,
        target=target,
        rebase=rebase,
        baseline=baseline,
        rules=rules,
        screen_outliers=screen_outliers,
    )


def analyse_series(
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
    rules = check_choice("rules", rules, RULE_SETS)
    improvement = check_choice("improvement", improvement, IMPROVEMENTS)
    profile = PROFILES[rules]
    ys = clean_values(values, profile.allow_missing, rules)
    n = len(ys)
    target_value = clean_target(target)
    baseline_n = clean_baseline(baseline)
    starts = clean_rebase(rebase, n)
    if screen_outliers is None:
        screen = profile.screen_outliers
    elif isinstance(screen_outliers, bool):
        screen = screen_outliers
    else:
        raise ValueError(f"screen_outliers must be True, False or None, not {screen_outliers!r}")

    if rules == "mdc" and baseline_n is not None:
        starts = []  # only the baseline applies: recalculations are ignored
    bounds = section_bounds(n, starts)

    sections: list[Section] = []
    point_lines: list[Lines] = []
    point_section: list[int] = []
    for index, (a, b) in enumerate(bounds):
        n_fixed = b - a if baseline_n is None else min(baseline_n, b - a)
        try:
            ln = section_lines(ys[a : a + n_fixed], screen)
        except OverflowError:  # a moving range or a mean beyond the largest float
            raise ValueError(TOO_LARGE) from None
        if any(x is not None and not math.isfinite(x) for x in (ln.mean, ln.amr, ln.upl, ln.lpl)):
            raise ValueError(TOO_LARGE)
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
        blank = [Lines(ln.mean, ln.amr, None, None, None, None) for ln in point_lines]
        point_lines = blank
    elif rules == "mdc":
        signals = mdc_signals([y for y in ys if y is not None], point_lines, profile)
    else:
        signals = []
        for a, b in bounds:
            signals.extend(ptd_signals(ys[a:b], point_lines[a], profile))

    points = []
    for i, (y, ln, sig) in enumerate(zip(ys, point_lines, signals, strict=True)):
        if sig:
            high = any(s in HIGH_SIGNALS for s in sig)
            low = any(s not in HIGH_SIGNALS for s in sig)
            point_type = classify(improvement, high, low)
        else:
            point_type = "common_cause"
        points.append(
            new_point(
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

    variation = variation_icon(improvement, points[-1].point_type) if enough else None
    assurance = None
    if enough and target_value is not None and improvement != "neutral":
        assurance = assurance_icon(rules, improvement, target_value, sections[-1])

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
    return analyse_series(
        [values[i] for i in order],
        sorted_dates,
        improvement=improvement,
        target=target,
        rebase=[position[d] for d in rebase if d in position],
        baseline=baseline,
        rules=rules,
        screen_outliers=screen_outliers,
    )


def new_point(**fields: object) -> Point:
    """Build a Point without the frozen dataclass's ``__init__``.

    The generated ``__init__`` sets each field through ``object.__setattr__``, which
    makes 10,000 points cost about as much as the whole analysis. ``fields`` must be
    exactly the dataclass fields; the result equals ``Point(**fields)``.
    """
    point = object.__new__(Point)
    point.__dict__.update(fields)
    return point
