"""systemd's notify protocol on real AF_UNIX datagram sockets."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from kiosk.sdnotify import Notifier

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")


@pytest.fixture
def listener(tmp_path: Path):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(5)
    yield path, sock
    sock.close()


def test_messages_arrive_as_datagrams(listener) -> None:
    path, sock = listener
    notifier = Notifier.from_env({"NOTIFY_SOCKET": str(path)})
    assert notifier.enabled
    assert notifier.ready("showing content")
    assert sock.recv(4096) == b"READY=1\nSTATUS=showing content"
    assert notifier.watchdog()
    assert sock.recv(4096) == b"WATCHDOG=1"
    assert notifier.stopping()
    assert sock.recv(4096) == b"STOPPING=1"
    notifier.close()


def test_abstract_socket_names(tmp_path: Path) -> None:
    name = f"qi-kiosk-test-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(5)
    try:
        notifier = Notifier.from_env({"NOTIFY_SOCKET": "@" + name})
        assert notifier.watchdog()
        assert sock.recv(4096) == b"WATCHDOG=1"
        notifier.close()
    finally:
        sock.close()


def test_watchdog_interval_is_half_the_watchdog_time(listener) -> None:
    path, _ = listener
    n = Notifier.from_env({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "30000000"})
    assert n.watchdog_interval_ms == 15_000
    # A watchdog meant for another process is not ours.
    other = Notifier.from_env(
        {"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}
    )
    assert other.watchdog_interval_ms is None
    assert Notifier.from_env({"WATCHDOG_USEC": "30000000"}).watchdog_interval_ms is None


def test_without_a_socket_nothing_is_sent() -> None:
    notifier = Notifier.from_env({})
    assert not notifier.enabled
    assert not notifier.ready()


def test_a_missing_socket_is_logged_once(tmp_path: Path, caplog) -> None:
    notifier = Notifier.from_env({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    assert not notifier.watchdog()
    assert not notifier.watchdog()
    assert sum("cannot notify systemd" in r.message for r in caplog.records) == 1
    notifier.close()
