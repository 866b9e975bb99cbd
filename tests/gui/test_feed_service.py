"""FeedService: the store is shown at start, refreshes run off the GUI thread, stop is clean."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
import itertools
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread, QTimer

from kiosk.config import FeedConfig
from kiosk.feed.media import MediaCache
from kiosk.feed.model import Feed, Project
from kiosk.feed.store import FeedStore
from kiosk.feed.updater import FeedUpdater, Update
from kiosk.status import FeedStatus
from kiosk.ui.feed_service import FeedContent, FeedService
from tests.unit.feed.feed_servers import Reply, ScriptedServer

T0 = dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)


def feed(tag: str) -> Feed:
    return Feed(version=1, projects=(Project(id="p1", title=f"Falls {tag}"),))


class FakeUpdater:
    """Scripted updates; records the thread each refresh ran on."""

    def __init__(self, refreshes: list[Update], *, delay_s: float = 0.0) -> None:
        self.config = FeedConfig(refresh_seconds=300)
        self.refreshes = refreshes
        self.delay_s = delay_s
        self.threads: list[int] = []
        self.cancelled = False
        self.closed = False

    def start(self, now: dt.datetime | None = None) -> Update:
        return Update(feed("stored"), True, FeedStatus(state="ok"), None, 0.01, {})

    def refresh(self, now: dt.datetime | None = None) -> Update:
        self.threads.append(threading.get_ident())
        time.sleep(self.delay_s)
        if self.refreshes:
            return self.refreshes.pop(0)
        return Update(None, False, FeedStatus(state="ok"), None, 60.0, {})

    def cancel(self) -> None:
        self.cancelled = True

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def services() -> Iterator[list[FeedService]]:
    made: list[FeedService] = []
    yield made
    for service in made:
        service.stop()
        service.deleteLater()


def make(services: list[FeedService], updater: Any) -> FeedService:
    service = FeedService(updater)
    services.append(service)
    return service


def test_start_shows_the_store_synchronously(qtbot: Any, services: list[FeedService]) -> None:
    service = make(services, FakeUpdater([]))
    received: list[FeedContent] = []
    service.feedUpdated.connect(received.append)
    service.start()
    assert [c.feed.projects[0].title for c in received] == ["Falls stored"]
    assert service.status == FeedStatus(state="ok")


def test_refresh_runs_on_the_worker_and_is_scheduled_by_next_delay(
    qtbot: Any, services: list[FeedService]
) -> None:
    image = Path("/tmp/x.jpg")
    updater = FakeUpdater(
        [
            Update(None, False, FeedStatus(state="error", last_error="HTTP 503"), "x", 0.05, {}),
            Update(feed("new"), True, FeedStatus(state="ok"), "y", 30.0, {"p1": image}),
        ]
    )
    service = make(services, updater)
    statuses: list[FeedStatus] = []
    contents: list[FeedContent] = []
    service.statusChanged.connect(statuses.append)
    service.feedUpdated.connect(contents.append)
    service.start()
    qtbot.waitUntil(lambda: len(contents) == 2, timeout=3000)
    assert [c.feed.projects[0].title for c in contents] == ["Falls stored", "Falls new"]
    assert contents[1].media == {"p1": image}
    assert len(updater.threads) == 2
    assert all(ident != threading.get_ident() for ident in updater.threads)
    assert [s.state for s in statuses] == ["ok", "error", "ok"]
    timer = service.findChild(QTimer, "feedRefreshTimer")
    assert timer is not None
    assert timer.isActive()
    assert timer.interval() == 30_000
    assert service.findChild(QThread, "feedWorkerThread") is not None


def test_unchanged_refresh_emits_no_feed(qtbot: Any, services: list[FeedService]) -> None:
    updater = FakeUpdater([Update(None, False, FeedStatus(state="ok"), None, 60.0, {})])
    service = make(services, updater)
    service.start()
    with qtbot.assertNotEmitted(service.feedUpdated, wait=300):
        qtbot.waitUntil(lambda: len(updater.threads) == 1, timeout=2000)


def test_gui_keeps_running_during_a_slow_refresh(qtbot: Any, services: list[FeedService]) -> None:
    updater = FakeUpdater([], delay_s=0.6)
    service = make(services, updater)
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setInterval(20)
    ticker.timeout.connect(lambda: ticks.append(time.monotonic()))
    ticker.start()
    service.start()
    qtbot.waitUntil(lambda: service.refreshing, timeout=1000)
    started = time.monotonic()
    qtbot.waitUntil(lambda: not service.refreshing, timeout=3000)
    ticker.stop()
    during = [t for t in ticks if t >= started]
    assert len(during) >= 10  # the event loop kept turning while the worker was busy
    gaps = [b - a for a, b in itertools.pairwise(during)]
    assert max(gaps) < 0.2


def test_stop_ends_the_worker_thread(qtbot: Any, services: list[FeedService]) -> None:
    updater = FakeUpdater([], delay_s=0.3)
    service = make(services, updater)
    service.start()
    qtbot.waitUntil(lambda: service.refreshing, timeout=1000)
    thread = service.findChild(QThread, "feedWorkerThread")
    assert thread is not None
    service.stop()
    assert not thread.isRunning()
    assert updater.cancelled
    assert updater.closed
    timer = service.findChild(QTimer, "feedRefreshTimer")
    assert timer is not None
    assert not timer.isActive()
    with qtbot.assertNotEmitted(service.feedUpdated, wait=100):
        service.refreshNow()  # ignored once stopped


def feed_file(path: Path, tag: str) -> None:
    projects = [{"id": "p1", "title": f"Falls {tag}"}, {"id": "p2", "title": "Sepsis"}]
    path.write_text(json.dumps({"feed_version": 1, "projects": projects}))


def test_real_updater_with_a_file_source(
    qtbot: Any, services: list[FeedService], tmp_path: Path
) -> None:
    source = tmp_path / "feed.json"
    feed_file(source, "v1")
    config = FeedConfig(source=str(source), refresh_seconds=300)
    state = tmp_path / "state"
    updater = FeedUpdater(config, FeedStore(state), None, MediaCache(state / "media"))
    service = make(services, updater)
    with qtbot.waitSignal(service.feedUpdated, timeout=3000) as blocker:
        service.start()  # nothing stored: the first refresh (on the worker) reads the file
    assert blocker.args[0].feed.projects[0].title == "Falls v1"
    assert service.status is not None
    assert service.status.state == "ok"
    feed_file(source, "v2 with more text")
    with qtbot.waitSignal(service.feedUpdated, timeout=3000) as blocker:
        service.refreshNow()
    assert blocker.args[0].feed.projects[0].title == "Falls v2 with more text"


def test_real_updater_reports_http_errors(
    qtbot: Any, services: list[FeedService], tmp_path: Path
) -> None:
    server = ScriptedServer().start()
    try:
        url = server.route("/feed.json", Reply(503))
        config = FeedConfig(source=url, allow_http=True, timeout_seconds=1.0)
        updater = FeedUpdater(config, FeedStore(tmp_path), None, None)
        service = make(services, updater)
        with qtbot.waitSignal(
            service.statusChanged,
            timeout=3000,
            check_params_cb=lambda status: status.state == "error",
        ) as blocker:
            service.start()
        assert blocker.args[0].last_error == f"HTTP 503 from {url}"
        service.stop()
    finally:
        server.stop()


def test_the_stored_feed_is_never_walked_by_the_garbage_collector(
    qtbot: Any, services: list[FeedService]
) -> None:
    """A 10,000-project feed is a million objects: once shown at start they are frozen (the
    cyclic collector's pauses no longer walk them), and thawed again when the service stops."""
    import gc

    shown: list[FeedContent] = []
    service = make(services, FakeUpdater([]))
    service.feedUpdated.connect(shown.append)
    before = gc.get_freeze_count()
    service.start(refresh=False)
    project = shown[0].feed.projects[0]
    assert gc.get_freeze_count() > before
    assert gc.isenabled()
    assert not any(o is project for o in gc.get_objects())
    del project
    service.stop()
    assert gc.get_freeze_count() == 0
