"""The composition root: configuration → services → Qt → QML.

This is the one place that builds and wires objects. ``create(argv)`` builds everything exactly
as the ``qi-kiosk`` command does, without starting the event loop.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6

from kiosk.args import EXIT_RESTART, UsageError, parse_args
from kiosk.burn_in import orbit_offset, seconds_to_next_step
from kiosk.catalogue import Catalogue
from kiosk.config import DEMO_SOURCE, ConfigError, KioskConfig, load_config, parse_config
from kiosk.crash_loop import HEALTHY_SECONDS, CrashLoop
from kiosk.feed.model import Feed
from kiosk.feed.source import read_demo
from kiosk.logs import remove_handlers, setup_logging
from kiosk.playlist import Playlist
from kiosk.qr import MatrixStore, QrPolicy
from kiosk.resources import demo_config_path, font_paths, screens_dir
from kiosk.sdnotify import Notifier
from kiosk.status import FeedStatus, Status, StatusFile
from kiosk.uptake.recorder import Recorder, Tracker, open_recorder

if TYPE_CHECKING:
    from kiosk.display_power import DisplayPower
    from kiosk.heartbeat import Heartbeat
    from kiosk.ui.feed_service import FeedContent, FeedService
    from kiosk.ui.outbox_service import OutboxService
    from kiosk.ui.touch import Touch
    from kiosk.uptake.matomo import Forwarder

logger = logging.getLogger(__name__)

DEFAULT_WINDOW = (1280, 720)
FIRST_REFRESH_FALLBACK_MS = 2000
"""The first feed refresh waits for the first poster on screen, or this long at most."""


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def resolve_config(args: argparse.Namespace) -> KioskConfig:
    """The configuration the command line asks for; --demo (or no config at all) shows the demo."""
    config_path: Path | None = getattr(args, "config", None) or getattr(args, "poster_config", None)
    demo = (
        getattr(args, "demo", False) or getattr(args, "poster_demo", False) or config_path is None
    )
    try:
        config = load_config(config_path) if config_path else parse_config("")
        if demo:
            demo_config = load_config(demo_config_path())
            config = replace(
                config,
                feed=replace(config.feed, source=DEMO_SOURCE),
                qr=replace(
                    config.qr, allowed_hosts=config.qr.allowed_hosts + demo_config.qr.allowed_hosts
                ),
            )
    except ConfigError as exc:
        raise UsageError(exc.report()) from None
    if getattr(args, "mode", None):
        config = replace(config, mode=args.mode)
    state_dir = getattr(args, "state_dir", None) or getattr(args, "poster_state_dir", None)
    if state_dir:
        config = replace(config, state_dir=state_dir.resolve())
    return config


def load_demo_feed() -> tuple[Feed, FeedStatus]:
    """The built-in demo feed, and what the status file says about it."""
    moment = now()
    feed = read_demo().feed
    status = FeedStatus(
        source="demo",
        state="demo",
        last_attempt_at=moment,
        last_success_at=moment,
        projects=len(feed.projects),
        skipped=len(feed.skipped),
    )
    return feed, status


class Kiosk:
    """The running kiosk: its window, services and timers."""

    def __init__(
        self,
        config: KioskConfig,
        *,
        windowed: bool = False,
        size: tuple[int, int] | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        from PySide6.QtCore import QTimer, QUrl
        from PySide6.QtGui import QFontDatabase, QGuiApplication
        from PySide6.QtQuick import QQuickView

        import kiosk.ui.spc_chart  # noqa: F401 (registers the painted QML types)
        from kiosk.ui.admin import Admin
        from kiosk.ui.first_frame import FirstContent
        from kiosk.ui.housekeeping import Housekeeping
        from kiosk.ui.input_guard import InputGuard
        from kiosk.ui.qr_item import use_matrices
        from kiosk.ui.qt_messages import install_qt_message_handler
        from kiosk.ui.rotation import Rotation
        from kiosk.ui.standby import Standby
        from kiosk.ui.state import KioskState
        from kiosk.ui.watchdog import SystemdWatchdog

        self.config = config
        self.clock = clock or now
        """Wall-clock time for opening hours, the PIN lock, the burn-in orbit and the feed's
        age (when it is stale); injectable. Waits and timeouts use the monotonic clock."""
        self.app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
        self.app.setApplicationName("QI Hub Kiosk")
        install_qt_message_handler()
        for font in font_paths():
            if QFontDatabase.addApplicationFont(str(font)) < 0:
                logger.warning("could not load font %s", font)

        self.started_at = now()
        self._ui_screen = "attract" if config.mode == "touch" else "poster"
        self.status_file = StatusFile(
            config.state_dir / "status.json",
            Status(
                mode=config.mode,
                started_at=self.started_at,
                screen="attract" if config.mode == "touch" else "poster",
            ),
            held=True,  # written once, when everything below is made
        )
        self.qr = QrPolicy(
            config.qr.allowed_hosts, campaign=config.screen_id if config.qr.campaign else None
        )
        # QR codes drawn before are read back from the state folder: after a restart the first
        # poster's code needs neither the QR library nor the time to make it.
        use_matrices(MatrixStore(config.state_dir / "qr").get)
        self.state = KioskState(config.mode)
        rng = random.Random()
        self.rotation = Rotation(
            dwell_ms=config.rotation.seconds * 1000,
            transition_ms=0 if config.display.reduced_motion else config.rotation.transition_ms,
            qr=self.qr,
            now=now,
            playlist_factory=lambda c: Playlist(
                c.projects, order=config.rotation.order, screen_id=config.screen_id, rng=rng
            ),
        )
        self.rotation.showingChanged.connect(self._showing_changed)
        self.rotation.hold_back()  # until the first poster is on screen (below)
        self.recorder, self.forwarder = self._uptake_recorder(config)
        self.tracker = Tracker(
            self.recorder,
            screen_id=config.screen_id,
            channel=config.mode,
            visitor_groups=config.uptake.visitor_groups,
        )
        """Uptake events of this screen (recorded off the GUI thread; none if switched off)."""
        self.outbox_service: OutboxService | None = None
        self.touch: Touch | None = None
        if config.mode == "touch":
            # Touch mode's objects (and their QML types) are imported only in touch mode.
            from kiosk.ui.touch import build_touch

            self.outbox_service = self._outbox_service(config)
            self.touch = build_touch(
                config,
                self.qr,
                on_screen=self._screen_changed,
                tracker=self.tracker,
                outbox=self.outbox_service.outbox if self.outbox_service else None,
                on_queued=self.outbox_service.nudge if self.outbox_service else None,
            )
            # Proof of play counts posters only while the attract loop is in front.
            self.touch.navigator.woken.connect(self._track_poster)
            self.touch.navigator.sessionEnded.connect(self._track_poster)

        self.standby = Standby(
            config.schedule,
            now=self.clock,
            wake_ms=config.touch.idle_seconds * 1000 if config.mode == "touch" else 0,
        )
        self.standby.activeChanged.connect(self._standby_changed)
        self._burn_in = QTimer()
        self._burn_in.setObjectName("burnInTimer")
        self._burn_in.setSingleShot(True)
        self._burn_in.timeout.connect(self._orbit)
        if config.display.burn_in_shift:
            self._orbit()
        self._display_power: DisplayPower | None = None
        self.admin = Admin(config.admin.pin_hash, now=self.clock, info=self._admin_info)
        self.admin.openChanged.connect(self._update_screen)
        self.admin.actionRequested.connect(self._admin_action)
        self.exit_code: int | None = None

        # What a touch session or a replaced feed freed goes back to the system while the next
        # poster dwells, so that months of them do not add up.
        self.housekeeping = Housekeeping(lambda: self.window.engine().collectGarbage())
        self.crash_loop = CrashLoop(config.state_dir)
        self.start_check = self.crash_loop.record_start(self.clock())
        self._feed_paused = self.start_check.reason()
        """Why refreshes are paused (a crash loop), until a refresh is asked for."""
        self._healthy_timer = QTimer()
        self._healthy_timer.setObjectName("healthyTimer")
        self._healthy_timer.setSingleShot(True)
        self._healthy_timer.setInterval(HEALTHY_SECONDS * 1000)
        self._healthy_timer.timeout.connect(self.crash_loop.mark_healthy)

        self.catalogue: Catalogue | None = None
        self.feed_service: FeedService | None = None
        if config.feed.is_demo:
            self.set_feed(*load_demo_feed())
        elif self.start_check.skip_store:
            status = FeedStatus(source=config.feed.source, state="empty")
            self.set_feed(Feed(version=1), replace(status, last_error=self._feed_paused))
        else:
            # The offline copy is read now, before any network call; refreshes run on a worker,
            # from when the first poster is on screen (below).
            self.set_feed(Feed(version=1), FeedStatus(source=config.feed.source, state="empty"))
            self.feed_service = self._feed_service(config)
            self.feed_service.statusChanged.connect(self._feed_status_changed)
            self.feed_service.feedUpdated.connect(self._feed_content)
            self.feed_service.start(refresh=False)

        self.window = QQuickView()
        self.window.setTitle("QI Hub Kiosk")
        self.window.setColor("#F0F4F5")
        self.window.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
        initial: dict[str, object] = {
            "kiosk": self.state,
            "carousel": self.rotation,
            "standby": self.standby,
        }
        if self.admin.property("enabled"):
            initial["admin"] = self.admin
        if self.touch is not None:
            initial["touch"] = self.touch
        self.window.setInitialProperties(initial)
        self.window.setSource(QUrl.fromLocalFile(str(screens_dir() / "Main.qml")))
        if self.touch is not None:
            self.touch.watch(self.window)
        errors = self.window.errors()
        if errors:
            raise RuntimeError(
                "the kiosk's screens failed to load: " + "; ".join(e.toString() for e in errors)
            )
        w, h = size or DEFAULT_WINDOW
        self.window.resize(w, h)
        self.windowed = windowed or not config.display.fullscreen
        self.guard = InputGuard(
            self.app,
            hide_cursor_ms=config.display.hide_cursor_after_seconds * 1000,
            allow_quit=self.windowed,
        )
        self._quit_timer = QTimer(self.window)
        self._quit_timer.setObjectName("exitAfterTimer")
        self._quit_timer.setSingleShot(True)
        self._screenshot: Path | None = None
        self._quit_timer.timeout.connect(self._exit_now)
        self._closed = False
        self.systemd = SystemdWatchdog(Notifier.from_env(), self.window, self._content_drawn)
        # The poster behind the first one, and the first refresh (network, parsing, images),
        # would compete with drawing the first poster on a small PC: they wait until it is on
        # screen, or there is none.
        self._first_content = FirstContent(
            self.window,
            lambda: self._content_drawn() or not self.rotation.front_values,
            fallback_ms=FIRST_REFRESH_FALLBACK_MS,
        )
        self._first_content.shown.connect(self.rotation.release_back)
        self.rotation.dwellStarted.connect(self.housekeeping.dwell_started)
        if self.touch is not None:
            self.touch.navigator.sessionEnded.connect(self.housekeeping.request)
        if self.feed_service is not None and not self.start_check.feed_paused:
            self._first_content.shown.connect(self.feed_service.refreshNow)
        self.heartbeat: Heartbeat | None = None
        if config.heartbeat.url:
            from kiosk.heartbeat import Heartbeat

            self.heartbeat = Heartbeat(
                config.heartbeat, config.feed, lambda: self.status_file.status
            )
        self.status_file.release(now())

    # --- content --------------------------------------------------------------------------

    def set_feed(
        self, feed: Feed, status: FeedStatus, media: dict[str, Path] | None = None
    ) -> None:
        self.catalogue = Catalogue(feed, rules=self.config.spc.rules, media=media)
        self.state.set_hub(feed.hub.name, feed.hub.organisation)
        self.rotation.set_catalogue(self.catalogue)
        if self.touch is not None:
            self.touch.set_catalogue(self.catalogue)
        self.status_file.update(now(), feed=status, showing=self.rotation.showing or None)

    def _feed_service(self, config: KioskConfig) -> FeedService:
        from kiosk.feed.media import MediaCache
        from kiosk.feed.store import FeedStore
        from kiosk.feed.updater import FeedUpdater
        from kiosk.ui.feed_service import FeedService

        media = MediaCache(
            config.state_dir / "media",
            max_image_bytes=config.feed.max_image_bytes,
            max_cache_mb=config.feed.max_cache_mb,
            max_size=self._screen_size(),
        )
        updater = FeedUpdater(
            config.feed, FeedStore(config.state_dir), None, media, clock=self.clock
        )
        return FeedService(updater)

    def _outbox_service(self, config: KioskConfig) -> OutboxService | None:
        """The outbox for "Send to the QI team", when intake is configured and it opens."""
        from kiosk.outbox import OutboxError
        from kiosk.ui.outbox_service import OutboxService

        if not config.intake.enabled:
            return None
        try:
            service = OutboxService(config.intake, config.state_dir)
        except OutboxError as exc:
            logger.error('%s; "Send to the QI team" is hidden', exc)
            return None
        service.countsChanged.connect(self._outbox_changed)
        self.status_file.update(now(), outbox=tuple(service.counts.to_json().items()))
        return service

    def _outbox_changed(self) -> None:
        if self.outbox_service is not None:
            counts = self.outbox_service.counts.to_json()
            self.status_file.update(now(), outbox=tuple(counts.items()))

    def _screen_size(self) -> tuple[int, int]:
        """The largest an image is ever shown: the screen, capped at 4K."""
        screen = self.app.primaryScreen()
        if screen is None:
            return (1920, 1080)
        size = screen.size() * screen.devicePixelRatio()
        return (min(max(size.width(), 1280), 3840), min(max(size.height(), 720), 2160))

    def _feed_content(self, content: FeedContent) -> None:
        status = self.feed_service.status if self.feed_service else None
        if status is not None and self._feed_paused and status.last_error is None:
            status = replace(status, last_error=self._feed_paused)
        self.set_feed(content.feed, status or self.status_file.status.feed, dict(content.media))
        self.housekeeping.request()

    def _feed_status_changed(self, status: FeedStatus) -> None:
        if self._feed_paused and status.last_error is None:
            status = replace(status, last_error=self._feed_paused)
        self.state.set_stale(status.state == "stale")
        self.status_file.update(now(), feed=status)

    def _showing_changed(self, project_id: str) -> None:
        self.status_file.update(now(), showing=project_id or None)
        self._track_poster()

    # --- uptake ---------------------------------------------------------------------------

    @staticmethod
    def _uptake_recorder(config: KioskConfig) -> tuple[Recorder | None, Forwarder | None]:
        if not config.uptake.enabled:
            return None, None
        matomo = config.uptake.matomo
        recorder = open_recorder(
            config.state_dir,
            timezone=config.schedule.timezone if config.schedule else "Europe/London",
            retention_days=config.uptake.retention_days,
            export_dir=config.uptake.export_dir,
            screen_id=config.screen_id,
            outbox=matomo is not None,
        )
        if recorder is None or matomo is None:
            return recorder, None
        from kiosk.uptake.matomo import Forwarder

        forwarder = Forwarder(recorder.path, matomo, config.feed)
        recorder.listeners.append(forwarder.wake)
        forwarder.start()
        return recorder, forwarder

    def _track_poster(self) -> None:
        """Tell the tracker which poster is in front, if people can see it."""
        hidden = self.standby.active or (self.touch is not None and self.touch.navigator.in_session)
        has_poster = bool(self.rotation.front_values)
        self.tracker.poster_showing(None if hidden or not has_poster else self.rotation.showing)

    def _screen_changed(self, screen: str) -> None:
        self._ui_screen = screen
        self._update_screen()

    def _update_screen(self) -> None:
        screen = self._ui_screen
        if self.admin.open:
            screen = "admin"
        elif self.standby.active:
            screen = "standby"
        self.status_file.update(now(), screen=screen)

    def _orbit(self) -> None:
        """Move the static parts one step along the burn-in orbit; set the timer for the next."""
        moment = self.clock()
        self.state.set_shift(*orbit_offset(moment))
        self._burn_in.start(max(50, int(seconds_to_next_step(moment) * 1000)))

    def _standby_changed(self) -> None:
        active = self.standby.active
        if active:
            self.rotation.pause()
        else:
            self.rotation.resume()
        if self.standby.mode == "off" and (active or self._display_power is not None):
            if self._display_power is None:
                # Imported only for a screen that switches its display off (it runs commands).
                from kiosk.display_power import DisplayPower

                self._display_power = DisplayPower()
            # A touch that wakes the screen for a while needs the display on too.
            self._display_power.set_power(not active)
        self._track_poster()
        self._update_screen()

    def _content_drawn(self) -> bool:
        """Something worth showing is on screen: a poster that is ready, or the standby screen."""
        from PySide6.QtCore import QObject

        if self.standby.active:
            return True
        root = self.window.rootObject()
        if root is None:
            return False
        return any(
            item.property("ready") and item.isVisible()
            for item in root.findChildren(QObject, "poster")
        )

    # --- the admin screen ------------------------------------------------------------------

    def _admin_info(self) -> list[tuple[str, str]]:
        from kiosk.admin_info import admin_rows

        screen = self.window.screen() or self.app.primaryScreen()
        size = screen.size() if screen is not None else None
        return admin_rows(
            config=self.config,
            status=self.status_file.status,
            now=self.clock(),
            started_at=self.started_at,
            screen_size=(size.width(), size.height()) if size is not None else None,
            addresses=self._addresses(),
            uptake_waiting=self._uptake_waiting(),
        )

    def _uptake_waiting(self) -> int | str | None:
        """Events waiting for Matomo, when they are forwarded (a fresh read-only look)."""
        from kiosk.uptake.store import StoreError, waiting_to_forward

        if self.forwarder is None or self.recorder is None:
            return None
        try:
            return waiting_to_forward(self.recorder.path)
        except StoreError as exc:
            return str(exc)

    @staticmethod
    def _addresses() -> list[str]:
        from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

        found = []
        for address in QNetworkInterface.allAddresses():
            if address.isLoopback() or address.isLinkLocal():
                continue
            ipv4 = address.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol
            found.append((not ipv4, address.toString()))
        return [text for _, text in sorted(found)]

    def _admin_action(self, action: str) -> None:
        if action == "refresh":
            if self.feed_service is not None:
                self._feed_paused = None
                self.feed_service.refreshNow()
                self.admin.say("Refreshing the feed")
            else:
                self.admin.say("The demo feed has nothing to refresh")
        elif action == "next":
            self.rotation.advance()
            self.admin.say("Next poster")
        elif action == "screenshot":
            path = self.config.state_dir / f"screenshot-{now():%Y%m%d-%H%M%S}.png"
            self.admin.close()  # the poster, not the admin screen
            saved = self.screenshot(path)
            self.admin.say(f"Saved {path}" if saved else "Could not save the screenshot")
        elif action == "restart":
            self._quit(EXIT_RESTART)
        elif action == "exit":
            self._quit(0)

    def _quit(self, code: int) -> None:
        logger.info("exit requested from the admin screen (code %d)", code)
        self.exit_code = code
        self.app.exit(code)

    # --- running --------------------------------------------------------------------------

    def show(self) -> None:
        if self.windowed:
            self.window.show()
        else:
            # Cover the whole screen even where no window manager honours the fullscreen request
            # (a bare X session is common on kiosk PCs).
            screen = self.window.screen() or self.app.primaryScreen()
            if screen is not None:
                self.window.setGeometry(screen.geometry())
            self.window.showFullScreen()
        self.window.installEventFilter(self.guard)
        self.window.installEventFilter(self.standby)
        # The admin filter goes last, so it sees every key and touch first.
        self.window.installEventFilter(self.admin)
        self.guard.start()
        self.standby.start()
        self._healthy_timer.start()
        if self.heartbeat is not None:
            self.heartbeat.start()
        if self.outbox_service is not None:
            self.outbox_service.start()

    def exit_after(self, seconds: float, screenshot: Path | None = None) -> None:
        self._screenshot = screenshot
        self._quit_timer.start(int(seconds * 1000))

    def screenshot(self, path: Path) -> bool:
        image = self.window.grabWindow()
        path.parent.mkdir(parents=True, exist_ok=True)
        ok = image.save(str(path))
        if not ok:
            logger.error("could not save the screenshot to %s", path)
        return bool(ok)

    def _exit_now(self) -> None:
        if self._screenshot is not None:
            self.screenshot(self._screenshot)
        self.exit_code = 0
        self.app.quit()

    def run(self) -> int:
        """Run until asked to stop; 0 only when asked (Exit, --exit-after), so that an
        autostart restarts a fullscreen kiosk whose window went away for any other reason."""
        self.show()
        code = self.app.exec()
        self.close()
        if code == 0 and self.exit_code is None and not self.windowed:
            logger.error("the kiosk's window closed without being asked to; exit code 1")
            return 1
        return code

    def close(self) -> None:
        """Stop every timer and thread and delete the window; safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        self._first_content.stop()
        self.housekeeping.stop()
        if self.feed_service is not None:
            self.feed_service.stop()
        self.rotation.stop()
        self.standby.stop()
        self.admin.stop()
        self.window.removeEventFilter(self.standby)
        self.window.removeEventFilter(self.admin)
        if self._display_power is not None:
            if self.standby.active:
                self._display_power.set_power(True)
            self._display_power.wait()
        if self.touch is not None:
            self.touch.close()
        self.guard.stop()
        self.window.removeEventFilter(self.guard)
        self._quit_timer.stop()
        self._burn_in.stop()
        self._healthy_timer.stop()
        self.crash_loop.mark_healthy()  # a clean end is not a crash
        self.systemd.stop()
        if self.heartbeat is not None:
            self.heartbeat.stop()
        self.tracker.poster_hidden()
        if self.recorder is not None:
            self.recorder.close()
        if self.forwarder is not None:
            self.forwarder.stop()
        if self.outbox_service is not None:
            self.outbox_service.stop()
        self.window.close()
        # The window and its QML engine go first, while Python is still fully alive: they hold
        # references to Python objects (poster data) that must not outlive the interpreter.
        shiboken6.delete(self.window)
        self.app.processEvents()
        from kiosk.ui.qr_item import use_matrices

        use_matrices(None)
        remove_handlers()


def prepare_platform(args: argparse.Namespace) -> None:
    if getattr(args, "command", None) in ("posters", "print-posters") or (
        args.screenshot and not _has_display()
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
    if not _has_display():
        raise UsageError(
            "qi-kiosk: no display found (DISPLAY is not set); run it on the screen's desktop, "
            "or use 'qi-kiosk posters --out DIR' to render the posters to files"
        )


def create_from_args(
    args: argparse.Namespace, *, clock: Callable[[], dt.datetime] | None = None
) -> Kiosk:
    prepare_platform(args)
    config = resolve_config(args)
    setup_logging(config.log, config.state_dir)
    kiosk = Kiosk(config, windowed=args.windowed, size=args.size, clock=clock)
    if args.exit_after or args.screenshot:
        kiosk.exit_after(args.exit_after or 3.0, args.screenshot)
    return kiosk


def create(argv: Sequence[str], *, clock: Callable[[], dt.datetime] | None = None) -> Kiosk:
    """Build the kiosk exactly as ``qi-kiosk ARGV`` would, without running the event loop.

    ``clock`` replaces the wall clock for opening hours, the PIN lock, the burn-in orbit and the
    feed's age.
    """
    args = parse_args(argv)
    if args.command is not None:
        raise UsageError(f"qi-kiosk: create() runs the kiosk, not the {args.command!r} command")
    return create_from_args(args, clock=clock)
