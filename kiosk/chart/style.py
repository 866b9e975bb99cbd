"""The chart's colours (NHS "Making Data Count") and the icons' colour and letter."""

from __future__ import annotations

POINT_COLOURS = {
    "common_cause": "#7B7D7D",
    "special_cause_improvement": "#289DE0",
    "special_cause_concern": "#E87D00",
    "special_cause_neutral_high": "#5B2C86",
    "special_cause_neutral_low": "#5B2C86",
}
INK = "#212B32"
MUTED = "#4C6272"
GRID = "#D8DDE0"
LINE = "#8A9BA6"
LIMIT = "#4C6272"
TARGET = "#B0170C"
BLUE = "#289DE0"
ORANGE = "#E87D00"
PURPLE = "#5B2C86"
GREY = "#7B7D7D"
PAPER = "#FFFFFF"


def icon_style(kind: str, value: str) -> tuple[str, str]:
    """The colour and letter of a variation or assurance icon (no letter for common cause)."""
    if kind == "assurance":
        return {"pass": (BLUE, "P"), "fail": (ORANGE, "F")}.get(value, (GREY, "?"))
    side = "H" if value.endswith("_high") else "L"
    if value.startswith("improvement"):
        return BLUE, side
    if value.startswith("concern"):
        return ORANGE, side
    if value.startswith("neutral"):
        return PURPLE, side
    return GREY, ""
