"""The admin screen behind a PIN, for the hub team and IT.

Opened by Ctrl+Alt+A, or by holding the top-left corner of the screen for 5 seconds
(``adminHoldTimer``). No PIN hash in the config means no admin screen at all. The PIN is typed
on a pad (or the keyboard) and held here, never in QML; five wrong PINs lock the pad for five
minutes (:class:`kiosk.pin.PinGate`, with the injected clock). The screen closes itself after
60 s untouched (``adminIdleTimer``). Actions are emitted as ``actionRequested(name)`` for the
app to carry out.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Property, QEvent, QObject, QPointF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.pin import MAX_WRONG, PinGate, PinHash
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)

logger = logging.getLogger(__name__)

HOLD_MS = 5_000
IDLE_MS = 60_000
CORNER = 0.08
"""The top-left corner that opens the admin screen: this share of the window's height."""
ACTIONS = ("refresh", "next", "screenshot", "restart", "exit")
MAX_DIGITS = 12


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class Admin(QObject):
    openChanged = Signal()
    stageChanged = Signal()
    enteredChanged = Signal()
    messageChanged = Signal()
    infoChanged = Signal()
    actionRequested = Signal(str)

    def __init__(
        self,
        pin_hash: PinHash | None,
        *,
        now: Callable[[], dt.datetime],
        info: Callable[[], list[tuple[str, str]]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._gate = PinGate(pin_hash) if pin_hash is not None else None
        self._now = now
        self._info_source = info
        self._open = False
        self._stage = "pin"
        self._pin = ""
        self._message = ""
        self._info: list[dict[str, str]] = []
        self._hold = QTimer(self)
        self._hold.setObjectName("adminHoldTimer")
        self._hold.setSingleShot(True)
        self._hold.setInterval(HOLD_MS)
        self._hold.timeout.connect(self.show)
        self._idle = QTimer(self)
        self._idle.setObjectName("adminIdleTimer")
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_MS)
        self._idle.timeout.connect(self.close)
        self._refresh = QTimer(self)
        self._refresh.setObjectName("adminInfoTimer")
        self._refresh.setInterval(2_000)
        self._refresh.timeout.connect(self._update_info)

    # --- what QML sees --------------------------------------------------------------------

    @Property(bool, constant=True)
    def enabled(self) -> bool:
        return self._gate is not None

    @Property(bool, notify=openChanged)
    def open(self) -> bool:
        return self._open

    @Property(str, notify=stageChanged)
    def stage(self) -> str:
        """``pin`` (the pad), ``locked`` (too many wrong PINs) or ``admin`` (the screen)."""
        return self._stage

    @Property(int, notify=enteredChanged)
    def entered(self) -> int:
        """How many digits are typed (the pad shows dots, never the digits)."""
        return len(self._pin)

    @Property(str, notify=messageChanged)
    def message(self) -> str:
        return self._message

    @Property("QVariantList", notify=infoChanged)
    def info(self) -> list[dict[str, str]]:
        return self._info

    # --- opening and closing ----------------------------------------------------------------

    @Slot()
    def show(self) -> None:
        if self._gate is None or self._open:
            return
        self._open = True
        self._pin = ""
        self.enteredChanged.emit()
        self._set_message("")
        self._set_stage("locked" if self._gate.is_locked(self._now()) else "pin")
        if self._stage == "locked":
            self._set_message(self._locked_text())
        self._idle.start()
        logger.info("admin screen opened (%s)", self._stage)
        self.openChanged.emit()

    @Slot()
    def close(self) -> None:
        if not self._open:
            return
        self._open = False
        self._pin = ""
        self._idle.stop()
        self._refresh.stop()
        self._set_stage("pin")
        self.enteredChanged.emit()
        logger.info("admin screen closed")
        self.openChanged.emit()

    def stop(self) -> None:
        self._hold.stop()
        self._idle.stop()
        self._refresh.stop()

    # --- the pad ----------------------------------------------------------------------------

    @Slot(str)
    def press(self, key: str) -> None:
        """A key of the pad: a digit, ``back`` or ``ok``."""
        self._idle.start()
        if not self._open or self._stage != "pin":
            return
        if key == "back":
            self._pin = self._pin[:-1]
        elif key == "ok":
            self._submit()
            return
        elif key.isdigit() and len(key) == 1 and len(self._pin) < MAX_DIGITS:
            self._pin += key
        self.enteredChanged.emit()

    def _submit(self) -> None:
        assert self._gate is not None
        pin, self._pin = self._pin, ""
        self.enteredChanged.emit()
        result = self._gate.try_pin(pin, self._now())
        if result == "ok":
            logger.info("admin PIN accepted")
            self._set_message("")
            self._update_info()
            self._refresh.start()
            self._set_stage("admin")
        elif result == "locked":
            logger.warning("admin PIN pad locked after %d wrong PINs", MAX_WRONG)
            self._set_stage("locked")
            self._set_message(self._locked_text())
        else:
            left = MAX_WRONG - self._gate.wrong
            logger.warning("wrong admin PIN (%d more before the lock)", left)
            self._set_message(f"Wrong PIN: {left} {'try' if left == 1 else 'tries'} left")

    def _locked_text(self) -> str:
        assert self._gate is not None
        until = self._gate.locked_until(self._now())
        if until is None:
            return ""
        minutes = max(1, round((until - self._now()).total_seconds() / 60))
        return f"Locked after {MAX_WRONG} wrong PINs. Try again in {minutes} min."

    # --- actions ----------------------------------------------------------------------------

    @Slot(str)
    def act(self, action: str) -> None:
        self._idle.start()
        if not self._open or self._stage != "admin" or action not in ACTIONS:
            return
        logger.info("admin action: %s", action)
        self.actionRequested.emit(action)
        self._update_info()

    def say(self, text: str) -> None:
        """A line under the actions: what the last action did."""
        self._set_message(text)

    # --- helpers ----------------------------------------------------------------------------

    def _set_stage(self, stage: str) -> None:
        if stage != self._stage:
            self._stage = stage
            self.stageChanged.emit()

    def _set_message(self, text: str) -> None:
        if text != self._message:
            self._message = text
            self.messageChanged.emit()

    def _update_info(self) -> None:
        rows = [{"label": label, "value": value} for label, value in self._info_source()]
        if rows != self._info:
            self._info = rows
            self.infoChanged.emit()

    # --- input --------------------------------------------------------------------------------

    def _in_corner(self, watched: QObject, pos: QPointF) -> bool:
        height = watched.property("height") if hasattr(watched, "property") else None
        side = CORNER * float(height or 720)
        return pos.x() <= side and pos.y() <= side

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._gate is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            mods = event.modifiers()
            wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            if event.key() == Qt.Key.Key_A and (mods & wanted) == wanted:
                self.show()
                return True
            if self._open:
                self._key(event)
                return True
            return False
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            if self._open:
                self._idle.start()
            pos = _position(event)
            if pos is not None and not self._open and self._in_corner(watched, pos):
                self._hold.start()
            return False
        if kind in (
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            self._hold.stop()
        elif kind in (QEvent.Type.MouseMove, QEvent.Type.TouchUpdate) and self._hold.isActive():
            pos = _position(event)
            if pos is not None and not self._in_corner(watched, pos):
                self._hold.stop()
        return False

    def _key(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("ok")
        elif key == Qt.Key.Key_Backspace:
            self.press("back")
        elif event.text().isdigit():
            self.press(event.text())
        else:
            self._idle.start()


def _position(event: QEvent) -> QPointF | None:
    if isinstance(event, QMouseEvent):
        return event.position()
    if isinstance(event, QTouchEvent) and event.points():
        return event.points()[0].position()
    return None
