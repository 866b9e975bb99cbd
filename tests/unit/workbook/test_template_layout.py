"""The template workbook as a person sees it: no header and no example text cut off at the
edge of its column."""

from __future__ import annotations

import math
from pathlib import Path

from kiosk.cli import main
from kiosk.feed.source import demo_feed_path
from kiosk.workbook.layout import SHEETS

LINE_HEIGHT = 15
"""Points a line of the template's 11-point text takes."""
SENTENCE_WIDTH = 30


def check_sheets(path: Path) -> list[str]:
    """Every cut-off text in the workbook at `path`, as "Sheet!Cell: text"."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    cut = []
    for layout in SHEETS:
        ws = book[layout.name]
        for header in ws[1]:
            width = ws.column_dimensions[header.column_letter].width
            # A bold name takes about a unit of width a character, and a little room.
            if len(str(header.value)) + 1 > width:
                cut.append(f"{layout.name}!{header.coordinate}: {header.value} ({width})")
        for row in ws.iter_rows(min_row=2):
            height = ws.row_dimensions[row[0].row].height or LINE_HEIGHT
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                width = ws.column_dimensions[cell.column_letter].width
                if not cell.alignment.wrap_text:
                    if len(cell.value) > width:
                        cut.append(f"{layout.name}!{cell.coordinate}: {cell.value} ({width})")
                    continue
                if width >= SENTENCE_WIDTH:
                    continue  # a sentence column: rows fitted to sentences, seen in LibreOffice
                # A few words wrapped in a narrow column: the row is tall enough for their
                # lines, at a character per unit of width.
                lines = sum(math.ceil(max(len(p), 1) / width) for p in cell.value.split("\n"))
                if height < LINE_HEIGHT * min(lines, 8):
                    cut.append(f"{layout.name}!{cell.coordinate}: {lines} lines in {height} pt")
    return cut


def test_the_templates_headers_and_examples_fit_their_columns(tmp_path: Path) -> None:
    out = tmp_path / "projects.xlsx"
    assert main(["new-workbook", str(out)]) == 0
    # The old template cut "Patient safety, Falls, Older people" at "Older pe", a long
    # department's and site's names, and the headers dwell_seconds and spotlight_until.
    assert check_sheets(out) == []


def test_an_exported_feed_fits_its_columns_too(tmp_path: Path) -> None:
    out = tmp_path / "demo.xlsx"
    assert main(["export-workbook", str(demo_feed_path()), str(out)]) == 0
    assert check_sheets(out) == []
