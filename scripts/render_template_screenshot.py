#!/usr/bin/env python3
"""Render a sheet of the template workbook (the Projects sheet by default) to a PNG for the
README, as a spreadsheet program prints it (LibreOffice, then poppler's pdftoppm).

    .venv/bin/python scripts/render_template_screenshot.py --columns A:F
    .venv/bin/python scripts/render_template_screenshot.py --sheet Measures --columns A:H \
        --rows 9 --out docs/screenshots/workbook-measures.png

Needs ``soffice`` (Debian: libreoffice-calc-nogui, with fonts-crosextra-carlito for the
template's Calibri) and ``pdftoppm`` (poppler-utils).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops  # noqa: E402 (after the checkout is importable)

from kiosk.workbook.template import new_workbook  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots/workbook-template.png")
    parser.add_argument("--columns", default="A:I", help="the columns to show (default A:I)")
    parser.add_argument("--sheet", default="Projects", help="the sheet to show")
    parser.add_argument("--rows", type=int, help="the rows to show (default all)")
    args = parser.parse_args()
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        sys.exit("render_template_screenshot: needs soffice (LibreOffice) and pdftoppm (poppler)")
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        new_workbook(work / "template.xlsx")
        book = load_workbook(work / "template.xlsx")
        for name in book.sheetnames:
            if name != args.sheet:
                del book[name]
        sheet = book[args.sheet]
        first, last = args.columns.split(":")
        sheet.print_area = f"{first}1:{last}{args.rows or sheet.max_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.print_options.gridLines = True
        sheet.print_options.headings = True
        book.save(work / "projects.xlsx")
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(work / "projects.xlsx"),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        subprocess.run(
            [
                pdftoppm,
                "-r",
                "220",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                str(work / "projects.pdf"),
                str(work / "page"),
            ],
            check=True,
            timeout=60,
        )
        page = Image.open(next(work.glob("page*.png"))).convert("RGB")
        box = ImageChops.difference(page, Image.new("RGB", page.size, "white")).getbbox()
        assert box is not None, "the page is blank"
        margin = 24
        crop = page.crop(
            (
                max(box[0] - margin, 0),
                max(box[1] - margin, 0),
                min(box[2] + margin, page.width),
                min(box[3] + margin, page.height),
            )
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        crop.save(args.out, optimize=True)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
