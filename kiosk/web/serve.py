"""``qi-kiosk serve``: the web app for the hub's tablets, on uvicorn (no Qt).

The socket is bound here, before the server starts, so that a port in use is one clear line
(exit 2) and ``--port 0`` picks a free port; the address served is printed once it listens.
"""

from __future__ import annotations

import argparse
import errno
import logging
import signal
import socket
import sys
from dataclasses import replace

import uvicorn
from starlette.types import ASGIApp

from kiosk.args import EXIT_OK, UsageError
from kiosk.config import DEMO_SOURCE, ConfigError, KioskConfig, load_config, parse_config
from kiosk.feed.store import FeedStore
from kiosk.feed.updater import FeedUpdater
from kiosk.outbox import IntakeClient, Outbox, OutboxError, OutboxWorker
from kiosk.outbox.command import outbox_path
from kiosk.qr import QrPolicy
from kiosk.resources import demo_config_path
from kiosk.uptake.recorder import Recorder, Tracker, open_recorder
from kiosk.web.app import WebSettings, create_app
from kiosk.web.live import LiveFeed

logger = logging.getLogger(__name__)


def resolve(args: argparse.Namespace) -> KioskConfig:
    """The configuration ``serve`` runs with: --demo (or no --config) serves the demo feed."""
    path = args.serve_config
    try:
        config = load_config(path) if path else parse_config("")
        if args.serve_demo or path is None:
            demo = load_config(demo_config_path())
            config = replace(
                config,
                feed=replace(config.feed, source=DEMO_SOURCE),
                qr=replace(
                    config.qr, allowed_hosts=config.qr.allowed_hosts + demo.qr.allowed_hosts
                ),
            )
    except ConfigError as exc:
        raise UsageError(exc.report()) from None
    web = config.web
    if args.serve_host:
        web = replace(web, host=args.serve_host)
    if args.serve_port is not None:
        web = replace(web, port=args.serve_port)
    config = replace(config, web=web)
    if args.serve_state_dir:
        config = replace(config, state_dir=args.serve_state_dir.resolve())
    return config


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on `host`:`port`, or a UsageError saying why not."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"qi-kiosk serve: cannot listen on {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    # A TCP socket that says so: asyncio then sets TCP_NODELAY on every connection, without
    # which each response on a kept-alive connection waits about 40 ms for Nagle.
    sock = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = "the port is in use" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise UsageError(f"qi-kiosk serve: cannot listen on {host}:{port}: {reason}") from None
    sock.set_inheritable(True)
    return sock


class Delivery:
    """The outbox of plans sent from the web app and the worker that delivers them."""

    def __init__(self, config: KioskConfig) -> None:
        self.outbox = Outbox(
            outbox_path(config.state_dir),
            max_items=config.intake.max_items,
            max_bytes=config.intake.max_mb * 1_000_000,
        )
        self.client = IntakeClient(config.intake)
        self.worker = OutboxWorker(self.outbox, self.client.post)

    def start(self) -> None:
        self.worker.start()

    def stop(self) -> None:
        self.worker.stop()
        self.client.close()
        self.outbox.close()


def open_delivery(config: KioskConfig) -> Delivery | None:
    """The outbox for "Send to the QI team" when ``intake`` is configured and it opens."""
    if not config.intake.enabled:
        return None
    try:
        return Delivery(config)
    except OutboxError as exc:
        logger.error("plans cannot be sent from the web app: %s", exc)
        return None


def build(
    config: KioskConfig, delivery: Delivery | None = None
) -> tuple[LiveFeed, WebSettings, Recorder | None]:
    updater = FeedUpdater(config.feed, FeedStore(config.state_dir), None, None)
    qr = QrPolicy(
        config.qr.allowed_hosts, campaign=config.screen_id if config.qr.campaign else None
    )
    recorder = None
    if config.uptake.enabled:
        recorder = open_recorder(
            config.state_dir,
            timezone=config.schedule.timezone if config.schedule else "Europe/London",
            retention_days=config.uptake.retention_days,
            export_dir=config.uptake.export_dir,
            screen_id=config.screen_id,
            outbox=False,
        )
    tracker = (
        Tracker(
            recorder,
            screen_id=config.screen_id,
            channel="web",
            visitor_groups=config.uptake.visitor_groups,
        )
        if recorder
        else None
    )
    settings = WebSettings(
        qr=qr,
        idle_seconds=config.web.idle_seconds,
        base_url=config.web.base_url,
        tracker=tracker,
        outbox=delivery.outbox if delivery else None,
        on_queued=delivery.worker.nudge if delivery else None,
        recipient=config.intake.email or "",
        screen_id=config.screen_id,
        rules=config.spc.rules,
    )
    return LiveFeed(updater, rules=config.spc.rules), settings, recorder


def server_config(app: ASGIApp) -> uvicorn.Config:
    """How uvicorn runs the app: no Server header, no proxy headers trusted, no access log."""
    return uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        # X-Forwarded-For is not trusted: allowed_networks sees the real client address.
        proxy_headers=False,
        server_header=False,
        date_header=True,
        lifespan="on",
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=64 * 1024,
    )


def serve_command(args: argparse.Namespace) -> int:
    from kiosk.logs import setup_logging

    config = resolve(args)
    setup_logging(config.log, config.state_dir)
    sock = bind(config.web.host, config.web.port)
    host, port = sock.getsockname()[:2]
    delivery = open_delivery(config)
    live, settings, recorder = build(config, delivery)
    app = create_app(live, settings, networks=config.web.allowed_networks)
    server = uvicorn.Server(server_config(app))
    shown = f"[{host}]" if ":" in host else host
    print(f"serving the QI hub on http://{shown}:{port}/ (Ctrl+C to stop)", flush=True)
    logger.info("serving on %s:%s, feed %s", host, port, config.feed.source)
    # uvicorn stops gracefully on SIGTERM and then raises it again with the handler it found:
    # this one makes a stop asked for by systemd or a service manager end with exit 0.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    if delivery is not None:
        delivery.start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        if delivery is not None:
            delivery.stop()
        if recorder is not None:
            recorder.close()
    sys.stdout.flush()
    return EXIT_OK
