"""Screenshots of the web app in Chromium at iPad size, for the README.

    .venv/bin/python scripts/web_screenshots.py docs/screenshots

Runs ``qi-kiosk serve --demo`` on a free port of 127.0.0.1 and saves web-catalogue.png
(landscape, searching "falls"), web-project.png (portrait, a project page), web-plan.png
(portrait, a plan typed in and composed) and web-celebrate.png (landscape, Celebrating our
improvers).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[1]
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
    "--hide-scrollbars",
)


def browser(width: int, height: int, profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.add_experimental_option(
        "mobileEmulation",
        {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0, "touch": True}},
    )
    service = webdriver.ChromeService(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def type_a_plan(driver: webdriver.Chrome) -> None:
    """A plan as a visitor would type it, composed with See my plan."""
    for field, text in (
        ("problem", "Patients on Ward 7 fall at night, most often going to the toilet"),
        ("aim_what", "falls on Ward 7"),
        ("aim_how_much", "30"),
        ("outcome_measure", "Falls per 1,000 bed days"),
        ("test_plan", "Bay nursing in one bay, day shifts, for one week"),
    ):
        driver.find_element(By.ID, field).send_keys(text)
    driver.find_element(By.CSS_SELECTOR, "#aim_change option[value=reduce]").click()
    driver.find_element(By.CSS_SELECTOR, "#aim_by_when option:nth-child(5)").click()
    driver.find_element(By.ID, "see-plan").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.ID, "your-plan"))


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as state:
        server = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "serve", "--demo", "--port", "0", "--state-dir", state],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            found = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline())
            assert found, "the server did not start"
            base = found.group(0)
            for name, (width, height), path in (
                ("web-catalogue.png", (1180, 820), "/?q=falls"),
                ("web-project.png", (820, 1180), "/projects/ward-7-falls"),
                ("web-plan.png", (820, 1180), "/start/plan"),
                ("web-celebrate.png", (1180, 820), "/celebrate"),
            ):
                with tempfile.TemporaryDirectory() as profile:
                    driver = browser(width, height, profile)
                    try:
                        driver.get(base + "/healthz")
                        WebDriverWait(driver, 30).until(lambda d: '"projects":17' in d.page_source)
                        driver.get(base + path)
                        driver.find_element(By.ID, "main")
                        if path == "/start/plan":
                            type_a_plan(driver)
                        driver.save_screenshot(str(out / name))
                    finally:
                        driver.quit()
                print(f"wrote {out / name}")
        finally:
            server.terminate()
            server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
