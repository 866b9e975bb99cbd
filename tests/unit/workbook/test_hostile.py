"""Damaged and hostile workbooks: a clear message, never a hang or a crash."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.unit.workbook.sheets import projects, sheet, write_csvs, write_xlsx

SHEET1 = "xl/worksheets/sheet1.xml"


def build(capsys: pytest.CaptureFixture[str], workbook: Path, out: Path) -> tuple[int, list[str]]:
    code = main(["build-feed", str(workbook), "--out", str(out)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out.splitlines()


def rewrite(path: Path, parts: dict[str, bytes]) -> Path:
    """The workbook with some of its parts replaced (or added)."""
    with zipfile.ZipFile(path) as source:
        items = {info.filename: source.read(info) for info in source.infolist()}
    items.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in items.items():
            target.writestr(name, data)
    return path


def one_project(tmp_path: Path, name: str = "book.xlsx") -> Path:
    return write_xlsx(tmp_path / name, {"Projects": projects({"id": "p", "title": "P"})})


def test_formulas_are_read_as_their_saved_results_and_never_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Projects": [
                ["id", "title", "summary"],
                ["p1", '=UPPER("saved title")', "=1/0"],
                ["p2", '=A2&" copy"', "ok"],
                ["p3", "P3", "=cmd|' /C calc'!A0"],
            ]
        },
    )
    xml = zipfile.ZipFile(workbook).read(SHEET1).decode()
    # As Excel saves them: each formula with its last result (one is an error, one has none).
    xml = xml.replace(
        '<c r="B2"><f>UPPER("saved title")</f><v /></c>',
        '<c r="B2" t="str"><f>UPPER("saved title")</f><v>SAVED TITLE</v></c>',
    ).replace('<c r="C2"><f>1/0</f><v /></c>', '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    rewrite(workbook, {SHEET1: xml.encode()})
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 1
    assert "error: Projects!C2: the cell shows the error #DIV/0!" in lines
    assert (
        'error: Projects!B3: the formula =A2&" copy" has no saved result: open the workbook in'
        " Excel and save it, or paste the values" in lines
    )
    assert any(line.startswith("error: Projects!C4: the formula =cmd|") for line in lines)
    assert not any("SAVED TITLE" in line for line in lines)  # the saved result is fine


def test_merged_cells_give_their_value_to_each_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    path = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Projects": projects({"id": "p", "title": "P"}),
            "Team": sheet(
                "Team", {"project_id": "p", "name": "Ann"}, {"name": "Bo"}, {"name": "Cy"}
            ),
        },
    )
    book = load_workbook(path)
    book["Team"].merge_cells("A2:A4")  # one project id for three team members
    book["Team"].merge_cells("B1:C1")  # and the role column's name lost under a merge
    book.save(path)
    code, lines = build(capsys, path, tmp_path / "out")
    assert code == 0, lines
    assert "warning: Team!A2:A4: merged cells: read as the same value on each row" in lines
    assert "warning: Team!B1:C1: merged header cells: each column needs its own name" in lines
    team = json.loads((tmp_path / "out" / "feed.json").read_text())["projects"][0]["team"]
    assert team == [{"name": "Ann"}, {"name": "Bo"}, {"name": "Cy"}]


@pytest.mark.parametrize("value_below", [False, True])
def test_a_million_empty_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value_below: bool
) -> None:
    workbook = one_project(tmp_path)
    xml = zipfile.ZipFile(workbook).read(SHEET1).decode()
    head, tail = xml.split("</sheetData>")
    # A million formatted but empty rows below the project and a claim of the whole sheet's
    # size; then, maybe, one more project below them.
    rows = "".join(
        f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/></row>'
        for n in range(3, 1_000_003)
    )
    late = '<row r="1000003"><c r="A1000003" t="inlineStr"><is><t>late</t></is></c></row>'
    head = re.sub(r"<dimension [^>]*>", '<dimension ref="A1:XFD1048576"/>', head)
    xml = head + rows + (late if value_below else "") + "</sheetData>" + tail
    rewrite(workbook, {SHEET1: xml.encode()})
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 0, lines[-3:]
    assert lines[-1].startswith(f"wrote {tmp_path / 'out' / 'feed.json'}: 1 projects")
    if value_below:
        assert lines[0] == (
            "warning: Projects: stopped reading at row 1,002 after 1,000 empty rows: the cells"
            " further down (down to row 1,000,003) are not read"
        )
    else:
        assert "0 warning(s)" in lines[-1]  # empty rows below the data are nothing to report


def test_a_workbook_saved_by_libreoffice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Spreadsheet programs save the template's drop-downs as thousands of formatted rows."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    assert main(["new-workbook", str(tmp_path / "projects.xlsx")]) == 0
    saved = tmp_path / "saved"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(saved),
            str(tmp_path / "projects.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    code, lines = build(capsys, saved / "projects.xlsx", tmp_path / "out")
    assert code == 0 and "2 projects, 2 templates" in lines[-1] and "0 warning(s)" in lines[-1]


def test_a_cell_far_to_the_right_costs_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = one_project(tmp_path)
    xml = zipfile.ZipFile(workbook).read(SHEET1).decode()
    far = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>q{n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>Q</t></is></c>'
        f'<c r="XFD{n}" t="inlineStr"><is><t>far</t></is></c></row>'
        for n in range(3, 2_003)
    )
    xml = xml.replace("</sheetData>", far + "</sheetData>")
    rewrite(workbook, {SHEET1: xml.encode()})
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 0, lines[-3:]
    assert lines[-1].startswith(f"wrote {tmp_path / 'out' / 'feed.json'}: 2001 projects")


def test_a_zip_bomb_is_refused_from_its_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    zeros = b"\0" * (1 << 24)
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open(SHEET1, "w", force_zip64=True) as handle,
    ):
        for _ in range(40):  # 671 MB of zeros, in under 3 MB
            handle.write(zeros)
    assert bomb.stat().st_size < 5_000_000
    code, lines = build(capsys, bomb, tmp_path / "out")
    assert code == 1
    assert lines[0] == (
        "error: bomb.xlsx would unpack to 671 MB, over the 500 MB limit (a damaged or hostile"
        " file?)"
    )


def test_a_part_that_unpacks_to_more_than_it_claims(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = one_project(tmp_path)
    xml = zipfile.ZipFile(workbook).read(SHEET1)
    rewrite(workbook, {SHEET1: xml.replace(b"</worksheet>", b" " * 5_000_000 + b"</worksheet>")})
    data = bytearray(workbook.read_bytes())
    # Say the sheet is 2 kB in both of the zip's directories: the reader stops there and the
    # part's checksum fails.
    name = SHEET1.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (found := data.find(signature, start)) >= 0:
            start = found + 4
            name_at = found + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[found + size_at : found + size_at + 4] = (2048).to_bytes(4, "little")
    workbook.write_bytes(bytes(data))
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 1
    assert lines[0] == (
        "error: sheet 'Projects' cannot be read: Bad CRC-32 for file 'xl/worksheets/sheet1.xml'"
    )
    assert lines[-1].endswith("nothing written")


def test_entity_expansion_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = one_project(tmp_path)
    laughs = ['<!ENTITY l0 "ha">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    xml = zipfile.ZipFile(workbook).read(SHEET1).decode()
    xml = xml.replace(
        "<worksheet", f"<!DOCTYPE worksheet [{''.join(laughs)}]><worksheet", 1
    ).replace("<t>P</t>", "<t>&l9;</t>")
    rewrite(workbook, {SHEET1: xml.encode()})
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 1
    assert lines[0].startswith("error: sheet 'Projects' cannot be read: "), lines


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "error: book.xlsx is an old-style .xls or a password-protected workbook: save it from"
            " Excel as 'Excel Workbook (.xlsx)' without a password",
        ),
        (b"PK\x03\x04 not really a zip", "error: book.xlsx is not an Excel workbook (.xlsx)"),
        (b"", "error: book.xlsx is not an Excel workbook (.xlsx)"),
    ],
)
def test_files_that_are_not_workbooks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    (tmp_path / "book.xlsx").write_bytes(content)
    code, lines = build(capsys, tmp_path / "book.xlsx", tmp_path / "out")
    assert code == 1 and lines[0] == message


def test_a_truncated_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = one_project(tmp_path)
    data = workbook.read_bytes()
    workbook.write_bytes(data[: len(data) // 2])
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 1 and lines[0] == "error: book.xlsx is not an Excel workbook (.xlsx)"


def test_a_zip_that_is_not_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    code, lines = build(capsys, path, tmp_path / "out")
    assert code == 1
    assert lines[0].startswith("error: book.xlsx cannot be read as a workbook: ")


def test_hostile_csv_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_csvs(tmp_path / "csv", {"Projects": projects({"id": "p", "title": "P"})})
    with (folder / "Team.csv").open("w") as handle:
        handle.write("project_id,name\n" + ",\n" * 1_000_000 + "p,Late\n")
    (folder / "PDSA.csv").write_bytes(b"project_id,title\np,\0\0\0\n")
    (folder / "Changes.csv").write_text("project_id,change\np," + "x" * 200_000 + "\n")
    code, lines = build(capsys, folder, tmp_path / "out")
    assert code == 1
    assert "Team" not in " ".join(lines)  # the member below a million empty lines is read
    assert "error: PDSA!B2: a PDSA cycle needs a title" in lines  # control characters are dropped
    assert any(
        line.startswith("error: Changes.csv line 2: not readable as CSV: ") for line in lines
    )


def test_a_picture_that_would_decode_to_too_many_pixels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    # 400 million pixels in 90 kB: refused from its header, before any of it is decoded.
    Image.new("1", (20_000, 20_000), 1).save(tmp_path / "huge.png")
    folder = write_csvs(
        tmp_path,
        {
            "Projects": projects(
                {"id": "p", "title": "P", "image": "huge.png", "image_alt": "A picture"}
            )
        },
    )
    assert (tmp_path / "huge.png").stat().st_size < 200_000
    code, lines = build(capsys, folder, tmp_path / "out")
    assert code == 1
    assert "error: Projects!L2: picture 'huge.png' has too many pixels to decode safely" in lines
    assert not (tmp_path / "out").exists()
