"""export-workbook then build-feed gives back the same feed."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.feed.model import Feed
from kiosk.feed.source import file_path, read_file
from kiosk.resources import demo_feed_path
from tests.unit.workbook.sheets import picture


def without_images(feed: Feed) -> Feed:
    """The feed with each image's location and hash blanked: a rebuilt feed has its pictures
    re-encoded and named by their new hash."""
    projects = tuple(
        dataclasses.replace(
            p, image=dataclasses.replace(p.image, url="", sha256=None) if p.image else None
        )
        for p in feed.projects
    )
    return dataclasses.replace(feed, projects=projects, generated_at=None)


def round_trip(feed_file: Path, work: Path, images: Path | None = None) -> Path:
    workbook = work / "exported.xlsx"
    out = work / "rebuilt"
    assert main(["export-workbook", str(feed_file), str(workbook)]) == 0
    extra = ["--images", str(images)] if images else []
    assert main(["build-feed", str(workbook), *extra, "--out", str(out)]) == 0
    return out


def test_the_demo_feed_comes_back_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = read_file(demo_feed_path(), max_bytes=10**8).feed
    out = round_trip(demo_feed_path(), tmp_path, images=demo_feed_path().parent)
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out
    rebuilt = read_file(out / "feed.json", max_bytes=10**8).feed
    assert without_images(rebuilt) == without_images(original)
    # Every project's picture is there, the same picture (size), checked against its hash.
    for before, after in zip(original.projects, rebuilt.projects, strict=True):
        assert (before.image is None) == (after.image is None)
        if before.image and after.image:
            with Image.open(local(before.image.url)) as a, Image.open(local(after.image.url)) as b:
                assert a.size == b.size
            assert after.image.sha256 and after.image.url.endswith(after.image.sha256 + ".jpg")


def local(url: str) -> Path:
    return file_path(url)


def test_a_built_feed_comes_back_byte_for_byte(tmp_path: Path) -> None:
    first = round_trip(demo_feed_path(), tmp_path / "one", images=demo_feed_path().parent)
    second = round_trip(first / "feed.json", tmp_path / "two", images=first)

    def body(out: Path) -> dict[str, Any]:
        data = json.loads((out / "feed.json").read_text(encoding="utf-8"))
        data.pop("generated_at")
        return data

    assert body(first) == body(second)
    assert sorted(p.name for p in (first / "images").iterdir()) == sorted(
        p.name for p in (second / "images").iterdir()
    )
    for image in (first / "images").iterdir():
        assert (second / "images" / image.name).read_bytes() == image.read_bytes()


def test_every_optional_part_comes_back(tmp_path: Path) -> None:
    picture(tmp_path / "pics" / "p.png")
    feed = {
        "feed_version": 1,
        "hub": {
            "name": "Hub",
            "organisation": "Org",
            "url": "https://qi.example/",
            "about": "About us",
            "how_to_start": ["One", "Two"],
        },
        "projects": [
            {
                "id": "full",
                "title": "=Not a formula",
                "summary": "Line one\nline two",
                "aim": "Aim",
                "stage": "sustaining",
                "themes": ["A", "B"],
                "department": "Dept",
                "site": "Site",
                "link": "https://qi.example/full",
                "started": "2024-01-31",
                "updated": "2026-02-28",
                "image": {"url": "pics/p.png", "alt": "A picture"},
                "team": [{"name": "Ann", "role": "Lead"}, {"name": "Bo"}],
                "measures": [
                    {
                        "name": "Wait",
                        "unit": "min",
                        "improvement": "decrease",
                        "target": 12.5,
                        "baseline": 12,
                        "rules": "ptd",
                        "rebase": ["2025-02-15", "2025-04-01"],
                        "points": [
                            {"date": f"2025-{m:02d}-01", "value": None if m == 3 else m * 1.5}
                            for m in range(1, 13)
                        ],
                    },
                    {"name": "Count", "improvement": "increase", "points": []},
                ],
                "changes": ["First change", "Second"],
                "pdsa": [
                    {
                        "title": "Test",
                        "status": "abandon",
                        "date": "2025-03-01",
                        "learning": "Learnt",
                    },
                    {"title": "Plan only"},
                ],
                "results": "Better",
                "display": {
                    "from": "2026-01-01T08:30:00Z",
                    "until": "2027-01-01",
                    "screens": ["lobby", "ward"],
                    "weight": 4,
                    "dwell_seconds": 45,
                },
                "recognition": [
                    {"title": "Award", "year": 2026, "link": "https://qi.example/award"},
                    {"title": "Commended"},
                ],
                "spotlight_until": "2026-12-31",
            },
            {"id": "7", "title": "Numeric id"},
        ],
        "templates": [
            {
                "id": "t",
                "title": "T",
                "description": "D",
                "link": "https://qi.example/t",
                "icon": "fishbone",
            }
        ],
    }
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed), encoding="utf-8")
    original = read_file(source, max_bytes=10**8).feed
    assert not original.warnings and not original.skipped
    out = round_trip(source, tmp_path)
    rebuilt = read_file(out / "feed.json", max_bytes=10**8).feed
    assert not rebuilt.warnings and not rebuilt.skipped
    assert without_images(rebuilt) == without_images(original)
    assert rebuilt.projects[0].title == "=Not a formula"
