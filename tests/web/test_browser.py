"""The web app in a real browser: Debian's Chromium driven by its chromedriver (Selenium), at
iPad size with touch emulation, against the server on 127.0.0.1."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from tests.web.web_servers import live_feed, serving, write_feed

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="Chromium and chromedriver are not installed",
)
IPAD = {"width": 820, "height": 1180}  # iPad Air, portrait, in CSS pixels

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="qi-web-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-proxy-server",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "mobileEmulation",
        {"deviceMetrics": {**IPAD, "pixelRatio": 1.0, "touch": True}},
    )
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def card_ids(driver: webdriver.Chrome) -> list[str]:
    return [
        card.get_attribute("data-project-id")
        for card in driver.find_elements(By.CSS_SELECTOR, "li.card")
    ]


def test_search_narrows_the_cards_and_a_filter_combines(
    tmp_path: Path, browser: webdriver.Chrome
) -> None:
    with serving(live_feed("demo:", tmp_path)) as base:
        browser.get(base + "/")
        assert browser.execute_script("return window.innerWidth") == IPAD["width"]
        assert browser.execute_script("return navigator.maxTouchPoints") > 0
        assert len(card_ids(browser)) == 17
        browser.find_element(By.ID, "q").send_keys("falls")
        # Live: the cards narrow as you type, without pressing Search.
        WebDriverWait(browser, 20).until(lambda d: len(card_ids(d)) < 17)
        narrowed = card_ids(browser)
        assert {"ward-7-falls", "willow-court-falls"} <= set(narrowed)
        assert "theatre-start-times" not in narrowed
        assert browser.current_url == base + "/?q=falls"
        chip = browser.find_element(
            By.XPATH, "//section[@data-kind='stage']//a[starts-with(normalize-space(), 'Testing')]"
        )
        size = chip.size
        assert size["height"] >= 44  # a touch target
        chip.click()
        WebDriverWait(browser, 20).until(lambda d: "stage=testing" in d.current_url)
        assert card_ids(browser) == ["willow-court-falls"]
        assert browser.find_element(By.ID, "q").get_attribute("value") == "falls"


def test_a_projects_qr_code_decodes_to_its_link(tmp_path: Path, browser: webdriver.Chrome) -> None:
    with serving(live_feed("demo:", tmp_path), allowed_hosts=("qi.meadowbrook.example",)) as base:
        browser.get(base + "/projects/ward-7-falls")
        code = browser.find_element(By.CSS_SELECTOR, "svg.qr")
        image = Image.open(io.BytesIO(code.screenshot_as_png))
        found = zxingcpp.read_barcodes(image)
        assert [f.text for f in found] == ["https://qi.meadowbrook.example/projects/ward-7-falls"]
        charts = browser.find_elements(By.CSS_SELECTOR, "svg.spc-chart")
        assert len(charts) == 2 and all(c.size["width"] > 300 for c in charts)


def test_an_idle_page_goes_back_to_the_start_cleared(
    tmp_path: Path, browser: webdriver.Chrome
) -> None:
    with serving(live_feed("demo:", tmp_path), idle_seconds=2) as base:
        browser.get(base + "/projects/ward-7-falls")
        WebDriverWait(browser, 20).until(lambda d: d.current_url == base + "/")
        browser.find_element(By.ID, "q").send_keys("half-typ")
        WebDriverWait(browser, 20).until(lambda d: "q=half-typ" in d.current_url)
        WebDriverWait(browser, 20).until(lambda d: d.current_url == base + "/")
        WebDriverWait(browser, 20).until(
            lambda d: d.find_element(By.ID, "q").get_attribute("value") == ""
        )
        assert len(card_ids(browser)) == 17


def test_a_hostile_feed_runs_no_script(tmp_path: Path, browser: webdriver.Chrome) -> None:
    from tests.web.test_security import HOSTILE

    feed = write_feed(tmp_path / "feed.json", HOSTILE)
    with serving(live_feed(str(feed), tmp_path / "state")) as base:
        for path in (
            "/",
            "/projects/hostile",
            "/projects/long",
            "/?q=%3Cscript%3Ealert(1)%3C/script%3E",
        ):
            browser.get(base + path)
            with pytest.raises(NoAlertPresentException):
                browser.switch_to.alert.text  # noqa: B018 -- reading it is the check
            scripts = browser.execute_script(
                "return Array.from(document.scripts).map(s => s.getAttribute('src'))"
            )
            assert scripts == ["/static/app.js"]
            assert browser.find_elements(By.CSS_SELECTOR, "main img, main iframe") == []
        browser.get(base + "/")
        assert (
            "<script>alert('title')</script> Falls"
            in browser.find_element(By.CSS_SELECTOR, "li.card h2").text
        )
