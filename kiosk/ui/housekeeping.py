"""Memory housekeeping while nobody is waiting: after a touch session or a new feed, once the
next poster's dwell has begun, the QML engine's garbage is collected, then Python's, and the
freed memory goes back to the system (:mod:`kiosk.heap`)."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.heap import release_free_memory

logger = logging.getLogger(__name__)

QUIET_AFTER_MS = 1000
"""How far into a dwell the housekeeping runs: well after the crossfade's last frame, long
before the next one starts (a dwell is at least a few seconds)."""


class Housekeeping(QObject):
    """Asked for with :meth:`request` (a session ended, a feed was applied); runs once, at the
    first dwell that starts after the request, however many requests came before it."""

    ran = Signal(float)
    """Emitted after each run, with how long it took in milliseconds."""

    def __init__(
        self, collect_qml_garbage: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._collect_qml_garbage = collect_qml_garbage
        self._pending = False
        self.runs = 0
        self._timer = QTimer(self)
        self._timer.setObjectName("housekeepingTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(QUIET_AFTER_MS)
        self._timer.timeout.connect(self.run)

    def request(self, *_: object) -> None:
        self._pending = True

    def dwell_started(self, *_: object) -> None:
        if self._pending and not self._timer.isActive():
            self._timer.start()

    def stop(self) -> None:
        self._pending = False
        self._timer.stop()

    def run(self) -> None:
        self._pending = False
        started = time.perf_counter()
        self._collect_qml_garbage()
        gc.collect()
        release_free_memory()
        ms = (time.perf_counter() - started) * 1000
        self.runs += 1
        logger.debug("memory housekeeping took %.0f ms", ms)
        self.ran.emit(ms)
