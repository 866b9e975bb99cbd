"""The web app on a real uvicorn server on 127.0.0.1, in a thread, for the web tests."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn

from kiosk.config import FeedConfig
from kiosk.feed.store import FeedStore
from kiosk.feed.updater import FeedUpdater
from kiosk.qr import QrPolicy
from kiosk.uptake.recorder import Tracker
from kiosk.web.app import WebSettings, create_app
from kiosk.web.live import LiveFeed
from kiosk.web.serve import server_config


def write_feed(path: Path, projects: list[dict[str, Any]], **extra: Any) -> Path:
    path.write_text(
        json.dumps(
            {"feed_version": 1, "hub": {"name": "Test QI Hub"}, "projects": projects, **extra}
        ),
        encoding="utf-8",
    )
    return path


def live_feed(source: str, state_dir: Path, **feed: Any) -> LiveFeed:
    config = FeedConfig(source=source, **feed)
    return LiveFeed(FeedUpdater(config, FeedStore(state_dir), None, None))


@contextlib.contextmanager
def serving(
    live: LiveFeed,
    *,
    allowed_hosts: tuple[str, ...] = ("qi.example.org",),
    idle_seconds: int = 90,
    networks: tuple[Any, ...] = (),
    tracker: Tracker | None = None,
    **more: Any,
) -> Iterator[str]:
    """Serve the app on 127.0.0.1 (a free port) and yield its base URL, e.g. http://127.0.0.1:4321.

    `more` are further :class:`WebSettings` (an outbox, rate limits)."""
    settings = WebSettings(
        qr=QrPolicy(allowed_hosts), idle_seconds=idle_seconds, tracker=tracker, **more
    )
    app = create_app(live, settings, networks=networks)
    # IPPROTO_TCP as qi-kiosk serve's socket has it (from getaddrinfo): asyncio then sets
    # TCP_NODELAY on each connection, so a kept-alive connection does not wait on Nagle.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(server_config(app))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(1000):
            if server.started or not thread.is_alive():
                break
            threading.Event().wait(0.01)
        assert server.started, "the web server did not start"
        # The first refresh runs in the feed's worker, not in a request: wait for it to end.
        for _ in range(3000):
            if live.snapshot.status.last_attempt_at is not None:
                break
            threading.Event().wait(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
