"""Where a person is in touch mode: the screen stack, Back and Home, and forgetting them.

The stack starts at Attract. Waking the screen starts a session on Browse; with no input for
`idle_ms` the kiosk returns to Attract, ends the session and asks every model to reset, so the
next person sees nothing of the last one's browsing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import Property, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)

logger = logging.getLogger(__name__)

SCREENS = ("attract", "browse", "project", "start", "celebrate", "plan", "chart")
HOME = "browse"

_INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class Navigator(QObject):
    screenChanged = Signal()
    transitionMsChanged = Signal()
    woken = Signal()
    """A session started (Attract was touched)."""
    resetRequested = Signal()
    """Idle for too long: forget everything of the last person (search, filters, scroll)."""
    sessionEnded = Signal(float)

    def __init__(
        self,
        *,
        idle_ms: int,
        transition_ms: int,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._stack: list[str] = ["attract"]
        self._transition_ms = transition_ms
        self._clock = clock
        self._session_start: float | None = None
        self.idleTimer = QTimer(self)
        self.idleTimer.setObjectName("idleTimer")
        self.idleTimer.setSingleShot(True)
        self.idleTimer.setInterval(idle_ms)
        self.idleTimer.timeout.connect(self.sleep)

    # --- what QML sees --------------------------------------------------------------------

    @Property(str, notify=screenChanged)
    def screen(self) -> str:
        return self._stack[-1]

    @Property(bool, notify=screenChanged)
    def canGoBack(self) -> bool:
        return self.screen != "attract"

    @Property(int, notify=transitionMsChanged)
    def transitionMs(self) -> int:
        return self._transition_ms

    @property
    def in_session(self) -> bool:
        return self._session_start is not None

    @Slot()
    def wake(self) -> None:
        """The first touch on Attract: start a session on Browse (it opens nothing else)."""
        if self.screen != "attract":
            return
        self._session_start = self._clock()
        self._set_stack(["attract", HOME])
        self.idleTimer.start()
        logger.info("touch session started")
        self.woken.emit()

    @Slot(str)
    def wakeTo(self, screen: str) -> None:
        """A touch on one of Attract's own buttons: start a session on that screen, over
        Browse (so Back leads to all the projects)."""
        if self.screen != "attract":
            return
        self.wake()
        if screen != HOME:
            self.go(screen)

    @Slot(str)
    def go(self, screen: str) -> None:
        """Open a screen on top of the current one (Back returns)."""
        if screen not in SCREENS or screen == "attract":
            raise ValueError(f"cannot go to screen {screen!r}")
        if self.screen == "attract":
            return
        if screen != self.screen:
            self._set_stack([*self._stack, screen])

    @Slot()
    def back(self) -> None:
        """One screen back; back from Browse leaves: the session ends as if idle."""
        if len(self._stack) > 2:
            self._set_stack(self._stack[:-1])
        elif self.screen == HOME:
            self.sleep()

    @Slot()
    def home(self) -> None:
        if self.screen != "attract":
            self._set_stack(["attract", HOME])

    @Slot()
    def sleep(self) -> None:
        """Back to Attract: the session ends and everything of it is forgotten."""
        self.idleTimer.stop()
        if self._session_start is not None:
            duration = max(0.0, self._clock() - self._session_start)
            self._session_start = None
            logger.info("touch session ended after %.0f s", duration)
            self.sessionEnded.emit(duration)
        self.resetRequested.emit()
        self._set_stack(["attract"])

    def _set_stack(self, stack: list[str]) -> None:
        before = self.screen
        self._stack = stack
        if self.screen != before:
            self.screenChanged.emit()

    # --- idle -----------------------------------------------------------------------------

    @property
    def idle_ms(self) -> int:
        return self.idleTimer.interval()

    def poke(self) -> None:
        """Someone is using the screen: start the idle countdown again."""
        if self.screen != "attract":
            self.idleTimer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.poke()
        return False
