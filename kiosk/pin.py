"""The admin PIN: a salted scrypt hash in the config, and the lock after wrong guesses (no Qt).

The config holds only ``scrypt$<n>$<r>$<p>$<salt>$<hash>`` (base64), made by
``qi-kiosk hash-pin``. Checking uses :func:`hmac.compare_digest`. After ``MAX_WRONG`` wrong
PINs in a row the pad is locked for ``LOCK_SECONDS``; time is always passed in.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

MAX_WRONG = 5
LOCK_SECONDS = 5 * 60
PIN_RE = re.compile(r"^[0-9]{4,12}$")
_N, _R, _P = 2**14, 8, 1
_HASH_RE = re.compile(
    r"^scrypt\$(?P<n>[0-9]+)\$(?P<r>[0-9]+)\$(?P<p>[0-9]+)\$(?P<salt>[A-Za-z0-9+/=]+)"
    r"\$(?P<hash>[A-Za-z0-9+/=]+)$"
)


class PinError(ValueError):
    """A PIN or PIN hash that cannot be used; the message is one line."""


@dataclass(frozen=True)
class PinHash:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes

    def matches(self, pin: str) -> bool:
        candidate = _scrypt(pin, self.salt, self.n, self.r, self.p, len(self.digest))
        return hmac.compare_digest(candidate, self.digest)

    def __str__(self) -> str:
        b64 = base64.b64encode
        return (
            f"scrypt${self.n}${self.r}${self.p}$"
            f"{b64(self.salt).decode()}${b64(self.digest).decode()}"
        )


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=256 * 1024 * 1024
    )


def check_pin_format(pin: str) -> str:
    if not PIN_RE.match(pin):
        raise PinError("a PIN is 4 to 12 digits")
    return pin


def hash_pin(pin: str, *, salt: bytes | None = None) -> PinHash:
    check_pin_format(pin)
    salt = os.urandom(16) if salt is None else salt
    return PinHash(_N, _R, _P, salt, _scrypt(pin, salt, _N, _R, _P, 32))


def parse_pin_hash(text: str) -> PinHash:
    m = _HASH_RE.match(text.strip()) if isinstance(text, str) else None
    if m is None:
        raise PinError("not a PIN hash: make one with 'qi-kiosk hash-pin'")
    n, r, p = int(m["n"]), int(m["r"]), int(m["p"])
    if n < 2 or n & (n - 1) or n > 2**20 or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise PinError("PIN hash has unusable scrypt parameters: make one with 'qi-kiosk hash-pin'")
    try:
        salt = base64.b64decode(m["salt"], validate=True)
        digest = base64.b64decode(m["hash"], validate=True)
    except ValueError:
        raise PinError("PIN hash is damaged: make one with 'qi-kiosk hash-pin'") from None
    if len(salt) < 8 or len(digest) < 16:
        raise PinError("PIN hash is too short: make one with 'qi-kiosk hash-pin'")
    return PinHash(n, r, p, salt, digest)


class PinGate:
    """Wrong guesses and the lock. ``try_pin`` answers "ok", "wrong" or "locked"."""

    def __init__(self, pin_hash: PinHash) -> None:
        self._hash = pin_hash
        self._wrong = 0
        self._locked_until: dt.datetime | None = None

    def locked_until(self, now: dt.datetime) -> dt.datetime | None:
        if self._locked_until is not None and now >= self._locked_until:
            self._locked_until = None
            self._wrong = 0
        return self._locked_until

    def is_locked(self, now: dt.datetime) -> bool:
        return self.locked_until(now) is not None

    @property
    def wrong(self) -> int:
        return self._wrong

    def try_pin(self, pin: str, now: dt.datetime) -> str:
        if self.is_locked(now):
            return "locked"
        if PIN_RE.match(pin) and self._hash.matches(pin):
            self._wrong = 0
            return "ok"
        self._wrong += 1
        if self._wrong >= MAX_WRONG:
            self._locked_until = now + dt.timedelta(seconds=LOCK_SECONDS)
            return "locked"
        return "wrong"
