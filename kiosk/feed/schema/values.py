"""Scalars and lists inside elements: optional parts, numbers, links and image URLs."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

from kiosk.feed.schema.problems import Context
from kiosk.feed.schema.text import kind_of

T = TypeVar("T")


def optional(ctx: Context, path: str, value: Any, parse: Callable[[Any], T]) -> T | None:
    if value is None:
        return None
    try:
        return parse(value)
    except ValueError as exc:
        ctx.warn(path, f"{exc}; left out")
        return None


def number(value: Any) -> float:
    kind = type(value)
    if kind is float or kind is int:
        number = float(value)
        if math.isfinite(number):
            return number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a number (got {kind_of(value)})")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    return number


def http_link(ctx: Context, value: Any) -> str:
    """An absolute http(s) URL, resolved against the feed's location."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a URL (got {kind_of(value)})")
    url = urljoin(ctx.base_url, value.strip()) if ctx.base_url.startswith("http") else value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an http(s) URL (got {value.strip()[:80]!r})")
    if len(url) > 2_000:
        raise ValueError("URL longer than 2,000 characters")
    return url


def media_url(ctx: Context, value: Any) -> str:
    """An image URL: http(s), or a file next to a feed that is itself a file."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a URL (got {kind_of(value)})")
    url = urljoin(ctx.base_url, value.strip())
    scheme = urlsplit(url).scheme
    if scheme in ("http", "https") or (scheme == "file" and ctx.base_url.startswith("file:")):
        return url
    raise ValueError(f"not an image URL this feed may use: {value.strip()[:80]!r}")


def list_field(ctx: Context, obj: dict[str, Any], key: str, path: str, limit: int) -> list[Any]:
    value = obj.get(key)
    where = f"{path}.{key}" if path else key
    if value is None:
        return []
    if not isinstance(value, list):
        ctx.warn(where, f"must be a list (got {kind_of(value)}); left out")
        return []
    if len(value) > limit:
        ctx.warn(where, f"{len(value)} items; only the first {limit} are used")
        return value[:limit]
    return value
