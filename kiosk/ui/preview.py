"""``qi-kiosk preview WORKBOOK``: the kiosk on the feed a workbook builds, before publishing.

The workbook is checked and built into a temporary folder exactly as ``build-feed`` would,
then the kiosk reads that feed as a screen would read the published one: in a window on the
desktop, or (with no display, or with ``--out``) as one PNG per poster. Nothing is left behind
but the PNG files.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QDeadlineTimer, QEventLoop
from PySide6.QtGui import QGuiApplication

from kiosk.args import EXIT_INVALID_FEED, EXIT_OK, UsageError
from kiosk.config import ConfigError, KioskConfig, load_config
from kiosk.feed.model import Feed
from kiosk.logs import setup_logging
from kiosk.ui.render import render_all
from kiosk.workbook.publish import FEED_FILE, build_feed

logger = logging.getLogger(__name__)

CONTENT_TIMEOUT_MS = 60_000


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def preview_config(
    feed_file: Path, state_dir: Path, feed: Feed, base: KioskConfig | None, mode: str | None
) -> KioskConfig:
    """The screen's configuration (or the defaults) reading the built feed, in a window; QR
    codes are allowed for the feed's own hosts when no configuration says which."""
    config = base or KioskConfig()
    hosts = config.qr.allowed_hosts
    if base is None:
        links = [feed.hub.url, *(p.link for p in feed.projects), *(t.link for t in feed.templates)]
        hosts = tuple(sorted({urlsplit(u).hostname or "" for u in links if u} - {""}))
    return dataclasses.replace(
        config,
        mode=mode or config.mode,
        state_dir=state_dir,
        feed=dataclasses.replace(config.feed, source=str(feed_file), refresh_seconds=3600),
        qr=dataclasses.replace(config.qr, allowed_hosts=hosts),
        display=dataclasses.replace(config.display, fullscreen=False),
        schedule=None,
    )


def _wait_for_content(kiosk: object, expected: int) -> bool:
    """Spin the event loop until the kiosk shows the built feed's projects."""
    app = QGuiApplication.instance()
    assert app is not None
    deadline = QDeadlineTimer(CONTENT_TIMEOUT_MS)
    while not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        catalogue = getattr(kiosk, "catalogue", None)
        if catalogue is not None and len(catalogue.projects) >= expected:
            return True
    return False


def run_preview(args: argparse.Namespace) -> int:
    from kiosk.app import Kiosk

    base = None
    if args.preview_config is not None:
        try:
            base = load_config(args.preview_config)
        except ConfigError as exc:
            raise UsageError(exc.report()) from None
    posters_dir: Path | None = args.preview_out
    if posters_dir is None and not _has_display():
        posters_dir = Path.cwd() / f"{args.workbook.stem}-posters"
        print(f"no display: the posters go to {posters_dir}")
    if posters_dir is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ.setdefault("QT_QUICK_BACKEND", "software")

    with tempfile.TemporaryDirectory(prefix="qi-kiosk-preview-") as temp:
        out = Path(temp) / "feed"
        outcome = build_feed(args.workbook, out, args.images)
        for line in outcome.report(args.workbook):
            print(line)
        if outcome.written is None or outcome.built is None:
            return EXIT_INVALID_FEED
        from kiosk.feed.source import read_file

        feed = read_file(out / FEED_FILE, max_bytes=1_000_000_000).feed
        config = preview_config(out / FEED_FILE, Path(temp) / "state", feed, base, args.mode)
        setup_logging(config.log, config.state_dir)
        kiosk = Kiosk(config, windowed=True, size=args.preview_size)
        try:
            if not _wait_for_content(kiosk, len(feed.projects)):
                logger.warning("the kiosk did not show every project in time")
            if posters_dir is not None:
                written = render_all(kiosk, posters_dir)
                for path in written:
                    print(path)
                return EXIT_OK if written else EXIT_INVALID_FEED
            if args.exit_after or args.screenshot:
                kiosk.exit_after(args.exit_after or 3.0, args.screenshot)
            return kiosk.run()
        finally:
            kiosk.close()
