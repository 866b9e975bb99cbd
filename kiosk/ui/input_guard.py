"""Keyboard and pointer rules for an unattended screen.

The cursor is hidden after a spell without pointer movement. Esc does nothing; Ctrl+Q quits,
but only in windowed mode (a fullscreen kiosk has no keyboard exit for passers-by).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent

_POINTER_EVENTS = {
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.HoverMove,
}


class InputGuard(QObject):
    def __init__(self, app: QGuiApplication, *, hide_cursor_ms: int, allow_quit: bool) -> None:
        super().__init__(app)
        self._app = app
        self._allow_quit = allow_quit
        self._hidden = False
        self._timer = QTimer(self)
        self._timer.setObjectName("cursorHideTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, hide_cursor_ms))
        self._enabled = hide_cursor_ms > 0
        self._timer.timeout.connect(self._hide)

    @property
    def cursor_hidden(self) -> bool:
        return self._hidden

    def start(self) -> None:
        if self._enabled:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._show()

    def _hide(self) -> None:
        if not self._hidden:
            self._app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self._hidden = True

    def _show(self) -> None:
        if self._hidden:
            self._app.restoreOverrideCursor()
            self._hidden = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _POINTER_EVENTS and self._enabled:
            self._show()
            self._timer.start()
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self._allow_quit
            and event.key() == Qt.Key.Key_Q
            and (event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        ):
            self._app.quit()
            return True
        return False
