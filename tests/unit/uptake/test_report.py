"""Reports: totals merged from several screens' stores, date ranges, JSON, CSV and HTML."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.uptake.recorder import Recorder, Tracker
from kiosk.uptake.report import build_report, write_csv
from kiosk.uptake.report_html import report_html
from kiosk.uptake.store import StoreError

REPO = Path(__file__).resolve().parents[3]
MONDAY = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def screen_store(state: Path, screen: str, days: dict[int, int], group: str = "Students") -> Path:
    """A store with `days[offset]` sessions on MONDAY + offset days, each opening a project."""
    clock = Clock(MONDAY)
    recorder = Recorder(state / "uptake.sqlite", clock=clock)
    tracker = Tracker(recorder, screen_id=screen, channel="touch", clock=clock)
    for offset, sessions in days.items():
        for _ in range(sessions):
            clock.at = MONDAY + dt.timedelta(days=offset)
            tracker.session_started()
            tracker.visitor_group(group)
            tracker.project_opened("ward-7-falls")
            tracker.qr_shown("project", "ward-7-falls")
            tracker.session_ended(60.0)
    tracker.poster_showing("sepsis")
    tracker.poster_hidden()
    recorder.close()
    return state


def test_two_screens_stores_merge(tmp_path: Path) -> None:
    a = screen_store(tmp_path / "a", "lobby", {0: 3, 1: 1}, group="Students")
    b = screen_store(tmp_path / "b", "cafe", {0: 2}, group="Medical and dental")
    report = build_report([a, b])
    totals = report.to_json()
    assert totals["sessions"] == {"cafe": 2, "lobby": 4}
    assert totals["visitor_groups"] == {"Students": 4, "Medical and dental": 2}
    assert totals["projects_opened"] == {"ward-7-falls": 6}
    assert totals["qr_shown"] == {"project:ward-7-falls": 6}
    assert totals["posters_shown"] == {"sepsis": 2}
    assert totals["templates_chosen"] == {}
    assert totals["session_seconds_mean"] == 60.0
    assert set(totals["screens"]) == {"cafe", "lobby"}
    assert totals["busiest_hours"] == {"Mon": {"10": 5}, "Tue": {"10": 1}}


def test_a_date_range_keeps_only_its_days(tmp_path: Path) -> None:
    a = screen_store(tmp_path / "a", "lobby", {0: 3, 1: 1, 8: 2})
    report = build_report(
        [a], start=MONDAY.date() + dt.timedelta(days=1), end=MONDAY.date() + dt.timedelta(days=7)
    )
    assert report.to_json()["sessions"] == {"lobby": 1}
    with pytest.raises(StoreError, match="before"):
        build_report([a], start=MONDAY.date(), end=MONDAY.date() - dt.timedelta(days=1))


def test_the_same_screen_twice_is_counted_once(tmp_path: Path) -> None:
    a = screen_store(tmp_path / "a", "lobby", {0: 3})
    copy = tmp_path / "share"
    Recorder(a / "uptake.sqlite", export_dir=copy, export_name="lobby").export(force=True)
    report = build_report([a, copy])
    assert report.to_json()["sessions"] == {"lobby": 3}
    assert len(report.warnings) == 1 and "lobby" in report.warnings[0]


def test_weekly_sessions_are_whole_weeks_read_as_an_xmr_chart(tmp_path: Path) -> None:
    # 15 whole weeks, steady then clearly higher: the reading says it is improving.
    days = {7 * w + d: (3 if w < 8 else 9) for w in range(15) for d in range(7)}
    days[15 * 7] = 1  # a part week at the end is left out
    a = screen_store(tmp_path / "a", "lobby", days)
    report = build_report([a])
    assert [n for _, n in report.weekly] == [21] * 8 + [63] * 7
    assert report.weekly[0][0] == MONDAY.date()
    analysis = report.analysis()
    assert analysis is not None and analysis.variation == "improvement_high"
    assert report.reading().startswith("Improving")
    html = report_html(report, generated=dt.date(2026, 7, 1))
    assert "Improving" in html and 'class="spc-chart"' in html and 'class="spc-icon"' in html


def group_row(html: str, group: str) -> str:
    return html[html.index(f"<td>{group}</td>") :].split("</tr>", maxsplit=1)[0]


def test_small_visitor_group_counts_are_not_shown_in_the_html(tmp_path: Path) -> None:
    a = screen_store(tmp_path / "a", "lobby", {0: 7}, group="Students")
    b = screen_store(tmp_path / "b", "cafe", {0: 2}, group="Healthcare scientists")
    c = screen_store(tmp_path / "c", "ward", {0: 12}, group="Support workers")
    report = build_report([a, b, c])
    assert report.total_sessions == 21  # in the headline figures
    html = report_html(report, generated=dt.date(2026, 7, 1))
    row = group_row(html, "Healthcare scientists")
    assert "fewer than 5" in row and ">2<" not in row
    # With 7 and 12 shown, 21 - 7 - 12 would give the small group away: 7 is withheld too.
    students = group_row(html, "Students")
    assert "not shown" in students and ">7<" not in students and "%" not in students
    assert ">12<" in group_row(html, "Support workers")


def test_two_small_visitor_groups_hide_only_themselves(tmp_path: Path) -> None:
    a = screen_store(tmp_path / "a", "lobby", {0: 7}, group="Students")
    b = screen_store(tmp_path / "b", "cafe", {0: 2}, group="Healthcare scientists")
    c = screen_store(tmp_path / "c", "ward", {0: 3}, group="Support workers")
    html = report_html(build_report([a, b, c]), generated=dt.date(2026, 7, 1))
    assert "fewer than 5" in group_row(html, "Healthcare scientists")
    assert "fewer than 5" in group_row(html, "Support workers")
    assert ">7<" in group_row(html, "Students")  # 12 - 7 = 5 is two groups' sum, not one's


def test_names_in_the_html_are_escaped(tmp_path: Path) -> None:
    a = screen_store(tmp_path / "a", "<script>alert(1)</script>", {0: 1})
    html = report_html(build_report([a]), generated=dt.date(2026, 7, 1))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_csv_has_every_daily_total_and_a_summary_row_a_day(tmp_path: Path) -> None:
    a = screen_store(tmp_path / "a", "lobby", {0: 3, 1: 1})
    paths = write_csv(build_report([a], daily=True), tmp_path / "csv")
    with paths[0].open() as handle:
        rows = list(csv.DictReader(handle))
    opened = [r for r in rows if r["event"] == "project_opened"]
    assert [(r["day"], r["count"]) for r in opened] == [("2026-03-02", "3"), ("2026-03-03", "1")]
    with paths[1].open() as handle:
        summary = list(csv.DictReader(handle))
    assert [(r["day"], r["session_started"], r["project_opened"]) for r in summary] == [
        ("2026-03-02", "3", "3"),
        ("2026-03-03", "1", "1"),
    ]


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_report_command(tmp_path: Path) -> None:
    a = screen_store(tmp_path / "a", "lobby", {0: 3})
    b = screen_store(tmp_path / "b", "cafe", {0: 2})
    done = run("report", "--state-dir", str(a), str(b), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sessions"] == {"cafe": 2, "lobby": 3}
    out = tmp_path / "report.html"
    done = run(
        "report",
        "--state-dir",
        str(a),
        "--state-dir",
        str(b),
        "--out",
        str(out),
        "--csv",
        str(tmp_path / "csv"),
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "csv" / "uptake-daily.csv").is_file()
    assert "Fewer falls on Ward 7" not in out.read_text()
    # With a feed, projects are named by their titles (the demo feed here).
    done = run("report", "--state-dir", str(a), "--feed", "demo:", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Fewer falls on Ward 7<br><span class='id'>ward-7-falls</span>" in out.read_text()
    done = run("report", "--state-dir", str(a), "--feed", str(tmp_path / "nofeed.json"),
               "--out", str(out))  # fmt: skip
    assert done.returncode == 0 and "warning: projects are shown by id" in done.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--state-dir", "MISSING", "--format", "json"], "no such file or folder"),
        (["--state-dir", "EMPTY", "--format", "json"], "no uptake store in"),
        (["--state-dir", "EMPTY"], "give --out report.html"),
        (["--from", "2026-13-01", "--format", "json"], "not a date like"),
        (["--from", "2026-03-02", "--to", "2026-03-01", "--format", "json"], "--to is before"),
    ],
)
def test_report_errors_are_one_line(tmp_path: Path, argv: list[str], message: str) -> None:
    (tmp_path / "EMPTY").mkdir()
    argv = [str(tmp_path / a) if a in ("MISSING", "EMPTY") else a for a in argv]
    done = run("report", *argv)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_the_report_reads_the_configured_state_dir(tmp_path: Path) -> None:
    screen_store(tmp_path / "state", "lobby", {0: 2})
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"state_dir: {tmp_path / 'state'}\nfeed:\n  source: 'demo:'\n")
    out = tmp_path / "r.html"
    done = run("report", "--config", str(config), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Fewer falls on Ward 7" in out.read_text()  # named from the config's feed
    done = run("report", "--config", str(config), "--format", "json")
    assert json.loads(done.stdout)["sessions"] == {"lobby": 2}


def test_the_tools_their_qr_code_and_plans_sent_are_in_the_html(tmp_path: Path) -> None:
    clock = Clock(MONDAY)
    recorder = Recorder(tmp_path / "uptake.sqlite", clock=clock)
    tracker = Tracker(recorder, screen_id="hub", channel="touch", clock=clock)
    tracker.session_started()
    tracker.tool_used("plan")
    tracker.qr_shown("tool", "plan")
    tracker.plan_sent("plan")
    tracker.tool_used("chart")
    tracker.session_ended(90.0)
    recorder.close()
    report = build_report([tmp_path])
    assert report.to_json()["qr_shown"] == {"tool:plan": 1}
    html = report_html(report, generated=dt.date(2026, 7, 1))
    plan = html[html.index("<td>Tool</td><td>plan</td>") :].split("</tr>")[0]
    assert plan.endswith("<td class='num'>1</td><td class='num'>1</td>")  # used, QR shown
    chart = html[html.index("<td>Tool</td><td>chart</td>") :].split("</tr>")[0]
    assert chart.endswith("<td class='num'>1</td><td class='num'></td>")  # no QR code of its own
    assert "<td>Plans sent</td>" in html
