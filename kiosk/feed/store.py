"""The offline copy of the last good feed (no Qt).

Layout under ``<state_dir>/feed/``::

    feed-<sha256>.json   the feed exactly as received (one file; older ones are removed)
    parsed-<sha256>.bin  the same feed validated, in a form that loads several times faster
                         (see :mod:`kiosk.feed.parsed`); only ever a shortcut: missing, stale
                         or damaged, the body is parsed again and the file rewritten
    current.json         which body is current, its sha256 and size, where it came from,
                         the server's validators (ETag, Last-Modified) and when it was fetched

A save writes the body first, then ``current.json``, each atomically (temporary file, fsync,
rename), and only then removes the previous body. A power cut at any moment therefore leaves
``current.json`` naming a complete body: the old one or the new one, never a mixture.

:meth:`FeedStore.load` checks the body against the recorded sha256 and size. Anything wrong
(garbage, a truncated file, a missing body, a folder where a file should be) moves the store's
files aside to ``<state_dir>/corrupt-<timestamp>/``, logs one line and reports no stored feed:
the kiosk carries on as on a first start. Loading never raises.

The body is kept on disk, not in memory: :meth:`StoredFeed.without_body` is what a running kiosk
holds (its sha256 and size say whether a newly fetched feed is the same), and
:meth:`FeedStore.update_validators` and :meth:`FeedStore.mark_checked` rewrite only
``current.json``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.atomic import write_atomic
from kiosk.feed import parsed
from kiosk.feed.model import Feed

logger = logging.getLogger(__name__)

STORE_VERSION = 1
_BODY_RE = re.compile(r"^feed-[0-9a-f]{64}\.json$")
_PARSED_RE = re.compile(r"^parsed-[0-9a-f]{64}\.bin$")


@dataclass(frozen=True)
class StoredFeed:
    raw: bytes
    """The body; empty in a copy made by :meth:`without_body` (``sha256`` and ``size`` stay)."""
    base_url: str
    """Where the feed came from after redirects: the base for its relative links and images."""
    source: str
    """The configured ``feed.source`` it was fetched for."""
    etag: str | None
    last_modified: str | None
    fetched_at: dt.datetime
    """When this body was last received (a 304 does not change it)."""
    checked_at: dt.datetime | None = None
    """When the server last confirmed it is current (a 304), if later than ``fetched_at``."""
    sha256: str = ""
    """Of the body (worked out from ``raw`` when not given)."""
    size: int = -1
    """Of the body in bytes (``len(raw)`` when not given)."""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", hashlib.sha256(self.raw).hexdigest())
        if self.size < 0:
            object.__setattr__(self, "size", len(self.raw))

    @property
    def confirmed_at(self) -> dt.datetime:
        """The last time this copy was known to be current."""
        return max(self.fetched_at, self.checked_at or self.fetched_at)

    def without_body(self) -> StoredFeed:
        """The same record without the bytes (a 35 MB feed need not stay in memory)."""
        return dataclasses.replace(self, raw=b"")

    def same_body(self, raw: bytes) -> bool:
        """Whether `raw` is this body, byte for byte (by size and sha256)."""
        return len(raw) == self.size and hashlib.sha256(raw).hexdigest() == self.sha256


class StoreCorrupt(Exception):
    """Internal: the stored copy cannot be trusted."""


class FeedStore:
    """The last good feed in ``<state_dir>/feed``; see the module docstring."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.folder = state_dir / "feed"
        self.meta_path = self.folder / "current.json"

    # -- reading -----------------------------------------------------------------------------

    def load(self) -> StoredFeed | None:
        """The stored feed, or None (nothing stored, or it was corrupt and has been set aside)."""
        try:
            if not self.meta_path.exists() and not self.meta_path.is_symlink():
                return None
        except OSError as exc:
            logger.warning("cannot look in the feed store %s: %s", self.folder, exc)
            return None
        try:
            stored = self._read()
        except StoreCorrupt as exc:
            self.set_aside(str(exc))
            return None
        self._remove_leftovers(keep=f"feed-{stored.sha256}.json")
        return stored

    def _read(self) -> StoredFeed:
        try:
            meta_bytes = self.meta_path.read_bytes()
        except OSError as exc:
            raise StoreCorrupt(
                f"cannot read {self.meta_path.name}: {exc.strerror or exc}"
            ) from None
        try:
            meta = json.loads(meta_bytes.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise StoreCorrupt(f"{self.meta_path.name} is not valid JSON") from None
        if not isinstance(meta, dict):
            raise StoreCorrupt(f"{self.meta_path.name} is not a JSON object")
        if meta.get("store_version") != STORE_VERSION:
            raise StoreCorrupt(f"unknown store_version {str(meta.get('store_version'))[:20]!r}")
        sha = _text(meta, "sha256")
        size = meta.get("size")
        if not re.fullmatch(r"[0-9a-f]{64}", sha) or not isinstance(size, int) or size < 0:
            raise StoreCorrupt(f"{self.meta_path.name} lacks a valid sha256 and size")
        body_path = self.folder / f"feed-{sha}.json"
        try:
            raw = body_path.read_bytes()
        except OSError as exc:
            raise StoreCorrupt(f"cannot read {body_path.name}: {exc.strerror or exc}") from None
        if len(raw) != size:
            raise StoreCorrupt(f"{body_path.name} is {len(raw):,} bytes, expected {size:,}")
        if hashlib.sha256(raw).hexdigest() != sha:
            raise StoreCorrupt(f"{body_path.name} does not match its sha256")
        try:
            fetched_at = dt.datetime.fromisoformat(_text(meta, "fetched_at"))
        except ValueError:
            raise StoreCorrupt(f"{self.meta_path.name} has no valid fetched_at") from None
        if fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=dt.UTC)
        checked_at: dt.datetime | None = None
        if _text(meta, "checked_at"):
            try:
                checked_at = dt.datetime.fromisoformat(_text(meta, "checked_at"))
            except ValueError:
                raise StoreCorrupt(f"{self.meta_path.name} has no valid checked_at") from None
            if checked_at.tzinfo is None:
                checked_at = checked_at.replace(tzinfo=dt.UTC)
        return StoredFeed(
            raw=raw,
            base_url=_text(meta, "base_url"),
            source=_text(meta, "source"),
            etag=_text(meta, "etag") or None,
            last_modified=_text(meta, "last_modified") or None,
            fetched_at=fetched_at,
            checked_at=checked_at,
            sha256=sha,
            size=size,
        )

    def load_parsed(self, stored: StoredFeed) -> Feed | None:
        """The validated feed kept beside this stored body, or None (then parse the body).

        Used only when it was made from this very body (its sha256), at the same base URL, by
        a kiosk with the same parser; see :mod:`kiosk.feed.parsed`. Never raises.
        """
        path = self._parsed_path(stored.sha256)
        try:
            return parsed.read(path, body_sha256=stored.sha256, base_url=stored.base_url)
        except parsed.ParsedMiss as exc:
            if path.exists() or path.is_symlink():
                logger.info("not using %s (%s): parsing the stored feed", path.name, exc)
            return None

    def save_parsed(self, stored: StoredFeed, feed: Feed) -> None:
        """Keep `feed`, parsed from `stored`'s body, for the next start. Only for the body that
        is current; a failure is logged and costs only the next start's parse."""
        if self._current_sha256() != stored.sha256:
            return
        path = self._parsed_path(stored.sha256)
        try:
            parsed.write(path, feed, body_sha256=stored.sha256, base_url=stored.base_url)
        except OSError as exc:
            logger.warning("cannot save the parsed feed to %s: %s", path, exc.strerror or exc)
            return
        self._remove_leftovers(keep=f"feed-{stored.sha256}.json")

    def _parsed_path(self, sha256: str) -> Path:
        return self.folder / f"parsed-{sha256}.bin"

    def _current_sha256(self) -> str:
        try:
            meta = json.loads(self.meta_path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            return ""
        return _text(meta, "sha256") if isinstance(meta, dict) else ""

    # -- writing -----------------------------------------------------------------------------

    def save(
        self,
        raw: bytes,
        *,
        source: str,
        base_url: str,
        etag: str | None,
        last_modified: str | None,
        fetched_at: dt.datetime,
        checked_at: dt.datetime | None = None,
    ) -> StoredFeed:
        """Store a feed that has been validated. Raises OSError if the disk refuses."""
        stored = StoredFeed(raw, base_url, source, etag, last_modified, fetched_at, checked_at)
        self._prepare_folder()
        body_path = self.folder / f"feed-{stored.sha256}.json"
        if not _same_file(body_path, raw):
            write_atomic(body_path, raw)
        self._write_meta(stored)
        return stored

    def update_validators(
        self, stored: StoredFeed, *, etag: str | None, last_modified: str | None
    ) -> StoredFeed:
        """Same body, new validators (a server that changed its ETag but not the content)."""
        return self._rewrite_meta(
            dataclasses.replace(stored, etag=etag, last_modified=last_modified)
        )

    def mark_checked(self, stored: StoredFeed, checked_at: dt.datetime) -> StoredFeed:
        """Record that the server confirmed the stored copy is current (a 304)."""
        return self._rewrite_meta(dataclasses.replace(stored, checked_at=checked_at))

    def _rewrite_meta(self, stored: StoredFeed) -> StoredFeed:
        """New facts about the body: only ``current.json`` is rewritten for a record without
        its body (OSError if the body is not on disk); a record with its body (one that could
        not be saved before) is saved whole. Returns the record without its body."""
        if not stored.raw:
            body_path = self.folder / f"feed-{stored.sha256}.json"
            if body_path.stat().st_size != stored.size:
                raise OSError(f"{body_path.name} is not the stored body")
            self._write_meta(stored)
            return stored
        saved = self.save(
            stored.raw,
            source=stored.source,
            base_url=stored.base_url,
            etag=stored.etag,
            last_modified=stored.last_modified,
            fetched_at=stored.fetched_at,
            checked_at=stored.checked_at,
        )
        return saved.without_body()  # the body is on disk now

    def _write_meta(self, stored: StoredFeed) -> None:
        meta = {
            "store_version": STORE_VERSION,
            "sha256": stored.sha256,
            "size": stored.size,
            "source": stored.source,
            "base_url": stored.base_url,
            "etag": stored.etag,
            "last_modified": stored.last_modified,
            "fetched_at": stored.fetched_at.isoformat(),
            "checked_at": stored.checked_at.isoformat() if stored.checked_at else None,
        }
        write_atomic(self.meta_path, json.dumps(meta, indent=2).encode("utf-8"))
        self._remove_leftovers(keep=f"feed-{stored.sha256}.json")

    def set_aside(self, reason: str) -> Path | None:
        """Move the store's files to ``<state_dir>/corrupt-<timestamp>/``; log one line."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.state_dir / f"corrupt-{stamp}"
        try:
            os.replace(self.folder, target)
        except OSError as exc:
            logger.warning(
                "stored feed is unusable (%s) and could not be moved aside (%s); removing it",
                reason,
                exc.strerror or exc,
            )
            self._remove_everything()
            return None
        logger.warning("stored feed is unusable (%s); moved aside to %s", reason, target)
        return target

    # -- housekeeping ------------------------------------------------------------------------

    def _prepare_folder(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            self.set_aside(f"{self.folder} is not a folder")
        self.folder.mkdir(parents=True, exist_ok=True)

    def _remove_leftovers(self, keep: str) -> None:
        """Older bodies, their parsed forms and temporary files left by an interrupted write.
        `keep` is the current body's name; its parsed form is kept too."""
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return
        keep_parsed = "parsed-" + keep.removeprefix("feed-").removesuffix(".json") + ".bin"
        for entry in entries:
            name = entry.name
            if name in (keep, keep_parsed, self.meta_path.name):
                continue
            if (
                _BODY_RE.match(name)
                or _PARSED_RE.match(name)
                or (name.startswith(".") and name.endswith(".tmp"))
            ):
                try:
                    entry.unlink()
                except OSError as exc:
                    logger.debug("cannot remove %s: %s", entry, exc)

    def _remove_everything(self) -> None:
        try:
            if self.folder.is_dir() and not self.folder.is_symlink():
                shutil.rmtree(self.folder, ignore_errors=True)
            else:
                self.folder.unlink(missing_ok=True)
        except OSError as exc:
            logger.error("cannot clear the feed store %s: %s", self.folder, exc.strerror or exc)


def _text(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    return value if isinstance(value, str) else ""


def _same_file(path: Path, raw: bytes) -> bool:
    """The body is already there (its name is its sha256; load checks the content)."""
    try:
        return path.stat().st_size == len(raw)
    except OSError:
        return False
