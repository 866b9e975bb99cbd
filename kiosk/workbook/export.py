"""``export-workbook``: an existing feed as a workbook, to be edited and built again.

Building the exported workbook gives back the same feed: the same projects, texts, dates,
measures and display rules (images are named relative to the feed's folder, so build it with
``--images`` that folder, or keep the workbook beside the feed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.feed.schema import FeedError
from kiosk.feed.source import read_file
from kiosk.workbook.problems import WorkbookError
from kiosk.workbook.writer import feed_rows, write_workbook

MAX_FEED_BYTES = 200_000_000


@dataclass(frozen=True)
class Exported:
    projects: int
    templates: int
    notes: tuple[str, ...]
    """Projects and templates the feed has but the kiosk would not show (not exported), and
    measures renamed to tell them apart."""


def export_workbook(feed_path: Path, out: Path) -> Exported:
    """Write the feed at `feed_path` to the workbook `out`; WorkbookError on a bad feed."""
    try:
        feed = read_file(feed_path, max_bytes=MAX_FEED_BYTES).feed
    except FeedError as exc:
        raise WorkbookError(str(exc)) from None
    notes = [f"{p} (not exported: the kiosk does not show it)" for p in feed.skipped]
    try:
        write_workbook(out, feed_rows(feed, feed_path.resolve().parent, notes))
    except OSError as exc:
        raise WorkbookError(f"cannot write {out}: {exc.strerror or exc}") from None
    return Exported(len(feed.projects), len(feed.templates), tuple(notes))
