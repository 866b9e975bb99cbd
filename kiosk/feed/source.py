"""Where a feed comes from: the built-in demo, a file path or a ``file://`` URL (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kiosk.feed.model import Feed
from kiosk.feed.schema import FeedError, parse_feed
from kiosk.resources import demo_feed_path


@dataclass(frozen=True)
class Loaded:
    feed: Feed
    raw: bytes
    base_url: str


def file_path(source: str) -> Path:
    """The local path of a path or ``file://`` source."""
    if source.startswith("file:"):
        parts = urlsplit(source)
        return Path(unquote(parts.path.lstrip("/") if ":" in parts.path[:3] else parts.path))
    return Path(source)


def is_remote(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


def read_file(path: Path, *, max_bytes: int) -> Loaded:
    """Read and validate a feed file; FeedError (one line) on any problem."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FeedError(f"feed is {size:,} bytes, over the {max_bytes:,}-byte limit")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FeedError(f"no feed file at {path}") from None
    except IsADirectoryError:
        raise FeedError(f"{path} is a folder, not a feed file") from None
    except OSError as exc:
        raise FeedError(f"cannot read {path}: {exc.strerror or exc}") from None
    base_url = path.resolve().as_uri()
    return Loaded(parse_feed(raw, base_url=base_url, max_bytes=max_bytes), raw, base_url)


def read_demo() -> Loaded:
    return read_file(demo_feed_path(), max_bytes=50_000_000)
