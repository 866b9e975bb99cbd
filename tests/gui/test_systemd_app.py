"""systemd's watchdog pings come from the GUI thread, so a hung display stops them."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")


def test_ready_then_watchdog_from_the_gui_thread(
    make_kiosk, tmp_path: Path, qtbot, monkeypatch
) -> None:
    from PySide6.QtCore import QThread

    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "200000")
    received: list[bytes] = []

    def drain() -> list[bytes]:
        while True:
            try:
                received.append(sock.recv(4096))
            except BlockingIOError:
                return received

    try:
        kiosk = make_kiosk("--demo")
        assert not drain()  # nothing before the window shows a poster
        with qtbot.waitExposed(kiosk.window):
            kiosk.show()
        qtbot.waitUntil(lambda: b"WATCHDOG=1" in drain(), timeout=5000)
        assert received[0] == b"READY=1\nSTATUS=showing content"
        timer = kiosk.systemd._timer
        assert timer.interval() == 100 and timer.thread() is QThread.currentThread()
        assert kiosk.app.thread() is QThread.currentThread()  # the GUI thread
        kiosk.close()
        assert drain()[-1] == b"STOPPING=1"
    finally:
        sock.close()
