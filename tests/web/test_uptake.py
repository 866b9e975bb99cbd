"""The web app records project pages and QR codes shown, on channel "web"."""

from __future__ import annotations

from pathlib import Path

import httpx

from kiosk.uptake.recorder import Recorder, Tracker
from kiosk.uptake.store import STORE_NAME, open_read_only
from tests.web.web_servers import live_feed, serving


def test_project_pages_and_qr_codes_are_recorded_on_the_web_channel(
    tmp_path: Path, client: httpx.Client
) -> None:
    recorder = Recorder(tmp_path / STORE_NAME, flush_seconds=0.05)
    recorder.start()
    tracker = Tracker(recorder, screen_id="hub-ipads", channel="web")
    try:
        with serving(
            live_feed("demo:", tmp_path / "state"),
            allowed_hosts=("qi.meadowbrook.example",),
            tracker=tracker,
        ) as base:
            assert client.get(base + "/projects/ward-7-falls").status_code == 200
            assert client.get(base + "/projects/no-such-project").status_code == 404
            client.get(base + "/", params={"q": "falls"})
        assert recorder.flush()
    finally:
        recorder.close()
    conn = open_read_only(tmp_path / STORE_NAME)
    try:
        rows = conn.execute(
            "SELECT screen_id, channel, kind, item, detail FROM events ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    assert [tuple(r) for r in rows] == [
        ("hub-ipads", "web", "project_opened", "ward-7-falls", ""),
        ("hub-ipads", "web", "qr_shown", "ward-7-falls", "project"),
    ]
