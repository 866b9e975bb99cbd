"""The web app: Starlette routes rendering Jinja2 templates from the live feed (no Qt).

Every page is rendered on the server and works without JavaScript; a small script (the only
one, served from ``/static``) makes the search live and resets an idle page. Feed text is
always escaped (autoescape), and :class:`Guard` wraps the whole app: it refuses clients outside
``web.allowed_networks``, methods other than GET, HEAD and POST and POST bodies over
:data:`~kiosk.web.protect.MAX_BODY` (413), and puts the security headers on every response,
error pages included. The forms (the QI tools) carry a CSRF token and are rate limited per
client (:mod:`kiosk.web.protect`).
"""

from __future__ import annotations

import asyncio
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
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk import __version__
from kiosk.config import IpNetwork
from kiosk.outbox import Outbox, OutboxError, OutboxFull
from kiosk.qr import QrPolicy
from kiosk.resources import assets_dir
from kiosk.tools.plan import aim_statement, plan_document
from kiosk.uptake.recorder import Tracker
from kiosk.web.icons import SIZES, icon_png
from kiosk.web.live import LiveFeed
from kiosk.web.protect import MAX_BODY, CsrfTokens, RateLimit, parse_form, same_origin
from kiosk.web.views import (
    CHOSE,
    catalogue_page,
    celebrate_page,
    chart_tool_view,
    plan_from_form,
    plan_view,
    project_page,
    query_string,
    selection_from,
    start_page,
)
from kiosk.web.visits import Visits, new_visit_id, valid_visit_id

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC_TYPES = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
    "Lato-Regular.ttf": "font/ttf",
    "Lato-Bold.ttf": "font/ttf",
}
"""The only files ``/static/`` serves, read once when the app is made (with the PNG icons of
:mod:`kiosk.web.icons`, drawn then)."""


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
    # Nothing of an address here goes to another site; within the app the browser names the
    # page's origin, which is how a form post is known to come from the app's own page.
    (b"referrer-policy", b"same-origin"),
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
    429: ("One moment, please", "That was a lot at once: please try again in a minute."),
    500: ("Something went wrong", "Please try again in a moment."),
}
FORM_EXPIRED = ("That page had expired", "Please open it again and fill it in once more.")


class FormRefused(HTTPException):
    """A form post without a valid token, or from another site: a 403 saying the form expired."""

    def __init__(self) -> None:
        super().__init__(403, detail="form")


class TooMany(HTTPException):
    def __init__(self, wait: float) -> None:
        super().__init__(429, headers={"retry-after": str(max(1, round(wait + 0.5)))})


@dataclass(frozen=True)
class WebSettings:
    """What the pages need from the configuration."""

    hub_name: str = "QI Hub"
    qr: QrPolicy = field(default_factory=lambda: QrPolicy(()))
    idle_seconds: int = 90
    base_url: str | None = None
    tracker: Tracker | None = None
    """Records pages, tools and QR codes as touch mode does, on channel ``web``, and each visit's
    session and visitor group (:mod:`kiosk.web.visits`; no cookies: events of pages are not tied
    to a visit)."""
    outbox: Outbox | None = None
    """Where "Send to the QI team" keeps a plan until delivered; None hides the button."""
    on_queued: Callable[[], None] | None = None
    """Called once a plan is in the outbox (wakes its delivery worker)."""
    recipient: str = ""
    """The address a plan's "Take it with you" email is addressed to (``intake.email``)."""
    screen_id: str = "web"
    rules: str = "mdc"
    today: Callable[[], dt.date] = field(default=lambda: dt.datetime.now().astimezone().date())
    posts: tuple[int, float] = (30, 60.0)
    """Form posts a client may make: this many in this many seconds (then 429)."""
    sends: tuple[int, float] = (5, 600.0)
    """Plans a client may send to the QI team: this many in this many seconds."""
    visit_posts: tuple[int, float] = (120, 60.0)
    """Visit reports (a page opened or used, a visitor group, the idle reset) per client."""
    live_posts: tuple[int, float] = (600, 60.0)
    """Live aim statements (one a pause in typing) per client."""


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
        elif scope["method"] == "POST":
            body = await _read_body(scope, receive)
            if body is None:
                status = 413
            else:
                receive = _replay(body, receive)
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


async def _read_body(scope: Scope, receive: Receive) -> bytes | None:
    """The whole request body, or None when it is (or says it will be) over MAX_BODY."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                if int(value) > MAX_BODY:
                    return None
            except ValueError:
                return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the app the body already read, then waits as the server's does."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


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
    for size in SIZES:
        static[f"icon-{size}.png"] = icon_png(size)
    static_types = {**STATIC_TYPES, **{f"icon-{size}.png": "image/png" for size in SIZES}}

    # Error pages name the hub as the last page did: they never depend on the feed, which
    # may be what failed.
    hub = {"name": settings.hub_name}

    tokens = CsrfTokens()
    posts = RateLimit(*settings.posts)
    sends = RateLimit(*settings.sends)
    visit_posts = RateLimit(*settings.visit_posts)
    live_posts = RateLimit(*settings.live_posts)
    tracker = settings.tracker
    visits = Visits(tracker, settings.idle_seconds) if tracker is not None else None

    def render(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        hub["name"] = live.snapshot.feed.hub.name or settings.hub_name
        if visits is not None:
            visits.sweep()
        # With a token on the page, its script reports the visit (start, use, idle reset).
        token = tokens.issue(client_of(request)) if visits is not None else ""
        page = env.get_template(name).render(
            hub_name=hub["name"], idle_seconds=settings.idle_seconds, visit_token=token, **values
        )
        return HTMLResponse(page, status_code=status, headers={"cache-control": "no-store"})

    def error_body(status: int, detail: str = "") -> bytes:
        title, message = FORM_EXPIRED if detail == "form" else _ERRORS.get(status, _ERRORS[500])
        page = env.get_template("error.html").render(
            hub_name=hub["name"],
            idle_seconds=settings.idle_seconds,
            status=status,
            title=title,
            message=message,
        )
        return page.encode("utf-8")

    def client_of(request: Request) -> str:
        return request.client.host if request.client else "?"

    async def posted_form(request: Request, limit: RateLimit = posts) -> dict[str, str]:
        """The form of a POST from one of this app's pages, within this client's rate limit."""
        client = client_of(request)
        wait = limit.allow(client)
        if wait:
            raise TooMany(wait)
        form = parse_form(await request.body(), request.headers.get("content-type", ""))
        if form is None:
            raise HTTPException(400)
        host = request.headers.get("host", "")
        if not same_origin(request.headers, host) or not tokens.valid(form.get("csrf", ""), client):
            logger.info("refused a form post from %s: no valid token or another site", client)
            raise FormRefused()
        return form

    async def home(request: Request) -> Response:
        snapshot = live.snapshot
        params = {key: request.query_params.getlist(key) for key in request.query_params}
        selection = selection_from(params, snapshot.index)
        if CHOSE in params:
            kind = params[CHOSE][0]
            if tracker is not None and kind in selection.facets:
                tracker.filter_used(kind)
            # The address to keep (and bookmark) is the selection's own.
            return RedirectResponse("/" + query_string(selection), status_code=303)
        page = catalogue_page(snapshot.index, selection)
        # Live search sends "more" for every keystroke after the first: one search, one event.
        if tracker is not None and selection.query and request.headers.get("x-search") != "more":
            tracker.search_used()
        return render(
            request,
            "catalogue.html",
            nav="projects",
            page=page,
            feed_status=snapshot.status,
            back=query_string(selection),
            visitors=visitor_bar(request, selection_back="/" + query_string(selection)),
        )

    def visitor_bar(request: Request, selection_back: str) -> dict[str, Any] | None:
        """The "Who's visiting today?" bar: its groups, a token and a new visit id (for a page
        without script; the script puts its own visit's id in)."""
        if visits is None or not visits.visitor_groups or "asked" in request.query_params:
            return None
        return {
            "groups": visits.visitor_groups,
            "csrf": tokens.issue(client_of(request)),
            "visit": new_visit_id(),
            "back": selection_back,
        }

    async def visit(request: Request) -> Response:
        """A visit's page reports: ``seen`` (opened or used), ``group`` (the bar) or ``end``
        (the idle reset). A form without script gives ``back`` and is sent back there."""
        if visits is None:
            raise HTTPException(404)
        form = await posted_form(request, visit_posts)
        visit_id = form.get("visit", "")
        event = form.get("event", "")
        if not valid_visit_id(visit_id):
            raise HTTPException(400)
        if event == "seen":
            visits.seen(visit_id)
        elif event == "group":
            if not form.get("skip"):
                visits.group(visit_id, form.get("group", ""))
        elif event == "end":
            visits.end(visit_id)
        else:
            raise HTTPException(400)
        back = form.get("back", "")
        if back:
            if not (back == "/" or back.startswith("/?")) or len(back) > 2000:
                back = "/"
            return RedirectResponse(back + ("&" if "?" in back else "?") + "asked=1", 303)
        return Response(status_code=204, headers={"cache-control": "no-store"})

    async def plan_aim(request: Request) -> Response:
        """The aim statement of the plan form as typed so far, composed as "See my plan" does
        (the page's script shows it live)."""
        form = await posted_form(request, live_posts)
        return JSONResponse(
            {"aim": aim_statement(plan_from_form(form))}, headers={"cache-control": "no-store"}
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
            request,
            "project.html",
            page=page,
            back_href=back_href,
        )

    async def start(request: Request) -> Response:
        page = start_page(live.snapshot.feed, settings.qr)
        return render(
            request, "start.html", page=page, can_send=settings.outbox is not None, nav="start"
        )

    async def template(request: Request) -> Response:
        page = start_page(live.snapshot.feed, settings.qr)
        chosen = next(
            (t for t in page.templates if t.id == request.path_params["template_id"]), None
        )
        if chosen is None:
            raise HTTPException(404)
        if tracker is not None and request.method == "GET":
            tracker.template_chosen(chosen.id)
            if chosen.qr_link:
                tracker.qr_shown("template", chosen.id)
        return render(request, "template.html", template=chosen, nav="start")

    def render_plan(request: Request, form: dict[str, str] | None, **values: Any) -> Response:
        plan = plan_from_form(form or {})
        view = plan_view(plan, settings.today(), settings.recipient)
        # The take-away code is counted once a plan, as touch mode does: the form says when
        # this visitor has already been shown it.
        if tracker is not None and form and view.take_away_svg and form.get("qr_seen") != "1":
            tracker.qr_shown("tool", "plan")
        return render(
            request,
            "plan.html",
            view=view,
            can_send=settings.outbox is not None,
            csrf=tokens.issue(client_of(request)),
            nav="start",
            **{"sent": False, "send_error": "", "previewed": form is not None, **values},
        )

    async def plan_tool(request: Request) -> Response:
        if request.method != "POST":
            if tracker is not None and request.method == "GET":
                tracker.tool_used("plan")
            return render_plan(request, None)
        form = await posted_form(request)
        if form.get("action") != "send" or settings.outbox is None:
            return render_plan(request, form)
        plan = plan_from_form(form)
        if plan.empty:
            return render_plan(request, form, send_error="Write a little of your plan first.")
        wait = sends.allow(client_of(request))
        if wait:
            raise TooMany(wait)
        document = plan_document(plan, screen_id=settings.screen_id, now=dt.datetime.now(dt.UTC))
        try:
            settings.outbox.add(document)
        except OutboxFull:
            logger.error("plan not queued: the outbox is full")
            message = "The outbox is full just now: please take your plan with you."
            return render_plan(request, form, send_error=message)
        except OutboxError as exc:
            logger.error("plan not queued: %s", exc)
            message = "Your plan could not be saved: please take it with you."
            return render_plan(request, form, send_error=message)
        logger.info("plan queued for the QI team (web)")
        if settings.on_queued is not None:
            settings.on_queued()
        if tracker is not None:
            tracker.plan_sent("plan")
        return render_plan(request, form, sent=True)

    async def chart_tool(request: Request) -> Response:
        form: dict[str, str] = {}
        if request.method == "POST":
            form = await posted_form(request)
        elif tracker is not None and request.method == "GET":
            tracker.tool_used("chart")
        view = chart_tool_view(form, settings.rules)
        return render(
            request,
            "chart_tool.html",
            view=view,
            csrf=tokens.issue(client_of(request)),
            nav="start",
        )

    async def celebrate(request: Request) -> Response:
        snapshot = live.snapshot
        page = celebrate_page(snapshot.feed, settings.today())
        known = {h.project_id for h in page.honours if snapshot.catalogue.get(h.project_id)}
        return render(request, "celebrate.html", page=page, known=known, nav="celebrate")

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
            media_type=static_types[name],
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
                "icons": [
                    {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"},
                    {"src": "/static/icon-192.png", "sizes": "192x192", "type": "image/png"},
                    {"src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png"},
                ],
            },
            media_type="application/manifest+json",
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        # The server logs an unexpected exception with its traceback; the page never shows it.
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = "form" if isinstance(exc, FormRefused) else ""
        headers = {"cache-control": "no-store"}
        if isinstance(exc, HTTPException) and exc.headers:
            headers.update(exc.headers)
        return HTMLResponse(error_body(status, detail), status_code=status, headers=headers)

    async def sweep_visits() -> None:
        # Visits whose tab was closed end here, about when their idle reset would have.
        while visits is not None:
            await asyncio.sleep(10)
            visits.sweep()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_feed:
            live.start()
        sweeper = asyncio.create_task(sweep_visits())
        try:
            yield
        finally:
            sweeper.cancel()
            if visits is not None:
                visits.close()
            if manage_feed:
                live.stop()

    app = Starlette(
        debug=False,
        routes=[
            Route("/", home, methods=["GET"]),
            Route("/projects/{project_id}", project, methods=["GET"]),
            Route("/start", start, methods=["GET"]),
            Route("/start/templates/{template_id}", template, methods=["GET"]),
            Route("/start/plan", plan_tool, methods=["GET", "POST"]),
            Route("/start/plan/aim", plan_aim, methods=["POST"]),
            Route("/start/chart", chart_tool, methods=["GET", "POST"]),
            Route("/celebrate", celebrate, methods=["GET"]),
            Route("/visit", visit, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/manifest.webmanifest", manifest, methods=["GET"]),
            Route("/static/{name}", static_file, methods=["GET"]),
        ],
        exception_handlers={HTTPException: http_error, Exception: http_error},
        lifespan=lifespan,
    )
    return Guard(app, networks=networks, refuse=error_body)
