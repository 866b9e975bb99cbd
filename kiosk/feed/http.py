"""Fetching the feed and its images over HTTP(S) (no Qt).

One :class:`requests.Session` per fetcher, so connections are reused and conditional requests
(``If-None-Match`` / ``If-Modified-Since``) make an unchanged feed cost a 304 and nothing else.

* TLS verification is always on; ``feed.ca_bundle`` replaces the default trust store with a
  trust's own CA. Plain ``http://`` is refused unless ``feed.allow_http`` is true, including
  on a redirect.
* Redirects are followed by hand (at most :data:`MAX_REDIRECTS`), so every hop is checked.
  The configured ``feed.headers`` (an API key, say) go only to the feed's own origin, never to
  another host a redirect or an image URL points at.
* Bodies are read in a stream, cut off at the size cap (counted after decompression, so a
  gzip bomb is refused too), under a wall-clock deadline: a server that drips one byte at a
  time cannot hold a fetch beyond ``feed.timeout_seconds``.
* Every failure is a :class:`FetchError` with one line fit for the log and the status file,
  and the server's ``Retry-After`` when it gave one. URLs in messages are shown without their
  query string or user name, so a token in the URL never reaches the logs.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from kiosk import __version__
from kiosk.config import FeedConfig
from kiosk.feed.schema import FeedError

if TYPE_CHECKING:
    import requests

# requests (and urllib3) are imported when a fetch is made, not with this module: a kiosk
# reading a file feed never needs them, and one reading a URL starts from its offline copy
# before the first fetch, so start-up does not wait for them.

MAX_REDIRECTS = 5
USER_AGENT = f"qi-hub-kiosk/{__version__}"
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_MAX_RETRY_AFTER = 86_400.0


class FetchError(FeedError):
    """A fetch failed. ``str(error)`` is one line; ``retry_after`` is the server's wish, if any.

    It is a :class:`FeedError`, so a caller that only reports "cannot use this feed" can catch
    that one class.
    """

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class Validators:
    """What the server said about the copy we hold, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """A 304 (``not_modified``) or a complete body with its new validators."""

    url: str
    """The URL that answered, after redirects: the base for relative links and images."""
    not_modified: bool
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


def show_url(url: str) -> str:
    """A URL as logs may show it: no user name, password, query or fragment."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return url.split("?", 1)[0][:200]
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path or "/", "", ""))[:300]


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), _MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = time.time() if now is None else now
    return min(max(0.0, when.timestamp() - now), _MAX_RETRY_AFTER)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (``__cause__``, ``__context__``, ``reason``, args)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack and len(seen) < 50:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        nested: list[Any] = [item.__cause__, item.__context__, getattr(item, "reason", None)]
        nested.extend(item.args)
        stack.extend(n for n in nested if isinstance(n, BaseException))


def _ssl_reason(exc: BaseException) -> str | None:
    """The verification failure in words, if this is one (``unable to get local issuer ...``)."""
    import ssl  # with the failures it names, not at start-up (the HTTP library loads it then)

    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return cause.verify_message or "certificate verify failed"
    match = re.search(r"certificate verify failed:?\s*([^()\]']*)", str(exc))
    if match:
        return match.group(1).strip() or "certificate verify failed"
    return None


def describe_error(exc: BaseException, url: str, timeout: float) -> str:
    """One line for a network failure talking to `url`."""
    import ssl

    import requests
    import urllib3.exceptions

    where = show_url(url)
    causes = list(_causes(exc))
    if isinstance(exc, requests.exceptions.TooManyRedirects):
        return f"too many redirects from {where}"
    reason = _ssl_reason(exc)
    if reason is not None:
        return f"certificate verify failed for {where}: {reason}"
    if isinstance(exc, requests.exceptions.ProxyError):
        return f"proxy error reaching {where}"
    if isinstance(exc, requests.exceptions.SSLError) or any(
        isinstance(c, ssl.SSLError) for c in causes
    ):
        detail = next((c for c in causes if isinstance(c, ssl.SSLError)), exc)
        text = getattr(detail, "reason", None) or str(detail).splitlines()[0][:120]
        return f"TLS error with {where}: {text}"
    if isinstance(exc, requests.exceptions.ConnectTimeout | urllib3.exceptions.ConnectTimeoutError):
        return f"timed out after {timeout:g} s connecting to {where}"
    if isinstance(exc, requests.exceptions.Timeout | urllib3.exceptions.TimeoutError):
        return f"timed out after {timeout:g} s reading {where}"
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return f"connection refused by {where}"
    if any(isinstance(c, urllib3.exceptions.NameResolutionError) for c in causes):
        return f"cannot resolve the host name in {where}"
    if any(isinstance(c, ConnectionResetError) for c in causes):
        return f"connection reset by {where}"
    if any(isinstance(c, urllib3.exceptions.DecodeError) for c in causes):
        return f"cannot decompress the response from {where}"
    if any(isinstance(c, TimeoutError) for c in causes):
        return f"timed out after {timeout:g} s reading {where}"
    return f"cannot connect to {where}"


class HttpFetcher:
    """Fetches one feed URL (and images) over a single session. Not for concurrent use."""

    def __init__(self, config: FeedConfig) -> None:
        import requests

        self.config = config
        self.url = config.source
        self._origin = _origin(config.source)
        self._proxies = {"http": config.proxy, "https": config.proxy} if config.proxy else None
        self._session = requests.Session()
        self._session.max_redirects = MAX_REDIRECTS
        self._verify: str | bool = str(config.ca_bundle) if config.ca_bundle else True
        # Given on every request as well: for a session's own bundle, requests lets
        # REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE in the environment replace the configured one.
        self._session.verify = self._verify
        self._session.headers.update(
            {
                "User-Agent": USER_AGENT,
                "Accept-Encoding": "gzip, deflate",
                "Accept": "application/json, */*;q=0.5",
            }
        )
        self._extra_headers = dict(config.headers)

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- public ------------------------------------------------------------------------------

    def fetch(self, validators: Validators | None = None) -> FetchResult:
        """Fetch the feed; a 304 when `validators` still match. Raises :class:`FetchError`."""
        headers: dict[str, str] = {}
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        conditional = bool(headers)
        status, url, body, response_headers = self._get(
            self.url, headers, self.config.max_bytes, "feed", self.config.timeout_seconds
        )
        if status == 304:
            if not conditional:
                raise FetchError(f"HTTP 304 from {show_url(url)} to a request without validators")
            return FetchResult(url=url, not_modified=True)
        return FetchResult(
            url=url,
            not_modified=False,
            body=body,
            etag=response_headers.get("ETag"),
            last_modified=response_headers.get("Last-Modified"),
        )

    def download(self, url: str, max_bytes: int, *, timeout: float | None = None) -> bytes:
        """Download an image (or any file) on the same session. Raises :class:`FetchError`."""
        limit = (
            self.config.timeout_seconds
            if timeout is None
            else min(timeout, self.config.timeout_seconds)
        )
        status, final, body, _ = self._get(url, {}, max_bytes, "image", max(limit, 0.1))
        if status == 304:
            raise FetchError(f"HTTP 304 from {show_url(final)} to a plain request")
        return body

    # -- the work ----------------------------------------------------------------------------

    def _check_url(self, url: str, came_from: str | None) -> None:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "https":
            return
        if scheme == "http":
            if self.config.allow_http:
                return
            if came_from is not None:
                raise FetchError(
                    f"redirect from {show_url(came_from)} to plain http {show_url(url)} refused"
                )
            raise FetchError(
                f"plain http refused for {show_url(url)} (set feed.allow_http: true to allow it)"
            )
        raise FetchError(f"not an http(s) URL: {show_url(url)}")

    def _get(
        self, url: str, headers: Mapping[str, str], max_bytes: int, what: str, timeout: float
    ) -> tuple[int, str, bytes, Mapping[str, str]]:
        """GET with checked redirects. Returns (status 200 or 304, final URL, body, headers)."""
        import requests

        if self.config.ca_bundle is not None and not self.config.ca_bundle.is_file():
            raise FetchError(f"feed.ca_bundle {self.config.ca_bundle} is not a readable file")
        deadline = time.monotonic() + timeout
        current = url
        came_from: str | None = None
        for _hop in range(MAX_REDIRECTS + 1):
            self._check_url(current, came_from)
            request_headers = dict(headers)
            if _origin(current) == self._origin:
                request_headers.update(self._extra_headers)
            try:
                response = self._session.get(
                    current,
                    headers=request_headers,
                    stream=True,
                    allow_redirects=False,
                    timeout=(timeout, timeout),
                    proxies=self._proxies,
                    verify=self._verify,
                )
            except requests.exceptions.RequestException as exc:
                raise FetchError(describe_error(exc, current, timeout)) from None
            except OSError as exc:
                # requests raises a bare OSError for an unreadable CA bundle.
                raise FetchError(
                    f"cannot use the TLS settings for {show_url(current)}: {exc}"
                ) from None
            with response:
                status = response.status_code
                if status in _REDIRECTS:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(
                            f"HTTP {status} without a Location from {show_url(current)}"
                        )
                    came_from, current = current, urljoin(current, location)
                    continue
                if status == 304:
                    return status, current, b"", response.headers
                if status not in (200, 203):
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    raise FetchError(f"HTTP {status} from {show_url(current)}", retry_after)
                body = self._read_body(
                    response,
                    url=current,
                    max_bytes=max_bytes,
                    what=what,
                    timeout=timeout,
                    deadline=deadline,
                )
                return 200, current, body, response.headers
        raise FetchError(f"too many redirects from {show_url(url)} (more than {MAX_REDIRECTS})")

    def _read_body(
        self,
        response: requests.Response,
        *,
        url: str,
        max_bytes: int,
        what: str,
        timeout: float,
        deadline: float,
    ) -> bytes:
        import requests
        import urllib3.exceptions

        encoded = response.headers.get("Content-Encoding", "identity").lower() not in (
            "",
            "identity",
        )
        declared = response.headers.get("Content-Length", "")
        if not encoded and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(
                f"{what} is {int(declared):,} bytes, over the {max_bytes:,}-byte limit"
            )
        raw = response.raw
        sock = getattr(getattr(raw, "connection", None), "sock", None)
        reader = getattr(raw, "read1", None)
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise FetchError(f"timed out after {timeout:g} s reading {show_url(url)}")
                if sock is not None:
                    # Each read waits at most until the deadline, not a full timeout more.
                    sock.settimeout(max(remaining, 0.01))
                chunk = (
                    reader(_CHUNK, decode_content=True)
                    if reader is not None
                    else raw.read(_CHUNK, decode_content=True)
                )
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{what} is over the {max_bytes:,}-byte limit")
                chunks.append(chunk)
        except FetchError:
            raise
        except (urllib3.exceptions.HTTPError, requests.exceptions.RequestException, OSError) as exc:
            if any(isinstance(c, urllib3.exceptions.IncompleteRead) for c in _causes(exc)) or (
                "IncompleteRead" in str(exc)
            ):
                expected = f" of {int(declared):,}" if declared.isdigit() and not encoded else ""
                raise FetchError(
                    f"truncated response from {show_url(url)}: "
                    f"connection closed after {size:,}{expected} bytes"
                ) from None
            raise FetchError(describe_error(exc, url, timeout)) from None
        return b"".join(chunks)
