"""Building a feed from the template workbook, from a filled-in workbook and from CSV files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import stat
import zipfile
from pathlib import Path

import jsonschema
import pytest
from PIL import Image

from kiosk.cli import main
from kiosk.feed.jsonschema import feed_schema
from kiosk.feed.source import read_demo
from kiosk.workbook.layout import SHEETS
from tests.unit.workbook.sheets import (
    picture,
    projects,
    read_feed,
    sheet,
    write_csvs,
    write_xlsx,
)


def test_new_workbook_has_the_contract_sheets_columns_and_drop_downs(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "projects.xlsx"
    assert main(["new-workbook", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    with zipfile.ZipFile(out) as archive:  # texts in one shared table, as Excel saves them
        assert b"inlineStr" not in archive.read("xl/worksheets/sheet2.xml")
        assert b"Fewer falls on Ward 7" in archive.read("xl/sharedStrings.xml")
    book = load_workbook(out)
    assert book.sheetnames == ["Instructions", *(s.name for s in SHEETS)]
    contract = {
        "Hub": ["key", "value"],
        "Projects": [
            "id",
            "title",
            "summary",
            "aim",
            "stage",
            "themes",
            "department",
            "site",
            "link",
            "started",
            "updated",
            "image",
            "image_alt",
            "results",
            "from",
            "until",
            "screens",
            "weight",
        ],
        "Team": ["project_id", "name", "role"],
        "Measures": [
            "project_id",
            "measure",
            "unit",
            "improvement",
            "target",
            "date",
            "value",
            "rebase",
        ],
        "PDSA": ["project_id", "title", "status", "date", "learning"],
        "Templates": ["id", "title", "description", "link", "icon"],
    }
    for name, columns in contract.items():
        header = [c.value for c in book[name][1]]
        assert header[: len(columns)] == columns, name
        assert book[name].freeze_panes == "A2"
    lists = {
        (name, str(dv.sqref).split(":")[0][0]): dv.formula1
        for name in ("Projects", "Measures", "PDSA")
        for dv in book[name].data_validations.dataValidation
        if dv.type == "list"
    }
    assert lists[("Projects", "E")] == '"idea,planning,testing,implementing,sustaining"'
    assert lists[("Measures", "D")] == '"increase,decrease,neutral"'
    assert lists[("PDSA", "C")] == '"planned,running,adopt,adapt,abandon"'
    # Two worked examples, and the instructions say how to build the feed.
    assert [r[0].value for r in book["Projects"].iter_rows(min_row=2)] == [
        "ward-7-falls",
        "clinic-letters",
    ]
    instructions = " ".join(
        str(c.value) for row in book["Instructions"].iter_rows() for c in row if c.value
    )
    assert "qi-kiosk build-feed" in instructions and "01/03/2026" in instructions


def test_the_template_builds_into_a_valid_feed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "projects.xlsx"
    assert main(["new-workbook", str(workbook)]) == 0
    out = tmp_path / "site"
    assert main(["build-feed", str(workbook), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"wrote {out / 'feed.json'}: 2 projects, 2 templates" in printed
    raw, feed = read_feed(out)
    jsonschema.validate(raw, feed_schema())
    assert not feed.skipped and not feed.warnings
    demo = {p.id: p for p in read_demo().feed.projects}
    for project in feed.projects:
        original = demo[project.id]
        assert project.title == original.title and project.aim == original.aim
        assert project.team == original.team and project.pdsa == original.pdsa
        assert project.measures == original.measures
        assert project.changes == original.changes
    assert feed.hub == read_demo().feed.hub
    # Published for a web server or a file share: readable by others.
    assert stat.S_IMODE((out / "feed.json").stat().st_mode) == 0o644


def test_a_filled_in_workbook_with_pictures(tmp_path: Path) -> None:
    picture(tmp_path / "pics" / "falls.png", size=(2400, 1800))
    picture(tmp_path / "pics" / "sub" / "hands.jpg", size=(800, 600), colour="#ffb81c")
    workbook = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Hub": [
                ["key", "value"],
                ["name", "Riverside QI Hub"],
                ["url", "https://qi.example/"],
                ["how_to_start", "Find a problem\nTalk to us"],
                ["how_to_start", "Test it"],
            ],
            "Projects": projects(
                {
                    "id": "falls",
                    "title": "Fewer falls",
                    "stage": "Testing",
                    "themes": "Safety, Falls ,",
                    "link": "https://qi.example/falls",
                    "started": dt.datetime(2025, 3, 1),
                    "image": "falls.png",
                    "image_alt": "A bed",
                    "from": dt.datetime(2026, 1, 1, 9, 30),
                    "until": "31/12/2026",
                    "screens": "lobby, ward-7",
                    "weight": 3,
                },
                {
                    "id": "hands",
                    "title": "Clean hands",
                    "image": "sub/hands.jpg",
                    "image_alt": "Soap",
                },
                {"id": "bare", "title": "Only a title"},
            ),
            "Team": sheet(
                "Team",
                {"project_id": "falls", "name": "Ann", "role": "Lead"},
                {"project_id": "hands", "name": "Bo"},
            ),
            "Measures": sheet(
                "Measures",
                {
                    "project_id": "falls",
                    "measure": "Falls",
                    "unit": "per 1,000 bed days",
                    "improvement": "decrease",
                    "target": 5,
                    "date": dt.datetime(2025, 1, 1),
                    "value": 7.5,
                },
                {"project_id": "falls", "measure": "Falls", "date": "Feb 2025", "value": "6.5"},
                {
                    "project_id": "falls",
                    "measure": "Falls",
                    "date": "2025-03",
                    "value": 6,
                    "rebase": "yes",
                },
            ),
            "PDSA": sheet(
                "PDSA",
                {
                    "project_id": "falls",
                    "title": "Huddles",
                    "status": "Adopt",
                    "date": "1 Apr 2025",
                    "learning": "Keep them short",
                },
            ),
            "Templates": sheet(
                "Templates",
                {
                    "id": "charter",
                    "title": "Charter",
                    "link": "https://qi.example/charter",
                    "icon": "charter",
                },
            ),
        },
    )
    out = tmp_path / "out"
    assert (
        main(["build-feed", str(workbook), "--images", str(tmp_path / "pics"), "--out", str(out)])
        == 0
    )
    raw, feed = read_feed(out)
    jsonschema.validate(raw, feed_schema())
    assert not feed.skipped and not feed.warnings
    falls, hands, bare = feed.projects
    assert falls.stage == "testing" and falls.themes == ("Safety", "Falls")
    assert falls.started == dt.date(2025, 3, 1)
    assert falls.display.screens == ("lobby", "ward-7") and falls.display.weight == 3
    assert falls.display.start == dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.UTC)
    assert falls.display.until == dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
    (measure,) = falls.measures
    assert measure.dates == (dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1))
    assert measure.values == (7.5, 6.5, 6.0) and measure.target == 5
    assert measure.rebase == (dt.date(2025, 3, 1),) and measure.improvement == "decrease"
    assert falls.pdsa[0].status == "adopt" and falls.pdsa[0].date == dt.date(2025, 4, 1)
    assert feed.hub.how_to_start == ("Find a problem", "Talk to us", "Test it")
    assert bare.image is None and bare.team == () and bare.measures == ()
    assert feed.templates[0].icon == "charter"
    # Each picture is checked, scaled to at most 1920 px and named by its sha256.
    for project, size in ((falls, (1920, 1440)), (hands, (800, 600))):
        assert project.image is not None
        stored = out / project.image.url.split("/feed.json", 1)[0].split("file://")[-1]
        stored = out / "images" / Path(project.image.url).name
        data = stored.read_bytes()
        assert hashlib.sha256(data).hexdigest() == project.image.sha256
        assert stored.name.startswith(project.image.sha256)
        with Image.open(stored) as image:
            assert image.size == size
    assert sorted(p.name for p in (out / "images").iterdir()) == sorted(
        Path(p.image.url).name for p in (falls, hands) if p.image
    )


def test_a_folder_of_csv_files_reads_text_dates_and_numbers(tmp_path: Path) -> None:
    folder = write_csvs(
        tmp_path / "csv",
        {
            "Projects": projects(
                {
                    "id": "p1",
                    "title": "Título con acentos",
                    "started": "01/03/2026",
                    "updated": "Mar 2026",
                }
            ),
            "Measures": sheet(
                "Measures",
                *(
                    {
                        "project_id": "p1",
                        "measure": "Wait",
                        "target": " 1,200 ",
                        "date": day,
                        "value": value,
                    }
                    for day, value in (
                        ("2025-01", "12"),
                        ("Feb 2025", "1,234.5"),
                        ("01/03/2025", "−3"),
                        ("1 April 2025", "45%"),
                        ("2025-05-01", "7"),
                    )
                ),
            ),
        },
    )
    out = tmp_path / "out"
    assert main(["build-feed", str(folder), "--out", str(out)]) == 0
    _, feed = read_feed(out)
    (project,) = feed.projects
    assert project.title == "Título con acentos"
    assert project.started == dt.date(2026, 3, 1) and project.updated == dt.date(2026, 3, 1)
    (measure,) = project.measures
    assert measure.target == 1200
    assert measure.values == (12, 1234.5, -3, 45, 7)
    assert [d.month for d in measure.dates] == [1, 2, 3, 4, 5]


def test_excel_dates_day_numbers_and_percentages(tmp_path: Path) -> None:
    workbook = write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Projects": projects({"id": "p", "title": "P", "started": 45717}),
            "Measures": sheet(
                "Measures",
                {
                    "project_id": "p",
                    "measure": "Share",
                    "date": dt.date(2025, 1, 1),
                    "value": 0.455,
                },
                {"project_id": "p", "measure": "Share", "date": "2025-02-01", "value": 0.5},
            ),
        },
        formats={"Measures!G2": "0.0%", "Measures!G3": "0%"},
    )
    out = tmp_path / "out"
    assert main(["build-feed", str(workbook), "--out", str(out)]) == 0
    _, feed = read_feed(out)
    assert feed.projects[0].started == dt.date(2025, 3, 1)  # day 45,717 of Excel's calendar
    assert feed.projects[0].measures[0].values == (45.5, 50.0)


def test_a_rebuild_replaces_the_feed_and_removes_pictures_no_longer_used(tmp_path: Path) -> None:
    picture(tmp_path / "a.png", colour="#ff0000")
    picture(tmp_path / "b.png", colour="#00ff00")
    out = tmp_path / "out"
    book = tmp_path / "book.xlsx"
    write_xlsx(
        book,
        {"Projects": projects({"id": "p", "title": "P", "image": "a.png", "image_alt": "red"})},
    )
    assert main(["build-feed", str(book), "--out", str(out)]) == 0
    first = json.loads((out / "feed.json").read_text())["projects"][0]["image"]["url"]
    write_xlsx(
        book,
        {"Projects": projects({"id": "p", "title": "P", "image": "b.png", "image_alt": "green"})},
    )
    assert main(["build-feed", str(book), "--out", str(out)]) == 0
    second = json.loads((out / "feed.json").read_text())["projects"][0]["image"]["url"]
    assert first != second
    assert [p.name for p in (out / "images").iterdir()] == [Path(second).name]
