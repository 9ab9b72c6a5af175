"""A local HTTP receiver that keeps each request's raw body and headers (for signatures)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils.datastructures import CaseInsensitiveMapping


@dataclass
class Received:
    path: str
    headers: CaseInsensitiveMapping  # as HTTP has them: `webhook-id` is `Webhook-Id`
    body: bytes


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[Received] = []  # answered 200
        self.attempts: list[Received] = []  # every request, whatever it was answered
        self.statuses: dict[str, list[int]] = {}  # path -> statuses to answer, in turn
        self.lock = threading.Lock()

    def url(self, path="/events") -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def accepted(self, path="/events") -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.path == path]

    def reset(self):
        with self.lock:
            self.received.clear()
            self.attempts.clear()
            self.statuses.clear()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        server: Receiver = self.server  # type: ignore[assignment]
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with server.lock:
            queue = server.statuses.get(self.path) or []
            status = queue.pop(0) if queue else 200
            got = Received(self.path, CaseInsensitiveMapping(dict(self.headers.items())), body)
            server.attempts.append(got)
            if status == 200:
                server.received.append(got)
        self.send_response(status)
        self.end_headers()
        self.wfile.write(b"ok" if status == 200 else b"no")

    def log_message(self, *args):
        pass


def start() -> tuple[Receiver, threading.Thread]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
