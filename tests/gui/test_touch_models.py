"""The touch list models: Qt's model tester, small changes as small changes, 10,000 projects."""

from __future__ import annotations

import time

from tests.gui.touch_support import TOUCH_ARGS, find, one, settled
from tests.unit.test_search import PROJECTS, big_catalogue


def test_project_list_and_filters_pass_the_model_tester(qapp) -> None:
    from PySide6.QtTest import QAbstractItemModelTester

    from kiosk.catalogue import Catalogue
    from kiosk.feed.model import Feed
    from kiosk.ui.browse import Browse

    browse = Browse()
    mode = QAbstractItemModelTester.FailureReportingMode.Warning
    testers = [
        QAbstractItemModelTester(browse.projects, mode),
        QAbstractItemModelTester(browse.filters, mode),
    ]
    browse.set_catalogue(Catalogue(Feed(version=1, projects=tuple(PROJECTS))))
    for query in ["f", "fa", "falls", "", "t", "zzz", "", "safer"]:
        browse.setQuery(query)
    browse.setQuery("")
    browse.filters.toggle("Falls")
    browse.filters.setKind("site")
    browse.filters.toggle("Community")
    assert browse.projects.project_ids == ["d"]
    browse.clearAll()
    assert browse.count == len(PROJECTS)
    assert testers


def test_typing_removes_and_inserts_rows_without_a_reset(qapp) -> None:
    from kiosk.catalogue import Catalogue
    from kiosk.feed.model import Feed
    from kiosk.ui.browse import Browse

    browse = Browse()
    browse.set_catalogue(Catalogue(Feed(version=1, projects=tuple(PROJECTS))))
    model = browse.projects
    removed, inserted = [], []
    model.rowsRemoved.connect(lambda _p, a, b: removed.append((a, b)))
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    resets = model.resets
    browse.setQuery("falls")
    assert model.project_ids == ["a", "d"]
    assert removed == [(1, 2)]
    browse.setQuery("")
    assert inserted == [(1, 2)]
    assert model.resets == resets

    # The same feed again changes nothing; a changed project updates its row only.
    changed = []
    model.dataChanged.connect(lambda a, b, _roles: changed.append((a.row(), b.row())))
    browse.set_catalogue(Catalogue(Feed(version=1, projects=tuple(PROJECTS))))
    assert changed == [] and model.resets == resets
    renamed = [*PROJECTS]
    renamed[2] = type(renamed[2])(id="c", title="Theatre lists on time")
    browse.set_catalogue(Catalogue(Feed(version=1, projects=tuple(renamed))))
    assert changed == [(2, 2)] and model.resets == resets


def test_a_big_change_replaces_rows_in_place_without_a_reset(qapp) -> None:
    """A first letter typed into 10,000 projects changes rows everywhere: the surplus goes from
    the end and the rest change in place (the grid keeps its cards), never a reset; the rows
    are always those a plain scan finds, and Qt's model tester sees nothing wrong."""
    from PySide6.QtTest import QAbstractItemModelTester

    from kiosk.catalogue import Catalogue
    from kiosk.feed.model import Feed, Project
    from kiosk.ui.browse import Browse

    projects = big_catalogue(3_000)
    browse = Browse()
    browse.set_catalogue(Catalogue(Feed(version=1, projects=tuple(projects))))
    model = browse.projects
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    events: list[tuple[str, int, int]] = []
    model.rowsRemoved.connect(lambda _p, a, b: events.append(("removed", a, b)))
    model.rowsInserted.connect(lambda _p, a, b: events.append(("inserted", a, b)))
    model.dataChanged.connect(lambda a, b, _r: events.append(("changed", a.row(), b.row())))
    model.modelReset.connect(lambda: events.append(("reset", 0, 0)))

    def expected(query: str) -> list[str]:
        def text(p: Project) -> str:
            return " ".join([p.title, p.aim, p.department, *p.themes, *(m.name for m in p.team)])

        return [p.id for p in projects if all(w in text(p).lower() for w in query.split())]

    browse.setQuery("1")  # thousands of rows leave from all over the list
    kept = len(expected("1"))
    assert model.project_ids == expected("1")
    assert events == [("removed", kept, 2_999), ("changed", 0, kept - 1)]
    events.clear()
    browse.setQuery("")  # and come back
    assert model.project_ids == expected("")
    assert events == [("inserted", kept, 2_999), ("changed", 0, kept - 1)]
    for query in ["w", "wa", "ward 2", "falls", "f", "", "zzz", ""]:
        browse.setQuery(query)
        assert model.project_ids == expected(query)
        assert model.rowCount() == len(expected(query))
    assert ("reset", 0, 0) not in events
    assert model.resets == 1  # the catalogue itself, once
    assert tester


def test_ten_thousand_projects_load_search_and_scroll(make_kiosk, qtbot) -> None:
    from kiosk.feed.model import Feed
    from kiosk.status import FeedStatus

    kiosk = make_kiosk(*TOUCH_ARGS)
    kiosk.show()
    projects = tuple(big_catalogue())
    kiosk.set_feed(
        Feed(version=1, projects=projects), FeedStatus(state="ok", projects=len(projects))
    )
    kiosk.touch.navigator.wake()
    qtbot.waitUntil(lambda: settled(kiosk, "browse"))
    assert one(kiosk, "resultCount").property("text") == "10,000 projects"
    grid = one(kiosk, "projectGrid")

    def cards() -> int:
        return len(find(kiosk, "projectTile", under=grid))

    assert 0 < cards() < 60
    # Scroll far down: the cards are made for what is on screen, never for the whole list.
    for y in (2_000, 50_000, 400_000):
        grid.setProperty("contentY", float(y))
        qtbot.wait(30)
        assert 0 < cards() < 60, f"{cards()} cards at {y}"
    start = time.perf_counter()
    for letter in "falls":
        kiosk.touch.browse.typeText(letter)
    per_key = (time.perf_counter() - start) / 5
    assert per_key < 0.1, f"a keystroke took {per_key * 1000:.0f} ms"
    assert kiosk.touch.browse.count == sum(1 for p in projects if "falls" in p.title.lower())
    qtbot.wait(50)
    assert 0 < cards() < 60
    # The cards on screen show the first results (rows replaced in place, not a reset).
    shown = {c.property("projectId") for c in find(kiosk, "projectTile", under=grid)}
    first = kiosk.touch.browse.projects.project_ids[: cards()]
    assert shown == set(first)
