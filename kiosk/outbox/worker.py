"""Delivering the outbox in the background: a thread that never blocks the screens.

It wakes when a submission is added (:meth:`OutboxWorker.nudge`), when the next retry is due,
and at least every ``poll_seconds`` (so ``qi-kiosk outbox --retry`` from another process is
picked up). Each failure waits longer (:func:`kiosk.outbox.delivery.backoff`), or as long as the
server's ``Retry-After`` says.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from kiosk.outbox.delivery import Attempt, backoff
from kiosk.outbox.store import Entry, Outbox, OutboxCounts, OutboxError

logger = logging.getLogger(__name__)

POLL_SECONDS = 30.0


class OutboxWorker:
    def __init__(
        self,
        outbox: Outbox,
        post: Callable[[Entry], Attempt],
        *,
        on_change: Callable[[OutboxCounts], None] | None = None,
        poll_seconds: float = POLL_SECONDS,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.outbox = outbox
        self._post = post
        self._on_change = on_change
        self._poll = poll_seconds
        self._clock = clock
        self._rng = rng or random.Random()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def nudge(self) -> None:
        """Something was added: try now."""
        self._wake.set()

    def deliver_due(self) -> int:
        """Try every submission that is due; returns how many were delivered."""
        delivered = 0
        for entry in self.outbox.due(self._clock()):
            if self._stop.is_set():
                break
            attempt = self._post(entry)
            if attempt.outcome == "delivered":
                self.outbox.delivered(entry.id)
                delivered += 1
                if self._failing:
                    logger.info("outbox: delivering again")
                    self._failing = False
                continue
            error = attempt.error or "not delivered"
            if attempt.outcome == "failed":
                self.outbox.park(entry.id, error)
                logger.error("outbox: a %s was refused, kept as failed: %s", entry.kind, error)
                continue
            delay = attempt.delay
            if delay is None:
                delay = backoff(entry.attempts, self._rng)
            self.outbox.retry_later(entry.id, self._clock() + delay, error)
            if not self._failing:
                logger.warning("outbox: cannot deliver (will retry): %s", error)
                self._failing = True
            break  # the intake is unreachable or busy: the rest can wait too
        return delivered

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.deliver_due()
                if self._on_change is not None:
                    self._on_change(self.outbox.counts())
                next_due = self.outbox.next_due()
            except OutboxError as exc:
                logger.error("outbox: %s", exc)
                next_due = None
            wait = self._poll
            if next_due is not None:
                wait = min(wait, max(0.0, next_due - self._clock()))
            self._wake.wait(max(wait, 0.05))
