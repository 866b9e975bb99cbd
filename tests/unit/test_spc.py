"""Tests for kiosk.spc: every reference case in tests/data/spc, plus edge cases."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

import pytest

from kiosk import spc
from kiosk.spc import Analysis, analyse, analyse_dated, icons, limits, runs, vocabulary
from kiosk.spc import rules as rule_sets

# The reference cases live with the tests (see tests/data/spc/PROVENANCE.md): a clone without
# them fails here rather than skipping the rule-set checks.
REFERENCE = Path(__file__).resolve().parents[1] / "data" / "spc"

CASES = sorted(REFERENCE.glob("mdc/*.json")) + sorted(REFERENCE.glob("ptd/*.json"))

ASSURANCE_TYPES = {
    "consistent_pass": "pass",
    "consistent_fail": "fail",
    "inconsistent": "hit_or_miss",
    None: None,
}
ASSURANCE_ICONS = {
    "pass.svg": "pass",
    "fail.svg": "fail",
    "inconsistent.svg": "hit_or_miss",
}
PTD_LABELS = {
    None: "Common Cause",
    "above_upl": "Above UCL",
    "below_lpl": "Below LCL",
    "trend_up": "7 Point Trend (Increasing)",
    "trend_down": "7 Point Trend (Decreasing)",
    "two_of_three_high": "2 in 3 Above CL",
    "two_of_three_low": "2 in 3 Below CL",
    "shift_high": "7 Points Above CL",
    "shift_low": "7 Points Below CL",
}
SINGLE_FACET = "no facet"


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _close(
    actual: float | None,
    expected: float | None,
    *,
    rel: float = 1e-9,
    abs_: float = 0.0,
):
    if expected is None:
        return actual is None
    if actual is None:
        return False
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_)


def _per_facet(option: Any, facet: str) -> Any:
    return option.get(facet) if isinstance(option, dict) else option


def _run(case: dict[str, Any], rules: str, target: Any = "from case") -> dict[str, Analysis]:
    """Analyse a case's input: one independent chart per facet, in facet order."""
    data = case["input"]
    options = data["options"]
    facets = data["facets"] or [SINGLE_FACET] * len(data["values"])
    charts: dict[str, Analysis] = {}
    for facet in sorted(set(facets)):
        rows = [i for i, f in enumerate(facets) if f == facet]
        facet_target = _per_facet(options["target"], facet) if target == "from case" else target
        charts[facet] = analyse_dated(
            [data["dates"][i] for i in rows],
            [data["values"][i] for i in rows],
            rebase=_per_facet(options["rebase"], facet) or (),
            improvement=options["improvement_direction"],
            target=facet_target,
            baseline=options["fix_after_n_points"],
            rules=rules,
            screen_outliers=options["screen_outliers"],
        )
    return charts


def _check_icons(output: dict[str, Any], charts: dict[str, Analysis]) -> None:
    for facet, analysis in charts.items():
        icons = [icon for icon in output["icons"] if icon["f"] == facet]
        variation = [i["icon"].removesuffix(".svg") for i in icons if i["type"] == "variation"]
        assurance = [ASSURANCE_ICONS[i["icon"]] for i in icons if i["type"] == "assurance"]
        assert analysis.variation == (variation[0] if variation else None), facet
        assert analysis.assurance == (assurance[0] if assurance else None), facet
    expected_facets = {icon["f"] for icon in output["icons"]}
    assert expected_facets <= set(charts)


def _check_assurance(output: dict[str, Any], charts: dict[str, Analysis]) -> None:
    for row in output["assurance"]:
        assert charts[row["f"]].assurance == ASSURANCE_TYPES[row["assurance_type"]], row["f"]


def _check_mdc(case: dict[str, Any]) -> None:
    output = case["output"]
    asserted = output["asserted"]
    tolerance = output["numeric_tolerance"]
    charts = _run(case, "mdc")
    assert list(charts) == [SINGLE_FACET]
    analysis = charts[SINGLE_FACET]
    columns = output["columns"]
    points = analysis.points
    assert [p.date for p in points] == columns["x"]
    assert [p.value for p in points] == columns["y"]
    for i, point in enumerate(points):
        where = f"point {i + 1}"
        if asserted["point_type"]:
            expected = columns["point_type"][i]
            if expected == "special_cause_neutral":
                assert point.point_type in (
                    "special_cause_neutral_high",
                    "special_cause_neutral_low",
                ), where
            else:
                assert point.point_type == expected, where
        if asserted["colour"]:
            assert point.colour == columns["colour"][i], where
        if asserted["special_cause_flag"]:
            assert point.special_cause == columns["special_cause_flag"][i], where
        for name in ("mean", "lpl", "upl"):
            if asserted[name]:
                actual, expected = getattr(point, name), columns[name][i]
                assert _close(actual, expected, rel=0.0, abs_=tolerance), (
                    where,
                    name,
                    actual,
                )
    if asserted["limits_shown"]:
        assert analysis.limits_shown == output["limits_shown"]
    if asserted["icons"]:
        _check_icons(output, charts)
    if asserted["assurance"]:
        _check_assurance(output, charts)
    for check in case.get("derived_checks") or []:
        assert check["what"] == "assurance"
        derived = _run(case, "mdc", target=check["target"])[SINGLE_FACET]
        assert derived.assurance == ASSURANCE_TYPES[check["assurance_type"]], check


def _label(point: spc.Point) -> str:
    assert len(point.signals) <= 1
    return PTD_LABELS[point.signals[0] if point.signals else None]


def _check_ptd(case: dict[str, Any]) -> None:
    data = case["input"]
    output = case["output"]
    charts = _run(case, "ptd")
    columns = output["columns"]
    rows = []
    for facet, analysis in charts.items():
        rebase = _per_facet(data["options"]["rebase"], facet) or ()
        first_group = 1 if analysis.points and analysis.points[0].date in rebase else 0
        rows.extend((facet, analysis, point, first_group) for point in analysis.points)
    assert len(rows) == len(columns["x"])
    for i, (facet, analysis, point, first_group) in enumerate(rows):
        where = f"row {i + 1} ({facet})"
        section = analysis.sections[point.section]
        assert columns["f"][i] == facet, where
        assert point.date == columns["x"][i], where
        assert point.value == columns["y"][i], where
        assert point.section + first_group == columns["rebase_group"][i], where
        assert section.short == columns["short_group_warning"][i], where
        fixed = point.index - section.start < section.n_fixed and point.value is not None
        assert (columns["fix_y"][i] is not None) == fixed, where
        for name in ("mean", "lpl", "upl"):
            actual, expected = getattr(point, name), columns[name][i]
            assert _close(actual, expected), (where, name, actual, expected)
        assert point.relative_to_mean == columns["relative_to_mean"][i], where
        assert point.outside_limits == columns["outside_limits"][i], where
        assert point.close_to_limits == columns["close_to_limits"][i], where
        assert _label(point) == columns["special_cause_type"][i], where
        assert point.special_cause == columns["special_cause_flag"][i], where
        assert point.point_type == columns["point_type"][i], where
        assert analysis.target == columns["target"][i], where
    _check_icons(output, charts)
    _check_assurance(output, charts)
    _check_ptd_summary(output["summary"], charts, data)
    external = case.get("external_expectation")
    if external:
        _check_external_mdc(case, external["per_point"])


def _check_external_mdc(case: dict[str, Any], per_point: str) -> None:
    """The same input under the mdc rules against the MDC tool's colours."""
    analysis = _run(case, "mdc")[SINGLE_FACET]
    codes = {
        "special_cause_improvement": "I",
        "special_cause_concern": "C",
        "common_cause": ".",
    }
    got = "".join(codes[p.point_type] for p in analysis.points)
    assert got == per_point[: len(got)]


def _check_ptd_summary(
    summary: list[dict[str, Any]], charts: dict[str, Analysis], data: dict[str, Any]
) -> None:
    groups = []
    for facet, analysis in charts.items():
        rebase = _per_facet(data["options"]["rebase"], facet) or ()
        first_group = 1 if analysis.points and analysis.points[0].date in rebase else 0
        for section in analysis.sections:
            groups.append((facet, section.index + first_group, analysis, section))
    assert len(summary) == len(groups)
    for row, (facet, group, analysis, section) in zip(summary, groups, strict=True):
        assert row.get("f", facet) == facet
        assert row.get("rebase_group", group) == group
        assert _close(section.mean, row["mean"]), row
        assert _close(section.lpl, row["lpl"]), row
        assert _close(section.upl, row["upl"]), row
        assert section.n == row["n"]
        types = [p.point_type for p in analysis.points[section.start : section.stop]]
        for name in (
            "common_cause",
            "special_cause_improvement",
            "special_cause_concern",
        ):
            assert types.count(name) == row[name], (row, name)
        assert types[-1] == row["variation_type"]
        if "assurance_type" in row:
            is_last = section is analysis.sections[-1]
            expected = ASSURANCE_TYPES[row["assurance_type"]]
            assert (analysis.assurance if is_last else None) == expected, row


def _check_vectors(case: dict[str, Any]) -> None:
    """NHSRplotthedots' internal rule helpers against their counterparts here."""
    for vector in case["vectors"]:
        fn, args, result = vector["fn"], vector["args"], vector["result"]
        if fn == "ptd_seven_point_one_side_mean":
            assert [abs(v) for v in runs.run_ends(args[0], 7)] == result, vector
        elif fn == "ptd_part_of_seven_trend":
            assert [int(v) for v in runs.spread(args[0], 7)] == result, vector
        elif fn == "ptd_seven_point_trend":
            assert runs.trend_ends([float(y) for y in args[0]], 7) == result, vector
        elif fn == "ptd_two_in_three":
            assert [int(v) for v in runs.two_in_three(args[0], args[1])] == result, vector
        elif fn == "ptd_part_of_two_in_three":
            flags = [int(bool(t and c)) for t, c in zip(args[0], args[1], strict=True)]
            assert flags == result, vector
        elif fn == "ptd_special_cause_type":
            ys, rel, close, outside = args
            signals = rule_sets.ptd_labels([float(y) for y in ys], rel, close, outside)
            labels = [PTD_LABELS[s[0] if s else None] for s in signals]
            assert labels == result, vector
        elif fn == "ptd_point_type":
            labels, direction = args
            improvement = {1: "increase", -1: "decrease", 0: "neutral"}[direction]
            by_label = {label: signal for signal, label in PTD_LABELS.items()}
            types = []
            for label in labels:
                signal = by_label[label]
                high = signal in vocabulary.HIGH_SIGNALS
                low = signal is not None and not high
                types.append(icons.classify(improvement, high, low))
            assert types == result, vector
        elif fn == "ptd_calculate_assurance_type":
            improvement = args["improvement_direction"]
            for lpl, upl, expected in zip(args["lpl"], args["upl"], result, strict=True):
                section = spc.Section(
                    index=0,
                    start=0,
                    stop=13,
                    n_values=13,
                    n_fixed=13,
                    mean=(lpl + upl) / 2,
                    lpl=lpl,
                    upl=upl,
                    lower_two_sigma=None,
                    upper_two_sigma=None,
                    mean_moving_range=None,
                )
                got = (
                    None
                    if improvement == "neutral"
                    else icons.assurance_icon("ptd", improvement, args["target"], section)
                )
                assert got == ASSURANCE_TYPES[expected], vector
        else:
            pytest.fail(f"unknown helper {fn} in {vector}")


@pytest.mark.parametrize("path", CASES, ids=_case_id)
def test_reference_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    if "vectors" in case:
        _check_vectors(case)
    elif path.parent.name == "mdc":
        _check_mdc(case)
    else:
        _check_ptd(case)


def test_reference_cases_found() -> None:
    assert REFERENCE.is_dir(), f"SPC reference cases missing from {REFERENCE}"
    assert len(list(REFERENCE.glob("mdc/*.json"))) >= 35
    assert len(list(REFERENCE.glob("ptd/*.json"))) >= 49


def test_reference_cases_keep_their_provenance_and_licences() -> None:
    provenance = (REFERENCE / "PROVENANCE.md").read_text(encoding="utf-8")
    for folder, licence in (("ptd", "ptd/LICENSE.md"), ("mdc", "mdc/original/LICENSE.md")):
        assert f"`{folder}/`" in provenance and f"`{licence}`" in provenance, folder
        assert "MIT" in (REFERENCE / licence).read_text(encoding="utf-8"), licence
    assert (REFERENCE / "mdc" / "original" / "LICENCE.md.upstream").is_file()
    for spec in ("README.md", "SPEC-mdc.md", "SPEC-ptd.md"):
        assert (REFERENCE / spec).is_file(), spec


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("values", "options", "message"),
    [
        ([1, 2, "3"], {}, "value 2 is not a number"),
        ([1, 2, True], {}, "value 2 is not a number"),
        ([1, None, 3], {"rules": "mdc"}, "value 1 is missing"),
        ([1, math.inf], {}, "value 1 is infinite"),
        ([1, -math.inf], {"rules": "ptd"}, "value 1 is infinite"),
        ([1, math.nan], {"rules": "ptd"}, "not a number (NaN)"),
        ([1, 2], {"rules": "spc"}, "unknown rules 'spc'"),
        ([1, 2], {"improvement": "up"}, "unknown improvement 'up'"),
        ([1, 2], {"baseline": 11}, "baseline must be at least 12"),
        ([1, 2], {"baseline": 12.0}, "baseline must be a whole number"),
        ([1, 2], {"rebase": [2]}, "rebase index 2 is out of range for 2 points"),
        ([1, 2], {"rebase": [-1]}, "rebase index -1 is out of range"),
        ([1, 2], {"target": "95%"}, "target is not a number"),
        ([1, 2], {"target": math.inf}, "target must be a finite number"),
        ([1, 2], {"screen_outliers": "yes"}, "screen_outliers must be"),
        ("123", {}, "not a string"),
    ],
)
def test_bad_input_raises_value_error(values: Any, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        analyse(values, **options)
    assert "\n" not in str(info.value)


def test_dated_rejects_duplicate_dates() -> None:
    with pytest.raises(ValueError, match="duplicate date 2024-02-01"):
        analyse_dated(["2024-01-01", "2024-02-01", "2024-02-01"], [1, 2, 3])


def test_dated_rejects_mismatched_lengths_and_mixed_dates() -> None:
    import datetime

    with pytest.raises(ValueError, match="2 dates but 3 values"):
        analyse_dated(["2024-01-01", "2024-02-01"], [1, 2, 3])
    with pytest.raises(ValueError, match="mix"):
        analyse_dated(["2024-01-01", datetime.date(2024, 2, 1)], [1, 2])


def test_decimal_and_fraction_values_are_numbers() -> None:
    from decimal import Decimal
    from fractions import Fraction

    analysis = analyse([Decimal("1.5"), Fraction(5, 2), 3], rules="ptd")
    assert [p.value for p in analysis.points] == [1.5, 2.5, 3.0]


def test_repeated_values_are_fine() -> None:
    """Only a repeated date is a duplicate: the same value twice is ordinary data."""
    analysis = analyse([5, 5, 6, 6, 5, 5], rules="ptd")
    assert len(analysis.points) == 6


def test_dated_sorts_and_ignores_unknown_rebase_dates() -> None:
    dates = ["2024-03-01", "2024-01-01", "2024-02-01", "2024-04-01"]
    analysis = analyse_dated(dates, [3, 1, 2, 4], rebase=["2024-03-01", "2024-03-15"], rules="ptd")
    assert [p.date for p in analysis.points] == sorted(dates)
    assert [p.value for p in analysis.points] == [1, 2, 3, 4]
    assert [p.section for p in analysis.points] == [0, 0, 1, 1]


# --------------------------------------------------------------------------- small series


def test_empty_series() -> None:
    for rules in spc.RULE_SETS:
        analysis = analyse([], rules=rules, target=3)
        assert analysis.points == ()
        assert analysis.sections == ()
        assert analysis.variation is None
        assert analysis.assurance is None
        assert not analysis.enough_points


def test_one_point() -> None:
    mdc = analyse([7.5], target=5)
    assert mdc.points[0].mean == 7.5
    assert mdc.points[0].lpl is None and mdc.points[0].upl is None
    assert mdc.points[0].point_type == "common_cause"
    assert mdc.variation is None and mdc.assurance is None
    assert not mdc.enough_points

    ptd = analyse([7.5], rules="ptd", target=5)
    point = ptd.points[0]
    assert (point.mean, point.lpl, point.upl) == (7.5, None, None)
    assert point.relative_to_mean == 0
    assert ptd.variation == "common_cause"
    assert ptd.assurance == "hit_or_miss"  # no limits to compare the target with
    assert ptd.sections[0].short


def test_two_points() -> None:
    ptd = analyse([10, 20], rules="ptd")
    assert ptd.points[0].mean == 15
    assert ptd.points[0].lpl == pytest.approx(15 - 2.66 * 10)
    assert ptd.points[1].upl == pytest.approx(15 + 2.66 * 10)
    assert ptd.variation == "common_cause"
    mdc = analyse([10, 20])
    assert mdc.points[1].mean == 15
    assert not mdc.limits_shown


def test_mdc_needs_13_points_for_limits_and_icons() -> None:
    values = [10, 12, 11, 13, 12, 11, 10, 12, 13, 11, 12, 10]
    short = analyse(values, target=5)
    assert not short.limits_shown and short.variation is None and short.assurance is None
    assert (short.n_values, short.min_points) == (12, 13)
    full = analyse([*values, 11], target=5)
    assert full.limits_shown and full.variation == "common_cause" and full.assurance == "pass"


def test_constant_series() -> None:
    values = [7.0] * 15
    screened = analyse(values, rules="ptd", target=7)
    assert all(p.mean == 7 and p.lpl is None and p.upl is None for p in screened.points)
    assert all(p.point_type == "common_cause" for p in screened.points)
    assert screened.assurance == "hit_or_miss"

    unscreened = analyse(values, rules="ptd", screen_outliers=False, target=7)
    assert all(p.lpl == p.upl == 7 for p in unscreened.points)
    assert unscreened.variation == "common_cause"
    assert unscreened.assurance == "hit_or_miss"  # ptd: a target on a limit is hit or miss

    mdc = analyse(values, target=7)
    assert all(p.lpl == p.upl == 7 and not p.special_cause for p in mdc.points)
    assert mdc.variation == "common_cause"
    assert mdc.assurance == "pass"  # mdc: a target on the limit passes


def test_missing_values_under_ptd() -> None:
    values = [82.5, 84.1, 82.1, 85.5, 80.5, 80.4, None, 83.1, 75, 80.9]
    values += [83.8, 82.5, 77, 76.6, 76.6, 86.6, 83.3, 73.8, 77.7, 77.5]
    analysis = analyse(values, rules="ptd")
    missing = analysis.points[6]
    assert missing.value is None and missing.missing
    assert missing.point_type == "common_cause"
    assert missing.relative_to_mean is None and missing.outside_limits is None
    # The exactly rounded mean of the 19 values is 80.5; sum()/n would give 80.49999999999999.
    assert missing.mean == 80.5
    assert analysis.points[4].relative_to_mean == 0
    assert analysis.n_values == 19


def test_missing_value_breaks_a_trend_under_ptd() -> None:
    rising = [1.0, 2, 3, 4, 5, 6, 7, 8]
    assert analyse(rising, rules="ptd").points[1].signals == ("trend_up",)
    gap = [1.0, 2, 3, None, 5, 6, 7, 8]
    signals = [p.signals for p in analyse(gap, rules="ptd").points]
    assert ("trend_up",) not in signals


def test_value_equal_to_mean_breaks_a_shift() -> None:
    # 13 points: mean 10; the equal point splits 6 + 5 points above.
    values = [11.0] * 6 + [10.0] + [11.0] * 5 + [-1.0]
    assert _exact_mean_check(values) == 10.0
    analysis = analyse(values)
    assert analysis.points[6].relative_to_mean == 0
    assert [p.signals for p in analysis.points[:6]] == [("shift_high",)] * 6
    assert all("shift_high" not in p.signals for p in analysis.points[6:])


def _exact_mean_check(values: list[float]) -> float:
    return limits.exact_mean(values)


# --------------------------------------------------------------------------- baseline, rebase


def test_baseline_fixes_limits_on_first_points() -> None:
    random.seed(4)
    values = [random.gauss(20, 2) for _ in range(15)] + [30.0] * 10
    fixed = analyse(values, baseline=15, rebase=[15])
    assert len(fixed.sections) == 1  # mdc: a baseline replaces recalculations
    first = fixed.sections[0]
    assert first.n_fixed == 15
    assert first.mean == pytest.approx(sum(values[:15]) / 15, rel=1e-12)
    assert all(p.mean == first.mean and p.upl == first.upl for p in fixed.points)
    assert all(p.point_type == "special_cause_improvement" for p in fixed.points[15:])
    assert fixed.variation == "improvement_high"
    assert fixed.baseline == 15

    ptd = analyse(values, rules="ptd", baseline=12, rebase=[13])
    assert [s.n_fixed for s in ptd.sections] == [12, 12]
    assert ptd.sections[0].mean == pytest.approx(sum(values[:12]) / 12, rel=1e-12)
    assert ptd.sections[1].mean == pytest.approx(sum(values[13:25]) / 12, rel=1e-12)


def test_baseline_longer_than_series_uses_all_points() -> None:
    values = [float(v % 5) for v in range(14)]
    assert analyse(values, baseline=20).sections[0].n_fixed == 14


def test_rebase_sections_under_both_rule_sets() -> None:
    values = [10.0, 11, 9, 10, 12, 10, 9, 11, 10, 11, 10, 9, 10]
    values += [20.0, 21, 19, 20, 22, 20, 19, 21, 20, 21, 20, 19, 20]
    for rules in spc.RULE_SETS:
        analysis = analyse(values, rules=rules, rebase=[13, 13, 0])
        assert [(s.start, s.stop) for s in analysis.sections] == [(0, 13), (13, 26)]
        assert [p.section for p in analysis.points] == [0] * 13 + [1] * 13
        assert analysis.sections[0].mean == pytest.approx(10.153846153846153)
        assert analysis.sections[1].mean == pytest.approx(20.153846153846153)
        assert analysis.variation == "common_cause"
        assert not analysis.trial_limits


def test_mdc_rules_cross_a_recalculation_but_ptd_rules_restart() -> None:
    # A 7-point rise that straddles the recalculation at index 13.
    base = [10.0, 12, 9, 11, 10, 12, 9, 11, 10, 12]
    values = [*base, 8, 9, 10, 11, 12, 13, 14, *base]
    mdc = analyse(values, rebase=[13])
    assert all("trend_up" in p.signals for p in mdc.points[10:17])
    ptd = analyse(values, rules="ptd", rebase=[13])
    assert not any(p.signals == ("trend_up",) for p in ptd.points[10:17])
    unsplit = analyse(values, rules="ptd")
    assert all(p.signals == ("trend_up",) for p in unsplit.points[10:17])


def test_conflict_and_neutral_under_mdc() -> None:
    # Rising then falling 6-point trends sharing a peak: both sides fire on the peak.
    values = [5.0, 6, 7, 8, 9, 10, 9, 8, 7, 6, 5, 7, 6, 7, 6]
    peak = analyse(values).points[5]
    assert set(peak.signals) >= {"trend_up", "trend_down"}
    assert peak.point_type == "special_cause_improvement"
    assert analyse(values, improvement="decrease").points[5].point_type == (
        "special_cause_improvement"
    )
    neutral = analyse(values, improvement="neutral", target=7)
    assert neutral.points[5].point_type == "special_cause_neutral_high"
    assert neutral.points[8].point_type == "special_cause_neutral_low"
    assert neutral.assurance is None
    assert neutral.target == 7


# --------------------------------------------------------------------------- large series


def test_ten_thousand_points() -> None:
    n = 10_000
    values = [float(i % 10) for i in range(n)]
    values[-8:] = [20.0] * 8  # a final shift up
    for rules in spc.RULE_SETS:
        analysis = analyse(values, rules=rules, target=-100)
        assert len(analysis.points) == n
        expected_mean = (sum(range(10)) * (n // 10) - sum(range(2, 10)) + 160) / n
        assert analysis.points[0].mean == pytest.approx(expected_mean, rel=1e-12)
        assert analysis.points[-1].point_type == "special_cause_improvement"
        assert analysis.recent_run == 8
        assert analysis.variation == "improvement_high"
        assert analysis.assurance == "pass"


def test_point_fast_constructor_matches_dataclass() -> None:
    point = analyse([1.0, 2.0, 4.0], rules="ptd").points[2]
    assert point == spc.Point(**{f: getattr(point, f) for f in point.__dataclass_fields__})
    with pytest.raises(AttributeError):
        point.value = 3.0  # type: ignore[misc]


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
@pytest.mark.parametrize(
    "values",
    [
        [0, 5.688902325513658e307],  # found by scripts/fuzz.py: the upper limit overflowed
        [-1e308, 1e308] * 10,  # the moving ranges overflow
    ],
)
def test_values_whose_limits_overflow_are_a_clear_error(rules: str, values: list[float]) -> None:
    with pytest.raises(ValueError, match="too large to chart") as caught:
        analyse(values, rules=rules)
    assert "\n" not in str(caught.value)


def test_large_values_that_fit_are_still_charted() -> None:
    for values in ([1e300, 2e300, 1.5e300] * 5, [1e308] * 20):
        result = analyse(values)
        assert all(math.isfinite(p.upl) and math.isfinite(p.lpl) for p in result.points)
