"""The web app's feed: the kiosk's offline-first updater, run by a worker thread (no Qt).

:meth:`LiveFeed.start` reads the offline store (a local file, no network), so the server starts
with yesterday's content when the network is down. Every refresh after that runs in a daemon
thread, on the updater's own schedule; a new feed becomes a new :class:`Snapshot` (catalogue and
search index built in that thread) that replaces the old one in a single assignment. Requests
only ever read the current snapshot: no request waits for the network.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass

from kiosk.catalogue import Catalogue
from kiosk.feed.model import Feed
from kiosk.feed.updater import FeedUpdater, Update
from kiosk.search import SearchIndex
from kiosk.status import FeedStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """What the pages show: one feed, its catalogue and search index, and the feed's status."""

    catalogue: Catalogue
    index: SearchIndex
    status: FeedStatus

    @property
    def feed(self) -> Feed:
        return self.catalogue.feed


def _snapshot(feed: Feed, status: FeedStatus, rules: str) -> Snapshot:
    catalogue = Catalogue(feed, rules=rules)
    return Snapshot(catalogue, SearchIndex(catalogue.projects), status)


class LiveFeed:
    """Owns the updater and its worker thread; :attr:`snapshot` is safe to read from any thread."""

    def __init__(self, updater: FeedUpdater, *, rules: str = "mdc") -> None:
        self._updater = updater
        self._rules = rules
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.snapshot = _snapshot(Feed(version=1), FeedStatus(source=updater.config.source), rules)

    def start(self, *, refresh: bool = True) -> None:
        """Show the stored feed now and refresh in the background (unless ``refresh=False``)."""
        if self._thread is not None:
            return
        update = self._updater.start()
        self._apply(update)
        if refresh:
            self._thread = threading.Thread(
                target=self._run, args=(update.next_delay_s,), name="web-feed", daemon=True
            )
            self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        """End the worker (a running refresh stops fetching images) and close the updater."""
        self._stop.set()
        self._updater.cancel()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
        self._updater.close()

    def _run(self, delay_s: float) -> None:
        while not self._stop.wait(max(0.0, delay_s)):
            try:
                update = self._updater.refresh()
            except Exception:
                # A bug, not a feed problem (those are in the Update): keep serving what is
                # shown and try again at the next interval.
                logger.exception("feed refresh failed unexpectedly")
                delay_s = float(self._updater.config.refresh_seconds)
                continue
            if self._stop.is_set():
                return
            self._apply(update)
            delay_s = update.next_delay_s

    def _apply(self, update: Update) -> None:
        current = self.snapshot
        if update.changed and update.feed is not None:
            self.snapshot = _snapshot(update.feed, update.status, self._rules)
        elif update.status != current.status:
            self.snapshot = dataclasses.replace(current, status=update.status)
