"""Projects, PDSA cycles, display rules, templates and the hub, each from its JSON object."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kiosk.feed.model import (
    PDSA_STATUSES,
    STAGES,
    TEMPLATE_ICONS,
    DisplayRules,
    Hub,
    ImageRef,
    PdsaCycle,
    Problem,
    Project,
    Recognition,
    TeamMember,
    Template,
)
from kiosk.feed.schema.dates import parse_date, parse_datetime
from kiosk.feed.schema.limits import (
    DWELL_RANGE,
    MAX_CHANGES,
    MAX_LEN,
    MAX_MEASURES,
    MAX_PDSA,
    MAX_RECOGNITION,
    MAX_STEPS,
    MAX_TEAM,
    MAX_THEMES,
    WEIGHT_RANGE,
    YEAR_RANGE,
)
from kiosk.feed.schema.measures import parse_measure
from kiosk.feed.schema.problems import Context, Skip
from kiosk.feed.schema.text import clean_text, kind_of, text_field
from kiosk.feed.schema.values import T, http_link, list_field, media_url, optional

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
SHA_RE = re.compile(r"^[0-9a-fA-F]{64}$")


def parse_pdsa(ctx: Context, raw: Any, path: str) -> PdsaCycle:
    if not isinstance(raw, dict):
        raise Skip(path, f"must be an object (got {kind_of(raw)})")
    title = text_field(ctx, raw, "title", path, "pdsa_title")
    if not title:
        raise Skip(f"{path}.title", "a PDSA cycle needs a title")
    status = raw.get("status", "planned")
    if status not in PDSA_STATUSES:
        ctx.warn(f"{path}.status", f"must be one of {', '.join(PDSA_STATUSES)}; shown as planned")
        status = "planned"
    return PdsaCycle(
        title=title,
        status=status,
        learning=text_field(ctx, raw, "learning", path, "learning"),
        date=optional(ctx, f"{path}.date", raw.get("date"), parse_date),
    )


def parse_recognition(ctx: Context, raw: Any, path: str) -> Recognition:
    """``{"title", "year"?, "link"?}``, or just the title as a string."""
    if isinstance(raw, str):
        raw = {"title": raw}
    if not isinstance(raw, dict):
        raise Skip(path, f"must be an object with a title (got {kind_of(raw)})")
    title = text_field(ctx, raw, "title", path, "recognition")
    if not title:
        raise Skip(f"{path}.title", "a recognition needs a title")
    year = raw.get("year")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year.strip())
    if year is not None and (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]
    ):
        ctx.warn(f"{path}.year", f"must be a year like 2026 (got {str(year)[:20]!r}); left out")
        year = None
    link = None
    if raw.get("link") is not None:
        try:
            link = http_link(ctx, raw["link"])
        except ValueError as exc:
            ctx.warn(f"{path}.link", f"{exc}; left out")
    return Recognition(title=title, year=year, link=link)


def parse_display(ctx: Context, raw: Any, path: str) -> DisplayRules:
    if raw is None:
        return DisplayRules()
    if not isinstance(raw, dict):
        ctx.warn(path, f"must be an object (got {kind_of(raw)}); defaults used")
        return DisplayRules()
    screens = [s for s in list_field(ctx, raw, "screens", path, 100) if isinstance(s, str)]
    weight = raw.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int):
        ctx.warn(f"{path}.weight", "must be a whole number; 1 is used")
        weight = 1
    dwell = raw.get("dwell_seconds")
    if dwell is not None and (isinstance(dwell, bool) or not isinstance(dwell, int | float)):
        ctx.warn(f"{path}.dwell_seconds", "must be a number of seconds; the default is used")
        dwell = None
    return DisplayRules(
        start=optional(ctx, f"{path}.from", raw.get("from"), parse_datetime),
        until=optional(ctx, f"{path}.until", raw.get("until"), parse_datetime),
        screens=tuple(screens),
        weight=min(max(weight, WEIGHT_RANGE[0]), WEIGHT_RANGE[1]),
        dwell_seconds=None
        if dwell is None
        else int(min(max(dwell, DWELL_RANGE[0]), DWELL_RANGE[1])),
    )


def parse_elements(
    ctx: Context, items: list[Any], path: str, parse: Callable[[Any, str], T]
) -> list[T]:
    """Parse optional sub-elements; one that cannot be used is left out with a warning."""
    out: list[T] = []
    for i, raw in enumerate(items):
        try:
            out.append(parse(raw, f"{path}[{i}]"))
        except Skip as skip:
            ctx.warnings.append(Problem(skip.problem.path, skip.problem.message + "; left out"))
    return out


def parse_project(ctx: Context, raw: Any, path: str) -> Project:
    if not isinstance(raw, dict):
        raise Skip(path, f"must be an object (got {kind_of(raw)})")
    pid = raw.get("id")
    if isinstance(pid, int) and not isinstance(pid, bool):
        pid = str(pid)
    if not isinstance(pid, str) or not pid.strip():
        raise Skip(f"{path}.id", "a project needs an id")
    pid = pid.strip()
    if len(pid) > MAX_LEN["id"] or not ID_RE.match(pid):
        raise Skip(f"{path}.id", f"not a usable id: {pid[:70]!r} (letters, digits, - _ . : only)")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise Skip(f"{path}.title", f"project {pid!r} needs a title")
    title = text_field(ctx, raw, "title", path, "title")

    link = None
    if raw.get("link") is not None:
        try:
            link = http_link(ctx, raw["link"])
        except ValueError as exc:
            ctx.warn(f"{path}.link", f"{exc}; left out")

    stage = raw.get("stage")
    if stage is not None and stage not in STAGES:
        ctx.warn(f"{path}.stage", f"must be one of {', '.join(STAGES)}; left out")
        stage = None

    themes = tuple(
        clean_text(t, MAX_LEN["theme"])
        for t in list_field(ctx, raw, "themes", path, MAX_THEMES)
        if isinstance(t, str) and t.strip()
    )

    def member(m: Any, where: str) -> TeamMember:
        if not isinstance(m, dict) or not isinstance(m.get("name"), str) or not m["name"].strip():
            raise Skip(where, "a team member needs a name")
        return TeamMember(
            text_field(ctx, m, "name", where, "name"), text_field(ctx, m, "role", where, "role")
        )

    image = None
    raw_image = raw.get("image")
    if raw_image is not None:
        if isinstance(raw_image, str):
            raw_image = {"url": raw_image}
        try:
            if not isinstance(raw_image, dict):
                raise ValueError(f"must be an object with a url (got {kind_of(raw_image)})")
            sha = raw_image.get("sha256")
            if sha is not None and (not isinstance(sha, str) or not SHA_RE.match(sha)):
                raise ValueError("sha256 must be 64 hexadecimal digits")
            image = ImageRef(
                url=media_url(ctx, raw_image.get("url")),
                alt=text_field(ctx, raw_image, "alt", f"{path}.image", "alt"),
                sha256=sha.lower() if sha else None,
            )
        except ValueError as exc:
            ctx.warn(f"{path}.image", f"{exc}; shown without an image")

    changes = tuple(
        clean_text(c, MAX_LEN["change"])
        for c in list_field(ctx, raw, "changes", path, MAX_CHANGES)
        if isinstance(c, str) and c.strip()
    )
    return Project(
        id=pid,
        title=title,
        link=link,
        summary=text_field(ctx, raw, "summary", path, "summary"),
        aim=text_field(ctx, raw, "aim", path, "aim"),
        stage=stage,
        themes=themes,
        department=text_field(ctx, raw, "department", path, "department"),
        site=text_field(ctx, raw, "site", path, "site"),
        team=tuple(
            parse_elements(
                ctx, list_field(ctx, raw, "team", path, MAX_TEAM), f"{path}.team", member
            )
        ),
        started=optional(ctx, f"{path}.started", raw.get("started"), parse_date),
        updated=optional(ctx, f"{path}.updated", raw.get("updated"), parse_date),
        image=image,
        measures=tuple(
            parse_elements(
                ctx,
                list_field(ctx, raw, "measures", path, MAX_MEASURES),
                f"{path}.measures",
                lambda m, where: parse_measure(ctx, m, where),
            )
        ),
        changes=changes,
        pdsa=tuple(
            parse_elements(
                ctx,
                list_field(ctx, raw, "pdsa", path, MAX_PDSA),
                f"{path}.pdsa",
                lambda c, where: parse_pdsa(ctx, c, where),
            )
        ),
        results=text_field(ctx, raw, "results", path, "results"),
        display=parse_display(ctx, raw.get("display"), f"{path}.display"),
        recognition=tuple(
            parse_elements(
                ctx,
                list_field(ctx, raw, "recognition", path, MAX_RECOGNITION),
                f"{path}.recognition",
                lambda r, where: parse_recognition(ctx, r, where),
            )
        ),
        spotlight_until=optional(
            ctx, f"{path}.spotlight_until", raw.get("spotlight_until"), parse_date
        ),
    )


def parse_template(ctx: Context, raw: Any, path: str) -> Template:
    if not isinstance(raw, dict):
        raise Skip(path, f"must be an object (got {kind_of(raw)})")
    tid = raw.get("id")
    if not isinstance(tid, str) or not ID_RE.match(tid.strip()) or len(tid) > MAX_LEN["id"]:
        raise Skip(f"{path}.id", "a template needs an id (letters, digits, - _ . : only)")
    title = text_field(ctx, raw, "title", path, "template_title")
    if not title:
        raise Skip(f"{path}.title", f"template {tid!r} needs a title")
    try:
        link = http_link(ctx, raw.get("link"))
    except ValueError as exc:
        raise Skip(f"{path}.link", f"template {tid!r}: {exc}") from None
    icon = raw.get("icon", "other")
    if icon not in TEMPLATE_ICONS:
        icon = "other"
    return Template(
        id=tid.strip(),
        title=title,
        link=link,
        description=text_field(ctx, raw, "description", path, "template_description"),
        icon=icon,
    )


def parse_hub(ctx: Context, raw: Any) -> Hub:
    if raw is None:
        return Hub()
    if not isinstance(raw, dict):
        ctx.warn("hub", f"must be an object (got {kind_of(raw)}); defaults used")
        return Hub()
    defaults = Hub()
    url = None
    if raw.get("url") is not None:
        try:
            url = http_link(ctx, raw["url"])
        except ValueError as exc:
            ctx.warn("hub.url", f"{exc}; left out")
    steps = tuple(
        clean_text(s, MAX_LEN["step"])
        for s in list_field(ctx, raw, "how_to_start", "hub", MAX_STEPS)
        if isinstance(s, str) and s.strip()
    )
    return Hub(
        name=text_field(ctx, raw, "name", "hub", "hub_name") or defaults.name,
        organisation=text_field(ctx, raw, "organisation", "hub", "organisation"),
        url=url,
        about=text_field(ctx, raw, "about", "hub", "about") or defaults.about,
        how_to_start=steps or defaults.how_to_start,
    )
