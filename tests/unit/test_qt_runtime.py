"""Guards against a Qt for Python build that would crash a kiosk after days of running."""

from __future__ import annotations

import subprocess
import sys


def test_signal_emission_keeps_reference_counts() -> None:
    # PySide6 6.12.0 drops a reference to True/False on every emit; a long-running kiosk then dies.
    code = (
        "import sys\n"
        "from PySide6.QtCore import QCoreApplication, QObject, Signal\n"
        "class O(QObject):\n"
        "    changed = Signal()\n"
        "app = QCoreApplication([])\n"
        "o = O()\n"
        "before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)\n"
        "for _ in range(2000): o.changed.emit()\n"
        "after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)\n"
        "print(all(abs(a - b) < 50 for a, b in zip(before, after)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == "True", result.stderr[-500:]
