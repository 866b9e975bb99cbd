"""What the admin screen tells about this screen, as label and value rows (no Qt)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.config import KioskConfig
from kiosk.status import Status

Row = tuple[str, str]
"""A label and its value."""


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


def queue_rows(outbox: Mapping[str, Any] | None, uptake_waiting: int | str | None) -> list[Row]:
    """The queues waiting to be sent, where there are any: plans for the QI team (the outbox,
    as the status file has it) and uptake events for Matomo (a count, or why it is unknown)."""
    rows: list[Row] = []
    if outbox is not None:
        text = f"{outbox.get('pending', 0)} waiting, {outbox.get('failed', 0)} failed"
        if outbox.get("last_error"):
            text += f" (last error: {outbox['last_error']})"
        rows.append(("Outbox (plans)", text))
    if isinstance(uptake_waiting, int):
        plural = "" if uptake_waiting == 1 else "s"
        rows.append(("Uptake queue", f"{uptake_waiting} event{plural} waiting for Matomo"))
    elif uptake_waiting is not None:
        rows.append(("Uptake queue", f"unknown ({uptake_waiting})"))
    return rows


def admin_rows(
    *,
    config: KioskConfig,
    status: Status,
    now: dt.datetime,
    started_at: dt.datetime,
    screen_size: tuple[int, int] | None,
    addresses: list[str],
    uptake_waiting: int | str | None = None,
) -> list[Row]:
    """The rows in the order the screen shows them. ``uptake_waiting`` is the number of events
    waiting for Matomo (None when nothing is forwarded, a reason when it cannot be read)."""
    feed = status.feed
    outbox = dict(status.outbox) if status.outbox is not None else None
    rows = [
        ("Version", __version__),
        ("Mode", config.mode),
        ("Screen id", config.screen_id),
        ("Feed", f"{feed.state}: {feed.source or 'none'}"),
        ("Last success", when(feed.last_success_at, now)),
        ("Last error", feed.last_error or "none"),
        ("Projects", f"{feed.projects} shown, {feed.skipped} skipped"),
        *queue_rows(outbox, uptake_waiting),
        ("Free disk", free_disk(config.state_dir)),
        ("Uptime", duration(now - started_at)),
        ("IP addresses", ", ".join(addresses) or "none"),
        ("Screen size", f"{screen_size[0]} x {screen_size[1]}" if screen_size else "unknown"),
        ("Opening hours", config.schedule.describe(now) if config.schedule else "always on"),
    ]
    return rows
