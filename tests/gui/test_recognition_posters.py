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


def laid_out_lines(label) -> list[str]:
    """The label's text broken into lines as Qt lays it out at the label's width."""
    from PySide6.QtGui import QTextLayout, QTextOption

    text = label.property("text")
    layout = QTextLayout(text, label.property("font"))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.width())
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


def test_a_long_award_never_leaves_its_year_alone_on_the_ribbons_second_line(
    make_kiosk, tmp_path: Path, qtbot
) -> None:
    award = {"title": "Highly commended, Regional Patient Safety Awards", "year": 2026}
    kiosk = kiosk_on_feed(
        make_kiosk,
        tmp_path,
        qtbot,
        projects({"id": "won", "title": "Antibiotics within the hour", "recognition": [award]}),
    )
    kiosk.rotation.show_project("won")
    (badge,) = visible(shown_poster(kiosk), "recognitionBadge")
    assert badge.property("text") == "Highly commended, Regional Patient Safety Awards 2026"
    (label,) = [c for c in badge.childItems() if c.inherits("QQuickText")]
    lines = laid_out_lines(label)
    assert len(lines) == label.property("lineCount") == 2, lines
    assert len(lines[-1].split()) >= 2 or "\u00a0" in lines[-1], lines
    assert lines[-1].replace("\u00a0", " ").endswith("Awards 2026"), lines
