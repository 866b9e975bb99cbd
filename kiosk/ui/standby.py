"""Standby outside opening hours: the schedule's clock, on the GUI thread.

``active`` is true while the screen is in standby. Its timer (``standbyTimer``) is set for the
schedule's next change, and never longer than ``RECHECK_MS``, so a clock that jumps (a PC
that slept, a corrected system clock) is noticed within minutes. In touch mode a touch during
standby wakes the screen for the touch idle time (``standbyWakeTimer``, restarted by each
input).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Property, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.schedule import Schedule
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)

logger = logging.getLogger(__name__)

RECHECK_MS = 5 * 60 * 1000

_INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
}


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class Standby(QObject):
    activeChanged = Signal()
    clockChanged = Signal()

    def __init__(
        self,
        schedule: Schedule | None,
        *,
        now: Callable[[], dt.datetime],
        wake_ms: int = 0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._schedule = schedule
        self._now = now
        self._active = False
        self._closed = False
        self._clock = ""
        self._clock_pos = (0.5, 0.5)
        self._timer = QTimer(self)
        self._timer.setObjectName("standbyTimer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        self._clock_timer = QTimer(self)
        self._clock_timer.setObjectName("standbyClockTimer")
        self._clock_timer.setSingleShot(True)
        self._clock_timer.timeout.connect(self._tick_clock)
        self._wake = QTimer(self)
        self._wake.setObjectName("standbyWakeTimer")
        self._wake.setSingleShot(True)
        self._wake.setInterval(max(1, wake_ms))
        self._wake.timeout.connect(self.check)
        self._wake_enabled = wake_ms > 0

    # --- what QML sees --------------------------------------------------------------------

    @Property(bool, notify=activeChanged)
    def active(self) -> bool:
        return self._active

    @Property(str, constant=True)
    def mode(self) -> str:
        return self._schedule.standby if self._schedule else "blank"

    @Property(str, notify=clockChanged)
    def clock(self) -> str:
        return self._clock

    @Property(float, notify=clockChanged)
    def clockX(self) -> float:
        """Where the clock stands across the screen (0-1); it moves every minute."""
        return self._clock_pos[0]

    @Property(float, notify=clockChanged)
    def clockY(self) -> float:
        return self._clock_pos[1]

    # --- behaviour ------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """Outside opening hours (whether or not a touch has woken the screen)."""
        return self._closed

    @property
    def woken(self) -> bool:
        return self._wake.isActive()

    def start(self) -> None:
        self.check()

    def stop(self) -> None:
        self._timer.stop()
        self._clock_timer.stop()
        self._wake.stop()

    @Slot()
    def check(self) -> None:
        """Compare the schedule with the clock now; enter or leave standby; set the timer."""
        if self._schedule is None:
            return
        now = self._now()
        self._closed = not self._schedule.is_open(now)
        if not self._closed:
            self._wake.stop()
        self._set_active(self._closed and not self._wake.isActive())
        change = self._schedule.next_change(now)
        delay = RECHECK_MS
        if change is not None:
            delay = min(RECHECK_MS, max(0, int((change - now).total_seconds() * 1000) + 1))
        self._timer.start(delay)

    def _set_active(self, active: bool) -> None:
        if active == self._active:
            return
        self._active = active
        assert self._schedule is not None
        logger.info(
            "%s standby: %s",
            "entering" if active else "leaving",
            self._schedule.describe(self._now()),
        )
        if active and self._schedule.standby == "clock":
            self._tick_clock()
        else:
            self._clock_timer.stop()
        self.activeChanged.emit()

    def _tick_clock(self) -> None:
        assert self._schedule is not None
        local = self._now().astimezone(self._schedule.zone)
        text = f"{local:%H:%M}"
        if text != self._clock:
            self._clock = text
            # A different place each minute, so the clock never burns into the panel.
            minute = local.hour * 60 + local.minute
            self._clock_pos = ((minute * 37) % 97 / 96, (minute * 59) % 89 / 88)
            self.clockChanged.emit()
        # The next minute boundary, so the clock changes once a minute and no more.
        self._clock_timer.start(max(50, (60 - local.second) * 1000 - local.microsecond // 1000))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._wake_enabled or not self._closed or event.type() not in _INPUT_EVENTS:
            return False
        was_active = self._active
        self._wake.start()
        if was_active:
            logger.info("woken by a touch for %d s", self._wake.interval() // 1000)
            self._set_active(False)
            return True  # the touch only wakes the screen
        return False
