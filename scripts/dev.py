#!/usr/bin/env python3
"""Set up and run QI Hub Kiosk from a checkout, on Linux or Windows, with the standard library only.

    python3 scripts/dev.py demo    the kiosk on its built-in demo feed, in a window
                                   (no display: the demo posters are rendered to PNG files)
    python3 scripts/dev.py test    the whole test suite, offscreen

Both create .venv in the checkout if needed and install what they need into it.
"""

from __future__ import annotations

import argparse
import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
WINDOWS = os.name == "nt"
MIN_PYTHON = (3, 11)

# Shared libraries Qt's X11 platform plugin needs, with the Debian/Ubuntu package of each.
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-shape": "libxcb-shape0",
    "xcb-render-util": "libxcb-render-util0",
    "xcb-image": "libxcb-image0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
    "dbus-1": "libdbus-1-3",
}


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def ensure_venv() -> Path:
    python = venv_python()
    if python.exists():
        return python
    say(f"creating a virtual environment in {VENV}")
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        hint = (
            " (on Debian/Ubuntu: sudo apt-get install python3-venv)"
            if sys.platform.startswith("linux")
            else ""
        )
        sys.exit(f"dev.py: could not create {VENV}: {exc}{hint}")
    return python


def install(python: Path, extras: str) -> None:
    """Install the kiosk (editable) with `extras`; skipped when nothing it depends on changed."""
    spec = (ROOT / "pyproject.toml").read_bytes()
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256(spec + sys.version.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    say(f"installing qi-hub-kiosk{f' with {extras} extras' if extras else ''} into {VENV}")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=False
    )
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--editable", target],
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        sys.exit("dev.py: installation failed (see the messages above)")
    stamp.write_text(digest)


def missing_window_libraries() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    return [
        package for name, package in XCB_LIBRARIES.items() if ctypes.util.find_library(name) is None
    ]


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def demo(extra: list[str]) -> int:
    python = ensure_venv()
    install(python, "")
    if not has_display():
        out = ROOT / "out" / "demo-posters"
        say(f"no display found (DISPLAY is not set): rendering the demo posters to {out} instead")
        code = subprocess.run(
            [str(python), "-m", "kiosk", "posters", "--demo", "--out", str(out), *extra],
            check=False,
        ).returncode
        if code == 0:
            say(f"the demo posters are in {out}")
        return code
    missing = missing_window_libraries()
    if missing:
        say("Qt needs system libraries that are missing for a window on X11. Install them with:")
        print(f"    sudo apt-get install {' '.join(missing)}")
        return 1
    return subprocess.run(
        [str(python), "-m", "kiosk", "--demo", "--windowed", *extra], check=False
    ).returncode


def test(extra: list[str]) -> int:
    python = ensure_venv()
    install(python, "test")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    return subprocess.run(
        [str(python), "-m", "pytest", *extra], cwd=ROOT, env=env, check=False
    ).returncode


def main() -> int:
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"dev.py: QI Hub Kiosk needs Python {'.'.join(map(str, MIN_PYTHON))} or newer")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("demo", "test"))
    args, extra = parser.parse_known_args()
    return demo(extra) if args.command == "demo" else test(extra)


if __name__ == "__main__":
    sys.exit(main())
