"""A tiny Matomo tracking endpoint on 127.0.0.1 for the forwarding tests."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class Matomo:
    """A tiny Matomo tracking endpoint on 127.0.0.1 that keeps every bulk request."""

    def __init__(self, port: int = 0, status: int = 200, headers: dict[str, str] | None = None):
        self.bodies: list[dict] = []
        self.paths: list[str] = []
        received = threading.Event()
        self.received = received
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                owner.paths.append(self.path)
                body = json.loads(self.rfile.read(length))
                if status == 200:
                    owner.bodies.append(body)
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                reply = json.dumps({"status": "success", "tracked": len(body["requests"])})
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply.encode())
                if status == 200:
                    received.set()

            def log_message(self, *args: object) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def requests(self) -> list[dict[str, list[str]]]:
        return [parse_qs(r[1:]) for body in self.bodies for r in body["requests"]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
