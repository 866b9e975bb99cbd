"""Forwarding uptake events to Matomo through its Tracking HTTP API, in bulk (no Qt).

Events to forward wait in the store's ``outbox`` table (written in the same transaction as the
events), so a screen that is offline, or a Matomo that is down, loses nothing: the forwarder
sends them when it can, oldest first, 100 to a bulk request, each with its own time (``cdt``),
and deletes them only once Matomo has answered 2xx. Failures back off exponentially with
jitter, honour ``Retry-After``, and are logged when forwarding stops or starts working.

A touch session's events are held until the session ends (or for an hour), so that each goes
with the visitor group chosen in that session, as a visit-scope custom dimension. Matomo sees
the session's random id as its visitor id; nothing else identifies anyone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import random
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import requests

from kiosk import __version__
from kiosk.config import FeedConfig, MatomoConfig
from kiosk.feed.http import parse_retry_after, show_url
from kiosk.uptake import events as ev

logger = logging.getLogger(__name__)

BULK_SIZE = 100
HOLD_SECONDS = 3600.0
"""A session's events wait at most this long for the session to end."""
POLL_SECONDS = 60.0
TIMEOUT_S = 20.0
EVENT_CATEGORY = "QI hub"
_VALUE_KINDS = (ev.POSTER_SHOWN, ev.SESSION_ENDED)

_READY = """
SELECT e.id, e.at, e.screen_id, e.channel, e.kind, e.session, e.item, e.detail, e.seconds,
       (SELECT g.item FROM events g WHERE g.session = e.session AND g.kind = 'visitor_group'
        ORDER BY g.id DESC LIMIT 1)
FROM outbox o JOIN events e ON e.id = o.event_id
WHERE e.session IS NULL OR e.at < ?
   OR EXISTS (SELECT 1 FROM events s WHERE s.session = e.session AND s.kind = 'session_ended')
ORDER BY e.id LIMIT ?
"""


@dataclass(frozen=True)
class Pending:
    id: int
    at: float
    screen_id: str
    channel: str
    kind: str
    session: str | None
    item: str
    detail: str
    seconds: float | None
    group: str | None


def endpoint(url: str) -> str:
    """The tracking endpoint of a Matomo instance given by its base URL (or the endpoint)."""
    url = url.strip()
    if url.endswith((".php", "/piwik.php")):
        return url
    return url.rstrip("/") + "/matomo.php"


def visitor_id(item: Pending) -> str:
    """Matomo's visitor id: the session's random id, or for screen events a daily id of it."""
    if item.session:
        return item.session
    day = dt.datetime.fromtimestamp(item.at, dt.UTC).date().isoformat()
    return hashlib.sha256(f"{item.screen_id}/{day}".encode()).hexdigest()[:16]


def tracking_query(item: Pending, config: MatomoConfig) -> str:
    """One event as a Tracking API request (the part after ``matomo.php``)."""
    name = item.item or item.detail
    if item.kind == ev.QR_SHOWN:
        name = f"{item.detail}:{item.item}"
    params: list[tuple[str, str]] = [
        ("idsite", str(config.site_id)),
        ("rec", "1"),
        ("apiv", "1"),
        ("_id", visitor_id(item)),
        ("cid", visitor_id(item)),
        ("cdt", str(int(item.at))),
        ("url", f"https://qi-hub.invalid/{item.screen_id}/{item.channel}"),
        ("e_c", EVENT_CATEGORY),
        ("e_a", item.kind),
        ("send_image", "0"),
    ]
    if name:
        params.append(("e_n", name))
    if item.kind in _VALUE_KINDS and item.seconds is not None:
        params.append(("e_v", f"{item.seconds:.1f}"))
    if item.kind == ev.SESSION_STARTED:
        params.append(("new_visit", "1"))
    if item.group:
        params.append((f"dimension{config.dimension}", item.group))
    return "?" + urlencode(params)


def bulk_body(items: list[Pending], config: MatomoConfig) -> bytes:
    body: dict[str, object] = {"requests": [tracking_query(i, config) for i in items]}
    if config.token:
        body["token_auth"] = config.token
    return json.dumps(body).encode("utf-8")


class Forwarder:
    """Sends the store's outbox to Matomo from its own thread."""

    def __init__(
        self,
        store_path: Path,
        config: MatomoConfig,
        feed: FeedConfig | None = None,
        *,
        first_retry_s: float = 10.0,
        max_delay_s: float = 900.0,
        poll_s: float = POLL_SECONDS,
        clock: Callable[[], float] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        import time

        self.url = endpoint(config.url)
        self.config = config
        self.first_retry_s = first_retry_s
        self.max_delay_s = max_delay_s
        self.poll_s = poll_s
        self._clock = clock or time.time
        self._rng = rng or random.Random()
        self._conn = sqlite3.connect(store_path, timeout=10.0, check_same_thread=False)
        self._conn.isolation_level = None
        self._session = requests.Session()
        self._session.headers["User-Agent"] = f"qi-kiosk/{__version__}"
        self._session.headers["Content-Type"] = "application/json"
        # Given on every request: for a session's own settings, requests lets REQUESTS_CA_BUNDLE,
        # CURL_CA_BUNDLE and HTTPS_PROXY in the environment replace the configured ones.
        self._verify: str | bool = (
            str(feed.ca_bundle) if feed is not None and feed.ca_bundle else True
        )
        self._proxies = (
            {"http": feed.proxy, "https": feed.proxy} if feed is not None and feed.proxy else None
        )
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0
        self._ok: bool | None = None
        self.sent = 0

    def ready(self, limit: int = BULK_SIZE) -> list[Pending]:
        rows = self._conn.execute(_READY, (self._clock() - HOLD_SECONDS, limit)).fetchall()
        return [Pending(*row) for row in rows]

    def waiting(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM outbox").fetchone()[0])

    def send_once(self) -> float | None:
        """Send one bulk request of what is ready; the seconds to wait before the next try
        (0 when more is ready, None when nothing is)."""
        items = self.ready()
        if not items:
            return None
        retry_after: float | None = None
        try:
            response = self._session.post(
                self.url,
                data=bulk_body(items, self.config),
                timeout=TIMEOUT_S,
                verify=self._verify,
                proxies=self._proxies,
            )
            ok, why = 200 <= response.status_code < 300, f"HTTP {response.status_code}"
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            response.close()
        except requests.RequestException as exc:
            ok, why = False, type(exc).__name__
        if not ok:
            self._failures += 1
            if self._ok is not False:
                logger.warning("forwarding uptake to Matomo %s failed: %s", show_url(self.url), why)
            self._ok = False
            return self._backoff(retry_after)
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            self._conn.executemany(
                "DELETE FROM outbox WHERE event_id = ?", [(item.id,) for item in items]
            )
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self.sent += len(items)
        self._failures = 0
        if self._ok is not True:
            logger.info("forwarding uptake to Matomo %s", show_url(self.url))
        self._ok = True
        return 0.0

    def _backoff(self, retry_after: float | None) -> float:
        step = min(self.max_delay_s, self.first_retry_s * 2.0 ** min(self._failures - 1, 30))
        delay = step / 2 + self._rng.uniform(0, step / 2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, 3600.0))
        return delay

    def wake(self) -> None:
        """New events are in the outbox (called by the recorder's thread)."""
        if self._failures == 0:
            self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="uptake-matomo", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                delay = self.send_once()
            except sqlite3.Error as exc:  # the store is busy or failing: later
                logger.warning("cannot read the uptake outbox: %s", exc)
                delay = self.poll_s
            if delay is None:
                delay = self.poll_s
            if delay > 0:
                self._wake.wait(delay)
                self._wake.clear()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(TIMEOUT_S + 5)
            self._thread = None
        self._session.close()
        self._conn.close()
