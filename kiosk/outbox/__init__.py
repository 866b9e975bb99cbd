"""Submissions to the QI team, kept on disk until they are delivered (no Qt).

``store`` holds the durable outbox (SQLite in ``state_dir``), ``delivery`` posts one submission
to the intake URL and says what happened, and ``worker`` delivers in the background with backoff.
"""

from kiosk.outbox.delivery import Attempt, IntakeClient
from kiosk.outbox.store import Entry, Outbox, OutboxCounts, OutboxError, OutboxFull
from kiosk.outbox.worker import OutboxWorker

__all__ = [
    "Attempt",
    "Entry",
    "IntakeClient",
    "Outbox",
    "OutboxCounts",
    "OutboxError",
    "OutboxFull",
    "OutboxWorker",
]
