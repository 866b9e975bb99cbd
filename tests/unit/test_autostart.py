"""The systemd unit and the Windows task, generated and checked by parsing them back."""

from __future__ import annotations

import configparser
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.autostart import build, systemd_unit, windows_task_xml

NS = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}


def read_unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(text)
    return parser


def test_systemd_unit() -> None:
    argv = ["/opt/qi kiosk/bin/python", "-m", "kiosk", "--config", "/etc/qi-kiosk/100%.yaml"]
    unit = read_unit(systemd_unit(argv))
    service = unit["Service"]
    assert service["Type"] == "notify"
    assert service["Restart"] == "always"
    assert service["RestartPreventExitStatus"] == "0"  # Exit on the admin screen
    assert int(service["WatchdogSec"]) == 30
    assert service["NotifyAccess"] == "main"
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"  # never gives up restarting
    assert unit["Install"]["WantedBy"] == "graphical-session.target"
    # systemd's quoting is shell-like for these arguments; % is doubled for specifiers.
    assert [a.replace("%%", "%") for a in shlex.split(service["ExecStart"])] == argv


def test_linux_plan_writes_a_user_unit(tmp_path: Path) -> None:
    plan = build(
        "linux",
        Path("/etc/qi-kiosk/kiosk.yaml"),
        python="/usr/bin/python3",
        env={"XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert plan.path == tmp_path / "systemd" / "user" / "qi-kiosk.service"
    exec_start = read_unit(plan.text)["Service"]["ExecStart"]
    assert shlex.split(exec_start) == [
        "/usr/bin/python3",
        "-m",
        "kiosk",
        "--config",
        "/etc/qi-kiosk/kiosk.yaml",
    ]
    assert plan.next_steps[-1] == "systemctl --user enable --now qi-kiosk.service"


def test_windows_task_xml() -> None:
    python = r"C:\Program Files\QI Kiosk\pythonw.exe"
    config = r"C:\ProgramData\QI Kiosk\kiosk.yaml"
    text = windows_task_xml([python, "-m", "kiosk", "--config", config], user="TRUST\\hub-pc")
    root = ET.fromstring(text.replace('encoding="UTF-16"', ""))
    assert root.tag == f"{{{NS['t']}}}Task"
    trigger = root.find("t:Triggers/t:LogonTrigger", NS)
    assert trigger is not None and trigger.findtext("t:Enabled", namespaces=NS) == "true"
    assert trigger.findtext("t:UserId", namespaces=NS) == "TRUST\\hub-pc"
    settings = root.find("t:Settings", NS)
    assert settings.findtext("t:RestartOnFailure/t:Interval", namespaces=NS) == "PT1M"
    # Task Scheduler's schema: Count is 1 to 255 (an unsignedByte), Interval 1 minute to 31 days.
    assert int(settings.findtext("t:RestartOnFailure/t:Count", namespaces=NS)) == 255
    assert settings.findtext("t:ExecutionTimeLimit", namespaces=NS) == "PT0S"  # runs for ever
    assert settings.findtext("t:MultipleInstancesPolicy", namespaces=NS) == "IgnoreNew"
    assert settings.findtext("t:DisallowStartIfOnBatteries", namespaces=NS) == "false"
    assert root.findtext("t:Principals/t:Principal/t:LogonType", namespaces=NS) == (
        "InteractiveToken"  # on the user's desktop, not in session 0
    )
    exec_ = root.find("t:Actions/t:Exec", NS)
    assert exec_.findtext("t:Command", namespaces=NS) == python
    assert exec_.findtext("t:Arguments", namespaces=NS) == (
        '-m kiosk --config "C:\\ProgramData\\QI Kiosk\\kiosk.yaml"'
    )


def test_the_windows_task_runs_the_kiosk_under_its_supervisor(tmp_path: Path) -> None:
    # Task Scheduler restarts a task only when it fails to start; the supervisor restarts crashes.
    plan = build("windows", Path("C:/k.yaml"), python="pythonw.exe", env={}, state_dir=tmp_path)
    root = ET.fromstring(plan.text.replace('encoding="UTF-16"', ""))
    arguments = root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=NS)
    assert arguments.startswith("-m kiosk --supervise --config ")
    linux = build("linux", None, python="/usr/bin/python3", env={"XDG_CONFIG_HOME": "/x"})
    assert "--supervise" not in linux.text  # systemd restarts it itself


def test_windows_quoting_of_awkward_arguments() -> None:
    text = windows_task_xml(["py.exe", 'a "quoted" word', "trailing\\ back\\"])
    root = ET.fromstring(text.replace('encoding="UTF-16"', ""))
    args = root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=NS)
    assert args == '"a \\"quoted\\" word" "trailing\\ back\\\\"'


def test_windows_plan_names_the_user_and_registers_with_schtasks(tmp_path: Path) -> None:
    plan = build(
        "windows",
        None,
        python="pythonw.exe",
        env={"USERNAME": "hub", "USERDOMAIN": "TRUST"},
        state_dir=tmp_path,
    )
    assert plan.path == tmp_path / "qi-kiosk-task.xml"
    assert "<UserId>TRUST\\hub</UserId>" in plan.text
    assert plan.next_steps == [
        f'schtasks /Create /TN "QI Hub Kiosk" /XML "{tmp_path / "qi-kiosk-task.xml"}" /F'
    ]
