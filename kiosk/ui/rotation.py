"""The display rotation: two poster slots that take turns in front.

While one slot is on screen, the other already holds the next poster, so its image is decoded
and its chart laid out long before the crossfade. After each crossfade the hidden slot is
refilled with the poster after next. Nothing runs between transitions but one timer.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalogue import Catalogue
from kiosk.feed.model import Hub, Project
from kiosk.playlist import Playlist
from kiosk.qr import QrPolicy
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)
from kiosk.ui.poster_data import about_values, poster_values

logger = logging.getLogger(__name__)

READY_POLL_MS = 100
READY_WAIT_MS = 3_000


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class Rotation(QObject):
    """Which poster is in front, which is prepared behind it, and when to swap."""

    slotAChanged = Signal()
    slotBChanged = Signal()
    frontChanged = Signal()
    backReadyChanged = Signal()
    dwellStarted = Signal(int)
    """A poster has come to the front and will stay this many milliseconds."""
    showingChanged = Signal(str)
    pausedChanged = Signal()

    def __init__(
        self,
        *,
        dwell_ms: int,
        transition_ms: int,
        qr: QrPolicy,
        now: Callable[[], dt.datetime],
        playlist_factory: Callable[[Catalogue], Playlist],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._dwell_ms = dwell_ms
        self._transition_ms = transition_ms
        self._qr = qr
        self._now = now
        self._playlist_factory = playlist_factory
        self._catalogue: Catalogue | None = None
        self._playlist: Playlist | None = None
        self._hub = Hub()
        self._slots: list[dict[str, Any]] = [{}, {}]
        self._front = 0
        self._back_ready = True
        self._waited_ms = 0
        self._paused = False
        self._back_held = False
        self._current_dwell_ms = 0
        self.changes = 0
        """Posters brought to the front since start (a heartbeat for tests and benchmarks)."""

        self._dwell = QTimer(self)
        self._dwell.setObjectName("rotationTimer")
        self._dwell.setSingleShot(True)
        self._dwell.timeout.connect(self._dwell_over)
        self._transition = QTimer(self)
        self._transition.setObjectName("transitionTimer")
        self._transition.setSingleShot(True)
        self._transition.timeout.connect(self._transition_over)

    # --- what QML sees --------------------------------------------------------------------

    @Property("QVariantMap", notify=slotAChanged)
    def slotA(self) -> dict[str, Any]:
        return self._slots[0]

    @Property("QVariantMap", notify=slotBChanged)
    def slotB(self) -> dict[str, Any]:
        return self._slots[1]

    @Property(int, notify=frontChanged)
    def front(self) -> int:
        return self._front

    @Property(int, constant=True)
    def transitionMs(self) -> int:
        return self._transition_ms

    def _get_back_ready(self) -> bool:
        return self._back_ready

    def _set_back_ready(self, ready: bool) -> None:
        if ready != self._back_ready:
            self._back_ready = ready
            self.backReadyChanged.emit()

    backReady = Property(bool, _get_back_ready, _set_back_ready, notify=backReadyChanged)

    @Property(bool, notify=pausedChanged)
    def paused(self) -> bool:
        return self._paused

    @Slot(result=int)
    def dwellTotalMs(self) -> int:
        """How long the poster in front stays in all (0 when no dwell runs)."""
        return self._current_dwell_ms if self._dwell.isActive() else 0

    @Slot(result=int)
    def dwellLeftMs(self) -> int:
        """How much of the poster in front's dwell is left (0 when no dwell runs)."""
        return max(0, self._dwell.remainingTime()) if self._dwell.isActive() else 0

    def pause(self) -> None:
        """Stop rotating (standby): no timer runs until :meth:`resume`."""
        if not self._paused:
            self._paused = True
            self.stop()
            self.pausedChanged.emit()

    def resume(self) -> None:
        if self._paused:
            self._paused = False
            self.pausedChanged.emit()
            self._start_dwell()

    @property
    def showing(self) -> str:
        return str(self._slots[self._front].get("projectId", ""))

    @property
    def front_values(self) -> dict[str, Any]:
        return self._slots[self._front]

    # --- content --------------------------------------------------------------------------

    def hold_back(self) -> None:
        """Prepare no poster behind the one in front until :meth:`release_back`: at start-up,
        building and drawing the second poster would delay the first one on screen."""
        self._back_held = True

    @Slot()
    def release_back(self) -> None:
        """Prepare the poster behind the one in front (long before its crossfade)."""
        if not self._back_held:
            return
        self._back_held = False
        back = 1 - self._front
        if self._catalogue is not None and not self._slots[back]:
            self._fill(back, self._pick(self.showing or None, avoid_front=True))

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Show a new or refreshed catalogue without disturbing the poster on screen."""
        first = self._catalogue is None
        self._catalogue = catalogue
        self._playlist = self._playlist_factory(catalogue)
        self._hub = catalogue.feed.hub
        if first or not self._slots[self._front]:
            self._fill(self._front, self._pick(None))
            self._fill(1 - self._front, self._pick(self.showing or None, avoid_front=True))
            self._start_dwell()
            return
        # The poster in front stays (even if its project has left the feed: it goes at the next
        # transition); if its project changed, it is updated in place.
        front = catalogue.get(self.showing)
        if front is not None:
            self._fill(self._front, front, only_if_changed=True)
        elif self.front_values.get("about") and len(catalogue):
            self._fill(self._front, self._pick(None))
            self._start_dwell()
        self._fill(
            1 - self._front,
            self._pick(self.showing or None, avoid_front=True),
            only_if_changed=True,
        )
        if not self._dwell.isActive() and not self._transition.isActive():
            self._start_dwell()

    def _pick(self, after: str | None, *, avoid_front: bool = False) -> Project | None:
        if self._playlist is None:
            return None
        project = self._playlist.next_after(after, self._now())
        if avoid_front and project is not None and project.id == self.showing:
            return None  # only one poster to show: it just stays
        return project

    def _fill(self, slot: int, project: Project | None, *, only_if_changed: bool = False) -> None:
        assert self._catalogue is not None
        if self._back_held and slot != self._front:
            return  # filled on release_back()
        if project is None:
            values = about_values(self._hub, self._qr) if slot == self._front else {}
        else:
            today = self._now().astimezone().date()
            values = poster_values(project, self._catalogue, self._qr, today)
        if only_if_changed and values == self._slots[slot]:
            return
        self._slots[slot] = values
        (self.slotAChanged if slot == 0 else self.slotBChanged).emit()
        if slot == self._front:
            self.showingChanged.emit(self.showing)

    # --- timing ---------------------------------------------------------------------------

    def _dwell_for(self, values: dict[str, Any]) -> int:
        project = self._catalogue.get(values.get("projectId", "")) if self._catalogue else None
        if project is not None and project.display.dwell_seconds and self._playlist is not None:
            return self._playlist.dwell_seconds(project, self._dwell_ms // 1000) * 1000
        return self._dwell_ms

    def _start_dwell(self) -> None:
        if self._paused:
            return
        ms = self._dwell_for(self.front_values)
        self._waited_ms = 0
        self._current_dwell_ms = ms
        self._dwell.start(ms)
        self.dwellStarted.emit(ms)

    def _dwell_over(self) -> None:
        if self._paused:
            return
        back = 1 - self._front
        if self._back_held:
            self.release_back()  # the dwell ended before the first poster was seen on screen
        if not self._slots[back]:
            # Nothing else to show: refill (the feed may have changed) and stay.
            self._fill(back, self._pick(self.showing or None, avoid_front=True))
            self._start_dwell()
            return
        if not self._back_ready and self._waited_ms < READY_WAIT_MS:
            self._waited_ms += READY_POLL_MS
            self._dwell.start(READY_POLL_MS)
            return
        if not self._back_ready:
            logger.warning(
                "poster %s not ready after %d ms; showing it anyway",
                self._slots[back].get("projectId"),
                READY_WAIT_MS,
            )
        self._front = back
        self.frontChanged.emit()
        self.changes += 1
        self.showingChanged.emit(self.showing)
        self._transition.start(self._transition_ms)

    def _transition_over(self) -> None:
        hidden = 1 - self._front
        self._fill(hidden, self._pick(self.showing or None, avoid_front=True))
        self._start_dwell()

    def advance(self) -> None:
        """Go to the next poster now (an admin action); nothing while paused or mid-crossfade."""
        if self._paused or self._transition.isActive():
            return
        self._dwell.stop()
        self._waited_ms = READY_WAIT_MS  # asked for by a person: do not wait for the image
        self._dwell_over()

    @Slot()
    def stop(self) -> None:
        self._dwell.stop()
        self._transition.stop()

    def show_project(self, project_id: str) -> bool:
        """Bring one project to the front at once (for rendering posters to files)."""
        if self._catalogue is None:
            return False
        project = self._catalogue.get(project_id)
        if project is None:
            return False
        self.stop()
        self._fill(self._front, project)
        return True
