"""Fixtures for the feed tests: scripted servers on 127.0.0.1 (see ``feed_servers``)."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from tests.unit.feed.feed_servers import ScriptedServer, SilentServer


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    srv = ScriptedServer().start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def test_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(test_ca: trustme.CA) -> Iterator[ScriptedServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    test_ca.issue_cert("127.0.0.1").configure_cert(context)
    srv = ScriptedServer(context).start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def ca_bundle(test_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "trust-ca.pem"
    test_ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    srv = SilentServer()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def refused_url() -> str:
    """A 127.0.0.1 port nobody listens on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/feed.json"
