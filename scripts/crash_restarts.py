#!/usr/bin/env python3
"""Kill -9 at random moments while the kiosk writes its state, then restart and check it.

    python3 scripts/crash_restarts.py                  100 kills and restarts
    python3 scripts/crash_restarts.py --runs 20 --seed 3

Each run starts a writer process on one state folder that, as fast as it can, stores a new feed
(kiosk.feed.store.FeedStore.save) and its validated copy (FeedStore.save_parsed), keeps a
submission in the outbox (kiosk.outbox.Outbox.add) and writes a batch of uptake events
(kiosk.uptake.store.UptakeStore.write). After a random time (10-400 ms) the writer is killed
with SIGKILL, in the middle of whatever it was doing. A restart is clean when, opening the same
folder again as the kiosk does:

* the feed store loads a feed (once one has been stored) that parses, nothing is set aside;
  the validated copy beside it, when the store uses it (FeedStore.load_parsed), is exactly what
  parsing the stored body gives;
* the outbox opens, passes SQLite's integrity check, and every kept submission reads back whole,
  with none of those kept before lost;
* the uptake store opens without being moved aside as corrupt, passes the integrity check, and
  has at least the events it had after the previous restart.

Exits 1 unless every restart is clean.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEMO_FEED = ROOT / "assets" / "demo" / "feed.json"


def feed_bytes(n: int) -> bytes:
    doc = json.loads(DEMO_FEED.read_text(encoding="utf-8"))
    doc["generated_at"] = (
        dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=n)
    ).isoformat()
    doc["hub"] = {**doc.get("hub", {}), "name": f"Hub {n}"}
    return json.dumps(doc).encode()


def write_forever(state: Path) -> None:
    """The writer: store, outbox and uptake writes in a loop until killed."""
    from kiosk.feed.schema import parse_feed
    from kiosk.feed.store import FeedStore
    from kiosk.outbox import Outbox
    from kiosk.uptake.events import Event
    from kiosk.uptake.store import UptakeStore

    feeds = FeedStore(state)
    outbox = Outbox(state / "outbox.sqlite", max_items=10**7, max_bytes=10**10)
    uptake = UptakeStore(state / "uptake.sqlite")
    raws = [feed_bytes(i) for i in range(4)]
    parsed = [parse_feed(raw, base_url="file:///feed.json") for raw in raws]
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        now = dt.datetime.now(dt.UTC)
        stored = feeds.save(raws[n % 4], source="fuzz", base_url="file:///feed.json",
                            etag=f'"{n}"', last_modified=None, fetched_at=now)  # fmt: skip
        feeds.save_parsed(stored, parsed[n % 4])
        outbox.add({"id": f"{os.getpid()}-{n}", "kind": "plan", "created_at": now.isoformat(),
                    "text": "x" * (n % 500)})  # fmt: skip
        uptake.write(
            [Event(at=now, screen_id="lobby", channel="display", kind="poster_shown",
                   item=f"p{n % 7}", seconds=8.0) for _ in range(1 + n % 5)],
            outbox=bool(n % 2),
        )  # fmt: skip


def check(state: Path, before: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """Problems found on opening the folder again, and what it holds now."""
    from kiosk.feed.schema import parse_feed
    from kiosk.feed.store import FeedStore
    from kiosk.outbox import Outbox
    from kiosk.uptake.store import UptakeStore

    problems: list[str] = []
    store = FeedStore(state)
    stored = store.load()
    used_parsed = before.get("parsed_used", 0)
    if stored is None and before.get("feed"):
        problems.append("the stored feed was lost")
    if stored is not None:
        try:
            feed = parse_feed(stored.raw, base_url=stored.base_url)
        except Exception as exc:
            problems.append(f"the stored feed does not parse: {exc}")
        else:
            quick = store.load_parsed(stored)
            if quick is not None:
                used_parsed += 1
                if quick != feed:
                    problems.append("the validated copy is not what the stored body parses to")

    outbox = Outbox(state / "outbox.sqlite")
    try:
        ids = {entry.id for entry in outbox.entries()}
        for entry in outbox.entries():
            entry.document()
    finally:
        outbox.close()
    lost = set(before.get("outbox", ())) - ids
    if lost:
        problems.append(f"{len(lost)} outbox submissions lost")

    uptake = UptakeStore(state / "uptake.sqlite")
    try:
        events = uptake.count()
    finally:
        uptake.close()
    if events < before.get("events", 0):
        problems.append(f"uptake events went from {before['events']} to {events}")
    for name in ("outbox.sqlite", "uptake.sqlite"):
        with sqlite3.connect(state / name) as conn:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            problems.append(f"{name}: integrity_check says {result}")
    aside = sorted(p.name for p in state.rglob("*") if "corrupt" in p.name)
    new = [name for name in aside if name not in before.get("aside", ())]
    if new:
        problems.append(f"set aside: {', '.join(new)}")
    return problems, {
        "feed": stored is not None,
        "outbox": sorted(ids),
        "events": events,
        "aside": aside,
        "parsed_used": used_parsed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100, help="kills and restarts (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--state", type=Path, help="state folder (default: a temporary one)")
    parser.add_argument("--writer", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer is not None:
        write_forever(args.writer)
        return 0
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    rng = random.Random(args.seed)
    temp = None if args.state else tempfile.TemporaryDirectory(prefix="kiosk-crash-")
    state = args.state or Path(temp.name)  # type: ignore[union-attr]
    state.mkdir(parents=True, exist_ok=True)
    held: dict[str, Any] = {}
    clean = 0
    started = time.monotonic()
    for run in range(1, args.runs + 1):
        child = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--writer", str(state)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        )  # fmt: skip
        assert child.stdout is not None
        child.stdout.readline()  # "ready": the stores are open, the writes begin
        time.sleep(rng.uniform(0.01, 0.4))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        error = child.stderr.read().decode(errors="replace").strip() if child.stderr else ""
        child.stdout.close()
        if child.stderr:
            child.stderr.close()
        try:
            problems, held = check(state, held)
        except Exception as exc:
            problems = [f"{type(exc).__name__}: {exc}"]
        if error:
            problems.append(f"the writer failed before the kill: {error.splitlines()[-1]}")
        if problems:
            print(f"run {run}: NOT CLEAN: {'; '.join(problems)}")
        else:
            clean += 1
    print(
        f"{clean} of {args.runs} restarts clean ({time.monotonic() - started:.0f} s; "
        f"{len(held.get('outbox', ()))} submissions and {held.get('events', 0):,} uptake events "
        f"kept in all; the validated feed copy used at {held.get('parsed_used', 0)} restarts)"
    )
    if temp is not None:
        temp.cleanup()
    return 0 if clean == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
