"""Kiosk-wide values every screen may show: the hub's name, the mode, whether content is stale."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class KioskState(QObject):
    hubChanged = Signal()
    staleChanged = Signal()
    shiftChanged = Signal()

    def __init__(self, mode: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mode = mode
        self._hub_name = ""
        self._organisation = ""
        self._stale = False
        self._shift = (0, 0)

    @Property(str, constant=True)
    def mode(self) -> str:
        return self._mode

    @Property(str, notify=hubChanged)
    def hubName(self) -> str:
        return self._hub_name

    @Property(str, notify=hubChanged)
    def organisation(self) -> str:
        return self._organisation

    @Property(bool, notify=staleChanged)
    def stale(self) -> bool:
        return self._stale

    @Property(int, notify=shiftChanged)
    def shiftX(self) -> int:
        """The burn-in orbit's offset of the static parts, in pixels at 1080p."""
        return self._shift[0]

    @Property(int, notify=shiftChanged)
    def shiftY(self) -> int:
        return self._shift[1]

    def set_shift(self, x: int, y: int) -> None:
        if (x, y) != self._shift:
            self._shift = (x, y)
            self.shiftChanged.emit()

    def set_hub(self, name: str, organisation: str) -> None:
        if (name, organisation) != (self._hub_name, self._organisation):
            self._hub_name, self._organisation = name, organisation
            self.hubChanged.emit()

    def set_stale(self, stale: bool) -> None:
        if stale != self._stale:
            self._stale = stale
            self.staleChanged.emit()
