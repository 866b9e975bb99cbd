"""docs/ARCHITECTURE.md names only what exists: each file, package member and screen."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
PAINTED = {"SpcChart", "SpcIcon", "QrCode"}
"""QML types painted in Python (kiosk/ui), not screens/*.qml files."""


CODE = DOC.split("## State on disk")[0]
"""The page up to its list of the files the kiosk writes at run time."""


def exists(name: str) -> bool:
    """From the repository, the package, or inside one of its packages (the web row's files)."""
    kiosk = REPO / "kiosk"
    return (REPO / name).exists() or (kiosk / name).exists() or any(kiosk.glob(f"*/{name}"))


def test_every_file_it_names_exists() -> None:
    named = set(re.findall(r"[\w./]*\w\.(?:py|qml|md)\b", CODE))
    named |= set(re.findall(r"`(\w+/)`", CODE))
    assert len(named) > 60  # the page was read
    missing = sorted(n for n in named if not exists(n))
    assert not missing, missing


def test_every_package_member_it_lists_exists() -> None:
    # "`outbox/` (store, delivery, worker, command)": each name is a module or folder there.
    # Only the code's part of the page: its state folders ("`qr/` (QR codes ...)") are no packages.
    listed = re.findall(r"`(\w+)/` \(([^)]*)\)", CODE)
    assert len(listed) >= 5
    missing = []
    for package, names in listed:
        for name in re.split(r",\s*|\s+and\s+", names):
            base = REPO / "kiosk" / package
            if not ((base / f"{name}.py").exists() or (base / name).is_dir()):
                missing.append(f"{package}/{name}")
    assert not missing, missing


def test_every_screen_in_the_table_exists() -> None:
    rows = [line.split("|") for line in DOC.splitlines() if line.startswith("| **")]
    assert len(rows) >= 10
    screens = {name for row in rows for name in re.findall(r"`(\w+)`", row[-2])}
    missing = sorted(n for n in screens - PAINTED if not (REPO / "screens" / f"{n}.qml").exists())
    assert not missing, missing
