"""QR codes: which links may get one, and the module matrix to draw (no Qt)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import qrcode
import qrcode.constants

logger = logging.getLogger(__name__)

QUIET_ZONE = 4
"""Modules of light margin around the code, as the QR standard asks."""


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
def matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules (True = dark), without the quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(text)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
