"""Asking the display to power down and back up (no Qt).

- Linux under X11: ``xset dpms force off`` / ``on`` (DPMS).
- Windows: the monitor-power system command (``SC_MONITORPOWER``), and a zero mouse move to
  wake it, since Windows ignores the "on" message on many displays.
- Any platform with ``cec-client`` (libCEC) installed: ``standby 0`` / ``on 0`` to the TV over
  HDMI-CEC, which also works where DPMS only blanks the signal and the TV shows "no signal".

Commands are started and not waited for, so the display thread never blocks; a failure is
logged once per change of state.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from typing import Any

logger = logging.getLogger(__name__)

_HWND_BROADCAST = 0xFFFF
_WM_SYSCOMMAND = 0x0112
_SC_MONITORPOWER = 0xF170
_MOUSEEVENTF_MOVE = 0x0001


class DisplayPower:
    def __init__(
        self,
        *,
        platform: str = sys.platform,
        env: Mapping[str, str] | None = None,
        user32: Any = None,
    ) -> None:
        self._platform = platform
        self._env = dict(os.environ if env is None else env)
        self._user32 = user32
        """Windows' user32 functions (``ctypes.windll.user32`` unless one is given)."""
        self._failed = False
        self.children: list[subprocess.Popen[bytes]] = []

    def commands(self, on: bool) -> list[tuple[list[str], bytes | None]]:
        """The programs to run (argv, standard input) to turn the display on or off."""
        path = self._env.get("PATH")
        out: list[tuple[list[str], bytes | None]] = []
        if self._platform.startswith("linux") and self._env.get("DISPLAY"):
            xset = shutil.which("xset", path=path)
            if xset:
                out.append(([xset, "dpms", "force", "on" if on else "off"], None))
        cec = shutil.which("cec-client", path=path)
        if cec:
            out.append(([cec, "-s", "-d", "1"], b"on 0\n" if on else b"standby 0\n"))
        return out

    def set_power(self, on: bool) -> None:
        self.children = [c for c in self.children if c.poll() is None]
        if self._platform == "win32":
            self._windows(on)
        commands = self.commands(on)
        if not commands and self._platform != "win32" and not self._failed:
            logger.warning("no way to power the display down here (no xset or cec-client)")
            self._failed = True
        for argv, stdin in commands:
            try:
                child = subprocess.Popen(
                    argv,
                    stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=self._env,
                )
            except OSError as exc:
                if not self._failed:
                    logger.error("cannot run %s: %s", argv[0], exc.strerror or exc)
                self._failed = True
                continue
            if stdin is not None and child.stdin is not None:
                try:
                    child.stdin.write(stdin)
                    child.stdin.close()
                except OSError:
                    pass  # the program ended at once; its exit is its own report
            self.children.append(child)
        logger.info("display power %s", "on" if on else "off")

    def _windows(self, on: bool) -> None:
        user32 = self._user32
        if user32 is None:  # pragma: no cover - Windows only
            import ctypes

            user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        if on:
            user32.mouse_event(_MOUSEEVENTF_MOVE, 0, 0, 0, 0)
            user32.PostMessageW(_HWND_BROADCAST, _WM_SYSCOMMAND, _SC_MONITORPOWER, -1)
        else:
            user32.PostMessageW(_HWND_BROADCAST, _WM_SYSCOMMAND, _SC_MONITORPOWER, 2)

    def wait(self, timeout: float = 5.0) -> None:
        """Wait for the started programs (tests; at exit)."""
        for child in self.children:
            try:
                child.wait(timeout)
            except subprocess.TimeoutExpired:
                child.kill()
        self.children = []
