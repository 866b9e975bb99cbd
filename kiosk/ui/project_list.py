"""The projects Browse shows: the catalogue narrowed by the search and the filters.

The model's rows are positions in the catalogue, always ascending, so going from one result
set to the next is a merge: rows that left are removed and rows that came are inserted, in a
few contiguous runs. When that would take many separate runs (a first letter typed into
10,000 projects) the rows are replaced in place instead: the surplus rows at the end are removed
(or the missing ones added) and the rest announced as changed, so the grid keeps its cards and
only refills the few on screen, where a reset would destroy and make them all again.
"""

from __future__ import annotations

import logging
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    Property,
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalogue import Catalogue
from kiosk.feed.model import Project
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)
from kiosk.ui.poster_data import image_url

logger = logging.getLogger(__name__)

MAX_RUNS = 40
"""More separate runs of removed or inserted rows than this, and the model is reset instead."""

ModelIndex = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    PROJECT_ID = Qt.ItemDataRole.UserRole + 1
    TITLE = Qt.ItemDataRole.UserRole + 2
    STAGE = Qt.ItemDataRole.UserRole + 3
    STAGE_LABEL = Qt.ItemDataRole.UserRole + 4
    PLACE = Qt.ItemDataRole.UserRole + 5
    THEMES = Qt.ItemDataRole.UserRole + 6
    IMAGE = Qt.ItemDataRole.UserRole + 7
    IMAGE_ALT = Qt.ItemDataRole.UserRole + 8


ROLE_NAMES = {
    Role.PROJECT_ID: b"projectId",
    Role.TITLE: b"title",
    Role.STAGE: b"stage",
    Role.STAGE_LABEL: b"stageLabel",
    Role.PLACE: b"place",
    Role.THEMES: b"themes",
    Role.IMAGE: b"image",
    Role.IMAGE_ALT: b"imageAlt",
}


def merge_runs(
    old: list[int], new: list[int], limit: int | None = None
) -> list[tuple[str, int, list[int]]] | None:
    """The removals and insertions that turn sorted `old` into sorted `new`, or None when
    that takes more than `limit` steps (found out without working out the rest).

    Each step is ``("remove", row, rows)`` or ``("insert", row, rows)``, with `row` the position
    in the list as it is when that step is applied.
    """
    steps: list[tuple[str, int, list[int]]] = []
    p = i = 0  # p: position in the list being edited; i: position in `new`
    j = 0  # position in `old` of the item now at p
    while j < len(old) or i < len(new):
        if limit is not None and len(steps) > limit:
            return None
        if j < len(old) and (i >= len(new) or old[j] < new[i]):
            start = j
            while j < len(old) and (i >= len(new) or old[j] < new[i]):
                j += 1
            steps.append(("remove", p, old[start:j]))
        elif i < len(new) and (j >= len(old) or new[i] < old[j]):
            start = i
            while i < len(new) and (j >= len(old) or new[i] < old[j]):
                i += 1
            steps.append(("insert", p, new[start:i]))
            p += i - start
        else:
            p += 1
            i += 1
            j += 1
    return steps


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class ProjectListModel(QAbstractListModel):
    """One row per project shown, in catalogue order."""

    countChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._projects: tuple[Project, ...] = ()
        self._catalogue: Catalogue | None = None
        self._rows: list[int] = []
        self.resets = 0
        """How often the model was reset (a refresh that changes nothing resets nothing)."""

    # --- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        return {int(role): QByteArray(name) for role, name in ROLE_NAMES.items()}

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            not index.isValid()
            or index.parent().isValid()
            or not 0 <= index.row() < len(self._rows)
        ):
            return None
        project = self._projects[self._rows[index.row()]]
        if role in (Role.TITLE, Qt.ItemDataRole.DisplayRole):
            return project.title
        if role == Role.PROJECT_ID:
            return project.id
        if role == Role.STAGE:
            return project.stage or ""
        if role == Role.STAGE_LABEL:
            return project.stage_label
        if role == Role.PLACE:
            return " · ".join(p for p in (project.department, project.site) if p)
        if role == Role.THEMES:
            return " · ".join(project.themes[:3])
        if role == Role.IMAGE:
            cached = self._catalogue.image_path(project) if self._catalogue else None
            return image_url(project, cached)
        if role == Role.IMAGE_ALT:
            return project.image.alt if project.image else ""
        return None

    # --- content --------------------------------------------------------------------------

    def _get_count(self) -> int:
        return len(self._rows)

    count = Property(int, _get_count, notify=countChanged)

    @property
    def rows(self) -> list[int]:
        return self._rows

    @property
    def project_ids(self) -> list[str]:
        return [self._projects[r].id for r in self._rows]

    def project_at(self, row: int) -> Project | None:
        return self._projects[self._rows[row]] if 0 <= row < len(self._rows) else None

    def set_rows(self, rows: list[int]) -> None:
        """Show these catalogue positions (ascending), changing as few rows as possible."""
        if rows == self._rows:
            return
        steps = merge_runs(self._rows, rows, MAX_RUNS)
        root = QModelIndex()
        if steps is None:
            self._replace_rows(rows)
        else:
            for kind, at, items in steps:
                if kind == "remove":
                    self.beginRemoveRows(root, at, at + len(items) - 1)
                    del self._rows[at : at + len(items)]
                    self.endRemoveRows()
                else:
                    self.beginInsertRows(root, at, at + len(items) - 1)
                    self._rows[at:at] = items
                    self.endInsertRows()
        self.countChanged.emit()

    def _replace_rows(self, rows: list[int]) -> None:
        """Other rows altogether: the surplus removed from the end (or the missing added there)
        and the rest changed in place."""
        root = QModelIndex()
        old_count, new_count = len(self._rows), len(rows)
        if new_count < old_count:
            self.beginRemoveRows(root, new_count, old_count - 1)
            del self._rows[new_count:]
            self.endRemoveRows()
        elif new_count > old_count:
            self.beginInsertRows(root, old_count, new_count - 1)
            self._rows.extend(rows[old_count:])
            self.endInsertRows()
        self._rows[:] = rows
        kept = min(old_count, new_count)
        if kept:
            self.dataChanged.emit(self.index(0, 0), self.index(kept - 1, 0))

    def set_catalogue(self, catalogue: Catalogue, rows: list[int]) -> None:
        """A new feed: rows whose project changed are updated in place; others come and go."""
        old_ids = self.project_ids
        old_projects = {p.id: p for p in (self._projects[r] for r in self._rows)}
        self._catalogue = catalogue
        new_projects = catalogue.projects
        new_ids = [new_projects[r].id for r in rows]
        if new_ids == old_ids:
            self._projects = new_projects
            self._rows = list(rows)
            changed = [
                n
                for n, r in enumerate(rows)
                if old_projects.get(new_projects[r].id) != new_projects[r]
            ]
            for n in changed:
                index = self.index(n, 0)
                self.dataChanged.emit(index, index)
            return
        self.beginResetModel()
        self._projects = new_projects
        self._rows = list(rows)
        self.endResetModel()
        self.resets += 1
        self.countChanged.emit()
