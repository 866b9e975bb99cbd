"""FeedStore: round trips, corruption set aside, and a process killed in the middle of a save."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kiosk.feed.store import FeedStore, StoredFeed

WHEN = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)
FEED_A = json.dumps({"feed_version": 1, "projects": [{"id": "a", "title": "A"}]}).encode()
FEED_B = json.dumps({"feed_version": 1, "projects": [{"id": "b", "title": "B"}]}).encode()
REPO = Path(__file__).resolve().parents[3]


def save(store: FeedStore, raw: bytes = FEED_A, **changes: object) -> StoredFeed:
    options: dict[str, object] = {
        "source": "https://qi.example.nhs.uk/feed.json",
        "base_url": "https://qi.example.nhs.uk/feed.json",
        "etag": '"v1"',
        "last_modified": "Wed, 01 May 2024 10:00:00 GMT",
        "fetched_at": WHEN,
    }
    options.update(changes)
    return store.save(raw, **options)  # type: ignore[arg-type]


def test_empty_state_dir_has_no_feed(tmp_path: Path) -> None:
    assert FeedStore(tmp_path / "state").load() is None
    assert FeedStore(tmp_path).load() is None


def test_round_trip(tmp_path: Path) -> None:
    store = FeedStore(tmp_path)
    saved = save(store)
    loaded = FeedStore(tmp_path).load()
    assert loaded == saved
    assert loaded.raw == FEED_A
    assert loaded.etag == '"v1"'
    assert loaded.last_modified == "Wed, 01 May 2024 10:00:00 GMT"
    assert loaded.fetched_at == WHEN


def test_new_save_replaces_the_old_and_leaves_one_body(tmp_path: Path) -> None:
    store = FeedStore(tmp_path)
    save(store, FEED_A)
    save(store, FEED_B, etag=None, last_modified=None)
    loaded = store.load()
    assert loaded is not None
    assert loaded.raw == FEED_B
    assert loaded.etag is None
    assert len(list((tmp_path / "feed").glob("feed-*.json"))) == 1


def test_update_validators_keeps_the_body(tmp_path: Path) -> None:
    store = FeedStore(tmp_path)
    stored = save(store)
    store.update_validators(stored, etag='"v2"', last_modified=None)
    loaded = store.load()
    assert loaded is not None
    assert (loaded.raw, loaded.etag, loaded.fetched_at) == (FEED_A, '"v2"', WHEN)


def _body(tmp_path: Path) -> Path:
    return next((tmp_path / "feed").glob("feed-*.json"))


def _meta(tmp_path: Path) -> Path:
    return tmp_path / "feed" / "current.json"


CORRUPTIONS = {
    "truncated body": lambda p: _body(p).write_bytes(FEED_A[:10]),
    "garbage body": lambda p: _body(p).write_bytes(b"\x00\xff" * len(FEED_A)),
    "same size, other bytes": lambda p: _body(p).write_bytes(FEED_B[: len(FEED_A)]),
    "missing body": lambda p: _body(p).unlink(),
    "garbage metadata": lambda p: _meta(p).write_bytes(os.urandom(300)),
    "empty metadata": lambda p: _meta(p).write_bytes(b""),
    "truncated metadata": lambda p: _meta(p).write_bytes(_meta(p).read_bytes()[:40]),
    "metadata a list": lambda p: _meta(p).write_text("[1, 2]"),
    "metadata from the future": lambda p: _meta(p).write_text(
        json.dumps({**json.loads(_meta(p).read_text()), "store_version": 99})
    ),
    "bad timestamp": lambda p: _meta(p).write_text(
        json.dumps({**json.loads(_meta(p).read_text()), "fetched_at": "yesterday"})
    ),
    "metadata a folder": lambda p: (_meta(p).unlink(), _meta(p).mkdir()),
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_corrupt_store_is_set_aside(
    tmp_path: Path, corrupt: object, caplog: pytest.LogCaptureFixture
) -> None:
    store = FeedStore(tmp_path)
    save(store)
    corrupt(tmp_path)  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="kiosk.feed.store"):
        assert store.load() is None
    assert len(caplog.records) == 1
    assert "moved aside to" in caplog.records[0].getMessage()
    aside = list(tmp_path.glob("corrupt-*"))
    assert len(aside) == 1
    assert (aside[0] / "current.json").exists()
    # A first start from here on: nothing stored, and a save works again.
    assert store.load() is None
    save(store, FEED_B)
    loaded = store.load()
    assert loaded is not None
    assert loaded.raw == FEED_B


def test_feed_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "feed").write_bytes(b"junk")
    store = FeedStore(tmp_path)
    assert store.load() is None
    save(store)
    loaded = store.load()
    assert loaded is not None
    assert loaded.raw == FEED_A


def test_leftovers_from_an_interrupted_save_are_removed(tmp_path: Path) -> None:
    store = FeedStore(tmp_path)
    save(store)
    folder = tmp_path / "feed"
    (folder / ".current.json.abc.tmp").write_bytes(b"{")
    (folder / f"feed-{'0' * 64}.json").write_bytes(b"orphan")
    loaded = store.load()
    assert loaded is not None
    assert loaded.raw == FEED_A
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["current.json", f"feed-{loaded.sha256}.json"]
    )


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from kiosk.feed.store import FeedStore

    store = FeedStore(Path(sys.argv[1]))
    bodies = [b"A" * 3_000_000, b"B" * 2_000_000]
    when = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    store.save(bodies[0], source="s", base_url="s", etag="a", last_modified=None, fetched_at=when)
    print("ready", flush=True)
    i = 1
    while True:
        body = bodies[i % 2] + str(i).encode()
        store.save(body, source="s", base_url="s", etag=str(i), last_modified=None,
                   fetched_at=when)
        i += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_in_the_middle_of_saving(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for round_ in range(6):
        state = tmp_path / f"round{round_}"
        with subprocess.Popen(
            [sys.executable, "-c", WRITER, str(state)], stdout=subprocess.PIPE, env=env
        ) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline() == b"ready\n"
            time.sleep(0.05 + 0.04 * round_)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            proc.stdout.close()
        loaded = FeedStore(state).load()
        assert loaded is not None, "a killed save must leave the old or the new feed"
        assert loaded.raw[:1] in (b"A", b"B")
        # The body is exactly what was saved under that ETag: old or new, never a mixture.
        expected = {"a": b"A" * 3_000_000}
        if loaded.etag != "a":
            i = int(loaded.etag or "0")
            expected[loaded.etag or ""] = (b"A" * 3_000_000, b"B" * 2_000_000)[i % 2] + str(
                i
            ).encode()
        assert loaded.raw == expected[loaded.etag or ""]
        assert list(state.glob("corrupt-*")) == []
