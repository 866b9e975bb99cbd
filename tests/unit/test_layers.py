"""The core is plain Python: feed, SPC, playlist, config and catalogue never import Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOT_CORE = ("kiosk.ui", "kiosk.app", "kiosk.cli", "kiosk.__main__")


def core_modules() -> list[str]:
    """Every module of the kiosk outside the Qt layer, the app and the command line."""
    names = []
    for path in sorted((REPO / "kiosk").rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        name = ".".join(parts)
        if not any(name == n or name.startswith(n + ".") for n in NOT_CORE):
            names.append(name)
    return names


QT_FREE = core_modules()


def test_core_modules_do_not_import_pyside() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {QT_FREE!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_only_the_ui_package_and_app_import_pyside() -> None:
    allowed = {"kiosk/app.py"}
    for path in (REPO / "kiosk").rglob("*.py"):
        rel = path.relative_to(REPO).as_posix()
        if rel.startswith("kiosk/ui/") or rel in allowed:
            continue
        assert "PySide6" not in path.read_text(), rel
