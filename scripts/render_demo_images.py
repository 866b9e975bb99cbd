"""Render the demo feed's SVG illustrations to the PNGs the feed references.

Reads every ``assets/demo/images-src/*.svg`` and writes ``assets/demo/images/<name>.png``
at 960 x 720. Needs PySide6 (QtSvg); runs without a display.

    python3 scripts/render_demo_images.py            # render all
    python3 scripts/render_demo_images.py bed clock  # render only these names
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "assets" / "demo" / "images-src"
TARGET = ROOT / "assets" / "demo" / "images"
WIDTH, HEIGHT = 960, 720
MAX_BYTES = 120 * 1024

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit("render_demo_images: PySide6 with QtSvg is needed (pip install PySide6)")


def render(svg: Path, png: Path) -> int:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_demo_images: cannot read {svg}")
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, WIDTH, HEIGHT))
    painter.end()
    # Flat shapes compress well as plain 24-bit RGB (no alpha, no dithering).
    if not image.convertToFormat(QImage.Format.Format_RGB888).save(str(png), "PNG", 9):
        raise SystemExit(f"render_demo_images: cannot write {png}")
    size = png.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"render_demo_images: {png.name} is {size} bytes (limit {MAX_BYTES})")
    return size


def main(argv: list[str]) -> int:
    app = QGuiApplication.instance() or QGuiApplication(["render_demo_images"])
    names = set(argv)
    sources = sorted(p for p in SOURCE.glob("*.svg") if not names or p.stem in names)
    if not sources:
        print("render_demo_images: no SVG files to render", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    for svg in sources:
        png = TARGET / f"{svg.stem}.png"
        size = render(svg, png)
        print(f"{png.relative_to(ROOT)}  {size // 1024} KB")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
