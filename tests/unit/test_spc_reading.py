"""Tests for kiosk.spc_reading: the plain-English sentence, icon text and rule-set label."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.spc import ASSURANCES, VARIATIONS, Analysis, analyse
from kiosk.spc_reading import describe, format_number, icon_text, rules_label

STABLE = [10.0, 12.0] * 8
SHIFT_UP = [
    *STABLE,
    14.0,
    14.0,
    14.0,
    14.0,
    14.0,
    14.0,
]  # the last 7 are above the mean
SHIFT_DOWN = [*STABLE, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0]  # the last 6 are below the mean

SERIES: dict[str | None, tuple[list[float], str]] = {
    None: (STABLE[:9], "increase"),
    "common_cause": ([*STABLE, 11.0], "increase"),
    "improvement_high": (SHIFT_UP, "increase"),
    "improvement_low": (SHIFT_DOWN, "decrease"),
    "concern_high": (SHIFT_UP, "decrease"),
    "concern_low": (SHIFT_DOWN, "increase"),
    "neutral_high": (SHIFT_UP, "neutral"),
    "neutral_low": (SHIFT_DOWN, "neutral"),
}

UP7 = "the last 7 months have all been above the average"
DOWN6 = "the last 6 months have all been below the average"
TARGET = "the target of 95%"

TABLE: list[tuple[str | None, str | None, str]] = [
    (None, None, "Too few data points to judge yet (9 of 13)"),
    (None, "pass", "Too few data points to judge yet (9 of 13)"),
    (None, "fail", "Too few data points to judge yet (9 of 13)"),
    (None, "hit_or_miss", "Too few data points to judge yet (9 of 13)"),
    ("common_cause", None, "No significant change yet"),
    ("common_cause", "pass", f"Consistently meeting {TARGET}"),
    (
        "common_cause",
        "fail",
        f"Consistently missing {TARGET}: meeting it will need a change in the process",
    ),
    (
        "common_cause",
        "hit_or_miss",
        f"Hit and miss: {TARGET} is met in some months and missed in others",
    ),
    ("improvement_high", None, f"Improving: {UP7}"),
    ("improvement_high", "pass", f"Improving and consistently meeting {TARGET}: {UP7}"),
    (
        "improvement_high",
        "fail",
        f"Improving, but still consistently missing {TARGET}: {UP7}",
    ),
    (
        "improvement_high",
        "hit_or_miss",
        f"Improving, but {TARGET} is still hit and miss: {UP7}",
    ),
    ("improvement_low", None, f"Improving: {DOWN6}"),
    (
        "improvement_low",
        "pass",
        f"Improving and consistently meeting {TARGET}: {DOWN6}",
    ),
    (
        "improvement_low",
        "fail",
        f"Improving, but still consistently missing {TARGET}: {DOWN6}",
    ),
    (
        "improvement_low",
        "hit_or_miss",
        f"Improving, but {TARGET} is still hit and miss: {DOWN6}",
    ),
    ("concern_high", None, f"Getting worse: {UP7}"),
    (
        "concern_high",
        "pass",
        f"Getting worse, but still consistently meeting {TARGET}: {UP7}",
    ),
    ("concern_high", "fail", f"Getting worse and consistently missing {TARGET}: {UP7}"),
    (
        "concern_high",
        "hit_or_miss",
        f"Getting worse, and {TARGET} is hit and miss: {UP7}",
    ),
    ("concern_low", None, f"Getting worse: {DOWN6}"),
    (
        "concern_low",
        "pass",
        f"Getting worse, but still consistently meeting {TARGET}: {DOWN6}",
    ),
    (
        "concern_low",
        "fail",
        f"Getting worse and consistently missing {TARGET}: {DOWN6}",
    ),
    (
        "concern_low",
        "hit_or_miss",
        f"Getting worse, and {TARGET} is hit and miss: {DOWN6}",
    ),
    ("neutral_high", None, f"Significant change: {UP7}"),
    (
        "neutral_high",
        "pass",
        f"Significant change, and consistently meeting {TARGET}: {UP7}",
    ),
    (
        "neutral_high",
        "fail",
        f"Significant change, and consistently missing {TARGET}: {UP7}",
    ),
    (
        "neutral_high",
        "hit_or_miss",
        f"Significant change, and {TARGET} is hit and miss: {UP7}",
    ),
    ("neutral_low", None, f"Significant change: {DOWN6}"),
    (
        "neutral_low",
        "pass",
        f"Significant change, and consistently meeting {TARGET}: {DOWN6}",
    ),
    (
        "neutral_low",
        "fail",
        f"Significant change, and consistently missing {TARGET}: {DOWN6}",
    ),
    (
        "neutral_low",
        "hit_or_miss",
        f"Significant change, and {TARGET} is hit and miss: {DOWN6}",
    ),
]


def _analysis(variation: str | None, assurance: str | None) -> Analysis:
    """A real analysis with the given variation, and the assurance set as asked.

    Some pairs (a neutral measure with an assurance icon, too few points with one)
    never come out of ``analyse``; the reading still has to say something sensible.
    """
    values, improvement = SERIES[variation]
    analysis = analyse(values, improvement=improvement)
    assert analysis.variation == variation
    return replace(analysis, assurance=assurance, target=None if assurance is None else 95.0)


def test_table_covers_every_combination() -> None:
    pairs = {(v, a) for v, a, _ in TABLE}
    assert pairs == {(v, a) for v in (None, *VARIATIONS) for a in (None, *ASSURANCES)}


@pytest.mark.parametrize(("variation", "assurance", "sentence"), TABLE)
def test_describe_every_variation_and_assurance(
    variation: str | None, assurance: str | None, sentence: str
) -> None:
    assert describe(_analysis(variation, assurance), unit="%") == sentence


def test_describe_from_analyse_with_target() -> None:
    values = [
        96.0,
        97.5,
        96.5,
        98.0,
        97.0,
        96.0,
        97.5,
        98.0,
        96.5,
        97.0,
        97.5,
        96.0,
        97.0,
    ]
    analysis = analyse(values, target=90, rules="mdc")
    assert analysis.assurance == "pass"
    assert describe(analysis, unit="%") == "Consistently meeting the target of 90%"
    assert describe(analysis, target_text="90% seen within 4 hours") == (
        "Consistently meeting the target of 90% seen within 4 hours"
    )
    assert describe(analysis, unit="days") == "Consistently meeting the target of 90 days"


def test_describe_neutral_common_cause_and_no_data() -> None:
    assert describe(analyse([*STABLE, 11.0], improvement="neutral")) == "No significant change"
    assert describe(analyse([])) == "No data yet"
    assert describe(analyse([None, None], rules="ptd")) == "No data yet"


def test_describe_names_the_rule_that_fired() -> None:
    single = analyse([*STABLE, 11.0, 30.0])
    assert describe(single) == "Improving: the latest month was higher than the expected range"
    two = analyse([*STABLE, 11.0, 30.0, 31.0], improvement="decrease")
    assert describe(two, period="week") == (
        "Getting worse: the last 2 weeks have all been higher than the expected range"
    )
    falling = analyse([*STABLE, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0])
    assert (
        describe(falling) == "Getting worse: the last 7 months show a steady fall"
    )  # 12 then six falls
    near = analyse([10.0, 12.0] * 15 + [15.5, 11.5, 15.5])
    assert near.points[-1].signals == ("two_of_three_high",)
    assert describe(near, period="quarter") == (
        "Improving: 2 of the last 3 quarters have been near the top of the expected range"
    )


def test_describe_mentions_trial_limits() -> None:
    analysis = analyse([10.0, 12.0, 11.0, 13.0, 12.0, 11.0], rules="ptd")
    assert analysis.trial_limits
    assert describe(analysis) == (
        "No significant change yet (early days: limits based on only 6 months)"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (95, "95"),
        (1200, "1,200"),
        (0.95, "0.95"),
        (80.5, "80.5"),
        (-3.25, "-3.25"),
        (1e-6, "1e-06"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("icon", "text"),
    [
        ("common_cause", "Common cause variation: no significant change"),
        ("improvement_high", "Special cause variation: improvement, higher values"),
        ("improvement_low", "Special cause variation: improvement, lower values"),
        ("concern_high", "Special cause variation: concern, higher values"),
        ("concern_low", "Special cause variation: concern, lower values"),
        (
            "neutral_high",
            "Special cause variation: higher values, neither better nor worse",
        ),
        (
            "neutral_low",
            "Special cause variation: lower values, neither better nor worse",
        ),
        ("pass", "The process will consistently meet the target"),
        ("fail", "The process will consistently fail to meet the target"),
        (
            "hit_or_miss",
            "The process will sometimes meet and sometimes miss the target",
        ),
    ],
)
def test_icon_text(icon: str, text: str) -> None:
    assert icon_text(icon) == text


def test_icon_text_covers_every_icon_and_rejects_others() -> None:
    for icon in (*VARIATIONS, *ASSURANCES):
        assert icon_text(icon)
    with pytest.raises(ValueError, match="unknown icon 'smile'"):
        icon_text("smile")


def test_rules_label() -> None:
    assert rules_label("mdc") == "SPC: Making Data Count rules"
    assert rules_label("ptd") == "SPC: NHS-R plot-the-dots rules"
    assert rules_label(analyse([1.0], rules="ptd").rules) == "SPC: NHS-R plot-the-dots rules"
    with pytest.raises(ValueError, match="unknown rules"):
        rules_label("lifeqi")
