"""`qi-kiosk check-feed URL` against real servers on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.unit.feed.feed_servers import Reply, ScriptedServer

GOOD = json.dumps({"feed_version": 1, "projects": [{"id": "a", "title": "A"}]}).encode()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


def test_check_feed_url(
    server: ScriptedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("feed:\n  allow_http: true\n  timeout_seconds: 2\n")
    url = server.route("/feed.json", Reply(200, GOOD))
    assert run(["check-feed", url, "--config", str(config)], capsys) == (
        0,
        "valid: 1 projects, 0 templates, 0 skipped, 0 warnings\n",
    )

    server.route("/feed.json", Reply(503, b"busy"))
    code, out = run(["check-feed", url, "--config", str(config)], capsys)
    assert code == 1 and f"error: HTTP 503 from {url}" in out

    server.route("/feed.json", Reply(200, b"<html><body>Login</body></html>"))
    code, out = run(["check-feed", url, "--config", str(config)], capsys)
    assert code == 1 and "HTML or XML page instead of JSON" in out


def test_check_feed_plain_http_needs_allow_http(
    server: ScriptedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.route("/feed.json", Reply(200, GOOD))
    code, out = run(["check-feed", url], capsys)
    assert code == 1 and "plain http refused" in out


def test_check_feed_https_with_the_trusts_ca(
    tls_server: ScriptedServer, ca_bundle: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = tls_server.route("/feed.json", Reply(200, GOOD))
    code, out = run(["check-feed", url], capsys)
    assert code == 1 and "certificate verify failed" in out
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"feed:\n  ca_bundle: {ca_bundle}\n")
    code, out = run(["check-feed", url, "--config", str(config)], capsys)
    assert code == 0, out
