"""QR codes kept on disk: read back after a restart, made again when a file is wrong."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.qr import MatrixStore, matrix
from tests.helpers import REPO

LINK = "https://qi.example.nhs.uk/projects/ward-7-falls"
OTHER = "https://qi.example.nhs.uk/projects/sepsis-six"


def files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def test_a_code_is_made_once_and_read_back_by_the_next_run(tmp_path: Path) -> None:
    folder = tmp_path / "qr"
    assert MatrixStore(folder).get(LINK) == matrix(LINK)
    [kept] = files(folder)
    # A file that says another code for this text is what the next run draws: it is read, not
    # made again.
    data = json.loads(kept.read_text(encoding="utf-8"))
    assert data["text"] == LINK
    data["rows"] = ["".join("1" if c else "0" for c in row) for row in matrix(OTHER)]
    assert len(data["rows"]) == len(matrix(LINK))  # same size, so it is well formed
    kept.write_text(json.dumps(data), encoding="utf-8")
    assert MatrixStore(folder).get(LINK) == matrix(OTHER)


@pytest.mark.parametrize(
    "content",
    [
        "",
        '{"text": "https://qi.example.nhs.uk/projects/ward-7-falls", "rows": ["10',  # torn
        "[1, 2, 3]",
        json.dumps({"text": OTHER, "rows": ["0" * 25] * 25}),  # another text's file
        json.dumps({"text": LINK, "rows": ["0" * 25] * 24}),  # not square
        json.dumps({"text": LINK, "rows": ["0" * 22] * 22}),  # not a QR code's size
        json.dumps({"text": LINK, "rows": ["2" * 25] * 25}),  # not modules
        json.dumps({"text": LINK, "rows": [1] * 25}),
        json.dumps({"text": LINK}),
    ],
)
def test_a_wrong_file_is_made_again_and_rewritten(tmp_path: Path, content: str) -> None:
    folder = tmp_path / "qr"
    MatrixStore(folder).get(LINK)
    [kept] = files(folder)
    kept.write_text(content, encoding="utf-8")
    assert MatrixStore(folder).get(LINK) == matrix(LINK)
    assert json.loads(kept.read_text(encoding="utf-8"))["text"] == LINK
    assert MatrixStore(folder).get(LINK) == matrix(LINK)


def test_the_folder_keeps_at_most_its_limit_newest_first(tmp_path: Path) -> None:
    folder = tmp_path / "qr"
    store = MatrixStore(folder, limit=3)
    links = [f"https://qi.example.nhs.uk/projects/{n}" for n in range(6)]
    for link in links:
        store.get(link)
    kept = {json.loads(p.read_text(encoding="utf-8"))["text"] for p in files(folder)}
    assert len(kept) == 3
    assert links[-1] in kept
    assert not list(folder.glob(".qr.*"))  # no temporary files left


def test_a_folder_that_cannot_be_written_still_gives_the_code(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    store = MatrixStore(blocked)
    with caplog.at_level(logging.WARNING, logger="kiosk.qr"):
        assert store.get(LINK) == matrix(LINK)
        assert store.get(OTHER) == matrix(OTHER)
    assert [r.getMessage() for r in caplog.records if "cannot keep QR codes" in r.getMessage()]
    assert len(caplog.records) == 1  # said once


def test_the_qr_library_is_imported_only_to_make_a_code(tmp_path: Path) -> None:
    folder = tmp_path / "qr"
    MatrixStore(folder).get(LINK)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.qr import MatrixStore, QrPolicy\n"
        "QrPolicy(['qi.example.nhs.uk']).link(sys.argv[2], 'p')\n"
        "store = MatrixStore(Path(sys.argv[1]))\n"
        "store.get(sys.argv[2])\n"
        "print('qrcode' in sys.modules, 'PIL' in sys.modules)\n"
        "store.get(sys.argv[3])\n"
        "print('qrcode' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), LINK, OTHER],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False", "False", "True"]
