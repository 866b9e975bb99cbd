"""systemd's notify protocol: ``READY=1``, ``WATCHDOG=1``, ``STATUS=…`` (no Qt).

With ``NOTIFY_SOCKET`` set (systemd sets it for a ``Type=notify`` service), each message is one
datagram to that ``AF_UNIX`` socket; a name starting with ``@`` is in the abstract namespace.
``WATCHDOG_USEC`` is the service's ``WatchdogSec``: the kiosk pings at half of it. Without
``NOTIFY_SOCKET`` (run by hand, or on Windows) every call does nothing, unless the kiosk runs
under its own supervisor (:mod:`kiosk.supervisor`): then ``QI_KIOSK_HEARTBEAT_FILE`` names a file
that readiness and each watchdog ping rewrite with a new count (:class:`FileNotifier`).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping
from pathlib import Path

logger = logging.getLogger(__name__)

HEARTBEAT_ENV = "QI_KIOSK_HEARTBEAT_FILE"
HEARTBEAT_INTERVAL_MS = 10_000
"""How often a supervised kiosk rewrites its heartbeat file (its supervisor waits 30 s)."""


class Notifier:
    def __init__(self, address: str | None, *, watchdog_usec: int | None = None) -> None:
        self._address: str | bytes | None = None
        if address:
            self._address = "\0" + address[1:] if address.startswith("@") else address
        self.watchdog_usec = watchdog_usec
        self._failed = False
        self._socket: socket.socket | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Notifier:
        env = os.environ if env is None else env
        address = env.get("NOTIFY_SOCKET") or None
        usec: int | None = None
        raw = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        if raw.isdigit() and int(raw) > 0 and (not pid or pid == str(os.getpid())):
            usec = int(raw)
        if address and not hasattr(socket, "AF_UNIX"):
            address = None  # pragma: no cover - no Unix sockets on this platform
        if not address and env.get(HEARTBEAT_ENV):
            return FileNotifier(Path(env[HEARTBEAT_ENV]))
        return cls(address, watchdog_usec=usec)

    @property
    def enabled(self) -> bool:
        return self._address is not None

    @property
    def watchdog_interval_ms(self) -> int | None:
        """How often to send ``WATCHDOG=1``: half the watchdog time, or None for no watchdog."""
        if not self.enabled or not self.watchdog_usec:
            return None
        return max(50, self.watchdog_usec // 2000)

    def notify(self, *lines: str) -> bool:
        """Send one message of ``KEY=value`` lines; True if it was sent."""
        if self._address is None:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                self._socket.setblocking(False)
            self._socket.sendto("\n".join(lines).encode("utf-8"), self._address)
        except OSError as exc:
            if not self._failed:
                logger.error("cannot notify systemd at %s: %s", self._address, exc.strerror or exc)
            self._failed = True
            return False
        if self._failed:
            logger.info("notifying systemd again")
        self._failed = False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={text}")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


class FileNotifier(Notifier):
    """Readiness and watchdog pings for the kiosk's own supervisor: each rewrites a small file
    with the next count, so the supervisor sees the display thread is alive; ``STOPPING=1``
    writes ``stopping``. Other messages are not needed there."""

    def __init__(self, path: Path) -> None:
        super().__init__(None)
        self.path = path
        self._count = 0

    @property
    def enabled(self) -> bool:
        return True

    @property
    def watchdog_interval_ms(self) -> int | None:
        return HEARTBEAT_INTERVAL_MS

    def notify(self, *lines: str) -> bool:
        if "STOPPING=1" in lines:
            text = "stopping"
        elif "READY=1" in lines or "WATCHDOG=1" in lines:
            self._count += 1
            text = str(self._count)
        else:
            return False
        try:
            self.path.write_text(text + "\n", encoding="ascii")
        except OSError as exc:
            if not self._failed:
                logger.error("cannot write the heartbeat file %s: %s", self.path, exc.strerror)
            self._failed = True
            return False
        self._failed = False
        return True
