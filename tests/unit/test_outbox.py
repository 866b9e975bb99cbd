"""The outbox: durable on disk, delivered to a real intake server on 127.0.0.1, exactly once."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import trustme

from kiosk.config import ConfigError, IntakeConfig, parse_config
from kiosk.outbox import IntakeClient, Outbox, OutboxError, OutboxFull, OutboxWorker
from kiosk.outbox.delivery import MAX_DELAY, backoff
from kiosk.tools.plan import Plan, plan_document
from tests.unit.feed.feed_servers import Reply, Request, ScriptedServer

NOW = dt.datetime(2026, 12, 4, 10, 30, tzinfo=dt.UTC)
REPO = Path(__file__).resolve().parents[2]


def document(text: str = "Falls on Ward 7") -> dict:
    plan = Plan().with_field("aim_what", text).with_field("contact_email", "ann@nhs.net")
    return plan_document(plan, screen_id="hub-1", now=NOW)


@pytest.fixture
def server():
    made = ScriptedServer().start()
    yield made
    made.stop()


def client_for(server: ScriptedServer, **extra) -> IntakeClient:
    return IntakeClient(
        IntakeConfig(url=server.url("/intake"), allow_http=True, timeout_seconds=5, **extra)
    )


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


# --- the store ---------------------------------------------------------------------------------


def test_a_submission_is_on_disk_when_add_returns(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    doc = document()
    outbox.add(doc)
    # Another connection (another process, after a power cut) sees it committed.
    rows = sqlite3.connect(tmp_path / "outbox.sqlite3").execute(
        "SELECT id, state, body FROM submissions"
    )
    [(entry_id, state, body)] = rows.fetchall()
    assert entry_id == doc["id"] and state == "pending"
    assert json.loads(body)["plan"]["aim"]["what"] == "Falls on Ward 7"


def test_the_outbox_is_capped_in_count_and_bytes(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "o.sqlite3", max_items=2)
    outbox.add(document())
    outbox.add(document())
    with pytest.raises(OutboxFull, match="full"):
        outbox.add(document())
    small = Outbox(tmp_path / "s.sqlite3", max_bytes=500)
    with pytest.raises(OutboxFull):
        small.add(document())
    assert small.counts().pending == 0


def test_a_newer_schema_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(OutboxError, match="newer kiosk"):
        Outbox(path)


def test_delivered_submissions_are_gone_and_their_bytes_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite3"
    outbox = Outbox(path)
    doc = document("Unmistakable-marker-text")
    outbox.add(doc)
    outbox.delivered(doc["id"])
    outbox.close()
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    for file in tmp_path.iterdir():
        assert b"Unmistakable-marker-text" not in file.read_bytes(), file
        assert b"ann@nhs.net" not in file.read_bytes(), file


# --- delivery ----------------------------------------------------------------------------------


def test_a_plan_is_posted_as_json_with_its_idempotency_key(tmp_path: Path, server) -> None:
    server.route("/intake", Reply(201, b"{}"))
    outbox = Outbox(tmp_path / "o.sqlite3")
    doc = document()
    outbox.add(doc)
    worker = OutboxWorker(
        outbox, client_for(server, headers={"Authorization": "Bearer s3cret"}).post
    )
    assert worker.deliver_due() == 1
    [request] = server.requests
    assert request.method == "POST"
    assert request.headers["idempotency-key"] == doc["id"]
    assert request.headers["authorization"] == "Bearer s3cret"
    assert request.headers["content-type"].startswith("application/json")
    assert json.loads(request.body) == doc
    assert outbox.counts().pending == 0


def test_a_refusal_parks_the_plan_with_the_reason_until_retried(tmp_path: Path, server) -> None:
    server.route("/intake", Reply(422, b'{"error": "bad"}'))
    outbox = Outbox(tmp_path / "o.sqlite3")
    outbox.add(document())
    worker = OutboxWorker(outbox, client_for(server).post)
    assert worker.deliver_due() == 0
    counts = outbox.counts()
    assert (counts.pending, counts.failed) == (0, 1)
    assert counts.last_error == f"HTTP 422 from {server.url('/intake')}"
    assert worker.deliver_due() == 0 and len(server.requests) == 1  # parked: not tried again
    server.route("/intake", Reply(200))
    assert outbox.retry_parked() == 1
    assert worker.deliver_due() == 1
    assert outbox.counts().failed == 0


@pytest.mark.parametrize("status", [408, 429, 500, 503])
def test_busy_and_broken_servers_mean_later(tmp_path: Path, server, status: int) -> None:
    server.route("/intake", Reply(status, headers={"Retry-After": "120"}))
    clock = Clock()
    outbox = Outbox(tmp_path / "o.sqlite3", clock=clock)
    outbox.add(document())
    worker = OutboxWorker(outbox, client_for(server).post, clock=clock)
    worker.deliver_due()
    [entry] = outbox.entries()
    assert entry.state == "pending" and entry.attempts == 1
    assert entry.next_attempt == clock.now + 120  # the server's Retry-After
    assert worker.deliver_due() == 0 and len(server.requests) == 1  # not due yet
    clock.now += 121
    server.route("/intake", Reply(200))
    assert worker.deliver_due() == 1


def test_a_redirect_is_not_followed(tmp_path: Path, server) -> None:
    server.route("/intake", Reply(301, headers={"Location": server.url("/elsewhere")}))
    outbox = Outbox(tmp_path / "o.sqlite3")
    outbox.add(document())
    OutboxWorker(outbox, client_for(server).post).deliver_due()
    assert [r.path for r in server.requests] == ["/intake"]
    assert "redirected to" in (outbox.counts().last_error or "")


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    rng = random.Random(7)
    first = [backoff(0, rng) for _ in range(200)]
    assert min(first) >= 15 and max(first) <= 30 and len(set(first)) > 100
    assert backoff(3, rng) <= 240
    assert max(backoff(40, rng) for _ in range(50)) <= MAX_DELAY


def test_tls_is_verified_against_the_trusts_ca(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    context = __import__("ssl").create_default_context(__import__("ssl").Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    server = ScriptedServer(ssl_context=context).start()
    try:
        server.route("/intake", Reply(200))
        outbox = Outbox(tmp_path / "o.sqlite3")
        outbox.add(document())
        untrusted = IntakeClient(IntakeConfig(url=server.url("/intake")))
        OutboxWorker(outbox, untrusted.post).deliver_due()
        assert "certificate verify failed" in (outbox.counts().last_error or "")
        assert server.requests == []
        bundle = tmp_path / "trust-ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        outbox.retry_later(outbox.entries()[0].id, 0, "")
        # A machine-wide bundle in the environment does not replace intake.ca_bundle.
        other = tmp_path / "machine-bundle.pem"
        trustme.CA().cert_pem.write_to_path(str(other))
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other))
        trusted = IntakeClient(IntakeConfig(url=server.url("/intake"), ca_bundle=bundle))
        assert OutboxWorker(outbox, trusted.post).deliver_due() == 1
    finally:
        server.stop()


def test_the_worker_thread_delivers_when_nudged(tmp_path: Path, server) -> None:
    server.route("/intake", Reply(200))
    outbox = Outbox(tmp_path / "o.sqlite3")
    seen = []
    worker = OutboxWorker(outbox, client_for(server).post, on_change=seen.append, poll_seconds=60)
    worker.start()
    try:
        outbox.add(document())
        worker.nudge()
        deadline = time.monotonic() + 10
        while outbox.counts().pending and time.monotonic() < deadline:
            time.sleep(0.02)
        assert outbox.counts().pending == 0 and len(server.requests) == 1
    finally:
        worker.stop()


# --- restarts, power cuts and a week offline ---------------------------------------------------

KIOSK_PROCESS = """
import sys, time
from pathlib import Path
from kiosk.config import IntakeConfig
from kiosk.outbox import IntakeClient, Outbox, OutboxWorker
outbox = Outbox(Path(sys.argv[1]))
if sys.argv[3] == "add":
    from kiosk.tools.plan import Plan, plan_document
    import datetime as dt
    doc = plan_document(Plan().with_field("aim_what", "restart"), screen_id="s",
                        now=dt.datetime.now(dt.UTC))
    outbox.add(doc)
    print(doc["id"], flush=True)
worker = OutboxWorker(outbox, IntakeClient(IntakeConfig(url=sys.argv[2], allow_http=True,
                      timeout_seconds=2)).post, poll_seconds=0.2)
worker.start()
time.sleep(float(sys.argv[4]))
worker.stop()
"""


def run_kiosk(tmp_path: Path, url: str, action: str, seconds: float) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            KIOSK_PROCESS,
            str(tmp_path / "o.sqlite3"),
            url,
            action,
            str(seconds),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def due_now(tmp_path: Path) -> None:
    """As if the backoff had passed (the test does not wait minutes)."""
    db = sqlite3.connect(tmp_path / "o.sqlite3")
    db.execute("UPDATE submissions SET next_attempt = 0")
    db.commit()
    db.close()


def test_a_plan_waits_through_503_a_dead_server_and_a_restart_then_arrives_once(
    tmp_path: Path,
) -> None:
    server = ScriptedServer().start()
    port = server.server_address[1]
    server.route("/intake", Reply(503))
    url = server.url("/intake")
    plan_id = run_kiosk(tmp_path, url, "add", 0.5)  # the kiosk is sent a plan, gets 503s
    assert any(r.method == "POST" for r in server.requests)
    server.stop()  # the intake goes away; the kiosk restarts and cannot connect
    due_now(tmp_path)
    run_kiosk(tmp_path, url, "run", 0.5)
    outbox = Outbox(tmp_path / "o.sqlite3")
    [entry] = outbox.entries()
    assert entry.id == plan_id and entry.state == "pending"
    assert "connection refused" in (entry.last_error or "")
    outbox.close()
    due_now(tmp_path)
    back = ScriptedServer(port=port).start()  # the intake is back, at the same address
    received: list[Request] = []

    def accept(request: Request) -> Reply:
        received.append(request)
        return Reply(200)

    back.route("/intake", accept)
    try:
        run_kiosk(tmp_path, url, "run", 1.5)
        run_kiosk(tmp_path, url, "run", 0.5)  # and once more: nothing is sent twice
    finally:
        back.stop()
    assert [json.loads(r.body)["id"] for r in received] == [plan_id]
    assert Outbox(tmp_path / "o.sqlite3").entries() == []


def test_a_plan_waits_a_week_offline_and_then_arrives(tmp_path: Path) -> None:
    """Seven days of the kiosk's clock with nothing listening at the intake's address: every
    due retry really tries (and is refused), the waits never pass an hour, nothing expires;
    then the intake is there and the plan arrives."""
    clock = Clock()
    outbox = Outbox(tmp_path / "o.sqlite3", clock=clock)
    outbox.add(document("a week offline"))
    server = ScriptedServer().start()
    port = server.server_address[1]
    server.stop()  # its address, with nobody listening
    client = IntakeClient(
        IntakeConfig(url=f"http://127.0.0.1:{port}/intake", allow_http=True, timeout_seconds=2)
    )
    worker = OutboxWorker(outbox, client.post, clock=clock, rng=random.Random(1))
    week_end = clock.now + 7 * 24 * 3600
    tries = 0
    while clock.now < week_end:
        assert worker.deliver_due() == 0
        tries += 1
        due = outbox.next_due()
        assert due is not None and 0 < due - clock.now <= MAX_DELAY
        clock.now = due
    [entry] = outbox.entries()
    assert entry.state == "pending" and entry.attempts == tries >= 7 * 24
    assert "connection refused" in (entry.last_error or "")
    back = ScriptedServer(port=port).start()
    back.route("/intake", Reply(201))
    try:
        assert worker.deliver_due() == 1
    finally:
        back.stop()
    assert json.loads(back.requests[0].body)["plan"]["aim"]["what"] == "a week offline"
    assert outbox.entries() == []
    outbox.close()


WRITER = """
import sys, datetime as dt
from pathlib import Path
from kiosk.outbox import Outbox
from kiosk.tools.plan import Plan, plan_document
outbox = Outbox(Path(sys.argv[1]))
i = 0
while True:
    doc = plan_document(Plan().with_field("aim_what", f"plan {i}"), screen_id="s",
                        now=dt.datetime.now(dt.UTC))
    outbox.add(doc)
    print(doc["id"], flush=True)
    i += 1
"""


def test_kill_9_while_writing_loses_no_acknowledged_plan(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite3"
    for _ in range(5):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        acknowledged = [writer.stdout.readline().strip() for _ in range(20)]
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        outbox = Outbox(path, max_items=10_000)
        kept = {e.id for e in outbox.entries()}
        assert set(acknowledged) <= kept
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
        outbox.close()


# --- configuration -----------------------------------------------------------------------------


def test_intake_config_reads_env_headers_and_refuses_plain_http() -> None:
    config = parse_config(
        "intake:\n  url: https://qi.trust.nhs.uk/intake\n  email: qi.team@nhs.net\n"
        "  headers:\n    Authorization: Bearer ${QI_TOKEN}\n",
        env={"QI_TOKEN": "abc"},
    )
    assert config.intake.enabled and config.intake.email == "qi.team@nhs.net"
    assert config.intake.headers == {"Authorization": "Bearer abc"}
    assert not parse_config("").intake.enabled
    with pytest.raises(ConfigError) as error:
        parse_config("intake:\n  url: http://qi.example/intake\n  email: not-an-address\n")
    problems = "\n".join(error.value.problems)
    assert "intake.url: must be https://" in problems
    assert "intake.email: must be an email address" in problems
    assert parse_config("intake:\n  url: http://127.0.0.1:9/x\n  allow_http: true\n").intake.url
