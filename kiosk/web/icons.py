"""The web app's home-screen icons as PNG, drawn when the app starts (no Qt).

iPadOS takes its "Add to Home Screen" icon from ``apple-touch-icon`` and needs a PNG for it
(it rounds the corners itself); the manifest lists PNGs for other browsers. They are drawn
here, with the kiosk's own font, to match ``static/icon.svg``.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from kiosk.resources import assets_dir

BLUE = (0, 94, 184)
SIZES = (180, 192, 512)


def icon_png(size: int) -> bytes:
    """A `size`-pixel square: "QI" in bold white on the hub's blue, edge to edge."""
    image = Image.new("RGB", (size, size), BLUE)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(assets_dir() / "fonts" / "Lato-Bold.ttf"), round(size * 0.47))
    draw.text((size / 2, size / 2), "QI", fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
