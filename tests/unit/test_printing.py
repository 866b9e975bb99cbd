"""What a printed poster says and which projects are printed (no Qt)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config import parse_config
from kiosk.feed.model import Feed, Hub, PdsaCycle, Project, TeamMember
from kiosk.feed.store import FeedStore
from kiosk.printing import PrintError, choose_projects, load_feed, page_mm, sheet
from kiosk.qr import QrPolicy

HUB = Hub(name="Riverside QI Hub", organisation="Riverside NHS Trust")
QR = QrPolicy(["qi.example.nhs.uk"])


def feed(*ids: str) -> Feed:
    return Feed(version=1, hub=HUB, projects=tuple(Project(id=i, title=i.title()) for i in ids))


def test_paper_sizes_in_both_orientations() -> None:
    assert page_mm("A4", "portrait") == (210, 297)
    assert page_mm("a3", "landscape") == (420, 297)
    assert page_mm("A1", "portrait") == (594, 841)
    with pytest.raises(PrintError, match="unknown paper size 'B5'"):
        page_mm("B5", "portrait")


def test_every_project_or_the_ones_named_in_their_order() -> None:
    f = feed("a", "b", "c")
    assert [p.id for p in choose_projects(f)] == ["a", "b", "c"]
    assert [p.id for p in choose_projects(f, ["c", "a", "c"])] == ["c", "a"]
    with pytest.raises(PrintError, match=r"no project 'x' in the feed \(it has 3: a, b, c\)"):
        choose_projects(f, ["a", "x"])
    with pytest.raises(PrintError, match="no projects"):
        choose_projects(feed())


def test_sheet_says_what_the_poster_says() -> None:
    project = Project(
        id="falls",
        title="Fewer falls",
        link="https://qi.example.nhs.uk/falls",
        department="Ward 7",
        site="General",
        stage="testing",
        team=(TeamMember("Asha Patel", "Lead"), TeamMember("Ben Ng")),
        pdsa=(PdsaCycle("Huddles", "adopt", "They stuck"),),
        updated=dt.date(2026, 10, 6),
    )
    s = sheet(project, HUB, QR)
    assert s.place == "Ward 7 · General"
    assert s.team == ("Asha Patel, Lead", "Ben Ng")
    assert (s.stage_index, s.stage_count, s.stage_label) == (3, 5, "Testing changes")
    assert s.learning[0].status_label == "Adopted"
    assert s.qr_url == project.link
    assert s.find_out_more == "Scan the code with your phone's camera to find out more"
    assert s.updated == "October 2026"


def test_find_out_more_without_a_qr_code() -> None:
    elsewhere = Project(id="p", title="P", link="https://elsewhere.example.com/p")
    assert sheet(elsewhere, HUB, QR).qr_url == ""
    assert sheet(elsewhere, HUB, QR).find_out_more == "Find out more"
    bare = Project(id="p", title="P")
    assert sheet(bare, HUB, QR).find_out_more == "Find out more from the Riverside QI Hub"


def test_an_unreadable_source_prints_the_kiosks_last_good_copy(tmp_path: Path) -> None:
    good = {"feed_version": 1, "projects": [{"id": "kept", "title": "Kept"}]}
    raw = json.dumps(good).encode()
    source = str(tmp_path / "missing.json")
    FeedStore(tmp_path / "state").save(
        raw,
        source=source,
        base_url=(tmp_path / "feed.json").as_uri(),
        etag=None,
        last_modified=None,
        fetched_at=dt.datetime.now(dt.UTC),
    )
    config = replace(parse_config(f"feed:\n  source: {source}\n"), state_dir=tmp_path / "state")
    assert [p.id for p in load_feed(config).projects] == ["kept"]
    empty = replace(config, state_dir=tmp_path / "nothing")
    with pytest.raises(PrintError, match="cannot read the feed: no feed file at"):
        load_feed(empty)
