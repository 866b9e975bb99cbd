"""How much of a feed is read: the supported version, size caps, text lengths, list bounds."""

from __future__ import annotations

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
    "recognition": 90,
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
MAX_RECOGNITION = 6
YEAR_RANGE = (1948, 2100)
DWELL_RANGE = (5, 600)
WEIGHT_RANGE = (1, 10)
