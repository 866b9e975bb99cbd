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
