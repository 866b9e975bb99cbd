"""What guards the web app's forms: CSRF tokens, a per-client rate limit, a capped form body.

The web app sets no cookies, so the CSRF token is not a cookie's double: it is an HMAC, with a
key made when the server starts, of the time it was issued and the client's address. A page on
another site cannot read it, a token copied from one client does not work for another, and it
expires. Requests that say they come from another site (``Origin``, ``Sec-Fetch-Site``) are
refused as well.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl, urlsplit

MAX_BODY = 16 * 1024
"""The largest POST body accepted (a full plan is under 3 KB); more is 413."""
MAX_FIELDS = 40
TOKEN_SECONDS = 4 * 3600
"""How long a form's token is good for (pages go back to the start long before that)."""
FORM_TYPE = "application/x-www-form-urlencoded"


class CsrfTokens:
    def __init__(
        self,
        *,
        key: bytes | None = None,
        lifetime: float = TOKEN_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key = key or secrets.token_bytes(32)
        self._lifetime = lifetime
        self._clock = clock

    def _mac(self, issued: str, client: str) -> str:
        message = f"{issued}|{client}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:40]

    def issue(self, client: str) -> str:
        issued = str(int(self._clock()))
        return f"{issued}.{self._mac(issued, client)}"

    def valid(self, token: str, client: str) -> bool:
        issued, _, mac = token.partition(".")
        if not issued.isdigit() or len(issued) > 12:
            return False
        age = self._clock() - int(issued)
        if not -60 <= age <= self._lifetime:
            return False
        return hmac.compare_digest(mac, self._mac(issued, client))


def same_origin(headers: Mapping[str, str], host: str) -> bool:
    """False when the browser says the request comes from another site."""
    if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    try:
        return urlsplit(origin).netloc.lower() == host.lower()
    except ValueError:
        return False


def parse_form(body: bytes, content_type: str) -> dict[str, str] | None:
    """The fields of a URL-encoded form body (the first of each name), or None if it is not one."""
    if content_type.split(";", maxsplit=1)[0].strip().lower() != FORM_TYPE:
        return None
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return None
    form: dict[str, str] = {}
    for name, value in pairs:
        form.setdefault(name, value)
    return form


class RateLimit:
    """At most ``count`` events in any ``seconds`` per client; remembers at most ``clients``."""

    def __init__(
        self,
        count: int,
        seconds: float,
        *,
        clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.count = count
        self.seconds = seconds
        self._clients = clients
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: collections.OrderedDict[str, collections.deque[float]] = (
            collections.OrderedDict()
        )

    def allow(self, client: str) -> float:
        """0 if `client` may go ahead now (and counts it), else the seconds until it may."""
        now = self._clock()
        with self._lock:
            times = self._seen.pop(client, None) or collections.deque()
            while times and now - times[0] >= self.seconds:
                times.popleft()
            wait = 0.0
            if len(times) >= self.count:
                wait = max(0.001, self.seconds - (now - times[0]))
            else:
                times.append(now)
            self._seen[client] = times
            while len(self._seen) > self._clients:
                self._seen.popitem(last=False)
            return wait
