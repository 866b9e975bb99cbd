"""``qi-kiosk serve`` as a command: it listens where it says, and bad input is one clear line."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from kiosk.config import ConfigError, parse_config
from kiosk.web.serve import bind
from tests.unit.feed.feed_servers import Reply, ScriptedServer

REPO = Path(__file__).resolve().parents[2]


def run_serve(*args: str, timeout: float = 60) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "serve", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_demo_on_a_free_port(tmp_path: Path, client: httpx.Client) -> None:
    process = run_serve("--demo", "--port", "0", "--state-dir", str(tmp_path))
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert found, line
        base = f"http://127.0.0.1:{found.group(1)}"
        for _ in range(300):  # the first read of the feed is the worker's
            health = client.get(base + "/healthz").json()
            if health["projects"]:
                break
            threading.Event().wait(0.05)
        assert health["feed"]["source"] == "demo:"
        assert health["feed"]["state"] == "demo"
        assert "ward-7-falls" in client.get(base + "/").text
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors


def test_serve_refuses_a_port_in_use(tmp_path: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = str(taken.getsockname()[1])
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk",
                "serve",
                "--demo",
                "--port",
                port,
                "--state-dir",
                str(tmp_path),
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        taken.close()
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == f"qi-kiosk serve: cannot listen on 127.0.0.1:{port}: the port is in use"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "must be between 0 and 65535"),
        (["--demo", "--config", "x.yaml"], "give --config or --demo, not both"),
    ],
)
def test_serve_usage_errors_are_one_line(args: list[str], message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "serve", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr


def test_web_config_section() -> None:
    config = parse_config(
        "web:\n  host: 0.0.0.0\n  port: 8443\n  base_url: https://qi-hub.example.org/\n"
        "  allowed_networks: [10.20.0.0/16, 'fd00::/8']\n  idle_seconds: 45\n"
    )
    assert config.web.host == "0.0.0.0" and config.web.port == 8443
    assert config.web.base_url == "https://qi-hub.example.org/"
    assert config.web.allowed_networks == (
        ipaddress.ip_network("10.20.0.0/16"),
        ipaddress.ip_network("fd00::/8"),
    )
    assert config.web.idle_seconds == 45
    assert parse_config("").web.host == "127.0.0.1"
    with pytest.raises(ConfigError) as error:
        parse_config("web:\n  allowed_networks: [10.20.0.1/16, nonsense]\n  port: 0\n")
    problems = error.value.problems
    assert any("web.allowed_networks: not a network" in p and "line 2" in p for p in problems)
    assert any(p.startswith("web.port: must be between 1 and 65535") for p in problems)


def test_serve_sends_plans_to_the_configured_intake(tmp_path: Path, client: httpx.Client) -> None:
    intake = ScriptedServer().start()
    intake.route("/intake", Reply(201, b"{}"))
    config = tmp_path / "hub.yaml"
    config.write_text(
        "feed:\n  source: 'demo:'\n"
        f"intake:\n  url: {intake.url('/intake')}\n  allow_http: true\n"
        f"state_dir: {tmp_path / 'state'}\nscreen_id: hub-ipads\n",
        encoding="utf-8",
    )
    process = run_serve("--config", str(config), "--port", "0")
    try:
        assert process.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
        assert found
        base = f"http://127.0.0.1:{found.group(1)}"
        form = client.get(base + "/start/plan").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)
        assert csrf is not None and 'id="send-plan"' in form
        sent = client.post(
            base + "/start/plan",
            data={"csrf": csrf.group(1), "aim_what": "falls on Ward 7", "action": "send"},
        )
        assert "Sent to the QI team" in sent.text
        for _ in range(400):
            if intake.requests:
                break
            threading.Event().wait(0.05)
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
        intake.stop()
    assert process.returncode == 0, errors
    [request] = intake.requests
    document = json.loads(request.body)
    assert document["screen_id"] == "hub-ipads"
    assert document["plan"]["aim"]["what"] == "falls on Ward 7"


def test_the_listening_socket_is_tcp_so_connections_get_nodelay() -> None:
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()
