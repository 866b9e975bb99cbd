"""QR codes: which links may get one, and the module matrix to draw (no Qt)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

logger = logging.getLogger(__name__)

QUIET_ZONE = 4
"""Modules of light margin around the code, as the QR standard asks."""

Matrix = tuple[tuple[bool, ...], ...]
"""A QR code's modules, row by row (True = dark), without the quiet zone."""


def host_allowed(host: str, allowed_hosts: Iterable[str]) -> bool:
    """`host` is listed, or matches a ``*.example.org`` entry (any subdomain)."""
    host = host.lower().rstrip(".")
    for entry in allowed_hosts:
        if entry.startswith("*."):
            if host.endswith(entry[1:]):
                return True
        elif host == entry:
            return True
    return False


UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_content")


def campaign_url(url: str, campaign: str, content: str) -> str:
    """`url` with the QR campaign's UTM parameters (replacing any it had; the rest kept)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in UTM_KEYS]
    query += [
        ("utm_source", "qi-hub"),
        ("utm_medium", "qr"),
        ("utm_campaign", campaign),
        ("utm_content", content),
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


class QrPolicy:
    """Decides whether a link may be shown as a QR code, logging each refusal once.

    With a `campaign` (the screen's id, from ``qr.campaign: true``), :meth:`link` adds UTM
    parameters so that the destination's analytics count the scans from each screen.
    """

    def __init__(self, allowed_hosts: Iterable[str], campaign: str | None = None) -> None:
        self.allowed_hosts = tuple(allowed_hosts)
        self.campaign = campaign
        self._refused: set[str] = set()

    def link(self, url: str | None, content: str) -> str:
        """The link to put in the QR code for `url` (about `content`), or "" for none."""
        if not url or not self.allows(url):
            return ""
        return campaign_url(url, self.campaign, content) if self.campaign else url

    def allows(self, url: str | None) -> bool:
        if not url:
            return False
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:
            host, parts = "", None
        ok = (
            parts is not None
            and parts.scheme == "https"
            and bool(host)
            and parts.username is None
            and parts.password is None
            and host_allowed(host, self.allowed_hosts)
        )
        if not ok and url not in self._refused:
            self._refused.add(url)
            reason = (
                "not https"
                if parts is None or parts.scheme != "https"
                else "host not in qr.allowed_hosts"
            )
            logger.warning("no QR code for %s: %s", url[:200], reason)
        return ok


@lru_cache(maxsize=256)
def matrix(text: str) -> Matrix:
    """The QR code's modules (True = dark), without the quiet zone."""
    # Imported here, not with this module: the QR library (and Pillow, which it imports) takes
    # tens of milliseconds to import, which a kiosk's first poster need not wait for when its
    # code is in the MatrixStore.
    import qrcode
    import qrcode.constants

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


class MatrixStore:
    """QR codes made before, kept on disk (one small file per text) so that a restarted kiosk
    draws them without the QR library: importing it and making a code cost tens of
    milliseconds, which the first poster would otherwise wait for.

    A file that is missing, unreadable or not a well-formed code for its text is made again
    and rewritten; the folder keeps at most `limit` codes (the oldest written go first). It is
    a cache: a write that fails is logged once, and the code is still drawn.
    """

    MEMORY = 256
    """Codes also kept in memory, most recently used last."""

    def __init__(self, folder: Path, *, limit: int = 2000) -> None:
        self.folder = folder
        self.limit = limit
        self._memory: OrderedDict[str, Matrix] = OrderedDict()
        self._write_failed = False

    def get(self, text: str) -> Matrix:
        """The modules of `text`'s QR code: from memory, from disk, or made (and kept)."""
        modules = self._memory.get(text)
        if modules is not None:
            self._memory.move_to_end(text)
            return modules
        path = self.folder / (hashlib.sha256(text.encode("utf-8")).hexdigest() + ".json")
        modules = self._read(path, text)
        if modules is None:
            modules = matrix(text)
            self._write(path, text, modules)
        self._memory[text] = modules
        if len(self._memory) > self.MEMORY:
            self._memory.popitem(last=False)
        return modules

    @staticmethod
    def _read(path: Path, text: str) -> Matrix | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            logger.debug("QR code %s unreadable (%s); making it again", path.name, exc)
            return None
        rows = data.get("rows") if isinstance(data, dict) else None
        if not isinstance(rows, list) or data.get("text") != text or not _well_formed(rows):
            logger.debug("QR code %s is not the code for its text; making it again", path.name)
            return None
        return tuple(tuple(cell == "1" for cell in row) for row in rows)

    def _write(self, path: Path, text: str, modules: Matrix) -> None:
        rows = ["".join("1" if cell else "0" for cell in row) for row in modules]
        data = json.dumps({"text": text, "rows": rows}, ensure_ascii=False).encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # No fsync: a file torn by a power cut fails the checks on reading and is made again.
            fd, tmp = tempfile.mkstemp(prefix=".qr.", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            self._prune(keep=path)
        except OSError as exc:
            if not self._write_failed:
                logger.warning("cannot keep QR codes in %s: %s", self.folder, exc.strerror or exc)
            self._write_failed = True

    def _prune(self, keep: Path) -> None:
        entries = [e for e in os.scandir(self.folder) if e.name.endswith(".json")]
        if len(entries) <= self.limit:
            return
        # The oldest written go first; never the one just written (times can tie).
        entries = sorted(
            (e for e in entries if e.name != keep.name), key=lambda e: e.stat().st_mtime_ns
        )
        for entry in entries[: len(entries) + 1 - self.limit]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _well_formed(rows: list[object]) -> bool:
    """A square of 21 to 177 rows of "0" and "1" (a QR code's sizes: versions 1 to 40)."""
    size = len(rows)
    if size < 21 or size > 177 or (size - 21) % 4:
        return False
    return all(isinstance(row, str) and len(row) == size and not row.strip("01") for row in rows)
