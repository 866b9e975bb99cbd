from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.feed import schema
from kiosk.feed.jsonschema import feed_schema
from kiosk.feed.schema import FeedError, parse_feed

REPO = Path(__file__).resolve().parents[3]
BASE = "file:///srv/feeds/feed.json"


def feed(*projects: dict[str, Any], **extra: Any) -> bytes:
    return json.dumps({"feed_version": 1, "projects": list(projects), **extra}).encode()


def minimal(pid: str = "p1", **fields: Any) -> dict[str, Any]:
    return {"id": pid, "title": f"Project {pid}", "link": f"https://qi.example.org/{pid}", **fields}


def test_minimal_spreadsheet_feed_is_enough() -> None:
    result = parse_feed(feed(minimal()), base_url=BASE)
    assert [p.id for p in result.projects] == ["p1"]
    project = result.projects[0]
    assert project.title == "Project p1"
    assert project.link == "https://qi.example.org/p1"
    assert project.measures == () and project.image is None and project.stage is None
    assert result.skipped == () and result.warnings == ()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"not json", "invalid JSON at line 1 column 1"),
        (
            b"<!DOCTYPE html><html><body>Service unavailable</body></html>",
            "HTML or XML page instead of JSON",
        ),
        (b"[]", "feed must be a JSON object"),
        (b'{"projects": []}', "feed has no feed_version"),
        (b'{"feed_version": 1}', "feed has no projects list"),
        (b'{"feed_version": 1, "projects": {}}', "projects must be a list"),
        (b'{"feed_version": 2, "projects": []}', "unsupported feed_version 2"),
        (b'{"feed_version": "2.1", "projects": []}', "unsupported feed_version 2.1"),
        (b'{"feed_version": true, "projects": []}', "feed_version must be a number"),
        (b"", "feed is empty"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_feed_invalid_as_a_whole_is_refused_with_one_line(raw: bytes, message: str) -> None:
    with pytest.raises(FeedError) as info:
        parse_feed(raw, base_url=BASE)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_size_cap() -> None:
    raw = feed(minimal(summary="x" * 5000))
    with pytest.raises(FeedError, match=r"over the 1,000-byte limit"):
        parse_feed(raw, base_url=BASE, max_bytes=1000)


def test_minor_versions_of_v1_are_read() -> None:
    raw = json.dumps({"feed_version": "1.4", "projects": [minimal()]}).encode()
    assert parse_feed(raw, base_url=BASE).version == 1


def test_invalid_project_is_skipped_with_its_path_and_the_rest_shown() -> None:
    raw = feed(
        minimal("a"), {"title": "no id"}, minimal("b", title=""), "text", minimal("a"), minimal("c")
    )
    result = parse_feed(raw, base_url=BASE)
    assert [p.id for p in result.projects] == ["a", "c"]
    assert [str(p) for p in result.skipped] == [
        "projects[1].id: a project needs an id",
        "projects[2].title: project 'b' needs a title",
        "projects[3]: must be an object (got text)",
        "projects[4].id: duplicate id 'a'",
    ]


def test_a_feed_whose_every_project_is_unusable_is_refused_as_a_whole() -> None:
    """A broken export (every title renamed, say) must not replace the screen's projects with
    none; a feed that lists no projects at all is still a valid feed."""
    with pytest.raises(FeedError) as refused:
        parse_feed(feed({"id": "a", "name": "A"}, {"id": "b", "name": "B"}), base_url=BASE)
    assert str(refused.value) == (
        "none of the 2 projects is usable (the first: projects[0].title: project 'a' needs a title)"
    )
    assert parse_feed(feed(), base_url=BASE).projects == ()


def test_bad_optional_parts_are_left_out_with_a_warning() -> None:
    project = minimal(
        stage="finished",
        started="last year",
        link="javascript:alert(1)",
        themes="Falls",
        measures=[{"name": "Falls", "points": [{"date": "2025-01", "value": "lots"}]}],
        image={"url": "images/x.png", "sha256": "nothex"},
    )
    result = parse_feed(feed(project), base_url=BASE)
    p = result.projects[0]
    assert (p.stage, p.started, p.link, p.themes, p.measures, p.image) == (
        None,
        None,
        None,
        (),
        (),
        None,
    )
    paths = {w.path for w in result.warnings}
    assert {
        "projects[0].stage",
        "projects[0].started",
        "projects[0].link",
        "projects[0].themes",
        "projects[0].measures[0].points[0]",
        "projects[0].image",
    } <= paths


def test_texts_are_clamped_for_the_tv_layout() -> None:
    long_title = "Reducing " + "very " * 40 + "long waits"
    result = parse_feed(feed(minimal(title=long_title, aim="a " * 400)), base_url=BASE)
    p = result.projects[0]
    assert len(p.title) <= schema.MAX_LEN["title"] and p.title.endswith("…")
    assert len(p.aim) <= schema.MAX_LEN["aim"]
    assert any(w.path == "projects[0].title" and "shortened" in w.message for w in result.warnings)


def test_lists_and_numbers_from_the_feed_are_bounded() -> None:
    team = [{"name": f"Person {i}", "role": "Nurse"} for i in range(40)]
    p = minimal(
        team=team, themes=[f"T{i}" for i in range(20)], display={"dwell_seconds": 1, "weight": 99}
    )
    result = parse_feed(feed(p), base_url=BASE).projects[0]
    assert len(result.team) == schema.MAX_TEAM
    assert len(result.themes) == schema.MAX_THEMES
    assert result.display.dwell_seconds == 5
    assert result.display.weight == 10


def test_control_characters_and_markup_stay_plain_text() -> None:
    result = parse_feed(feed(minimal(title="<b>Bold</b>\x00 claim\x07")), base_url=BASE).projects[0]
    assert result.title == "<b>Bold</b> claim"


def test_measures_are_parsed_sorted_and_checked() -> None:
    points = [
        {"date": "2025-03-01", "value": 3},
        {"date": "2025-01", "value": 1},
        {"date": "2025-02", "value": 2},
    ]
    m = {
        "name": "Waits",
        "unit": "days",
        "improvement": "decrease",
        "target": 2,
        "points": points,
        "rebase": ["2025-02-01"],
    }
    measure = parse_feed(feed(minimal(measures=[m])), base_url=BASE).projects[0].measures[0]
    assert [p.value for p in measure.points] == [1, 2, 3]
    assert measure.improvement == "decrease" and measure.target == 2 and len(measure.rebase) == 1

    dup = {**m, "points": [*points, {"date": "2025-01-01", "value": 9}]}
    result = parse_feed(feed(minimal(measures=[dup])), base_url=BASE)
    assert result.projects[0].measures == ()
    assert any("a second value for 2025-01-01" in w.message for w in result.warnings)

    missing = {**m, "points": [{"date": "2025-01", "value": None}]}
    result = parse_feed(feed(minimal(measures=[missing])), base_url=BASE)
    assert result.projects[0].measures == ()
    missing_ptd = {**missing, "rules": "ptd"}
    assert parse_feed(feed(minimal(measures=[missing_ptd])), base_url=BASE).projects[0].measures


def test_image_urls_resolve_against_the_feed_and_remote_feeds_cannot_read_local_files() -> None:
    local = parse_feed(feed(minimal(image={"url": "images/a.png"})), base_url=BASE).projects[0]
    assert local.image is not None and local.image.url == "file:///srv/feeds/images/a.png"
    remote = parse_feed(
        feed(minimal(image={"url": "img/a.png"})), base_url="https://qi.example.org/f/feed.json"
    )
    assert remote.projects[0].image is not None
    assert remote.projects[0].image.url == "https://qi.example.org/f/img/a.png"
    sneaky = parse_feed(
        feed(minimal(image={"url": "file:///etc/passwd"})),
        base_url="https://qi.example.org/feed.json",
    )
    assert sneaky.projects[0].image is None


def test_unknown_keys_are_ignored() -> None:
    result = parse_feed(feed(minimal(colour="red"), future={"x": 1}), base_url=BASE)
    assert result.projects[0].id == "p1" and result.warnings == ()


def test_templates_and_hub() -> None:
    raw = feed(
        minimal(),
        templates=[
            {
                "id": "pdsa",
                "title": "PDSA cycle",
                "link": "https://qi.example.org/t/pdsa",
                "icon": "pdsa",
            },
            {"id": "bad", "title": "No link"},
        ],
        hub={"name": "Hub", "how_to_start": ["Step one"]},
    )
    result = parse_feed(raw, base_url=BASE)
    assert [t.id for t in result.templates] == ["pdsa"]
    assert result.skipped[0].path == "templates[1].link"
    assert result.hub.name == "Hub" and result.hub.how_to_start == ("Step one",)


def test_committed_json_schema_is_in_sync() -> None:
    committed = json.loads((REPO / "config" / "feed.schema.json").read_text())
    assert committed == feed_schema(), "run: qi-kiosk schema > config/feed.schema.json"


def test_demo_feed_is_valid_against_the_json_schema_and_the_parser() -> None:
    import jsonschema

    data = json.loads((REPO / "assets" / "demo" / "feed.json").read_text())
    jsonschema.validate(data, feed_schema())
    result = parse_feed(data, base_url=(REPO / "assets" / "demo" / "feed.json").as_uri())
    assert result.skipped == () and result.warnings == ()
    assert len(result.projects) >= 12 and len(result.templates) >= 6
