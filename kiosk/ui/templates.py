"""Start your own: the feed's templates, the one chosen, and how to start a QI project."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.feed.model import DEFAULT_HOW_TO_START, Feed, Template
from kiosk.qr import QrPolicy
from kiosk.ui import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME  # noqa: F401  (read by QmlElement)


def template_values(template: Template, qr: QrPolicy) -> dict[str, Any]:
    return {
        "templateId": template.id,
        "title": template.title,
        "description": template.description,
        "icon": template.icon,
        "link": template.link,
        "qrUrl": qr.link(template.link, template.id),
    }


@QmlElement
@QmlUncreatable("made by the kiosk and handed to the screens")
class StartPage(QObject):
    templatesChanged = Signal()
    chosenChanged = Signal()
    guideChanged = Signal()

    def __init__(self, qr: QrPolicy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qr = qr
        self._templates: list[dict[str, Any]] = []
        self._chosen: dict[str, Any] = {}
        self._guide: list[str] = list(DEFAULT_HOW_TO_START)

    @Property("QVariantList", notify=templatesChanged)
    def templates(self) -> list[dict[str, Any]]:
        return self._templates

    @Property("QVariantMap", notify=chosenChanged)
    def chosen(self) -> dict[str, Any]:
        return self._chosen

    @Property("QStringList", notify=guideChanged)
    def guide(self) -> list[str]:
        return self._guide

    def choose(self, template_id: str) -> bool:
        found = next((t for t in self._templates if t["templateId"] == template_id), None)
        if found is None:
            return False
        if found != self._chosen:
            self._chosen = found
            self.chosenChanged.emit()
        return True

    def reset(self) -> None:
        if self._chosen:
            self._chosen = {}
            self.chosenChanged.emit()

    def set_feed(self, feed: Feed) -> None:
        templates = [template_values(t, self._qr) for t in feed.templates]
        if templates != self._templates:
            self._templates = templates
            self.templatesChanged.emit()
            chosen_id = self._chosen.get("templateId")
            self._chosen = next((t for t in templates if t["templateId"] == chosen_id), {})
            self.chosenChanged.emit()
        guide = list(feed.hub.how_to_start or DEFAULT_HOW_TO_START)
        if guide != self._guide:
            self._guide = guide
            self.guideChanged.emit()
