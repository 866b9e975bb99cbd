"""Chart your data, on the touchscreen: the visitor's numbers as an SPC chart, as they type."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalogue import Chart
from kiosk.spc_reading import icon_text
from kiosk.tools.chart_data import DIRECTIONS, EXPLAINER, chart_values
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class ChartTool(QObject):
    changed = Signal()
    cleared = Signal()

    def __init__(self, *, rules: str = "mdc", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rules = rules
        self._text = ""
        self._better = "neither"
        self._target = ""
        self._start = ""
        self._chart: Chart | None = None
        self._hint = chart_values("")[1]

    @Property("QVariant", notify=changed)
    def chart(self) -> Chart | None:
        return self._chart

    @Property(str, notify=changed)
    def better(self) -> str:
        return self._better

    @Property(str, notify=changed)
    def hint(self) -> str:
        return self._hint

    @Property(str, notify=changed)
    def reading(self) -> str:
        return self._chart.reading if self._chart else ""

    @Property(int, notify=changed)
    def count(self) -> int:
        return self._chart.analysis.n_values if self._chart and self._chart.analysis else 0

    @Property(str, notify=changed)
    def variation(self) -> str:
        analysis = self._chart.analysis if self._chart else None
        return (analysis.variation or "") if analysis else ""

    @Property(str, notify=changed)
    def assurance(self) -> str:
        analysis = self._chart.analysis if self._chart else None
        return (analysis.assurance or "") if analysis else ""

    @Property(str, notify=changed)
    def iconsText(self) -> str:
        parts = [icon_text(icon) for icon in (self.variation, self.assurance) if icon]
        return ". ".join(parts)

    @Property(str, constant=True)
    def explainer(self) -> str:
        return EXPLAINER

    @Slot(str)
    def setValues(self, text: str) -> None:
        self._text = text
        self._update()

    @Slot(str)
    def setBetter(self, better: str) -> None:
        self._better = better if better in DIRECTIONS else "neither"
        self._update()

    @Slot(str)
    def setTarget(self, text: str) -> None:
        self._target = text
        self._update()

    @Slot(str)
    def setStart(self, month: str) -> None:
        self._start = month
        self._update()

    @Slot()
    def reset(self) -> None:
        self._text, self._better, self._target, self._start = "", "neither", "", ""
        self.cleared.emit()
        self._update()

    def _update(self) -> None:
        self._chart, self._hint = chart_values(
            self._text,
            better=self._better,
            target=self._target,
            start=self._start,
            rules=self._rules,
        )
        self.changed.emit()
