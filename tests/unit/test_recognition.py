"""Recognition: the "New" mark, the spotlight in the playlist, the celebration page (no Qt)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from kiosk.feed.model import Feed, Hub, Project, Recognition, TeamMember
from kiosk.playlist import Playlist
from kiosk.recognition import (
    NEW_DAYS,
    SPOTLIGHT_WEIGHT,
    badge_text,
    celebration,
    in_spotlight,
    is_new,
)

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.astimezone().date()


def project(pid: str, **fields) -> Project:
    return Project(id=pid, title=pid.title(), **fields)


def test_new_means_started_or_updated_in_the_last_30_days() -> None:
    assert is_new(project("a", started=TODAY - dt.timedelta(days=3)), TODAY)
    assert is_new(project("b", updated=TODAY - dt.timedelta(days=NEW_DAYS)), TODAY)
    assert not is_new(project("c", updated=TODAY - dt.timedelta(days=NEW_DAYS + 1)), TODAY)
    assert not is_new(project("d", started=TODAY + dt.timedelta(days=10)), TODAY)
    assert not is_new(project("e"), TODAY)


def test_spotlight_lasts_to_the_end_of_its_day() -> None:
    assert in_spotlight(project("a", spotlight_until=TODAY), TODAY)
    assert not in_spotlight(project("a", spotlight_until=TODAY - dt.timedelta(days=1)), TODAY)
    assert not in_spotlight(project("a"), TODAY)


def test_badge_is_the_first_award_with_its_year() -> None:
    p = project("a", recognition=(Recognition("Winner, Pride in Practice Awards", 2026),))
    assert badge_text(p) == "Winner, Pride in Practice Awards 2026"
    assert badge_text(project("b")) == ""


def shown(playlist: Playlist, steps: int, now: dt.datetime = NOW) -> Counter[str]:
    counts: Counter[str] = Counter()
    current = None
    for _ in range(steps):
        nxt = playlist.next_after(current, now)
        assert nxt is not None
        assert nxt.id != current, "the same poster twice in a row"
        counts[nxt.id] += 1
        current = nxt.id
    return counts


def test_feed_order_shows_a_spotlighted_project_twice_a_walk() -> None:
    projects = [project(f"p{i}") for i in range(6)]
    projects[2] = project("p2", spotlight_until=TODAY + dt.timedelta(days=7))
    counts = shown(Playlist(projects, order="feed"), 7 * 10)
    assert counts["p2"] == 20
    assert all(counts[f"p{i}"] == 10 for i in (0, 1, 3, 4, 5))


def test_the_spotlight_ends_on_its_date() -> None:
    projects = [project(f"p{i}") for i in range(5)]
    projects[0] = project("p0", spotlight_until=TODAY - dt.timedelta(days=1))
    counts = shown(Playlist(projects, order="feed"), 50)
    assert set(counts.values()) == {10}


def test_next_after_is_the_same_when_asked_twice() -> None:
    projects = [project(f"p{i}") for i in range(4)]
    projects[1] = project("p1", spotlight_until=TODAY)
    playlist = Playlist(projects, order="feed")
    current = None
    for _ in range(12):
        first = playlist.next_after(current, NOW)
        again = playlist.next_after(current, NOW)
        assert first is again
        current = first.id if first else None


def test_shuffle_weights_a_spotlighted_project() -> None:
    projects = [project(f"p{i}") for i in range(5)]
    projects[4] = project("p4", spotlight_until=TODAY)
    counts = shown(Playlist(projects, order="shuffle", rng=random.Random(3)), 6000)
    others = sum(counts[f"p{i}"] for i in range(4)) / 4
    # Drawn at SPOTLIGHT_WEIGHT (3) times the others' weight, but never twice in a row (nor
    # is any other): its share is 1/3 against 1/6 for each of the others, twice as often.
    assert SPOTLIGHT_WEIGHT == 3
    assert 1.85 * others < counts["p4"] < 2.15 * others


def test_celebration_lists_recognised_projects_spotlight_first_and_thanks_everyone() -> None:
    team = (TeamMember("Asha Patel"), TeamMember("Ben Ng"))
    feed = Feed(
        version=1,
        hub=Hub(name="Riverside QI Hub", organisation="Riverside NHS Trust"),
        projects=(
            project("plain", team=(TeamMember("Cara Jones"), TeamMember("asha patel"))),
            project("older", team=team, recognition=(Recognition("Winner, Awards", 2024),)),
            project("newer", recognition=(Recognition("Shortlisted, Awards", 2026),)),
            project("spot", team=team, spotlight_until=TODAY, results="Falls down 35%"),
        ),
    )
    page = celebration(feed, TODAY)
    assert page.heading == "Celebrating our improvers"
    assert [h.project_id for h in page.honours] == ["spot", "newer", "older"]
    assert page.honours[2].awards == ("Winner, Awards 2024",)
    assert page.honours[0].spotlight and page.honours[0].team == ("Asha Patel", "Ben Ng")
    assert (page.people, page.teams) == (3, 3)
    assert page.thank_you == (
        "Thank you to all 3 people in 3 project teams improving care at Riverside NHS Trust."
    )
    empty = celebration(Feed(version=1, hub=Hub(name="QI Hub")), TODAY)
    assert empty.honours == ()
    assert empty.thank_you == "Thank you to everyone improving care at QI Hub."


def test_demo_feed_celebrates_its_award_winners() -> None:
    from kiosk.feed.source import read_demo

    page = celebration(read_demo().feed, TODAY)
    assert [h.project_id for h in page.honours[:2]] == [
        "ward-7-falls",
        "pharmacy-discharge-medicines",
    ]
    assert page.honours[0].awards[0] == "Winner, Pride in Practice Awards 2026"
    assert len(page.honours) >= 5
    assert page.thank_you.startswith("Thank you to all ")
    assert page.thank_you.endswith("improving care at Meadowbrook Health NHS Trust.")
