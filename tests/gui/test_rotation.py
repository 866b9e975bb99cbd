"""The display rotation with short timers: order, crossfade hand-over, single and empty feeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kiosk.catalogue import Catalogue
from kiosk.feed.schema import parse_feed
from kiosk.playlist import Playlist
from kiosk.qr import QrPolicy

NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)


def catalogue(*ids: str, hub: dict | None = None) -> Catalogue:
    projects = [
        {"id": i, "title": f"Project {i}", "link": f"https://qi.example.org/{i}"} for i in ids
    ]
    raw = json.dumps({"feed_version": 1, "projects": projects, "hub": hub or {"name": "Hub"}})
    return Catalogue(parse_feed(raw.encode(), base_url="file:///feed.json"))


@pytest.fixture
def rotation(qapp):
    from kiosk.ui.rotation import Rotation

    made = Rotation(
        dwell_ms=60,
        transition_ms=20,
        qr=QrPolicy(["qi.example.org"]),
        now=lambda: NOW,
        playlist_factory=lambda c: Playlist(c.projects, order="feed"),
    )
    yield made
    made.stop()
    made.deleteLater()


def wait_for_showing(qtbot, rotation, project_id: str) -> None:
    qtbot.waitUntil(lambda: rotation.showing == project_id, timeout=2000)


def test_posters_rotate_in_feed_order_with_the_next_one_prepared(qtbot, rotation) -> None:
    rotation.set_catalogue(catalogue("a", "b", "c"))
    assert rotation.showing == "a"
    back = rotation.slotB if rotation.front == 0 else rotation.slotA
    assert back["projectId"] == "b"  # prepared behind the one on show
    seen = []
    rotation.showingChanged.connect(seen.append)
    qtbot.waitUntil(lambda: len(seen) >= 4, timeout=3000)
    assert seen[:4] == ["b", "c", "a", "b"]


def test_poster_waits_for_the_next_one_to_be_ready(qtbot, rotation) -> None:
    rotation.set_catalogue(catalogue("a", "b"))
    rotation.backReady = False
    qtbot.wait(250)
    assert rotation.showing == "a"
    rotation.backReady = True
    wait_for_showing(qtbot, rotation, "b")


def test_single_project_just_stays(qtbot, rotation) -> None:
    rotation.set_catalogue(catalogue("only"))
    qtbot.wait(300)
    assert rotation.showing == "only"
    assert rotation.changes == 0


def test_empty_feed_shows_the_about_poster(qtbot, rotation) -> None:
    rotation.set_catalogue(
        catalogue(hub={"name": "Meadowbrook QI Hub", "url": "https://qi.example.org/"})
    )
    front = rotation.slotA if rotation.front == 0 else rotation.slotB
    assert front["about"] is True
    assert front["title"] == "Welcome to the Meadowbrook QI Hub"
    assert front["qrUrl"] == "https://qi.example.org/"
    assert len(front["steps"]) >= 4


def test_refresh_keeps_the_poster_on_screen_and_updates_it_in_place(qtbot, rotation) -> None:
    rotation.set_catalogue(catalogue("a", "b", "c"))
    with qtbot.waitSignal(rotation.dwellStarted, timeout=2000):
        wait_for_showing(qtbot, rotation, "b")
    rotation.stop()
    changed = []
    rotation.slotAChanged.connect(lambda: changed.append("A"))
    rotation.slotBChanged.connect(lambda: changed.append("B"))
    rotation.set_catalogue(catalogue("a", "b", "c"))
    assert rotation.showing == "b" and changed == []  # nothing changed: nothing happens
    rotation.set_catalogue(catalogue("b", "d"))  # a and c removed
    assert rotation.showing == "b"  # stays until its dwell is over


def test_removed_project_leaves_at_its_next_transition(qtbot, rotation) -> None:
    rotation.set_catalogue(catalogue("a", "b", "c"))
    rotation.set_catalogue(catalogue("b", "c"))
    assert rotation.showing == "a"
    seen = []
    rotation.showingChanged.connect(seen.append)
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=3000)
    assert "a" not in seen


def test_shuffle_never_repeats_back_to_back() -> None:
    import random

    projects = catalogue("a", "b", "c").projects
    playlist = Playlist(projects, order="shuffle", rng=random.Random(7))
    current = None
    shown = []
    for _ in range(300):
        nxt = playlist.next_after(current, NOW)
        assert nxt is not None and nxt.id != current
        current = nxt.id
        shown.append(current)
    assert set(shown) == {"a", "b", "c"}


def test_display_rules_from_until_and_screens(tmp_path: Path) -> None:
    raw = json.dumps(
        {
            "feed_version": 1,
            "projects": [
                {"id": "later", "title": "Later", "display": {"from": "2026-12-01T00:00:00Z"}},
                {"id": "over", "title": "Over", "display": {"until": "2026-10-01T00:00:00Z"}},
                {"id": "lobby", "title": "Lobby only", "display": {"screens": ["lobby"]}},
                {"id": "all", "title": "Everywhere"},
            ],
        }
    ).encode()
    projects = parse_feed(raw, base_url="file:///f.json").projects
    assert [p.id for p in Playlist(projects, screen_id="ward").showable(NOW)] == ["all"]
    assert [p.id for p in Playlist(projects, screen_id="lobby").showable(NOW)] == ["lobby", "all"]
