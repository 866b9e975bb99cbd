"""Web visits: sessions and the "Who's visiting today?" bar on channel "web", without cookies.
The core (:class:`kiosk.web.visits.Visits`) with a test clock, then the app over HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from kiosk.uptake.events import Event
from kiosk.uptake.recorder import Recorder, Tracker
from kiosk.uptake.store import STORE_NAME, open_read_only
from kiosk.web.visits import Visits, new_visit_id
from tests.web.web_servers import live_feed, serving

GROUPS = ("Nursing and midwifery", "Students", "Prefer not to say")
A = "0123456789abcdef"
B = "fedcba9876543210"


class Events:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def record(self, event: Event) -> None:
        self.events.append(event)

    def rows(self) -> list[tuple[str, str | None, str, float | None]]:
        return [(e.kind, e.session, e.item, e.seconds) for e in self.events]


def visits_with_clock(idle: float = 90.0) -> tuple[Visits, Events, list[float]]:
    sink = Events()
    now = [1000.0]
    tracker = Tracker(sink, screen_id="hub-ipads", channel="web", visitor_groups=GROUPS)
    return Visits(tracker, idle, grace_seconds=60, monotonic=lambda: now[0]), sink, now


def test_a_visit_starts_answers_once_and_ends_with_its_length() -> None:
    visits, sink, now = visits_with_clock()
    visits.seen(A)
    now[0] += 5
    visits.seen(A)  # another page of the same visit: no new session
    assert visits.group(A, "Students")
    assert not visits.group(A, "Nursing and midwifery")  # once a visit
    assert visits.answered(A)
    now[0] += 20
    assert visits.end(A)
    assert not visits.end(A)  # ended once
    assert sink.rows() == [
        ("session_started", A, "", None),
        ("visitor_group", A, "Students", None),
        ("session_ended", A, "", 25.0),
    ]
    assert {e.channel for e in sink.events} == {"web"}


def test_only_a_configured_group_counts_and_ids_are_checked() -> None:
    visits, sink, _ = visits_with_clock()
    assert not visits.group(A, "My name is Alice")
    assert not visits.answered(A)
    for bad in ("", "0123", "0123456789ABCDEF", "g123456789abcdef", "x" * 16):
        with pytest.raises(ValueError):
            visits.seen(bad)
    assert [kind for kind, *_ in sink.rows()] == ["session_started"]
    assert re.fullmatch(r"[0-9a-f]{16}", new_visit_id())


def test_a_quiet_visit_ends_by_itself_counted_to_its_last_use_plus_the_idle_time() -> None:
    visits, sink, now = visits_with_clock(idle=90)
    visits.seen(A)
    now[0] += 30
    visits.seen(B)
    now[0] += 40
    visits.seen(A)  # A was used 70 s in
    now[0] += 150  # B quiet for 190 s (> 90 + 60), A for 150 s (not yet)
    assert visits.sweep() == 1
    assert B not in visits and A in visits
    now[0] += 1
    assert visits.sweep() == 1
    ended = {s: secs for kind, s, _, secs in sink.rows() if kind == "session_ended"}
    assert ended == {B: 0 + 90.0, A: 70 + 90.0}
    # A page of a visit that had been ended starts a new session under the same id.
    visits.seen(A)
    assert sink.rows()[-1][:2] == ("session_started", A)


def test_visits_are_bounded_and_closing_ends_them_all() -> None:
    sink = Events()
    now = [0.0]
    tracker = Tracker(sink, screen_id="s", channel="web")
    visits = Visits(tracker, 90, max_visits=3, monotonic=lambda: now[0])
    ids = [f"{i:016x}" for i in range(5)]
    for visit_id in ids:
        now[0] += 1
        visits.seen(visit_id)
    assert len(visits) == 3
    ended = [s for kind, s, _, _ in sink.rows() if kind == "session_ended"]
    assert ended == ids[:2]  # the quietest first
    visits.close()
    assert len(visits) == 0
    assert sum(1 for kind, *_ in sink.rows() if kind == "session_ended") == 5


def token_of(html: str) -> str:
    found = re.search(r'data-visit-token="([^"]+)"', html)
    assert found, "the page carries no visit token"
    return found.group(1)


def store_rows(path: Path) -> list[tuple[str, str | None, str, float | None]]:
    conn = open_read_only(path)
    try:
        rows = conn.execute("SELECT kind, session, item, seconds FROM events ORDER BY id")
        return [tuple(r) for r in rows.fetchall()]  # type: ignore[misc]
    finally:
        conn.close()


def test_a_web_visit_is_recorded_over_http(tmp_path: Path, client: httpx.Client) -> None:
    recorder = Recorder(tmp_path / STORE_NAME, flush_seconds=0.05)
    recorder.start()
    tracker = Tracker(recorder, screen_id="hub-ipads", channel="web", visitor_groups=GROUPS)
    try:
        with serving(live_feed("demo:", tmp_path / "state"), tracker=tracker) as base:
            home = client.get(base + "/")
            assert home.status_code == 200 and "set-cookie" not in home.headers
            # The bar: every configured group is a button of a plain form, with Skip.
            assert "Who's visiting today?" in home.text
            for group in GROUPS:
                assert f'<button type="submit" name="group" value="{group}">' in home.text
            assert 'name="skip" value="1"' in home.text
            token = token_of(home.text)
            report = {"csrf": token, "visit": A}
            # What the page's script sends: the visit seen, a group, then the idle reset.
            assert client.post(base + "/visit", data={**report, "event": "seen"}).status_code == 204
            answer = {**report, "event": "group", "group": "Students"}
            assert client.post(base + "/visit", data=answer).status_code == 204
            # Nothing a visitor could type is kept: an unknown group is not recorded.
            other = {**report, "event": "group", "group": "a typed secret"}
            assert client.post(base + "/visit", data=other).status_code == 204
            assert client.post(base + "/visit", data={**report, "event": "end"}).status_code == 204
            # A page without script: the form's own visit id, then back to where it was.
            form_visit = re.search(r'name="visit" value="([0-9a-f]{16})"', home.text)
            assert form_visit is not None and form_visit.group(1) != A
            plain = client.post(
                base + "/visit",
                data={
                    "csrf": re.findall(r'name="csrf" value="([^"]+)"', home.text)[0],
                    "visit": form_visit.group(1),
                    "event": "group",
                    "group": "Nursing and midwifery",
                    "back": "/?stage=testing",
                },
            )
            assert plain.status_code == 303
            assert plain.headers["location"] == "/?stage=testing&asked=1"
            after = client.get(base + plain.headers["location"])
            assert after.status_code == 200 and "Who's visiting today?" not in after.text
            assert 'data-project-id="willow-court-falls"' in after.text  # the selection kept
            # Skip, without script: back, nothing recorded.
            skip = {**report, "visit": B, "event": "group", "skip": "1", "back": "/"}
            skipped = client.post(base + "/visit", data=skip)
            assert skipped.headers["location"] == "/?asked=1"
            # Only this site's pages may report, with a token, a real id and a known event.
            assert (
                client.post(base + "/visit", data={"visit": A, "event": "seen"}).status_code == 403
            )
            refused = client.post(
                base + "/visit",
                data={**report, "event": "seen"},
                headers={"origin": "http://evil.example"},
            )
            assert refused.status_code == 403
            for bad in ({"visit": "12", "event": "seen"}, {"visit": A, "event": "nap"}):
                assert client.post(base + "/visit", data={"csrf": token, **bad}).status_code == 400
            # Elsewhere than the catalogue, a page has the token but no bar.
            plan = client.get(base + "/start/plan").text
            assert token_of(plan) and 'id="visitors"' not in plan
            # An away-from-this-site back address goes to the start instead.
            away = {**report, "visit": B, "event": "group", "skip": "1", "back": "//evil.example/"}
            assert client.post(base + "/visit", data=away).headers["location"] == "/?asked=1"
        assert recorder.flush()
    finally:
        recorder.close()
    rows = store_rows(tmp_path / STORE_NAME)
    session_rows = [
        r for r in rows if r[0] in ("session_started", "session_ended", "visitor_group")
    ]
    plain_id = form_visit.group(1)
    assert session_rows[:4] == [
        ("session_started", A, "", None),
        ("visitor_group", A, "Students", None),
        ("session_ended", A, "", session_rows[2][3]),
        ("session_started", plain_id, "", None),
    ]
    assert session_rows[2][3] is not None and 0 <= session_rows[2][3] < 30
    assert session_rows[4] == ("visitor_group", plain_id, "Nursing and midwifery", None)
    # The server stopped: the form's visit ended as its idle reset would have (90 s idle).
    assert session_rows[5][:2] == ("session_ended", plain_id)
    assert session_rows[5][3] is not None and 90 <= session_rows[5][3] < 120
    assert len(session_rows) == 6  # Skip recorded nothing
    data = (tmp_path / STORE_NAME).read_bytes()
    assert b"a typed secret" not in data and b"127.0.0.1" not in data


def test_without_uptake_there_is_no_bar_and_no_visit(tmp_path: Path, client: httpx.Client) -> None:
    with serving(live_feed("demo:", tmp_path)) as base:
        home = client.get(base + "/")
        assert 'id="visitors"' not in home.text and "data-visit-token" not in home.text
        csrf = re.findall(r'name="csrf" value="([^"]+)"', client.get(base + "/start/plan").text)
        reply = client.post(base + "/visit", data={"csrf": csrf[0], "visit": A, "event": "seen"})
        assert reply.status_code == 404


def test_the_live_aim_is_composed_by_the_server(tmp_path: Path, client: httpx.Client) -> None:
    with serving(live_feed("demo:", tmp_path)) as base:
        form = client.get(base + "/start/plan").text
        csrf = re.findall(r'name="csrf" value="([^"]+)"', form)[0]
        fields = {
            "aim_change": "reduce",
            "aim_what": "falls on Ward 7",
            "aim_how_much": "30",
            "aim_unit": "%",
        }
        live = client.post(base + "/start/plan/aim", data={"csrf": csrf, **fields})
        assert live.status_code == 200 and live.headers["cache-control"] == "no-store"
        # The same words "See my plan" shows.
        preview = client.post(base + "/start/plan", data={"csrf": csrf, **fields, "action": "x"})
        statement = re.search(r'id="aim-statement">([^<]*)<', preview.text)
        assert statement is not None
        assert live.json() == {"aim": statement.group(1).replace("&#39;", "'")}
        assert "falls on Ward 7" in live.json()["aim"] and "30" in live.json()["aim"]
        assert client.post(base + "/start/plan/aim", data=fields).status_code == 403
