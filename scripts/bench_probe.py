#!/usr/bin/env python3
"""The child process of ``scripts/bench.py``: runs the real kiosk and times what a person sees.

    python scripts/bench_probe.py SCENARIO --t0 MONOTONIC [options] -- KIOSK ARGS...

The kiosk is built by ``kiosk.app.create(KIOSK ARGS)`` exactly as the ``qi-kiosk`` command builds
it; this driver only listens to its window and objects (and, for the soak and the rotation
figures, shortens the rotation's timers). A frame "shows" something when the thing was true as
the scene was synchronised for rendering, and that frame has been swapped to the screen.
Results are printed as ``BENCH {json}`` lines on stdout; everything else goes to stderr.

Scenarios:
  warm     start on a feed once, wait until the feed is stored and its images cached, quit
  display  time to first poster; then run untouched (the parent samples memory and CPU), and
           the CPU and frames between transitions
  rotate   poster preparation times and crossfade frame times, with a short dwell
  soak     many poster changes with a few-millisecond dwell; memory at checkpoints
  touch    start-up load, search keystrokes, taps on project cards, memory while browsing
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TIMINGS: dict[str, list[float]] = {}


def emit(kind: str, **values: Any) -> None:
    print("BENCH " + json.dumps({"event": kind, **values}), flush=True)


def memory() -> dict[str, float]:
    """PSS and RSS of this process in MB (PSS from smaps_rollup; RSS where that is missing)."""
    values: dict[str, float] = {}
    try:
        with open("/proc/self/smaps_rollup") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("Rss", "Pss"):
                    values[key.lower()] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    if "rss" not in values:
        try:
            import resource

            values["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        except (ImportError, OSError):
            values["rss"] = 0.0
    return {k: round(v, 1) for k, v in values.items()}


def timed(owner: Any, name: str, label: str) -> None:
    """Record how long each call of ``owner.name`` takes (the real method still runs)."""
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMINGS.setdefault(label, []).append((time.perf_counter() - start) * 1000)

    setattr(owner, name, wrapper)


class Frames:
    """Watches the window's frames: waits for the first swapped frame in which a condition held."""

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import Qt

        self.window = window
        self._condition: Callable[[], bool] | None = None
        self._seen = False
        self.swapped_at: float | None = None
        self.swaps: list[float] | None = None
        self._loop: Any = None
        direct = Qt.ConnectionType.DirectConnection
        window.beforeSynchronizing.connect(self._synchronizing, direct)
        window.frameSwapped.connect(self._swapped, direct)

    def _synchronizing(self) -> None:
        if self._condition is not None and not self._seen and self._condition():
            self._seen = True

    def _swapped(self) -> None:
        now = time.monotonic()
        if self.swaps is not None:
            self.swaps.append(now)
        if self._seen and self.swapped_at is None:
            self.swapped_at = now
            self._condition = None
            if self._loop is not None:
                self._loop.quit()

    def wait(self, condition: Callable[[], bool], timeout_ms: int = 10_000) -> float | None:
        """Monotonic time of the first frame swapped after `condition` held at a sync, or None."""
        from PySide6.QtCore import QEventLoop, QTimer

        self._seen = False
        self.swapped_at = None
        self._condition = condition
        self.window.update()
        loop = QEventLoop()
        self._loop = loop
        QTimer.singleShot(timeout_ms, loop.quit)
        if self.swapped_at is None:
            loop.exec()
        self._loop = None
        self._condition = None
        return self.swapped_at

    def disconnect(self) -> None:
        self.window.beforeSynchronizing.disconnect(self._synchronizing)
        self.window.frameSwapped.disconnect(self._swapped)


def spin(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout_ms: int) -> bool:
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtGui import QGuiApplication

    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        if deadline.hasExpired():
            return False
        QGuiApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
    return True


def find(root: Any, name: str) -> list[Any]:
    """Items with this objectName in the visual tree below `root` (view delegates included)."""
    found = []
    stack = [root]
    while stack:
        item = stack.pop()
        if item.objectName() == name:
            found.append(item)
        stack.extend(item.childItems())
    return found


def build(kiosk_args: list[str]) -> Any:
    from kiosk.app import Kiosk, create
    from kiosk.feed.updater import FeedUpdater

    timed(FeedUpdater, "start", "feed_start")
    timed(FeedUpdater, "refresh", "feed_refresh")
    timed(Kiosk, "set_feed", "set_feed")
    return create(kiosk_args)


def front_ready(kiosk: Any) -> Callable[[], bool]:
    from kiosk.ui.render import front_poster

    def ready() -> bool:
        poster = front_poster(kiosk)
        return poster is not None and bool(poster.property("ready"))

    return ready


# --- scenarios -----------------------------------------------------------------------------


def warm(kiosk: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Let the feed service read the source once, store it and cache its images (and keep its
    parsed copy): a refresh must have been made, even when the store already had the feed."""
    service = kiosk.feed_service
    if service is None:
        return {"error": "the config has no feed source to store"}
    kiosk.show()
    ok = wait_for(
        lambda: (
            service.status is not None
            and service.status.state == "ok"
            and service.status.last_attempt_at is not None
            and not service.refreshing
        ),
        args.timeout * 1000,
    )
    spin(200)
    status = service.status
    return {
        "ok": ok,
        "state": status.state if status else None,
        "projects": status.projects if status else None,
    }


class Between:
    """CPU and frames of this process between transitions: from SETTLE_S after a dwell starts
    (the crossfade is over and the next poster prepared) to the next crossfade's start, from the
    first poster change on (start-up work is over).
    ``time.process_time`` counts every thread of the process, in nanoseconds."""

    SETTLE_S = 1.5

    def __init__(self, kiosk: Any) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.rotation = kiosk.rotation
        self.window = kiosk.window
        self.cpu_s = 0.0
        self.wall_s = 0.0
        self.frames = 0
        self.windows = 0
        self._open: tuple[float, float] | None = None
        self._waiting = False
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._begin)
        self.rotation.dwellStarted.connect(self._dwell_started)
        self.rotation.frontChanged.connect(self._end)
        self.rotation.backReadyChanged.connect(self._ready_changed)
        self.window.frameSwapped.connect(self._swapped, Qt.ConnectionType.DirectConnection)

    def _dwell_started(self, ms: int) -> None:
        self._open = None
        self._waiting = False
        if self.rotation.changes >= 1 and ms > self.SETTLE_S * 1000 + 1000:
            self._timer.start(int(self.SETTLE_S * 1000))

    def _begin(self) -> None:
        self._waiting = True  # for the next poster to be ready, if it is not yet
        self._ready_changed()

    def _ready_changed(self) -> None:
        if self._waiting and self.rotation.backReady:
            self._waiting = False
            self._open = (time.process_time(), time.monotonic())

    def _swapped(self) -> None:
        if self._open is not None:
            self.frames += 1

    def _end(self) -> None:
        self._timer.stop()
        self._waiting = False
        if self._open is not None:
            cpu0, wall0 = self._open
            self.cpu_s += time.process_time() - cpu0
            self.wall_s += time.monotonic() - wall0
            self.windows += 1
        self._open = None

    def result(self) -> dict[str, Any]:
        self._end()
        self.rotation.dwellStarted.disconnect(self._dwell_started)
        self.rotation.frontChanged.disconnect(self._end)
        self.rotation.backReadyChanged.disconnect(self._ready_changed)
        self.window.frameSwapped.disconnect(self._swapped)
        wall = self.wall_s or float("nan")
        return {
            "between_cpu_pct": round(100 * self.cpu_s / wall, 3) if self.wall_s else None,
            "between_fps": round(self.frames / wall, 2) if self.wall_s else None,
            "between_s": round(self.wall_s, 1),
            "between_windows": self.windows,
        }


def display(kiosk: Any, args: argparse.Namespace) -> dict[str, Any]:
    frames = Frames(kiosk.window)
    between = Between(kiosk)
    kiosk.show()
    at = frames.wait(front_ready(kiosk), timeout_ms=args.timeout * 1000)
    frames.disconnect()
    first = None if at is None else round((at - args.t0) * 1000, 1)
    emit("first_poster", ms=first)
    load = sum(TIMINGS.get("feed_start", [])[:1]) + sum(TIMINGS.get("set_feed", [])[-1:])
    size = kiosk.window.size()
    kiosk.exit_after(max(0.1, args.duration - (time.monotonic() - args.t0)))
    kiosk.app.exec()
    return {
        "first_poster_ms": first,
        "load_ms": round(load, 1),
        "changes": kiosk.rotation.changes,
        "window": f"{size.width()}x{size.height()}",
        "timings": TIMINGS,
        **between.result(),
    }


def standby(kiosk: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Outside opening hours: count the frames drawn once standby is on, and the refreshes."""
    from PySide6.QtCore import Qt

    kiosk.show()
    active = wait_for(lambda: kiosk.standby.active, 5_000)
    spin(500)  # the standby screen's first frame
    frames = [0]
    refreshes0 = len(TIMINGS.get("feed_refresh", []))

    def swapped() -> None:
        frames[0] += 1

    kiosk.window.frameSwapped.connect(swapped, Qt.ConnectionType.DirectConnection)
    kiosk.exit_after(max(0.1, args.duration - (time.monotonic() - args.t0)))
    kiosk.app.exec()
    kiosk.window.frameSwapped.disconnect(swapped)
    return {
        "standby": active and kiosk.standby.active,
        "frames": frames[0],
        "refreshes": len(TIMINGS.get("feed_refresh", [])) - refreshes0,
    }


def rotate(kiosk: Any, args: argparse.Namespace) -> dict[str, Any]:
    """Preparation of each next poster, and frame times during each crossfade."""
    rotation = kiosk.rotation
    frames = Frames(kiosk.window)
    kiosk.show()
    frames.wait(front_ready(kiosk), timeout_ms=args.timeout * 1000)
    prep: list[float] = []
    frame_ms: list[float] = []
    pending: dict[str, float] = {}

    def ready_changed() -> None:
        if "start" in pending and rotation.backReady:
            prep.append((time.perf_counter() - pending.pop("start")) * 1000)

    def transition_over() -> None:
        start = time.perf_counter()
        pending["start"] = start
        rotation._transition_over()
        if rotation.backReady and "start" in pending:
            prep.append((time.perf_counter() - pending.pop("start")) * 1000)

    rotation.backReadyChanged.connect(ready_changed)
    rotation._transition.timeout.disconnect()
    rotation._transition.timeout.connect(transition_over)
    rotation._dwell_ms = args.dwell_ms
    rotation._start_dwell()
    crossfade: dict[str, float] = {}

    def front_changed() -> None:
        crossfade["start"] = time.monotonic()
        frames.swaps = []

    rotation.frontChanged.connect(front_changed)

    def collect() -> None:
        if frames.swaps is None:
            return
        start = crossfade["start"]
        end = start + rotation._transition_ms / 1000
        previous = start
        for t in frames.swaps:
            if t > end:
                break
            frame_ms.append((t - previous) * 1000)
            previous = t
        frames.swaps = None

    rotation._transition.timeout.connect(collect)
    target = rotation.changes + args.changes
    wait_for(
        lambda: rotation.changes >= target and len(prep) >= args.changes - 1, args.timeout * 1000
    )
    spin(50)
    return {
        "prep_ms": [round(v, 2) for v in prep],
        "frame_ms": [round(v, 2) for v in frame_ms],
        "changes": rotation.changes,
    }


def soak(kiosk: Any, args: argparse.Namespace) -> dict[str, Any]:
    import kiosk.ui.rotation as rotation_module

    rotation = kiosk.rotation
    frames = Frames(kiosk.window)
    kiosk.show()
    frames.wait(front_ready(kiosk), timeout_ms=args.timeout * 1000)
    frames.disconnect()
    # A few milliseconds per poster: poll for the next poster's readiness every 2 ms, not 100.
    rotation_module.READY_POLL_MS = 2
    rotation._dwell_ms = args.dwell_ms
    samples: list[dict[str, Any]] = []
    start = time.monotonic()
    base = rotation.changes

    def changed() -> None:
        n = rotation.changes - base
        if n % args.sample_every == 0 or n == args.warmup:
            gc.collect()
            samples.append(
                {
                    "changes": n,
                    "s": round(time.monotonic() - start, 1),
                    "objects": len(gc.get_objects()),
                    **memory(),
                }
            )
            if n >= args.changes:
                kiosk.app.quit()

    rotation.frontChanged.connect(changed)
    rotation._start_dwell()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(args.timeout * 1000, kiosk.app.quit)
    kiosk.app.exec()
    return {
        "samples": samples,
        "changes": rotation.changes - base,
        "seconds": round(time.monotonic() - start, 1),
    }


def touch(kiosk: Any, args: argparse.Namespace) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QGuiApplication, QKeyEvent
    from PySide6.QtTest import QTest

    window = kiosk.window
    frames = Frames(window)
    kiosk.show()
    root = window.rootObject()
    started = frames.wait(lambda: bool(find(root, "attractScreen")), args.timeout * 1000)
    startup_ms = None if started is None else round((started - args.t0) * 1000, 1)
    load_ms = TIMINGS.get("feed_start", [0.0])[0] + TIMINGS.get("set_feed", [0.0])[-1]
    browse_backend = kiosk.touch.browse
    navigator = kiosk.touch.navigator

    def visible(name: str) -> Callable[[], bool]:
        def check() -> bool:
            items = find(root, name)
            return bool(items) and all(
                i.property("visible") and i.property("opacity") > 0.99 for i in items
            )

        return check

    def centre(item: Any) -> QPoint:
        p = item.mapToScene(QPointF(item.property("width") / 2, item.property("height") / 2))
        return QPoint(round(p.x()), round(p.y()))

    # Wake the screen with a tap, as a person does.
    QTest.mouseClick(
        window,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(window.width() // 2, window.height() // 3),
    )
    frames.wait(visible("browseScreen"), 5000)
    field = find(root, "searchField")[0]
    field.forceActiveFocus()

    search_ms: list[float] = []
    queries = args.queries.split(",")
    for query in queries:
        for text in [query[: i + 1] for i in range(len(query))] + [
            query[:i] for i in range(len(query) - 1, -1, -1)
        ]:
            key = text[-1] if len(text) > len(browse_backend.query) else ""
            t = time.monotonic()
            if key:
                event = QKeyEvent(
                    QEvent.Type.KeyPress,
                    Qt.Key.Key_unknown if key == " " else Qt.Key(ord(key.upper())),
                    Qt.KeyboardModifier.NoModifier,
                    key,
                )
            else:
                event = QKeyEvent(
                    QEvent.Type.KeyPress, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier
                )
            QGuiApplication.sendEvent(window, event)
            release = QKeyEvent(
                QEvent.Type.KeyRelease, event.key(), Qt.KeyboardModifier.NoModifier, event.text()
            )
            QGuiApplication.sendEvent(window, release)
            at = frames.wait(lambda text=text: browse_backend.query == text, 2000)
            if browse_backend.query != text:
                return {
                    "error": f"typing did not reach the search (query {browse_backend.query!r},"
                    f" expected {text!r})"
                }
            if at is not None:
                search_ms.append((at - t) * 1000)
    counts_checked = browse_backend.count

    tap_ms: list[float] = []
    for i in range(args.taps):
        browse_backend.setQuery(queries[i % len(queries)][: 1 + i % 3] if i % 2 else "")
        frames.wait(visible("browseScreen"), 2000)
        tiles = [
            t
            for t in find(root, "projectTile")
            if t.property("visible") and t.property("width") > 0
        ]
        on_screen = []
        for tile in tiles:
            p = centre(tile)
            if 0 < p.x() < window.width() and 0 < p.y() < window.height():
                on_screen.append((tile, p))
        if not on_screen:
            continue
        tile, p = on_screen[i % len(on_screen)]
        t = time.monotonic()
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)
        at = frames.wait(
            lambda: (
                navigator.screen == "project"
                and bool(find(root, "projectScreen"))
                and find(root, "projectScreen")[0].property("visible")
            ),
            3000,
        )
        if at is None or navigator.screen != "project":
            return {"error": f"a tap on project card {tile.property('projectId')} did not open it"}
        tap_ms.append((at - t) * 1000)
        spin(300)
        navigator.back()
        wait_for(lambda: not find(root, "projectScreen")[0].property("visible"), 2000)
    frames.disconnect()
    spin(200)
    gc.collect()
    mem = memory()
    return {
        "startup_ms": startup_ms,
        "load_ms": round(load_ms, 1),
        "timings": TIMINGS,
        "search_ms": [round(v, 2) for v in search_ms],
        "tap_ms": [round(v, 2) for v in tap_ms],
        "count": counts_checked,
        **mem,
    }


SCENARIOS = {
    "warm": warm,
    "display": display,
    "standby": standby,
    "rotate": rotate,
    "soak": soak,
    "touch": touch,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--" in argv:
        split = argv.index("--")
        own, kiosk_args = argv[:split], argv[split + 1 :]
    else:
        own, kiosk_args = argv, []
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument(
        "--t0", type=float, help="time.monotonic() just before this process started"
    )
    parser.add_argument("--timeout", type=int, default=120, help="seconds")
    parser.add_argument("--duration", type=float, default=10.0, help="display: seconds to run")
    parser.add_argument("--dwell-ms", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=500, help="soak: changes before the baseline")
    parser.add_argument("--sample-every", type=int, default=500)
    parser.add_argument("--queries", default="falls,sepsis ward,discharge")
    parser.add_argument("--taps", type=int, default=10)
    args = parser.parse_args(own)
    if args.t0 is None:
        args.t0 = time.monotonic()
    kiosk = build(kiosk_args)
    try:
        result = SCENARIOS[args.scenario](kiosk, args)
    finally:
        kiosk.close()
    emit("result", **result)
    return 0 if "error" not in result else 1


if __name__ == "__main__":
    sys.exit(main())
