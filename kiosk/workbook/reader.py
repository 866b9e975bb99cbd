"""Reading a workbook (``.xlsx``) or a folder of CSV files into plain rows, safely.

The ``.xlsx`` is read streaming and read-only with openpyxl, after checks that keep a damaged
or hostile file from taking the machine down: the file and what it unpacks to are capped
before anything is decompressed (a zip bomb is refused from its directory alone), XML entity
expansion is refused by the XML parser, columns beyond the header are never materialised (a
sheet that claims 16,384 columns costs nothing), and a run of 1,000 empty rows ends a sheet (a
sheet with a million formatted but empty rows is read in a moment).

Formulas are read as the results Excel saved with them; a formula with no saved result (a
file written by a program that does not calculate) is an error at its cell. Merged cells are
read as the merged value on each row they cover, with a warning.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.workbook.layout import INSTRUCTIONS, SHEET_BY_NAME, SHEETS, Sheet, column_letter
from kiosk.workbook.problems import Problems, WorkbookError, cell_ref, did_you_mean

MAX_FILE_BYTES = 200_000_000
MAX_UNPACKED_BYTES = 500_000_000
MAX_ZIP_ENTRIES = 10_000
MAX_COLUMNS = 100
EMPTY_RUN = 1_000
"""This many empty rows in a row end a sheet."""
MAX_MERGES = 10_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FORMULA_RE = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CONTENT_RE = re.compile(rb"<(?:\w+:)?row\b([^>]*)>|<(?:\w+:)?(?:v|is)[\s>/]")
_ROW_NUMBER_RE = re.compile(rb"\sr=\"(\d+)\"")
_MERGE_RE = re.compile(
    rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})\""
)


@dataclass
class SheetRows:
    """One sheet's data rows: values by contract column name, with where each came from."""

    sheet: Sheet
    title: str
    """The sheet's name as the workbook spells it (for messages)."""
    columns: dict[str, int] = field(default_factory=dict)
    """Contract column name → its column index in the sheet (0-based)."""
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    """(row number, the row's values by column index); empty rows are left out."""

    def ref(self, row: int, column: str) -> str:
        index = self.columns.get(column)
        if index is None:
            return f"{self.title}!{row}:{row}"
        return cell_ref(self.title, row, index)

    def get(self, values: tuple[Any, ...], column: str) -> Any:
        index = self.columns.get(column)
        if index is None or index >= len(values):
            return None
        return values[index]


Book = dict[str, SheetRows]
"""Sheets read, by contract sheet name."""


def read_book(path: Path, problems: Problems) -> Book:
    """Read an ``.xlsx`` file or a folder of CSV files; WorkbookError if it cannot be read."""
    if path.is_dir():
        return _read_folder(path, problems)
    if not path.exists():
        raise WorkbookError(f"no workbook at {path}")
    if path.suffix.lower() == ".csv":
        raise WorkbookError(
            f"{path} is one CSV file: give the folder that holds Projects.csv and the other sheets"
        )
    return _read_xlsx(path, problems)


def normalise_header(value: Any) -> str:
    text = "" if value is None else str(value)
    return re.sub(r"[\s-]+", "_", text.strip().lower())


# --- the header row -------------------------------------------------------------------------


def _header(sheet: Sheet, title: str, values: tuple[Any, ...], problems: Problems) -> SheetRows:
    rows = SheetRows(sheet, title)
    known = set(sheet.names)
    for index, value in enumerate(values):
        name = normalise_header(value)
        if not name:
            continue
        where = cell_ref(title, 1, index)
        if index >= MAX_COLUMNS:
            problems.warn(where, f"columns after {column_letter(MAX_COLUMNS - 1)} are not read")
            break
        if name in rows.columns:
            problems.error(
                where,
                f"a second '{name}' column (the first is "
                f"{column_letter(rows.columns[name])}1): keep one",
            )
            continue
        if name not in known:
            hint = did_you_mean(name, known)
            problems.warn(where, f"column {str(value).strip()[:40]!r} is not used{hint}")
            continue
        rows.columns[name] = index
    return rows


def _sheet_for(title: str, problems: Problems) -> Sheet | None:
    sheet = SHEET_BY_NAME.get(title.strip().lower())
    if sheet is None and title.strip().lower() != INSTRUCTIONS.lower():
        hint = did_you_mean(title.strip(), [s.name for s in SHEETS])
        problems.warn(title, f"sheet {title!r} is not used{hint}")
    return sheet


# --- CSV folders ----------------------------------------------------------------------------


def _read_folder(folder: Path, problems: Problems) -> Book:
    book: Book = {}
    try:
        entries = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    except OSError as exc:
        raise WorkbookError(f"cannot read the folder {folder}: {exc.strerror or exc}") from None
    for path in entries:
        sheet = _sheet_for(path.stem, problems)
        if sheet is None:
            continue
        if sheet.name in book:
            problems.error(path.name, f"a second file for the {sheet.name} sheet")
            continue
        book[sheet.name] = _read_csv(path, sheet, problems)
    if not book:
        raise WorkbookError(f"no Projects.csv (or other sheet) in the folder {folder}")
    return book


def _read_csv(path: Path, sheet: Sheet, problems: Problems) -> SheetRows:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WorkbookError(f"{path.name} is {size:,} bytes, over the {MAX_FILE_BYTES:,} limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        problems.warn(
            path.name, "not UTF-8 text; read as Windows-1252 (save as 'CSV UTF-8' to be sure)"
        )
    title = path.stem
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: SheetRows | None = None
    try:
        for values in reader:
            number = reader.line_num
            if rows is None:
                rows = _header(sheet, title, tuple(values), problems)
            elif any(v.strip() for v in values):
                rows.rows.append((number, tuple(values[:MAX_COLUMNS])))
    except csv.Error as exc:
        problems.error(f"{path.name} line {reader.line_num}", f"not readable as CSV: {exc}")
    return rows or SheetRows(sheet, title)


def _stopped(title: str, row: int, last: int | None, problems: Problems) -> None:
    below = f" (down to row {last:,})" if last else ""
    problems.warn(
        title,
        f"stopped reading at row {row:,} after {EMPTY_RUN:,} empty rows: the cells further"
        f" down{below} are not read",
    )


# --- .xlsx ----------------------------------------------------------------------------------


def _check_zip(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WorkbookError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise WorkbookError(f"{path.name} is {size:,} bytes, over the {MAX_FILE_BYTES:,} limit")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise WorkbookError(f"cannot read {path}: {exc.strerror or exc}") from None
    if head == _OLE_MAGIC:
        raise WorkbookError(
            f"{path.name} is an old-style .xls or a password-protected workbook: save it from"
            " Excel as 'Excel Workbook (.xlsx)' without a password"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise WorkbookError(f"{path.name} is not an Excel workbook (.xlsx)") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise WorkbookError(
            f"{path.name} holds {len(infos):,} parts: not a workbook this tool reads"
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(
            f"{path.name} would unpack to {unpacked / 1e6:,.0f} MB, over the"
            f" {MAX_UNPACKED_BYTES / 1e6:,.0f} MB limit (a damaged or hostile file?)"
        )


@dataclass
class _SheetScan:
    last_row: int | None = None
    """The last row with a value in any cell; None when it cannot be told from the XML."""
    formulas: bool = False
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(first row, first column, last row, last column), 1-based rows and 0-based columns."""


def _column_index(letters: bytes) -> int:
    index = 0
    for byte in letters:
        index = index * 26 + (byte - 64)
    return index - 1


def _scan(archive: zipfile.ZipFile, member: str, title: str, problems: Problems) -> _SheetScan:
    """Whether a sheet has formulas, its merged ranges and its last row with a value, from its
    XML without parsing it (formatted but empty rows below the data are common)."""
    scan = _SheetScan()
    tail = b""
    row, last, numbered = 0, 0, True
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(1 << 20):
                data = tail + chunk
                for match in _CONTENT_RE.finditer(data):
                    if match[1] is None:
                        last = max(last, row)
                    elif (number := _ROW_NUMBER_RE.search(match[1])) is not None:
                        row = int(number[1])
                    else:
                        numbered = False  # rows without numbers: count nothing, read all
                if not scan.formulas and _FORMULA_RE.search(data):
                    scan.formulas = True
                for match in _MERGE_RE.finditer(data):
                    if len(scan.merges) >= MAX_MERGES:
                        raise WorkbookError(
                            f"sheet {title!r} has over {MAX_MERGES:,} merged ranges: unmerge them"
                        )
                    c1, r1, c2, r2 = match.groups()
                    merge = (int(r1), _column_index(c1), int(r2), _column_index(c2))
                    if merge not in scan.merges:
                        scan.merges.append(merge)
                tail = data[-256:]
    except (KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise WorkbookError(f"sheet {title!r} cannot be read: {exc}") from None
    scan.last_row = last if numbered else None
    return scan


@contextlib.contextmanager
def _sizes_not_read() -> Iterator[None]:
    """openpyxl reads each sheet's claimed size when it opens the workbook, and a sheet that
    does not claim one (as written by many tools) is parsed to its end just for that. The size
    is never used here (rows are read to their last cell, see `_read_sheet`), so that pass is
    skipped while the workbook is opened."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    original = ReadOnlyWorksheet._get_size
    ReadOnlyWorksheet._get_size = lambda self: None
    try:
        yield
    finally:
        ReadOnlyWorksheet._get_size = original


def _load(path: Path, *, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings(), _sizes_not_read():
            warnings.simplefilter("ignore")  # openpyxl warns about features it does not read
            return load_workbook(path, read_only=True, data_only=data_only, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a malformed part; one line for all
        raise WorkbookError(f"{path.name} cannot be read as a workbook: {_one_line(exc)}") from None


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:160]


def _rows(worksheet: Any, title: str, min_row: int, max_col: int | None) -> Iterator[tuple]:
    """Each row's cells from `min_row` on; a malformed sheet part is a WorkbookError."""
    iterator = worksheet.iter_rows(min_row=min_row, max_col=max_col)
    while True:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                row = next(iterator)
        except StopIteration:
            return
        except Exception as exc:  # a malformed sheet part, whatever openpyxl raises for it
            raise WorkbookError(f"sheet {title!r} cannot be read: {_one_line(exc)}") from None
        yield row


def _read_xlsx(path: Path, problems: Problems) -> Book:
    _check_zip(path)
    book: Book = {}
    workbook = _load(path, data_only=True)
    formulas_book = None
    try:
        archive = workbook._archive  # the open zip of the read-only workbook
        for worksheet in workbook.worksheets:
            title = worksheet.title
            sheet = _sheet_for(title, problems)
            if sheet is None:
                continue
            if sheet.name in book:
                problems.error(title, f"a second sheet for {sheet.name}")
                continue
            member = getattr(worksheet, "_worksheet_path", None)
            scan = _scan(archive, member, title, problems) if member else _SheetScan()
            formulas: dict[tuple[int, int], str] = {}
            if scan.formulas:
                formulas_book = formulas_book or _load(path, data_only=False)
                formulas = _formula_cells(formulas_book[title], title)
            book[sheet.name] = _read_sheet(worksheet, sheet, title, scan, formulas, problems)
    finally:
        workbook.close()
        if formulas_book is not None:
            formulas_book.close()
    if not book:
        raise WorkbookError(f"{path.name} has no Projects sheet (nor any other sheet of a feed)")
    return book


def _formula_cells(worksheet: Any, title: str) -> dict[tuple[int, int], str]:
    worksheet.reset_dimensions()
    found: dict[tuple[int, int], str] = {}
    empty = 0
    for number, cells in enumerate(_rows(worksheet, title, 1, MAX_COLUMNS), start=1):
        filled = False
        for index, cell in enumerate(cells):
            if cell.value is not None:
                filled = True
                if cell.data_type == "f":
                    found[(number, index)] = str(cell.value)
        empty = 0 if filled else empty + 1
        if empty >= EMPTY_RUN:
            break
    return found


def _read_sheet(
    worksheet: Any,
    sheet: Sheet,
    title: str,
    scan: _SheetScan,
    formulas: dict[tuple[int, int], str],
    problems: Problems,
) -> SheetRows:
    worksheet.reset_dimensions()  # never trust the size a file claims for itself
    header_cells = next(iter(_rows(worksheet, title, 1, MAX_COLUMNS + 1)), ())
    for r1, c1, r2, c2 in scan.merges:
        if r1 <= 1 <= r2:
            problems.warn(
                f"{title}!{column_letter(c1)}{r1}:{column_letter(c2)}{r2}",
                "merged header cells: each column needs its own name",
            )
    header = tuple(_plain(c.value) for c in header_cells)
    rows = _header(sheet, title, header, problems)
    width = max(rows.columns.values(), default=-1) + 1
    if width == 0:
        if any(v is not None for v in header):
            problems.error(
                f"{title}!1:1", f"no known column names in row 1 ({', '.join(sheet.names)})"
            )
        return rows
    merges = [m for m in scan.merges if m[2] >= 2 and m[1] < width]
    for r1, c1, r2, c2 in merges:
        problems.warn(
            f"{title}!{column_letter(c1)}{r1}:{column_letter(c2)}{r2}",
            "merged cells: read as the same value on each row",
        )
    anchors: dict[tuple[int, int], Any] = {}
    empty = 0
    last = scan.last_row
    for number, cells in enumerate(_rows(worksheet, title, 2, width), start=2):
        if last is not None and number > last and not any(m[2] >= number for m in merges):
            break  # only empty rows below
        values = [None] * width
        filled = False
        for index, cell in enumerate(cells):
            value = cell.value
            if value is None:
                formula = formulas.get((number, index))
                if formula is not None:
                    problems.error(
                        cell_ref(title, number, index),
                        f"the formula {formula[:60]} has no saved result: open the workbook in"
                        " Excel and save it, or paste the values",
                    )
                continue
            kind = cell.data_type
            if kind == "e":
                problems.error(cell_ref(title, number, index), f"the cell shows the error {value}")
                continue
            if kind == "n" and type(value) in (int, float) and cell.number_format.endswith("%"):
                value = round(value * 100, 10)
            values[index] = _plain(value)
            filled = True
        if merges:
            filled = _fill_merges(merges, anchors, number, values) or filled
        if not filled:
            empty += 1
            if empty >= EMPTY_RUN:
                _stopped(title, number, last, problems)
                break
            continue
        empty = 0
        rows.rows.append((number, tuple(values)))
    return rows


def _fill_merges(
    merges: list[tuple[int, int, int, int]],
    anchors: dict[tuple[int, int], Any],
    number: int,
    values: list[Any],
) -> bool:
    filled = False
    for r1, c1, r2, c2 in merges:
        if not r1 <= number <= r2:
            continue
        for index in range(c1, min(c2, len(values) - 1) + 1):
            if number == r1 and index == c1:
                anchors[(r1, c1)] = values[index]
            elif values[index] is None:
                values[index] = anchors.get((r1, c1))
            filled = filled or values[index] is not None
    return filled


def _plain(value: Any) -> Any:
    """Cell values as the builder expects: text, numbers, dates and booleans only."""
    if value is None or isinstance(value, str | int | float | bool | dt.date):
        return value
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return str(value)
