"""Touch mode: the objects behind the Attract, Browse, Project and Start screens, wired together.

``build_touch`` makes them all; the app passes the returned :class:`Touch` to QML and calls
:meth:`Touch.set_catalogue` whenever a new feed arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable
from PySide6.QtQuick import QQuickWindow

from kiosk.catalogue import Catalogue
from kiosk.config import KioskConfig
from kiosk.outbox import Outbox
from kiosk.qr import QrPolicy
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)
from kiosk.ui.browse import Browse
from kiosk.ui.celebrate import CelebratePage
from kiosk.ui.chart_tool import ChartTool
from kiosk.ui.navigator import Navigator
from kiosk.ui.plan_tool import PlanTool
from kiosk.ui.project_page import ProjectPage
from kiosk.ui.spc_images import PROVIDER as SPC_IMAGES
from kiosk.ui.spc_images import SpcImages
from kiosk.ui.templates import StartPage
from kiosk.ui.uptake import Uptake
from kiosk.uptake.recorder import Tracker

logger = logging.getLogger(__name__)

TRANSITION_MS = 200
"""Screen changes: quick enough never to be in the way (at most 250 ms)."""
STATUS_SCREENS = {"plan": "start", "chart": "start"}
"""The tools belong to "Start your own": the status file reports them as `start`."""
SCREEN_REPORT_MS = 250
"""A screen change is reported once the new screen's first frame is out, or after this long
without a frame (a hidden window)."""


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class Touch(QObject):
    """Everything the touch screens see, and the actions they can take."""

    screenChanged = Signal(str)
    """The screen on show, for the status file. Reported once the new screen's first frame
    has been shown (writing the file, with its fsyncs, is then not on the way to that frame),
    or after ``SCREEN_REPORT_MS`` without a frame."""
    askVisitorChanged = Signal()

    def __init__(
        self,
        config: KioskConfig,
        qr: QrPolicy,
        *,
        outbox: Outbox | None = None,
        on_queued: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._visitor_groups = list(config.uptake.visitor_groups) if config.uptake.enabled else []
        self._ask_visitor = False
        self._navigator = Navigator(
            idle_ms=config.touch.idle_seconds * 1000,
            transition_ms=0 if config.display.reduced_motion else TRANSITION_MS,
            parent=self,
        )
        self._browse = Browse(self)
        self._images = SpcImages()
        self._project = ProjectPage(qr, self._images, self)
        self._start = StartPage(qr, self)
        self._uptake = Uptake(self)
        self._celebrate = CelebratePage(parent=self)
        self._plan = PlanTool(
            screen_id=config.screen_id,
            recipient=config.intake.email or "",
            outbox=outbox,
            on_queued=on_queued,
            parent=self,
        )
        self._chart_tool = ChartTool(rules=config.spc.rules, parent=self)
        self._unreported: str | None = None
        self._report_timer = QTimer(self)
        self._report_timer.setObjectName("screenReportTimer")
        self._report_timer.setSingleShot(True)
        self._report_timer.setInterval(SCREEN_REPORT_MS)
        self._report_timer.timeout.connect(self._report_screen)

        nav, uptake = self._navigator, self._uptake
        nav.woken.connect(uptake.sessionStarted)
        nav.woken.connect(lambda: self._set_ask_visitor(bool(self._visitor_groups)))
        nav.sessionEnded.connect(uptake.sessionEnded)
        nav.resetRequested.connect(self._forget)
        nav.screenChanged.connect(self._screen_shown)
        self._plan.planSent.connect(uptake.planSent)
        self._plan.stepChanged.connect(self._plan_step_shown)
        self._plan_qr_counted = False
        self._last_screen = nav.screen
        self._browse.searchUsed.connect(uptake.searchUsed)
        self._browse.filters.used.connect(uptake.filterUsed)

    @Property(Navigator, constant=True)
    def navigator(self) -> Navigator:
        return self._navigator

    @Property(Browse, constant=True)
    def browse(self) -> Browse:
        return self._browse

    @Property(ProjectPage, constant=True)
    def project(self) -> ProjectPage:
        return self._project

    @Property(StartPage, constant=True)
    def start(self) -> StartPage:
        return self._start

    @Property(Uptake, constant=True)
    def uptake(self) -> Uptake:
        return self._uptake

    @Property(CelebratePage, constant=True)
    def celebrate(self) -> CelebratePage:
        return self._celebrate

    @Property("QStringList", constant=True)
    def visitorGroups(self) -> list[str]:
        """The choices on the "Who's visiting today?" bar (none when uptake is off)."""
        return self._visitor_groups

    @Property(bool, notify=askVisitorChanged)
    def askVisitor(self) -> bool:
        """The bar is up: a session has started and the visitor has neither answered nor moved
        on from Browse."""
        return self._ask_visitor

    def _set_ask_visitor(self, ask: bool) -> None:
        if ask != self._ask_visitor:
            self._ask_visitor = ask
            self.askVisitorChanged.emit()

    @Slot(str)
    def chooseVisitorGroup(self, group: str) -> None:
        if not self._ask_visitor or group not in self._visitor_groups:
            return
        self._set_ask_visitor(False)
        self._uptake.visitorGroupChosen.emit(group)

    @Slot()
    def skipVisitorGroup(self) -> None:
        self._set_ask_visitor(False)

    @Property(PlanTool, constant=True)
    def plan(self) -> PlanTool:
        return self._plan

    @Property(ChartTool, constant=True)
    def chartTool(self) -> ChartTool:
        return self._chart_tool

    # --- actions --------------------------------------------------------------------------

    @Slot(str)
    def openProject(self, project_id: str) -> None:
        if not self._project.open(project_id):
            logger.warning("cannot open project %r: not in the catalogue", project_id)
            return
        self._navigator.go("project")
        self._set_ask_visitor(False)
        self._uptake.projectOpened.emit(project_id)
        if self._project.values.get("qrUrl"):
            self._uptake.qrShown.emit("project", project_id)

    @Slot()
    def openStart(self) -> None:
        self._navigator.go("start")
        self._set_ask_visitor(False)

    @Slot()
    def openCelebrate(self) -> None:
        """From Browse; Attract wakes straight into it with ``navigator.wakeTo``."""
        self._navigator.go("celebrate")

    def _screen_shown(self) -> None:
        screen = self._navigator.screen
        # Leaving a tool (Back, Home or idle) forgets what was typed in it there and then.
        if self._last_screen == "plan" != screen:
            self._plan.reset()
            self._plan_qr_counted = False
        elif self._last_screen == "chart" != screen:
            self._chart_tool.reset()
        self._last_screen = screen
        if screen not in ("attract", "browse"):
            self._set_ask_visitor(False)  # the visitor has moved on without answering
        if screen == "celebrate":
            self._celebrate.refresh()  # a spotlight may have ended since the feed came
        self._unreported = STATUS_SCREENS.get(screen, screen)
        if not self._report_timer.isActive():
            self._report_timer.start()

    def _report_screen(self) -> None:
        """After the first frame of a new screen (or the timer): say which screen is on show."""
        screen, self._unreported = self._unreported, None
        if screen is not None:
            self._report_timer.stop()
            self.screenChanged.emit(screen)

    @Slot(str)
    def openTool(self, tool_id: str) -> None:
        """Open a QI tool (``plan`` or ``chart``) from Start your own, fresh."""
        if tool_id == "plan":
            self._plan.reset()
            self._plan_qr_counted = False
        elif tool_id == "chart":
            self._chart_tool.reset()
        else:
            logger.warning("no tool %r", tool_id)
            return
        self._navigator.go(tool_id)
        self._uptake.toolUsed.emit(tool_id)

    @Slot(str)
    def chooseTemplate(self, template_id: str) -> None:
        if not self._start.choose(template_id):
            logger.warning("cannot choose template %r: not in the feed", template_id)
            return
        self._uptake.templateChosen.emit(template_id)
        if self._start.chosen.get("qrUrl"):
            self._uptake.qrShown.emit("template", template_id)

    def _plan_step_shown(self) -> None:
        """The plan's last step shows its take-away QR code: counted once per plan."""
        last = self._plan.property("stepCount") - 1
        if self._plan.property("step") == last and not self._plan_qr_counted:
            self._plan_qr_counted = True
            self._uptake.qrShown.emit("tool", "plan")

    def _forget(self) -> None:
        self._plan_qr_counted = False
        self._set_ask_visitor(False)
        self._browse.reset()
        self._project.close()
        self._start.reset()
        self._plan.reset()
        self._chart_tool.reset()

    # --- content --------------------------------------------------------------------------

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._browse.set_catalogue(catalogue)
        self._project.set_catalogue(catalogue)
        self._start.set_feed(catalogue.feed)
        self._celebrate.set_feed(catalogue.feed)

    def watch(self, window: QQuickWindow) -> None:
        """Input to this window keeps a session alive (a window filter, not an application one:
        a Python filter on the whole application sees every event of every object); a screen
        change is reported after the window's next frame."""
        window.installEventFilter(self._navigator)
        window.frameSwapped.connect(self._frame_shown)
        window.engine().addImageProvider(SPC_IMAGES, self._images)

    def _frame_shown(self) -> None:
        if self._unreported is not None:
            # Just after the swap: report on the next turn of the event loop, not within it.
            QTimer.singleShot(0, self._report_screen)

    def close(self) -> None:
        self._navigator.idleTimer.stop()
        self._report_timer.stop()


def build_touch(
    config: KioskConfig,
    qr: QrPolicy,
    *,
    on_screen: Callable[[str], None] | None = None,
    tracker: Tracker | None = None,
    outbox: Outbox | None = None,
    on_queued: Callable[[], None] | None = None,
    parent: QObject | None = None,
) -> Touch:
    """Create the touch-mode objects; call ``Touch.watch(window)`` once the window exists."""
    touch = Touch(config, qr, outbox=outbox, on_queued=on_queued, parent=parent)
    if tracker is not None:
        touch.uptake.attach(tracker)
    if on_screen is not None:
        touch.screenChanged.connect(on_screen)
    return touch
