"""Forwarding to Matomo: valid bulk tracking requests to a real local server, kept while it is
down and delivered once it is back."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest

from kiosk.config import MatomoConfig
from kiosk.uptake.matomo import Forwarder, endpoint
from kiosk.uptake.recorder import Recorder, Tracker
from tests.unit.uptake.matomo_server import Matomo

T0 = dt.datetime(2026, 6, 1, 9, 30, tzinfo=dt.UTC)
CONFIG = dict(site_id=7, token="s3cret", dimension=3)


@pytest.fixture
def matomo():
    server = Matomo()
    yield server
    server.close()


def recorded_session(path: Path, clock_at: list[dt.datetime]) -> Recorder:
    recorder = Recorder(path, outbox=True, clock=lambda: clock_at[0])
    tracker = Tracker(recorder, screen_id="lobby", channel="touch", clock=lambda: clock_at[0])
    tracker.session_started()
    tracker.visitor_group("Students")
    tracker.project_opened("ward-7-falls")
    tracker.session_ended(75.0)
    recorder.flush()
    return recorder


def test_events_go_to_matomo_in_bulk_with_their_own_time_and_group(tmp_path, matomo) -> None:
    recorder = recorded_session(tmp_path / "uptake.sqlite", [T0])
    forwarder = Forwarder(recorder.path, MatomoConfig(url=matomo.url, **CONFIG))
    assert forwarder.send_once() == 0.0
    assert forwarder.send_once() is None  # nothing left
    assert matomo.paths == ["/matomo.php"]
    (body,) = matomo.bodies
    assert body["token_auth"] == "s3cret"
    sent = matomo.requests()
    assert [r["e_a"] for r in sent] == [
        ["session_started"],
        ["visitor_group"],
        ["project_opened"],
        ["session_ended"],
    ]
    for r in sent:
        assert r["idsite"] == ["7"] and r["rec"] == ["1"] and r["e_c"] == ["QI hub"]
        assert r["cdt"] == [str(int(T0.timestamp()))]
        assert r["dimension3"] == ["Students"]  # the session's group, on every one of its events
        assert len(r["_id"][0]) == 16
    assert sent[2]["e_n"] == ["ward-7-falls"] and sent[3]["e_v"] == ["75.0"]
    assert len({r["_id"][0] for r in sent}) == 1
    assert forwarder.waiting() == 0
    forwarder.stop()
    recorder.close()


def test_a_session_waits_until_it_ends(tmp_path, matomo) -> None:
    recorder = Recorder(tmp_path / "uptake.sqlite", outbox=True)
    tracker = Tracker(recorder, screen_id="lobby", channel="touch")
    tracker.poster_showing("falls")
    tracker.session_started()  # the poster is recorded, the session is open
    recorder.flush()
    forwarder = Forwarder(recorder.path, MatomoConfig(url=matomo.url, **CONFIG))
    forwarder.send_once()
    assert [r["e_a"] for r in matomo.requests()] == [["poster_shown"]]
    assert forwarder.waiting() == 1
    tracker.session_ended(3.0)
    recorder.flush()
    forwarder.send_once()
    assert [r["e_a"][0] for r in matomo.requests()][1:] == ["session_started", "session_ended"]
    forwarder.stop()
    recorder.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_events_are_kept_while_matomo_is_down_and_sent_when_it_is_back(tmp_path) -> None:
    port = free_port()
    recorder = recorded_session(tmp_path / "uptake.sqlite", [T0])
    forwarder = Forwarder(
        recorder.path,
        MatomoConfig(url=f"http://127.0.0.1:{port}", **CONFIG),
        first_retry_s=0.05,
        max_delay_s=0.2,
    )
    assert forwarder.send_once() > 0  # nobody listening: retry later
    assert forwarder.waiting() == 4
    forwarder.start()  # keeps retrying on its own thread
    server = Matomo(port)
    try:
        assert server.received.wait(30)
        assert [r["e_a"][0] for r in server.requests()] == [
            "session_started", "visitor_group", "project_opened", "session_ended"
        ]  # fmt: skip
    finally:
        forwarder.stop()
        server.close()
        recorder.close()
    assert Forwarder(recorder.path, MatomoConfig(url="http://127.0.0.1:9", **CONFIG)).waiting() == 0


def test_the_outbox_survives_a_restart(tmp_path) -> None:
    port = free_port()
    recorder = recorded_session(tmp_path / "uptake.sqlite", [T0])
    recorder.close()  # the kiosk stops before Matomo was reachable
    server = Matomo(port)
    try:
        forwarder = Forwarder(
            tmp_path / "uptake.sqlite", MatomoConfig(url=f"http://127.0.0.1:{port}", **CONFIG)
        )
        assert forwarder.send_once() == 0.0
        assert len(server.requests()) == 4
        forwarder.stop()
    finally:
        server.close()


def test_a_busy_matomo_is_given_the_time_it_asks_for(tmp_path) -> None:
    server = Matomo(status=503, headers={"Retry-After": "120"})
    recorder = recorded_session(tmp_path / "uptake.sqlite", [T0])
    forwarder = Forwarder(recorder.path, MatomoConfig(url=server.url, **CONFIG), first_retry_s=1)
    try:
        assert forwarder.send_once() >= 120
        assert forwarder.waiting() == 4
    finally:
        forwarder.stop()
        server.close()
        recorder.close()


def test_the_endpoint_is_matomo_php_under_the_instance() -> None:
    assert endpoint("https://m.trust.nhs.uk") == "https://m.trust.nhs.uk/matomo.php"
    assert endpoint("https://m.trust.nhs.uk/stats/") == "https://m.trust.nhs.uk/stats/matomo.php"
    assert endpoint("https://m.trust.nhs.uk/piwik.php") == "https://m.trust.nhs.uk/piwik.php"
