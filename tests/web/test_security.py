"""The web app on a hospital network: headers, methods, fixed static files, friendly errors,
the network allow-list, and a hostile feed rendering inert."""

from __future__ import annotations

import dataclasses
import ipaddress
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from kiosk.web.live import LiveFeed
from tests.web.web_servers import live_feed, serving, write_feed

HOSTILE = [
    {
        "id": "hostile",
        "title": "<script>alert('title')</script> Falls",
        "summary": "<img src=x onerror=alert('summary')> and <b>bold</b>",
        "aim": "\"><script>alert('aim')</script>",
        "link": "javascript:alert('link')",
        "themes": ["\"><svg onload=alert('theme')>"],
        "department": "<iframe src=//evil.example>",
        "team": [{"name": "<a href=javascript:alert(1)>Me</a>", "role": "x"}],
        "pdsa": [{"title": "<script>pdsa()</script>", "status": "adopt", "learning": "&amp;"}],
        "measures": [
            {
                "name": "<script>measure()</script>",
                "unit": "</svg><script>unit()</script>",
                "points": [
                    {"date": f"2026-{m:02d}-01", "value": v}
                    for m, v in zip(range(1, 13), [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6], strict=True)
                ],
            }
        ],
    },
    {"id": "long", "title": "Long " + "x" * 10_240, "summary": "y " * 5_000},
]


class Elements(HTMLParser):
    """Every element the browser would build from a page, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def assert_inert(html: str) -> None:
    elements = Elements(html).found
    scripts = [attrs for tag, attrs in elements if tag == "script"]
    assert scripts == [{"src": "/static/app.js", "defer": ""}], scripts
    for tag, attrs in elements:
        assert tag not in ("img", "iframe", "b", "object", "embed", "base"), tag
        if tag == "a":
            assert attrs["href"].startswith("/"), attrs  # only the app's own pages
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag  # the CSP allows no inline styles either
            assert not value.strip().lower().startswith("javascript:"), (tag, name)


@pytest.fixture
def hostile(tmp_path: Path):
    feed = write_feed(tmp_path / "feed.json", HOSTILE)
    with serving(live_feed(str(feed), tmp_path / "state")) as base:
        yield base


def test_a_hostile_feed_renders_inert(hostile: str, client: httpx.Client) -> None:
    listing = client.get(hostile + "/")
    assert listing.status_code == 200
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Falls" in listing.text
    assert_inert(listing.text)
    assert len(listing.text) < 20_000  # the 10 KB title and summary were cut short
    page = client.get(hostile + "/projects/hostile")
    assert page.status_code == 200
    assert "&lt;script&gt;measure()&lt;/script&gt;" in page.text
    assert 'class="spc-chart"' in page.text  # the chart is drawn, its labels escaped
    assert_inert(page.text)
    assert 'class="qr"' not in page.text  # no QR code, no link for javascript:
    assert_inert(client.get(hostile + "/projects/long").text)


def test_a_hostile_search_and_filter_are_inert(hostile: str, client: httpx.Client) -> None:
    reply = client.get(
        hostile + "/",
        params={"q": "\"><script>alert('q')</script>", "theme": "\"><svg onload=alert('theme')>"},
    )
    assert reply.status_code == 200
    assert 'value="&#34;&gt;&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;"' in reply.text
    assert_inert(reply.text)


@pytest.fixture
def demo(tmp_path: Path):
    with serving(live_feed("demo:", tmp_path)) as base:
        yield base


@pytest.mark.parametrize(
    "path", ["/", "/projects/ward-7-falls", "/healthz", "/static/app.css", "/nowhere"]
)
def test_every_response_has_the_security_headers(
    demo: str, client: httpx.Client, path: str
) -> None:
    headers = client.get(demo + path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "server" not in headers


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"])
def test_only_get_head_and_post(demo: str, client: httpx.Client, method: str) -> None:
    reply = client.request(method, demo + "/")
    assert reply.status_code == 405
    assert reply.headers["allow"] == "GET, HEAD, POST"
    assert "<h1>Not allowed</h1>" in reply.text
    assert reply.headers["content-security-policy"]


def test_head_has_no_body(demo: str, client: httpx.Client) -> None:
    reply = client.head(demo + "/")
    assert reply.status_code == 200 and reply.content == b""


@pytest.mark.parametrize(
    "path",
    [
        "/static/",
        "/static",
        "/static/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/%2e%2e/config.py",
        "/static/../../kiosk/config.py",
        "/static/templates/base.html",
        "/templates/base.html",
        "/kiosk/web/app.py",
    ],
)
def test_static_files_come_from_a_fixed_set(demo: str, client: httpx.Client, path: str) -> None:
    reply = client.get(demo + path)
    assert reply.status_code == 404
    assert "<h1>Page not found</h1>" in reply.text
    assert "import" not in reply.text


def test_static_files_are_served_with_their_type(demo: str, client: httpx.Client) -> None:
    css = client.get(demo + "/static/app.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get(demo + "/static/app.js")
    assert js.headers["content-type"].startswith("text/javascript")
    font = client.get(demo + "/static/Lato-Bold.ttf")
    assert font.headers["content-type"] == "font/ttf" and font.content[:4] == b"\x00\x01\x00\x00"
    manifest = client.get(demo + "/manifest.webmanifest").json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"


class _Broken:
    def get(self, project_id: str) -> None:
        raise RuntimeError("secret internals /etc/passwd")


def test_an_unexpected_error_is_a_friendly_page_without_a_traceback(
    tmp_path: Path, client: httpx.Client
) -> None:
    live: LiveFeed = live_feed("demo:", tmp_path)
    with serving(live) as base:
        live.snapshot = dataclasses.replace(live.snapshot, catalogue=_Broken())  # type: ignore[arg-type]
        reply = client.get(base + "/projects/ward-7-falls")
    assert reply.status_code == 500
    assert "<h1>Something went wrong</h1>" in reply.text
    assert "Traceback" not in reply.text and "secret" not in reply.text
    assert reply.headers["content-security-policy"]


def test_clients_outside_the_allowed_networks_get_403(tmp_path: Path, client: httpx.Client) -> None:
    elsewhere = (ipaddress.ip_network("10.20.0.0/16"),)
    with serving(live_feed("demo:", tmp_path), networks=elsewhere) as base:
        for path in ("/", "/healthz", "/static/app.css"):
            reply = client.get(base + path)
            assert reply.status_code == 403
            assert "<h1>This device may not open the QI hub</h1>" in reply.text
    here = (ipaddress.ip_network("10.20.0.0/16"), ipaddress.ip_network("127.0.0.0/8"))
    with serving(live_feed("demo:", tmp_path), networks=here) as base:
        assert client.get(base + "/").status_code == 200
