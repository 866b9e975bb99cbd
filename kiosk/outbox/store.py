"""The outbox: submissions on disk, in SQLite, from the moment the visitor presses Send.

A submission is committed with ``synchronous=FULL`` before :meth:`Outbox.add` returns, so once
the visitor sees "Sent" it survives a power cut. It stays until the intake server accepts it
(then it is deleted, and ``secure_delete`` overwrites its bytes: names and emails are kept only
until delivered) or refuses it (then it is parked as failed, with the reason, for
``qi-kiosk outbox --retry``). The outbox is capped in count and in bytes; a full outbox refuses
new submissions rather than dropping old ones.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
DEFAULT_MAX_ITEMS = 500
DEFAULT_MAX_BYTES = 5_000_000
MAX_DOCUMENT_BYTES = 64_000
"""One submission is a few kilobytes of text; anything near this is not a plan."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    body BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt REAL NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS submissions_due ON submissions (state, next_attempt);
"""


class OutboxError(Exception):
    """The outbox cannot be used (unreadable, corrupt, a newer schema). One line."""


class OutboxFull(OutboxError):
    """The outbox holds as much as it may; the submission was not taken."""


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    created_at: str
    body: bytes
    state: str
    attempts: int
    next_attempt: float
    last_error: str | None

    def document(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.body)
        return value


@dataclass(frozen=True)
class OutboxCounts:
    pending: int = 0
    failed: int = 0
    last_error: str | None = None
    bytes: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"pending": self.pending, "failed": self.failed, "last_error": self.last_error}


class Outbox:
    """The durable outbox in one SQLite file; safe to use from several threads."""

    def __init__(
        self,
        path: Path,
        *,
        max_items: int = DEFAULT_MAX_ITEMS,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.max_items = max_items
        self.max_bytes = max_bytes
        self._clock = clock
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.execute("PRAGMA busy_timeout=5000")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise OutboxError(
                    f"outbox {path} was written by a newer kiosk (schema {version}); "
                    "upgrade this kiosk"
                )
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except (sqlite3.Error, OSError) as exc:
            raise OutboxError(f"cannot open the outbox {path}: {exc}") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise OutboxError(f"outbox {self.path}: {exc}") from None

    # --- writing ------------------------------------------------------------------------------

    def add(self, document: dict[str, Any]) -> None:
        """Keep a submission (``id``, ``kind``, ``created_at`` and the rest) until delivered."""
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(body) > MAX_DOCUMENT_BYTES:
            raise OutboxError(f"submission is {len(body):,} bytes, over {MAX_DOCUMENT_BYTES:,}")
        with self._transaction() as db:
            count, size = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0) FROM submissions"
            ).fetchone()
            if count >= self.max_items or size + len(body) > self.max_bytes:
                raise OutboxFull(
                    f"the outbox is full ({count} submissions, {size:,} bytes; "
                    f"limits {self.max_items} and {self.max_bytes:,})"
                )
            db.execute(
                "INSERT OR IGNORE INTO submissions (id, kind, created_at, body)"
                " VALUES (?, ?, ?, ?)",
                (str(document["id"]), str(document["kind"]), str(document["created_at"]), body),
            )

    def delivered(self, entry_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM submissions WHERE id = ?", (entry_id,))

    def retry_later(self, entry_id: str, when: float, error: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE submissions SET attempts = attempts + 1, next_attempt = ?, last_error = ?"
                " WHERE id = ?",
                (when, error, entry_id),
            )

    def park(self, entry_id: str, error: str) -> None:
        """The intake refused it: keep it as failed, with the reason, until retried by hand."""
        with self._transaction() as db:
            db.execute(
                "UPDATE submissions SET state = 'failed', attempts = attempts + 1,"
                " last_error = ? WHERE id = ?",
                (error, entry_id),
            )

    def retry_parked(self) -> int:
        """Make every failed submission due again; returns how many."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE submissions SET state = 'pending', next_attempt = 0 WHERE state = 'failed'"
            )
            return cursor.rowcount

    # --- reading ------------------------------------------------------------------------------

    def due(self, now: float | None = None, limit: int = 20) -> list[Entry]:
        now = self._clock() if now is None else now
        return self._select(
            "WHERE state = 'pending' AND next_attempt <= ? ORDER BY created_at, id LIMIT ?",
            (now, limit),
        )

    def entries(self) -> list[Entry]:
        return self._select("ORDER BY created_at, id", ())

    def next_due(self) -> float | None:
        """When the next pending submission is due (epoch seconds), or None if there is none."""
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(next_attempt) FROM submissions WHERE state = 'pending'"
            ).fetchone()
        return None if row[0] is None else float(row[0])

    def counts(self) -> OutboxCounts:
        with self._lock:
            rows = self._db.execute(
                "SELECT state, COUNT(*), COALESCE(SUM(LENGTH(body)), 0) FROM submissions"
                " GROUP BY state"
            ).fetchall()
            last = self._db.execute(
                "SELECT last_error FROM submissions WHERE last_error IS NOT NULL"
                " ORDER BY attempts DESC, created_at DESC LIMIT 1"
            ).fetchone()
        by_state = {state: (count, size) for state, count, size in rows}
        pending, failed = by_state.get("pending", (0, 0)), by_state.get("failed", (0, 0))
        return OutboxCounts(
            pending=pending[0],
            failed=failed[0],
            last_error=last[0] if last else None,
            bytes=pending[1] + failed[1],
        )

    def _select(self, where: str, args: tuple[Any, ...]) -> list[Entry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, kind, created_at, body, state, attempts, next_attempt, last_error"
                f" FROM submissions {where}",
                args,
            ).fetchall()
        return [Entry(*row) for row in rows]
