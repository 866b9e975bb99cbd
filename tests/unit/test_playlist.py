"""The playlist keeps its walk through the feed between posters, and works it out again exactly
when it can change: a project's ``from`` or ``until`` passed, a new day, the clock set back."""

from __future__ import annotations

import datetime as dt

from kiosk.feed.model import DisplayRules, Project
from kiosk.playlist import Playlist

T0 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)


def project(pid: str, **rules: object) -> Project:
    return Project(pid, pid.title(), display=DisplayRules(**rules))  # type: ignore[arg-type]


def shown(playlist: Playlist, now: dt.datetime, n: int) -> list[str]:
    out: list[str] = []
    current: str | None = None
    for _ in range(n):
        picked = playlist.next_after(current, now)
        assert picked is not None
        current = picked.id
        out.append(current)
    return out


def test_walk_follows_from_and_until_to_the_second() -> None:
    start = T0 + dt.timedelta(minutes=5)
    end = T0 + dt.timedelta(minutes=10)
    playlist = Playlist(
        [project("a"), project("later", start=start), project("b"), project("gone", until=end)]
    )
    assert shown(playlist, T0, 3) == ["a", "b", "gone"]
    just_before = start - dt.timedelta(microseconds=1)
    assert playlist.next_after("b", just_before).id == "gone"  # type: ignore[union-attr]
    assert shown(playlist, start, 4) == ["a", "later", "b", "gone"]
    assert shown(playlist, end, 3) == ["a", "later", "b"]
    # The clock set back: the walk of that moment again.
    assert shown(playlist, T0, 3) == ["a", "b", "gone"]


def test_walk_changes_with_the_day_for_spotlights() -> None:
    today = T0.astimezone().date()
    playlist = Playlist(
        [project(f"p{i}") for i in range(4)] + [Project("star", "Star", spotlight_until=today)]  # type: ignore[list-item]
    )
    first_day = shown(playlist, T0, 6)
    assert first_day.count("star") == 2  # its own turn and again half a walk later
    next_day = shown(playlist, T0 + dt.timedelta(days=1), 6)
    assert next_day.count("star") == 1


def test_nothing_showable_gives_none() -> None:
    playlist = Playlist([project("gone", until=T0)])
    assert playlist.next_after(None, T0) is None
    assert playlist.next_after(None, T0 - dt.timedelta(seconds=1)).id == "gone"  # type: ignore[union-attr]
