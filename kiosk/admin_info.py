"""What the admin screen tells about this screen, as label and value rows (no Qt)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from kiosk import __version__
from kiosk.config import KioskConfig
from kiosk.status import Status


def when(moment: dt.datetime | None, now: dt.datetime) -> str:
    if moment is None:
        return "never"
    return f"{moment.astimezone():%d %b %Y %H:%M} ({duration(now - moment)} ago)"


def duration(span: dt.timedelta) -> str:
    seconds = max(0, int(span.total_seconds()))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min"
    return f"{seconds} s"


def free_disk(path: Path) -> str:
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        usage = shutil.disk_usage(probe)
    except OSError as exc:
        return f"unknown ({exc.strerror or exc})"
    return f"{usage.free / 1e9:.1f} GB free of {usage.total / 1e9:.0f} GB"


def queue_files(state_dir: Path) -> list[tuple[str, str]]:
    """Queues kept in ``state_dir`` (events waiting to be sent), where there are any."""
    rows = []
    for label, name in (("Outbox", "outbox"), ("Uptake queue", "uptake")):
        folder = state_dir / name
        if folder.is_dir():
            count = sum(1 for p in folder.iterdir() if p.is_file())
            rows.append((label, f"{count} waiting"))
    return rows


def admin_rows(
    *,
    config: KioskConfig,
    status: Status,
    now: dt.datetime,
    started_at: dt.datetime,
    screen_size: tuple[int, int] | None,
    addresses: list[str],
) -> list[tuple[str, str]]:
    feed = status.feed
    rows = [
        ("Version", __version__),
        ("Mode", config.mode),
        ("Screen id", config.screen_id),
        ("Feed", f"{feed.state}: {feed.source or 'none'}"),
        ("Last success", when(feed.last_success_at, now)),
        ("Last error", feed.last_error or "none"),
        ("Projects", f"{feed.projects} shown, {feed.skipped} skipped"),
        *queue_files(config.state_dir),
        ("Free disk", free_disk(config.state_dir)),
        ("Uptime", duration(now - started_at)),
        ("IP addresses", ", ".join(addresses) or "none"),
        ("Screen size", f"{screen_size[0]} x {screen_size[1]}" if screen_size else "unknown"),
        ("Opening hours", config.schedule.describe(now) if config.schedule else "always on"),
    ]
    return rows
