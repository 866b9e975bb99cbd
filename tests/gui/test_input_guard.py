"""An unattended screen: the pointer hides itself, Esc does nothing, Ctrl+Q quits a window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent

from kiosk.ui.input_guard import InputGuard


def key(k: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, k, modifiers)


def test_cursor_hides_after_inactivity_and_comes_back_on_movement(qapp, qtbot) -> None:
    guard = InputGuard(qapp, hide_cursor_ms=50, allow_quit=False)
    guard.start()
    qtbot.waitUntil(lambda: guard.cursor_hidden, timeout=2000)
    assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.BlankCursor
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    guard.eventFilter(qapp, move)
    assert not guard.cursor_hidden and QGuiApplication.overrideCursor() is None
    qtbot.waitUntil(lambda: guard.cursor_hidden, timeout=2000)
    guard.stop()
    assert QGuiApplication.overrideCursor() is None


def test_quit_keys(qapp, qtbot) -> None:
    fullscreen = InputGuard(qapp, hide_cursor_ms=0, allow_quit=False)
    assert not fullscreen.eventFilter(qapp, key(Qt.Key.Key_Escape))
    assert not fullscreen.eventFilter(qapp, key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier))
    windowed = InputGuard(qapp, hide_cursor_ms=0, allow_quit=True)
    with qtbot.waitSignal(qapp.aboutToQuit, timeout=1000, raising=False):
        assert windowed.eventFilter(qapp, key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier))
    assert not windowed.eventFilter(qapp, key(Qt.Key.Key_Escape))
