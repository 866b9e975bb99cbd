"""Real HTTP(S) servers on 127.0.0.1 whose behaviour each test scripts (test helpers).

``server.route("/feed.json", Reply(...))`` or ``server.route("/x", handler)`` where a handler takes
the :class:`Request` and returns a :class:`Reply`. A reply can drip its body slowly, close the
connection early (a truncated body), gzip the body, or never answer at all.
"""

from __future__ import annotations

import gzip as gzip_module
import http.server
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    drip_s: float | None = None
    """Send the body one byte at a time, this many seconds apart."""
    truncate_at: int | None = None
    """Announce the full Content-Length but send only this many bytes, then close."""
    gzip: bool = False
    hang: bool = False
    """Accept the request and never answer (until the server stops)."""


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    method: str = "GET"
    body: bytes = b""


Handler = Callable[[Request], Reply]


def conditional(
    body: bytes, *, etag: str | None = None, last_modified: str | None = None, gzip: bool = False
) -> Handler:
    """A static resource that answers 304 when the client's validators match."""

    def handle(request: Request) -> Reply:
        if etag is not None and request.headers.get("if-none-match") == etag:
            return Reply(304, headers={"ETag": etag})
        if (
            etag is None
            and last_modified is not None
            and request.headers.get("if-modified-since") == last_modified
        ):
            return Reply(304, headers={"Last-Modified": last_modified})
        headers = {"Content-Type": "application/json"}
        if etag is not None:
            headers["ETag"] = etag
        if last_modified is not None:
            headers["Last-Modified"] = last_modified
        return Reply(200, body, headers, gzip=gzip)

    return handle


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ScriptedServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests assert on what the client saw."""

    def do_GET(self) -> None:
        self._answer(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))

    def do_POST(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        length = int(headers.get("content-length") or 0)
        body = self.rfile.read(min(length, 1_000_000))
        self._answer(Request(self.path, headers, "POST", body))

    def _answer(self, request: Request) -> None:
        self.server.requests.append(request)
        route = self.server.routes.get(self.path.split("?", 1)[0])
        if route is None:
            reply = Reply(404, b"not found")
        elif isinstance(route, Reply):
            reply = route
        else:
            reply = route(request)
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        if reply.hang:
            self.server.stopping.wait(30)
            self.close_connection = True
            return
        body = reply.body
        if reply.gzip:
            body = gzip_module.compress(body)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.gzip:
            self.send_header("Content-Encoding", "gzip")
        if reply.status != 304:
            self.send_header("Content-Length", str(len(body)))
        if reply.truncate_at is not None or reply.drip_s is not None:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if reply.status == 304:
            return
        if reply.truncate_at is not None:
            self.wfile.write(body[: reply.truncate_at])
            self.wfile.flush()
            return
        if reply.drip_s is not None:
            for i in range(len(body)):
                if self.server.stopping.is_set():
                    return
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                time.sleep(reply.drip_s)
            return
        self.wfile.write(body)


class ScriptedServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    block_on_close = True

    def __init__(self, ssl_context: ssl.SSLContext | None = None, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _RequestHandler)
        self.ssl_context = ssl_context
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05})

    @property
    def base(self) -> str:
        scheme = "https" if self.ssl_context else "http"
        return f"{scheme}://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, reply: Reply | Handler) -> str:
        self.routes[path] = reply
        return self.url(path)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.ssl_context is None:
            super().finish_request(request, client_address)
            return
        try:
            wrapped = self.ssl_context.wrap_socket(request, server_side=True)
        except OSError:
            return  # the client refused our certificate
        try:
            self.RequestHandlerClass(wrapped, client_address, self)
        finally:
            wrapped.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hang up on purpose in these tests (timeouts, size caps): not an error."""

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
        self._thread.join(5)


class SilentServer:
    """Accepts connections and never says a word."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.05)
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(conn)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for conn in self.accepted:
            conn.close()
        self.sock.close()
