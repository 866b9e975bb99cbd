"""Heartbeat pings, received by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import logging
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from kiosk import __version__
from kiosk.config import ConfigError, FeedConfig, HeartbeatConfig, parse_config
from kiosk.heartbeat import Heartbeat, ping_url
from kiosk.status import FeedStatus, Status
from tests.unit.feed.feed_servers import Reply, ScriptedServer

STATUS = Status(
    mode="display",
    started_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    screen="poster",
    feed=FeedStatus(source="https://qi.example/feed.json", state="ok", projects=17),
)


@pytest.fixture
def server():
    made = ScriptedServer().start()
    yield made
    made.stop()


def test_uptime_kuma_push_url_gets_the_state_in_msg() -> None:
    url = ping_url("https://kuma.trust.example/api/push/AbC123?status=up&msg=OK&ping=", STATUS)
    parts = urlsplit(url)
    assert parts.path == "/api/push/AbC123"
    assert parse_qs(parts.query, keep_blank_values=True) == {
        "status": ["up"],
        "msg": ["feed ok, 17 projects, screen poster"],
        "ping": [""],
    }


def test_healthchecks_url_is_used_as_it_is_and_placeholders_filled() -> None:
    hc = "https://hc.trust.example/ping/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278"
    assert ping_url(hc, STATUS) == hc
    error = Status(
        mode="display",
        started_at=STATUS.started_at,
        feed=FeedStatus(state="error", last_error="HTTP 503 from https://qi.example/feed.json"),
    )
    assert ping_url("https://mon.example/{state}/lobby", error) == "https://mon.example/error/lobby"
    assert "HTTP%20503" in ping_url("https://mon.example/p?m={summary}", error)


def test_beats_reach_the_server_with_the_state(server) -> None:
    server.route("/api/push/tok", Reply(200, b'{"ok":true}'))
    beat = Heartbeat(
        HeartbeatConfig(
            url=server.url("/api/push/tok?status=up&msg=OK&ping="), interval_seconds=60
        ),
        FeedConfig(),
        lambda: STATUS,
    )
    try:
        assert beat.beat()
    finally:
        beat.stop()
    (request,) = server.requests
    assert parse_qs(urlsplit(request.path).query)["msg"] == ["feed ok, 17 projects, screen poster"]
    assert request.headers["user-agent"] == f"qi-kiosk/{__version__}"


def test_failures_are_logged_when_they_start_and_stop(server, caplog) -> None:
    caplog.set_level(logging.INFO, logger="kiosk.heartbeat")
    replies = iter([Reply(500), Reply(500), Reply(200), Reply(200)])
    server.route("/ping/x", lambda request: next(replies))
    beat = Heartbeat(HeartbeatConfig(url=server.url("/ping/x")), FeedConfig(), lambda: STATUS)
    try:
        assert [beat.beat() for _ in range(4)] == [False, False, True, True]
    finally:
        beat.stop()
    messages = [r.getMessage() for r in caplog.records if r.name == "kiosk.heartbeat"]
    assert messages == [
        f"heartbeat to {server.url('/ping/x')} failed: HTTP 500",
        f"heartbeat to {server.url('/ping/x')} working",
    ]


def test_the_thread_pings_every_interval_until_stopped(server) -> None:
    server.route("/ping/t", Reply(200))
    beat = Heartbeat(
        HeartbeatConfig(url=server.url("/ping/t"), interval_seconds=0.05),  # type: ignore[arg-type]
        FeedConfig(),
        lambda: STATUS,
    )
    beat.start()
    deadline = time.monotonic() + 10
    while len(server.requests) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    beat.stop()
    assert len(server.requests) >= 3
    count = len(server.requests)
    time.sleep(0.2)
    assert len(server.requests) == count  # stopped means stopped


def test_heartbeat_config() -> None:
    config = parse_config(
        "heartbeat:\n  url: https://kuma.example/api/push/x?status=up&msg=OK\n"
        "  interval_seconds: 30\n"
    )
    assert config.heartbeat.url == "https://kuma.example/api/push/x?status=up&msg=OK"
    assert config.heartbeat.interval_seconds == 30
    with pytest.raises(ConfigError) as info:
        parse_config("heartbeat:\n  url: kuma.example/push\n  interval_seconds: 1\n")
    assert info.value.problems == [
        "heartbeat.url: must be an http:// or https:// URL (got 'kuma.example/push') (line 2)",
        "heartbeat.interval_seconds: must be between 5 and 86400 (got 1) (line 3)",
    ]


def test_a_tls_heartbeat_trusts_feed_ca_bundle_whatever_the_environment_names(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssl

    import trustme

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "trust-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    other = tmp_path / "machine-bundle.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other))
    server = ScriptedServer(ssl_context=context).start()
    beat = Heartbeat(
        HeartbeatConfig(url=server.url("/ping"), interval_seconds=60),
        FeedConfig(ca_bundle=bundle),
        lambda: STATUS,
    )
    try:
        server.route("/ping", Reply(200))
        assert beat.beat()
    finally:
        beat.stop()
        server.stop()
