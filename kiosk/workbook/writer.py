"""Writing workbooks: the template (``new-workbook``) and a feed exported for editing
(``export-workbook``). Both have the sheets and columns of :mod:`kiosk.workbook.layout`, a
styled and frozen header row, a help message on every column and drop-down lists for the
columns with fixed choices.

Cells are written as values, never as formulas: a text that starts with ``=`` stays text.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kiosk.atomic import write_atomic
from kiosk.feed.model import DEFAULT_HOW_TO_START, Feed, Hub, Measure, Project
from kiosk.workbook.layout import (
    CHANGES,
    HUB,
    INSTRUCTIONS,
    MEASURES,
    PDSA,
    PROJECTS,
    RECOGNITION,
    SHEETS,
    TEAM,
    TEMPLATES,
    Column,
    Sheet,
    column_letter,
)

HEADER_FILL = "005EB8"  # NHS blue
HEADER_TEXT = "FFFFFF"
EXAMPLE_FILL = "E8EDEE"
VALIDATED_ROWS = 5_000
"""Drop-downs and help messages cover this many rows below the header."""
DATE_FORMAT = "yyyy-mm-dd"
FONT = "Calibri"
WRAP_WIDTH = 30
"""Columns at least this wide hold sentences: their text wraps in the cell. In a narrower
column a text wraps too when it is longer than the column is wide (a list of themes, a long
department's name), so no text is cut off at the next cell."""
HEADER_CHARACTER_WIDTH = 1.2
"""Column width a bold header's character takes: every column is wide enough for its name."""
LINE_HEIGHT = 15
CHARACTERS_PER_WIDTH = 1.3
MAX_LINES = 8
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"

Row = dict[str, Any]


def write_workbook(
    path: Path, rows: Mapping[str, Iterable[Row]], *, instructions: bool = True
) -> None:
    """Write a workbook with every sheet of the layout, filled with `rows` (by sheet name)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    if instructions:
        _instructions(book)
    for sheet in SHEETS:
        _sheet(book, sheet, rows.get(sheet.name, ()))
    out = io.BytesIO()
    book.save(out)
    write_atomic(path, share_strings(out.getvalue()), mode=0o644)


_INLINE_RE = re.compile(
    rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>', re.S
)
_SHARED_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
_SHARED_RELATION = (
    b'<Relationship Id="rIdSharedStrings" Type="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
)


def share_strings(data: bytes) -> bytes:
    """The workbook with its texts in one shared table, as spreadsheet programs save them
    (openpyxl writes each text into its cell): a smaller file, and much quicker to read."""
    source = zipfile.ZipFile(io.BytesIO(data))
    if "xl/sharedStrings.xml" in source.namelist():
        return data
    strings: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = strings.setdefault(match[3], len(strings))
        return b"<c " + match[1] + b't="s"' + match[2] + b"><v>%d</v></c>" % index

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = _INLINE_RE.sub(shared, content)
            elif info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", _SHARED_TYPE + b"</Types>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>", _SHARED_RELATION + b"</Relationships>"
                )
            target.writestr(info.filename, content)
        table = b"".join(b'<si><t xml:space="preserve">' + text + b"</t></si>" for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
            b'schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="%d">'
            % len(strings)
            + table
            + b"</sst>",
        )
    return out.getvalue()


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "header_font": Font(name=FONT, bold=True, color=HEADER_TEXT),
        "header_fill": PatternFill("solid", fgColor=HEADER_FILL),
        "title_font": Font(name=FONT, bold=True, size=16, color=HEADER_FILL),
        "bold": Font(name=FONT, bold=True),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "top": Alignment(vertical="top"),
    }


def _sheet(book: Any, sheet: Sheet, rows: Iterable[Row]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet.datavalidation import DataValidation

    styles = _styles()
    ws = book.create_sheet(sheet.name)
    ws.freeze_panes = "A2"
    for index, column in enumerate(sheet.columns):
        ws.column_dimensions[column_letter(index)].width = column_width(column)
    last = VALIDATED_ROWS + 1
    for index, column in enumerate(sheet.columns):
        letter = column_letter(index)
        if column.choices:
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"{column.name}",
                error=f"Choose one of: {', '.join(column.choices)}",
            )
        else:
            dv = DataValidation(allow_blank=True)
        dv.showInputMessage = True
        dv.promptTitle = column.name[:32]
        dv.prompt = column.help[:255]
        dv.add(f"{letter}2:{letter}{last}")
        ws.data_validations.append(dv)
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=column.name)
        cell.font = styles["header_font"]
        cell.fill = styles["header_fill"]
        header.append(cell)
    ws.append(header)
    wrap, top = _styles()["wrap"], _styles()["top"]
    for number, row in enumerate(rows, start=2):
        lines = _lines(sheet, row)
        if lines > 1:
            ws.row_dimensions[number].height = LINE_HEIGHT * lines
        ws.append(
            [
                _cell(ws, row.get(c.name), wrap if wraps(c, row.get(c.name)) else top)
                for c in sheet.columns
            ]
        )


def column_width(column: Column) -> float:
    """The column's width: as the layout says, and never narrower than its name."""
    return max(column.width, math.ceil(len(column.name) * HEADER_CHARACTER_WIDTH) + 1)


def wraps(column: Column, value: Any) -> bool:
    """Whether a cell's text wraps: a sentence column, a text longer than its column is wide,
    or a text of several lines."""
    if not isinstance(value, str):
        return False
    return column.width >= WRAP_WIDTH or len(value) > column_width(column) or "\n" in value


def _lines(sheet: Sheet, row: Row) -> int:
    """About how many lines the row's wrapped texts take (spreadsheet programs do not always
    fit a row's height to its wrapped text themselves)."""
    most = 1
    for column in sheet.columns:
        value = row.get(column.name)
        if isinstance(value, str) and wraps(column, value):
            # A narrow column's few words are counted at a character per unit of width: a
            # line of capitals or long words holds fewer than a sentence's line does.
            per_character = CHARACTERS_PER_WIDTH if column.width >= WRAP_WIDTH else 1.0
            per_line = max(int(column_width(column) * per_character), 1)
            lines = sum(-(-max(len(part), 1) // per_line) for part in value.split("\n"))
            most = max(most, lines)
    return min(most, MAX_LINES)


def _cell(ws: Any, value: Any, alignment: Any = None) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "":
        return None
    cell = WriteOnlyCell(ws, value=value)
    if alignment is not None:
        cell.alignment = alignment
    if isinstance(value, str):
        cell.data_type = "s"  # a text that starts with "=" is text, not a formula
        if "\n" in value:
            cell.alignment = _styles()["wrap"]
    elif isinstance(value, dt.datetime):
        cell.number_format = MOMENT_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _instructions(book: Any) -> None:
    from openpyxl.cell import WriteOnlyCell

    styles = _styles()
    ws = book.create_sheet(INSTRUCTIONS)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 100

    row = 1

    def line(first: Any = None, second: Any = None, style: str | None = None) -> None:
        nonlocal row
        row += 1
        if isinstance(second, str):
            per_line = 110  # characters of column B, conservatively
            lines = -(-len(second) // per_line)
            if lines > 1:
                ws.row_dimensions[row].height = LINE_HEIGHT * lines
        cells = []
        for value in (first, second):
            cell = WriteOnlyCell(ws, value=value)
            if style:
                cell.font = styles[style]
            cell.alignment = styles["wrap"]
            cells.append(cell)
        ws.append(cells)

    title = WriteOnlyCell(ws, value="Publishing your QI projects on the hub screens")
    title.font = styles["title_font"]
    ws.append([title])
    line()
    for number, text in enumerate(INSTRUCTION_STEPS, start=1):
        line(f"Step {number}", text)
    line()
    line("Dates", DATES_HELP)
    line("Numbers", NUMBERS_HELP)
    line()
    for sheet in SHEETS:
        line(sheet.name, sheet.help, "bold")
        for column in sheet.columns:
            line(f"   {column.name}", column.help)
        line()


INSTRUCTION_STEPS = (
    "Fill in one row per project on the Projects sheet. Only id and title are needed; a link "
    "gives the poster its QR code. The two example projects show every column: change or "
    "delete them.",
    "Add the team, measures (one row per data point), PDSA cycles and changes on their sheets, "
    "each row starting with the project's id.",
    "Put the pictures named in the image column in the same folder as this workbook (or give "
    "the folder with --images).",
    "Check and build the feed: qi-kiosk build-feed projects.xlsx --out feed-folder. Every "
    "problem is listed with its cell (e.g. Projects!E7); nothing is written until all are "
    "fixed.",
    "See the posters before publishing: qi-kiosk preview projects.xlsx",
    "Copy the feed folder (feed.json and images) to the web server or file share the screens read.",
)
DATES_HELP = (
    "Excel dates, or text such as 2026-03-01, 2026-03 (the month), Mar 2026, 1 Mar 2026 or "
    "01/03/2026 (day first, as in the UK)."
)
NUMBERS_HELP = (
    "Numbers, or numbers stored as text (1,234.5). A cell formatted as a percentage that shows "
    "45% is read as 45."
)


# --- a feed as rows -------------------------------------------------------------------------


def feed_rows(
    feed: Feed, feed_dir: Path | None, notes: list[str] | None = None
) -> dict[str, list[Row]]:
    """The rows of each sheet for a feed, so that building them gives the same feed back.
    A project's measures are told apart by name, so a second measure with the same name is
    renamed "name (2)", with a note."""
    return {
        HUB.name: list(_hub_rows(feed.hub)),
        PROJECTS.name: [_project_row(p, feed_dir) for p in feed.projects],
        TEAM.name: [
            {"project_id": p.id, "name": m.name, "role": m.role}
            for p in feed.projects
            for m in p.team
        ],
        MEASURES.name: [row for p in feed.projects for row in _project_measure_rows(p, notes)],
        PDSA.name: [
            {
                "project_id": p.id,
                "title": c.title,
                "status": c.status,
                "date": c.date,
                "learning": c.learning,
            }
            for p in feed.projects
            for c in p.pdsa
        ],
        TEMPLATES.name: [
            {
                "id": t.id,
                "title": t.title,
                "description": t.description,
                "link": t.link,
                "icon": t.icon,
            }
            for t in feed.templates
        ],
        CHANGES.name: [{"project_id": p.id, "change": c} for p in feed.projects for c in p.changes],
        RECOGNITION.name: [
            {"project_id": p.id, "title": r.title, "year": r.year, "link": r.link}
            for p in feed.projects
            for r in p.recognition
        ],
    }


def _hub_rows(hub: Hub) -> Iterator[Row]:
    default = Hub()
    for key in ("name", "organisation", "url", "about"):
        value = getattr(hub, key)
        if value and value != getattr(default, key):
            yield {"key": key, "value": value}
    if hub.how_to_start != DEFAULT_HOW_TO_START:
        for step in hub.how_to_start:
            yield {"key": "how_to_start", "value": step}


def _moment(value: dt.datetime | None) -> dt.datetime | dt.date | None:
    if value is None:
        return None
    utc = value.astimezone(dt.UTC).replace(tzinfo=None)
    return utc.date() if utc.time() == dt.time() else utc


def _image_name(url: str, feed_dir: Path | None) -> str:
    """A picture's file name relative to the feed's folder, or its web address."""
    parts = urlsplit(url)
    if parts.scheme != "file" or feed_dir is None:
        return url
    path = Path(unquote(parts.path))
    try:
        return path.relative_to(feed_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def _project_row(project: Project, feed_dir: Path | None) -> Row:
    display = project.display
    return {
        "id": project.id,
        "title": project.title,
        "summary": project.summary,
        "aim": project.aim,
        "stage": project.stage,
        "themes": ", ".join(project.themes),
        "department": project.department,
        "site": project.site,
        "link": project.link,
        "started": project.started,
        "updated": project.updated,
        "image": _image_name(project.image.url, feed_dir) if project.image else None,
        "image_alt": project.image.alt if project.image else None,
        "results": project.results,
        "from": _moment(display.start),
        "until": _moment(display.until),
        "screens": ", ".join(display.screens),
        "weight": display.weight if display.weight != 1 else None,
        "dwell_seconds": display.dwell_seconds,
        "spotlight_until": project.spotlight_until,
    }


def _project_measure_rows(project: Project, notes: list[str] | None) -> Iterator[Row]:
    seen: dict[str, int] = {}
    for measure in project.measures:
        name = measure.name
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{measure.name} ({seen[measure.name]})"
            if notes is not None:
                notes.append(
                    f"project {project.id!r} has two measures named {measure.name!r}:"
                    f" the second is {name!r} in the workbook"
                )
        yield from _measure_rows(project, measure, name)


def _measure_rows(project: Project, measure: Measure, name: str) -> Iterator[Row]:
    """One row per point, and one for each recalculation date that is not a point's."""
    common = {
        "project_id": project.id,
        "measure": name,
        "unit": measure.unit,
        "improvement": measure.improvement,
        "target": measure.target,
        "baseline": measure.baseline,
        "rules": measure.rules,
    }
    rebase = set(measure.rebase)
    dates = set(measure.dates)
    entries: list[tuple[dt.date, float | None, bool]] = [
        (day, value, day in rebase)
        for day, value in zip(measure.dates, measure.values, strict=True)
    ]
    entries += [(day, None, True) for day in measure.rebase if day not in dates]
    entries.sort(key=lambda e: e[0])
    if not entries:
        yield common
    for day, value, recalculated in entries:
        yield {**common, "date": day, "value": value, "rebase": "yes" if recalculated else None}
