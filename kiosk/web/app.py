"""The web app: Starlette routes rendering Jinja2 templates from the live feed (no Qt).

Every page is rendered on the server and works without JavaScript; a small script (the only
one, served from ``/static``) makes the search live and resets an idle page. Feed text is
always escaped (autoescape), and :class:`Guard` wraps the whole app: it refuses clients outside
``web.allowed_networks`` and methods other than GET, HEAD and POST, and puts the security
headers on every response, error pages included.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk import __version__
from kiosk.config import IpNetwork
from kiosk.qr import QrPolicy
from kiosk.resources import assets_dir
from kiosk.uptake.recorder import Tracker
from kiosk.web.live import LiveFeed
from kiosk.web.views import catalogue_page, project_page, query_string, selection_from

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC_TYPES = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
    "Lato-Regular.ttf": "font/ttf",
    "Lato-Bold.ttf": "font/ttf",
}
"""The only files ``/static/`` serves: read once when the app is made."""


def _static_path(name: str) -> Path:
    # The kiosk's own fonts, so that the charts' labels are measured for the font they show in.
    return assets_dir() / "fonts" / name if name.endswith(".ttf") else HERE / "static" / name


CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
METHODS = frozenset({"GET", "HEAD", "POST"})

_ERRORS = {
    400: ("Something was wrong with that request", "Please go back and try again."),
    403: ("This device may not open the QI hub", "Ask the QI team to add its network."),
    404: ("Page not found", "The project may have finished or been renamed."),
    405: ("Not allowed", "That is not something this page can do."),
    413: ("Too much to send", "Please send less at once."),
    500: ("Something went wrong", "Please try again in a moment."),
}


@dataclass(frozen=True)
class WebSettings:
    """What the pages need from the configuration."""

    hub_name: str = "QI Hub"
    qr: QrPolicy = field(default_factory=lambda: QrPolicy(()))
    idle_seconds: int = 90
    base_url: str | None = None
    tracker: Tracker | None = None
    """Records project pages opened and QR codes shown, on channel ``web`` (no cookies, no
    session: a web visitor is not followed from page to page)."""


def environment() -> jinja2.Environment:
    """The templates, with every value escaped unless it is already :class:`Markup` (SVG)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _allowed(client: tuple[str, int] | None, networks: Sequence[IpNetwork]) -> bool:
    if not networks:
        return True
    if client is None:
        return False
    try:
        address = ipaddress.ip_address(client[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


class Guard:
    """The outermost layer: network allow-list, method allow-list, security headers."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        networks: Sequence[IpNetwork],
        refuse: Callable[[int], bytes],
    ) -> None:
        self.app = app
        self.networks = tuple(networks)
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {name for name, _ in SECURITY_HEADERS}
                ]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            await send(message)

        status = 0
        if not _allowed(scope.get("client"), self.networks):
            status = 403
            logger.info("refused %s: not in web.allowed_networks", (scope.get("client") or "?"))
        elif scope["method"] not in METHODS:
            status = 405
        if status:
            body = self.refuse(status)
            extra = [(b"allow", b"GET, HEAD, POST")] if status == 405 else []
            await send_secured(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                        (b"cache-control", b"no-store"),
                        *extra,
                    ],
                }
            )
            await send_secured(
                {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
            )
            return
        await self.app(scope, receive, send_secured)


def create_app(
    live: LiveFeed,
    settings: WebSettings | None = None,
    *,
    networks: Sequence[IpNetwork] = (),
    manage_feed: bool = True,
) -> ASGIApp:
    """The ASGI app; with ``manage_feed`` its lifespan starts and stops `live`."""
    settings = settings or WebSettings()
    env = environment()
    static = {name: _static_path(name).read_bytes() for name in STATIC_TYPES}

    # Error pages name the hub as the last page did: they never depend on the feed, which
    # may be what failed.
    hub = {"name": settings.hub_name}

    def render(name: str, status: int = 200, **values: Any) -> HTMLResponse:
        hub["name"] = live.snapshot.feed.hub.name or settings.hub_name
        page = env.get_template(name).render(
            hub_name=hub["name"], idle_seconds=settings.idle_seconds, **values
        )
        return HTMLResponse(page, status_code=status, headers={"cache-control": "no-store"})

    def error_body(status: int) -> bytes:
        title, message = _ERRORS.get(status, _ERRORS[500])
        page = env.get_template("error.html").render(
            hub_name=hub["name"],
            idle_seconds=settings.idle_seconds,
            status=status,
            title=title,
            message=message,
        )
        return page.encode("utf-8")

    async def home(request: Request) -> Response:
        snapshot = live.snapshot
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        selection = selection_from(params, snapshot.index)
        page = catalogue_page(snapshot.index, selection)
        return render(
            "catalogue.html",
            page=page,
            feed_status=snapshot.status,
            back=query_string(selection),
        )

    async def project(request: Request) -> Response:
        snapshot = live.snapshot
        found = snapshot.catalogue.get(request.path_params["project_id"])
        if found is None:
            raise HTTPException(404)
        page = project_page(snapshot.catalogue, found, settings.qr)
        if settings.tracker is not None and request.method == "GET":
            settings.tracker.project_opened(found.id)
            if page.qr_link:
                settings.tracker.qr_shown("project", found.id)
        back = request.query_params.get("back", "")
        back_href = "/" + back if back.startswith("?") and len(back) < 2000 else "/"
        return render(
            "project.html",
            page=page,
            back_href=back_href,
        )

    async def healthz(request: Request) -> Response:
        snapshot = live.snapshot
        return JSONResponse(
            {
                "version": __version__,
                "feed": snapshot.status.to_json(),
                "projects": len(snapshot.catalogue),
                "now": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            },
            headers={"cache-control": "no-store"},
        )

    async def static_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static:
            raise HTTPException(404)
        return Response(
            static[name],
            media_type=STATIC_TYPES[name],
            headers={"cache-control": "public, max-age=3600"},
        )

    async def manifest(request: Request) -> Response:
        start = settings.base_url or "/"
        return JSONResponse(
            {
                "name": live.snapshot.feed.hub.name or settings.hub_name,
                "short_name": "QI hub",
                "start_url": start,
                "scope": start,
                "display": "standalone",
                "background_color": "#ffffff",
                "theme_color": "#005eb8",
                "icons": [{"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"}],
            },
            media_type="application/manifest+json",
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        # The server logs an unexpected exception with its traceback; the page never shows it.
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return HTMLResponse(
            error_body(status), status_code=status, headers={"cache-control": "no-store"}
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_feed:
            live.start()
        try:
            yield
        finally:
            if manage_feed:
                live.stop()

    app = Starlette(
        debug=False,
        routes=[
            Route("/", home, methods=["GET"]),
            Route("/projects/{project_id}", project, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/manifest.webmanifest", manifest, methods=["GET"]),
            Route("/static/{name}", static_file, methods=["GET"]),
        ],
        exception_handlers={HTTPException: http_error, Exception: http_error},
        lifespan=lifespan,
    )
    return Guard(app, networks=networks, refuse=error_body)
