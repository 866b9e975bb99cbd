"""The web app on a hospital network: headers, methods, fixed static files, friendly errors,
the network allow-list, and a hostile feed rendering inert."""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest

from kiosk.outbox import Outbox
from kiosk.web.live import LiveFeed
from kiosk.web.protect import MAX_BODY, CsrfTokens, RateLimit
from tests.web.web_servers import live_feed, serving, write_feed


def csrf_token(html: str) -> str:
    found = re.search(r'<input type="hidden" name="csrf" value="([^"]+)">', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


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
        "recognition": [{"title": "<script>award()</script>", "year": 2026}],
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
HOSTILE_TEMPLATES = [
    {
        "id": "bad-template",
        "title": "<script>template()</script>",
        "description": "<img src=x onerror=alert('template')>",
        "link": "https://qi.example.org/t?x=\"><script>alert('link')</script>",
    },
    {"id": "dropped", "title": "A javascript: link", "link": "javascript:alert('template')"},
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
        assert tag not in ("img", "iframe", "b", "object", "embed", "base", "style"), tag
        if tag == "a":
            assert attrs["href"].startswith("/"), attrs  # only the app's own pages
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag  # the CSP allows no inline styles either
            assert not value.strip().lower().startswith("javascript:"), (tag, name)


@pytest.fixture
def hostile(tmp_path: Path):
    feed = write_feed(tmp_path / "feed.json", HOSTILE, templates=HOSTILE_TEMPLATES)
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
    for path in ("/start", "/start/templates/bad-template", "/celebrate", "/start/plan"):
        reply = client.get(hostile + path)
        assert reply.status_code == 200, path
        assert_inert(reply.text)
    start = client.get(hostile + "/start").text
    assert "&lt;script&gt;template()&lt;/script&gt;" in start
    assert "dropped" not in start  # the feed refuses a template whose link is not a web page
    assert "&lt;script&gt;award()&lt;/script&gt; 2026" in client.get(hostile + "/celebrate").text


def test_what_a_visitor_types_comes_back_inert(hostile: str, client: httpx.Client) -> None:
    form = client.get(hostile + "/start/plan").text
    typed = "</textarea><script>alert('typed')</script>"
    reply = client.post(
        hostile + "/start/plan",
        data={"csrf": csrf_token(form), "problem": typed, "aim_what": typed, "action": "preview"},
    )
    assert reply.status_code == 200
    assert_inert(reply.text)
    assert "&lt;/textarea&gt;&lt;script&gt;" in reply.text
    chart = client.post(
        hostile + "/start/chart",
        data={"csrf": csrf_token(form), "values": typed, "target": typed, "start": typed},
    )
    assert_inert(chart.text)


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
    "path",
    [
        "/",
        "/projects/ward-7-falls",
        "/start",
        "/start/plan",
        "/start/chart",
        "/celebrate",
        "/healthz",
        "/static/app.css",
        "/nowhere",
    ],
)
def test_every_response_has_the_security_headers(
    demo: str, client: httpx.Client, path: str
) -> None:
    headers = client.get(demo + path).headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp and "style-src 'self'" in csp
    assert "form-action 'self'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
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


def plan(base: str, client: httpx.Client, **headers: str) -> httpx.Response:
    form = client.get(base + "/start/plan").text
    return client.post(
        base + "/start/plan",
        data={"csrf": csrf_token(form), "aim_what": "falls", "action": "preview"},
        headers=headers,
    )


def test_a_form_needs_its_token_and_this_site(demo: str, client: httpx.Client) -> None:
    assert plan(demo, client).status_code == 200
    assert plan(demo, client, Origin=demo).status_code == 200
    for data in ({"aim_what": "falls"}, {"csrf": "", "aim_what": "falls"}):
        refused = client.post(demo + "/start/plan", data=data)
        assert refused.status_code == 403
        assert "<h1>That page had expired</h1>" in refused.text
    form = client.get(demo + "/start/plan").text
    issued, _, mac = csrf_token(form).partition(".")
    for forged in (f"{issued}.{'0' * len(mac)}", f"{int(issued) + 1}.{mac}", "x.y", mac):
        assert client.post(demo + "/start/chart", data={"csrf": forged}).status_code == 403
    # A page on another site cannot post a visitor's browser here, token or not.
    assert plan(demo, client, Origin="http://evil.example").status_code == 403
    assert plan(demo, client, Origin="null").status_code == 403
    assert plan(demo, client, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    # Only a URL-encoded form is read.
    other = client.post(
        demo + "/start/plan",
        content=b'{"aim_what": 1}',
        headers={"content-type": "application/json"},
    )
    assert other.status_code == 400


def test_a_token_is_for_one_client_and_expires() -> None:
    now = [1_000_000.0]
    tokens = CsrfTokens(clock=lambda: now[0], lifetime=3600)
    token = tokens.issue("10.0.0.5")
    assert tokens.valid(token, "10.0.0.5")
    assert not tokens.valid(token, "10.0.0.6")
    now[0] += 3601
    assert not tokens.valid(token, "10.0.0.5")
    assert not CsrfTokens().valid(CsrfTokens().issue("10.0.0.5"), "10.0.0.5")  # a restart


def test_a_post_body_over_16_kb_is_413(demo: str, client: httpx.Client) -> None:
    form = client.get(demo + "/start/plan").text
    body = f"csrf={csrf_token(form)}&problem=".encode() + b"x" * (MAX_BODY + 1)
    headers = {"content-type": "application/x-www-form-urlencoded"}
    declared = client.post(demo + "/start/plan", content=body, headers=headers)
    assert declared.status_code == 413
    assert "<h1>Too much to send</h1>" in declared.text

    def chunks():  # no Content-Length: sent chunked, counted as it comes
        yield body[:8000]
        yield body[8000:]

    streamed = client.post(demo + "/start/plan", content=chunks(), headers=headers)
    assert streamed.status_code == 413
    just = f"csrf={csrf_token(form)}&problem=".encode()
    just += b"x" * (MAX_BODY - len(just))
    assert client.post(demo + "/start/plan", content=just, headers=headers).status_code == 200


def test_posts_and_sends_are_rate_limited_per_client(tmp_path: Path, client: httpx.Client) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    try:
        with serving(
            live_feed("demo:", tmp_path / "state"), outbox=outbox, posts=(4, 60.0), sends=(2, 600.0)
        ) as base:
            form = client.get(base + "/start/plan").text
            data = {"csrf": csrf_token(form), "aim_what": "falls", "action": "send"}
            assert "Sent to the QI team" in client.post(base + "/start/plan", data=data).text
            assert "Sent to the QI team" in client.post(base + "/start/plan", data=data).text
            third = client.post(base + "/start/plan", data=data)
            assert third.status_code == 429
            assert 1 <= int(third.headers["retry-after"]) <= 600
            assert "<h1>One moment, please</h1>" in third.text
            assert client.post(base + "/start/chart", data=data).status_code == 200  # 4th post
            assert client.post(base + "/start/chart", data=data).status_code == 429  # 5th
            assert client.get(base + "/start/plan").status_code == 200  # reading is not limited
        assert outbox.counts().pending == 2
    finally:
        outbox.close()


def test_the_rate_limit_forgets_old_posts_and_old_clients() -> None:
    now = [0.0]
    limit = RateLimit(2, 60.0, clients=3, clock=lambda: now[0])
    assert limit.allow("a") == 0 and limit.allow("a") == 0
    assert limit.allow("a") == pytest.approx(60.0)
    assert limit.allow("b") == 0  # another client has its own count
    now[0] = 30.0
    assert limit.allow("a") == pytest.approx(30.0)
    now[0] = 60.0
    assert limit.allow("a") == 0
    for client in ("c", "d", "e"):
        limit.allow(client)
    assert len(limit._seen) == 3  # bounded, the longest unseen forgotten
