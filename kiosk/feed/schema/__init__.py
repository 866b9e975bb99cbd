"""Parse and validate a v1 feed into :mod:`kiosk.feed.model` data classes (no Qt).

Three levels of trouble, from worst:

* the feed as a whole is unusable (not JSON, no ``projects``, a newer major ``feed_version``,
  over the size cap): :class:`FeedError` with one clear line, and the caller keeps what it had;
* one project (or template) is unusable (no id or title, a duplicate id): it is skipped and the
  reason recorded in ``Feed.skipped``; the rest are shown;
* an optional part is unusable (a bad date, a measure with text for numbers, an image with no
  URL): that part is left out and recorded in ``Feed.warnings``; the project is still shown.

Texts are clamped to what the TV layout can show, lists are bounded, unknown keys are ignored
(forward compatible).

The package, by seam: ``limits`` (what is read and how long texts may be), ``problems``
(errors, skips and warnings), ``text`` (tidying and clamping), ``dates``, ``values`` (numbers,
links, image URLs, optional parts), ``measures``, ``elements`` (projects, PDSA cycles, templates,
the hub) and ``document`` (the whole feed).
"""

from kiosk.feed.schema.dates import parse_date, parse_datetime
from kiosk.feed.schema.document import decode, feed_major, parse_feed
from kiosk.feed.schema.limits import (
    DEFAULT_MAX_BYTES,
    DWELL_RANGE,
    MAX_CHANGES,
    MAX_LEN,
    MAX_MEASURES,
    MAX_PDSA,
    MAX_POINTS,
    MAX_PROJECTS,
    MAX_RECOGNITION,
    MAX_STEPS,
    MAX_TEAM,
    MAX_TEMPLATES,
    MAX_THEMES,
    SUPPORTED_MAJOR,
    WEIGHT_RANGE,
    YEAR_RANGE,
)
from kiosk.feed.schema.problems import FeedError
from kiosk.feed.schema.text import clean_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DWELL_RANGE",
    "MAX_CHANGES",
    "MAX_LEN",
    "MAX_MEASURES",
    "MAX_PDSA",
    "MAX_POINTS",
    "MAX_PROJECTS",
    "MAX_RECOGNITION",
    "MAX_STEPS",
    "MAX_TEAM",
    "MAX_TEMPLATES",
    "MAX_THEMES",
    "SUPPORTED_MAJOR",
    "WEIGHT_RANGE",
    "YEAR_RANGE",
    "FeedError",
    "clean_text",
    "decode",
    "feed_major",
    "parse_date",
    "parse_datetime",
    "parse_feed",
]
