"""The project page: everything a poster shows and more, for one project."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalogue import Catalogue
from kiosk.feed.model import PDSA_LABELS, Project
from kiosk.qr import QrPolicy
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)
from kiosk.ui.poster_data import chart_values, month_year, poster_values


def page_values(project: Project, catalogue: Catalogue, qr: QrPolicy) -> dict[str, Any]:
    values = poster_values(project, catalogue, qr)
    values["team"] = [{"name": m.name, "role": m.role} for m in project.team]
    values["teamMore"] = 0
    values["charts"] = [
        chart_values(catalogue.chart(project, i)) for i in range(len(project.measures))
    ]
    values["pdsa"] = [
        {
            "title": c.title,
            "status": c.status,
            "statusLabel": PDSA_LABELS.get(c.status, c.status.title()),
            "learning": c.learning,
            "date": month_year(c.date),
        }
        for c in project.pdsa
    ]
    values["changes"] = list(project.changes)
    values["awards"] = [r.label for r in project.recognition]
    values["started"] = month_year(project.started)
    return values


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class ProjectPage(QObject):
    """The project on the project page (empty when none is open)."""

    valuesChanged = Signal()

    def __init__(self, qr: QrPolicy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qr = qr
        self._catalogue: Catalogue | None = None
        self._values: dict[str, Any] = {}

    @Property("QVariantMap", notify=valuesChanged)
    def values(self) -> dict[str, Any]:
        return self._values

    @property
    def project_id(self) -> str:
        return str(self._values.get("projectId", ""))

    def open(self, project_id: str) -> bool:
        project = self._catalogue.get(project_id) if self._catalogue else None
        if project is None or self._catalogue is None:
            return False
        self._values = page_values(project, self._catalogue, self._qr)
        self.valuesChanged.emit()
        return True

    def close(self) -> None:
        if self._values:
            self._values = {}
            self.valuesChanged.emit()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """A new feed: the open project is updated in place (or stays as it was if it left)."""
        self._catalogue = catalogue
        project = catalogue.get(self.project_id) if self.project_id else None
        if project is not None:
            values = page_values(project, catalogue, self._qr)
            if values != self._values:
                self._values = values
                self.valuesChanged.emit()
