"""`qi-kiosk outbox`: what waits for the QI team, and retrying what was refused."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from kiosk.outbox import Outbox
from kiosk.outbox.command import outbox_path
from kiosk.tools.plan import Plan, plan_document


def qi_kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_outbox_lists_without_content_and_retries_the_refused(tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert "no outbox yet" in qi_kiosk("outbox", "--state-dir", str(state)).stdout
    outbox = Outbox(outbox_path(state))
    plan = Plan().with_field("aim_what", "secret words").with_field("contact_email", "me@nhs.net")
    refused = plan_document(plan, screen_id="s", now=dt.datetime.now(dt.UTC))
    waiting = plan_document(plan, screen_id="s", now=dt.datetime.now(dt.UTC))
    outbox.add(refused)
    outbox.add(waiting)
    outbox.park(refused["id"], "HTTP 422 from https://qi.example/intake")
    outbox.close()

    listing = qi_kiosk("outbox", "--state-dir", str(state))
    assert listing.returncode == 0
    assert "1 pending, 1 failed" in listing.stdout
    assert refused["id"] in listing.stdout and "HTTP 422" in listing.stdout
    assert "secret words" not in listing.stdout and "me@nhs.net" not in listing.stdout

    retried = qi_kiosk("outbox", "--retry", "--state-dir", str(state))
    assert "1 refused submission(s) will be tried again" in retried.stdout
    assert "2 pending, 0 failed" in retried.stdout


def test_a_broken_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("intake:\n  url: ftp://nope\n")
    result = qi_kiosk("outbox", "--config", str(config))
    assert result.returncode == 2
    assert "intake.url" in result.stderr and "Traceback" not in result.stderr
