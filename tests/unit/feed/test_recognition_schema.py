"""A project's recognition (awards) and spotlight date, in the feed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kiosk.feed.jsonschema import feed_schema
from kiosk.feed.model import Recognition
from kiosk.feed.schema import MAX_LEN, MAX_RECOGNITION, parse_feed

BASE = "https://qi.example.org/feed.json"


def parse(**fields: Any):
    project = {"id": "p1", "title": "Fewer falls", **fields}
    return parse_feed(
        json.dumps({"feed_version": 1, "projects": [project]}).encode(), base_url=BASE
    )


def test_recognition_and_spotlight_are_read() -> None:
    result = parse(
        recognition=[
            {"title": "Winner, Pride in Practice Awards", "year": 2026, "link": "/awards/2026"},
            {"title": "Highly commended, HSJ Patient Safety Awards 2025", "year": "2025"},
            "Shortlisted, Nursing Times Awards",
        ],
        spotlight_until="2026-12-31",
    )
    assert result.warnings == ()
    p = result.projects[0]
    assert p.recognition == (
        Recognition("Winner, Pride in Practice Awards", 2026, "https://qi.example.org/awards/2026"),
        Recognition("Highly commended, HSJ Patient Safety Awards 2025", 2025),
        Recognition("Shortlisted, Nursing Times Awards"),
    )
    assert p.spotlight_until == dt.date(2026, 12, 31)
    assert [r.label for r in p.recognition] == [
        "Winner, Pride in Practice Awards 2026",
        "Highly commended, HSJ Patient Safety Awards 2025",
        "Shortlisted, Nursing Times Awards",
    ]


def test_both_are_optional() -> None:
    p = parse().projects[0]
    assert (p.recognition, p.spotlight_until) == ((), None)


def test_bad_recognition_is_left_out_with_a_warning_and_the_project_shown() -> None:
    result = parse(
        recognition=[
            {"year": 2026},
            {"title": "Winner", "year": 26, "link": "javascript:alert(1)"},
            42,
            {"title": "x" * 300},
            *[f"Award {i}" for i in range(MAX_RECOGNITION + 2)],
        ],
        spotlight_until="soon",
    )
    p = result.projects[0]
    assert p.spotlight_until is None
    assert p.recognition[0] == Recognition("Winner")
    assert len(p.recognition[1].title) <= MAX_LEN["recognition"]
    assert len(p.recognition) == MAX_RECOGNITION - 2
    paths = {w.path for w in result.warnings}
    assert {
        "projects[0].recognition",
        "projects[0].recognition[0].title",
        "projects[0].recognition[1].year",
        "projects[0].recognition[1].link",
        "projects[0].recognition[2]",
        "projects[0].spotlight_until",
    } <= paths


def test_published_schema_describes_them() -> None:
    import jsonschema

    project = feed_schema()["properties"]["projects"]["items"]["properties"]
    assert project["recognition"]["maxItems"] == MAX_RECOGNITION
    assert "spotlight_until" in project
    good = {
        "feed_version": 1,
        "projects": [
            {
                "id": "p",
                "title": "P",
                "recognition": [{"title": "Winner", "year": 2026}, "Shortlisted"],
                "spotlight_until": "2026-12-31",
            }
        ],
    }
    jsonschema.validate(good, feed_schema())
    bad = json.loads(json.dumps(good))
    bad["projects"][0]["recognition"] = [{"year": 2026}]
    try:
        jsonschema.validate(bad, feed_schema())
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("a recognition without a title was accepted by the schema")
