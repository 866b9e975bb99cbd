"""`install-autostart` and `hash-pin` as IT runs them: real processes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_config
from tests.e2e.test_command_line import run_kiosk


def test_install_autostart_writes_a_unit_systemd_accepts(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("mode: display\n")
    result = run_kiosk(
        "install-autostart", "--config", str(config), env={"XDG_CONFIG_HOME": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    unit = tmp_path / "systemd" / "user" / "qi-kiosk.service"
    assert f"wrote {unit}" in result.stdout
    assert "systemctl --user enable --now qi-kiosk.service" in result.stdout
    text = unit.read_text()
    assert f"--config {config}" in text and "Type=notify" in text
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    check = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, check=False
    )
    # systemd reports a bad line on stderr and carries on; there must be none.
    assert check.returncode == 0 and str(unit) not in check.stderr, check.stderr


def test_install_autostart_print_changes_nothing(tmp_path: Path) -> None:
    result = run_kiosk(
        "install-autostart",
        "--print",
        "--platform",
        "windows",
        env={"XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    assert "<LogonTrigger>" in result.stdout
    assert "built-in demo" in result.stderr
    assert not list(tmp_path.iterdir())


def test_install_autostart_problems_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rotation:\n  seconds: 1\n")
    result = run_kiosk("install-autostart", "--config", str(bad))
    assert result.returncode == 2 and "rotation.seconds" in result.stderr
    assert "Traceback" not in result.stderr
    other = run_kiosk("install-autostart", "--platform", "windows")
    assert other.returncode == 2
    assert other.stderr.strip() == (
        "qi-kiosk install-autostart: a windows file can only be printed here (add --print)"
    )


def test_hash_pin_makes_a_hash_the_config_accepts(tmp_path: Path) -> None:
    result = subprocess.run(
        [*run_kiosk_argv(), "hash-pin"], check=False, input="2468\n", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith("scrypt$")
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"admin:\n  pin_hash: {line}\n")
    pin_hash = load_config(config).admin.pin_hash
    assert pin_hash is not None and pin_hash.matches("2468") and not pin_hash.matches("2469")
    again = subprocess.run(
        [*run_kiosk_argv(), "hash-pin"], check=False, input="2468\n", capture_output=True, text=True
    )
    assert again.stdout.strip() != line  # salted


def test_hash_pin_refuses_a_bad_pin() -> None:
    result = subprocess.run(
        [*run_kiosk_argv(), "hash-pin"], check=False, input="12ab\n", capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "qi-kiosk hash-pin: a PIN is 4 to 12 digits"


def run_kiosk_argv() -> list[str]:
    import sys

    return [sys.executable, "-m", "kiosk"]
