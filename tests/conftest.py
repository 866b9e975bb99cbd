"""Test set-up: Qt runs offscreen with the software renderer, before any Qt object exists."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_QUICK_BACKEND"] = "software"
os.environ.setdefault("QT_SCALE_FACTOR", "1")
# Qt's offscreen platform has no fonts of its own configured; the kiosk bundles its own.
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")
