"""The core is plain Python: feed, SPC, playlist, config and catalogue never import Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QT_FREE = [
    "kiosk.config",
    "kiosk.spc",
    "kiosk.spc_reading",
    "kiosk.chart",
    "kiosk.chart.svg",
    "kiosk.playlist",
    "kiosk.catalogue",
    "kiosk.status",
    "kiosk.qr",
    "kiosk.feed.schema",
    "kiosk.feed.source",
    "kiosk.feed.check",
    "kiosk.feed.jsonschema",
    "kiosk.schedule",
    "kiosk.pin",
    "kiosk.display_power",
    "kiosk.sdnotify",
    "kiosk.autostart",
    "kiosk.heartbeat",
    "kiosk.admin_info",
    "kiosk.workbook.publish",
    "kiosk.workbook.export",
    "kiosk.workbook.template",
    "kiosk.uptake.events",
    "kiosk.uptake.store",
    "kiosk.uptake.recorder",
    "kiosk.burn_in",
    "kiosk.crash_loop",
    "kiosk.uptake.matomo",
    "kiosk.uptake.report",
    "kiosk.uptake.report_html",
]


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
