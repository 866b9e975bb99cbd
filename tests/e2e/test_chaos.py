"""A short run of scripts/chaos.py: the whole kiosk against a feed server that fails in several
ways (HTTP 500, a reset, truncated gzip, an expired certificate, a feed with no usable project,
image 404 and bomb, a clock jump), one frame a second checked, and the frame checks themselves."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.helpers import REPO

spec = importlib.util.spec_from_file_location("chaos", REPO / "scripts" / "chaos.py")
assert spec is not None and spec.loader is not None
chaos = importlib.util.module_from_spec(spec)
sys.modules["chaos"] = chaos
spec.loader.exec_module(chaos)


@pytest.fixture(scope="module")
def quick_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("chaos-frames")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "chaos.py"), "--quick", "--out", str(out)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    return result, out


@pytest.mark.slow
def test_the_kiosk_keeps_whole_posters_of_the_last_good_feed_through_the_faults(
    quick_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, _ = quick_run
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    frames = re.search(r"frames sampled: (\d+), bad: (\d+)", result.stdout)
    assert frames is not None, result.stdout
    assert int(frames.group(1)) >= 15 and int(frames.group(2)) == 0
    assert f"steps: {len(chaos.QUICK_STEPS)} of {len(chaos.QUICK_STEPS)} run" in result.stdout
    assert ", 0 failed" in result.stdout
    states = re.search(r"status.json feed.state: (.*)", result.stdout)
    assert states is not None
    seen = states.group(1).split(" -> ")
    assert {"ok", "error", "stale"} <= set(seen) and seen[-1] == "ok"
    assert "Qt/QML warnings: 0" in result.stdout
    assert "none of the 6 projects is usable" in result.stdout
    assert "certificate has expired" in result.stdout


@pytest.mark.slow
def test_the_frame_checks_pass_a_poster_and_catch_blank_and_broken_frames(
    quick_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, out = quick_run
    saved = sorted(out.glob("*.png"))
    assert saved and not [p for p in saved if "BAD" in p.name]
    poster = Image.open(saved[-1]).convert("RGB")
    assert chaos.frame_problems(poster) == []

    blank = Image.new("RGB", poster.size, (240, 244, 245))
    assert any(p.startswith("blank") for p in chaos.frame_problems(blank))

    no_header = poster.copy()
    ImageDraw.Draw(no_header).rectangle((0, 0, poster.width, 70), fill=(240, 244, 245))
    assert any(p.startswith("no header band") for p in chaos.frame_problems(no_header))

    no_title = poster.copy()
    w, h = poster.size
    region = (0, int(h * 0.12), int(w * 0.6), int(h * 0.30))
    ImageDraw.Draw(no_title).rectangle(region, fill=(240, 244, 245))
    assert any(p.startswith("no title") for p in chaos.frame_problems(no_title))

    assert chaos.frame_problems(poster.resize((640, 360)))[0].startswith("frame is 640x360")


def test_the_steps_cover_every_kind_of_fault_the_issue_names() -> None:
    faults = {s.fault.split(":")[0] for s in chaos.FULL_STEPS} | {
        f"cert_{s.cert}" for s in chaos.FULL_STEPS
    }
    expected = {
        "status", "reset", "reset_body", "slow_headers", "slow_body", "truncated_gzip", "html",
        "huge_declared", "huge_streamed", "gzip_bomb", "redirect_loop", "redirect_no_location",
        "redirect_scheme", "invalid_json", "schema_version", "schema_projects",
        "schema_all_invalid", "cert_expired", "cert_wrong_host", "cert_unknown_ca",
    }  # fmt: skip
    assert expected <= faults
    codes = {s.fault for s in chaos.FULL_STEPS if s.fault.startswith("status:")}
    assert {c[7] for c in codes} >= {"4", "5"} and "status:503" in codes
    assert any(s.images == "faulty" for s in chaos.FULL_STEPS)
    assert {s.clock_days for s in chaos.FULL_STEPS} >= {3, -2, 0}
    assert sum(1 for s in chaos.FULL_STEPS if s.expect != "ok") >= 15
