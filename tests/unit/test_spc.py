"""Tests for kiosk.spc: every shared reference case, plus edge cases."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

import pytest

from kiosk import spc
from kiosk.spc import Analysis, analyse, analyse_dated

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "spc-reference"

if not REFERENCE.is_dir():
    pytest.skip(
        f"SPC reference cases not found at {REFERENCE}: cannot check the rule sets",
        allow_module_level=True,
    )

CASES = sorted(REFERENCE.glob("mdc/*.json")) + sorted(REFERENCE.glob("ptd/*.json"))

ASSURANCE_TYPES = {
    "consistent_pass": "pass",
    "consistent_fail": "fail",
    "inconsistent": "hit_or_miss",
    None: None,
}
ASSURANCE_ICONS = {"pass.svg": "pass", "fail.svg": "fail", "inconsistent.svg": "hit_or_miss"}
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


def _close(actual: float | None, expected: float | None, *, rel: float = 1e-9, abs_: float = 0.0):
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
                assert _close(actual, expected, rel=0.0, abs_=tolerance), (where, name, actual)
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
        for name in ("common_cause", "special_cause_improvement", "special_cause_concern"):
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
            assert [abs(v) for v in spc._run_ends(args[0], 7)] == result, vector
        elif fn == "ptd_part_of_seven_trend":
            assert [int(v) for v in spc._spread(args[0], 7)] == result, vector
        elif fn == "ptd_seven_point_trend":
            assert spc._trend_ends([float(y) for y in args[0]], 7) == result, vector
        elif fn == "ptd_two_in_three":
            assert [int(v) for v in spc._two_in_three(args[0], args[1])] == result, vector
        elif fn == "ptd_part_of_two_in_three":
            flags = [int(bool(t and c)) for t, c in zip(args[0], args[1], strict=True)]
            assert flags == result, vector
        elif fn == "ptd_special_cause_type":
            ys, rel, close, outside = args
            signals = spc._ptd_labels([float(y) for y in ys], rel, close, outside)
            labels = [PTD_LABELS[s[0] if s else None] for s in signals]
            assert labels == result, vector
        elif fn == "ptd_point_type":
            labels, direction = args
            improvement = {1: "increase", -1: "decrease", 0: "neutral"}[direction]
            by_label = {label: signal for signal, label in PTD_LABELS.items()}
            types = []
            for label in labels:
                signal = by_label[label]
                high = signal in spc._HIGH_SIGNALS
                low = signal is not None and not high
                types.append(spc._classify(improvement, high, low))
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
                    else spc._assurance("ptd", improvement, args["target"], section)
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
    assert len(list(REFERENCE.glob("mdc/*.json"))) >= 35
    assert len(list(REFERENCE.glob("ptd/*.json"))) >= 49
