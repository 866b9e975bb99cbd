"""The feed in the GUI: runs :class:`~kiosk.feed.updater.FeedUpdater` off the GUI thread.

:meth:`FeedService.start` reads the offline store on the calling (GUI) thread -- it is a local
file read, fast -- and emits what to show at once. Every refresh after that (network, image
decoding, disk writes) runs on a worker ``QThread``; its result comes back by a queued signal,
and the next refresh is scheduled on ``feedRefreshTimer`` by the updater's ``next_delay_s``.
Call :meth:`stop` before the application quits: it ends the worker thread cleanly.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from kiosk.feed.model import Feed
from kiosk.feed.parsed import gc_paused
from kiosk.feed.updater import FeedUpdater, Update
from kiosk.status import FeedStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedContent:
    """What ``feedUpdated`` carries: the feed to show and the images that are ready."""

    feed: Feed
    media: Mapping[str, Path]
    """Project id -> local image file (already verified and scaled to the screen)."""


class _Worker(QObject):
    """Lives in the worker thread; runs one refresh per request."""

    finished = Signal(object)  # Update, or None after an unexpected failure

    def __init__(self, updater: FeedUpdater) -> None:
        super().__init__()
        self._updater = updater

    @Slot()
    def refresh(self) -> None:
        try:
            update = self._updater.refresh()
        except Exception:
            # A bug, not a feed problem (those are in the Update): log it with its traceback
            # and keep the kiosk running with what it shows; the next refresh is scheduled.
            logger.exception("feed refresh failed unexpectedly")
            self.finished.emit(None)
            return
        self.finished.emit(update)


class FeedService(QObject):
    """Owns the updater and its worker thread. Signals are emitted on the GUI thread."""

    feedUpdated = Signal(object)  # FeedContent
    statusChanged = Signal(object)  # FeedStatus
    _refreshRequested = Signal()

    def __init__(self, updater: FeedUpdater, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._updater = updater
        self._status: FeedStatus | None = None
        self._busy = False
        self._running = False
        self._frozen = False

        self._thread = QThread(self)
        self._thread.setObjectName("feedWorkerThread")
        self._worker = _Worker(updater)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._refreshRequested.connect(self._worker.refresh)
        self._worker.finished.connect(self._on_finished)

        self._timer = QTimer(self)
        self._timer.setObjectName("feedRefreshTimer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refreshNow)

    @property
    def status(self) -> FeedStatus | None:
        return self._status

    @property
    def refreshing(self) -> bool:
        return self._busy

    def start(self, *, refresh: bool = True) -> None:
        """Show the stored feed now (synchronously) and start refreshing in the background.

        With ``refresh=False`` (a crash loop) only the stored feed is shown; refreshes wait
        for :meth:`refreshNow`, after which they go on as usual.
        """
        if self._running:
            return
        self._running = True
        self._thread.start()
        with gc_paused():
            update = self._updater.start()
            self._apply(update)
            if update.feed is not None and not self._frozen:
                # What exists now (the stored feed, the models built on it, the app) lives on,
                # and a feed refers to nothing that refers back: the cyclic collector need never
                # walk it. A 10,000-project feed is a million objects; collecting them was a
                # pause of 0.2-0.5 s on the display thread, seconds later (a tap, a keystroke).
                # Frozen objects are still freed when no longer used (a new feed replaces the
                # old one).
                gc.freeze()
                self._frozen = True
        if refresh:
            self._schedule(update.next_delay_s)

    @Slot()
    def refreshNow(self) -> None:
        """Refresh as soon as the worker is free (an admin action, or the timer)."""
        if not self._running or self._busy:
            return
        self._timer.stop()
        self._busy = True
        self._refreshRequested.emit()

    def stop(self) -> None:
        """Stop the timer, let a running refresh finish (quickly), end the worker thread."""
        self._timer.stop()
        if self._thread.isRunning():
            self._updater.cancel()
            self._thread.quit()
            self._thread.wait()
        self._running = False
        self._busy = False
        self._updater.close()
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    @Slot(object)
    def _on_finished(self, update: Update | None) -> None:
        self._busy = False
        if not self._running:
            return
        if update is None:
            self._schedule(float(self._updater.config.refresh_seconds))
            return
        self._apply(update)
        self._schedule(update.next_delay_s)

    def _apply(self, update: Update) -> None:
        if update.changed and update.feed is not None:
            self.feedUpdated.emit(FeedContent(update.feed, dict(update.media)))
        if update.status != self._status:
            self._status = update.status
            self.statusChanged.emit(update.status)

    def _schedule(self, delay_s: float) -> None:
        self._timer.start(max(0, round(delay_s * 1000)))
