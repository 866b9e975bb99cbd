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
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

from kiosk import spc
from kiosk.feed.model import (
    IMPROVEMENTS,
    PDSA_STATUSES,
    STAGES,
    TEMPLATE_ICONS,
    DisplayRules,
    Feed,
    Hub,
    ImageRef,
    Measure,
    PdsaCycle,
    Problem,
    Project,
    TeamMember,
    Template,
)

SUPPORTED_MAJOR = 1
DEFAULT_MAX_BYTES = 20_000_000

# Layout limits: longer texts are shortened at a word boundary with an ellipsis.
MAX_LEN = {
    "id": 64,
    "title": 90,
    "summary": 280,
    "aim": 220,
    "results": 140,
    "department": 60,
    "site": 60,
    "theme": 32,
    "name": 48,
    "role": 48,
    "alt": 200,
    "measure": 80,
    "unit": 40,
    "change": 160,
    "pdsa_title": 90,
    "learning": 240,
    "template_title": 60,
    "template_description": 240,
    "hub_name": 60,
    "organisation": 80,
    "about": 400,
    "step": 120,
}
MAX_PROJECTS = 20_000
MAX_TEMPLATES = 48
MAX_THEMES = 6
MAX_TEAM = 12
MAX_MEASURES = 4
MAX_POINTS = 10_000
MAX_CHANGES = 12
MAX_PDSA = 20
MAX_STEPS = 8
DWELL_RANGE = (5, 600)
WEIGHT_RANGE = (1, 10)

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
_SHA_RE = re.compile(r"^[0-9a-fA-F]{64}$")
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {0x7F: None}
_SPACES_RE = re.compile(r"[ \t]+")
_NEWLINE_RE = re.compile(r"\s*\n\s*")
_MONTH_RE = re.compile(r"\d{4}-\d{2}")

T = TypeVar("T")


class FeedError(Exception):
    """The feed is unusable as a whole. ``str(error)`` is one line for logs and the status file."""


class _Skip(Exception):
    """Internal: the element being parsed cannot be used."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(path, message)


class _Context:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.warnings: list[Problem] = []

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Problem(path, message))


# --- scalars -------------------------------------------------------------------------------


def clean_text(value: str, limit: int) -> str:
    """Plain, tidy text: control characters removed, spaces folded, clamped at a word."""
    if (
        len(value) <= limit
        and value.isprintable()
        and "  " not in value
        and value[:1] != " "
        and value[-1:] != " "
        and unicodedata.is_normalized("NFC", value)
    ):
        return value  # already tidy: the common case
    text = unicodedata.normalize("NFC", value).translate(_CONTROL)
    text = _SPACES_RE.sub(" ", text)
    text = _NEWLINE_RE.sub("\n", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def _text(ctx: _Context, obj: dict[str, Any], key: str, path: str, limit_key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        ctx.warn(f"{path}.{key}", f"must be text (got {_kind(value)}); left out")
        return ""
    limit = MAX_LEN[limit_key]
    text = clean_text(value, limit)
    if text.endswith("…") and len(value.strip()) > limit:
        ctx.warn(f"{path}.{key}", f"longer than {limit} characters; shortened")
    return text


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


_DATES: dict[str, dt.date] = {}
"""Dates already parsed: a feed repeats the same few dozen month starts many thousand times."""
_DATES_MAX = 50_000


def parse_date(value: Any) -> dt.date:
    """`YYYY-MM-DD`, `YYYY-MM` (first of the month) or an ISO date-time."""
    known = _DATES.get(value) if type(value) is str else None
    if known is not None:
        return known
    date = _parse_date(value)
    if len(_DATES) >= _DATES_MAX:
        _DATES.clear()
    _DATES[value] = date
    return date


def _parse_date(value: Any) -> dt.date:
    if type(value) is str and len(value) == 10:
        # The common case, a plain YYYY-MM-DD: parsed directly (a feed has ~50 per project).
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    if not isinstance(value, str):
        raise ValueError(f"must be a date like 2026-03-01 (got {_kind(value)})")
    text = value.strip()
    try:
        if _MONTH_RE.fullmatch(text):
            return dt.date.fromisoformat(text + "-01")
        if len(text) > 10:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date: {text[:40]!r} (use YYYY-MM-DD)") from None


def parse_datetime(value: Any) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError(f"must be a date-time like 2026-03-01T09:00:00Z (got {_kind(value)})")
    text = value.strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a date-time: {text[:40]!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _optional(ctx: _Context, path: str, value: Any, parse: Callable[[Any], T]) -> T | None:
    if value is None:
        return None
    try:
        return parse(value)
    except ValueError as exc:
        ctx.warn(path, f"{exc}; left out")
        return None


def _number(value: Any) -> float:
    kind = type(value)
    if kind is float or kind is int:
        number = float(value)
        if math.isfinite(number):
            return number
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"must be a number (got {_kind(value)})")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("must be a finite number")
    return number


def _link(ctx: _Context, value: Any) -> str:
    """An absolute http(s) URL, resolved against the feed's location."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a URL (got {_kind(value)})")
    url = urljoin(ctx.base_url, value.strip()) if ctx.base_url.startswith("http") else value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must be an http(s) URL (got {value.strip()[:80]!r})")
    if len(url) > 2_000:
        raise ValueError("URL longer than 2,000 characters")
    return url


def _media_url(ctx: _Context, value: Any) -> str:
    """An image URL: http(s), or a file next to a feed that is itself a file."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a URL (got {_kind(value)})")
    url = urljoin(ctx.base_url, value.strip())
    scheme = urlsplit(url).scheme
    if scheme in ("http", "https") or (scheme == "file" and ctx.base_url.startswith("file:")):
        return url
    raise ValueError(f"not an image URL this feed may use: {value.strip()[:80]!r}")


def _list(ctx: _Context, obj: dict[str, Any], key: str, path: str, limit: int) -> list[Any]:
    value = obj.get(key)
    where = f"{path}.{key}" if path else key
    if value is None:
        return []
    if not isinstance(value, list):
        ctx.warn(where, f"must be a list (got {_kind(value)}); left out")
        return []
    if len(value) > limit:
        ctx.warn(where, f"{len(value)} items; only the first {limit} are used")
        return value[:limit]
    return value


# --- elements ------------------------------------------------------------------------------


def _points(raw_points: list[Any], path: str) -> tuple[list[dt.date], list[float | None]]:
    """Dates and values of a measure's points, one by one, with the path of any bad point."""
    dates: list[dt.date] = []
    values: list[float | None] = []
    cached = _DATES.get
    isfinite = math.isfinite
    for i, point in enumerate(raw_points):
        # The tight loop of the whole parser: a feed has ~50 points per project. The path of a
        # point is only worked out for a message.
        if type(point) is not dict:
            raise _Skip(
                f"{path}.points[{i}]", f"must be an object with date and value (got {_kind(point)})"
            )
        raw_date = point.get("date")
        raw_value = point.get("value")
        date = cached(raw_date) if type(raw_date) is str else None
        kind = type(raw_value)
        if date is not None and kind is float and isfinite(raw_value):
            dates.append(date)
            values.append(raw_value)
            continue
        try:
            date = parse_date(raw_date)
            value = None if raw_value is None else _number(raw_value)
        except ValueError as exc:
            raise _Skip(f"{path}.points[{i}]", str(exc)) from None
        dates.append(date)
        values.append(value)
    return dates, values


def _points_fast(raw_points: list[Any]) -> tuple[list[dt.date], list[float | None]] | None:
    """The same for the common case (every point a dict with a known date and a finite
    number), with built-in loops only; None when any point needs the careful path."""
    try:
        raw_dates = [point["date"] for point in raw_points]
        raw_values = [point["value"] for point in raw_points]
        dates = list(map(_DATES.get, raw_dates))
    except (TypeError, KeyError):
        return None
    if None in dates or not all(type(v) is float or type(v) is int for v in raw_values):
        return None
    values = list(map(float, raw_values))
    if not all(map(math.isfinite, values)):
        return None
    return dates, values  # type: ignore[return-value]


def _measure(ctx: _Context, raw: Any, path: str) -> Measure:
    if not isinstance(raw, dict):
        raise _Skip(path, f"must be an object (got {_kind(raw)})")
    name = _text(ctx, raw, "name", path, "measure")
    if not name:
        raise _Skip(f"{path}.name", "a measure needs a name")
    improvement = raw.get("improvement", "neutral")
    if improvement not in IMPROVEMENTS:
        raise _Skip(f"{path}.improvement", f"must be one of {', '.join(IMPROVEMENTS)}")
    raw_points = raw.get("points", [])
    if not isinstance(raw_points, list):
        raise _Skip(f"{path}.points", f"must be a list (got {_kind(raw_points)})")
    if len(raw_points) > MAX_POINTS:
        ctx.warn(
            f"{path}.points", f"{len(raw_points)} points; only the latest {MAX_POINTS} are used"
        )
    dates, values = _points_fast(raw_points) or _points(raw_points, path)
    if len(set(dates)) != len(dates):
        seen: set[dt.date] = set()
        for i, date in enumerate(dates):
            if date in seen:
                raise _Skip(f"{path}.points[{i}]", f"a second value for {date.isoformat()}")
            seen.add(date)
    if sorted(dates) != dates:  # already in date order: the common case, checked in C
        order = sorted(range(len(dates)), key=dates.__getitem__)
        dates = [dates[k] for k in order]
        values = [values[k] for k in order]
    dates, values = dates[-MAX_POINTS:], values[-MAX_POINTS:]
    rebase: list[dt.date] = []
    for i, value in enumerate(_list(ctx, raw, "rebase", path, 50)):
        date = _optional(ctx, f"{path}.rebase[{i}]", value, parse_date)
        if date is not None:
            rebase.append(date)
    target = _optional(ctx, f"{path}.target", raw.get("target"), _number)
    baseline = raw.get("baseline")
    if baseline is not None and (isinstance(baseline, bool) or not isinstance(baseline, int)):
        ctx.warn(f"{path}.baseline", "must be a whole number; left out")
        baseline = None
    rules = raw.get("rules")
    if rules is not None and rules not in spc.RULE_SETS:
        ctx.warn(f"{path}.rules", f"must be one of {', '.join(spc.RULE_SETS)}; the default is used")
        rules = None
    measure = Measure(
        name=name,
        unit=_text(ctx, raw, "unit", path, "unit"),
        improvement=improvement,
        target=target,
        dates=tuple(dates),
        values=tuple(values),
        rebase=tuple(sorted(rebase)),
        baseline=baseline,
        rules=rules,
    )
    if measure.rules in ("mdc", None) and None in measure.values:
        raise _Skip(path, 'missing values are allowed only with "rules": "ptd"')
    if baseline is not None and baseline < 12:
        raise _Skip(f"{path}.baseline", f"must be at least 12 points (got {baseline})")
    return measure


def _pdsa(ctx: _Context, raw: Any, path: str) -> PdsaCycle:
    if not isinstance(raw, dict):
        raise _Skip(path, f"must be an object (got {_kind(raw)})")
    title = _text(ctx, raw, "title", path, "pdsa_title")
    if not title:
        raise _Skip(f"{path}.title", "a PDSA cycle needs a title")
    status = raw.get("status", "planned")
    if status not in PDSA_STATUSES:
        ctx.warn(f"{path}.status", f"must be one of {', '.join(PDSA_STATUSES)}; shown as planned")
        status = "planned"
    return PdsaCycle(
        title=title,
        status=status,
        learning=_text(ctx, raw, "learning", path, "learning"),
        date=_optional(ctx, f"{path}.date", raw.get("date"), parse_date),
    )


def _display(ctx: _Context, raw: Any, path: str) -> DisplayRules:
    if raw is None:
        return DisplayRules()
    if not isinstance(raw, dict):
        ctx.warn(path, f"must be an object (got {_kind(raw)}); defaults used")
        return DisplayRules()
    screens = [s for s in _list(ctx, raw, "screens", path, 100) if isinstance(s, str)]
    weight = raw.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int):
        ctx.warn(f"{path}.weight", "must be a whole number; 1 is used")
        weight = 1
    dwell = raw.get("dwell_seconds")
    if dwell is not None and (isinstance(dwell, bool) or not isinstance(dwell, int | float)):
        ctx.warn(f"{path}.dwell_seconds", "must be a number of seconds; the default is used")
        dwell = None
    return DisplayRules(
        start=_optional(ctx, f"{path}.from", raw.get("from"), parse_datetime),
        until=_optional(ctx, f"{path}.until", raw.get("until"), parse_datetime),
        screens=tuple(screens),
        weight=min(max(weight, WEIGHT_RANGE[0]), WEIGHT_RANGE[1]),
        dwell_seconds=None
        if dwell is None
        else int(min(max(dwell, DWELL_RANGE[0]), DWELL_RANGE[1])),
    )


def _elements(
    ctx: _Context, items: list[Any], path: str, parse: Callable[[Any, str], T]
) -> list[T]:
    """Parse optional sub-elements; one that cannot be used is left out with a warning."""
    out: list[T] = []
    for i, raw in enumerate(items):
        try:
            out.append(parse(raw, f"{path}[{i}]"))
        except _Skip as skip:
            ctx.warnings.append(Problem(skip.problem.path, skip.problem.message + "; left out"))
    return out


def _project(ctx: _Context, raw: Any, path: str) -> Project:
    if not isinstance(raw, dict):
        raise _Skip(path, f"must be an object (got {_kind(raw)})")
    pid = raw.get("id")
    if isinstance(pid, int) and not isinstance(pid, bool):
        pid = str(pid)
    if not isinstance(pid, str) or not pid.strip():
        raise _Skip(f"{path}.id", "a project needs an id")
    pid = pid.strip()
    if len(pid) > MAX_LEN["id"] or not _ID_RE.match(pid):
        raise _Skip(f"{path}.id", f"not a usable id: {pid[:70]!r} (letters, digits, - _ . : only)")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _Skip(f"{path}.title", f"project {pid!r} needs a title")
    title = _text(ctx, raw, "title", path, "title")

    link = None
    if raw.get("link") is not None:
        try:
            link = _link(ctx, raw["link"])
        except ValueError as exc:
            ctx.warn(f"{path}.link", f"{exc}; left out")

    stage = raw.get("stage")
    if stage is not None and stage not in STAGES:
        ctx.warn(f"{path}.stage", f"must be one of {', '.join(STAGES)}; left out")
        stage = None

    themes = tuple(
        clean_text(t, MAX_LEN["theme"])
        for t in _list(ctx, raw, "themes", path, MAX_THEMES)
        if isinstance(t, str) and t.strip()
    )

    def member(m: Any, where: str) -> TeamMember:
        if not isinstance(m, dict) or not isinstance(m.get("name"), str) or not m["name"].strip():
            raise _Skip(where, "a team member needs a name")
        return TeamMember(
            _text(ctx, m, "name", where, "name"), _text(ctx, m, "role", where, "role")
        )

    image = None
    raw_image = raw.get("image")
    if raw_image is not None:
        if isinstance(raw_image, str):
            raw_image = {"url": raw_image}
        try:
            if not isinstance(raw_image, dict):
                raise ValueError(f"must be an object with a url (got {_kind(raw_image)})")
            sha = raw_image.get("sha256")
            if sha is not None and (not isinstance(sha, str) or not _SHA_RE.match(sha)):
                raise ValueError("sha256 must be 64 hexadecimal digits")
            image = ImageRef(
                url=_media_url(ctx, raw_image.get("url")),
                alt=_text(ctx, raw_image, "alt", f"{path}.image", "alt"),
                sha256=sha.lower() if sha else None,
            )
        except ValueError as exc:
            ctx.warn(f"{path}.image", f"{exc}; shown without an image")

    changes = tuple(
        clean_text(c, MAX_LEN["change"])
        for c in _list(ctx, raw, "changes", path, MAX_CHANGES)
        if isinstance(c, str) and c.strip()
    )
    return Project(
        id=pid,
        title=title,
        link=link,
        summary=_text(ctx, raw, "summary", path, "summary"),
        aim=_text(ctx, raw, "aim", path, "aim"),
        stage=stage,
        themes=themes,
        department=_text(ctx, raw, "department", path, "department"),
        site=_text(ctx, raw, "site", path, "site"),
        team=tuple(_elements(ctx, _list(ctx, raw, "team", path, MAX_TEAM), f"{path}.team", member)),
        started=_optional(ctx, f"{path}.started", raw.get("started"), parse_date),
        updated=_optional(ctx, f"{path}.updated", raw.get("updated"), parse_date),
        image=image,
        measures=tuple(
            _elements(
                ctx,
                _list(ctx, raw, "measures", path, MAX_MEASURES),
                f"{path}.measures",
                lambda m, where: _measure(ctx, m, where),
            )
        ),
        changes=changes,
        pdsa=tuple(
            _elements(
                ctx,
                _list(ctx, raw, "pdsa", path, MAX_PDSA),
                f"{path}.pdsa",
                lambda c, where: _pdsa(ctx, c, where),
            )
        ),
        results=_text(ctx, raw, "results", path, "results"),
        display=_display(ctx, raw.get("display"), f"{path}.display"),
    )


def _template(ctx: _Context, raw: Any, path: str) -> Template:
    if not isinstance(raw, dict):
        raise _Skip(path, f"must be an object (got {_kind(raw)})")
    tid = raw.get("id")
    if not isinstance(tid, str) or not _ID_RE.match(tid.strip()) or len(tid) > MAX_LEN["id"]:
        raise _Skip(f"{path}.id", "a template needs an id (letters, digits, - _ . : only)")
    title = _text(ctx, raw, "title", path, "template_title")
    if not title:
        raise _Skip(f"{path}.title", f"template {tid!r} needs a title")
    try:
        link = _link(ctx, raw.get("link"))
    except ValueError as exc:
        raise _Skip(f"{path}.link", f"template {tid!r}: {exc}") from None
    icon = raw.get("icon", "other")
    if icon not in TEMPLATE_ICONS:
        icon = "other"
    return Template(
        id=tid.strip(),
        title=title,
        link=link,
        description=_text(ctx, raw, "description", path, "template_description"),
        icon=icon,
    )


def _hub(ctx: _Context, raw: Any) -> Hub:
    if raw is None:
        return Hub()
    if not isinstance(raw, dict):
        ctx.warn("hub", f"must be an object (got {_kind(raw)}); defaults used")
        return Hub()
    defaults = Hub()
    url = None
    if raw.get("url") is not None:
        try:
            url = _link(ctx, raw["url"])
        except ValueError as exc:
            ctx.warn("hub.url", f"{exc}; left out")
    steps = tuple(
        clean_text(s, MAX_LEN["step"])
        for s in _list(ctx, raw, "how_to_start", "hub", MAX_STEPS)
        if isinstance(s, str) and s.strip()
    )
    return Hub(
        name=_text(ctx, raw, "name", "hub", "hub_name") or defaults.name,
        organisation=_text(ctx, raw, "organisation", "hub", "organisation"),
        url=url,
        about=_text(ctx, raw, "about", "hub", "about") or defaults.about,
        how_to_start=steps or defaults.how_to_start,
    )


def feed_major(version: Any) -> int:
    """The major version of `feed_version` (1, "1", "1.3" → 1)."""
    if isinstance(version, bool):
        raise FeedError(f"feed_version must be a number like 1 (got {_kind(version)})")
    if isinstance(version, int):
        return version
    if isinstance(version, float) and version.is_integer():
        return int(version)
    if isinstance(version, str) and re.fullmatch(r"\d{1,4}(\.\d{1,4}){0,2}", version.strip()):
        return int(version.strip().split(".")[0])
    raise FeedError(f"feed_version must be a number like 1 (got {str(version)[:20]!r})")


def _json_error(exc: json.JSONDecodeError, text: str) -> str:
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
        raise FeedError(_json_error(exc, text)) from None
    except RecursionError:
        raise FeedError("feed is nested too deeply to be a feed") from None


class _HasId(Protocol):
    id: str


Element = TypeVar("Element", bound=_HasId)


def _unique(
    ctx: _Context,
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
        except _Skip as skip:
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
) -> Feed:
    """Validate a feed. `base_url` is where it came from, for relative links and images."""
    data = raw if isinstance(raw, dict) else decode(raw, max_bytes=max_bytes)
    if not isinstance(data, dict):
        raise FeedError(f"feed must be a JSON object (got {_kind(data)})")
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
            else f"projects must be a list (got {_kind(projects_raw)})"
        )

    ctx = _Context(base_url)
    skipped: list[Problem] = []
    if len(projects_raw) > MAX_PROJECTS:
        ctx.warn(
            "projects", f"{len(projects_raw)} projects; only the first {MAX_PROJECTS} are used"
        )
    projects = _unique(
        ctx,
        projects_raw[:MAX_PROJECTS],
        "projects",
        lambda item, path: _project(ctx, item, path),
        skipped,
    )
    templates = _unique(
        ctx,
        _list(ctx, data, "templates", "", MAX_TEMPLATES),
        "templates",
        lambda item, path: _template(ctx, item, path),
        skipped,
    )

    return Feed(
        version=major,
        hub=_hub(ctx, data.get("hub")),
        projects=tuple(projects),
        templates=tuple(templates),
        generated_at=_optional(ctx, "generated_at", data.get("generated_at"), parse_datetime),
        skipped=tuple(skipped),
        warnings=tuple(ctx.warnings),
    )
