"""HttpFetcher against real servers on 127.0.0.1: HTTP, HTTPS with a test CA, and misbehaviour."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.config import FeedConfig
from kiosk.feed.http import FetchError, HttpFetcher, Validators, parse_retry_after, show_url
from kiosk.feed.schema import FeedError
from tests.unit.feed.feed_servers import Reply, Request, ScriptedServer, SilentServer, conditional

FEED = json.dumps({"feed_version": 1, "projects": [{"id": "p1", "title": "Falls"}]}).encode()


def fetcher(url: str, **options: object) -> HttpFetcher:
    settings: dict[str, object] = {"allow_http": url.startswith("http:"), "timeout_seconds": 1.0}
    settings.update(options)
    return HttpFetcher(FeedConfig(source=url, **settings))  # type: ignore[arg-type]


def fetch_error(url: str, validators: Validators | None = None, **options: object) -> FetchError:
    with fetcher(url, **options) as f, pytest.raises(FetchError) as info:
        f.fetch(validators)
    message = str(info.value)
    assert "\n" not in message
    return info.value


def test_200_then_304_with_etag(server: ScriptedServer) -> None:
    url = server.route("/feed.json", conditional(FEED, etag='"v1"'))
    with fetcher(url) as f:
        first = f.fetch()
        assert not first.not_modified
        assert first.body == FEED
        assert first.etag == '"v1"'
        second = f.fetch(Validators(etag=first.etag, last_modified=first.last_modified))
    assert second.not_modified
    assert second.body == b""
    assert server.requests[1].headers["if-none-match"] == '"v1"'
    assert "if-none-match" not in server.requests[0].headers


def test_last_modified_is_sent_back(server: ScriptedServer) -> None:
    stamp = "Wed, 01 May 2024 10:00:00 GMT"
    url = server.route("/feed.json", conditional(FEED, last_modified=stamp))
    with fetcher(url) as f:
        first = f.fetch()
        assert first.last_modified == stamp
        assert first.etag is None
        second = f.fetch(Validators(last_modified=stamp))
    assert second.not_modified
    assert server.requests[1].headers["if-modified-since"] == stamp


def test_headers_user_agent_and_gzip(server: ScriptedServer) -> None:
    url = server.route("/feed.json", conditional(FEED, etag='"g"', gzip=True))
    with fetcher(url, headers={"X-Api-Key": "secret-1"}) as f:
        result = f.fetch()
    assert result.body == FEED  # decompressed
    sent = server.requests[0].headers
    assert sent["x-api-key"] == "secret-1"
    assert sent["user-agent"] == f"qi-hub-kiosk/{__version__}"
    assert "gzip" in sent["accept-encoding"]


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_status(server: ScriptedServer, status: int) -> None:
    url = server.route("/feed.json", Reply(status, b"oops"))
    error = fetch_error(url)
    assert str(error) == f"HTTP {status} from {url}"
    assert error.retry_after is None


def test_503_with_retry_after(server: ScriptedServer) -> None:
    url = server.route("/feed.json", Reply(503, b"busy", {"Retry-After": "120"}))
    error = fetch_error(url)
    assert str(error) == f"HTTP 503 from {url}"
    assert error.retry_after == 120


def test_retry_after_as_a_date() -> None:
    assert parse_retry_after("Wed, 01 May 2024 10:01:00 GMT", now=1714557600.0) == 60
    assert parse_retry_after("in a while") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("99999999") == 86_400


def test_connection_refused(refused_url: str) -> None:
    assert str(fetch_error(refused_url)) == f"connection refused by {refused_url}"


def test_server_that_never_answers(silent_server: SilentServer) -> None:
    url = silent_server.base + "/feed.json"
    started = time.monotonic()
    error = fetch_error(url)
    assert time.monotonic() - started < 3
    assert str(error) == f"timed out after 1 s reading {url}"


def test_dripping_body_is_cut_at_the_deadline(server: ScriptedServer) -> None:
    url = server.route("/feed.json", Reply(body=FEED * 10, drip_s=0.05))
    started = time.monotonic()
    error = fetch_error(url)
    elapsed = time.monotonic() - started
    # Every byte arrives well within the per-read timeout; only a total deadline stops it.
    assert 0.9 < elapsed < 2
    assert str(error) == f"timed out after 1 s reading {url}"


def test_truncated_body(server: ScriptedServer) -> None:
    url = server.route("/feed.json", Reply(body=FEED, truncate_at=10))
    error = fetch_error(url)
    assert str(error) == (
        f"truncated response from {url}: connection closed after 10 of {len(FEED)} bytes"
    )


def test_body_over_max_bytes_by_content_length(server: ScriptedServer) -> None:
    url = server.route("/feed.json", Reply(body=b" " * 5_000 + FEED))
    error = fetch_error(url, max_bytes=2_000)
    assert str(error) == f"feed is {5_000 + len(FEED):,} bytes, over the 2,000-byte limit"


def test_body_over_max_bytes_when_compressed(server: ScriptedServer) -> None:
    # 200 kB of spaces gzip to a few hundred bytes: the cap counts what it inflates to.
    url = server.route("/feed.json", Reply(body=b" " * 200_000 + FEED, gzip=True))
    error = fetch_error(url, max_bytes=50_000)
    assert str(error) == "feed is over the 50,000-byte limit"


def test_redirect_is_followed_and_reported(server: ScriptedServer) -> None:
    server.route("/old", Reply(301, headers={"Location": "/new/feed.json"}))
    target = server.route("/new/feed.json", Reply(body=FEED))
    with fetcher(server.url("/old")) as f:
        result = f.fetch()
    assert result.body == FEED
    assert result.url == target


def test_redirect_loop(server: ScriptedServer) -> None:
    url = server.route("/loop", Reply(302, headers={"Location": "/loop"}))
    error = fetch_error(url)
    assert str(error) == f"too many redirects from {url} (more than 5)"
    assert len(server.requests) == 6


def test_headers_are_not_sent_to_another_origin(
    server: ScriptedServer, tls_server: ScriptedServer, ca_bundle: Path
) -> None:
    tls_server.route("/feed.json", Reply(body=FEED))
    url = server.route("/feed.json", Reply(302, headers={"Location": tls_server.url("/feed.json")}))
    with fetcher(url, headers={"X-Api-Key": "secret-1"}, ca_bundle=ca_bundle) as f:
        assert f.fetch().body == FEED
    assert server.requests[0].headers["x-api-key"] == "secret-1"
    assert "x-api-key" not in tls_server.requests[0].headers


def test_plain_http_refused_unless_allowed(server: ScriptedServer) -> None:
    url = server.route("/feed.json", Reply(body=FEED))
    error = fetch_error(url, allow_http=False)
    assert str(error) == f"plain http refused for {url} (set feed.allow_http: true to allow it)"
    assert server.requests == []


def test_redirect_from_https_to_http_refused(
    server: ScriptedServer, tls_server: ScriptedServer, ca_bundle: Path
) -> None:
    plain = server.route("/feed.json", Reply(body=FEED))
    url = tls_server.route("/feed.json", Reply(302, headers={"Location": plain}))
    error = fetch_error(url, ca_bundle=ca_bundle, allow_http=False)
    assert str(error) == f"redirect from {url} to plain http {plain} refused"
    assert server.requests == []


def test_unknown_ca_is_refused(tls_server: ScriptedServer) -> None:
    url = tls_server.route("/feed.json", Reply(body=FEED))
    error = fetch_error(url)
    assert str(error).startswith(f"certificate verify failed for {url}: ")
    assert tls_server.requests == []


def test_ca_bundle_is_trusted(tls_server: ScriptedServer, ca_bundle: Path) -> None:
    url = tls_server.route("/feed.json", conditional(FEED, etag='"t"'))
    with fetcher(url, ca_bundle=ca_bundle) as f:
        assert f.fetch().body == FEED
        assert f.fetch(Validators(etag='"t"')).not_modified


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_ca_bundle_is_trusted_whatever_the_environment_names(
    tls_server: ScriptedServer,
    ca_bundle: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    """A machine-wide bundle in the environment (set for other tools) does not replace the
    trust's CA that feed.ca_bundle names."""
    import trustme

    other = tmp_path / "machine-bundle.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    monkeypatch.setenv(variable, str(other))
    url = tls_server.route("/feed.json", Reply(body=FEED))
    with fetcher(url, ca_bundle=ca_bundle) as f:
        assert f.fetch().body == FEED
        assert f.download(url, 10_000) == FEED


def test_missing_ca_bundle_is_a_clear_error(tls_server: ScriptedServer, tmp_path: Path) -> None:
    url = tls_server.route("/feed.json", Reply(body=FEED))
    error = fetch_error(url, ca_bundle=tmp_path / "nope.pem")
    assert str(error) == f"feed.ca_bundle {tmp_path / 'nope.pem'} is not a readable file"


def test_download_image_on_same_session(server: ScriptedServer) -> None:
    url = server.route("/img.png", Reply(body=b"\x89PNG" + b"x" * 100))
    with fetcher(server.url("/feed.json")) as f:
        assert f.download(url, 1_000) == b"\x89PNG" + b"x" * 100
        with pytest.raises(FetchError, match="image is 104 bytes, over the 50-byte limit"):
            f.download(url, 50)
        with pytest.raises(FetchError, match="HTTP 404 from"):
            f.download(server.url("/missing.png"), 1_000)


def test_messages_hide_query_strings(server: ScriptedServer) -> None:
    server.route("/feed.json", Reply(500))
    error = fetch_error(server.url("/feed.json?token=abc123"))
    assert "abc123" not in str(error)
    assert show_url("https://user:pw@host:8443/a/b?x=1#f") == "https://host:8443/a/b"


def test_fetch_error_is_a_feed_error() -> None:
    assert issubclass(FetchError, FeedError)


def test_request_log_records_paths(server: ScriptedServer) -> None:
    server.route("/feed.json", lambda request: Reply(body=request.path.encode()))
    with fetcher(server.url("/feed.json?a=1")) as f:
        assert f.fetch().body == b"/feed.json?a=1"
    assert server.requests == [Request("/feed.json?a=1", server.requests[0].headers)]
