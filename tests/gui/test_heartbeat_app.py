"""The running kiosk pings its monitoring service with the feed state."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.unit.feed.feed_servers import Reply, ScriptedServer


@pytest.fixture
def server():
    made = ScriptedServer().start()
    yield made
    made.stop()


def test_the_kiosk_pings_at_start_with_its_state(make_kiosk, tmp_path: Path, qtbot, server) -> None:
    server.route("/api/push/lobby", Reply(200, b'{"ok":true}'))
    config = tmp_path / "kiosk.yaml"
    url = server.url("/api/push/lobby?status=up&msg=OK&ping=")
    config.write_text(f"heartbeat:\n  url: '{url}'\n  interval_seconds: 60\n")
    kiosk = make_kiosk("--config", str(config), "--demo")
    kiosk.show()
    qtbot.waitUntil(lambda: len(server.requests) >= 1, timeout=5000)
    query = parse_qs(urlsplit(server.requests[0].path).query)
    assert query["msg"] == [f"feed demo, {len(kiosk.catalogue.projects)} projects, screen poster"]
    assert query["status"] == ["up"]
    kiosk.close()
    assert kiosk.heartbeat._thread is None  # stopped with the kiosk
