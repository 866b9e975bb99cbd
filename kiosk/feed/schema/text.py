"""Feed text made tidy and clamped to what the layout can show."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kiosk.feed.schema.limits import MAX_LEN
from kiosk.feed.schema.problems import Context

CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {0x7F: None}
SPACES_RE = re.compile(r"[ \t]+")
NEWLINE_RE = re.compile(r"\s*\n\s*")


def clean_text(value: str, limit: int) -> str:
    """Plain, tidy text: control characters removed, spaces folded, clamped at a word."""
    if (
        len(value) <= limit
        and value.isprintable()
        and "  " not in value
        and value[:1] != " "
        and value[-1:] != " "
        and unicodedata.is_normalized("NFC", value)
    ):
        return value  # already tidy: the common case
    text = unicodedata.normalize("NFC", value).translate(CONTROL)
    text = SPACES_RE.sub(" ", text)
    text = NEWLINE_RE.sub("\n", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def text_field(ctx: Context, obj: dict[str, Any], key: str, path: str, limit_key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        ctx.warn(f"{path}.{key}", f"must be text (got {kind_of(value)}); left out")
        return ""
    limit = MAX_LEN[limit_key]
    text = clean_text(value, limit)
    if text.endswith("…") and len(value.strip()) > limit:
        ctx.warn(f"{path}.{key}", f"longer than {limit} characters; shortened")
    return text


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)
