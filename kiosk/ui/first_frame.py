"""The moment the window first shows what it is for, so that work the first poster does not
need (the first feed refresh, with its network and its parsing) can wait until then instead of
competing with it for the processor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtQuick import QQuickWindow


class FirstContent(QObject):
    """Emits `shown` once: when the first frame drawn with `is_ready()` holding has been
    swapped to the screen, or `fallback_ms` after the event loop first runs if no such frame
    comes (a window never shown, a poster that cannot be drawn), whichever is first.

    `is_ready()` is asked as each frame's layout is done, before it is drawn (afterAnimating,
    always on this thread), so that a frame drawn just before the poster became ready is not
    taken for it."""

    shown = Signal()

    def __init__(
        self,
        window: QQuickWindow,
        is_ready: Callable[[], bool],
        *,
        fallback_ms: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._is_ready = is_ready
        self.done = False
        self._drawing_ready = False
        self._timer = QTimer(self)
        self._timer.setObjectName("firstContentTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(fallback_ms)
        self._timer.timeout.connect(self._finish)
        window.afterAnimating.connect(self._laid_out)
        # frameSwapped may come from the render thread: handle it on this (GUI) thread.
        window.frameSwapped.connect(self._swapped, Qt.ConnectionType.QueuedConnection)
        self._timer.start()

    @Slot()
    def _laid_out(self) -> None:
        if not self.done and not self._drawing_ready:
            self._drawing_ready = self._is_ready()

    @Slot()
    def _swapped(self) -> None:
        if not self.done and self._drawing_ready:
            self._finish()

    @Slot()
    def _finish(self) -> None:
        if self.done:
            return
        self.stop()
        self.shown.emit()

    def stop(self) -> None:
        """Emit nothing from now on (the kiosk is closing, or it has been emitted)."""
        if not self.done:
            self.done = True
            self._timer.stop()
            self._window.afterAnimating.disconnect(self._laid_out)
            self._window.frameSwapped.disconnect(self._swapped)
