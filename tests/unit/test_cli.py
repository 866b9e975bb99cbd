"""The qi-kiosk command's sub-commands and exit codes (no window needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main

REPO = Path(__file__).resolve().parents[2]


def test_check_config_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "k.yaml"
    path.write_text("rotation:\n  seconds: 30\n")
    assert main(["check-config", str(path)]) == 0
    assert "valid" in capsys.readouterr().out


def test_check_config_invalid_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "k.yaml"
    path.write_text("rotation:\n  seconds: 2\nmdoe: touch\n")
    assert main(["check-config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "rotation.seconds: must be between 5 and 600 (got 2) (line 2)" in err
    assert "mdoe: unknown key" in err
    assert "Traceback" not in err


def test_check_feed_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps({"feed_version": 1, "projects": [{"id": "a", "title": "A", "stage": "x"}]})
    )
    assert main(["check-feed", str(good)]) == 0
    out = capsys.readouterr().out
    assert "warning: projects[0].stage: must be one of" in out
    assert "valid: 1 projects" in out

    skipped = tmp_path / "skipped.json"
    skipped.write_text(
        json.dumps({"feed_version": 1, "projects": [{"id": "a"}, {"id": "b", "title": "B"}]})
    )
    assert main(["check-feed", str(skipped)]) == 1
    assert "error: projects[0].title: project 'a' needs a title" in capsys.readouterr().out

    unusable = tmp_path / "unusable.json"
    unusable.write_text(json.dumps({"feed_version": 1, "projects": [{"id": "a"}]}))
    assert main(["check-feed", str(unusable)]) == 1
    assert "error: none of the 1 projects is usable" in capsys.readouterr().out

    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert main(["check-feed", str(broken)]) == 1
    assert "error: invalid JSON at line 1" in capsys.readouterr().out

    assert main(["check-feed", str(tmp_path / "missing.json")]) == 1
    assert "no feed file at" in capsys.readouterr().out


def test_check_feed_on_the_demo_feed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-feed", str(REPO / "assets" / "demo" / "feed.json")]) == 0
    assert "0 skipped, 0 warnings" in capsys.readouterr().out


def test_schema_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(
        (REPO / "config" / "feed.schema.json").read_text()
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["--rotation", "5"],
        ["--mode", "tv"],
        ["--exit-after", "soon"],
        ["posters"],
        ["--screenshot", "x.jpg"],
        ["posters", "--out", "d", "--size", "big"],
    ],
)
def test_usage_errors_are_one_line_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("qi-kiosk"), err


def test_invalid_config_refuses_to_start_with_the_report(tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    path.write_text("rotation:\n  seconds: 2\n  order: sometimes\n")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(path), "--state-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert "rotation.seconds: must be between 5 and 600 (got 2)" in result.stderr
    assert "rotation.order: must be one of feed, shuffle" in result.stderr
    assert "Traceback" not in result.stderr
