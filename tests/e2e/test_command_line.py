"""The whole kiosk as a user runs it: real processes, offscreen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO, decode_qr_codes

DEMO = json.loads((REPO / "assets" / "demo" / "feed.json").read_text())
LINKS = {p["id"]: p["link"] for p in DEMO["projects"]}


def run_kiosk(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None, timeout: int = 120):
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_screenshot_and_exit_after(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    state = tmp_path / "state"
    result = run_kiosk(
        "--demo",
        "--windowed",
        "--exit-after",
        "3",
        "--screenshot",
        str(shot),
        "--state-dir",
        str(state),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    status = json.loads((state / "status.json").read_text())
    assert decode_qr_codes(shot) == [LINKS[status["showing"]]]


def test_posters_command_writes_one_decodable_png_per_project(tmp_path: Path) -> None:
    out = tmp_path / "posters"
    result = run_kiosk(
        "posters",
        "--demo",
        "--out",
        str(out),
        "--size",
        "1280x720",
        "--state-dir",
        str(tmp_path / "state"),
    )
    assert result.returncode == 0, result.stderr
    files = sorted(out.glob("*.png"))
    assert len(files) == len(DEMO["projects"])
    for path in files:
        project_id = path.stem.split("-", 1)[1]
        assert decode_qr_codes(path) == [LINKS[project_id]], path.name


def test_no_display_is_one_clear_line(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--demo", "--state-dir", str(tmp_path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if sys.platform.startswith("linux"):
        assert result.returncode == 2
        assert result.stderr.strip().startswith("qi-kiosk: no display found")
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    return next(out.glob("*.whl"))


def test_wheel_ships_screens_assets_and_config(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "kiosk/screens/Main.qml",
        "kiosk/screens/qmldir",
        "kiosk/screens/Theme.qml",
        "kiosk/assets/demo/feed.json",
        "kiosk/assets/fonts/Lato-Regular.ttf",
        "kiosk/assets/fonts/OFL.txt",
        "kiosk/config_files/feed.schema.json",
        "kiosk/config_files/kiosk.example.yaml",
    ):
        assert required in names, required
    images = [n for n in names if n.startswith("kiosk/assets/demo/images/")]
    assert len(images) >= 12


def test_installed_package_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    """A plain (non-editable) install finds its QML, fonts and demo feed wherever it runs from."""
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = elsewhere / "posters"
    result = run_kiosk(
        "posters",
        "--demo",
        "--out",
        str(out),
        "--size",
        "1280x720",
        "--state-dir",
        str(tmp_path / "state"),
        cwd=elsewhere,
        env={"PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "could not load font" not in result.stderr
    probe = subprocess.run(
        [sys.executable, "-c", "import kiosk, sys; print(kiosk.__file__)"],
        cwd=elsewhere,
        env=dict(os.environ, PYTHONPATH=str(target), PYTHONSAFEPATH="1"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip().startswith(str(target))
    assert len(list(out.glob("*.png"))) == len(DEMO["projects"])


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs Xvfb (apt-get install xvfb)")
def test_fullscreen_covers_a_screen_with_no_window_manager(tmp_path: Path) -> None:
    """A bare X server (no window manager to honour fullscreen): the kiosk still covers it."""
    shot = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QT_QUICK_BACKEND")}
    env["QT_QUICK_BACKEND"] = "software"
    result = subprocess.run(
        [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1600x900x24",
            sys.executable,
            "-m",
            "kiosk",
            "--demo",
            "--exit-after",
            "3",
            "--screenshot",
            str(shot),
            "--state-dir",
            str(tmp_path / "state"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode and (
        "could not connect to display" in result.stderr or "xcb" in result.stderr
    ):
        pytest.skip("Qt's X11 platform plugin cannot run here: " + result.stderr.strip()[-200:])
    assert result.returncode == 0, result.stderr[-2000:]
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1600, 900)
