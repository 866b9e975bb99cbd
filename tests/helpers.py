"""Shared test helpers: find QML items, read QR codes from rendered images."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[1]


def find_items(root: QObject, name: str) -> list[QObject]:
    from kiosk.ui.render import find_items as find

    return find(root, name)


def qimage_to_pil(image: QImage):
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    import io

    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")


def decode_qr_codes(image) -> list[str]:
    import zxingcpp
    from PIL import Image

    if isinstance(image, str | Path):
        image = Image.open(image).convert("RGB")
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]
