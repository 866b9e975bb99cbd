"""SPC charts and icons served as images (``image://spc/...``), for a screen that makes and
drops them on every visit: the project page's measures.

A painted item of a Python type (``SpcChart``, ``SpcIcon``) that QML makes in a delegate and
deletes again leaves its Python side behind in Qt for Python, about 10 kB each with its signal
objects; a touch session made and dropped about five (found by ``scripts/soak.py``). An ``Image``
is Qt's own type and leaves nothing: the project page shows its charts and icons through this
provider, painted by the same code as the items (:func:`paint_chart`, :func:`paint_icon`). The
posters and the chart tool keep their items, which live as long as the window.

Image ids::

    chart/<key>?px=<label pixel size>&family=<font family>   a chart handed to serve()
    icon/<kind>/<value>                                      a variation or assurance icon
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import count
from urllib.parse import parse_qs, unquote

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QImage, QPainter
from PySide6.QtQml import QQmlImageProviderBase
from PySide6.QtQuick import QQuickImageProvider

from kiosk.catalogue import Chart
from kiosk.ui.spc_chart import chart_layout, paint_chart, paint_icon

logger = logging.getLogger(__name__)

PROVIDER = "spc"
"""The image provider's name in ``image://spc/...``."""

MAX_SIDE = 4096
"""No image is made larger than this on either side (a 4K screen's width)."""


class SpcImages(QQuickImageProvider):
    """Paints the charts the page serves, and any icon, at the size QML asks for."""

    def __init__(self) -> None:
        super().__init__(QQmlImageProviderBase.ImageType.Image)
        self._charts: dict[str, Chart] = {}
        self._keys = count(1)

    def serve(self, charts: Sequence[Chart | None]) -> list[str]:
        """Serve these charts, and only these, from now on: each one's key ("" for None).

        Keys are never reused, so an image Qt has cached is never taken for another chart."""
        self._charts = {}
        keys = []
        for chart in charts:
            key = str(next(self._keys)) if chart is not None else ""
            if chart is not None:
                self._charts[key] = chart
            keys.append(key)
        return keys

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        width = min(max(requested.width(), 0), MAX_SIDE)
        height = min(max(requested.height(), 0), MAX_SIDE)
        path, _, query = id.partition("?")
        kind, _, rest = path.partition("/")
        if width == 0 or height == 0 or kind not in ("chart", "icon"):
            # Asked before the item's sourceSize is bound (it asks again once it is), or for
            # something this provider does not make: nothing to show, and no error either.
            width, height, kind = 1, 1, ""
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            if kind == "chart":
                self._paint_chart(painter, rest, parse_qs(query), width, height)
            elif kind == "icon":
                icon_kind, _, value = rest.partition("/")
                paint_icon(painter, QRectF(0, 0, width, height), icon_kind, unquote(value))
        finally:
            painter.end()
        size.setWidth(width)
        size.setHeight(height)
        return image

    def _paint_chart(
        self, painter: QPainter, key: str, query: dict[str, list[str]], width: int, height: int
    ) -> None:
        chart = self._charts.get(key)
        if chart is None:
            return  # a page that has since closed: nothing to draw
        try:
            px = max(1, min(200, round(float(query.get("px", ["24"])[0]))))
        except ValueError:
            px = 24
        family = query.get("family", [""])[0]
        font = QFont(family) if family else QFont()
        font.setPixelSize(px)
        layout = chart_layout(chart, width, height, font)
        if layout is not None:
            paint_chart(painter, layout, font)
