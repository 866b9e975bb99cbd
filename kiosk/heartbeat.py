"""Fleet health: a ping to a monitoring service every so often (no Qt).

The URL is used as it is, so Uptime Kuma push monitors
(``https://kuma.trust/api/push/<token>?status=up&msg=OK&ping=``) and Healthchecks-style URLs
(``https://hc.trust/ping/<uuid>``) both work. The screen's state goes with each ping:
- a ``msg`` query parameter already in the URL (Uptime Kuma's) is replaced by a short summary,
  e.g. ``feed ok, 17 projects, screen poster``;
- ``{state}`` and ``{summary}`` anywhere in the URL are replaced by the feed state and summary;
- the request carries ``User-Agent: qi-kiosk/<version>``.

The pings run on their own thread, with the feed's proxy and CA bundle; a failure is logged
when pings start or stop working, not on every try. The status file stays the local truth.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from kiosk import __version__
from kiosk.config import FeedConfig, HeartbeatConfig
from kiosk.feed.http import show_url
from kiosk.status import Status

if TYPE_CHECKING:
    import requests

logger = logging.getLogger(__name__)

TIMEOUT_S = 10.0


def summary(status: Status) -> str:
    feed = status.feed
    parts = [f"feed {feed.state}", f"{feed.projects} projects", f"screen {status.screen}"]
    if feed.last_error and feed.state in ("error", "stale"):
        parts.append(feed.last_error[:120])
    return ", ".join(parts)


def ping_url(url: str, status: Status) -> str:
    """The URL to request for this status."""
    text = summary(status)
    url = url.replace("{state}", quote(status.feed.state)).replace("{summary}", quote(text))
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(name == "msg" for name, _ in query):
        query = [(name, text if name == "msg" else value) for name, value in query]
        parts = parts._replace(query=urlencode(query, quote_via=quote))
    return urlunsplit(parts)


class Heartbeat:
    """Sends one ping per ``interval_seconds`` from a daemon thread until :meth:`stop`."""

    def __init__(
        self,
        config: HeartbeatConfig,
        feed: FeedConfig,
        status: Callable[[], Status],
    ) -> None:
        if not config.url:
            raise ValueError("a heartbeat needs a URL")
        self.url = config.url
        self.interval_s = float(config.interval_seconds)
        self._status = status
        # The HTTP client is made on the first ping, off the display thread: importing it
        # takes a noticeable part of start-up, and the first poster does not need it.
        self._session: requests.Session | None = None
        self._verify: str | bool = str(feed.ca_bundle) if feed.ca_bundle else True
        self._proxies = {"http": feed.proxy, "https": feed.proxy} if feed.proxy else None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ok: bool | None = None
        self.sent = 0

    def beat(self) -> bool:
        """Send one ping now (on the calling thread); True if the service answered 2xx."""
        import requests

        url = ping_url(self.url, self._status())
        if self._session is None:
            self._session = requests.Session()
            self._session.headers["User-Agent"] = f"qi-kiosk/{__version__}"
            self._session.verify = self._verify
        try:
            # verify on the request: the environment's REQUESTS_CA_BUNDLE must not replace it.
            response = self._session.get(
                url, timeout=TIMEOUT_S, proxies=self._proxies, verify=self._verify
            )
            response.close()
            ok, why = response.ok, f"HTTP {response.status_code}"
        except requests.RequestException as exc:
            ok, why = False, type(exc).__name__
        self.sent += 1
        if ok and self._ok is not True:
            logger.info("heartbeat to %s working", show_url(self.url))
        elif not ok and self._ok is not False:
            logger.warning("heartbeat to %s failed: %s", show_url(self.url), why)
        self._ok = ok
        return ok

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.beat()
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(TIMEOUT_S + 1)
            self._thread = None
        if self._session is not None:
            self._session.close()
