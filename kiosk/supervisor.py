"""Starting the kiosk again when it ends badly, where no service manager does (no Qt).

Windows' Task Scheduler restarts a task only when it fails to *start*: once the kiosk runs, a
crash would leave the screen dark until the next log-on. ``qi-kiosk --supervise`` (what the
Windows task runs) starts the kiosk as a child process and waits for it:

- exit code 0 (**Exit** on the admin screen, or ``--exit-after``): the supervisor ends too;
- 75 (**Restart** on the admin screen): the kiosk is started again at once;
- anything else (a crash, a kill): started again after ``RESTART_SECONDS``.

It is the kiosk's watchdog too: the kiosk rewrites a heartbeat file from its display thread
(:class:`kiosk.sdnotify.FileNotifier`) once its first poster is drawn and every 10 s after. A
kiosk that has not drawn within ``START_SECONDS``, or whose heartbeat stops for
``WATCHDOG_SECONDS`` (a hung display), is killed and started again, as systemd's watchdog does.

The kiosk's crash-loop guard (:mod:`kiosk.crash_loop`) counts those starts, so a kiosk that
keeps failing falls back to its last good content. Under systemd the unit restarts the kiosk
itself and its watchdog catches a hung display, so there it runs without a supervisor.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from kiosk.args import EXIT_OK, EXIT_RESTART
from kiosk.sdnotify import HEARTBEAT_ENV

logger = logging.getLogger(__name__)

RESTART_SECONDS = 5.0
START_SECONDS = 120.0
"""How long the kiosk may take to draw its first poster (systemd's TimeoutStartSec in the unit)."""
WATCHDOG_SECONDS = 30.0
"""How long its heartbeat may stop before it counts as hung (the unit's WatchdogSec)."""
POLL_SECONDS = 2.0
SUPERVISED_ENV = "QI_KIOSK_SUPERVISED"
"""Set in the child's environment: the kiosk then leaves a restart to its supervisor."""


def kiosk_argv(argv: Sequence[str]) -> list[str]:
    """The command that runs the kiosk itself: this command line without ``--supervise``."""
    return [sys.executable, "-m", "kiosk", *(a for a in argv if a != "--supervise")]


def supervise(
    command: Sequence[str],
    *,
    restart_seconds: float = RESTART_SECONDS,
    start_seconds: float = START_SECONDS,
    watchdog_seconds: float = WATCHDOG_SECONDS,
    poll_seconds: float = POLL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    env: Mapping[str, str] | None = None,
) -> int:
    """Run ``command`` until it ends with exit code 0; return 0 then (or 128 + the signal that
    stopped the supervisor, having stopped the kiosk too)."""
    supervisor = _Supervisor(command, restart_seconds, sleep, env)
    supervisor.limits = (start_seconds, watchdog_seconds, poll_seconds)
    return supervisor.run()


class _Supervisor:
    def __init__(
        self,
        command: Sequence[str],
        restart_seconds: float,
        sleep: Callable[[float], None],
        env: Mapping[str, str] | None,
    ) -> None:
        self.command = list(command)
        self.restart_seconds = restart_seconds
        self.sleep = sleep
        self.env = {**(os.environ if env is None else env), SUPERVISED_ENV: "1"}
        self.child: subprocess.Popen[bytes] | None = None
        self.stopped_by: int | None = None
        self.limits = (START_SECONDS, WATCHDOG_SECONDS, POLL_SECONDS)
        self.heartbeat: Path | None = None
        if "NOTIFY_SOCKET" not in self.env:  # under systemd the kiosk tells systemd instead
            name = f"qi-kiosk-heartbeat-{os.getpid()}"
            self.heartbeat = Path(tempfile.gettempdir()) / name
            self.env[HEARTBEAT_ENV] = str(self.heartbeat)

    def run(self) -> int:
        if threading.current_thread() is not threading.main_thread():
            return self._loop()
        # Stopping the supervisor (a log-off, systemctl stop) stops the kiosk with it.
        before = signal.signal(signal.SIGTERM, self._stop)
        try:
            return self._loop()
        finally:
            signal.signal(signal.SIGTERM, before)

    def _loop(self) -> int:
        starts = 0
        while self.stopped_by is None:
            starts += 1
            code = self._run_once()
            if self.stopped_by is not None:
                break
            if code == EXIT_OK:
                return EXIT_OK
            if code == EXIT_RESTART:
                logger.info("the kiosk asked to be restarted (start %d)", starts + 1)
                continue
            logger.warning(
                "the kiosk ended with exit code %s; starting it again in %g s",
                code,
                self.restart_seconds,
            )
            self.sleep(self.restart_seconds)
        return 128 + (self.stopped_by or 0)

    def _run_once(self) -> int | None:
        self._read_heartbeat(remove=True)
        try:
            self.child = subprocess.Popen(self.command, env=self.env)
        except OSError as exc:
            logger.error("cannot start the kiosk (%s): %s", self.command[0], exc.strerror or exc)
            return None
        try:
            if self.stopped_by is not None:  # the stop came while the kiosk was starting
                self.child.terminate()
            return self._watch(self.child)
        except BaseException:  # Ctrl+C in a console: the kiosk goes too
            self._end_child()
            raise
        finally:
            self.child = None
            self._read_heartbeat(remove=True)

    def _watch(self, child: subprocess.Popen[bytes]) -> int | None:
        """Wait for the kiosk to end; kill it if it stops answering. Its exit code, or None."""
        start_limit, watchdog_limit, poll = self.limits
        if self.heartbeat is None:
            return child.wait()
        beat, changed = None, time.monotonic()
        while True:
            try:
                return child.wait(poll)
            except subprocess.TimeoutExpired:
                pass
            now, seen = time.monotonic(), self._read_heartbeat()
            if seen is not None and seen != beat:
                beat, changed = seen, now
            limit = watchdog_limit if beat is not None else start_limit
            if now - changed > limit:
                what = "stopped answering" if beat is not None else "drawn nothing"
                logger.error("the kiosk has %s for %g s; ending it", what, limit)
                child.kill()
                child.wait()
                return None

    def _read_heartbeat(self, *, remove: bool = False) -> str | None:
        if self.heartbeat is None:
            return None
        if remove:
            with contextlib.suppress(OSError):
                self.heartbeat.unlink()
            return None
        try:
            return self.heartbeat.read_text(encoding="ascii").strip() or None
        except (OSError, UnicodeDecodeError):
            return None

    def _stop(self, signum: int, frame: object) -> None:
        self.stopped_by = signum
        if self.child is not None:
            self.child.terminate()

    def _end_child(self) -> None:
        child = self.child
        if child is None or child.poll() is not None:
            return
        child.terminate()
        try:
            child.wait(20)
        except subprocess.TimeoutExpired:
            child.kill()
