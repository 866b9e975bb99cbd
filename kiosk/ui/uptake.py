"""The one object that tells the rest of the kiosk what people did on the touch screen.

Each signal is a meaningful event for uptake reporting. The Qt side only forwards them: the
app attaches a Qt-free :class:`kiosk.uptake.recorder.Tracker`, which records them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)
from kiosk.uptake.recorder import Tracker

logger = logging.getLogger(__name__)

SIGNALS = (
    "sessionStarted",
    "sessionEnded",
    "visitorGroupChosen",
    "projectOpened",
    "qrShown",
    "templateChosen",
    "searchUsed",
    "filterUsed",
    "toolUsed",
    "planSent",
)


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class Uptake(QObject):
    sessionStarted = Signal()
    """Someone woke the screen."""
    sessionEnded = Signal(float)
    """The screen went back to Attract after this many seconds of use."""
    visitorGroupChosen = Signal(str)
    """The visitor tapped their group on the "Who's visiting today?" bar."""
    projectOpened = Signal(str)
    qrShown = Signal(str, str)
    """A QR code was put on screen: kind ("project" or "template") and id."""
    templateChosen = Signal(str)
    searchUsed = Signal()
    """A search was typed (once per search, not per keystroke)."""
    filterUsed = Signal(str)
    """A filter of this kind (theme, stage, site, department) was switched on."""
    toolUsed = Signal(str)
    """A QI tool was opened: "plan" or "chart"."""
    planSent = Signal()
    """A plan was queued for the QI team."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        for name in SIGNALS:
            getattr(self, name).connect(
                lambda *args, _name=name: logger.debug("uptake %s %s", _name, args)
            )

    def attach(self, tracker: Tracker) -> None:
        """Record every event through `tracker` (on the GUI thread; it only queues them)."""
        self.sessionStarted.connect(tracker.session_started)
        self.sessionEnded.connect(tracker.session_ended)
        self.visitorGroupChosen.connect(tracker.visitor_group)
        self.projectOpened.connect(tracker.project_opened)
        self.qrShown.connect(tracker.qr_shown)
        self.templateChosen.connect(tracker.template_chosen)
        self.searchUsed.connect(tracker.search_used)
        self.filterUsed.connect(tracker.filter_used)
        self.toolUsed.connect(tracker.tool_used)
        self.planSent.connect(lambda: tracker.plan_sent("plan"))
