"""Plan a project: the aim statement, hints, the mailto link and the submission document."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jsonschema
import pytest

from kiosk.qr import matrix
from kiosk.tools.plan import (
    LIMITS,
    MAX_MAILTO_BYTES,
    Plan,
    aim_statement,
    hints,
    mailto_link,
    plan_document,
    plan_text,
)

TODAY = dt.date(2026, 12, 4)
REPO = Path(__file__).resolve().parents[3]


def full_plan() -> Plan:
    values = {
        "problem": "Patients on Ward 7 fall at night, mostly on the way to the toilet.",
        "aim_change": "reduce",
        "aim_what": "Falls on Ward 7",
        "aim_how_much": "30",
        "aim_unit": "%",
        "aim_by_when": "2027-03",
        "outcome_measure": "Falls per 1,000 bed days",
        "process_measure": "Night-time rounding done",
        "balancing_measure": "Staff time on rounds",
        "test_plan": "Hourly rounding on one bay for one week of night shifts",
        "prediction": "Fewer unassisted trips to the toilet",
        "team": "Ward 7 nurses",
        "contact_name": "Ann Example",
        "contact_email": "ann.example@nhs.net",
    }
    plan = Plan()
    for name, value in values.items():
        plan = plan.with_field(name, value)
    return plan


def test_the_aim_is_composed_from_its_parts() -> None:
    assert aim_statement(full_plan()) == "Reduce falls on Ward 7 by 30% by March 2027"
    minutes = full_plan().with_field("aim_unit", "minutes").with_field("aim_change", "increase")
    assert aim_statement(minutes) == "Increase falls on Ward 7 by 30 minutes by March 2027"
    assert aim_statement(Plan()) == "Improve … by … by …"
    assert aim_statement(Plan().with_field("aim_what", "ED waits")) == "Improve ED waits by … by …"


def test_missing_parts_get_friendly_hints_not_errors() -> None:
    assert hints(full_plan(), TODAY) == {}
    nudges = hints(
        Plan().with_field("aim_how_much", "lots").with_field("aim_by_when", "2025-01"), TODAY
    )
    assert "number" in nudges["aim_how_much"]
    assert "passed" in nudges["aim_by_when"]
    assert set(hints(Plan(), TODAY)) >= {"problem", "aim_what", "aim_how_much", "aim_by_when"}


def test_fields_are_tidied_and_clamped() -> None:
    plan = Plan().with_field("problem", "a\x00b\x1b[31m  c\u202e" + "x" * 1000)
    assert "\x00" not in plan.problem and "\x1b" not in plan.problem
    assert len(plan.problem) <= LIMITS["problem"]
    assert Plan().with_field("aim_change", "explode").aim_change == ""
    with pytest.raises(KeyError):
        Plan().with_field("admin", "x")


def test_bidi_overrides_are_removed_and_right_to_left_text_kept() -> None:
    plan = Plan().with_field("problem", "مرحبا \u202ereversed\u202c and \u2067isolated\u2069 שלום")
    assert plan.problem == "مرحبا reversed and isolated שלום"


def test_the_mailto_link_holds_the_plan_and_decodes_from_a_qr_code() -> None:
    link = mailto_link(full_plan(), "qi.team@nhs.net")
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == "qi.team@nhs.net"
    query = parse_qs(parts.query)
    body = query["body"][0]
    assert "Aim: Reduce falls on Ward 7 by 30% by March 2027" in body
    assert "First test of change: Hourly rounding" in body
    assert query["subject"] == ["QI project plan: Falls on Ward 7"]
    assert "\r\n" in unquote(parts.query)  # mail clients want CRLF line breaks


def test_a_long_plan_is_shortened_to_a_readable_qr_code() -> None:
    plan = full_plan()
    for name in ("problem", "test_plan", "prediction"):
        plan = plan.with_field(name, "word " * 200)
    link = mailto_link(plan, "qi.team@nhs.net")
    assert len(link.encode()) <= MAX_MAILTO_BYTES
    assert "Reduce%20falls%20on%20Ward%207" in link  # the aim is kept whole
    assert len(matrix(link)) <= 101  # QR version 21 or less


def test_the_submission_document_matches_the_published_schema() -> None:
    doc = plan_document(full_plan(), screen_id="hub-1", now=dt.datetime(2026, 12, 4, tzinfo=dt.UTC))
    schema = json.loads((REPO / "config" / "submission.schema.json").read_text())
    jsonschema.validate(doc, schema)
    assert doc["kind"] == "project_plan" and doc["screen_id"] == "hub-1"
    assert doc["plan"]["aim"]["statement"] == "Reduce falls on Ward 7 by 30% by March 2027"
    assert doc["plan"]["text"] == plan_text(full_plan())
    assert plan_document(Plan(), screen_id="s", now=dt.datetime.now(dt.UTC))["id"] != doc["id"]
    jsonschema.validate(plan_document(Plan(), screen_id="s", now=dt.datetime.now(dt.UTC)), schema)


@pytest.mark.parametrize(
    "text",
    [
        "🎉🏥👩‍⚕️ emoji everywhere 🎉" * 20,
        "x" * 5000,
        "مرحبا \u202e" * 100,
        "%&=?#" * 100,
        "\x00\x1b" * 50,
    ],
)
def test_any_text_in_every_field_still_fits_one_qr_code(text: str) -> None:
    plan = Plan()
    for name in LIMITS:
        plan = plan.with_field(name, text)
    for recipient in ("", "qi.team@nhs.net"):
        link = mailto_link(plan, recipient)
        assert len(link.encode()) <= MAX_MAILTO_BYTES
        assert link.startswith(f"mailto:{recipient}?subject=")
        assert len(matrix(link)) <= 101
