"""A QR code drawn crisply from its module matrix: dark squares on light, with a quiet zone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Property, QRectF, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtQml import QmlElement
from PySide6.QtQuick import QQuickItem, QQuickPaintedItem

from kiosk.qr import QUIET_ZONE, Matrix, matrix
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME

__all__ = ["QML_IMPORT_MAJOR_VERSION", "QML_IMPORT_NAME", "QrCode", "use_matrices"]

_matrices: Callable[[str], Matrix] = matrix


def use_matrices(source: Callable[[str], Matrix] | None) -> None:
    """Where every QrCode item gets its modules: the running kiosk's MatrixStore (codes kept
    from earlier runs), or, with None, the QR library each time. Items are made by QML, so
    the composition root sets this once for them all."""
    global _matrices  # noqa: PLW0603 (the one setting QML-made items share)
    _matrices = source or matrix


@QmlElement
class QrCode(QQuickPaintedItem):
    """Paints `url` as a QR code filling the item's largest centred square."""

    urlChanged = Signal()
    darkChanged = Signal()

    def __init__(self, parent: QQuickItem | None = None) -> None:
        super().__init__(parent)
        self._url = ""
        self._dark = QColor("#000000")
        self.setAntialiasing(False)
        self.setOpaquePainting(False)

    def _get_url(self) -> str:
        return self._url

    def _set_url(self, url: str) -> None:
        if url != self._url:
            self._url = url
            self.urlChanged.emit()
            self.update()

    url = Property(str, _get_url, _set_url, notify=urlChanged)

    def _get_dark(self) -> QColor:
        return self._dark

    def _set_dark(self, colour: QColor) -> None:
        if colour != self._dark:
            self._dark = QColor(colour)
            self.darkChanged.emit()
            self.update()

    dark = Property(QColor, _get_dark, _set_dark, notify=darkChanged)

    def paint(self, painter: QPainter) -> None:
        if not self._url:
            return
        modules = _matrices(self._url)
        count = len(modules) + 2 * QUIET_ZONE
        side = min(self.width(), self.height())
        # Whole device pixels per module keep every edge sharp.
        cell = max(1, int(side // count))
        size = cell * count
        left = int((self.width() - size) / 2)
        top = int((self.height() - size) / 2)
        painter.fillRect(QRectF(left, top, size, size), QColor("#ffffff"))
        origin_x = left + QUIET_ZONE * cell
        origin_y = top + QUIET_ZONE * cell
        for r, row in enumerate(modules):
            y = origin_y + r * cell
            c = 0
            width = len(row)
            while c < width:
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < width and row[c]:
                    c += 1
                painter.fillRect(origin_x + start * cell, y, (c - start) * cell, cell, self._dark)
