"""Touch mode end to end: a person wakes the screen, searches, filters, opens a project, scans
its QR code, starts their own project from a template, walks away, and the screen forgets them."""

from __future__ import annotations

import json

import pytest

from tests.gui.touch_support import (
    TOUCH_ARGS,
    Events,
    click,
    find,
    focused_name,
    items,
    key,
    one,
    qr_codes,
    settled,
    tab_to,
    tap,
    tiles_on_screen,
    type_text,
)


@pytest.fixture
def touch_kiosk(make_kiosk):
    kiosk = make_kiosk(*TOUCH_ARGS)
    kiosk.show()
    return kiosk


def expected_ids(kiosk, query: str, **facets: set[str]) -> list[str]:
    from kiosk.search import SearchIndex, Selection

    index = SearchIndex(kiosk.catalogue.projects)
    rows = index.search(Selection(query, {k: frozenset(v) for k, v in facets.items()}))
    return [kiosk.catalogue.projects[r].id for r in rows]


def status_screen(kiosk) -> str:
    return json.loads((kiosk.config.state_dir / "status.json").read_text())["screen"]


def test_touch_flow_from_wake_to_template_and_back_to_attract(touch_kiosk, qtbot) -> None:
    kiosk = touch_kiosk
    nav = kiosk.touch.navigator
    events = Events(kiosk.touch.uptake)
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    assert status_screen(kiosk) == "attract"
    assert one(kiosk, "attractCallToAction")

    # Wake: a finger lands on the poster (where its QR code is); only the screen wakes.
    attract = one(kiosk, "attractScreen")
    tap(kiosk, attract)
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    assert events.named("sessionStarted") == [()]
    assert events.named("projectOpened") == []
    assert status_screen(kiosk) == "browse"
    assert one(kiosk, "backButton") and one(kiosk, "homeButton")

    # Search as you type, case-insensitive.
    click(kiosk, one(kiosk, "searchField"))
    assert one(kiosk, "onScreenKeyboard")
    type_text(kiosk, "FALLS")
    falls = expected_ids(kiosk, "falls")
    assert falls and "ward-7-falls" in falls
    assert one(kiosk, "resultCount").property("text") == f"{len(falls)} projects"
    qtbot.waitUntil(lambda: tiles_on_screen(kiosk) == falls)
    assert events.named("searchUsed") == [()]

    # The on-screen keyboard types too.
    keyboard = one(kiosk, "onScreenKeyboard")
    kiosk.touch.browse.backspace()
    assert kiosk.touch.browse.query == "FALL"
    assert one(kiosk, "searchField").property("text") == "FALL"
    type_text(kiosk, "S")
    assert keyboard.isVisible()

    # Add a filter: site.
    click(kiosk, one(kiosk, "filterKind_site"))
    site = kiosk.catalogue.get("ward-7-falls").site
    chip = next(c for c in find(kiosk, "filterChip") if c.property("value") == site)
    click(kiosk, chip)
    both = expected_ids(kiosk, "falls", site={site})
    assert both == ["ward-7-falls"]
    assert one(kiosk, "resultCount").property("text") == "1 project"
    qtbot.waitUntil(lambda: tiles_on_screen(kiosk) == both)
    assert events.named("filterUsed") == [("site",)]

    # Open the project: its QR code, read from the screen, is the project's link.
    card = one(kiosk, "projectTile", under=one(kiosk, "projectGrid"))
    assert card.property("projectId") == "ward-7-falls"
    click(kiosk, card)
    qtbot.waitUntil(lambda: settled(kiosk, "project"))
    link = kiosk.catalogue.get("ward-7-falls").link
    assert one(kiosk, "qrCode", under=one(kiosk, "projectScreen")).property("url") == link
    assert qr_codes(kiosk) == [link]
    assert events.named("projectOpened") == [("ward-7-falls",)]
    assert events.named("qrShown") == [("project", "ward-7-falls")]
    assert status_screen(kiosk) == "project"

    # Back keeps the search; Home goes to Browse.
    click(kiosk, one(kiosk, "backButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    assert kiosk.touch.browse.query == "FALLS"
    click(kiosk, one(kiosk, "startButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "start"))
    click(kiosk, one(kiosk, "homeButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))

    # Start your own: a template's QR code is its link.
    click(kiosk, one(kiosk, "startButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "start"))
    assert status_screen(kiosk) == "start"
    template = kiosk.catalogue.feed.templates[1]
    tile = next(t for t in find(kiosk, "templateTile") if t.property("templateId") == template.id)
    click(kiosk, tile)
    qtbot.waitUntil(
        lambda: (
            one(kiosk, "qrCode", under=one(kiosk, "startScreen")).property("url") == template.link
        )
    )
    assert qr_codes(kiosk) == [template.link]
    assert events.named("templateChosen") == [(template.id,)]
    assert events.named("qrShown")[-1] == ("template", template.id)

    # Scroll the grid, then walk away: after the idle time the screen is Attract again, and the
    # next person finds no search, no filters and the grid at the top.
    click(kiosk, one(kiosk, "homeButton"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    kiosk.touch.browse.clearAll()
    grid = one(kiosk, "projectGrid")
    grid.setProperty("contentY", 200.0)
    nav.idleTimer.setInterval(200)
    nav.poke()
    qtbot.waitUntil(lambda: settled(kiosk, "attract"), timeout=3000)
    assert status_screen(kiosk) == "attract"
    assert kiosk.touch.browse.query == ""
    assert kiosk.touch.browse.filters.activeCount == 0
    assert kiosk.touch.project.values == {}
    assert kiosk.touch.start.chosen == {}
    assert grid.property("contentY") == pytest.approx(grid.property("originY"))
    (duration,) = events.named("sessionEnded")[0]
    assert duration > 0

    # The next person starts fresh.
    nav.idleTimer.setInterval(kiosk.config.touch.idle_seconds * 1000)
    tap(kiosk, one(kiosk, "attractScreen"))
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    assert one(kiosk, "searchField").property("text") == ""
    assert one(kiosk, "resultCount").property("text") == f"{len(kiosk.catalogue.projects)} projects"
    assert len(events.named("sessionStarted")) == 2


def test_keyboard_only_flow(touch_kiosk, qtbot) -> None:
    from PySide6.QtCore import Qt

    kiosk = touch_kiosk
    events = Events(kiosk.touch.uptake)
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))

    key(kiosk, Qt.Key.Key_Space, " ")
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    assert focused_name(kiosk) == "searchField"
    type_text(kiosk, "falls")
    assert kiosk.touch.browse.count == len(expected_ids(kiosk, "falls"))

    tab_to(kiosk, "filterKind_site")
    key(kiosk, Qt.Key.Key_Return)
    tab_to(kiosk, "filterChip")
    site = kiosk.catalogue.get("ward-7-falls").site
    for _ in range(10):
        if kiosk.window.activeFocusItem().property("value") == site:
            break
        key(kiosk, Qt.Key.Key_Right)
    key(kiosk, Qt.Key.Key_Return)
    assert events.named("filterUsed") == [("site",)]
    assert kiosk.touch.browse.count == 1

    tab_to(kiosk, "projectTile")
    assert kiosk.window.activeFocusItem().property("projectId") == "ward-7-falls"
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: settled(kiosk, "project"))
    link = kiosk.catalogue.get("ward-7-falls").link
    assert qr_codes(kiosk) == [link]

    key(kiosk, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    tab_to(kiosk, "startButton")
    key(kiosk, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: settled(kiosk, "start"))
    tab_to(kiosk, "templateTile")
    key(kiosk, Qt.Key.Key_Return)
    first = kiosk.catalogue.feed.templates[0]
    qtbot.waitUntil(lambda: kiosk.touch.start.chosen.get("templateId") == first.id)
    assert qr_codes(kiosk) == [first.link]

    # Esc goes back, screen by screen; back from Browse ends the session.
    key(kiosk, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    key(kiosk, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    assert len(events.named("sessionEnded")) == 1
    assert kiosk.touch.browse.query == ""


def test_every_interactive_item_has_an_accessible_name(touch_kiosk, qtbot) -> None:
    from PySide6.QtQml import QQmlEngine, QQmlProperty

    from tests.gui.touch_support import items, shown

    kiosk = touch_kiosk
    nav = kiosk.touch.navigator
    nav.wake()
    kiosk.touch.openProject("ward-7-falls")
    kiosk.touch.chooseTemplate(kiosk.catalogue.feed.templates[0].id)
    checked = 0
    for screen in ("browse", "project", "start"):
        nav.home()
        if screen == "project":
            kiosk.touch.openProject("ward-7-falls")
        elif screen == "start":
            kiosk.touch.openStart()
        qtbot.waitUntil(lambda s=screen: settled(kiosk, s))
        for item in items(kiosk.window.rootObject()):
            if not shown(item) or not (
                item.activeFocusOnTab()
                or item.objectName()
                in ("projectTile", "templateTile", "filterChip", "backButton", "homeButton")
            ):
                continue
            name = QQmlProperty(item, "Accessible.name", QQmlEngine.contextForObject(item)).read()
            assert name, f"{item.objectName() or item} has no accessible name on {screen}"
            checked += 1
    assert checked >= 20


def test_screen_change_reaches_the_status_file_after_its_first_frame(touch_kiosk, qtbot) -> None:
    """Writing the status file (two fsyncs) is not on the way to the project screen's first
    frame: the change is reported once that frame is out."""
    kiosk = touch_kiosk
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    kiosk.touch.navigator.wake()
    qtbot.waitUntil(lambda: settled(kiosk, "browse") and status_screen(kiosk) == "browse")
    order: list[str] = []
    kiosk.window.frameSwapped.connect(lambda: order.append("frame"))
    kiosk.touch.screenChanged.connect(order.append)
    kiosk.touch.openProject("ward-7-falls")
    assert status_screen(kiosk) == "browse"  # nothing written yet: no frame has been made
    qtbot.waitUntil(lambda: status_screen(kiosk) == "project")
    assert order.index("frame") < order.index("project")

    # Without frames (the window hidden) the change is still reported, a moment later.
    kiosk.window.hide()
    order.clear()
    kiosk.touch.navigator.back()
    qtbot.waitUntil(lambda: status_screen(kiosk) == "browse")
    assert "frame" not in order


def test_a_project_opens_by_a_dissolve_with_its_lower_parts_a_frame_later(
    touch_kiosk, qtbot
) -> None:
    """Going from Browse to a project and back, only the incoming screen is ever translucent: the
    outgoing one stays opaque underneath until the incoming one is opaque, and is then hidden.
    The first frame after the tap already shows the project screen (faintly), with the top of
    its page but no charts or QR code yet; they are made during the fade."""
    from PySide6.QtCore import Qt

    kiosk = touch_kiosk
    qtbot.waitUntil(lambda: settled(kiosk, "attract"))
    kiosk.touch.navigator.wake()
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    screens = {name: items_named(kiosk, name) for name in ("browseScreen", "projectScreen")}
    frames: list[dict[str, object]] = []

    def record() -> None:
        # The state each frame is drawn from (the software renderer runs on this thread).
        state: dict[str, object] = {
            name: (item.isVisible(), item.opacity()) for name, item in screens.items()
        }
        state["charts"] = len(find(kiosk, "spcChart"))
        state["title"] = bool(find(kiosk, "projectTitle"))
        qr = [i for i in items(kiosk.window.rootObject()) if i.objectName() == "qrCode"]
        state["qr"] = qr[0].property("url") if qr else ""
        frames.append(state)

    kiosk.window.beforeSynchronizing.connect(record, Qt.ConnectionType.DirectConnection)
    kiosk.touch.openProject("ward-7-falls")
    qtbot.waitUntil(lambda: settled(kiosk, "project"))
    assert frames[0]["projectScreen"][0], "the first frame after the tap shows the project"
    assert frames[0]["projectScreen"][1] >= 0.2, "the fade starts where its first frame is"
    opening = [f for f in frames if f["projectScreen"][0]]
    assert len(opening) >= 2, "the project screen faded in over more than one frame"
    first = opening[0]
    assert first["title"] and first["charts"] == 0 and first["qr"] == ""
    assert first["projectScreen"][1] < 1
    fading = [f for f in opening if f["projectScreen"][1] < 1]
    assert fading and all(f["browseScreen"] == (True, 1.0) for f in fading)
    assert opening[-1]["projectScreen"] == (True, 1.0)
    assert opening[-1]["charts"] > 0 and str(opening[-1]["qr"]).startswith("http")
    assert not screens["browseScreen"].isVisible()

    frames.clear()
    kiosk.touch.navigator.back()
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    fading = [f for f in frames if f["browseScreen"][0] and f["browseScreen"][1] < 1]
    assert fading and all(f["projectScreen"] == (True, 1.0) for f in fading)
    assert not screens["projectScreen"].isVisible()
    kiosk.window.beforeSynchronizing.disconnect(record)


def items_named(kiosk, name: str):
    found = [i for i in items(kiosk.window.rootObject()) if i.objectName() == name]
    assert len(found) == 1
    return found[0]
