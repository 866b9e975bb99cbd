"""``qi-kiosk preview``: the kiosk on the feed a workbook builds, as a person runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

from tests.helpers import REPO, decode_qr_codes
from tests.unit.workbook.sheets import picture, projects, write_xlsx


def qi_kiosk(*args: str, cwd: Path, display: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    if display:
        env.update(QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_preview_renders_the_template_posters_without_a_display(tmp_path: Path) -> None:
    assert qi_kiosk("new-workbook", "projects.xlsx", cwd=tmp_path).returncode == 0
    result = qi_kiosk("preview", "projects.xlsx", "--size", "1280x720", cwd=tmp_path, display=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"no display: the posters go to {tmp_path / 'projects-posters'}" in result.stdout
    posters = sorted((tmp_path / "projects-posters").glob("*.png"))
    assert [p.name for p in posters] == ["001-ward-7-falls.png", "002-clinic-letters.png"]
    with Image.open(posters[0]) as image:
        assert image.size == (1280, 720)
        assert len(image.convert("RGB").getcolors(1 << 20) or ()) > 50  # not blank
        codes = decode_qr_codes(image.convert("RGB"))
    assert codes == ["https://qi.meadowbrook.example/projects/ward-7-falls"]


def test_preview_shows_the_pictures_and_refuses_an_invalid_workbook(tmp_path: Path) -> None:
    picture(tmp_path / "orange.png", size=(1600, 900), colour="#ed8b00")
    write_xlsx(
        tmp_path / "book.xlsx",
        {
            "Projects": projects(
                {"id": "p", "title": "Orange", "image": "orange.png", "image_alt": "Orange"}
            )
        },
    )
    out = tmp_path / "shots"
    result = qi_kiosk("preview", "book.xlsx", "--out", str(out), "--size", "1280x720", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (poster,) = out.glob("*.png")
    with Image.open(poster) as image:
        colours = image.convert("RGB").getcolors(1 << 22) or []
    orange = sum(
        count
        for count, (r, g, b) in colours
        if abs(r - 237) < 12 and abs(g - 139) < 12 and b < 12  # the picture, as a JPEG
    )
    assert orange > 1280 * 720 * 0.05  # the picture is on the poster

    write_xlsx(tmp_path / "bad.xlsx", {"Projects": projects({"id": "p", "stage": "x"})})
    result = qi_kiosk("preview", "bad.xlsx", "--out", str(tmp_path / "none"), cwd=tmp_path)
    assert result.returncode == 1
    assert "error: Projects!E2: stage 'x' is not one of" in result.stdout
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "none").exists()


def test_preview_in_a_window(tmp_path: Path) -> None:
    assert qi_kiosk("new-workbook", "projects.xlsx", cwd=tmp_path).returncode == 0
    shot = tmp_path / "window.png"
    result = qi_kiosk(
        "--exit-after",
        "4",
        "--screenshot",
        str(shot),
        "preview",
        "projects.xlsx",
        "--size",
        "1280x720",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "projects-posters").exists()  # a window, not files
    with Image.open(shot) as image:
        assert image.size == (1280, 720)
        codes = decode_qr_codes(image.convert("RGB"))
    assert codes and codes[0].startswith("https://qi.meadowbrook.example/projects/")
