"""The outbox in the running kiosk: the delivery thread, and its counts on the GUI thread."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot

from kiosk.config import IntakeConfig
from kiosk.outbox import IntakeClient, Outbox, OutboxCounts, OutboxWorker
from kiosk.outbox.command import outbox_path

logger = logging.getLogger(__name__)


class OutboxService(QObject):
    countsChanged = Signal()
    _arrived = Signal(object)

    def __init__(self, config: IntakeConfig, state_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.outbox = Outbox(
            outbox_path(state_dir),
            max_items=config.max_items,
            max_bytes=config.max_mb * 1_000_000,
        )
        self.counts = self.outbox.counts()
        self._client = IntakeClient(config)
        self.worker = OutboxWorker(self.outbox, self._client.post, on_change=self._arrived.emit)
        self._arrived.connect(self._take, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self.worker.start()
        if self.counts.pending or self.counts.failed:
            logger.info(
                "outbox: %d pending and %d failed submission(s) from before",
                self.counts.pending,
                self.counts.failed,
            )

    def nudge(self) -> None:
        self.worker.nudge()

    def stop(self) -> None:
        self.worker.stop()
        self._client.close()
        self.outbox.close()

    @Slot(object)
    def _take(self, counts: OutboxCounts) -> None:
        if counts != self.counts:
            self.counts = counts
            self.countsChanged.emit()
