"""Every problem at once, each pointing at its cell; nothing is written for an invalid workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.unit.workbook.sheets import picture, projects, sheet, write_csvs, write_xlsx


def build(
    capsys: pytest.CaptureFixture[str], workbook: Path, out: Path, *extra: str
) -> tuple[int, list[str]]:
    code = main(["build-feed", str(workbook), *extra, "--out", str(out)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out.splitlines()


FALLS = {"id": "ward-7-falls", "title": "Fewer falls", "link": "https://qi.example/falls"}


def test_the_examples_every_problem_at_once_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [dict(FALLS)] + [{"id": f"p{i}", "title": f"P{i}"} for i in range(2, 7)]
    rows[5]["stage"] = "impl"  # row 7 of the sheet
    measures = [
        {"project_id": "ward-7-falls", "measure": "Falls", "date": f"2025-{m:02d}", "value": m}
        for m in range(1, 13)
    ] * 3
    for i, row in enumerate(measures):
        measures[i] = {**row, "date": f"{2023 + i // 12}-{i % 12 + 1:02d}"}
    measures[29]["value"] = "n/a"  # row 31 of the sheet
    workbook = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Projects": projects(*rows),
            "Team": sheet(
                "Team",
                {"project_id": "ward-7-falls", "name": "Ann"},
                {"project_id": "p2", "name": "Bo"},
                {"project_id": "ward-7-fals", "name": "Cy"},
            ),
            "Measures": sheet("Measures", *measures),
        },
    )
    out = tmp_path / "site"
    out.mkdir()
    (out / "feed.json").write_text("the old feed")
    code, lines = build(capsys, workbook, out)
    assert code == 1
    assert (
        "error: Projects!E7: stage 'impl' is not one of idea, planning, testing, implementing,"
        " sustaining" in lines
    )
    assert "error: Measures!G31: 'n/a' is not a number" in lines
    assert (
        "error: Team!A4: no project with id 'ward-7-fals' (did you mean 'ward-7-falls'?)" in lines
    )
    assert lines[-1] == f"invalid: {workbook}: 3 error(s), 0 warning(s); nothing written"
    assert (out / "feed.json").read_text() == "the old feed"
    assert sorted(p.name for p in out.iterdir()) == ["feed.json"]


def test_each_kind_of_bad_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "not-a-picture.png").write_bytes(b"hello")
    picture(tmp_path / "ok.png")
    workbook = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Hub": [["key", "value"], ["nmae", "Hub"], ["url", "qi.example"]],
            "Projects": projects(
                FALLS,  # row 2
                {"id": "ward-7-falls", "title": "Again"},  # 3: duplicate id
                {"id": "no-title"},  # 4
                {"title": "No id"},  # 5
                {"id": "bad id!", "title": "Spaces"},  # 6
                {"id": "p7", "title": "P7", "started": "31/02/2026", "link": "www.example.org"},
                {"id": "p8", "title": "P8", "weight": 11, "image": "missing.png", "image_alt": "x"},
                {"id": "p9", "title": "P9", "image": "not-a-picture.png", "image_alt": "x"},
                {"id": "p10", "title": "P10", "from": "2026-05-01", "until": "2026-04-01"},
                {"id": "p11", "title": "P11", "image": "../outside.png", "image_alt": "x"},
                {"id": "p12", "title": "P12", "image": "ok.png"},  # warning: no alt text
                {"id": "p13", "title": "T" * 120},  # warning: shortened
            ),
            "Measures": sheet(
                "Measures",
                {
                    "project_id": "ward-7-falls",
                    "measure": "Falls",
                    "unit": "%",
                    "improvement": "down",
                    "date": "2025-01",
                    "value": 1,
                },  # 2
                {
                    "project_id": "ward-7-falls",
                    "measure": "Falls",
                    "unit": "per cent",
                    "date": "2025-01-01",
                    "value": 2,
                },  # 3: unit differs, second value
                {
                    "project_id": "ward-7-falls",
                    "measure": "Falls",
                    "date": "sometime",
                    "value": 3,
                },  # 4
                {"project_id": "ward-7-falls", "measure": "Falls", "date": "2025-03"},  # 5
                {"project_id": "ward-7-falls", "measure": "Falls", "value": 4},  # 6
                {"project_id": "", "measure": "Falls", "date": "2025-04", "value": 4},  # 7
            ),
            "PDSA": sheet(
                "PDSA",
                {"project_id": "ward-7-falls", "title": "T", "status": "done", "date": "yesterday"},
            ),
            "Templates": sheet("Templates", {"id": "t", "title": "T", "icon": "star"}),
        },
    )
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 1
    expected = [
        "error: Hub!A2: key 'nmae' is not one of name, organisation, url, about, how_to_start"
        " (did you mean 'name'?)",
        "error: Hub!B3: 'qi.example' is not a web address starting https://",
        "error: Projects!A3: id 'ward-7-falls' is already used on row 2",
        "error: Projects!A5: no id: every project needs one",
        "error: Projects!J7: '31/02/2026' is not a real date",
        "error: Projects!I7: 'www.example.org' is not a web address starting https://",
        "error: Projects!R8: 11 is not between 1 and 10",
        f"error: Projects!L8: no picture 'missing.png' in {tmp_path}",
        "error: Projects!L9: picture 'not-a-picture.png' is not an image (PNG, JPEG, GIF, WebP"
        " or BMP)",
        "error: Projects!P10: until is not after from",
        f"error: Projects!L11: '../outside.png' must be a file in {tmp_path}",
        "warning: Projects!M12: no image_alt: say what the picture shows, for people who cannot"
        " see it",
        "error: Measures!D2: improvement 'down' is not one of increase, decrease, neutral",
        "error: Measures!C3: unit 'per cent' differs from '%' on row 2 for the same measure",
        "error: Measures!F3: a second value for 2025-01-01 (the first is on row 2)",
        "error: Measures!F4: 'sometime' is not a date (write it like 2026-03-01, Mar 2026 or"
        " 01/03/2026)",
        "error: Measures!G5: no value for 2025-03-01",
        "error: Measures!F6: a value with no date",
        "error: Measures!A7: no project_id: which project is this row for?",
        "error: PDSA!C2: status 'done' is not one of planned, running, adopt, adapt, abandon",
        "error: PDSA!D2: 'yesterday' is not a date (write it like 2026-03-01, Mar 2026 or"
        " 01/03/2026)",
        "error: Templates!E2: icon 'star' is not one of charter, pdsa, driver, process,"
        " fishbone, measure, other",
        "error: Templates!D2: no link: where is the template?",
        # Found by the kiosk's own feed parser, pointed back at the cells:
        "error: Projects!B4: project 'no-title' needs a title",
        "error: Projects!A6: not a usable id: 'bad id!' (letters, digits, - _ . : only)",
        "warning: Projects!B13: longer than 90 characters; shortened",
    ]
    missing = [line for line in expected if line not in lines]
    assert not missing, "\n".join(lines)
    errors = sum(1 for line in expected if line.startswith("error"))
    warnings = len(expected) - errors
    assert (
        lines[-1]
        == f"invalid: {workbook}: {errors} error(s), {warnings} warning(s); nothing written"
    )
    assert not (tmp_path / "out").exists()


def test_warnings_alone_still_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Projects": [
                ["id", "title", "summery", "Notes"],
                ["p", "P", "typo in the header", "our own notes"],
            ],
            "Scratch": [["anything"]],
        },
    )
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 0, lines
    assert "warning: Projects!C1: column 'summery' is not used (did you mean 'summary'?)" in lines
    assert "warning: Projects!D1: column 'Notes' is not used" in lines
    assert "warning: Scratch: sheet 'Scratch' is not used" in lines
    assert lines[-1].startswith(f"wrote {tmp_path / 'out' / 'feed.json'}: 1 projects")


def test_csv_problems_point_at_cells_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_csvs(
        tmp_path / "csv",
        {
            "Projects": projects({"id": "p", "title": "P", "stage": "Done"}),
            "Measures": sheet(
                "Measures", {"project_id": "p", "measure": "M", "date": "2025-01", "value": "lots"}
            ),
        },
    )
    (folder / "Team.csv").write_bytes("project_id,name\np,Zoë\n".encode("cp1252"))
    code, lines = build(capsys, folder, tmp_path / "out")
    assert code == 1
    assert (
        "error: Projects!E2: stage 'Done' is not one of idea, planning, testing, implementing,"
        " sustaining" in lines
    )
    assert "error: Measures!G2: 'lots' is not a number" in lines
    assert (
        "warning: Team.csv: not UTF-8 text; read as Windows-1252 (save as 'CSV UTF-8' to be sure)"
        in lines
    )


def test_missing_or_unreadable_workbooks_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = build(capsys, tmp_path / "nope.xlsx", tmp_path / "out")
    assert code == 1 and lines[0] == f"error: no workbook at {tmp_path / 'nope.xlsx'}"
    (tmp_path / "notes.txt").write_text("hello")
    code, lines = build(capsys, tmp_path / "notes.txt", tmp_path / "out")
    assert code == 1 and lines[0] == "error: notes.txt is not an Excel workbook (.xlsx)"
    empty = tmp_path / "empty"
    empty.mkdir()
    code, lines = build(capsys, empty, tmp_path / "out")
    assert (
        code == 1 and lines[0] == f"error: no Projects.csv (or other sheet) in the folder {empty}"
    )
    workbook = write_xlsx(tmp_path / "book.xlsx", {"Team": sheet("Team")})
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 1 and "error: no Projects sheet: the feed needs at least one project" in lines
    assert not (tmp_path / "out").exists()


def test_a_date_typed_into_a_number_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Projects": projects({"id": "p", "title": "P"}),
            "Measures": sheet(
                "Measures",
                {
                    "project_id": "p",
                    "measure": "M",
                    "date": "2025-01",
                    "value": dt.datetime(2025, 1, 1),
                },
            ),
        },
    )
    code, lines = build(capsys, workbook, tmp_path / "out")
    assert code == 1
    assert "error: Measures!G2: '2025-01-01' is a date, not a number" in lines


def test_usage_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = tmp_path / "projects.csv"
    assert main(["new-workbook", str(wrong)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"qi-kiosk new-workbook: the workbook must be a .xlsx file (got {wrong})"
    assert main(["build-feed", "book.xlsx"]) == 2
    assert "the following arguments are required: --out" in capsys.readouterr().err
    assert main(["export-workbook", str(tmp_path / "missing.json"), str(tmp_path / "x.xlsx")]) == 1
    assert capsys.readouterr().out.startswith("error: no feed file at")
    assert not (tmp_path / "x.xlsx").exists()
