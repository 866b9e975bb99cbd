"""Helpers for the workbook tests: workbooks and CSV folders written as a person's would be."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from PIL import Image

from kiosk.feed.schema import parse_feed
from kiosk.workbook.layout import SHEET_BY_NAME

Rows = list[list[Any]]


def header(sheet: str) -> list[str]:
    return list(SHEET_BY_NAME[sheet.lower()].names)


def write_xlsx(path: Path, sheets: dict[str, Rows], formats: dict[str, str] | None = None) -> Path:
    """A workbook with these sheets (first row the header); `formats` maps "Sheet!A2" to a
    number format."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    for ref, number_format in (formats or {}).items():
        name, cell = ref.split("!")
        book[name][cell].number_format = number_format
    book.save(path)
    return path


def write_csvs(folder: Path, sheets: dict[str, Rows], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with (folder / f"{name}.csv").open("w", newline="", encoding=encoding) as handle:
            csv.writer(handle).writerows(rows)
    return folder


def projects(*rows: dict[str, Any]) -> Rows:
    """The Projects sheet with these rows, each given by column name."""
    names = header("Projects")
    return [names, *[[row.get(n) for n in names] for row in rows]]


def sheet(name: str, *rows: dict[str, Any]) -> Rows:
    names = header(name)
    return [names, *[[row.get(n) for n in names] for row in rows]]


def picture(path: Path, size: tuple[int, int] = (640, 360), colour: str = "#2a7ab0") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def read_feed(out: Path) -> tuple[dict[str, Any], Any]:
    """The written feed.json, raw and as the kiosk parses it."""
    raw = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    return raw, parse_feed(raw, base_url=(out / "feed.json").resolve().as_uri())
