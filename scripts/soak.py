#!/usr/bin/env python3
"""A simulated 72 hours of the kiosk in one process, with fast timers: poster rotations, feed
changes and touch sessions interleaved; memory, timers, threads and warnings checked.

    python3 scripts/soak.py             30,000 rotations, 2,000 feed changes, 300 touch sessions
    python3 scripts/soak.py --quick     600 rotations, 40 feed changes, 6 touch sessions (the suite)
    python3 scripts/soak.py --rotations 3000 --feed-changes 200 --sessions 30

The kiosk is built by ``kiosk.app.create`` exactly as ``qi-kiosk`` builds it, in touch mode (its
attract screen is the display mode's poster rotation, and it adds the touch screens), offscreen
with software rendering unless a display is set, on a file feed of the demo's 17 projects and
images. What is made fast, and how:

* rotations: each poster's dwell is 2 ms and the crossfade 1 ms (the rotation's dwell and ready
  poll are shortened in this process, as ``scripts/bench.py``'s soak does); every change still
  prepares the next poster, runs the transition and records proof of play;
* feed changes: the feed file is rewritten atomically (a title, an SPC point and the set of
  projects change each time) and a refresh is asked for (``refreshNow``, as the admin screen's
  Refresh does): the worker thread reads, validates and hands over the new feed, which goes to
  the rotation and the touch screens;
* touch sessions: a finger (Qt touch events) wakes the attract screen, taps a project card, taps
  Back; then the session ends by the Home button or, every other time, by the idle timer
  (shortened to 2.5 s); a tap that changes nothing is made again, as a person would, and counted;
* the kiosk's clock (``create(clock=...)``) advances 8.64 s of simulated time per rotation, so
  30,000 rotations are 72 hours of the kiosk's wall clock (the burn-in orbit, the feed's age).

The event loop is turned from here as the running kiosk's loop turns it, deferred deletions
included (see ``turn``). Measured after a warm-up (the first 5 % of the run) and at 20
checkpoints, each taken at rest, after the kiosk's own memory housekeeping (what it does a second
into a dwell after a session or a new feed: the QML engine's ``collectGarbage()``,
``gc.collect()``, free pages back to the system), so memory kept, not garbage waiting for its
collection: RSS and PSS, Python objects, QObjects in the window,
Python objects of QObjects that Qt has deleted ("dead": Qt for Python keeps those of items QML
made and deleted), every QTimer and QThread (found from the window, from every parentless
QObject and from the Python heap), and ``threading.active_count()``. It passes when RSS grows
by at most 10 MB from the warm-up to the end, there are no more timers, QThreads or threads at
the end than after the warm-up, and no warning at all was logged (Qt and QML messages, Python
warnings, the kiosk's own, including while it closes). Prints a table and a summary; exits 1 on
failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bench_probe import memory  # noqa: E402 (needs ROOT on the path)

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickItem

    from kiosk.app import Kiosk

DEMO = ROOT / "assets" / "demo"
SIMULATED_HOURS = 72
MAX_GROWTH_MB = 10.0
CHECKPOINTS = 20
IDLE_MS = 2500


# --- the feed -------------------------------------------------------------------------------


class FeedFile:
    """The demo feed, rewritten as a new version on each change."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "feed.json"
        shutil.copytree(DEMO / "images", folder / "images")
        self.base = json.loads((DEMO / "feed.json").read_text(encoding="utf-8"))
        self.version = 0
        self.write()

    def write(self) -> None:
        self.version += 1
        n = self.version
        feed = json.loads(json.dumps(self.base))
        projects = feed["projects"]
        # One project leaves (a different one each time) and the rest change a little.
        del projects[n % len(projects)]
        projects[0]["title"] = f"{projects[0]['title']} ({n})"
        for project in projects[:3]:
            for measure in project.get("measures", [])[:1]:
                if measure.get("points"):
                    measure["points"][-1]["value"] = round(
                        measure["points"][-1]["value"] + n % 7, 1
                    )
        feed["generated_at"] = f"2026-11-01T09:{n // 60 % 60:02d}:{n % 60:02d}Z"
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(feed), encoding="utf-8")
        os.replace(tmp, self.path)


# --- finding and touching items -------------------------------------------------------------


def items(root: QQuickItem) -> list[QQuickItem]:
    from PySide6.QtQuick import QQuickItem

    out = [root]
    for child in root.childItems():
        if isinstance(child, QQuickItem):
            out.extend(items(child))
    return out


def shown(item: QQuickItem | None) -> bool:
    while item is not None:
        if not item.isVisible() or item.opacity() == 0:
            return False
        item = item.parentItem()
    return True


def find(kiosk: Kiosk, name: str) -> list[QQuickItem]:
    root = kiosk.window.contentItem()
    return [i for i in items(root) if i.objectName() == name and shown(i)]


class Finger:
    def __init__(self, kiosk: Kiosk) -> None:
        from PySide6.QtTest import QTest

        self.kiosk = kiosk
        self.device = QTest.createTouchDevice()
        self.taps = 0

    def tap(self, item: QQuickItem) -> None:
        from PySide6.QtCore import QPointF
        from PySide6.QtTest import QTest

        window = self.kiosk.window
        point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
        self.taps += 1
        QTest.touchEvent(window, self.device).press(self.taps, point, window).commit()
        QTest.touchEvent(window, self.device).release(self.taps, point, window).commit()


def turn(kiosk: Kiosk) -> None:
    """One turn of the event loop, as ``qi-kiosk``'s running loop makes it: events, then the
    objects whose deletion was deferred (``deleteLater``: QML's delegates and items). Driven by
    ``processEvents`` from outside a running loop, Qt never deletes those, and every screen a
    session left would look like a leak."""
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop

    kiosk.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def pump(kiosk: Kiosk, ms: int) -> None:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        turn(kiosk)


def wait_for(kiosk: Kiosk, condition: Callable[[], bool], what: str, timeout_s: float = 10) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError(f"timed out waiting for {what}")
        turn(kiosk)


# --- counting -------------------------------------------------------------------------------


def census(kiosk: Kiosk) -> dict[str, int]:
    """QTimers, QThreads and QObjects that exist now, and the Python threads."""
    import shiboken6
    from PySide6.QtCore import QObject, QThread, QTimer

    # At rest, as the kiosk is a second into a poster's dwell after a session or a new feed: its
    # own housekeeping (the QML engine's garbage, Python's, free pages back to the system).
    kiosk.housekeeping.run()
    python_objects = gc.get_objects()
    every = [o for o in python_objects if isinstance(o, QObject)]
    wrappers = [o for o in every if shiboken6.isValid(o)]
    roots = [kiosk.window, *[o for o in wrappers if o.parent() is None]]
    timers: dict[int, Any] = {}
    threads: dict[int, Any] = {}
    for root in roots:
        for timer in root.findChildren(QTimer):
            timers[id(timer)] = timer
        for thread in root.findChildren(QThread):
            threads[id(thread)] = thread
    for o in wrappers:
        if isinstance(o, QTimer):
            timers[id(o)] = o
        elif isinstance(o, QThread):
            threads[id(o)] = o
    window_objects = len(kiosk.window.contentItem().findChildren(QObject))
    return {
        "timers": len(timers),
        "active_timers": sum(1 for t in timers.values() if t.isActive()),
        "qthreads": len(threads),
        "threads": threading.active_count(),
        "qobjects": window_objects,
        "dead": len(every) - len(wrappers),
        "dead_types": Counter(type(o).__name__ for o in every if not shiboken6.isValid(o)),
        "py_objects": len(python_objects),
    }


class Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()}")


# --- the run --------------------------------------------------------------------------------


@dataclass
class Plan:
    rotations: int
    feed_changes: int
    sessions: int

    @property
    def warmup(self) -> int:
        return max(100, self.rotations // 20)


@dataclass
class Soak:
    kiosk: Kiosk
    plan: Plan
    feed: FeedFile
    finger: Finger
    simulated: list[dt.timedelta]
    base_changes: int = 0
    feed_changes: int = 0
    feeds_shown: int = 0
    sessions: int = 0
    samples: list[dict[str, Any]] = field(default_factory=list)
    missed_taps: list[str] = field(default_factory=list)

    @property
    def rotations(self) -> int:
        return int(self.kiosk.rotation.changes) - self.base_changes

    def change_feed(self) -> None:
        service = self.kiosk.feed_service
        assert service is not None
        before = self.feeds_shown
        self.feed.write()
        wait_for(self.kiosk, lambda: not service.refreshing, "the feed worker to be free")
        service.refreshNow()
        wait_for(self.kiosk, lambda: self.feeds_shown > before, f"feed v{self.feed.version}")
        self.feed_changes += 1

    def settle(self, screen: str, name: str) -> None:
        """Wait until the navigator is on `screen`, its item has faded in and a frame shows it."""
        kiosk = self.kiosk
        assert kiosk.touch is not None
        nav = kiosk.touch.navigator

        def settled() -> bool:
            found = find(kiosk, name) if nav.screen == screen else []
            return len(found) == 1 and found[0].opacity() == 1

        wait_for(kiosk, settled, f"the {screen} screen")
        swapped: list[bool] = []
        kiosk.window.frameSwapped.connect(lambda: swapped.append(True))
        kiosk.window.update()
        wait_for(kiosk, lambda: bool(swapped), "a frame")
        kiosk.window.frameSwapped.disconnect()

    def tap_until(self, name: str, screen: str) -> None:
        """Tap the item named `name` until the navigator is on `screen` (a person taps again
        when nothing happens); each tap that had no effect is counted."""
        assert self.kiosk.touch is not None
        nav = self.kiosk.touch.navigator
        for _ in range(3):
            self.finger.tap(self.target(name))
            try:
                wait_for(self.kiosk, lambda: nav.screen == screen, f"{screen} after a tap", 3)
                return
            except RuntimeError:
                self.missed_taps.append(f"{name} (on {nav.screen}, session {self.sessions + 1})")
        raise RuntimeError(f"three taps on {name} did not lead to {screen}")

    def target(self, name: str) -> QQuickItem:
        if name == "projectTile":
            tiles = find(self.kiosk, name)
            return tiles[self.sessions % min(len(tiles), 4)]
        return find(self.kiosk, name)[0]

    def session(self) -> None:
        kiosk = self.kiosk
        assert kiosk.touch is not None
        nav = kiosk.touch.navigator
        self.settle("attract", "attractScreen")
        self.tap_until("attractScreen", "browse")
        self.settle("browse", "browseScreen")
        self.tap_until("projectTile", "project")
        self.settle("project", "projectScreen")
        self.tap_until("backButton", "browse")
        self.settle("browse", "browseScreen")
        if self.sessions % 2:
            wait_for(
                kiosk, lambda: nav.screen == "attract", "the idle timeout", IDLE_MS / 1000 + 10
            )
        else:
            self.tap_until("homeButton", "attract")
        self.settle("attract", "attractScreen")
        self.sessions += 1

    def sample(self, label: str) -> None:
        wait_for(self.kiosk, lambda: self.kiosk.feed_service is not None
                 and not self.kiosk.feed_service.refreshing, "a quiet moment")  # fmt: skip
        counts = census(self.kiosk)
        self.samples.append(
            {
                "at": label,
                "rotations": self.rotations,
                "feed_changes": self.feed_changes,
                "sessions": self.sessions,
                **memory(),
                **counts,
            }
        )

    def run(self, started: float) -> None:
        plan = self.plan
        total = plan.rotations
        checkpoints = sorted(
            {plan.warmup} | {total * k // CHECKPOINTS for k in range(1, CHECKPOINTS + 1)}
        )
        next_check = 0
        while True:
            done = self.rotations
            # Interleave: the feed and the sessions keep pace with the rotations.
            due_feeds = plan.feed_changes * min(done, total) // total
            due_sessions = plan.sessions * min(done, total) // total
            if next_check < len(checkpoints) and self.progress() >= checkpoints[next_check]:
                # A checkpoint once the rotations, the feed and the sessions have all reached it
                # (first: a session takes seconds, while posters change every few milliseconds,
                # so sessions and feed changes are nearly always due).
                reached = self.progress()
                passed = [c for c in checkpoints[next_check:] if c <= reached]
                label = "warm-up" if plan.warmup in passed else ""
                self.sample(label)
                print(self.row(self.samples[-1], time.monotonic() - started), flush=True)
                next_check += len(passed)
            elif self.feed_changes < due_feeds:
                self.change_feed()
            elif self.sessions < due_sessions:
                self.session()
            elif (
                done >= total
                and self.feed_changes >= plan.feed_changes
                and self.sessions >= plan.sessions
            ):
                break
            else:
                pump(self.kiosk, 2)
            self.simulated[0] = (
                dt.timedelta(hours=SIMULATED_HOURS) * min(self.rotations, total) / total
            )

    def progress(self) -> int:
        """How far the run is, in rotations, counting the slowest of the three activities."""
        plan, total = self.plan, self.plan.rotations
        parts = [min(self.rotations, total)]
        if plan.feed_changes:
            parts.append(total * self.feed_changes // plan.feed_changes)
        if plan.sessions:
            parts.append(total * self.sessions // plan.sessions)
        return min(parts)

    @staticmethod
    def header() -> str:
        return (
            f"{'rotations':>9} {'feeds':>5} {'touch':>5} {'RSS MB':>7} {'PSS MB':>7} "
            f"{'py objs':>8} {'QObjects':>8} {'dead':>5} {'timers':>6} {'active':>6} "
            f"{'QThreads':>8} {'threads':>7} {'s':>6}"
        )

    @staticmethod
    def row(s: dict[str, Any], seconds: float) -> str:
        return (
            f"{s['rotations']:>9,} {s['feed_changes']:>5,} {s['sessions']:>5,} {s['rss']:>7.1f} "
            f"{s.get('pss', 0):>7.1f} {s['py_objects']:>8,} {s['qobjects']:>8,} {s['dead']:>5} "
            f"{s['timers']:>6} {s['active_timers']:>6} {s['qthreads']:>8} {s['threads']:>7} "
            f"{seconds:>6.0f}" + ("  (baseline)" if s["at"] == "warm-up" else "")
        )


def write_config(folder: Path, feed: Path) -> Path:
    config = folder / "kiosk.yaml"
    config.write_text(
        "mode: touch\n"
        "screen_id: soak\n"
        f"state_dir: {folder / 'state'}\n"
        f"feed:\n  source: {feed}\n  refresh_seconds: 86400\n"
        "rotation:\n  seconds: 5\n  transition_ms: 1\n"
        "display:\n  fullscreen: false\n"
        "qr:\n  allowed_hosts: [qi.meadowbrook.example]\n"
        "touch:\n  idle_seconds: 5\n"
        "log:\n  level: INFO\n",
        encoding="utf-8",
    )
    return config


def soak(plan: Plan, folder: Path) -> tuple[Soak, list[str], float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ["QT_QPA_PLATFORM"] == "offscreen":
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
    feed = FeedFile(folder)
    config = write_config(folder, feed.path)
    start = dt.datetime.now(dt.UTC)
    simulated = [dt.timedelta(0)]

    def clock() -> dt.datetime:
        return start + simulated[0]

    import kiosk.ui.rotation as rotation_module
    from kiosk.app import create

    kiosk = create(["--config", str(config), "--windowed", "--size", "1280x720"], clock=clock)
    warnings = Warnings()
    logging.captureWarnings(True)
    logging.getLogger().addHandler(warnings)
    assert kiosk.touch is not None and kiosk.feed_service is not None
    kiosk.touch.navigator.idleTimer.setInterval(IDLE_MS)
    run = Soak(kiosk, plan, feed, Finger(kiosk), simulated)
    kiosk.feed_service.feedUpdated.connect(
        lambda _content: setattr(run, "feeds_shown", run.feeds_shown + 1)
    )
    started = time.monotonic()
    try:
        kiosk.show()
        wait_for(kiosk, lambda: bool(find(kiosk, "attractScreen")) and kiosk.rotation.showing != "",
                 "the first poster", 30)  # fmt: skip
        # A few milliseconds per poster (as scripts/bench.py's soak): the dwell and the poll for
        # the next poster's readiness.
        rotation_module.READY_POLL_MS = 2
        kiosk.rotation._dwell_ms = 2
        # The census makes a Python wrapper for every QObject in the window, and Qt for Python
        # keeps them (about 14,000 Python objects and 5 MB): made once here, before the
        # baseline, they are not counted as the kiosk's growth.
        census(kiosk)
        run.base_changes = int(kiosk.rotation.changes)
        kiosk.rotation._start_dwell()
        print(Soak.header(), flush=True)
        run.run(started)
    finally:
        seconds = time.monotonic() - started
        kiosk.close()
        logging.getLogger().removeHandler(warnings)
        logging.captureWarnings(False)
    return run, warnings.records, seconds


def failures(samples: list[dict[str, Any]], warnings: list[str]) -> list[str]:
    """What fails the soak: memory growth over the limit from the warm-up to the end, more
    timers, QThreads or threads at the end than after the warm-up, any warning logged."""
    base = next(s for s in samples if s["at"] == "warm-up")
    end = samples[-1]
    found = []
    growth = end["rss"] - base["rss"]
    if growth > MAX_GROWTH_MB:
        found.append(f"RSS grew by {growth:.1f} MB, over {MAX_GROWTH_MB:g} MB")
    found += [
        f"leak: {key} {base[key]} -> {end[key]}"
        for key in ("timers", "qthreads", "threads")  # how many are running is a state, not a leak
        if end[key] > base[key]
    ]
    found += [f"warning: {line}" for line in warnings]
    return found


def verdict(run: Soak, warnings: list[str], seconds: float) -> bool:
    base = next(s for s in run.samples if s["at"] == "warm-up")
    end = run.samples[-1]
    growth = end["rss"] - base["rss"]
    pss_growth = end.get("pss", 0) - base.get("pss", 0)
    print()
    print(f"{run.rotations:,} rotations, {run.feed_changes:,} feed changes ({run.feeds_shown:,} "
          f"shown), {run.sessions:,} touch sessions in {seconds:.0f} s; "
          f"simulated clock {run.simulated[0].total_seconds() / 3600:.0f} h")  # fmt: skip
    print(f"memory growth after the warm-up: RSS {growth:+.1f} MB, PSS {pss_growth:+.1f} MB "
          f"(limit {MAX_GROWTH_MB:g} MB)")  # fmt: skip
    print(f"QTimers {base['timers']} -> {end['timers']} (active {base['active_timers']} -> "
          f"{end['active_timers']}), QThreads {base['qthreads']} -> {end['qthreads']}, "
          f"threads {base['threads']} -> {end['threads']}, QObjects in the window "
          f"{base['qobjects']} -> {end['qobjects']}")  # fmt: skip
    grown = end["dead_types"] - base["dead_types"]
    print("Python objects of deleted QObjects, more than at the warm-up: "
          + (", ".join(f"{name} {n}" for name, n in grown.most_common(6)) or "none"))  # fmt: skip
    print(f"warnings logged: {len(warnings)}")
    print(f"taps with no effect (tapped again): {len(run.missed_taps)}")
    for line in run.missed_taps[:10]:
        print("  missed: " + line)
    plan = run.plan
    found = failures(run.samples, warnings)
    if (
        run.rotations < plan.rotations
        or run.feed_changes < plan.feed_changes
        or (run.sessions < plan.sessions)
    ):
        found.append("the soak did not run to the end")
    for line in found[:30]:
        print("  " + line)
    print("soak: FAIL" if found else "soak: PASS")
    return not found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="600 rotations, 40 feed changes, 6 sessions (the suite)",
    )
    parser.add_argument("--rotations", type=int)
    parser.add_argument("--feed-changes", type=int)
    parser.add_argument("--sessions", type=int)
    args = parser.parse_args(argv)
    default = Plan(600, 40, 6) if args.quick else Plan(30_000, 2_000, 300)
    plan = Plan(
        args.rotations or default.rotations,
        args.feed_changes if args.feed_changes is not None else default.feed_changes,
        args.sessions if args.sessions is not None else default.sessions,
    )
    if plan.rotations < 100:
        parser.error("--rotations must be at least 100")
    with tempfile.TemporaryDirectory(prefix="qi-soak-") as tmp:
        run, warnings, seconds = soak(plan, Path(tmp))
    return 0 if verdict(run, warnings, seconds) else 1


if __name__ == "__main__":
    sys.exit(main())
