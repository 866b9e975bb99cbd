"""The built-in demo feed: complete, well-formed, and a showcase for every SPC icon."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from kiosk.spc import ASSURANCES, VARIATIONS, analyse_dated

FEED_PATH = Path(__file__).resolve().parents[2] / "assets/demo/feed.json"
HOST = "qi.meadowbrook.example"
STAGES = ("idea", "planning", "testing", "implementing", "sustaining")
PDSA_STATUSES = {"planned", "running", "adopt", "adapt", "abandon"}
TEMPLATE_ICONS = {"charter", "pdsa", "driver", "process", "fishbone", "measure"}
IMPROVEMENTS = {"increase", "decrease", "neutral"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_POINTS, MAX_POINTS = 15, 40
SHORT_POINTS = range(9, 13)  # the deliberate "too few points for SPC" measure
MAX_LENGTH = {"title": 70, "aim": 160, "summary": 200, "results": 90}
FULL_PROJECT_KEYS = (
    "summary", "aim", "stage", "themes", "department", "site", "team",
    "started", "updated", "image", "changes", "pdsa", "results",
)  # fmt: skip
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def feed() -> dict[str, Any]:
    with FEED_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


@pytest.fixture(scope="module")
def projects(feed: dict[str, Any]) -> list[dict[str, Any]]:
    return feed["projects"]


@pytest.fixture(scope="module")
def full_projects(projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in projects if "measures" in p]


def all_measures(projects: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(p["id"], m) for p in projects for m in p.get("measures", [])]


def analyse_measure(measure: dict[str, Any]):
    return analyse_dated(
        [p["date"] for p in measure["points"]],
        [p["value"] for p in measure["points"]],
        improvement=measure["improvement"],
        target=measure.get("target"),
        rebase=measure.get("rebase", []),
        rules="mdc",
    )


def fold(text: str) -> str:
    """Case- and accent-insensitive form, as the kiosk's search uses."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def all_links(feed: dict[str, Any]) -> list[str]:
    links = [feed["hub"]["url"]]
    links += [p["link"] for p in feed["projects"]]
    links += [t["link"] for t in feed["templates"]]
    return links


# --------------------------------------------------------------------------- shape


def test_top_level(feed: dict[str, Any]) -> None:
    assert feed["feed_version"] == 1
    dt.datetime.fromisoformat(feed["generated_at"].replace("Z", "+00:00"))
    hub = feed["hub"]
    assert hub["name"] == "Meadowbrook QI Hub"
    assert hub["organisation"] == "Meadowbrook Health NHS Trust"
    assert 50 <= len(hub["about"]) <= 400
    assert 4 <= len(hub["how_to_start"]) <= 6
    assert all(isinstance(s, str) and s for s in hub["how_to_start"])


def test_enough_projects_and_templates_with_unique_ids(feed: dict[str, Any]) -> None:
    project_ids = [p["id"] for p in feed["projects"]]
    template_ids = [t["id"] for t in feed["templates"]]
    assert len(project_ids) >= 12
    assert len(template_ids) >= 6
    assert len(set(project_ids)) == len(project_ids)
    assert len(set(template_ids)) == len(template_ids)
    for ident in project_ids + template_ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", ident), ident


def test_every_project_has_the_required_fields(projects: list[dict[str, Any]]) -> None:
    for project in projects:
        assert project["id"] and project["title"] and project["link"]
        if "stage" in project:
            assert project["stage"] in STAGES, project["id"]


def test_minimal_projects_exist(projects: list[dict[str, Any]]) -> None:
    minimal = [p for p in projects if set(p) <= {"id", "title", "link", "stage"}]
    assert minimal, "the demo should show a spreadsheet-like project with only the basics"


def test_full_projects_are_complete(full_projects: list[dict[str, Any]]) -> None:
    assert len(full_projects) >= 12
    for p in full_projects:
        pid = p["id"]
        for key in (
            "summary",
            "aim",
            "stage",
            "themes",
            "department",
            "site",
            "team",
            "started",
            "updated",
            "image",
            "changes",
            "pdsa",
            "results",
        ):
            assert p.get(key), f"{pid}: missing {key}"
        assert 2 <= len(p["team"]) <= 6, pid
        assert all(m["name"] and m["role"] for m in p["team"]), pid
        assert 1 <= len(p["measures"]) <= 3, pid
        assert 1 <= len(p["pdsa"]) <= 4, pid
        assert ISO_DAY.match(p["started"]) and ISO_DAY.match(p["updated"]), pid
        assert p["started"] <= p["updated"] <= "2026-11-01", pid
        assert p["image"]["alt"], pid
        for cycle in p["pdsa"]:
            assert cycle["status"] in PDSA_STATUSES, pid
            assert cycle["title"] and ISO_DAY.match(cycle["date"]), pid
            assert 0 < len(cycle["learning"]) <= 160, pid


def test_texts_fit_a_tv_poster(projects: list[dict[str, Any]]) -> None:
    for p in projects:
        for key, limit in MAX_LENGTH.items():
            if key in p:
                assert len(p[key]) <= limit, f"{p['id']}: {key} is {len(p[key])} chars"


def test_stages_cover_idea_to_sustaining(projects: list[dict[str, Any]]) -> None:
    assert {p["stage"] for p in projects if "stage" in p} == set(STAGES)


def test_templates(feed: dict[str, Any]) -> None:
    icons = set()
    for template in feed["templates"]:
        assert template["title"] and template["description"]
        assert template["icon"] in TEMPLATE_ICONS
        icons.add(template["icon"])
    assert icons == TEMPLATE_ICONS


# --------------------------------------------------------------------------- links, images


def test_every_link_is_https_on_the_demo_host(feed: dict[str, Any]) -> None:
    for link in all_links(feed):
        parts = urlsplit(link)
        assert parts.scheme == "https", link
        assert parts.hostname == HOST, link


def test_project_and_template_links_point_at_their_pages(feed: dict[str, Any]) -> None:
    for p in feed["projects"]:
        assert p["link"] == f"https://{HOST}/projects/{p['id']}"
    for t in feed["templates"]:
        assert t["link"] == f"https://{HOST}/templates/{t['id']}"


def test_every_image_exists_and_is_a_png(projects: list[dict[str, Any]]) -> None:
    for p in projects:
        if "image" not in p:
            continue
        url = p["image"]["url"]
        assert not urlsplit(url).scheme, f"{p['id']}: demo images are relative paths"
        path = (FEED_PATH.parent / url).resolve()
        assert path.is_relative_to(FEED_PATH.parent), url
        assert path.is_file(), f"{p['id']}: {url} is missing"
        assert path.read_bytes()[:8] == PNG_SIGNATURE, f"{url} is not a PNG"
        assert path.stat().st_size <= 150 * 1024, f"{url} is too large"
        assert (FEED_PATH.parent / "images-src" / f"{path.stem}.svg").is_file(), url


# --------------------------------------------------------------------------- search content


def test_falls_projects_for_search(projects: list[dict[str, Any]]) -> None:
    def mentions_falls(p: dict[str, Any]) -> bool:
        text = " ".join([p.get("title", ""), p.get("aim", ""), *p.get("themes", [])])
        return "falls" in fold(text)

    assert sum(1 for p in projects if mentions_falls(p)) >= 2


def test_accented_text_for_search(projects: list[dict[str, Any]]) -> None:
    accented = [
        text
        for p in projects
        for text in [p.get("department", ""), *(m["name"] for m in p.get("team", []))]
        if fold(text) != text.casefold()
    ]
    assert accented, "the demo should include accented names (e.g. Zoë) for search"


# --------------------------------------------------------------------------- measures, SPC


def test_measures_are_well_formed(projects: list[dict[str, Any]]) -> None:
    for pid, m in all_measures(projects):
        assert m["name"] and m["unit"], pid
        assert m["improvement"] in IMPROVEMENTS, pid
        dates = [p["date"] for p in m["points"]]
        assert dates == sorted(set(dates)), f"{pid}: dates must be unique and in order"
        assert all(re.fullmatch(r"\d{4}-\d{2}-01", d) for d in dates), pid
        assert "2026-09-01" <= dates[-1] <= "2026-10-01", pid
        for point in m["points"]:
            value = point["value"]
            assert isinstance(value, (int, float)) and not isinstance(value, bool), pid
            assert value >= 0, pid
            if m["unit"] == "%":
                assert value <= 100, pid
        for day in m.get("rebase", []):
            assert day in dates, f"{pid}: rebase {day} is not a data date"
        if "target" in m:
            assert isinstance(m["target"], (int, float)), pid


def test_point_counts(projects: list[dict[str, Any]]) -> None:
    short = []
    for pid, m in all_measures(projects):
        n = len(m["points"])
        if n in SHORT_POINTS:
            short.append(pid)
        else:
            assert MIN_POINTS <= n <= MAX_POINTS, f"{pid}: {m['name']} has {n} points"
    assert len(short) == 1, f"expected one deliberately short measure, got {short}"


def test_short_measure_shows_no_icons(projects: list[dict[str, Any]]) -> None:
    for _, m in all_measures(projects):
        if len(m["points"]) in SHORT_POINTS:
            analysis = analyse_measure(m)
            assert analysis.variation is None
            assert analysis.assurance is None


def test_measures_show_every_spc_icon(projects: list[dict[str, Any]]) -> None:
    variations: set[str] = set()
    assurances: set[str] = set()
    for pid, m in all_measures(projects):
        if len(m["points"]) < 13:
            continue
        analysis = analyse_measure(m)
        assert analysis.variation in VARIATIONS, f"{pid}: {m['name']}"
        variations.add(analysis.variation)
        if "target" in m and m["improvement"] != "neutral":
            assert analysis.assurance in ASSURANCES, f"{pid}: {m['name']}"
            assurances.add(analysis.assurance)
        else:
            assert analysis.assurance is None
    assert variations == set(VARIATIONS), f"missing: {set(VARIATIONS) - variations}"
    assert assurances == set(ASSURANCES), f"missing: {set(ASSURANCES) - assurances}"


def test_some_measures_show_a_recalculated_shift(projects: list[dict[str, Any]]) -> None:
    rebased = [m for _, m in all_measures(projects) if m.get("rebase")]
    assert len(rebased) >= 3
    for m in rebased:
        analysis = analyse_measure(m)
        assert len(analysis.sections) == 2
        before, after = analysis.sections
        assert before.mean is not None and after.mean is not None
        # A clear shift: the two centre lines differ by more than the later spread.
        assert after.mean_moving_range is not None
        assert abs(after.mean - before.mean) > 2 * after.mean_moving_range, m["name"]
