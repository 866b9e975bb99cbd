"""``new-workbook``: the template a QI team fills in, with two worked example projects."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kiosk.feed.model import Feed
from kiosk.feed.source import read_demo
from kiosk.workbook.writer import feed_rows, write_workbook

EXAMPLES = ("ward-7-falls", "clinic-letters")
"""Two projects of the demo feed (a fictional trust, CC0): one with everything filled in,
the measures as months of data with a recalculation; one smaller."""
EXAMPLE_TEMPLATES = 2


def example_feed() -> Feed:
    demo = read_demo().feed
    projects = tuple(
        # Pictures are left out: the template has no picture files beside it.
        dataclasses.replace(p, image=None)
        for p in demo.projects
        if p.id in EXAMPLES
    )
    return Feed(
        version=1,
        hub=demo.hub,
        projects=projects,
        templates=demo.templates[:EXAMPLE_TEMPLATES],
    )


def new_workbook(path: Path) -> None:
    """Write the template workbook to `path` (atomically)."""
    write_workbook(path, feed_rows(example_feed(), None))
