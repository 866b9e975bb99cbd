"""Plan a project, on the touchscreen: the steps, the live aim, and the two ways out.

The text fields in QML own what is typed; each edit is passed here, tidied, and the aim, hints,
summary and take-away link follow. "Send to the QI team" writes the plan to the durable outbox
before it says "Sent". Every reset (Back to Start, Home, idle) forgets the whole plan.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.outbox import Outbox, OutboxError, OutboxFull
from kiosk.tools.plan import (
    Plan,
    aim_statement,
    hints,
    mailto_link,
    month_choices,
    plan_document,
    plan_lines,
)
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)

logger = logging.getLogger(__name__)

STEPS = (
    "The problem and your aim",
    "How you will know",
    "Your first test of change",
    "Your plan",
)
MONTHS_AHEAD = 24


def month_options(today: dt.date, count: int = MONTHS_AHEAD) -> list[dict[str, str]]:
    """The next ``count`` months (this one first) for the "by when" picker."""
    return [{"value": value, "label": label} for value, label in month_choices(today, count)]


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class PlanTool(QObject):
    changed = Signal()
    stepChanged = Signal()
    sentChanged = Signal()
    cleared = Signal()
    """Every field must be emptied (the plan was reset)."""
    planSent = Signal()

    def __init__(
        self,
        *,
        screen_id: str,
        recipient: str = "",
        outbox: Outbox | None = None,
        on_queued: Callable[[], None] | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._screen_id = screen_id
        self._recipient = recipient
        self._outbox = outbox
        self._on_queued = on_queued
        self._today = today
        self._plan = Plan()
        self._step = 0
        self._sent = False
        self._send_error = ""

    # --- what QML sees --------------------------------------------------------------------

    @Property(bool, constant=True)
    def canSend(self) -> bool:
        return self._outbox is not None

    @Property(int, notify=stepChanged)
    def step(self) -> int:
        return self._step

    @Property(int, constant=True)
    def stepCount(self) -> int:
        return len(STEPS)

    @Property(str, notify=stepChanged)
    def stepTitle(self) -> str:
        return STEPS[self._step]

    @Property(str, notify=changed)
    def aimStatement(self) -> str:
        return aim_statement(self._plan)

    @Property("QVariantMap", notify=changed)
    def hints(self) -> dict[str, str]:
        return hints(self._plan, self._today())

    @Property("QVariantMap", notify=changed)
    def fields(self) -> dict[str, str]:
        return {name: getattr(self._plan, name) for name in self._plan.__dataclass_fields__}

    @Property("QVariantList", notify=changed)
    def summary(self) -> list[dict[str, str]]:
        return [{"label": label, "text": text} for label, text in plan_lines(self._plan)]

    @Property(str, notify=changed)
    def takeAwayUrl(self) -> str:
        return mailto_link(self._plan, self._recipient)

    @Property("QVariantList", constant=True)
    def months(self) -> list[dict[str, str]]:
        return month_options(self._today())

    @Property(bool, notify=sentChanged)
    def sent(self) -> bool:
        return self._sent

    @Property(str, notify=sentChanged)
    def sendError(self) -> str:
        return self._send_error

    @property
    def plan(self) -> Plan:
        return self._plan

    # --- actions --------------------------------------------------------------------------

    @Slot(str, str)
    def setField(self, name: str, text: str) -> None:
        try:
            plan = self._plan.with_field(name, text)
        except KeyError:
            logger.warning("plan: no field %r", name)
            return
        if plan != self._plan:
            self._plan = plan
            if self._sent or self._send_error:
                self._sent, self._send_error = False, ""
                self.sentChanged.emit()
            self.changed.emit()

    @Slot(int)
    def goToStep(self, step: int) -> None:
        step = max(0, min(step, len(STEPS) - 1))
        if step != self._step:
            self._step = step
            self.stepChanged.emit()

    @Slot()
    def next(self) -> None:
        self.goToStep(self._step + 1)

    @Slot()
    def previous(self) -> None:
        self.goToStep(self._step - 1)

    @Slot()
    def send(self) -> None:
        """Queue the plan for the QI team; "Sent" only once it is safely on disk."""
        if self._outbox is None or self._sent:
            return
        document = plan_document(self._plan, screen_id=self._screen_id, now=dt.datetime.now(dt.UTC))
        try:
            self._outbox.add(document)
        except OutboxFull:
            logger.error("plan not queued: the outbox is full")
            self._send_error = "The outbox is full just now: please take your plan with you."
        except OutboxError as exc:
            logger.error("plan not queued: %s", exc)
            self._send_error = "Your plan could not be saved: please take it with you."
        else:
            self._sent, self._send_error = True, ""
            logger.info("plan queued for the QI team")
            self.planSent.emit()
            if self._on_queued is not None:
                self._on_queued()
        self.sentChanged.emit()

    @Slot()
    def reset(self) -> None:
        """Forget everything: fields, step, sent state."""
        self._plan = Plan()
        self._step = 0
        self._sent, self._send_error = False, ""
        self.cleared.emit()
        self.stepChanged.emit()
        self.sentChanged.emit()
        self.changed.emit()

    def summary_values(self) -> dict[str, Any]:
        return {"aim": self.aimStatement, "lines": self.summary}
