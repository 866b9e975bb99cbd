"""The words of SPC analysis: rule sets, point types, icons, signals, factors and profiles."""

from __future__ import annotations

from dataclasses import dataclass

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
HIGH_SIGNALS = frozenset(SIGNALS[:4])

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
class Profile:
    shift_length: int
    trend_length: int
    screen_outliers: bool
    min_points: int
    allow_missing: bool


PROFILES = {
    "mdc": Profile(
        shift_length=6,
        trend_length=6,
        screen_outliers=False,
        min_points=13,
        allow_missing=False,
    ),
    "ptd": Profile(
        shift_length=7,
        trend_length=7,
        screen_outliers=True,
        min_points=1,
        allow_missing=True,
    ),
}

COLOURS = {
    "common_cause": "grey",
    "special_cause_improvement": "blue",
    "special_cause_concern": "orange",
    "special_cause_neutral_high": "purple",
    "special_cause_neutral_low": "purple",
}
