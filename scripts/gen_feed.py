#!/usr/bin/env python3
"""Write a large, realistic test feed: N projects with measures, teams, PDSA cycles and images.

    python3 scripts/gen_feed.py --projects 10000 --seed 1 --out DIR

writes ``DIR/feed.json`` and ``DIR/images/*.png`` (a handful of distinct illustrations, shared by
the projects and referenced relatively). The same seed always gives the same feed. Used by
``scripts/bench.py``; nothing it writes is committed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

IMAGE_COUNT = 8
IMAGE_SIZE = (960, 720)
HOST = "qi.example.nhs.uk"

THEMES = (
    "Patient safety",
    "Falls",
    "Older people",
    "Sepsis",
    "Medicines",
    "Flow",
    "Discharge",
    "Pressure ulcers",
    "Nutrition",
    "Mental health",
    "Maternity",
    "Children",
    "Outpatients",
    "Staff wellbeing",
    "Infection control",
    "End of life care",
)
SITES = (
    "Meadowbrook General Hospital",
    "Castleford Community Hospital",
    "Riverside Health Centre",
    "St Anne's Hospital",
    "Northgate Clinic",
)
DEPARTMENTS = (
    "Emergency Department",
    "Elderly Care",
    "Surgery",
    "Maternity",
    "Paediatrics",
    "Pharmacy",
    "Outpatients",
    "Radiology",
    "Critical Care",
    "Community Nursing",
    "Mental Health",
    "Theatres",
)
FIRST = (
    "Grace",
    "Alistair",
    "Megan",
    "Kwame",
    "Ruth",
    "Priya",
    "Tom",
    "Aisha",
    "Owen",
    "Mei",
    "Joseph",
    "Hannah",
    "Ravi",
    "Sian",
    "Luca",
    "Fatima",
)
LAST = (
    "Okonkwo",
    "Penhaligon",
    "Lowther",
    "Asante",
    "Delaney",
    "Sharma",
    "Evans",
    "Khan",
    "Price",
    "Chen",
    "Murphy",
    "Williams",
    "Patel",
    "Jones",
    "Rossi",
    "Ali",
)
ROLES = (
    "Project lead",
    "Consultant",
    "Ward manager",
    "Staff nurse",
    "Pharmacist",
    "Healthcare assistant",
    "QI coach",
    "Data analyst",
    "Patient partner",
    "Physiotherapist",
)
VERBS = ("Fewer", "Faster", "Safer", "Better", "Earlier", "Reliable", "Timely", "Kinder")
NOUNS = (
    "falls",
    "discharges",
    "sepsis screening",
    "medicine rounds",
    "handovers",
    "pressure care",
    "pain scores",
    "clinic letters",
    "bed moves",
    "nutrition checks",
    "blood cultures",
    "call bells",
)
MEASURES = (
    ("Inpatient falls", "falls per 1,000 bed days", "decrease", 3.0, 12.0),
    ("Patients screened within an hour", "%", "increase", 40.0, 98.0),
    ("Median wait", "minutes", "decrease", 20.0, 240.0),
    ("Discharges before noon", "%", "increase", 5.0, 45.0),
    ("Missed doses", "per week", "decrease", 0.0, 30.0),
    ("Staff survey score", "out of 10", "neutral", 4.0, 9.0),
)
STAGES = ("idea", "planning", "testing", "implementing", "sustaining")
PDSA = ("planned", "running", "adopt", "adapt", "abandon")
TEXT = (
    "the team tested a new checklist on the ward and met weekly to review the data "
    "patients and carers helped shape each change and the results are shared at huddles "
    "so that everyone knows what is working and what to try next"
)
WORDS = tuple(TEXT.split())


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def month(start: dt.date, offset: int) -> dt.date:
    total = start.year * 12 + start.month - 1 + offset
    return dt.date(total // 12, total % 12 + 1, 1)


def measure(rng: random.Random) -> dict[str, Any]:
    name, unit, improvement, low, high = rng.choice(MEASURES)
    count = rng.randint(15, 40)
    start = month(dt.date(2023, 1, 1), rng.randint(0, 12))
    level = rng.uniform(low + (high - low) * 0.3, high - (high - low) * 0.3)
    spread = (high - low) * rng.uniform(0.03, 0.12)
    shift_at = rng.randint(count // 3, count - 3)
    shift = (high - low) * rng.uniform(-0.25, 0.25)
    points = []
    for i in range(count):
        value = level + (shift if i >= shift_at else 0.0) + rng.gauss(0.0, spread)
        points.append(
            {"date": month(start, i).isoformat(), "value": round(min(high, max(low, value)), 1)}
        )
    result: dict[str, Any] = {
        "name": name,
        "unit": unit,
        "improvement": improvement,
        "points": points,
    }
    if improvement != "neutral" and rng.random() < 0.6:
        result["target"] = round(
            level + (high - low) * (0.15 if improvement == "increase" else -0.15), 1
        )
    return result


def project(rng: random.Random, number: int) -> dict[str, Any]:
    pid = f"p{number:05d}"
    title = f"{rng.choice(VERBS)} {rng.choice(NOUNS)} in {rng.choice(DEPARTMENTS)}"
    if rng.random() < 0.3:
        title += f" at {rng.choice(SITES)}"
    team = [
        {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "role": rng.choice(ROLES)}
        for _ in range(rng.randint(1, 7))
    ]
    started = month(dt.date(2022, 1, 1), rng.randint(0, 36))
    return {
        "id": pid,
        "title": title,
        "summary": sentence(rng, 14, 34),
        "aim": sentence(rng, 10, 26),
        "stage": rng.choice(STAGES),
        "themes": rng.sample(THEMES, rng.randint(1, 3)),
        "department": rng.choice(DEPARTMENTS),
        "site": rng.choice(SITES),
        "team": team,
        "started": started.isoformat(),
        "updated": month(started, rng.randint(6, 30)).isoformat(),
        "image": {
            "url": f"images/illustration-{rng.randrange(IMAGE_COUNT)}.png",
            "alt": "A flat illustration of a hospital scene",
        },
        "link": f"https://{HOST}/projects/{pid}",
        "measures": [measure(rng) for _ in range(rng.randint(1, 3))],
        "changes": [sentence(rng, 5, 12) for _ in range(rng.randint(0, 4))],
        "pdsa": [
            {
                "title": f"Cycle {i + 1}: {sentence(rng, 3, 7)}",
                "status": rng.choice(PDSA),
                "learning": sentence(rng, 8, 20),
            }
            for i in range(rng.randint(0, 5))
        ],
        "results": sentence(rng, 6, 14) if rng.random() < 0.7 else None,
    }


def feed(projects: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    items = [project(rng, i + 1) for i in range(projects)]
    for item in items:
        if item["results"] is None:
            del item["results"]
    return {
        "feed_version": 1,
        "generated_at": "2026-11-01T09:00:00Z",
        "hub": {
            "name": "Benchmark QI Hub",
            "organisation": "Example Health NHS Trust",
            "url": f"https://{HOST}/",
            "about": sentence(rng, 20, 40),
            "how_to_start": [sentence(rng, 4, 9) for _ in range(4)],
        },
        "templates": [
            {
                "id": f"template-{i}",
                "title": f"Template {i + 1}",
                "description": sentence(rng, 8, 16),
                "link": f"https://{HOST}/templates/{i}",
                "icon": "charter",
            }
            for i in range(6)
        ],
        "projects": items,
    }


def images(folder: Path, seed: int) -> None:
    """A few distinct flat illustrations: a coloured sky, ground and simple shapes."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed * 7919 + 1)
    folder.mkdir(parents=True, exist_ok=True)
    w, h = IMAGE_SIZE
    for i in range(IMAGE_COUNT):
        path = folder / f"illustration-{i}.png"
        sky = tuple(rng.randint(150, 235) for _ in range(3))
        image = Image.new("RGB", IMAGE_SIZE, sky)
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, int(h * 0.7), w, h), fill=tuple(rng.randint(40, 140) for _ in range(3)))
        for _ in range(rng.randint(6, 14)):
            x, y = rng.randint(0, w), rng.randint(0, h)
            r = rng.randint(20, 160)
            colour = tuple(rng.randint(0, 255) for _ in range(3))
            if rng.random() < 0.5:
                draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
            else:
                draw.rectangle((x - r, y - r // 2, x + r, y + r // 2), fill=colour)
        image.save(path, optimize=False)


def write(out: Path, projects: int, seed: int) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    images(out / "images", seed)
    path = out / "feed.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(
        json.dumps(feed(projects, seed), ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
    tmp.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, required=True, help="how many projects")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder for feed.json and images/")
    args = parser.parse_args(argv)
    if not 1 <= args.projects <= 20_000:
        parser.error("--projects must be between 1 and 20000 (the feed's limit)")
    path = write(args.out, args.projects, args.seed)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
