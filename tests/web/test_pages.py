"""The web app's pages, served by uvicorn on 127.0.0.1 and read over HTTP."""

from __future__ import annotations

import io
import re
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
import zxingcpp
from PIL import Image, ImageDraw

from kiosk import __version__
from tests.web.web_servers import live_feed, serving, write_feed

DEMO_HOSTS = ("qi.meadowbrook.example",)


def card_ids(html: str) -> list[str]:
    return re.findall(r'<li class="card" data-project-id="([^"]+)"', html)


@pytest.fixture
def demo(tmp_path: Path):
    with serving(live_feed("demo:", tmp_path), allowed_hosts=DEMO_HOSTS) as base:
        yield base


def test_catalogue_lists_every_project_with_its_filters(demo: str, client: httpx.Client) -> None:
    page = client.get(demo + "/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    ids = card_ids(page.text)
    assert len(ids) == 17 and ids[0] == "ward-7-falls"
    assert '<html lang="en-GB">' in page.text
    for kind in ("theme", "stage", "site", "department"):
        assert f'data-kind="{kind}"' in page.text
    # A chip that adds a filter says so (to count it), and the server redirects to the plain
    # address, which is what a bookmark keeps.
    assert 'href="/?stage=testing&amp;chose=stage"' in page.text


def test_search_narrows_and_a_filter_combines_with_it(demo: str, client: httpx.Client) -> None:
    falls = card_ids(client.get(demo + "/", params={"q": "FALLS"}).text)
    assert {"ward-7-falls", "willow-court-falls"} <= set(falls)
    assert "theatre-start-times" not in falls
    both = client.get(demo + "/", params={"q": "falls", "stage": "testing"}).text
    assert card_ids(both) == ["willow-court-falls"]
    # The filter stays on when searching again: it is a hidden field of the search form.
    assert '<input type="hidden" name="stage" value="testing">' in both
    # Chips toggle within the search: the selected one links to the search without it.
    assert 'class="chip selected" href="/?q=falls"' in both
    # Two values of one kind are either-or; an unknown value is ignored.
    either = client.get(demo + "/", params=[("stage", "idea"), ("stage", "planning")]).text
    assert len(card_ids(either)) == 4
    assert len(card_ids(client.get(demo + "/", params={"stage": "nonsense"}).text)) == 17
    none = client.get(demo + "/", params={"q": "zzzz-nothing"}).text
    assert card_ids(none) == [] and "No projects match" in none


def decode_qr_svg(svg: str) -> str:
    """Rasterise the QR code's SVG path (runs of dark modules) and read it with zxing-cpp."""
    root = ET.fromstring(svg)
    size = int(root.get("viewBox", "").split()[2])
    path = root.find("{http://www.w3.org/2000/svg}path")
    assert path is not None
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path.get("d", "")):
        x0, y0 = int(x) * scale, int(y) * scale
        draw.rectangle([x0, y0, x0 + int(w) * scale - 1, y0 + scale - 1], fill=0)
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code found"
    return found[0].text


def test_project_page_has_aim_charts_pdsa_team_and_a_qr_code(
    demo: str, client: httpx.Client
) -> None:
    page = client.get(demo + "/projects/ward-7-falls")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Fewer falls on Ward 7</h1>" in html
    assert "Reduce inpatient falls on Ward 7 by 30%" in html
    assert "Sister Grace Okonkwo" in html and "Bay nursing on one bay, day shifts" in html
    charts = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="spc-chart".*?</svg>', html)
    assert len(charts) == 2  # both measures
    chart = ET.fromstring(charts[0])
    assert chart.findall(".//{http://www.w3.org/2000/svg}circle")  # its points
    assert "Inpatient falls: XmR chart" in (
        chart.findtext("{http://www.w3.org/2000/svg}title") or ""
    )
    assert 'class="spc-icon"' in html  # variation / assurance icons
    assert 'class="reading"' in html
    qr = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="qr".*?</svg>', html)
    assert qr is not None
    assert decode_qr_svg(qr.group(0)) == "https://qi.meadowbrook.example/projects/ward-7-falls"


def test_no_qr_code_for_a_host_that_is_not_allowed(tmp_path: Path, client: httpx.Client) -> None:
    with serving(live_feed("demo:", tmp_path), allowed_hosts=("other.example.org",)) as base:
        html = client.get(base + "/projects/ward-7-falls").text
    assert 'class="qr"' not in html
    assert "Fewer falls on Ward 7" in html


def test_back_link_keeps_the_search(demo: str, client: httpx.Client) -> None:
    listing = client.get(demo + "/", params={"q": "falls", "stage": "testing"}).text
    href = re.search(r'<a href="(/projects/willow-court-falls[^"]*)"', listing)
    assert href is not None
    page = client.get(demo + href.group(1).replace("&amp;", "&")).text
    assert 'class="back" href="/?q=falls&amp;stage=testing"' in page
    # Only a query string of this site is a way back, never another address.
    other = client.get(demo + "/projects/willow-court-falls", params={"back": "//evil.example"})
    assert 'class="back" href="/"' in other.text


def test_healthz_says_the_feed_state_projects_and_version(demo: str, client: httpx.Client) -> None:
    health = client.get(demo + "/healthz")
    assert health.status_code == 200
    data = health.json()
    assert data["version"] == __version__
    assert data["projects"] == 17
    assert data["feed"]["state"] == "demo"


def test_starts_from_the_offline_copy_when_the_source_is_gone(
    tmp_path: Path, client: httpx.Client
) -> None:
    feed = write_feed(tmp_path / "feed.json", [{"id": "kept", "title": "Kept from yesterday"}])
    state = tmp_path / "state"
    with serving(live_feed(str(feed), state)) as base:
        assert card_ids(client.get(base + "/").text) == ["kept"]
    feed.unlink()
    with serving(live_feed(str(feed), state)) as base:
        html = client.get(base + "/").text
        health = client.get(base + "/healthz").json()
    assert card_ids(html) == ["kept"]
    assert health["projects"] == 1


def test_a_changed_feed_is_picked_up_by_the_worker(tmp_path: Path, client: httpx.Client) -> None:
    feed = write_feed(tmp_path / "feed.json", [{"id": "first", "title": "First"}])
    live = live_feed(str(feed), tmp_path / "state", refresh_seconds=5)
    with serving(live) as base:
        assert card_ids(client.get(base + "/").text) == ["first"]
        write_feed(feed, [{"id": "first", "title": "First"}, {"id": "second", "title": "Second"}])
        for _ in range(200):
            if card_ids(client.get(base + "/").text) == ["first", "second"]:
                break
            threading.Event().wait(0.1)
        assert card_ids(client.get(base + "/").text) == ["first", "second"]


def test_the_web_app_manifest_and_home_screen_icons(demo: str, client: httpx.Client) -> None:
    page = client.get(demo + "/").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<link rel="apple-touch-icon" href="/static/icon-180.png">' in page
    assert '<meta name="apple-mobile-web-app-capable" content="yes">' in page
    manifest = client.get(demo + "/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    data = manifest.json()
    assert data["name"] == "Meadowbrook QI Hub" and data["display"] == "standalone"
    sizes = {}
    for icon in data["icons"]:
        reply = client.get(demo + icon["src"])
        assert reply.status_code == 200 and reply.headers["content-type"] == icon["type"]
        if icon["type"] == "image/png":
            image = Image.open(io.BytesIO(reply.content))
            sizes[icon["sizes"]] = image.size
            assert image.getpixel((2, 2)) == (0, 94, 184)  # the hub's blue, edge to edge
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}
    touch = Image.open(io.BytesIO(client.get(demo + "/static/icon-180.png").content))
    assert touch.size == (180, 180)
    white = sum(touch.convert("L").histogram()[241:])
    assert 0.05 < white / (180 * 180) < 0.3  # "QI" in white, drawn with the kiosk's font
