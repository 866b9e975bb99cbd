"""Real browsers for the web tests, driven by Selenium: Debian's Chromium (chromedriver) at
iPad size with touch emulation, and WebKit, Safari's engine (WebKitGTK's WebKitWebDriver with
its MiniBrowser, in a private Xvfb display), where they are installed."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WEBKIT_DRIVER = shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
XVFB = shutil.which("Xvfb") or "/usr/bin/Xvfb"
IPAD = {"width": 820, "height": 1180}
"""iPad Air, portrait, in CSS pixels."""
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
)


def mini_browser() -> str | None:
    """WebKitGTK's MiniBrowser, which WebKitWebDriver drives (it comes with libwebkit2gtk)."""
    for found in sorted(Path("/usr/lib").glob("*/webkit2gtk-4.*/MiniBrowser"), reverse=True):
        return str(found)
    return None


def have_chromium() -> bool:
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


def have_webkit() -> bool:
    return os.path.exists(WEBKIT_DRIVER) and mini_browser() is not None and os.path.exists(XVFB)


@contextlib.contextmanager
def chromium(width: int = IPAD["width"], height: int = IPAD["height"]) -> Iterator[WebDriver]:
    with tempfile.TemporaryDirectory(prefix="qi-web-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        options.add_experimental_option(
            "mobileEmulation",
            {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0, "touch": True}},
        )
        driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
        try:
            yield driver
        finally:
            driver.quit()


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    """A private X display (``:N``) for as long as the block runs."""
    read, write = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-nolisten", "tcp", "-screen", "0", "1600x1600x24"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


@contextlib.contextmanager
def webkit(width: int = IPAD["width"], height: int = IPAD["height"]) -> Iterator[WebDriver]:
    """MiniBrowser with its page `width` by `height` CSS pixels (WebKitGTK has no touch
    emulation: this is Safari's engine at iPad size, not an iPad)."""
    browser = mini_browser()
    assert browser is not None
    with xvfb() as display:
        options = webdriver.WebKitGTKOptions()
        options.binary_location = browser
        options.add_argument("--automation")
        env = {**os.environ, "DISPLAY": display}
        env.pop("WAYLAND_DISPLAY", None)
        service = webdriver.WebKitGTKService(WEBKIT_DRIVER, env=env)
        with warnings.catch_warnings():
            # Selenium's own WebKitGTK class sets remote_server_addr the deprecated way.
            warnings.simplefilter("ignore", DeprecationWarning)
            driver = webdriver.WebKitGTK(options=options, service=service)
        try:
            driver.set_window_size(width, height)
            inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
            driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])
            yield driver
        finally:
            driver.quit()
