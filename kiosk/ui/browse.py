"""Browse: the search text, the filters and the projects they leave, for the Browse screen."""

from __future__ import annotations

import logging

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalogue import Catalogue
from kiosk.search import SearchIndex, Selection
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)
from kiosk.ui.filters import FilterModel
from kiosk.ui.project_list import ProjectListModel

logger = logging.getLogger(__name__)

MAX_QUERY = 80


def count_text(n: int) -> str:
    return "No projects" if n == 0 else ("1 project" if n == 1 else f"{n:,} projects")


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class Browse(QObject):
    queryChanged = Signal()
    countChanged = Signal()
    resultsChanging = Signal()
    """The results are about to change: the view goes back to the top of the list first."""
    searchUsed = Signal()
    """A new search was started (the query went from empty to something)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._updating = False
        self._index = SearchIndex(())
        self._projects = ProjectListModel(self)
        self._filters = FilterModel(self)
        self._filters.selectionChanged.connect(self._refilter)
        self._projects.countChanged.connect(self.countChanged)

    # --- what QML sees --------------------------------------------------------------------

    @Property(ProjectListModel, constant=True)
    def projects(self) -> ProjectListModel:
        return self._projects

    @Property(FilterModel, constant=True)
    def filters(self) -> FilterModel:
        return self._filters

    def _get_query(self) -> str:
        return self._query

    @Slot(str)
    def setQuery(self, query: str) -> None:
        query = query[:MAX_QUERY]
        if query == self._query:
            return
        started = not self._query.strip() and bool(query.strip())
        self._query = query
        self.queryChanged.emit()
        self._refilter()
        if started:
            self.searchUsed.emit()

    query = Property(str, _get_query, setQuery, notify=queryChanged)

    @Slot(str)
    def typeText(self, text: str) -> None:
        """A key of the on-screen keyboard."""
        self.setQuery(self._query + text)

    @Slot()
    def backspace(self) -> None:
        self.setQuery(self._query[:-1])

    @Property(int, notify=countChanged)
    def count(self) -> int:
        return self._projects.rowCount()

    @Property(str, notify=countChanged)
    def countText(self) -> str:
        return count_text(self._projects.rowCount())

    @Property(int, notify=countChanged)
    def total(self) -> int:
        return len(self._index)

    @Slot()
    def clearAll(self) -> None:
        """Clear the search and the filters."""
        self.setQuery("")
        self._filters.clear()

    def reset(self) -> None:
        """As a new person finds it: no search, no filters."""
        self.setQuery("")
        self._filters.reset()

    # --- content --------------------------------------------------------------------------

    def selection(self) -> Selection:
        return Selection(self._query, self._filters.selection())

    def _refilter(self) -> None:
        if not self._updating:
            rows = self._index.search(self.selection())
            if rows != self._projects.rows:
                self.resultsChanging.emit()
                self._projects.set_rows(rows)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._updating = True
        try:
            self._index = SearchIndex(catalogue.projects)
            self._filters.set_index(self._index)
        finally:
            self._updating = False
        self._projects.set_catalogue(catalogue, self._index.search(self.selection()))
        self.countChanged.emit()
