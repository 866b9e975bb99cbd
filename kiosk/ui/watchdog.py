"""systemd readiness and watchdog pings, from the GUI thread.

``READY=1`` goes once the first poster (or the standby screen) has been drawn: the first
``frameSwapped`` after which ``is_ready()`` holds. ``WATCHDOG=1`` is sent by a timer on the GUI
thread (``watchdogTimer``), so a GUI that hangs stops pinging and systemd restarts it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtQuick import QQuickWindow

from kiosk.sdnotify import Notifier

logger = logging.getLogger(__name__)


class SystemdWatchdog(QObject):
    def __init__(
        self,
        notifier: Notifier,
        window: QQuickWindow,
        is_ready: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._window = window
        self._is_ready = is_ready
        self.ready_sent = False
        self._timer = QTimer(self)
        self._timer.setObjectName("watchdogTimer")
        self._timer.timeout.connect(self._ping)
        if notifier.enabled:
            # frameSwapped may come from the render thread: handle it on this (GUI) thread.
            window.frameSwapped.connect(self._frame_swapped, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _frame_swapped(self) -> None:
        if self.ready_sent or not self._is_ready():
            if not self.ready_sent:
                self._window.update()  # draw again until the poster is ready
            return
        self.ready_sent = True
        self._window.frameSwapped.disconnect(self._frame_swapped)
        self._notifier.ready("showing content")
        logger.info("told systemd the kiosk is ready")
        interval = self._notifier.watchdog_interval_ms
        if interval:
            self._timer.start(interval)
            self._ping()

    @Slot()
    def _ping(self) -> None:
        self._notifier.watchdog()

    def status(self, text: str) -> None:
        self._notifier.status(text)

    def stop(self) -> None:
        self._timer.stop()
        self._notifier.stopping()
        self._notifier.close()
