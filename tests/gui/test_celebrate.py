"""Celebrating our improvers: reached from Attract and Browse, the recognised teams, a thank-you."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gui.touch_support import TOUCH_ARGS, click, find, one, settled, tap


@pytest.fixture
def touch_kiosk(make_kiosk):
    kiosk = make_kiosk(*TOUCH_ARGS)
    kiosk.show()
    return kiosk


def status_screen(kiosk) -> str:
    return json.loads((kiosk.config.state_dir / "status.json").read_text())["screen"]


def expected_honours(kiosk) -> list[str]:
    from kiosk.recognition import celebration
    from kiosk.ui.celebrate import local_today

    return [h.project_id for h in celebration(kiosk.catalogue.feed, local_today()).honours]


def test_from_attract_to_the_celebration_and_into_a_project(touch_kiosk, qtbot) -> None:
    kiosk = touch_kiosk
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    tap(kiosk, one(kiosk, "celebrateButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "celebrate"))
    assert status_screen(kiosk) == "celebrate"

    screen = one(kiosk, "celebrateScreen")
    cards = find(kiosk, "honourCard", under=screen)
    expected = expected_honours(kiosk)
    assert len(expected) >= 5
    assert [c.property("projectId") for c in cards] == expected
    first_badges = find(kiosk, "recognitionBadge", under=cards[expected.index("ward-7-falls")])
    assert first_badges[0].property("text") == "Winner, Pride in Practice Awards 2026"
    thanks = one(kiosk, "thankYou").property("text")
    assert thanks.startswith("Thank you to all ") and "Meadowbrook Health NHS Trust" in thanks
    # Every text on the screen fits inside it.
    for text in find(kiosk, "", under=screen):
        if text.inherits("QQuickText") and text.property("text"):
            rect = text.mapRectToScene(text.boundingRect())
            assert rect.right() <= kiosk.window.width() + 1, text.property("text")
            assert text.property("lineCount") <= text.property("maximumLineCount")

    # A card opens its project; Back returns here, and Back again to all the projects.
    target = cards[1]
    click(kiosk, target)
    qtbot.waitUntil(lambda: settled(kiosk, "project"))
    assert kiosk.touch.project.project_id == target.property("projectId")
    click(kiosk, one(kiosk, "backButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "celebrate"))
    click(kiosk, one(kiosk, "backButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))


def test_from_browse_to_the_celebration(touch_kiosk, qtbot) -> None:
    kiosk = touch_kiosk
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    tap(kiosk, one(kiosk, "attractScreen"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    click(kiosk, one(kiosk, "celebrateButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "celebrate"))
    assert len(find(kiosk, "honourCard")) == len(expected_honours(kiosk))


def test_no_celebration_buttons_when_nobody_is_recognised(
    make_kiosk, tmp_path: Path, qtbot
) -> None:
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps({"feed_version": 1, "projects": [{"id": "p", "title": "Plain project"}]})
    )
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"mode: touch\nfeed:\n  source: {feed}\n")
    kiosk = make_kiosk("--config", str(config))
    qtbot.waitUntil(lambda: len(kiosk.catalogue) > 0, timeout=5000)
    with qtbot.waitExposed(kiosk.window):
        kiosk.show()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    assert find(kiosk, "celebrateButton") == []
    tap(kiosk, one(kiosk, "attractScreen"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    assert find(kiosk, "celebrateButton") == []


@pytest.mark.parametrize("size", ["1920x1080", "1024x768", "1280x1024", "1080x1920"])
def test_attract_has_both_buttons_apart_and_on_screen(make_kiosk, qtbot, size: str) -> None:
    kiosk = make_kiosk(*TOUCH_ARGS, size=size)
    with qtbot.waitExposed(kiosk.window):
        kiosk.show()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    qtbot.waitUntil(lambda: one(kiosk, "celebrateButton").height() > 0)
    main = one(kiosk, "attractCallToAction")
    cta = main.mapRectToScene(main.boundingRect())
    button = one(kiosk, "celebrateButton")
    rect = button.mapRectToScene(button.boundingRect())
    assert not rect.intersects(cta)
    assert rect.left() >= 0 and rect.right() <= kiosk.window.width()
    assert rect.top() >= 0 and rect.bottom() <= kiosk.window.height()
    # The main call to action, at the top of its pulse (6% larger), keeps clear of the edges.
    width, left = main.width() * 1.06, main.x() - main.width() * 0.03
    margin = 0.02 * kiosk.window.width()
    assert left >= margin and left + width <= kiosk.window.width() - margin, (left, width)


def test_the_project_screen_lists_every_award(touch_kiosk, qtbot) -> None:
    kiosk = touch_kiosk
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    tap(kiosk, one(kiosk, "attractScreen"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    kiosk.touch.openProject("ward-7-falls")
    qtbot.waitUntil(lambda: settled(kiosk, "project"))
    badges = find(kiosk, "recognitionBadge", under=one(kiosk, "projectScreen"))
    assert [b.property("text") for b in badges] == [
        "Winner, Pride in Practice Awards 2026",
        "Shortlisted, Regional Patient Safety Awards 2025",
    ]
