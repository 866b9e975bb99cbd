"""Qt's and QML's own messages go to the kiosk's log, at their level."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

logger = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_previous: Callable[..., Any] | None = None


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    logger.log(_LEVELS.get(kind, logging.WARNING), "%s", message)
    if _previous is not None:
        # Keep whatever handler was there before (a test harness's, for one) working too.
        _previous(kind, context, message)


def install_qt_message_handler() -> None:
    global _previous  # noqa: PLW0603 (Qt has one process-wide handler)
    previous = qInstallMessageHandler(_handle)
    if previous is not _handle:
        _previous = previous
