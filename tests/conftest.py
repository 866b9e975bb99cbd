"""Test set-up: Qt runs offscreen with the software renderer, before any Qt object exists."""

from __future__ import annotations

import os

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QT_QUICK_BACKEND"] = "software"
os.environ.setdefault("QT_SCALE_FACTOR", "1")
# Qt's offscreen platform has no fonts of its own configured; the kiosk bundles its own.
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.fonts.warning=false")


@pytest.fixture(autouse=True)
def _no_proxy_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Network tests talk to 127.0.0.1 directly, whatever proxy the machine has configured."""
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "REQUESTS_CA_BUNDLE",
        "CURL_CA_BUNDLE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
