"""The whole feed: bytes to JSON, the version check, unique ids, and the parsed Feed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from kiosk.feed.model import Feed, Problem
from kiosk.feed.schema.dates import parse_datetime
from kiosk.feed.schema.elements import parse_hub, parse_project, parse_template
from kiosk.feed.schema.limits import DEFAULT_MAX_BYTES, MAX_PROJECTS, MAX_TEMPLATES, SUPPORTED_MAJOR
from kiosk.feed.schema.problems import Context, FeedError, Skip
from kiosk.feed.schema.text import kind_of
from kiosk.feed.schema.values import list_field, optional


def feed_major(version: Any) -> int:
    """The major version of `feed_version` (1, "1", "1.3" → 1)."""
    if isinstance(version, bool):
        raise FeedError(f"feed_version must be a number like 1 (got {kind_of(version)})")
    if isinstance(version, int):
        return version
    if isinstance(version, float) and version.is_integer():
        return int(version)
    if isinstance(version, str) and re.fullmatch(r"\d{1,4}(\.\d{1,4}){0,2}", version.strip()):
        return int(version.strip().split(".")[0])
    raise FeedError(f"feed_version must be a number like 1 (got {str(version)[:20]!r})")


def json_error(exc: json.JSONDecodeError, text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<")):
        return "not a feed: the server sent an HTML or XML page instead of JSON"
    return f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"


def decode(raw: bytes | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """Bytes → JSON value, or FeedError with one line."""
    size = len(raw)
    if size > max_bytes:
        raise FeedError(f"feed is {size:,} bytes, over the {max_bytes:,}-byte limit")
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FeedError(f"feed is not UTF-8 text (bad byte at offset {exc.start})") from None
    else:
        text = raw
    if not text.strip():
        raise FeedError("feed is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FeedError(json_error(exc, text)) from None
    except RecursionError:
        raise FeedError("feed is nested too deeply to be a feed") from None


class HasId(Protocol):
    @property
    def id(self) -> str: ...


Element = TypeVar("Element", bound=HasId)


def parse_unique(
    ctx: Context,
    items: list[Any],
    name: str,
    parse: Callable[[Any, str], Element],
    skipped: list[Problem],
) -> list[Element]:
    """Parse the elements of a top-level list; one that is unusable, or whose id was already
    taken, is skipped with its reason."""
    out: list[Element] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        try:
            element = parse(item, f"{name}[{i}]")
        except Skip as skip:
            skipped.append(skip.problem)
            continue
        if element.id in seen:
            skipped.append(Problem(f"{name}[{i}].id", f"duplicate id {element.id!r}"))
            continue
        seen.add(element.id)
        out.append(element)
    return out


def parse_feed(
    raw: bytes | str | dict[str, Any],
    *,
    base_url: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
    refuse_unusable: bool = True,
) -> Feed:
    """Validate a feed. `base_url` is where it came from, for relative links and images.

    A feed that lists projects of which none is usable is refused as a whole unless
    `refuse_unusable` is false (the workbook builder, which points at each bad cell instead).
    """
    data = raw if isinstance(raw, dict) else decode(raw, max_bytes=max_bytes)
    if not isinstance(data, dict):
        raise FeedError(f"feed must be a JSON object (got {kind_of(data)})")
    if "feed_version" not in data:
        raise FeedError("feed has no feed_version")
    major = feed_major(data["feed_version"])
    if major != SUPPORTED_MAJOR:
        raise FeedError(
            f"unsupported feed_version {data['feed_version']} "
            f"(this kiosk reads version {SUPPORTED_MAJOR})"
        )
    projects_raw = data.get("projects")
    if not isinstance(projects_raw, list):
        raise FeedError(
            "feed has no projects list"
            if projects_raw is None
            else f"projects must be a list (got {kind_of(projects_raw)})"
        )

    ctx = Context(base_url)
    skipped: list[Problem] = []
    if len(projects_raw) > MAX_PROJECTS:
        ctx.warn(
            "projects", f"{len(projects_raw)} projects; only the first {MAX_PROJECTS} are used"
        )
    projects = parse_unique(
        ctx,
        projects_raw[:MAX_PROJECTS],
        "projects",
        lambda item, path: parse_project(ctx, item, path),
        skipped,
    )
    if refuse_unusable and projects_raw and not projects:
        # Every project broken at once is a broken export (a renamed column, say), not a hub
        # with nothing to show: refuse the feed so the screen keeps the last good one.
        raise FeedError(
            f"none of the {len(projects_raw[:MAX_PROJECTS])} projects is usable "
            f"(the first: {skipped[0]})"
        )
    templates = parse_unique(
        ctx,
        list_field(ctx, data, "templates", "", MAX_TEMPLATES),
        "templates",
        lambda item, path: parse_template(ctx, item, path),
        skipped,
    )

    return Feed(
        version=major,
        hub=parse_hub(ctx, data.get("hub")),
        projects=tuple(projects),
        templates=tuple(templates),
        generated_at=optional(ctx, "generated_at", data.get("generated_at"), parse_datetime),
        skipped=tuple(skipped),
        warnings=tuple(ctx.warnings),
    )
