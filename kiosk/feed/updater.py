"""Keeping the feed up to date, offline first (no Qt, synchronous, driven by the caller).

:meth:`FeedUpdater.start` reads the offline store only (no network), so a kiosk that boots
without a network shows yesterday's posters at once. :meth:`FeedUpdater.refresh` then fetches
(HTTP(S) with validators, or reads a file), validates, fetches the images, saves the store and
prunes unreferenced images. Each call returns an :class:`Update` saying what to show (if
anything changed), the status, a log line (only on a change of state) and when to call again.

State rule (``FeedStatus.state``), applied after every call at time ``now``; *content* means
there is a feed to show and *last success* is the last fetch or file read that gave a valid
feed or a 304 (for the stored copy at start: when it was fetched):

* ``demo``  -- the source is the built-in demo feed and it was read;
* ``empty`` -- no content and no attempt yet;
* ``error`` -- the latest attempt failed and either there is no content or the last success is
  no older than 3 x ``refresh_seconds``;
* ``stale`` -- there is content and the last success is older than 3 x ``refresh_seconds``
  (so the latest attempt failed too, or none has been made since a start from an old copy);
* ``ok``    -- there is content, it is not stale and the latest attempt (if any) succeeded.

A log line is written (and returned in ``Update.log_line``) only when the state or its reason
changes: a kiosk retrying the same failure every minute logs it once.

Failures back off exponentially from ``first_retry_s`` with "equal jitter" (half the step plus
a random part of the other half), capped at ``refresh_seconds``; a ``Retry-After`` from the
server is honoured up to ``max_retry_after_s``. After a success the next call is one refresh
interval away (sooner while images of a new feed are still to be fetched).

A new feed is shown only when it is valid; its images are fetched first, for at most
``media_wait_s`` in total. Projects whose image could not be tried in that time are held back
and appear when their image is ready (one of the next refreshes, soon after); an image that
fails (missing, corrupt, too large, wrong sha256) does not hold its project back: that poster
is shown without it, and the image is tried again at later refreshes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.config import DEMO_SOURCE, FeedConfig
from kiosk.feed.http import FetchError, HttpFetcher, Validators, show_url
from kiosk.feed.media import MediaCache
from kiosk.feed.model import Feed, ImageRef
from kiosk.feed.parsed import gc_paused
from kiosk.feed.schema import FeedError, parse_feed
from kiosk.feed.source import file_path, is_remote, read_demo, read_file
from kiosk.feed.store import FeedStore, StoredFeed
from kiosk.resources import demo_feed_path
from kiosk.status import FeedStatus

logger = logging.getLogger(__name__)

STALE_AFTER_REFRESHES = 3
PENDING_RETRY_S = 5.0


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Update:
    """The outcome of :meth:`FeedUpdater.start` or :meth:`FeedUpdater.refresh`."""

    feed: Feed | None
    """The feed to show now, or None when nothing changed (the screen should do nothing)."""
    changed: bool
    status: FeedStatus
    log_line: str | None
    """Set only when the state (or its reason) changed; it has already been logged."""
    next_delay_s: float
    """When to call :meth:`FeedUpdater.refresh` next."""
    media: Mapping[str, Path] = field(default_factory=dict)
    """Project id -> local image file, for the projects whose image is ready."""


@dataclass(frozen=True)
class _Got:
    """A valid feed from the source (or None with ``unchanged``)."""

    feed: Feed | None = None
    raw: bytes = b""
    base_url: str = ""
    etag: str | None = None
    last_modified: str | None = None
    unchanged: bool = False


class FeedUpdater:
    """See the module docstring. Not thread-safe: one call at a time."""

    def __init__(
        self,
        config: FeedConfig,
        store: FeedStore | None,
        fetcher: HttpFetcher | None,
        media: MediaCache | None,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        rng: random.Random | None = None,
        media_wait_s: float = 60.0,
        first_retry_s: float = 5.0,
        max_retry_after_s: float = 3600.0,
    ) -> None:
        self.config = config
        self.store = store
        self.media_cache = media
        self._fetcher = fetcher
        self._owns_fetcher = False
        self._clock = clock
        self._rng = rng or random.Random()
        self.media_wait_s = media_wait_s
        self.first_retry_s = first_retry_s
        self.max_retry_after_s = max_retry_after_s
        self._remote = is_remote(config.source)
        self._stale_after = dt.timedelta(seconds=STALE_AFTER_REFRESHES * config.refresh_seconds)

        self._feed: Feed | None = None
        self._stored: StoredFeed | None = None
        """The body the feed on show was parsed from (sha256 and size, not the bytes)."""
        self._media: dict[str, Path] = {}
        self._held: frozenset[str] = frozenset()
        self._shown: tuple[Feed | None, dict[str, Path]] = (None, {})
        self._file_signature: tuple[int, int] | None = None
        self._last_attempt: dt.datetime | None = None
        self._last_success: dt.datetime | None = None
        self._last_error: str | None = None
        self._failures = 0
        self._reported: tuple[str, str | None] | None = None
        self._prune_due = False
        self._parsed_due = False
        self._cancelled = False

    # -- lifecycle ---------------------------------------------------------------------------

    def cancel(self) -> None:
        """Ask a refresh running in another thread to stop fetching images (for a quick exit).

        The feed request itself ends within ``feed.timeout_seconds``. Safe to call from any
        thread; the updater is not to be used after it.
        """
        self._cancelled = True

    def close(self) -> None:
        if self._owns_fetcher and self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None

    @property
    def feed(self) -> Feed | None:
        """The whole current feed (including projects held back while their image loads)."""
        return self._feed

    # -- the two calls -----------------------------------------------------------------------

    def start(self, now: dt.datetime | None = None) -> Update:
        """Read the offline store (no network) and say what to show first."""
        now = now or self._clock()
        stored = self.store.load() if self.store is not None and not self.config.is_demo else None
        if stored is not None:
            feed = self._stored_feed(stored)
            if feed is not None:
                self._stored = stored.without_body()
                self._feed = feed
                self._last_success = stored.confirmed_at
                if self.media_cache is not None:
                    # Thousands of projects may share a few pictures: look each up once.
                    found: dict[ImageRef, Path | None] = {}
                    for project in feed.projects:
                        image = project.image
                        if image is None:
                            continue
                        if image not in found:
                            found[image] = self.media_cache.lookup(image)
                        path = found[image]
                        if path is not None:
                            self._media[project.id] = path
                self._prune_due = True
        return self._update(now, next_delay_s=0.0)

    def _stored_feed(self, stored: StoredFeed) -> Feed | None:
        """The stored body's feed: its parsed form when the store has one that fits, else the
        body parsed (its parsed form is then kept by the next refresh, for the next start).
        None if it is no longer a valid feed (the store is then set aside)."""
        assert self.store is not None
        feed = self.store.load_parsed(stored)
        if feed is not None:
            return feed
        try:
            with gc_paused():
                feed = parse_feed(stored.raw, base_url=stored.base_url, max_bytes=len(stored.raw))
        except FeedError as exc:
            self.store.set_aside(f"it is no longer a valid feed: {exc}")
            return None
        self._parsed_due = True  # written by the next refresh, off the display thread
        return feed

    def refresh(self, now: dt.datetime | None = None) -> Update:
        """Fetch or read the source once; see the module docstring."""
        now = now or self._clock()
        self._last_attempt = now
        self._save_parsed()
        try:
            got = self._get()
        except FeedError as exc:
            self._failures += 1
            self._last_error = str(exc)
            retry_after = exc.retry_after if isinstance(exc, FetchError) else None
            return self._update(now, next_delay_s=self._backoff(retry_after))
        self._failures = 0
        self._last_error = None
        self._last_success = now
        if got.unchanged:
            self._remember_check(now)
        deadline = time.monotonic() + self.media_wait_s
        previous_media = set(self._media.values())
        if got.unchanged or got.feed is None:
            if self._feed is not None and self._missing_media(self._feed):
                # Images a new feed had no time for, or that failed before: try again.
                media, untried = self._resolve_media(self._feed, deadline)
                self._media = media
                self._held = self._held & untried
            else:
                self._held = frozenset()
        else:
            self._switch(got, now, deadline)
            self._prune(keep=set(self._media.values()) | previous_media)
            self._prune_due = True
            return self._update(now, next_delay_s=self._success_delay())
        if self._prune_due:
            self._prune(keep=set(self._media.values()))
            self._prune_due = False
        return self._update(now, next_delay_s=self._success_delay())

    # -- getting the feed --------------------------------------------------------------------

    def _get(self) -> _Got:
        if self._remote:
            return self._get_http()
        return self._get_file()

    def _http(self) -> HttpFetcher:
        if self._fetcher is None:
            self._fetcher = HttpFetcher(self.config)
            self._owns_fetcher = True
        return self._fetcher

    def _get_http(self) -> _Got:
        validators = None
        stored = self._stored
        if stored is not None and self._feed is not None and stored.source == self.config.source:
            validators = Validators(stored.etag, stored.last_modified)
        result = self._http().fetch(validators)
        if result.not_modified:
            return _Got(unchanged=True)
        if (
            stored is not None
            and stored.source == self.config.source
            and stored.same_body(result.body)
        ):
            if (result.etag, result.last_modified) != (stored.etag, stored.last_modified):
                self._save_validators(result.etag, result.last_modified)
            return _Got(unchanged=True)
        with gc_paused():
            feed = parse_feed(result.body, base_url=result.url, max_bytes=self.config.max_bytes)
        return _Got(feed, result.body, result.url, result.etag, result.last_modified)

    def _get_file(self) -> _Got:
        path = demo_feed_path() if self.config.is_demo else file_path(self.config.source)
        try:
            stat = path.stat()
            signature: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            signature = None
        if signature is not None and signature == self._file_signature and self._feed is not None:
            return _Got(unchanged=True)
        if self._same_as_shown(path, signature):
            # Byte for byte the feed on show (the first read after a start from the store):
            # nothing to parse, which for a large feed saves seconds of work and its memory.
            self._file_signature = signature
            return _Got(unchanged=True)
        if self.config.is_demo:
            loaded = read_demo()
        else:
            with gc_paused():
                loaded = read_file(path, max_bytes=self.config.max_bytes)
        self._file_signature = signature
        if self._stored is not None and self._stored.same_body(loaded.raw):
            return _Got(unchanged=True)
        return _Got(loaded.feed, loaded.raw, loaded.base_url)

    def _same_as_shown(self, path: Path, signature: tuple[int, int] | None) -> bool:
        stored = self._stored
        if stored is None or self._feed is None or signature is None or self.config.is_demo:
            return False
        if signature[1] != stored.size or stored.size > self.config.max_bytes:
            return False
        try:
            return stored.same_body(path.read_bytes())
        except OSError:
            return False

    # -- switching to a new feed -------------------------------------------------------------

    def _switch(self, got: _Got, now: dt.datetime, deadline: float) -> None:
        assert got.feed is not None
        media, untried = self._resolve_media(got.feed, deadline)
        stored = StoredFeed(
            got.raw, got.base_url, self.config.source, got.etag, got.last_modified, now
        )
        if self.store is not None and not self.config.is_demo:
            try:
                stored = self.store.save(
                    got.raw,
                    source=self.config.source,
                    base_url=got.base_url,
                    etag=got.etag,
                    last_modified=got.last_modified,
                    fetched_at=now,
                )
            except OSError as exc:
                logger.warning("cannot save the feed to %s: %s", self.store.folder, exc)
                # Kept with its body, which a later save (a 304 noted) writes out.
                self._stored = stored
            else:
                self.store.save_parsed(stored, got.feed)
                self._stored = stored.without_body()
        else:
            self._stored = stored.without_body()
        self._feed = got.feed
        self._media = media
        self._held = frozenset(untried)

    def _save_parsed(self) -> None:
        """Keep the parsed form of a stored feed that start() had to parse."""
        if self._parsed_due and self.store is not None and self._stored and self._feed:
            self.store.save_parsed(self._stored, self._feed)
        self._parsed_due = False

    def _save_validators(self, etag: str | None, last_modified: str | None) -> None:
        if self.store is None or self._stored is None:
            return
        try:
            self._stored = self.store.update_validators(
                self._stored, etag=etag, last_modified=last_modified
            )
        except OSError as exc:
            logger.warning("cannot save the feed's validators: %s", exc)

    def _remember_check(self, now: dt.datetime) -> None:
        """Persist that the copy is current, now and then, so a restart knows it is not stale."""
        stored = self._stored
        if self.store is None or stored is None or stored.source != self.config.source:
            return
        if now - stored.confirmed_at < self._stale_after / 2:
            return
        try:
            self._stored = self.store.mark_checked(stored, now)
        except OSError as exc:
            logger.warning("cannot save the feed's check time: %s", exc)

    def _missing_media(self, feed: Feed) -> bool:
        return any(p.image is not None and p.id not in self._media for p in feed.projects)

    def _resolve_media(self, feed: Feed, deadline: float) -> tuple[dict[str, Path], set[str]]:
        """Project id -> image file for those ready, and the ids not tried for lack of time."""
        media: dict[str, Path] = {}
        untried: set[str] = set()
        if self.media_cache is None:
            return media, untried
        for project in feed.projects:
            if project.image is None:
                continue
            path = self.media_cache.lookup(project.image)
            if path is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._cancelled:
                    untried.add(project.id)
                    continue
                path = self.media_cache.get(project.image, self._downloader(remaining))
            if path is not None:
                media[project.id] = path
        return media, untried

    def _downloader(self, remaining: float) -> Callable[[str, int], bytes]:
        def download(url: str, max_bytes: int) -> bytes:
            return self._http().download(url, max_bytes, timeout=remaining)

        return download

    def _prune(self, keep: set[Path]) -> None:
        if self.media_cache is None:
            return
        removed = set(self.media_cache.prune(keep))
        if removed:
            self._media = {pid: p for pid, p in self._media.items() if p not in removed}

    # -- timing and state --------------------------------------------------------------------

    def _success_delay(self) -> float:
        refresh = float(self.config.refresh_seconds)
        if self._held:
            return min(refresh, max(PENDING_RETRY_S, self.first_retry_s))
        return refresh

    def _backoff(self, retry_after: float | None) -> float:
        refresh = float(self.config.refresh_seconds)
        step = min(refresh, self.first_retry_s * 2.0 ** min(self._failures - 1, 30))
        delay = step / 2 + self._rng.uniform(0, step / 2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_retry_after_s))
        return delay

    def _state(self, now: dt.datetime) -> str:
        if self._feed is None:
            return "error" if self._last_error is not None else "empty"
        if self.config.is_demo and self._last_error is None:
            return "demo"
        if self._last_success is None or now - self._last_success > self._stale_after:
            return "stale"
        return "error" if self._last_error is not None else "ok"

    def _shown_feed(self) -> Feed | None:
        feed = self._feed
        if feed is None or not self._held:
            return feed
        ready = tuple(p for p in feed.projects if p.id not in self._held)
        if not ready:
            return feed  # never blank: show them without their images meanwhile
        return dataclasses.replace(feed, projects=ready)

    def _update(self, now: dt.datetime, *, next_delay_s: float) -> Update:
        state = self._state(now)
        feed = self._feed
        status = FeedStatus(
            source=show_url(self.config.source) if self._remote else self.config.source,
            state=state,
            last_attempt_at=self._last_attempt,
            last_success_at=self._last_success,
            last_error=self._last_error,
            projects=len(feed.projects) if feed else 0,
            skipped=len(feed.skipped) if feed else 0,
        )
        shown = self._shown_feed()
        shown_ids = {p.id for p in shown.projects} if shown else set()
        media = {pid: p for pid, p in self._media.items() if pid in shown_ids}
        changed = shown is not None and (shown, media) != self._shown
        if changed:
            self._shown = (shown, media)
        log_line = None
        if (state, self._last_error) != self._reported:
            self._reported = (state, self._last_error)
            log_line = self._describe(state, status)
            level = logging.WARNING if state in ("error", "stale") else logging.INFO
            logger.log(level, "%s", log_line)
        return Update(
            feed=shown if changed else None,
            changed=changed,
            status=status,
            log_line=log_line,
            next_delay_s=next_delay_s,
            media=dict(self._shown[1]),
        )

    def _describe(self, state: str, status: FeedStatus) -> str:
        since = (
            self._last_success.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
            if self._last_success
            else "never"
        )
        if state == "ok":
            skipped = f" ({status.skipped} skipped)" if status.skipped else ""
            return f"feed ok: {status.projects} projects from {status.source}{skipped}"
        if state == "demo":
            return f"feed demo: showing the built-in demo feed ({status.projects} projects)"
        if state == "empty":
            return f"feed empty: nothing stored yet; reading {status.source}"
        if state == "error":
            keeping = "showing the last good feed" if self._feed else "nothing to show yet"
            return f"feed error: {self._last_error}; {keeping}"
        reason = f"; last error: {self._last_error}" if self._last_error else ""
        return f"feed stale: last successful update {since}{reason}"


def check_source(source: str, config: FeedConfig) -> Feed:
    """Fetch or read a feed once and validate it, for ``qi-kiosk check-feed``.

    Raises :class:`FeedError` (a :class:`FetchError` for network problems) with one line.
    """
    if source == DEMO_SOURCE:
        return read_demo().feed
    if is_remote(source):
        with HttpFetcher(dataclasses.replace(config, source=source)) as fetcher:
            result = fetcher.fetch()
        return parse_feed(result.body, base_url=result.url, max_bytes=config.max_bytes)
    return read_file(file_path(source), max_bytes=config.max_bytes).feed
