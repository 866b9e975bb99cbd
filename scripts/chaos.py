#!/usr/bin/env python3
"""The whole kiosk against a feed server that misbehaves in every way we know of; the screen is
sampled every second and must never be blank or broken, and must keep the last good content.

    python3 scripts/chaos.py              every fault, in order (about 4 minutes)
    python3 scripts/chaos.py --quick      a few faults (under a minute), as in the test suite
    python3 scripts/chaos.py --out DIR    save the first frame of each step, and every bad frame

The kiosk is built by ``kiosk.app.create`` exactly as the ``qi-kiosk`` command builds it, in
display mode, offscreen (software rendering) unless a display is set, with a configuration whose
``feed.source`` is an https URL on 127.0.0.1: a server in this process (its own threads, real
TLS from a throwaway certificate authority that the configuration trusts by ``feed.ca_bundle``).
The refresh interval is the configuration's minimum, 5 s, and the timeout 2 s. The driver never
calls into the kiosk: each step sets what the server does, waits until the kiosk's own refresh
timer has asked for the feed under it and that refresh has finished, then reads ``status.json``.

Steps (``--list`` prints them): good feeds (new versions, gzip, 304 Not Modified, a 308 to a new
place, images that are missing or decompression bombs) between faults of every kind: HTTP 4xx and
5xx, 503 and 429 with Retry-After, redirects without a Location, to another scheme, to plain
http and in a loop, connection resets (before and during the body), slow headers, a slow body,
truncated gzip, a gzip bomb, huge bodies (declared and streamed), HTML with 200, an empty body,
invalid JSON, schema errors (a newer version, projects not a list, every project invalid),
expired, wrong-host and unknown-CA certificates, and clock jumps (the kiosk's wall clock moved
three days ahead, then back, then two days behind: ``create(clock=...)``, the clock the kiosk
uses for opening hours, the PIN lock, the burn-in orbit and the feed's age).

Each sampled frame (``grabWindow``, once a second) is bad when:
  * it is blank: one colour covers more than 85 % of it, or it has fewer than 8 colours;
  * the poster is broken: the header band (the hub's blue) does not fill the top of the
    screen, or the title region has no text-dark pixels;
  * the content is wrong: the kiosk's projects are not exactly one good feed's (none from a
    refused response, never an older feed after a newer one, never none), or the poster in
    front is not from the current good feed or the one before it (a poster whose project left
    the feed stays until its dwell ends).
A step fails when the kiosk's status does not say what it should: ``error`` (or ``stale``) with a
reason after a fault, ``stale`` after the clock jumps ahead during a fault, ``ok`` with the new
projects after a good feed. Qt or QML warnings fail the run too.

Prints a table (one row per step) and a summary; exits 1 on any bad frame, failed step or Qt
warning. Only 127.0.0.1 is contacted (``NO_PROXY`` is set for it).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import gzip
import http.server
import json
import logging
import os
import socket
import socketserver
import ssl
import struct
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from PIL.Image import Image

    from kiosk.app import Kiosk

DEMO_FEED = ROOT / "assets" / "demo" / "feed.json"
DEMO_IMAGES = ROOT / "assets" / "demo" / "images"
PROJECTS_PER_FEED = 6
REFRESH_S = 5
TIMEOUT_S = 2
MAX_BYTES = 2_000_000
STEP_LIMIT_S = 45.0
WINDOW = (1280, 720)
HEADER_BLUE = (0, 94, 184)

# --- the steps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    fault: str
    """What the server does for the feed URL (see ChaosHandler)."""
    expect: str
    """ok (the feed is shown), error (refused, content kept) or stale (refused, and old)."""
    version: int = 0
    """For a good feed: its version (each version has its own project ids)."""
    clock_days: float = 0.0
    """The kiosk's clock offset from real time during this step."""
    images: str = "good"
    """good, or faulty: one image 404s and one is a decompression bomb."""
    cert: str = "good"
    """good, expired, wrong_host or unknown_ca: the certificate the server presents."""


FULL_STEPS = [
    Step("good feed v1 (first fetch, empty store)", "good", "ok", version=1),
    Step("HTTP 404", "status:404", "error"),
    Step("HTTP 500", "status:500", "error"),
    Step("HTTP 503 + Retry-After: 2", "status:503", "error"),
    Step("good feed v2 (gzip)", "good_gzip", "ok", version=2),
    Step("unchanged feed v2 (304 Not Modified)", "good", "ok", version=2),
    Step("connection reset before the response", "reset", "error"),
    Step("connection reset in the body", "reset_body", "error"),
    Step("slow headers (after the timeout)", "slow_headers", "error"),
    Step("slow body (1 byte / 0.3 s)", "slow_body", "error"),
    Step("truncated gzip", "truncated_gzip", "error"),
    Step("HTML page with 200", "html", "error"),
    Step("empty body with 200", "empty", "error"),
    Step("good feed v3 via 308 to a new URL", "moved", "ok", version=3),
    Step("huge body, Content-Length 50 MB", "huge_declared", "error"),
    Step("huge body, streamed without a length", "huge_streamed", "error"),
    Step("gzip bomb (60 KB -> 60 MB)", "gzip_bomb", "error"),
    Step("redirect loop", "redirect_loop", "error"),
    Step("302 without a Location", "redirect_no_location", "error"),
    Step("301 to ftp://", "redirect_scheme", "error"),
    Step("307 to plain http", "redirect_http", "error"),
    Step("429 + Retry-After: 1", "status:429", "error"),
    Step("good feed v4, image 404 + image bomb", "good", "ok", version=4, images="faulty"),
    Step("expired certificate", "good", "error", version=4, cert="expired"),
    Step("certificate for another host", "good", "error", version=4, cert="wrong_host"),
    Step("certificate from an unknown CA", "good", "error", version=4, cert="unknown_ca"),
    Step("HTTP 403", "status:403", "error"),
    Step("good feed v5", "good", "ok", version=5),
    Step("invalid JSON", "invalid_json", "error"),
    Step("schema: feed_version 99", "schema_version", "error"),
    Step("schema: projects not a list", "schema_projects", "error"),
    Step("schema: every project invalid", "schema_all_invalid", "error"),
    Step("good feed v6", "good", "ok", version=6),
    Step("clock +3 days, HTTP 502", "status:502", "stale", clock_days=3),
    Step("clock +3 days, feed v6 unchanged (304)", "good", "ok", version=6, clock_days=3),
    Step("clock back to now (-3 days), good feed v7", "good", "ok", version=7),
    Step("clock -2 days, HTTP 500", "status:500", "error", clock_days=-2),
    Step("good feed v8, clock back to now", "good", "ok", version=8),
]

QUICK_STEPS = [
    Step("good feed v1 (first fetch, empty store)", "good", "ok", version=1),
    Step("HTTP 500", "status:500", "error"),
    Step("connection reset before the response", "reset", "error"),
    Step("truncated gzip", "truncated_gzip", "error"),
    Step("expired certificate", "good", "error", version=1, cert="expired"),
    Step("schema: every project invalid", "schema_all_invalid", "error"),
    Step("good feed v2, image 404 + image bomb", "good", "ok", version=2, images="faulty"),
    Step("clock +3 days, HTTP 502", "status:502", "stale", clock_days=3),
    Step("good feed v3, clock back to now", "good", "ok", version=3),
]

# --- feeds and images -----------------------------------------------------------------------


def feed_document(version: int, images: str = "good") -> dict[str, Any]:
    """The demo feed's first projects with ids of this version (v3-ward-7-falls, ...)."""
    demo = json.loads(DEMO_FEED.read_text(encoding="utf-8"))
    feed = copy.deepcopy(demo)
    feed["projects"] = demo["projects"][:PROJECTS_PER_FEED]
    for project in feed["projects"]:
        project["id"] = f"v{version}-{project['id']}"
    if images == "faulty":
        feed["projects"][0]["image"] = {"url": "images/missing.png", "alt": "missing"}
        feed["projects"][1]["image"] = {"url": "images/bomb.png", "alt": "a bomb"}
    return dict(feed)


def feed_ids(version: int) -> tuple[str, ...]:
    return tuple(p["id"] for p in feed_document(version)["projects"])


def png_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A small PNG that claims 3.6 billion pixels: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width * 3) * 4, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


# --- the server -----------------------------------------------------------------------------


class ChaosServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """HTTPS on 127.0.0.1 whose feed URL does what the current step says."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, contexts: dict[str, ssl.SSLContext]) -> None:
        super().__init__(("127.0.0.1", 0), ChaosHandler)
        self.contexts = contexts
        self.step: Step = FULL_STEPS[0]
        self.index = 0
        self.lock = threading.Lock()
        self.feed_hits: Counter[int] = Counter()
        """Step index -> requests for the feed (the first hop) that reached the server."""
        self.handshake_failures: Counter[int] = Counter()
        self.image_hits: Counter[str] = Counter()
        self._bodies: dict[tuple[int, str], bytes] = {}
        self.bomb = png_bomb()
        self.gzip_bomb = gzip.compress(b" " * 60_000_000, 9)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def set_step(self, index: int, step: Step) -> None:
        with self.lock:
            self.index = index
            self.step = step

    def current(self) -> tuple[int, Step]:
        with self.lock:
            return self.index, self.step

    def feed_body(self, version: int, images: str) -> bytes:
        key = (version, images)
        if key not in self._bodies:
            self._bodies[key] = json.dumps(feed_document(version, images)).encode()
        return self._bodies[key]

    def get_request(self) -> tuple[Any, Any]:
        sock, address = self.socket.accept()
        index, step = self.current()
        context = self.contexts[step.cert]
        wrapped = context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        wrapped.chaos_index = index  # type: ignore[attr-defined]
        return wrapped, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and clients that give up are the point of the exercise

    def start(self) -> ChaosServer:
        threading.Thread(target=self.serve_forever, name="chaos-server", daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class ChaosHandler(http.server.BaseHTTPRequestHandler):
    server: ChaosServer
    protocol_version = "HTTP/1.0"  # one request per connection: each sees the current step
    timeout = 20

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        index = getattr(self.request, "chaos_index", 0)
        try:
            self.request.do_handshake()
        except (ssl.SSLError, OSError):
            self.server.handshake_failures[index] += 1
            self.server.feed_hits[index] += 1  # the kiosk asked; the certificate was refused
            return
        with contextlib.suppress(OSError):  # the kiosk hung up (a timeout, a size limit)
            super().handle()

    def do_GET(self) -> None:
        index, step = self.server.current()
        path = self.path.split("?", 1)[0]
        if "/images/" in path:
            self._image(path.rsplit("/", 1)[-1], step)
            return
        if path == "/feed.json":
            self.server.feed_hits[index] += 1
        self._feed(path, step)

    # -- answers -----------------------------------------------------------------------------

    def _send(
        self,
        code: int,
        body: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _image(self, name: str, step: Step) -> None:
        self.server.image_hits[name] += 1
        if name == "bomb.png":
            self._send(200, self.server.bomb, "image/png")
            return
        file = DEMO_IMAGES / name
        if name == "missing.png" or not file.is_file():
            self._send(404, b"not found", "text/plain")
            return
        self._send(200, file.read_bytes(), "image/png")

    def _reset(self) -> None:
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.request.close()
        self.close_connection = True

    def _good(self, step: Step, *, gzipped: bool = False) -> None:
        body = self.server.feed_body(step.version, step.images)
        etag = f'"v{step.version}-{step.images}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        headers = {"ETag": etag, "Cache-Control": "max-age=0"}
        if gzipped:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self._send(200, body, headers=headers)

    def _feed(self, path: str, step: Step) -> None:
        fault = step.fault
        port = self.server.port
        good = self.server.feed_body(99, "good")
        if fault == "good" or (fault == "moved" and path == "/moved/feed.json"):
            self._good(step)
        elif fault == "good_gzip":
            self._good(step, gzipped=True)
        elif fault == "moved":
            self._send(308, b"", headers={"Location": "/moved/feed.json"})
        elif fault.startswith("status:"):
            code = int(fault.split(":")[1])
            retry = {503: "2", 429: "1"}
            headers = {"Retry-After": retry[code]} if code in retry else {}
            self._send(code, b"<html><body>Error</body></html>", "text/html", headers)
        elif fault == "reset":
            self._reset()
        elif fault == "reset_body":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(good)))
            self.end_headers()
            self.wfile.write(good[: len(good) // 3])
            self.wfile.flush()
            time.sleep(0.1)
            self._reset()
        elif fault == "slow_headers":
            time.sleep(TIMEOUT_S + 1.5)
            self._send(200, good)
        elif fault == "slow_body":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(good)))
            self.end_headers()
            for byte in good[:40]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.3)
        elif fault == "truncated_gzip":
            packed = gzip.compress(good)
            self._send(200, packed[: len(packed) // 2], headers={"Content-Encoding": "gzip"})
        elif fault == "html":
            page = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in</body>"
            self._send(200, page, "text/html")
        elif fault == "empty":
            self._send(200, b"")
        elif fault == "huge_declared":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "50000000")
            self.end_headers()
            self.wfile.write(b"[" + b" " * 65_536)
        elif fault == "huge_streamed":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"feed_version": 1, "projects": [')
            for _ in range(60):  # 3.9 MB at most, over the 2 MB limit
                self.wfile.write(b" " * 65_536)
            self.close_connection = True
        elif fault == "gzip_bomb":
            self._send(200, self.server.gzip_bomb, headers={"Content-Encoding": "gzip"})
        elif fault == "redirect_loop":
            self._send(302, b"", headers={"Location": f"https://127.0.0.1:{port}/feed.json"})
        elif fault == "redirect_no_location":
            self._send(302, b"")
        elif fault == "redirect_scheme":
            self._send(301, b"", headers={"Location": f"ftp://127.0.0.1:{port}/feed.json"})
        elif fault == "redirect_http":
            self._send(307, b"", headers={"Location": f"http://127.0.0.1:{port}/feed.json"})
        elif fault == "invalid_json":
            self._send(200, good[: len(good) // 2])
        elif fault == "schema_version":
            self._send(200, json.dumps({**json.loads(good), "feed_version": 99}).encode())
        elif fault == "schema_projects":
            self._send(200, json.dumps({**json.loads(good), "projects": "none"}).encode())
        elif fault == "schema_all_invalid":
            doc = json.loads(good)
            for project in doc["projects"]:
                project["name"] = project.pop("title")  # an export that renamed a column
            self._send(200, json.dumps(doc).encode())
        else:
            raise AssertionError(f"unknown fault {fault!r}")


def tls_contexts(folder: Path) -> dict[str, ssl.SSLContext]:
    """Server contexts for each certificate kind; the CA the kiosk trusts is saved to ca.pem."""
    import trustme

    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    now = dt.datetime.now(dt.UTC)
    certs = {
        "good": ca.issue_cert("127.0.0.1"),
        "expired": ca.issue_cert(
            "127.0.0.1", not_before=now - dt.timedelta(days=60), not_after=now - dt.timedelta(1)
        ),
        "wrong_host": ca.issue_cert("feed.elsewhere.example"),
        "unknown_ca": trustme.CA().issue_cert("127.0.0.1"),
    }
    contexts = {}
    for name, cert in certs.items():
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(context)
        contexts[name] = context
    return contexts


# --- frames ---------------------------------------------------------------------------------


def frame_problems(image: Image) -> list[str]:
    """Why a frame is blank or broken (nothing when it is a whole poster)."""
    width, height = image.size
    if (width, height) != WINDOW:
        return [f"frame is {width}x{height}, not {WINDOW[0]}x{WINDOW[1]}"]
    problems = []
    small = image.resize((128, 72))
    colours = Counter(small.get_flattened_data())
    top_share = colours.most_common(1)[0][1] / (128 * 72)
    if top_share > 0.85 or len(colours) < 8:
        problems.append(f"blank: {len(colours)} colours, the commonest covers {top_share:.0%}")
    band = image.crop((0, 0, width, int(height * 0.06))).resize((256, 8))
    blue = sum(
        1
        for p in band.get_flattened_data()
        if all(abs(a - b) <= 16 for a, b in zip(p, HEADER_BLUE, strict=True))
    )
    if blue / (256 * 8) < 0.6:
        problems.append(f"no header band: {blue / (256 * 8):.0%} of the top is the hub's blue")
    title = image.crop((0, int(height * 0.12), int(width * 0.6), int(height * 0.30)))
    dark = sum(1 for p in title.get_flattened_data() if max(p) < 90)
    if dark / (title.width * title.height) < 0.003:
        problems.append("no title: the title region has no dark text")
    return problems


def grab(kiosk: Kiosk) -> Image:
    from PIL import Image as PilImage
    from PySide6.QtGui import QImage

    image = kiosk.window.grabWindow().convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    data = bytes(image.constBits())[: image.bytesPerLine() * height]
    return PilImage.frombytes("RGB", (width, height), data, "raw", "RGB", image.bytesPerLine())


# --- the run --------------------------------------------------------------------------------


@dataclass
class StepResult:
    step: Step
    outcome: str = ""
    state: str = ""
    passed: bool = False
    seconds: float = 0.0
    frames: int = 0
    bad: int = 0
    requests: int = 0


@dataclass
class Run:
    kiosk: Kiosk
    server: ChaosServer
    steps: list[Step]
    state_dir: Path
    out: Path | None
    offset: list[dt.timedelta]
    results: list[StepResult] = field(default_factory=list)
    index: int = -1
    step_started: float = 0.0
    accepted: list[int] = field(default_factory=list)
    """Good feed versions the kiosk has shown, in order."""
    frames: int = 0
    bad_frames: list[str] = field(default_factory=list)
    states_seen: list[str] = field(default_factory=list)
    sampling: bool = False
    done: bool = False
    step_saved: bool = False

    def status(self) -> dict[str, Any]:
        try:
            feed: dict[str, Any] = json.loads((self.state_dir / "status.json").read_text())["feed"]
        except (OSError, ValueError, KeyError):
            return {}
        return feed

    def begin(self, index: int) -> None:
        self.index = index
        step = self.steps[index]
        self.offset[0] = dt.timedelta(days=step.clock_days)
        self.server.set_step(index, step)
        self.results.append(StepResult(step))
        self.step_started = time.monotonic()
        self.step_saved = False

    def tick(self) -> None:
        """Advance when the kiosk's own refresh has met this step's server and finished."""
        if self.done:
            return
        result = self.results[-1]
        service = self.kiosk.feed_service
        assert service is not None
        hits = self.server.feed_hits[self.index]
        elapsed = time.monotonic() - self.step_started
        if hits and not service.refreshing:
            self.judge(result)
        elif elapsed > STEP_LIMIT_S:
            result.outcome = f"no refresh finished in {STEP_LIMIT_S:g} s ({hits} requests)"
        else:
            return
        result.requests = hits
        result.seconds = elapsed
        if result.passed and result.step.expect == "ok" and not self.sampling:
            self.sampling = True  # the first good feed is on screen: sample from now on
        if self.index + 1 < len(self.steps):
            self.begin(self.index + 1)
        else:
            self.done = True
            self.kiosk.app.quit()

    def judge(self, result: StepResult) -> None:
        step = result.step
        status = self.status()
        state = str(status.get("state"))
        error = status.get("last_error")
        assert self.kiosk.catalogue is not None
        ids = tuple(p.id for p in self.kiosk.catalogue.projects)
        result.state = state
        if step.expect == "ok":
            wanted = feed_ids(step.version)
            result.passed = state == "ok" and error is None and ids == wanted
            result.outcome = f"{len(ids)} projects of v{step.version}" if result.passed else (
                f"state {state}, error {error!r}, projects {ids[:2]}..."
            )  # fmt: skip
            if result.passed and (not self.accepted or self.accepted[-1] != step.version):
                self.accepted.append(step.version)
        else:
            kept = bool(self.accepted) and ids == feed_ids(self.accepted[-1])
            states = ("stale",) if step.expect == "stale" else ("error", "stale")
            result.passed = state in states and bool(error) and kept
            result.outcome = str(error or "no error reported")[:90]
            if not kept:
                result.outcome = f"content not kept: {len(ids)} projects {ids[:2]}; " + (
                    result.outcome
                )

    def sample(self) -> None:
        """One frame a second: blank, broken or wrong content makes it a bad frame."""
        state = self.status().get("state")
        if state and (not self.states_seen or self.states_seen[-1] != state):
            self.states_seen.append(str(state))
        if not self.sampling or self.done:
            return
        image = grab(self.kiosk)
        problems = frame_problems(image) + self.content_problems()
        self.frames += 1
        result = self.results[-1]
        result.frames += 1
        label = f"{self.index + 1:02d}-{self.frames:04d}"
        if problems:
            result.bad += 1
            self.bad_frames.append(f"frame {label} ({result.step.name}): " + "; ".join(problems))
        if self.out is not None and (problems or not self.step_saved):
            image.save(self.out / f"{label}{'-BAD' if problems else ''}.png")
            self.step_saved = True

    def content_problems(self) -> list[str]:
        assert self.kiosk.catalogue is not None
        ids = tuple(p.id for p in self.kiosk.catalogue.projects)
        showing = self.kiosk.rotation.showing
        if not ids:
            return ["no projects: the kiosk dropped its content"]
        versions = {v for v in self.accepted if feed_ids(v) == ids}
        if not versions:
            return [f"projects {ids[:2]}... are not from a good feed"]
        if self.accepted and max(versions) < self.accepted[-1]:
            return [f"an older feed (v{max(versions)}) after v{self.accepted[-1]}"]
        allowed = set(ids) | (set(feed_ids(self.accepted[-2])) if len(self.accepted) > 1 else set())
        if showing not in allowed:
            return [f"the poster in front ({showing or 'none'}) is not from the good feeds"]
        return []


class QtWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_config(folder: Path, port: int) -> Path:
    config = folder / "kiosk.yaml"
    config.write_text(
        "mode: display\n"
        "screen_id: chaos\n"
        f"state_dir: {folder / 'state'}\n"
        "feed:\n"
        f"  source: https://127.0.0.1:{port}/feed.json\n"
        f"  refresh_seconds: {REFRESH_S}\n"
        f"  timeout_seconds: {TIMEOUT_S}\n"
        f"  max_bytes: {MAX_BYTES}\n"
        f"  ca_bundle: {folder / 'ca.pem'}\n"
        "rotation:\n  seconds: 5\n  transition_ms: 800\n"
        "display:\n  fullscreen: false\n"
        "qr:\n  allowed_hosts: [qi.meadowbrook.example]\n"
        "uptake:\n  enabled: false\n"
        "log:\n  level: WARNING\n",
        encoding="utf-8",
    )
    return config


def run(steps: list[Step], folder: Path, out: Path | None) -> tuple[Run, list[str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ["QT_QPA_PLATFORM"] == "offscreen":
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    server = ChaosServer(tls_contexts(folder)).start()
    server.set_step(0, steps[0])
    config = write_config(folder, server.port)
    offset = [dt.timedelta(0)]

    def clock() -> dt.datetime:
        return dt.datetime.now(dt.UTC) + offset[0]

    from PySide6.QtCore import QTimer

    from kiosk.app import create

    warnings = QtWarnings()
    size = f"{WINDOW[0]}x{WINDOW[1]}"
    kiosk = create(["--config", str(config), "--windowed", "--size", size], clock=clock)
    logging.getLogger("qt").addHandler(warnings)
    state = Run(kiosk, server, steps, folder / "state", out, offset)
    state.begin(0)
    ticker = QTimer()
    ticker.setObjectName("chaosStepTimer")
    ticker.timeout.connect(state.tick)
    ticker.start(100)
    sampler = QTimer()
    sampler.setObjectName("chaosFrameTimer")
    sampler.timeout.connect(state.sample)
    sampler.start(1000)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(kiosk.app.quit)
    limit.start(int(len(steps) * STEP_LIMIT_S * 1000))
    try:
        kiosk.show()
        kiosk.app.exec()
    finally:
        ticker.stop()
        sampler.stop()
        limit.stop()
        state.states_seen.append(str(state.status().get("state")))
        kiosk.close()
        logging.getLogger("qt").removeHandler(warnings)
        server.stop()
    return state, warnings.messages


def report(state: Run, qt_warnings: list[str], seconds: float) -> bool:
    rows = [("#", "step", "expect", "state", "pass", "s", "frames", "bad", "what the kiosk said")]
    for n, r in enumerate(state.results, 1):
        rows.append(
            (str(n), r.step.name, r.step.expect, r.state, "yes" if r.passed else "NO",
             f"{r.seconds:.1f}", str(r.frames), str(r.bad), r.outcome)
        )  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1])
    failed_steps = [r for r in state.results if not r.passed]
    missing = len(state.steps) - len(state.results)
    faults = sum(1 for s in state.steps if s.expect != "ok")
    transitions = " -> ".join(state.states_seen)
    print()
    print(f"steps: {len(state.results)} of {len(state.steps)} run ({faults} faults), "
          f"{len(failed_steps)} failed; {seconds:.0f} s")  # fmt: skip
    print(f"frames sampled: {state.frames}, bad: {len(state.bad_frames)}")
    print(f"status.json feed.state: {transitions}")
    print(f"Qt/QML warnings: {len(qt_warnings)}")
    for line in state.bad_frames[:20]:
        print("  " + line)
    for message in qt_warnings[:20]:
        print("  qt: " + message)
    needed = {"ok", "error", "stale"}
    went_back = state.states_seen[-1:] == ["ok"]
    states_ok = needed <= set(state.states_seen) and went_back
    if not states_ok:
        print("status.json did not go through ok, error and stale and back to ok")
    good = (
        not failed_steps
        and not missing
        and not state.bad_frames
        and state.frames > 0
        and not qt_warnings
        and states_ok
    )
    print("chaos: PASS" if good else "chaos: FAIL")
    return good


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few faults, under a minute")
    parser.add_argument("--out", type=Path, help="save the first frame of each step and bad ones")
    parser.add_argument("--list", action="store_true", help="print the steps and exit")
    args = parser.parse_args(argv)
    steps = QUICK_STEPS if args.quick else FULL_STEPS
    if args.list:
        for n, step in enumerate(steps, 1):
            print(f"{n:2d}  {step.expect:<5}  {step.name}")
        return 0
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="qi-chaos-") as tmp:
        state, qt_warnings = run(steps, Path(tmp), args.out)
    return 0 if report(state, qt_warnings, time.monotonic() - started) else 1


if __name__ == "__main__":
    sys.exit(main())
