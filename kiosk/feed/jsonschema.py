"""The feed's published JSON Schema (draft 2020-12), for any system that produces a feed.

It describes what :mod:`kiosk.feed.schema` accepts; ``config/feed.schema.json`` is this
document, kept in step by a test.
"""

from __future__ import annotations

from typing import Any

from kiosk.feed import schema as s
from kiosk.feed.model import IMPROVEMENTS, PDSA_STATUSES, STAGES, TEMPLATE_ICONS

SCHEMA_ID = "https://qi-hub-kiosk.invalid/schema/feed-v1.json"


def _text(limit_key: str, description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "description": f"{description} Longer than {s.MAX_LEN[limit_key]} characters is shortened.",
    }


def _date(description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": r"^\d{4}-\d{2}(-\d{2})?([T ].*)?$",
        "description": f"{description} YYYY-MM-DD (YYYY-MM means the first of the month).",
    }


URL = {"type": "string", "format": "uri", "maxLength": 2000}


def feed_schema() -> dict[str, Any]:
    measure = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": _text("measure", "What is measured."),
            "unit": _text("unit", "Unit of the values, e.g. % or days."),
            "improvement": {
                "enum": list(IMPROVEMENTS),
                "default": "neutral",
                "description": "Which direction is better.",
            },
            "target": {"type": "number"},
            "rules": {
                "enum": ["mdc", "ptd"],
                "description": "SPC rule set for this measure; the kiosk's spc.rules otherwise.",
            },
            "baseline": {
                "type": "integer",
                "minimum": 12,
                "description": "Fix the limits on the first N points.",
            },
            "points": {
                "type": "array",
                "maxItems": s.MAX_POINTS,
                "items": {
                    "type": "object",
                    "required": ["date", "value"],
                    "properties": {
                        "date": _date("The period the value is for."),
                        "value": {
                            "type": ["number", "null"],
                            "description": 'null (missing) only with "rules": "ptd".',
                        },
                    },
                },
            },
            "rebase": {
                "type": "array",
                "items": _date("A recalculation of the limits starts here."),
            },
        },
    }
    project = {
        "type": "object",
        "required": ["id", "title"],
        "properties": {
            "id": {
                "type": "string",
                "pattern": r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
                "maxLength": s.MAX_LEN["id"],
            },
            "title": _text("title", "The project's name."),
            "summary": _text("summary", "One or two sentences."),
            "aim": _text("aim", "What will improve, by how much, by when."),
            "stage": {"enum": list(STAGES)},
            "themes": {"type": "array", "maxItems": s.MAX_THEMES, "items": {"type": "string"}},
            "department": _text("department", "Ward, team or department."),
            "site": _text("site", "Hospital, clinic or community base."),
            "team": {
                "type": "array",
                "maxItems": s.MAX_TEAM,
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}, "role": {"type": "string"}},
                },
            },
            "started": _date("When the project began."),
            "updated": _date("When the project's content last changed."),
            "image": {
                "type": "object",
                "required": ["url"],
                "properties": {
                    "url": {"type": "string", "description": "http(s), or relative to the feed."},
                    "alt": _text("alt", "What the image shows, for screen readers."),
                    "sha256": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$"},
                },
            },
            "link": {
                **URL,
                "description": "More about the project; shown as a QR code when allowed.",
            },
            "measures": {"type": "array", "maxItems": s.MAX_MEASURES, "items": measure},
            "changes": {"type": "array", "maxItems": s.MAX_CHANGES, "items": {"type": "string"}},
            "pdsa": {
                "type": "array",
                "maxItems": s.MAX_PDSA,
                "items": {
                    "type": "object",
                    "required": ["title"],
                    "properties": {
                        "title": _text("pdsa_title", "What was tried."),
                        "status": {"enum": list(PDSA_STATUSES), "default": "planned"},
                        "date": _date("When the cycle ran."),
                        "learning": _text("learning", "What was learnt."),
                    },
                },
            },
            "results": _text("results", "The headline result so far."),
            "recognition": {
                "type": "array",
                "maxItems": s.MAX_RECOGNITION,
                "description": "Awards and other recognition: shown as a ribbon on the poster "
                "and on the 'Celebrating our improvers' screen.",
                "items": {
                    "type": ["object", "string"],
                    "required": ["title"],
                    "properties": {
                        "title": _text("recognition", "e.g. Winner, Pride in Practice Awards."),
                        "year": {
                            "type": "integer",
                            "minimum": s.YEAR_RANGE[0],
                            "maximum": s.YEAR_RANGE[1],
                        },
                        "link": {**URL, "description": "More about the award."},
                    },
                },
            },
            "spotlight_until": _date("Shown more often on display screens until this day."),
            "display": {
                "type": "object",
                "properties": {
                    "from": {"type": "string", "format": "date-time"},
                    "until": {"type": "string", "format": "date-time"},
                    "screens": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "Only on screens with these screen_id values.",
                    },
                    "weight": {
                        "type": "integer",
                        "minimum": s.WEIGHT_RANGE[0],
                        "maximum": s.WEIGHT_RANGE[1],
                    },
                    "dwell_seconds": {
                        "type": "number",
                        "minimum": s.DWELL_RANGE[0],
                        "maximum": s.DWELL_RANGE[1],
                    },
                },
            },
        },
    }
    template = {
        "type": "object",
        "required": ["id", "title", "link"],
        "properties": {
            "id": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"},
            "title": _text("template_title", "The template's name."),
            "description": _text("template_description", "What it is for."),
            "link": URL,
            "icon": {"enum": list(TEMPLATE_ICONS)},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "QI Hub Kiosk feed, version 1",
        "description": (
            "Quality improvement projects for hub screens. Only feed_version, projects[].id and "
            "projects[].title are required; unknown keys are ignored."
        ),
        "type": "object",
        "required": ["feed_version", "projects"],
        "properties": {
            "feed_version": {
                "oneOf": [{"const": 1}, {"type": "string", "pattern": r"^1(\.\d+){0,2}$"}],
                "description": '1, or "1.x"; a higher major version is refused.',
            },
            "generated_at": {"type": "string", "format": "date-time"},
            "hub": {
                "type": "object",
                "properties": {
                    "name": _text("hub_name", "The hub's name, in each poster's header."),
                    "organisation": _text("organisation", "The trust or organisation."),
                    "url": URL,
                    "about": _text("about", "For the 'About the QI hub' poster."),
                    "how_to_start": {
                        "type": "array",
                        "maxItems": s.MAX_STEPS,
                        "items": {"type": "string"},
                    },
                },
            },
            "projects": {"type": "array", "maxItems": s.MAX_PROJECTS, "items": project},
            "templates": {"type": "array", "maxItems": s.MAX_TEMPLATES, "items": template},
        },
    }
