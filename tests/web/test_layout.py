"""Every page at every iPad size, portrait and landscape (768-1366 CSS px), in Chromium with
touch: nothing wider than the screen, every control a touch target of at least 44 x 44 CSS px,
one h1, every field labelled, and text contrast at WCAG AA."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.uptake.recorder import Tracker
from tests.web.browsers import chromium, have_chromium
from tests.web.web_servers import live_feed, serving

pytestmark = pytest.mark.skipif(
    not have_chromium(), reason="Chromium and chromedriver are not installed"
)
webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SIZES = {
    "iPad mini portrait": (768, 1024),
    "iPad mini landscape": (1024, 768),
    "iPad Air portrait": (820, 1180),
    "iPad Air landscape": (1180, 820),
    "iPad Pro 12.9 portrait": (1024, 1366),
    "iPad Pro 12.9 landscape": (1366, 1024),
}
PAGES = (
    "/",
    "/?q=falls&stage=testing",
    "/projects/ward-7-falls",
    "/start",
    "/start/templates/pdsa-cycle",
    "/start/plan",
    "/start/chart",
    "/celebrate",
    "/nowhere",
)

CHECK = (Path(__file__).parent / "layout_check.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    state = tmp_path_factory.mktemp("state")
    # With uptake on, so that the catalogue has its "Who's visiting today?" bar.
    with serving(
        live_feed("demo:", Path(state)),
        allowed_hosts=("qi.meadowbrook.example",),
        tracker=Tracker(None, screen_id="hub-ipads", channel="web"),
    ) as base:
        yield base


@pytest.mark.parametrize("size", SIZES)
def test_every_page_fits_the_ipad_with_touch_targets_and_contrast(site: str, size: str) -> None:
    width, height = SIZES[size]
    with chromium(width, height) as browser:
        check_pages(site, browser, width)


def check_pages(site: str, browser: WebDriver, width: int) -> None:
    problems = {}
    for path in PAGES:
        browser.get(site + path)
        assert browser.execute_script("return window.innerWidth") == width
        found = browser.execute_script(CHECK)
        if found:
            problems[path] = found
    # The plan as composed, with its QR code, and a drawn chart: the pages after a post.
    browser.get(site + "/start/plan")
    browser.find_element(By.ID, "aim_what").send_keys("falls on Ward 7")
    browser.find_element(By.ID, "see-plan").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "your-plan"))
    problems["/start/plan (posted)"] = browser.execute_script(CHECK)
    browser.get(site + "/start/chart")
    browser.find_element(By.ID, "values").send_keys("5 6 7 6 5 6 7 8 6 5 6 7 6 9")
    browser.find_element(By.ID, "draw-chart").click()
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.ID, "your-chart"))
    problems["/start/chart (posted)"] = browser.execute_script(CHECK)
    assert {path: found for path, found in problems.items() if found} == {}
