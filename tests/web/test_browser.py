"""The web app in real browsers against the server on 127.0.0.1: Debian's Chromium at iPad size
with touch emulation, and WebKit (Safari's engine) where webkit2gtk-driver is installed."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image

from kiosk.config import IntakeConfig
from kiosk.outbox import IntakeClient, Outbox, OutboxWorker
from kiosk.uptake.recorder import Recorder, Tracker
from kiosk.uptake.store import STORE_NAME, open_read_only
from tests.unit.feed.feed_servers import Reply, ScriptedServer
from tests.web.web_servers import live_feed, serving, write_feed

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import (  # noqa: E402
    NoAlertPresentException,
    NoSuchFrameException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tests.web.browsers import IPAD, chromium, have_chromium, have_webkit, webkit  # noqa: E402

ENGINES = [
    pytest.param(
        "chromium",
        marks=pytest.mark.skipif(
            not have_chromium(), reason="Chromium and chromedriver are not installed"
        ),
    ),
    pytest.param(
        "webkit",
        marks=pytest.mark.skipif(
            not have_webkit(), reason="webkit2gtk-driver (WebKitWebDriver) or Xvfb not installed"
        ),
    ),
]


@pytest.fixture(params=ENGINES)
def browser(request: pytest.FixtureRequest) -> Iterator[WebDriver]:
    with chromium() if request.param == "chromium" else webkit() as driver:
        yield driver


def card_ids(driver: WebDriver) -> list[str]:
    return [
        card.get_attribute("data-project-id") or ""
        for card in driver.find_elements(By.CSS_SELECTOR, "li.card")
    ]


NAVIGATING = (NoSuchFrameException, StaleElementReferenceException)
"""What a condition polled while the page is being replaced can raise (WebKit's driver: "Callback
was not called before the unload event"): asked again, as for a condition not met yet."""


def wait(driver: WebDriver, condition, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    WebDriverWait(driver, seconds, ignored_exceptions=NAVIGATING).until(condition)


def tap(driver: WebDriver, css: str) -> None:
    element = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def read_qr(driver: WebDriver, css: str = "svg.qr") -> str:
    code = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", code)
    # Two frames drawn after the scroll, so that the screenshot shows where the box now is.
    driver.execute_async_script(
        "const done = arguments[0];"
        "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)))"
    )
    box = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]",
        code,
    )
    # The page as shown, cut to the code: WebKitGTK's element screenshots come out black.
    page = Image.open(io.BytesIO(driver.get_screenshot_as_png()))
    found = zxingcpp.read_barcodes(page.crop(tuple(round(v) for v in box)))
    assert found, "no QR code read from the screenshot"
    return found[0].text


def test_search_narrows_the_cards_and_a_filter_combines(tmp_path: Path, browser: WebDriver) -> None:
    with serving(live_feed("demo:", tmp_path)) as base:
        browser.get(base + "/")
        assert browser.execute_script("return window.innerWidth") == IPAD["width"]
        if browser.name == "chrome":
            assert browser.execute_script("return navigator.maxTouchPoints") > 0
        assert len(card_ids(browser)) == 17
        browser.find_element(By.ID, "q").send_keys("falls")
        # Live: the cards narrow as you type, without pressing Search.
        wait(browser, lambda d: len(card_ids(d)) < 17)
        wait(browser, lambda d: d.current_url == base + "/?q=falls")
        narrowed = card_ids(browser)
        assert {"ward-7-falls", "willow-court-falls"} <= set(narrowed)
        assert "theatre-start-times" not in narrowed
        chip = browser.find_element(
            By.XPATH, "//section[@data-kind='stage']//a[starts-with(normalize-space(), 'Testing')]"
        )
        assert chip.size["height"] >= 44  # a touch target
        chip.click()
        wait(browser, lambda d: d.current_url == base + "/?q=falls&stage=testing")
        assert card_ids(browser) == ["willow-court-falls"]
        assert browser.find_element(By.ID, "q").get_attribute("value") == "falls"


def test_a_projects_qr_code_decodes_to_its_link(tmp_path: Path, browser: WebDriver) -> None:
    with serving(live_feed("demo:", tmp_path), allowed_hosts=("qi.meadowbrook.example",)) as base:
        browser.get(base + "/projects/ward-7-falls")
        assert read_qr(browser) == "https://qi.meadowbrook.example/projects/ward-7-falls"
        charts = browser.find_elements(By.CSS_SELECTOR, "svg.spc-chart")
        assert len(charts) == 2 and all(c.size["width"] > 300 for c in charts)


def test_an_idle_page_goes_back_to_the_start_cleared(tmp_path: Path, browser: WebDriver) -> None:
    with serving(live_feed("demo:", tmp_path), idle_seconds=2) as base:
        browser.get(base + "/projects/ward-7-falls")
        wait(browser, lambda d: d.current_url == base + "/")
        browser.find_element(By.ID, "q").send_keys("half-typ")
        wait(browser, lambda d: "q=half-typ" in d.current_url)
        wait(browser, lambda d: d.current_url == base + "/")
        wait(browser, lambda d: d.find_element(By.ID, "q").get_attribute("value") == "")
        assert len(card_ids(browser)) == 17


def test_an_idle_reset_clears_a_half_typed_plan(tmp_path: Path, browser: WebDriver) -> None:
    with serving(live_feed("demo:", tmp_path), idle_seconds=4) as base:
        browser.get(base + "/start")
        tap(browser, "#plan-tool")
        wait(browser, lambda d: d.current_url == base + "/start/plan")
        browser.find_element(By.ID, "problem").send_keys("Patients fall at night")
        tap(browser, "#see-plan")
        wait(browser, lambda d: d.find_elements(By.ID, "your-plan"))
        browser.find_element(By.ID, "aim_what").send_keys("falls on Ward")
        browser.find_element(By.CSS_SELECTOR, "#aim_by_when option:nth-child(3)").click()
        # The visitor walks away: the page goes back to the start...
        wait(browser, lambda d: d.current_url == base + "/")
        assert browser.find_element(By.ID, "q").get_attribute("value") == ""
        # ...and Back does not bring the plan back for the next visitor: the page with it
        # was replaced, and the form before it comes back empty.
        browser.back()
        wait(browser, lambda d: d.current_url == base + "/start/plan")
        wait(browser, lambda d: d.find_element(By.ID, "problem").get_attribute("value") == "")
        assert browser.find_element(By.ID, "aim_what").get_attribute("value") == ""
        assert browser.find_element(By.ID, "aim_by_when").get_attribute("value") == ""
        assert not browser.find_elements(By.ID, "your-plan")
        assert "Patients fall" not in browser.page_source


@pytest.fixture
def intake() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    server.route("/intake", Reply(201, b"{}"))
    yield server
    server.stop()


def test_the_plan_tool_submits_to_a_local_intake_server(
    tmp_path: Path, browser: WebDriver, intake: ScriptedServer
) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    client = IntakeClient(IntakeConfig(url=intake.url("/intake"), allow_http=True))
    worker = OutboxWorker(outbox, client.post)
    worker.start()
    try:
        with serving(
            live_feed("demo:", tmp_path / "state"),
            outbox=outbox,
            on_queued=worker.nudge,
            screen_id="hub-ipads",
            recipient="qi@meadowbrook.example",
        ) as base:
            browser.get(base + "/")
            tap(browser, "nav.sections a[href='/start']")
            wait(browser, lambda d: d.current_url == base + "/start")
            tap(browser, "#plan-tool")
            wait(browser, lambda d: d.current_url == base + "/start/plan")
            browser.find_element(By.ID, "problem").send_keys("Patients fall at night")
            browser.find_element(By.CSS_SELECTOR, "#aim_change option[value=reduce]").click()
            browser.find_element(By.ID, "aim_what").send_keys("falls on Ward 7")
            browser.find_element(By.ID, "aim_how_much").send_keys("30")
            browser.find_element(By.CSS_SELECTOR, "#aim_by_when option:nth-child(5)").click()
            month = browser.find_element(By.ID, "aim_by_when").get_attribute("value")
            browser.find_element(By.ID, "outcome_measure").send_keys("Falls per 1,000 bed days")
            browser.find_element(By.ID, "test_plan").send_keys("Bay nursing in one bay")
            browser.find_element(By.ID, "contact_email").send_keys("ann@nhs.example")
            tap(browser, "#see-plan")
            wait(browser, lambda d: d.find_elements(By.ID, "aim-statement"))
            aim = browser.find_element(By.ID, "aim-statement").text
            assert aim.startswith("Reduce falls on Ward 7 by 30% by ")
            mail = urlsplit(read_qr(browser, "#your-plan svg.qr"))
            assert (mail.scheme, mail.path) == ("mailto", "qi@meadowbrook.example")
            assert f"Aim: {aim}" in parse_qs(mail.query)["body"][0]
            tap(browser, "#send-plan")
            wait(browser, lambda d: d.find_elements(By.ID, "sent"))
            assert "Sent to the QI team" in browser.find_element(By.ID, "sent").text
            for _ in range(400):
                if intake.requests:
                    break
                threading.Event().wait(0.05)
    finally:
        worker.stop()
        client.close()
        outbox.close()
    [request] = intake.requests
    document = json.loads(request.body)
    assert document["screen_id"] == "hub-ipads"
    assert document["plan"]["aim"]["statement"] == aim
    assert document["plan"]["aim"]["by_when"] == month
    assert document["plan"]["problem"] == "Patients fall at night"
    assert document["plan"]["contact"]["email"] == "ann@nhs.example"


def test_the_chart_tool_draws_typed_numbers(tmp_path: Path, browser: WebDriver) -> None:
    with serving(live_feed("demo:", tmp_path)) as base:
        browser.get(base + "/start")
        tap(browser, "#chart-tool")
        wait(browser, lambda d: d.current_url == base + "/start/chart")
        browser.find_element(By.ID, "values").send_keys(
            "12 14 11 13 12 15 13 12 14 13 12 14 22 23 24 25 26 27"
        )
        tap(browser, "input[name=better][value=higher]")
        browser.find_element(By.ID, "target").send_keys("20")
        tap(browser, "#draw-chart")
        wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#your-chart svg.spc-chart"))
        chart = browser.find_element(By.CSS_SELECTOR, "#your-chart svg.spc-chart")
        assert chart.size["width"] > 500
        assert len(browser.find_elements(By.CSS_SELECTOR, "#your-chart svg.spc-icon")) == 2
        assert browser.find_element(By.ID, "values").get_attribute("value").startswith("12 14")


def test_celebrating_our_improvers(tmp_path: Path, browser: WebDriver) -> None:
    with serving(live_feed("demo:", tmp_path)) as base:
        browser.get(base + "/")
        tap(browser, "nav.sections a[href='/celebrate']")
        wait(browser, lambda d: d.current_url == base + "/celebrate")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Celebrating our improvers"
        assert len(browser.find_elements(By.CSS_SELECTOR, "li.honour")) == 5
        tap(browser, "li.honour h2 a")
        wait(browser, lambda d: d.current_url == base + "/projects/ward-7-falls")


def test_a_hostile_feed_runs_no_script(tmp_path: Path, browser: WebDriver) -> None:
    from tests.web.test_security import HOSTILE, HOSTILE_TEMPLATES

    feed = write_feed(tmp_path / "feed.json", HOSTILE, templates=HOSTILE_TEMPLATES)
    with serving(live_feed(str(feed), tmp_path / "state")) as base:
        for path in (
            "/",
            "/projects/hostile",
            "/projects/long",
            "/?q=%3Cscript%3Ealert(1)%3C/script%3E",
            "/start",
            "/start/templates/bad-template",
            "/celebrate",
        ):
            browser.get(base + path)
            with pytest.raises(NoAlertPresentException):
                browser.switch_to.alert.text  # noqa: B018 -- reading it is the check
            scripts = browser.execute_script(
                "return Array.from(document.scripts).map(s => s.getAttribute('src'))"
            )
            assert scripts == ["/static/app.js"]
            assert browser.find_elements(By.CSS_SELECTOR, "main img, main iframe") == []
            # The 10 KB title wraps: nothing is wider than the iPad.
            assert browser.execute_script(
                "const d = document.documentElement;"
                "return d.scrollWidth <= Math.min(window.innerWidth, screen.width)"
            ), path
        browser.get(base + "/")
        assert (
            "<script>alert('title')</script> Falls"
            in browser.find_element(By.CSS_SELECTOR, "li.card h2").text
        )


@pytest.mark.skipif(not have_chromium(), reason="Chromium and chromedriver are not installed")
def test_everything_works_without_javascript(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    try:
        with (
            serving(live_feed("demo:", tmp_path / "state"), outbox=outbox) as base,
            chromium() as browser,
        ):
            # The app's only script never arrives, as in a browser with JavaScript off.
            browser.execute_cdp_cmd("Network.enable", {})
            browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/static/app.js"]})
            browser.get(base + "/")
            browser.find_element(By.ID, "q").send_keys("falls")
            threading.Event().wait(1.5)  # long enough for the live search, were it running
            assert browser.current_url == base + "/" and len(card_ids(browser)) == 17
            tap(browser, "#search button[type=submit]")
            wait(browser, lambda d: d.current_url == base + "/?q=falls")
            assert "theatre-start-times" not in card_ids(browser)
            tap(browser, "section[data-kind='stage'] a.chip[href*='stage=testing']")
            wait(browser, lambda d: d.current_url == base + "/?q=falls&stage=testing")
            assert card_ids(browser) == ["willow-court-falls"]
            tap(browser, "li.card a")
            wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "svg.spc-chart"))
            browser.get(base + "/start/plan")
            browser.find_element(By.ID, "aim_what").send_keys("falls on Ward 7")
            tap(browser, "#see-plan")
            wait(browser, lambda d: d.find_elements(By.ID, "aim-statement"))
            tap(browser, "#send-plan")
            wait(browser, lambda d: d.find_elements(By.ID, "sent"))
        assert outbox.counts().pending == 1
    finally:
        outbox.close()


def session_rows(path: Path, recorder: Recorder) -> list[tuple[str, str, str, float | None]]:
    assert recorder.flush()
    conn = open_read_only(path)
    try:
        rows = conn.execute(
            "SELECT kind, session, item, seconds FROM events WHERE kind IN"
            " ('session_started', 'visitor_group', 'session_ended') ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def visit_id(driver: WebDriver) -> str | None:
    return driver.execute_script("return sessionStorage.getItem('qi-visit')")  # type: ignore[no-any-return]


def test_a_visit_with_its_visitor_group_and_its_idle_reset(
    tmp_path: Path, browser: WebDriver
) -> None:
    store = tmp_path / STORE_NAME
    recorder = Recorder(store, flush_seconds=0.05)
    recorder.start()
    groups = ("Nursing and midwifery", "Students", "Prefer not to say")
    tracker = Tracker(recorder, screen_id="hub-ipads", channel="web", visitor_groups=groups)
    try:
        with serving(
            live_feed("demo:", tmp_path / "state"), tracker=tracker, idle_seconds=4
        ) as base:
            browser.get(base + "/")
            wait(browser, visit_id)
            first = visit_id(browser)
            assert first and len(first) == 16
            assert browser.get_cookies() == []
            bar = browser.find_element(By.ID, "visitors")
            assert bar.is_displayed()
            tap(browser, "#visitors button[value='Students']")
            # One tap: the bar goes, the page stays (nothing blocks browsing).
            wait(browser, lambda d: not d.find_element(By.ID, "visitors").is_displayed())
            assert browser.current_url == base + "/" and len(card_ids(browser)) == 17
            # The same visit on the next page, and the bar is not asked again.
            tap(browser, "li.card a")
            wait(browser, lambda d: "/projects/" in d.current_url)
            browser.get(base + "/")
            assert visit_id(browser) == first
            assert not browser.find_element(By.ID, "visitors").is_displayed()
            # Nobody touches it: the idle reset ends the visit, forgets its id, shows the bar.
            wait(browser, lambda d: visit_id(d) is None)
            wait(browser, lambda d: d.find_element(By.ID, "visitors").is_displayed())
            wait(browser, lambda d: len(session_rows(store, recorder)) >= 3)
            # Nobody is there yet: no session starts until the next touch.
            threading.Event().wait(1.0)
            rows = session_rows(store, recorder)
            assert rows[:2] == [
                ("session_started", first, "", None),
                ("visitor_group", first, "Students", None),
            ]
            assert rows[2][:2] == ("session_ended", first)
            assert rows[2][3] is not None and 4 <= rows[2][3] < 30
            assert len(rows) == 3
            tap(browser, "#q")
            wait(browser, visit_id)
            second = visit_id(browser)
            assert second != first
            wait(browser, lambda d: len(session_rows(store, recorder)) == 4)
            assert session_rows(store, recorder)[3] == ("session_started", second, "", None)
            # Skip: the bar goes, the page stays, nothing more is recorded.
            tap(browser, "#visitors-skip")
            wait(browser, lambda d: not d.find_element(By.ID, "visitors").is_displayed())
            assert browser.current_url == base + "/"
            threading.Event().wait(0.5)
            assert len(session_rows(store, recorder)) == 4
    finally:
        recorder.close()


def test_the_idle_reset_empties_the_form_before_the_page_goes(
    tmp_path: Path, browser: WebDriver
) -> None:
    with serving(live_feed("demo:", tmp_path), idle_seconds=3) as base:
        browser.get(base + "/start/plan")
        browser.find_element(By.ID, "problem").send_keys("Patients fall at night")
        browser.find_element(By.ID, "aim_what").send_keys("falls on Ward 7")
        browser.find_element(By.CSS_SELECTOR, "#aim_by_when option:nth-child(3)").click()
        # What the form holds at the moment the page is left, whatever replaces it after.
        browser.execute_script(
            "window.addEventListener('pagehide', function () {"
            "  var f = document.getElementById('plan-form');"
            "  sessionStorage.setItem('left-with', JSON.stringify({"
            "    problem: f.problem.value, aim_what: f.aim_what.value,"
            "    aim_by_when: f.aim_by_when.value}));"
            "});"
        )
        wait(browser, lambda d: d.current_url == base + "/")
        left = json.loads(browser.execute_script("return sessionStorage.getItem('left-with')"))
        assert left == {"problem": "", "aim_what": "", "aim_by_when": ""}


def test_a_page_shown_after_an_idle_reset_is_emptied(tmp_path: Path, browser: WebDriver) -> None:
    # The back/forward cache's way: a page with the last visitor's text shown again, untouched,
    # after an idle reset. Here the server renders such a page (a plan posted by script, with
    # no touch or key, so that nothing says a new visitor is here); the page empties it.
    with serving(live_feed("demo:", tmp_path), idle_seconds=60) as base:
        browser.get(base + "/start/plan")
        browser.execute_script(
            "sessionStorage.setItem('qi-idle-reset', '1');"
            "var f = document.getElementById('plan-form');"
            "f.problem.value = 'Patients fall at night'; f.aim_what.value = 'falls on Ward 7';"
            "f.submit();"
        )
        wait(browser, lambda d: d.find_elements(By.ID, "your-plan"))
        # The server sent the plan back (the page's script hides it at once).
        composed = browser.find_element(By.ID, "aim-statement").get_attribute("textContent")
        assert "falls on Ward 7" in (composed or "")
        wait(browser, lambda d: d.find_element(By.ID, "aim_what").get_attribute("value") == "")
        assert browser.find_element(By.ID, "problem").get_attribute("value") == ""
        # Nor is the plan composed from them shown.
        assert not browser.find_element(By.ID, "your-plan").is_displayed()
        assert not browser.find_element(By.ID, "aim-live").is_displayed()
        assert "falls on Ward 7" not in browser.find_element(By.TAG_NAME, "main").text


def test_the_aim_is_composed_as_you_type(tmp_path: Path, browser: WebDriver) -> None:
    with serving(live_feed("demo:", tmp_path)) as base:
        browser.get(base + "/start/plan")
        shown = browser.find_element(By.ID, "aim-live")
        before = shown.text
        browser.find_element(By.ID, "aim_what").send_keys("falls on Ward 7")
        browser.find_element(By.ID, "aim_how_much").send_keys("30")
        wait(browser, lambda d: "falls on Ward 7" in d.find_element(By.ID, "aim-live").text)
        wait(browser, lambda d: "30" in d.find_element(By.ID, "aim-live").text)
        assert shown.text != before
        assert browser.current_url == base + "/start/plan"  # no page was loaded for it
        assert not browser.find_elements(By.ID, "your-plan")
        live = browser.find_element(By.ID, "aim-live").text
        # The same words "See my plan" composes on the server.
        tap(browser, "#see-plan")
        wait(browser, lambda d: d.find_elements(By.ID, "aim-statement"))
        assert browser.find_element(By.ID, "aim-statement").text == live


def test_a_visit_read_by_scrolling_is_still_reported(tmp_path: Path, browser: WebDriver) -> None:
    # A visitor who only scrolls, for longer than the server waits for a quiet visit, is still
    # there: the page says so (at most every third of the idle time, here every 5 s).
    tracker = Tracker(None, screen_id="hub-ipads", channel="web")
    with serving(live_feed("demo:", tmp_path), tracker=tracker, idle_seconds=6) as base:
        browser.get(base + "/")
        wait(browser, visit_id)
        browser.execute_script(
            "window.visitReports = [];"
            "var send = window.fetch;"
            "window.fetch = function (url, options) {"
            "  if (url === '/visit') { window.visitReports.push(String(options.body)); }"
            "  return send.apply(this, arguments);"
            "};"
        )
        for step in range(14):
            browser.execute_script("window.scrollTo(0, arguments[0])", 200 + 150 * (step % 2))
            threading.Event().wait(0.5)
        reports = browser.execute_script("return window.visitReports")
        assert any("event=seen" in r and visit_id(browser) in r for r in reports), reports
        assert browser.current_url == base + "/"  # scrolling kept the page from resetting
