"""Rendering posters to PNG files, exactly as the screen shows them."""

from __future__ import annotations

import argparse
import logging
import re
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QObject
from PySide6.QtGui import QGuiApplication

from kiosk.app import Kiosk, prepare_platform, resolve_config
from kiosk.logs import setup_logging

logger = logging.getLogger(__name__)

READY_TIMEOUT_MS = 10_000


def find_items(root: QObject, object_name: str) -> list[QObject]:
    """Every item below `root` (itself included) with this objectName."""
    found = [root] if root.objectName() == object_name else []
    return found + root.findChildren(QObject, object_name)


def front_poster(kiosk: Kiosk) -> QObject | None:
    """The poster in front of the rotation (the one with the highest z in the poster view)."""
    root = kiosk.window.rootObject()
    if root is None:
        return None
    showing = kiosk.rotation.showing
    for poster in find_items(root, "poster"):
        if poster.property("projectId") == showing and poster.parent() is not None:
            slot = poster.parent()
            if slot.property("z") == 1:
                return poster
    return None


def wait_until_ready(kiosk: Kiosk, timeout_ms: int = READY_TIMEOUT_MS) -> bool:
    """Spin the event loop until the front poster has its image and chart, and a frame is drawn."""
    app = QGuiApplication.instance()
    assert app is not None
    deadline = QDeadlineTimer(timeout_ms)
    while not deadline.hasExpired():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        poster = front_poster(kiosk)
        if poster is not None and poster.property("ready"):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            return True
    return False


def safe_name(project_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", project_id)[:64]


def render_all(kiosk: Kiosk, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    kiosk.show()
    catalogue = kiosk.catalogue
    written: list[Path] = []
    projects = catalogue.projects if catalogue else ()
    for number, project in enumerate(projects, start=1):
        kiosk.rotation.show_project(project.id)
        if not wait_until_ready(kiosk):
            logger.warning("poster %s was not ready in time; rendered as it was", project.id)
        path = out_dir / f"{number:03d}-{safe_name(project.id)}.png"
        if kiosk.screenshot(path):
            written.append(path)
    return written


def render_posters(args: argparse.Namespace) -> int:
    """``qi-kiosk posters``: one PNG per project, each drawn exactly as the screen shows it."""
    prepare_platform(args)
    config = resolve_config(args)
    setup_logging(config.log, config.state_dir)
    kiosk = Kiosk(config, windowed=True, size=args.poster_size)
    try:
        written = render_all(kiosk, args.out)
    finally:
        kiosk.close()
    for path in written:
        print(path)
    return 0 if written else 1
