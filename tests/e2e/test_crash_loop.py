"""A crash loop with real processes: three kiosks killed soon after start, then a safe fourth."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.test_command_line import run_kiosk
from tests.helpers import REPO

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kills with SIGKILL")


def feed(*ids: str) -> str:
    return json.dumps({"feed_version": 1, "projects": [{"id": i, "title": i.upper()} for i in ids]})


def status(state: Path) -> dict:
    try:
        return json.loads((state / "status.json").read_text())
    except (FileNotFoundError, ValueError):
        return {}


def start_and_kill(config: Path, state: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    child = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "--windowed"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while status(state).get("feed", {}).get("state") != "ok":
            assert child.poll() is None and time.monotonic() < deadline, "the kiosk did not start"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)  # a crash: no clean exit
        child.wait()


def test_three_fast_restarts_show_the_last_good_content_with_the_feed_paused(
    tmp_path: Path,
) -> None:
    source = tmp_path / "feed.json"
    source.write_text(feed("a", "b"))
    state = tmp_path / "state"
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"feed:\n  source: {source}\nstate_dir: {state}\n")
    for _ in range(3):
        (state / "status.json").unlink(missing_ok=True)
        start_and_kill(config, state)

    source.write_text(feed("c"))  # new content that the paused kiosk must not pick up
    (state / "status.json").unlink()
    result = run_kiosk("--config", str(config), "--windowed", "--exit-after", "3")
    assert result.returncode == 0, result.stderr
    shown = status(state)
    assert shown["feed"]["projects"] == 2 and shown["showing"] in ("a", "b")
    assert shown["feed"]["last_error"].startswith("crash loop (3 fast restarts): feed paused")
    assert "crash loop (3 fast restarts)" in result.stderr

    # That run ended cleanly, so the next start is a normal one and reads the new feed.
    result = run_kiosk("--config", str(config), "--windowed", "--exit-after", "3")
    assert result.returncode == 0, result.stderr
    shown = status(state)
    assert shown["feed"]["projects"] == 1  # (the poster in front leaves at its transition)
    assert shown["feed"]["last_error"] is None
