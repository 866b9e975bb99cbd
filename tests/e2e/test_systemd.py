"""The kiosk under systemd's notify protocol: a real process and a real datagram socket."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from tests.e2e.test_command_line import run_kiosk

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")


def test_ready_once_the_first_poster_is_drawn_then_watchdog_pings(tmp_path: Path) -> None:
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(0.2)
    messages: list[str] = []
    done = threading.Event()

    def receive() -> None:  # as systemd does, read each datagram as it comes
        while not done.is_set():
            try:
                messages.append(sock.recv(4096).decode())
            except TimeoutError:
                continue

    reader = threading.Thread(target=receive)
    reader.start()
    try:
        result = run_kiosk(
            "--demo",
            "--windowed",
            "--exit-after",
            "3",
            "--state-dir",
            str(tmp_path / "state"),
            env={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "500000"},
        )
    finally:
        done.set()
        reader.join()
        sock.setblocking(False)
        while True:  # what the process sent before it ended is still queued
            try:
                messages.append(sock.recv(4096).decode())
            except BlockingIOError:
                break
        sock.close()
    assert result.returncode == 0, result.stderr
    assert messages[0] == "READY=1\nSTATUS=showing content"
    assert messages.count("READY=1\nSTATUS=showing content") == 1
    # Every 250 ms over about 3 seconds (the count depends on the machine's speed).
    assert messages.count("WATCHDOG=1") >= 3
    assert messages[-1] == "STOPPING=1"
    assert "told systemd the kiosk is ready" in result.stderr
