"""A project as the flat values a poster or project page binds to."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kiosk.catalogue import Catalogue, Chart
from kiosk.feed.model import STAGES, Hub, Project
from kiosk.qr import QrPolicy
from kiosk.recognition import badge_text, in_spotlight, is_new
from kiosk.spc_reading import icon_text

TEAM_SHOWN = 4
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_year(day: dt.date | None) -> str:
    return "" if day is None else f"{MONTH_NAMES[day.month - 1]} {day.year}"


def image_url(project: Project, cached: Path | None) -> str:
    """A verified local copy of the project's image, or its own file next to a local feed."""
    if cached is not None:
        return cached.as_uri()
    if project.image is not None and project.image.url.startswith("file:"):
        return project.image.url
    return ""


def title_size(title: str) -> float:
    """Title height in % of the screen: large for short titles, smaller (never tiny) for long."""
    n = len(title)
    if n <= 36:
        return 6.6
    if n <= 60:
        return 5.6
    return 4.6


def chart_values(chart: Chart | None) -> dict[str, Any]:
    if chart is None:
        return {
            "chart": None,
            "chartName": "",
            "chartUnit": "",
            "reading": "",
            "variation": "",
            "assurance": "",
            "variationText": "",
            "assuranceText": "",
            "rulesLabel": "",
        }
    analysis = chart.analysis
    variation = (analysis.variation or "") if analysis else ""
    assurance = (analysis.assurance or "") if analysis else ""
    return {
        "chart": chart,
        "chartName": chart.measure.name,
        "chartUnit": chart.measure.unit,
        "reading": chart.reading,
        "variation": variation,
        "assurance": assurance,
        "variationText": icon_text(variation) if variation else "",
        "assuranceText": icon_text(assurance) if assurance else "",
        "rulesLabel": chart.rules_label,
    }


def poster_values(
    project: Project, catalogue: Catalogue, qr: QrPolicy, today: dt.date | None = None
) -> dict[str, Any]:
    """What a poster shows; `today` decides the "New" mark and the spotlight (none without)."""
    image = image_url(project, catalogue.image_path(project))
    team = [{"name": m.name, "role": m.role} for m in project.team[:TEAM_SHOWN]]
    place = " · ".join(p for p in (project.department, project.site) if p)
    values: dict[str, Any] = {
        "projectId": project.id,
        "title": project.title,
        "titleSize": title_size(project.title),
        "summary": project.summary,
        "aim": project.aim,
        "stage": project.stage or "",
        "stageLabel": project.stage_label,
        "stageIndex": STAGES.index(project.stage) + 1 if project.stage else 0,
        "stageCount": len(STAGES),
        "themes": list(project.themes),
        "place": place,
        "team": team,
        "teamMore": max(0, len(project.team) - TEAM_SHOWN),
        "pdsaCount": len(project.pdsa),
        "results": project.results,
        "link": project.link or "",
        "qrUrl": qr.link(project.link, project.id),
        "image": image,
        "imageAlt": project.image.alt if project.image else "",
        "updated": month_year(project.updated),
        "measureCount": len(project.measures),
        "recognition": badge_text(project),
        "recognitionCount": len(project.recognition),
        "isNew": today is not None and is_new(project, today),
        "spotlight": today is not None and in_spotlight(project, today),
    }
    values.update(chart_values(catalogue.chart(project, 0)))
    return values


def about_values(hub: Hub, qr: QrPolicy) -> dict[str, Any]:
    """The "About the QI hub" poster, shown when there is no project to show."""
    return {
        "projectId": "",
        "about": True,
        "title": f"Welcome to the {hub.name}" if hub.name else "Welcome to the QI hub",
        "summary": hub.about,
        "steps": list(hub.how_to_start),
        "organisation": hub.organisation,
        "qrUrl": qr.link(hub.url, "hub"),
    }
