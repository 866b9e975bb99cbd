"""``qi-kiosk check-feed``: validate a feed file or URL and list every problem (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import FeedConfig
from kiosk.feed.schema import FeedError
from kiosk.feed.updater import check_source


@dataclass(frozen=True)
class CheckReport:
    valid: bool
    lines: tuple[str, ...]


def check_feed(source: str, config: FeedConfig) -> CheckReport:
    """Errors (the feed as a whole, or a skipped project) make it invalid; warnings do not."""
    try:
        feed = check_source(source, config)
    except FeedError as exc:  # network problems (FetchError) included
        return CheckReport(False, (f"error: {exc}", f"invalid: {source}"))
    lines = [
        f"error: {p} (project skipped)" if p.path.startswith("projects") else f"error: {p}"
        for p in feed.skipped
    ]
    lines += [f"warning: {p}" for p in feed.warnings]
    valid = not feed.skipped
    summary = (
        f"{'valid' if valid else 'invalid'}: {len(feed.projects)} projects, "
        f"{len(feed.templates)} templates, {len(feed.skipped)} skipped, "
        f"{len(feed.warnings)} warnings"
    )
    return CheckReport(valid, (*lines, summary))
