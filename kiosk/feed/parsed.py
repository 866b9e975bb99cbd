"""A validated feed in a compact form that loads several times faster than parsing (no Qt).

Parsing a 10,000-project feed (35 MB of JSON) takes seconds: decoding the JSON, then checking
and clamping every field. The result, a :class:`~kiosk.feed.model.Feed` of frozen data classes,
depends only on the feed's bytes, the URL it came from and this kiosk's parser. So the store
keeps it beside the body (see :mod:`kiosk.feed.store`), and a restart rebuilds it from there.

The file is a short header and a pickle (protocol 5) of the Feed::

    QI-KIOSK-PARSED\\n
    {"format": 1, "code": ..., "body_sha256": ..., "base_url": ..., "payload_sha256": ...}\\n
    <pickle>

It is used only when every part of its key matches: the sha256 of the stored body it was made
from, the base URL, the file format, and ``code``, a fingerprint of this kiosk's version, the
Python version and the source of the feed model and parser, so a kiosk with a different parser
never reads what an older one made. The payload's own sha256 must match too (a damaged file is
never unpickled). Anything else (a missing, short, damaged or foreign file) is a miss and the
caller parses the body as before; a miss never raises.

Security: the file lives in the kiosk's own state folder, which only the kiosk writes (files
are private to the kiosk's user). As a second guard the unpickler builds nothing but the feed
model's classes, dates and times: a planted file cannot make it call anything else.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import io
import json
import pickle
import platform
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import kiosk
from kiosk.atomic import write_atomic
from kiosk.feed import model
from kiosk.feed.model import Feed

MAGIC = b"QI-KIOSK-PARSED\n"
FORMAT = 1
MAX_HEADER = 65_536

_MODEL_CLASSES: dict[str, type] = {
    name: value
    for name, value in vars(model).items()
    if isinstance(value, type)
    and dataclasses.is_dataclass(value)
    and value.__module__ == model.__name__
}
_ALLOWED: dict[tuple[str, str], Any] = {
    **{(model.__name__, name): cls for name, cls in _MODEL_CLASSES.items()},
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "timezone"): dt.timezone,
    ("datetime", "timedelta"): dt.timedelta,
}


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a large feed is decoded, parsed or loaded: that makes
    only new objects that refer to each other one way, and the collector would walk them all
    again and again (a third of the time of loading a 10,000-project feed, and of parsing it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ParsedMiss(Exception):
    """Internal: the file cannot be used (the message says why, for the debug log)."""


@functools.cache
def code_fingerprint() -> str:
    """What the parsed form depends on besides the feed: the kiosk's and Python's versions and
    the source of the feed model, the parser and this module."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{kiosk.__version__}|{platform.python_version()}".encode())
    schema_dir = Path(__file__).with_name("schema")
    files = [Path(model.__file__ or ""), Path(__file__), *sorted(schema_dir.glob("*.py"))]
    for path in files:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


_SHARED_CLASSES = (model.DisplayRules, model.ImageRef, model.TeamMember, model.Recognition)
"""Small parts that projects often have alike (the default display rules, a picture, a person
on many teams)."""


class _Sharing:
    """Reducers for one dump that also make equal values one object: texts, numbers, lists of
    texts or dates and small parts that thousands of projects repeat (themes, sites, roles, the
    same months, display rules, team members) are written once and loaded as one object, which
    saves memory and loading time. They are all immutable."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._numbers: dict[float, float] = {}
        self._tuples: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._parts: dict[Any, Any] = {}
        self.dispatch_table: dict[type, Callable[[Any], Any]] = {
            **copyreg.dispatch_table,
            **{cls: self._reducer(cls) for cls in _MODEL_CLASSES.values()},
        }

    def _reducer(self, cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
        """An instance as its class and its fields in order: loading calls ``cls(*fields)``,
        faster than the default for frozen slotted classes (a Python ``__setstate__``)."""
        names = tuple(f.name for f in dataclasses.fields(cls))
        share = self._share

        def reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
            return cls, tuple([share(getattr(obj, name)) for name in names])

        return reduce

    def _share(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return self._texts.setdefault(value, value)
        if kind is float:
            # 0.0 and -0.0 are equal but not the same number: zeros are left as they are.
            return self._numbers.setdefault(value, value) if value else value
        if kind in _SHARED_CLASSES:
            return self._parts.setdefault(value, value)
        if kind is not tuple or not value:
            return value
        first = type(value[0])
        if first in _SHARED_CLASSES:
            parts = self._parts
            return tuple([parts.setdefault(item, item) for item in value])
        if first is str or first is dt.date:
            if all(type(item) is first for item in value):
                if first is str:
                    value = tuple([self._texts.setdefault(item, item) for item in value])
                return self._tuples.setdefault(value, value)
            return value
        if first is float or value[0] is None:
            numbers = self._numbers
            return tuple(
                [
                    numbers.setdefault(item, item) if type(item) is float and item else item
                    for item in value
                ]
            )
        return value


class _Unpickler(pickle.Unpickler):
    def find_class(self, module_name: str, name: str) -> Any:
        found = _ALLOWED.get((module_name, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module_name}.{name} is not part of a feed")
        return found


def dump(feed: Feed, *, body_sha256: str, base_url: str) -> bytes:
    """The file's bytes for `feed`, parsed from a body with this sha256 at this base URL."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = _Sharing().dispatch_table
    with gc_paused():  # it holds every object it has written until the end: nothing to collect
        pickler.dump(feed)
    payload = buffer.getbuffer()
    header = {
        "format": FORMAT,
        "code": code_fingerprint(),
        "body_sha256": body_sha256,
        "base_url": base_url,
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_size": len(payload),
    }
    return b"".join((MAGIC, json.dumps(header).encode("utf-8"), b"\n", payload))


def write(path: Path, feed: Feed, *, body_sha256: str, base_url: str) -> None:
    """Write the file atomically (private to the kiosk's user). Raises OSError."""
    write_atomic(path, dump(feed, body_sha256=body_sha256, base_url=base_url))


def read(path: Path, *, body_sha256: str, base_url: str) -> Feed:
    """The Feed in the file if it was made for this body, base URL and parser; else ParsedMiss
    (OSError included)."""
    try:
        with path.open("rb") as file:
            magic = file.read(len(MAGIC))
            line = file.readline(MAX_HEADER) if magic == MAGIC else b""
            payload = file.read() if line.endswith(b"\n") else b""
    except OSError as exc:
        raise ParsedMiss(f"cannot be read: {exc.strerror or exc}") from None
    if magic != MAGIC:
        raise ParsedMiss("not a parsed feed")
    if not line.endswith(b"\n"):
        raise ParsedMiss("no header")
    try:
        header = json.loads(line)
    except (UnicodeDecodeError, ValueError):
        raise ParsedMiss("unreadable header") from None
    if not isinstance(header, dict):
        raise ParsedMiss("unreadable header")
    expected = {
        "format": FORMAT,
        "code": code_fingerprint(),
        "body_sha256": body_sha256,
        "base_url": base_url,
    }
    for key, value in expected.items():
        if header.get(key) != value:
            raise ParsedMiss(f"made for another {key.replace('_', ' ')}")
    if header.get("payload_size") != len(payload):
        raise ParsedMiss(
            f"payload is {len(payload):,} bytes, expected {header.get('payload_size')}"
        )
    if hashlib.sha256(payload).hexdigest() != header.get("payload_sha256"):
        raise ParsedMiss("payload does not match its sha256")
    try:
        with gc_paused():
            feed = _Unpickler(io.BytesIO(payload)).load()
    except Exception as exc:  # a damaged payload can raise almost anything
        raise ParsedMiss(f"payload cannot be read: {type(exc).__name__}: {exc}") from None
    if type(feed) is not Feed:
        raise ParsedMiss(f"payload is a {type(feed).__name__}, not a Feed")
    return feed
