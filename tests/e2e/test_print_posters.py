"""``qi-kiosk print-posters``: real PDFs, read back with poppler and a real QR decoder."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

POPPLER = ("pdfinfo", "pdftotext", "pdftoppm", "pdfimages")
pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in POPPLER), reason="poppler-utils is not installed"
)

DEMO = json.loads((REPO / "assets" / "demo" / "feed.json").read_text())
PROJECTS = {p["id"]: p for p in DEMO["projects"]}
HOST = "qi.example.nhs.uk"
MM_PER_PT = 25.4 / 72


def run(*args: str, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "print-posters", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout


def info(pdf: Path) -> dict[str, str]:
    lines = tool("pdfinfo", str(pdf)).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def page_text(pdf: Path, page: int) -> str:
    """The page's text with all white space as single spaces (lines joined)."""
    return " ".join(tool("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-").split())


def flat(text: str) -> str:
    return " ".join(text.split())


def qr_codes(pdf: Path, page: int, tmp: Path, dpi: int = 150):
    import zxingcpp
    from PIL import Image

    stem = tmp / f"page{page}"
    tool("pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", str(pdf), str(stem))
    (png,) = tmp.glob(f"page{page}*.png")
    image = Image.open(png).convert("RGB")
    found = [r for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    png.unlink()
    return found


def words(pdf: Path, page: int) -> tuple[tuple[float, float], list[tuple[float, ...]]]:
    """The page size and every word's box (points), from ``pdftotext -bbox``."""
    html = tool("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', html)
    assert size is not None
    boxes = [
        tuple(float(v) for v in m.groups())
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', html
        )
    ]
    return (float(size[1]), float(size[2])), boxes


def overlapping(boxes: list[tuple[float, ...]], slack: float = 0.6) -> list[tuple]:
    """Pairs of word boxes that overlap by more than `slack` points each way."""
    ordered = sorted(boxes, key=lambda b: b[1])
    clashes = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b[1] >= a[3] - slack:
                break
            if (
                min(a[2], b[2]) - max(a[0], b[0]) > slack
                and min(a[3], b[3]) - max(a[1], b[1]) > slack
            ):
                clashes.append((a, b))
    return clashes


def write_feed(folder: Path, projects: list[dict], hub: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    feed = {"feed_version": 1, "hub": hub or {"name": "Riverside QI Hub"}, "projects": projects}
    (folder / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    config = folder / "kiosk.yaml"
    config.write_text(
        f"feed:\n  source: feed.json\nqr:\n  allowed_hosts: [{HOST}]\n"
        f"state_dir: {folder / 'state'}\n",
        encoding="utf-8",
    )
    return config


def print_one_page(tmp_path: Path, project: dict, paper: str, orientation: str) -> tuple[Path, str]:
    """`project` printed alone on one page of this paper: the PDF and its page's text."""
    config = write_feed(tmp_path / "feed", [project])
    out = tmp_path / f"{project['id']}.pdf"
    result = run(
        "--config", str(config), "--out", str(out), "--paper", paper, "--orientation", orientation
    )
    assert result.returncode == 0, result.stderr
    assert info(out)["Pages"] == "1"
    return out, page_text(out, 1)


def assert_words_inside_margins_apart(pdf: Path) -> None:
    """Every word of the first page is inside the 10 mm margins, and no two overlap."""
    (width, height), boxes = words(pdf, 1)
    margin = 10 / MM_PER_PT
    assert boxes
    for box in boxes:
        assert margin <= box[0] and box[2] <= width - margin, box
        assert margin <= box[1] and box[3] <= height - margin, box
    assert overlapping(boxes) == []


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("print") / "posters.pdf"
    result = run("--demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{out}: {len(PROJECTS)} pages, A4 portrait"
    return out


def test_demo_prints_one_a4_page_per_project(demo_pdf: Path) -> None:
    meta = info(demo_pdf)
    assert meta["Pages"] == str(len(PROJECTS))
    assert meta["Page size"] == "595 x 842 pts (A4)"
    assert meta["Producer"].startswith("Qt")


def test_each_page_has_its_projects_title_aim_and_team(demo_pdf: Path) -> None:
    for number, project in enumerate(DEMO["projects"], start=1):
        text = page_text(demo_pdf, number)
        assert flat(project["title"]) in text, project["id"]
        if project.get("aim"):
            assert flat(project["aim"]) in text, project["id"]
        for member in project.get("team", []):
            assert member["name"] in text, (project["id"], member["name"])
        assert DEMO["hub"]["name"] in text
        # The award ribbon: the project's first recognition, with its year.
        for award in project.get("recognition", [])[:1]:
            assert f"{award['title']} {award['year']}" in text, project["id"]


def test_qr_code_at_150_dpi_decodes_to_the_projects_link(demo_pdf: Path, tmp_path: Path) -> None:
    from kiosk.qr import matrix

    for number in (1, 9, len(PROJECTS)):
        project = DEMO["projects"][number - 1]
        found = qr_codes(demo_pdf, number, tmp_path)
        assert [r.text for r in found] == [project["link"]]
        # Large enough to read from a metre away: modules of about 1.5 mm on A4.
        pos = found[0].position
        side_px = (
            (pos.top_right.x - pos.top_left.x) ** 2 + (pos.top_right.y - pos.top_left.y) ** 2
        ) ** 0.5
        module_mm = side_px / 150 * 25.4 / len(matrix(project["link"]))
        assert module_mm >= 1.4, module_mm


def test_qr_code_reads_as_a_phone_sees_it_from_a_metre(demo_pdf: Path, tmp_path: Path) -> None:
    """A phone's 1920-pixel camera frame spans about 1.3 m at a metre: 1.5 pixels a millimetre
    (38 dpi), a little out of focus."""
    import zxingcpp
    from PIL import Image, ImageFilter

    for number in (1, len(PROJECTS)):
        stem = tmp_path / f"far{number}"
        tool(
            "pdftoppm",
            "-r",
            "38",
            "-f",
            str(number),
            "-l",
            str(number),
            "-singlefile",
            "-png",
            str(demo_pdf),
            str(stem),
        )
        image = Image.open(f"{stem}.png").convert("RGB").filter(ImageFilter.GaussianBlur(0.8))
        found = [r.text for r in zxingcpp.read_barcodes(image)]
        assert found == [DEMO["projects"][number - 1]["link"]], number


def test_chart_and_qr_are_vector_and_the_image_is_300_dpi(demo_pdf: Path) -> None:
    listing = tool("pdfimages", "-list", str(demo_pdf)).splitlines()[2:]
    rows = [line.split() for line in listing]
    pages_with_images = [int(r[0]) for r in rows]
    for number, project in enumerate(DEMO["projects"], start=1):
        expected = 1 if project.get("image") else 0
        # The only bitmap on a page is the project's picture: text, chart and QR are vector.
        assert pages_with_images.count(number) == expected, project["id"]
    for row in rows:
        x_ppi, y_ppi = int(row[12]), int(row[13])
        assert 290 <= x_ppi <= 310 and 290 <= y_ppi <= 310, row


def test_a3_landscape_prints_the_chosen_projects_in_order(tmp_path: Path) -> None:
    out = tmp_path / "two.pdf"
    result = run(
        "--demo",
        "--out",
        str(out),
        "--paper",
        "a3",
        "--orientation",
        "landscape",
        "--project",
        "sepsis-antibiotics",
        "--project",
        "ward-7-falls",
    )
    assert result.returncode == 0, result.stderr
    meta = info(out)
    assert meta["Pages"] == "2"
    assert meta["Page size"] == "1191 x 842 pts (A3)"
    assert meta["Title"] == "Meadowbrook QI Hub: QI project posters"
    first, second = page_text(out, 1), page_text(out, 2)
    assert flat(PROJECTS["sepsis-antibiotics"]["title"]) in first
    assert flat(PROJECTS["ward-7-falls"]["aim"]) in second
    assert [r.text for r in qr_codes(out, 1, tmp_path)] == [PROJECTS["sepsis-antibiotics"]["link"]]


LONG_WORDS = (
    "Reducing avoidable harm from inpatient falls across every adult ward through bay nursing, "
    "safety huddles, lying and standing blood pressure and better footwear"
)


def long_project() -> dict:
    """Every text at the feed's length limit, and every list as long as the feed allows."""
    from kiosk.feed.schema import MAX_LEN, MAX_PDSA, MAX_TEAM

    def text(limit: str, seed: str) -> str:
        words = (seed + " " + LONG_WORDS).split()
        out = ""
        i = 0
        while len(out) + len(words[i % len(words)]) + 1 <= MAX_LEN[limit]:
            out = f"{out} {words[i % len(words)]}".strip()
            i += 1
        return out

    return {
        "id": "long",
        "title": text("title", "Title"),
        "link": f"https://{HOST}/projects/a-project-with-a-long-address-that-wraps-on-the-page",
        "summary": text("summary", "Summary"),
        "aim": text("aim", "Aim"),
        "results": text("results", "Results"),
        "stage": "testing",
        "themes": ["Patient safety", "Falls", "Older people", "Workforce", "Digital", "Equity"],
        "department": text("department", "Department"),
        "site": text("site", "Site"),
        "team": [
            {"name": f"Member {i} Okonkwo-Penhaligon", "role": text("role", "Role")}
            for i in range(MAX_TEAM)
        ],
        "changes": [text("change", f"Change{i}") for i in range(12)],
        "pdsa": [
            {
                "title": text("pdsa_title", f"Cycle{i}"),
                "status": "adapt",
                "learning": text("learning", f"Learning{i}"),
            }
            for i in range(MAX_PDSA)
        ],
        "measures": [
            {
                "name": text("measure", "Measure"),
                "unit": text("unit", "Unit"),
                "improvement": "decrease",
                "target": 5,
                "points": [{"date": f"2025-{m:02d}-01", "value": 8 - m * 0.2} for m in range(1, 13)]
                + [{"date": f"2026-{m:02d}-01", "value": 6 - m * 0.1} for m in range(1, 13)],
            }
        ],
        "updated": "2026-10-01",
    }


@pytest.mark.parametrize(
    ("paper", "orientation", "points"),
    [
        ("A4", "landscape", "842 x 595"),
        ("A3", "portrait", "842 x 1191"),
        ("A2", "portrait", "1191 x 1684"),
        ("A1", "landscape", "2384 x 1684"),
    ],
)
def test_every_paper_size_both_ways_round(
    tmp_path: Path, paper: str, orientation: str, points: str
) -> None:
    out = tmp_path / "one.pdf"
    args = ("--demo", "--out", str(out), "--paper", paper.lower(), "--orientation", orientation)
    result = run(*args, "--project", "ward-7-falls")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{out}: 1 page, {paper} {orientation}"
    meta = info(out)
    assert meta["Pages"] == "1"
    assert meta["Page size"] == f"{points} pts ({paper})"
    text = page_text(out, 1)
    assert flat(PROJECTS["ward-7-falls"]["title"]) in text
    assert flat(PROJECTS["ward-7-falls"]["aim"]) in text
    assert [r.text for r in qr_codes(out, 1, tmp_path)] == [PROJECTS["ward-7-falls"]["link"]]


def text_lines(pdf: Path, page: int) -> list[str]:
    """The page's text lines, in pdftotext's reading order."""
    html = tool("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-")
    return [line.strip() for line in html.splitlines() if line.strip()]


def lines_making(lines: list[str], text: str) -> list[str]:
    """The run of consecutive lines that together say `text` (joined by a space or nothing)."""
    for start in range(len(lines)):
        for end in range(start + 1, len(lines) + 1):
            run = lines[start:end]
            if text in (" ".join(run), "".join(run)):
                return run
    raise AssertionError(f"{text!r} is not on the page")


def link_breaks_well(lines: list[str]) -> bool:
    """Each break in a link is after a "/" or before a "-" (never after a hyphen, which a
    reader could take for a word broken in two), and never inside "https://"."""
    return all(
        (a.endswith("/") or b.startswith("-")) and not a.endswith(("-", "//"))
        for a, b in itertools.pairwise(lines)
    )


def test_titles_break_into_even_lines_and_links_after_a_slash(tmp_path: Path) -> None:
    ids = [
        "sepsis-antibiotics",
        "ed-initial-assessment",
        "insulin-safety",
        "discharge-before-noon",
    ]
    out = tmp_path / "titles.pdf"
    result = run("--demo", "--out", str(out), "--orientation", "landscape", "--project", *ids)
    assert result.returncode == 0, result.stderr
    for number, pid in enumerate(ids, start=1):
        lines = text_lines(out, number)
        # The project's column is narrow: the title wraps, into lines of about one length.
        title = lines_making(lines, PROJECTS[pid]["title"])
        lengths = [len(line) for line in title]
        assert len(title) > 1 and min(lengths) >= 0.6 * max(lengths), title
        link = lines_making(lines, PROJECTS[pid]["link"])
        assert len(link) > 1 and link_breaks_well(link), link
    assert lines_making(text_lines(out, 1), PROJECTS["sepsis-antibiotics"]["title"]) == [
        "Antibiotics within",
        "the hour for sepsis",
    ]


@pytest.mark.parametrize(
    ("paper", "orientation"), [("A4", "portrait"), ("A4", "landscape"), ("A3", "landscape")]
)
def test_long_texts_wrap_inside_the_page_without_overlapping(
    tmp_path: Path, paper: str, orientation: str
) -> None:
    project = long_project()
    out, text = print_one_page(tmp_path, project, paper, orientation)
    for key in ("title", "summary", "aim", "results"):
        assert flat(project[key]) in text, key
    # The first PDSA cycles and team members are there in full; the rest are counted.
    assert flat(project["pdsa"][0]["learning"]) in text
    assert "more PDSA cycles" in text
    assert_words_inside_margins_apart(out)
    assert [r.text for r in qr_codes(out, 1, tmp_path)] == [project["link"]]
    # The long address breaks after a "/" or before a "-", never inside a word.
    link = lines_making(text_lines(out, 1), project["link"])
    assert link_breaks_well(link), link


def monthly(first_year: int, count: int, start: float, step: float, wobble: float) -> list[dict]:
    """`count` monthly points from January of `first_year`, with a trend and some noise."""
    import math

    return [
        {
            "date": f"{first_year + i // 12}-{i % 12 + 1:02d}-01",
            "value": round(start + step * i + wobble * math.sin(i * 1.7), 1),
        }
        for i in range(count)
    ]


FOUR_MEASURES = [
    # Each measure in years of its own: a chart on the page shows its years on its axis.
    {
        "name": "Inpatient falls",
        "unit": "per 1,000 bed days",
        "improvement": "decrease",
        "target": 5.5,
        "points": monthly(2017, 24, 8.5, -0.12, 0.6),
    },
    {
        "name": "Falls with moderate or severe harm",
        "unit": "per month",
        "improvement": "decrease",
        "points": monthly(2019, 20, 4, -0.08, 1.0),
    },
    {
        "name": "Patients with a mobility plan within 24 hours",
        "unit": "%",
        "improvement": "increase",
        "target": 90,
        "points": monthly(2021, 18, 60, 1.6, 3),
    },
    {
        "name": "Staff trained in bay nursing",
        "unit": "%",
        "improvement": "increase",
        "points": monthly(2023, 6, 40, 8, 1),
    },
]
YEARS = [("2017", "2018"), ("2019", "2020"), ("2021", "2022"), ("2023",)]


def charts_drawn(text: str) -> list[int]:
    """Which of FOUR_MEASURES have a chart on the page (by the years on its axis)."""
    return [i for i, years in enumerate(YEARS) if any(y in text.split() for y in years)]


@pytest.mark.parametrize(
    ("paper", "orientation", "charts"),
    [
        ("A4", "portrait", [0, 1]),
        ("A4", "landscape", [0, 1]),
        ("A3", "portrait", [0, 1, 2, 3]),
        ("A3", "landscape", [0, 1, 2]),
    ],
)
def test_every_measure_is_on_the_page_as_a_chart_or_listed(
    tmp_path: Path, paper: str, orientation: str, charts: list[int]
) -> None:
    """Up to 2 charts on A4 and 4 on A3 (as many as fit); the other measures are listed by
    name with their reading."""
    from kiosk.catalogue import analyse_measure
    from kiosk.feed.schema import parse_feed

    project = {
        "id": "mobility",
        "title": "Safer mobility on the older people's wards",
        "link": f"https://{HOST}/projects/safer-mobility",
        "summary": "Three wards are testing bay nursing, falls huddles and early mobility plans.",
        "aim": "Reduce inpatient falls by 30% and falls with harm by half by March 2027",
        "results": "Falls down 25% since March 2025",
        "stage": "testing",
        "themes": ["Patient safety", "Falls"],
        "team": [{"name": "Asha Patel", "role": "Matron"}, {"name": "Ben Ng"}],
        "pdsa": [{"title": "Bay nursing", "status": "adopt", "learning": "No falls for 6 weeks"}],
        "changes": ["Falls huddle at every shift change"],
        "measures": FOUR_MEASURES,
        "updated": "2026-10-01",
    }
    out, text = print_one_page(tmp_path, project, paper, orientation)
    feed = parse_feed({"feed_version": 1, "projects": [project]})
    for measure in feed.projects[0].measures:
        assert f"{measure.name} ({measure.unit})" in text, measure.name
        assert flat(analyse_measure(measure).reading) in text, measure.name
    assert charts_drawn(text) == charts
    assert ("More measures" in text) == (len(charts) < 4)
    for key in ("title", "aim", "results"):
        assert flat(project[key]) in text, key
    assert_words_inside_margins_apart(out)
    assert [r.text for r in qr_codes(out, 1, tmp_path)] == [project["link"]]


def test_a_demo_project_with_two_measures_charts_both_on_a4(tmp_path: Path) -> None:
    out = tmp_path / "two.pdf"
    ids = ["outpatient-reminders", "clinic-letters"]
    result = run("--demo", "--out", str(out), "--project", *ids)
    assert result.returncode == 0, result.stderr
    for number, pid in enumerate(ids, start=1):
        text = page_text(out, number)
        for measure in PROJECTS[pid]["measures"]:
            assert flat(measure["name"]) in text, (pid, measure["name"])
        assert "More measures" not in text, pid
        _, boxes = words(out, number)
        assert overlapping(boxes) == []


def test_a_spreadsheet_feed_without_measures_prints_a_good_page(tmp_path: Path) -> None:
    link = f"https://{HOST}/p/handover"
    config = write_feed(
        tmp_path / "feed",
        [
            {"id": "handover", "title": "Paperless nursing handover", "link": link},
            {
                "id": "kind",
                "title": "Kinder ward rounds",
                "aim": "Every patient asked what matters to them on every round by June",
                "team": [{"name": "Asha Patel"}],
            },
        ],
    )
    out = tmp_path / "plain.pdf"
    result = run("--config", str(config), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert info(out)["Pages"] == "2"
    first = page_text(out, 1)
    assert "Paperless nursing handover" in first
    assert "Find out more" in first
    assert link_breaks_well(lines_making(text_lines(out, 1), link))
    assert "SPC" not in first
    (code,) = qr_codes(out, 1, tmp_path)
    assert code.text == link
    # The room a fuller project's content would take goes to a larger code, not blank paper.
    pos = code.position
    side_mm = (pos.top_right.x - pos.top_left.x) / 150 * 25.4
    assert side_mm >= 60, side_mm  # 43.5 mm on a fuller page
    second = page_text(out, 2)
    assert "Every patient asked what matters to them on every round by June" in second
    assert "Asha Patel" in second
    assert qr_codes(out, 2, tmp_path) == []
    assert "Find out more from the Riverside QI Hub" in second
    _, boxes = words(out, 1)
    assert overlapping(boxes) == []
    # Short content gets larger type: the title is bigger than on a full demo page.
    title_h = max(b[3] - b[1] for b in boxes)
    assert title_h * MM_PER_PT > 12


def test_a_link_on_a_host_not_allowed_gets_no_qr_code(tmp_path: Path) -> None:
    link = "https://elsewhere.example.com/p/1"
    config = write_feed(tmp_path / "feed", [{"id": "p", "title": "Elsewhere", "link": link}])
    out = tmp_path / "elsewhere.pdf"
    result = run("--config", str(config), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert qr_codes(out, 1, tmp_path) == []
    assert link in page_text(out, 1)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--demo", "--project", "nope"], 1, "no project 'nope' in the feed"),
        (["--demo", "--paper", "B5"], 2, "not a paper size"),
        (["--demo", "--orientation", "sideways"], 2, "invalid choice"),
        (["--demo", "--config", "x.yaml"], 2, "give --config or --demo, not both"),
    ],
)
def test_bad_input_is_one_clear_line(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = run(*args, "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_out_must_be_a_pdf_and_its_folder_must_exist(tmp_path: Path) -> None:
    result = run("--demo", "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2
    assert "--out must name a .pdf file" in result.stderr
    result = run("--demo", "--out", str(tmp_path / "missing" / "x.pdf"))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"qi-kiosk print-posters: no folder {tmp_path / 'missing'} for x.pdf"
    )


def test_an_unreadable_feed_is_one_line(tmp_path: Path) -> None:
    config = write_feed(tmp_path / "feed", [])
    (tmp_path / "feed" / "feed.json").write_text("{broken", encoding="utf-8")
    result = run("--config", str(config), "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert result.stderr.strip().startswith("qi-kiosk print-posters: cannot read the feed: ")
    assert len(result.stderr.strip().splitlines()) == 1


def png_bytes(width: int, height: int) -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "#E8EDEE")
    ImageDraw.Draw(image).ellipse((width // 4, height // 4, width // 2, height // 2), "#005EB8")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_feed_over_http_prints_its_pictures_at_300_dpi(tmp_path: Path) -> None:
    import hashlib

    from tests.unit.feed.feed_servers import Reply, ScriptedServer

    big, small = png_bytes(3000, 2250), png_bytes(400, 300)
    server = ScriptedServer().start()
    try:
        server.route("/big.png", Reply(body=big, headers={"Content-Type": "image/png"}))
        server.route("/small.png", Reply(body=small, headers={"Content-Type": "image/png"}))
        server.route("/bad.png", Reply(body=small, headers={"Content-Type": "image/png"}))
        projects = [
            {"id": "big", "title": "Large picture", "image": {"url": "big.png", "alt": "A"}},
            {"id": "small", "title": "Small picture", "image": {"url": "small.png"}},
            {
                "id": "bad",
                "title": "Wrong checksum",
                "image": {"url": "bad.png", "sha256": hashlib.sha256(b"other").hexdigest()},
            },
        ]
        feed = {"feed_version": 1, "hub": {"name": "Riverside QI Hub"}, "projects": projects}
        server.route(
            "/feed.json",
            Reply(body=json.dumps(feed).encode(), headers={"Content-Type": "application/json"}),
        )
        config = tmp_path / "kiosk.yaml"
        config.write_text(
            f"feed:\n  source: {server.url('/feed.json')}\n  allow_http: true\n"
            f"state_dir: {tmp_path / 'state'}\n"
        )
        out = tmp_path / "http.pdf"
        result = run("--config", str(config), "--out", str(out))
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    assert "image" in result.stderr and "sha256" in result.stderr  # the bad one, logged
    rows = [line.split() for line in tool("pdfimages", "-list", str(out)).splitlines()[2:]]
    by_page = {int(r[0]): r for r in rows}
    assert sorted(by_page) == [1, 2]  # the picture with the wrong checksum is left out
    big_ppi = int(by_page[1][12])
    assert 290 <= big_ppi <= 310  # scaled down to 300 dpi of its printed size
    assert int(by_page[2][3]) == 400  # a small picture keeps its own pixels
    assert "Wrong checksum" in page_text(out, 3)


def test_a_failed_print_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    out = tmp_path / "posters.pdf"
    out.write_bytes(b"%PDF- the one printed last week")
    result = run("--demo", "--out", str(out), "--project", "nope")
    assert result.returncode == 1
    assert out.read_bytes() == b"%PDF- the one printed last week"
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    result = run("--demo", "--out", str(folder), "--project", "ward-7-falls")
    assert result.returncode == 1
    assert result.stderr.strip() == f"qi-kiosk print-posters: cannot write {folder}: Is a directory"
    assert {p.name for p in tmp_path.iterdir()} == {"posters.pdf", "folder.pdf"}
