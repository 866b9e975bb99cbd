"""FeedUpdater end to end against real servers on 127.0.0.1: never blank, never stale for long."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kiosk.config import FeedConfig
from kiosk.feed.http import FetchError, HttpFetcher
from kiosk.feed.media import MediaCache
from kiosk.feed.schema import FeedError
from kiosk.feed.store import FeedStore
from kiosk.feed.updater import FeedUpdater, Update, check_source
from tests.unit.feed.feed_servers import Reply, ScriptedServer, SilentServer, conditional

T0 = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)
REFRESH = 10


class Clock:
    def __init__(self, now: dt.datetime = T0) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> dt.datetime:
        self.now += dt.timedelta(seconds=seconds)
        return self.now


def feed_bytes(tag: str, images: dict[str, dict[str, Any]] | None = None, **extra: Any) -> bytes:
    projects = []
    for pid in ("p1", "p2"):
        project: dict[str, Any] = {"id": pid, "title": f"{pid} {tag}"}
        if images and pid in images:
            project["image"] = images[pid]
        projects.append(project)
    return json.dumps({"feed_version": 1, "projects": projects, **extra}).encode()


def png(colour: tuple[int, int, int] = (10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "PNG")
    return out.getvalue()


def titles(update: Update) -> list[str]:
    assert update.feed is not None
    return [p.title for p in update.feed.projects]


class Kiosk:
    """An updater wired as the app wires it, over a state dir that survives 'restarts'."""

    def __init__(self, state: Path, source: str, clock: Clock, **options: Any) -> None:
        settings: dict[str, Any] = {
            "refresh_seconds": REFRESH,
            "timeout_seconds": 1.0,
            "allow_http": source.startswith("http:"),
        }
        settings.update({k: v for k, v in options.items() if k in FeedConfig.__dataclass_fields__})
        self.config = FeedConfig(source=source, **settings)
        self.store = FeedStore(state)
        self.fetcher = HttpFetcher(self.config)
        self.media = MediaCache(state / "media", max_image_bytes=1_000_000)
        self.updater = FeedUpdater(
            self.config,
            self.store,
            self.fetcher,
            self.media,
            clock=clock,
            rng=random.Random(7),
            media_wait_s=options.get("media_wait_s", 5.0),
            first_retry_s=1.0,
        )

    def close(self) -> None:
        self.updater.close()
        self.fetcher.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def kiosks(tmp_path: Path, clock: Clock) -> Iterator[Callable[..., Kiosk]]:
    made: list[Kiosk] = []

    def make(source: str, **options: Any) -> Kiosk:
        kiosk = Kiosk(tmp_path / "state", source, clock, **options)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.close()


# --- the happy path ----------------------------------------------------------------------------


def test_first_start_then_200_then_304(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    url = server.route("/feed.json", conditional(feed_bytes("v1"), etag='"v1"'))
    kiosk = kiosks(url)
    first = kiosk.updater.start()
    assert (first.feed, first.changed, first.status.state) == (None, False, "empty")
    assert first.next_delay_s == 0
    assert first.log_line == f"feed empty: nothing stored yet; reading {url}"
    assert server.requests == []  # start never touches the network

    fetched = kiosk.updater.refresh(clock.advance(1))
    assert fetched.changed
    assert titles(fetched) == ["p1 v1", "p2 v1"]
    assert fetched.status.state == "ok"
    assert fetched.status.projects == 2
    assert fetched.status.last_success_at == clock.now
    assert fetched.log_line == f"feed ok: 2 projects from {url}"
    assert fetched.next_delay_s == REFRESH

    again = kiosk.updater.refresh(clock.advance(REFRESH))
    assert (again.feed, again.changed, again.log_line) == (None, False, None)
    assert again.status.state == "ok"
    assert again.status.last_success_at == clock.now
    assert server.requests[-1].headers["if-none-match"] == '"v1"'
    stored = kiosk.store.load()
    assert stored is not None
    assert stored.etag == '"v1"'


def test_identical_body_without_validators_changes_nothing(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    url = server.route("/feed.json", Reply(body=feed_bytes("v1")))
    kiosk = kiosks(url)
    kiosk.updater.start()
    assert kiosk.updater.refresh(clock.advance(1)).changed
    same = kiosk.updater.refresh(clock.advance(REFRESH))
    assert (same.feed, same.changed) == (None, False)
    server.route("/feed.json", Reply(body=feed_bytes("v1", generated_at="2024-05-01T10:00:00Z")))
    newer = kiosk.updater.refresh(clock.advance(REFRESH))
    assert newer.changed
    assert newer.feed is not None
    assert newer.feed.generated_at is not None


def test_last_modified_validator(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    stamp = "Wed, 01 May 2024 08:00:00 GMT"
    url = server.route("/feed.json", conditional(feed_bytes("v1"), last_modified=stamp))
    kiosk = kiosks(url)
    kiosk.updater.start()
    kiosk.updater.refresh(clock.advance(1))
    again = kiosk.updater.refresh(clock.advance(REFRESH))
    assert not again.changed
    assert server.requests[-1].headers["if-modified-since"] == stamp


def test_restart_shows_the_stored_feed_before_any_network(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    server.route("/img/p1.png", Reply(body=png()))
    body = feed_bytes("v1", {"p1": {"url": "/img/p1.png", "alt": "A ward"}})
    url = server.route("/feed.json", conditional(body, etag='"v1"'))
    first = kiosks(url)
    first.updater.start()
    assert first.updater.refresh(clock.advance(1)).media.keys() == {"p1"}
    first.close()
    requests_before = len(server.requests)

    server.route("/feed.json", Reply(500))  # the network is down at boot
    rebooted = kiosks(url)
    shown = rebooted.updater.start(clock.advance(2 * REFRESH))
    assert len(server.requests) == requests_before
    assert shown.changed
    assert titles(shown) == ["p1 v1", "p2 v1"]
    assert shown.media.keys() == {"p1"}
    assert shown.media["p1"].is_file()
    assert shown.status.state == "ok"
    assert shown.next_delay_s == 0
    failed = rebooted.updater.refresh(clock.advance(1))
    assert (failed.feed, failed.status.state) == (None, "error")


def test_start_from_an_old_copy_is_stale(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    url = server.route("/feed.json", Reply(body=feed_bytes("v1")))
    kiosk = kiosks(url)
    kiosk.updater.start()
    kiosk.updater.refresh(clock.advance(1))
    later = kiosks(url)
    update = later.updater.start(clock.advance(3 * REFRESH + 1))
    assert update.changed
    assert update.status.state == "stale"
    assert update.log_line == "feed stale: last successful update 2024-05-01 09:00 UTC"


# --- failures: keep the last good content, say what happened, recover ------------------------

TRUNCATED_JSON = b'{"feed_version": 1,\n "projects": [\n  {"id": "p1" "title": "x"}]}'
FAILURES: dict[str, tuple[Reply | None, str, dict[str, Any]]] = {
    "404": (Reply(404), "HTTP 404 from {url}", {}),
    "500": (Reply(500), "HTTP 500 from {url}", {}),
    "503": (Reply(503, headers={"Retry-After": "3"}), "HTTP 503 from {url}", {}),
    "never answers": (Reply(hang=True), "timed out after 1 s reading {url}", {}),
    "slow drip": (
        Reply(body=feed_bytes("v2"), drip_s=0.05),
        "timed out after 1 s reading {url}",
        {},
    ),
    "truncated": (
        Reply(body=feed_bytes("v2"), truncate_at=20),
        "truncated response from {url}: connection closed after 20 of {size} bytes",
        {},
    ),
    "invalid JSON": (
        Reply(body=TRUNCATED_JSON),
        "invalid JSON at line 3 column 15: Expecting ',' delimiter",
        {},
    ),
    "HTML with 200": (
        Reply(body=b"<!DOCTYPE html><html><body>Log in</body></html>"),
        "not a feed: the server sent an HTML or XML page instead of JSON",
        {},
    ),
    "fails validation": (
        Reply(body=b'{"feed_version": 1, "projects": {"id": "p1"}}'),
        "projects must be a list (got an object)",
        {},
    ),
    "unsupported version": (
        Reply(body=b'{"feed_version": "2.0", "projects": []}'),
        "unsupported feed_version 2.0 (this kiosk reads version 1)",
        {},
    ),
    "over max_bytes": (
        Reply(body=feed_bytes("v2", padding="x" * 3_000)),
        "feed is {size} bytes, over the 2,000-byte limit",
        {"max_bytes": 2_000},
    ),
    "redirect loop": (
        Reply(302, headers={"Location": "/feed.json"}),
        "too many redirects from {url} (more than 5)",
        {},
    ),
}


@pytest.mark.parametrize("case", FAILURES.keys())
def test_failure_keeps_last_good_and_recovers(
    server: ScriptedServer,
    kiosks: Callable[..., Kiosk],
    clock: Clock,
    case: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    failure, message, options = FAILURES[case]
    good = feed_bytes("v1")
    url = server.route("/feed.json", Reply(body=good))
    kiosk = kiosks(url, **options)
    kiosk.updater.start()
    assert titles(kiosk.updater.refresh(clock.advance(1))) == ["p1 v1", "p2 v1"]

    assert failure is not None
    server.route("/feed.json", failure)
    size = len(failure.body)
    expected = message.format(url=url, size=f"{size:,}" if case == "over max_bytes" else size)
    with caplog.at_level(logging.INFO, logger="kiosk.feed.updater"):
        failed = kiosk.updater.refresh(clock.advance(REFRESH))
        again = kiosk.updater.refresh(clock.advance(failed.next_delay_s))
    assert (failed.feed, failed.changed) == (None, False)
    assert failed.status.state == "error"
    assert failed.status.last_error == expected
    assert failed.status.projects == 2  # still showing the last good feed
    assert failed.log_line == f"feed error: {expected}; showing the last good feed"
    assert (again.changed, again.log_line, again.status.last_error) == (False, None, expected)
    assert [r.getMessage() for r in caplog.records] == [failed.log_line]
    stored = kiosk.store.load()
    assert stored is not None
    assert stored.raw == good
    if case == "503":
        assert failed.next_delay_s >= 3
    else:
        assert failed.next_delay_s <= REFRESH

    # Healthy again: the new content is there at the next refresh.
    server.route("/feed.json", Reply(body=feed_bytes("v2")))
    recovered = kiosk.updater.refresh(clock.advance(again.next_delay_s))
    assert recovered.changed
    assert titles(recovered) == ["p1 v2", "p2 v2"]
    assert recovered.status.state == "ok"
    assert recovered.status.last_error is None
    assert recovered.log_line == f"feed ok: 2 projects from {url}"
    assert recovered.next_delay_s == REFRESH


def test_connection_refused_then_server_comes_back(
    tmp_path: Path, refused_url: str, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    kiosk = kiosks(refused_url)
    kiosk.store.save(
        feed_bytes("v1"),
        source=refused_url,
        base_url=refused_url,
        etag=None,
        last_modified=None,
        fetched_at=clock.now,
    )
    assert titles(kiosk.updater.start()) == ["p1 v1", "p2 v1"]
    failed = kiosk.updater.refresh(clock.advance(1))
    assert failed.status.state == "error"
    assert failed.status.last_error == f"connection refused by {refused_url}"
    port = int(refused_url.split(":")[2].split("/", maxsplit=1)[0])
    back = ScriptedServer(port=port).start()
    try:
        back.route("/feed.json", Reply(body=feed_bytes("v2")))
        recovered = kiosk.updater.refresh(clock.advance(failed.next_delay_s))
    finally:
        back.stop()
    assert titles(recovered) == ["p1 v2", "p2 v2"]
    assert recovered.status.state == "ok"


def test_silent_server_with_nothing_stored_is_an_error(
    silent_server: SilentServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    url = silent_server.base + "/feed.json"
    kiosk = kiosks(url)
    kiosk.updater.start()
    failed = kiosk.updater.refresh(clock.advance(1))
    assert (failed.feed, failed.status.state) == (None, "error")
    assert failed.log_line == f"feed error: timed out after 1 s reading {url}; nothing to show yet"


def test_unknown_ca_is_refused_and_ca_bundle_accepted(
    tls_server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock, ca_bundle: Path
) -> None:
    url = tls_server.route("/feed.json", Reply(body=feed_bytes("v1")))
    refused = kiosks(url)
    refused.updater.start()
    failed = refused.updater.refresh(clock.advance(1))
    assert failed.status.state == "error"
    assert (failed.status.last_error or "").startswith(f"certificate verify failed for {url}")
    assert tls_server.requests == []
    trusted = kiosks(url, ca_bundle=ca_bundle)
    trusted.updater.start()
    accepted = trusted.updater.refresh(clock.advance(1))
    assert titles(accepted) == ["p1 v1", "p2 v1"]
    assert accepted.status.state == "ok"


def test_stale_after_three_refresh_intervals_then_ok(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    url = server.route("/feed.json", Reply(body=feed_bytes("v1")))
    kiosk = kiosks(url)
    kiosk.updater.start()
    kiosk.updater.refresh(clock.advance(1))
    success_at = clock.now
    server.route("/feed.json", Reply(503))
    states = []
    lines = []
    for _ in range(8):
        update = kiosk.updater.refresh(clock.advance(REFRESH / 2))
        states.append(update.status.state)
        lines.append(update.log_line)
        assert update.status.last_success_at == success_at
    # 5 s apart: error until more than 30 s since the last success, then stale.
    assert states == ["error"] * 6 + ["stale"] * 2
    assert lines[0] == f"feed error: HTTP 503 from {url}; showing the last good feed"
    assert lines[6] == (
        f"feed stale: last successful update 2024-05-01 09:00 UTC; last error: HTTP 503 from {url}"
    )
    assert [line for line in lines if line] == [lines[0], lines[6]]
    server.route("/feed.json", Reply(body=feed_bytes("v1")))
    healthy = kiosk.updater.refresh(clock.advance(REFRESH / 2))
    assert healthy.status.state == "ok"
    assert healthy.changed is False  # same content: nothing to redraw
    assert healthy.log_line == f"feed ok: 2 projects from {url}"


def test_backoff_grows_with_jitter_and_is_capped(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    url = server.route("/feed.json", Reply(500))
    kiosk = kiosks(url)
    kiosk.updater.start()
    delays = [kiosk.updater.refresh(clock.advance(1)).next_delay_s for _ in range(7)]
    steps = [1, 2, 4, 8, 10, 10, 10]
    for delay, step in zip(delays, steps, strict=True):
        assert step / 2 <= delay <= step
    assert len(set(delays)) == len(delays)  # jittered, not in lockstep with other screens
    server.route("/feed.json", Reply(503, headers={"Retry-After": "7200"}))
    assert kiosk.updater.refresh(clock.advance(1)).next_delay_s == 3600
    server.route("/feed.json", Reply(body=feed_bytes("v1")))
    assert kiosk.updater.refresh(clock.advance(1)).next_delay_s == REFRESH


# --- images ------------------------------------------------------------------------------------


def bomb_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 30_000, 30_000, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))


IMAGE_FAILURES: dict[str, tuple[Reply, str | None, str]] = {
    "404": (Reply(404), None, "HTTP 404 from {url}"),
    "corrupt": (Reply(body=b"\x89PNG\r\n\x1a\nnot really"), None, "cannot be read"),
    "bomb": (Reply(body=bomb_png()), None, "has too many pixels to decode safely"),
    "sha256": (Reply(body=png()), "0" * 64, "does not match the sha256 the feed gives"),
}


@pytest.mark.parametrize("case", IMAGE_FAILURES.keys())
def test_bad_image_shows_the_poster_without_it(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock, case: str
) -> None:
    reply, sha, reason = IMAGE_FAILURES[case]
    good = png((200, 10, 10))
    server.route("/img/good.png", Reply(body=good))
    server.route("/img/bad.png", reply)
    bad_image: dict[str, Any] = {"url": "/img/bad.png"}
    if sha:
        bad_image["sha256"] = sha
    body = feed_bytes("v1", {"p1": {"url": "img/good.png"}, "p2": bad_image})
    url = server.route("/feed.json", conditional(body, etag='"v1"'))
    kiosk = kiosks(url)
    kiosk.updater.start()
    update = kiosk.updater.refresh(clock.advance(1))
    assert titles(update) == ["p1 v1", "p2 v1"]  # p2 is still shown
    assert update.media.keys() == {"p1"}
    assert update.status.state == "ok"
    bad_url = server.url("/img/bad.png")
    assert update.feed is not None
    bad_ref = update.feed.projects[1].image
    assert bad_ref is not None
    assert (kiosk.media.problem(bad_ref) or "").startswith(reason.format(url=bad_url))

    # The image is fixed on the server: it appears at the next refresh, feed unchanged (304).
    fixed = png((10, 200, 10))
    server.route("/img/bad.png", Reply(body=fixed))
    body2 = feed_bytes(
        "v1",
        {
            "p1": {"url": "img/good.png"},
            "p2": {"url": "/img/bad.png", "sha256": hashlib.sha256(fixed).hexdigest()},
        },
    )
    if sha:  # the feed must publish the right hash too
        server.route("/feed.json", conditional(body2, etag='"v2"'))
    repaired = kiosk.updater.refresh(clock.advance(update.next_delay_s))
    assert repaired.changed
    assert repaired.media.keys() == {"p1", "p2"}
    assert update.next_delay_s == REFRESH


def test_new_feed_waits_for_images_and_holds_back_the_rest(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    server.route("/img/a.png", Reply(body=png((1, 2, 3))))
    server.route("/img/b.png", Reply(body=png((4, 5, 6))))
    body = feed_bytes("v1", {"p1": {"url": "/img/a.png"}, "p2": {"url": "/img/b.png"}})
    url = server.route("/feed.json", conditional(body, etag='"v1"'))
    kiosk = kiosks(url, media_wait_s=0.0)
    kiosk.media.get(kiosk_ref(server, "/img/a.png"), kiosk.fetcher.download)
    kiosk.updater.start()
    partial = kiosk.updater.refresh(clock.advance(1))
    # No time for b.png: p1 (image ready) is shown now, p2 when its image is.
    assert titles(partial) == ["p1 v1"]
    assert partial.media.keys() == {"p1"}
    assert partial.status.projects == 2
    assert partial.next_delay_s < REFRESH
    kiosk.updater.media_wait_s = 5.0
    complete = kiosk.updater.refresh(clock.advance(partial.next_delay_s))
    assert titles(complete) == ["p1 v1", "p2 v1"]
    assert complete.media.keys() == {"p1", "p2"}
    assert complete.next_delay_s == REFRESH


def kiosk_ref(server: ScriptedServer, path: str) -> Any:
    from kiosk.feed.model import ImageRef

    return ImageRef(server.url(path))


def test_no_time_for_any_image_still_shows_everything(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    server.route("/img/a.png", Reply(body=png()))
    body = feed_bytes("v1", {"p1": {"url": "/img/a.png"}, "p2": {"url": "/img/a.png"}})
    url = server.route("/feed.json", Reply(body=body))
    kiosk = kiosks(url, media_wait_s=0.0)
    kiosk.updater.start()
    update = kiosk.updater.refresh(clock.advance(1))
    assert titles(update) == ["p1 v1", "p2 v1"]
    assert update.media == {}


def test_unreferenced_images_are_pruned_after_the_switch(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    server.route("/img/a.png", Reply(body=png((1, 1, 1))))
    server.route("/img/b.png", Reply(body=png((2, 2, 2))))
    url = server.route("/feed.json", Reply(body=feed_bytes("v1", {"p1": {"url": "/img/a.png"}})))
    kiosk = kiosks(url)
    kiosk.updater.start()
    old = kiosk.updater.refresh(clock.advance(1)).media["p1"]
    server.route("/feed.json", Reply(body=feed_bytes("v2", {"p1": {"url": "/img/b.png"}})))
    switched = kiosk.updater.refresh(clock.advance(REFRESH))
    new = switched.media["p1"]
    assert new != old
    assert old.exists()  # the poster on screen may still be using it
    stored = kiosk.store.load()
    assert stored is not None
    assert b"v2" in stored.raw  # saved before the switch was announced
    kiosk.updater.refresh(clock.advance(REFRESH))
    assert not old.exists()
    assert new.exists()


# --- file sources, the store, check-feed -------------------------------------------------------


def test_file_source_is_read_and_changes_are_picked_up(
    tmp_path: Path, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    feed_file = tmp_path / "share" / "feed.json"
    feed_file.parent.mkdir()
    (feed_file.parent / "ward.png").write_bytes(png())
    feed_file.write_bytes(feed_bytes("v1", {"p1": {"url": "ward.png"}}))
    kiosk = kiosks(str(feed_file))
    assert kiosk.updater.start().status.state == "empty"
    first = kiosk.updater.refresh(clock.advance(1))
    assert titles(first) == ["p1 v1", "p2 v1"]
    assert first.media.keys() == {"p1"}
    assert not kiosk.updater.refresh(clock.advance(REFRESH)).changed
    feed_file.write_bytes(feed_bytes("v2-longer", {"p1": {"url": "ward.png"}}))
    assert titles(kiosk.updater.refresh(clock.advance(REFRESH))) == ["p1 v2-longer", "p2 v2-longer"]
    feed_file.write_bytes(b"{broken")
    broken = kiosk.updater.refresh(clock.advance(REFRESH))
    assert (broken.feed, broken.status.state) == (None, "error")
    assert (broken.status.last_error or "").startswith("invalid JSON at line 1")
    feed_file.unlink()
    gone = kiosk.updater.refresh(clock.advance(REFRESH))
    assert gone.status.last_error == f"no feed file at {feed_file}"
    # The share is gone, but a restart still shows the last good copy.
    again = kiosks(feed_file.as_uri())
    assert titles(again.updater.start()) == ["p1 v2-longer", "p2 v2-longer"]


def test_demo_source(tmp_path: Path, kiosks: Callable[..., Kiosk], clock: Clock) -> None:
    kiosk = kiosks("demo:")
    kiosk.updater.media_wait_s = 0.0
    update = kiosk.updater.start()
    assert update.status.state == "empty"
    demo = kiosk.updater.refresh(clock.advance(1))
    assert demo.changed
    assert demo.status.state == "demo"
    assert kiosk.store.load() is None
    assert not kiosk.updater.refresh(clock.advance(REFRESH)).changed


def test_corrupt_store_at_start_is_a_first_start(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock, tmp_path: Path
) -> None:
    url = server.route("/feed.json", Reply(body=feed_bytes("v1")))
    kiosk = kiosks(url)
    kiosk.updater.start()
    kiosk.updater.refresh(clock.advance(1))
    body = next((tmp_path / "state" / "feed").glob("feed-*.json"))
    body.write_bytes(body.read_bytes()[:-5])
    restarted = kiosks(url)
    first = restarted.updater.start()
    assert (first.feed, first.status.state) == (None, "empty")
    assert len(list((tmp_path / "state").glob("corrupt-*"))) == 1
    assert titles(restarted.updater.refresh(clock.advance(1))) == ["p1 v1", "p2 v1"]


def test_stored_copy_that_is_no_longer_a_valid_feed_is_set_aside(
    kiosks: Callable[..., Kiosk], clock: Clock, tmp_path: Path, refused_url: str
) -> None:
    kiosk = kiosks(refused_url)
    kiosk.store.save(
        b'{"feed_version": 9, "projects": []}',
        source=refused_url,
        base_url=refused_url,
        etag='"x"',
        last_modified=None,
        fetched_at=clock.now,
    )
    assert kiosk.updater.start().status.state == "empty"
    assert kiosk.store.load() is None
    assert len(list((tmp_path / "state").glob("corrupt-*"))) == 1


def test_status_source_hides_query_tokens(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    server.route("/feed.json", Reply(body=feed_bytes("v1")))
    kiosk = kiosks(server.url("/feed.json?key=s3cret"))
    kiosk.updater.start()
    update = kiosk.updater.refresh(clock.advance(1))
    assert update.status.source == server.url("/feed.json")
    assert "s3cret" not in (update.log_line or "")


def test_check_source(
    server: ScriptedServer,
    tls_server: ScriptedServer,
    ca_bundle: Path,
    tmp_path: Path,
) -> None:
    config = FeedConfig(allow_http=True, timeout_seconds=1.0)
    url = server.route("/feed.json", Reply(body=feed_bytes("v1")))
    assert [p.id for p in check_source(url, config).projects] == ["p1", "p2"]
    server.route("/bad.json", Reply(body=b'{"feed_version": 3, "projects": []}'))
    with pytest.raises(FeedError, match="unsupported feed_version 3"):
        check_source(server.url("/bad.json"), config)
    with pytest.raises(FetchError, match="HTTP 404 from"):
        check_source(server.url("/missing.json"), config)
    secure = tls_server.route("/feed.json", Reply(body=feed_bytes("v1")))
    with pytest.raises(FetchError, match="certificate verify failed"):
        check_source(secure, config)
    assert len(check_source(secure, FeedConfig(ca_bundle=ca_bundle)).projects) == 2
    path = tmp_path / "feed.json"
    path.write_bytes(feed_bytes("v1"))
    assert len(check_source(str(path), config).projects) == 2
    assert len(check_source(path.as_uri(), config).projects) == 2
    assert check_source("demo:", config).projects


def test_a_304_now_and_then_keeps_a_restart_from_looking_stale(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    url = server.route("/feed.json", conditional(feed_bytes("v1"), etag='"v1"'))
    kiosk = kiosks(url)
    kiosk.updater.start()
    kiosk.updater.refresh(clock.advance(1))
    for _ in range(6):  # an hour of 304s is not "stale"
        assert not kiosk.updater.refresh(clock.advance(REFRESH)).changed
    stored = kiosk.store.load()
    assert stored is not None
    assert stored.fetched_at == T0 + dt.timedelta(seconds=1)
    assert stored.checked_at is not None
    assert clock.now - stored.checked_at < dt.timedelta(seconds=2 * REFRESH)
    server.route("/feed.json", Reply(500))
    rebooted = kiosks(url)
    assert rebooted.updater.start(clock.advance(REFRESH)).status.state == "ok"


def test_new_source_with_the_same_content_is_saved_under_the_new_source(
    server: ScriptedServer, kiosks: Callable[..., Kiosk], clock: Clock
) -> None:
    old = server.route("/old.json", conditional(feed_bytes("v1"), etag='"v1"'))
    new = server.route("/new.json", conditional(feed_bytes("v1"), etag='"v1"'))
    first = kiosks(old)
    first.updater.start()
    first.updater.refresh(clock.advance(1))
    moved = kiosks(new)
    assert moved.updater.start().changed  # yesterday's posters, whatever the source was
    update = moved.updater.refresh(clock.advance(1))
    assert "if-none-match" not in server.requests[-1].headers  # not the old source's ETag
    assert not update.changed
    stored = moved.store.load()
    assert stored is not None
    assert stored.source == new
    moved.updater.refresh(clock.advance(REFRESH))
    assert server.requests[-1].headers["if-none-match"] == '"v1"'
