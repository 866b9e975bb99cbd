"""Powering the display down and up: the commands for X11 and HDMI-CEC, and Windows' message."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from kiosk.display_power import DisplayPower


def fake_tools(folder: Path, *names: str) -> str:
    """Stand-ins that record how they were called; the PATH that finds them."""
    log = folder / "calls.log"
    for name in names:
        tool = folder / name
        tool.write_text(f'#!/bin/sh\necho "{name} $* $(cat)" >> {log}\n')
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR)
    return str(folder)


class User32:
    """Records the calls the kiosk makes to Windows' user32."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def PostMessageW(self, *args: int) -> int:  # Windows' own name
        self.calls.append(("PostMessageW", *args))
        return 1

    def mouse_event(self, *args: int) -> None:
        self.calls.append(("mouse_event", *args))


def test_x11_uses_dpms_and_cec_when_both_are_there(tmp_path: Path) -> None:
    path = fake_tools(tmp_path, "xset", "cec-client")
    power = DisplayPower(platform="linux", env={"PATH": path, "DISPLAY": ":0"})
    assert power.commands(False) == [
        ([str(tmp_path / "xset"), "dpms", "force", "off"], None),
        ([str(tmp_path / "cec-client"), "-s", "-d", "1"], b"standby 0\n"),
    ]
    assert power.commands(True)[0][0][-1] == "on" and power.commands(True)[1][1] == b"on 0\n"


def test_without_x11_only_cec(tmp_path: Path) -> None:
    path = fake_tools(tmp_path, "xset", "cec-client")
    power = DisplayPower(platform="linux", env={"PATH": path})  # Wayland or a console
    assert [argv[0] for argv, _ in power.commands(False)] == [str(tmp_path / "cec-client")]


@pytest.mark.skipif(os.name != "posix", reason="the stand-ins are shell scripts")
def test_the_commands_run_with_their_input(tmp_path: Path) -> None:
    path = fake_tools(tmp_path, "xset", "cec-client") + os.pathsep + os.environ["PATH"]
    power = DisplayPower(platform="linux", env={"PATH": path, "DISPLAY": ":0"})
    power.set_power(False)
    power.wait()
    assert sorted((tmp_path / "calls.log").read_text().split("\n")[:-1]) == [
        "cec-client -s -d 1 standby 0",
        "xset dpms force off ",
    ]


def test_no_tool_is_logged_once(tmp_path: Path, caplog) -> None:
    power = DisplayPower(platform="linux", env={"PATH": str(tmp_path), "DISPLAY": ":0"})
    with caplog.at_level(logging.WARNING, logger="kiosk.display_power"):
        power.set_power(False)
        power.set_power(True)
        power.set_power(False)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["no way to power the display down here (no xset or cec-client)"]


def test_windows_sends_the_monitor_power_message(tmp_path: Path, caplog) -> None:
    user32 = User32()
    power = DisplayPower(platform="win32", env={"PATH": str(tmp_path)}, user32=user32)
    with caplog.at_level(logging.WARNING, logger="kiosk.display_power"):
        power.set_power(False)
        power.set_power(True)
    # WM_SYSCOMMAND / SC_MONITORPOWER to every window: 2 is off, -1 is on; a zero mouse move
    # wakes the displays that ignore "on".
    assert user32.calls == [
        ("PostMessageW", 0xFFFF, 0x0112, 0xF170, 2),
        ("mouse_event", 0x0001, 0, 0, 0, 0),
        ("PostMessageW", 0xFFFF, 0x0112, 0xF170, -1),
    ]
    assert not caplog.records  # Windows needs no tool
