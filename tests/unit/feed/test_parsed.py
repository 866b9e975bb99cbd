"""The validated feed kept beside the stored body: used only when its key matches, and any
problem with it means parsing the body again, never a wrong or missing feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import pickle
import subprocess
from pathlib import Path

import pytest

from kiosk.config import FeedConfig
from kiosk.feed import parsed
from kiosk.feed.model import Feed, Project
from kiosk.feed.schema import parse_feed
from kiosk.feed.store import FeedStore, StoredFeed
from kiosk.feed.updater import FeedUpdater

WHEN = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)
BASE = "https://qi.example.nhs.uk/hub/feed.json"


def body(tag: str) -> bytes:
    """A feed with the parts that make many kinds of object: images, measures, dates, team."""
    return json.dumps(
        {
            "feed_version": 1,
            "generated_at": "2024-05-01T09:00:00Z",
            "hub": {"name": f"Hub {tag}"},
            "projects": [
                {
                    "id": f"p{i}",
                    "title": f"Project {i} {tag}",
                    "stage": "testing",
                    "themes": ["Falls", "Safety"],
                    "team": [{"name": "Ann", "role": "Lead"}],
                    "image": {"url": f"img/{i}.png", "alt": "A ward"},
                    "started": "2024-01-01",
                    "measures": [
                        {
                            "name": "Falls",
                            "improvement": "decrease",
                            "points": [
                                {"date": f"2024-{m:02d}-01", "value": 10.0 - m / 3}
                                for m in range(1, 13)
                            ],
                        }
                    ],
                    "pdsa": [{"title": "Cycle", "status": "adopt", "date": "2024-03-01"}],
                    "display": {"until": "2027-01-01T00:00:00Z", "weight": 2},
                }
                for i in range(3)
            ]
            + [{"id": "bad"}],
        }
    ).encode()


def stored_with(store: FeedStore, raw: bytes, base_url: str = BASE) -> StoredFeed:
    return store.save(
        raw, source=base_url, base_url=base_url, etag=None, last_modified=None, fetched_at=WHEN
    )


def parsed_files(state: Path) -> list[Path]:
    return sorted((state / "feed").glob("parsed-*.bin"))


# --- the file on its own ---------------------------------------------------------------------


def test_round_trip_gives_the_same_feed(tmp_path: Path) -> None:
    feed = parse_feed(body("a"), base_url=BASE)
    assert feed.skipped  # the skipped project and its reason survive too
    path = tmp_path / "p.bin"
    parsed.write(path, feed, body_sha256="a" * 64, base_url=BASE)
    loaded = parsed.read(path, body_sha256="a" * 64, base_url=BASE)
    assert loaded == feed
    assert loaded is not feed
    assert loaded.projects[0].measures[0].dates == feed.projects[0].measures[0].dates
    # Equal immutable parts that projects repeat are one object once loaded (less memory).
    first, second = loaded.projects[0], loaded.projects[1]
    assert first.display is second.display
    assert first.team[0] is second.team[0]
    assert first.themes is second.themes
    assert first.measures[0].dates is second.measures[0].dates
    assert first.image is not second.image  # different pictures stay apart
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)  # private to the kiosk's user


@pytest.mark.parametrize(
    ("sha", "base_url", "reason"),
    [
        ("b" * 64, BASE, "made for another body sha256"),
        ("a" * 64, "https://other.example/feed.json", "made for another base url"),
    ],
)
def test_another_key_is_a_miss(tmp_path: Path, sha: str, base_url: str, reason: str) -> None:
    path = tmp_path / "p.bin"
    parsed.write(path, parse_feed(body("a"), base_url=BASE), body_sha256="a" * 64, base_url=BASE)
    with pytest.raises(parsed.ParsedMiss, match=reason):
        parsed.read(path, body_sha256=sha, base_url=base_url)


def rewrite_header(path: Path, **changes: object) -> None:
    data = path.read_bytes()
    end = data.index(b"\n", len(parsed.MAGIC))
    header = json.loads(data[len(parsed.MAGIC) : end])
    header.update(changes)
    path.write_bytes(parsed.MAGIC + json.dumps(header).encode() + data[end:])


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"code": "0" * 64}, "made for another code"),  # an older or newer kiosk's parser
        ({"format": parsed.FORMAT + 1}, "made for another format"),
        ({"payload_size": 5}, "expected 5"),
    ],
)
def test_another_version_is_a_miss(tmp_path: Path, changes: dict[str, object], reason: str) -> None:
    path = tmp_path / "p.bin"
    parsed.write(path, parse_feed(body("a"), base_url=BASE), body_sha256="a" * 64, base_url=BASE)
    rewrite_header(path, **changes)
    with pytest.raises(parsed.ParsedMiss, match=reason):
        parsed.read(path, body_sha256="a" * 64, base_url=BASE)


def test_fingerprint_covers_the_parser_source() -> None:
    fingerprint = parsed.code_fingerprint()
    assert len(fingerprint) == 64
    schema = Path(parsed.__file__).with_name("schema")
    assert (schema / "elements.py").is_file()  # the files it reads are where it looks


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-100],  # cut short
        lambda data: data[:-40] + bytes([data[-40] ^ 0xFF]) + data[-39:],  # a flipped byte
        lambda data: b"",  # empty
        lambda data: b"garbage" * 10,  # not ours
        lambda data: data[: len(parsed.MAGIC) + 10],  # no end to the header
    ],
)
def test_damaged_file_is_a_miss(tmp_path: Path, damage: object) -> None:
    path = tmp_path / "p.bin"
    parsed.write(path, parse_feed(body("a"), base_url=BASE), body_sha256="a" * 64, base_url=BASE)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    with pytest.raises(parsed.ParsedMiss):
        parsed.read(path, body_sha256="a" * 64, base_url=BASE)


def test_missing_file_is_a_miss(tmp_path: Path) -> None:
    with pytest.raises(parsed.ParsedMiss, match="cannot be read"):
        parsed.read(tmp_path / "none.bin", body_sha256="a" * 64, base_url=BASE)


def planted(path: Path, payload: bytes) -> None:
    """A file with a valid header and checksum around any pickle (what only someone who can
    write the kiosk's state folder could make)."""
    header = {
        "format": parsed.FORMAT,
        "code": parsed.code_fingerprint(),
        "body_sha256": "a" * 64,
        "base_url": BASE,
        "payload_sha256": hashlib.sha256(payload).hexdigest(),
        "payload_size": len(payload),
    }
    path.write_bytes(parsed.MAGIC + json.dumps(header).encode() + b"\n" + payload)


def test_unpickler_builds_nothing_but_feed_objects(tmp_path: Path) -> None:
    path = tmp_path / "p.bin"
    planted(path, pickle.dumps(subprocess.call))
    with pytest.raises(parsed.ParsedMiss, match=r"subprocess\.call is not part of a feed"):
        parsed.read(path, body_sha256="a" * 64, base_url=BASE)
    planted(path, pickle.dumps(Project("x", "X")))
    with pytest.raises(parsed.ParsedMiss, match="a Project, not a Feed"):
        parsed.read(path, body_sha256="a" * 64, base_url=BASE)


# --- in the store ------------------------------------------------------------------------------


def test_store_hit_after_save_parsed(tmp_path: Path) -> None:
    store = FeedStore(tmp_path)
    stored = stored_with(store, body("a"))
    feed = parse_feed(body("a"), base_url=BASE)
    assert store.load_parsed(stored) is None
    store.save_parsed(stored.without_body(), feed)
    assert [p.name for p in parsed_files(tmp_path)] == [f"parsed-{stored.sha256}.bin"]
    loaded = FeedStore(tmp_path).load()
    assert loaded is not None
    assert FeedStore(tmp_path).load_parsed(loaded) == feed


def test_store_miss_on_changed_bytes_and_old_form_removed(tmp_path: Path) -> None:
    store = FeedStore(tmp_path)
    first = stored_with(store, body("a"))
    store.save_parsed(first, parse_feed(body("a"), base_url=BASE))
    second = stored_with(store, body("b"))
    assert store.load_parsed(second) is None
    assert parsed_files(tmp_path) == []  # the old body's form went with the old body
    store.save_parsed(first, parse_feed(body("a"), base_url=BASE))  # no longer current
    assert parsed_files(tmp_path) == []


def test_store_miss_on_another_base_url(tmp_path: Path) -> None:
    store = FeedStore(tmp_path)
    stored = stored_with(store, body("a"))
    store.save_parsed(stored, parse_feed(body("a"), base_url=BASE))
    moved = stored_with(store, body("a"), "https://elsewhere.example/feed.json")
    assert moved.sha256 == stored.sha256
    assert store.load_parsed(moved) is None


def test_store_meta_rewrites_keep_body_and_parsed_form(tmp_path: Path) -> None:
    store = FeedStore(tmp_path)
    stored = stored_with(store, body("a")).without_body()
    assert (stored.raw, stored.size) == (b"", len(body("a")))
    feed = parse_feed(body("a"), base_url=BASE)
    store.save_parsed(stored, feed)
    checked = store.mark_checked(stored, WHEN + dt.timedelta(hours=1))
    store.update_validators(checked, etag='"v2"', last_modified=None)
    loaded = store.load()
    assert loaded is not None
    assert (loaded.raw, loaded.etag) == (body("a"), '"v2"')
    assert loaded.checked_at == WHEN + dt.timedelta(hours=1)
    assert store.load_parsed(loaded) == feed


def test_store_meta_rewrite_without_the_body_on_disk_fails(tmp_path: Path) -> None:
    store = FeedStore(tmp_path)
    stored = stored_with(store, body("a")).without_body()
    (tmp_path / "feed" / f"feed-{stored.sha256}.json").unlink()
    with pytest.raises(OSError):
        store.mark_checked(stored, WHEN)


# --- in the updater: what a restart shows ------------------------------------------------------


def start(state: Path, source: Path) -> FeedUpdater:
    updater = FeedUpdater(
        FeedConfig(source=str(source), refresh_seconds=60), FeedStore(state), None, None
    )
    updater.start(WHEN)
    return updater


def test_restart_uses_the_parsed_form_and_never_keeps_the_body(tmp_path: Path) -> None:
    source = tmp_path / "feed.json"
    source.write_bytes(body("a"))
    state = tmp_path / "state"
    first = start(state, source)
    assert first.refresh(WHEN).changed
    assert len(parsed_files(state)) == 1  # written with the new feed
    expected = first.feed
    assert expected is not None

    # A planted parsed form with the right key is what a restart shows: proof that the body
    # is not parsed again when the form fits.
    stored = FeedStore(state).load()
    assert stored is not None
    marked = Feed(version=1, hub=expected.hub, projects=(Project("from-parsed", "From parsed"),))
    parsed.write(
        parsed_files(state)[0], marked, body_sha256=stored.sha256, base_url=stored.base_url
    )
    restarted = start(state, source)
    assert restarted.feed == marked
    assert restarted._stored is not None and restarted._stored.raw == b""
    assert not restarted.refresh(WHEN).changed  # the same bytes at the source: nothing to do


def test_restart_with_a_damaged_parsed_form_parses_and_rewrites_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "feed.json"
    source.write_bytes(body("a"))
    state = tmp_path / "state"
    start(state, source).refresh(WHEN)
    path = parsed_files(state)[0]
    good = path.read_bytes()
    path.write_bytes(good[:-10])
    with caplog.at_level(logging.INFO, logger="kiosk.feed.store"):
        restarted = start(state, source)
    assert "parsing the stored feed" in caplog.text
    assert restarted.feed == parse_feed(body("a"), base_url=source.as_uri())
    restarted.refresh(WHEN)  # the next refresh (off the display thread) writes it again
    assert path.read_bytes() == good


def test_restart_ignores_a_parsed_form_from_another_kiosk_version(tmp_path: Path) -> None:
    source = tmp_path / "feed.json"
    source.write_bytes(body("a"))
    state = tmp_path / "state"
    start(state, source).refresh(WHEN)
    path = parsed_files(state)[0]
    stored = FeedStore(state).load()
    assert stored is not None
    marked = Feed(version=1, projects=(Project("stale", "Made by another version"),))
    parsed.write(path, marked, body_sha256=stored.sha256, base_url=stored.base_url)
    rewrite_header(path, code="0" * 64)
    restarted = start(state, source)
    assert restarted.feed == parse_feed(body("a"), base_url=stored.base_url)


def test_changed_source_bytes_are_parsed_and_get_their_own_form(tmp_path: Path) -> None:
    source = tmp_path / "feed.json"
    source.write_bytes(body("a"))
    state = tmp_path / "state"
    updater = start(state, source)
    updater.refresh(WHEN)
    source.write_bytes(body("b-longer"))
    changed = updater.refresh(WHEN + dt.timedelta(minutes=1))
    assert changed.feed is not None
    assert changed.feed.hub.name == "Hub b-longer"
    files = parsed_files(state)
    assert len(files) == 1
    assert hashlib.sha256(body("b-longer")).hexdigest() in files[0].name
    assert start(state, source).feed == changed.feed


def test_a_feed_that_could_not_be_stored_keeps_its_body_until_it_is(tmp_path: Path) -> None:
    source = tmp_path / "feed.json"
    source.write_bytes(body("a"))
    state = tmp_path / "state"
    updater = start(state, source)
    updater.refresh(WHEN)
    source.write_bytes(body("b-longer"))
    blocker = state / "feed" / f"feed-{hashlib.sha256(body('b-longer')).hexdigest()}.json"
    blocker.mkdir()  # the body cannot be written there
    shown = updater.refresh(WHEN + dt.timedelta(minutes=1))
    assert shown.feed is not None and shown.feed.hub.name == "Hub b-longer"
    assert updater._stored is not None and updater._stored.raw == body("b-longer")
    stored = FeedStore(state).load()
    assert stored is not None and stored.raw == body("a")  # the old copy, intact
    blocker.rmdir()
    updater.refresh(WHEN + dt.timedelta(minutes=3))  # unchanged, and time to note it
    stored = FeedStore(state).load()
    assert stored is not None and stored.raw == body("b-longer")
    assert updater._stored is not None and updater._stored.raw == b""
