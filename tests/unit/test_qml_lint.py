"""Every screen passes Qt's qmllint with zero warnings, knowing the kiosk's own Python types."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_screens_have_no_qmllint_warnings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "scripts/qmllint.py", "--types-dir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning:" not in output, output
    # The kiosk's Python types were described to qmllint, so it checked every use of them.
    qmltypes = (tmp_path / "KioskUi" / "kioskui.qmltypes").read_text(encoding="utf-8")
    for name in ("KioskState", "Rotation", "Touch", "Navigator", "SpcChart", "QrCode"):
        assert f'name: "{name}"' in qmltypes
