"""Start-up: what the first poster does not need waits, or is not loaded at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.ui.render import front_poster
from tests.helpers import REPO, decode_qr_codes
from tests.unit.feed.feed_servers import Reply, ScriptedServer

LINK = "https://qi.example.org/projects/a"


def feed_body() -> bytes:
    projects = [
        {"id": "a", "title": "Fewer falls", "link": LINK},
        {"id": "b", "title": "Sepsis six", "link": "https://qi.example.org/projects/b"},
    ]
    return json.dumps({"feed_version": 1, "projects": projects}).encode()


@pytest.fixture
def server():
    made = ScriptedServer().start()
    yield made
    made.stop()


def write_config(tmp_path: Path, source: str) -> Path:
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        f"feed:\n  source: {source}\n  allow_http: true\n  timeout_seconds: 2\n"
        "qr:\n  allowed_hosts: [qi.example.org]\n"
    )
    return config


def test_the_first_refresh_waits_until_the_first_poster_is_on_screen(
    make_kiosk, server: ScriptedServer, tmp_path: Path, qtbot
) -> None:
    url = server.route("/feed.json", Reply(200, feed_body()))
    config = write_config(tmp_path, url)
    state = tmp_path / "state"
    first = make_kiosk("--config", str(config), "--state-dir", str(state))
    qtbot.waitUntil(
        lambda: len(server.requests) == 1 and bool(first.catalogue.projects), timeout=5000
    )
    first.close()

    # Restarted on the stored copy: at every frame, was the poster ready, and had the kiosk
    # asked the server for the feed yet?
    kiosk = make_kiosk("--config", str(config), "--state-dir", str(state))
    assert [p.id for p in kiosk.catalogue.projects] == ["a", "b"]  # the stored copy
    frames: list[tuple[bool, int]] = []

    def swapped() -> None:
        poster = front_poster(kiosk)
        frames.append((poster is not None and bool(poster.property("ready")), len(server.requests)))

    kiosk.window.frameSwapped.connect(swapped, Qt.ConnectionType.DirectConnection)
    kiosk.show()
    qtbot.waitUntil(lambda: len(server.requests) >= 2, timeout=5000)
    kiosk.window.frameSwapped.disconnect(swapped)
    first_poster = next(i for i, (ready, _) in enumerate(frames) if ready)
    assert all(asked == 1 for _, asked in frames[: first_poster + 1])


def test_the_poster_behind_the_first_is_built_once_the_first_is_on_screen(
    make_kiosk, qtbot
) -> None:
    kiosk = make_kiosk("--demo")
    rotation = kiosk.rotation
    back = lambda: rotation.slotB if rotation.front == 0 else rotation.slotA  # noqa: E731
    assert rotation.showing and not back()  # nothing built behind it yet
    frames: list[tuple[bool, bool]] = []

    def swapped() -> None:
        poster = front_poster(kiosk)
        frames.append((poster is not None and bool(poster.property("ready")), bool(back())))

    kiosk.window.frameSwapped.connect(swapped, Qt.ConnectionType.DirectConnection)
    kiosk.show()
    qtbot.waitUntil(lambda: bool(back()) and rotation.backReady, timeout=5000)
    kiosk.window.frameSwapped.disconnect(swapped)
    first_poster = next(i for i, (ready, _) in enumerate(frames) if ready)
    assert not any(built for _, built in frames[: first_poster + 1])
    assert back()["projectId"] != rotation.showing


def test_a_window_never_shown_still_refreshes(
    make_kiosk, server: ScriptedServer, tmp_path: Path, qtbot
) -> None:
    url = server.route("/feed.json", Reply(200, feed_body()))
    kiosk = make_kiosk("--config", str(write_config(tmp_path, url)))
    assert not server.requests
    qtbot.waitUntil(lambda: [p.id for p in kiosk.catalogue.projects] == ["a", "b"], timeout=5000)


RESTART = """
import sys
from PySide6.QtCore import Qt
from kiosk.app import create
from kiosk.ui.render import front_poster

kiosk = create(sys.argv[1:])
drawn = []

def swapped():
    poster = front_poster(kiosk)
    if kiosk.rotation.showing and poster is not None and poster.property("ready"):
        drawn.append(True)

kiosk.window.frameSwapped.connect(swapped, Qt.ConnectionType.DirectConnection)
kiosk.show()
while not drawn:
    kiosk.app.processEvents()
loaded = [m for m in ("qrcode", "PIL", "kiosk.ui.touch", "kiosk.outbox") if m in sys.modules]
print("LOADED", " ".join(loaded))
kiosk.window.grabWindow().save(sys.argv[sys.argv.index("--state-dir") + 1] + "/shot.png")
kiosk.close()
"""


def test_a_restarted_display_draws_its_first_poster_without_the_qr_library_or_touch_mode(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.json"
    feed.write_bytes(feed_body())
    config = write_config(tmp_path, str(feed))
    state = tmp_path / "state"
    args = ["--config", str(config), "--state-dir", str(state), "--windowed", "--size", "1280x720"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    runs = [
        subprocess.run(
            [sys.executable, "-c", RESTART, *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        for _ in range(2)
    ]
    loaded = [
        next(line for line in run.stdout.splitlines() if line.startswith("LOADED")).split()[1:]
        for run in runs
    ]
    # The first start makes the poster's QR code (and keeps it); the restart reads it back.
    assert "qrcode" in loaded[0]
    assert loaded[1] == []
    assert decode_qr_codes(state / "shot.png") == [LINK]
