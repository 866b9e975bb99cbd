"""Starting the kiosk at log-on and restarting it when it fails (no Qt).

- Linux: a systemd *user* unit, ``Type=notify`` with a watchdog: the kiosk says ``READY=1`` once
  the first poster is drawn and pings from its display thread, so a hung display is killed and
  started again; ``Restart=always``, and systemd never gives up (``StartLimitIntervalSec=0``).
- Windows: a Task Scheduler task "at log on" of the user, with no time limit, restart when it
  fails to start, and no second copy while one runs. It runs ``qi-kiosk --supervise``, which
  starts the kiosk again after a crash (Task Scheduler itself does not).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

UNIT_NAME = "qi-kiosk.service"
TASK_NAME = "QI Hub Kiosk"
WATCHDOG_SEC = 30
RESTART_SEC = 5
RESTART_COUNT = 255
"""Task Scheduler's most restart attempts: its schema makes Count an unsignedByte (1 to 255),
and a task with more is refused when it is registered."""


@dataclass(frozen=True)
class Autostart:
    platform: str  # "linux" or "windows"
    path: Path
    """Where the file is written."""
    text: str
    next_steps: list[str]
    """Commands to run after writing it (shown to the user; Windows: run by the command)."""


def kiosk_command(python: str, config: Path | None, *, supervise: bool = False) -> list[str]:
    argv = [python, "-m", "kiosk"]
    if supervise:
        argv.append("--supervise")
    if config is not None:
        argv += ["--config", str(config)]
    return argv


def _systemd_quote(arg: str) -> str:
    """One ExecStart argument: specifiers escaped, quoted when it has spaces or quotes."""
    arg = arg.replace("%", "%%")
    if arg and not any(c in arg for c in " \t\"'\\;$"):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"').replace("$", "$$") + '"'


def systemd_unit(argv: list[str], *, working_directory: Path | None = None) -> str:
    lines = [
        "# QI Hub Kiosk, started with the graphical session (qi-kiosk install-autostart).",
        "[Unit]",
        "Description=QI Hub Kiosk",
        "After=graphical-session.target network-online.target",
        "PartOf=graphical-session.target",
        "StartLimitIntervalSec=0",
        "",
        "[Service]",
        "Type=notify",
        "NotifyAccess=main",
        "ExecStart=" + " ".join(_systemd_quote(a) for a in argv),
        "Restart=always",
        "# Exit on the admin screen (exit code 0) stops it until the next log-on.",
        "RestartPreventExitStatus=0",
        f"RestartSec={RESTART_SEC}",
        f"WatchdogSec={WATCHDOG_SEC}",
        "TimeoutStartSec=120",
        "TimeoutStopSec=20",
    ]
    if working_directory is not None:
        lines.append("WorkingDirectory=" + _systemd_quote(str(working_directory)))
    lines += ["", "[Install]", "WantedBy=graphical-session.target", ""]
    return "\n".join(lines)


def _windows_quote(arg: str) -> str:
    """One argument for a Windows command line (the rules of CommandLineToArgvW)."""
    if arg and not any(c in arg for c in ' \t"'):
        return arg
    out, backslashes = ['"'], 0
    for c in arg:
        if c == "\\":
            backslashes += 1
            continue
        if c == '"':
            out.append("\\" * (2 * backslashes + 1) + '"')
        else:
            out.append("\\" * backslashes + c)
        backslashes = 0
    out.append("\\" * (2 * backslashes) + '"')
    return "".join(out)


def windows_task_xml(argv: list[str], *, user: str | None = None) -> str:
    command, arguments = argv[0], " ".join(_windows_quote(a) for a in argv[1:])
    user_xml = f"\n      <UserId>{escape(user)}</UserId>" if user else ""
    return f"""<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>QI Hub Kiosk: QI project posters on this screen.</Description>
    <URI>\\{escape(TASK_NAME)}</URI>
  </RegistrationInfo>
  <Triggers>
    <LogonTrigger>
      <Enabled>true</Enabled>{user_xml}
      <Delay>PT10S</Delay>
    </LogonTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">{user_xml}
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>false</WakeToRun>
    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>
    <Priority>4</Priority>
    <RestartOnFailure>
      <Interval>PT1M</Interval>
      <Count>{RESTART_COUNT}</Count>
    </RestartOnFailure>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{escape(command)}</Command>
      <Arguments>{escape(arguments)}</Arguments>
    </Exec>
  </Actions>
</Task>
"""


def default_python(platform: str) -> str:
    """The interpreter to start: on Windows its windowless twin, so no console window opens."""
    exe = Path(sys.executable)
    if platform == "windows":
        windowless = exe.with_name("pythonw.exe")
        if windowless.exists():
            return str(windowless)
    return str(exe)


def build(
    platform: str,
    config: Path | None,
    *,
    python: str | None = None,
    env: dict[str, str] | None = None,
    state_dir: Path | None = None,
) -> Autostart:
    env = dict(os.environ if env is None else env)
    # Task Scheduler restarts a task only when it fails to start, so on Windows the kiosk runs
    # under its own supervisor, which starts it again after a crash (kiosk.supervisor).
    argv = kiosk_command(
        python or default_python(platform), config, supervise=platform == "windows"
    )
    if platform == "linux":
        base = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        return Autostart(
            "linux",
            base / "systemd" / "user" / UNIT_NAME,
            systemd_unit(argv),
            [
                "systemctl --user daemon-reload",
                f"systemctl --user enable --now {UNIT_NAME}",
            ],
        )
    user = None
    if env.get("USERNAME"):
        user = (
            f"{env['USERDOMAIN']}\\{env['USERNAME']}" if env.get("USERDOMAIN") else env["USERNAME"]
        )
    path = (state_dir or Path.cwd()) / "qi-kiosk-task.xml"
    return Autostart(
        "windows",
        path,
        windows_task_xml(argv, user=user),
        [f'schtasks /Create /TN "{TASK_NAME}" /XML "{path}" /F'],
    )


def current_platform() -> str:
    return "windows" if sys.platform == "win32" else "linux"
