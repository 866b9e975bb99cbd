"""Point colours and the variation and assurance icons."""

from __future__ import annotations

from kiosk.spc.results import Section


def classify(improvement: str, high: bool, low: bool) -> str:
    if not (high or low):
        return "common_cause"
    if improvement == "neutral":
        return "special_cause_neutral_high" if high else "special_cause_neutral_low"
    good = high if improvement == "increase" else low
    return "special_cause_improvement" if good else "special_cause_concern"


def variation_icon(improvement: str, point_type: str) -> str:
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


def assurance_icon(rules: str, improvement: str, target: float, section: Section) -> str | None:
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
