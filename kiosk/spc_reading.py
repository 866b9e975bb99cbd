"""Plain-English readings of an SPC analysis, for posters and screen readers (no Qt)."""

from __future__ import annotations

import math
from collections.abc import Callable

from kiosk.spc import ASSURANCES, RULE_SETS, VARIATIONS, Analysis, Point

__all__ = ["describe", "icon_text", "rules_label"]

_ICON_TEXT = {
    "common_cause": "Common cause variation: no significant change",
    "improvement_high": "Special cause variation: improvement, higher values",
    "improvement_low": "Special cause variation: improvement, lower values",
    "concern_high": "Special cause variation: concern, higher values",
    "concern_low": "Special cause variation: concern, lower values",
    "neutral_high": "Special cause variation: higher values, neither better nor worse",
    "neutral_low": "Special cause variation: lower values, neither better nor worse",
    "pass": "The process will consistently meet the target",
    "fail": "The process will consistently fail to meet the target",
    "hit_or_miss": "The process will sometimes meet and sometimes miss the target",
}

_RULES_LABELS = {
    "mdc": "SPC: Making Data Count rules",
    "ptd": "SPC: NHS-R plot-the-dots rules",
}

# Signals by the order in which they explain a point, per side.
_EXPLAINING = {
    1: ("above_upl", "trend_up", "two_of_three_high", "shift_high"),
    -1: ("below_lpl", "trend_down", "two_of_three_low", "shift_low"),
}


def icon_text(icon: str) -> str:
    """The text alternative for a variation or assurance icon."""
    try:
        return _ICON_TEXT[icon]
    except KeyError:
        known = ", ".join((*VARIATIONS, *ASSURANCES))
        raise ValueError(f"unknown icon {icon!r}: expected one of {known}") from None


def rules_label(rules: str) -> str:
    """The poster footer naming the rule set."""
    try:
        return _RULES_LABELS[rules]
    except KeyError:
        raise ValueError(
            f"unknown rules {rules!r}: expected one of {', '.join(RULE_SETS)}"
        ) from None


def format_number(value: float) -> str:
    """A number as people write it: ``1,200``, ``0.95``, ``80.5``."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):
        return f"{value:.3g}"
    return text


def _with_unit(number: str, unit: str) -> str:
    if not unit or unit[0] in "% " or unit in ("‰",):
        return f"{number}{unit}"
    return f"{number} {unit}"


def _plural(period: str, count: int) -> str:
    return period if count == 1 else f"{period}s"


def _trailing(analysis: Analysis, test: Callable[[Point], bool]) -> int:
    count = 0
    for point in reversed(analysis.points):
        if not test(point):
            break
        count += 1
    return count


def _steady_run(analysis: Analysis, direction: int) -> int:
    """Points in the trailing run that rises (+1) or falls (-1) at every step."""
    values = [p.value for p in analysis.points]
    count = 1
    for i in range(len(values) - 1, 0, -1):
        a, b = values[i - 1], values[i]
        if a is None or b is None or (b - a) * direction <= 0:
            break
        count += 1
    return count


def _detail(analysis: Analysis, period: str) -> str:
    """Why the latest point is special cause.

    For example "the last 8 months have all been above the average".
    """
    variation = analysis.variation or ""
    side = 1 if variation.endswith("_high") else -1
    latest = analysis.points[-1]
    signal = next((s for s in _EXPLAINING[side] if s in latest.signals), None)
    higher = "higher" if side > 0 else "lower"
    if signal is None:
        return f"the latest {period} is significantly {higher} than usual"
    if signal in ("above_upl", "below_lpl"):
        run = _trailing(analysis, lambda p: bool(p.outside_limits) and p.relative_to_mean == side)
        if run <= 1:
            return f"the latest {period} was {higher} than the expected range"
        return (
            f"the last {run} {_plural(period, run)} have all been {higher} than the expected range"
        )
    if signal in ("trend_up", "trend_down"):
        run = _steady_run(analysis, side)
        movement = "rise" if side > 0 else "fall"
        return f"the last {run} {_plural(period, run)} show a steady {movement}"
    if signal in ("two_of_three_high", "two_of_three_low"):
        edge = "top" if side > 0 else "bottom"
        return (
            f"2 of the last 3 {_plural(period, 3)} have been near the {edge} of the expected range"
        )
    run = _trailing(analysis, lambda p: p.relative_to_mean == side)
    where = "above" if side > 0 else "below"
    return f"the last {run} {_plural(period, run)} have all been {where} the average"


def describe(
    analysis: Analysis,
    *,
    unit: str = "",
    period: str = "month",
    target_text: str | None = None,
) -> str:
    """One short sentence saying what the chart shows, without jargon.

    ``unit`` follows numbers ("%" is attached, anything else after a space);
    ``period`` is what one point stands for ("month", "week", ...);
    ``target_text`` replaces the formatted target (e.g. "95% within 4 hours").
    """
    if analysis.n_values == 0:
        return "No data yet"
    if analysis.variation is None:
        return f"Too few data points to judge yet ({analysis.n_values} of {analysis.min_points})"

    if target_text is None:
        target_text = (
            _with_unit(format_number(analysis.target), unit)
            if analysis.target is not None and math.isfinite(analysis.target)
            else ""
        )
    target = f"the target of {target_text}" if target_text else "the target"

    variation, assurance = analysis.variation, analysis.assurance
    if variation == "common_cause":
        if assurance == "pass":
            sentence = f"Consistently meeting {target}"
        elif assurance == "fail":
            sentence = (
                f"Consistently missing {target}: meeting it will need a change in the process"
            )
        elif assurance == "hit_or_miss":
            sentence = (
                f"Hit and miss: {target} is met in some {_plural(period, 2)} and missed in others"
            )
        elif analysis.improvement == "neutral":
            sentence = "No significant change"
        else:
            sentence = "No significant change yet"
    else:
        kind = variation.rsplit("_", 1)[0]
        headline = {
            ("improvement", None): "Improving",
            ("improvement", "pass"): f"Improving and consistently meeting {target}",
            (
                "improvement",
                "fail",
            ): f"Improving, but still consistently missing {target}",
            (
                "improvement",
                "hit_or_miss",
            ): f"Improving, but {target} is still hit and miss",
            ("concern", None): "Getting worse",
            (
                "concern",
                "pass",
            ): f"Getting worse, but still consistently meeting {target}",
            ("concern", "fail"): f"Getting worse and consistently missing {target}",
            ("concern", "hit_or_miss"): f"Getting worse, and {target} is hit and miss",
            ("neutral", None): "Significant change",
            (
                "neutral",
                "pass",
            ): f"Significant change, and consistently meeting {target}",
            (
                "neutral",
                "fail",
            ): f"Significant change, and consistently missing {target}",
            (
                "neutral",
                "hit_or_miss",
            ): f"Significant change, and {target} is hit and miss",
        }[(kind, assurance)]
        sentence = f"{headline}: {_detail(analysis, period)}"

    section = analysis.latest_section
    if analysis.trial_limits and section is not None:
        sentence += f" (early days: limits based on only {section.n} {_plural(period, section.n)})"
    return sentence
