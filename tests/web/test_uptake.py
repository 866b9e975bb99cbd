"""The web app reports what touch mode reports, on channel "web": projects opened, QR codes
shown, searches, filters, templates chosen, tools used and plans sent (never what was typed)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from kiosk.outbox import Outbox
from kiosk.uptake.recorder import Recorder, Tracker
from kiosk.uptake.store import STORE_NAME, open_read_only
from tests.web.web_servers import live_feed, serving


def test_visits_are_recorded_on_the_web_channel(tmp_path: Path, client: httpx.Client) -> None:
    recorder = Recorder(tmp_path / STORE_NAME, flush_seconds=0.05)
    recorder.start()
    tracker = Tracker(recorder, screen_id="hub-ipads", channel="web")
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    try:
        with serving(
            live_feed("demo:", tmp_path / "state"),
            allowed_hosts=("qi.meadowbrook.example",),
            tracker=tracker,
            outbox=outbox,
        ) as base:
            assert client.get(base + "/projects/ward-7-falls").status_code == 200
            assert client.get(base + "/projects/no-such-project").status_code == 404
            # A search typed live is one search: "first" keystroke counted, the "more" are not.
            client.get(base + "/", params={"q": "f"}, headers={"X-Search": "first"})
            client.get(base + "/", params={"q": "fa"}, headers={"X-Search": "more"})
            client.get(base + "/", params={"q": "falls"})  # the Search button, no script
            client.get(base + "/")  # no search: nothing
            # A chip that adds a filter is counted and redirects to the plain address.
            chip = client.get(base + "/", params={"stage": "testing", "chose": "stage"})
            assert chip.status_code == 303 and chip.headers["location"] == "/?stage=testing"
            off = client.get(base + "/", params={"chose": "stage"})  # a filter taken off
            assert off.status_code == 303 and off.headers["location"] == "/"
            assert client.get(base + "/start/templates/pdsa-cycle").status_code == 200
            form = client.get(base + "/start/plan").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form)
            assert csrf is not None
            plan = {"csrf": csrf.group(1), "aim_what": "a secret aim"}
            seen = client.post(base + "/start/plan", data={**plan, "action": "preview"})
            # The take-away code is counted once a plan: the form says it has been seen.
            assert '<input type="hidden" name="qr_seen" value="1">' in seen.text
            sent = client.post(
                base + "/start/plan", data={**plan, "qr_seen": "1", "action": "send"}
            )
            assert "Sent to the QI team" in sent.text
            client.get(base + "/start/chart")
        assert recorder.flush()
    finally:
        recorder.close()
        outbox.close()
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
        ("hub-ipads", "web", "search_used", "", ""),
        ("hub-ipads", "web", "search_used", "", ""),
        ("hub-ipads", "web", "filter_used", "", "stage"),
        ("hub-ipads", "web", "template_chosen", "pdsa-cycle", ""),
        ("hub-ipads", "web", "qr_shown", "pdsa-cycle", "template"),
        ("hub-ipads", "web", "tool_used", "plan", ""),
        ("hub-ipads", "web", "qr_shown", "plan", "tool"),
        ("hub-ipads", "web", "plan_sent", "plan", ""),
        ("hub-ipads", "web", "tool_used", "chart", ""),
    ]
    assert b"a secret aim" not in (tmp_path / STORE_NAME).read_bytes()
