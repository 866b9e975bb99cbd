"""The filter chips: one facet's values at a time, each a chip a person can switch on and off."""

from __future__ import annotations

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
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.search import FACET_LABELS, FACETS, FacetOption, SearchIndex
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)

ModelIndex = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    VALUE = Qt.ItemDataRole.UserRole + 1
    LABEL = Qt.ItemDataRole.UserRole + 2
    SELECTED = Qt.ItemDataRole.UserRole + 3
    COUNT = Qt.ItemDataRole.UserRole + 4


ROLE_NAMES = {
    Role.VALUE: b"value",
    Role.LABEL: b"label",
    Role.SELECTED: b"selected",
    Role.COUNT: b"count",
}


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class FilterModel(QAbstractListModel):
    """The chips of the facet being chosen from (`kind`), and what is chosen in every facet."""

    kindChanged = Signal()
    selectionChanged = Signal()
    """The chosen values changed (in any facet)."""
    used = Signal(str)
    """A person switched a filter on, of this kind."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind = FACETS[0]
        self._options: dict[str, tuple[FacetOption, ...]] = {k: () for k in FACETS}
        self._chosen: dict[str, set[str]] = {k: set() for k in FACETS}

    # --- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._options[self._kind])

    def roleNames(self) -> dict[int, QByteArray]:
        return {int(role): QByteArray(name) for role, name in ROLE_NAMES.items()}

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        options = self._options[self._kind]
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(options):
            return None
        option = options[index.row()]
        if role in (Role.LABEL, Qt.ItemDataRole.DisplayRole):
            return option.label
        if role == Role.VALUE:
            return option.value
        if role == Role.SELECTED:
            return option.value in self._chosen[self._kind]
        if role == Role.COUNT:
            return option.count
        return None

    # --- what QML sees --------------------------------------------------------------------

    def _get_kind(self) -> str:
        return self._kind

    @Slot(str)
    def setKind(self, kind: str) -> None:
        if kind not in FACETS:
            raise ValueError(f"unknown facet {kind!r}")
        if kind != self._kind:
            self.beginResetModel()
            self._kind = kind
            self.endResetModel()
            self.kindChanged.emit()

    kind = Property(str, _get_kind, setKind, notify=kindChanged)

    @Property("QVariantList", notify=selectionChanged)
    def kinds(self) -> list[dict[str, Any]]:
        """Each facet the catalogue has values for, with how many of its values are chosen."""
        return [
            {"kind": k, "label": FACET_LABELS[k], "chosen": len(self._chosen[k])}
            for k in FACETS
            if self._options[k]
        ]

    @Property(int, notify=selectionChanged)
    def activeCount(self) -> int:
        return sum(len(v) for v in self._chosen.values())

    @Property(str, notify=selectionChanged)
    def summary(self) -> str:
        """The chosen filters in words, for people who cannot see the chips' colours."""
        chosen = [
            option.label
            for k in FACETS
            for option in self._options[k]
            if option.value in self._chosen[k]
        ]
        return ", ".join(chosen)

    @Slot(str)
    def toggle(self, value: str) -> None:
        chosen = self._chosen[self._kind]
        if value in chosen:
            chosen.remove(value)
        elif any(o.value == value for o in self._options[self._kind]):
            chosen.add(value)
            self.used.emit(self._kind)
        else:
            return
        row = next(i for i, o in enumerate(self._options[self._kind]) if o.value == value)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, [int(Role.SELECTED)])
        self.selectionChanged.emit()

    @Slot()
    def clear(self) -> None:
        if not any(self._chosen.values()):
            return
        for chosen in self._chosen.values():
            chosen.clear()
        if self._options[self._kind]:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._options[self._kind]) - 1, 0),
                [int(Role.SELECTED)],
            )
        self.selectionChanged.emit()

    def reset(self) -> None:
        """Back to no filters, showing the first facet: as a new person finds it."""
        self.clear()
        self.setKind(self.kinds[0]["kind"] if self.kinds else FACETS[0])

    # --- content --------------------------------------------------------------------------

    def selection(self) -> dict[str, frozenset[str]]:
        return {k: frozenset(v) for k, v in self._chosen.items() if v}

    def set_index(self, index: SearchIndex) -> None:
        """A new catalogue: offer its values; chosen values it no longer has are dropped."""
        options = {k: index.options(k) for k in FACETS}
        if options == self._options:
            return
        self.beginResetModel()
        self._options = options
        for k in FACETS:
            self._chosen[k] &= {o.value for o in options[k]}
        self.endResetModel()
        self.selectionChanged.emit()  # the facets offered may have changed too
