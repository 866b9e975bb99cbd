"""Recognition on posters: the award ribbon and the "New" mark, as a person sees them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.gui.test_posters import kiosk_on_feed, shown_poster
from tests.helpers import find_items, qimage_to_pil

YELLOW = (0xFF, 0xB8, 0x1C)
GREEN = (0x00, 0x7F, 0x3B)


def visible(poster, name: str) -> list:
    return [i for i in find_items(poster, name) if i.isVisible() and i.width() > 0]


def colour_share(kiosk, item, rgb: tuple[int, int, int]) -> float:
    """How much of the item's area on screen is this colour (within a small tolerance)."""
    image = qimage_to_pil(kiosk.window.grabWindow())
    rect = item.mapRectToScene(item.boundingRect()).toRect()
    box = image.crop((rect.left(), rect.top(), rect.right(), rect.bottom()))
    pixels = [box.getpixel((x, y)) for y in range(box.height) for x in range(box.width)]
    close = sum(1 for p in pixels if all(abs(a - b) <= 12 for a, b in zip(p, rgb, strict=True)))
    return close / max(1, len(pixels))


def projects(*items: dict) -> str:
    return ",".join(json.dumps(i) for i in items)


def test_an_awarded_project_shows_its_ribbon_and_others_none(
    make_kiosk, tmp_path: Path, qtbot
) -> None:
    kiosk = kiosk_on_feed(
        make_kiosk,
        tmp_path,
        qtbot,
        projects(
            {
                "id": "won",
                "title": "Fewer falls",
                "link": "https://qi.example.org/won",
                "results": "Falls down 35%",
                "recognition": [
                    {"title": "Winner, Pride in Practice Awards", "year": 2026},
                    {"title": "Shortlisted, Patient Safety Awards 2025"},
                ],
            },
            {"id": "plain", "title": "Quicker letters", "link": "https://qi.example.org/plain"},
        ),
    )
    kiosk.rotation.show_project("won")
    poster = shown_poster(kiosk)
    (badge,) = visible(poster, "recognitionBadge")
    assert badge.property("text") == "Winner, Pride in Practice Awards 2026"
    assert colour_share(kiosk, badge, YELLOW) > 0.5
    rect = badge.mapRectToScene(badge.boundingRect())
    assert rect.right() <= kiosk.window.width() and rect.bottom() <= kiosk.window.height()

    kiosk.rotation.show_project("plain")
    assert visible(shown_poster(kiosk), "recognitionBadge") == []


def test_new_mark_for_a_project_started_or_updated_in_the_last_30_days(
    make_kiosk, tmp_path: Path, qtbot
) -> None:
    today = dt.datetime.now(dt.UTC).astimezone().date()
    kiosk = kiosk_on_feed(
        make_kiosk,
        tmp_path,
        qtbot,
        projects(
            {
                "id": "fresh",
                "title": "Fresh",
                "started": str(today - dt.timedelta(days=3)),
                "themes": ["Falls"],
            },
            {
                "id": "updated",
                "title": "Updated",
                "started": "2024-01-01",
                "updated": str(today - dt.timedelta(days=20)),
            },
            {
                "id": "old",
                "title": "Old",
                "started": "2024-01-01",
                "updated": "2025-01-01",
                "themes": ["Falls"],
            },
        ),
    )
    for pid, expected in (("fresh", 1), ("updated", 1), ("old", 0)):
        kiosk.rotation.show_project(pid)
        poster = shown_poster(kiosk)
        marks = visible(poster, "newMark")
        assert len(marks) == expected, pid
        if marks:
            assert colour_share(kiosk, marks[0], GREEN) > 0.4
