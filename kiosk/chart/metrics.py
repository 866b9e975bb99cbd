"""A text measure that needs no font engine, for painters that cannot measure text (SVG)."""

from __future__ import annotations

from dataclasses import dataclass

# Average advance of Lato's glyphs as a fraction of the pixel size, by kind of character.
_NARROW = set("il.,:;'|!1 ")
_WIDE = set("mwMW%")


@dataclass(frozen=True, slots=True)
class ApproximateMeasure:
    """Lato-like metrics at `pixel_size`: widths are slightly generous, so labels never collide."""

    pixel_size: float

    @property
    def ascent(self) -> float:
        return self.pixel_size * 0.99

    @property
    def descent(self) -> float:
        return self.pixel_size * 0.21

    @property
    def height(self) -> float:
        return self.ascent + self.descent

    @property
    def cap_height(self) -> float:
        return self.pixel_size * 0.72

    def width(self, text: str) -> float:
        total = 0.0
        for ch in text:
            if ch in _NARROW:
                total += 0.3
            elif ch in _WIDE:
                total += 0.85
            elif ch.isupper():
                total += 0.66
            else:
                total += 0.56
        return total * self.pixel_size
