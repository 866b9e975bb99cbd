"""Start your own on the web: the templates, the plan tool (to a real intake server on
127.0.0.1), the chart tool, and the "Celebrating our improvers" page."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from kiosk.config import IntakeConfig
from kiosk.outbox import IntakeClient, Outbox, OutboxWorker
from tests.unit.feed.feed_servers import Reply, ScriptedServer
from tests.web.test_pages import decode_qr_svg
from tests.web.web_servers import live_feed, serving

DEMO_HOSTS = ("qi.meadowbrook.example",)
TODAY = dt.date(2026, 12, 8)


def token(html: str) -> str:
    found = re.search(r'<input type="hidden" name="csrf" value="([^"]+)">', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


def qr_in(html: str) -> str:
    found = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="qr".*?</svg>', html)
    assert found, "no QR code"
    return decode_qr_svg(found.group(0))


@pytest.fixture
def demo(tmp_path: Path):
    with serving(
        live_feed("demo:", tmp_path), allowed_hosts=DEMO_HOSTS, today=lambda: TODAY
    ) as base:
        yield base


def test_start_has_both_tools_the_templates_and_the_guide(demo: str, client: httpx.Client) -> None:
    html = client.get(demo + "/start").text
    assert '<a class="tile tool" href="/start/plan" id="plan-tool">' in html
    assert '<a class="tile tool" href="/start/chart" id="chart-tool">' in html
    assert re.findall(r'data-template-id="([^"]+)"', html)[:2] == ["project-charter", "pdsa-cycle"]
    assert "Write a short project charter with a clear aim" in html  # the feed's how_to_start
    assert 'aria-current="page">Start your own</a>' in html


def test_a_template_page_has_a_qr_code_of_its_link(demo: str, client: httpx.Client) -> None:
    page = client.get(demo + "/start/templates/pdsa-cycle")
    assert page.status_code == 200
    assert qr_in(page.text) == "https://qi.meadowbrook.example/templates/pdsa-cycle"
    assert client.get(demo + "/start/templates/nothing-such").status_code == 404


def test_the_plan_composes_the_aim_hints_and_a_take_away_email(
    demo: str, client: httpx.Client
) -> None:
    form = client.get(demo + "/start/plan").text
    assert '<option value="2026-12">Dec 2026</option>' in form  # this month first
    assert 'id="send-plan"' not in form  # no intake configured: nothing to send to
    reply = client.post(
        demo + "/start/plan",
        data={
            "csrf": token(form),
            "aim_change": "reduce",
            "aim_what": "Falls on Ward 7",
            "aim_how_much": "30",
            "aim_unit": "%",
            "aim_by_when": "2027-03",
            "test_plan": "Bay nursing in one bay",
            "contact_email": "not an address",
            "action": "preview",
        },
    )
    assert reply.status_code == 200
    html = reply.text
    assert (
        '<p class="aim-statement" id="aim-statement">Reduce falls on Ward 7 by 30% by March 2027'
        in html
    )
    assert "What&#39;s the problem? One sentence is plenty." in html  # a hint, not an error
    assert "That doesn&#39;t look like an email address." in html
    assert '<option value="2027-03" selected>' in html  # what was typed stays in the form
    mail = urlsplit(qr_in(html))
    assert mail.scheme == "mailto"
    body = parse_qs(mail.query)["body"][0]
    assert "Aim: Reduce falls on Ward 7 by 30% by March 2027" in body
    assert "First test of change: Bay nursing in one bay" in body


def test_a_sent_plan_reaches_the_intake_server(tmp_path: Path, client: httpx.Client) -> None:
    intake = ScriptedServer().start()
    arrived = threading.Event()

    def accept(request):  # type: ignore[no-untyped-def]
        arrived.set()
        return Reply(201, b"{}")

    intake.route("/intake", accept)
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    post = IntakeClient(IntakeConfig(url=intake.url("/intake"), allow_http=True, timeout_seconds=5))
    worker = OutboxWorker(outbox, post.post)
    worker.start()
    try:
        with serving(
            live_feed("demo:", tmp_path / "state"),
            outbox=outbox,
            on_queued=worker.nudge,
            screen_id="hub-ipads",
        ) as base:
            form = client.get(base + "/start/plan").text
            assert 'id="send-plan"' in form
            reply = client.post(
                base + "/start/plan",
                data={
                    "csrf": token(form),
                    "aim_what": "falls on Ward 7",
                    "aim_how_much": "30",
                    "contact_email": "ann@nhs.example",
                    "action": "send",
                },
            )
            assert reply.status_code == 200
            assert "<h2>Sent to the QI team</h2>" in reply.text
            assert arrived.wait(20), "the plan did not reach the intake server"
    finally:
        worker.stop()
        post.close()
        outbox.close()
        intake.stop()
    [request] = intake.requests
    document = json.loads(request.body)
    assert document["kind"] == "project_plan" and document["screen_id"] == "hub-ipads"
    assert document["plan"]["aim"]["statement"].startswith("Improve falls on Ward 7 by 30%")
    assert document["plan"]["contact"]["email"] == "ann@nhs.example"
    assert request.headers["idempotency-key"] == document["id"]


def test_an_empty_plan_is_not_sent(tmp_path: Path, client: httpx.Client) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    try:
        with serving(live_feed("demo:", tmp_path / "state"), outbox=outbox) as base:
            form = client.get(base + "/start/plan").text
            reply = client.post(base + "/start/plan", data={"csrf": token(form), "action": "send"})
            assert "Write a little of your plan first." in reply.text
        assert outbox.counts().pending == 0
    finally:
        outbox.close()


def test_the_chart_tool_draws_the_visitors_numbers(demo: str, client: httpx.Client) -> None:
    form = client.get(demo + "/start/chart").text
    assert "svg" not in form.split('id="chart-form"')[1].split("</form>")[0]
    values = "12, 14, 11, 13, 12, 15, 13, 12, 14, 13, 12, 14, 22, 23, 24, 25, 26, 27, lots"
    html = client.post(
        demo + "/start/chart",
        data={"csrf": token(form), "values": values, "better": "higher", "start": "2025-01"},
    ).text
    assert "‘lots’ is not a number: left out." in html
    chart = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="spc-chart".*?</svg>', html)
    assert chart is not None and chart.group(0).count("<circle") >= 18
    assert 'class="spc-icon"' in html  # limits and icons from 13 values on
    assert "Jan 2025" in chart.group(0) or "2025" in chart.group(0)  # dated from the month given
    assert '<input type="radio" name="better" value="higher" checked>' in html
    short = client.post(demo + "/start/chart", data={"csrf": token(form), "values": "5 6 7"}).text
    assert "Add 10 more values to see the limits and icons." in short


def test_celebrating_our_improvers(demo: str, client: httpx.Client) -> None:
    html = client.get(demo + "/celebrate").text
    assert "<h1>Celebrating our improvers</h1>" in html
    assert "improving care at Meadowbrook Health NHS Trust." in html
    honoured = re.findall(r'<li class="honour[^"]*" data-project-id="([^"]+)"', html)
    # The spotlight first, then the latest awards.
    assert honoured[:2] == ["ward-7-falls", "pharmacy-discharge-medicines"]
    assert {"outpatient-reminders", "community-pressure-ulcers", "sepsis-antibiotics"} <= set(
        honoured
    )
    assert "<li>Winner, Pride in Practice Awards 2026</li>" in html
    assert "Sister Grace Okonkwo, Dr Alistair Penhaligon" in html
    assert '<a href="/projects/ward-7-falls">Fewer falls on Ward 7</a>' in html
