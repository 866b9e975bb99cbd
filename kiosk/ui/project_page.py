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
from kiosk.ui.spc_images import SpcImages


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

    def __init__(
        self, qr: QrPolicy, images: SpcImages | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._qr = qr
        self._images = images
        self._catalogue: Catalogue | None = None
        self._built: dict[str, Any] = {}
        """The page's values as built from the catalogue (what a new feed is compared with)."""
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
        self._show(page_values(project, self._catalogue, self._qr))
        return True

    def close(self) -> None:
        if self._values:
            self._built = {}
            self._values = {}
            if self._images is not None:
                self._images.serve(())
            self.valuesChanged.emit()

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """A new feed: the open project is updated in place (or stays as it was if it left)."""
        self._catalogue = catalogue
        project = catalogue.get(self.project_id) if self.project_id else None
        if project is not None:
            values = page_values(project, catalogue, self._qr)
            if values != self._built:
                self._show(values)

    def _show(self, values: dict[str, Any]) -> None:
        """Show `values`; each measure's chart goes to the screen as an image to ask the image
        provider for (``chartImage``), not as a Python object."""
        self._built = values
        shown = dict(values)
        charts = [dict(c) for c in values["charts"]]
        objects = [c.pop("chart") for c in charts]
        keys = self._images.serve(objects) if self._images else [""] * len(objects)
        for chart, key in zip(charts, keys, strict=True):
            chart["chartImage"] = key
        shown["charts"] = charts
        self._values = shown
        self.valuesChanged.emit()
